//! CardDAV and CalDAV in-process: device passwords from Settings, Basic sign-in only,
//! discovery, cards read in 3.0 and 4.0, writes matched as imports match, If-Match,
//! deletions into the trash, sync tokens, to-dos completed and snoozed, and in hosted
//! mode one account's device password opening that account only.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine as _;
use warmline_core::followup::{Origin, Status};
use warmline_store::NewPerson;

use crate::hosted_support::Server;
use crate::support::{HOST, Harness, Reply, TOKEN, today};

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use warmline_web::server::Clock;
use warmline_web::server::session::Peer;

/// A PROPFIND of the DAV root from `address` with `auth`.
fn from(address: &str, auth: &str) -> Request<Body> {
    let mut req = dav("PROPFIND", "/dav/", Some(auth), &[("depth", "0")], "");
    req.extensions_mut()
        .insert(Peer(format!("{address}:40000").parse().unwrap()));
    req
}

fn retry_after(r: &Reply) -> i64 {
    r.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

fn basic(user: &str, password: &str) -> String {
    let raw = format!("{user}:{password}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

/// A device password made in the network's store, as Settings makes one.
fn device(store: &warmline_store::Store, name: &str) -> String {
    let (secret, hash) = warmline_accounts::device::new().unwrap();
    store.add_app_password(name, &hash, 1_800_000_000).unwrap();
    secret
}

fn dav(
    method: &str,
    path: &str,
    auth: Option<&str>,
    headers: &[(&str, &str)],
    body: &str,
) -> Request<Body> {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, HOST);
    if let Some(a) = auth {
        req = req.header(header::AUTHORIZATION, a);
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.body(Body::from(body.to_string())).unwrap()
}

const PROPFIND_ETAGS: &str = r#"<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:resourcetype/></d:prop></d:propfind>"#;

/// The hrefs and ETags of a multistatus, in order.
fn members(body: &str) -> Vec<(String, String)> {
    body.split("<d:response>")
        .skip(1)
        .filter_map(|r| {
            let href = r
                .split("<d:href>")
                .nth(1)?
                .split("</d:href>")
                .next()?
                .to_string();
            let etag = r
                .split("<d:getetag>")
                .nth(1)
                .and_then(|e| e.split("</d:getetag>").next())
                .unwrap_or("")
                .replace("&quot;", "\"");
            Some((href, etag))
        })
        .collect()
}

fn sync_token(body: &str) -> String {
    body.split("<d:sync-token>")
        .nth(1)
        .and_then(|t| t.split("</d:sync-token>").next())
        .unwrap()
        .to_string()
}

fn sync_body(token: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><d:sync-collection xmlns:d="DAV:"><d:sync-token>{token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"#
    )
}

fn card(uid: &str, name: &str, email: &str, extra: &str) -> String {
    format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{name}\r\nN:;{name};;;\r\nEMAIL:{email}\r\n{extra}END:VCARD\r\n"
    )
}

#[tokio::test]
async fn settings_make_show_once_and_revoke_device_passwords() {
    let h = Harness::new();
    let page = h.get("/settings").await.ok();
    assert!(
        page.body.contains("Phones and calendar apps"),
        "{}",
        page.body
    );
    assert!(page.body.contains("No devices yet."));
    let made = h.post("/settings/devices", &[("name", "phone")]).await.ok();
    let secret = made
        .body
        .split("id=\"device-secret\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    assert!(warmline_accounts::device::looks_like(&secret), "{secret}");
    let stored = h.store().app_password_hashes().unwrap();
    assert_eq!(stored.len(), 1);
    assert!(warmline_accounts::password::verify(&stored[0].1, &secret));
    // Shown once: the next page has the device, never the password.
    let page = h.get("/settings").await.ok();
    assert!(
        page.body.contains("<td>phone</td>") && page.body.contains("<td>never</td>"),
        "{}",
        page.body
    );
    assert!(!page.body.contains(&secret));
    // The same name again is refused, saying why.
    let again = h.post("/settings/devices", &[("name", "phone")]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again.body.contains("already a device password named"),
        "{}",
        again.body
    );
    // Used by a client: the page says when.
    let r = h
        .send(dav(
            "PROPFIND",
            "/dav/",
            Some(&basic("any", &secret)),
            &[("depth", "0")],
            "",
        ))
        .await;
    assert_eq!(r.status, StatusCode::MULTI_STATUS, "{}", r.body);
    let page = h.get("/settings").await.ok();
    assert!(!page.body.contains("<td>never</td>"), "{}", page.body);
    // Revoked: the client is refused at once.
    let gone = h
        .post("/settings/devices/remove", &[("name", "phone")])
        .await
        .redirected();
    assert_eq!(gone.location(), "/settings?n=device-revoked");
    assert!(h.store().app_passwords().unwrap().is_empty());
    let r = h
        .send(dav(
            "PROPFIND",
            "/dav/",
            Some(&basic("any", &secret)),
            &[("depth", "0")],
            "",
        ))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn dav_signs_in_with_a_device_password_only() {
    let h = Harness::new();
    let secret = device(&h.store(), "phone");
    let wrong = "abcd-efgh-jkmn-pqrs-tuvw";
    for auth in [
        None,
        Some(basic("me", wrong)),
        Some(basic("me", "not even shaped")),
    ] {
        let r = h
            .send(dav("PROPFIND", "/dav/", auth.as_deref(), &[], ""))
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{auth:?}");
        assert!(r.headers.get(header::WWW_AUTHENTICATE).is_some());
    }
    // A browser's cookies open nothing here.
    let mut req = dav("PROPFIND", "/dav/me/contacts/", None, &[], "");
    req.headers_mut().insert(
        header::COOKIE,
        format!("warmline_csrf={TOKEN}").parse().unwrap(),
    );
    assert_eq!(h.send(req).await.status, StatusCode::UNAUTHORIZED);
    // POST, which any web page could send, is not a DAV method.
    let r = h
        .send(dav(
            "POST",
            "/dav/me/contacts/",
            Some(&basic("me", &secret)),
            &[],
            "x",
        ))
        .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    // No CSRF token or cookie is asked for or set.
    let auth = basic("me", &secret);
    let r = h
        .send(dav("PROPFIND", "/dav/", Some(&auth), &[("depth", "0")], ""))
        .await;
    assert_eq!(r.status, StatusCode::MULTI_STATUS, "{}", r.body);
    assert!(r.headers.get(header::SET_COOKIE).is_none());
    assert!(
        r.body
            .contains("<d:current-user-principal><d:href>/dav/me/</d:href>"),
        "{}",
        r.body
    );
    // Discovery.
    for well_known in ["/.well-known/carddav", "/.well-known/caldav"] {
        let r = h.send(dav("PROPFIND", well_known, None, &[], "")).await;
        assert_eq!(r.status, StatusCode::PERMANENT_REDIRECT);
        assert_eq!(r.location(), "/dav/");
    }
    let body = r#"<d:propfind xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav" xmlns:cal="urn:ietf:params:xml:ns:caldav"><d:prop><card:addressbook-home-set/><cal:calendar-home-set/><d:current-user-principal/></d:prop></d:propfind>"#;
    let r = h
        .send(dav(
            "PROPFIND",
            "/dav/me/",
            Some(&auth),
            &[("depth", "0")],
            body,
        ))
        .await;
    assert!(
        r.body
            .contains("<card:addressbook-home-set><d:href>/dav/me/</d:href>"),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("<cal:calendar-home-set><d:href>/dav/me/</d:href>"),
        "{}",
        r.body
    );
    let r = h
        .send(dav(
            "PROPFIND",
            "/dav/me/",
            Some(&auth),
            &[("depth", "1")],
            "",
        ))
        .await;
    assert!(
        r.body.contains("<d:href>/dav/me/contacts/</d:href>"),
        "{}",
        r.body
    );
    assert!(r.body.contains("<card:addressbook/>"), "{}", r.body);
    assert!(r.body.contains("<cal:calendar/>"), "{}", r.body);
    // Addresses that name nothing.
    for path in [
        "/dav/someone-else/contacts/",
        "/dav/me/files/",
        "/dav/me/contacts/nobody.vcf",
    ] {
        let r = h.send(dav("GET", path, Some(&auth), &[], "")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
    let r = h
        .send(dav("OPTIONS", "/dav/me/contacts/", Some(&auth), &[], ""))
        .await;
    assert!(r.headers["dav"].to_str().unwrap().contains("addressbook"));
}

#[tokio::test]
async fn cards_are_read_written_matched_and_synced() {
    let h = Harness::new();
    let store = h.store();
    let auth = basic("me", &device(&store, "phone"));
    let dana = store
        .add_person(
            &NewPerson {
                name: "Dana Lee".into(),
                emails: vec!["dana@acme.example".into()],
                org: Some("Acme".into()),
                ..NewPerson::default()
            },
            today(),
        )
        .unwrap();
    store
        .add_fact(
            Some(dana),
            warmline_core::person::FactCategory::Family,
            "two kids",
            None,
            today(),
        )
        .unwrap();
    let hr = &h;
    let send = |m: &'static str, p: String, hs: Vec<(&'static str, String)>, b: String| {
        let auth = auth.clone();
        async move {
            let pairs: Vec<(&str, &str)> = hs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            hr.send(dav(m, &p, Some(&auth), &pairs, &b)).await
        }
    };
    let listed = send(
        "PROPFIND",
        "/dav/me/contacts/".into(),
        vec![("depth", "1".into())],
        PROPFIND_ETAGS.into(),
    )
    .await;
    assert_eq!(listed.status, StatusCode::MULTI_STATUS, "{}", listed.body);
    let cards = members(&listed.body);
    assert_eq!(cards.len(), 2, "{}", listed.body); // the collection and Dana
    let (dana_href, dana_etag) = cards[1].clone();
    assert!(dana_href.starts_with("/dav/me/contacts/") && dana_href.ends_with(".vcf"));

    // Compressed for a client that asks: the same listing.
    let all = send(
        "PROPFIND",
        "/dav/me/contacts/".into(),
        vec![("depth", "1".into())],
        String::new(),
    )
    .await;
    assert!(all.body.len() > 1024, "{}", all.body.len());
    let req = dav(
        "PROPFIND",
        "/dav/me/contacts/",
        Some(&auth),
        &[("depth", "1"), ("accept-encoding", "gzip")],
        "",
    );
    let resp = tower::ServiceExt::oneshot(h.router.clone(), req)
        .await
        .unwrap();
    assert_eq!(resp.headers()[header::CONTENT_ENCODING], "gzip");
    let bytes = http_body_util::BodyExt::collect(resp.into_body())
        .await
        .unwrap()
        .to_bytes();
    assert!(bytes.len() < all.body.len());
    let mut plain = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut plain)
        .unwrap();
    assert_eq!(plain, all.body);

    // vCard 3.0 by default, 4.0 when asked, the same strong ETag.
    let v3 = send("GET", dana_href.clone(), vec![], String::new())
        .await
        .ok();
    assert!(
        v3.body.contains("VERSION:3.0") && v3.body.contains("FN:Dana Lee"),
        "{}",
        v3.body
    );
    assert_eq!(v3.headers[header::ETAG], dana_etag.as_str());
    let v4 = send(
        "GET",
        dana_href.clone(),
        vec![("accept", "text/vcard; version=4.0".into())],
        String::new(),
    )
    .await
    .ok();
    assert!(v4.body.contains("VERSION:4.0"), "{}", v4.body);
    let uid = v4
        .body
        .lines()
        .find_map(|l| l.strip_prefix("UID:"))
        .unwrap()
        .trim()
        .to_string();

    let start = send("REPORT", "/dav/me/contacts/".into(), vec![], sync_body("")).await;
    assert_eq!(start.status, StatusCode::MULTI_STATUS, "{}", start.body);
    let token = sync_token(&start.body);

    // A new card for someone already here (same e-mail) becomes them: no duplicate.
    let put = send(
        "PUT",
        "/dav/me/contacts/from-phone.vcf".into(),
        vec![
            ("if-none-match", "*".into()),
            ("content-type", "text/vcard".into()),
        ],
        card(
            "phone-1",
            "Dana Lee",
            "DANA@acme.example",
            "TEL:+1 555 0100\r\n",
        ),
    )
    .await;
    assert_eq!(put.status, StatusCode::CREATED, "{}", put.body);
    assert_eq!(store.count_people().unwrap(), 1);
    assert_eq!(
        store.person(dana).unwrap().phones,
        vec!["+1 555 0100".to_string()]
    );
    // Dana is now served where the phone put her, and only there.
    let listed = send(
        "PROPFIND",
        "/dav/me/contacts/".into(),
        vec![("depth", "1".into())],
        PROPFIND_ETAGS.into(),
    )
    .await;
    let cards = members(&listed.body);
    assert_eq!(cards.len(), 2, "{}", listed.body);
    assert_eq!(cards[1].0, "/dav/me/contacts/from-phone.vcf");
    let etag = cards[1].1.clone();
    assert_eq!(put.headers[header::ETAG], etag.as_str());

    // A new person.
    let put = send(
        "PUT",
        "/dav/me/contacts/sam.vcf".into(),
        vec![],
        card("sam-1", "Sam Ortiz", "sam@example.org", ""),
    )
    .await;
    assert_eq!(put.status, StatusCode::CREATED, "{}", put.body);
    assert_eq!(store.count_people().unwrap(), 2);

    // A stale If-Match changes nothing.
    let stale = send(
        "PUT",
        "/dav/me/contacts/from-phone.vcf".into(),
        vec![("if-match", dana_etag.clone())],
        card(&uid, "Dana Lee", "dana@acme.example", "TITLE:CEO\r\n"),
    )
    .await;
    assert_eq!(
        stale.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        stale.body
    );
    assert_eq!(store.person(dana).unwrap().title, None);
    // The right one updates the fields the card carries and nothing else.
    let edit = send(
        "PUT",
        "/dav/me/contacts/from-phone.vcf".into(),
        vec![("if-match", etag.clone())],
        card(&uid, "Dana Lee-Park", "dana@acme.example", "TITLE:CEO\r\n"),
    )
    .await;
    assert_eq!(edit.status, StatusCode::NO_CONTENT, "{}", edit.body);
    let p = store.person(dana).unwrap();
    assert_eq!(
        (p.name.as_str(), p.title.as_deref(), p.org.as_deref()),
        ("Dana Lee-Park", Some("CEO"), Some("Acme"))
    );
    assert_eq!(store.facts(Some(dana)).unwrap().len(), 1, "facts untouched");

    // Deleting a card puts the person in the trash, restorable.
    let del = send(
        "DELETE",
        "/dav/me/contacts/sam.vcf".into(),
        vec![("if-match", "\"stale\"".into())],
        String::new(),
    )
    .await;
    assert_eq!(del.status, StatusCode::PRECONDITION_FAILED);
    let del = send(
        "DELETE",
        "/dav/me/contacts/sam.vcf".into(),
        vec![],
        String::new(),
    )
    .await;
    assert_eq!(del.status, StatusCode::NO_CONTENT, "{}", del.body);
    assert_eq!(store.count_people().unwrap(), 1);
    let trash = store.removals(5).unwrap();
    assert!(trash[0].label.contains("Sam Ortiz"), "{trash:?}");

    // The sync since the start names every change: Dana's old address gone, her new one,
    // and Sam's card gone.
    let sync = send(
        "REPORT",
        "/dav/me/contacts/".into(),
        vec![],
        sync_body(&token),
    )
    .await;
    assert_eq!(sync.status, StatusCode::MULTI_STATUS, "{}", sync.body);
    assert!(
        sync.body.contains(&format!(
            "<d:href>{dana_href}</d:href><d:status>HTTP/1.1 404 Not Found"
        )),
        "{}",
        sync.body
    );
    assert!(
        sync.body
            .contains("<d:href>/dav/me/contacts/sam.vcf</d:href><d:status>HTTP/1.1 404"),
        "{}",
        sync.body
    );
    assert!(
        sync.body
            .contains("<d:href>/dav/me/contacts/from-phone.vcf</d:href><d:propstat>"),
        "{}",
        sync.body
    );
    let next = sync_token(&sync.body);
    assert_ne!(next, token);
    // Nothing changed since: an empty sync. A change from the command line shows.
    let quiet = send(
        "REPORT",
        "/dav/me/contacts/".into(),
        vec![],
        sync_body(&next),
    )
    .await;
    assert!(!quiet.body.contains("<d:response>"), "{}", quiet.body);
    assert_eq!(sync_token(&quiet.body), next);
    store.undo(trash[0].id).unwrap();
    let back = send(
        "REPORT",
        "/dav/me/contacts/".into(),
        vec![],
        sync_body(&next),
    )
    .await;
    assert!(
        back.body
            .contains("/dav/me/contacts/sam.vcf</d:href><d:propstat>"),
        "{}",
        back.body
    );
    // A token from elsewhere is refused, and the client starts over.
    let bad = send(
        "REPORT",
        "/dav/me/contacts/".into(),
        vec![],
        sync_body("http://warmline.invalid/sync/contacts/999"),
    )
    .await;
    assert_eq!(bad.status, StatusCode::FORBIDDEN);
    assert!(bad.body.contains("valid-sync-token"));

    // Multiget and query.
    let multiget = r#"<card:addressbook-multiget xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/><card:address-data version="4.0"/></d:prop><d:href>/dav/me/contacts/from-phone.vcf</d:href><d:href>/dav/me/contacts/none.vcf</d:href></card:addressbook-multiget>"#.to_string();
    let r = send("REPORT", "/dav/me/contacts/".into(), vec![], multiget).await;
    assert!(
        r.body.contains("VERSION:4.0") && r.body.contains("FN:Dana Lee-Park"),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("<d:href>/dav/me/contacts/none.vcf</d:href><d:status>HTTP/1.1 404"),
        "{}",
        r.body
    );
    let query = r#"<card:addressbook-query xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/></d:prop><card:filter><card:prop-filter name="EMAIL"><card:text-match>sam@</card:text-match></card:prop-filter></card:filter></card:addressbook-query>"#;
    let r = send("REPORT", "/dav/me/contacts/".into(), vec![], query.into()).await;
    assert_eq!(members(&r.body).len(), 1, "{}", r.body);
    assert!(r.body.contains("sam.vcf"), "{}", r.body);
    // A body that is not a card.
    let r = send(
        "PUT",
        "/dav/me/contacts/x.vcf".into(),
        vec![],
        "hello".into(),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn to_dos_are_listed_completed_and_snoozed() {
    let h = Harness::new();
    let store = h.store();
    let auth = basic("me", &device(&store, "phone"));
    let dana = store
        .add_person(
            &NewPerson {
                name: "Dana Lee".into(),
                ..NewPerson::default()
            },
            today(),
        )
        .unwrap();
    store
        .log_interaction(
            &warmline_core::interaction::NewInteraction {
                on: today() + chrono::Duration::days(3),
                kind: warmline_core::interaction::Kind::Coffee,
                direction: warmline_core::interaction::Direction::Mutual,
                summary: "coffee at the roastery".into(),
                notes: String::new(),
                source: "manual".into(),
                source_key: None,
                people: vec![dana],
            },
            today(),
        )
        .unwrap();
    let first = store
        .add_follow_up(
            dana,
            "send the deck",
            today().succ_opt().unwrap(),
            Origin::Manual,
            today(),
        )
        .unwrap();
    let second = store
        .add_follow_up(
            dana,
            "ask about the role",
            today().succ_opt().unwrap(),
            Origin::Manual,
            today(),
        )
        .unwrap();
    let r = h
        .send(dav(
            "REPORT",
            "/dav/me/calendar/",
            Some(&auth),
            &[],
            r#"<cal:calendar-query xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><cal:calendar-data/></d:prop><cal:filter><cal:comp-filter name="VCALENDAR"><cal:comp-filter name="VTODO"/></cal:comp-filter></cal:filter></cal:calendar-query>"#,
        ))
        .await;
    assert_eq!(r.status, StatusCode::MULTI_STATUS, "{}", r.body);
    let todos = members(&r.body);
    assert_eq!(todos.len(), 2, "{}", r.body);
    assert!(!r.body.contains("VEVENT"), "{}", r.body);
    assert!(
        r.body.contains("BEGIN:VTODO") && r.body.contains("send the deck"),
        "{}",
        r.body
    );
    assert!(
        !r.body.contains("METHOD:"),
        "a calendar object carries no METHOD"
    );
    let href_of = |text: &str| {
        r.body
            .split("<d:response>")
            .find(|part| part.contains(text))
            .and_then(|part| part.split("<d:href>").nth(1))
            .and_then(|s| s.split("</d:href>").next())
            .unwrap()
            .to_string()
    };
    let (deck, role) = (href_of("send the deck"), href_of("ask about the role"));
    let got = h.send(dav("GET", &deck, Some(&auth), &[], "")).await.ok();
    let etag = got.headers[header::ETAG].to_str().unwrap().to_string();
    let completed = got.body.replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED");
    let stale = h
        .send(dav(
            "PUT",
            &deck,
            Some(&auth),
            &[("if-match", "\"old\"")],
            &completed,
        ))
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(store.follow_up(first).unwrap().status, Status::Open);
    let done = h
        .send(dav(
            "PUT",
            &deck,
            Some(&auth),
            &[("if-match", &etag)],
            &completed,
        ))
        .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.body);
    assert_eq!(store.follow_up(first).unwrap().status, Status::Done);
    // A new due day snoozes.
    let got = h.send(dav("GET", &role, Some(&auth), &[], "")).await.ok();
    let due = today().succ_opt().unwrap().format("%Y%m%d").to_string();
    let moved = got
        .body
        .replace(&format!("DUE;VALUE=DATE:{due}"), "DUE;VALUE=DATE:20261210");
    assert_ne!(moved, got.body, "{}", got.body);
    let snoozed = h.send(dav("PUT", &role, Some(&auth), &[], &moved)).await;
    assert_eq!(snoozed.status, StatusCode::NO_CONTENT, "{}", snoozed.body);
    let f = store.follow_up(second).unwrap();
    assert_eq!(
        (f.status, f.due.to_string()),
        (Status::Snoozed, "2026-12-10".to_string())
    );
    // Meetings ahead are read-only events beside the to-dos.
    let events = h
        .send(dav(
            "REPORT",
            "/dav/me/calendar/",
            Some(&auth),
            &[],
            r#"<cal:calendar-query xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav"><d:prop><cal:calendar-data/></d:prop><cal:filter><cal:comp-filter name="VCALENDAR"><cal:comp-filter name="VEVENT"/></cal:comp-filter></cal:filter></cal:calendar-query>"#,
        ))
        .await;
    assert_eq!(members(&events.body).len(), 1, "{}", events.body);
    assert!(
        events
            .body
            .contains("coffee at the roastery (with Dana Lee)"),
        "{}",
        events.body
    );
    assert!(
        events.body.contains("DTSTART;VALUE=DATE:20261128"),
        "{}",
        events.body
    );
    let meeting = members(&events.body)[0].0.clone();
    let text = h
        .send(dav("GET", &meeting, Some(&auth), &[], ""))
        .await
        .ok()
        .body;
    let refused = h.send(dav("PUT", &meeting, Some(&auth), &[], &text)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // The done one left the calendar.
    let listed = h
        .send(dav(
            "PROPFIND",
            "/dav/me/calendar/",
            Some(&auth),
            &[("depth", "1")],
            PROPFIND_ETAGS,
        ))
        .await;
    assert_eq!(members(&listed.body).len(), 3, "{}", listed.body);
    let made = h
        .send(dav(
            "PUT",
            "/dav/me/calendar/new.ics",
            Some(&auth),
            &[],
            &moved,
        ))
        .await;
    assert_eq!(made.status, StatusCode::FORBIDDEN);
}

#[test]
fn hosted_dav_opens_the_account_of_the_device_password_only() {
    crate::hosted_support::run(async {
        for server in Server::each() {
            let dana = server.add("dana@example.com");
            let sam = server.add("sam@example.com");
            let dana_secret = device(&server.store(dana), "phone");
            let sam_secret = device(&server.store(sam), "laptop");
            server
                .store(sam)
                .add_person(
                    &NewPerson {
                        name: "Only Sam Knows".into(),
                        ..NewPerson::default()
                    },
                    today(),
                )
                .unwrap();
            let send = |path: String, auth: String| {
                let server = &server;
                async move {
                    server
                        .send(dav(
                            "PROPFIND",
                            &path,
                            Some(&auth),
                            &[("depth", "1")],
                            PROPFIND_ETAGS,
                        ))
                        .await
                }
            };
            let ok: Reply = send(
                format!("/dav/{}/contacts/", dana.0),
                basic("dana@example.com", &dana_secret),
            )
            .await;
            assert_eq!(ok.status, StatusCode::MULTI_STATUS, "{}", ok.body);
            assert!(!ok.body.contains("Only Sam"));
            let root = send("/dav/".into(), basic("dana@example.com", &dana_secret)).await;
            assert!(
                root.body
                    .contains(&format!("<d:href>/dav/{}/</d:href>", dana.0)),
                "{}",
                root.body
            );
            // Another account's number: nothing there.
            let other = send(
                format!("/dav/{}/contacts/", sam.0),
                basic("dana@example.com", &dana_secret),
            )
            .await;
            assert_eq!(other.status, StatusCode::NOT_FOUND);
            // Sam's password with Dana's address, an unknown address, the account password:
            // refused alike.
            for auth in [
                basic("dana@example.com", &sam_secret),
                basic("nobody@example.com", &dana_secret),
                basic("dana@example.com", crate::hosted_support::PASSWORD),
            ] {
                let r = send(format!("/dav/{}/contacts/", dana.0), auth).await;
                assert_eq!(r.status, StatusCode::UNAUTHORIZED);
            }
            // A logged-in browser's session opens nothing here.
            // The three failures above made this address wait a second (the throttle
            // tests below): the browser logs in after it.
            server.advance(1);
            let browser = server.logged_in("dana@example.com").await;
            let mut req = dav(
                "PROPFIND",
                &format!("/dav/{}/contacts/", dana.0),
                None,
                &[("depth", "1")],
                "",
            );
            req.headers_mut().insert(
                header::COOKIE,
                browser.session.clone().unwrap().parse().unwrap(),
            );
            assert_eq!(server.send(req).await.status, StatusCode::UNAUTHORIZED);
            // A disabled account's devices stop.
            server.registry().set_disabled(dana, true).unwrap();
            let r = send(
                format!("/dav/{}/contacts/", dana.0),
                basic("dana@example.com", &dana_secret),
            )
            .await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        }
    })
}

#[tokio::test]
async fn local_dav_sign_ins_back_off_per_address() {
    let mut h = Harness::new();
    let clock = Arc::new(AtomicI64::new(1_900_000_000));
    h.router = warmline_web::router_at(
        h.app.clone(),
        warmline_web::HostPolicy::loopback(7878),
        Clock::Fixed(clock.clone()),
    );
    let right = basic("me", &device(&h.store(), "phone"));
    let wrong = basic("me", "abcd-efgh-jkmn-pqrs-tuvw");
    let (guesser, phone) = ("192.168.1.66", "192.168.1.20");
    // The first failures cost nothing: people mistype.
    for _ in 0..3 {
        let r = h.send(from(guesser, &wrong)).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = h.send(from(guesser, &wrong)).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert_eq!(retry_after(&r), 1);
    clock.fetch_add(1, Ordering::Relaxed);
    assert_eq!(
        h.send(from(guesser, &wrong)).await.status,
        StatusCode::UNAUTHORIZED
    );
    // Each failure doubles the wait; even the right password waits it out, unchecked.
    let r = h.send(from(guesser, &right)).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(retry_after(&r), 2);
    clock.fetch_add(1, Ordering::Relaxed);
    assert_eq!(
        h.send(from(guesser, &right)).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Another address is not slowed at all.
    let r = h.send(from(phone, &right)).await;
    assert_eq!(r.status, StatusCode::MULTI_STATUS, "{}", r.body);
    // After the wait the right password opens, and the count starts afresh.
    clock.fetch_add(1, Ordering::Relaxed);
    let r = h.send(from(guesser, &right)).await;
    assert_eq!(r.status, StatusCode::MULTI_STATUS, "{}", r.body);
    assert_eq!(
        h.send(from(guesser, &wrong)).await.status,
        StatusCode::UNAUTHORIZED
    );
    // No credentials at all is a client asking to be asked, not a failure.
    for _ in 0..10 {
        let mut req = dav("PROPFIND", "/dav/", None, &[], "");
        req.extensions_mut()
            .insert(Peer("192.168.1.21:40000".parse().unwrap()));
        assert_eq!(h.send(req).await.status, StatusCode::UNAUTHORIZED);
    }
    let r = h.send(from("192.168.1.21", &right)).await;
    assert_eq!(r.status, StatusCode::MULTI_STATUS);
}

#[test]
fn hosted_dav_sign_ins_back_off_per_address_and_e_mail() {
    crate::hosted_support::run(async {
        for server in Server::each() {
            let dana = server.add("dana@example.com");
            let sam = server.add("sam@example.com");
            let dana_secret = device(&server.store(dana), "phone");
            let sam_secret = device(&server.store(sam), "laptop");
            let wrong = "abcd-efgh-jkmn-pqrs-tuvw";
            // One address guessing: free failures, then a wait that refuses even the
            // right password of any account, from that address only.
            for _ in 0..3 {
                let r = server
                    .send(from("203.0.113.9", &basic("stranger@example.com", wrong)))
                    .await;
                assert_eq!(r.status, StatusCode::UNAUTHORIZED);
            }
            let r = server
                .send(from("203.0.113.9", &basic("sam@example.com", &sam_secret)))
                .await;
            assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
            assert_eq!(retry_after(&r), 1);
            let r = server
                .send(from("198.51.100.4", &basic("sam@example.com", &sam_secret)))
                .await;
            assert_eq!(r.status, StatusCode::MULTI_STATUS, "{}", r.body);
            // Many addresses guessing one e-mail: the e-mail waits too, known or not
            // alike, and never longer than half a minute between attempts.
            for email in ["dana@example.com", "nobody@example.com"] {
                for n in 0..12 {
                    let r = server
                        .send(from(&format!("192.0.2.{n}"), &basic(email, wrong)))
                        .await;
                    let expected = if n < 3 {
                        StatusCode::UNAUTHORIZED
                    } else {
                        StatusCode::TOO_MANY_REQUESTS
                    };
                    assert_eq!(r.status, expected, "{email} #{n}");
                    if n >= 3 {
                        // Each refused try waits for the latest failure, then fails again.
                        server.advance(retry_after(&r));
                        let r = server
                            .send(from(&format!("192.0.2.{n}"), &basic(email, wrong)))
                            .await;
                        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{email} #{n}");
                    }
                }
                let r = server.send(from("192.0.2.200", &basic(email, wrong))).await;
                assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{email}");
                assert_eq!(
                    retry_after(&r),
                    warmline_accounts::throttle::ACCOUNT_MAX_WAIT,
                    "{email}"
                );
                if email != "dana@example.com" {
                    continue;
                }
                // Dana's right password, from a fresh address, while her e-mail waits:
                // refused, unchecked; once the wait is over, accepted, the count cleared.
                let dana_auth = basic("dana@example.com", &dana_secret);
                let r = server.send(from("192.0.2.201", &dana_auth)).await;
                assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
                // Another account is not slowed by Dana's e-mail waiting.
                let r = server
                    .send(from("192.0.2.202", &basic("sam@example.com", &sam_secret)))
                    .await;
                assert_eq!(r.status, StatusCode::MULTI_STATUS, "{}", r.body);
                server.advance(warmline_accounts::throttle::ACCOUNT_MAX_WAIT);
                let r = server.send(from("192.0.2.201", &dana_auth)).await;
                assert_eq!(r.status, StatusCode::MULTI_STATUS, "{}", r.body);
                assert!(r.body.contains(&format!("/dav/{}/", dana.0)), "{}", r.body);
            }
            let r = server
                .send(from("192.0.2.203", &basic("dana@example.com", wrong)))
                .await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED);
            // Guesses at /dav/ count for the login page too: one count per address.
            let registry = server.registry();
            assert_eq!(registry.address_failures("203.0.113.9").unwrap().count, 3);
        }
    })
}

/// A calendar-query for `component` within `range` (the attributes of its time-range).
fn query_in(component: &str, range: &str) -> String {
    format!(
        r#"<cal:calendar-query xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><cal:calendar-data/></d:prop><cal:filter><cal:comp-filter name="VCALENDAR"><cal:comp-filter name="{component}"><cal:time-range {range}/></cal:comp-filter></cal:comp-filter></cal:filter></cal:calendar-query>"#
    )
}

#[tokio::test]
async fn calendar_queries_keep_to_their_time_range() {
    let h = Harness::new();
    let store = h.store();
    let auth = basic("me", &device(&store, "phone"));
    let dana = store
        .add_person(
            &NewPerson {
                name: "Dana Lee".into(),
                ..NewPerson::default()
            },
            today(),
        )
        .unwrap();
    let day = |s: &str| warmline_core::date::parse_iso(s).unwrap();
    for (what, due) in [
        ("send the deck", "2026-11-26"),
        ("ask about the role", "2026-12-10"),
    ] {
        store
            .add_follow_up(dana, what, day(due), Origin::Manual, today())
            .unwrap();
    }
    store
        .log_interaction(
            &warmline_core::interaction::NewInteraction {
                on: day("2026-11-28"),
                kind: warmline_core::interaction::Kind::Coffee,
                direction: warmline_core::interaction::Direction::Mutual,
                summary: "coffee at the roastery".into(),
                notes: String::new(),
                source: "manual".into(),
                source_key: None,
                people: vec![dana],
            },
            today(),
        )
        .unwrap();
    let query = |component: &str, range: &str| {
        let body = query_in(component, range);
        let h = &h;
        let auth = auth.clone();
        async move {
            h.send(dav("REPORT", "/dav/me/calendar/", Some(&auth), &[], &body))
                .await
        }
    };
    // To-dos by DUE: start < DUE and end >= DUE.
    let r = query(
        "VTODO",
        r#"start="20261125T000000Z" end="20261127T000000Z""#,
    )
    .await;
    assert_eq!(r.status, StatusCode::MULTI_STATUS, "{}", r.body);
    assert_eq!(members(&r.body).len(), 1, "{}", r.body);
    assert!(r.body.contains("send the deck"), "{}", r.body);
    let r = query(
        "VTODO",
        r#"start="20261201T000000Z" end="20261231T000000Z""#,
    )
    .await;
    assert_eq!(members(&r.body).len(), 1, "{}", r.body);
    assert!(r.body.contains("ask about the role"), "{}", r.body);
    // An open end takes in everything from the start on.
    let r = query("VTODO", r#"start="20261101T000000Z""#).await;
    assert_eq!(members(&r.body).len(), 2, "{}", r.body);
    let r = query("VTODO", r#"start="20270101T000000Z""#).await;
    assert_eq!(members(&r.body).len(), 0, "{}", r.body);
    // Events by DTSTART and DTEND: an hour of their day overlaps them, the next day not.
    let r = query(
        "VEVENT",
        r#"start="20261128T090000Z" end="20261128T100000Z""#,
    )
    .await;
    assert_eq!(members(&r.body).len(), 1, "{}", r.body);
    assert!(r.body.contains("coffee at the roastery"), "{}", r.body);
    assert!(!r.body.contains("BEGIN:VTODO"), "{}", r.body);
    let r = query(
        "VEVENT",
        r#"start="20261129T000000Z" end="20261201T000000Z""#,
    )
    .await;
    assert_eq!(members(&r.body).len(), 0, "{}", r.body);
    // A to-do due on a day is in a query for that day, and only that day.
    let r = query(
        "VTODO",
        r#"start="20261210T000000Z" end="20261211T000000Z""#,
    )
    .await;
    assert_eq!(members(&r.body).len(), 1, "{}", r.body);
    assert!(r.body.contains("ask about the role"), "{}", r.body);
    for other in ["20261209", "20261211"] {
        let range = format!(r#"start="{other}T000000Z" end="{other}T235959Z""#);
        let r = query("VTODO", &range).await;
        assert_eq!(members(&r.body).len(), 0, "{other}: {}", r.body);
    }
    // A range that cannot be read is refused, saying why.
    let r = query("VTODO", r#"start="2026-11-25""#).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("not a UTC date-time"), "{}", r.body);
}

/// A calendar-query whose VTODO comp-filter holds `inner`.
fn query_with(inner: &str) -> String {
    format!(
        r#"<cal:calendar-query xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><cal:calendar-data/></d:prop><cal:filter><cal:comp-filter name="VCALENDAR"><cal:comp-filter name="VTODO">{inner}</cal:comp-filter></cal:comp-filter></cal:filter></cal:calendar-query>"#
    )
}

#[tokio::test]
async fn calendar_queries_apply_property_filters() {
    let h = Harness::new();
    let store = h.store();
    let auth = basic("me", &device(&store, "phone"));
    let dana = store
        .add_person(
            &NewPerson {
                name: "Dana Lee".into(),
                ..NewPerson::default()
            },
            today(),
        )
        .unwrap();
    let day = |s: &str| warmline_core::date::parse_iso(s).unwrap();
    for (what, due) in [
        ("send the deck", "2026-12-04"),
        ("ask about the role", "2026-12-10"),
    ] {
        store
            .add_follow_up(dana, what, day(due), Origin::Manual, today())
            .unwrap();
    }
    let query = |inner: &str| {
        let body = query_with(inner);
        let h = &h;
        let auth = auth.clone();
        async move {
            h.send(dav("REPORT", "/dav/me/calendar/", Some(&auth), &[], &body))
                .await
        }
    };
    // A text match on the summary, folded for case by default.
    let r = query(r#"<cal:prop-filter name="SUMMARY"><cal:text-match>DECK</cal:text-match></cal:prop-filter>"#).await;
    assert_eq!(r.status, StatusCode::MULTI_STATUS, "{}", r.body);
    assert_eq!(members(&r.body).len(), 1, "{}", r.body);
    assert!(r.body.contains("send the deck"), "{}", r.body);
    // i;octet compares bytes as they are.
    let r = query(r#"<cal:prop-filter name="SUMMARY"><cal:text-match collation="i;octet">DECK</cal:text-match></cal:prop-filter>"#).await;
    assert_eq!(members(&r.body).len(), 0, "{}", r.body);
    // Negated: everything but the deck.
    let r = query(r#"<cal:prop-filter name="SUMMARY"><cal:text-match negate-condition="yes">deck</cal:text-match></cal:prop-filter>"#).await;
    assert_eq!(members(&r.body).len(), 1, "{}", r.body);
    assert!(r.body.contains("ask about the role"), "{}", r.body);
    // Open to-dos have no COMPLETED: is-not-defined takes both, a defined one none.
    let r =
        query(r#"<cal:prop-filter name="COMPLETED"><cal:is-not-defined/></cal:prop-filter>"#).await;
    assert_eq!(members(&r.body).len(), 2, "{}", r.body);
    let r = query(r#"<cal:prop-filter name="COMPLETED"/>"#).await;
    assert_eq!(members(&r.body).len(), 0, "{}", r.body);
    // A parameter filter: DUE written as a date.
    let r = query(r#"<cal:prop-filter name="DUE"><cal:param-filter name="VALUE"><cal:text-match>DATE</cal:text-match></cal:param-filter></cal:prop-filter>"#).await;
    assert_eq!(members(&r.body).len(), 2, "{}", r.body);
    // A property's time range: DUE within the first week of December.
    let r = query(r#"<cal:prop-filter name="DUE"><cal:time-range start="20261201T000000Z" end="20261208T000000Z"/></cal:prop-filter>"#).await;
    assert_eq!(members(&r.body).len(), 1, "{}", r.body);
    assert!(r.body.contains("send the deck"), "{}", r.body);
    // A collation this server does not have is refused, not widened to everything.
    let r = query(r#"<cal:prop-filter name="SUMMARY"><cal:text-match collation="i;unicode-casemap">deck</cal:text-match></cal:prop-filter>"#).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("i;unicode-casemap"), "{}", r.body);
}

/// The WebDAV basics a generic client relies on, as litmus's "basic" suite checks them,
/// within the two collections warmline has.
#[tokio::test]
async fn webdav_basics_hold() {
    let h = Harness::new();
    let store = h.store();
    let auth = basic("me", &device(&store, "phone"));
    let hr = &h;
    let send = |m: &'static str, p: &'static str, hs: Vec<(&'static str, String)>, b: String| {
        let auth = auth.clone();
        async move {
            let pairs: Vec<(&str, &str)> = hs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            hr.send(dav(m, p, Some(&auth), &pairs, &b)).await
        }
    };
    // OPTIONS names the DAV classes and the methods.
    let r = send("OPTIONS", "/dav/me/contacts/", vec![], String::new()).await;
    assert_eq!(r.status, StatusCode::OK);
    let classes = r.headers["dav"].to_str().unwrap();
    assert!(
        classes.contains("1") && classes.contains("addressbook"),
        "{classes}"
    );
    assert!(
        r.headers[header::ALLOW]
            .to_str()
            .unwrap()
            .contains("PROPFIND")
    );
    // PUT then GET: the card comes back with the same strong ETag PUT gave.
    let put = send(
        "PUT",
        "/dav/me/contacts/basics.vcf",
        vec![("content-type", "text/vcard".into())],
        card("basics-1", "Basil Ick", "basil@example.org", ""),
    )
    .await;
    assert_eq!(put.status, StatusCode::CREATED, "{}", put.body);
    let etag = put.headers[header::ETAG].to_str().unwrap().to_string();
    assert!(etag.starts_with('"') && !etag.starts_with("W/"), "{etag}");
    let got = send("GET", "/dav/me/contacts/basics.vcf", vec![], String::new()).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.headers[header::ETAG].to_str().unwrap(), etag);
    assert!(got.body.contains("Basil Ick"), "{}", got.body);
    // HEAD: the headers without the body.
    let head = send("HEAD", "/dav/me/contacts/basics.vcf", vec![], String::new()).await;
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.body.is_empty());
    assert_eq!(head.headers[header::ETAG].to_str().unwrap(), etag);
    // PROPFIND: depth 0 the collection alone, depth 1 the collection and its one card.
    let zero = send(
        "PROPFIND",
        "/dav/me/contacts/",
        vec![("depth", "0".into())],
        PROPFIND_ETAGS.into(),
    )
    .await;
    assert_eq!(members(&zero.body).len(), 1, "{}", zero.body);
    let one = send(
        "PROPFIND",
        "/dav/me/contacts/",
        vec![("depth", "1".into())],
        PROPFIND_ETAGS.into(),
    )
    .await;
    assert_eq!(members(&one.body).len(), 2, "{}", one.body);
    // If-None-Match: * on a card that exists must not overwrite it.
    let again = send(
        "PUT",
        "/dav/me/contacts/basics.vcf",
        vec![("if-none-match", "*".into())],
        card("basics-1", "Someone Else", "else@example.org", ""),
    )
    .await;
    assert_eq!(
        again.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        again.body
    );
    // PUT into a collection that does not exist: 409, and nothing made.
    let orphan = send(
        "PUT",
        "/dav/me/notes/orphan.vcf",
        vec![],
        card("orphan-1", "Orphan Card", "orphan@example.org", ""),
    )
    .await;
    assert_eq!(orphan.status, StatusCode::CONFLICT, "{}", orphan.body);
    let people = store.list_people(&Default::default(), today()).unwrap();
    assert!(!people.iter().any(|p| p.name == "Orphan Card"));
    // MKCOL: no new collections; one under a missing parent is a conflict.
    let mkcol = send("MKCOL", "/dav/me/notes/", vec![], String::new()).await;
    assert_eq!(mkcol.status, StatusCode::FORBIDDEN, "{}", mkcol.body);
    let deeper = send("MKCOL", "/dav/me/notes/deeper/", vec![], String::new()).await;
    assert_eq!(deeper.status, StatusCode::CONFLICT, "{}", deeper.body);
    // DELETE, then the card is gone, and deleting it again is a 404.
    let del = send(
        "DELETE",
        "/dav/me/contacts/basics.vcf",
        vec![],
        String::new(),
    )
    .await;
    assert_eq!(del.status, StatusCode::NO_CONTENT, "{}", del.body);
    let gone = send("GET", "/dav/me/contacts/basics.vcf", vec![], String::new()).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    let del = send(
        "DELETE",
        "/dav/me/contacts/basics.vcf",
        vec![],
        String::new(),
    )
    .await;
    assert_eq!(del.status, StatusCode::NOT_FOUND, "{}", del.body);
    // Methods that are not DAV's here say so with Allow.
    let post = send("POST", "/dav/me/contacts/", vec![], String::new()).await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(post.headers.contains_key(header::ALLOW));
}

/// Cards are kept rendered between requests; a change made through another connection
/// (the command line, another process) shows in the very next listing and GET.
#[tokio::test]
async fn cards_follow_a_change_made_elsewhere_at_once() {
    let h = Harness::new();
    let store = h.store();
    let auth = basic("me", &device(&store, "phone"));
    let dana = store
        .add_person(
            &NewPerson {
                name: "Dana Lee".into(),
                ..NewPerson::default()
            },
            today(),
        )
        .unwrap();
    let list = || {
        let h = &h;
        let auth = auth.clone();
        async move {
            let r = h
                .send(dav(
                    "PROPFIND",
                    "/dav/me/contacts/",
                    Some(&auth),
                    &[("depth", "1")],
                    PROPFIND_ETAGS,
                ))
                .await;
            members(&r.body)
        }
    };
    let first = list().await;
    assert_eq!(first.len(), 2, "{first:?}"); // the collection and Dana
    assert_eq!(list().await, first, "nothing changed, nothing moves");
    let elsewhere = h.store();
    elsewhere
        .update_person(
            dana,
            &warmline_store::PersonPatch {
                title: Some("Head of Platform".into()),
                ..Default::default()
            },
            today(),
        )
        .unwrap();
    let second = list().await;
    assert_eq!(second.len(), 2, "{second:?}");
    assert_eq!(second[1].0, first[1].0, "the card keeps its address");
    assert_ne!(second[1].1, first[1].1, "the ETag follows the change");
    let got = h.send(dav("GET", &second[1].0, Some(&auth), &[], "")).await;
    assert!(got.body.contains("Head of Platform"), "{}", got.body);
    assert_eq!(got.headers[header::ETAG].to_str().unwrap(), second[1].1);
}
