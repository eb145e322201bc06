//! A backlog of overdue follow-ups: today keeps its budget and counts the rest, the
//! overdue list pages through them, and snoozing or cancelling in bulk clears them.

use chrono::{Days, NaiveDate};
use warmline_core::followup::Origin;
use warmline_store::Store;

use crate::support::{Sandbox, TODAY};

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

/// Ann with 300 overdue follow-ups, every third a promise, due 1 to 150 days ago; Bo
/// with one due next week.
fn backlog() -> Sandbox {
    let s = Sandbox::new();
    s.run(&["add", "Ann Lee"]).ok();
    s.run(&["add", "Bo Chen"]).ok();
    let store = Store::open(&s.db()).unwrap();
    for n in 1..=300u64 {
        let origin = if n % 3 == 0 {
            Origin::Promise
        } else {
            Origin::Manual
        };
        let due = today() - Days::new(1 + n % 150);
        let text = format!("note {n}");
        store.add_follow_up(1, &text, due, origin, today()).unwrap();
    }
    let later = today() + Days::new(7);
    store
        .add_follow_up(2, "send the deck", later, Origin::Manual, today())
        .unwrap();
    s
}

#[test]
fn today_fits_the_budget_and_counts_the_backlog() {
    let s = backlog();
    let run = s.run(&["today"]).ok();
    insta::assert_snapshot!(run.transcript());
    let plan = s.run(&["--json", "today"]).json();
    assert_eq!(plan["items"].as_array().unwrap().len(), 4);
    assert_eq!(plan["planned_minutes"], 20);
    assert_eq!(plan["more_overdue"], 296);
    for key in ["date", "minutes", "items", "streak", "more"] {
        assert!(plan.get(key).is_some(), "{key} missing");
    }
    // The oldest promises first: notes 147 and 297 fell due 148 days ago (the older
    // ones are not promises), then 144 and 294, 145 days ago.
    let ids: Vec<&str> = (plan["items"].as_array().unwrap().iter())
        .map(|i| i["action"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["note 147", "note 297", "note 144", "note 294"]);
    let bigger = s.run(&["--json", "today", "--minutes", "60"]).json();
    assert_eq!(bigger["more_overdue"], 288);
}

#[test]
fn the_overdue_list_pages_and_bulk_commands_clear_it() {
    let s = backlog();
    let page = s
        .run(&["followup", "list", "--overdue", "--limit", "3"])
        .ok();
    insta::assert_snapshot!(page.transcript());
    let all = s.run(&["--json", "followup", "list", "--overdue"]).json();
    assert_eq!(all.as_array().unwrap().len(), 300);
    let next = s
        .run(&[
            "--json",
            "followup",
            "list",
            "--overdue",
            "--limit",
            "2",
            "--offset",
            "2",
        ])
        .json();
    assert_eq!(next[0]["id"], all[2]["id"]);
    assert_eq!(next.as_array().unwrap().len(), 2);
    // Text lists stop at fifty without --limit.
    let text = s.run(&["followup", "list"]).ok().stdout;
    assert!(
        text.contains("50 of 301 follow-ups (--offset 50 for more)"),
        "{text}"
    );

    let cancel = s
        .run(&["followup", "cancel", "--overdue", "--older-than", "100"])
        .ok();
    insta::assert_snapshot!(cancel.transcript());
    let left = s.run(&["--json", "followup", "list", "--overdue"]).json();
    assert_eq!(left.as_array().unwrap().len(), 200);
    let snooze = s.run(&["followup", "snooze", "--overdue", "7"]).ok();
    insta::assert_snapshot!(snooze.transcript());
    let plan = s.run(&["--json", "today"]).json();
    assert_eq!(plan["more_overdue"], 0);
    let kinds: Vec<&str> = (plan["items"].as_array().unwrap().iter())
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert!(!kinds.contains(&"follow_up"), "{kinds:?}");
    assert!(!s.run(&["today"]).ok().stdout.contains("more overdue"));
    let none = s.run(&["followup", "list", "--overdue"]).ok();
    assert_eq!(
        none.stdout,
        "no follow-up is overdue: nothing is slipping\n"
    );
    let pending = s.run(&["--json", "followup", "list"]).json();
    assert_eq!(pending.as_array().unwrap().len(), 201);
    let kept = s.run(&["--json", "followup", "list", "--all"]).json();
    assert_eq!(kept.as_array().unwrap().len(), 301);
}

#[test]
fn bulk_commands_refuse_bad_input_whole() {
    let s = backlog();
    let runs: Vec<String> = [
        &["followup", "snooze", "--overdue", "0"][..],
        &["followup", "snooze", "--overdue", "-3"],
        &["followup", "cancel", "--overdue", "--older-than", "0"],
        &["followup", "cancel", "--overdue"],
        &["followup", "cancel"],
        &["followup", "list", "--overdue", "--limit", "0"],
        &["followup", "list", "--overdue", "--offset", "x"],
    ]
    .iter()
    .map(|args| format!("$ {}\n{}", args.join(" "), s.run(args).transcript()))
    .collect();
    insta::assert_snapshot!(runs.join("\n"));
    let all = s.run(&["--json", "followup", "list", "--overdue"]).json();
    assert_eq!(all.as_array().unwrap().len(), 300);
}
