//! Birthdays read as people say them ("9 Dec", "9 Dec 1990"), never as `--12-09`.

use insta::assert_snapshot;

use crate::support::Sandbox;

fn birthday_line(s: &Sandbox, who: &str) -> String {
    let show = s.run(&["show", who]).ok().transcript();
    show.lines()
        .filter(|l| l.starts_with("Birthday"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn show_prints_a_birthday_as_day_and_month() {
    let mut s = Sandbox::new();
    s.today = "2026-12-01".to_string();
    s.run(&["add", "Grace Hopper", "--birthday", "--12-09"])
        .ok();
    s.run(&["add", "Ada Lovelace", "--birthday", "1990-12-10"])
        .ok();
    assert_snapshot!(birthday_line(&s, "grace"), @"Birthday       9 Dec");
    assert_snapshot!(birthday_line(&s, "ada"), @"Birthday       10 Dec 1990");
    // The JSON keeps its stored form.
    let json = s.run(&["--json", "show", "grace"]).json();
    assert_eq!(json["birthday"], "--12-09");
}

#[test]
fn a_birthday_is_checked_off_on_the_day_not_before() {
    let mut s = Sandbox::new();
    s.today = "2026-12-05".to_string();
    s.run(&["add", "Grace Hopper", "--birthday", "--12-09"])
        .ok();
    assert_snapshot!(s.run(&["done", "b1"]).transcript(), @r"
    exit: 1
    --- stderr
    error: Grace's birthday is on 9 Dec: check it off on the day
    ");
    s.today = "2026-12-09".to_string();
    s.run(&["done", "b1"]).ok();
}

#[test]
fn birthday_days_ahead_lists_it_early_but_the_check_off_waits_for_the_day() {
    let mut s = Sandbox::new();
    s.today = "2026-12-06".to_string();
    s.run(&["add", "Grace Hopper", "--birthday", "--12-09"])
        .ok();
    let ids = |s: &Sandbox| -> Vec<String> {
        let plan = s.run(&["--json", "today", "--minutes", "60"]).json();
        plan["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] == "birthday")
            .map(|i| i["reason"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert!(ids(&s).is_empty());
    assert_snapshot!(s.run(&["settings", "set", "birthday_days_ahead", "31"]).transcript(), @r"
    exit: 1
    --- stderr
    error: birthday_days_ahead must be between 0 and 30, not 31
    ");
    s.run(&["settings", "set", "birthday_days_ahead", "3"]).ok();
    assert_eq!(ids(&s), vec!["birthday on Wednesday 9 Dec".to_string()]);
    assert_snapshot!(s.run(&["done", "b1"]).transcript(), @r"
    exit: 1
    --- stderr
    error: Grace's birthday is on 9 Dec: check it off on the day
    ");
    // Still listed until the day, and on the day it is checked off.
    s.today = "2026-12-08".to_string();
    assert_eq!(ids(&s), vec!["birthday tomorrow".to_string()]);
    s.today = "2026-12-09".to_string();
    assert_eq!(ids(&s), vec!["birthday today".to_string()]);
    s.run(&["done", "b1"]).ok();
    assert!(ids(&s).is_empty());
}
