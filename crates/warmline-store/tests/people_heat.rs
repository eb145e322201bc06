//! The warmth the review keeps per person (`migrations/011_people_heat.sql`) never goes
//! stale: after random sequences of logging, editing, removing and undoing interactions,
//! removing and merging people, changing tiers and cadences, and importing, the people the
//! review says went cold are those a fold over everyone's whole history finds, week after
//! week and when the clock goes back.

mod backends;

use std::collections::HashMap;

use backends::each_backend;
use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use warmline_core::incoming::{IncomingInteraction, IncomingParticipant};
use warmline_core::interaction::{Direction, Kind, NewInteraction, Touch};
use warmline_core::person::Tier;
use warmline_core::stats;
use warmline_core::streak::RestDays;
use warmline_core::warmth::{self, WarmthState};
use warmline_store::{ImportOptions, InteractionEdit, NewPerson, PersonPatch, Store};

const PEOPLE: usize = 5;

fn start() -> NaiveDate {
    warmline_core::date::parse_iso("2026-01-05").unwrap()
}

#[derive(Debug, Clone)]
enum Op {
    Log {
        day: u64,
        kind: usize,
        dir: usize,
        who: Vec<usize>,
    },
    Edit {
        which: usize,
        day: u64,
    },
    Remove {
        which: usize,
    },
    Undo,
    RemovePerson {
        who: usize,
    },
    Merge {
        keep: usize,
        gone: usize,
    },
    Tier {
        who: usize,
        tier: usize,
    },
    Cadence {
        who: usize,
        days: u32,
    },
    TierCadence {
        days: u32,
    },
    /// An imported message; one imported again under the same key moves to its new day.
    Import {
        day: u64,
        who: usize,
        kind: usize,
        key: usize,
    },
    /// Review on another day: `off` days after the start.
    Review {
        off: u64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let who = proptest::collection::vec(0usize..PEOPLE, 1..3);
    prop_oneof![
        6 => (0u64..200, 0usize..9, 0usize..3, who)
            .prop_map(|(day, kind, dir, who)| Op::Log { day, kind, dir, who }),
        2 => (any::<usize>(), 0u64..200).prop_map(|(which, day)| Op::Edit { which, day }),
        2 => any::<usize>().prop_map(|which| Op::Remove { which }),
        1 => Just(Op::Undo),
        1 => (0usize..PEOPLE).prop_map(|who| Op::RemovePerson { who }),
        1 => (0usize..PEOPLE, 0usize..PEOPLE).prop_map(|(keep, gone)| Op::Merge { keep, gone }),
        1 => (0usize..PEOPLE, 0usize..5).prop_map(|(who, tier)| Op::Tier { who, tier }),
        1 => (0usize..PEOPLE, 3u32..120).prop_map(|(who, days)| Op::Cadence { who, days }),
        1 => (3u32..120).prop_map(|days| Op::TierCadence { days }),
        2 => (0u64..200, 0usize..PEOPLE, 0usize..9, 0usize..4)
            .prop_map(|(day, who, kind, key)| Op::Import { day, who, kind, key }),
        3 => (0u64..220).prop_map(|off| Op::Review { off }),
    ]
}

fn email(i: usize) -> String {
    format!("person{i}@example.com")
}

/// Who went cold in the week `today` reviews, weighing everyone's touches in full.
fn went_cold_in_full(s: &Store, today: NaiveDate) -> Vec<i64> {
    let week = stats::reviewed_week(today);
    let end = (week + Days::new(6)).min(today);
    let before = week - Days::new(1);
    let mut touches: HashMap<i64, Vec<Touch>> = HashMap::new();
    for a in (s.activity_log(today).unwrap().interactions.iter()).filter(|a| a.on <= end) {
        for p in &a.people {
            touches.entry(*p).or_default().push(Touch {
                on: a.on,
                kind: a.kind,
                direction: a.direction,
            });
        }
    }
    let settings = s.settings().unwrap();
    let mut out: Vec<i64> = (touches.iter())
        .filter(|(id, t)| {
            let p = s.person(**id).unwrap();
            let cadence = warmth::cadence_days(p.cadence_days, p.tier, &settings.tier_cadences);
            warmth::warmth(t, cadence, before).state >= WarmthState::Warm
                && warmth::warmth(t, cadence, end).state <= WarmthState::Cooling
        })
        .map(|(id, _)| *id)
        .collect();
    out.sort_unstable();
    out
}

fn check(s: &Store, today: NaiveDate) -> Result<(), TestCaseError> {
    // As every command does first: meetings whose day has come count.
    s.settle_scheduled(today).unwrap();
    let mut cold: Vec<i64> = (s.review_input(today).unwrap().went_cold.iter())
        .map(|p| p.id)
        .collect();
    cold.sort_unstable();
    prop_assert_eq!(cold, went_cold_in_full(s, today), "reviewed on {}", today);
    // The rates read the touch columns kept beside each participant (migrations 022 and
    // 023); the whole log reads the interactions themselves.
    let log = s.activity_log(today).unwrap();
    prop_assert_eq!(
        s.weekly_stats(today, 4).unwrap(),
        stats::stats(&log, today, 4, RestDays::NONE),
        "stats on {}",
        today
    );
    Ok(())
}

fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    backends::each_backend_try("people_heat::run", |s| run_on(s, ops))
}

