//! Builds the sample network through the store's ordinary interface, inside one
//! transaction, so the demo exercises the same rules as real use.

use anyhow::Result;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use warmline_core::followup::Origin;
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_core::person::{FactCategory, Met, Tier};
use warmline_store::{NeedOrOffer, NewPerson, OrgFields, Store};

use super::pools::{EVENTS, FACTS, FIRST, LAST, NEEDS, OFFERS, ORGS, PROMISES, summaries, titles};

pub struct Summary {
    pub people: usize,
    pub interactions: usize,
    pub organisations: usize,
    pub events: usize,
    pub sample_person: String,
    pub sample_event: String,
    pub strategy: super::strategy::Strategy,
    /// The name of `strategy.prep_person`.
    pub prep_name: Option<String>,
}

/// How many interactions the demo gathers, across people, before it hands them to the
/// store: in a bulk load it writes them many to a statement, and one person's history
/// fills few.
const LOGGED_AT_ONCE: usize = 4096;

/// How long the demo's history runs.
const HISTORY_DAYS: i64 = 548;

/// Moves a date off the weekend: people mostly meet on weekdays.
fn weekday(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d - Duration::days(1),
        Weekday::Sun => d + Duration::days(1),
        _ => d,
    }
}

fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

pub fn generate(store: &Store, size: usize, today: NaiveDate) -> Result<Summary> {
    let start = today - Duration::days(HISTORY_DAYS);
    let mut draw = Draw {
        rng: fastrand::Rng::with_seed(0x05ee_d0f7_a110),
        taken: Taken::new(),
        start,
        today,
    };
    let mut interactions = 0usize;
    let mut sample_person = String::new();
    let mut members = Vec::with_capacity(size);
    let mut strategy = super::strategy::Strategy::default();
    let events_made = store.bulk_fresh(|s| {
        s.update_settings(|st| {
            st.my_name = Some("Sam Rivera".into());
            st.my_emails = vec!["sam@example.com".into()];
            st.my_linkedin = Some("https://www.linkedin.com/in/sam-rivera".into());
            Ok(())
        })?;
        for (cat, text) in [
            ("school", "University of Oregon"),
            ("hometown", "Portland"),
            ("hobby", "rock climbing"),
            ("interest", "podcasting"),
        ] {
            s.add_fact(None, FactCategory::parse(cat)?, text, None, start)?;
        }
        s.add_need_offer(
            None,
            NeedOrOffer::Offer,
            "happy to proofread press releases",
            start,
        )?;
        s.add_need_offer(
            None,
            NeedOrOffer::Need,
            "an entry-level role at a boutique PR firm",
            start,
        )?;

        for (name, industry, size, location) in ORGS {
            let fields = OrgFields {
                industry: Some((*industry).into()),
                size: Some((*size).into()),
                location: Some((*location).into()),
                website: None,
            };
            s.save_org(name, &fields, start)?;
        }
        let mut events = Vec::new();
        for (i, (name, location)) in EVENTS.iter().enumerate() {
            // Spread events over the history, the last one yesterday so its after-event
            // follow-ups fall due tomorrow.
            let on = if i + 1 == EVENTS.len() {
                today - Duration::days(1)
            } else {
                weekday(start + Duration::days(40 + i as i64 * 90))
            };
            events.push((
                s.add_event(name, Some(on), Some(location), start)?,
                on,
                *name,
            ));
        }

        // People and their histories: the histories are written by a second thread
        // while the people are written here.
        interactions = s.log_interactions_aside(|aside| {
            let mut logged = Vec::with_capacity(LOGGED_AT_ONCE + 64);
            let mut interactions = 0;
            for n in 0..size {
                let (member, name) = person(s, &mut draw, &events, n, &mut logged)?;
                members.push(member);
                if n == 0 {
                    sample_person = name;
                }
                if logged.len() >= LOGGED_AT_ONCE {
                    interactions += aside.log(std::mem::take(&mut logged))?;
                }
            }
            interactions += aside.log(logged)?;
            Ok(interactions)
        })?;
        strategy = super::strategy::build(s, &mut draw.rng, &members, today)
            .map_err(|e| warmline_store::StoreError::Invalid(e.to_string()))?;
        Ok(events.len())
    })?;
    Ok(Summary {
        people: size,
        interactions,
        organisations: ORGS.len(),
        events: events_made,
        sample_person,
        sample_event: EVENTS[EVENTS.len() - 1].0.to_string(),
        prep_name: match strategy.prep_person {
            Some(id) => Some(store.person(id)?.name),
            None => None,
        },
        strategy,
    })
}

