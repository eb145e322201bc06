use super::*;
use crate::date::parse_iso;
use crate::followup::Status;
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

/// category | fact | fact date | recorded on | today | the question, or `-` for none.
const QUESTIONS: &str = "
    family | daughter Mia, soccer tournament in May | - | 2026-04-10 | 2026-06-03 | How did Mia's soccer tournament go?
    family | daughter Mia, soccer tournament in May | - | 2026-04-10 | 2026-05-10 | How is Mia's soccer tournament going?
    family | daughter Mia, soccer tournament in May | - | 2026-04-10 | 2026-04-20 | How are the preparations for Mia's soccer tournament going?
    family | daughter Mia, soccer tournament in May | - | 2026-04-10 | 2027-06-03 | How is Mia doing?
    family | his son's first marathon | - | 2026-11-01 | 2026-11-25 | How did your son's marathon go?
    family | Mia's recital | 2026-12-02 | 2026-11-01 | 2026-11-25 | How are the preparations for Mia's recital going?
    life_event | moving to Austin | - | 2026-11-01 | 2026-11-25 | How is the move to Austin going?
    life_event | just moved to New York City | - | 2026-11-01 | 2026-11-25 | How did the move to New York City go?
    life_event | Wedding in Lisbon | 2026-12-12 | 2026-01-01 | 2026-11-25 | How are the preparations for the wedding going?
    life_event | Wedding in Lisbon | 2026-10-12 | 2026-01-01 | 2026-11-25 | How did the wedding go?
    life_event | Wedding in Lisbon | 2024-10-12 | 2024-01-01 | 2026-11-25 | -
    hobby | Rock climbing | - | 2026-11-01 | 2026-11-25 | Have you had much time for rock climbing lately?
    hometown | Portland | - | 2026-11-01 | 2026-11-25 | Have you been back to Portland lately?
    school | MIT | - | 2026-11-01 | 2026-11-25 | -
    other | likes long walks, owns three bikes and a kayak | - | 2026-11-01 | 2026-11-25 | -
";

#[test]
fn questions_from_facts() {
    for line in QUESTIONS.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split(" | ").collect();
        let on = (f[2] != "-").then(|| d(f[2]));
        let category = FactCategory::parse(f[0]).unwrap();
        let fact = Fact {
            id: 1,
            category,
            text: f[1].into(),
            on,
            recorded_on: d(f[3]),
        };
        let expected = (f[5] != "-").then_some(f[5]);
        assert_eq!(
            question_from_fact(&fact, d(f[4])).as_deref(),
            expected,
            "{line}"
        );
    }
}

#[test]
fn best_question_prefers_timely_facts() {
    let today = d("2026-11-25");
    let facts = vec![
        fact(FactCategory::Hobby, "sailing", None, "2026-11-20"),
        fact(
            FactCategory::LifeEvent,
            "half marathon",
            Some("2026-11-15"),
            "2026-09-01",
        ),
    ];
    assert_eq!(
        best_question(&facts, today).as_deref(),
        Some("How did the half marathon go?")
    );
    assert_eq!(best_question(&[], today), None);
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
    assert!(
        dr.body
            .contains("I enjoyed our conversation (talked about UX hiring).\n"),
        "{}",
        dr.body
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
        dr.body
            .contains("I said I would send the portfolio checklist, so here it is.\n"),
        "{}",
        dr.body
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
    assert!(
        dr.body.contains("our conversation in March (coffee)."),
        "{}",
        dr.body
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

    #[test]
    fn questions_never_panic(text in "\\PC{0,60}", cat in 0usize..8, off in -400i64..400) {
        let today = d("2026-11-25");
        let f = Fact {
            id: 1,
            category: FactCategory::ALL[cat],
            text,
            on: today.checked_add_signed(chrono::Duration::days(off)),
            recorded_on: d("2026-01-01"),
        };
        let _ = question_from_fact(&f, today);
    }
}
