use super::*;
use crate::date::parse_iso;
use crate::followup::Status;
use crate::person::FactCategory;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    parse_iso(s).unwrap()
}

fn fact(category: FactCategory, text: &str, on: Option<&str>, recorded: &str) -> Fact {
    Fact {
        id: 1,
        category,
        text: text.to_string(),
        on: on.map(d),
        recorded_on: d(recorded),
    }
}

fn follow_up(id: i64, origin: Origin, text: &str, due: &str) -> FollowUp {
    FollowUp {
        id,
        person_id: 7,
        text: text.to_string(),
        due: d(due),
        status: Status::Open,
        origin,
        created_on: d("2026-11-01"),
        done_on: None,
    }
}

fn input() -> DraftInput {
    DraftInput {
        today: d("2026-11-25"),
        name: "Dr. Ana María López".to_string(),
        email: Some("ana+work@example.com".to_string()),
        met: Met {
            context: Some("the Design Mixer".to_string()),
            on: Some(d("2026-11-24")),
            event_id: None,
        },
        last: Some(LastTouch {
            on: d("2026-11-24"),
            summary: "talked about UX hiring at boutique studios.".to_string(),
        }),
        follow_ups: Vec::new(),
        facts: vec![fact(
            FactCategory::Family,
            "daughter Mia, soccer tournament in May",
            None,
            "2026-04-10",
        )],
        my_name: Some("Sam".to_string()),
    }
}

#[test]
fn just_met_draft_uses_context_summary_and_question() {
    let mut inp = input();
    inp.today = d("2026-05-26");
    inp.met.on = Some(d("2026-05-25"));
    inp.last = Some(LastTouch {
        on: d("2026-05-25"),
        summary: "talked about UX hiring.".into(),
    });
    let dr = draft(&inp, &Templates::default());
    assert_eq!(dr.situation, Situation::JustMet);
    assert_eq!(dr.subject, "Great meeting you at the Design Mixer");
    assert!(
        dr.body
            .starts_with("Hi Ana,\n\nIt was great meeting you at the Design Mixer yesterday.\n"),
        "{}",
        dr.body
    );
    // Your notes are quoted beside the message, never spliced into it.
    assert!(!dr.body.contains("UX hiring"), "{}", dr.body);
    assert_eq!(
        dr.notes,
        vec!["Last time (yesterday): “talked about UX hiring”.".to_string()]
    );
    assert!(
        dr.body.contains("How is Mia's soccer tournament going?\n"),
        "{}",
        dr.body
    );
    assert!(dr.body.ends_with("Best,\nSam\n"), "{}", dr.body);
    assert!(
        !dr.body.contains("\n\n\n") && !dr.body.contains('{'),
        "{}",
        dr.body
    );
}

#[test]
fn promises_come_first_and_silence_is_noticed() {
    let mut inp = input();
    inp.follow_ups = vec![
        follow_up(
            2,
            Origin::Promise,
            "Send the portfolio checklist.",
            "2026-11-27",
        ),
        follow_up(1, Origin::Manual, "ask about referrals", "2026-11-20"),
    ];
    let dr = draft(&inp, &Templates::default());
    assert_eq!(dr.situation, Situation::OpenPromise);
    assert!(
        dr.body.contains("As promised, I'm following up.\n"),
        "{}",
        dr.body
    );
    assert!(!dr.body.contains("portfolio checklist"), "{}", dr.body);
    assert_eq!(
        dr.notes[0],
        "You said you would: “Send the portfolio checklist”."
    );
    assert!(
        dr.body.contains("Thanks again for talking yesterday."),
        "{}",
        dr.body
    );

    let mut quiet = input();
    quiet.met.on = Some(d("2025-01-10"));
    quiet.last = Some(LastTouch {
        on: d("2026-03-02"),
        summary: "coffee".into(),
    });
    quiet.facts.clear();
    quiet.my_name = None;
    let dr = draft(&quiet, &Templates::default());
    assert_eq!(dr.situation, Situation::LongSilence);
    assert_eq!(dr.subject, "It's been a while, Ana");
    assert!(!dr.body.contains("(coffee)"), "{}", dr.body);
    assert_eq!(
        dr.notes,
        vec!["Last time (in March): “coffee”.".to_string()]
    );
    assert!(dr.body.ends_with("Best,\n"), "{}", dr.body);

    quiet.last = Some(LastTouch {
        on: d("2026-11-01"),
        summary: String::new(),
    });
    let dr = draft(&quiet, &Templates::default());
    assert_eq!(dr.situation, Situation::CheckIn);
    assert!(
        dr.body
            .contains("I hope all is well since we talked a few weeks ago."),
        "{}",
        dr.body
    );
    assert!(
        dr.body
            .contains("I wanted to check in and see how you are doing."),
        "{}",
        dr.body
    );
}