/// What the demo draws its network from, as it goes.
struct Draw {
    rng: fastrand::Rng,
    taken: Taken,
    /// The first day of the history.
    start: NaiveDate,
    today: NaiveDate,
}

/// An event of the demo's: its id, its day and its name.
type Event = (i64, NaiveDate, &'static str);

/// Adds the demo's `n`th person with their facts, needs, offers and follow-ups, and puts
/// their history in `logged`. Returns them as the strategy knows them, and their name.
fn person(
    s: &Store,
    draw: &mut Draw,
    events: &[Event],
    n: usize,
    logged: &mut Vec<(NewInteraction, NaiveDate)>,
) -> warmline_store::Result<(super::strategy::Member, String)> {
    let name = unique_name(&mut draw.rng, &mut draw.taken, n);
    let (org, industry, _, location) = *pick(&mut draw.rng, ORGS);
    let tier = match draw.rng.u8(..100) {
        0..=5 => Tier::Inner,
        6..=20 => Tier::Close,
        21..=70 => Tier::Regular,
        _ => Tier::Loose,
    };
    let added = draw.start + Duration::days(draw.rng.i64(0..HISTORY_DAYS - 30));
    let met_at = (draw.rng.u8(..100) < 35).then(|| events[draw.rng.usize(..events.len())]);
    let met = match met_at {
        Some((id, on, ev_name)) => Met {
            context: Some(ev_name.into()),
            on: Some(on),
            event_id: Some(id),
        },
        None => {
            let ctx = *pick(
                &mut draw.rng,
                &[
                    "old coworker",
                    "college friend",
                    "friend of a friend",
                    "LinkedIn",
                    "alumni network",
                ],
            );
            Met {
                context: Some(ctx.into()),
                on: Some(added),
                event_id: None,
            }
        }
    };
    let slug: String = warmline_core::text::fold(&name).replace(' ', ".");
    let new = NewPerson {
        name: name.clone(),
        emails: vec![format!(
            "{slug}@{}",
            warmline_core::text::fold(org).replace(' ', "") + ".example"
        )],
        org: Some(org.into()),
        title: Some((*pick(&mut draw.rng, titles(industry))).into()),
        location: Some(location.into()),
        linkedin: Some(format!(
            "https://www.linkedin.com/in/{}-{n}",
            slug.replace('.', "-")
        )),
        met: met.clone(),
        source: "demo".into(),
        tags: match industry {
            "public relations" => vec!["pr".into()],
            "software" => vec!["tech".into()],
            _ => Vec::new(),
        },
        tier: Some(tier),
        ..NewPerson::default()
    };
    let created = met.on.unwrap_or(added).min(draw.today);
    let id = s.add_person(&new, created)?;
    for _ in 0..draw.rng.usize(1..=3) {
        let (cat, text) = *pick(&mut draw.rng, FACTS);
        s.add_fact(Some(id), FactCategory::parse(cat)?, text, None, created)?;
    }
    for (kind, pool) in [(NeedOrOffer::Need, NEEDS), (NeedOrOffer::Offer, OFFERS)] {
        if draw.rng.u8(..100) < 15 {
            s.add_need_offer(Some(id), kind, pick::<&str>(&mut draw.rng, pool), created)?;
        }
    }
    // The after-event rule, as `add --event` applies it; the history that follows
    // completes the follow-up for those who were followed up.
    if let Some((_, on, _)) = met_at {
        let text = "send a note or connect on LinkedIn while the meeting is fresh";
        s.add_follow_up(
            id,
            text,
            on + Duration::days(2),
            Origin::AfterEvent,
            created,
        )?;
    }
    history(
        &mut draw.rng,
        logged,
        id,
        tier,
        created,
        met_at.is_some(),
        draw.today,
    );
    if draw.rng.u8(..100) < 4 {
        let due = draw.today + Duration::days(draw.rng.i64(-3..12));
        let promise = *pick(&mut draw.rng, PROMISES);
        s.add_follow_up(id, promise, due, Origin::Promise, draw.today.min(due))?;
    }
    Ok((super::strategy::Member { id, org, tier }, name))
}

/// The names given so far, by the pool positions that make them. The pools hold distinct
/// names without dots, so distinct positions make distinct names; past a few tens of
/// thousands of people most attempts are taken already, and each is then one bit read
/// instead of a string written and hashed.
pub(super) struct Taken {
    plain: Vec<bool>,
    one_initial: Vec<bool>,
    two_initials: Vec<bool>,
}

impl Taken {
    pub(super) fn new() -> Taken {
        let names = FIRST.len() * LAST.len();
        Taken {
            plain: vec![false; names],
            one_initial: vec![false; names * 26],
            two_initials: vec![false; names * 26 * 26],
        }
    }
}

/// A name no one else in the network has: plain names first, then with one or two
/// middle initials as the network outgrows the pools.
fn unique_name(rng: &mut fastrand::Rng, taken: &mut Taken, n: usize) -> String {
    let initial = |i: usize| (b'A' + i as u8) as char;
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        let first = rng.usize(..FIRST.len());
        let last = rng.usize(..LAST.len());
        let (slot, initials) = match (n, attempt) {
            (0..60, 0..=10) => (&mut taken.plain[first * LAST.len() + last], &[][..]),
            (_, 0..=20) => {
                let a = rng.u8(..26) as usize;
                let at = (first * 26 + a) * LAST.len() + last;
                (&mut taken.one_initial[at], &[a][..])
            }
            _ => {
                let a = rng.u8(..26) as usize;
                let b = rng.u8(..26) as usize;
                let at = ((first * 26 + a) * 26 + b) * LAST.len() + last;
                (&mut taken.two_initials[at], &[a, b][..])
            }
        };
        if !*slot {
            *slot = true;
            let mut name = format!("{} ", FIRST[first]);
            for &i in initials {
                name.push(initial(i));
                name.push_str(". ");
            }
            name.push_str(LAST[last]);
            return name;
        }
    }
}

