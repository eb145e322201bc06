//! Every page through the router: pages answer, unknown ids are 404 pages, every response
//! carries the security headers; Today, Settings, the calendar feed and the limits.

use axum::http::{StatusCode, header};
use warmline_core::followup::Status;

use crate::support::{Harness, seed};

#[tokio::test]
async fn every_page_answers_on_an_empty_database() {
    let h = Harness::new();
    for path in [
        "/",
        "/people",
        "/people/new",
        "/insights",
        "/settings",
        "/goals",
        "/opportunities",
        "/give",
        "/import",
    ] {
        let r = h.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        assert!(r.body.contains("<title>"), "{path}");
    }
    assert!(h.get("/").await.body.contains("Add someone you met"));
    assert!(h.get("/people").await.body.contains("No one yet"));
}

#[tokio::test]
async fn pages_show_the_network() {
    let h = Harness::new();
    let (dana, sam) = seed(&h.store());
    let people = h.get("/people").await.ok();
    assert!(people.body.contains("Dana Lee") && people.body.contains("Sam Park"));
    assert!(people.body.contains("1–2 of 2"));

    let p = h.get(&format!("/people/{dana}")).await.ok();
    for text in [
        "Dana Lee",
        "Account Director at Acme PR",
        "dana@acme.example",
        "rock climbing",
        "coffee about the Austin move",
        "send a note",
        "PRSA mixer",
        "every 30 days (close)",
    ] {
        assert!(p.body.contains(text), "missing {text}");
    }
    // The other participant links to their page.
    assert!(p.body.contains(&format!("href=\"/people/{sam}\"")));

    let today = h.get("/").await.ok();
    assert!(today.body.contains("Your plan"));
    let insights = h.get("/insights").await.ok();
    assert!(insights.body.contains("<svg") && insights.body.contains("Network growth"));
    h.get(&format!("/people/{dana}/edit")).await.ok();
    h.get(&format!("/people/{dana}/remove")).await.ok();
}

