use super::*;
use crate::date::parse_iso;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    parse_iso(s).unwrap()
}

fn act(on: &str, direction: Direction, people: &[PersonId]) -> Activity {
    let (on, people) = (d(on), people.to_vec());
    Activity {
        on,
        kind: Kind::Email,
        direction,
        people,
    }
}

fn joined(person_id: PersonId, created: &str, met: Option<&str>) -> Joined {
    let (created_on, met_on) = (d(created), met.map(d));
    Joined {
        person_id,
        created_on,
        met_on,
    }
}

fn pref(id: PersonId, name: &str) -> PersonRef {
    PersonRef {
        id,
        name: name.to_string(),
    }
}

#[test]
fn weeks_start_on_monday_across_year_ends() {
    assert_eq!(week_start(d("2027-01-01")), d("2026-12-28"));
    assert_eq!(week_start(d("2026-12-28")), d("2026-12-28"));
    assert_eq!(week_start(d("2027-01-03")), d("2026-12-28"));
}

#[test]
fn weekly_counts_and_network_size() {
    let log = ActivityLog {
        interactions: vec![
            act("2026-12-28", Direction::Outbound, &[1]),
            act("2027-01-03", Direction::Inbound, &[1, 2]),
            act("2027-01-04", Direction::Mutual, &[2]),
            act("2027-01-09", Direction::Mutual, &[2]), // after today
        ],
        people: vec![
            joined(1, "2027-01-04", Some("2026-12-30")),
            joined(2, "2027-01-04", None),
            joined(3, "2020-01-01", None),
        ],
        follow_ups_done: vec![d("2027-01-02"), d("2027-01-05")],
    };
    let s = stats(&log, d("2027-01-05"), 3, RestDays::NONE);
    let starts: Vec<NaiveDate> = s.weeks.iter().map(|w| w.start).collect();
    assert_eq!(starts, [d("2026-12-21"), d("2026-12-28"), d("2027-01-04")]);
    let counts: Vec<(u32, u32, u32, u32)> = (s.weeks.iter())
        .map(|w| (w.touches, w.new_people, w.follow_ups_done, w.people_total))
        .collect();
    assert_eq!(counts, [(0, 0, 0, 1), (2, 1, 1, 2), (1, 1, 1, 3)]);
    assert_eq!(
        s.streak,
        Streak {
            current: 4,
            best: 4
        }
    );
    assert_eq!(
        stats(&log, d("2027-01-05"), 0, RestDays::NONE).weeks.len(),
        1
    );
    assert_eq!(
        stats(&log, d("2027-01-05"), u32::MAX, RestDays::NONE)
            .weeks
            .len(),
        520
    );
}

#[test]
fn rates_cover_their_named_period_whatever_the_weeks_shown() {
    let log = ActivityLog {
        interactions: vec![
            act("2026-10-05", Direction::Outbound, &[1]), // before the last four weeks
            act("2026-11-02", Direction::Outbound, &[2]),
            act("2026-11-04", Direction::Inbound, &[2]),
        ],
        ..ActivityLog::default()
    };
    let today = d("2026-11-25");
    for weeks in [1, 4, 12, 52] {
        let s = stats(&log, today, weeks, RestDays::NONE);
        assert_eq!(s.period, "last 4 weeks");
        assert_eq!((s.period_weeks, s.period_start), (4, d("2026-11-02")));
        assert_eq!((s.outbound_counted, s.outbound_answered), (1, 1));
    }
    assert_eq!(Period::last_weeks(today, 1).name(), "this week");
    assert_eq!(Period::last_weeks(today, 52).name(), "last 52 weeks");
    assert_eq!(Period::last_weeks(today, 0).weeks, 1);
}

#[test]
fn latency_counts_the_first_later_day() {
    let log = ActivityLog {
        interactions: vec![
            act("2026-11-02", Direction::Mutual, &[1, 2]), // the meeting itself
            act("2026-11-05", Direction::Outbound, &[1]),
            act("2026-11-09", Direction::Outbound, &[1]),
            act("2026-11-03", Direction::Outbound, &[2]),
            act("2026-11-04", Direction::Outbound, &[9]),
        ],
        people: vec![
            joined(1, "2026-11-02", Some("2026-11-02")),
            joined(2, "2026-11-02", Some("2026-11-02")),
            joined(3, "2026-11-02", Some("2026-11-03")), // never followed up
            joined(9, "2026-01-01", Some("2025-06-01")), // met before the window
        ],
        follow_ups_done: Vec::new(),
    };
    let s = stats(&log, d("2026-11-25"), 8, RestDays::NONE);
    assert_eq!(s.follow_up_latency_days_median, Some(2.0));
    assert_eq!((s.people_met, s.people_followed_up), (3, 2));
    assert_eq!(median(&[1, 5, 9]), Some(5.0));
    assert_eq!(median(&[]), None);
}

