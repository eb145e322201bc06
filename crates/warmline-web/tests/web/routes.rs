//! Every route through the router: pages answer, changes land and redirect, unknown ids
//! are 404 pages, and every response carries the security headers.

use axum::http::{StatusCode, header};
use warmline_core::followup::Status;
use warmline_store::NeedOrOffer;

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
async fn adding_a_person_with_a_meeting_creates_the_follow_up() {
    let h = Harness::new();
    let r = h
        .post(
            "/people",
            &[
                ("name", "  Zoë   Park "),
                ("org", "Bright Comms"),
                ("title", "VP"),
                ("emails", "zoe@bright.example, z@home.example"),
                ("phone", "+1 555 0100"),
                ("met", "PRSA mixer"),
                ("met_on", "2026-11-24"),
                ("tags", "pr, #Mentor"),
                ("tier", "close"),
                ("note", "met by the coffee urn"),
            ],
        )
        .await
        .redirected();
    assert_eq!(r.location(), "/people/1?n=added");
    let s = h.store();
    let p = s.person(1).unwrap();
    assert_eq!(p.name, "Zoë Park");
    assert_eq!(p.emails.len(), 2);
    assert_eq!(p.tags, vec!["mentor", "pr"]);
    let f = s.follow_ups_for(1).unwrap();
    assert_eq!(f.len(), 1, "the after-event follow-up");
    assert_eq!(f[0].due.to_string(), "2026-11-26");
    let page = h.get("/people/1?n=added").await.ok();
    assert!(page.body.contains("Added."));
}

