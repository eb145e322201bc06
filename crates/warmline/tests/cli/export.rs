//! Exports and their round trips, backups and restores, and outside tools reading what we
//! write (Python's vobject and icalendar, khard).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::import::{fixture, import};
use crate::support::Sandbox;

/// A network with something in every table an export carries.
fn network() -> Sandbox {
    let s = Sandbox::new();
    s.run(&["me", "email", "me@example.com"]).ok();
    import(&s, "linkedin", "linkedin-Connections.csv");
    import(&s, "google", "google-current.csv");
    import(&s, "vcard", "v40.vcf");
    import(&s, "mbox", "gmail-takeout.mbox");
    s.run(&[
        "add",
        "Dana Lee",
        "--email",
        "dana@acme.com",
        "--org",
        "Acme PR",
        "--met",
        "PRSA mixer",
        "--tier",
        "close",
        "--note",
        "=HYPERLINK(\"http://evil\")",
    ])
    .ok();
    s.run(&["fact", "dana", "family", "daughter Mia plays soccer"])
        .ok();
    s.run(&[
        "log",
        "dana",
        "coffee about Austin",
        "--kind",
        "coffee",
        "--promise",
        "send portfolio",
    ])
    .ok();
    s.run(&["event", "add", "PRSA mixer", "--on", "2026-11-20"])
        .ok();
    s
}

fn export(s: &Sandbox, format: &str) -> String {
    s.run(&["export", format]).ok().stdout
}

#[test]
fn json_export_import_export_gives_the_same_document() {
    let s = network();
    let first = export(&s, "json");
    let file = s.path("backup.json");
    std::fs::write(&file, &first).unwrap();
    let empty = Sandbox::new();
    let r = empty
        .run(&["--json", "import", "json", file.to_str().unwrap()])
        .json();
    assert!(r["added"].as_u64().unwrap() > 20, "{r}");
    assert_eq!(export(&empty, "json"), first);
    // The restored copy works: search, show and today read it.
    assert!(
        empty
            .run(&["find", "soccer"])
            .ok()
            .stdout
            .contains("Dana Lee")
    );
    // Importing the backup again, or into the database it came from, changes nothing.
    for target in [&empty, &s] {
        let again = target
            .run(&["--json", "import", "json", file.to_str().unwrap()])
            .json();
        assert_eq!(
            (again["added"].as_u64(), again["updated"].as_u64()),
            (Some(0), Some(0)),
            "{again}"
        );
    }
    // Into a database with other people, the backup's people are merged by identity.
    let other = Sandbox::new();
    other
        .run(&[
            "add",
            "Dana Lee",
            "--email",
            "dana@acme.com",
            "--tag",
            "friend",
        ])
        .ok();
    other.run(&["add", "Zoë Park"]).ok();
    other.run(&["import", "json", file.to_str().unwrap()]).ok();
    let dana = other.run(&["--json", "show", "dana@acme.com"]).json();
    assert_eq!(dana["facts"][0]["text"], "daughter Mia plays soccer");
    let list = other.run(&["--json", "list"]).json();
    let first_list = s.run(&["--json", "list"]).json();
    assert_eq!(
        list.as_array().map(Vec::len),
        first_list.as_array().map(|l| l.len() + 1)
    );
}

#[test]
fn vcard_export_imports_into_an_empty_database_as_the_same_people() {
    let s = network();
    let cards = s.path("all.vcf");
    s.run(&["export", "vcard", "-o", cards.to_str().unwrap()])
        .ok();
    let text = std::fs::read_to_string(&cards).unwrap();
    assert_eq!(
        text.matches("BEGIN:VCARD").count(),
        text.matches("\r\nUID:").count()
    );
    let empty = Sandbox::new();
    empty
        .run(&["import", "vcard", cards.to_str().unwrap()])
        .ok();
    let shape = |s: &Sandbox| -> Vec<(Value, Value, Value)> {
        let list = s.run(&["--json", "list"]).json();
        let mut out: Vec<(Value, Value, Value)> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let full = s.run(&["--json", "show", &p["id"].to_string()]).json();
                (
                    full["name"].clone(),
                    full["emails"].clone(),
                    full["org"].clone(),
                )
            })
            .collect();
        out.sort_by_key(|t| t.0.to_string());
        out
    };
    assert_eq!(shape(&empty), shape(&s));
    // And the export of the copy names each person with the UID of the original.
    empty
        .run(&["import", "vcard", cards.to_str().unwrap()])
        .ok();
    let again = empty.run(&["export", "vcard"]).ok().stdout;
    let uids = |t: &str| {
        let mut u: Vec<String> = t
            .lines()
            .filter(|l| l.starts_with("UID:"))
            .map(String::from)
            .collect();
        u.sort();
        u
    };
    assert_eq!(uids(&again), uids(&text));
}

