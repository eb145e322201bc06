//! Control characters (ESC, BEL, a bare CR) never reach the store or the terminal: not
//! from the command line, not from an imported file, and not from data stored before
//! text was cleaned on its way in.

use crate::support::Sandbox;

/// A terminal title and a screen clear, as a hostile file or paste would carry them.
const HOSTILE: &str = "\u{1b}]0;owned\u{7}\u{1b}[2J";

fn no_control(text: &str) {
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{text:?}"
    );
}

#[test]
fn typed_text_is_stored_without_control_characters() {
    let s = Sandbox::new();
    let name = format!("Eve{HOSTILE} Smith");
    s.run(&["add", &name, "--email", "eve@example.com"]).ok();
    let summary = format!("coffee{HOSTILE}\r and cake");
    s.run(&["log", "eve", &summary]).ok();
    let show = s.run(&["--json", "show", "eve"]).json();
    assert_eq!(show["name"], "Eve]0;owned[2J Smith");
    assert_eq!(
        show["interactions"][0]["summary"],
        "coffee]0;owned[2J and cake"
    );
    let card = s.run(&["show", "eve"]).ok();
    no_control(&card.stdout);
}

#[test]
fn imported_text_is_stored_without_control_characters() {
    let s = Sandbox::new();
    let card = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zed{HOSTILE} Quinn\r\nEMAIL:zed@example.com\r\nNOTE:met at{HOSTILE} the fair\r\nEND:VCARD\r\n"
    );
    std::fs::write(s.path("c.vcf"), card).unwrap();
    let file = s.path("c.vcf");
    s.run(&["import", "vcard", file.to_str().unwrap()]).ok();
    let show = s.run(&["--json", "show", "zed"]).json();
    assert_eq!(show["name"], "Zed]0;owned[2J Quinn");
    no_control(&show.to_string());
    no_control(&s.run(&["list"]).ok().stdout);
}

#[test]
fn text_stored_raw_before_reaches_the_terminal_without_them() {
    let s = Sandbox::new();
    s.run(&["add", "Old Data", "--email", "old@example.com"])
        .ok();
    let db = rusqlite::Connection::open(s.db()).unwrap();
    db.execute(
        "UPDATE people SET name = ?1, notes = ?1",
        [format!("Old{HOSTILE} Data")],
    )
    .unwrap();
    drop(db);
    for args in [
        &["show", "old@example.com"][..],
        &["list"],
        &["search", "old"],
    ] {
        let run = s.run(args);
        no_control(&run.stdout);
        no_control(&run.stderr);
    }
    // An error naming what was typed is made safe as well.
    let err = s.run(&["show", "nobody\u{1b}[2J"]);
    no_control(&err.stderr);
}
