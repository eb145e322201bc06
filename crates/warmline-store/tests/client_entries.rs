//! Captures sent from a device, on both backends: each id is recorded once with who it
//! was about, found again by the same id, and only by this network's store.

mod backends;

use backends::each_backend;
use chrono::NaiveDate;
use warmline_store::{ClientEntry, NewPerson, Store};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn dana(s: &Store) -> i64 {
    s.add_person(
        &NewPerson {
            name: "Dana Lee".into(),
            ..NewPerson::default()
        },
        d("2026-12-03"),
    )
    .unwrap()
}

#[test]
fn a_capture_is_recorded_once_and_found_by_its_id() {
    each_backend("client_entries::once", |s| {
        let id = "0f8fad5b-d9cb-469f-a165-70867728950e";
        assert_eq!(s.client_entry(id).unwrap(), None);
        let person = dana(s);
        s.atomic(|s| s.record_client_entry(id, "met", person, d("2026-12-03")))
            .unwrap();
        let want = ClientEntry {
            kind: "met".into(),
            person,
            created_on: d("2026-12-03"),
        };
        assert_eq!(s.client_entry(id).unwrap(), Some(want.clone()));
        // A second record of the same id is refused and changes nothing.
        let err = s
            .record_client_entry(id, "met", person + 1, d("2026-12-04"))
            .unwrap_err();
        assert!(err.to_string().contains("already received"), "{err}");
        assert_eq!(s.client_entry(id).unwrap(), Some(want));
        assert_eq!(s.client_entry("another-id-0000").unwrap(), None);
    });
}

#[test]
fn a_record_rolled_back_with_its_capture_is_not_kept() {
    each_backend("client_entries::rollback", |s| {
        let id = "rolled-back-0001";
        let person = dana(s);
        let failed: Result<(), _> = s.atomic(|s| {
            s.record_client_entry(id, "met", person, d("2026-12-03"))?;
            Err(warmline_store::StoreError::Invalid(
                "the capture failed".into(),
            ))
        });
        assert!(failed.is_err());
        assert_eq!(s.client_entry(id).unwrap(), None);
    });
}

#[test]
fn another_account_never_sees_a_capture() {
    let Some(url) = backends::postgres() else {
        return;
    };
    let one = backends::open_postgres(&url);
    let two = backends::open_postgres(&url);
    let person = dana(&one);
    one.record_client_entry("shared-id-0001", "met", person, d("2026-12-03"))
        .unwrap();
    assert_eq!(two.client_entry("shared-id-0001").unwrap(), None);
    // The same id on another account is that account's own.
    let theirs = dana(&two);
    two.record_client_entry("shared-id-0001", "met", theirs, d("2026-12-03"))
        .unwrap();
    assert_eq!(
        one.client_entry("shared-id-0001").unwrap().unwrap().person,
        person
    );
    one.delete_account().unwrap();
    assert_eq!(one.client_entry("shared-id-0001").unwrap(), None);
    assert_eq!(
        two.client_entry("shared-id-0001").unwrap().unwrap().person,
        theirs
    );
    two.delete_account().unwrap();
}
