//! Triage through the store: who awaits it, the evidence read for each, accepting the
//! proposals, and setting tiers in bulk.

mod backends;

use backends::each_backend;
use chrono::NaiveDate;
use warmline_core::goal::{Stage, TargetProfile};
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_core::person::{Met, Tier};
use warmline_store::{NewGoal, NewPerson, Store, TierFilter, TierTarget, TriageEntry};

fn d(s: &str) -> NaiveDate {
    warmline_core::date::parse_iso(s).unwrap()
}

const TODAY: &str = "2026-11-25";

fn add(s: &Store, name: &str, source: &str, tier: Option<Tier>) -> i64 {
    let p = NewPerson {
        name: name.into(),
        source: source.into(),
        tier,
        ..NewPerson::default()
    };
    s.add_person(&p, d(TODAY)).unwrap()
}

fn touch(s: &Store, who: i64, on: &str, kind: Kind, direction: Direction, source: &str) {
    let new = NewInteraction {
        on: d(on),
        kind,
        direction,
        summary: format!("{kind:?} on {on}"),
        notes: String::new(),
        source: source.into(),
        source_key: None,
        people: vec![who],
    };
    s.log_interaction(&new, d(TODAY)).unwrap();
}

/// Each kind of sign of a tie, and people without one.
struct Network {
    grace: i64,
    ada: i64,
    alan: i64,
    dana: i64,
    eve: i64,
    finn: i64,
    gus: i64,
    hal: i64,
    ivy: i64,
    jo: i64,
}

fn network(s: &Store) -> Network {
    let grace = add(s, "Grace Hopper", "linkedin", None);
    touch(
        s,
        grace,
        "2026-11-02",
        Kind::Message,
        Direction::Inbound,
        "linkedin",
    );
    touch(
        s,
        grace,
        "2026-11-03",
        Kind::Message,
        Direction::Outbound,
        "linkedin",
    );
    touch(
        s,
        grace,
        "2026-11-11",
        Kind::Email,
        Direction::Inbound,
        "mbox",
    );
    let ada = add(s, "Ada Lovelace", "vcard", None);
    touch(
        s,
        ada,
        "2026-11-11",
        Kind::Email,
        Direction::Inbound,
        "mbox",
    );
    touch(
        s,
        ada,
        "2026-11-12",
        Kind::Meeting,
        Direction::Mutual,
        "ics",
    );
    // A connection never spoken to, and a close friend who has a rhythm already.
    let alan = add(s, "Alan Turing", "linkedin", None);
    let dana = add(s, "Dana Lee", "manual", Some(Tier::Close));
    touch(
        s,
        dana,
        "2026-11-20",
        Kind::Coffee,
        Direction::Mutual,
        "manual",
    );
    let eve = s
        .add_person(
            &NewPerson {
                name: "Eve Moss".into(),
                met: Met {
                    context: Some("PRSA mixer".into()),
                    on: Some(d("2026-11-24")),
                    event_id: None,
                },
                ..NewPerson::default()
            },
            d(TODAY),
        )
        .unwrap();
    let finn = add(s, "Finn Roe", "google", None);
    s.add_job("Harbor & Finch", "PR Coordinator", &[finn], d(TODAY))
        .unwrap();
    let goal = s
        .add_goal(
            &NewGoal {
                title: "Break into PR".into(),
                profile: TargetProfile {
                    role_keywords: vec!["coordinator".into()],
                    ..TargetProfile::default()
                },
                ..NewGoal::default()
            },
            d(TODAY),
        )
        .unwrap();
    // Only identified in a goal: a target, not yet a tie.
    let gus = add(s, "Gus Lind", "google", None);
    s.set_goal_stage(goal, gus, Stage::Identified, d(TODAY))
        .unwrap();
    let hal = add(s, "Hal Berg", "google", None);
    s.link(hal, alan, None, Some("old coworkers")).unwrap();
    let ivy = add(s, "Ivy Chen", "vcard", None);
    touch(
        s,
        ivy,
        "2026-12-03",
        Kind::Meeting,
        Direction::Mutual,
        "ics",
    );
    let jo = add(s, "Jo Park", "linkedin", None);
    s.set_goal_stage(goal, jo, Stage::Replied, d(TODAY))
        .unwrap();
    Network {
        grace,
        ada,
        alan,
        dana,
        eve,
        finn,
        gus,
        hal,
        ivy,
        jo,
    }
}

fn ids(entries: &[TriageEntry]) -> Vec<i64> {
    entries.iter().map(|e| e.id).collect()
}

fn tier(s: &Store, id: i64) -> Option<Tier> {
    s.person(id).unwrap().tier
}

