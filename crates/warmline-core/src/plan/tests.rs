use super::*;
use crate::date::parse_iso;
use crate::person::FactCategory;
use chrono::Days;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    parse_iso(s).unwrap()
}

const TODAY: &str = "2026-11-25";

fn fu(id: i64, person: i64, due: &str, origin: Origin) -> FollowUpDue {
    let (person_id, person_name) = (person, format!("Person {person}"));
    let (text, due, created_on) = (format!("follow-up {id}"), d(due), d("2026-11-02"));
    FollowUpDue {
        id,
        person_id,
        person_name,
        text,
        due,
        origin,
        created_on,
        met_on: None,
        warmth_score: 0,
        goal_fit: 0,
    }
}

fn kit(person_id: i64, last: Option<&str>, cadence_days: u32, tier: Option<Tier>) -> KeepInTouch {
    let last_contact = last.map(d);
    let next_due = last_contact.map_or(d("2026-10-01"), |l| l + Days::new(cadence_days.into()));
    let (name, facts) = (format!("Kim {person_id}"), Vec::new());
    let (warmth_score, last_summary) = (20, None);
    KeepInTouch {
        person_id,
        name,
        last_contact,
        cadence_days,
        next_due,
        warmth_score,
        tier,
        last_summary,
        facts,
    }
}

fn bday(person_id: i64, month: u32, day: u32) -> BirthdaySoon {
    let birthday = Birthday {
        year: None,
        month,
        day,
    };
    BirthdaySoon {
        person_id,
        name: format!("Cy {person_id}"),
        birthday,
    }
}

fn change(person_id: i64, org: Option<&str>, detected_on: NaiveDate) -> JobChange {
    let (name, org, title) = (
        "Di".to_string(),
        org.map(str::to_string),
        Some("Head of Design".into()),
    );
    JobChange {
        person_id,
        name,
        org,
        title,
        detected_on,
    }
}

fn reach(person_id: i64) -> ReachOutCandidate {
    let (name, goal_title) = (
        "Gus".to_string(),
        "UX roles at boutique studios".to_string(),
    );
    ReachOutCandidate {
        person_id,
        name,
        goal_title,
        reason: "designer at Studio North".into(),
    }
}

fn ids(p: &Plan) -> Vec<&str> {
    p.items.iter().map(|i| i.id.as_str()).collect()
}

#[test]
fn due_follow_ups_come_first_within_the_budget() {
    let mut inp = PlanInput::new(d(TODAY), 8);
    inp.follow_ups = vec![
        fu(3, 1, "2026-11-25", Origin::Manual),
        fu(2, 2, "2026-11-22", Origin::Promise),
        fu(9, 3, "2026-11-30", Origin::Manual),
    ];
    inp.keep_in_touch = vec![kit(4, Some("2026-09-01"), 30, Some(Tier::Close))];
    let p = plan(&inp);
    assert_eq!(ids(&p), ["f2"]);
    assert_eq!(p.items[0].reason, "promised on 2 Nov; due 3 days ago");
    assert_eq!((p.planned_minutes, p.more, p.more_overdue), (5, 1, 1));
    inp.budget_minutes = 10;
    let p = plan(&inp);
    assert_eq!(ids(&p), ["f2", "f3"]);
    assert_eq!(
        (p.items[1].reason.as_str(), p.items[1].action.as_str()),
        ("due today", "follow-up 3")
    );
    assert_eq!((p.planned_minutes, p.more, p.more_overdue), (10, 1, 0));
}

