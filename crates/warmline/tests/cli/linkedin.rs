//! A LinkedIn export imported before `me linkedin` was ever said: who I am is found in
//! messages.csv, connections never wait for it, and a file where I cannot be told apart
//! is refused alone, by name.

use std::io::Write;
use std::path::{Path, PathBuf};

use insta::assert_snapshot;

use crate::import::fixture;
use crate::support::Sandbox;

/// The export as LinkedIn hands it over: a folder holding the two files.
fn export_folder(s: &Sandbox, messages: &str) -> PathBuf {
    let dir = s.path("Basic_LinkedInDataExport_11-25-2026");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        fixture("linkedin-Connections.csv"),
        dir.join("Connections.csv"),
    )
    .unwrap();
    std::fs::write(dir.join("messages.csv"), messages).unwrap();
    dir
}

/// The same as a `.zip`, the files one folder down as in the real archive.
fn export_zip(s: &Sandbox, messages: &str) -> PathBuf {
    let path = s.path("export.zip");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("Export/Connections.csv", opts).unwrap();
    z.write_all(&std::fs::read(fixture("linkedin-Connections.csv")).unwrap())
        .unwrap();
    z.start_file("Export/messages.csv", opts).unwrap();
    z.write_all(messages.as_bytes()).unwrap();
    z.finish().unwrap();
    path
}

fn sample_messages() -> String {
    std::fs::read_to_string(fixture("linkedin-messages.csv")).unwrap()
}

/// One conversation between two people, neither of them a connection: no telling who
/// is me.
fn strangers() -> String {
    let header = sample_messages().lines().next().unwrap().to_string();
    format!(
        "{header}\n\
         9-xyz,,Pat Doe,https://www.linkedin.com/in/pat-doe,Sam Example,https://www.linkedin.com/in/sam-example,2026-11-04 10:00:00 UTC,,Hello there,INBOX,No\n"
    )
}

fn names(s: &Sandbox) -> Vec<String> {
    s.run(&["--json", "list"])
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

fn run_import(s: &Sandbox, path: &Path) -> String {
    let out = s.run(&["import", "linkedin", &path.display().to_string()]);
    s.redact(&out.transcript())
}

#[test]
fn a_folder_imported_before_me_linkedin_finds_me_and_imports_everything() {
    let s = Sandbox::new();
    let dir = export_folder(&s, &sample_messages());
    assert_snapshot!(run_import(&s, &dir), @r"
    exit: 0
    --- stdout
    [TMP]/Basic_LinkedInDataExport_11-25-2026: 6 added, 0 updated, 0 unchanged, 1 skipped
      people: 4 added, 0 updated, 0 unchanged; interactions: 2 added, 0 updated, 0 unchanged, 0 skipped
      you are Sam Example (from messages.csv); to be sure of it next time: warmline me linkedin https://www.linkedin.com/in/sam-example
    New connections (4):
      Grace Hopper (Rear Admiral at US Navy)
      Ada Lovelace (Engineer at Analytical Engines, Ltd.)
      Alan Turing (Reader, Computing Laboratory at University of Manchester)
      Katherine Johnson (Research Mathematician at NASA)
    ");
    // I am not my own contact; Grace's two messages are hers, in and out.
    assert!(!names(&s).contains(&"Sam Example".to_string()));
    let grace = s.run(&["--json", "show", "grace"]).json();
    let kinds: Vec<&str> = grace["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["message", "message"]);
    // The same again changes nothing.
    let again = s.run(&["--json", "import", "linkedin", &dir.display().to_string()]);
    let again = again.json();
    assert_eq!(
        (again["added"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(6))
    );
}

#[test]
fn a_zip_imported_before_me_linkedin_finds_me_too() {
    let s = Sandbox::new();
    let zip = export_zip(&s, &sample_messages());
    let out = s
        .run(&["--json", "import", "linkedin", &zip.display().to_string()])
        .json();
    assert_eq!(out["people"]["added"], 4);
    assert_eq!(out["interactions"]["added"], 2);
    let notes = out["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0]
            .as_str()
            .unwrap()
            .starts_with("you are Sam Example (from messages.csv)"),
        "{notes:?}"
    );
}

#[test]
fn messages_csv_alone_finds_me_among_connections_imported_before() {
    let s = Sandbox::new();
    s.run(&["import", "linkedin", &fixture("linkedin-Connections.csv")])
        .ok();
    let out = s.run(&["import", "linkedin", &fixture("linkedin-messages.csv")]);
    let text = crate::import::redact_data(&out.transcript());
    assert_snapshot!(text, @r"
    exit: 0
    --- stdout
    [DATA]/linkedin-messages.csv: 2 added, 0 updated, 0 unchanged, 0 skipped
      you are Sam Example (from linkedin-messages.csv); to be sure of it next time: warmline me linkedin https://www.linkedin.com/in/sam-example
    ");
}

#[test]
fn when_i_cannot_be_told_apart_messages_are_refused_and_connections_still_come_in() {
    let s = Sandbox::new();
    let dir = export_folder(&s, &strangers());
    assert_snapshot!(run_import(&s, &dir), @r"
    exit: 1
    --- stdout
    [TMP]/Basic_LinkedInDataExport_11-25-2026: 4 added, 0 updated, 0 unchanged, 1 skipped
    New connections (4):
      Grace Hopper (Rear Admiral at US Navy)
      Ada Lovelace (Engineer at Analytical Engines, Ltd.)
      Alan Turing (Reader, Computing Laboratory at University of Manchester)
      Katherine Johnson (Research Mathematician at NASA)
    --- stderr
    error: [TMP]/Basic_LinkedInDataExport_11-25-2026/messages.csv: cannot tell which participant is you: 2 people are in the only conversation; record your LinkedIn profile with warmline me linkedin URL and import again
    ");
    assert_eq!(names(&s).len(), 4);
    assert!(!names(&s).contains(&"Pat Doe".to_string()));

    // With --json the refusal is an error naming the file, on stdout.
    let s = Sandbox::new();
    let zip = export_zip(&s, &strangers());
    let out = s.run(&["--json", "import", "linkedin", &zip.display().to_string()]);
    assert_eq!(out.code, 1);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["people"]["added"], 4);
    assert_eq!(v["errors"][0]["line"], 0);
    assert!(
        v["errors"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("export.zip/Export/messages.csv"),
        "{v}"
    );
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);

    // Told who I am, the same file imports: Pat, no contact of mine, is counted, not
    // created.
    s.run(&["me", "linkedin", "https://www.linkedin.com/in/sam-example"])
        .ok();
    let out = s
        .run(&["--json", "import", "linkedin", &zip.display().to_string()])
        .json();
    assert_eq!(out["unknown_addresses"], 1);
    assert_eq!(out["notes"].as_array().unwrap().len(), 0);
}

#[test]
fn connections_alone_never_need_me() {
    let s = Sandbox::new();
    // A profile that appears nowhere in the export changes nothing for connections.
    s.run(&[
        "me",
        "linkedin",
        "https://www.linkedin.com/in/somebody-else",
    ])
    .ok();
    let dir = s.path("only-connections");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        fixture("linkedin-Connections.csv"),
        dir.join("Connections.csv"),
    )
    .unwrap();
    let out = s
        .run(&["--json", "import", "linkedin", &dir.display().to_string()])
        .json();
    assert_eq!(out["people"]["added"], 4);
}
