//! Property: any people, exported as vCard and imported into an empty database, come back
//! as the same people. In-process (store and formats, as the command wires them), so that
//! hundreds of cases run in seconds.

use chrono::NaiveDate;
use proptest::prelude::*;
use warmline_core::person::Birthday;
use warmline_formats::{ContactRecord, vcard, vcard_out};
use warmline_store::{ImportOptions, IncomingContact, NewPerson, Store};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default()
}

/// Text as people type it: letters with accents, punctuation that vCard must escape.
fn words() -> impl Strategy<Value = String> {
    "[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9 ,;:.'\\\\-]{0,20}[A-Za-zÀ-ÿ]"
}

fn person() -> impl Strategy<Value = NewPerson> {
    (
        words(),
        proptest::collection::vec("[a-z]{1,8}(\\.[a-z]{1,5})?@[a-z]{1,8}\\.(com|org|de)", 0..3),
        proptest::collection::vec("\\+[1-9][0-9]{6,11}", 0..3),
        proptest::option::of(words()),
        proptest::option::of(words()),
        proptest::option::of(words()),
        proptest::option::of("[a-z0-9-]{2,20}"),
        proptest::option::of((1900i32..2010, 1u32..13, 1u32..29)),
        // Tags with single spaces: a label's inner whitespace is collapsed on import.
        proptest::collection::vec("[a-z][a-z0-9-]{0,8}( [a-z0-9-]{1,5})?", 0..3),
        proptest::option::of("[A-Za-z0-9 ,;:.\\n'\"\\\\=-]{1,60}"),
    )
        .prop_map(
            |(name, emails, phones, org, title, location, handle, born, tags, notes)| NewPerson {
                name,
                emails,
                phones,
                org,
                title,
                location,
                linkedin: handle.map(|h| format!("https://www.linkedin.com/in/{h}")),
                birthday: born.map(|(y, m, d)| Birthday {
                    year: Some(y),
                    month: m,
                    day: d,
                }),
                tags,
                notes: notes.unwrap_or_default(),
                source: "manual".into(),
                ..NewPerson::default()
            },
        )
}

/// What a person is, for comparison: everything a vCard carries.
fn shape(store: &Store) -> Vec<String> {
    let mut out: Vec<String> = store
        .export_people()
        .unwrap_or_default()
        .into_iter()
        .map(|e| {
            let p = e.person;
            format!(
                "{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}",
                p.name,
                p.emails,
                p.phones,
                p.org,
                p.title,
                p.location,
                p.linkedin,
                p.birthday,
                p.tags,
                p.notes.trim()
            )
        })
        .collect();
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn people_survive_a_vcard_round_trip(people in proptest::collection::vec(person(), 1..6)) {
        let original = Store::open_in_memory().unwrap();
        // An address, phone or profile names one person: generated people that share one
        // would rightly be merged on import, so later ones give theirs up.
        let mut seen = std::collections::HashSet::new();
        for mut p in people {
            p.emails.retain(|e| seen.insert(e.to_lowercase()));
            p.phones.retain(|ph| seen.insert(ph.clone()));
            if let Some(l) = &p.linkedin && !seen.insert(l.clone()) {
                p.linkedin = None;
            }
            original.add_person(&p, today()).unwrap();
        }
        let records: Vec<ContactRecord> = original
            .export_people()
            .unwrap()
            .into_iter()
            .map(|e| ContactRecord { uid: Some(e.uid), ..ContactRecord::from(&e.person) })
            .collect();
        let mut bytes = Vec::new();
        vcard_out::write_vcards(&mut bytes, &records).unwrap();
        let copy = Store::open_in_memory().unwrap();
        let options = ImportOptions {
            source: "vcard".into(),
            overwrite: false,
            dry_run: false,
            today: today(),
        };
        let report = copy
            .import(&options, |imp| -> Result<(), warmline_store::StoreError> {
                for r in vcard::vcards(&bytes[..]) {
                    let c = r.map_err(|e| warmline_store::StoreError::Invalid(e.to_string()))?;
                    imp.contact(&IncomingContact::from(c))?;
                }
                Ok(())
            })
            .unwrap();
        prop_assert_eq!(report.added as usize, records.len());
        prop_assert_eq!(shape(&copy), shape(&original));
    }
}

#[test]
fn the_store_and_the_formats_derive_the_same_uid() {
    for id in [1, 2, 99, 123_456] {
        assert_eq!(
            warmline_store::person_uid(id),
            warmline_formats::person_uid(id)
        );
    }
}
