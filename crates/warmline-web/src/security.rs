//! Secure by default: every request passes [`guard`] before reaching a handler.
//!
//! * **Host check.** Bound to loopback, the server answers only requests addressed to a
//!   loopback name (`127.0.0.1`, `localhost`, `[::1]`). A web page elsewhere cannot point
//!   its own domain name at 127.0.0.1 (DNS rebinding) and read your network through it.
//! * **CSRF.** Each browser gets a random token in a `SameSite=Strict` cookie; every form
//!   carries it in a hidden `csrf` field. A request that changes anything (any method but
//!   GET and HEAD) must come from this origin (its `Origin`, else its `Referer`, names
//!   this host) and carry the cookie's token. Anything else is refused with 403 before a
//!   handler runs, so nothing is written.
//! * **Headers.** A strict Content-Security-Policy (only this origin's stylesheet and
//!   script, no inline script or style, no framing, forms only to this origin),
//!   `nosniff`, `Referrer-Policy: same-origin`, and `no-store` on pages, which hold
//!   personal data.
//!
//! Forms are read here to check their token, within the form limit; uploads (multipart,
//! only on the import routes) are checked by their handler, which reads the token field
//! before any file.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::WebError;

/// The cookie and form field that carry the CSRF token.
pub const CSRF_COOKIE: &str = "warmline_csrf";
pub const CSRF_FIELD: &str = "csrf";

/// Longest a request may take, from its first body byte to its answer, uploads and the
/// guard's own reading of a form included, before it is answered with 408.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// The largest form accepted (uploads have their own limit).
pub const FORM_LIMIT: usize = 64 * 1024;
/// The largest upload accepted; larger files go through the command line.
pub const UPLOAD_LIMIT: usize = 100 * 1024 * 1024;

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; \
                   worker-src 'self'; manifest-src 'self'";

/// The token of this browser, for the hidden field of every form on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsrfToken(pub String, pub Mode);

/// Which server a page is served by: the pages say "on this computer" only locally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Local,
    Hosted,
}

/// Set when a multipart upload passed the origin check; its handler must still compare
/// the token field with this one.
#[derive(Debug, Clone)]
pub struct UploadToken(pub String);

/// Who may be asked for: `None` accepts any host (`--allow-remote`).
#[derive(Debug, Clone, Default)]
pub struct HostPolicy {
    pub allowed: Option<Vec<String>>,
}

impl HostPolicy {
    /// The names a loopback server at `port` answers to.
    pub fn loopback(port: u16) -> HostPolicy {
        HostPolicy::loopback_at(std::net::Ipv4Addr::LOCALHOST.into(), port)
    }

    /// The names a server bound to the loopback address `ip` answers to: the usual
    /// loopback names and the address itself, so `--bind 127.0.0.2` answers at
    /// `http://127.0.0.2:PORT/` as it says it does.
    pub fn loopback_at(ip: std::net::IpAddr, port: u16) -> HostPolicy {
        let mut names = vec![
            "127.0.0.1".to_string(),
            "localhost".to_string(),
            "[::1]".to_string(),
        ];
        let own = match ip {
            std::net::IpAddr::V4(v4) => v4.to_string(),
            std::net::IpAddr::V6(v6) => format!("[{v6}]"),
        };
        if !names.contains(&own) {
            names.push(own);
        }
        let mut allowed: Vec<String> = names.iter().map(|n| format!("{n}:{port}")).collect();
        // Browsers leave out the default port.
        if port == 80 {
            allowed.extend(names);
        }
        HostPolicy {
            allowed: Some(allowed),
        }
    }

    fn permits(&self, host: Option<&str>) -> bool {
        match (&self.allowed, host) {
            (None, _) => true,
            (Some(list), Some(h)) => list.iter().any(|a| a.eq_ignore_ascii_case(h)),
            (Some(_), None) => false,
        }
    }
}

/// A fresh token: 32 bytes from the operating system's generator, as hex.
pub fn new_token() -> Result<String, WebError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| WebError::Internal(format!("no randomness from the system: {e}")))?;
    Ok(hex(&bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn is_token(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Compares without stopping at the first difference, so timing reveals nothing.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == CSRF_COOKIE && is_token(value))
        .map(|(_, value)| value.to_string())
}

/// The `host[:port]` part of an `Origin` or `Referer` value.
fn authority(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))?;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(rest))
}

/// Whether a state-changing request comes from a page of this server: its `Origin` (or,
/// when a browser leaves that out, its `Referer`) must name the host it was sent to.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    source
        .and_then(authority)
        .is_some_and(|a| a.eq_ignore_ascii_case(host))
}

fn form_token(body: &[u8]) -> Option<String> {
    // A token is plain hex, so it needs no percent-decoding to compare.
    body.split(|b| *b == b'&')
        .filter_map(|pair| {
            let s = std::str::from_utf8(pair).ok()?;
            s.split_once('=')
        })
        .find(|(k, _)| *k == CSRF_FIELD)
        .map(|(_, v)| v.to_string())
}

fn refuse(why: &str) -> Response {
    WebError::Forbidden(why.to_string()).into_response()
}

