//! The summary change log: every write that can move a person's summary names that
//! person, whichever path it takes, and what cannot be listed is "everyone".

mod backends;

use backends::each_backend;
use chrono::NaiveDate;
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_store::{InteractionEdit, NewPerson, Store, SummaryChanges};

fn today() -> NaiveDate {
    warmline_core::date::parse_iso("2026-11-25").unwrap()
}

fn add(s: &Store, name: &str, org: Option<&str>) -> i64 {
    s.add_person(
        &NewPerson {
            name: name.into(),
            org: org.map(str::to_string),
            ..NewPerson::default()
        },
        today(),
    )
    .unwrap()
}

fn log(s: &Store, people: Vec<i64>) -> i64 {
    s.log_interaction(
        &NewInteraction {
            on: today(),
            kind: Kind::Coffee,
            direction: Direction::Mutual,
            summary: "coffee".into(),
            notes: String::new(),
            source: "manual".into(),
            source_key: None,
            people,
        },
        today(),
    )
    .unwrap()
    .unwrap()
}

/// What changed since `point`, then the point after it.
fn since(s: &Store, point: &mut i64) -> SummaryChanges {
    let (changes, next) = s.summary_changes_since(*point, 100).unwrap();
    assert!(next >= *point);
    *point = next;
    changes
}

fn people(ids: &[i64]) -> SummaryChanges {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    SummaryChanges::People(ids)
}

#[test]
fn each_write_names_the_people_it_touched() {
    each_backend("each_write_names_the_people_it_touched", |s| {
        let mut point = s.summary_log_point().unwrap();
        let dana = add(s, "Dana Lee", Some("Acme PR"));
        let sam = add(s, "Sam Park", None);
        let kim = add(s, "Kim Ode", Some("Acme PR"));
        assert_eq!(since(s, &mut point), people(&[dana, sam, kim]));
        assert_eq!(since(s, &mut point), SummaryChanges::None);

        let coffee = log(s, vec![dana, sam]);
        assert_eq!(since(s, &mut point), people(&[dana, sam]));

        // Moving a conversation moves its people's warmth, and so does taking it away.
        s.edit_interaction(
            coffee,
            &InteractionEdit {
                on: Some(today() - chrono::Duration::days(3)),
                ..InteractionEdit::default()
            },
            today(),
        )
        .unwrap();
        assert_eq!(since(s, &mut point), people(&[dana, sam]));
        let trash = s.remove_interaction(coffee).unwrap();
        assert_eq!(since(s, &mut point), people(&[dana, sam]));
        s.undo(trash).unwrap();
        assert_eq!(since(s, &mut point), people(&[dana, sam]));

        // An organisation's new name shows on everyone there.
        let acme = s.resolve_org("Acme PR").unwrap();
        s.rename_org(acme, "Acme Public Relations", today())
            .unwrap();
        assert_eq!(since(s, &mut point), people(&[dana, kim]));

        // A merge touches both people.
        s.merge_people(dana, kim, today()).unwrap();
        assert_eq!(since(s, &mut point), people(&[dana, kim]));

        // A setting may move anyone's cadence; saving it unchanged moves nothing.
        s.update_settings(|set| {
            set.tier_cadences.close += 7;
            Ok(())
        })
        .unwrap();
        assert_eq!(since(s, &mut point), SummaryChanges::Everyone);
        s.update_settings(|_| Ok(())).unwrap();
        assert_eq!(since(s, &mut point), SummaryChanges::None);
    });
}

#[test]
fn a_bulk_load_is_one_change_for_everyone_and_the_log_speaks_again_after() {
    each_backend(
        "a_bulk_load_is_one_change_for_everyone_and_the_log_speaks_again_after",
        |s| {
            let mut point = s.summary_log_point().unwrap();
            let before = add(s, "Before Load", None);
            since(s, &mut point);
            let noted = s.summary_log_point().unwrap();
            s.bulk(|s| {
                for i in 0..50 {
                    let id = add(s, &format!("Loaded {i}"), None);
                    log(s, vec![id, before]);
                }
                Ok(())
            })
            .unwrap();
            assert_eq!(since(s, &mut point), SummaryChanges::Everyone);
            // Everything before the load is dropped; the log's point still only grows.
            assert!(s.summary_log_point().unwrap() > noted);
            log(s, vec![before]);
            assert_eq!(since(s, &mut point), people(&[before]));
        },
    );
}

#[test]
fn a_load_that_fails_leaves_the_log_speaking() {
    each_backend("a_load_that_fails_leaves_the_log_speaking", |s| {
        let before = add(s, "Before Load", None);
        let mut point = s.summary_log_point().unwrap();
        let failed: Result<(), _> = s.bulk(|s| {
            add(s, "Rolled Back", None);
            Err(warmline_store::StoreError::Unusable {
                path: "test".into(),
                reason: "stopped on purpose".into(),
            })
        });
        assert!(failed.is_err());
        log(s, vec![before]);
        assert_eq!(since(s, &mut point), people(&[before]));
    });
}

#[test]
fn more_people_than_asked_for_is_everyone() {
    each_backend("more_people_than_asked_for_is_everyone", |s| {
        let point = s.summary_log_point().unwrap();
        let ids: Vec<i64> = (0..5).map(|i| add(s, &format!("P {i}"), None)).collect();
        let (few, _) = s.summary_changes_since(point, 5).unwrap();
        assert_eq!(few, people(&ids));
        let (many, _) = s.summary_changes_since(point, 4).unwrap();
        assert_eq!(many, SummaryChanges::Everyone);
    });
}