#[test]
fn people_with_a_tie_and_no_rhythm_get_a_proposal_with_its_reason() {
    each_backend(
        "people_with_a_tie_and_no_rhythm_get_a_proposal_with_its_reason",
        |s| {
            let n = network(s);
            let list = s.triage(d(TODAY)).unwrap();
            let got: Vec<(&str, Tier, &str)> = list
                .iter()
                .map(|e| (e.name.as_str(), e.proposed_tier, e.reason.as_str()))
                .collect();
            assert_eq!(
                got,
                vec![
                    (
                        "Ada Lovelace",
                        Tier::Close,
                        "2 touches both ways, the last 13 days ago; met in person"
                    ),
                    (
                        "Grace Hopper",
                        Tier::Regular,
                        "3 touches both ways, the last 14 days ago"
                    ),
                    (
                        "Finn Roe",
                        Tier::Loose,
                        "referrer for PR Coordinator at Harbor & Finch"
                    ),
                    ("Jo Park", Tier::Loose, "replied in “Break into PR”"),
                    ("Eve Moss", Tier::Loose, "met: PRSA mixer"),
                    ("Ivy Chen", Tier::Loose, "a meeting booked"),
                    ("Alan Turing", Tier::Loose, "knows 1 person in your book"),
                    ("Hal Berg", Tier::Loose, "knows 1 person in your book"),
                ]
            );
            // Gus is only a target in a goal, and Dana has a rhythm already.
            let listed = ids(&list);
            assert!(!listed.contains(&n.gus) && !listed.contains(&n.dana));
            let entry = &list[1];
            assert_eq!(
                (
                    entry.id,
                    entry.org.as_deref(),
                    entry.points,
                    entry.last_contact
                ),
                (n.grace, None, 6, Some(d("2026-11-11")))
            );
        },
    );
}

#[test]
fn today_counts_exactly_the_people_triage_lists() {
    each_backend("today_counts_exactly_the_people_triage_lists", |s| {
        assert_eq!(s.triage_waiting().unwrap(), None);
        let n = network(s);
        let list = s.triage(d(TODAY)).unwrap();
        let waiting = s.triage_waiting().unwrap().unwrap();
        assert_eq!(waiting.count as usize, list.len());
        // The one in touch last heads the item: Ivy's meeting lies ahead on the calendar.
        assert_eq!(waiting.first.id, n.ivy);
        let plan = s.today_plan(d(TODAY), 20).unwrap();
        let item = plan.items.iter().find(|i| i.id == format!("t{}", n.ivy));
        let item = item.expect("a triage item");
        assert_eq!(item.count, Some(waiting.count));
        // It is done by sorting, not by checking it off.
        let err = s
            .complete_plan_item(d(TODAY), &item.id)
            .unwrap_err()
            .to_string();
        assert!(err.contains("warmline triage"), "{err}");
        assert_eq!(s.count_interactions().unwrap(), 7);
        // Settled to today, one meeting lies ahead, fewer than the people without a
        // rhythm: the booked are found from the meetings.
        s.settle_scheduled(d(TODAY)).unwrap();
        assert_eq!(s.triage_waiting().unwrap().unwrap(), waiting);
        // More meetings ahead than people without a rhythm: the booked are then found
        // from the people, with the same answer.
        for day in 4..16 {
            let on = format!("2026-12-{day:02}");
            touch(s, n.dana, &on, Kind::Meeting, Direction::Mutual, "ics");
        }
        assert_eq!(s.triage_waiting().unwrap().unwrap(), waiting);
        assert_eq!(s.triage(d(TODAY)).unwrap(), list);
    });
}

#[test]
fn applying_gives_everyone_proposed_their_tier_and_empties_triage() {
    each_backend(
        "applying_gives_everyone_proposed_their_tier_and_empties_triage",
        |s| {
            let n = network(s);
            let before = s.person(n.grace).unwrap();
            let interactions = s.count_interactions().unwrap();
            let applied = s.apply_triage(d(TODAY), None).unwrap();
            assert_eq!(
                (
                    applied.people,
                    applied.close,
                    applied.regular,
                    applied.loose
                ),
                (8, 1, 1, 6)
            );
            assert_eq!(tier(s, n.ada), Some(Tier::Close));
            assert_eq!(tier(s, n.grace), Some(Tier::Regular));
            assert_eq!(tier(s, n.hal), Some(Tier::Loose));
            assert_eq!(tier(s, n.finn), Some(Tier::Loose));
            assert_eq!(tier(s, n.gus), None);
            let after = s.person(n.grace).unwrap();
            assert_eq!((after.name, after.tags), (before.name, before.tags));
            assert_eq!(
                s.count_interactions().unwrap(),
                interactions,
                "nothing logged"
            );
            assert!(s.triage(d(TODAY)).unwrap().is_empty());
            assert_eq!(s.triage_waiting().unwrap(), None);
            // Grace falls due after a regular cadence from her last touch.
            let later = s.today_plan(d("2027-03-01"), 60).unwrap();
            let kinds: Vec<&str> = later.items.iter().map(|i| i.id.as_str()).collect();
            assert!(
                kinds.contains(&format!("k{}", n.grace).as_str()),
                "{kinds:?}"
            );
        },
    );
}

