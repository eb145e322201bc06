//! Correcting what was recorded: history with ids, editing and removing interactions,
//! facts, needs and offers, contact details, follow-ups, links, goal members, jobs,
//! organisations and events, and undoing every removal.

use insta::assert_snapshot;

use crate::support::Sandbox;

/// Runs each command in turn and writes them down as a session: `$ warmline ...` and what
/// came back.
fn session(s: &Sandbox, commands: &[&[&str]]) -> String {
    let mut out = String::new();
    for args in commands {
        let shown: Vec<String> = args
            .iter()
            .map(|a| {
                if a.contains(' ') || a.is_empty() {
                    format!("\"{a}\"")
                } else {
                    a.to_string()
                }
            })
            .collect();
        out.push_str(&format!("$ warmline {}\n", shown.join(" ")));
        out.push_str(&s.run(args).transcript());
        out.push('\n');
    }
    out
}

/// A session with the clock's removal times taken out.
fn without_times(text: String) -> String {
    text.lines()
        .map(|l| match l.find(" UTC") {
            Some(at) if at >= 19 => format!("{}[TIME]{}", &l[..at - 19], &l[at..]),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn seeded() -> Sandbox {
    let s = Sandbox::new();
    for args in [
        &[
            "add",
            "Dana Lee",
            "--email",
            "dana@acme.com",
            "--email",
            "dana@old.com",
            "--phone",
            "+1 555 0100",
            "--org",
            "Acme PR",
            "--title",
            "Account Director",
            "--tag",
            "pr",
            "--tag",
            "boston",
        ][..],
        &["add", "Sam Ortiz", "--org", "Bright Comms"],
        &["add", "Zoë Park"],
        &[
            "log",
            "dana",
            "sent my portfolio",
            "--kind",
            "email",
            "--on",
            "2026-11-10",
        ],
        &[
            "log",
            "dana,sam",
            "cofee at Blue Star",
            "--kind",
            "coffee",
            "--on",
            "2026-11-20",
        ],
        &["fact", "dana", "hobby", "rock climbng"],
        &["need", "sam", "a UX designer"],
        &["offer", "zoe", "portfolio reviews for UX designers"],
    ] {
        s.run(args).ok();
    }
    s
}

/// The whole database as the JSON backup writes it.
fn everything(s: &Sandbox) -> String {
    s.run(&["export", "json"]).ok().stdout
}

#[test]
fn history_lists_every_interaction_with_its_id() {
    let s = seeded();
    assert_snapshot!(
        "history",
        session(&s, &[&["history", "dana", "lee"], &["history", "zoe"]])
    );
    let v = s.run(&["history", "sam", "--json"]).json();
    assert_eq!(
        v,
        serde_json::json!([{
            "id": 2, "on": "2026-11-20", "kind": "coffee", "direction": "outbound",
            "summary": "cofee at Blue Star", "notes": "", "source": "manual",
            "people": [{"id": 2, "name": "Sam Ortiz"}, {"id": 1, "name": "Dana Lee"}],
        }])
    );
}

#[test]
fn an_interaction_is_corrected_then_removed_and_undone() {
    let s = seeded();
    assert_snapshot!(
        "log_edit_rm_undo",
        session(
            &s,
            &[
                &[
                    "log",
                    "edit",
                    "2",
                    "--summary",
                    "coffee at Heart",
                    "--on",
                    "2026-11-18",
                    "--with",
                    "dana,zoe",
                    "--they-reached-out",
                ],
                &["log", "edit", "#2", "--kind", "call", "--i-reached-out"],
                &["history", "sam"],
                &["log", "rm", "2"],
                &["history", "dana"],
                &["undo"],
                &["history", "dana"],
            ]
        )
    );
    let zoe = s.run(&["show", "zoe", "--json"]).json();
    assert_eq!(zoe["last_contact"], "2026-11-18");
    let found = s.run(&["find", "heart", "--json"]).json();
    let mut names: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["Dana Lee", "Zoë Park"]);
    let v = s
        .run(&["log", "edit", "2", "--kind", "video", "--json"])
        .json();
    assert_eq!(v["kind"], "video");
    assert_eq!(v["people"][1]["name"], "Zoë Park");
}

#[test]
fn log_still_takes_a_person_first_and_edit_and_rm_only_as_the_first_word() {
    let s = seeded();
    s.run(&["add", "Edit Smith"]).ok();
    assert_snapshot!(
        "log_first_word",
        session(
            &s,
            &[
                &["log", "Edit Smith", "coffee"],
                &["log", "Edit", "second coffee"],
                &["log", "dana", "edit"],
                &["log", "edit", "coffee"],
                &["log", "4", "call with Edit, by id"],
                &["need", "Edit Smith", "a mentor"],
                &["need", "done", "Edit Smith"],
            ]
        )
    );
    assert_eq!(
        s.run(&["history", "edit", "smith", "--json"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn facts_needs_and_offers_are_corrected_and_show_their_ids() {
    let s = seeded();
    s.run(&["me", "need", "an intro to a UX lead"]).ok();
    assert_snapshot!(
        "facts_needs_offers",
        session(
            &s,
            &[
                &["fact", "edit", "1", "rock climbing"],
                &["fact", "edit", "1", "bouldering", "--category", "interest"],
                &["need", "done", "1"],
                &["need", "done", "1"],
                &["offer", "done", "1"],
                &["need", "done", "3"],
                &["offer", "rm", "2"],
                &["show", "sam"],
                &["fact", "rm", "1"],
                &["undo", "2"],
                &["show", "dana"],
            ]
        )
    );
    let v = s.run(&["show", "sam", "--json"]).json();
    assert_eq!(
        v["needs"],
        serde_json::json!([{"id": 1, "text": "a UX designer", "status": "done"}])
    );
    assert_eq!(v["offers"], serde_json::json!([]));
    let dana = s.run(&["show", "dana", "--json"]).json();
    assert_eq!(
        dana["facts"][0],
        serde_json::json!({"id": 1, "category": "interest", "text": "bouldering", "on": null})
    );
    // A done need leaves the matchmaker.
    assert_eq!(s.run(&["matches", "--json"]).json(), serde_json::json!([]));
}

#[test]
fn contact_details_come_off_a_person_named_in_several_words() {
    let s = seeded();
    assert_snapshot!(
        "edit_removals",
        session(
            &s,
            &[
                &[
                    "edit",
                    "dana",
                    "lee",
                    "--remove-email",
                    "dana@old.com",
                    "--remove-phone",
                    "555 0100",
                ],
                &[
                    "edit",
                    "dana",
                    "lee",
                    "--remove-email",
                    "dana@old.com",
                    "--remove-phone",
                    "+1 555 0100",
                    "--remove-tag",
                    "boston",
                    "--title",
                    "VP",
                ],
                &["show", "dana", "lee"],
                &["undo"],
                &["show", "dana", "lee"],
            ]
        )
    );
}

#[test]
fn follow_ups_links_goals_and_jobs_are_corrected() {
    let s = seeded();
    for args in [
        &["followup", "add", "dana", "send teh deck", "--due", "3d"][..],
        &["link", "dana", "sam", "--strength", "4"],
        &["goal", "add", "Break into PR"],
        &["goal", "stage", "dana", "pr", "replied"],
        &["job", "add", "Acme", "PR Coordinatr", "--via", "dana"],
    ] {
        s.run(args).ok();
    }
    assert_snapshot!(
        "followup_link_goal_job",
        without_times(session(
            &s,
            &[
                &[
                    "followup",
                    "edit",
                    "1",
                    "--text",
                    "send the deck",
                    "--due",
                    "friday"
                ],
                &["followup", "rm", "1"],
                &["link", "rm", "sam", "dana"],
                &["link", "rm", "sam", "dana"],
                &["goal", "remove", "dana", "pr"],
                &["goal", "show", "pr"],
                &[
                    "job",
                    "edit",
                    "1",
                    "--org",
                    "Harbor & Finch",
                    "--role",
                    "PR Coordinator"
                ],
                &["job", "rm", "1"],
                &["job", "list"],
                &["undo", "--list"],
            ]
        ))
    );
    for _ in 0..4 {
        s.run(&["undo"]).ok();
    }
    assert_eq!(s.run(&["link", "rm", "dana", "sam"]).code, 0);
    s.run(&["undo"]).ok();
    let dana = s.run(&["show", "dana", "--json"]).json();
    assert_eq!(dana["links"][0]["strength"], 4);
    // The job through Dana had moved her on to "opportunity"; undo puts that back too.
    assert_eq!(dana["goals"][0]["stage"], "opportunity");
    assert_eq!(dana["jobs"][0]["org"], "Harbor & Finch");
    assert_eq!(dana["follow_ups"][0]["text"], "send the deck");
}

#[test]
fn organisations_and_events_go_and_their_people_stay() {
    let s = seeded();
    s.run(&["event", "add", "PRSA mixer", "--on", "2026-11-20"])
        .ok();
    s.run(&["add", "Ana Lima", "--event", "prsa", "--org", "Acme PR"])
        .ok();
    s.run(&["job", "add", "Bright Comms", "Intern"]).ok();
    assert_snapshot!(
        "org_event",
        session(
            &s,
            &[
                &["org", "edit", "acme", "--name", "Bright Comms"],
                &["org", "edit", "acme", "--name", "Acme Public Relations"],
                &["org", "rm", "bright"],
                &["org", "rm", "acme"],
                &["show", "ana"],
                &["event", "rm", "prsa"],
                &["event", "list"],
                &["undo"],
                &["undo"],
                &["event", "show", "prsa"],
                &["show", "ana"],
            ]
        )
    );
}

#[test]
fn rm_person_says_how_to_undo() {
    let s = seeded();
    assert_snapshot!(
        "rm_person",
        session(
            &s,
            &[
                &["rm", "dana", "lee", "--yes"],
                &["show", "dana"],
                &["undo", "1"],
                &["history", "dana"]
            ]
        )
    );
}

#[test]
fn a_wrong_id_is_one_line_and_changes_nothing() {
    let s = seeded();
    s.run(&["job", "add", "Acme", "Intern"]).ok();
    let before = everything(&s);
    let text = session(
        &s,
        &[
            &["log", "edit", "99", "--summary", "x"],
            &["log", "edit", "2"],
            &["log", "edit", "2", "--on", "2028-01-01"],
            &["log", "edit", "2", "--with", "nobody-like-this"],
            &["log", "edit", "two", "--summary", "x"],
            &["log", "rm", "99"],
            &["fact", "edit", "99", "text"],
            &["fact", "edit", "1", "text", "--category", "food"],
            &["fact", "rm", "99"],
            &["need", "done", "99"],
            &["need", "done", "2"],
            &["offer", "rm", "1"],
            &[
                "edit",
                "dana",
                "--remove-email",
                "dana@nowhere.com",
                "--title",
                "CEO",
            ],
            &["followup", "edit", "99", "--text", "x"],
            &["followup", "rm", "99"],
            &["link", "rm", "dana", "zoe"],
            &["goal", "remove", "dana", "pr"],
            &["job", "edit", "99", "--role", "x"],
            &["job", "rm", "99"],
            &["org", "rm", "acme"],
            &["org", "rm", "nowhere"],
            &["event", "rm", "nowhere"],
            &["undo"],
            &["undo", "99"],
        ],
    );
    assert_snapshot!("wrong_ids", text);
    for block in text.split("\n$ ") {
        assert!(block.contains("exit: 1\n--- stderr\nerror: "), "{block}");
        assert_eq!(block.matches("error:").count(), 1, "{block}");
    }
    assert_eq!(everything(&s), before);
}

#[test]
fn the_json_backup_round_trips_after_corrections() {
    let s = seeded();
    s.run(&["log", "rm", "1"]).ok();
    s.run(&["fact", "rm", "1"]).ok();
    let doc = everything(&s);
    assert!(!doc.contains("\"removed\""), "the trash is not backed up");
    let copy = Sandbox::new();
    std::fs::write(copy.path("backup.json"), &doc).unwrap();
    copy.run(&["import", "json", "backup.json"]).ok();
    assert_eq!(everything(&copy), doc);
    // Nothing to undo in the copy: the trash stayed behind.
    assert_eq!(copy.run(&["undo"]).code, 1);
}

#[test]
fn a_person_may_be_named_in_several_words_without_quotes() {
    let s = seeded();
    s.run(&["link", "dana", "sam"]).ok();
    for args in [
        &["show", "dana", "lee", "--json"][..],
        &["history", "dana", "lee", "--json"],
        &["draft", "dana", "lee", "--json"],
        &["prep", "dana", "lee", "--json"],
        &["common", "dana", "lee", "--json"],
    ] {
        let v = s.run(args).json();
        assert!(v.to_string().contains("Dana"), "{args:?}: {v}");
    }
    let v = s.run(&["path", "acme", "pr", "--json"]).json();
    assert_eq!(v["target"], "Acme PR");
    let r = s.run(&["show", "dana", "ortiz"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
}

#[test]
fn help_shows_the_corrections() {
    let s = Sandbox::new();
    assert_snapshot!(
        "log_help",
        s.redact(&s.run(&["log", "--help"]).transcript())
    );
}
