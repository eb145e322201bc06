//! /insights shows the figures `warmline stats` shows for the same network, and names
//! their period (`warmline/tests/cli/weekly.rs` builds the same network through the
//! command line and asserts the same figures).

use chrono::NaiveDate;
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_core::person::Met;
use warmline_store::{NewPerson, Store};

use crate::support::{Harness, today};

fn d(s: &str) -> NaiveDate {
    warmline_core::date::parse_iso(s).unwrap()
}

/// Ann met on 3 November and written to the next day; Ben met on the 10th, written to on
/// the 13th and answering on the 14th; Cal written to on the 5th and in October, never
/// answering.
fn the_weekly_network(store: &Store) {
    let add = |name: &str, met: Option<&str>| {
        store
            .add_person(
                &NewPerson {
                    name: name.into(),
                    met: Met {
                        on: met.map(d),
                        ..Met::default()
                    },
                    ..NewPerson::default()
                },
                today(),
            )
            .unwrap()
    };
    let (ann, ben, cal) = (
        add("Ann Lee", Some("2026-11-03")),
        add("Ben Ode", Some("2026-11-10")),
        add("Cal Roy", None),
    );
    for (who, on, direction) in [
        (ann, "2026-11-04", Direction::Outbound),
        (ben, "2026-11-13", Direction::Outbound),
        (ben, "2026-11-14", Direction::Inbound),
        (cal, "2026-11-05", Direction::Outbound),
        (cal, "2026-10-01", Direction::Outbound),
    ] {
        let new = NewInteraction {
            on: d(on),
            kind: Kind::Email,
            direction,
            summary: "hello".into(),
            notes: String::new(),
            source: "manual".into(),
            source_key: None,
            people: vec![who],
        };
        store.log_interaction(&new, today()).unwrap();
    }
}

#[tokio::test]
async fn insights_name_the_period_and_match_stats() {
    let h = Harness::new();
    let store = h.store();
    the_weekly_network(&store);
    let body = h.get("/insights").await.ok().body;
    // The figures `warmline stats` prints for this network, for the same named period.
    assert!(
        body.contains("<strong>2.0 days</strong> to follow up"),
        "{body}"
    );
    assert!(body.contains("<strong>33%</strong> reply rate"), "{body}");
    assert_eq!(body.matches("last 4 weeks").count(), 2, "{body}");
    // And both come from the one function the command line calls.
    let s = store.weekly_stats(today(), 52).unwrap();
    assert_eq!(s.period, "last 4 weeks");
    assert_eq!((s.outbound_answered, s.outbound_counted), (1, 3));
}
