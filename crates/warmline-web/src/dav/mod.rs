//! CardDAV (RFC 6352) and CalDAV (RFC 4791) at `/dav/`, so that a phone's address book
//! and a calendar app sync with the network.
//!
//! The threat: a device password is all a client presents, on every request, so the
//! defence is that nothing else opens `/dav/`. Requests carry HTTP Basic credentials (a
//! device password from Settings or `app-password add`, checked against its argon2id
//! hash); a browser session cookie is never read here, so the CSRF defence of the pages
//! has nothing to protect and is not applied (the guard still checks the host and adds
//! its headers). `POST`, the one method a foreign web page can send without asking, is
//! not a DAV method here and is refused. In hosted mode the user name is the account's
//! e-mail address and the password one of that account's device passwords; the request
//! then works on that account's database only, and an address naming another account's
//! number is a 404, as is any address that names nothing.
//!
//! Layout, the same in both modes (`P` is the account's number, `me` locally):
//! `/dav/` (root) → `/dav/P/` (the principal, also both home sets) → `/dav/P/contacts/`
//! (one address book of everyone, [`carddav`]) and `/dav/P/calendar/` (follow-ups and
//! keep-in-touch dates as to-dos, [`caldav`]). `/.well-known/carddav` and
//! `/.well-known/caldav` redirect to `/dav/`.
//!
//! Sync tokens (RFC 6578) come from the store's sync state (`Store::dav_refresh`): each
//! request that lists a collection brings the state up to the network as it is, so a
//! change made anywhere shows in the next sync, deletions included.

mod auth;
mod caldav;
mod calfilter;
mod carddav;
mod props;
pub mod xml;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::any;

pub use auth::Realm;

use crate::app::App;

/// The largest request body read (a card with its photo, a REPORT naming many cards).
pub const BODY_LIMIT: usize = 8 * 1024 * 1024;

/// The methods `/dav/` answers.
pub const ALLOW: &str = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, REPORT";

/// Whether an address belongs to DAV (no CSRF token, no cookie, no session).
pub fn is_dav(path: &str) -> bool {
    path == "/dav"
        || path.starts_with("/dav/")
        || path == "/.well-known/carddav"
        || path == "/.well-known/caldav"
}

/// The DAV routes, answered for `realm`.
pub fn router(realm: Realm) -> Router {
    Router::new()
        .route("/.well-known/carddav", any(well_known))
        .route("/.well-known/caldav", any(well_known))
        .route("/dav", any(handle))
        .route("/dav/", any(handle))
        .route("/dav/{*rest}", any(handle))
        .route_layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(realm)
}

async fn well_known() -> Response {
    Redirect::permanent("/dav/").into_response()
}

/// What an address names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    Root,
    Principal,
    AddressBook,
    Card(String),
    Calendar,
    CalendarItem(String),
}

/// A signed-in request: whose database, and the account's segment in addresses.
#[derive(Clone)]
pub(crate) struct Session {
    pub app: App,
    pub principal: String,
}

impl Session {
    pub fn principal_href(&self) -> String {
        format!("/dav/{}/", self.principal)
    }
    pub fn contacts_href(&self) -> String {
        format!("/dav/{}/contacts/", self.principal)
    }
    pub fn calendar_href(&self) -> String {
        format!("/dav/{}/calendar/", self.principal)
    }
}

/// Reads the address after `/dav/`; `None` names nothing (404).
fn target(path: &str, principal: &str) -> Option<Target> {
    let rest = path.strip_prefix("/dav").unwrap_or(path);
    let rest = rest.trim_start_matches('/');
    if rest.is_empty() {
        return Some(Target::Root);
    }
    let mut parts = rest.splitn(3, '/');
    let who = parts.next()?;
    if who != principal {
        return None;
    }
    let collection = parts.next().unwrap_or("");
    let item = parts.next().unwrap_or("");
    let item = percent_decode(item)?;
    if item.contains('/') {
        return None;
    }
    match (collection, item.is_empty()) {
        ("", _) => Some(Target::Principal),
        ("contacts", true) => Some(Target::AddressBook),
        ("contacts", false) => Some(Target::Card(item)),
        ("calendar", true) => Some(Target::Calendar),
        ("calendar", false) => Some(Target::CalendarItem(item)),
        _ => None,
    }
}

