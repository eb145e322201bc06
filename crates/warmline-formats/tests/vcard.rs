//! vCard import: the producers' quirks, broken files, and round trips through the writer.

use std::fs::File;
use std::path::PathBuf;

use proptest::prelude::*;
use warmline_core::person::Birthday;
use warmline_formats::vcard::vcards;
use warmline_formats::vcard_out::write_vcards;
use warmline_formats::{ContactRecord, FormatError};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn read(name: &str) -> Vec<Result<ContactRecord, FormatError>> {
    vcards(File::open(data(name)).unwrap()).collect()
}

fn one(name: &str) -> ContactRecord {
    let mut got = read(name);
    assert_eq!(got.len(), 1, "{got:?}");
    got.remove(0).unwrap()
}

fn bday(c: &ContactRecord) -> String {
    c.birthday.map(|b| b.to_string()).unwrap_or_default()
}

#[test]
fn apple_30() {
    let c = one("apple30.vcf");
    assert_eq!(c.name, "Ada Lovelace");
    assert_eq!(
        (c.parts.given.as_deref(), c.parts.family.as_deref()),
        (Some("Ada"), Some("Lovelace"))
    );
    assert_eq!(c.org.as_deref(), Some("Analytical Engines"));
    assert_eq!(c.title.as_deref(), Some("Engineer"));
    assert_eq!(c.emails, ["ada@example.com"]);
    assert_eq!(c.phones, ["+1 555 0100"]);
    assert_eq!(c.website.as_deref(), Some("https://example.com"));
    assert_eq!(
        c.linkedin.as_deref(),
        Some("https://www.linkedin.com/in/ada")
    );
    assert_eq!(c.location.as_deref(), Some("Springfield, IL, USA"));
    assert_eq!(
        c.notes.as_deref(),
        Some("Met at conf, talked about \nengines")
    );
    assert_eq!(bday(&c), "1815-12-10");
    assert_eq!(c.tags, ["Recruiters", "Friends"]);
    assert_eq!(c.uid, None);
}

#[test]
fn google_30() {
    let c = one("google30.vcf");
    assert_eq!(c.name, "Grace Hopper");
    assert_eq!(bday(&c), "--12-09");
    assert_eq!(
        c.website.as_deref(),
        Some("https://example.org"),
        "Google's https\\:// is unescaped"
    );
    assert_eq!(c.tags, ["Work"], "myContacts is a system label");
    assert!(
        c.notes.as_deref().unwrap().ends_with("folded by writers"),
        "folded lines are joined"
    );
    assert!(c.notes.as_deref().unwrap().starts_with("Line1\nLine2"));
}

#[test]
fn v21_quoted_printable() {
    let c = one("v21.vcf");
    assert_eq!(c.name, "Jürgen Müller");
    assert_eq!(c.parts.family.as_deref(), Some("Müller"));
    assert_eq!(c.phones, ["+49 170 000000"]);
    assert_eq!(c.emails, ["juergen@example.de"]);
    assert_eq!(
        c.notes.as_deref(),
        Some("First line\nSecond line"),
        "a QP CRLF becomes a real newline"
    );
}

#[test]
fn v40() {
    let c = one("v40.vcf");
    assert_eq!(
        c.uid.as_deref(),
        Some("urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1")
    );
    assert_eq!(c.name, "Alan Turing");
    assert_eq!(c.phones, ["+44-20-7946-0000"]);
    assert_eq!(bday(&c), "--06-23");
    assert_eq!(
        c.linkedin.as_deref(),
        Some("https://www.linkedin.com/in/alan")
    );
    assert_eq!(c.tags, ["mentor", "uk"]);
    assert_eq!(c.notes.as_deref(), Some("Bombe, Enigma"));
}

#[test]
fn bday_before_version_keeps_its_day() {
    let c = one("outlook-version-late.vcf");
    assert_eq!(c.name, "Derik Stenerson");
    assert_eq!(bday(&c), "1963-09-21");
    let got: Vec<ContactRecord> = read("late-version-many.vcf")
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(bday(&got[0]), "1963-09-21");
    assert_eq!(
        got[0].org.as_deref(),
        Some("Microsoft Corporation"),
        "first ORG unit"
    );
    assert_eq!((got[1].line, bday(&got[1]).as_str()), (10, "1970-01-02"));
}

#[test]
fn photos_are_skipped_and_2_1_details_read() {
    let got: Vec<ContactRecord> = read("v21-photo.vcf")
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(got.len(), 3);
    let j = &got[0];
    assert_eq!(
        j.emails,
        ["juergen@example.de", "juergen@firma.example"],
        "PREF first"
    );
    assert_eq!(j.phones, ["+49 170 000000", "+49 30 000000"]);
    assert_eq!(
        j.notes.as_deref(),
        Some("Grüße, first line\nsecond line with a soft break")
    );
    assert_eq!(bday(j), "1980-01-02");
    assert_eq!(
        (got[1].name.as_str(), got[1].emails[0].as_str()),
        ("Photo Person", "photo@example.org")
    );
    assert_eq!(got[2].emails, ["data@example.org"]);
}

