//! iCalendar import: meetings, recurrences into the past and 90 days ahead, broken files.

use std::fs::File;
use std::path::PathBuf;

use chrono::NaiveDate;
use warmline_core::interaction::{Direction, Kind};
use warmline_formats::ics::meetings;
use warmline_formats::{FormatError, InteractionRecord, Me};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn read(name: &str, today: &str) -> Vec<Result<InteractionRecord, FormatError>> {
    let me = Me::new(["me@example.com"], Vec::<String>::new());
    meetings(File::open(data(name)).unwrap(), &me, d(today)).collect()
}

#[test]
fn google_calendar_sample() {
    let got = read("google-calendar.ics", "2026-11-25");
    assert_eq!(got.len(), 1);
    let r = got[0].as_ref().unwrap();
    assert_eq!(r.on, d("2026-11-12"));
    assert_eq!((r.kind, r.direction), (Kind::Meeting, Direction::Outbound));
    assert_eq!(r.summary, "Coffee chat – intro");
    assert_eq!(r.source_key, "ics:abc123@google.com:2026-11-12");
    assert_eq!(r.participants.len(), 1);
    assert_eq!(r.participants[0].name.as_deref(), Some("Lovelace, Ada"));
    assert_eq!(r.participants[0].email.as_deref(), Some("ada@example.com"));
    // The day before, it is read all the same: the store keeps it as scheduled.
    let ahead = read("google-calendar.ics", "2026-11-11");
    assert_eq!(ahead.len(), 1);
    assert_eq!(
        ahead[0].as_ref().unwrap().moves_with.as_deref(),
        Some("ics:abc123@google.com:")
    );
    assert!(
        read("google-calendar.ics", "2026-08-01").is_empty(),
        "beyond the 90 days ahead nothing is read yet"
    );
}

#[test]
fn recurrences_into_the_past_and_ahead() {
    let got: Vec<InteractionRecord> = read("recurring.ics", "2026-02-10")
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    let keys: Vec<&str> = got.iter().map(|r| r.source_key.as_str()).collect();
    assert_eq!(
        keys,
        [
            // Every other Monday, 19 January excluded.
            "ics:weekly-1@example.com:2026-01-05",
            "ics:weekly-1@example.com:2026-02-02",
            // Ahead of today, scheduled (the series ends before 90 days are up).
            "ics:weekly-1@example.com:2026-02-16",
            // Month ends: November has no 31st.
            "ics:monthly@example.com:2025-10-31",
            "ics:monthly@example.com:2025-12-31",
            "ics:monthly@example.com:2026-01-31",
            "ics:monthly@example.com:2026-03-31",
            // 03:00 UTC is still 9 January in New York.
            "ics:utc@example.com:2026-01-09",
        ]
    );
    assert_eq!(got[0].direction, Direction::Inbound);
    assert_eq!(got[0].summary, "Mentoring, biweekly");
    assert_eq!(
        got[0].participants.len(),
        1,
        "the organiser who is also an attendee is listed once"
    );
    assert_eq!(got[3].direction, Direction::Mutual);
}

#[test]
fn broken_files() {
    let got = read("never-ends.ics", "2026-02-10");
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].as_ref().unwrap_err().to_string(),
        "5: event never ends (BEGIN:VEVENT at line 2)"
    );
    let garbage = read("garbage.bin", "2026-02-10");
    assert_eq!(garbage.len(), 1);
    assert!(garbage[0].is_err());
}