#[test]
fn a_backlog_keeps_the_budget_and_counts_the_rest() {
    let mut inp = PlanInput::new(d(TODAY), 20);
    inp.follow_ups = (1..=300)
        .map(|id| {
            let due = d(TODAY) - Days::new(1 + (id as u64 * 7) % 90);
            let origin = [Origin::Manual, Origin::AfterEvent, Origin::Promise][id as usize % 3];
            FollowUpDue {
                due,
                ..fu(id, id, TODAY, origin)
            }
        })
        .collect();
    inp.keep_in_touch = vec![kit(400, Some("2026-01-01"), 30, Some(Tier::Inner))];
    inp.follow_ups_not_read = 1_000;
    let p = plan(&inp);
    assert_eq!(p.items.len(), 4);
    assert!(p.items.iter().all(|i| i.kind == ItemKind::FollowUp));
    assert_eq!((p.planned_minutes, p.more, p.more_overdue), (20, 1, 1_296));
    // The oldest promises: every third id is a promise, due 1 + (7 id mod 90) days ago.
    let mut promises: Vec<&FollowUpDue> = inp
        .follow_ups
        .iter()
        .filter(|f| f.origin == Origin::Promise)
        .collect();
    promises.sort_by_key(|f| (f.due, f.id));
    let oldest: Vec<String> = promises[..4].iter().map(|f| format!("f{}", f.id)).collect();
    assert_eq!(ids(&p), oldest);
}

#[test]
fn promises_first_then_warmth_then_goal_fit() {
    let mut inp = PlanInput::new(d(TODAY), 60);
    let warm = |id, due, origin, warmth_score, goal_fit| FollowUpDue {
        warmth_score,
        goal_fit,
        ..fu(id, id, due, origin)
    };
    inp.follow_ups = vec![
        warm(1, "2026-11-01", Origin::Manual, 10, 0),
        warm(2, "2026-11-24", Origin::AfterEvent, 90, 0),
        warm(3, "2026-11-20", Origin::Manual, 50, 80),
        warm(4, "2026-11-20", Origin::Manual, 50, 20),
        warm(5, "2026-11-24", Origin::Promise, 0, 0),
        warm(6, "2026-11-10", Origin::Promise, 0, 0),
        warm(7, "2026-11-24", Origin::Promise, 40, 0),
    ];
    assert_eq!(ids(&plan(&inp)), ["f6", "f7", "f5", "f2", "f3", "f4", "f1"]);
    inp.budget_minutes = 15;
    let p = plan(&inp);
    assert_eq!((ids(&p), p.more_overdue), (vec!["f6", "f7", "f5"], 4));
}

#[test]
fn a_budget_too_small_for_a_follow_up_still_names_the_first() {
    let mut inp = PlanInput::new(d(TODAY), 1);
    inp.follow_ups = vec![
        fu(1, 1, "2026-11-20", Origin::Manual),
        fu(2, 2, "2026-11-21", Origin::Promise),
    ];
    inp.birthdays = vec![bday(3, 11, 25)];
    let p = plan(&inp);
    assert_eq!((ids(&p), p.more_overdue, p.more), (vec!["f2"], 1, 1));
}

#[test]
fn keep_in_touch_reason_and_action_use_what_is_known() {
    let mut inp = PlanInput::new(d(TODAY), 20);
    let mut a = kit(1, Some("2026-09-04"), 30, Some(Tier::Close));
    a.last_summary = Some("coffee; she is moving to Austin".into());
    let mut b = kit(2, Some("2026-10-01"), 14, Some(Tier::Inner));
    let text = "moving to Austin".to_string();
    let (category, recorded_on) = (FactCategory::LifeEvent, d("2026-11-01"));
    b.facts = vec![Fact {
        id: 1,
        category,
        text,
        on: None,
        recorded_on,
    }];
    inp.keep_in_touch = vec![a, b, kit(3, None, 90, None)];
    let p = plan(&inp);
    // The longest overdue first: k3 due since 1 Oct, k1 since 4 Oct, k2 since 15 Oct.
    assert_eq!(ids(&p), ["k3", "k1", "k2"]);
    let texts: Vec<(&str, &str)> = p
        .items
        .iter()
        .map(|i| (i.reason.as_str(), i.action.as_str()))
        .collect();
    assert_eq!(
        texts[2].1,
        "send Kim a short note and ask: “How is the move to Austin going?”"
    );
    assert_eq!(
        texts[1],
        (
            "last talked 82 days ago; you aim for every 30 days",
            "send Kim a short note picking up from last time (“coffee; she is moving to Austin”)"
        )
    );
    assert_eq!(
        texts[0].0,
        "never contacted, due since 1 Oct; you aim for every 90 days"
    );
}