#[tokio::test]
async fn a_bad_form_is_shown_again_with_the_problem_and_the_input() {
    let h = Harness::new();
    let r = h
        .post("/people", &[("name", "   "), ("org", "Kept Org")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("a person needs a name"), "{}", r.body);
    assert!(r.body.contains("value=\"Kept Org\""));
    let r = h
        .post("/people", &[("name", "Al"), ("emails", "not an email")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = h.post("/people", &[("name", "Al"), ("every", "0")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(h.store().count_people().unwrap(), 0);
}

#[tokio::test]
async fn editing_changes_only_what_differs() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    // An untouched form changes nothing, not even the work history.
    let before = h.store().work_history(dana).unwrap();
    let form = [
        ("name", "Dana Lee"),
        ("org", "Acme PR"),
        ("title", "Account Director"),
        ("emails", "dana@acme.example"),
        ("tags", "pr"),
        ("tier", "close"),
        ("met", "PRSA mixer"),
        ("met_on", "2026-11-24"),
    ];
    h.post(&format!("/people/{dana}/edit"), &form)
        .await
        .redirected();
    assert_eq!(h.store().work_history(dana).unwrap(), before);

    let mut changed = form.to_vec();
    changed[1] = ("org", "Bright Comms");
    changed[3] = ("emails", "dana@bright.example");
    changed[4] = ("tags", "pr, austin");
    changed.push(("every", "21"));
    changed.push(("location", "Austin"));
    h.post(&format!("/people/{dana}/edit"), &changed)
        .await
        .redirected();
    let p = h.store().person(dana).unwrap();
    assert_eq!(p.org.as_deref(), Some("Bright Comms"));
    assert_eq!(p.emails, vec!["dana@bright.example"]);
    assert_eq!(p.tags, vec!["austin", "pr"]);
    assert_eq!(p.cadence_days, Some(21));
    assert_eq!(p.location.as_deref(), Some("Austin"));
    assert_eq!(
        h.store().work_history(dana).unwrap().len(),
        2,
        "Acme kept as history"
    );
}

#[tokio::test]
async fn the_person_forms_record_what_they_say() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    let path = |p: &str| format!("/people/{dana}/{p}");
    let r = h
        .post(
            &path("log"),
            &[
                ("summary", "call about the portfolio"),
                ("kind", "call"),
                ("on", "2026-11-25"),
                ("direction", "inbound"),
                ("promise", "send my portfolio"),
            ],
        )
        .await
        .redirected();
    assert_eq!(r.location(), format!("/people/{dana}?n=logged"));
    h.post(
        &path("log"),
        &[("summary", "sent the link"), ("follow_up", "7")],
    )
    .await
    .redirected();
    h.post(
        &path("facts"),
        &[("category", "family"), ("text", "daughter Mia")],
    )
    .await
    .redirected();
    h.post(
        &path("follow-ups"),
        &[("text", "ask about Austin"), ("due", "2026-12-01")],
    )
    .await
    .redirected();
    h.post(
        &path("needs"),
        &[("kind", "need"), ("text", "a UX designer")],
    )
    .await
    .redirected();
    h.post(&path("needs"), &[("kind", "offer"), ("text", "PR intros")])
        .await
        .redirected();
    let s = h.store();
    assert_eq!(s.interaction_count_for(dana).unwrap(), 3);
    let texts: Vec<String> = s
        .follow_ups_for(dana)
        .unwrap()
        .into_iter()
        .map(|f| f.text)
        .collect();
    for t in [
        "send my portfolio",
        "follow up on: sent the link",
        "ask about Austin",
    ] {
        assert!(texts.iter().any(|x| x == t), "{t} in {texts:?}");
    }
    assert!(
        s.facts(Some(dana))
            .unwrap()
            .iter()
            .any(|f| f.text == "daughter Mia")
    );
    assert_eq!(
        s.needs_offers(Some(dana), NeedOrOffer::Need).unwrap().len(),
        1
    );
    assert_eq!(
        s.needs_offers(Some(dana), NeedOrOffer::Offer)
            .unwrap()
            .len(),
        1
    );

    // Bad input: the page again, saying what, and nothing written.
    let r = h
        .post(&path("log"), &[("summary", "x"), ("kind", "lunch")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("lunch") && r.body.contains("Dana Lee"));
    let r = h.post(&path("log"), &[("summary", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = h
        .post(&path("log"), &[("summary", "x"), ("on", "someday")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(h.store().interaction_count_for(dana).unwrap(), 3);
}

#[tokio::test]
async fn follow_ups_are_done_snoozed_and_cancelled() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    h.post(
        &format!("/people/{dana}/follow-ups"),
        &[("text", "second"), ("due", "5")],
    )
    .await
    .redirected();
    let ids: Vec<i64> = h
        .store()
        .follow_ups_for(dana)
        .unwrap()
        .iter()
        .map(|f| f.id)
        .collect();
    assert_eq!(ids.len(), 2);
    let r = h
        .post(&format!("/follow-ups/{}/done", ids[0]), &[("back", "/")])
        .await
        .redirected();
    assert_eq!(r.location(), "/?n=done");
    let r = h
        .post(&format!("/follow-ups/{}/snooze", ids[1]), &[("days", "7")])
        .await
        .redirected();
    assert_eq!(r.location(), format!("/people/{dana}?n=snoozed"));
    let s = h.store();
    assert_eq!(s.follow_up(ids[0]).unwrap().status, Status::Done);
    let snoozed = s.follow_up(ids[1]).unwrap();
    assert_eq!(
        (snoozed.status, snoozed.due.to_string()),
        (Status::Snoozed, "2026-12-02".into())
    );
    h.post(
        &format!("/follow-ups/{}/cancel", ids[1]),
        &[("back", "//evil.example")],
    )
    .await
    .redirected();
    assert_eq!(s.follow_up(ids[1]).unwrap().status, Status::Cancelled);
    // Finishing one twice says so; an unknown action is not a route.
    let r = h.post(&format!("/follow-ups/{}/done", ids[0]), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = h
        .post(&format!("/follow-ups/{}/explode", ids[0]), &[])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = h
        .post(
            &format!("/follow-ups/{}/snooze", ids[0]),
            &[("days", "soon")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_redirect_never_leaves_the_server() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    let id = h.store().follow_ups_for(dana).unwrap()[0].id;
    let r = h
        .post(
            &format!("/follow-ups/{id}/done"),
            &[("back", "https://evil.example/")],
        )
        .await
        .redirected();
    assert_eq!(r.location(), format!("/people/{dana}?n=done"));
}

#[tokio::test]
async fn removing_a_person() {
    let h = Harness::new();
    let (dana, sam) = seed(&h.store());
    let r = h
        .post(&format!("/people/{dana}/remove"), &[])
        .await
        .redirected();
    assert_eq!(r.location(), "/people?n=removed");
    assert!(h.store().person(dana).is_err());
    assert_eq!(
        h.get(&format!("/people/{dana}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        h.store().interaction_count_for(sam).unwrap(),
        1,
        "shared with Sam"
    );
}

#[tokio::test]
async fn the_people_list_searches_filters_sorts_and_pages() {
    let h = Harness::new();
    let s = h.store();
    seed(&s);
    for i in 0..120 {
        s.add_person(
            &warmline_store::NewPerson {
                name: format!("Person {i:03}"),
                org: Some(if i % 2 == 0 { "Even Co" } else { "Odd Inc" }.into()),
                tags: if i % 3 == 0 {
                    vec!["three".into()]
                } else {
                    vec![]
                },
                ..Default::default()
            },
            crate::support::today(),
        )
        .unwrap();
    }
    let r = h.get("/people").await.ok();
    assert!(r.body.contains("1–50 of 122"));
    assert!(r.body.contains("rel=\"next\""));
    let r = h.get("/people?page=3").await.ok();
    assert!(r.body.contains("101–122 of 122") && r.body.contains("rel=\"prev\""));
    let r = h.get("/people?tag=three").await.ok();
    assert!(r.body.contains("of 40 (of 122 people)"), "{}", r.body);
    let r = h.get("/people?org=odd").await.ok();
    assert!(r.body.contains("of 60 (of 122 people)"));
    let r = h.get("/people?q=climbing").await.ok();
    assert!(r.body.contains("Dana Lee") && r.body.contains("<mark>climbing</mark>"));
    assert!(!r.body.contains("Sam Park"));
    let r = h.get("/people?q=austin&sort=name").await.ok();
    let (d, s2) = (
        r.body.find("Dana Lee").unwrap(),
        r.body.find("Sam Park").unwrap(),
    );
    assert!(d < s2);
    let r = h.get("/people?sort=warmth").await.ok();
    assert!(r.body.find("Dana Lee").unwrap() < r.body.find("Person 000").unwrap());
    let r = h.get("/people?due=1&sort=due").await.ok();
    assert!(
        r.body.contains("Dana Lee") && !r.body.contains("Sam Park"),
        "{}",
        r.body
    );
    // Dana was warm and is cooling; Sam was never warm.
    let r = h.get("/people?drifting=1").await.ok();
    assert!(r.body.contains("Dana Lee") && !r.body.contains("Sam Park"));
    let r = h.get("/people?drifting=1&tag=three").await.ok();
    assert!(r.body.contains("No one matches"));
    // Nonsense in the address is not an error.
    h.get("/people?page=-4&sort=sideways").await.ok();
}

#[tokio::test]
async fn the_list_sees_changes_made_by_another_connection() {
    let h = Harness::new();
    seed(&h.store());
    assert!(h.get("/people").await.body.contains("1–2 of 2"));
    // The command line adds someone while the server runs.
    h.store()
        .add_person(
            &warmline_store::NewPerson {
                name: "Late Arrival".into(),
                ..Default::default()
            },
            crate::support::today(),
        )
        .unwrap();
    let r = h.get("/people").await.ok();
    assert!(r.body.contains("Late Arrival") && r.body.contains("1–3 of 3"));
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
    assert_eq!(s.my_emails.len(), 2);
    assert_eq!(s.my_name.as_deref(), Some("Ada"));
    assert_eq!(h.store().facts(None).unwrap().len(), 1);
    let page = h.get("/settings").await.ok();
    assert!(page.body.contains("University of Oregon") && page.body.contains("portfolio reviews"));

    let r = h.post("/settings", &[("time_budget_minutes", "0")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("1 to 600"));
    let r = h.post("/settings/profile", &[("emails", "nope")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(h.store().settings().unwrap().time_budget_minutes, 30);
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