#[test]
fn csv_and_ics_exports() {
    let s = network();
    let csv = export(&s, "csv");
    assert!(
        csv.starts_with("Name,Given Name,Family Name,E-mail"),
        "{csv}"
    );
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert_eq!(csv.lines().filter(|l| l.contains("urn:uuid:")).count(), 5);
    let ics = export(&s, "ics");
    assert!(
        ics.contains("SUMMARY:Follow up with Dana Lee: send portfolio"),
        "{ics}"
    );
    assert!(ics.contains("SUMMARY:Keep in touch with Dana Lee"), "{ics}");
    assert_eq!(ics, export(&s, "ics"), "stable output");
    let todos = s.run(&["export", "ics", "--todos"]).ok().stdout;
    assert!(todos.contains("BEGIN:VTODO"));
    let out = s.run(&["export", "csv", "-o", "/no/such/dir/x.csv"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .starts_with("error: cannot write /no/such/dir/x.csv"),
        "{}",
        out.stderr
    );
}

#[test]
fn backup_and_restore() {
    let s = network();
    let copy = s.path("copy.db");
    let out = s.run(&["backup", copy.to_str().unwrap()]).ok();
    assert_eq!(
        out.stdout,
        format!("backed up 5 people to {}\n", copy.display())
    );
    s.run(&["add", "After Backup"]).ok();
    let refused = s.run(&["restore", copy.to_str().unwrap()]);
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("add --yes"), "{}", refused.stderr);
    let restored = s.run(&["restore", copy.to_str().unwrap(), "--yes"]).ok();
    assert!(
        restored.stdout.starts_with("restored 5 people"),
        "{}",
        restored.stdout
    );
    assert_eq!(s.run(&["show", "after backup"]).code, 1);
    let kept = s.path("warmline.db.before-restore-2026-11-25");
    assert!(kept.exists());
    assert!(s.run(&["find", "soccer"]).ok().stdout.contains("Dana Lee"));
    // Not a warmline database: refused, nothing changed.
    let bad = s.run(&["restore", &fixture("v21.vcf"), "--yes"]);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr.contains("is not a warmline database"),
        "{}",
        bad.stderr
    );
    assert_eq!(
        s.run(&["--json", "list"]).json().as_array().map(Vec::len),
        Some(5)
    );
}

/// The interpreter and khard that CI installs; without them the test says why it skips,
/// and fails on CI, where skipping would hide a missing install step.
pub fn tools() -> Option<(String, String)> {
    match (
        std::env::var("WARMLINE_TEST_PYTHON"),
        std::env::var("WARMLINE_TEST_KHARD"),
    ) {
        (Ok(p), Ok(k)) if !p.is_empty() && !k.is_empty() => Some((p, k)),
        _ => {
            let why =
                "WARMLINE_TEST_PYTHON and WARMLINE_TEST_KHARD are not set (bash .ci/run sets them)";
            assert!(std::env::var_os("CI").is_none(), "{why}");
            eprintln!("skipping the outside readers: {why}");
            None
        }
    }
}

pub fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{cmd:?}: {text}");
    text
}

#[test]
fn outside_tools_read_our_vcards_and_calendars() {
    let Some((python, khard)) = tools() else {
        return;
    };
    let s = network();
    let vcf = s.path("all.vcf");
    let ics = s.path("due.ics");
    s.run(&["export", "vcard", "-o", vcf.to_str().unwrap()])
        .ok();
    s.run(&["export", "ics", "-o", ics.to_str().unwrap()]).ok();
    let script = r#"
import sys, vobject, icalendar
cards = list(vobject.readComponents(open(sys.argv[1], encoding="utf-8").read()))
for c in cards:
    assert c.uid.value, c
print("cards", len(cards), sorted(c.fn.value for c in cards))
cal = icalendar.Calendar.from_ical(open(sys.argv[2], "rb").read())
events = [e for e in cal.walk("VEVENT")]
assert all(e.get("UID") for e in events)
print("events", len(events), sorted(str(e.get("SUMMARY")) for e in events)[0])
"#;
    let out = run_ok(
        Command::new(&python)
            .arg("-c")
            .arg(script)
            .arg(&vcf)
            .arg(&ics),
    );
    assert!(out.contains("cards 5"), "{out}");
    assert!(
        out.contains("'Dana Lee'") && out.contains("'Ada Lovelace'"),
        "{out}"
    );
    assert!(out.contains("events "), "{out}");
    // khard reads a folder of .vcf files, one card each, and skips cards without a UID.
    let book = s.path("book");
    std::fs::create_dir(&book).unwrap();
    for (i, card) in std::fs::read_to_string(&vcf)
        .unwrap()
        .split_inclusive("END:VCARD\r\n")
        .enumerate()
    {
        std::fs::write(book.join(format!("{i}.vcf")), card).unwrap();
    }
    let config = s.path("khard.conf");
    std::fs::write(
        &config,
        format!(
            "[addressbooks]\n[[warmline]]\npath = {}\n\n[general]\ndefault_action = list\n",
            book.display()
        ),
    )
    .unwrap();
    let listed = run_ok(
        Command::new(&khard)
            .arg("-c")
            .arg(&config)
            .arg("list")
            .arg("--parsable")
            .env("HOME", s.dir.path()),
    );
    assert_eq!(listed.lines().count(), 5, "{listed}");
    assert!(listed.contains("Grace Hopper"), "{listed}");
    assert!(Path::new(&book).exists());
}