#[test]
fn every_kind_in_priority_order() {
    let today = d(TODAY);
    let mut inp = PlanInput::new(today, 60);
    inp.follow_ups = vec![fu(1, 1, "2026-11-24", Origin::AfterEvent)];
    let (name, summary) = ("Bo Chen".to_string(), "coffee at 10".to_string());
    inp.meetings_today = vec![Meeting {
        person_id: 2,
        name,
        summary,
    }];
    inp.birthdays = vec![bday(3, 11, 25), bday(9, 12, 25)];
    inp.congratulate = vec![
        change(4, Some("Acme"), d("2026-11-20")),
        change(11, None, d("2026-11-01")),
    ];
    let keep = |p, last| kit(p, Some(last), 30, None);
    inp.keep_in_touch = vec![
        keep(5, "2026-01-01"),
        keep(6, "2026-09-01"),
        keep(1, "2026-01-01"),
    ];
    let offer = Introduction {
        person_id: 8,
        name: "Flo Diaz".into(),
        offer: "UX design".into(),
    };
    let (name, need) = ("Ed Moss".to_string(), "hiring a UX designer".to_string());
    inp.give = Some(GiveCandidate {
        person_id: 7,
        name,
        need,
        introduce: Some(offer),
        yours: None,
    });
    inp.reach_out = Some(reach(10));
    let p = plan(&inp);
    // k1 is left out: person 1 already has a follow-up today.
    assert_eq!(ids(&p), ["f1", "p2", "b3", "c4", "k5", "g7", "r10", "k6"]);
    assert_eq!(p.items[0].reason, "you met on 2 Nov; due yesterday");
    assert_eq!(p.items[2].reason, "birthday today");
    assert_eq!(p.items[2].action, "send Cy a happy-birthday message");
    assert_eq!(
        p.items[3].reason,
        "new job spotted on 20 Nov: Head of Design at Acme"
    );
    assert_eq!(p.items[3].action, "congratulate Di on the new role at Acme");
    assert_eq!(
        p.items[5].action,
        "introduce Ed to Flo Diaz (ask Flo first if they are happy to help)"
    );
    assert_eq!(p.items[5].with.as_ref().map(|w| w.id), Some(8));
    assert_eq!(
        p.items[6].reason,
        "designer at Studio North (goal “UX roles at boutique studios”)"
    );
    assert_eq!(p.planned_minutes, 5 + 10 + 2 + 2 + 5 + 5 + 10 + 5);
}

#[test]
fn done_items_leave_and_use_up_the_budget() {
    let mut inp = PlanInput::new(d(TODAY), 10);
    let keep = |p, last| kit(p, Some(last), 30, None);
    inp.keep_in_touch = vec![
        keep(1, "2026-01-01"),
        keep(2, "2026-02-01"),
        keep(3, "2026-03-01"),
    ];
    assert_eq!(ids(&plan(&inp)), ["k1", "k2"]);
    inp.done_ids = ["k1".to_string(), "junk".to_string()].into();
    let p = plan(&inp);
    assert_eq!((ids(&p), p.done_minutes), (vec!["k2"], 5));
    inp.done_ids.insert("k2".into());
    assert!(plan(&inp).items.is_empty());
}

#[test]
fn a_tiny_budget_still_gives_one_step() {
    let mut inp = PlanInput::new(d(TODAY), 1);
    inp.keep_in_touch = vec![kit(1, Some("2026-01-01"), 30, None)];
    inp.reach_out = Some(reach(2));
    let p = plan(&inp);
    assert_eq!((ids(&p), p.more), (vec!["k1"], 1));
}