#[test]
fn mailto_is_percent_encoded() {
    let dr = draft(&input(), &Templates::default());
    let link = dr.mailto.unwrap();
    assert!(
        link.starts_with("mailto:ana+work@example.com?subject=Great%20meeting%20you"),
        "{link}"
    );
    assert!(
        link.contains("&body=Hi%20Ana%2C%0D%0A%0D%0AIt%20was"),
        "{link}"
    );
    assert_eq!(mailto("not an address", "s", "b"), None);
    assert_eq!(
        mailto("a&b@x.org", "a?b", "é").unwrap(),
        "mailto:a%26b@x.org?subject=a%3Fb&body=%C3%A9"
    );
}

#[test]
fn render_rules() {
    let v = |n: &str| match n {
        "first_name" => Some("Ana".to_string()),
        "question" => Some(String::new()),
        _ => None,
    };
    assert_eq!(
        render("Hi {first_name}!\n{question}\n\n\nBye {{x}} {nope}", v),
        "Hi Ana!\n\nBye {x} {nope}\n"
    );
    assert_eq!(render("{met_context} || {first_name} || x", v), "Ana\n");
    assert_eq!(render("{met_context}\n{last_when} || {question}", v), "");
    assert_eq!(render("{ unclosed } }{", v), "{ unclosed } }{\n");
}

#[test]
fn templates_validate_and_deserialize_partially() {
    assert!(Templates::default().validate().is_ok());
    let mut t = Templates::default();
    t.check_in.body = "Hi {frist_name}".into();
    let err = t.validate().unwrap_err().to_string();
    assert!(
        err.contains("frist_name") && err.contains("first_name"),
        "{err}"
    );
    let mut map = std::collections::BTreeMap::new();
    map.insert(
        "check_in.subject".to_string(),
        "Hi from {my_name}".to_string(),
    );
    map.insert("just_met".to_string(), "Hello {first_name}".to_string());
    let t = Templates::with_overrides(&map).unwrap();
    assert_eq!(t.check_in.subject, "Hi from {my_name}");
    assert_eq!(t.just_met.body, "Hello {first_name}");
    assert_eq!(t.long_silence, Templates::default().long_silence);
    map.insert("weekly".to_string(), "x".to_string());
    let err = Templates::with_overrides(&map).unwrap_err().to_string();
    assert!(err.contains("'weekly'"), "{err}");
}

#[test]
fn small_helpers() {
    assert_eq!(first_name("Dr. Ana López"), "Ana");
    assert_eq!(first_name("Dr"), "Dr");
    assert_eq!(first_name("  "), "");
    assert_eq!(clip("one two three four", 12), "one two…");
    assert_eq!(clip("short", 12), "short");
    let today = d("2026-11-25");
    assert_eq!(
        when_phrase(d("2026-11-23"), today).as_deref(),
        Some("on Monday")
    );
    assert_eq!(
        when_phrase(d("2025-11-23"), today).as_deref(),
        Some("in November 2025")
    );
    assert_eq!(when_phrase(d("2026-11-26"), today), None);
}

proptest! {
    #[test]
    fn rendering_never_panics_and_keeps_text_literal(template in "[a-z{}|\\n _]{0,60}") {
        let out = render(&template, |n| (n == "name").then(|| "X".to_string()));
        prop_assert!(!out.contains("\n\n\n"));
    }

    #[test]
    fn mailto_uses_only_safe_characters(subject in "\\PC{0,40}", body in "\\PC{0,80}") {
        let link = mailto("a@b.c", &subject, &body).unwrap();
        prop_assert!(link.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%@+!$'*:?=&".contains(&b)));
    }
}

#[test]
fn a_draft_asks_after_each_person_once() {
    let mut inp = input();
    inp.facts = vec![
        fact(
            FactCategory::Family,
            "daughter Mia plays soccer",
            None,
            "2026-11-01",
        ),
        fact(
            FactCategory::Family,
            "son Leo started college",
            None,
            "2026-10-01",
        ),
        fact(FactCategory::Hobby, "sailing", None, "2026-11-20"),
    ];
    let dr = draft(&inp, &Templates::default());
    assert!(
        dr.body
            .contains("\nHow is Mia's soccer going? How is Leo finding college?\n"),
        "{}",
        dr.body
    );
    assert!(!dr.body.contains("sailing"), "{}", dr.body);
}

#[test]
fn a_touch_the_plan_logged_is_not_quoted() {
    use crate::interaction::{Direction, Interaction, Kind};
    let logged = Interaction {
        id: 3,
        on: d("2026-11-20"),
        kind: Kind::Message,
        direction: Direction::Outbound,
        summary: "birthday wishes".into(),
        notes: String::new(),
        source: PLAN_SOURCE.into(),
        people: vec![7],
    };
    let last = LastTouch::of(&logged);
    assert_eq!((last.on, last.summary.as_str()), (d("2026-11-20"), ""));
    let mut inp = input();
    inp.met.on = Some(d("2026-01-10"));
    inp.last = Some(last);
    let dr = draft(&inp, &Templates::default());
    assert!(dr.notes.is_empty(), "{:?}", dr.notes);
    assert!(!dr.body.contains("birthday wishes"), "{}", dr.body);
    let typed = Interaction {
        source: "manual".into(),
        summary: "she starts at Acme in March".into(),
        ..logged
    };
    assert_eq!(LastTouch::of(&typed).summary, "she starts at Acme in March");
}
