//! `/calendar/{token}.ics`: pending follow-ups and keep-in-touch dates as an iCalendar
//! feed a calendar app can subscribe to. A hosted server's address is
//! `/calendar/{account}-{token}.ics`: calendar apps have no session, so the address names
//! the account whose settings hold the token.
//!
//! The token is the only key, so it is long (256 random bits), compared in constant time,
//! and revocable from Settings; any other address is a 404, the same answer as for a page
//! that does not exist, so a guess learns nothing. The entries are the store's
//! `due_entries`, as `warmline export ics` writes them (anything overdue on today), with
//! keep-in-touch dates limited to the coming months.

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, TimeZone, Utc};
use warmline_formats::ics_out::{CalendarStyle, DueItem, write_calendar};

use crate::app::App;
use crate::error::WebError;
use crate::security::same_token;

/// How far ahead keep-in-touch dates are listed.
const HORIZON_DAYS: i64 = 90;
/// At most this many keep-in-touch dates, the soonest first: a calendar with thousands of
/// them helps no one.
const MAX_KEEP_IN_TOUCH: usize = 500;

pub async fn feed(app: App, Path(file): Path<String>) -> Result<Response, WebError> {
    let missing = || WebError::NotFound("There is no page at this address.".into());
    let name = file.strip_suffix(".ics").ok_or_else(missing)?;
    // A hosted server's address puts the account first (`<account>-<token>`); the
    // session layer opened that account's database, and the token is checked here.
    let token = name.rsplit('-').next().unwrap_or(name).to_string();
    let body = app
        .run(move |ctx| {
            let settings = ctx.store.settings()?;
            match &settings.calendar_token {
                Some(t) if same_token(t, &token) => {}
                _ => return Err(missing()),
            }
            let today = ctx.today;
            // The same entries as `warmline export ics`, so the UIDs match; only the
            // keep-in-touch dates past the horizon (or past the cap) are left out.
            let horizon = today + Duration::days(HORIZON_DAYS);
            let mut keep_in_touch = 0;
            let items: Vec<DueItem> = ctx
                .store
                .due_entries(today)?
                .into_iter()
                .filter(|d| {
                    if !d.key.starts_with("keep-in-touch:") {
                        return true;
                    }
                    keep_in_touch += 1;
                    d.due <= horizon && keep_in_touch <= MAX_KEEP_IN_TOUCH
                })
                .map(|d| DueItem {
                    key: d.key,
                    due: d.due,
                    summary: d.summary,
                    description: d.description,
                })
                .collect();
            // The stamp is today's midnight, so the same data on the same day gives the
            // same file.
            let stamp = Utc.from_utc_datetime(&today.and_time(chrono::NaiveTime::MIN));
            let mut out = Vec::new();
            write_calendar(&mut out, "warmline", &items, CalendarStyle::Events, stamp)
                .map_err(|e| WebError::Internal(e.to_string()))?;
            Ok(out)
        })
        .await?;
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("inline; filename=\"warmline.ics\""),
    );
    Ok(resp)
}
