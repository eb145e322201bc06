//! `stats` names the period its rates cover, and shows the figures /insights shows for the
//! same network (`warmline-web/tests/web/insights.rs` builds the same one); the demo's
//! warmth keeps hot for the few.

use crate::support::Sandbox;

/// Ann met on 3 November and written to the next day; Ben met on the 10th, written to on
/// the 13th and answering on the 14th; Cal written to on the 5th and in October, never
/// answering. Today is 25 November: the last four weeks start on 2 November.
pub fn the_weekly_network(s: &Sandbox) {
    for args in [
        vec!["add", "Ann Lee", "--met-on", "2026-11-03"],
        vec!["add", "Ben Ode", "--met-on", "2026-11-10"],
        vec!["add", "Cal Roy"],
        vec![
            "log",
            "Ann Lee",
            "hello",
            "--kind",
            "email",
            "--on",
            "2026-11-04",
        ],
        vec![
            "log",
            "Ben Ode",
            "hello",
            "--kind",
            "email",
            "--on",
            "2026-11-13",
        ],
        vec![
            "log",
            "Ben Ode",
            "thanks",
            "--kind",
            "email",
            "--on",
            "2026-11-14",
            "--they-reached-out",
        ],
        vec![
            "log",
            "Cal Roy",
            "any news?",
            "--kind",
            "email",
            "--on",
            "2026-11-05",
        ],
        vec![
            "log",
            "Cal Roy",
            "hello",
            "--kind",
            "email",
            "--on",
            "2026-10-01",
        ],
    ] {
        s.run(&args).ok();
    }
}

#[test]
fn stats_names_the_period_of_its_rates() {
    let s = Sandbox::new();
    the_weekly_network(&s);
    let v = s.run(&["--json", "stats", "--weeks", "12"]).ok().json();
    assert_eq!(v["period"], "last 4 weeks");
    assert_eq!(v["period_weeks"], 4);
    assert_eq!(v["period_start"], "2026-11-02");
    assert_eq!(v["follow_up_latency_days_median"], 2.0);
    assert_eq!(
        (v["people_met"].as_u64(), v["people_followed_up"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(
        (
            v["outbound_counted"].as_u64(),
            v["outbound_answered"].as_u64()
        ),
        (Some(3), Some(1))
    );
    // The same rates whatever the number of weeks shown.
    let one = s.run(&["--json", "stats", "--weeks", "1"]).ok().json();
    assert_eq!(one["reply_rate"], v["reply_rate"]);
    assert_eq!(one["period"], v["period"]);
    let text = s.run(&["stats", "--weeks", "2"]).ok().stdout;
    assert!(
        text.contains("The last 4 weeks, since 2026-11-02"),
        "{text}"
    );
    assert!(
        text.contains("Follow-up latency 2.0 days (2 of 2 people met"),
        "{text}"
    );
    assert!(
        text.contains("Reply rate        33% (1 of 3 outreaches"),
        "{text}"
    );
}

fn hot_share(s: &Sandbox, size: &str) -> f64 {
    let db = s.path(&format!("demo-{size}.db"));
    let db = db.to_str().unwrap();
    s.run(&["--db", db, "demo", "--size", size, "--no-serve"])
        .ok();
    let people = s.run(&["--json", "--db", db, "list"]).ok().json();
    let people = people.as_array().unwrap();
    let hot = (people.iter())
        .filter(|p| p["warmth"]["state"] == "hot")
        .count();
    hot as f64 / people.len() as f64
}

#[test]
fn in_the_demo_hot_is_the_exception() {
    let s = Sandbox::new();
    for size in ["120", "2000"] {
        let share = hot_share(&s, size);
        assert!(
            (0.10..=0.30).contains(&share),
            "{size} people: {share:.2} hot"
        );
    }
}