#[test]
fn latin1_cards() {
    let c = one("latin1.vcf");
    assert_eq!(c.name, "Jürgen Müller");
    assert_eq!(c.notes.as_deref(), Some("Grüße aus Köln"));
}

#[test]
fn utf16_files() {
    let c = one("utf16le.vcf");
    assert_eq!(
        (c.name.as_str(), c.emails[0].as_str()),
        ("Jürgen Müller", "j@example.de")
    );
}

#[test]
fn broken_files_name_their_lines() {
    let got = read("never-ends.vcf");
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].as_ref().unwrap().name, "Ada Lovelace");
    assert_eq!(
        got[1].as_ref().unwrap_err().to_string(),
        "8: card never ends (BEGIN:VCARD at line 5)"
    );
    let cut = read("truncated.vcf");
    assert_eq!(cut.len(), 1);
    assert!(cut[0].as_ref().unwrap_err().message.contains("never ends"));
    let garbage = read("garbage.bin");
    assert!(!garbage.is_empty() && garbage.iter().all(Result::is_err));
}

#[test]
fn every_card_exports_with_a_uid_and_reads_back() {
    let mut all = Vec::new();
    for f in [
        "apple30.vcf",
        "google30.vcf",
        "v21.vcf",
        "v40.vcf",
        "outlook-version-late.vcf",
        "v21-photo.vcf",
    ] {
        all.extend(read(f).into_iter().map(|r| r.unwrap()));
    }
    let mut out = Vec::new();
    write_vcards(&mut out, &all).unwrap();
    let back: Vec<ContactRecord> = vcards(&out[..]).map(|r| r.unwrap()).collect();
    assert_eq!(back.len(), all.len());
    for (a, b) in all.iter().zip(&back) {
        assert!(b.uid.is_some());
        assert_eq!(
            (&a.name, &a.emails, &a.phones),
            (&b.name, &b.emails, &b.phones)
        );
        assert_eq!(
            (&a.org, &a.title, &a.notes, &a.tags),
            (&b.org, &b.title, &b.notes, &b.tags)
        );
        assert_eq!(
            (a.birthday, &a.linkedin, &a.website),
            (b.birthday, &b.linkedin, &b.website)
        );
    }
}

/// Text a person might type, including the characters vCard must escape.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 äöüßé漢字😀,;:\\\\\"'=+@.-]{1,40}"
        .prop_map(|s| s.trim().to_string())
        .prop_filter("non-empty", |s| !s.is_empty())
}

fn note() -> impl Strategy<Value = String> {
    proptest::collection::vec(text(), 1..4).prop_map(|lines| lines.join("\n"))
}

fn birthday() -> impl Strategy<Value = Birthday> {
    (proptest::option::of(1900i32..2020), 1u32..=12, 1u32..=28)
        .prop_map(|(year, month, day)| Birthday { year, month, day })
}

fn contact() -> impl Strategy<Value = ContactRecord> {
    (
        text(),
        proptest::collection::vec("[a-z0-9]{1,10}@[a-z]{1,10}\\.example", 0..3),
        proptest::collection::vec("\\+?[0-9 ]{3,15}[0-9]", 0..3),
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::option::of("https://www\\.linkedin\\.com/in/[a-z0-9-]{1,20}"),
        proptest::option::of(birthday()),
        proptest::option::of(note()),
        proptest::collection::vec(text(), 0..3),
    )
        .prop_map(
            |(name, emails, phones, org, title, linkedin, birthday, notes, tags)| {
                let mut c = ContactRecord {
                    name: name.split_whitespace().collect::<Vec<_>>().join(" "),
                    org,
                    title,
                    linkedin,
                    birthday,
                    notes,
                    ..ContactRecord::default()
                };
                emails.iter().for_each(|e| c.add_email(e));
                phones.iter().for_each(|p| c.add_phone(p));
                tags.iter().for_each(|t| c.add_tag(t));
                c
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn round_trip(records in proptest::collection::vec(contact(), 1..4)) {
        let mut out = Vec::new();
        write_vcards(&mut out, &records).unwrap();
        let back: Vec<ContactRecord> = vcards(&out[..]).map(|r| r.unwrap()).collect();
        prop_assert_eq!(back.len(), records.len());
        for (a, b) in records.iter().zip(&back) {
            prop_assert_eq!(&a.name, &b.name);
            prop_assert_eq!(&a.emails, &b.emails);
            prop_assert_eq!(&a.phones, &b.phones);
            prop_assert_eq!(&a.org, &b.org);
            prop_assert_eq!(&a.title, &b.title);
            prop_assert_eq!(&a.linkedin, &b.linkedin);
            prop_assert_eq!(a.birthday, b.birthday);
            prop_assert_eq!(&a.notes, &b.notes);
            prop_assert_eq!(&a.tags, &b.tags);
        }
    }
}