#[test]
fn item_ids_round_trip_with_clear_errors() {
    for (i, kind) in ItemKind::ALL.into_iter().enumerate() {
        assert_eq!(KINDS[i].0, kind);
        assert_eq!(parse_item_id(&item_id(kind, 42)).unwrap(), (kind, 42));
    }
    assert_eq!(parse_item_id(" K7 ").unwrap(), (ItemKind::KeepInTouch, 7));
    assert_eq!(ItemKind::KeepInTouch.as_str(), "keep_in_touch");
    for bad in ["", "f", "x12", "f-1", "f1.5", "12", "f99999999999999999999"] {
        let err = parse_item_id(bad).unwrap_err().to_string();
        assert!(err.contains("like f12"), "{bad}: {err}");
    }
}

fn waiting(count: u32) -> TriageWaiting {
    let first = PersonRef {
        id: 9,
        name: "Grace Hopper".into(),
    };
    TriageWaiting { count, first }
}

#[test]
fn people_awaiting_triage_are_one_item_ahead_of_keeping_in_touch() {
    let mut inp = PlanInput::new(d(TODAY), 20);
    inp.keep_in_touch = vec![kit(1, Some("2026-01-01"), 30, Some(Tier::Close))];
    inp.congratulate = vec![change(5, Some("Acme"), d("2026-11-20"))];
    inp.triage = Some(waiting(12));
    let p = plan(&inp);
    assert_eq!(ids(&p), ["c5", "t9", "k1"]);
    let t = &p.items[1];
    assert_eq!(
        (t.kind, t.minutes, t.count),
        (ItemKind::Triage, 5, Some(12))
    );
    assert_eq!(
        t.reason,
        "12 people you have been in touch with have no keep-in-touch rhythm yet, Grace Hopper among them"
    );
    assert_eq!(t.action, "give them one: warmline triage");
    assert_eq!(parse_item_id("t9").unwrap(), (ItemKind::Triage, 9));
    assert_eq!((t.kind.as_str(), p.items[2].count), ("triage", None));
}

#[test]
fn no_one_waiting_means_no_triage_item() {
    let mut inp = PlanInput::new(d(TODAY), 20);
    inp.triage = Some(waiting(0));
    assert!(plan(&inp).items.is_empty());
    inp.triage = Some(waiting(1));
    let p = plan(&inp);
    assert_eq!(
        p.items[0].reason,
        "Grace Hopper has no keep-in-touch rhythm yet"
    );
}

