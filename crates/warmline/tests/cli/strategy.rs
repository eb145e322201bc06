//! Strategy, give-first and genuine connection end to end: a job seeker breaking into PR
//! sets a goal, finds people at boutique agencies, reaches out, hears back, has a coffee,
//! gets a referral and an interview; and the JSON contracts and bad input of the commands
//! that serve it.

use insta::assert_snapshot;
use serde_json::Value;

use crate::support::Sandbox;

/// Runs each command in turn and writes them out as a session: the command line, then
/// its transcript.
fn session(s: &Sandbox, commands: &[&[&str]]) -> String {
    let mut out = String::new();
    for args in commands {
        let shown: Vec<String> = args
            .iter()
            .map(|a| {
                if a.contains(' ') || a.contains('&') {
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

fn ok(s: &Sandbox, args: &[&str]) {
    s.run(args).ok();
}

/// The agencies, the people, and what I know of them, on 3 November.
fn network() -> Sandbox {
    let mut s = Sandbox::new();
    s.today = "2026-11-03".into();
    for (name, size, location) in [
        ("Harbor & Finch", "boutique", "Portland"),
        ("Bright Comms", "boutique", "Portland"),
        ("Rose City PR", "boutique", "Portland"),
        ("Edelwise Global", "large", "New York"),
    ] {
        ok(
            &s,
            &[
                "org",
                "add",
                name,
                "--industry",
                "public relations",
                "--size",
                size,
                "--location",
                location,
            ],
        );
    }
    for (name, org, title) in [
        ("Dana Lee", "Acme Cloud", "UX Designer"),
        ("Ana Lima", "Harbor & Finch", "Account Executive"),
        ("Bo Chen", "Harbor & Finch", "PR Coordinator"),
        ("Cleo Park", "Bright Comms", "Account Director"),
        ("Cy Moss", "Bright Comms", "Account Executive"),
        ("Di Roe", "Edelwise Global", "Account Executive"),
    ] {
        ok(
            &s,
            &[
                "add", name, "--org", org, "--title", title, "--tier", "close",
            ],
        );
    }
    ok(&s, &["me", "fact", "school", "University of Oregon"]);
    ok(&s, &["me", "fact", "hobby", "rock climbing"]);
    ok(&s, &["fact", "ana", "school", "U of Oregon"]);
    ok(&s, &["fact", "ana", "hobby", "climbing"]);
    ok(&s, &["fact", "ana", "family", "son Leo"]);
    ok(&s, &["fact", "cleo", "school", "Univ. of Oregon"]);
    ok(
        &s,
        &[
            "log",
            "dana",
            "coffee: caught up on the job search",
            "--kind",
            "coffee",
        ],
    );
    ok(
        &s,
        &[
            "link",
            "dana",
            "ana",
            "--strength",
            "4",
            "--how",
            "college roommates",
        ],
    );
    ok(
        &s,
        &["link", "ana", "bo", "--strength", "5", "--how", "same team"],
    );
    s
}

#[test]
fn a_job_seeker_breaks_into_pr() {
    let mut s = network();
    s.today = "2026-11-10".into();
    let start = session(
        &s,
        &[
            &[
                "goal",
                "add",
                "Break into PR",
                "--purpose",
                "find internships or entry-level roles",
                "--industry",
                "public relations",
                "--size",
                "boutique",
                "--role",
                "coordinator, assistant, account executive",
                "--location",
                "Portland",
                "--weekly",
                "3 new, 2 conversations",
                "--deadline",
                "2027-03-01",
            ],
            &["goal", "candidates", "pr"],
            &["goal", "stage", "ana", "pr", "identified"],
            &["goal", "stage", "cy", "pr", "identified"],
        ],
    );
    assert_snapshot!("pr_1_goal_and_candidates", start);

    // Outreach, a reply, a coffee: each logged interaction moves the pipeline.
    s.today = "2026-11-11".into();
    ok(
        &s,
        &[
            "log",
            "ana",
            "asked for 15 minutes of advice",
            "--kind",
            "email",
        ],
    );
    ok(
        &s,
        &[
            "log",
            "cy",
            "asked for 15 minutes of advice",
            "--kind",
            "email",
        ],
    );
    s.today = "2026-11-13".into();
    ok(
        &s,
        &[
            "log",
            "ana",
            "happy to chat next week",
            "--kind",
            "email",
            "--they-reached-out",
        ],
    );
    ok(
        &s,
        &["job", "add", "Edelwise Global", "Junior Account Executive"],
    );
    ok(&s, &["job", "stage", "1", "applied"]);
    s.today = "2026-11-17".into();
    ok(
        &s,
        &[
            "log",
            "ana",
            "coffee at Stumptown: how she got into PR",
            "--kind",
            "coffee",
            "--notes",
            "She mentioned the Lumen PR launch, and is working on a pitch for a coffee roaster",
            "--promise",
            "send my writing samples",
        ],
    );
    // She refers me, and the opportunity that comes of it reaches an interview.
    s.today = "2026-11-18".into();
    let referral = session(
        &s,
        &[
            &["goal", "stage", "ana", "pr", "referral"],
            &[
                "job",
                "add",
                "Harbor & Finch",
                "PR Coordinator",
                "--via",
                "ana",
            ],
        ],
    );
    assert_snapshot!("pr_2_referral", referral);
    ok(&s, &["job", "stage", "2", "applied"]);
    s.today = "2026-11-20".into();
    ok(&s, &["job", "stage", "1", "closed"]);
    s.today = "2026-11-23".into();
    ok(&s, &["goal", "stage", "bo", "pr", "identified"]);
    ok(&s, &["job", "stage", "2", "interview"]);
    ok(&s, &["job", "person", "2", "bo", "interviewer"]);

    s.today = "2026-11-25".into();
    let week = session(
        &s,
        &[&["goal", "show", "pr"], &["goal", "list"], &["job", "list"]],
    );
    assert_snapshot!("pr_3_goal_show_and_jobs", week);

    // What networking produced, in the long view.
    let stats = json(&s, &["stats", "--weeks", "2"]);
    assert_eq!(stats["jobs"]["through_people"]["interviews"], 1);
    assert_eq!(stats["jobs"]["cold"]["opportunities"], 1);
    let text = s.run(&["stats", "--weeks", "2"]).ok().stdout;
    assert!(
        text.contains(
            "Jobs              through people 1 opportunity, 1 interview, 0 offers; cold 1 opportunity, 0 interviews, 0 offers"
        ),
        "{text}"
    );

    let ways_in = session(&s, &[&["path", "bo"], &["path", "Harbor & Finch"]]);
    assert_snapshot!("pr_4_paths", ways_in);

    let give = session(
        &s,
        &[
            &["need", "cleo", "a PR intern for the summer"],
            &["offer", "dana", "happy to review portfolios"],
            &["me", "need", "portfolio review"],
            &["me", "offer", "proofreading press releases"],
            &["need", "bo", "proofreading for a press release"],
            &[
                "gave",
                "ana",
                "sent the article on pitching local media",
                "--kind",
                "email",
            ],
            &["matches"],
        ],
    );
    assert_snapshot!("pr_5_give_first", give);

    let meet = session(
        &s,
        &[
            &["common", "ana"],
            &[
                "common",
                "--category",
                "school",
                "--value",
                "University of Oregon",
            ],
            &["common"],
            &["prep", "ana"],
            &["show", "ana"],
        ],
    );
    assert_snapshot!("pr_6_meeting_ana", meet);
}

fn json(s: &Sandbox, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    s.run(&all).json()
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

fn has(v: &Value, wanted: &[&str]) {
    let got = keys(v);
    for k in wanted {
        assert!(got.contains(k), "missing '{k}' in {v}");
    }
}

#[test]
fn json_has_the_contract_keys() {
    let mut s = network();
    s.today = "2026-11-20".into();
    ok(
        &s,
        &[
            "goal",
            "add",
            "Break into PR",
            "--industry",
            "public relations",
            "--weekly",
            "3 new, 2 conversations",
        ],
    );
    ok(&s, &["goal", "stage", "ana", "1", "conversation"]);
    ok(
        &s,
        &[
            "job",
            "add",
            "Harbor & Finch",
            "PR Coordinator",
            "--via",
            "ana",
        ],
    );
    ok(&s, &["need", "cleo", "hiring a UX designer"]);
    ok(&s, &["offer", "dana", "UX designer open to freelance work"]);

    let path = json(&s, &["path", "bo"]);
    has(&path, &["target", "paths"]);
    assert_eq!(path["target"], "Bo Chen");
    let first = &path["paths"][0];
    has(first, &["people", "strength", "why"]);
    has(&first["people"][0], &["id", "name"]);

    let matches = json(&s, &["matches"]);
    let m = &matches[0];
    has(m, &["need", "candidate", "score", "reason"]);
    has(&m["need"], &["person", "text"]);
    has(&m["candidate"], &["id", "name"]);
    assert_eq!(m["need"]["person"], "Cleo Park");
    assert_eq!(m["candidate"]["name"], "Dana Lee");

    let goal = json(&s, &["goal", "show", "pr"]);
    has(&goal, &["id", "title", "purpose", "funnel", "week", "next"]);
    has(
        &goal["funnel"],
        &[
            "identified",
            "reached_out",
            "replied",
            "conversation",
            "referral",
            "opportunity",
        ],
    );
    has(&goal["week"], &["start", "targets", "actuals"]);
    assert_eq!(goal["week"]["targets"]["new"], 3);
    assert_eq!(goal["funnel"]["opportunity"], 1);

    let list = json(&s, &["goal", "list"]);
    has(&list[0], &["id", "title"]);

    let candidates = json(&s, &["goal", "candidates", "pr"]);
    for c in candidates.as_array().unwrap() {
        has(c, &["id", "name", "org", "title", "fit"]);
    }

    let jobs = json(&s, &["job", "list"]);
    has(&jobs[0], &["id", "org", "role", "stage", "people"]);
    has(&jobs[0]["people"][0], &["id", "name", "role"]);
    assert_eq!(jobs[0]["people"][0]["role"], "referrer");

    let common = json(&s, &["common", "ana"]);
    has(&common, &["person", "shared"]);
    has(&common["shared"][0], &["category", "value"]);

    let prep = json(&s, &["prep", "ana"]);
    has(
        &prep,
        &[
            "person",
            "met",
            "recent",
            "facts",
            "shared",
            "open_loops",
            "questions",
        ],
    );

    // The person card keeps its keys and gains what give-first needs.
    let card = json(&s, &["show", "cleo"]);
    has(
        &card,
        &[
            "id", "name", "needs", "offers", "warmth", "gives", "balance",
        ],
    );
    // Each with its id, for `need done ID` and `need rm ID`.
    assert_eq!(card["needs"][0]["text"], "hiring a UX designer");
    assert_eq!(card["needs"][0]["status"], "open");
}

/// Everything a bad command could have changed, as JSON.
fn state(s: &Sandbox) -> String {
    [
        &["goal", "list"][..],
        &["job", "list"],
        &["show", "ana"],
        &["show", "bo"],
        &["goal", "show", "1"],
    ]
    .iter()
    .map(|args| s.run(&[&["--json"][..], args].concat()).stdout)
    .collect::<Vec<_>>()
    .join("\n")
}

#[test]
fn bad_input_is_one_clear_line_and_changes_nothing() {
    let s = network();
    ok(
        &s,
        &[
            "goal",
            "add",
            "Break into PR",
            "--industry",
            "public relations",
        ],
    );
    ok(&s, &["job", "add", "Harbor & Finch", "PR Coordinator"]);
    let before = state(&s);
    let cases: &[(&[&str], &str)] = &[
        (
            &["goal", "stage", "ana", "design", "replied"],
            "error: no goal 'design': the goals are #1 Break into PR\n",
        ),
        (
            &["goal", "show", "7"],
            "error: no goal '7': the goals are #1 Break into PR\n",
        ),
        (
            &["goal", "stage", "ana", "pr", "ghosted"],
            "error: unknown stage 'ghosted': expected one of identified, reached_out, replied, conversation, referral, opportunity\n",
        ),
        (
            &["link", "ana", "Ana Lima"],
            "error: Ana Lima cannot be linked to themselves: name two different people\n",
        ),
        (
            &["link", "ana", "bo", "--strength", "6"],
            "error: a link's strength is 1 (they have met) to 5 (very close), not 6\n",
        ),
        (
            &["link", "ana", "bo", "--strength", "0"],
            "error: a link's strength is 1 (they have met) to 5 (very close), not 0\n",
        ),
        (
            &["link", "ana", "bo", "--strength", "-2"],
            "error: a link's strength is 1 (they have met) to 5 (very close), not -2\n",
        ),
        (
            &["job", "stage", "9", "offer"],
            "error: no job #9 (see warmline job list)\n",
        ),
        (
            &["job", "stage", "1", "limbo"],
            "error: unknown job stage 'limbo': expected one of lead, applied, interview, offer, accepted, closed\n",
        ),
        (
            &["job", "person", "1", "ana", "friend"],
            "error: unknown job role 'friend': expected one of referrer, recruiter, hiring_manager, interviewer, reference\n",
        ),
        (
            &["job", "stage", "first", "offer"],
            "error: 'first' is not a job id: use the number from warmline job list\n",
        ),
        (
            &["goal", "add", "PR again", "--weekly", "3 lunches"],
            "error: --weekly: unknown weekly target 'lunches': expected one of new, reached_out, replied, conversations, referrals, opportunities, touches, follow_ups\n",
        ),
        (
            &["goal", "add", "PR again", "--deadline", "someday"],
            "error: --deadline: 'someday' is not a date: use YYYY-MM-DD, today, yesterday, a number of days like 3d, or a weekday name\n",
        ),
        (
            &["common", "--category", "family", "--value", "Leo"],
            "error: family details are not compared; choose one of hometown, school, hobby, interest, work_history\n",
        ),
        (
            &["gave", "ana", "  "],
            "error: say what you gave, like 'sent the article on pitching'\n",
        ),
        (&["need", "nobody", "x"], "error: no one named 'nobody'\n"),
        (
            &["path", "Nowhere Inc"],
            "error: no one named 'Nowhere Inc'\n",
        ),
    ];
    for (args, want) in cases {
        let run = s.run(args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.transcript());
        assert_eq!(run.stderr, *want, "{args:?}");
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
    assert_eq!(state(&s), before);
}

#[test]
fn a_job_can_move_back_and_the_history_says_so() {
    let s = network();
    ok(
        &s,
        &[
            "job",
            "add",
            "Bright Comms",
            "Account Coordinator",
            "--via",
            "cleo",
        ],
    );
    ok(&s, &["job", "stage", "1", "interview"]);
    let back = s.run(&["job", "stage", "1", "applied"]).ok();
    assert_eq!(
        back.stdout,
        "job #1 (Account Coordinator at Bright Comms): moved back from interview to applied (recorded)\n"
    );
    let v = json(&s, &["job", "stage", "1", "applied"]);
    let stages: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["stage"].as_str().unwrap())
        .collect();
    assert_eq!(stages, vec!["lead", "interview", "applied"]);
}
