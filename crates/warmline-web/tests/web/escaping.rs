//! Hostile text in every field a page shows comes out as text, never as markup; a stored
//! `javascript:` address is never a link.

use chrono::Duration;
use warmline_core::followup::Origin;
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_core::person::{Birthday, FactCategory, Met, Tier};
use warmline_store::{NeedOrOffer, NewPerson};

use crate::support::{Harness, encode, today};

const EVIL: &str = "<script>alert(1)</script>\"'&<img src=x onerror=alert(2)>";

fn evil(label: &str) -> String {
    format!("{label} {EVIL}")
}

#[track_caller]
fn assert_inert(path: &str, body: &str) {
    assert!(!body.contains("<script>alert"), "{path}: raw script tag");
    assert!(!body.contains("<img src=x"), "{path}: raw img tag");
    assert!(!body.contains("onerror=alert(2)>"), "{path}: raw attribute");
    assert!(!body.contains("href=\"javascript:"), "{path}: script link");
    assert!(!body.contains("\"'&<"), "{path}: unescaped quotes");
}

#[tokio::test]
async fn hostile_text_is_escaped_on_every_page() {
    let h = Harness::new();
    let s = h.store();
    let t = today();
    let event = s
        .add_event(&evil("event"), Some(t - Duration::days(3)), Some(EVIL), t)
        .unwrap();
    let id = s
        .add_person(
            &NewPerson {
                name: evil("name"),
                emails: vec!["x<script>@evil.example".into()],
                phones: vec!["+1 555 <b>0100</b>".into()],
                org: Some(evil("org")),
                title: Some(evil("title")),
                location: Some(evil("location")),
                linkedin: None,
                website: Some("javascript:alert(4)".into()),
                birthday: Birthday::parse("--06-23"),
                met: Met {
                    context: Some(evil("met")),
                    on: Some(t - Duration::days(3)),
                    event_id: Some(event),
                },
                source: "manual".into(),
                tags: vec![evil("tag")],
                tier: Some(Tier::Inner),
                notes: evil("notes"),
                ..NewPerson::default()
            },
            t,
        )
        .unwrap();
    let other = s
        .add_person(
            &NewPerson {
                name: evil("other"),
                ..NewPerson::default()
            },
            t,
        )
        .unwrap();
    s.add_fact(Some(id), FactCategory::Family, &evil("fact"), Some(t), t)
        .unwrap();
    s.add_fact(None, FactCategory::School, &evil("my fact"), None, t)
        .unwrap();
    s.add_follow_up(
        id,
        &evil("follow-up"),
        t - Duration::days(1),
        Origin::Promise,
        t,
    )
    .unwrap();
    s.add_need_offer(Some(id), NeedOrOffer::Need, &evil("need"), t)
        .unwrap();
    s.add_need_offer(Some(other), NeedOrOffer::Offer, &evil("offer"), t)
        .unwrap();
    s.add_need_offer(None, NeedOrOffer::Offer, &evil("my offer"), t)
        .unwrap();
    s.log_interaction(
        &NewInteraction {
            on: t - Duration::days(2),
            kind: Kind::Coffee,
            direction: Direction::Outbound,
            summary: evil("summary"),
            notes: evil("interaction notes"),
            source: "manual".into(),
            source_key: None,
            people: vec![id, other],
        },
        t,
    )
    .unwrap();
    let goal = s
        .add_goal(
            &warmline_store::NewGoal {
                title: evil("goal"),
                purpose: Some(evil("purpose")),
                profile: warmline_core::goal::TargetProfile {
                    industry: Some(evil("industry")),
                    ..Default::default()
                },
                weekly: Default::default(),
                deadline: None,
            },
            t,
        )
        .unwrap();
    s.set_goal_stage(goal, id, warmline_core::goal::Stage::Replied, t)
        .unwrap();
    s.add_job(&evil("job org"), &evil("job role"), &[id], t)
        .unwrap();
    s.add_give(id, &evil("give"), Kind::Other, t, t).unwrap();
    s.update_settings(|st| {
        st.my_name = Some(evil("me"));
        st.my_linkedin = Some(evil("my linkedin"));
        Ok(())
    })
    .unwrap();

    let pages = [
        "/".to_string(),
        "/people".into(),
        "/people?q=script".into(),
        format!("/people/{id}"),
        format!("/people/{other}"),
        format!("/people/{id}/edit"),
        format!("/people/{id}/remove"),
        "/people/new".into(),
        "/settings".into(),
        "/insights".into(),
        "/give".into(),
        "/triage".into(),
        "/goals".into(),
        format!("/goals/{goal}"),
        "/opportunities".into(),
        "/import".into(),
        "/path".into(),
        "/events".into(),
        format!("/events/{event}"),
        "/orgs".into(),
        "/orgs/1".into(),
        "/orgs/2".into(),
        format!("/path?to={id}"),
        format!("/path?{}", encode(&[("to", &evil("org"))])),
        format!("/path?{}", encode(&[("to", EVIL)])),
        format!("/people?{}", encode(&[("org", &evil("org"))])),
    ];
    for path in &pages {
        let r = h.get(path).await.ok();
        assert_inert(path, &r.body);
    }
    let person = h.get(&format!("/people/{id}")).await.body;
    for label in [
        "name",
        "org",
        "title",
        "location",
        "met",
        "tag",
        "notes",
        "fact",
        "follow-up",
        "need",
        "summary",
        "interaction notes",
        "other",
    ] {
        assert!(
            person.contains(&format!(
                "{label} &#60;script&#62;alert(1)&#60;/script&#62;"
            )),
            "{label} shown escaped"
        );
    }
    // The script address is shown as text, not as a link.
    assert!(person.contains("javascript:alert(4)"));
    for label in ["goal", "job org", "job role", "give"] {
        assert!(
            person.contains(&format!("{label} &#60;script&#62;")),
            "{label}"
        );
    }
    let goal_page = h.get(&format!("/goals/{goal}")).await.body;
    for label in ["goal", "purpose", "industry"] {
        assert!(
            goal_page.contains(&format!("{label} &#60;script&#62;")),
            "{label}"
        );
    }
    let settings = h.get("/settings").await.body;
    for label in ["me", "my fact", "my offer", "my linkedin"] {
        assert!(
            settings.contains(&format!("{label} &#60;script&#62;")),
            "{label}"
        );
    }
    let new = h.get("/people/new").await.body;
    assert!(new.contains("event &#60;script&#62;"));
    let today_page = h.get("/").await.body;
    assert!(
        today_page.contains("&#60;script&#62;"),
        "the follow-up is on the plan"
    );

    // Hostile text typed into a form that fails comes back escaped, too.
    let r = h
        .post("/people", &[("name", EVIL), ("every", "zero")])
        .await;
    assert_inert("/people (error)", &r.body);
    assert!(r.body.contains("&#60;script&#62;"));
    let r = h
        .post("/today/log", &[("person", EVIL), ("summary", EVIL)])
        .await;
    assert_inert("/today/log (error)", &r.body);
    let q = encode(&[("q", EVIL)]);
    let r = h.get(&format!("/people?{q}")).await.ok();
    assert_inert("/people?q=", &r.body);
}

#[tokio::test]
async fn control_characters_in_a_form_never_reach_the_store() {
    let h = Harness::new();
    let r = h
        .post(
            "/people",
            &[
                ("name", "Eve\u{1b}]0;owned\u{7} Smith"),
                ("note", "line one\r\nline\u{1b}[2J two\u{9b}"),
            ],
        )
        .await;
    assert!(r.status.is_redirection(), "{}: {}", r.status, r.body);
    let s = h.store();
    let id = s.resolve_person("eve").unwrap();
    let p = s.person(id).unwrap();
    assert_eq!(p.name, "Eve]0;owned Smith");
    assert_eq!(p.notes, "line one\nline[2J two");
}
