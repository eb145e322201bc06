//! Who an imported contact is: a shared phone or e-mail address alone never merges two
//! names that plainly belong to two people, and a record with nothing but a name is
//! found again on the next import.

mod backends;

use backends::each_backend;
use chrono::NaiveDate;
use warmline_store::{ImportOptions, ImportReport, IncomingContact, Store};

fn options(source: &str) -> ImportOptions {
    ImportOptions {
        source: source.into(),
        overwrite: false,
        dry_run: false,
        today: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
    }
}

fn import(s: &Store, source: &str, records: &[IncomingContact]) -> ImportReport {
    s.import(&options(source), |imp| {
        for r in records {
            imp.contact(r)?;
        }
        Ok::<(), warmline_store::StoreError>(())
    })
    .unwrap()
}

fn contact(line: u64, name: &str, emails: &[&str], phones: &[&str]) -> IncomingContact {
    IncomingContact {
        line,
        name: name.into(),
        emails: emails.iter().map(|e| e.to_string()).collect(),
        phones: phones.iter().map(|p| p.to_string()).collect(),
        ..IncomingContact::default()
    }
}

#[test]
fn a_shared_office_line_keeps_two_people_apart_and_says_so() {
    each_backend(
        "a_shared_office_line_keeps_two_people_apart_and_says_so",
        |s| {
            let file = [
                contact(
                    1,
                    "Ada Lovelace",
                    &["ada@example.com"],
                    &["+1 206 555 0100"],
                ),
                contact(5, "Front Desk", &[], &["+1 (206) 555-0100"]),
                contact(9, "Charles Babbage", &["office@example.com"], &[]),
                contact(12, "Engine Office", &["office@example.com"], &[]),
            ];
            let first = import(s, "google", &file);
            assert_eq!((first.people.added, first.people.updated), (4, 0));
            assert_eq!(s.count_people().unwrap(), 4);
            assert_eq!(first.shared_count, 2);
            let desk = &first.shared[0];
            assert_eq!(
                (desk.line, desk.name.as_str(), desk.with_name.as_str()),
                (5, "Front Desk", "Ada Lovelace")
            );
            assert_eq!(desk.what, "the phone number +1 (206) 555-0100");
            assert_eq!(
                first.shared[1].what,
                "the e-mail address office@example.com"
            );
            // Both keep the number, and a second import finds each again.
            assert_eq!(s.person(desk.id).unwrap().phones, ["+1 (206) 555-0100"]);
            let again = import(s, "google", &file);
            assert_eq!(
                (
                    again.people.added,
                    again.people.updated,
                    again.people.unchanged
                ),
                (0, 0, 4)
            );
            assert_eq!(again.shared_count, 0);
        },
    );
}

#[test]
fn the_same_person_written_another_way_is_still_merged() {
    each_backend("the_same_person_written_another_way_is_still_merged", |s| {
        import(
            s,
            "vcard",
            &[contact(1, "Ada Lovelace", &[], &["+1 206 555 0100"])],
        );
        let r = import(
            s,
            "google",
            &[
                contact(
                    1,
                    "Lovelace, Ada",
                    &["ada@example.com"],
                    &["+1 206-555-0100"],
                ),
                contact(2, "A. Lovelace", &["ada@example.com"], &[]),
            ],
        );
        assert_eq!((r.people.added, r.shared_count), (0, 0));
        assert_eq!(s.count_people().unwrap(), 1);
    });
}

#[test]
fn a_record_with_only_a_name_is_found_again_by_source_name_and_organisation() {
    each_backend(
        "a_record_with_only_a_name_is_found_again_by_source_name_and_organisation",
        |s| {
            let with_org = |name: &str, org: Option<&str>| IncomingContact {
                line: 1,
                name: name.into(),
                org: org.map(str::to_string),
                notes: Some("met at the meetup".into()),
                ..IncomingContact::default()
            };
            let file = [
                with_org("Grace Hopper", Some("Navy")),
                with_org("Alan Turing", None),
            ];
            assert_eq!(import(s, "vcard", &file).people.added, 2);
            let again = import(s, "vcard", &file);
            assert_eq!((again.people.added, again.people.unchanged), (0, 2));
            assert_eq!(s.count_people().unwrap(), 2);
            // Another organisation, or another source, is not enough to be the same person.
            assert_eq!(
                import(s, "vcard", &[with_org("Grace Hopper", Some("Yale"))])
                    .people
                    .added,
                1
            );
            assert_eq!(
                import(s, "google", &[with_org("Alan Turing", None)])
                    .people
                    .added,
                1
            );
            assert_eq!(s.count_people().unwrap(), 4);
        },
    );
}
