//! Adding people, recording facts and interactions, and reading it all back.

use insta::assert_snapshot;

use crate::support::Sandbox;

fn seeded() -> Sandbox {
    let s = Sandbox::new();
    s.run(&[
        "add",
        "Dana Lee",
        "--email",
        "dana@acme.com",
        "--org",
        "Acme PR",
        "--title",
        "Account Director",
        "--met",
        "PRSA mixer",
        "--met-on",
        "yesterday",
        "--tier",
        "close",
        "--tag",
        "pr",
    ])
    .ok();
    s.run(&[
        "add",
        "Zoë Park",
        "--org",
        "Bright Comms",
        "--tag",
        "pr",
        "--every",
        "14",
        "--birthday",
        "--06-23",
    ])
    .ok();
    s.run(&[
        "add",
        "Tom Okafor",
        "--org",
        "Acme Cloud",
        "--title",
        "UX Designer",
    ])
    .ok();
    s.run(&[
        "fact",
        "zoe",
        "family",
        "daughter Mia plays soccer",
        "--on",
        "2026-05-01",
    ])
    .ok();
    s.run(&["fact", "dana", "hobby", "rock climbing on weekends"])
        .ok();
    s
}

#[test]
fn a_new_user_adds_people_facts_and_an_interaction() {
    let s = seeded();
    let logged = s.run(&[
        "log",
        "dana",
        "coffee: talked about the Austin move",
        "--kind",
        "coffee",
        "--promise",
        "send portfolio",
    ]);
    assert_snapshot!(logged.transcript(), @r"
    exit: 0
    --- stdout
    logged coffee with Dana Lee on 2026-11-25
    follow-up #2 due 2026-11-28
    ");
    assert_snapshot!("show_dana", s.run(&["show", "dana"]).transcript());
    assert_snapshot!("list", s.run(&["list"]).transcript());
    assert_snapshot!("find_climb", s.run(&["find", "climb"]).transcript());
}

#[test]
fn after_event_follow_up_is_created_and_completed_by_the_next_touch() {
    let s = seeded();
    let f = s.run(&["--json", "followup", "list"]).json();
    assert_eq!(f.as_array().unwrap().len(), 1);
    assert_eq!(f[0]["person"]["name"], "Dana Lee");
    assert_eq!(f[0]["due"], "2026-11-26");
    s.run(&["log", "dana", "sent a LinkedIn invite", "--kind", "message"])
        .ok();
    assert_eq!(
        s.run(&["--json", "followup", "list"]).json(),
        serde_json::json!([])
    );
}

#[test]
fn show_json_has_the_contract_keys() {
    let s = seeded();
    s.run(&[
        "log",
        "zoe,dana",
        "intro call",
        "--kind",
        "call",
        "--on",
        "2d",
    ])
    .ok();
    let v = s.run(&["show", "zoe", "--json"]).json();
    for key in [
        "id",
        "name",
        "emails",
        "phones",
        "org",
        "title",
        "tags",
        "facts",
        "met",
        "cadence_days",
        "last_contact",
        "next_due",
        "warmth",
        "interactions",
        "follow_ups",
        "needs",
        "offers",
    ] {
        assert!(v.get(key).is_some(), "show --json lacks {key}: {v}");
    }
    assert_eq!(v["facts"][0]["category"], "family");
    assert_eq!(v["facts"][0]["text"], "daughter Mia plays soccer");
    assert_eq!(v["cadence_days"], 14);
    assert_eq!(v["last_contact"], "2026-11-23");
    assert_eq!(v["next_due"], "2026-12-07");
    assert_eq!(v["warmth"]["state"], "cooling");
    assert_eq!(v["interactions"][0]["kind"], "call");
    assert!(v["met"].get("context").is_some() && v["met"].get("on").is_some());

    let list = s.run(&["list", "--json"]).json();
    for row in list.as_array().unwrap() {
        for key in [
            "id",
            "name",
            "org",
            "title",
            "tags",
            "last_contact",
            "next_due",
            "warmth",
        ] {
            assert!(row.get(key).is_some(), "list --json lacks {key}");
        }
    }
    let found = s.run(&["find", "soccer", "--json"]).json();
    assert_eq!(found[0]["name"], "Zoë Park");
    assert!(found[0].get("warmth").is_some());
}

#[test]
fn find_ranks_names_and_folds_accents() {
    let s = seeded();
    s.run(&["add", "Jürgen Müller"]).ok();
    s.run(&[
        "log",
        "tom",
        "talked about Müller's talk",
        "--kind",
        "email",
    ])
    .ok();
    let v = s.run(&["find", "muller", "--json"]).json();
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Jürgen Müller", "Tom Okafor"]);
    assert_snapshot!(s.run(&["find", "nothing-like-this"]).transcript(), @r"
    exit: 0
    --- stdout
    nothing found for 'nothing-like-this'
    ");
}

#[test]
fn list_filters_and_sorts() {
    let s = seeded();
    s.run(&[
        "log",
        "dana",
        "coffee",
        "--kind",
        "coffee",
        "--on",
        "2026-11-01",
    ])
    .ok();
    let names = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["--json", "list"];
        a.extend_from_slice(args);
        s.run(&a)
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(&["--tag", "pr"]), vec!["Dana Lee", "Zoë Park"]);
    assert_eq!(names(&["--org", "acme"]), vec!["Dana Lee", "Tom Okafor"]);
    // Never contacted: due from the day they were added.
    assert_eq!(names(&["--due"]), vec!["Tom Okafor", "Zoë Park"]);
    assert_eq!(names(&["--sort", "warmth"])[0], "Dana Lee");
}

#[test]
fn edit_keeps_history_and_rm_asks() {
    let s = seeded();
    s.run(&[
        "edit",
        "dana",
        "--org",
        "Bright Comms",
        "--title",
        "VP",
        "--remove-tag",
        "pr",
        "--note",
        "moved agencies",
    ])
    .ok();
    let v = s.run(&["--json", "show", "dana"]).json();
    assert_eq!(v["org"], "Bright Comms");
    assert_eq!(v["work_history"][1]["org"], "Acme PR");
    assert_eq!(v["tags"], serde_json::json!([]));
    s.run(&[
        "edit",
        "dana",
        "--birthday",
        "--06-23",
        "--met-on",
        "2026-10-01",
    ])
    .ok();
    let v = s.run(&["--json", "show", "dana"]).json();
    assert_eq!(v["birthday"], "--06-23");
    assert_eq!(v["met"]["on"], "2026-10-01");
    s.run(&["edit", "dana", "--clear-birthday", "--clear-met-on"])
        .ok();
    let v = s.run(&["--json", "show", "dana"]).json();
    assert_eq!(v["birthday"], serde_json::Value::Null);
    assert_eq!(v["met"]["on"], serde_json::Value::Null);
    let clash = s.run(&["edit", "dana", "--clear-birthday", "--birthday", "--01-02"]);
    assert_eq!(clash.code, 2, "{}", clash.transcript());
    let refused = s.run(&["rm", "dana"]);
    assert_snapshot!(refused.transcript(), @r"
    exit: 1
    --- stderr
    error: remove Dana Lee (#1) and their 0 interaction(s)? — not asking without a terminal: add --yes
    ");
    s.run(&["rm", "dana", "--yes"]).ok();
    assert_eq!(
        s.run(&["--json", "list"]).json().as_array().unwrap().len(),
        2
    );
}

#[test]
fn text_that_looks_like_sql_or_html_is_just_text() {
    let s = Sandbox::new();
    let name = "Robert'); DROP TABLE people;-- <b>Bobby</b>";
    s.run(&["add", name, "--note", "<script>alert(1)</script>"])
        .ok();
    let v = s.run(&["--json", "show", "1"]).json();
    assert_eq!(v["name"], name);
    assert_eq!(v["notes"], "<script>alert(1)</script>");
    assert_eq!(s.run(&["--json", "find", "DROP TABLE"]).json()[0]["id"], 1);
}

#[test]
fn my_profile() {
    let s = Sandbox::new();
    s.run(&["me", "fact", "school", "University of Oregon"])
        .ok();
    s.run(&["me", "email", "sam@example.com"]).ok();
    s.run(&["me", "email", "SAM@example.com"]).ok();
    s.run(&["me", "linkedin", "linkedin.com/in/sam/"]).ok();
    let v = s.run(&["--json", "me", "show"]).json();
    assert_eq!(v["emails"], serde_json::json!(["sam@example.com"]));
    assert_eq!(v["linkedin"], "https://www.linkedin.com/in/sam");
    assert_eq!(v["facts"][0]["text"], "University of Oregon");
}

#[test]
fn orgs_and_events() {
    let s = Sandbox::new();
    s.run(&[
        "org",
        "add",
        "Bright Comms",
        "--industry",
        "public relations",
        "--size",
        "boutique",
    ])
    .ok();
    s.run(&[
        "event",
        "add",
        "PRSA mixer",
        "--on",
        "2026-11-20",
        "--location",
        "Portland",
    ])
    .ok();
    s.run(&[
        "add",
        "Mia Chen",
        "--org",
        "bright comms",
        "--event",
        "prsa",
    ])
    .ok();
    s.run(&[
        "log",
        "mia",
        "sent a note",
        "--kind",
        "email",
        "--on",
        "2026-11-21",
    ])
    .ok();
    assert_snapshot!("org_show", s.run(&["org", "show", "bright"]).transcript());
    assert_snapshot!(
        "event_show",
        s.run(&["event", "show", "PRSA mixer"]).transcript()
    );
    let orgs = s.run(&["--json", "org", "list"]).json();
    assert_eq!(orgs[0]["name"], "Bright Comms");
    let events = s.run(&["--json", "event", "list"]).json();
    assert_eq!(events[0]["name"], "PRSA mixer");
    assert_eq!(events[0]["people"], 1);
}

#[test]
fn followup_lifecycle() {
    let s = seeded();
    s.run(&["followup", "add", "tom", "send the deck", "--due", "3"])
        .ok();
    s.run(&["followup", "snooze", "2", "7"]).ok();
    let v = s.run(&["--json", "followup", "list"]).json();
    let snoozed = v
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == 2)
        .unwrap()
        .clone();
    assert_eq!(snoozed["status"], "snoozed");
    assert_eq!(snoozed["due"], "2026-12-02");
    s.run(&["followup", "done", "2"]).ok();
    s.run(&["followup", "cancel", "1"]).ok();
    assert_eq!(
        s.run(&["--json", "followup", "list"]).json(),
        serde_json::json!([])
    );
    assert_eq!(
        s.run(&["--json", "followup", "list", "--all"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn demo_builds_a_network_and_refuses_a_full_database() {
    let s = Sandbox::new();
    let db = s.path("demo.db");
    let db = db.to_str().unwrap();
    let v = s
        .run(&["--json", "--db", db, "demo", "--size", "40", "--no-serve"])
        .json();
    assert_eq!(v["people"], 40);
    assert!(v["interactions"].as_u64().unwrap() > 100);
    let drifting = s.run(&["--json", "--db", db, "list", "--drifting"]).json();
    assert!(
        !drifting.as_array().unwrap().is_empty(),
        "the demo has ties drifting apart"
    );
    let again = s.run(&["--db", db, "demo", "--no-serve"]);
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains("already holds 40 people"),
        "{}",
        again.stderr
    );
}

#[test]
fn default_database_lives_under_xdg_data_home() {
    let s = Sandbox::new();
    let out = s
        .command()
        .env_remove("WARMLINE_DB")
        .env("XDG_DATA_HOME", s.path("xdg"))
        .args(["add", "Ann"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(s.path("xdg/warmline/warmline.db").exists());
    let out = s
        .command()
        .env_remove("WARMLINE_DB")
        .args(["add", "Bo"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(s.path(".local/share/warmline/warmline.db").exists());
}

#[test]
fn completions_and_help() {
    let s = Sandbox::new();
    let bash = s.run(&["completions", "bash"]).ok();
    assert!(bash.stdout.contains("warmline") && bash.stdout.contains("followup"));
    let help = s.run(&["add", "--help"]).ok();
    assert!(help.stdout.contains("Example:"), "{}", help.stdout);
}

#[test]
fn list_shows_one_page_with_limit_and_offset() {
    let s = seeded();
    s.run(&["add", "Ana Álvarez"]).ok();
    s.run(&["add", "Bo Anders"]).ok();
    assert_snapshot!(s.run(&["list", "--limit", "2"]).transcript(), @r"
    exit: 0
    --- stdout
    ID  NAME         ORG  WARMTH  LAST  DUE         TAGS
    4   Ana Álvarez       cold 0  —     2026-11-25
    5   Bo Anders         cold 0  —     2026-11-25
    2 of 5 people (--offset 2 for more)
    ");
    assert_snapshot!(s.run(&["list", "--limit", "2", "--offset", "2"]).transcript(), @r"
    exit: 0
    --- stdout
    ID  NAME        ORG         WARMTH  LAST  DUE         TAGS
    1   Dana Lee    Acme PR     cold 0  —     2026-11-25  pr
    3   Tom Okafor  Acme Cloud  cold 0  —     2026-11-25
    3–4 of 5 people (--offset 4 for more)
    ");
    assert_snapshot!(s.run(&["list", "--offset", "3"]).transcript(), @r"
    exit: 0
    --- stdout
    ID  NAME        ORG           WARMTH  LAST  DUE         TAGS
    3   Tom Okafor  Acme Cloud    cold 0  —     2026-11-25
    2   Zoë Park    Bright Comms  cold 0  —     2026-11-25  pr
    4–5 of 5 people
    ");
    assert_snapshot!(s.run(&["list", "--limit", "9"]).transcript(), @r"
    exit: 0
    --- stdout
    ID  NAME         ORG           WARMTH  LAST  DUE         TAGS
    4   Ana Álvarez                cold 0  —     2026-11-25
    5   Bo Anders                  cold 0  —     2026-11-25
    1   Dana Lee     Acme PR       cold 0  —     2026-11-25  pr
    3   Tom Okafor   Acme Cloud    cold 0  —     2026-11-25
    2   Zoë Park     Bright Comms  cold 0  —     2026-11-25  pr
    5 people
    ");
    assert_snapshot!(s.run(&["list", "--offset", "5"]).transcript(), @r"
    exit: 0
    --- stdout
    no one past --offset 5: 5 people in all
    ");
    assert_snapshot!(s.run(&["list", "--tag", "pr", "--limit", "1", "--offset", "1"]).transcript(), @r"
    exit: 0
    --- stdout
    ID  NAME      ORG           WARMTH  LAST  DUE         TAGS
    2   Zoë Park  Bright Comms  cold 0  —     2026-11-25  pr
    number 2 of 2 people
    ");

    let names = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["--json", "list"];
        a.extend_from_slice(args);
        s.run(&a)
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_string())
            .collect()
    };
    let everyone = names(&[]);
    assert_eq!(everyone.len(), 5);
    assert_eq!(names(&["--limit", "2", "--offset", "1"]), everyone[1..3]);
    assert_eq!(names(&["--offset", "4"]), everyone[4..]);
    assert!(names(&["--offset", "99"]).is_empty());
    assert_eq!(
        names(&["--sort", "warmth", "--limit", "1"]),
        names(&["--sort", "warmth"])[..1]
    );
    let page = s.run(&["--json", "list", "--limit", "1"]).json();
    let keys: Vec<&String> = page[0].as_object().unwrap().keys().collect();
    let expected = "id name org title tags last_contact next_due warmth";
    assert_eq!(keys, expected.split(' ').collect::<Vec<_>>());
}

#[test]
fn list_refuses_a_bad_limit_or_offset() {
    let s = seeded();
    for (args, expected) in [
        (
            &["list", "--limit", "0"][..],
            "error: --limit: '0' is not a number of people: use a whole number of 1 or more\n",
        ),
        (
            &["list", "--limit", "ten"][..],
            "error: --limit: 'ten' is not a number of people: use a whole number of 1 or more\n",
        ),
        (
            &["list", "--offset", "-5"][..],
            "error: --offset: '-5' is not a number of people: use a whole number of 0 or more\n",
        ),
        (
            &["--json", "list", "--offset", "1.5"][..],
            "error: --offset: '1.5' is not a number of people: use a whole number of 0 or more\n",
        ),
    ] {
        let r = s.run(args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.transcript());
        assert_eq!(r.stderr, expected, "{args:?}");
        assert!(r.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn find_with_one_letter_lists_names_starting_with_it() {
    let s = seeded();
    s.run(&["add", "Ágata Ruiz"]).ok();
    s.run(&["add", "Bo Anders", "--title", "Analyst"]).ok();
    // Dana's notes and facts have a-words; her name does not start with one.
    assert_snapshot!(s.run(&["find", "a"]).transcript(), @r"
    exit: 0
    --- stdout
    ID  NAME        ORG  WARMTH  MATCH
    4   Ágata Ruiz       cold 0  [Ágata] Ruiz
    5   Bo Anders        cold 0  Bo [Anders]
    ");
    let v = s.run(&["find", "A", "--json"]).json();
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Ágata Ruiz", "Bo Anders"]);
    assert_eq!(v[1]["match"], "Bo [Anders]");
}

#[test]
fn find_says_how_many_matched_when_it_shows_fewer() {
    let s = Sandbox::new();
    for name in ["Ana Ruiz", "Bo Anders", "Cy Okafor"] {
        s.run(&["add", name, "--note", "met over coffee"]).ok();
    }
    let two = s.run(&["find", "coffee", "--limit", "2"]).ok().stdout;
    assert!(
        two.ends_with("2 of 3 matches; add a word to narrow the search\n"),
        "{two}"
    );
    // A letter is answered from names, and counted the same way.
    let one = s.run(&["find", "a", "--limit", "1"]).ok().stdout;
    assert!(
        one.ends_with("1 of 2 matches; add a word to narrow the search\n"),
        "{one}"
    );
    // All of them shown: nothing to say; and the JSON stays a list of people.
    let all = s.run(&["find", "coffee"]).ok().stdout;
    assert!(!all.contains("matches"), "{all}");
    assert_eq!(
        s.run(&["--json", "find", "coffee", "--limit", "2"])
            .json()
            .as_array()
            .map(Vec::len),
        Some(2)
    );
}
