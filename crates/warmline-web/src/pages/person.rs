//! `/people/{id}`: everything about one person, and the forms to record more.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::Path;
use serde::Deserialize;
use warmline_core::date::spoken;
use warmline_core::draft::{self, Draft, DraftInput, LastTouch, Templates};
use warmline_core::followup::Status;
use warmline_core::interaction::{Direction, Kind};
use warmline_core::person::FactCategory;

use crate::app::{App, Ctx};
use crate::error::WebError;
use crate::pages::people::role;
use crate::pages::person_together::{self, Known, Together};
use crate::pages::{Chrome, Params, long_date, parse_id, relative, web_link};
use crate::security::CsrfToken;

/// Interactions shown on the page; the rest are counted.
const TIMELINE: usize = 100;
/// Of those, how many show before the rest are folded away.
const RECENT: usize = 8;

pub struct FactRow {
    pub id: i64,
    pub category: &'static str,
    pub text: String,
    pub on: String,
}

pub struct NeedRow {
    pub id: i64,
    pub text: String,
}

pub struct FollowUpRow {
    pub id: i64,
    pub text: String,
    pub due: String,
    pub overdue: bool,
    pub status: &'static str,
    pub pending: bool,
}

pub struct Moment {
    pub id: i64,
    pub on: String,
    pub kind: &'static str,
    pub direction: &'static str,
    pub summary: String,
    pub notes: String,
    /// The other people who took part.
    pub with: Vec<(i64, String)>,
}

/// A link's text, and where it goes when it is a web address.
pub struct Link {
    pub text: String,
    pub href: Option<String>,
}

fn link(url: &Option<String>) -> Option<Link> {
    url.as_ref().map(|u| Link {
        text: u.clone(),
        href: web_link(u),
    })
}

pub struct PersonView {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub score: u8,
    pub state: &'static str,
    pub drifting: bool,
    pub tags: Vec<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub linkedin: Option<Link>,
    pub website: Option<Link>,
    pub location: Option<String>,
    pub birthday: Option<String>,
    pub met: Option<String>,
    /// The event they were met at, for a link to it.
    pub met_event: Option<i64>,
    pub cadence: String,
    pub last_contact: String,
    pub next_due: String,
    pub overdue: bool,
    pub notes: Vec<String>,
    pub facts: Vec<FactRow>,
    pub pending: Vec<FollowUpRow>,
    pub closed: Vec<FollowUpRow>,
    /// The latest few interactions, and the rest folded away.
    pub timeline: Vec<Moment>,
    /// Meetings booked ahead: they count from their day on.
    pub coming: Vec<crate::pages::today::Coming>,
    pub earlier: Vec<Moment>,
    pub more_interactions: i64,
    pub needs: Vec<NeedRow>,
    pub offers: Vec<NeedRow>,
    /// Who they know: id, name, strength and how.
    pub links: Vec<(i64, String, u8, String)>,
    pub past_jobs: Vec<String>,
    pub source: String,
    pub draft: Draft,
    pub together: Together,
}

