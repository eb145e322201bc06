//! The parts of a name (vCard N; first, middle and last columns): kept from every source
//! that has them, editable, and written back by the exports; and contact CSVs warmline did
//! not write itself, read whole or refused by name.

use serde_json::Value;

use crate::import::{fixture, import};
use crate::support::Sandbox;

const CARD: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Michael Angstadt\r\nN:Angstadt;Michael;J.;Mr.;Jr.\r\nEMAIL:mike@example.com\r\nTEL:+1 206 555 0110\r\nBDAY:--12-09\r\nEND:VCARD\r\n";

fn with_card() -> Sandbox {
    let s = Sandbox::new();
    let file = s.path("mike.vcf");
    std::fs::write(&file, CARD).unwrap();
    s.run(&["import", "vcard", file.to_str().unwrap()]).ok();
    s
}

fn parts(s: &Sandbox, who: &str) -> Value {
    s.run(&["--json", "show", who]).json()["name_parts"].clone()
}

#[test]
fn a_cards_name_parts_are_kept_and_written_back() {
    let s = with_card();
    assert_eq!(
        parts(&s, "angstadt"),
        serde_json::json!({"family": "Angstadt", "given": "Michael", "middle": "J.",
                           "prefix": "Mr.", "suffix": "Jr."})
    );
    let card = s.run(&["show", "angstadt"]).ok().stdout;
    assert!(
        card.contains(
            "Name parts     family Angstadt, given Michael, middle J., prefix Mr., suffix Jr."
        ),
        "{card}"
    );
    let vcf = s.run(&["export", "vcard"]).ok().stdout;
    assert!(
        vcf.contains("\r\nN:Angstadt;Michael;J.;Mr.;Jr.\r\n"),
        "{vcf}"
    );
    let csv = s.run(&["export", "csv"]).ok().stdout;
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let header = rows.headers().unwrap().clone();
    let row = rows.records().next().unwrap().unwrap();
    let cell = |name: &str| &row[header.iter().position(|h| h == name).unwrap()];
    assert_eq!(
        (cell("Given Name"), cell("Family Name"), cell("Middle Name")),
        ("Michael", "Angstadt", "J.")
    );
    assert_eq!((cell("Name Prefix"), cell("Name Suffix")), ("Mr.", "Jr."));
    assert_eq!(cell("Phone"), "+1 206 555 0110", "a phone is not a formula");
    assert_eq!(cell("Birthday"), "--12-09", "nor is a year-less birthday");
}

#[test]
fn parts_are_typed_on_add_and_edit_and_cleared_with_an_empty_value() {
    let s = Sandbox::new();
    s.run(&["add", "Dana Lee", "--given", "Dana", "--family", "Lee"])
        .ok();
    let card = s.run(&["show", "dana"]).ok().stdout;
    assert!(
        !card.contains("Name parts"),
        "parts that spell the name add nothing: {card}"
    );
    s.run(&["edit", "dana", "--prefix", "Dr.", "--middle", "Q"])
        .ok();
    assert_eq!(
        parts(&s, "dana"),
        serde_json::json!({"family": "Lee", "given": "Dana", "middle": "Q",
                           "prefix": "Dr.", "suffix": null})
    );
    s.run(&["edit", "dana", "--middle", ""]).ok();
    assert_eq!(parts(&s, "dana")["middle"], Value::Null);
    let vcf = s.run(&["export", "vcard"]).ok().stdout;
    assert!(vcf.contains("\r\nN:Lee;Dana;;Dr.;\r\n"), "{vcf}");
    // A control character typed into a part is dropped, like anywhere else.
    s.run(&["edit", "dana", "--given", "Da\u{7}na"]).ok();
    assert_eq!(parts(&s, "dana")["given"], "Dana");
    let long = "x".repeat(101);
    let bad = s.run(&["edit", "dana", "--family", &long]);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr
            .contains("the family name can be at most 100 characters"),
        "{}",
        bad.stderr
    );
    // Someone typed in with a display name only is written with a guess, never stored.
    s.run(&["add", "Mary Ann Smith"]).ok();
    assert_eq!(
        parts(&s, "mary"),
        serde_json::json!({"family": null, "given": null, "middle": null, "prefix": null,
                           "suffix": null})
    );
    let vcf = s.run(&["export", "vcard"]).ok().stdout;
    assert!(vcf.contains("\r\nN:Smith;Mary Ann;;;\r\n"), "{vcf}");
}

