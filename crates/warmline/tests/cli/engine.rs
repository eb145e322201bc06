//! The follow-up and consistency engine end to end: `today` moved day by day through a
//! simulated month, `done`, `stats`, `review`, `draft` and settings.

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};
use insta::assert_snapshot;
use serde_json::Value;

use crate::support::Sandbox;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &mut Sandbox, d: NaiveDate) {
    s.today = d.to_string();
}

fn item_ids(plan: &Value) -> BTreeSet<String> {
    plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

/// Ids of every follow-up that is open (or snoozed) and due by `today`.
fn due_follow_ups(s: &Sandbox) -> BTreeSet<String> {
    let today = day(&s.today);
    s.run(&["--json", "followup", "list"])
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| day(f["due"].as_str().unwrap()) <= today)
        .map(|f| format!("f{}", f["id"]))
        .collect()
}

/// Ids of everyone due for keeping in touch today.
fn due_people(s: &Sandbox) -> BTreeSet<String> {
    s.run(&["--json", "list", "--due"])
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("k{}", p["id"]))
        .collect()
}

#[test]
fn a_simulated_month_never_loses_anything_due() {
    let mut s = Sandbox::new();
    let start = day("2026-11-02"); // a Monday
    at(&mut s, start);
    s.run(&["add", "Ann Lee", "--tier", "inner", "--met", "PRSA mixer"])
        .ok();
    s.run(&["add", "Bo Chen", "--every", "7"]).ok();
    s.run(&["add", "Cy Diaz", "--tier", "close"]).ok();
    s.run(&["fact", "cy", "family", "daughter Mia plays soccer"])
        .ok();
    s.run(&["log", "bo", "coffee", "--kind", "coffee"]).ok();
    s.run(&["log", "cy", "call about the Austin move", "--kind", "call"])
        .ok();

    for offset in 0..31 {
        let today = start + Duration::days(offset);
        at(&mut s, today);
        let plan = s.run(&["--json", "today", "--minutes", "120"]).json();
        assert_eq!(plan["date"], today.to_string());
        let listed = item_ids(&plan);
        // Nothing due goes missing: every due follow-up and every keep-in-touch due is on
        // the plan, except people already on it for another reason (that item is the touch).
        let people_on_plan: BTreeSet<i64> = plan["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["person"]["id"].as_i64().unwrap())
            .collect();
        for f in due_follow_ups(&s) {
            assert!(
                listed.contains(&f),
                "day {today}: due follow-up {f} missing from {listed:?}"
            );
        }
        for k in due_people(&s) {
            let id: i64 = k[1..].parse().unwrap();
            assert!(
                listed.contains(&k) || people_on_plan.contains(&id),
                "day {today}: {k} missing from {listed:?}"
            );
        }
        // Live the plan as a diligent user would, on weekdays only.
        if offset % 7 < 5
            && let Some(first) = listed.iter().next()
        {
            s.run(&["done", first]).ok();
            let after = item_ids(&s.run(&["--json", "today", "--minutes", "120"]).json());
            assert!(
                !after.contains(first),
                "day {today}: {first} still listed after done"
            );
        }
        if offset == 10 {
            s.run(&[
                "log",
                "ann",
                "lunch",
                "--kind",
                "meeting",
                "--promise",
                "send the deck",
            ])
            .ok();
        }
    }

    // stats add up: every touch logged shows in exactly one week.
    at(&mut s, start + Duration::days(30));
    let stats = s.run(&["--json", "stats", "--weeks", "6"]).json();
    let touches: u64 = stats["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["touches"].as_u64().unwrap())
        .sum();
    let logged: usize = ["ann", "bo", "cy"]
        .iter()
        .map(|p| {
            s.run(&["--json", "show", p]).json()["interactions"]
                .as_array()
                .unwrap()
                .len()
        })
        .sum();
    assert_eq!(touches as usize, logged);
    for key in [
        "streak",
        "weeks",
        "follow_up_latency_days_median",
        "reply_rate",
    ] {
        assert!(stats.get(key).is_some(), "stats lacks {key}");
    }
    let (current, best) = (
        stats["streak"]["current"].as_u64().unwrap(),
        stats["streak"]["best"].as_u64().unwrap(),
    );
    assert!(best >= current && best >= 2, "{}", stats["streak"]);
    let new_people: u64 = stats["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["new_people"].as_u64().unwrap())
        .sum();
    assert_eq!(new_people, 3);
}

#[test]
fn after_event_follow_up_then_keep_in_touch() {
    let mut s = Sandbox::new();
    at(&mut s, day("2026-11-02"));
    s.run(&[
        "add",
        "Ann Lee",
        "--tier",
        "close",
        "--met",
        "PRSA mixer",
        "--email",
        "ann@example.com",
    ])
    .ok();
    at(&mut s, day("2026-11-04"));
    let plan = s.run(&["--json", "today"]).json();
    assert_eq!(plan["items"][0]["kind"], "follow_up");
    assert_eq!(plan["items"][0]["person"]["name"], "Ann Lee");
    assert_snapshot!("today_after_event", s.run(&["today"]).transcript());
    assert_snapshot!("draft_just_met", s.run(&["draft", "ann"]).transcript());
    s.run(&["done", "f1"]).ok();
    assert_snapshot!(s.run(&["today"]).transcript(), @r"
    exit: 0
    --- stdout
    Today, Wed 4 November · 20 minutes · streak 1 day (best 1)

    All done for today. The slow game is won one day at a time.
    ");
    // Thirty days after the last contact (the close tier), she is due again.
    at(&mut s, day("2026-12-04"));
    let plan = s.run(&["--json", "today"]).json();
    assert_eq!(plan["items"][0]["id"], "k1");
    assert!(
        plan["items"][0]["reason"].as_str().unwrap().contains("30"),
        "{}",
        plan["items"][0]
    );
}

#[test]
fn today_json_has_the_contract_shape() {
    let mut s = Sandbox::new();
    at(&mut s, day("2026-11-02"));
    s.run(&["add", "Ann Lee", "--tier", "inner"]).ok();
    s.run(&["followup", "add", "ann", "send the deck", "--due", "today"])
        .ok();
    let plan = s.run(&["--json", "today", "--minutes", "30"]).json();
    for key in ["date", "minutes", "items", "streak"] {
        assert!(plan.get(key).is_some(), "today lacks {key}");
    }
    let item = &plan["items"][0];
    for key in ["id", "kind", "person", "reason", "action", "minutes"] {
        assert!(item.get(key).is_some(), "item lacks {key}");
    }
    assert!(item["person"].get("id").is_some() && item["person"].get("name").is_some());
    assert_eq!(plan["minutes"], 30);
    assert!(plan["streak"].get("current").is_some() && plan["streak"].get("best").is_some());
}

#[test]
fn the_plan_fits_its_budget_and_counts_due_follow_ups_left_out() {
    let mut s = Sandbox::new();
    at(&mut s, day("2026-11-02"));
    for n in 0..8 {
        s.run(&["add", &format!("Person {n}"), "--tier", "inner"])
            .ok();
    }
    let plan = s.run(&["--json", "today", "--minutes", "10"]).json();
    let minutes: u64 = plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["minutes"].as_u64().unwrap())
        .sum();
    assert!(minutes <= 10, "{plan}");
    assert_eq!(plan["more"], 6);
    for n in 1..=4 {
        s.run(&[
            "followup",
            "add",
            &n.to_string(),
            "send a note",
            "--due",
            "today",
        ])
        .ok();
    }
    let plan = s.run(&["--json", "today", "--minutes", "10"]).json();
    let kinds: Vec<&str> = plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        vec!["follow_up"; 2],
        "due follow-ups come first, within the budget"
    );
    assert_eq!(plan["more_overdue"], 2, "{plan}");
    assert_eq!(plan["planned_minutes"], 10);
}

#[test]
fn done_and_today_reject_bad_input() {
    let mut s = Sandbox::new();
    at(&mut s, day("2026-11-02"));
    s.run(&["add", "Ann Lee", "--tier", "inner"]).ok();
    let cases: &[(&[&str], &str)] = &[
        (
            &["today", "--minutes", "0"],
            "error: --minutes must be between 1 and 1440, not 0\n",
        ),
        (
            &["done", "x9"],
            "error: 'x9' is not an item of today's plan: expected a letter for the kind (f follow-up, k keep in touch, g give, r reach out, b birthday, c congratulate, p prep, e event, t triage) and a number, like f12 or k7\n",
        ),
        (&["done", "k99"], "error: k99 is not on today's plan\n"),
        (
            &["stats", "--weeks", "0"],
            "error: --weeks must be between 1 and 520, not 0\n",
        ),
        (
            &["settings", "set", "cadence.close", "0"],
            "error: cadence.close must be between 1 and 3650, not 0\n",
        ),
        (
            &["settings", "set", "colour", "blue"],
            "error: unknown setting 'colour': see warmline settings set --help\n",
        ),
        (
            &["settings", "set", "template.check_in", "Hi {frist_name}"],
            "",
        ),
    ];
    for (args, expected) in cases {
        let r = s.run(args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.transcript());
        if expected.is_empty() {
            assert!(
                r.stderr.starts_with("error: ") && r.stderr.contains("frist_name"),
                "{}",
                r.stderr
            );
        } else {
            assert_eq!(r.stderr, *expected, "{args:?}");
        }
    }
    s.run(&["done", "k1"]).ok();
    let again = s.run(&["done", "k1"]);
    assert_eq!(again.stderr, "error: k1 is already done today\n");
    // Done once, logged once.
    assert_eq!(
        s.run(&["--json", "show", "ann"]).json()["interactions"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn settings_change_cadence_and_budget() {
    let mut s = Sandbox::new();
    at(&mut s, day("2026-11-02"));
    s.run(&["add", "Ann Lee", "--tier", "close"]).ok();
    s.run(&["log", "ann", "coffee", "--kind", "coffee"]).ok();
    s.run(&["settings", "set", "cadence.close", "21"]).ok();
    s.run(&["settings", "set", "time_budget_minutes", "45"])
        .ok();
    s.run(&["settings", "set", "rest_days", "sat,sun"]).ok();
    assert_eq!(
        s.run(&["--json", "show", "ann"]).json()["next_due"],
        "2026-11-23"
    );
    assert_eq!(s.run(&["--json", "today"]).json()["minutes"], 45);
    let shown = s.run(&["--json", "settings", "show"]).json();
    assert_eq!(shown["rest_days"], serde_json::json!([5, 6]));
}

#[test]
fn review_and_stats_read_well() {
    let mut s = Sandbox::new();
    at(&mut s, day("2026-11-09"));
    s.run(&[
        "add",
        "Ann Lee",
        "--tier",
        "inner",
        "--met",
        "mixer",
        "--met-on",
        "2026-11-09",
    ])
    .ok();
    s.run(&["add", "Bo Chen", "--tier", "close"]).ok();
    at(&mut s, day("2026-11-10"));
    s.run(&["log", "ann", "thanks for the chat", "--kind", "email"])
        .ok();
    at(&mut s, day("2026-11-12"));
    s.run(&[
        "log",
        "ann",
        "she replied",
        "--kind",
        "email",
        "--they-reached-out",
    ])
    .ok();
    s.run(&["log", "bo", "coffee", "--kind", "coffee"]).ok();
    at(&mut s, day("2026-11-16"));
    assert_snapshot!("review", s.run(&["review"]).transcript());
    let stats = s.run(&["--json", "stats", "--weeks", "2"]).json();
    assert_eq!(stats["follow_up_latency_days_median"], 1.0);
    assert_eq!(stats["reply_rate"], 1.0);
    let text = s.run(&["stats", "--weeks", "2"]).ok().stdout;
    assert!(
        text.contains("Reply rate        100% (1 of 1 outreaches answered within 14 days)"),
        "{text}"
    );
    assert!(text.contains("The past year"), "{text}");
}
