//! Calendars as Google, Exchange and Thunderbird write them: recurrences, versions,
//! overrides and cancellations imported once, and a second import changing nothing; a
//! hostile calendar imported within its budget; a follow-up's text unable to inject
//! lines into the `.ics` export.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use insta::assert_snapshot;

use crate::support::Sandbox;

fn sample(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../warmline-formats/tests/data")
        .join(name)
        .display()
        .to_string()
}

fn network() -> Sandbox {
    let mut s = Sandbox::new();
    s.today = "2026-02-10".into();
    s.run(&["me", "email", "me@example.com"]).ok();
    for (name, email) in [
        ("Ada Lovelace", "ada@example.com"),
        ("Grace Hopper", "grace@example.com"),
        ("Alan Turing", "alan@example.com"),
    ] {
        s.run(&["add", name, "--email", email]).ok();
    }
    s
}

#[test]
fn real_calendars_import_once_and_again_change_nothing() {
    let s = network();
    let files = [
        sample("google-series.ics"),
        sample("thunderbird-folded.ics"),
        sample("exchange-cancel.ics"),
    ];
    let mut first = String::new();
    for f in &files {
        first.push_str(&s.run(&["import", "ics", f]).ok().stdout);
    }
    let first = first.replace(&sample(""), "[DATA]/");
    assert_snapshot!(first, @r"
    [DATA]/google-series.ics: 9 added, 0 updated, 0 unchanged, 0 skipped
    [DATA]/thunderbird-folded.ics: 1 added, 0 updated, 0 unchanged, 0 skipped
    [DATA]/exchange-cancel.ics: 0 added, 0 updated, 0 unchanged, 0 skipped
    ");
    let mut again = String::new();
    for f in &files {
        again.push_str(&s.run(&["import", "ics", f]).ok().stdout);
    }
    let again = again.replace(&sample(""), "[DATA]/");
    assert_snapshot!(again, @r"
    [DATA]/google-series.ics: 0 added, 0 updated, 9 unchanged, 0 skipped
    [DATA]/thunderbird-folded.ics: 0 added, 0 updated, 1 unchanged, 0 skipped
    [DATA]/exchange-cancel.ics: 0 added, 0 updated, 0 unchanged, 0 skipped
    ");
    let grace = s.run(&["--json", "show", "grace"]).json();
    assert_eq!(grace["last_contact"], "2026-02-02");
    let ada = s.run(&["--json", "show", "ada"]).json();
    assert_eq!(ada["last_contact"], "2026-01-14");
}

#[test]
fn a_hostile_calendar_imports_within_its_budget() {
    let s = network();
    // 2,001 attendees on a daily series, and a daily rule from the year 1.
    let mut text = String::from(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:crowd\r\nSUMMARY:Crowd\r\nDTSTART:20200101T100000Z\r\nRRULE:FREQ=DAILY\r\nATTENDEE:mailto:ada@example.com\r\n",
    );
    for i in 0..2000 {
        text.push_str(&format!("ATTENDEE:mailto:guest{i}@example.com\r\n"));
    }
    text.push_str("END:VEVENT\r\nBEGIN:VEVENT\r\nUID:old\r\nSUMMARY:Old\r\nDTSTART:00010101T100000Z\r\nRRULE:FREQ=DAILY\r\nATTENDEE:mailto:grace@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    let cal = s.path("hostile.ics");
    std::fs::write(&cal, text).unwrap();
    let started = Instant::now();
    let json = s
        .run(&["--json", "import", "ics", cal.to_str().unwrap()])
        .json();
    assert!(started.elapsed() < Duration::from_secs(60));
    // 200,000 people on meetings at most: 99 days of the crowd, none before 1970.
    assert_eq!(json["interactions"]["added"], 99);
    let notes = json["notes"].as_array().unwrap();
    assert!(
        notes[0]
            .as_str()
            .unwrap()
            .starts_with("Cut short: \"Crowd\" (line 2), \"Old\" (line 2009)"),
        "{notes:?}"
    );
    let ada = s.run(&["--json", "show", "ada"]).json();
    assert_eq!(ada["last_contact"], "2020-04-08");
}

#[test]
fn a_bare_cr_in_a_follow_up_stays_inside_its_property() {
    let s = network();
    s.run(&["followup", "add", "ada", "call", "--due", "3"])
        .ok();
    // The command line strips control characters, so the CR goes in the way an older
    // database or another tool could have put it there.
    rusqlite::Connection::open(s.db())
        .unwrap()
        .execute(
            "UPDATE follow_ups SET text = 'call' || char(13) || 'ATTENDEE:mailto:evil@example.com'
                 || char(13) || 'END:VEVENT' WHERE text = 'call'",
            [],
        )
        .unwrap();
    let ics = s.run(&["export", "ics"]).ok().stdout;
    assert!(!ics.replace("\r\n", "").contains('\r'), "{ics:?}");
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains("call\\nATTENDEE:mailto:evil@example.com\\nEND:VEVENT"),
        "{unfolded}"
    );
    assert!(!unfolded.split("\r\n").any(|l| l.starts_with("ATTENDEE")));
}
