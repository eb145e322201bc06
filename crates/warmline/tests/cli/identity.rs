//! Who an imported contact is, from a Google CSV and from vCards: an office line shared
//! by two people keeps them two, the report says who shares what, `dupes` proposes
//! them, and a card with nothing but a name is found again on the next import.

use insta::assert_snapshot;

use crate::support::Sandbox;

const GOOGLE: &str = "First Name,Middle Name,Last Name,Organization Name,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value
Ada,,Lovelace,Analytical Engines,Work,ada@engines.example,Work,+1 206 555 0100
Front,,Desk,Analytical Engines,,,Work,+1 206 555 0100
";

const VCARDS: &str = "BEGIN:VCARD\r
VERSION:3.0\r
FN:Grace Hopper\r
N:Hopper;Grace;;;\r
ORG:US Navy\r
NOTE:Met at the COBOL meetup\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Alan Turing\r
N:Turing;Alan;;;\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Charles Babbage\r
EMAIL:office@engines.example\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Engine Office\r
EMAIL:office@engines.example\r
END:VCARD\r
";

#[test]
fn a_shared_office_line_keeps_two_people_apart() {
    let s = Sandbox::new();
    let csv = s.path("contacts.csv");
    std::fs::write(&csv, GOOGLE).unwrap();
    let csv = csv.to_str().unwrap();
    assert_snapshot!(s.redact(&s.run(&["import", "google", csv]).transcript()), @r"
    exit: 0
    --- stdout
    [TMP]/contacts.csv: 2 added, 0 updated, 0 unchanged, 0 skipped
    Kept apart, the names differ (1); `warmline dupes` proposes them should they be one person:
      Front Desk (#2, line 3) shares the phone number +1 206 555 0100 with Ada Lovelace (#1)
    ");
    assert_snapshot!(s.redact(&s.run(&["import", "google", csv]).transcript()), @r"
    exit: 0
    --- stdout
    [TMP]/contacts.csv: 0 added, 0 updated, 2 unchanged, 0 skipped
    ");
    let json = s.run(&["--json", "dupes"]).json();
    assert_eq!(json.as_array().map(Vec::len), Some(1), "{json}");
}

#[test]
fn vcards_without_uid_import_once() {
    let s = Sandbox::new();
    let vcf = s.path("cards.vcf");
    std::fs::write(&vcf, VCARDS).unwrap();
    let vcf = vcf.to_str().unwrap();
    let first = s.run(&["--json", "import", "vcard", vcf]).json();
    assert_eq!(first["people"]["added"], 4);
    assert_eq!(first["shared"][0]["name"], "Engine Office");
    assert_eq!(first["shared"][0]["with_name"], "Charles Babbage");
    assert_eq!(
        first["shared"][0]["what"],
        "the e-mail address office@engines.example"
    );
    let again = s.run(&["--json", "import", "vcard", vcf]).json();
    assert_eq!(again["people"]["added"], 0);
    assert_eq!(again["people"]["updated"], 0);
    assert_eq!(again["people"]["unchanged"], 4);
    assert_eq!(again["shared_count"], 0);
}
