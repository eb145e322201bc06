//! Everything a page shows can be corrected or removed there, and a removal offers Undo
//! that puts it back whole.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use warmline_store::NeedOrOffer;

use crate::support::{HOST, Harness, ORIGIN, Reply, TOKEN, encode, seed, today};

/// The trash entry a removal's redirect names (`?n=removed-7`).
#[track_caller]
fn undo_id(r: &Reply) -> String {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let loc = r.location();
    loc.split("n=removed-")
        .nth(1)
        .unwrap_or_else(|| panic!("no undo in {loc}"))
        .to_string()
}

impl Harness {
    /// Presses Undo on the page a removal returned to.
    async fn undo(&self, trash: &str, page: &str) -> Reply {
        let req = Request::post(format!("/undo/{trash}"))
            .header(header::HOST, HOST)
            .header(header::ORIGIN, ORIGIN)
            .header(header::REFERER, format!("{ORIGIN}{page}"))
            .header(header::COOKIE, format!("warmline_csrf={TOKEN}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(encode(&[("csrf", TOKEN)])))
            .unwrap();
        self.send(req).await
    }
}

#[tokio::test]
async fn an_interaction_is_edited_removed_and_put_back_whole() {
    let h = Harness::new();
    let (dana, sam) = seed(&h.store());
    let id = h.store().interactions_for(dana, 10).unwrap()[0].id;
    let page = h.get(&format!("/people/{dana}")).await.ok();
    assert!(page.body.contains(&format!("/interactions/{id}/edit")));

    let form = h.get(&format!("/interactions/{id}/edit")).await.ok();
    assert!(form.body.contains("coffee about the Austin move"));
    assert!(form.body.contains("Sam Park"), "the people on it");
    assert!(form.body.contains(&format!("/interactions/{id}/remove")));

    let back = format!("/people/{dana}");
    h.post(
        &format!("/interactions/{id}/edit"),
        &[
            ("back", &back),
            ("summary", "coffee about the Denver move"),
            ("on", "2026-11-20"),
            ("kind", "call"),
            ("direction", "inbound"),
            ("with", "Dana Lee"),
        ],
    )
    .await
    .redirected();
    let s = h.store();
    let i = s.interaction(id).unwrap();
    assert_eq!(i.summary, "coffee about the Denver move");
    assert_eq!(i.kind.as_str(), "call");
    assert_eq!(i.people, vec![dana], "Sam is no longer on it");
    assert_eq!(
        s.summary(dana, today())
            .unwrap()
            .last_contact
            .unwrap()
            .to_string(),
        "2026-11-20"
    );
    assert_eq!(
        s.summary(sam, today()).unwrap().last_contact,
        None,
        "Sam's last contact follows"
    );

    let r = h
        .post(&format!("/interactions/{id}/remove"), &[("back", &back)])
        .await;
    let trash = undo_id(&r);
    assert!(r.location().starts_with(&back));
    assert!(h.store().interaction(id).is_err());
    assert_eq!(h.store().summary(dana, today()).unwrap().last_contact, None);
    let shown = h.get(r.location()).await.ok();
    assert!(shown.body.contains("Removed."));
    assert!(
        shown.body.contains(&format!("action=\"/undo/{trash}\"")),
        "an Undo"
    );

    let undone = h.undo(&trash, r.location()).await;
    assert_eq!(undone.status, StatusCode::SEE_OTHER);
    assert_eq!(undone.location(), format!("{back}?n=restored"));
    let s = h.store();
    assert_eq!(
        s.interaction(id).unwrap().summary,
        "coffee about the Denver move"
    );
    assert_eq!(
        s.summary(dana, today())
            .unwrap()
            .last_contact
            .unwrap()
            .to_string(),
        "2026-11-20"
    );
    let again = h.undo(&trash, &back).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "an undo is used once");
}

#[tokio::test]
async fn a_bad_edit_says_what_is_wrong_and_changes_nothing() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    let id = h.store().interactions_for(dana, 10).unwrap()[0].id;
    let r = h
        .post(&format!("/interactions/{id}/edit"), &[("on", "2030-01-01")])
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert!(r.body.contains("more than a year ahead"), "{}", r.body);
    let r = h
        .post(
            &format!("/interactions/{id}/edit"),
            &[("with", "Nobody Known")],
        )
        .await;
    assert!(r.status.is_client_error());
    assert_eq!(
        h.store().interaction(id).unwrap().summary,
        "coffee about the Austin move"
    );
    for missing in [
        "/interactions/999/edit",
        "/facts/999/edit",
        "/follow-ups/999/edit",
    ] {
        assert_eq!(
            h.get(missing).await.status,
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
    let r = h.post("/interactions/999/remove", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn facts_needs_offers_and_follow_ups_are_corrected_in_place() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    let s = h.store();
    let fact = s.facts(Some(dana)).unwrap()[0].id;
    let need = s
        .add_need_offer(Some(dana), NeedOrOffer::Need, "a photographer", today())
        .unwrap();
    let offer = s
        .add_need_offer(Some(dana), NeedOrOffer::Offer, "portfolio reviews", today())
        .unwrap();
    let mine = s
        .add_need_offer(None, NeedOrOffer::Offer, "proofreading", today())
        .unwrap();
    let follow_up = s.follow_ups_for(dana).unwrap()[0].id;
    let page = h.get(&format!("/people/{dana}")).await.ok();
    for href in [
        format!("/facts/{fact}/edit"),
        format!("/needs/{need}/done"),
        format!("/needs/{offer}/remove"),
        format!("/follow-ups/{follow_up}/edit"),
    ] {
        assert!(page.body.contains(&href), "{href} on the page");
    }

    assert!(
        h.get(&format!("/facts/{fact}/edit"))
            .await
            .ok()
            .body
            .contains("rock climbing")
    );
    h.post(
        &format!("/facts/{fact}/edit"),
        &[("text", "bouldering"), ("category", "interest")],
    )
    .await
    .redirected();
    let f = h.store().fact(fact).unwrap().1;
    assert_eq!(
        (f.text.as_str(), f.category.as_str()),
        ("bouldering", "interest")
    );
    let r = h.post(&format!("/facts/{fact}/remove"), &[]).await;
    let trash = undo_id(&r);
    assert!(h.store().fact(fact).is_err());
    h.undo(&trash, "/").await;
    assert_eq!(h.store().fact(fact).unwrap().1.text, "bouldering");

    h.post(&format!("/needs/{need}/done"), &[])
        .await
        .redirected();
    assert_eq!(h.store().need_offer(need).unwrap().status, "done");
    let r = h.post(&format!("/needs/{offer}/remove"), &[]).await;
    let trash = undo_id(&r);
    assert!(h.store().need_offer(offer).is_err());
    h.undo(&trash, "/").await;
    assert_eq!(
        h.store().need_offer(offer).unwrap().text,
        "portfolio reviews"
    );

    let settings = h.get("/settings").await.ok();
    assert!(
        settings.body.contains(&format!("/needs/{mine}/remove")),
        "my own offers too"
    );
    let r = h
        .post(&format!("/needs/{mine}/remove"), &[("back", "/settings")])
        .await;
    assert!(r.location().starts_with("/settings?n=removed-"));

    let form = h.get(&format!("/follow-ups/{follow_up}/edit")).await.ok();
    assert!(form.body.contains("send a note"));
    h.post(
        &format!("/follow-ups/{follow_up}/edit"),
        &[("text", "send the case study"), ("due", "2026-12-02")],
    )
    .await
    .redirected();
    let f = h.store().follow_up(follow_up).unwrap();
    assert_eq!(
        (f.text.as_str(), f.due.to_string().as_str()),
        ("send the case study", "2026-12-02")
    );
    let r = h
        .post(&format!("/follow-ups/{follow_up}/remove"), &[])
        .await;
    let trash = undo_id(&r);
    assert!(h.store().follow_up(follow_up).is_err());
    h.undo(&trash, "/").await;
    assert_eq!(
        h.store().follow_up(follow_up).unwrap().text,
        "send the case study"
    );
}

#[tokio::test]
async fn contact_details_links_goals_jobs_orgs_and_events_can_go() {
    let h = Harness::new();
    let (dana, sam) = seed(&h.store());
    let s = h.store();
    s.edit_person(
        dana,
        &warmline_store::PersonPatch {
            add_phones: vec!["+1 206 555 0110".into()],
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    s.link(dana, sam, Some(4), Some("worked together")).unwrap();
    let page = h.get(&format!("/people/{dana}")).await.ok();
    assert!(page.body.contains("Remove an e-mail, phone or tag"));
    assert!(page.body.contains("worked together"), "links are shown");

    for (field, value) in [
        ("email", "dana@acme.example"),
        ("phone", "+1 206 555 0110"),
        ("tag", "pr"),
    ] {
        let r = h
            .post(
                &format!("/people/{dana}/details/remove"),
                &[("field", field), ("value", value)],
            )
            .await;
        undo_id(&r);
    }
    let p = h.store().person(dana).unwrap();
    assert!(p.emails.is_empty() && p.phones.is_empty() && p.tags.is_empty());
    let wrong = h
        .post(
            &format!("/people/{dana}/details/remove"),
            &[("field", "email"), ("value", "nobody@example.com")],
        )
        .await;
    assert!(wrong.status.is_client_error());

    let r = h
        .post(
            &format!("/people/{dana}/links/remove"),
            &[("other", &sam.to_string())],
        )
        .await;
    let trash = undo_id(&r);
    assert!(h.store().links_of(dana).unwrap().is_empty());
    h.undo(&trash, &format!("/people/{dana}")).await;
    assert_eq!(
        h.store().links_of(dana).unwrap().len(),
        1,
        "the link is back"
    );

    let goal = s
        .add_goal(
            &warmline_store::NewGoal {
                title: "Break into PR".into(),
                ..Default::default()
            },
            today(),
        )
        .unwrap();
    s.set_goal_stage(goal, dana, warmline_core::goal::Stage::Replied, today())
        .unwrap();
    let board = h.get(&format!("/goals/{goal}")).await.ok();
    assert!(board.body.contains(&format!("/goals/{goal}/remove")));
    let r = h
        .post(
            &format!("/goals/{goal}/remove"),
            &[("person", &dana.to_string())],
        )
        .await;
    undo_id(&r);
    assert!(h.store().goal_stage(goal, dana).unwrap().is_none());

    let job = s
        .add_job("Harbor & Finch", "PR Coordinator", &[], today())
        .unwrap();
    let list = h.get("/opportunities").await.ok();
    assert!(list.body.contains(&format!("/opportunities/{job}/edit")));
    h.get(&format!("/opportunities/{job}/edit")).await.ok();
    h.post(
        &format!("/opportunities/{job}/edit"),
        &[("org", "Harbor and Finch"), ("role", "Account Executive")],
    )
    .await
    .redirected();
    let j = h.store().job(job).unwrap();
    assert_eq!(
        (j.org.as_str(), j.role.as_str()),
        ("Harbor and Finch", "Account Executive")
    );
    let r = h.post(&format!("/opportunities/{job}/remove"), &[]).await;
    undo_id(&r);
    assert!(h.store().job(job).is_err());

    let org = h.store().resolve_org("Acme PR").unwrap();
    h.post(
        &format!("/orgs/{org}"),
        &[("name", "Acme Public Relations")],
    )
    .await
    .redirected();
    assert_eq!(h.store().org(org).unwrap().name, "Acme Public Relations");
    assert_eq!(
        h.store().person(dana).unwrap().org.as_deref(),
        Some("Acme Public Relations")
    );
    let r = h.post(&format!("/orgs/{org}/remove"), &[]).await;
    let trash = undo_id(&r);
    assert!(r.location().starts_with("/orgs?"));
    assert!(h.store().person(dana).is_ok(), "people stay");
    assert_eq!(h.store().person(dana).unwrap().org, None);
    h.undo(&trash, "/orgs").await;
    assert_eq!(
        h.store().person(dana).unwrap().org.as_deref(),
        Some("Acme Public Relations")
    );

    let event = s
        .add_event("PRSA mixer", Some(today()), None, today())
        .unwrap();
    let r = h.post(&format!("/events/{event}/remove"), &[]).await;
    undo_id(&r);
    assert!(h.store().event(event).is_err());
}

#[tokio::test]
async fn removing_a_person_can_be_undone() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    let r = h.post(&format!("/people/{dana}/remove"), &[]).await;
    let trash = undo_id(&r);
    assert!(h.store().person(dana).is_err());
    let list = h.get(r.location()).await.ok();
    assert!(list.body.contains(&format!("/undo/{trash}")));
    h.undo(&trash, "/people").await;
    let p = h.store().person(dana).unwrap();
    assert_eq!(p.name, "Dana Lee");
    assert_eq!(
        h.store().facts(Some(dana)).unwrap().len(),
        1,
        "with their details"
    );
    assert_eq!(h.store().interactions_for(dana, 10).unwrap().len(), 1);
}
