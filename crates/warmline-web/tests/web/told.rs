//! What the pages record and show says what happened: Done takes the user's words (or logs
//! a neutral account, never the plan's advice), a draft quotes notes beside the message,
//! a newcomer who is already here is named before anything is added, and an import says
//! whom it took you to be.

use axum::http::StatusCode;
use warmline_core::plan::logged::PLAN_SOURCE;
use warmline_store::NeedOrOffer;

use crate::support::{Harness, ORIGIN, TOKEN, seed, today};

#[tokio::test]
async fn done_takes_what_happened_in_your_words() {
    let h = Harness::new();
    let (dana, sam) = seed(&h.store());
    let page = h.get("/").await.ok();
    // Dana is due for keeping in touch: an optional "what happened" beside Done.
    let item = format!("k{dana}");
    assert!(
        page.body.contains(&format!("id=\"what-{item}\"")),
        "{}",
        page.body
    );
    assert!(page.body.contains("name=\"what\""));
    let r = h
        .post(
            "/today/done",
            &[
                ("item", item.as_str()),
                ("what", "  she starts at Initech in March  "),
                ("back", "/"),
            ],
        )
        .await
        .redirected();
    assert_eq!(r.location(), "/?n=done");
    let last = &h.store().interactions_for(dana, 1).unwrap()[0];
    assert_eq!(
        (last.summary.as_str(), last.source.as_str(), last.on),
        ("she starts at Initech in March", "manual", today())
    );

    // Without words: a neutral account, never the advice; works without any script.
    h.store()
        .add_need_offer(Some(sam), NeedOrOffer::Need, "a photographer", today())
        .unwrap();
    let page = h.get("/").await.ok();
    let give = format!("g{sam}");
    assert!(
        page.body.contains(&format!("value=\"{give}\"")),
        "{}",
        page.body
    );
    h.post("/today/done", &[("item", give.as_str()), ("what", "")])
        .await
        .redirected();
    let last = &h.store().interactions_for(sam, 1).unwrap()[0];
    assert_eq!(
        (last.summary.as_str(), last.source.as_str()),
        ("offered help", PLAN_SOURCE)
    );
    // The person's draft does not quote it.
    let person = h.get(&format!("/people/{sam}")).await.ok();
    assert!(!person.body.contains("“offered help”"), "{}", person.body);
}

#[tokio::test]
async fn a_draft_quotes_your_notes_beside_the_message() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    h.store()
        .add_follow_up(
            dana,
            "intro her to a photographer for the launch",
            today(),
            warmline_core::followup::Origin::Promise,
            today(),
        )
        .unwrap();
    let page = h.get(&format!("/people/{dana}")).await.ok();
    let textarea = page
        .body
        .split("<textarea id=\"draft\"")
        .nth(1)
        .and_then(|t| t.split("</textarea>").next())
        .unwrap();
    assert!(!textarea.contains("photographer"), "{textarea}");
    assert!(
        page.body
            .contains("You said you would: “intro her to a photographer for the launch”."),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn a_newcomer_who_is_already_here_is_named_and_can_be_added_anyway() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    let form = [("name", "dana lee"), ("org", "Acme PR"), ("title", "VP")];
    let r = h.post("/people", &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains(&format!("href=\"/people/{dana}\">Dana Lee</a> (Acme PR)")),
        "{}",
        r.body
    );
    assert!(r.body.contains("same name and organisation"), "{}", r.body);
    assert!(r.body.contains("name=\"anyway\""));
    // What was typed is kept.
    assert!(r.body.contains("value=\"VP\""), "{}", r.body);
    assert_eq!(h.store().count_people().unwrap(), 2);

    let mut anyway = form.to_vec();
    anyway.push(("anyway", "1"));
    let r = h.post("/people", &anyway).await.redirected();
    assert_eq!(r.location(), "/people/3?n=added");
    assert_eq!(h.store().count_people().unwrap(), 3);
}

fn sample(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../warmline-formats/tests/data")
        .join(name);
    std::fs::read(path).unwrap()
}

async fn preview(h: &Harness, name: &str, bytes: &[u8]) -> String {
    let parts: [(&str, Option<&str>, &[u8]); 3] = [
        ("csrf", None, TOKEN.as_bytes()),
        ("format", None, b"linkedin"),
        ("file", Some(name), bytes),
    ];
    h.upload("/import", &parts, ORIGIN).await.ok().body
}

#[tokio::test]
async fn an_import_says_whom_it_took_you_to_be() {
    let h = Harness::new();
    let page = preview(&h, "Connections.csv", &sample("linkedin-Connections.csv")).await;
    let id = crate::import::upload_id(&page);
    h.post(
        "/import/confirm",
        &[
            ("upload", id.as_str()),
            ("format", "linkedin"),
            ("name", "Connections.csv"),
        ],
    )
    .await
    .ok();
    assert_eq!(h.store().count_people().unwrap(), 4);
    let page = preview(&h, "messages.csv", &sample("linkedin-messages.csv")).await;
    assert!(
        page.contains(
            "you are Sam Example (from messages.csv); to be sure of it next time: \
             warmline me linkedin https://www.linkedin.com/in/sam-example"
        ),
        "{page}"
    );
}