/// Reads everything the page shows about a person.
pub fn load(ctx: &Ctx, id: i64) -> Result<PersonView, WebError> {
    let store = &ctx.store;
    let today = ctx.today;
    // The person with their e-mails, phones, tags and the event they were met at in one
    // read, and their summary
    // from it, their touches and the settings (read once for the summary and the draft):
    // each read is a round trip on PostgreSQL.
    let (p, met_event) = store.person_and_met_event(id)?;
    let settings = store.settings()?;
    let touches = store.touches_for(id)?;
    let summary = warmline_store::Store::summary_of(&p, &touches, &settings, today);
    let follow_up_row = |f: &warmline_core::followup::FollowUp| FollowUpRow {
        id: f.id,
        text: f.text.clone(),
        due: if f.status.is_pending() {
            relative(f.due, today)
        } else {
            f.done_on.map(long_date).unwrap_or_default()
        },
        overdue: f.is_due(today),
        status: f.status.as_str(),
        pending: f.status.is_pending(),
    };
    let follow_ups = store.follow_ups_for(id)?;
    let (facts, my_facts) = store.facts_and_mine(id)?;
    let work_history = store.work_history(id)?;
    let templates = Templates::with_overrides(&settings.draft_templates)?;
    let interactions = store.interactions_for(id, TIMELINE)?;
    // The other people of the timeline, named in one read.
    let mut others: Vec<i64> = interactions
        .iter()
        .flat_map(|i| i.people.iter().copied())
        .filter(|x| *x != id)
        .collect();
    others.sort_unstable();
    others.dedup();
    let names = store.names_of(&others)?;
    let name_of = |pid: i64| -> String {
        names
            .get(&pid)
            .cloned()
            .unwrap_or_else(|| format!("#{pid}"))
    };
    // Everything booked: a calendar import keeps 90 days, a logged meeting any day.
    let ahead = store.upcoming(today, today + chrono::Duration::days(3660), Some(id))?;
    let coming = crate::pages::today::Coming::list(ahead, today);
    // The draft and the brief quote conversations, never what the plan advised: they read
    // the latest few as texts tell them (the timeline shows what was stored).
    // The newest of the timeline, read once for both.
    let told = store.as_told(
        interactions
            .iter()
            .take(person_together::PREP_RECENT)
            .cloned()
            .collect(),
    )?;
    let draft = draft::draft(
        &DraftInput {
            today,
            name: p.name.clone(),
            email: p.emails.first().cloned(),
            met: p.met.clone(),
            last: told.first().map(LastTouch::of),
            follow_ups: follow_ups.clone(),
            facts: facts.clone(),
            my_name: settings.my_name.clone(),
        },
        &templates,
    );
    let (need_rows, offer_rows) = store.open_needs_and_offers(id)?;
    let needs: Vec<String> = need_rows.iter().map(|n| n.text.clone()).collect();
    let together = person_together::load(
        ctx,
        Known {
            person: &p,
            facts: &facts,
            follow_ups: &follow_ups,
            interactions: &told,
            needs: &needs,
            work_history: &work_history,
            my_facts: &my_facts,
            met_event,
        },
    )?;
    let (pending, closed): (Vec<_>, Vec<_>) =
        follow_ups.into_iter().partition(|f| f.status.is_pending());
    let mut timeline = interactions
        .into_iter()
        .map(|i| Moment {
            id: i.id,
            on: spoken(i.on, today),
            kind: i.kind.as_str(),
            direction: direction_label(i.direction),
            summary: i.summary,
            notes: i.notes,
            with: i
                .people
                .iter()
                .filter(|x| **x != id)
                .map(|x| (*x, name_of(*x)))
                .collect(),
        })
        .collect::<Vec<_>>();
    // Every interaction of theirs is one of their touches.
    let count = touches.len() as i64;
    let met = match (&p.met.context, p.met.on) {
        (Some(c), Some(on)) => Some(format!("{c}, {}", spoken(on, today))),
        (Some(c), None) => Some(c.clone()),
        (None, Some(on)) => Some(spoken(on, today)),
        (None, None) => None,
    };
    let cadence = match (summary.cadence_days, summary.tier, p.cadence_days) {
        (Some(d), _, Some(_)) => format!("every {d} days"),
        (Some(d), Some(t), None) => format!("every {d} days ({})", t.as_str()),
        (Some(d), None, None) => format!("every {d} days"),
        (None, _, _) => "no cadence set".into(),
    };
    let rows = |list: Vec<warmline_store::NeedOffer>| -> Vec<NeedRow> {
        list.into_iter()
            .map(|n| NeedRow {
                id: n.id,
                text: n.text,
            })
            .collect()
    };
    let links = store
        .links_of(id)?
        .into_iter()
        .map(|l| {
            (
                l.person.id,
                l.person.name,
                l.strength,
                l.how.unwrap_or_default(),
            )
        })
        .collect();
    Ok(PersonView {
        id,
        role: role(p.title.as_deref(), p.org.as_deref()),
        score: summary.warmth.score,
        state: summary.warmth.state.as_str(),
        drifting: summary.drifting,
        tags: p.tags.clone(),
        emails: p.emails.clone(),
        phones: p.phones.clone(),
        linkedin: link(&p.linkedin),
        website: link(&p.website),
        location: p.location.clone(),
        birthday: p.birthday.map(|b| b.spoken()),
        met,
        met_event: p.met.event_id,
        cadence,
        last_contact: summary
            .last_contact
            .map(|d| relative(d, today))
            .unwrap_or_else(|| "never".into()),
        next_due: summary
            .next_due
            .map(|d| relative(d, today))
            .unwrap_or_default(),
        overdue: summary.next_due.is_some_and(|d| d <= today),
        notes: p
            .notes
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect(),
        facts: facts
            .into_iter()
            .map(|f| FactRow {
                id: f.id,
                category: category_label(f.category),
                text: f.text,
                on: f.on.map(long_date).unwrap_or_default(),
            })
            .collect(),
        pending: pending.iter().map(follow_up_row).collect(),
        closed: closed
            .into_iter()
            .filter(|f| f.status != Status::Open)
            .take(10)
            .map(|f| follow_up_row(&f))
            .collect(),
        more_interactions: (count - timeline.len() as i64 - coming.len() as i64).max(0),
        coming,
        earlier: timeline.split_off(timeline.len().min(RECENT)),
        timeline,
        needs: rows(need_rows),
        offers: rows(offer_rows),
        links,
        past_jobs: work_history
            .into_iter()
            .filter(|j| !j.current)
            .map(|j| {
                let mut s = role(j.title.as_deref(), Some(&j.org));
                if let Some(until) = j.until {
                    s.push_str(&format!(" (until {})", long_date(until)));
                }
                s
            })
            .collect(),
        source: p.source.clone(),
        draft,
        together,
        name: p.name,
    })
}

