//! The server's copy of everyone's summary after a write elsewhere: only the people the
//! write touched are read again, and a flood of searches leaves other pages their stores.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_store::{NewPerson, PersonPatch, Store};

use crate::support::{Harness, seed, today};

fn add(store: &Store, name: &str, notes: &str) -> i64 {
    store
        .add_person(
            &NewPerson {
                name: name.into(),
                notes: notes.into(),
                ..NewPerson::default()
            },
            today(),
        )
        .unwrap()
}

fn coffee(store: &Store, who: i64, days_ago: i64) {
    store
        .log_interaction(
            &NewInteraction {
                on: today() - chrono::Duration::days(days_ago),
                kind: Kind::Coffee,
                direction: Direction::Mutual,
                summary: "coffee".into(),
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
async fn a_write_elsewhere_recomputes_only_the_people_it_touched() {
    let h = Harness::new();
    let (dana, sam) = seed(&h.store());
    for i in 0..20 {
        add(&h.store(), &format!("Person {i:03}"), "");
    }
    assert!(h.get("/people").await.ok().body.contains("1–22 of 22"));
    let everyone = h.app.summaries_recomputed();
    assert_eq!(everyone, 22);

    // Nothing written: nothing read again.
    h.get("/people").await.ok();
    assert_eq!(h.app.summaries_recomputed(), everyone);

    // The command line logs a conversation with Sam: Sam alone is read again.
    let cli = h.store();
    assert!(!h.get("/people?q=sam").await.ok().body.contains("today"));
    coffee(&cli, sam, 0);
    let r = h.get("/people?sort=warmth").await.ok();
    assert_eq!(h.app.summaries_recomputed(), everyone + 1);
    let row = &r.body[r.body.find("Sam Park").unwrap()..];
    let row = &row[..row.find("</li>").unwrap()];
    assert!(row.contains("today"), "{row}");

    // A new name takes its place in name order, and a new tag joins the menu.
    cli.update_person(
        dana,
        &PersonPatch {
            name: Some("Zora Lee".into()),
            add_tags: vec!["mentor".into()],
            ..PersonPatch::default()
        },
        today(),
    )
    .unwrap();
    let r = h.get("/people").await.ok();
    assert_eq!(h.app.summaries_recomputed(), everyone + 2);
    assert!(r.body.find("Person 019").unwrap() < r.body.find("Zora Lee").unwrap());
    assert!(r.body.contains(r#"<option value="mentor">"#), "{}", r.body);

    // Someone added shows; someone removed goes, with the tag only they held.
    let late = add(&cli, "Late Arrival", "");
    let r = h.get("/people").await.ok();
    assert!(r.body.contains("Late Arrival") && r.body.contains("1–23 of 23"));
    assert_eq!(h.app.summaries_recomputed(), everyone + 3);
    cli.remove_person(dana).unwrap();
    let r = h.get("/people").await.ok();
    assert!(!r.body.contains("Zora Lee") && r.body.contains("1–22 of 22"));
    assert!(!r.body.contains(r#"<option value="mentor">"#));
    assert_eq!(h.app.summaries_recomputed(), everyone + 3);

    // The same list as reading everyone afresh would give.
    let fresh = cli
        .list_people(&warmline_store::ListFilter::default(), today())
        .unwrap();
    let r = h.get("/people").await.ok();
    let mut at = 0;
    for s in &fresh {
        let found = r.body[at..].find(&s.name).map(|i| at + i);
        assert!(found.is_some(), "{} out of order", s.name);
        at = found.unwrap_or(at);
    }
    assert!(fresh.iter().any(|s| s.id == late));

    // A setting may move everyone's cadence: everyone is read again.
    cli.update_settings(|s| {
        s.tier_cadences.close += 1;
        Ok(())
    })
    .unwrap();
    h.get("/people").await.ok();
    assert_eq!(h.app.summaries_recomputed(), everyone + 3 + 22);
}

#[tokio::test]
async fn an_import_elsewhere_is_seen_whole() {
    let h = Harness::new();
    seed(&h.store());
    h.get("/people").await.ok();
    let cli = h.store();
    cli.bulk(|s| {
        for i in 0..5 {
            add(s, &format!("Loaded {i}"), "");
        }
        Ok(())
    })
    .unwrap();
    let r = h.get("/people").await.ok();
    assert!(r.body.contains("Loaded 4") && r.body.contains("1–7 of 7"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_searches_leaves_the_person_page_a_store() {
    let h = Harness::new();
    let store = h.store();
    let mut first = 0;
    store
        .bulk(|s| {
            for i in 0..3000 {
                let id = add(
                    s,
                    &format!("Person {i:04}"),
                    "met over coffee, talked coffee, more coffee",
                );
                first = if i == 0 { id } else { first };
                coffee(s, id, i % 90);
            }
            Ok(())
        })
        .unwrap();
    h.get("/people").await.ok();
    let h = Arc::new(h);
    let done = Arc::new(AtomicUsize::new(0));
    let searches = 48;
    let mut flood = Vec::new();
    for _ in 0..searches {
        let (h, done) = (h.clone(), done.clone());
        flood.push(tokio::spawn(async move {
            let r = h.get("/people?q=coffee").await.ok();
            done.fetch_add(1, Ordering::SeqCst);
            r
        }));
    }
    // Give the flood a head start, so every search is queued before the page asks.
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let page = h.get(&format!("/people/{first}")).await.ok();
    let searched_meanwhile = done.load(Ordering::SeqCst);
    assert!(page.body.contains("Person 0000"));
    for f in flood {
        let r = f.await.unwrap();
        assert!(r.body.contains("matches"), "{}", r.body);
    }
    // With every store held by searches, the page would have waited for nearly all of
    // them; with searches held to their own few stores it waits for none.
    assert!(
        searched_meanwhile < searches / 2,
        "{searched_meanwhile} of {searches} searches finished before the person page"
    );
}
