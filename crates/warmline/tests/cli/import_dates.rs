//! Dates and birthdays as real files write them: year-less birthdays in every
//! convention, unreadable ones kept and reported, LinkedIn's Connected On however a
//! spreadsheet re-saved it, and dates outside 1970 to a year ahead reported and skipped,
//! never a last contact.

use insta::assert_snapshot;

use crate::support::Sandbox;

fn write(s: &Sandbox, name: &str, text: &str) -> String {
    std::fs::write(s.path(name), text).unwrap();
    s.path(name).to_str().unwrap().to_string()
}

#[test]
fn year_less_birthdays_in_every_convention_and_unreadable_ones_reported() {
    let s = Sandbox::new();
    let file = write(
        &s,
        "c.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Apple\r\nBDAY:16041209\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bo Basic\r\nBDAY:--1209\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Zero\r\nBDAY:0000-12-09\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Di Vague\r\nBDAY:sometime in May\r\nEND:VCARD\r\n",
    );
    assert_snapshot!(s.redact(&s.run(&["import", "vcard", &file]).transcript()), @r"
    exit: 0
    --- stdout
    [TMP]/c.vcf: 4 added, 0 updated, 0 unchanged, 0 skipped
      warning: line 16: birthday 'sometime in May' could not be read; kept in the notes
    ");
    for who in ["ada", "bo", "cy"] {
        let show = s.run(&["--json", "show", who]).json();
        assert_eq!(show["birthday"], "--12-09", "{who}");
    }
    let di = s.run(&["--json", "show", "di"]).json();
    assert!(di["birthday"].is_null());
    assert_eq!(di["notes"], "Birthday (as written): sometime in May");
    let csv = write(
        &s,
        "g.csv",
        "First Name,Last Name,Birthday,E-mail 1 - Value\nEd,Google,--03-04,ed@example.com\nFay,Later,1604-05-06,fay@example.com\n",
    );
    s.run(&["import", "google", &csv]).ok();
    assert_eq!(
        s.run(&["--json", "show", "ed"]).json()["birthday"],
        "--03-04"
    );
    assert_eq!(
        s.run(&["--json", "show", "fay"]).json()["birthday"],
        "--05-06"
    );
}

#[test]
fn connected_on_in_every_form_and_an_unreadable_one_is_a_warning() {
    let s = Sandbox::new();
    let file = write(
        &s,
        "Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
Ann,One,https://www.linkedin.com/in/ann-one,,,,06 Feb 2026\n\
Ben,Two,https://www.linkedin.com/in/ben-two,,,,6-Feb-26\n\
Cat,Three,https://www.linkedin.com/in/cat-three,,,,2/6/2026\n\
Dan,Four,https://www.linkedin.com/in/dan-four,,,,2026-02-06\n\
Eve,Five,https://www.linkedin.com/in/eve-five,,,,the day we met\n\
Fin,Six,https://www.linkedin.com/in/fin-six,,,,06 Feb 1904\n\
,,,,,,\n",
    );
    assert_snapshot!(s.redact(&s.run(&["import", "linkedin", &file]).transcript()), @r"
    exit: 0
    --- stdout
    [TMP]/Connections.csv: 6 added, 0 updated, 0 unchanged, 1 skipped
      warning: line 6: Connected On 'the day we met' could not be read; the connection is imported without it
      warning: line 7: connected on 1904-02-06, outside 1970 to a year ahead: left out
    New connections (6):
      Ann One
      Ben Two
      Cat Three
      Dan Four
      Eve Five
      Fin Six
    ");
    let json = s.run(&["--json", "import", "linkedin", &file]).json();
    assert_eq!(json["warnings"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_mail_dated_outside_1970_to_a_year_ahead_is_skipped_and_never_a_last_contact() {
    let s = Sandbox::new();
    s.run(&["me", "email", "me@example.com"]).ok();
    s.run(&["add", "Ada Lovelace", "--email", "ada@example.com"])
        .ok();
    let mbox = write(
        &s,
        "mail.mbox",
        "From ada@example.com Mon Nov  2 10:00:00 2026\n\
From: Ada <ada@example.com>\n\
To: Me <me@example.com>\n\
Date: Fri, 1 Jan 99999 10:00:00 +0000\n\
Subject: from the far future\n\
\n\
hi\n\
\n\
From ada@example.com Mon Nov  2 10:00:00 2026\n\
From: Ada <ada@example.com>\n\
To: Me <me@example.com>\n\
Date: Mon, 2 Nov 2026 10:00:00 +0000\n\
Subject: a real one\n\
\n\
hello\n",
    );
    assert_snapshot!(s.redact(&s.run(&["import", "mbox", &mbox]).transcript()), @r"
    exit: 0
    --- stdout
    [TMP]/mail.mbox: 1 added, 0 updated, 0 unchanged, 1 skipped
      2 messages read
      skipped line 1: dated 9999-01-01, outside 1970 to a year ahead
    ");
    let show = s.run(&["--json", "show", "ada"]).json();
    assert_eq!(show["last_contact"], "2026-11-02");
}

#[test]
fn a_birthday_in_a_year_still_to_come_keeps_its_day_without_the_year() {
    let s = Sandbox::new();
    let file = write(
        &s,
        "c.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Gus Future\r\nBDAY:20991209\r\nEND:VCARD\r\n",
    );
    let json = s.run(&["--json", "import", "vcard", &file]).json();
    assert_eq!(json["warnings"][0]["line"], 1);
    assert_eq!(
        json["warnings"][0]["message"],
        "birthday 2099-12-09 is in the future: kept without its year"
    );
    assert_eq!(
        s.run(&["--json", "show", "gus"]).json()["birthday"],
        "--12-09"
    );
}