/// `%XX` decoded; `None` for a malformed escape or text that is not UTF-8.
pub(crate) fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A resource name as it appears in an address: anything but unreserved characters
/// percent-encoded.
pub(crate) fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'@') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The path of an href a client sent (full URL or path), percent-decoded.
pub(crate) fn href_path(href: &str) -> String {
    let path = match href.find("://") {
        Some(at) => {
            let after = &href[at + 3..];
            after.find('/').map_or("/", |p| &after[p..])
        }
        None => href,
    };
    path.to_string()
}

pub(crate) fn status(code: StatusCode, text: &str) -> Response {
    (
        code,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{text}\n"),
    )
        .into_response()
}

pub(crate) fn multistatus(body: String) -> Response {
    (
        StatusCode::MULTI_STATUS,
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        body,
    )
        .into_response()
}

/// Whether the request's preconditions hold against the resource's current ETag
/// (`None`: it does not exist). `If-Match: *` needs it to exist, `If-None-Match: *` needs
/// it not to; a listed ETag must be (or must not be) the current one.
pub(crate) fn preconditions_hold(headers: &HeaderMap, current: Option<&str>) -> bool {
    let listed = |name: header::HeaderName| -> Option<Vec<String>> {
        let values: Vec<String> = headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|t| t.trim().trim_start_matches("W/").to_string())
            .filter(|t| !t.is_empty())
            .collect();
        (!values.is_empty()).then_some(values)
    };
    if let Some(tags) = listed(header::IF_MATCH) {
        let ok = match current {
            None => false,
            Some(c) => tags.iter().any(|t| t == "*" || t == c),
        };
        if !ok {
            return false;
        }
    }
    if let Some(tags) = listed(header::IF_NONE_MATCH) {
        let clash = match current {
            None => false,
            Some(c) => tags.iter().any(|t| t == "*" || t == c),
        };
        if clash {
            return false;
        }
    }
    true
}

/// The strong ETag of a representation: a hash of its bytes.
pub(crate) fn etag_of(text: &str) -> String {
    let hash = warmline_accounts::token::hash_of(text);
    format!("\"{}\"", &hash[..32])
}

async fn handle(State(realm): State<Realm>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    if parts.method == Method::POST {
        let mut resp = status(
            StatusCode::METHOD_NOT_ALLOWED,
            "POST is not a DAV method here",
        );
        resp.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static(ALLOW));
        return resp;
    }
    let peer = parts.extensions.get::<crate::listen::Peer>();
    let session = match realm.authenticate(&parts.headers, peer).await {
        Ok(s) => s,
        Err(resp) => return resp,
    };
    let Some(target) = target(parts.uri.path(), &session.principal) else {
        return unplaced(parts.method.as_str(), parts.uri.path(), &session.principal);
    };
    let body = match axum::body::to_bytes(Body::new(body), BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            return status(
                StatusCode::PAYLOAD_TOO_LARGE,
                "the request body is too large",
            );
        }
    };
    let result = match parts.method.as_str() {
        "OPTIONS" => Ok(options()),
        "PROPFIND" => props::propfind(&session, &target, &parts.headers, &body).await,
        "REPORT" => match &target {
            Target::AddressBook => carddav::report(&session, &parts.headers, &body).await,
            Target::Calendar => caldav::report(&session, &body).await,
            _ => Ok(status(StatusCode::FORBIDDEN, "no report here")),
        },
        "GET" | "HEAD" => {
            let resp = match &target {
                Target::Card(name) => carddav::get(&session, name, &parts.headers).await,
                Target::CalendarItem(name) => caldav::get(&session, name).await,
                _ => Ok(status(
                    StatusCode::OK,
                    "warmline's CardDAV and CalDAV: point a sync app at this address",
                )),
            };
            if parts.method == Method::HEAD {
                resp.map(|r| {
                    let (p, _) = r.into_parts();
                    Response::from_parts(p, Body::empty())
                })
            } else {
                resp
            }
        }
        "PUT" => match &target {
            Target::Card(name) => carddav::put(&session, name, &parts.headers, &body).await,
            Target::CalendarItem(name) => caldav::put(&session, name, &parts.headers, &body).await,
            _ => Ok(status(
                StatusCode::METHOD_NOT_ALLOWED,
                "PUT a card or a to-do, not a collection",
            )),
        },
        "DELETE" => match &target {
            Target::Card(name) => carddav::delete(&session, name, &parts.headers).await,
            Target::CalendarItem(_) => Ok(status(
                StatusCode::FORBIDDEN,
                "complete a to-do instead of deleting it: it is a follow-up in warmline",
            )),
            _ => Ok(status(
                StatusCode::FORBIDDEN,
                "collections cannot be deleted",
            )),
        },
        "MKCOL" | "MKCALENDAR" => Ok(status(
            StatusCode::FORBIDDEN,
            "warmline has one address book and one calendar",
        )),
        _ => Ok(status(
            StatusCode::METHOD_NOT_ALLOWED,
            "not a DAV method here",
        )),
    };
    match result {
        Ok(resp) if accepts_gzip(&parts.headers) => gzipped(resp).await,
        Ok(resp) => resp,
        Err(e) => {
            let code = e.status();
            let text = if code.is_server_error() {
                tracing::error!(error = %e, "dav request failed");
                "the server could not finish this request".to_string()
            } else {
                e.to_string()
            };
            status(code, &text)
        }
    }
}