pub fn direction_label(d: Direction) -> &'static str {
    match d {
        Direction::Outbound => "I reached out",
        Direction::Inbound => "they reached out",
        Direction::Mutual => "mutual",
    }
}

pub fn category_label(c: FactCategory) -> &'static str {
    match c {
        FactCategory::Family => "family",
        FactCategory::Hometown => "hometown",
        FactCategory::School => "school",
        FactCategory::Hobby => "hobby",
        FactCategory::Interest => "interest",
        FactCategory::WorkHistory => "work history",
        FactCategory::LifeEvent => "life event",
        FactCategory::Other => "other",
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "person.html")]
pub struct PersonPage {
    pub chrome: Chrome,
    pub p: PersonView,
    pub error: Option<String>,
    pub today: String,
}

impl PersonPage {
    pub fn kinds(&self) -> Vec<&'static str> {
        Kind::ALL.iter().map(|k| k.as_str()).collect()
    }

    pub fn stages(&self) -> Vec<(&'static str, &'static str)> {
        person_together::stages()
    }

    /// Every e-mail, phone and tag, with which it is, for the removal buttons.
    pub fn details(&self) -> Vec<(&'static str, String)> {
        let p = &self.p;
        let of = |field: &'static str, list: &[String]| {
            list.iter()
                .map(move |v| (field, v.clone()))
                .collect::<Vec<_>>()
        };
        [
            of("email", &p.emails),
            of("phone", &p.phones),
            of("tag", &p.tags),
        ]
        .concat()
    }

    pub fn categories(&self) -> Vec<(&'static str, &'static str)> {
        FactCategory::ALL
            .iter()
            .map(|c| (c.as_str(), category_label(*c)))
            .collect()
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct Notice {
    pub n: Option<String>,
}

/// The page's reads in one read transaction: one consistent view, and far fewer lock
/// round trips than a transaction per statement.
fn load_snapshot(ctx: &Ctx, id: i64) -> Result<PersonView, WebError> {
    let mut out = None;
    ctx.store.snapshot(|_| {
        out = Some(load(ctx, id));
        Ok(())
    })?;
    out.unwrap_or_else(|| Err(WebError::Internal("the person page was not read".into())))
}

pub async fn show(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Path(raw): Path<String>,
    Params(notice): Params<Notice>,
) -> Result<PersonPage, WebError> {
    let id = parse_id(&raw)?;
    let (p, today) = app
        .run(move |ctx| Ok((load_snapshot(ctx, id)?, ctx.today)))
        .await?;
    Ok(PersonPage {
        chrome: Chrome::page(p.name.clone(), "people", &csrf).with_notice(notice.n.as_deref()),
        p,
        error: None,
        today: today.to_string(),
    })
}

/// The person page again with what went wrong, when a form on it could not be used.
pub async fn with_error(
    app: &App,
    csrf: &CsrfToken,
    id: i64,
    error: WebError,
) -> Result<(axum::http::StatusCode, PersonPage), WebError> {
    let status = error.status();
    if status == axum::http::StatusCode::NOT_FOUND || status.is_server_error() {
        return Err(error);
    }
    let (p, today) = app.run(move |ctx| Ok((load(ctx, id)?, ctx.today))).await?;
    Ok((
        status,
        PersonPage {
            chrome: Chrome::page(p.name.clone(), "people", csrf),
            p,
            error: Some(error.to_string()),
            today: today.to_string(),
        },
    ))
}
