//! One module per page. Each handler reads its input, asks the store (on a blocking
//! thread, through [`crate::app::App::run`]), builds a view of plain strings and numbers,
//! and renders it through an askama template, which escapes everything it prints.

pub mod calendar;
pub mod corrections;
pub mod events;
pub mod follow_ups;
pub mod give;
pub mod goals;
pub mod import;
pub mod insights;
pub mod met;
pub mod opportunities;
pub mod orgs;
pub mod path;
pub mod people;
pub mod person;
pub mod person_edit;
pub mod person_forms;
pub mod person_together;
pub mod settings;
pub mod today;
pub mod triage;
pub mod undo;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::Redirect;
use chrono::NaiveDate;
use serde::de::DeserializeOwned;

use crate::assets::{SCRIPT_URL, STYLE_URL};
use crate::error::WebError;
use crate::security::CsrfToken;

/// What every page shares: its title, which navigation entry is current, the CSRF token
/// for its forms, and a notice after a change ("Saved.").
pub struct Chrome {
    pub title: String,
    pub nav: &'static str,
    pub csrf: String,
    pub notice: Option<&'static str>,
    /// After a removal, the trash entry the page's Undo puts back.
    pub undo: Option<i64>,
    /// Served by the local server: the footer says the data stays on this computer,
    /// which a hosted server must never claim.
    pub local: bool,
}

/// The navigation, in order: address, entry name, label. "Met someone" comes second, so
/// a phone shows it at once beside Today.
pub const NAV: [(&str, &str, &str); 10] = [
    ("/", "today", "Today"),
    ("/met", "met", "Met someone"),
    ("/people", "people", "People"),
    ("/goals", "goals", "Goals"),
    ("/opportunities", "opportunities", "Opportunities"),
    ("/give", "give", "Give"),
    ("/insights", "insights", "Insights"),
    ("/import", "import", "Import"),
    ("/settings", "settings", "Settings"),
    ("/people/new", "new", "Add person"),
];

impl Chrome {
    pub fn new(title: impl Into<String>, nav: &'static str) -> Chrome {
        Chrome {
            title: title.into(),
            nav,
            csrf: String::new(),
            notice: None,
            undo: None,
            local: false,
        }
    }

    pub fn page(title: impl Into<String>, nav: &'static str, csrf: &CsrfToken) -> Chrome {
        Chrome {
            csrf: csrf.0.clone(),
            local: csrf.1 == crate::security::Mode::Local,
            ..Chrome::new(title, nav)
        }
    }

    pub fn with_notice(mut self, code: Option<&str>) -> Chrome {
        // A removal names its trash entry ("removed-12"), so that every page a removal
        // returns to can offer Undo without reflecting anything but a number.
        match code.and_then(|c| c.strip_prefix("removed-")) {
            Some(n) => {
                self.undo = n.parse().ok().filter(|n| *n > 0);
                self.notice = notice("removed");
            }
            None => self.notice = code.and_then(notice),
        }
        self
    }

    pub fn is(&self, nav: &str) -> bool {
        self.nav == nav
    }

    pub fn style_url(&self) -> &str {
        &STYLE_URL
    }

    pub fn script_url(&self) -> &str {
        &SCRIPT_URL
    }

    pub fn nav_items(&self) -> &'static [(&'static str, &'static str, &'static str)] {
        &NAV
    }
}

/// Notices are named by a short code in the address a change redirects to, so no text a
/// user typed is ever reflected from the address into a page.
fn notice(code: &str) -> Option<&'static str> {
    Some(match code {
        "added" => "Added.",
        "saved" => "Saved.",
        "logged" => "Logged.",
        "met" => "Saved: the meeting is logged and the follow-ups are in your plan.",
        "fact" => "Noted.",
        "followup" => "Follow-up added.",
        "done" => "Done. Nice work.",
        "snoozed" => "Snoozed.",
        "cancelled" => "Cancelled.",
        "removed" => "Removed.",
        "restored" => "Put back as it was.",
        "token" => "A new calendar address is ready; the old one no longer works.",
        "revoked" => "The calendar address no longer works.",
        "device-revoked" => {
            "That device's password no longer works: the device can no longer sync."
        }
        "imported" => "Imported.",
        "moved" => "Moved.",
        "applied" => "Accepted: they come up in Today when they fall due.",
        "tiered" => "Tier set.",
        "logged-out" => "Logged out.",
        "password-set" => "Your password is set. Log in with it.",
        "signed-up" => "Your account is ready. Log in.",
        "deleted" => "Your account and everything in it are deleted.",
        "everywhere" => "Every other session has ended.",
        "wrong-password" => "That password is not right; nothing was changed.",
        "totp-off" => "The second factor is off.",
        "digest" => "Your daily digest is saved.",
        _ => return None,
    })
}