/// The answer to an address under the account's own principal that names nothing.
/// RFC 4918 answers a write whose parent collection is missing with 409 (§9.7.1 for PUT,
/// §9.3.1 for MKCOL), so a client learns the parent is what is wrong; a new collection
/// beside the two there are is refused (403). Anything else, and every address outside
/// the account's own principal, is a 404 that says nothing about what exists.
fn unplaced(method: &str, path: &str, principal: &str) -> Response {
    let writes = matches!(method, "PUT" | "MKCOL" | "MKCALENDAR");
    if !writes || !within(path, principal) {
        return status(StatusCode::NOT_FOUND, "nothing here");
    }
    let trimmed = path.trim_end_matches('/');
    let parent = &trimmed[..trimmed.rfind('/').map_or(0, |at| at + 1)];
    match target(parent, principal) {
        // Inside a collection, only a name that cannot be read (a slash, a bad escape)
        // names nothing.
        Some(Target::AddressBook | Target::Calendar) if method == "PUT" => {
            return status(
                StatusCode::BAD_REQUEST,
                "the name cannot be read: it holds a slash or a malformed %-escape",
            );
        }
        Some(Target::AddressBook | Target::Calendar) => {
            return status(
                StatusCode::FORBIDDEN,
                "the address book and the calendar hold no collections",
            );
        }
        Some(_) => {
            return status(
                StatusCode::FORBIDDEN,
                "warmline has one address book (contacts/) and one calendar (calendar/)",
            );
        }
        None => {}
    }
    status(
        StatusCode::CONFLICT,
        "no such collection: put cards in contacts/ and to-dos in calendar/",
    )
}

/// Whether an address lies under the principal's own collection.
fn within(path: &str, principal: &str) -> bool {
    path.strip_prefix("/dav/")
        .and_then(|rest| rest.strip_prefix(principal))
        .is_some_and(|rest| rest.starts_with('/'))
}

/// Whether the client takes a gzip-compressed answer (`Accept-Encoding`, without `q=0`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            name.eq_ignore_ascii_case("gzip") && !refused
        })
}

/// Answers over a kilobyte compressed with gzip: a listing of thousands of cards is XML
/// that shrinks several times over, and clients ask for it.
async fn gzipped(resp: Response) -> Response {
    use std::io::Write as _;
    const WORTH_IT: usize = 1024;
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return status(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the answer could not be read",
        );
    };
    if bytes.len() < WORTH_IT || parts.headers.contains_key(header::CONTENT_ENCODING) {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let Ok(compressed) = encoder.write_all(&bytes).and_then(|()| encoder.finish()) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    parts
        .headers
        .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    parts
        .headers
        .insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(compressed))
}

