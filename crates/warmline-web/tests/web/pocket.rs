//! "Met someone" and the installable app: the capture page, what sending it creates, a
//! capture sent twice carried out once, CSRF, the hosted server's accounts, and the
//! manifest, icons and service worker with their types and the CSP.

use axum::http::{StatusCode, header};
use warmline_core::followup::{AFTER_EVENT_TEXT, Origin};
use warmline_store::Store;

use crate::hosted_support::Server;
use crate::support::{Harness, ORIGIN, TOKEN, encode, fingerprint, seed, today};

const ID: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

fn capture<'a>(name: &'a str, id: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("place", "RustConf"),
        ("about", "runs the Rust meetup"),
        ("promise", "send the slides"),
        ("client_id", id),
    ]
}

/// The person a capture went to, from its redirect (`/people/ID?n=met`).
fn person_of(location: &str) -> i64 {
    let rest = location
        .strip_prefix("/people/")
        .unwrap_or_else(|| panic!("not a person's page: {location}"));
    let (id, notice) = rest.split_once('?').unwrap();
    assert_eq!(notice, "n=met");
    id.parse().unwrap()
}

fn hidden(body: &str, name: &str) -> String {
    let at = body
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} field"));
    let rest = &body[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_string()
}

fn days(n: i64) -> chrono::NaiveDate {
    today() + chrono::Duration::days(n)
}

