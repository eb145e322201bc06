//! Importing every format end to end: counts, idempotency, merging, job changes,
//! atomicity, dry runs and bad input.

use insta::assert_snapshot;
use serde_json::Value;

use crate::support::Sandbox;

/// A fixture of the formats crate (the producers' quirks live there) or of this crate.
pub fn fixture(name: &str) -> String {
    let here = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/");
    let formats = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../warmline-formats/tests/data/"
    );
    let local = format!("{here}{name}");
    if std::path::Path::new(&local).exists() {
        local
    } else {
        format!("{formats}{name}")
    }
}

/// Output with the fixture folders replaced by `[DATA]/`, for snapshots.
pub fn redact_data(text: &str) -> String {
    text.replace(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../warmline-formats/tests/data/"
        ),
        "[DATA]/",
    )
    .replace(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/"),
        "[DATA]/",
    )
}

pub fn import(s: &Sandbox, format: &str, file: &str) -> Value {
    s.run(&["--json", "import", format, &fixture(file)]).json()
}

fn counts(v: &Value) -> (u64, u64, u64, u64) {
    let n = |k: &str| v[k].as_u64().unwrap_or(u64::MAX);
    (n("added"), n("updated"), n("unchanged"), n("skipped"))
}

fn people(s: &Sandbox) -> Vec<Value> {
    s.run(&["--json", "list"])
        .json()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn every_format_imports_and_a_second_import_changes_nothing() {
    let s = Sandbox::new();
    s.run(&["me", "email", "me@example.com"]).ok();
    s.run(&["me", "linkedin", "https://www.linkedin.com/in/sam-example"])
        .ok();
    let files = [
        ("linkedin", "linkedin-Connections.csv", (4, 0, 0, 1)),
        ("linkedin", "linkedin-messages.csv", (2, 0, 0, 0)),
        ("google", "google-current.csv", (0, 2, 0, 0)),
        ("google", "google-legacy.csv", (0, 1, 0, 0)),
        ("vcard", "apple30.vcf", (0, 1, 0, 0)),
        ("vcard", "google30.vcf", (0, 1, 0, 0)),
        ("vcard", "v21.vcf", (1, 0, 0, 0)),
        ("vcard", "v40.vcf", (0, 1, 0, 0)),
        ("vcard", "outlook-version-late.vcf", (1, 0, 0, 0)),
        ("mbox", "gmail-takeout.mbox", (4, 0, 0, 0)),
        ("ics", "google-calendar.ics", (1, 0, 0, 0)),
    ];
    for (format, file, expected) in files {
        let first = import(&s, format, file);
        assert_eq!(counts(&first), expected, "{file}: {first}");
        let again = import(&s, format, file);
        let (a, u, _, _) = counts(&again);
        assert_eq!((a, u), (0, 0), "{file} again: {again}");
        assert_eq!(again["errors"], Value::Array(Vec::new()));
    }
    assert_eq!(people(&s).len(), 6);
    // The mail archive logged emails with contacts and counted the stranger.
    let mbox = import(&s, "mbox", "gmail-takeout.mbox");
    assert_eq!(mbox["messages"], 2);
    assert_eq!(mbox["interactions"]["unchanged"], 4);
    let ada = s.run(&["--json", "show", "ada@example.com"]).json();
    let kinds: Vec<&str> = ada["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["kind"].as_str())
        .collect();
    assert!(kinds.contains(&"email"), "{ada}");
}

#[test]
fn the_summary_reads_well() {
    let s = Sandbox::new();
    let out = s.run(&["import", "linkedin", &fixture("linkedin-Connections.csv")]);
    assert_snapshot!(redact_data(&out.transcript()), @r"
    exit: 0
    --- stdout
    [DATA]/linkedin-Connections.csv: 4 added, 0 updated, 0 unchanged, 1 skipped
    New connections (4):
      Grace Hopper (Rear Admiral at US Navy)
      Ada Lovelace (Engineer at Analytical Engines, Ltd.)
      Alan Turing (Reader, Computing Laboratory at University of Manchester)
      Katherine Johnson (Research Mathematician at NASA)
    ");
}

#[test]
fn a_newer_linkedin_export_brings_new_connections_and_job_changes() {
    let mut s = Sandbox::new();
    s.today = "2025-12-10".into();
    import(&s, "linkedin", "linkedin-Connections.csv");
    s.today = "2026-11-25".into();
    let again = import(&s, "linkedin", "linkedin-Connections-2026.csv");
    assert_eq!(counts(&again), (1, 1, 3, 1), "{again}");
    assert_eq!(again["new_connections"][0]["name"], "Margaret Hamilton");
    let change = &again["job_changes"][0];
    assert_eq!(change["name"], "Grace Hopper");
    assert_eq!(change["from"]["org"], "US Navy");
    assert_eq!(change["to"]["org"], "Yale University");
    let grace = s.run(&["--json", "show", "grace hopper"]).json();
    assert_eq!(grace["org"], "Yale University");
    assert_eq!(grace["title"], "Professor of Computing");
    let today = s.run(&["--json", "today", "--minutes", "120"]).json();
    let congratulate: Vec<&Value> = today["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "congratulate")
        .collect();
    assert_eq!(congratulate.len(), 1, "{today}");
    assert_eq!(congratulate[0]["person"]["name"], "Grace Hopper");
    // The old job is kept as history: search still finds her by it.
    assert!(
        s.run(&["find", "navy"])
            .ok()
            .stdout
            .contains("Grace Hopper")
    );
    // Once seen, the change is not reported again.
    let third = import(&s, "linkedin", "linkedin-Connections-2026.csv");
    assert_eq!(counts(&third), (0, 0, 5, 1), "{third}");
    // Two weeks on, the congratulation has left the plan.
    s.today = "2026-12-15".into();
    let later = s.run(&["--json", "today", "--minutes", "120"]).json();
    assert!(
        !later["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "congratulate")
    );
}

#[test]
fn a_job_the_user_typed_is_kept_unless_overwrite() {
    let s = Sandbox::new();
    s.run(&[
        "add",
        "Grace Hopper",
        "--linkedin",
        "linkedin.com/in/grace-hopper/",
        "--org",
        "Harvard",
    ])
    .ok();
    let r = import(&s, "linkedin", "linkedin-Connections.csv");
    assert_eq!(counts(&r), (3, 1, 0, 1), "{r}");
    let grace = s.run(&["--json", "show", "grace"]).json();
    assert_eq!(grace["org"], "Harvard");
    assert_eq!(grace["emails"][0], "grace@example.org");
    let s2 = s
        .run(&[
            "--json",
            "import",
            "linkedin",
            &fixture("linkedin-Connections.csv"),
            "--overwrite",
        ])
        .json();
    assert_eq!(s2["updated"], 1, "{s2}");
    assert_eq!(s.run(&["--json", "show", "grace"]).json()["org"], "US Navy");
}

#[test]
fn people_are_merged_by_email_linkedin_and_phone() {
    let s = Sandbox::new();
    s.run(&[
        "add",
        "A. Lovelace",
        "--email",
        "ADA@example.com",
        "--tag",
        "vip",
    ])
    .ok();
    s.run(&[
        "add",
        "Alan T.",
        "--linkedin",
        "https://linkedin.com/in/alan",
    ])
    .ok();
    s.run(&["add", "Grace H.", "--phone", "+1 (555) 0101"]).ok();
    let r = import(&s, "vcard", "apple30.vcf");
    assert_eq!(counts(&r), (0, 1, 0, 0), "{r}");
    let r = import(&s, "vcard", "v40.vcf");
    assert_eq!(counts(&r), (0, 1, 0, 0), "{r}");
    let r = import(&s, "vcard", "google30.vcf");
    assert_eq!(counts(&r), (0, 1, 0, 0), "{r}");
    let list = people(&s);
    assert_eq!(list.len(), 3, "{list:?}");
    // Names typed by hand stay; what the cards add is there.
    let ada = s.run(&["--json", "show", "ada@example.com"]).json();
    assert_eq!(ada["name"], "A. Lovelace");
    let tags = ada["tags"].to_string();
    assert!(tags.contains("vip"), "{tags}");
    let alan = s.run(&["--json", "show", "alan t"]).json();
    assert_eq!(alan["emails"][0], "alan@example.ac.uk");
}

#[test]
fn a_file_with_a_bad_record_writes_nothing() {
    let s = Sandbox::new();
    let file = fixture("broken-at-card-3.vcf");
    let out = s.run(&["import", "vcard", &file]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr,
        format!(
            "error: {file}:15: card never ends (BEGIN:VCARD at line 11); nothing was written \
             (--skip-bad imports the other records)\n"
        )
    );
    assert!(out.stdout.is_empty());
    assert_eq!(people(&s).len(), 0);
    // A dry run lists the problem and what would have changed.
    let dry = s.run(&["--json", "import", "vcard", &file, "--dry-run"]);
    assert_eq!(dry.code, 1);
    let v: Value = serde_json::from_str(&dry.stdout).unwrap();
    assert_eq!(v["errors"][0]["line"], 15);
    assert_eq!(v["added"], 3);
    assert!(dry.stderr.contains("1 problem found"), "{}", dry.stderr);
    assert_eq!(people(&s).len(), 0);
}

#[test]
fn a_dry_run_shows_what_would_change_and_writes_nothing() {
    let s = Sandbox::new();
    s.run(&["add", "Ada Lovelace", "--email", "ada@home.example"])
        .ok();
    let before = std::fs::read(s.db()).unwrap();
    let out = s.run(&[
        "import",
        "google",
        &fixture("google-current.csv"),
        "--dry-run",
    ]);
    assert_snapshot!(redact_data(&out.transcript()), @r"
    exit: 0
    --- stdout
    [DATA]/google-current.csv: 1 would be added, 1 would be updated, 0 unchanged, 0 skipped
    Would change:
      line     2: update #1 Ada Lovelace (emails, phones, tags, name_parts, location, birthday, linkedin, notes, job)
      line     6: add   Grace Brewster Hopper
    Dry run: nothing was written.
    ");
    assert_eq!(people(&s).len(), 1);
    assert_eq!(std::fs::read(s.db()).unwrap().len(), before.len());
    let ada = s.run(&["--json", "show", "ada"]).json();
    assert_eq!(ada["emails"].as_array().unwrap().len(), 1);
}

#[test]
fn bad_input_is_one_line_and_writes_nothing() {
    let s = Sandbox::new();
    let cases = [
        (
            "vcard",
            "/no/such/file.vcf".to_string(),
            "error: /no/such/file.vcf: no such file or directory\n".to_string(),
        ),
        (
            "google",
            "/".to_string(),
            "error: /: is a directory; give the file itself\n".to_string(),
        ),
        (
            "ics",
            fixture("never-ends.ics"),
            format!("error: {}:", fixture("never-ends.ics")),
        ),
        (
            "mbox",
            fixture("garbage.bin"),
            format!("error: {}:", fixture("garbage.bin")),
        ),
        (
            "google",
            fixture("garbage.bin"),
            format!("error: {}:", fixture("garbage.bin")),
        ),
        (
            "json",
            fixture("v21.vcf"),
            format!("error: {}:1: not valid JSON", fixture("v21.vcf")),
        ),
    ];
    for (format, path, expected) in cases {
        let refs = ["import", format, path.as_str()];
        let out = s.run(&refs);
        assert_eq!(out.code, 1, "{:?}: {}", refs, out.transcript());
        let stderr = out.stderr;
        assert!(stderr.starts_with(&expected), "{refs:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    assert_eq!(people(&s).len(), 0);
    // Latin-1 is read as such rather than refused.
    let latin = import(&s, "linkedin", "linkedin-Connections-latin1.csv");
    assert_eq!(latin["added"], 1, "{latin}");
    let truncated = s.run(&["import", "vcard", &fixture("truncated.vcf")]);
    assert_eq!(truncated.code, 1, "{}", truncated.transcript());
}

#[test]
fn dupes_lists_pairs_and_merge_folds_everything_in() {
    let s = Sandbox::new();
    s.run(&[
        "add",
        "Dana Lee",
        "--org",
        "Acme PR",
        "--email",
        "dana@acme.com",
    ])
    .ok();
    // The second record on purpose: `add` names the likely duplicate unless told.
    s.run(&[
        "add",
        "dana lee",
        "--anyway",
        "--org",
        "ACME PR",
        "--phone",
        "+1 555 0100",
        "--tag",
        "pr",
    ])
    .ok();
    s.run(&["add", "Jon Smith", "--email", "jon@initech.com"])
        .ok();
    s.run(&["add", "John Smith", "--email", "john.smith@initech.com"])
        .ok();
    s.run(&["log", "#2", "coffee", "--kind", "coffee"]).ok();
    s.run(&["fact", "#2", "hobby", "climbing"]).ok();
    s.run(&["followup", "add", "#2", "send the deck", "--due", "3d"])
        .ok();
    let dupes = s.run(&["--json", "dupes"]).json();
    let pairs: Vec<(i64, i64, String)> = dupes
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["a"]["id"].as_i64().unwrap(),
                d["b"]["id"].as_i64().unwrap(),
                d["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        vec![
            (1, 2, "same name and organisation".to_string()),
            (3, 4, "similar names, both at initech.com".to_string())
        ]
    );
    let refused = s.run(&["merge", "1", "2"]);
    assert_eq!(refused.code, 1);
    let merged = s.run(&["merge", "1", "2", "--yes"]).ok();
    assert_eq!(merged.stdout, "merged dana lee (#2) into Dana Lee (#1)\n");
    let dana = s.run(&["--json", "show", "1"]).json();
    assert_eq!(dana["phones"][0], "+1 555 0100");
    assert_eq!(dana["tags"][0], "pr");
    assert_eq!(dana["facts"][0]["text"], "climbing");
    assert_eq!(dana["interactions"][0]["summary"], "coffee");
    assert_eq!(dana["follow_ups"][0]["text"], "send the deck");
    assert_eq!(s.run(&["show", "2"]).code, 1);
    let dupes = s.run(&["--json", "dupes"]).json();
    assert_eq!(dupes.as_array().map(Vec::len), Some(1));
}
