//! A file with a bad record: refused whole by default (nothing written), or with
//! `--skip-bad` imported but for the bad records, each reported with its line. With
//! `--json` the answer is JSON either way, errors included.

use insta::assert_snapshot;

use crate::support::Sandbox;

const CARDS: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.com\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:a card with no name\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEND:VCARD\r\n";

fn with_cards() -> (Sandbox, String) {
    let s = Sandbox::new();
    std::fs::write(s.path("c.vcf"), CARDS).unwrap();
    let file = s.path("c.vcf").to_str().unwrap().to_string();
    (s, file)
}

#[test]
fn a_bad_record_refuses_the_file_whole_and_json_says_why() {
    let (s, file) = with_cards();
    assert_snapshot!(s.redact(&s.run(&["import", "vcard", &file]).transcript()), @r"
    exit: 1
    --- stderr
    error: [TMP]/c.vcf:6: card has no name (no FN, N, ORG, EMAIL or TEL); nothing was written (--skip-bad imports the other records)
    ");
    let run = s.run(&["--json", "import", "vcard", &file]);
    assert_eq!(run.code, 1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["errors"][0]["file"], file.as_str());
    assert_eq!(json["errors"][0]["line"], 6);
    assert!(
        json["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("no name")
    );
    assert_eq!(s.run(&["--json", "list"]).json(), serde_json::json!([]));
}

#[test]
fn skip_bad_imports_the_rest_and_names_each_record_left_out() {
    let (s, file) = with_cards();
    assert_snapshot!(s.redact(&s.run(&["import", "vcard", &file, "--skip-bad"]).transcript()), @r"
    exit: 0
    --- stdout
    [TMP]/c.vcf: 2 added, 0 updated, 0 unchanged, 1 skipped
      skipped line 6: card has no name (no FN, N, ORG, EMAIL or TEL)
    ");
    assert_eq!(
        s.run(&["--json", "list"]).json().as_array().map(Vec::len),
        Some(2)
    );
    let (s, file) = with_cards();
    let json = s
        .run(&["--json", "import", "vcard", &file, "--skip-bad"])
        .json();
    assert_eq!(json["added"], 2);
    assert_eq!(json["skipped"], 1);
    assert_eq!(json["skipped_records"][0]["line"], 6);
    assert_eq!(json["skipped_records"][0]["file"], file.as_str());
}

#[test]
fn json_is_printed_for_a_file_that_cannot_be_read_at_all() {
    let s = Sandbox::new();
    let run = s.run(&["--json", "import", "vcard", "/no/such/file.vcf"]);
    assert_eq!(run.code, 1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["errors"][0]["line"], 0);
    assert_eq!(json["errors"][0]["file"], "/no/such/file.vcf");
    assert_eq!(
        json["errors"][0]["message"],
        "/no/such/file.vcf: no such file or directory"
    );
    for format in ["google", "linkedin", "mbox", "ics", "json"] {
        let run = s.run(&["--json", "import", format, "/no/such/file"]);
        assert_eq!(run.code, 1, "{format}");
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert!(json["errors"].is_array(), "{format}");
    }
}
