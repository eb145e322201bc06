//! The weekly figures the store counts over indexes agree with counting every record.

mod backends;

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use warmline_core::followup::{Origin, Status};
use warmline_core::interaction::{Direction, Kind, NewInteraction, Touch};
use warmline_core::person::{Met, Tier};
use warmline_core::stats;
use warmline_core::streak::RestDays;
use warmline_core::warmth::{self, WarmthState};
use warmline_store::{NewPerson, Store};

fn d(s: &str) -> NaiveDate {
    warmline_core::date::parse_iso(s).unwrap()
}

const START: &str = "2026-01-05";

/// One person: days after START they were added and met (if known), and their tier.
type PersonSpec = (u64, Option<u64>, usize);
/// One interaction: day after START, kind, direction, participants (indexes into people).
type InteractionSpec = (u64, usize, usize, Vec<usize>);

fn build_on(
    s: &Store,
    people: &[PersonSpec],
    interactions: &[InteractionSpec],
    done: &[(usize, u64)],
) {
    let start = d(START);
    let tiers = [
        None,
        Some(Tier::Inner),
        Some(Tier::Close),
        Some(Tier::Loose),
    ];
    let ids: Vec<i64> = (people.iter().enumerate())
        .map(|(i, (added, met, tier))| {
            let added = start + Days::new(*added);
            s.add_person(
                &NewPerson {
                    name: format!("Person {i}"),
                    met: Met {
                        on: met.map(|m| start + Days::new(m)),
                        ..Met::default()
                    },
                    tier: tiers[*tier % tiers.len()],
                    ..NewPerson::default()
                },
                added,
            )
            .unwrap()
        })
        .collect();
    let directions = [Direction::Outbound, Direction::Inbound, Direction::Mutual];
    for (on, kind, dir, who) in interactions {
        let mut people: Vec<i64> = who.iter().map(|w| ids[w % ids.len()]).collect();
        people.sort_unstable();
        people.dedup();
        let on = start + Days::new(*on);
        s.log_interaction(
            &NewInteraction {
                on,
                kind: Kind::ALL[kind % Kind::ALL.len()],
                direction: directions[dir % 3],
                summary: "touch".into(),
                notes: String::new(),
                source: "manual".into(),
                source_key: None,
                people,
            },
            on,
        )
        .unwrap();
    }
    for (who, on) in done {
        let on = start + Days::new(*on);
        let f = s
            .add_follow_up(ids[who % ids.len()], "write", on, Origin::Manual, on)
            .unwrap();
        s.close_follow_up(f, Status::Done, on).unwrap();
    }
}

/// Who went cold, weighing everyone's touches in full.
fn went_cold_in_full(s: &Store, today: NaiveDate) -> Vec<i64> {
    let start = stats::reviewed_week(today);
    let end = (start + Days::new(6)).min(today);
    let before = start - Days::new(1);
    let log = s.activity_log(today).unwrap();
    let mut touches: HashMap<i64, Vec<Touch>> = HashMap::new();
    for a in log.interactions.iter().filter(|a| a.on <= end) {
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

fn check(s: &Store, today: NaiveDate, weeks: u32) -> Result<(), TestCaseError> {
    let log = s.activity_log(today).unwrap();
    let full = stats::stats(&log, today, weeks, RestDays::NONE);
    prop_assert_eq!(s.weekly_stats(today, weeks).unwrap(), full);
    let input = s.review_input(today).unwrap();
    prop_assert_eq!(s.weekly_review(today).unwrap(), stats::review(&log, &input));
    let mut cold: Vec<i64> = input.went_cold.iter().map(|p| p.id).collect();
    cold.sort_unstable();
    prop_assert_eq!(cold, went_cold_in_full(s, today));
    Ok(())
}

#[test]
fn a_busy_week_counts_the_same_both_ways_and_names_its_period() {
    let people = [
        (0, Some(0), 1),
        (3, None, 2),
        (40, Some(38), 0),
        (70, Some(69), 3),
    ];
    let interactions = [
        (1, 0, 0, vec![0]),
        (2, 4, 1, vec![0, 1]),
        (40, 3, 0, vec![2]),
        (44, 3, 1, vec![2]),
        (70, 1, 2, vec![3, 0]),
        (71, 4, 0, vec![1]),
        (120, 0, 2, vec![1]), // after today: counts nowhere yet
    ];
    backends::each_backend("weekly::a_busy_week", |s| {
        build_on(s, &people, &interactions, &[(0, 2), (1, 71)]);
        let today = d(START) + Days::new(72);
        check(s, today, 12).unwrap();
        let st = s.weekly_stats(today, 12).unwrap();
        assert_eq!(st.period, "last 4 weeks");
        assert_eq!(st.period_weeks, 4);
        assert_eq!(st.weeks.iter().map(|w| w.touches).sum::<u32>(), 6);
        // The heatmap counts interactions as the weeks do: a group call is one touch.
        let heat: u32 = (s.touches_per_day(d(START), today).unwrap().iter())
            .map(|(_, n)| n)
            .sum();
        assert_eq!(heat, 6);
    });
}

fn arb_world() -> impl Strategy<Value = (Vec<PersonSpec>, Vec<InteractionSpec>, Vec<(usize, u64)>)>
{
    let people = proptest::collection::vec(
        (0u64..300, proptest::option::of(0u64..300), 0usize..4),
        1..8,
    );
    let interactions = proptest::collection::vec(
        (
            0u64..330,
            0usize..9,
            0usize..3,
            proptest::collection::vec(0usize..8, 1..3),
        ),
        0..40,
    );
    let done = proptest::collection::vec((0usize..8, 0u64..330), 0..6);
    (people, interactions, done)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn aggregates_agree_with_the_whole_log(
        (people, interactions, done) in arb_world(),
        off in 0u64..330,
        weeks in 1u32..30,
    ) {
        backends::each_backend_try("weekly::aggregates", |s| {
            build_on(s, &people, &interactions, &done);
            check(s, d(START) + Days::new(off), weeks)
        })?;
    }
}
