//! `simulate`: a small run's figures pinned for a seed, the three policies compared, the
//! folder it writes, and its refusals. Nothing touches the user's own database.

use insta::{assert_json_snapshot, assert_snapshot};

use crate::support::Sandbox;

const SMALL: [&str; 6] = ["--people", "40", "--days", "30", "--seed", "7"];

#[test]
fn a_small_run_gives_the_same_figures_for_a_seed() {
    let s = Sandbox::new();
    let mut args = vec!["simulate", "--policy", "warmline", "--json"];
    args.extend(SMALL);
    let first = s.run(&args).json();
    assert_eq!(first, s.run(&args).json());
    for key in [
        "policy",
        "people",
        "days",
        "minutes",
        "within_cadence",
        "followed_up_2d",
        "median_follow_up_days",
        "warm_ties",
        "gives",
        "asks",
        "minutes_spent",
    ] {
        assert!(first.get(key).is_some(), "no {key} in {first}");
    }
    assert_json_snapshot!(first);
    assert!(
        !s.db().exists(),
        "simulate must not create the user's database"
    );
}

#[test]
fn without_a_policy_the_three_are_compared() {
    let s = Sandbox::new();
    let mut args = vec!["simulate"];
    args.extend(SMALL);
    assert_snapshot!(s.run(&args).ok().transcript());
    let mut json = vec!["simulate", "--json"];
    json.extend(SMALL);
    let runs = s.run(&json).json();
    let policies: Vec<&str> = (runs["runs"].as_array().unwrap().iter())
        .map(|r| r["policy"].as_str().unwrap())
        .collect();
    assert_eq!(policies, ["warmline", "overdue", "bursts"]);
}

#[test]
fn out_writes_the_table_and_charts() {
    let s = Sandbox::new();
    let dir = s.path("sim");
    let mut args = vec!["simulate", "--out", dir.to_str().unwrap()];
    args.extend(SMALL);
    s.run(&args).ok();
    let table = std::fs::read_to_string(dir.join("table.md")).unwrap();
    assert!(
        table.starts_with("| | warmline | overdue | bursts |"),
        "{table}"
    );
    let csv = std::fs::read_to_string(dir.join("table.csv")).unwrap();
    assert!(csv.starts_with("figure,warmline,overdue,bursts\n"), "{csv}");
    for policy in ["warmline", "overdue", "bursts"] {
        for chart in ["within_cadence.svg", "warm_ties.svg", "warmth.svg"] {
            let svg = std::fs::read_to_string(dir.join(policy).join(chart)).unwrap();
            assert!(svg.starts_with("<svg xmlns="), "{policy}/{chart}: {svg}");
            assert!(svg.contains("<polyline") || svg.contains("<rect"));
        }
    }
    assert!(dir.join("warm_ties.svg").exists());
}

#[test]
fn bad_settings_are_refused() {
    let s = Sandbox::new();
    for args in [
        vec!["simulate", "--policy", "weekly"],
        vec!["simulate", "--people", "0"],
        vec!["simulate", "--days", "100000"],
        vec!["simulate", "--minutes", "0"],
    ] {
        let run = s.run(&args);
        assert_ne!(run.code, 0);
        assert!(run.stderr.starts_with("error: "), "{}", run.transcript());
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.transcript());
    }
}