/// A person's interactions from when you met until today, at a rhythm set by the tier,
/// with a share of ties that go quiet partway through (the ones that drift).
fn history(
    rng: &mut fastrand::Rng,
    logged: &mut Vec<(NewInteraction, NaiveDate)>,
    id: i64,
    tier: Tier,
    from: NaiveDate,
    met_at_event: bool,
    today: NaiveDate,
) {
    let mean_gap = match tier {
        Tier::Inner => 8,
        Tier::Close => 18,
        Tier::Regular => 26,
        Tier::Loose => 60,
    };
    let goes_quiet = rng.u8(..100) < 20;
    // Even a tie that goes quiet had a first month: quiet ties drifted, they were not
    // never-met strangers.
    let until = if goes_quiet {
        (today - Duration::days(rng.i64(90..240))).max(from + Duration::days(30))
    } else {
        today
    };
    // A fresh contact from an event has not been followed up yet.
    let mut day = from
        + Duration::days(if met_at_event {
            rng.i64(1..6)
        } else {
            rng.i64(0..20)
        });
    while day <= until && day <= today {
        let kind = *pick(
            rng,
            &[
                Kind::Coffee,
                Kind::Call,
                Kind::Email,
                Kind::Email,
                Kind::Message,
                Kind::Message,
                Kind::Video,
                Kind::Meeting,
                Kind::Event,
                Kind::Intro,
            ],
        );
        let direction = match rng.u8(..10) {
            0..=4 => Direction::Outbound,
            5..=7 => Direction::Inbound,
            _ => Direction::Mutual,
        };
        let new = NewInteraction {
            on: weekday(day).min(today),
            kind,
            direction,
            summary: (*pick(rng, summaries(kind.as_str()))).into(),
            notes: String::new(),
            source: "demo".into(),
            source_key: None,
            people: vec![id],
        };
        if new.on >= from {
            let on = new.on;
            logged.push((new, on));
        }
        // Human rhythm: gaps around the mean, sometimes a burst, sometimes a long lull.
        let gap = match rng.u8(..10) {
            0 => rng.i64(1..4),
            9 => mean_gap * 2 + rng.i64(0..mean_gap),
            _ => mean_gap / 2 + rng.i64(0..mean_gap),
        };
        day += Duration::days(gap.max(1));
    }
}
