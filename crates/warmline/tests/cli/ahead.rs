//! Meetings ahead: booked before their day, they are scheduled (upcoming, prep) and count
//! toward nothing until the day comes; then they count as having happened.

use insta::assert_snapshot;

use crate::support::Sandbox;

const CALENDAR: &str = "BEGIN:VCALENDAR
BEGIN:VEVENT
UID:coffee-1@example.com
DTSTART:20261202T100000Z
SUMMARY:Coffee with Dana
ATTENDEE:mailto:dana@example.com
END:VEVENT
END:VCALENDAR
";

/// Dana, known by e-mail, and a calendar with a coffee with her tomorrow.
fn with_coffee_tomorrow() -> Sandbox {
    let mut s = Sandbox::new();
    s.today = "2026-12-01".to_string();
    s.run(&["add", "Dana Reyes", "--email", "dana@example.com"])
        .ok();
    std::fs::write(s.path("cal.ics"), CALENDAR).unwrap();
    let cal = s.path("cal.ics");
    s.run(&["import", "ics", cal.to_str().unwrap()]).ok();
    s
}

fn streak_and_last(s: &Sandbox) -> (serde_json::Value, serde_json::Value) {
    let today = s.run(&["--json", "today"]).json();
    let show = s.run(&["--json", "show", "dana"]).json();
    (
        today["streak"]["current"].clone(),
        show["last_contact"].clone(),
    )
}