#[test]
fn replies_within_two_weeks_count() {
    let log = ActivityLog {
        interactions: vec![
            act("2026-10-01", Direction::Inbound, &[1]), // before the outreach: no answer
            act("2026-10-05", Direction::Outbound, &[1]),
            act("2026-10-10", Direction::Outbound, &[2, 3]),
            act("2026-10-24", Direction::Mutual, &[3]), // day 14: answers the group note
            act("2026-11-01", Direction::Outbound, &[4]),
            act("2026-11-20", Direction::Inbound, &[4]), // too late
            act("2026-11-20", Direction::Outbound, &[5]), // window still open
        ],
        ..ActivityLog::default()
    };
    let today = d("2026-11-25");
    let s = stats_in(
        &log,
        today,
        12,
        Period::last_weeks(today, 12),
        RestDays::NONE,
    );
    assert_eq!((s.outbound_counted, s.outbound_answered), (3, 1));
    assert_eq!(s.reply_rate, Some(1.0 / 3.0));
    assert_eq!(
        stats(&ActivityLog::default(), d("2026-11-25"), 4, RestDays::NONE).reply_rate,
        None
    );
}

fn due(kind: ItemKind, id: PersonId, on: &str) -> DueSoon {
    let (person, due, text) = (pref(id, "X"), d(on), String::new());
    DueSoon {
        kind,
        person,
        due,
        text,
    }
}

fn busy_week() -> ActivityLog {
    // Monday 2026-11-16 to Sunday 2026-11-22, 3 touches on each weekday.
    let interactions = (16..=20)
        .flat_map(|day| {
            (0..3).map(move |i| act(&format!("2026-11-{day}"), Direction::Outbound, &[i]))
        })
        .collect();
    let people = vec![joined(1, "2026-11-17", None), joined(2, "2026-11-18", None)];
    ActivityLog {
        interactions,
        people,
        follow_ups_done: vec![d("2026-11-17"); 3],
    }
}

fn review_input(today: &str) -> ReviewInput {
    let (targets, rest) = (Targets::default(), RestDays::WEEKEND);
    ReviewInput {
        today: d(today),
        targets,
        rest,
        went_cold: Vec::new(),
        due: Vec::new(),
    }
}

#[test]
fn review_looks_at_the_last_complete_week() {
    assert_eq!(reviewed_week(d("2026-11-23")), d("2026-11-16"));
    assert_eq!(reviewed_week(d("2026-11-22")), d("2026-11-16"));
    assert_eq!(reviewed_week(d("2026-11-21")), d("2026-11-09"));
    let r = review(&busy_week(), &review_input("2026-11-23"));
    assert_eq!(
        (r.week_start, r.week_end),
        (d("2026-11-16"), d("2026-11-22"))
    );
    assert_eq!(
        r.touches,
        Progress {
            done: 15,
            target: 15,
            met: true
        }
    );
    assert_eq!(
        r.new_people,
        Progress {
            done: 2,
            target: 2,
            met: true
        }
    );
    assert_eq!(r.follow_ups_done.done, 3);
    assert_eq!(
        r.active_days,
        Progress {
            done: 5,
            target: 5,
            met: true
        }
    );
    assert!(
        r.suggestion.starts_with("Every target met"),
        "{}",
        r.suggestion
    );
}