#[test]
fn parts_come_from_google_outlook_and_linkedin_too() {
    let s = Sandbox::new();
    import(&s, "google", "google-current.csv");
    import(&s, "linkedin", "linkedin-Connections.csv");
    let r = import(&s, "google", "outlook.csv");
    assert_eq!(r["added"], 2, "{r}");
    let mike = s.run(&["--json", "show", "angstadt"]).json();
    assert_eq!(mike["name"], "Michael J. Angstadt");
    assert_eq!(mike["name_parts"]["prefix"], "Mr.");
    assert_eq!(mike["name_parts"]["suffix"], "Jr.");
    assert_eq!(
        mike["emails"],
        serde_json::json!(["mike@example.com", "mike@home.example"])
    );
    assert_eq!(
        mike["phones"],
        serde_json::json!(["+1 206 555 0111", "+1 206 555 0110"]),
        "mobile and work, no fax"
    );
    assert_eq!(
        (&mike["org"], &mike["title"]),
        (&Value::from("Acme Corp"), &Value::from("Software Engineer"))
    );
    assert_eq!(mike["birthday"], "1980-05-14");
    assert_eq!(mike["location"], "Seattle, WA, United States of America");
    let priya = s.run(&["--json", "show", "priya nair"]).json();
    assert_eq!(priya["name_parts"]["prefix"], "Dr.");
    assert_eq!(priya["birthday"], Value::Null, "0/0/00 is no birthday");
    let people = s.run(&["--json", "list"]).json();
    let from_linkedin = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["source"] == "linkedin" || p["org"].is_string())
        .map(|p| p["id"].to_string())
        .unwrap();
    let shown = s.run(&["--json", "show", &from_linkedin]).json();
    assert!(shown["name_parts"]["given"].is_string(), "{shown}");
}

#[test]
fn warmlines_own_csv_reads_back_whole_and_a_second_import_changes_nothing() {
    let s = with_card();
    import(&s, "google", "google-current.csv");
    s.run(&[
        "add",
        "Dana Lee",
        "--email",
        "dana@acme.com",
        "--phone",
        "+1 512 555 0100",
        "--org",
        "=Acme PR",
        "--title",
        "Director",
        "--tag",
        "pr",
        "--birthday",
        "1990-04-01",
    ])
    .ok();
    let file = s.path("people.csv");
    s.run(&["export", "csv", "-o", file.to_str().unwrap()]).ok();
    let fresh = Sandbox::new();
    let r = fresh
        .run(&["--json", "import", "google", file.to_str().unwrap()])
        .json();
    let before = s.run(&["--json", "list"]).json();
    assert_eq!(
        r["added"].as_u64(),
        Some(before.as_array().unwrap().len() as u64)
    );
    for who in ["dana", "angstadt"] {
        let (a, b) = (
            s.run(&["--json", "show", who]).json(),
            fresh.run(&["--json", "show", who]).json(),
        );
        for key in [
            "name",
            "name_parts",
            "emails",
            "phones",
            "org",
            "title",
            "birthday",
            "tags",
        ] {
            assert_eq!(a[key], b[key], "{who}: {key}");
        }
    }
    // Into the network it came from: every person is recognised by the UID it carries.
    let again = s
        .run(&["--json", "import", "google", file.to_str().unwrap()])
        .json();
    assert_eq!(
        (again["added"].as_u64(), again["updated"].as_u64()),
        (Some(0), Some(0)),
        "{again}"
    );
}

#[test]
fn a_linkedin_file_given_as_contacts_is_refused_by_name() {
    let s = Sandbox::new();
    let r = s.run(&["import", "google", &fixture("linkedin-Connections.csv")]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stderr.contains("this is LinkedIn's Connections.csv")
            && r.stderr.contains("warmline import linkedin"),
        "{}",
        r.stderr
    );
    assert_eq!(s.run(&["--json", "list"]).json(), serde_json::json!([]));
}

#[test]
fn vobject_reads_the_parts_we_write() {
    let Some((python, _)) = crate::export::tools() else {
        return;
    };
    let s = with_card();
    let vcf = s.path("out.vcf");
    s.run(&["export", "vcard", "-o", vcf.to_str().unwrap()])
        .ok();
    let script = r#"
import sys, vobject
card = next(vobject.readComponents(open(sys.argv[1], encoding="utf-8").read()))
n = card.n.value
print("|".join([n.family, n.given, n.additional, n.prefix, n.suffix]))
"#;
    let out = crate::export::run_ok(
        std::process::Command::new(&python)
            .arg("-c")
            .arg(script)
            .arg(&vcf),
    );
    assert_eq!(out.trim(), "Angstadt|Michael|J.|Mr.|Jr.");
}