#[tokio::test]
async fn the_capture_page_comes_second_in_the_menu_with_a_fresh_id() {
    let h = Harness::new();
    let page = h.get("/met").await.ok();
    assert!(page.body.contains("<h1>Met someone</h1>"), "{}", page.body);
    assert!(page.body.contains(r#"action="/met""#));
    assert!(page.body.contains("data-queue"));
    assert!(page.body.contains(r#"data-owner="local""#));
    for field in ["name", "place", "about", "promise"] {
        assert!(page.body.contains(&format!(r#"name="{field}""#)), "{field}");
    }
    assert_eq!(hidden(&page.body, "csrf"), TOKEN);
    let id = hidden(&page.body, "client_id");
    assert_eq!(id.len(), 64, "{id}");
    assert_ne!(id, hidden(&h.get("/met").await.body, "client_id"));
    // Second in the menu of every page, after Today.
    let today = h.get("/").await.ok();
    let nav = &today.body[today.body.find("<nav").unwrap()..];
    let first = nav.find(r#"href="/""#).unwrap();
    let met = nav.find(r#"href="/met""#).unwrap();
    let people = nav.find(r#"href="/people""#).unwrap();
    assert!(first < met && met < people, "{nav}");
    // Every page links the manifest and the icon.
    assert!(
        today
            .body
            .contains(r#"<link rel="manifest" href="/manifest.webmanifest">"#)
    );
    assert!(today.body.contains(r#"href="/static/icon-192.png""#));
}

#[tokio::test]
async fn a_capture_adds_the_person_logs_the_meeting_and_creates_the_follow_ups() {
    let h = Harness::new();
    let r = h
        .post("/met", &capture("  Ines Ortega ", ID))
        .await
        .redirected();
    let id = person_of(r.location());
    let s = h.store();
    let p = s.person(id).unwrap();
    assert_eq!(p.name, "Ines Ortega");
    assert_eq!(p.met.context.as_deref(), Some("RustConf"));
    assert_eq!(p.met.on, Some(today()));
    let logged = s.interactions_for(id, 10).unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].summary, "met at RustConf: runs the Rust meetup");
    assert_eq!(logged[0].on, today());
    let mut f: Vec<_> = s
        .follow_ups_for(id)
        .unwrap()
        .into_iter()
        .map(|f| (f.text, f.due, f.origin, f.status.as_str()))
        .collect();
    f.sort_by_key(|x| x.1);
    assert_eq!(
        f,
        vec![
            (
                AFTER_EVENT_TEXT.to_string(),
                days(2),
                Origin::AfterEvent,
                "open"
            ),
            (
                "send the slides".to_string(),
                days(3),
                Origin::Promise,
                "open"
            ),
        ]
    );
    let page = h.get(r.location()).await.ok();
    assert!(page.body.contains("the meeting is logged"), "{}", page.body);

    // Only a name: the person and the meeting, no follow-up to invent.
    let r = h
        .post(
            "/met",
            &[("name", "Jo Kim"), ("client_id", "second-entry-01")],
        )
        .await
        .redirected();
    let jo = person_of(r.location());
    assert!(s.follow_ups_for(jo).unwrap().is_empty());
    assert_eq!(s.interactions_for(jo, 10).unwrap()[0].summary, "met");
}

#[tokio::test]
async fn a_capture_sent_again_with_its_id_creates_nothing_and_answers_alike() {
    let h = Harness::new();
    let first = h
        .post("/met", &capture("Ines Ortega", ID))
        .await
        .redirected();
    let before = fingerprint(&h.store());
    let again = h
        .post("/met", &capture("Ines Ortega", ID))
        .await
        .redirected();
    assert_eq!(again.location(), first.location());
    // Even with other words: the id is what it is.
    let changed = h
        .post("/met", &capture("Someone Else", ID))
        .await
        .redirected();
    assert_eq!(changed.location(), first.location());
    assert_eq!(fingerprint(&h.store()), before);
    assert_eq!(h.store().count_people().unwrap(), 1);
    // A new id is a new capture (and the name a likely duplicate).
    let other = h
        .post("/met", &capture("Ines Ortega", "another-entry-1"))
        .await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(other.body.contains("looks like"), "{}", other.body);
    assert_eq!(fingerprint(&h.store()), before);
}

#[tokio::test]
async fn someone_already_here_is_named_and_the_meeting_can_go_to_them() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    let before = fingerprint(&h.store());
    let r = h
        .post("/met", &capture("dana lee", "dana-entry-0001"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("This looks like"), "{}", r.body);
    assert!(r.body.contains(&format!(r#"name="person" value="{dana}""#)));
    assert!(r.body.contains(r#"name="anyway" value="1""#));
    // The form keeps what was typed and the same id, for the choice to be sent once.
    assert!(r.body.contains(r#"value="runs the Rust meetup""#));
    assert_eq!(hidden(&r.body, "client_id"), "dana-entry-0001");
    assert!(
        r.body.contains("data-keep-id"),
        "the script keeps the entry's id"
    );
    assert!(!h.get("/met").await.body.contains("data-keep-id"));
    assert_eq!(fingerprint(&h.store()), before, "nothing is written");

    // "It's Dana": the meeting and the promise go to her; no second Dana, and no
    // after-meeting note, which is for someone new.
    let mut fields = capture("dana lee", "dana-entry-0001");
    let dana_id = dana.to_string();
    fields.push(("person", &dana_id));
    let r = h.post("/met", &fields).await.redirected();
    assert_eq!(person_of(r.location()), dana);
    let s = h.store();
    assert_eq!(s.count_people().unwrap(), 2);
    assert_eq!(
        s.interactions_for(dana, 1).unwrap()[0].summary,
        "met at RustConf: runs the Rust meetup"
    );
    let new_follow_ups: Vec<_> = s
        .follow_ups_for(dana)
        .unwrap()
        .into_iter()
        .filter(|f| f.created_on == today() && f.origin != Origin::Manual)
        .map(|f| (f.text, f.origin))
        .collect();
    assert_eq!(
        new_follow_ups,
        vec![("send the slides".to_string(), Origin::Promise)]
    );

    // "Add someone new": a second person of that name, with the after-meeting note.
    let r = h
        .post(
            "/met",
            &[
                ("name", "Dana Lee"),
                ("place", "the climbing gym"),
                ("anyway", "1"),
                ("client_id", "dana-entry-0002"),
            ],
        )
        .await
        .redirected();
    let second = person_of(r.location());
    assert_ne!(second, dana);
    assert_eq!(s.count_people().unwrap(), 3);
    assert_eq!(
        s.follow_ups_for(second).unwrap()[0].origin,
        Origin::AfterEvent
    );
}

#[tokio::test]
async fn bad_input_is_named_and_nothing_is_written() {
    let h = Harness::new();
    let before = fingerprint(&h.store());
    let r = h
        .post("/met", &[("name", "  "), ("place", "RustConf")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Give their name."), "{}", r.body);
    assert!(
        r.body.contains(r#"value="RustConf""#),
        "what was typed is kept"
    );
    let r = h
        .post(
            "/met",
            &[("name", "Ines"), ("client_id", "no spaces allowed")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("the entry&#39;s id") || r.body.contains("the entry's id"));
    let long = "x".repeat(201);
    let r = h.post("/met", &[("name", &long)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("at most 200 characters"), "{}", r.body);
    let r = h.post("/met", &[("name", "Ines"), ("person", "999")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(fingerprint(&h.store()), before);
}

#[tokio::test]
async fn a_capture_needs_this_servers_page_and_token() {
    let h = Harness::new();
    let before = fingerprint(&h.store());
    let body = encode(&[("csrf", TOKEN), ("name", "Ines"), ("client_id", ID)]);
    // Another site's form.
    let r = h
        .post_with("/met", &body, Some("http://evil.example"), Some(TOKEN))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A token that is not the cookie's (an old page, a new browser session): refused
    // with a reason the device can show while it keeps the entry.
    let stale = "f".repeat(64);
    let r = h.post_with("/met", &body, Some(ORIGIN), Some(&stale)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("out of date"), "{}", r.body);
    let r = h.post_with("/met", &body, Some(ORIGIN), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(fingerprint(&h.store()), before);
    // Then the same entry with the right token is carried out, once.
    let r = h.post_with("/met", &body, Some(ORIGIN), Some(TOKEN)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(h.store().count_people().unwrap(), 1);
}

#[tokio::test]
async fn the_manifest_icons_and_worker_are_served_with_their_types_under_the_csp() {
    let h = Harness::new();
    let csp = |r: &crate::support::Reply| {
        r.headers
            .get(header::CONTENT_SECURITY_POLICY)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string()
    };
    let kind = |r: &crate::support::Reply| {
        r.headers
            .get(header::CONTENT_TYPE)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string()
    };
    let m = h.get("/manifest.webmanifest").await.ok();
    assert_eq!(kind(&m), "application/manifest+json");
    let manifest: serde_json::Value = serde_json::from_str(&m.body).unwrap();
    assert_eq!(manifest["start_url"], "/met");
    assert_eq!(manifest["scope"], "/");
    assert_eq!(manifest["display"], "standalone");
    assert_eq!(manifest["name"], "warmline");
    assert!(manifest["theme_color"].as_str().unwrap().starts_with('#'));
    let icons = manifest["icons"].as_array().unwrap();
    let sizes: Vec<&str> = icons.iter().map(|i| i["sizes"].as_str().unwrap()).collect();
    assert_eq!(sizes, ["192x192", "512x512"]);

    for (icon, size) in icons.iter().zip([192u32, 512]) {
        let src = icon["src"].as_str().unwrap();
        let resp = h.router.clone().oneshot_get(src).await;
        assert_eq!(resp.0, StatusCode::OK, "{src}");
        assert_eq!(resp.1, "image/png");
        let png = resp.2;
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert_eq!((width, height), (size, size), "{src}");
    }

    let sw = h.get("/sw.js").await.ok();
    assert_eq!(kind(&sw), "text/javascript; charset=utf-8");
    assert_eq!(
        sw.headers.get(header::CACHE_CONTROL).unwrap(),
        "no-cache",
        "a new version is picked up on the next visit"
    );
    // It keeps the versioned stylesheet and script the pages link, and the page.
    let page = h.get("/met").await.ok().body;
    let style = &page[page.find("/static/style.css?v=").unwrap()..];
    let style = &style[..style.find('"').unwrap()];
    assert!(sw.body.contains(style), "{style}");
    assert!(sw.body.contains("\"/met\""));
    assert!(!sw.body.contains("__ASSETS__") && !sw.body.contains("__VERSION__"));

    for r in [&m, &sw] {
        let policy = csp(r);
        assert!(policy.contains("worker-src 'self'"), "{policy}");
        assert!(policy.contains("manifest-src 'self'"), "{policy}");
        assert!(policy.contains("script-src 'self'"), "{policy}");
        assert!(!policy.contains("unsafe-inline"), "{policy}");
    }
}

/// A GET answered with its status, content type and bytes (for binary files).
trait OneshotGet {
    async fn oneshot_get(self, path: &str) -> (StatusCode, String, Vec<u8>);
}

impl OneshotGet for axum::Router {
    async fn oneshot_get(self, path: &str) -> (StatusCode, String, Vec<u8>) {
        use http_body_util::BodyExt;
        use tower::ServiceExt;
        let req = axum::http::Request::get(path)
            .header(header::HOST, crate::support::HOST)
            .body(axum::body::Body::empty())
            .unwrap();
        let resp = self.oneshot(req).await.unwrap();
        let status = resp.status();
        let kind = resp
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        (status, kind, bytes.to_vec())
    }
}

fn people_named(s: &Store, name: &str) -> usize {
    s.list_people(&warmline_store::ListFilter::default(), today())
        .unwrap()
        .iter()
        .filter(|p| p.name == name)
        .count()
}

#[test]
fn in_server_mode_a_capture_goes_to_the_signed_in_account_and_no_other() {
    crate::hosted_support::run(async {
        for s in Server::each() {
            let ana = s.add("ana@example.com");
            let ben = s.add("ben@example.com");

            // Without a session: the login, and nothing written anywhere.
            let mut stranger = s.browser();
            let r = stranger.get("/met").await;
            assert_eq!(r.location(), "/login", "{}", s.backend);
            let r = stranger.post("/met", &capture("Ines Ortega", ID)).await;
            assert_eq!(r.location(), "/login", "{}", s.backend);
            // The manifest and worker need no session: a browser fetches the manifest
            // without cookies.
            assert_eq!(
                stranger.get("/manifest.webmanifest").await.status,
                StatusCode::OK
            );
            assert_eq!(stranger.get("/sw.js").await.status, StatusCode::OK);

            let mut a = s.logged_in("ana@example.com").await;
            let page = a.get("/met").await.ok();
            assert!(
                page.body
                    .contains(&format!(r#"data-owner="account-{}""#, ana.0)),
                "{}",
                s.backend
            );
            assert!(!page.body.contains("stays on this computer"));
            let first = a
                .post("/met", &capture("Ines Ortega", ID))
                .await
                .redirected();
            let again = a
                .post("/met", &capture("Ines Ortega", ID))
                .await
                .redirected();
            assert_eq!(first.location(), again.location(), "{}", s.backend);
            let ines = person_of(first.location());
            let store_a = s.store(ana);
            assert_eq!(people_named(&store_a, "Ines Ortega"), 1, "{}", s.backend);
            assert_eq!(store_a.follow_ups_for(ines).unwrap().len(), 2);

            // Ben sending an entry with the same id gets his own capture: an id means
            // nothing in another account, and never answers with Ana's person.
            let mut b = s.logged_in("ben@example.com").await;
            let page = b.get("/met").await.ok();
            assert!(
                page.body
                    .contains(&format!(r#"data-owner="account-{}""#, ben.0))
            );
            b.post("/met", &capture("Omar Haddad", ID))
                .await
                .redirected();
            let store_b = s.store(ben);
            assert_eq!(people_named(&store_b, "Omar Haddad"), 1, "{}", s.backend);
            assert_eq!(people_named(&store_b, "Ines Ortega"), 0, "{}", s.backend);
            assert_eq!(people_named(&store_a, "Omar Haddad"), 0, "{}", s.backend);
            assert_eq!(store_a.count_people().unwrap(), 1, "{}", s.backend);
            // Ben's replay answers with Ben's person.
            let replay = b
                .post("/met", &capture("Omar Haddad", ID))
                .await
                .redirected();
            let omar = person_of(replay.location());
            assert_eq!(store_b.person(omar).unwrap().name, "Omar Haddad");
            assert_eq!(store_b.count_people().unwrap(), 1, "{}", s.backend);
        }
    })
}
