//! Two weeks of a new user's plan, told truthfully: `done` logs what happened, never the
//! plan's advice; drafts and briefs quote your words instead of splicing them and ask
//! after each person; matches see past context words; the give item offers yours first.

use insta::assert_snapshot;

use crate::support::Sandbox;

fn at(s: &mut Sandbox, day: &str) {
    s.today = day.to_string();
}

#[test]
fn done_logs_your_words_or_the_act_and_drafts_never_quote_the_plan() {
    let mut s = Sandbox::new();
    at(&mut s, "2026-11-25");
    s.run(&[
        "add",
        "Grace Hopper",
        "--birthday",
        "--12-09",
        "--tier",
        "close",
    ])
    .ok();
    s.run(&["add", "Lucas Sato", "--tier", "inner"]).ok();
    s.run(&[
        "log",
        "lucas",
        "call about his new team",
        "--on",
        "2026-10-01",
    ])
    .ok();
    s.run(&[
        "log",
        "grace",
        "coffee at the harbour",
        "--on",
        "2026-11-20",
    ])
    .ok();
    at(&mut s, "2026-12-09");
    let done = s.run(&["done", "b1"]);
    assert_snapshot!(done.transcript(), @r"
    exit: 0
    --- stdout
    done b1: logged “birthday wishes” with Grace Hopper (interaction #3)
    ");
    let words = s.run(&[
        "done",
        "k2",
        "Mia",
        "made",
        "the",
        "regional team;",
        "Leo",
        "is",
        "homesick",
    ]);
    assert_snapshot!(words.transcript(), @r"
    exit: 0
    --- stdout
    done k2: logged “Mia made the regional team; Leo is homesick” with Lucas Sato (interaction #4)
    ");
    let shown = s.run(&["--json", "show", "grace"]).json();
    assert_eq!(shown["interactions"][0]["summary"], "birthday wishes");

    at(&mut s, "2026-12-21");
    let draft = s.run(&["draft", "grace"]);
    assert!(!draft.stdout.contains("send Grace"), "{}", draft.stdout);
    assert!(
        !draft.stdout.contains("birthday wishes"),
        "{}",
        draft.stdout
    );
    assert_snapshot!(draft.transcript(), @r"
    exit: 0
    --- stdout
    Subject: Checking in, Grace

    Hi Grace,

    I hope all is well since we talked last week.
    I wanted to check in and see how you are doing.
    Is there anything I can help with at the moment?

    Best,
    ");
    let draft = s.run(&["draft", "lucas"]);
    assert_snapshot!(draft.transcript(), @r"
    exit: 0
    --- stdout
    Subject: Checking in, Lucas

    Hi Lucas,

    I hope all is well since we talked last week.
    I wanted to check in and see how you are doing.
    Is there anything I can help with at the moment?

    Best,

    From your notes, to put in your own words:
      Last time (last week): “Mia made the regional team; Leo is homesick”.
    ");
    // Prep is not a touch: nothing is logged.
    let no_item = s.run(&["done", "p9"]);
    assert_eq!(no_item.code, 1);
}

/// A database written before `done` took words holds the advice as a manual message;
/// drafts and briefs read it as the act.
#[test]
fn advice_stored_by_an_older_done_is_never_quoted() {
    let mut s = Sandbox::new();
    at(&mut s, "2026-12-01");
    s.run(&["add", "Grace Hopper", "--tier", "close"]).ok();
    s.run(&[
        "log",
        "grace",
        "coffee at the harbour",
        "--on",
        "2026-11-01",
    ])
    .ok();
    at(&mut s, "2026-12-07");
    s.run(&[
        "log",
        "grace",
        "send Grace birthday wishes on Wed 9 Dec",
        "--kind",
        "message",
    ])
    .ok();
    let conn = rusqlite::Connection::open(s.db()).unwrap();
    conn.execute(
        "INSERT INTO plan_done (on_date, item_id) VALUES ('2026-12-07', 'b1')",
        [],
    )
    .unwrap();
    drop(conn);
    at(&mut s, "2026-12-10");
    let draft = s.run(&["draft", "grace"]).ok();
    assert!(!draft.stdout.contains("send Grace"), "{}", draft.stdout);
    let prep = s.run(&["prep", "grace"]).ok();
    assert_snapshot!(prep.stdout, @r"
    Grace Hopper

    Recently
      7 Dec message — birthday wishes
      1 Nov other — coffee at the harbour

    Questions to ask
      1. What is the most interesting thing you are working on right now?
      2. Who else do you think I should be talking to?
      3. How can I be helpful to you right now?
    ");
}

#[test]
fn drafts_and_briefs_quote_your_words_and_ask_after_each_person() {
    let s = Sandbox::new();
    s.run(&["add", "Dana Lee", "--org", "Acme PR", "--tier", "close"])
        .ok();
    s.run(&[
        "log",
        "dana",
        "coffee: she is working on the spring launch",
        "--on",
        "2026-11-20",
        "--kind",
        "coffee",
        "--promise",
        "intro him to a photographer for the launch",
    ])
    .ok();
    s.run(&[
        "fact",
        "dana",
        "family",
        "daughter Mia plays soccer, son Leo started college",
    ])
    .ok();
    s.run(&["need", "dana", "help proofreading press releases"])
        .ok();
    let draft = s.run(&["draft", "dana"]).ok();
    assert!(!draft.stdout.contains("I said I would"), "{}", draft.stdout);
    assert_snapshot!(draft.stdout, @r"
    Subject: Following up, as promised

    Hi Dana,

    Thanks again for talking on Friday.
    As promised, I'm following up.
    How is Mia's soccer going? How is Leo finding college?
    Let me know if there is anything else I can do.

    Best,

    From your notes, to put in your own words:
      You said you would: “intro him to a photographer for the launch”.
      Last time (on Friday): “coffee: she is working on the spring launch”.
    ");
    let prep = s.run(&["prep", "dana"]).ok();
    assert!(!prep.stdout.contains("How is help"), "{}", prep.stdout);
    assert_snapshot!(prep.stdout, @r"
    Dana Lee — Acme PR

    Recently
      20 Nov coffee — coffee: she is working on the spring launch

    About them
      family: daughter Mia plays soccer, son Leo started college

    Open loops
      you promised: intro him to a photographer for the launch (due 28 Nov)
      they need: help proofreading press releases

    Questions to ask
      1. Last time: “working on the spring launch”. How is it coming along?
      2. Their need: “help proofreading press releases”. How is it going, and can I do anything?
      3. How is Mia's soccer going?
      4. How is Leo finding college?
      5. What are you focused on at Acme PR these days?
    ");
}

#[test]
fn matches_see_past_context_words_and_the_give_item_offers_yours_first() {
    let s = Sandbox::new();
    s.run(&["add", "Jenna Ortiz", "--tier", "close"]).ok();
    s.run(&["add", "Morgan Hale", "--tier", "close"]).ok();
    s.run(&["log", "jenna", "coffee", "--on", "2026-11-20"])
        .ok();
    s.run(&["log", "morgan", "call", "--on", "2026-11-21"]).ok();
    s.run(&[
        "need",
        "jenna",
        "a UX designer for the mobile app, we're hiring",
    ])
    .ok();
    s.run(&["offer", "morgan", "UX designer, open to new work"])
        .ok();
    let matches = s.run(&["matches"]).ok();
    assert_snapshot!(matches.stdout, @r"
     1. Introduce Jenna Ortiz to Morgan Hale   score 1.73
        Morgan Hale offers 'UX designer, open to new work'; Jenna Ortiz needs 'a UX designer for the mobile app, we're hiring' (matched: ux, designer)
    ");

    s.run(&["need", "jenna", "help proofreading press releases"])
        .ok();
    s.run(&["me", "offer", "proofreading press releases"]).ok();
    let plan = s.run(&["--json", "today"]).json();
    let give = plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "give")
        .unwrap();
    assert_eq!(
        give["reason"],
        "Jenna needs “help proofreading press releases”; you offer “proofreading press releases”"
    );
    assert_eq!(give["action"], "write to Jenna and offer it");
    assert!(give.get("with").is_none());
}

/// `done` on a give item records the give (as `gave` does): `show` lists it, the balance
/// counts it, and the same person is not proposed again until `GIVE_REST_DAYS` have passed.
#[test]
fn done_on_a_give_item_records_the_give_and_rests_the_person() {
    let mut s = Sandbox::new();
    s.run(&["add", "Jenna Ortiz", "--tier", "close"]).ok();
    s.run(&["log", "jenna", "coffee", "--on", "2026-11-20"])
        .ok();
    s.run(&["need", "jenna", "help proofreading press releases"])
        .ok();
    s.run(&["me", "offer", "proofreading press releases"]).ok();
    let give_id = |s: &Sandbox| {
        let plan = s.run(&["--json", "today", "--minutes", "60"]).json();
        (plan["items"].as_array().unwrap().iter())
            .find(|i| i["kind"] == "give")
            .map(|i| i["id"].as_str().unwrap().to_string())
    };
    let id = give_id(&s).expect("a give item");
    s.run(&["done", &id]).ok();
    let jenna = s.run(&["--json", "show", "jenna"]).json();
    let gives = jenna["gives"].as_array().unwrap();
    assert_eq!(gives.len(), 1, "{jenna}");
    assert_eq!(
        gives[0]["text"],
        "offered proofreading press releases for “help proofreading press releases”"
    );
    assert_eq!(gives[0]["on"], "2026-11-25");
    // The need is still open; Jenna rests from gives for 14 days.
    s.today = "2026-11-26".into();
    assert_eq!(give_id(&s), None);
    s.today = "2026-12-09".into();
    assert_eq!(give_id(&s), None);
    s.today = "2026-12-10".into();
    assert_eq!(give_id(&s).as_deref(), Some(id.as_str()));
}