fn options() -> Response {
    let mut resp = StatusCode::OK.into_response();
    let h = resp.headers_mut();
    h.insert(
        "dav",
        HeaderValue::from_static("1, 3, addressbook, calendar-access"),
    );
    h.insert(header::ALLOW, HeaderValue::from_static(ALLOW));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_name_what_they_should() {
        assert_eq!(target("/dav/", "7"), Some(Target::Root));
        assert_eq!(target("/dav", "7"), Some(Target::Root));
        assert_eq!(target("/dav/7/", "7"), Some(Target::Principal));
        assert_eq!(target("/dav/7/contacts/", "7"), Some(Target::AddressBook));
        assert_eq!(
            target("/dav/7/contacts/a%20b.vcf", "7"),
            Some(Target::Card("a b.vcf".into()))
        );
        assert_eq!(target("/dav/7/calendar", "7"), Some(Target::Calendar));
        assert_eq!(target("/dav/8/contacts/", "7"), None);
        assert_eq!(target("/dav/7/other/", "7"), None);
        assert_eq!(target("/dav/7/contacts/a%2Fb.vcf", "7"), None);
        assert_eq!(target("/dav/7/contacts/%ff.vcf", "7"), None);
    }

    #[test]
    fn writes_into_missing_collections_conflict() {
        assert!(within("/dav/7/x/y", "7"));
        assert!(!within("/dav/70/x", "7"));
        assert!(!within("/dav/8/x", "7"));
        assert!(!within("/dav/", "7"));
        let code = |m: &str, p: &str| unplaced(m, p, "7").status();
        assert_eq!(code("PUT", "/dav/7/notes/a.vcf"), StatusCode::CONFLICT);
        assert_eq!(code("MKCOL", "/dav/7/notes/deeper/"), StatusCode::CONFLICT);
        assert_eq!(code("MKCOL", "/dav/7/notes/"), StatusCode::FORBIDDEN);
        assert_eq!(code("MKCALENDAR", "/dav/7/work/"), StatusCode::FORBIDDEN);
        assert_eq!(
            code("MKCOL", "/dav/7/contacts/litmus/"),
            StatusCode::FORBIDDEN
        );
        assert_eq!(code("PUT", "/dav/8/notes/a.vcf"), StatusCode::NOT_FOUND);
        assert_eq!(code("GET", "/dav/7/notes/a.vcf"), StatusCode::NOT_FOUND);
        assert_eq!(code("DELETE", "/dav/7/notes/"), StatusCode::NOT_FOUND);
        assert_eq!(
            code("PUT", "/dav/7/contacts/a%2Fb.vcf"),
            StatusCode::BAD_REQUEST
        );
    }

    #[test]
    fn preconditions() {
        let mut h = HeaderMap::new();
        assert!(preconditions_hold(&h, None));
        h.insert(header::IF_MATCH, HeaderValue::from_static("\"a\""));
        assert!(preconditions_hold(&h, Some("\"a\"")));
        assert!(!preconditions_hold(&h, Some("\"b\"")));
        assert!(!preconditions_hold(&h, None));
        let mut h = HeaderMap::new();
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("*"));
        assert!(preconditions_hold(&h, None));
        assert!(!preconditions_hold(&h, Some("\"a\"")));
    }

    #[test]
    fn gzip_only_when_accepted() {
        let mut h = HeaderMap::new();
        assert!(!accepts_gzip(&h));
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("deflate, gzip"),
        );
        assert!(accepts_gzip(&h));
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip;q=0, br"),
        );
        assert!(!accepts_gzip(&h));
    }

    #[test]
    fn names_round_trip_through_addresses() {
        let name = "ä b/c.vcf";
        assert_eq!(percent_decode(&percent_encode(name)).as_deref(), Some(name));
        assert_eq!(
            href_path("https://h.example/dav/1/contacts/x.vcf"),
            "/dav/1/contacts/x.vcf"
        );
        assert_eq!(href_path("/dav/1/"), "/dav/1/");
    }
}