/// Random inputs around 2026-11-25, with unique ids so that order cannot matter.
fn arb_input() -> impl Strategy<Value = PlanInput> {
    let fus = proptest::collection::vec((-20i64..10, 0i64..6, 0usize..3), 0..12);
    let keeps = proptest::collection::vec(
        (0u64..400, 1u32..120, 0u8..101, 0usize..5, any::<bool>()),
        0..10,
    );
    let extras = (
        any::<bool>(),
        any::<bool>(),
        1u32..13,
        1u32..29,
        0u64..20,
        0u32..3,
    );
    let done = proptest::collection::vec(0usize..35, 0..4);
    let not_read = prop_oneof![Just(0usize), 0usize..2_000];
    (0u32..45, fus, keeps, extras, (done, not_read)).prop_map(
        |(budget, fus, keeps, extras, (done, not_read))| {
            let (give, reach_out, month, day, detected, triage) = extras;
            let today = d(TODAY);
            let mut inp = PlanInput::new(today, budget);
            let origins = [Origin::Manual, Origin::AfterEvent, Origin::Promise];
            inp.follow_ups = (fus.iter().enumerate())
                .map(|(i, (off, p, o))| {
                    let due = today + chrono::Duration::days(*off);
                    FollowUpDue {
                        due,
                        warmth_score: (*p as u8) * 20,
                        goal_fit: (i as u8 % 2) * 50,
                        ..fu(i as i64 + 1, *p, TODAY, origins[*o])
                    }
                })
                .collect();
            let tiers = [
                None,
                Some(Tier::Inner),
                Some(Tier::Close),
                Some(Tier::Regular),
                Some(Tier::Loose),
            ];
            inp.keep_in_touch = (keeps.iter().enumerate())
                .map(|(i, (ago, cadence, warmth, tier, contacted))| {
                    let last = today - Days::new(*ago);
                    let next_due = if *contacted {
                        last + Days::new((*cadence).into())
                    } else {
                        last
                    };
                    let last_contact = contacted.then_some(last);
                    let base = kit(i as i64 + 1, None, *cadence, tiers[*tier]);
                    KeepInTouch {
                        warmth_score: *warmth,
                        next_due,
                        last_contact,
                        ..base
                    }
                })
                .collect();
            let (name, need) = ("G".to_string(), "n".to_string());
            inp.give = give.then_some(GiveCandidate {
                person_id: 3,
                name,
                need,
                introduce: None,
                yours: None,
            });
            inp.reach_out = reach_out.then(|| reach(20));
            inp.birthdays = vec![bday(4, month, day)];
            inp.congratulate = vec![change(5, None, today - Days::new(detected))];
            inp.triage = Some(waiting(triage));
            let all: Vec<String> = (1..8)
                .flat_map(|n| ["f", "k", "b", "c", "g"].map(|k| format!("{k}{n}")))
                .collect();
            inp.done_ids = done.iter().filter_map(|i| all.get(*i).cloned()).collect();
            // A store reads at least the top of the backlog that can fit (see the field).
            let due = (inp.follow_ups.iter())
                .filter(|f| {
                    f.due <= today && !inp.done_ids.contains(&item_id(ItemKind::FollowUp, f.id))
                })
                .count();
            if due >= follow_ups_wanted(budget) {
                inp.follow_ups_not_read = not_read;
            }
            inp
        },
    )
}

proptest! {
    #[test]
    fn due_follow_ups_are_listed_first_within_the_budget_and_the_rest_counted(inp in arb_input()) {
        let p = plan(&inp);
        let listed: Vec<&str> = ids(&p);
        let mut due: Vec<&FollowUpDue> = (inp.follow_ups.iter().filter(|f| f.due <= inp.today))
            .filter(|f| !inp.done_ids.contains(&item_id(ItemKind::FollowUp, f.id)))
            .collect();
        due.sort_by_key(|f| follow_up_rank(f));
        let due: Vec<String> = due.iter().map(|f| item_id(ItemKind::FollowUp, f.id)).collect();
        // After-event follow-ups due tomorrow may be listed early, among the other items.
        let shown: Vec<&str> = (p.items.iter().filter(|i| i.kind == ItemKind::FollowUp))
            .map(|i| i.id.as_str())
            .filter(|id| due.iter().any(|d| d == id))
            .collect();
        // Never silently dropped: each due follow-up is listed or counted.
        prop_assert_eq!(shown.len() + p.more_overdue, due.len() + inp.follow_ups_not_read);
        // Most important first: the listed ones are the top of the ranking, in its order,
        // and they open the plan.
        prop_assert_eq!(&shown[..], &due.iter().map(String::as_str).collect::<Vec<_>>()[..shown.len()]);
        prop_assert_eq!(&listed[..shown.len()], &shown[..]);
        // A left-out due follow-up leaves no room for a keep-in-touch item.
        let left_out = shown.len() < due.len() + inp.follow_ups_not_read;
        let lists_keep = p.items.iter().any(|i| i.kind == ItemKind::KeepInTouch);
        prop_assert!(!(left_out && lists_keep), "{p:?}");
        // The budget holds, but for the single first step of an empty plan.
        let room = inp.budget_minutes.saturating_sub(p.done_minutes);
        let single_first = p.items.len() == 1 && p.done_minutes == 0;
        prop_assert!(p.planned_minutes <= room || single_first, "{p:?}");
        if single_first && p.planned_minutes > room && !due.is_empty() {
            prop_assert_eq!(listed[0], due[0].as_str());
        }
        prop_assert!(listed.iter().all(|id| !inp.done_ids.contains(*id)));
        let unique: BTreeSet<&str> = listed.iter().copied().collect();
        prop_assert_eq!(unique.len(), listed.len());
    }

    #[test]
    fn the_same_input_in_any_order_gives_the_same_plan(inp in arb_input(), turn in 0usize..10) {
        let mut shuffled = inp.clone();
        shuffled.follow_ups.reverse();
        shuffled.keep_in_touch.reverse();
        let n = shuffled.keep_in_touch.len().max(1);
        shuffled.keep_in_touch.rotate_left(turn % n);
        prop_assert_eq!(plan(&inp), plan(&shuffled));
    }
}

