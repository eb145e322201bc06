use super::*;
use crate::followup::Status;

fn d(s: &str) -> NaiveDate {
    crate::date::parse_iso(s).unwrap()
}

fn fact(id: i64, category: FactCategory, text: &str, on: Option<&str>) -> Fact {
    Fact {
        id,
        category,
        text: text.into(),
        on: on.map(d),
        recorded_on: d("2026-01-01"),
    }
}

fn input() -> PrepInput {
    PrepInput {
        person: PrepPerson {
            id: 7,
            name: "Ana Lima".into(),
            org: Some("Acme".into()),
            title: Some("Design Lead".into()),
        },
        met: Met {
            context: Some("PDX design mixer".into()),
            on: Some(d("2025-11-02")),
            event_id: None,
        },
        met_event: None,
        recent: vec![
            Recent {
                on: d("2026-01-10"),
                kind: Kind::Email,
                summary: "Intro thread".into(),
                notes: String::new(),
            },
            Recent {
                on: d("2026-02-20"),
                kind: Kind::Coffee,
                summary: "Coffee at Case Study".into(),
                notes: "She mentioned the Austin move, and a new design system.".into(),
            },
        ],
        facts: vec![
            fact(1, FactCategory::Hobby, "bouldering", None),
            fact(2, FactCategory::Family, "daughter Mia plays soccer", None),
            fact(
                3,
                FactCategory::LifeEvent,
                "moved to Austin",
                Some("2026-02-01"),
            ),
        ],
        shared: vec![SharedItem {
            category: FactCategory::School,
            value: "University of Oregon".into(),
        }],
        follow_ups: vec![
            FollowUp {
                id: 1,
                person_id: 7,
                text: "send the portfolio deck".into(),
                due: d("2026-02-25"),
                status: Status::Open,
                origin: Origin::Promise,
                created_on: d("2026-02-20"),
                done_on: None,
            },
            FollowUp {
                id: 2,
                person_id: 7,
                text: "old note".into(),
                due: d("2026-01-01"),
                status: Status::Done,
                origin: Origin::Manual,
                created_on: d("2026-01-01"),
                done_on: None,
            },
        ],
        needs: vec!["Hiring a UX researcher".into()],
    }
}

#[test]
fn brief_orders_recent_and_dated_facts_first() {
    let p = prep(&input(), d("2026-03-01"));
    assert_eq!(p.recent[0].on, d("2026-02-20"));
    assert_eq!(p.facts[0].text, "moved to Austin");
    assert_eq!(
        p.met.as_ref().and_then(|m| m.context.as_deref()),
        Some("PDX design mixer")
    );
    assert_eq!(p.open_loops.len(), 2);
    assert_eq!(
        (p.open_loops[0].kind, p.open_loops[0].overdue),
        (LoopKind::Promise, true)
    );
    assert_eq!(
        (p.open_loops[1].owner, p.open_loops[1].kind),
        (Owner::Them, LoopKind::Need)
    );
}

#[test]
fn questions_come_from_notes_and_facts() {
    let p = prep(&input(), d("2026-03-01"));
    let q = &p.questions;
    assert!((3..=MAX_QUESTIONS).contains(&q.len()), "{q:?}");
    assert_eq!(q[0], "Last time: “the Austin move”. How has it gone?");
    assert_eq!(
        q[1],
        "Their need: “Hiring a UX researcher”. How is it going, and can I do anything?"
    );
    assert_eq!(q[2], "How is Mia's soccer going?");
    assert_eq!(q[3], "How did the move to Austin go?");
    assert_eq!(
        prep(&input(), d("2026-03-01")).questions,
        p.questions,
        "deterministic"
    );
}

#[test]
fn a_bare_contact_still_gets_three_questions() {
    let bare = PrepInput {
        person: PrepPerson {
            id: 1,
            name: "Bo".into(),
            org: None,
            title: None,
        },
        met: Met::default(),
        met_event: None,
        recent: vec![],
        facts: vec![],
        shared: vec![],
        follow_ups: vec![],
        needs: vec![],
    };
    let p = prep(&bare, d("2026-03-01"));
    assert_eq!(p.questions.len(), 3);
    assert!(p.met.is_none());
    let text = render_text(&p);
    assert!(
        text.starts_with("Bo\n") && text.contains("Questions to ask"),
        "{text}"
    );
}