fn content_type(headers: &HeaderMap) -> &str {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// Checks the host and, for state changes, the origin and token; then adds the security
/// headers and, for a new browser, the token cookie. Refusals carry the same headers as
/// pages: a 403 is a page too, and must not be framed, sniffed or cached.
pub async fn guard(State(policy): State<HostPolicy>, req: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_TIMEOUT, checked(policy, req, next)).await {
        Ok(resp) => resp,
        Err(_) => secured(
            WebError::Timeout("The request took too long and was not carried out.".into())
                .into_response(),
        ),
    }
}

async fn checked(policy: HostPolicy, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    if !policy.permits(host) {
        return secured(refuse(
            "This server answers only at its own loopback address.",
        ));
    }
    // DAV signs in with Basic credentials on every request and never reads a cookie, so
    // there is no session for a forged request to ride on: no CSRF token, no cookie set.
    if crate::dav::is_dav(req.uri().path()) {
        return secured(next.run(req).await);
    }
    let existing = cookie_token(req.headers());
    let token = match &existing {
        Some(t) => t.clone(),
        None => match new_token() {
            Ok(t) => t,
            Err(e) => return secured(e.into_response()),
        },
    };
    let req = if req.method() == Method::GET || req.method() == Method::HEAD {
        req
    } else {
        match check_change(req, existing.as_deref()).await {
            Ok(req) => req,
            Err(resp) => return secured(resp),
        }
    };
    let mut req = req;
    req.extensions_mut()
        .insert(CsrfToken(token.clone(), Mode::Local));
    let mut resp = secured(next.run(req).await);
    if existing.is_none()
        && let Ok(v) = HeaderValue::from_str(&format!(
            "{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
        ))
    {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

/// Adds the headers every answer carries.
fn secured(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    resp
}

/// The checks on a request that changes something; returns it ready for its handler.
async fn check_change(req: Request, cookie: Option<&str>) -> Result<Request, Response> {
    if !same_origin(req.headers()) {
        return Err(refuse(
            "This request did not come from a warmline page, so it was not carried out.",
        ));
    }
    let Some(cookie) = cookie else {
        return Err(refuse(
            "Your browser sent no session cookie. Reload the page and try again.",
        ));
    };
    let ct = content_type(req.headers()).to_ascii_lowercase();
    if ct.starts_with("multipart/form-data") {
        if !req.uri().path().starts_with("/import") {
            return Err(StatusCode::UNSUPPORTED_MEDIA_TYPE.into_response());
        }
        let mut req = req;
        req.extensions_mut().insert(UploadToken(cookie.to_string()));
        return Ok(req);
    }
    if !ct.starts_with("application/x-www-form-urlencoded") {
        return Err(StatusCode::UNSUPPORTED_MEDIA_TYPE.into_response());
    }
    let (parts, body) = req.into_parts();
    let bytes: Bytes = axum::body::to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| (StatusCode::PAYLOAD_TOO_LARGE, "form too large").into_response())?;
    match form_token(&bytes) {
        Some(t) if same_token(&t, cookie) => Ok(Request::from_parts(parts, Body::from(bytes))),
        _ => Err(refuse(
            "This form is out of date or did not come from warmline. Reload the page and try again.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert!(is_token(&a) && is_token(&b));
        assert_ne!(a, b);
        assert!(same_token(&a, &a.clone()));
        assert!(!same_token(&a, &b));
        assert!(!same_token(&a, &a[..10]));
    }

    #[test]
    fn origin_must_name_the_host() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:7878"));
        assert!(!same_origin(&h), "no origin, no referer");
        h.insert(
            header::REFERER,
            HeaderValue::from_static("http://127.0.0.1:7878/people/3"),
        );
        assert!(same_origin(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert!(!same_origin(&h), "the origin wins over the referer");
        h.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert!(!same_origin(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:7879"),
        );
        assert!(!same_origin(&h), "another port is another origin");
    }

    #[test]
    fn loopback_policy_names_the_port() {
        let p = HostPolicy::loopback(7878);
        assert!(p.permits(Some("127.0.0.1:7878")));
        assert!(p.permits(Some("LOCALHOST:7878")));
        assert!(!p.permits(Some("evil.example:7878")));
        assert!(!p.permits(Some("127.0.0.1:80")));
        assert!(!p.permits(None));
        assert!(HostPolicy::default().permits(Some("anything")));
    }

    #[test]
    fn any_loopback_address_answers_to_itself() {
        let p = HostPolicy::loopback_at("127.0.0.2".parse().unwrap(), 7878);
        assert!(p.permits(Some("127.0.0.2:7878")));
        assert!(p.permits(Some("127.0.0.1:7878")));
        assert!(!p.permits(Some("127.0.0.3:7878")));
        let v6 = HostPolicy::loopback_at("::1".parse().unwrap(), 9000);
        assert!(v6.permits(Some("[::1]:9000")));
    }

    #[test]
    fn the_token_field_is_found_among_others() {
        assert_eq!(form_token(b"name=a&csrf=abc&x=1").as_deref(), Some("abc"));
        assert_eq!(form_token(b"name=csrf"), None);
    }
}
