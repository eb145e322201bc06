//! Meetings ahead: stored before their day, they count toward nothing (last contact, goal
//! stages, after-event follow-ups) until `settle_scheduled` reaches their day, and stop
//! counting when the clock is set back.

mod backends;

use backends::each_backend;
use chrono::NaiveDate;
use warmline_core::followup::Origin;
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_core::person::Tier;
use warmline_store::{NewPerson, Store};

fn d(s: &str) -> NaiveDate {
    warmline_core::date::parse_iso(s).unwrap()
}

fn person(s: &Store, name: &str) -> i64 {
    let new = NewPerson {
        name: name.into(),
        tier: Some(Tier::Regular),
        ..NewPerson::default()
    };
    s.add_person(&new, d("2026-11-01")).unwrap()
}

fn meeting(on: &str, people: Vec<i64>) -> NewInteraction {
    NewInteraction {
        on: d(on),
        kind: Kind::Coffee,
        direction: Direction::Mutual,
        summary: format!("coffee on {on}"),
        notes: String::new(),
        source: "manual".into(),
        source_key: None,
        people,
    }
}

#[test]
fn a_meeting_ahead_counts_from_its_day_and_not_before() {
    each_backend("a_meeting_ahead_counts_from_its_day_and_not_before", |s| {
        let dana = person(s, "Dana Reyes");
        let today = d("2026-12-01");
        s.settle_scheduled(today).unwrap();
        s.log_interaction(&meeting("2026-11-20", vec![dana]), today)
            .unwrap();
        s.log_interaction(&meeting("2026-12-03", vec![dana]), today)
            .unwrap();
        assert_eq!(s.last_contact(dana).unwrap(), Some(d("2026-11-20")));
        let past: Vec<_> = s
            .interactions_for(dana, 10)
            .unwrap()
            .into_iter()
            .map(|i| i.on)
            .collect();
        assert_eq!(past, vec![d("2026-11-20")]);
        let ahead = s.upcoming(today, d("2026-12-15"), None).unwrap();
        assert_eq!(ahead.len(), 1);
        assert_eq!(ahead[0].date, d("2026-12-03"));
        assert_eq!(ahead[0].people[0].id, dana);
        // Its day comes.
        s.settle_scheduled(d("2026-12-03")).unwrap();
        assert_eq!(s.last_contact(dana).unwrap(), Some(d("2026-12-03")));
        assert_eq!(s.interactions_for(dana, 10).unwrap().len(), 2);
        assert!(
            s.upcoming(d("2026-12-03"), d("2026-12-15"), None)
                .unwrap()
                .is_empty()
        );
        // Set back, it is ahead again.
        s.settle_scheduled(today).unwrap();
        assert_eq!(s.last_contact(dana).unwrap(), Some(d("2026-11-20")));
        // Removing the past one leaves no contact while the other is ahead.
        let past = s.interactions_for(dana, 1).unwrap()[0].id;
        s.remove_interaction(past).unwrap();
        assert_eq!(s.last_contact(dana).unwrap(), None);
    });
}

#[test]
fn a_first_booked_meeting_brings_the_after_event_follow_up_once_it_happened() {
    each_backend(
        "a_first_booked_meeting_brings_the_after_event_follow_up_once_it_happened",
        |s| {
            let dana = person(s, "Dana Reyes");
            let sam = person(s, "Sam Ortiz");
            let today = d("2026-12-01");
            s.settle_scheduled(today).unwrap();
            // Sam is known already: no follow-up after another meeting with him.
            s.log_interaction(&meeting("2026-11-10", vec![sam]), d("2026-11-10"))
                .unwrap();
            s.log_interaction(&meeting("2026-12-02", vec![dana, sam]), today)
                .unwrap();
            assert!(s.follow_ups_for(dana).unwrap().is_empty());
            // Settled days later: due after the meeting, but never born overdue.
            s.settle_scheduled(d("2026-12-07")).unwrap();
            let f = s.follow_ups_for(dana).unwrap();
            assert_eq!(f.len(), 1);
            assert_eq!(f[0].origin, Origin::AfterEvent);
            assert_eq!(f[0].due, d("2026-12-07"));
            assert!(s.follow_ups_for(sam).unwrap().is_empty());
            // Back and forth again: still one.
            s.settle_scheduled(today).unwrap();
            s.settle_scheduled(d("2026-12-08")).unwrap();
            assert_eq!(s.follow_ups_for(dana).unwrap().len(), 1);
        },
    );
}

