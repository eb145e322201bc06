//! Backlogs: the follow-up lists a page at a time, clearing overdue follow-ups in bulk,
//! and today's plan reading only the top of its follow-ups and keep-in-touch dues while
//! counting all of them.

mod backends;

use std::collections::BTreeSet;

use backends::each_backend;
use chrono::{Days, NaiveDate};
use warmline_core::followup::{Origin, Status};
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_core::person::Tier;
use warmline_core::plan::ItemKind;
use warmline_core::warmth;
use warmline_store::{FollowUpScope, NewPerson, Store};

fn today() -> NaiveDate {
    warmline_core::date::parse_iso("2026-11-25").unwrap()
}

fn person(
    s: &Store,
    name: &str,
    tier: Option<Tier>,
    cadence_days: Option<u32>,
    added: NaiveDate,
) -> i64 {
    let new = NewPerson {
        name: name.into(),
        tier,
        cadence_days,
        ..NewPerson::default()
    };
    s.add_person(&new, added).unwrap()
}

fn log(s: &Store, who: i64, on: NaiveDate) {
    let new = NewInteraction {
        on,
        kind: Kind::Message,
        direction: Direction::Outbound,
        summary: "a note".into(),
        notes: String::new(),
        source: "manual".into(),
        source_key: None,
        people: vec![who],
    };
    s.log_interaction(&new, today()).unwrap();
}

/// Ann with follow-ups due `ago` days ago, promises where `promise` says.
fn follow_ups(s: &Store, who: i64, due: &[(u64, bool)]) -> Vec<i64> {
    due.iter()
        .map(|(ago, promise)| {
            let origin = if *promise {
                Origin::Promise
            } else {
                Origin::Manual
            };
            let due = today() - Days::new(*ago);
            s.add_follow_up(who, &format!("due {ago} days ago"), due, origin, today())
                .unwrap()
        })
        .collect()
}

#[test]
fn follow_up_lists_page_through_overdue_promises_first() {
    each_backend("follow_up_lists_page_through_overdue_promises_first", |s| {
        let ann = person(s, "Ann Lee", None, None, today());
        let ids = follow_ups(
            s,
            ann,
            &[(3, false), (9, true), (0, false), (20, false), (1, true)],
        );
        let later = s
            .add_follow_up(
                ann,
                "later",
                today() + Days::new(4),
                Origin::Manual,
                today(),
            )
            .unwrap();
        let page = |scope, offset, limit| s.follow_up_page(scope, today(), offset, limit).unwrap();
        let order = |p: &warmline_store::FollowUpPage| -> Vec<i64> {
            p.rows.iter().map(|r| r.follow_up.id).collect()
        };
        let overdue = page(FollowUpScope::Overdue, 0, None);
        assert_eq!(overdue.total, 5);
        assert_eq!(order(&overdue), [ids[1], ids[4], ids[3], ids[0], ids[2]]);
        assert!(overdue.rows.iter().all(|r| r.person_name == "Ann Lee"));
        let second = page(FollowUpScope::Overdue, 2, Some(2));
        assert_eq!((order(&second), second.total), (vec![ids[3], ids[0]], 5));
        assert!(page(FollowUpScope::Overdue, 9, Some(2)).rows.is_empty());
        let pending = page(FollowUpScope::Pending, 0, Some(3));
        assert_eq!(
            (order(&pending), pending.total),
            (vec![ids[3], ids[1], ids[0]], 6)
        );
        s.close_follow_up(ids[2], Status::Done, today()).unwrap();
        assert_eq!(page(FollowUpScope::Pending, 0, None).total, 5);
        let all = page(FollowUpScope::All, 0, None);
        assert_eq!(all.total, 6);
        assert_eq!(all.rows.last().map(|r| r.follow_up.id), Some(later));
    });
}

