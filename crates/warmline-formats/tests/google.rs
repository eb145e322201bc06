//! Google Contacts CSV in both layouts.

use std::fs::File;
use std::path::PathBuf;

use warmline_formats::ContactRecord;
use warmline_formats::google::{GoogleLayout, google_contacts};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn ok(name: &str) -> (Vec<ContactRecord>, Option<GoogleLayout>) {
    let mut it = google_contacts(File::open(data(name)).unwrap());
    let got: Vec<ContactRecord> = it.by_ref().map(|r| r.unwrap()).collect();
    (got, it.layout())
}

#[test]
fn current_layout() {
    let (got, layout) = ok("google-current.csv");
    assert_eq!(layout, Some(GoogleLayout::Current));
    assert_eq!(got.len(), 2, "the row with only a system label is skipped");
    let ada = &got[0];
    assert_eq!((ada.line, ada.name.as_str()), (2, "Ada Lovelace"));
    assert_eq!(ada.emails, ["ada@engines.example", "ada@home.example"]);
    assert_eq!(ada.phones, ["+44 20 7946 0000"]);
    assert_eq!(ada.org.as_deref(), Some("Analytical Engines"));
    assert_eq!(ada.title.as_deref(), Some("Engineer"));
    assert_eq!(ada.tags, ["Mentors"]);
    assert_eq!(
        ada.notes.as_deref(),
        Some("Met at the Babbage salon.\nLoves poetry, \"math\" and horses.")
    );
    assert_eq!(ada.location.as_deref(), Some("London, UK"));
    assert_eq!(
        ada.linkedin.as_deref(),
        Some("https://www.linkedin.com/in/ada")
    );
    assert_eq!(
        ada.birthday.map(|b| b.to_string()).as_deref(),
        Some("1815-12-10")
    );
    let grace = &got[1];
    assert_eq!(
        grace.line, 6,
        "the multi-line note and address of the first row count"
    );
    assert_eq!(grace.name, "Grace Brewster Hopper");
    assert_eq!(grace.tags, ["Navy"]);
    assert_eq!(
        grace.birthday.map(|b| b.to_string()).as_deref(),
        Some("--12-09")
    );
    assert_eq!(grace.website.as_deref(), Some("https://grace.example"));
}

#[test]
fn legacy_layout() {
    let (got, layout) = ok("google-legacy.csv");
    assert_eq!(layout, Some(GoogleLayout::Legacy));
    let alan = &got[0];
    assert_eq!(alan.name, "Alan Turing");
    assert_eq!(
        alan.emails,
        [
            "alan@example.ac.uk",
            "turing@example.org",
            "alan@home.example"
        ]
    );
    assert_eq!(alan.org.as_deref(), Some("University of Manchester"));
    assert_eq!(alan.title.as_deref(), Some("Reader"));
    assert_eq!(alan.location.as_deref(), Some("Manchester"));
    assert_eq!(alan.tags, ["Mentors"]);
    assert_eq!(alan.notes.as_deref(), Some("Bombe, Enigma"));
    assert_eq!(
        alan.linkedin.as_deref(),
        Some("http://linkedin.com/in/alan")
    );
}

#[test]
fn latin1_utf16_and_garbage() {
    let (got, _) = ok("google-utf16.csv");
    assert_eq!(
        (got[0].name.as_str(), got[0].emails[0].as_str()),
        ("Jürgen Müller", "j@example.de")
    );
    let (got, _) = ok("google-latin1.csv");
    assert_eq!(got[0].name, "Jürgen Müller");
    assert_eq!(got[0].notes.as_deref(), Some("\u{201c}Grüße\u{201d}"));
    let bad: Vec<_> = google_contacts(File::open(data("garbage.bin")).unwrap()).collect();
    assert_eq!(bad.len(), 1);
    assert!(bad[0].is_err());
}
