//! Crash safety and concurrency: SIGKILL at random moments leaves a sound database with
//! each transaction whole or absent, and several writers at once never see "database is
//! locked". The long variants run with WARMLINE_LONG_TESTS=1.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::Sandbox;

fn long() -> bool {
    std::env::var_os("WARMLINE_LONG_TESTS").is_some()
}

/// A pseudo-random number from the clock: the kill moments need only vary, not repeat.
fn jitter(max: u64) -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    u64::from(nanos) % max.max(1)
}

fn check(s: &Sandbox, db: &str) -> serde_json::Value {
    s.run(&["--json", "--db", db, "check"]).json()
}

#[test]
fn sigkill_during_a_bulk_load_leaves_all_or_nothing() {
    let s = Sandbox::new();
    let rounds = if long() { 20 } else { 3 };
    for round in 0..rounds {
        let db = s.path(&format!("kill-{round}.db"));
        let db = db.to_str().unwrap();
        let mut child = s
            .std_command()
            .args(["--db", db, "demo", "--size", "1500", "--no-serve"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(30 + jitter(600)));
        let _ = child.kill();
        let _ = child.wait();
        let v = check(&s, db);
        assert_eq!(v["integrity"], "ok", "round {round}: {v}");
        let people = v["people"].as_u64().unwrap();
        assert!(
            people == 0 || people == 1500,
            "round {round}: a half-written demo: {v}"
        );
    }
}

#[test]
fn sigkill_during_a_burst_of_writes_keeps_each_write_whole() {
    let s = Sandbox::new();
    s.run(&["add", "First"]).ok();
    let count = if long() { 300 } else { 40 };
    // Each add carries an email, a tag and an organisation: a person without them would
    // be a transaction cut in half. Each process is killed at a random moment of its
    // short life, some before they start writing, some mid-write, some after.
    for i in 0..count {
        let mut child = s
            .std_command()
            .args([
                "add",
                &format!("Person {i}"),
                "--email",
                &format!("p{i}@example.com"),
                "--tag",
                "burst",
                "--org",
                "Acme",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(jitter(12_000)));
        let _ = child.kill();
        let _ = child.wait();
    }
    let v = check(&s, s.db().to_str().unwrap());
    assert_eq!(v["integrity"], "ok", "{v}");
    for p in s
        .run(&["--json", "list", "--tag", "burst"])
        .json()
        .as_array()
        .unwrap()
    {
        let card = s.run(&["--json", "show", &p["id"].to_string()]).json();
        assert_eq!(card["emails"].as_array().unwrap().len(), 1, "{card}");
        assert_eq!(card["org"], "Acme", "{card}");
    }
    // Every email row belongs to a person with the tag: no half-written person either way.
    let all = s.run(&["--json", "list"]).json();
    let tagged = s.run(&["--json", "list", "--tag", "burst"]).json();
    assert_eq!(
        all.as_array().unwrap().len(),
        tagged.as_array().unwrap().len() + 1
    );
}

#[test]
fn four_writers_at_once_never_see_a_locked_database() {
    let s = Sandbox::new();
    for n in 0..4 {
        s.run(&["add", &format!("Writer {n}")]).ok();
    }
    let per_writer = if long() { 100 } else { 15 };
    let started = Instant::now();
    let handles: Vec<_> = (0..4)
        .map(|n| {
            let mut cmds = Vec::new();
            for i in 0..per_writer {
                let mut c = s.command();
                c.args([
                    "log",
                    &format!("writer {n}"),
                    &format!("note {i}"),
                    "--kind",
                    "email",
                ]);
                cmds.push(c);
            }
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for mut c in cmds {
                    let out = c.output().unwrap();
                    if !out.status.success() {
                        failures.push(String::from_utf8_lossy(&out.stderr).into_owned());
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    assert!(failures.is_empty(), "{failures:?}");
    let v = check(&s, s.db().to_str().unwrap());
    assert_eq!(v["interactions"], 4 * per_writer as u64, "{v}");
    assert!(started.elapsed() < Duration::from_secs(120));
}

#[test]
fn a_write_waits_out_a_long_transaction_elsewhere() {
    // An import or the demo holds the write lock for its whole file, seconds on end; a
    // `log` typed meanwhile waits for it instead of failing with "database is locked".
    let s = Sandbox::new();
    s.run(&["add", "Dana Lee"]).ok();
    let conn = rusqlite::Connection::open(s.db()).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE; UPDATE people SET notes = 'held' WHERE id = 1;")
        .unwrap();
    let child = s
        .std_command()
        .args(["log", "dana", "coffee while an import ran"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Longer than SQLite's usual patience of a few seconds.
    std::thread::sleep(Duration::from_secs(6));
    conn.execute_batch("COMMIT").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = check(&s, s.db().to_str().unwrap());
    assert_eq!(v["interactions"], 1, "{v}");
}
