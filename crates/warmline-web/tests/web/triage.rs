//! `/triage`: the proposals with their checkboxes, accepting them, one tier for many,
//! Today's triage item, forged posts and hostile text.

use axum::http::StatusCode;
use chrono::Duration;
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_core::person::{Met, Tier};
use warmline_store::{NewPerson, Store};

use crate::support::{Harness, ORIGIN, TOKEN, encode, fingerprint, today};

/// Three people as an import brings them, without a rhythm: Grace talked both ways,
/// Ada met at a mixer, and Alan never spoken to. Returns their ids.
fn imported(s: &Store, name_prefix: &str) -> (i64, i64, i64) {
    let t = today();
    let add = |name: &str, org: &str, met: Met| {
        s.add_person(
            &NewPerson {
                name: format!("{name_prefix}{name}"),
                org: Some(format!("{name_prefix}{org}")),
                source: "linkedin".into(),
                tags: vec![format!("{name_prefix}pr")],
                met,
                ..NewPerson::default()
            },
            t,
        )
        .unwrap()
    };
    let grace = add("Grace Hopper", "US Navy", Met::default());
    let context = Some(format!("{name_prefix}PRSA mixer"));
    let ada = add(
        "Ada Lovelace",
        "Analytical Engines",
        Met {
            context,
            ..Met::default()
        },
    );
    let alan = add("Alan Turing", "Manchester", Met::default());
    for (days, direction) in [(20, Direction::Inbound), (14, Direction::Outbound)] {
        s.log_interaction(
            &NewInteraction {
                on: t - Duration::days(days),
                kind: Kind::Message,
                direction,
                summary: "about the compilers team".into(),
                notes: String::new(),
                source: "linkedin".into(),
                source_key: None,
                people: vec![grace],
            },
            t,
        )
        .unwrap();
    }
    (grace, ada, alan)
}

fn tier(s: &Store, id: i64) -> Option<Tier> {
    s.person(id).unwrap().tier
}

#[tokio::test]
async fn the_page_lists_proposals_checked_and_today_links_to_it() {
    let h = Harness::new();
    let (grace, ada, alan) = imported(&h.store(), "");
    let page = h.get("/triage").await.ok();
    for text in [
        "Grace Hopper",
        "2 touches both ways, the last 14 days ago",
        "Ada Lovelace",
        "met: PRSA mixer",
        "2 people have no rhythm yet",
        "action=\"/triage/apply\"",
        "action=\"/triage/tier\"",
        "<option value=\"linkedin\">linkedin</option>",
    ] {
        assert!(page.body.contains(text), "{text}");
    }
    for id in [grace, ada] {
        assert!(
            page.body.contains(&format!(
                "<input type=\"checkbox\" id=\"p{id}\" name=\"person\" value=\"{id}\" checked>"
            )),
            "#{id} checked"
        );
    }
    assert!(!page.body.contains("Alan Turing"), "never spoken to");
    assert!(!page.body.contains(&format!("id=\"p{alan}\"")));
    assert!(
        page.body
            .contains(&format!("name=\"csrf\" value=\"{TOKEN}\""))
    );

    let today = h.get("/").await.ok();
    assert!(today.body.contains("Sort your network"));
    assert!(
        today
            .body
            .contains("<a class=\"who\" href=\"/triage\">2 people</a>")
    );
    assert!(today.body.contains("href=\"/triage\">Sort them</a>"));
    assert!(
        !today.body.contains(&format!("value=\"t{grace}\"")),
        "no Done button for it"
    );
}

#[tokio::test]
async fn accepting_the_checked_proposals_gives_those_people_a_rhythm() {
    let h = Harness::new();
    let s = h.store();
    let (grace, ada, _) = imported(&s, "");
    // Only Grace left checked.
    let r = h
        .post("/triage/apply", &[("person", &grace.to_string())])
        .await
        .redirected();
    assert_eq!(r.location(), "/triage?n=applied");
    assert_eq!(
        (tier(&s, grace), tier(&s, ada)),
        (Some(Tier::Regular), None)
    );
    let page = h.get("/triage?n=applied").await.ok();
    assert!(page.body.contains("Accepted: they come up in Today"));
    assert!(page.body.contains("1 person has no rhythm yet"));

    h.post("/triage/apply", &[("person", &ada.to_string())])
        .await
        .redirected();
    assert_eq!(tier(&s, ada), Some(Tier::Loose));
    let page = h.get("/triage").await.ok();
    assert!(page.body.contains("Nothing to sort"));
    assert!(!h.get("/").await.body.contains("Sort your network"));
}

