//! Adding, editing and removing people, the forms on a person's page, follow-ups, and
//! the People list's search, filters, sort and pages.

use axum::http::StatusCode;
use warmline_core::followup::Status;
use warmline_store::NeedOrOffer;

use crate::support::{Harness, seed};
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

    // A birthday set, then an emptied birthday and meeting day forget both.
    let mut with_birthday = changed.clone();
    with_birthday.push(("birthday", "--06-23"));
    h.post(&format!("/people/{dana}/edit"), &with_birthday)
        .await
        .redirected();
    assert!(h.store().person(dana).unwrap().birthday.is_some());
    let page = h.get(&format!("/people/{dana}")).await.ok();
    assert!(
        page.body.contains("<dt>Birthday</dt><dd>23 Jun</dd>"),
        "{}",
        page.body
    );
    let mut emptied = changed.clone();
    emptied.retain(|(k, _)| *k != "met_on");
    emptied.push(("met_on", ""));
    emptied.push(("birthday", ""));
    h.post(&format!("/people/{dana}/edit"), &emptied)
        .await
        .redirected();
    let p = h.store().person(dana).unwrap();
    assert_eq!(p.birthday, None);
    assert_eq!(p.met.on, None);
    assert_eq!(p.met.context.as_deref(), Some("PRSA mixer"));
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
    assert!(
        r.location().starts_with("/people?n=removed-"),
        "with an Undo: {}",
        r.location()
    );
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
    // Dana was warm after the coffee and is cooling; no one untouched is drifting.
    let r = h.get("/people?drifting=1").await.ok();
    assert!(r.body.contains("Dana Lee") && !r.body.contains("Person 000"));
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
async fn a_one_letter_search_lists_names_starting_with_it() {
    let h = Harness::new();
    seed(&h.store());
    for name in ["Bo Anders", "Ágata Ruiz"] {
        h.store()
            .add_person(
                &warmline_store::NewPerson {
                    name: name.into(),
                    notes: "met in Austin".into(),
                    ..Default::default()
                },
                crate::support::today(),
            )
            .unwrap();
    }
    // Dana and Sam have "austin" about them, but not a name starting with "a".
    assert!(
        h.get("/people?q=austin")
            .await
            .ok()
            .body
            .contains("Dana Lee")
    );
    let r = h.get("/people?q=a").await.ok();
    assert!(r.body.contains("1–2 of 2"), "{}", r.body);
    let (agata, bo) = (
        r.body.find("Ágata Ruiz").unwrap(),
        r.body.find("Bo Anders").unwrap(),
    );
    assert!(agata < bo);
    assert!(r.body.contains("<mark>Anders</mark>"), "{}", r.body);
    assert!(!r.body.contains("Dana Lee") && !r.body.contains("Sam Park"));
}

#[tokio::test]
async fn the_name_parts_are_edited_on_the_form() {
    let h = Harness::new();
    let r = h
        .post(
            "/people",
            &[
                ("name", "Michael Angstadt"),
                ("name_prefix", "Mr."),
                ("name_given", "Michael"),
                ("name_family", "Angstadt"),
            ],
        )
        .await;
    r.redirected();
    let id = h.store().resolve_person("angstadt").unwrap();
    let p = h.store().person(id).unwrap();
    assert_eq!(p.name_parts.prefix.as_deref(), Some("Mr."));
    // The edit form shows them, open, and an emptied field clears its part.
    let form = h.get(&format!("/people/{id}/edit")).await.ok();
    assert!(
        form.body.contains("<details class=\"name-parts\" open>")
            && form
                .body
                .contains("name=\"name_prefix\" maxlength=\"100\" size=\"6\" value=\"Mr.\""),
        "{}",
        form.body
    );
    h.post(
        &format!("/people/{id}/edit"),
        &[
            ("name", "Michael Angstadt"),
            ("name_prefix", ""),
            ("name_given", "Michael"),
            ("name_family", "Angstadt"),
            ("name_suffix", "Jr."),
        ],
    )
    .await
    .redirected();
    let p = h.store().person(id).unwrap();
    assert_eq!(
        (p.name_parts.prefix, p.name_parts.suffix.as_deref()),
        (None, Some("Jr."))
    );
    // A part too long is refused with the form shown again; a control character is dropped.
    let long = "x".repeat(101);
    let r = h
        .post(
            &format!("/people/{id}/edit"),
            &[("name", "Michael Angstadt"), ("name_given", long.as_str())],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("the given name can be at most 100 characters"),
        "{}",
        r.body
    );
    h.post(
        &format!("/people/{id}/edit"),
        &[
            ("name", "Michael Angstadt"),
            ("name_given", "Mi\u{1b}chael"),
            ("name_suffix", "Jr."),
        ],
    )
    .await
    .redirected();
    assert_eq!(
        h.store().person(id).unwrap().name_parts.given.as_deref(),
        Some("Michael")
    );
}

#[tokio::test]
async fn the_local_footer_says_the_network_stays_on_this_computer() {
    let h = Harness::new();
    for page in ["/", "/people", "/settings"] {
        let body = h.get(page).await.ok().body;
        assert!(
            body.contains("Everything here stays on this computer."),
            "{page}"
        );
    }
}
