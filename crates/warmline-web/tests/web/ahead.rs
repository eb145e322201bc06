//! Meetings ahead: Today and the person page show them under "Coming up", and the
//! timeline keeps to what has happened.

use warmline_core::interaction::{Direction, Kind, NewInteraction};

use crate::support::{Harness, seed, today};

/// A meeting with `who` booked today for the day `on`.
fn book(h: &Harness, who: i64, on: chrono::NaiveDate, kind: Kind, summary: &str) {
    h.store()
        .log_interaction(
            &NewInteraction {
                on,
                kind,
                direction: Direction::Mutual,
                summary: summary.into(),
                notes: String::new(),
                source: "manual".into(),
                source_key: None,
                people: vec![who],
            },
            today(),
        )
        .unwrap();
}

#[tokio::test]
async fn today_and_the_person_page_show_what_is_coming_up() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    let empty = h.get("/").await.ok();
    assert!(!empty.body.contains("Coming up"));
    let on = today() + chrono::Duration::days(2);
    book(&h, dana, on, Kind::Coffee, "coffee at <b>Blue</b> Bottle");
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

/// A busy fortnight: the card lists the first twelve, soonest first, and counts the rest,
/// instead of a page of every meeting ahead.
#[tokio::test]
async fn a_busy_fortnight_lists_the_first_meetings_and_counts_the_rest() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    for n in 1..=30i64 {
        let on = today() + chrono::Duration::days(1 + n % 13);
        book(&h, dana, on, Kind::Call, &format!("call number {n:02}"));
    }
    let page = h.get("/").await.ok();
    let at = page.body.find("Coming up").expect("a Coming up card");
    let card = &page.body[at..];
    let card = &card[..card.find("</section>").unwrap()];
    assert_eq!(card.matches("call number").count(), 12, "{card}");
    assert!(card.contains("and 18 more in the next two weeks"), "{card}");
    // The soonest first: day 1 holds calls 13 and 26, which come before day 2's.
    let first = card.find("call number 13").expect("tomorrow's first call");
    let later = card.find("call number 01").expect("the next day's call");
    assert!(first < later);
}