#[test]
fn bulk_snooze_and_cancel_clear_a_backlog_and_nothing_else() {
    each_backend(
        "bulk_snooze_and_cancel_clear_a_backlog_and_nothing_else",
        |s| {
            let ann = person(s, "Ann Lee", None, None, today());
            let ids = follow_ups(s, ann, &[(200, true), (120, false), (30, false), (0, true)]);
            let later = s
                .add_follow_up(
                    ann,
                    "later",
                    today() + Days::new(4),
                    Origin::Manual,
                    today(),
                )
                .unwrap();
            let done = follow_ups(s, ann, &[(300, false)])[0];
            s.close_follow_up(done, Status::Done, today()).unwrap();
            for bad in [0, -1, 3651] {
                assert!(s.snooze_overdue(today(), bad).is_err());
                assert!(s.cancel_overdue(today(), bad).is_err());
            }
            assert_eq!(s.cancel_overdue(today(), 100).unwrap(), 2);
            let status = |id| s.follow_up(id).unwrap().status;
            assert_eq!(
                (status(ids[0]), status(ids[1])),
                (Status::Cancelled, Status::Cancelled)
            );
            assert_eq!(s.follow_up(ids[0]).unwrap().done_on, Some(today()));
            assert_eq!((status(ids[2]), status(done)), (Status::Open, Status::Done));
            assert_eq!(s.snooze_overdue(today(), 7).unwrap(), 2);
            for id in [ids[2], ids[3]] {
                let f = s.follow_up(id).unwrap();
                assert_eq!((f.status, f.due), (Status::Snoozed, today() + Days::new(7)));
            }
            assert_eq!(s.follow_up(later).unwrap().due, today() + Days::new(4));
            assert_eq!(s.snooze_overdue(today(), 7).unwrap(), 0);
            let plan = s.today_plan(today(), 20).unwrap();
            assert_eq!(plan.more_overdue, 0);
            assert!(plan.items.iter().all(|i| i.kind != ItemKind::FollowUp));
        },
    );
}

#[test]
fn the_plan_reads_the_top_of_a_backlog_and_counts_the_rest() {
    each_backend(
        "the_plan_reads_the_top_of_a_backlog_and_counts_the_rest",
        |s| {
            let ann = person(s, "Ann Lee", None, None, today());
            let due: Vec<(u64, bool)> = (0..500).map(|n| (1 + n % 97, n % 5 == 0)).collect();
            follow_ups(s, ann, &due);
            let plan = s.today_plan(today(), 30).unwrap();
            assert_eq!(plan.items.len(), 6);
            assert_eq!(plan.more_overdue, 494);
            // The oldest promises, worked out by hand: (days ago, creation order).
            let mut promises: Vec<(u64, usize)> = (due.iter().enumerate())
                .filter(|(_, (_, promise))| *promise)
                .map(|(n, (ago, _))| (*ago, n))
                .collect();
            promises.sort_by_key(|(ago, n)| (std::cmp::Reverse(*ago), *n));
            let want: Vec<String> = (promises.iter().take(6))
                .map(|(ago, _)| format!("due {ago} days ago"))
                .collect();
            let got: Vec<String> = plan.items.iter().map(|i| i.action.clone()).collect();
            assert_eq!(got, want);
            assert!(
                plan.items
                    .iter()
                    .all(|i| i.reason.starts_with("promised on"))
            );
            // Doing one deep in the backlog works all the same.
            let deep = s
                .follow_up_page(FollowUpScope::Overdue, today(), 480, Some(1))
                .unwrap();
            let id = deep.rows[0].follow_up.id;
            s.complete_plan_item(today(), &format!("f{id}")).unwrap();
            // Its five minutes count against the budget: five listed, the other 494 counted.
            let after = s.today_plan(today(), 30).unwrap();
            assert_eq!(
                (after.items.len(), after.more_overdue, after.done_minutes),
                (5, 494, 5)
            );
        },
    );
}

/// Everyone due for keeping in touch, worked out from each person alone: their id and
/// the one contact logged, if any.
fn due_by_hand(s: &Store, people: &[(i64, Option<NaiveDate>)]) -> BTreeSet<i64> {
    let tiers = s.settings().unwrap().tier_cadences;
    people
        .iter()
        .filter(|(id, last)| {
            let p = s.person(*id).unwrap();
            let cadence = warmth::cadence_days(p.cadence_days, p.tier, &tiers);
            // A meeting still ahead is not a contact yet.
            let last = last.filter(|d| *d <= today());
            warmth::next_due(cadence, last, p.created_on).is_some_and(|d| d <= today())
        })
        .map(|(id, _)| *id)
        .collect()
}

