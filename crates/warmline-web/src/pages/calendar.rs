//! `/calendar/{token}.ics`: pending follow-ups and keep-in-touch dates as an iCalendar
//! feed a calendar app can subscribe to.
//!
//! The token is the only key, so it is long (256 random bits), compared in constant time,
//! and revocable from Settings; any other address is a 404, the same answer as for a page
//! that does not exist, so a guess learns nothing. Anything overdue is placed on today,
//! where a calendar shows it; keep-in-touch dates are limited to the coming months.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use warmline_formats::ics_out::{CalendarStyle, DueItem, write_calendar};

use crate::app::App;
use crate::error::WebError;
use crate::security::same_token;

/// How far ahead keep-in-touch dates are listed.
const HORIZON_DAYS: i64 = 90;
/// At most this many keep-in-touch dates, the soonest first: a calendar with thousands of
/// them helps no one.
const MAX_KEEP_IN_TOUCH: usize = 500;

pub async fn feed(
    State(app): State<App>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let missing = || WebError::NotFound("There is no page at this address.".into());
    let token = file.strip_suffix(".ics").ok_or_else(missing)?.to_string();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_string();
    let body = app
        .run(move |ctx| {
            let settings = ctx.store.settings()?;
            match &settings.calendar_token {
                Some(t) if same_token(t, &token) => {}
                _ => return Err(missing()),
            }
            let today = ctx.today;
            let people = ctx.people()?;
            let name = |id: i64| {
                people
                    .get(id)
                    .map(|s| s.name.clone())
                    .unwrap_or_else(|| format!("#{id}"))
            };
            let link = |id: i64| format!("http://{host}/people/{id}");
            let mut items: Vec<DueItem> = ctx
                .store
                .pending_follow_ups()?
                .into_iter()
                .map(|f| DueItem {
                    key: format!("followup:{}", f.id),
                    due: f.due.max(today),
                    summary: format!("Follow up with {}: {}", name(f.person_id), f.text),
                    description: Some(overdue_note(f.due, today) + &link(f.person_id)),
                })
                .collect();
            let horizon = today + Duration::days(HORIZON_DAYS);
            let mut dues: Vec<_> = people
                .list
                .iter()
                .filter_map(|s| s.next_due.filter(|d| *d <= horizon).map(|d| (d, s)))
                .collect();
            dues.sort_by_key(|(d, s)| (*d, s.id));
            items.extend(dues.into_iter().take(MAX_KEEP_IN_TOUCH).map(|(due, s)| {
                let last = s
                    .last_contact
                    .map(|d| format!("Last contact {d}. "))
                    .unwrap_or_default();
                DueItem {
                    key: format!("keep-in-touch:{}", s.id),
                    due: due.max(today),
                    summary: format!("Keep in touch with {}", s.name),
                    description: Some(format!("{last}{}{}", overdue_note(due, today), link(s.id))),
                }
            }));
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

fn overdue_note(due: NaiveDate, today: NaiveDate) -> String {
    if due < today {
        format!("Due since {due}. ")
    } else {
        String::new()
    }
}
