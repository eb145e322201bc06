//! Bad input: one line on stderr, a non-zero exit, nothing written.

use insta::assert_snapshot;

use crate::support::{Sandbox, file_bytes};

fn two_danas() -> Sandbox {
    let s = Sandbox::new();
    s.run(&["add", "Dana Lee", "--org", "Acme PR"]).ok();
    s.run(&["add", "Dana Smith", "--org", "Initech"]).ok();
    s
}

#[test]
fn unknown_and_ambiguous_people() {
    let s = two_danas();
    assert_snapshot!(s.run(&["show", "dana"]).transcript(), @r"
    exit: 1
    --- stderr
    error: 'dana' could be Dana Lee (Acme PR, #1) or Dana Smith (Initech, #2): say more of the name, or use the id
    ");
    assert_snapshot!(s.run(&["show", "Dana Smyth"]).transcript(), @r"
    exit: 1
    --- stderr
    error: no one named 'Dana Smyth' — did you mean Dana Smith (Initech, #2) or Dana Lee (Acme PR, #1)?
    ");
    assert_snapshot!(s.run(&["fact", "nobody", "hobby", "x"]).transcript(), @r"
    exit: 1
    --- stderr
    error: no one named 'nobody'
    ");
}

#[test]
fn malformed_input_changes_nothing() {
    let s = two_danas();
    let before = s.run(&["--json", "show", "1"]).stdout;
    let cases: &[(&[&str], &str)] = &[
        (
            &["log", "dana lee", "x", "--on", "soonish"],
            "error: --on: 'soonish' is not a date: use YYYY-MM-DD, today, yesterday, a number of days like 3d, or a weekday name\n",
        ),
        (
            &["fact", "dana lee", "zodiac", "leo"],
            "error: unknown fact category 'zodiac': expected one of family, hometown, school, hobby, interest, work_history, life_event, other\n",
        ),
        (&["add", "   "], "error: a person needs a name\n"),
        (
            &["add", "Ann", "--email", "not-an-email"],
            "error: 'not-an-email' is not an email address\n",
        ),
        (
            &["add", "Ann", "--every", "0"],
            "error: --every: a cadence must be between 1 and 3650 days, not 0\n",
        ),
        (
            &["log", "dana lee", "x", "--kind", "lunch"],
            "error: --kind: unknown interaction kind 'lunch': expected one of coffee, call, video, email, message, meeting, event, intro, other\n",
        ),
        (
            &["log", "dana lee,nobody", "x"],
            "error: no one named 'nobody'\n",
        ),
        (
            &["followup", "done", "99"],
            "error: no follow-up with id 99\n",
        ),
        (
            &["followup", "snooze", "99", "0"],
            "error: snooze by 1 to 3650 days, not 0\n",
        ),
        (
            &["edit", "dana lee"],
            "error: nothing to change: give an option such as --org, --title or --tag (see warmline edit --help)\n",
        ),
        (
            &["add", "Ann", "--birthday", "june"],
            "error: --birthday 'june' is not a date: use YYYY-MM-DD or --MM-DD\n",
        ),
    ];
    for (args, expected) in cases {
        let r = s.run(args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.transcript());
        assert_eq!(r.stderr, *expected, "{args:?}");
        assert!(r.stdout.is_empty(), "{args:?}");
    }
    assert_eq!(s.run(&["--json", "show", "1"]).stdout, before);
    assert_eq!(
        s.run(&["--json", "list"]).json().as_array().unwrap().len(),
        2
    );
    assert_eq!(
        s.run(&["--json", "followup", "list"]).json(),
        serde_json::json!([])
    );
}

#[test]
fn a_bad_today_is_refused() {
    let mut s = Sandbox::new();
    s.today = "25/11/2026".into();
    assert_snapshot!(s.run(&["list"]).transcript(), @r"
    exit: 1
    --- stderr
    error: WARMLINE_TODAY='25/11/2026' is not a date: use YYYY-MM-DD
    ");
}

#[test]
fn corrupt_newer_and_unusable_databases() {
    let s = Sandbox::new();
    let junk = s.path("junk.db");
    std::fs::write(
        &junk,
        b"this is not a database, just some text that is long enough\n".repeat(100),
    )
    .unwrap();
    let before = file_bytes(&junk);
    let r = s.run(&["--db", junk.to_str().unwrap(), "list"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        s.redact(&r.stderr),
        "error: [TMP]/junk.db is not a warmline database (file is not a database (NotADatabase))\n"
    );
    assert_eq!(
        file_bytes(&junk),
        before,
        "a corrupt file is left as it was"
    );

    let newer = s.path("newer.db");
    s.run(&["--db", newer.to_str().unwrap(), "add", "Ann"]).ok();
    {
        let conn = rusqlite_like_set_version(&newer);
        assert!(conn);
    }
    let r = s.run(&["--db", newer.to_str().unwrap(), "list"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("was written by a newer warmline (schema version 99"),
        "{}",
        r.stderr
    );

    let r = s.run(&["--db", s.dir.path().to_str().unwrap(), "list"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with("error: cannot open") && r.stderr.contains("it is a directory"),
        "{}",
        r.stderr
    );

    let r = s.run(&["--db", "/proc/warmline/x.db", "list"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("error: cannot open /proc/warmline/x.db"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1);
}

#[test]
fn a_file_from_an_earlier_version_is_upgraded_with_a_word_on_stderr() {
    let s = Sandbox::new();
    s.run(&["add", "Ann Lee"]).ok();
    {
        // One version back: the last migration's triggers are made only if missing.
        let conn = rusqlite::Connection::open(s.db()).unwrap();
        let latest: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        conn.pragma_update(None, "user_version", latest - 1)
            .unwrap();
    }
    let r = s.run(&["list"]).ok();
    let copy = format!("{}.bak-v", s.db().display());
    let said = r.stderr.lines().next().unwrap_or_default();
    assert!(
        said.starts_with(&format!(
            "warmline: upgrading {} from version ",
            s.db().display()
        )) && said.contains(&copy),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("Ann Lee"), "{}", r.stdout);
    // Once upgraded, nothing more is said.
    assert_eq!(s.run(&["list"]).ok().stderr, "");
}

/// Sets the schema version of a database to 99 by editing the header field SQLite keeps it
/// in (offset 60, big-endian), so the test needs no SQLite library of its own.
fn rusqlite_like_set_version(path: &std::path::Path) -> bool {
    let mut bytes = std::fs::read(path).unwrap();
    // The WAL may hold the latest pages; the first page is written at checkpoint, which the
    // closing connection performs.
    bytes[60..64].copy_from_slice(&99u32.to_be_bytes());
    std::fs::write(path, bytes).is_ok()
}

#[test]
fn unquoted_words_past_a_person_and_a_text_are_refused_clearly() {
    let s = Sandbox::new();
    s.run(&["add", "Ada Lovelace"]).ok();
    s.run(&["add", "Grace Hopper"]).ok();
    for args in [
        &["log", "ada", "lovelace", "coffee at the Engine"][..],
        &["need", "ada", "lovelace", "a photographer"],
        &["offer", "ada", "lovelace", "portfolio reviews"],
        &["fact", "ada", "lovelace", "hobby", "chess"],
        &["link", "ada", "grace", "hopper"],
    ] {
        let r = s.run(args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.transcript());
        assert!(
            r.stderr.starts_with("error: too many words") && r.stderr.contains("quote"),
            "{args:?}: {}",
            r.stderr
        );
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    }
    let interactions = s.run(&["--json", "history", "ada"]).json();
    assert_eq!(
        interactions.as_array().map(Vec::len),
        Some(0),
        "nothing logged"
    );
    s.run(&["log", "ada lovelace", "coffee at the Engine"]).ok();
}
