//! Goals and their pipeline board, opportunities, the person page's common ground and
//! give/ask balance, and proposed introductions.

use axum::http::StatusCode;
use warmline_core::goal::Stage;
use warmline_core::person::FactCategory;
use warmline_store::NeedOrOffer;

use crate::support::{Harness, seed, today};

#[tokio::test]
async fn a_goal_is_set_and_people_move_along_its_pipeline() {
    let h = Harness::new();
    let (dana, sam) = seed(&h.store());
    let r = h
        .post(
            "/goals",
            &[
                ("title", "Break into PR"),
                ("purpose", "a media relations role by spring"),
                ("industry", "public relations"),
                ("size", "boutique"),
                ("role", "account, media"),
                ("weekly", "2 new, 1 conversation"),
                ("deadline", "2027-03-01"),
            ],
        )
        .await
        .redirected();
    assert_eq!(r.location(), "/goals/1?n=added");
    let list = h.get("/goals").await.ok();
    assert!(list.body.contains("Break into PR"));
    let page = h.get("/goals/1").await.ok();
    for text in [
        "a media relations role by spring",
        "public relations",
        "Pipeline",
        "Funnel",
    ] {
        assert!(page.body.contains(text), "{text}");
    }

    // From a person's page, with the goal chosen from a menu.
    let r = h
        .post(
            "/goals/pipeline",
            &[
                ("goal", "1"),
                ("person", &dana.to_string()),
                ("stage", "identified"),
                ("back", &format!("/people/{dana}")),
            ],
        )
        .await
        .redirected();
    assert_eq!(r.location(), format!("/people/{dana}?n=moved"));
    let person = h.get(&format!("/people/{dana}")).await.ok();
    assert!(
        person.body.contains("action=\"/goals/1/stage\""),
        "the goal shows on the person"
    );
    // On the board, a card moves along.
    h.post(
        "/goals/1/stage",
        &[("person", &sam.to_string()), ("stage", "identified")],
    )
    .await
    .redirected();
    let r = h
        .post(
            "/goals/1/stage",
            &[("person", &dana.to_string()), ("stage", "replied")],
        )
        .await
        .redirected();
    assert_eq!(r.location(), "/goals/1?n=moved");
    let s = h.store();
    assert_eq!(s.goal_stage(1, dana).unwrap(), Some(Stage::Replied));
    assert_eq!(s.goal_stage(1, sam).unwrap(), Some(Stage::Identified));
    let board = h.get("/goals/1").await.ok().body;
    let replied = board.find("id=\"col-replied\"").unwrap();
    let conversation = board.find("id=\"col-conversation\"").unwrap();
    let dana_card = board
        .find(&format!("name=\"person\" value=\"{dana}\""))
        .unwrap();
    assert!(
        replied < dana_card && dana_card < conversation,
        "Dana is in the replied column"
    );

    // Status, and what cannot be done.
    h.post("/goals/1/status", &[("status", "done")])
        .await
        .redirected();
    assert!(h.get("/goals").await.body.contains("done"));
    let r = h
        .post(
            "/goals/1/stage",
            &[("person", &dana.to_string()), ("stage", "hired")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = h
        .post("/goals/1/stage", &[("person", "999"), ("stage", "replied")])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = h
        .post("/goals/9/stage", &[("person", &dana.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = h
        .post("/goals", &[("title", "Typo"), ("weekly", "lots")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("value=\"Typo\""),
        "the form keeps what was typed"
    );
    let r = h.post("/goals", &[("title", "   ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(h.store().goals().unwrap().len(), 1);
}

#[tokio::test]
async fn opportunities_are_tracked_with_the_people_behind_them() {
    let h = Harness::new();
    let (dana, sam) = seed(&h.store());
    h.get("/opportunities").await.ok();
    h.post(
        "/opportunities",
        &[
            ("org", "Acme PR"),
            ("role", "Account Executive"),
            ("via", "dana"),
        ],
    )
    .await
    .redirected();
    h.post("/opportunities/1/stage", &[("stage", "interview")])
        .await
        .redirected();
    h.post(
        "/opportunities/1/people",
        &[("person", "sam park"), ("role", "recruiter")],
    )
    .await
    .redirected();
    let page = h.get("/opportunities").await.ok().body;
    assert!(page.contains("Account Executive") && page.contains("interview"));
    assert!(page.contains(&format!("/people/{dana}")) && page.contains(&format!("/people/{sam}")));
    assert!(
        page.contains("1 of 1</strong> interviews came through people"),
        "{page}"
    );
    let job = h.store().job(1).unwrap();
    assert_eq!(job.people.len(), 2);
    let r = h
        .post("/opportunities/1/stage", &[("stage", "promoted")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = h
        .post(
            "/opportunities",
            &[("org", "Acme"), ("role", "x"), ("via", "nobody at all")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = h
        .post("/opportunities/7/stage", &[("stage", "offer")])
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
}

#[tokio::test]
async fn a_person_page_shows_common_ground_open_loops_and_the_give_balance() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    let s = h.store();
    s.add_fact(
        None,
        FactCategory::School,
        "University of Oregon",
        None,
        today(),
    )
    .unwrap();
    s.add_fact(
        Some(dana),
        FactCategory::School,
        "Univ. of Oregon",
        None,
        today(),
    )
    .unwrap();
    s.add_need_offer(Some(dana), NeedOrOffer::Need, "a UX designer", today())
        .unwrap();
    let page = h.get(&format!("/people/{dana}")).await.ok().body;
    assert!(page.contains("You share"), "{page}");
    assert!(page.contains("Oregon"));
    assert!(page.contains("They need: a UX designer"));
    assert!(page.contains("Questions to ask"));
    h.post(
        &format!("/people/{dana}/gave"),
        &[("text", "sent a designer's portfolio")],
    )
    .await
    .redirected();
    let page = h.get(&format!("/people/{dana}")).await.ok().body;
    assert!(page.contains("You have helped 1 time;"));
    assert!(page.contains("sent a designer&#39;s portfolio"));
    let r = h
        .post(&format!("/people/{dana}/gave"), &[("text", " ")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn give_proposes_introductions() {
    let h = Harness::new();
    let (dana, sam) = seed(&h.store());
    let s = h.store();
    s.add_need_offer(
        Some(dana),
        NeedOrOffer::Need,
        "hiring a UX designer",
        today(),
    )
    .unwrap();
    s.add_need_offer(
        Some(sam),
        NeedOrOffer::Offer,
        "UX designer portfolio reviews",
        today(),
    )
    .unwrap();
    let page = h.get("/give").await.ok().body;
    assert!(page.contains("Introductions you could make"));
    assert!(
        page.contains(&format!("Introduce <a href=\"/people/{dana}\">Dana Lee</a> to <a href=\"/people/{sam}\">Sam Park</a>")),
        "{page}"
    );
    assert!(page.contains("hiring a UX designer"));
}

#[tokio::test]
async fn ways_in_name_who_to_ask_and_why() {
    let h = Harness::new();
    let (dana, sam) = seed(&h.store());
    let store = h.store();
    let lee = store
        .add_person(
            &warmline_store::NewPerson {
                name: "Lee Okafor".into(),
                org: Some("Harbor & Finch".into()),
                ..warmline_store::NewPerson::default()
            },
            today(),
        )
        .unwrap();
    store
        .link(dana, lee, Some(4), Some("worked together at Acme"))
        .unwrap();

    // The form alone, with the organisations to pick from.
    let page = h.get("/path").await.ok();
    assert!(page.body.contains("action=\"/path\""), "{}", page.body);
    assert!(
        page.body.contains("<option value=\"Harbor &#38; Finch\">"),
        "{}",
        page.body
    );

    // A person you do not know: ask Dana, who worked with them.
    let page = h.get(&format!("/path?to={lee}")).await.ok();
    assert!(
        page.body
            .contains(&format!("<a href=\"/people/{lee}\">Lee Okafor</a>"))
    );
    assert!(
        page.body
            .contains("Ask Dana Lee to introduce you to Lee Okafor."),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("worked together at Acme"),
        "{}",
        page.body
    );

    // An organisation by part of its name.
    let page = h.get("/path?to=harbor").await.ok();
    assert!(
        page.body
            .contains("Harbor &#38; Finch (1 person there in your book)"),
        "{}",
        page.body
    );
    assert!(page.body.contains(&format!("href=\"/people/{dana}\"")));

    // Someone you know: write yourself.
    let page = h.get(&format!("/path?to={sam}")).await.ok();
    assert!(
        page.body.contains("Write to Sam Park yourself."),
        "{}",
        page.body
    );

    // Nothing by that name: said beside the form, not an error page.
    let page = h.get("/path?to=Nobody%20Whatsoever").await.ok();
    assert!(page.body.contains("role=\"alert\""), "{}", page.body);

    // The person page and an organisation filter lead here.
    let page = h.get(&format!("/people/{lee}")).await.ok();
    assert!(page.body.contains(&format!("href=\"/path?to={lee}\"")));
    let page = h.get("/people?org=Harbor%20%26%20Finch").await.ok();
    assert!(
        page.body.contains("href=\"/path?to=Harbor%20%26%20Finch\""),
        "{}",
        page.body
    );
    assert_eq!(h.get("/path?to=").await.status, StatusCode::OK);
}

#[tokio::test]
async fn events_record_who_was_met_and_who_was_followed_up() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    let page = h.get("/events").await.ok();
    assert!(page.body.contains("No events yet"), "{}", page.body);

    // A nameless event is refused with the form kept; nothing is written.
    let r = h
        .post("/events", &[("name", " "), ("location", "Austin")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("value=\"Austin\""), "{}", r.body);
    assert!(h.store().events().unwrap().is_empty());
    let r = h
        .post(
            "/events",
            &[("name", "Austin Media Meetup"), ("on", "nonsense")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    let r = h
        .post(
            "/events",
            &[
                ("name", "Austin Media Meetup"),
                ("on", "2026-11-20"),
                ("location", "Austin"),
            ],
        )
        .await
        .redirected();
    assert_eq!(r.location(), "/events/1?n=added");
    let page = h.get("/events/1?n=added").await.ok();
    assert!(page.body.contains("No one recorded as met here yet"));

    // Dana was met there and written to three days later: not within two days.
    h.store()
        .update_person(
            dana,
            &warmline_store::PersonPatch {
                met_on: Some(today() - chrono::Duration::days(5)),
                met_event_id: Some(1),
                ..Default::default()
            },
            today(),
        )
        .unwrap();
    h.post(
        &format!("/people/{dana}/log"),
        &[("summary", "nice to meet you"), ("on", "2026-11-23")],
    )
    .await
    .redirected();
    let page = h.get("/events/1").await.ok();
    assert!(
        page.body
            .contains("Followed up within 2 days: <strong>0 of 1</strong>"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(&format!("<a href=\"/people/{dana}\">Dana Lee</a>"))
    );
    let list = h.get("/events").await.ok();
    assert!(list.body.contains("0 of 1"), "{}", list.body);
    let person = h.get(&format!("/people/{dana}")).await.ok();
    assert!(
        person.body.contains("href=\"/events/1\""),
        "{}",
        person.body
    );
    assert_eq!(h.get("/events/99").await.status, StatusCode::NOT_FOUND);
    assert_eq!(h.get("/events/x").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn organisations_show_who_is_there_and_keep_their_details() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    let acme = h.store().resolve_org("Acme PR").unwrap();
    let list = h.get("/orgs").await.ok();
    assert!(
        list.body
            .contains(&format!("<a href=\"/orgs/{acme}\">Acme PR</a>")),
        "{}",
        list.body
    );
    let page = h.get(&format!("/orgs/{acme}")).await.ok();
    assert!(
        page.body
            .contains(&format!("<a href=\"/people/{dana}\">Dana Lee</a>"))
    );
    assert!(
        page.body.contains("href=\"/path?to=Acme%20PR\""),
        "{}",
        page.body
    );

    let path = format!("/orgs/{acme}");
    h.post(
        &path,
        &[
            ("industry", "public relations"),
            ("size", "boutique"),
            ("location", "Austin"),
            ("website", "javascript:alert(1)"),
        ],
    )
    .await
    .redirected();
    let org = h.store().org(acme).unwrap();
    assert_eq!(org.industry.as_deref(), Some("public relations"));
    assert_eq!(org.size.as_deref(), Some("boutique"));
    let page = h.get(&path).await.ok();
    assert!(page.body.contains("public relations · boutique · Austin"));
    assert!(
        !page.body.contains("href=\"javascript:"),
        "a script address is never a link"
    );

    // An emptied field forgets its value; the others stay.
    h.post(
        &path,
        &[
            ("industry", "public relations"),
            ("size", ""),
            ("location", "Austin"),
        ],
    )
    .await
    .redirected();
    let org = h.store().org(acme).unwrap();
    assert_eq!(org.size, None);
    assert_eq!(org.website, None);
    assert_eq!(org.location.as_deref(), Some("Austin"));
    assert_eq!(h.get("/orgs/99").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        h.post("/orgs/99", &[("industry", "x")]).await.status,
        StatusCode::NOT_FOUND
    );
}
