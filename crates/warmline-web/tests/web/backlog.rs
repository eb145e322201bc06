//! A backlog of overdue follow-ups on Today: the plan keeps its budget and links to the
//! overdue list, which pages through them and snoozes them all at once.

use chrono::Days;
use warmline_core::followup::Origin;
use warmline_store::NewPerson;

use crate::support::{Harness, ORIGIN, encode, today};

/// 120 overdue follow-ups with Ann, every fourth a promise.
fn backlog(h: &Harness) -> i64 {
    let s = h.store();
    let ann = s
        .add_person(
            &NewPerson {
                name: "Ann Lee".into(),
                ..NewPerson::default()
            },
            today(),
        )
        .unwrap();
    for n in 1..=120u64 {
        let origin = if n % 4 == 0 {
            Origin::Promise
        } else {
            Origin::Manual
        };
        let due = today() - Days::new(n);
        s.add_follow_up(ann, &format!("note {n}"), due, origin, today())
            .unwrap();
    }
    ann
}

#[tokio::test]
async fn today_keeps_the_budget_and_links_to_the_backlog() {
    let h = Harness::new();
    backlog(&h);
    let page = h.get("/").await.ok();
    // 20 minutes: four follow-ups, the oldest promises (120, 116, 112, 108 days overdue).
    assert_eq!(
        page.body.matches("name=\"item\"").count(),
        4,
        "{}",
        page.body
    );
    for n in [120, 116, 112, 108] {
        assert!(
            page.body.contains(&format!("note {n}<")),
            "note {n}: {}",
            page.body
        );
    }
    assert!(page.body.contains("Your plan: 20 of 20 minutes"));
    assert!(
        page.body
            .contains("116 more overdue: <a href=\"/follow-ups?overdue=1\">"),
        "{}",
        page.body
    );
    let bigger = h.get("/?minutes=60").await.ok();
    assert!(bigger.body.contains("108 more overdue"), "{}", bigger.body);
}

#[tokio::test]
async fn the_overdue_list_pages_and_snoozes_everything() {
    let h = Harness::new();
    backlog(&h);
    let first = h.get("/follow-ups?overdue=1").await.ok();
    assert!(first.body.contains("1–50 of 120"), "{}", first.body);
    assert_eq!(first.body.matches("/done\"").count(), 50);
    // Promises first, the oldest first.
    let at = |body: &str, text: &str| body.find(text).unwrap_or(usize::MAX);
    assert!(at(&first.body, "note 120<") < at(&first.body, "note 4<"));
    assert!(at(&first.body, "note 4<") < at(&first.body, "note 119<"));
    assert!(
        first
            .body
            .contains("href=\"/follow-ups?overdue=1&#38;page=2\""),
        "{}",
        first.body
    );
    let third = h.get("/follow-ups?overdue=1&page=3").await.ok();
    assert!(third.body.contains("101–120 of 120"), "{}", third.body);
    h.get("/follow-ups").await.ok();
    h.get("/follow-ups?page=nonsense").await.ok();

    // A forged post changes nothing.
    let forged = h
        .post_with(
            "/follow-ups/overdue/snooze",
            &encode(&[("days", "7")]),
            Some(ORIGIN),
            None,
        )
        .await;
    assert_eq!(forged.status, axum::http::StatusCode::FORBIDDEN);
    let bad = h.post("/follow-ups/overdue/snooze", &[("days", "0")]).await;
    assert_eq!(bad.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        h.store()
            .follow_up_page(warmline_store::FollowUpScope::Overdue, today(), 0, None)
            .unwrap()
            .total,
        120
    );

    let r = h
        .post("/follow-ups/overdue/snooze", &[("days", "7")])
        .await
        .redirected();
    assert_eq!(r.location(), "/follow-ups?overdue=1&n=snoozed");
    let after = h.get("/follow-ups?overdue=1").await.ok();
    assert!(
        after.body.contains("No follow-up is overdue"),
        "{}",
        after.body
    );
    let today_page = h.get("/").await.ok();
    assert!(!today_page.body.contains("more overdue"));
    let moved = h.store().follow_up(1).unwrap();
    assert_eq!(moved.due, today() + Days::new(7));
}