#[tokio::test]
async fn accepting_all_takes_every_proposal_and_nothing_checked_is_said() {
    let h = Harness::new();
    let s = h.store();
    let (grace, ada, alan) = imported(&s, "");
    let before = fingerprint(&s);
    let r = h.post("/triage/apply", &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Check the people whose proposed tier you accept.")
    );
    let r = h.post("/triage/apply", &[("person", "banana")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = h
        .post("/triage/apply", &[("person", &alan.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("is not awaiting triage"), "{}", r.body);
    assert_eq!(fingerprint(&s), before, "nothing written");

    h.post("/triage/apply", &[("all", "1")]).await.redirected();
    assert_eq!(
        (tier(&s, grace), tier(&s, ada), tier(&s, alan)),
        (Some(Tier::Regular), Some(Tier::Loose), None)
    );
}

#[tokio::test]
async fn one_tier_is_set_for_everyone_a_filter_matches() {
    let h = Harness::new();
    let s = h.store();
    let (grace, ada, alan) = imported(&s, "");
    let r = h
        .post(
            "/triage/tier",
            &[
                ("tier", "close"),
                ("source", "linkedin"),
                ("org", "analytical"),
            ],
        )
        .await
        .redirected();
    assert_eq!(r.location(), "/triage?n=tiered");
    assert_eq!(
        (tier(&s, grace), tier(&s, ada), tier(&s, alan)),
        (None, Some(Tier::Close), None)
    );
    h.post("/triage/tier", &[("tier", "none"), ("tag", "pr")])
        .await
        .redirected();
    assert_eq!(tier(&s, ada), None);
    // Left without a rhythm on purpose, no one is proposed any more.
    assert!(h.get("/triage").await.body.contains("Nothing to sort"));

    let before = fingerprint(&s);
    let r = h.post("/triage/tier", &[("tier", "close")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Choose whom"));
    let r = h
        .post("/triage/tier", &[("tier", "closest"), ("tag", "pr")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = h
        .post("/triage/tier", &[("tier", "close"), ("source", "fax")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("unknown source"));
    let r = h
        .post("/triage/tier", &[("tier", "close"), ("org", "Initech")])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("no one matches organisation"));
    assert_eq!(fingerprint(&s), before, "nothing written");
}

#[tokio::test]
async fn forged_posts_are_refused_and_write_nothing() {
    let h = Harness::new();
    let s = h.store();
    let (grace, _, _) = imported(&s, "");
    let before = fingerprint(&s);
    let forms = [
        ("/triage/apply", encode(&[("csrf", TOKEN), ("all", "1")])),
        (
            "/triage/apply",
            encode(&[("csrf", TOKEN), ("person", &grace.to_string())]),
        ),
        (
            "/triage/tier",
            encode(&[("csrf", TOKEN), ("tier", "inner"), ("tag", "pr")]),
        ),
    ];
    let wrong = "f".repeat(64);
    for (path, body) in &forms {
        for (what, body, origin, cookie) in [
            (
                "a foreign origin",
                body.clone(),
                Some("http://evil.example"),
                Some(TOKEN),
            ),
            ("no cookie", body.clone(), Some(ORIGIN), None),
            (
                "a wrong token",
                body.replace(TOKEN, &wrong),
                Some(ORIGIN),
                Some(TOKEN),
            ),
        ] {
            let r = h.post_with(path, &body, origin, cookie).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{path} with {what}");
        }
    }
    assert_eq!(fingerprint(&s), before);
    assert_eq!(tier(&s, grace), None);
}

#[tokio::test]
async fn hostile_text_on_the_page_is_escaped() {
    const EVIL: &str = "<script>alert(1)</script>\"'&<img src=x onerror=alert(2)>";
    let h = Harness::new();
    let s = h.store();
    imported(&s, EVIL);
    s.add_goal(
        &warmline_store::NewGoal {
            title: format!("goal {EVIL}"),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    let page = h.get("/triage").await.ok();
    assert!(!page.body.contains("<script>alert"));
    assert!(!page.body.contains("<img src=x"));
    assert!(!page.body.contains("\"'&<"));
    let escaped = EVIL
        .replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;");
    for shown in [
        format!("{escaped}Grace Hopper"),
        format!("{escaped}US Navy"),
        format!(">{escaped}pr</option>"),
        format!("goal {escaped}"),
        "met: &#60;script&#62;alert(1)".to_string(),
    ] {
        assert!(page.body.contains(&shown), "{shown}");
    }
    // Typed back into a failing form, it is escaped too.
    let nowhere = "<script>alert(9)</script> nowhere";
    let r = h
        .post("/triage/tier", &[("tier", "close"), ("org", nowhere)])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!r.body.contains("<script>alert"));
    assert!(r.body.contains("&#60;script&#62;alert(9)"));
}