#[test]
fn applying_some_takes_only_those_and_refuses_anyone_not_waiting() {
    each_backend(
        "applying_some_takes_only_those_and_refuses_anyone_not_waiting",
        |s| {
            let n = network(s);
            let applied = s.apply_triage(d(TODAY), Some(&[n.grace, n.eve])).unwrap();
            assert_eq!((applied.people, applied.regular, applied.loose), (2, 1, 1));
            assert_eq!(s.triage(d(TODAY)).unwrap().len(), 6);
            for (bad, says) in [
                (n.dana, "is not awaiting triage"),
                (n.gus, "is not awaiting triage"),
                (999, "no person with id 999"),
            ] {
                let err = s
                    .apply_triage(d(TODAY), Some(&[n.ada, bad]))
                    .unwrap_err()
                    .to_string();
                assert!(err.contains(says), "{err}");
                assert_eq!(tier(s, n.ada), None, "nothing written");
            }
        },
    );
}

#[test]
fn tiers_are_set_for_named_people_and_none_takes_them_out_of_triage() {
    each_backend(
        "tiers_are_set_for_named_people_and_none_takes_them_out_of_triage",
        |s| {
            let n = network(s);
            let change = s
                .set_tier(
                    &TierTarget::People(vec![n.grace, n.dana, n.grace]),
                    Some(Tier::Close),
                    d(TODAY),
                )
                .unwrap();
            // Dana was close already.
            assert_eq!((change.matched, change.changed), (2, 1));
            assert_eq!(tier(s, n.grace), Some(Tier::Close));

            let change = s
                .set_tier(&TierTarget::People(vec![n.ada, n.dana]), None, d(TODAY))
                .unwrap();
            assert_eq!((change.matched, change.changed), (2, 2));
            assert_eq!((tier(s, n.ada), tier(s, n.dana)), (None, None));
            let listed = ids(&s.triage(d(TODAY)).unwrap());
            assert!(!listed.contains(&n.ada) && !listed.contains(&n.dana));
            // Left without a rhythm on purpose: asking again changes nothing.
            let again = s
                .set_tier(&TierTarget::People(vec![n.ada]), None, d(TODAY))
                .unwrap();
            assert_eq!(again.changed, 0);
            // A tier later brings a rhythm back, and a later `none` leaves them out again.
            s.set_tier(
                &TierTarget::People(vec![n.ada]),
                Some(Tier::Loose),
                d(TODAY),
            )
            .unwrap();
            assert_eq!(tier(s, n.ada), Some(Tier::Loose));
            let err = s
                .set_tier(&TierTarget::People(vec![n.ada, 999]), None, d(TODAY))
                .unwrap_err();
            assert!(err.to_string().contains("999"), "{err}");
            assert_eq!(tier(s, n.ada), Some(Tier::Loose), "nothing written");
        },
    );
}

#[test]
fn tiers_are_set_by_tag_organisation_goal_and_source() {
    each_backend("tiers_are_set_by_tag_organisation_goal_and_source", |s| {
        let n = network(s);
        let by = |filter: TierFilter, t: Option<Tier>| {
            s.set_tier(&TierTarget::Matching(filter), t, d(TODAY))
        };
        // LinkedIn: the people it brought (Grace, Alan, Jo); mbox: those on its mail.
        let linkedin = TierFilter {
            source: Some("linkedin".into()),
            ..TierFilter::default()
        };
        assert_eq!(
            s.people_matching(&linkedin).unwrap(),
            vec![n.grace, n.alan, n.jo]
        );
        let mbox = TierFilter {
            source: Some("mbox".into()),
            ..TierFilter::default()
        };
        assert_eq!(s.people_matching(&mbox).unwrap(), vec![n.grace, n.ada]);
        let change = by(linkedin, Some(Tier::Loose)).unwrap();
        assert_eq!((change.matched, change.changed), (3, 3));

        let goal = TierFilter {
            goal: Some(1),
            ..TierFilter::default()
        };
        assert_eq!(s.people_matching(&goal).unwrap(), vec![n.gus, n.jo]);
        let org = TierFilter {
            org: Some("harbor".into()),
            ..TierFilter::default()
        };
        assert_eq!(s.people_matching(&org).unwrap(), Vec::<i64>::new());
        let err = by(org, Some(Tier::Close)).unwrap_err().to_string();
        assert_eq!(err, "no one matches organisation 'harbor'");

        s.update_person(
            n.eve,
            &warmline_store::PersonPatch {
                org: Some("Bright Comms".into()),
                add_tags: vec!["PR".into()],
                ..Default::default()
            },
            d(TODAY),
        )
        .unwrap();
        let both = TierFilter {
            tag: Some("#pr".into()),
            org: Some("bright".into()),
            ..TierFilter::default()
        };
        assert_eq!(s.people_matching(&both).unwrap(), vec![n.eve]);
        by(both, Some(Tier::Inner)).unwrap();
        assert_eq!(tier(s, n.eve), Some(Tier::Inner));

        let bad = TierFilter {
            source: Some("fax".into()),
            ..TierFilter::default()
        };
        let err = by(bad, Some(Tier::Close)).unwrap_err().to_string();
        assert!(err.contains("unknown source 'fax'"), "{err}");
    });
}