#[test]
fn review_suggestions_follow_their_order() {
    let log = busy_week();
    let mut input = review_input("2026-11-23");
    input.due = vec![
        due(ItemKind::KeepInTouch, 4, "2026-11-24"),
        due(ItemKind::FollowUp, 3, "2026-12-20"),
        due(ItemKind::FollowUp, 2, "2026-11-20"),
    ];
    input.went_cold = vec![pref(8, "Zoe"), pref(7, "Ann")];
    let r = review(&log, &input);
    let listed: Vec<PersonId> = r.due.iter().map(|x| x.person.id).collect();
    assert_eq!(
        (listed, r.overdue, r.ahead_until),
        (vec![2, 4], 1, d("2026-11-29"))
    );
    assert_eq!(
        r.suggestion,
        "Clear the 1 overdue follow-up first: a late note still beats none."
    );
    input.due.clear();
    let r = review(&log, &input);
    assert!(
        r.suggestion.starts_with("Ann and 1 other went cold"),
        "{}",
        r.suggestion
    );
    input.went_cold.clear();
    input.targets.daily_touches = 4;
    let r = review(&log, &input);
    assert!(
        r.suggestion.starts_with("You made 15 of 20 touches"),
        "{}",
        r.suggestion
    );
    input.targets = Targets {
        weekly_new_people: 3,
        ..Targets::default()
    };
    assert!(
        review(&log, &input)
            .suggestion
            .starts_with("You met 2 new people this week, against 3")
    );
    let r = review(&ActivityLog::default(), &input);
    assert!(r.suggestion.starts_with("Start small"), "{}", r.suggestion);
}

fn arb_log() -> impl Strategy<Value = ActivityLog> {
    let day = || (0u64..400).prop_map(|o| d("2025-12-01") + Days::new(o));
    let acts = proptest::collection::vec(
        (day(), 0usize..3, proptest::collection::vec(0i64..8, 0..3)),
        0..60,
    );
    let people = proptest::collection::vec((day(), proptest::option::of(day())), 0..12);
    let done = proptest::collection::vec(day(), 0..10);
    (acts, people, done).prop_map(|(acts, people, follow_ups_done)| {
        let dirs = [Direction::Outbound, Direction::Inbound, Direction::Mutual];
        let interactions = (acts.into_iter())
            .map(|(on, dir, people)| Activity {
                on,
                kind: Kind::Call,
                direction: dirs[dir],
                people,
            })
            .collect();
        let people = (people.into_iter().enumerate())
            .map(|(i, (created_on, met_on))| Joined {
                person_id: i as i64,
                created_on,
                met_on,
            })
            .collect();
        ActivityLog {
            interactions,
            people,
            follow_ups_done,
        }
    })
}

proptest! {
    #[test]
    fn counts_from_any_start_give_the_same_weeks(
        log in arb_log(),
        weeks in 1u32..30,
        off in 0u64..400,
        earlier in 0u64..200,
    ) {
        // What the store hands over may start before the weeks shown: nothing changes.
        let today = d("2025-12-01") + Days::new(off);
        let first = Period::last_weeks(today, weeks).from;
        let wide = DailyCounts::from_log(&log, first - Days::new(earlier), today);
        let exact = DailyCounts::from_log(&log, first, today);
        prop_assert_eq!(week_counts(&wide, first, today), week_counts(&exact, first, today));
    }

    #[test]
    fn week_buckets_add_up(log in arb_log(), weeks in 1u32..70, off in 0u64..400) {
        let today = d("2025-12-01") + Days::new(off);
        let s = stats(&log, today, weeks, RestDays::NONE);
        prop_assert_eq!(s.weeks.len(), weeks as usize);
        let first = s.weeks[0].start;
        let within = |x: &NaiveDate| first <= *x && *x <= today;
        let sum = |f: fn(&WeekStats) -> u32| s.weeks.iter().map(f).sum::<u32>() as usize;
        prop_assert_eq!(sum(|w| w.touches), log.interactions.iter().filter(|a| within(&a.on)).count());
        prop_assert_eq!(sum(|w| w.new_people), log.people.iter().filter(|p| within(&p.on())).count());
        prop_assert_eq!(sum(|w| w.follow_ups_done), log.follow_ups_done.iter().filter(|x| within(x)).count());
        for pair in s.weeks.windows(2) {
            prop_assert_eq!(pair[1].start - pair[0].start, chrono::Duration::days(7));
            prop_assert!(pair[0].people_total <= pair[1].people_total);
        }
        let last = s.weeks.last().unwrap();
        prop_assert!(last.start <= today && today < last.start + Days::new(7));
        prop_assert_eq!(last.people_total as usize, log.people.iter().filter(|p| p.on() <= today).count());
        prop_assert!(s.reply_rate.is_none_or(|r| (0.0..=1.0).contains(&r)));
        prop_assert!(s.people_followed_up <= s.people_met);
    }
}
