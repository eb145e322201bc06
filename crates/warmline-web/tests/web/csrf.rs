//! Every POST route refuses a request without the token, with a wrong token, or from a
//! foreign origin: 403, and nothing written.

use axum::http::StatusCode;

use crate::support::{Harness, ORIGIN, TOKEN, encode, fingerprint, seed};

/// Every route that changes something, with a form that would succeed.
fn routes(dana: i64, follow_up: i64) -> Vec<(String, Vec<(&'static str, &'static str)>)> {
    let p = |s: &str| format!("/people/{dana}/{s}");
    let f = |s: &str| format!("/follow-ups/{follow_up}/{s}");
    vec![
        ("/people".into(), vec![("name", "Mallory")]),
        (p("edit"), vec![("name", "Mallory")]),
        (p("remove"), vec![]),
        (p("log"), vec![("summary", "forged")]),
        (p("facts"), vec![("category", "other"), ("text", "forged")]),
        (p("follow-ups"), vec![("text", "forged"), ("due", "3")]),
        (p("needs"), vec![("kind", "need"), ("text", "forged")]),
        (f("done"), vec![]),
        (f("snooze"), vec![("days", "3")]),
        (f("cancel"), vec![]),
        ("/settings".into(), vec![("time_budget_minutes", "99")]),
        ("/settings/profile".into(), vec![("name", "Mallory")]),
        (
            "/settings/facts".into(),
            vec![("category", "other"), ("text", "forged")],
        ),
        ("/settings/offers".into(), vec![("text", "forged")]),
        ("/settings/calendar".into(), vec![("action", "new")]),
        ("/today/done".into(), vec![("item", "k1")]),
        (
            "/today/log".into(),
            vec![("person", "dana"), ("summary", "forged")],
        ),
        ("/goals".into(), vec![("title", "forged")]),
        (
            "/goals/1/stage".into(),
            vec![("person", "1"), ("stage", "replied")],
        ),
        ("/goals/1/status".into(), vec![("status", "done")]),
        (
            "/goals/pipeline".into(),
            vec![("goal", "1"), ("person", "1")],
        ),
        (
            "/opportunities".into(),
            vec![("org", "Acme"), ("role", "forged")],
        ),
        ("/opportunities/1/stage".into(), vec![("stage", "offer")]),
        (
            "/opportunities/1/people".into(),
            vec![("person", "dana"), ("role", "referrer")],
        ),
        ("/events".into(), vec![("name", "forged")]),
        ("/triage/apply".into(), vec![("all", "1")]),
        (
            "/triage/tier".into(),
            vec![("tier", "loose"), ("tag", "pr")],
        ),
        ("/orgs/1".into(), vec![("industry", "forged")]),
        ("/import".into(), vec![("format", "vcard")]),
        (
            "/import/cancel".into(),
            vec![("upload", "0"), ("format", "vcard")],
        ),
        (
            "/import/confirm".into(),
            vec![("upload", "0"), ("format", "vcard")],
        ),
        ("/interactions/1/edit".into(), vec![("summary", "forged")]),
        ("/interactions/1/remove".into(), vec![]),
        ("/facts/1/edit".into(), vec![("text", "forged")]),
        ("/facts/1/remove".into(), vec![]),
        ("/needs/1/done".into(), vec![]),
        ("/needs/1/remove".into(), vec![]),
        (f("edit"), vec![("text", "forged")]),
        (f("remove"), vec![]),
        (
            p("details/remove"),
            vec![("field", "email"), ("value", "dana@acme.example")],
        ),
        (p("links/remove"), vec![("other", "2")]),
        ("/goals/1/remove".into(), vec![("person", "1")]),
        ("/opportunities/1/edit".into(), vec![("role", "forged")]),
        ("/opportunities/1/remove".into(), vec![]),
        ("/orgs/1/remove".into(), vec![]),
        ("/events/1/remove".into(), vec![]),
        ("/undo/1".into(), vec![]),
        // Unknown addresses are refused before routing, so no route can be forgotten.
        ("/no/such/route".into(), vec![]),
    ]
}

#[tokio::test]
async fn every_post_route_refuses_forged_requests_and_writes_nothing() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    let follow_up = h.store().follow_ups_for(dana).unwrap()[0].id;
    let before = fingerprint(&h.store());
    let wrong = "f".repeat(64);
    for (path, fields) in routes(dana, follow_up) {
        let with = |token: &str| {
            let mut all = vec![("csrf", token)];
            all.extend(fields.iter().copied());
            encode(&all)
        };
        let cases = [
            ("no token", encode(&fields), Some(ORIGIN), Some(TOKEN)),
            ("a wrong token", with(&wrong), Some(ORIGIN), Some(TOKEN)),
            ("a short token", with("abc"), Some(ORIGIN), Some(TOKEN)),
            ("no cookie", with(TOKEN), Some(ORIGIN), None),
            (
                "a foreign origin",
                with(TOKEN),
                Some("http://evil.example"),
                Some(TOKEN),
            ),
            (
                "another port",
                with(TOKEN),
                Some("http://127.0.0.1:9999"),
                Some(TOKEN),
            ),
            ("a null origin", with(TOKEN), Some("null"), Some(TOKEN)),
            ("no origin or referer", with(TOKEN), None, Some(TOKEN)),
        ];
        for (what, body, origin, cookie) in cases {
            let r = h.post_with(&path, &body, origin, cookie).await;
            assert_eq!(
                r.status,
                StatusCode::FORBIDDEN,
                "{path} with {what}: {}",
                r.body
            );
            assert!(r.body.contains("Refused"), "{path}: a page says why");
        }
        assert_eq!(fingerprint(&h.store()), before, "{path}: nothing written");
    }
    // The same request with the token and origin goes through.
    h.post(&format!("/people/{dana}/log"), &[("summary", "real")])
        .await
        .redirected();
    assert_ne!(fingerprint(&h.store()), before);
}

#[tokio::test]
async fn a_referer_from_this_server_stands_in_for_a_missing_origin() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    let body = encode(&[("csrf", TOKEN), ("summary", "via referer")]);
    let req = axum::http::Request::post(format!("/people/{dana}/log"))
        .header("host", crate::support::HOST)
        .header("referer", format!("{ORIGIN}/people/{dana}"))
        .header("cookie", format!("warmline_csrf={TOKEN}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(body))
        .unwrap();
    assert_eq!(h.send(req).await.status, StatusCode::SEE_OTHER);
    let body = encode(&[("csrf", TOKEN), ("summary", "via a foreign referer")]);
    let req = axum::http::Request::post(format!("/people/{dana}/log"))
        .header("host", crate::support::HOST)
        .header("referer", "http://evil.example/page")
        .header("cookie", format!("warmline_csrf={TOKEN}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(body))
        .unwrap();
    assert_eq!(h.send(req).await.status, StatusCode::FORBIDDEN);
}