/// A redirect after a change (303, so the browser follows with a GET).
pub fn see(url: impl AsRef<str>) -> Redirect {
    Redirect::to(url.as_ref())
}

/// `base` with a notice code added to its query.
pub fn with_notice(base: &str, code: &str) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}n={code}")
}

/// A path on this server to go back to after a change, or `None` for anything else
/// (another site, a protocol-relative `//host`, odd characters): never an open redirect.
pub fn local_path(s: &str) -> Option<String> {
    let ok = s.starts_with('/')
        && !s.starts_with("//")
        && !s.starts_with("/\\")
        && s.len() < 2048
        && s.bytes().all(|b| b.is_ascii_graphic());
    ok.then(|| s.to_string())
}

/// A form body, with a page (not a bare text) when it cannot be read.
pub struct Input<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequest<S> for Input<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let bytes = axum::body::to_bytes(body, crate::security::FORM_LIMIT)
            .await
            .map_err(|_| WebError::BadRequest("The form is too large.".into()))?;
        let clean = crate::form_text::clean_form(&bytes);
        let req = Request::from_parts(parts, axum::body::Body::from(clean));
        axum::Form::<T>::from_request(req, state)
            .await
            .map(|f| Input(f.0))
            .map_err(|e| WebError::BadRequest(format!("The form could not be read: {e}")))
    }
}

/// A query string, with a page when it cannot be read.
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Params<T> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Params(q.0))
            .map_err(|e| WebError::BadRequest(format!("The address could not be read: {e}")))
    }
}

/// A path id: anything but a positive number names nothing, so it is a 404.
pub fn parse_id(raw: &str) -> Result<i64, WebError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| WebError::NotFound(format!("Nothing has the id '{raw}'.")))
}

/// Blank form fields mean "not given".
pub fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A date as lists show it, with how far it is from today.
pub fn relative(d: NaiveDate, today: NaiveDate) -> String {
    let days = (d - today).num_days();
    match days {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "yesterday".into(),
        2..=13 => format!("in {days} days"),
        -13..=-2 => format!("{} days ago", -days),
        _ => d.format("%-d %b %Y").to_string(),
    }
}

/// A date written out for a person: "25 Nov 2026".
pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// Percent-encodes a query string from pairs, leaving out empty values.
pub fn query(pairs: &[(&str, &str)]) -> String {
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
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// A link target that is safe to put in `href`: only web addresses, so a stored
/// `javascript:` URL shows as text instead of running.
pub fn web_link(url: &str) -> Option<String> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| u.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path("/people/3").as_deref(), Some("/people/3"));
        assert_eq!(local_path("//evil.example"), None);
        assert_eq!(local_path("/\\evil.example"), None);
        assert_eq!(local_path("https://evil.example"), None);
        assert_eq!(local_path("/a\r\nSet-Cookie: x"), None);
    }

    #[test]
    fn queries_are_encoded() {
        assert_eq!(
            query(&[("q", "a&b c"), ("tag", ""), ("sort", "due")]),
            "?q=a%26b%20c&sort=due"
        );
        assert_eq!(query(&[("q", "")]), "");
    }

    #[test]
    fn only_web_links_are_links() {
        assert!(web_link("javascript:alert(1)").is_none());
        assert!(web_link(" JavaScript:alert(1)").is_none());
        assert_eq!(
            web_link("https://example.com").as_deref(),
            Some("https://example.com")
        );
    }
}
