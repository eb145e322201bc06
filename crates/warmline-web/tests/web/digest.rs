//! The daily digest in the web UI: the Settings section of hosted mode (and its absence
//! locally), saving the preferences, the last send and failure shown, and a scheduler
//! round that cannot reach its SMTP server recording every attempt.

use std::time::Duration;

use axum::http::StatusCode;
use chrono::NaiveDateTime;
use warmline_core::digest::{Days, parse_time};
use warmline_digest::{Retry, Smtp};
use warmline_web::server::digest::{Mailing, round};

use crate::hosted_support::{Server, run};
use crate::support::Harness;

#[test]
fn hosted_settings_choose_the_digest_and_show_how_it_went() {
    run(async {
        for s in Server::each() {
            let id = s.add("dana@example.com");
            let mut b = s.logged_in("dana@example.com").await;
            let page = b.get("/settings").await.ok().body;
            assert!(page.contains("Daily digest"), "{}: {page}", s.backend);
            assert!(page.contains("<strong>dana@example.com</strong>"));
            assert!(page.contains("value=\"07:30\""), "the default time");
            assert!(page.contains("Last sent: <span id=\"digest-last-sent\">never</span>"));
            let r = b
                .post(
                    "/account/digest",
                    &[
                        ("enabled", "on"),
                        ("time", "06:15"),
                        ("day0", "on"),
                        ("day2", "on"),
                    ],
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
            assert_eq!(r.location(), "/settings?n=digest");
            let saved = s.registry().digest(id).unwrap().prefs;
            assert!(saved.enabled);
            assert_eq!(saved.time, parse_time("06:15").unwrap());
            assert_eq!(saved.days, Days::parse("mon,wed").unwrap());
            let page = b.get("/settings?n=digest").await.ok().body;
            assert!(page.contains("Your daily digest is saved."));
            assert!(page.contains("value=\"06:15\""));
            assert!(
                page.contains("name=\"day2\" value=\"on\" checked"),
                "{page}"
            );
            assert!(!page.contains("name=\"day1\" value=\"on\" checked"));

            // Bad input is refused and nothing changes.
            let r = b
                .post(
                    "/account/digest",
                    &[("enabled", "on"), ("time", "25:00"), ("day0", "on")],
                )
                .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
            assert!(
                r.body.contains("&#39;25:00&#39; is not a time of day")
                    || r.body.contains("is not a time of day"),
                "{}",
                r.body
            );
            let r = b
                .post("/account/digest", &[("enabled", "on"), ("time", "07:00")])
                .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert_eq!(s.registry().digest(id).unwrap().prefs, saved);

            // A failed attempt is shown, escaped.
            s.registry()
                .record_digest_attempt(id, 1_800_000_000, 1, Some("451 <busy> try later"))
                .unwrap();
            let page = b.get("/settings").await.ok().body;
            assert!(
                page.contains(
                    "The last attempt failed (2027-01-15 08:00 UTC): 451 &#60;busy&#62; try later"
                ),
                "{page}"
            );
            // Then one that went: the failure is history.
            s.registry()
                .record_digest_attempt(id, 1_800_000_060, 2, None)
                .unwrap();
            let page = b.get("/settings").await.ok().body;
            assert!(!page.contains("digest-failure"), "{page}");
            assert!(
                page.contains(
                    "Last sent: <span id=\"digest-last-sent\">2027-01-15 08:01 UTC</span>"
                ),
                "{page}"
            );
        }
    })
}

#[tokio::test]
async fn local_settings_have_no_digest() {
    let h = Harness::new();
    let page = h.get("/settings").await.ok().body;
    assert!(!page.contains("Daily digest"));
    let r = h.post("/account/digest", &[("enabled", "on")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[test]
fn a_round_that_cannot_reach_smtp_records_every_attempt() {
    run(async {
        for s in Server::each() {
            let id = s.add("dana@example.com");
            let quiet = s.add("lee@example.com");
            let r = s.registry();
            let prefs = warmline_core::digest::Prefs {
                enabled: true,
                time: parse_time("07:00").unwrap(),
                days: Days::EVERY_DAY,
            };
            r.set_digest_prefs(id, &prefs).unwrap();
            r.set_digest_prefs(
                quiet,
                &warmline_core::digest::Prefs {
                    enabled: false,
                    ..prefs
                },
            )
            .unwrap();
            // A port nothing listens on.
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let mailing = Mailing {
                smtp: Smtp::parse(&format!("smtp://127.0.0.1:{port}")).unwrap(),
                from: "warmline@example.org".into(),
                public_url: "https://w.example".into(),
                retry: Retry {
                    attempts: 2,
                    first_wait: Duration::from_millis(10),
                    timeout: Duration::from_secs(5),
                },
            };
            let at = |t: &str| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M").unwrap();
            // Before its time nothing is tried.
            assert_eq!(
                round(&s.hosted, &mailing, at("2026-12-03 06:59"))
                    .await
                    .unwrap(),
                0
            );
            assert!(r.digest_attempts(id, 10).unwrap().is_empty());
            assert_eq!(
                round(&s.hosted, &mailing, at("2026-12-03 07:00"))
                    .await
                    .unwrap(),
                0
            );
            let tried = r.digest_attempts(id, 10).unwrap();
            assert_eq!(tried.len(), 2, "{}: {tried:?}", s.backend);
            assert!(
                tried
                    .iter()
                    .all(|a| !a.ok && a.error.as_deref().unwrap().contains("127.0.0.1"))
            );
            let state = r.digest(id).unwrap();
            assert_eq!(state.sent.last_sent, None);
            assert_eq!(state.sent.last_failed, Some(at("2026-12-03 07:00")));
            assert!(
                r.digest_attempts(quiet, 10).unwrap().is_empty(),
                "off is off"
            );
            // A minute later it waits; half an hour later it tries again.
            round(&s.hosted, &mailing, at("2026-12-03 07:01"))
                .await
                .unwrap();
            assert_eq!(r.digest_attempts(id, 10).unwrap().len(), 2);
            round(&s.hosted, &mailing, at("2026-12-03 07:30"))
                .await
                .unwrap();
            assert_eq!(r.digest_attempts(id, 10).unwrap().len(), 4);
            assert_eq!(r.digest_failures(0).unwrap().len(), 4);
        }
    })
}