#[test]
fn keep_in_touch_dues_are_found_and_counted_in_every_rhythm() {
    each_backend(
        "keep_in_touch_dues_are_found_and_counted_in_every_rhythm",
        |s| {
            let mut rng = fastrand::Rng::with_seed(9);
            let tiers = [
                None,
                Some(Tier::Inner),
                Some(Tier::Close),
                Some(Tier::Regular),
                Some(Tier::Loose),
            ];
            let mut people = Vec::new();
            for n in 0..30 {
                let tier = tiers[rng.usize(..tiers.len())];
                let cadence = [None, Some(7), Some(30), Some(45)][rng.usize(..4)];
                let added = today() - Days::new(rng.u64(0..400));
                let id = person(s, &format!("Person {n}"), tier, cadence, added);
                let last = match rng.u8(0..4) {
                    0 => None,
                    1 => Some(today() + Days::new(rng.u64(1..20))),
                    _ => Some(today() - Days::new(rng.u64(0..200))),
                };
                if let Some(on) = last {
                    log(s, id, on);
                }
                people.push((id, last));
            }
            let want = due_by_hand(s, &people);
            let plan = s.today_plan(today(), 600).unwrap();
            let got: BTreeSet<i64> = (plan.items.iter())
                .filter(|i| i.kind == ItemKind::KeepInTouch)
                .map(|i| i.person.id)
                .collect();
            assert!(want.len() > 5 && want.len() < 30, "{want:?}");
            assert_eq!((got, plan.more), (want, 0));

            // Past the shortlist of forty, the rest are counted.
            for n in 0..60 {
                let added = today() - Days::new(400);
                let id = person(s, &format!("Loose {n}"), Some(Tier::Loose), None, added);
                people.push((id, None));
            }
            let want = due_by_hand(s, &people);
            let plan = s.today_plan(today(), 600).unwrap();
            let listed = plan
                .items
                .iter()
                .filter(|i| i.kind == ItemKind::KeepInTouch)
                .count();
            assert_eq!(listed, 40);
            assert_eq!(listed + plan.more, want.len());
        },
    );
}

/// Six people met at one event bring six notes due on one day; the plan lists them from
/// the day before when there is room, and `done` checks one off early.
#[test]
fn after_event_follow_ups_are_listed_a_day_early_and_can_be_done() {
    let s = Store::open_in_memory().unwrap();
    let tomorrow = today() + Days::new(1);
    let mut ids = Vec::new();
    for n in 0..6 {
        let who = person(&s, &format!("Met {n}"), Some(Tier::Regular), None, today());
        ids.push(
            s.add_follow_up(
                who,
                "a note after meeting",
                tomorrow,
                Origin::AfterEvent,
                today(),
            )
            .unwrap(),
        );
    }
    // One snoozed to tomorrow waits for tomorrow; one due in two days is not listed yet.
    s.snooze_follow_up(ids[5], 1, today()).unwrap();
    let later = person(&s, "Met later", Some(Tier::Regular), None, today());
    s.add_follow_up(
        later,
        "later",
        tomorrow + Days::new(1),
        Origin::AfterEvent,
        today(),
    )
    .unwrap();
    let plan = s.today_plan(today(), 20).unwrap();
    let listed: Vec<&str> = plan.items.iter().map(|i| i.id.as_str()).collect();
    let early: Vec<String> = ids[..4].iter().map(|id| format!("f{id}")).collect();
    assert_eq!(listed, early);
    // Left for later: the fifth note, and keep-in-touch items for the two never
    // contacted whose notes wait; none of it overdue.
    assert_eq!((plan.more, plan.more_overdue), (3, 0));
    let done = s.complete_plan_item(today(), listed[0]).unwrap();
    assert_eq!(done.item.kind, ItemKind::FollowUp);
    assert_eq!(s.follow_up(ids[0]).unwrap().status, Status::Done);
}

/// A big event: forty notes due tomorrow. The plan reads only the first of them (a demo
/// network of 100,000 has thousands due on one day, and weighing each read its history),
/// lists four early, and counts every one it left, read or not.
#[test]
fn a_big_event_lists_a_few_notes_early_and_counts_the_rest() {
    each_backend(
        "a_big_event_lists_a_few_notes_early_and_counts_the_rest",
        |s| {
            let tomorrow = today() + Days::new(1);
            let mut ids = Vec::new();
            for n in 0..40 {
                let who = person(
                    s,
                    &format!("Met {n:02}"),
                    Some(Tier::Regular),
                    None,
                    today(),
                );
                log(s, who, today());
                let id = s
                    .add_follow_up(
                        who,
                        "a note after meeting",
                        tomorrow,
                        Origin::AfterEvent,
                        today(),
                    )
                    .unwrap();
                ids.push(id);
            }
            let plan = s.today_plan(today(), 20).unwrap();
            let listed: Vec<&str> = plan.items.iter().map(|i| i.id.as_str()).collect();
            let early: Vec<String> = ids[..4].iter().map(|id| format!("f{id}")).collect();
            assert_eq!(listed, early);
            assert_eq!((plan.more, plan.more_overdue), (36, 0));
        },
    );
}