#[test]
fn the_plan_preps_for_booked_meetings_only() {
    each_backend("the_plan_preps_for_booked_meetings_only", |s| {
        let dana = person(s, "Dana Reyes");
        let today = d("2026-12-01");
        s.settle_scheduled(today).unwrap();
        // Logged on its day, it happened: nothing to prepare.
        s.log_interaction(&meeting("2026-12-01", vec![dana]), today)
            .unwrap();
        let plan = s.today_plan(today, 60).unwrap();
        assert!(!plan.items.iter().any(|i| i.id == format!("p{dana}")));
        s.log_interaction(&meeting("2026-12-02", vec![dana]), today)
            .unwrap();
        let plan = s.today_plan(today, 60).unwrap();
        let prep = plan.items.iter().find(|i| i.id == format!("p{dana}"));
        assert_eq!(
            prep.map(|i| i.reason.as_str()),
            Some("meeting tomorrow: coffee on 2026-12-02")
        );
    });
}

#[test]
fn an_edit_to_a_later_day_books_the_meeting_as_logging_it_there_would() {
    each_backend(
        "an_edit_to_a_later_day_books_the_meeting_as_logging_it_there_would",
        |s| {
            let dana = person(s, "Dana Reyes");
            let today = d("2026-12-01");
            s.settle_scheduled(today).unwrap();
            s.log_interaction(&meeting("2026-11-20", vec![dana]), today)
                .unwrap();
            let coffee = s
                .log_interaction(&meeting("2026-11-28", vec![dana]), today)
                .unwrap()
                .unwrap();
            assert_eq!(s.last_contact(dana).unwrap(), Some(d("2026-11-28")));
            let edit = warmline_store::InteractionEdit {
                on: Some(d("2026-12-04")),
                ..warmline_store::InteractionEdit::default()
            };
            s.edit_interaction(coffee, &edit, today).unwrap();
            // Rescheduled: it no longer counts, and it is listed ahead.
            assert_eq!(s.last_contact(dana).unwrap(), Some(d("2026-11-20")));
            let ahead = s.upcoming(today, d("2026-12-31"), None).unwrap();
            assert_eq!(ahead.len(), 1);
            assert_eq!(ahead[0].interaction_id, Some(coffee));
            // Its day comes.
            s.settle_scheduled(d("2026-12-04")).unwrap();
            assert_eq!(s.last_contact(dana).unwrap(), Some(d("2026-12-04")));
            // Moved back to the past, it counts at once.
            let back = warmline_store::InteractionEdit {
                on: Some(d("2026-11-29")),
                ..warmline_store::InteractionEdit::default()
            };
            s.settle_scheduled(today).unwrap();
            s.edit_interaction(coffee, &back, today).unwrap();
            assert_eq!(s.last_contact(dana).unwrap(), Some(d("2026-11-29")));
            // More than a year ahead is a slip, refused with nothing changed.
            let far = warmline_store::InteractionEdit {
                on: Some(d("2027-12-03")),
                ..warmline_store::InteractionEdit::default()
            };
            let err = s.edit_interaction(coffee, &far, today).unwrap_err();
            assert!(err.to_string().contains("more than a year ahead"), "{err}");
            assert_eq!(s.interaction(coffee).unwrap().on, d("2026-11-29"));
        },
    );
}

/// The first meetings and events of a busy fortnight, as Today's card lists them, are the
/// start of everything ahead in the same order, and the rest are counted.
#[test]
fn the_first_of_a_busy_fortnight_are_the_start_of_everything_ahead() {
    each_backend(
        "the_first_of_a_busy_fortnight_are_the_start_of_everything_ahead",
        |s| {
            let (dana, lee) = (person(s, "Dana Reyes"), person(s, "Lee Park"));
            let today = d("2026-12-01");
            for n in 0..20u64 {
                let on = (today + chrono::Days::new(1 + n % 9)).to_string();
                s.log_interaction(&meeting(&on, vec![dana, lee]), today)
                    .unwrap();
            }
            s.add_event("Design meetup", Some(d("2026-12-02")), None, today)
                .unwrap();
            let until = d("2026-12-15");
            let all = s.upcoming(today, until, None).unwrap();
            assert_eq!(all.len(), 21);
            let (first, total) = s.upcoming_first(today, until, 5).unwrap();
            assert_eq!(total, 21);
            assert_eq!(first, all[..5].to_vec());
            assert!(first.iter().any(|u| u.event_id.is_some()), "{first:?}");
            assert_eq!(first[0].people.len(), 2);
            let (none, total) = s
                .upcoming_first(d("2026-12-20"), d("2027-01-03"), 5)
                .unwrap();
            assert_eq!((none.len(), total), (0, 0));
        },
    );
}
