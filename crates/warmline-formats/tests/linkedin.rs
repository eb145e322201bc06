//! LinkedIn exports: the sample files and the quirks seen in the wild.

use std::fs::File;
use std::path::PathBuf;

use chrono::NaiveDate;
use warmline_core::interaction::{Direction, Kind};
use warmline_formats::linkedin::{connections, messages, open_export};
use warmline_formats::{ContactRecord, InteractionSource, Me};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn read(name: &str) -> Vec<Result<ContactRecord, warmline_formats::FormatError>> {
    connections(File::open(data(name)).unwrap()).collect()
}

fn ok(name: &str) -> Vec<ContactRecord> {
    read(name).into_iter().map(|r| r.unwrap()).collect()
}

#[test]
fn sample_connections() {
    let got = ok("linkedin-Connections.csv");
    let names: Vec<&str> = got.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Grace Hopper",
            "Ada Lovelace",
            "Alan Turing",
            "Katherine Johnson"
        ]
    );
    let grace = &got[0];
    assert_eq!(grace.line, 5);
    assert_eq!(grace.emails, ["grace@example.org"]);
    assert_eq!(
        grace.linkedin.as_deref(),
        Some("https://www.linkedin.com/in/grace-hopper")
    );
    assert_eq!(grace.connected_on, NaiveDate::from_ymd_opt(2025, 12, 9));
    assert_eq!(got[1].org.as_deref(), Some("Analytical Engines, Ltd."));
    assert!(got[1].emails.is_empty());
    assert_eq!(
        got[2].title.as_deref(),
        Some("Reader, Computing Laboratory")
    );
    // The blank ",,,,,," row is skipped; Katherine is on line 9.
    assert_eq!(got[3].line, 9);
}

#[test]
fn older_export_with_bom_quoted_notes_and_no_url() {
    let got = ok("linkedin-Connections-old.csv");
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].line, 7);
    assert_eq!(got[0].org.as_deref(), Some("Stripe, Inc."));
    assert_eq!(got[0].linkedin, None);
    assert_eq!(got[0].connected_on, NaiveDate::from_ymd_opt(2024, 3, 15));
    assert_eq!(got[1].title.as_deref(), Some("Reader, Computing"));
}

#[test]
fn latin1_wide_and_truncated_files() {
    let j = &ok("linkedin-Connections-latin1.csv")[0];
    assert_eq!(j.name, "Jürgen Müller");
    assert_eq!(j.title.as_deref(), Some("Geschäftsführer"));
    let wide = ok("linkedin-Connections-wide.csv");
    assert_eq!(wide[0].connected_on, NaiveDate::from_ymd_opt(2024, 12, 10));
    let cut = read("linkedin-Connections-truncated.csv");
    assert_eq!(cut.len(), 1);
    let err = cut[0].as_ref().unwrap_err();
    assert_eq!(err.line, 2);
    assert!(err.message.contains("never closes"), "{err}");
}

#[test]
fn garbage_is_an_error_not_a_panic() {
    let got = read("garbage.bin");
    assert_eq!(got.len(), 1);
    assert!(got[0].is_err());
}

#[test]
fn sample_messages_with_my_url() {
    let me = Me::new(
        Vec::<String>::new(),
        ["https://www.linkedin.com/in/sam-example"],
    );
    let got = messages(File::open(data("linkedin-messages.csv")).unwrap(), &me).unwrap();
    assert_eq!(got.len(), 2);
    let first = &got[0];
    assert_eq!(first.on, NaiveDate::from_ymd_opt(2026, 11, 2).unwrap());
    assert_eq!(
        (first.kind, first.direction),
        (Kind::Message, Direction::Inbound)
    );
    assert_eq!(first.source, InteractionSource::Linkedin);
    assert_eq!(first.source_key, "linkedin:2-Zm9v:2026-11-02");
    assert_eq!(first.summary, "Good to meet you at the meetup, Sam.");
    assert_eq!(first.participants.len(), 1);
    assert_eq!(first.participants[0].name.as_deref(), Some("Grace Hopper"));
    assert_eq!(got[1].direction, Direction::Outbound);
    // Without my URL a single conversation cannot tell who I am.
    let err = messages(
        File::open(data("linkedin-messages.csv")).unwrap(),
        &Me::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("1: cannot tell which participant is you"),
        "{err}"
    );
}

#[test]
fn export_folder_finds_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let inner = dir.path().join("Complete_LinkedInDataExport_11-25-2026");
    std::fs::create_dir_all(&inner).unwrap();
    std::fs::copy(
        data("linkedin-Connections.csv"),
        inner.join("Connections.csv"),
    )
    .unwrap();
    std::fs::copy(data("linkedin-messages.csv"), inner.join("messages.csv")).unwrap();
    let export = open_export(dir.path()).unwrap();
    let n = export.read_connections(|r| connections(r).count()).unwrap();
    assert_eq!(n, Some(4));
    let me = Me::new(
        Vec::<String>::new(),
        ["https://www.linkedin.com/in/sam-example"],
    );
    let m = export
        .read_messages(|r| messages(r, &me))
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(m.len(), 2);
}