#[test]
fn the_give_item_offers_yours_first_and_never_doubles_a_verb() {
    let mut inp = PlanInput::new(d(TODAY), 20);
    let need = "help proofreading press releases".to_string();
    let give = |yours: Option<&str>, introduce: Option<Introduction>| GiveCandidate {
        person_id: 7,
        name: "Jenna Ortiz".into(),
        need: need.clone(),
        introduce,
        yours: yours.map(str::to_string),
    };
    let morgan = Introduction {
        person_id: 8,
        name: "Morgan Hale".into(),
        offer: "proofreading".into(),
    };
    inp.give = Some(give(
        Some("proofreading press releases"),
        Some(morgan.clone()),
    ));
    let item = plan(&inp).items.remove(0);
    assert_eq!(
        item.reason,
        "Jenna needs “help proofreading press releases”; you offer “proofreading press releases”"
    );
    assert_eq!(item.action, "write to Jenna and offer it");
    assert_eq!(item.with, None);

    inp.give = Some(give(None, None));
    let item = plan(&inp).items.remove(0);
    assert_eq!(
        item.reason,
        "Jenna needs “help proofreading press releases”"
    );
    assert_eq!(
        item.action,
        "ask Jenna how it is going, and think of who could help"
    );
    for text in [&item.reason, &item.action] {
        assert!(!text.contains("help with “help"), "{text}");
    }

    inp.give = Some(give(None, Some(morgan)));
    let item = plan(&inp).items.remove(0);
    assert_eq!(item.with.as_ref().map(|w| w.id), Some(8));
}

#[test]
fn an_after_event_reason_names_the_meeting_day_not_the_day_it_was_added() {
    let today = d(TODAY);
    let mut inp = PlanInput::new(today, 60);
    inp.follow_ups = vec![FollowUpDue {
        met_on: Some(d("2026-11-20")),
        ..fu(1, 1, TODAY, Origin::AfterEvent)
    }];
    let p = plan(&inp);
    assert_eq!(p.items[0].reason, "you met on 20 Nov; due today");
}

#[test]
fn an_after_event_follow_up_due_tomorrow_is_listed_early_when_there_is_room() {
    let today = d(TODAY);
    let tomorrow = "2026-11-26";
    let mut inp = PlanInput::new(today, 10);
    inp.follow_ups = vec![
        fu(1, 1, TODAY, Origin::Manual),
        FollowUpDue {
            met_on: Some(d("2026-11-24")),
            ..fu(2, 2, tomorrow, Origin::AfterEvent)
        },
        // Only the note after meeting someone is brought forward, and only by a day.
        fu(3, 3, tomorrow, Origin::Manual),
        fu(4, 4, "2026-11-27", Origin::AfterEvent),
    ];
    inp.keep_in_touch = vec![kit(5, Some("2026-05-01"), 30, Some(Tier::Close))];
    let p = plan(&inp);
    assert_eq!(ids(&p), ["f1", "f2"]);
    assert_eq!(
        p.items[1].reason,
        "you met on 24 Nov; due tomorrow; best while the meeting is fresh"
    );
    // Not counted as overdue when it does not fit: it is not due yet.
    inp.budget_minutes = 5;
    let p = plan(&inp);
    assert_eq!(ids(&p), ["f1"]);
    assert_eq!((p.more, p.more_overdue), (2, 0));
}