fn run_on(s: &Store, ops: &[Op]) -> Result<(), TestCaseError> {
    let tiers = [
        None,
        Some(Tier::Inner),
        Some(Tier::Close),
        Some(Tier::Regular),
        Some(Tier::Loose),
    ];
    let ids: Vec<i64> = (0..PEOPLE)
        .map(|i| {
            let p = NewPerson {
                name: format!("Person {i}"),
                emails: vec![email(i)],
                tier: tiers[i % tiers.len()],
                ..NewPerson::default()
            };
            s.add_person(&p, start()).unwrap()
        })
        .collect();
    let mut interactions: Vec<i64> = Vec::new();
    let mut today = start() + Days::new(60);
    for (n, op) in ops.iter().enumerate() {
        let alive = |i: usize| s.person(ids[i]).is_ok();
        match op {
            Op::Log {
                day,
                kind,
                dir,
                who,
            } => {
                let mut people: Vec<i64> =
                    who.iter().filter(|w| alive(**w)).map(|w| ids[*w]).collect();
                people.sort_unstable();
                people.dedup();
                if people.is_empty() {
                    continue;
                }
                let on = start() + Days::new(*day);
                let new = NewInteraction {
                    on,
                    kind: Kind::ALL[*kind],
                    direction: [Direction::Outbound, Direction::Inbound, Direction::Mutual][*dir],
                    summary: format!("touch {n}"),
                    notes: String::new(),
                    source: "manual".into(),
                    source_key: None,
                    people,
                };
                if let Some(id) = s.log_interaction(&new, today).unwrap() {
                    interactions.push(id);
                }
            }
            Op::Edit { which, day } => {
                let Some(id) = interactions.get(which % interactions.len().max(1)) else {
                    continue;
                };
                let edit = InteractionEdit {
                    on: Some(start() + Days::new(*day)),
                    ..InteractionEdit::default()
                };
                // Gone with a removed person, or not changed: either way nothing moves.
                let _ = s.edit_interaction(*id, &edit, today);
            }
            Op::Remove { which } => {
                let Some(id) = interactions.get(which % interactions.len().max(1)) else {
                    continue;
                };
                let _ = s.remove_interaction(*id);
            }
            Op::Undo => {
                let _ = s.undo_latest();
            }
            Op::RemovePerson { who } => {
                if alive(*who) {
                    s.remove_person(ids[*who]).unwrap();
                }
            }
            Op::Merge { keep, gone } => {
                if keep != gone && alive(*keep) && alive(*gone) {
                    s.merge_people(ids[*keep], ids[*gone], today).unwrap();
                }
            }
            Op::Tier { who, tier } => {
                if alive(*who)
                    && let Some(t) = tiers[*tier]
                {
                    let patch = PersonPatch {
                        tier: Some(t),
                        ..PersonPatch::default()
                    };
                    s.edit_person(ids[*who], &patch, today).unwrap();
                }
            }
            Op::Cadence { who, days } => {
                if alive(*who) {
                    let patch = PersonPatch {
                        cadence_days: Some(*days),
                        ..PersonPatch::default()
                    };
                    s.edit_person(ids[*who], &patch, today).unwrap();
                }
            }
            Op::TierCadence { days } => {
                s.update_settings(|st| {
                    st.tier_cadences.close = *days;
                    Ok(())
                })
                .unwrap();
            }
            Op::Import {
                day,
                who,
                kind,
                key,
            } => {
                let options = ImportOptions {
                    source: "mbox".into(),
                    overwrite: false,
                    dry_run: false,
                    today,
                };
                let incoming = IncomingInteraction {
                    line: 1,
                    on: start() + Days::new(*day),
                    kind: Kind::ALL[*kind],
                    direction: Direction::Inbound,
                    summary: format!("imported {n}"),
                    source: "mbox".into(),
                    source_key: format!("mbox:{key}"),
                    moves_with: None,
                    participants: vec![IncomingParticipant {
                        name: None,
                        email: Some(email(*who)),
                        linkedin: None,
                    }],
                };
                s.import(&options, |imp| imp.interaction(&incoming).map(|_| ()))
                    .unwrap();
            }
            Op::Review { off } => today = start() + Days::new(*off),
        }
        check(s, today)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn kept_warmth_agrees_with_every_touch_after_any_writes(ops in proptest::collection::vec(op(), 1..40)) {
        run(&ops)?;
    }
}

#[test]
fn a_review_keeps_warmth_and_the_next_week_adds_only_its_weeks() {
    each_backend(
        "a_review_keeps_warmth_and_the_next_week_adds_only_its_weeks",
        |s| {
            let dana = s
                .add_person(
                    &NewPerson {
                        name: "Dana".into(),
                        ..NewPerson::default()
                    },
                    start(),
                )
                .unwrap();
            for day in [0u64, 7, 14, 21, 28] {
                let on = start() + Days::new(day);
                let new = NewInteraction {
                    on,
                    kind: Kind::Coffee,
                    direction: Direction::Mutual,
                    summary: "coffee".into(),
                    notes: String::new(),
                    source: "manual".into(),
                    source_key: None,
                    people: vec![dana],
                };
                s.log_interaction(&new, on).unwrap();
            }
            // Weeks later each review agrees with the whole history, kept or not.
            for weeks in 5..60u64 {
                s.settle_scheduled(start() + Days::new(weeks * 7 + 2))
                    .unwrap();
                let today = start() + Days::new(weeks * 7 + 2);
                let mut cold: Vec<i64> = (s.review_input(today).unwrap().went_cold.iter())
                    .map(|p| p.id)
                    .collect();
                cold.sort_unstable();
                assert_eq!(cold, went_cold_in_full(s, today), "{today}");
            }
            // Dana cooled past warm in one of those weeks.
            let cooled = (5..60u64)
                .any(|w| !went_cold_in_full(s, start() + Days::new(w * 7 + 2)).is_empty());
            assert!(cooled);
        },
    );
}
