//! Meetings ahead: Today and the person page show them under "Coming up", and the
//! timeline keeps to what has happened.

use warmline_core::interaction::{Direction, Kind, NewInteraction};

use crate::support::{Harness, seed, today};

#[tokio::test]
async fn today_and_the_person_page_show_what_is_coming_up() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    let empty = h.get("/").await.ok();
    assert!(!empty.body.contains("Coming up"));
    let on = today() + chrono::Duration::days(2);
    h.store()
        .log_interaction(
            &NewInteraction {
                on,
                kind: Kind::Coffee,
                direction: Direction::Mutual,
                summary: "coffee at <b>Blue</b> Bottle".into(),
                notes: String::new(),
                source: "manual".into(),
                source_key: None,
                people: vec![dana],
            },
            today(),
        )
        .unwrap();
    let spoken = warmline_core::date::spoken(on, today());
    let page = h.get("/").await.ok();
    assert!(page.body.contains("Coming up"), "{}", page.body);
    assert!(page.body.contains(&spoken));
    assert!(
        page.body
            .contains(&format!("<a href=\"/people/{dana}\">Dana Lee</a>"))
    );
    // Typed text is escaped, not markup.
    assert!(
        page.body.contains("coffee at &#60;b&#62;Blue"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<b>Blue</b>"));

    let p = h.get(&format!("/people/{dana}")).await.ok();
    let coming = p.body.find("Coming up").expect("a Coming up card");
    let timeline = p.body.find("Timeline").expect("the timeline");
    let booked = p.body.find("Bottle").expect("the meeting");
    assert!(
        coming < booked && booked < timeline,
        "listed under Coming up only"
    );
    assert_eq!(p.body.matches("Bottle").count(), 1);
}