fn meeting(person_id: i64, summary: &str) -> Meeting {
    Meeting {
        person_id,
        name: format!("Mo {person_id}"),
        summary: summary.to_string(),
    }
}

#[test]
fn tomorrows_prep_comes_last_and_only_when_the_budget_leaves_room() {
    let mut inp = PlanInput::new(d(TODAY), 15);
    inp.keep_in_touch = vec![kit(1, Some("2026-05-01"), 30, Some(Tier::Close))];
    inp.meetings_tomorrow = vec![meeting(2, "coffee at the Engine")];
    let p = plan(&inp);
    let ids: Vec<&str> = p.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, vec!["k1", "p2"]);
    assert_eq!(p.items[1].reason, "meeting tomorrow: coffee at the Engine");
    inp.budget_minutes = 5;
    let p = plan(&inp);
    assert_eq!(p.items.len(), 1);
    assert_eq!(p.more, 1);
    // On the day, the same id ranks with today's prep, ahead of keeping in touch.
    inp.meetings_today = inp.meetings_tomorrow.clone();
    inp.budget_minutes = 15;
    let p = plan(&inp);
    assert_eq!(p.items[0].id, "p2");
    assert_eq!(p.items[0].reason, "meeting today: coffee at the Engine");
    assert_eq!(p.items.iter().filter(|i| i.id == "p2").count(), 1);
}

#[test]
fn birthdays_show_as_many_days_ahead_as_asked() {
    let mut inp = PlanInput::new(d(TODAY), 60);
    // 25 Nov is today; 28 Nov three days ahead.
    inp.birthdays = vec![bday(1, 11, 28)];
    assert!(plan(&inp).items.is_empty());
    inp.birthday_days_ahead = 3;
    let p = plan(&inp);
    assert_eq!(p.items[0].id, "b1");
    assert_eq!(p.items[0].reason, "birthday on Saturday 28 Nov");
    inp.birthday_days_ahead = 2;
    assert!(plan(&inp).items.is_empty());
}

fn give(person_id: i64) -> GiveCandidate {
    GiveCandidate {
        person_id,
        name: "Ed Moss".into(),
        need: "feedback on my portfolio".into(),
        introduce: None,
        yours: Some("portfolio feedback".into()),
    }
}

/// `n` loose ties due, the first the longest overdue.
fn backlog(n: i64) -> Vec<KeepInTouch> {
    (1..=n)
        .map(|p| kit(p, Some("2026-01-01"), 180, Some(Tier::Loose)))
        .map(|mut k| {
            k.next_due = k.next_due + Days::new(u64::try_from(k.person_id).unwrap());
            k
        })
        .collect()
}

#[test]
fn keep_in_touch_dues_rank_by_days_late_then_closeness() {
    let today = d(TODAY);
    let mut inp = PlanInput::new(today, 60);
    let due = |p, days_late: u64, tier| {
        let mut k = kit(p, Some("2026-01-01"), 30, Some(tier));
        k.next_due = today - Days::new(days_late);
        k
    };
    inp.keep_in_touch = vec![
        due(1, 3, Tier::Inner),
        due(2, 10, Tier::Loose),
        due(3, 10, Tier::Close),
        due(4, 400, Tier::Loose),
        due(5, 2_000, Tier::Regular),
        // Not due yet: never listed.
        due(6, 0, Tier::Inner),
    ];
    inp.keep_in_touch[5].next_due = today + Days::new(1);
    // A year late or more ranks as a year late, the closer first; then the days late,
    // the closer first among the equally late.
    assert_eq!(ids(&plan(&inp)), ["k5", "k4", "k3", "k2", "k1"]);
    assert!(keep_rank(10, Some(Tier::Loose), 0) > keep_rank(9, Some(Tier::Inner), 100));
    assert!(keep_rank(10, Some(Tier::Inner), 0) > keep_rank(10, Some(Tier::Close), 30));
    assert!(keep_rank(10, Some(Tier::Loose), 100) > keep_rank(10, Some(Tier::Regular), 0));
    assert_eq!(
        keep_rank(MAX_LATE_DAYS, None, 20),
        keep_rank(MAX_LATE_DAYS * 3, None, 20)
    );
    assert_eq!(keep_rank(-5, None, 20), keep_rank(0, None, 20));
}

