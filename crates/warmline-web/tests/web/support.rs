//! Driving the router in-process: a fresh database in a temporary folder, a pinned date,
//! and requests sent the way a browser on this server would send them (its Host, its
//! Origin, its CSRF cookie and field), or deliberately not.

use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use chrono::NaiveDate;
use http_body_util::BodyExt;
use tower::ServiceExt;
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_core::person::{FactCategory, Met, Tier};
use warmline_store::{NewPerson, Store};
use warmline_web::{App, HostPolicy, Today};

pub const TODAY: &str = "2026-11-25";
pub const HOST: &str = "127.0.0.1:7878";
pub const ORIGIN: &str = "http://127.0.0.1:7878";
/// A well-formed token, as the browser would hold it in its cookie.
pub const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

pub fn today() -> NaiveDate {
    warmline_core::date::parse_iso(TODAY).unwrap()
}

pub struct Harness {
    pub dir: tempfile::TempDir,
    pub router: Router,
    pub app: App,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    #[track_caller]
    pub fn ok(self) -> Reply {
        assert_eq!(self.status, StatusCode::OK, "{}", self.body);
        self
    }

    /// A change succeeded: a 303 back to a page.
    #[track_caller]
    pub fn redirected(self) -> Reply {
        assert_eq!(self.status, StatusCode::SEE_OTHER, "{}", self.body);
        self
    }
}

impl Harness {
    pub fn new() -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(dir.path().join("web.db"), Today::Fixed(today())).unwrap();
        let router = warmline_web::router(app.clone(), HostPolicy::loopback(7878));
        Harness { dir, router, app }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("web.db")
    }

    /// A second connection, as the command line would open.
    pub fn store(&self) -> Store {
        Store::open(&self.db()).unwrap()
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        let req = Request::get(path)
            .header(header::HOST, HOST)
            .header(header::COOKIE, format!("warmline_csrf={TOKEN}"))
            .body(Body::empty())
            .unwrap();
        self.send(req).await
    }

    /// A form sent from one of this server's pages.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let mut all = vec![("csrf", TOKEN)];
        all.extend_from_slice(fields);
        self.post_with(path, &encode(&all), Some(ORIGIN), Some(TOKEN))
            .await
    }

    /// A form with the origin and cookie given (or left out).
    pub async fn post_with(
        &self,
        path: &str,
        body: &str,
        origin: Option<&str>,
        cookie: Option<&str>,
    ) -> Reply {
        let mut req = Request::post(path)
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(o) = origin {
            req = req.header(header::ORIGIN, o);
        }
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, format!("warmline_csrf={c}"));
        }
        self.send(req.body(Body::from(body.to_string())).unwrap())
            .await
    }
}

/// One part of a multipart form: its name, a file name for a file, the content.
pub type Part<'a> = (&'a str, Option<&'a str>, &'a [u8]);

/// A multipart form, its parts in order.
pub fn multipart(parts: &[Part<'_>]) -> (String, Vec<u8>) {
    let boundary = "----warmlinetestboundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, file, content) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some(f) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl Harness {
    /// An upload, with the origin and cookie a page of this server would send.
    pub async fn upload(
        &self,
        path: &str,
        parts: &[(&str, Option<&str>, &[u8])],
        origin: &str,
    ) -> Reply {
        let (content_type, body) = multipart(parts);
        let req = Request::post(path)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, origin)
            .header(header::COOKIE, format!("warmline_csrf={TOKEN}"))
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }
}

pub fn encode(fields: &[(&str, &str)]) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A small network: Dana (met at a mixer, so with an after-event follow-up), Sam, and an
/// interaction with both. Returns their ids.
pub fn seed(store: &Store) -> (i64, i64) {
    let today = today();
    let dana = store
        .add_person(
            &NewPerson {
                name: "Dana Lee".into(),
                emails: vec!["dana@acme.example".into()],
                org: Some("Acme PR".into()),
                title: Some("Account Director".into()),
                tags: vec!["pr".into()],
                tier: Some(Tier::Close),
                met: Met {
                    context: Some("PRSA mixer".into()),
                    on: Some(today - chrono::Duration::days(1)),
                    event_id: None,
                },
                ..NewPerson::default()
            },
            today,
        )
        .unwrap();
    store
        .add_follow_up(
            dana,
            "send a note",
            today + chrono::Duration::days(1),
            warmline_core::followup::Origin::Manual,
            today,
        )
        .unwrap();
    let sam = store
        .add_person(
            &NewPerson {
                name: "Sam Park".into(),
                org: Some("Bright Comms".into()),
                tier: Some(Tier::Regular),
                ..NewPerson::default()
            },
            today,
        )
        .unwrap();
    store
        .add_fact(
            Some(dana),
            FactCategory::Hobby,
            "rock climbing",
            None,
            today,
        )
        .unwrap();
    store
        .log_interaction(
            &NewInteraction {
                on: today - chrono::Duration::days(40),
                kind: Kind::Coffee,
                direction: Direction::Mutual,
                summary: "coffee about the Austin move".into(),
                notes: "she is hiring".into(),
                source: "manual".into(),
                source_key: None,
                people: vec![dana, sam],
            },
            today,
        )
        .unwrap();
    (dana, sam)
}

/// Everything a change could touch, as one text: equal before and after means nothing
/// was written.
pub fn fingerprint(store: &Store) -> String {
    let people = store.count_people().unwrap();
    let interactions = store.count_interactions().unwrap();
    let follow_ups = store.all_follow_ups().unwrap();
    let settings = store.settings().unwrap();
    let mut facts = store.facts(None).unwrap();
    let mut persons = Vec::new();
    for id in 1..=people + 5 {
        if let Ok(p) = store.person(id) {
            facts.extend(store.facts(Some(id)).unwrap());
            persons.push(p);
        }
    }
    let events = store.events().unwrap();
    let orgs = store.orgs().unwrap();
    format!(
        "{people} {interactions} {follow_ups:?} {settings:?} {facts:?} {persons:?} {events:?} {orgs:?}"
    )
}
