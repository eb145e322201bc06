//! Sessions: the cookie, its lifetime, and the layer that turns it into an account's
//! database for the request.
//!
//! The cookie holds 256 random bits; the registry keeps only their SHA-256. It is
//! `HttpOnly` (no script reads it), `SameSite=Lax` (not sent with another site's forms),
//! and over HTTPS `Secure` with the `__Host-` prefix (so no other host or path can set
//! it). A new id is made at login and whenever the session's privilege changes (the
//! second factor typed or turned on or off), so an id someone planted before login is
//! worth nothing after. A session ends after [`IDLE`] without a request and [`ABSOLUTE`]
//! after the login, whatever happens.

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use warmline_accounts::token;

use super::{Hosted, SignedIn, is_public};
use crate::error::WebError;

/// A session unused this long (seconds) ends.
pub const IDLE: i64 = 30 * 60;
/// A session ends this long (seconds) after its login, used or not.
pub const ABSOLUTE: i64 = 12 * 60 * 60;
/// The last-seen time is written at most this often (seconds), not on every request.
const TOUCH_EVERY: i64 = 60;

const PLAIN_NAME: &str = "warmline_session";
const HOST_NAME: &str = "__Host-warmline_session";

/// The session cookie's name: with the `__Host-` prefix over HTTPS.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure { HOST_NAME } else { PLAIN_NAME }
}

/// The request's session id, if it carries a well-formed one.
pub fn cookie_value(headers: &HeaderMap, secure: bool) -> Option<String> {
    let name = cookie_name(secure);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, v)| *n == name && token::looks_like(v))
        .map(|(_, v)| v.to_string())
}

/// The `Set-Cookie` value that gives the browser session `id`.
pub fn set_cookie(id: &str, secure: bool) -> Option<HeaderValue> {
    let extra = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}={id}; Path=/; Max-Age={ABSOLUTE}; HttpOnly; SameSite=Lax{extra}",
        cookie_name(secure)
    ))
    .ok()
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> Option<HeaderValue> {
    let extra = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{extra}",
        cookie_name(secure)
    ))
    .ok()
}

/// A response with the session cookie set or cleared.
pub fn with_cookie(resp: impl IntoResponse, cookie: Option<HeaderValue>) -> Response {
    let mut resp = resp.into_response();
    if let Some(c) = cookie {
        resp.headers_mut().append(header::SET_COOKIE, c);
    }
    resp
}

/// What a session lookup found.
pub enum Found {
    /// Logged in: the account and the hash of the session id.
    Account(SignedIn, String),
    /// The password was right; the second factor is still to be typed.
    PendingCode,
    None,
}

/// Finds the session of these headers, ending it when it is too old or idle too long.
pub async fn find(hosted: &Hosted, headers: &HeaderMap) -> Result<Found, WebError> {
    let Some(id) = cookie_value(headers, hosted.config().secure) else {
        return Ok(Found::None);
    };
    let hash = token::hash_of(&id);
    let now = hosted.now();
    hosted
        .registry(move |r| {
            // The session and its account in one statement: every request asks.
            let Some((s, account)) = r.signed_in(&hash)? else {
                return Ok(Found::None);
            };
            if now - s.seen_at > IDLE || now - s.created_at > ABSOLUTE {
                r.end_session(&hash)?;
                return Ok(Found::None);
            }
            if s.pending_totp {
                return Ok(Found::PendingCode);
            }
            if now - s.seen_at >= TOUCH_EVERY {
                r.touch_session(&hash, now)?;
            }
            Ok(Found::Account(
                SignedIn {
                    account: account.id,
                    email: account.email,
                    totp: account.totp,
                    admin: account.admin,
                },
                hash,
            ))
        })
        .await
}

/// The hash of the request's session id, for the handlers that end or rotate it.
#[derive(Debug, Clone)]
pub struct SessionHash(pub String);

/// Every request but the public ones needs a live session: it then runs with the
/// account's own database (its [`crate::App`] in the request's extensions) and nothing
/// else. Without one, the browser is sent to the login page.
pub async fn layer(State(hosted): State<Hosted>, mut req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let method = req.method().clone();
    let public = is_public(req.uri().path());
    // Pages served here are not on the reader's computer: their footer must not say so.
    if let Some(csrf) = req.extensions_mut().get_mut::<crate::security::CsrfToken>() {
        csrf.1 = crate::security::Mode::Hosted;
    }
    // A calendar app has no session: the feed's own address names the account and
    // carries its secret token, which the feed checks against that account's settings.
    if let Some(id) = calendar_account(req.uri().path()) {
        let live = hosted
            .registry(move |r| Ok(r.account(id)?.is_some_and(|a| !a.disabled)))
            .await;
        return match live {
            Ok(true) => match hosted.app_of(id).await {
                Ok(app) => {
                    req.extensions_mut().insert(app);
                    next.run(req).await
                }
                Err(e) => e.into_response(),
            },
            Ok(false) => {
                WebError::NotFound("There is no page at this address.".into()).into_response()
            }
            Err(e) => e.into_response(),
        };
    }
    let found = match find(&hosted, req.headers()).await {
        Ok(f) => f,
        Err(e) => return e.into_response(),
    };
    let account = match found {
        Found::Account(signed_in, hash) => {
            let id = signed_in.account;
            if !public {
                match hosted.app_of(id).await {
                    Ok(app) => {
                        req.extensions_mut().insert(app);
                    }
                    Err(e) => return e.into_response(),
                }
            }
            req.extensions_mut().insert(signed_in);
            // Pages that show the account's own registry entries (Settings' digest).
            req.extensions_mut().insert(hosted.clone());
            req.extensions_mut().insert(SessionHash(hash));
            Some(id)
        }
        Found::PendingCode if !public => return Redirect::to("/login/code").into_response(),
        Found::PendingCode | Found::None if public => None,
        Found::PendingCode | Found::None => return Redirect::to("/login").into_response(),
    };
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or_else(|| "-".to_string(), |m| m.as_str().to_string());
    let resp = next.run(req).await;
    // The route's pattern, never the address itself (it may hold a search), and the
    // account's number, never its e-mail.
    tracing::info!(
        account = account.map(|a| a.0),
        %method,
        route,
        status = resp.status().as_u16(),
        ms = started.elapsed().as_millis(),
        "request"
    );
    resp
}

/// The account a hosted calendar feed's address names: `/calendar/<account>-<token>.ics`.
pub fn calendar_account(path: &str) -> Option<warmline_store::accounts::AccountId> {
    let file = path.strip_prefix("/calendar/")?;
    let (id, rest) = file.split_once('-')?;
    let token = rest.strip_suffix(".ics")?;
    if !token::looks_like(token) {
        return None;
    }
    id.parse()
        .ok()
        .filter(|n| *n > 0)
        .map(warmline_store::accounts::AccountId)
}

/// The client's address for throttling: the connection's peer, or behind a proxy the
/// address the proxy appended last to `X-Forwarded-For`.
pub fn client_address(hosted: &Hosted, headers: &HeaderMap, peer: Option<&Peer>) -> String {
    if hosted.config().behind_proxy
        && let Some(forwarded) = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|v| v.parse::<std::net::IpAddr>().is_ok())
    {
        return forwarded.to_string();
    }
    peer.map_or_else(|| "unknown".to_string(), |p| p.0.ip().to_string())
}

pub use crate::listen::Peer;