#[test]
fn the_give_and_reach_out_share_grows_with_the_budget() {
    assert_eq!(
        [5, 10, 15, 20, 30, 40, 60].map(growth_share),
        [0, 0, 2, 5, 10, 15, 25]
    );
    // A backlog the day can clear: the give goes ahead of it within its share (5 of 20
    // minutes); the reach-out, beyond the share, comes after it and fits.
    let mut inp = PlanInput::new(d(TODAY), 20);
    inp.keep_in_touch = backlog(1);
    inp.give = Some(give(20));
    inp.reach_out = Some(reach(21));
    assert_eq!(ids(&plan(&inp)), ["k1", "g20", "r21"]);
    // At 10 minutes the dues come first: the give only fits behind them.
    inp.budget_minutes = 10;
    inp.reach_out = None;
    assert_eq!(ids(&plan(&inp)), ["k1", "g20"]);
    inp.keep_in_touch = backlog(2);
    let p = plan(&inp);
    assert_eq!((ids(&p), p.more), (vec!["k1", "k2"], 1));
}

#[test]
fn a_backlog_the_day_cannot_clear_keeps_the_give_back_but_on_every_seventh_day() {
    let today = d(TODAY);
    let mut inp = PlanInput::new(today, 20);
    inp.keep_in_touch = backlog(4);
    // Dues the store counted but did not pass make it a backlog too.
    inp.keep_in_touch_not_read = 10;
    inp.give = Some(give(20));
    inp.growth_last_done = Some((today - Days::new(1), ItemKind::Give));
    let p = plan(&inp);
    assert_eq!(ids(&p), ["k1", "k2", "k3", "k4"]);
    assert_eq!(p.more, 10 + 1);
    inp.growth_last_done = Some((today - Days::new(6), ItemKind::Give));
    assert_eq!(ids(&plan(&inp)), ["k1", "k2", "k3", "k4"]);
    inp.growth_last_done = Some((today - Days::new(7), ItemKind::Give));
    assert_eq!(ids(&plan(&inp)), ["k1", "g20", "k2", "k3"]);
    inp.growth_last_done = None;
    assert_eq!(ids(&plan(&inp)), ["k1", "g20", "k2", "k3"]);
    // Three dues and a give fit in the day: no backlog, the give goes ahead.
    inp.keep_in_touch = backlog(3);
    inp.keep_in_touch_not_read = 0;
    inp.growth_last_done = Some((today - Days::new(1), ItemKind::Give));
    assert_eq!(ids(&plan(&inp)), ["k1", "g20", "k2", "k3"]);
    // A give done today counts against the share and the budget.
    inp.done_ids = ["g20".to_string()].into();
    let p = plan(&inp);
    assert_eq!((ids(&p), p.done_minutes), (vec!["k1", "k2", "k3"], 5));
}

#[test]
fn the_give_and_reach_out_take_turns_in_a_share_that_holds_one() {
    let today = d(TODAY);
    let mut inp = PlanInput::new(today, 30);
    inp.keep_in_touch = backlog(8);
    inp.give = Some(give(20));
    inp.reach_out = Some(reach(21));
    // 10 minutes of share: the give (5) goes ahead; the reach-out (10) no longer fits.
    inp.growth_last_done = Some((today - Days::new(7), ItemKind::ReachOut));
    assert_eq!(ids(&plan(&inp)), ["k1", "g20", "k2", "k3", "k4", "k5"]);
    // The give went last time: the reach-out's turn.
    inp.growth_last_done = Some((today - Days::new(7), ItemKind::Give));
    assert_eq!(ids(&plan(&inp)), ["k1", "r21", "k2", "k3", "k4"]);
}
