//! iCalendar import: meetings, recurrences into the past and 90 days ahead, broken files.

use std::fs::File;
use std::path::PathBuf;

use chrono::NaiveDate;
use warmline_core::interaction::{Direction, Kind};
use warmline_formats::ics::{MAX_ATTENDANCES, meetings};
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

fn keys_and_days(name: &str, today: &str) -> Vec<(String, String)> {
    read(name, today)
        .into_iter()
        .map(|r| {
            let r = r.unwrap();
            (r.source_key, r.on.to_string())
        })
        .collect()
}

#[test]
fn google_series_with_versions_overrides_and_two_rules() {
    let pair = |k: &str, d: &str| (k.to_string(), d.to_string());
    assert_eq!(
        keys_and_days("google-series.ics", "2026-02-10"),
        [
            // 18:00 in Los Angeles is 02:00 UTC the next day: UNTIL (01:59:59 UTC on the
            // 9th) ends the series after the 7th.
            pair("ics:evening-sync@google.com:2026-01-05", "2026-01-05"),
            pair("ics:evening-sync@google.com:2026-01-06", "2026-01-06"),
            pair("ics:evening-sync@google.com:2026-01-07", "2026-01-07"),
            // SEQUENCE 2 wins over the SEQUENCE 1 version after it: Mondays and
            // Thursdays, the 19th excluded, the 24th added, the 26th moved.
            pair("ics:mentoring@google.com:2026-01-12", "2026-01-12"),
            pair("ics:mentoring@google.com:2026-01-15", "2026-01-15"),
            pair("ics:mentoring@google.com:2026-01-22", "2026-01-22"),
            pair("ics:mentoring@google.com:2026-01-24", "2026-01-24"),
            pair("ics:mentoring@google.com:2026-02-02", "2026-02-02"),
            pair("ics:mentoring@google.com:2026-01-26", "2026-01-27"),
        ]
    );
}

#[test]
fn an_exchange_cancellation_is_read_and_is_no_meeting() {
    assert!(read("exchange-cancel.ics", "2026-02-10").is_empty());
}

#[test]
fn thunderbird_blank_lines_inside_folds() {
    let got = read("thunderbird-folded.ics", "2026-02-10");
    assert_eq!(got.len(), 1, "the cancelled coffee is not a meeting");
    let r = got[0].as_ref().unwrap();
    assert_eq!(
        r.summary,
        "Lunch with Ada and a long title that Thunderbird folds over two lines"
    );
    assert_eq!(r.on, d("2026-01-14"));
    assert_eq!(r.participants[0].email.as_deref(), Some("ada@example.com"));
}

#[test]
fn a_hostile_recurrence_stays_within_the_budget() {
    let me = Me::new(["me@example.com"], Vec::<String>::new());
    let file = File::open(data("hostile-recurrence.ics")).unwrap();
    let mut reader = meetings(file, &me, d("2026-11-25"));
    let got: Vec<InteractionRecord> = reader.by_ref().map(|r| r.unwrap()).collect();
    // 300 people on each: the people-on-meetings budget allows 666 of them.
    assert_eq!(got.len(), MAX_ATTENDANCES / 300);
    assert_eq!(got[0].on, d("2020-01-01"));
    assert!(got.iter().all(|r| r.participants.len() == 300));
    let notes = reader.notes();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].starts_with(
            "Cut short: \"Everyone, every day\" (line 4), \"Since the year 1\" (line 311)"
        ),
        "{notes:?}"
    );
}

#[test]
fn fifty_rules_from_the_year_one_share_one_budget_of_steps() {
    let mut text = String::from("BEGIN:VCALENDAR\r\n");
    for k in 0..50 {
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:old-{k}\r\nSUMMARY:Old {k}\r\nDTSTART:00010101T090000Z\r\nRRULE:FREQ=DAILY\r\nATTENDEE:mailto:bob@example.com\r\nEND:VEVENT\r\n"
        ));
    }
    text.push_str("END:VCALENDAR\r\n");
    let me = Me::new(["me@example.com"], Vec::<String>::new());
    let mut reader = meetings(text.as_bytes(), &me, d("2026-11-25"));
    assert_eq!(reader.by_ref().count(), 0);
    let notes = reader.notes();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].starts_with(
            "Cut short: \"Old 0\" (line 2), \"Old 1\" (line 9), \"Old 2\" (line 16) and 47 more"
        ),
        "{notes:?}"
    );
}