#[test]
fn a_meeting_tomorrow_is_imported_as_scheduled_and_listed_as_upcoming() {
    let s = with_coffee_tomorrow();
    let cal = s.path("cal.ics");
    // Imported again: the same meeting, not a second one.
    assert_snapshot!(s.redact(&s.run(&["import", "ics", cal.to_str().unwrap()]).transcript()), @r"
    exit: 0
    --- stdout
    [TMP]/cal.ics: 0 added, 0 updated, 1 unchanged, 0 skipped
    ");
    assert_snapshot!(s.run(&["upcoming"]).transcript(), @r"
    exit: 0
    --- stdout
    Coming up until 15 Dec

    DATE        KIND     WITH             WHAT
    2026-12-02  meeting  Dana Reyes (#1)  Coffee with Dana
    ");
    let json = s.run(&["--json", "upcoming", "--days", "1"]).json();
    assert_eq!(json[0]["date"], "2026-12-02");
    assert_eq!(json[0]["kind"], "meeting");
    assert_eq!(json[0]["source"], "ics");
    assert_eq!(json[0]["people"][0]["name"], "Dana Reyes");
    // It counts toward nothing yet.
    let (streak, last) = streak_and_last(&s);
    assert_eq!(streak, 0);
    assert!(last.is_null());
    let show = s.run(&["--json", "show", "dana"]).json();
    assert_eq!(show["upcoming"][0]["summary"], "Coffee with Dana");
    assert_eq!(show["interactions"].as_array().map(Vec::len), Some(0));
}

#[test]
fn prep_comes_the_day_before_and_on_the_day_and_done_takes_it_off() {
    let mut s = with_coffee_tomorrow();
    let plan = s.run(&["--json", "today", "--minutes", "60"]).json();
    let prep: Vec<_> = plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "prep")
        .collect();
    assert_eq!(prep.len(), 1);
    assert_eq!(prep[0]["reason"], "meeting tomorrow: Coffee with Dana");
    // With no room left, the day-before prep waits.
    let tight = s.run(&["--json", "today", "--minutes", "5"]).json();
    assert!(
        !tight["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "prep")
    );

    s.today = "2026-12-02".to_string();
    let plan = s.run(&["--json", "today", "--minutes", "5"]).json();
    assert_eq!(plan["items"][0]["id"], "p1");
    assert_eq!(
        plan["items"][0]["reason"],
        "meeting today: Coffee with Dana"
    );
    assert_snapshot!(s.run(&["done", "p1"]).transcript(), @r"
    exit: 0
    --- stdout
    done p1: read the brief (warmline prep 1) and pick two questions to ask (nothing logged)
    ");
    let plan = s.run(&["--json", "today"]).json();
    assert!(
        !plan["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == "p1")
    );
}

#[test]
fn on_its_day_it_counts_and_after_it_the_follow_up_comes() {
    let mut s = with_coffee_tomorrow();
    s.today = "2026-12-02".to_string();
    let (streak, last) = streak_and_last(&s);
    assert_eq!(streak, 1);
    assert_eq!(last, "2026-12-02");
    assert_eq!(s.run(&["--json", "upcoming"]).json(), serde_json::json!([]));
    // After a first meeting, the follow-up while it is fresh.
    s.today = "2026-12-03".to_string();
    let show = s.run(&["--json", "show", "dana"]).json();
    assert_eq!(show["interactions"][0]["summary"], "Coffee with Dana");
    let follow_ups = s.run(&["--json", "followup", "list"]).json();
    assert_eq!(follow_ups.as_array().map(Vec::len), Some(1));
    assert_eq!(follow_ups[0]["due"], "2026-12-04");
    assert_eq!(follow_ups[0]["origin"], "after_event");
    // Running on later days never adds a second one.
    s.today = "2026-12-05".to_string();
    s.run(&["today"]).ok();
    let follow_ups = s.run(&["--json", "followup", "list", "--all"]).json();
    assert_eq!(follow_ups.as_array().map(Vec::len), Some(1));
}

#[test]
fn a_moved_meeting_moves_instead_of_doubling() {
    let s = with_coffee_tomorrow();
    std::fs::write(
        s.path("cal.ics"),
        CALENDAR.replace("20261202T", "20261204T"),
    )
    .unwrap();
    let cal = s.path("cal.ics");
    assert_snapshot!(s.redact(&s.run(&["import", "ics", cal.to_str().unwrap()]).transcript()), @r"
    exit: 0
    --- stdout
    [TMP]/cal.ics: 0 added, 1 updated, 0 unchanged, 0 skipped
    ");
    let json = s.run(&["--json", "upcoming"]).json();
    assert_eq!(json.as_array().map(Vec::len), Some(1));
    assert_eq!(json[0]["date"], "2026-12-04");
}

#[test]
fn log_on_a_later_day_is_scheduled_and_says_so() {
    let mut s = Sandbox::new();
    s.today = "2026-12-01".to_string();
    s.run(&["add", "Dana Reyes"]).ok();
    assert_snapshot!(s.run(&["log", "dana", "lunch at Tartine", "--kind", "coffee", "--on", "2026-12-09"]).transcript(), @r"
    exit: 0
    --- stdout
    scheduled coffee with Dana Reyes on 9 Dec: it counts from that day on
    ");
    let json = s
        .run(&[
            "--json",
            "log",
            "dana",
            "call",
            "--kind",
            "call",
            "--on",
            "2026-12-10",
        ])
        .json();
    assert_eq!(json["scheduled"], true);
    let (streak, last) = streak_and_last(&s);
    assert_eq!(streak, 0);
    assert!(last.is_null());
    let stats = s.run(&["--json", "stats", "--weeks", "1"]).json();
    assert_eq!(stats["weeks"][0]["touches"], 0);
    assert_snapshot!(s.run(&["upcoming", "--days", "8"]).transcript(), @r"
    exit: 0
    --- stdout
    Coming up until 9 Dec

    DATE        KIND    WITH             WHAT
    2026-12-09  coffee  Dana Reyes (#1)  lunch at Tartine
    ");
    s.today = "2026-12-09".to_string();
    let (streak, last) = streak_and_last(&s);
    assert_eq!(streak, 1);
    assert_eq!(last, "2026-12-09");
}

#[test]
fn log_on_a_day_years_ahead_is_refused_as_a_slip() {
    let mut s = Sandbox::new();
    s.today = "2026-12-01".to_string();
    s.run(&["add", "Dana Reyes"]).ok();
    assert_snapshot!(s.run(&["log", "dana", "coffee", "--on", "2099-01-01"]).transcript(), @r"
    exit: 1
    --- stderr
    error: --on 2099-01-01 is more than a year ahead: a meeting can be booked up to 366 days ahead
    ");
    assert!(
        s.run(&["--json", "upcoming", "--days", "366"])
            .json()
            .as_array()
            .unwrap()
            .is_empty()
    );
    s.run(&["log", "dana", "coffee", "--on", "2027-12-01"]).ok();
}

#[test]
fn upcoming_lists_events_ahead_and_refuses_a_bad_window() {
    let mut s = Sandbox::new();
    s.today = "2026-12-01".to_string();
    s.run(&["event", "add", "PR Summit", "--on", "2026-12-10"])
        .ok();
    let json = s.run(&["--json", "upcoming"]).json();
    assert_eq!(json[0]["kind"], "event");
    assert_eq!(json[0]["summary"], "PR Summit");
    assert_eq!(json[0]["event_id"], 1);
    assert_snapshot!(s.run(&["upcoming", "--days", "0"]).transcript(), @r"
    exit: 1
    --- stderr
    error: --days must be between 1 and 366, not 0
    ");
    assert_snapshot!(s.run(&["upcoming"]).transcript(), @r"
    exit: 0
    --- stdout
    Coming up until 15 Dec

    DATE        KIND   WITH      WHAT
    2026-12-10  event  event #1  PR Summit
    ");
}

#[test]
fn log_edit_to_a_later_day_reschedules_as_log_on_books() {
    let mut s = Sandbox::new();
    s.today = "2026-12-01".to_string();
    s.run(&["add", "Dana Reyes"]).ok();
    s.run(&[
        "log",
        "dana",
        "coffee",
        "--kind",
        "coffee",
        "--on",
        "2026-11-30",
    ])
    .ok();
    assert_snapshot!(s.run(&["log", "edit", "1", "--on", "2026-12-04"]).transcript(), @r"
    exit: 0
    --- stdout
    interaction #1 now: 2026-12-04 coffee with Dana Reyes (you reached out): coffee
    scheduled on 4 Dec: it counts from that day on
    ");
    let json = s
        .run(&["--json", "log", "edit", "1", "--on", "2026-12-05"])
        .json();
    assert_eq!(json["scheduled"], true);
    let (streak, last) = streak_and_last(&s);
    assert_eq!(streak, 0);
    assert!(last.is_null());
    let ahead = s.run(&["--json", "upcoming"]).json();
    assert_eq!(ahead[0]["date"], "2026-12-05");
    s.today = "2026-12-05".to_string();
    let (streak, last) = streak_and_last(&s);
    assert_eq!(streak, 1);
    assert_eq!(last, "2026-12-05");
}

#[test]
fn a_meeting_taken_off_the_calendar_is_cancelled_on_re_import_and_past_ones_stay() {
    let s = with_coffee_tomorrow();
    let cal = s.path("cal.ics");
    // The calendar now holds last week's lunch (it happened) and no coffee tomorrow.
    let lunch = "BEGIN:VCALENDAR
BEGIN:VEVENT
UID:lunch-1@example.com
DTSTART:20261125T120000Z
SUMMARY:Lunch with Dana
ATTENDEE:mailto:dana@example.com
END:VEVENT
END:VCALENDAR
";
    std::fs::write(&cal, lunch).unwrap();
    assert_snapshot!(s.redact(&s.run(&["import", "ics", cal.to_str().unwrap()]).transcript()), @r"
    exit: 0
    --- stdout
    [TMP]/cal.ics: 1 added, 0 updated, 0 unchanged, 0 skipped, 1 cancelled
      1 meeting ahead no longer in the file: removed (warmline undo brings it back)
    ");
    assert_eq!(s.run(&["--json", "upcoming"]).json(), serde_json::json!([]));
    // Taken off again: the lunch happened, so it stays.
    std::fs::write(
        &cal,
        CALENDAR
            .replace("20261202T", "20261203T")
            .replace("coffee-1", "coffee-2"),
    )
    .unwrap();
    let json = s
        .run(&["--json", "import", "ics", cal.to_str().unwrap()])
        .json();
    assert_eq!(json["cancelled"], 0);
    let show = s.run(&["--json", "show", "dana"]).json();
    assert_eq!(show["interactions"][0]["summary"], "Lunch with Dana");
    // Another calendar file never cancels this one's meetings.
    let other = s.path("other.ics");
    std::fs::write(&other, lunch).unwrap();
    let json = s
        .run(&["--json", "import", "ics", other.to_str().unwrap()])
        .json();
    assert_eq!(json["cancelled"], 0);
    let ahead = s.run(&["--json", "upcoming"]).json();
    assert_eq!(ahead[0]["summary"], "Coffee with Dana");
}

#[test]
fn an_event_ahead_gets_prep_the_day_before_and_on_its_day() {
    let mut s = Sandbox::new();
    s.today = "2026-12-01".to_string();
    s.run(&["event", "add", "PRSA mixer", "--on", "2026-12-02"])
        .ok();
    let plan = s.run(&["--json", "today", "--minutes", "60"]).json();
    let events: Vec<_> = plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "event")
        .collect();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["id"], "e1");
    assert_eq!(events[0]["reason"], "event tomorrow: PRSA mixer");
    assert_eq!(events[0]["event"]["id"], 1);
    s.today = "2026-12-02".to_string();
    assert_snapshot!(s.run(&["today", "--minutes", "10"]).transcript(), @r"
    exit: 0
    --- stdout
    Today, Wed 2 December · 10 minutes · no streak yet

    e1    event          PRSA mixer  10 min
          event today: PRSA mixer
          → look over who you met there before (warmline event show 1) and decide whom you want to meet

    Planned 10 of 10 minutes.
    Check items off with: warmline done e1
    ");
    assert_snapshot!(s.run(&["done", "e1"]).transcript(), @r"
    exit: 0
    --- stdout
    done e1: look over who you met there before (warmline event show 1) and decide whom you want to meet (nothing logged)
    ");
    let plan = s.run(&["--json", "today"]).json();
    assert!(
        !plan["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == "e1")
    );
    // An event added on its own day is recorded after the fact: nothing to prepare.
    s.run(&["event", "add", "Design meetup", "--on", "2026-12-02"])
        .ok();
    let plan = s.run(&["--json", "today"]).json();
    assert!(
        !plan["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "event")
    );
}