#[test]
fn notes_and_needs_are_quoted_not_spliced() {
    let note = |summary: &str, notes: &str| Recent {
        on: d("2026-02-20"),
        kind: Kind::Coffee,
        summary: summary.into(),
        notes: notes.into(),
    };
    for (summary, notes, question) in [
        (
            "coffee",
            "He is working on his thesis, slowly",
            "Last time: “working on his thesis”. How is it coming along?",
        ),
        (
            "Working on a pitch for a roaster",
            "",
            "Last time: “working on a pitch for a roaster”. How is it coming along?",
        ),
        (
            "call",
            "She is moving to Denver in May and hiring",
            "Last time: “moving to Denver in May”. How is the move going?",
        ),
        (
            "lunch",
            "told me about the Lumen launch",
            "Last time: “the Lumen launch”. How has it gone?",
        ),
    ] {
        assert_eq!(
            from_notes(&note(summary, notes)).as_deref(),
            Some(question),
            "{summary} / {notes}"
        );
    }
    assert_eq!(from_notes(&note("coffee", "nice chat")), None);
    // A need that starts with a verb is never spliced after another one.
    let mut inp = input();
    inp.recent.clear();
    inp.needs = vec!["help proofreading press releases".into()];
    let q = prep(&inp, d("2026-03-01")).questions;
    assert_eq!(
        q[0],
        "Their need: “help proofreading press releases”. How is it going, and can I do anything?"
    );
    assert!(q.iter().all(|q| !q.contains("How is help")), "{q:?}");
}

#[test]
fn one_question_for_each_person_a_fact_names() {
    let mut inp = input();
    inp.recent.clear();
    inp.needs.clear();
    inp.facts = vec![
        fact(1, FactCategory::Family, "daughter Mia plays soccer", None),
        fact(2, FactCategory::Family, "son Leo started college", None),
    ];
    let q = prep(&inp, d("2026-03-01")).questions;
    // The detail recorded last comes first.
    assert_eq!(q[0], "How is Leo finding college?", "{q:?}");
    assert_eq!(q[1], "How is Mia's soccer going?", "{q:?}");
    assert_eq!(q.iter().filter(|q| q.contains("Mia")).count(), 1, "{q:?}");
    assert_eq!(q.iter().filter(|q| q.contains("Leo")).count(), 1, "{q:?}");
    // The same two people in one fact: still two questions, never one merged.
    inp.facts = vec![fact(
        1,
        FactCategory::Family,
        "daughter Mia plays soccer, son Leo started college",
        None,
    )];
    let merged = prep(&inp, d("2026-03-01")).questions;
    assert_eq!(merged[0], q[1], "{merged:?}");
    assert_eq!(merged[1], q[0], "{merged:?}");
}

#[test]
fn long_details_are_quoted() {
    assert_eq!(
        about("climbing", |t| format!("Been doing much {t} lately?"), "x"),
        "Been doing much climbing lately?"
    );
    assert_eq!(
        about(
            "rock climbing on weekends, mostly indoors",
            |t| format!("Been doing much {t} lately?"),
            "been doing much of it lately?"
        ),
        "About “rock climbing on weekends, mostly indoors”: been doing much of it lately?"
    );
    let event = fact(1, FactCategory::LifeEvent, "bought a house", None);
    assert_eq!(
        from_life_event(&event, d("2026-03-01")),
        "About “bought a house”: how has it been since?"
    );
}

#[test]
fn the_brief_renders() {
    let text = render_text(&prep(&input(), d("2026-03-01")));
    assert!(text.contains("Ana Lima — Design Lead at Acme"), "{text}");
    assert!(
        text.contains("you promised: send the portfolio deck (due 25 Feb, overdue)"),
        "{text}"
    );
    assert!(text.contains("school: University of Oregon"), "{text}");
}