#[tokio::test]
async fn unknown_ids_and_addresses_are_404_pages() {
    let h = Harness::new();
    seed(&h.store());
    for path in [
        "/people/999",
        "/people/0",
        "/people/-3",
        "/people/abc",
        "/people/999/edit",
        "/people/999/remove",
        "/goals/1",
        "/goals/x",
        "/nowhere",
        "/static/nothing.js",
        "/calendar/nothing.ics",
    ] {
        let r = h.get(path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(r.body.contains("Not found"), "{path}: {}", r.body);
    }
    let r = h.post("/people/999/log", &[("summary", "hello")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = h.post("/follow-ups/999/done", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let h = Harness::new();
    for path in ["/", "/people", "/nowhere", "/static/style.css"] {
        let r = h.get(path).await;
        let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("default-src 'none'"), "{path}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
        assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(r.headers[header::REFERRER_POLICY], "same-origin");
    }
    // Pages hold personal data: never cached. Assets are versioned: cached for long.
    assert_eq!(
        h.get("/people").await.headers[header::CACHE_CONTROL],
        "no-store"
    );
    let css = h.get("/static/style.css").await.ok();
    assert!(
        css.headers[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(
        css.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    let js = h.get("/static/app.js").await.ok();
    assert!(
        js.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
}

#[tokio::test]
async fn no_page_has_inline_script_or_style() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    for path in [
        "/".to_string(),
        "/people".into(),
        format!("/people/{dana}"),
        "/people/new".into(),
        "/insights".into(),
        "/settings".into(),
    ] {
        let body = h.get(&path).await.ok().body;
        assert!(!body.contains("<script>"), "{path}");
        assert!(!body.contains("style="), "{path}");
        assert!(!body.contains("<style"), "{path}");
        assert!(
            !body.contains(" onclick") && !body.contains(" onload"),
            "{path}"
        );
        // Every form that changes something carries the token.
        let posts = body.matches("method=\"post\"").count();
        let tokens = body.matches("name=\"csrf\"").count();
        assert_eq!(posts, tokens, "{path}");
    }
}

#[tokio::test]
async fn a_foreign_host_is_refused() {
    let h = Harness::new();
    let req = axum::http::Request::get("/people")
        .header(header::HOST, "evil.example:7878")
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(h.send(req).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_first_visit_gets_a_token_cookie() {
    let h = Harness::new();
    let req = axum::http::Request::get("/")
        .header(header::HOST, "127.0.0.1:7878")
        .body(axum::body::Body::empty())
        .unwrap();
    let r = h.send(req).await.ok();
    let cookie = r.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("warmline_csrf="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let token = &cookie["warmline_csrf=".len()..cookie.find(';').unwrap()];
    assert_eq!(token.len(), 64);
    assert!(r.body.contains(&format!("value=\"{token}\"")));
}

#[tokio::test]
async fn today_checks_items_off_and_logs() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    // Due tomorrow: not yet on the plan; make it due today.
    let id = h.store().follow_ups_for(dana).unwrap()[0].id;
    h.store()
        .snooze_follow_up(id, 1, crate::support::today() - chrono::Duration::days(1))
        .unwrap();
    let page = h.get("/").await.ok();
    let item = format!("value=\"f{id}\"");
    assert!(page.body.contains(&item), "{}", page.body);
    let r = h
        .post("/today/done", &[("item", &format!("f{id}")), ("back", "/")])
        .await
        .redirected();
    assert_eq!(r.location(), "/?n=done");
    assert!(!h.get("/").await.body.contains(&item));
    assert_eq!(h.store().follow_up(id).unwrap().status, Status::Done);
    // Twice is refused, politely.
    let r = h.post("/today/done", &[("item", &format!("f{id}"))]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("already done"));
    let r = h.post("/today/done", &[("item", "nonsense")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    let r = h
        .post(
            "/today/log",
            &[
                ("person", "sam"),
                ("summary", "quick call"),
                ("kind", "call"),
            ],
        )
        .await
        .redirected();
    assert!(r.location().starts_with("/people/2"));
    let r = h
        .post(
            "/today/log",
            &[("person", "nobody at all"), ("summary", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        h.get("/?minutes=0").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    h.get("/?minutes=45").await.ok();
}

#[tokio::test]
async fn today_sees_a_change_made_by_another_connection() {
    // The plan is kept between requests; a commit anywhere (here, a second connection, as
    // the command line would be) must show on the next load all the same.
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    let id = h.store().follow_ups_for(dana).unwrap()[0].id;
    let item = format!("value=\"f{id}\"");
    assert!(!h.get("/").await.ok().body.contains(&item));
    assert!(!h.get("/").await.ok().body.contains(&item));
    h.store()
        .snooze_follow_up(id, 1, crate::support::today() - chrono::Duration::days(1))
        .unwrap();
    assert!(h.get("/").await.ok().body.contains(&item));
    // Another budget is another plan, not the one kept.
    let short = h.get("/?minutes=7").await.ok();
    assert!(short.body.contains(" of 7 minutes"), "{}", short.body);
    assert!(h.get("/").await.ok().body.contains(&item));
}

#[tokio::test]
async fn settings_are_saved() {
    let h = Harness::new();
    h.post(
        "/settings",
        &[
            ("time_budget_minutes", "30"),
            ("daily_touches", "4"),
            ("weekly_new_people", "3"),
            ("weekly_follow_ups", "5"),
            ("after_event_days", "1"),
            ("birthday_days_ahead", "3"),
            ("inner", "10"),
            ("close", "21"),
            ("regular", "60"),
            ("loose", "120"),
            ("default_tier", "loose"),
            ("rest5", "1"),
            ("rest6", "1"),
        ],
    )
    .await
    .redirected();
    h.post(
        "/settings/profile",
        &[
            ("name", "Ada"),
            ("emails", "me@example.com, ada@work.example"),
            ("linkedin", "linkedin.com/in/ada"),
        ],
    )
    .await
    .redirected();
    h.post(
        "/settings/facts",
        &[("category", "school"), ("text", "University of Oregon")],
    )
    .await
    .redirected();
    h.post(
        "/settings/offers",
        &[("kind", "offer"), ("text", "portfolio reviews")],
    )
    .await
    .redirected();
    let s = h.store().settings().unwrap();
    assert_eq!(s.time_budget_minutes, 30);
    assert_eq!(s.tier_cadences.close, 21);
    assert_eq!(s.rest_days, vec![5, 6]);
    assert_eq!(s.after_event_days, 1);
    assert_eq!(s.birthday_days_ahead, 3);
    assert_eq!(s.my_emails.len(), 2);
    assert_eq!(s.my_name.as_deref(), Some("Ada"));
    assert_eq!(h.store().facts(None).unwrap().len(), 1);
    let page = h.get("/settings").await.ok();
    assert!(page.body.contains("University of Oregon") && page.body.contains("portfolio reviews"));

    let r = h.post("/settings", &[("time_budget_minutes", "0")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("1 to 600"));
    assert!(
        page.body
            .contains(r#"name="birthday_days_ahead" inputmode="numeric" maxlength="2" value="3""#)
    );
    let r = h.post("/settings", &[("birthday_days_ahead", "31")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("0 to 30"), "{}", r.body);
    assert_eq!(h.store().settings().unwrap().birthday_days_ahead, 3);
    let r = h.post("/settings/profile", &[("emails", "nope")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(h.store().settings().unwrap().time_budget_minutes, 30);
}

#[tokio::test]
async fn a_bare_cr_in_a_follow_up_cannot_inject_into_the_feed() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    h.store()
        .add_follow_up(
            dana,
            "call\rATTENDEE:mailto:evil@example.com\rEND:VEVENT",
            today,
            warmline_core::followup::Origin::Manual,
            today,
        )
        .unwrap();
    h.post("/settings/calendar", &[("action", "new")])
        .await
        .redirected();
    let token = h.store().settings().unwrap().calendar_token.unwrap();
    let feed = h.get(&format!("/calendar/{token}.ics")).await.ok();
    // Every line ends in CRLF, and none is one the follow-up's text wrote.
    assert!(
        !feed.body.replace("\r\n", "").contains('\r'),
        "{:?}",
        feed.body
    );
    let unfolded = feed.body.replace("\r\n ", "");
    assert!(unfolded.contains("call\\nATTENDEE:mailto:evil@example.com\\nEND:VEVENT"));
    assert!(!unfolded.split("\r\n").any(|l| l.starts_with("ATTENDEE")));
    assert_eq!(
        unfolded.matches("BEGIN:VEVENT").count(),
        unfolded.matches("\r\nEND:VEVENT\r\n").count()
    );
}

#[tokio::test]
async fn the_calendar_feed_is_behind_a_revocable_token() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    assert_eq!(
        h.get("/calendar/anything.ics").await.status,
        StatusCode::NOT_FOUND
    );
    h.post("/settings/calendar", &[("action", "new")])
        .await
        .redirected();
    let token = h.store().settings().unwrap().calendar_token.unwrap();
    assert_eq!(token.len(), 64);
    let page = h.get("/settings").await.ok();
    assert!(
        page.body
            .contains(&format!("http://127.0.0.1:7878/calendar/{token}.ics"))
    );

    let feed = h.get(&format!("/calendar/{token}.ics")).await.ok();
    assert!(
        feed.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let ics = feed.body.replace("\r\n ", "");
    assert!(ics.starts_with("BEGIN:VCALENDAR"));
    assert!(ics.contains("SUMMARY:Follow up with Dana Lee: send a note"));
    assert!(ics.contains("Keep in touch with"));
    assert!(
        ics.contains("DTSTART;VALUE=DATE:20261126\r\nDTEND;VALUE=DATE:20261127")
            || ics.contains("DTEND;VALUE=DATE:20261127")
    );
    assert!(
        ics.contains(&format!("keep-in-touch:{dana}"))
            || ics.contains("Keep in touch with Dana Lee")
    );
    // Stable: the same day gives the same document, UIDs included.
    assert_eq!(
        h.get(&format!("/calendar/{token}.ics")).await.body,
        feed.body
    );

    assert_eq!(
        h.get(&format!("/calendar/{token}")).await.status,
        StatusCode::NOT_FOUND
    );
    let last = if token.ends_with('0') { '1' } else { '0' };
    let wrong = format!("{}{last}.ics", &token[..63]);
    assert_eq!(
        h.get(&format!("/calendar/{wrong}")).await.status,
        StatusCode::NOT_FOUND
    );

    // A new address revokes the old one; turning it off revokes all.
    h.post("/settings/calendar", &[("action", "new")])
        .await
        .redirected();
    assert_eq!(
        h.get(&format!("/calendar/{token}.ics")).await.status,
        StatusCode::NOT_FOUND
    );
    let fresh = h.store().settings().unwrap().calendar_token.unwrap();
    h.get(&format!("/calendar/{fresh}.ics")).await.ok();
    h.post("/settings/calendar", &[("action", "off")])
        .await
        .redirected();
    assert_eq!(
        h.get(&format!("/calendar/{fresh}.ics")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn oversized_forms_are_refused() {
    let h = Harness::new();
    let big = "x".repeat(70 * 1024);
    let r = h.post("/people", &[("name", "Al"), ("note", &big)]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(h.store().count_people().unwrap(), 0);
}

#[tokio::test]
async fn only_forms_are_accepted() {
    let h = Harness::new();
    let req = axum::http::Request::post("/people")
        .header(header::HOST, crate::support::HOST)
        .header(header::ORIGIN, crate::support::ORIGIN)
        .header(
            header::COOKIE,
            format!("warmline_csrf={}", crate::support::TOKEN),
        )
        .header(header::CONTENT_TYPE, "application/json")
        .body(axum::body::Body::from("{\"name\":\"Al\"}"))
        .unwrap();
    assert_eq!(h.send(req).await.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // State changes only by POST: a GET to a form's address changes nothing.
    assert_eq!(
        h.get("/people/1/log").await.status,
        StatusCode::METHOD_NOT_ALLOWED
    );
}
