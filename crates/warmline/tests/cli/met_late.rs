//! A follow-up is dated from the meeting and never born overdue: someone met days ago gets a
//! follow-up due today, and the command says why.

use insta::assert_snapshot;

use crate::support::Sandbox;

fn at(s: &mut Sandbox, day: &str) {
    s.today = day.to_string();
}

#[test]
fn met_at_an_event_days_ago_is_due_today_and_says_so() {
    let mut s = Sandbox::new();
    at(&mut s, "2026-12-01");
    s.run(&["event", "add", "RustConf", "--on", "2026-11-26"])
        .ok();
    assert_snapshot!(s.run(&["add", "Ann Lee", "--event", "rustconf"]).transcript(), @r"
    exit: 0
    --- stdout
    added Ann Lee (#1)
    follow-up #1: send a note, due today (the meeting was 5 days ago)
    ");
    let plan = s.run(&["--json", "today"]).json();
    assert_eq!(plan["items"][0]["kind"], "follow_up");
    assert_eq!(plan["items"][0]["reason"], "you met on 26 Nov; due today");
    let list = s.run(&["--json", "followup", "list"]).json();
    assert_eq!(list[0]["due"], "2026-12-01");
}

#[test]
fn met_two_days_ago_is_dated_from_the_meeting() {
    let mut s = Sandbox::new();
    at(&mut s, "2026-12-01");
    assert_snapshot!(
        s.run(&["add", "Bo Chen", "--met", "meetup", "--met-on", "2026-11-30"]).transcript(),
        @r"
    exit: 0
    --- stdout
    added Bo Chen (#1)
    follow-up #1: send a note by 2026-12-02
    "
    );
    assert_snapshot!(
        s.run(&["add", "Cy Diaz", "--met", "meetup", "--met-on", "2026-11-29"]).transcript(),
        @r"
    exit: 0
    --- stdout
    added Cy Diaz (#2)
    follow-up #2: send a note, due today (the meeting was 2 days ago)
    "
    );
    at(&mut s, "2026-12-02");
    let plan = s.run(&["--json", "today"]).json();
    // Cy's follow-up, made due on the day of adding, is now a day old; Bo's is due today.
    assert_eq!(
        plan["items"][0]["reason"],
        "you met on 29 Nov; due yesterday"
    );
    assert_eq!(plan["items"][1]["reason"], "you met on 30 Nov; due today");
}

#[test]
fn followup_add_with_a_past_date_is_due_today() {
    let mut s = Sandbox::new();
    at(&mut s, "2026-12-01");
    s.run(&["add", "Ann Lee"]).ok();
    assert_snapshot!(
        s.run(&["followup", "add", "ann", "send the deck", "--due", "2026-11-20"]).transcript(),
        @r"
    exit: 0
    --- stdout
    follow-up #1 with Ann Lee due today (2026-11-20 has passed)
    "
    );
    let f = s.run(&["--json", "followup", "list"]).json();
    assert_eq!(f[0]["due"], "2026-12-01");
}
