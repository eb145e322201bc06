//! The calendar (RFC 4791): pending follow-ups and keep-in-touch dates as to-dos (VTODO),
//! the same entries, UIDs and fields as `export ics --todos`, and the meetings and events
//! of the next 90 days as read-only all-day events (VEVENT).
//!
//! A client may change two things, and each means what it means in warmline: completing
//! a follow-up's to-do (`STATUS:COMPLETED` or a `COMPLETED` date) marks the follow-up
//! done; moving its `DUE` snoozes it to that day. A keep-in-touch date is done by getting
//! in touch (`warmline log`), so completing its to-do is refused (403), as is creating or
//! deleting a to-do: follow-ups are made and removed in warmline.

use std::sync::Arc;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use warmline_core::followup::Status;
use warmline_formats::ics_out::{CalendarStyle, DueItem, item_uid, write_object};

use super::calfilter::Filter;
use super::props::{Member, MemberBody, Wanted, multiget, sync_collection};
use super::xml::{self, CALDAV, DAV};
use super::{Session, etag_of, multistatus, preconditions_hold, status};
use crate::app::Ctx;
use crate::error::WebError;

const COLLECTION: &str = "calendar";
/// How far ahead meetings are listed.
const MEETINGS_AHEAD_DAYS: i64 = 90;

/// Every pending to-do and meeting ahead: its key (`followup:ID`, `keep-in-touch:ID`,
/// `meeting:ID`, `event:ID`), day and member; kept until the database or the date changes.
fn todos(ctx: &Ctx) -> Result<Arc<Vec<Dated>>, WebError> {
    let today = ctx.today;
    ctx.memo("dav-calendar", |store| make_todos(store, today))
}

/// A calendar member with its key and day.
type Dated = (String, NaiveDate, Member);

fn make_todos(store: &warmline_store::Store, today: NaiveDate) -> Result<Vec<Dated>, WebError> {
    // The stamp is today, not the clock: the same data writes the same text and ETag.
    let stamp = Utc.from_utc_datetime(&today.and_time(NaiveTime::MIN));
    let mut items: Vec<(DueItem, CalendarStyle)> = store
        .due_entries(today)?
        .into_iter()
        .map(|d| {
            let item = DueItem {
                key: d.key,
                due: d.due,
                summary: d.summary,
                description: d.description,
            };
            (item, CalendarStyle::Todos)
        })
        .collect();
    // Meetings and events ahead, read-only, as all-day events on their day.
    let until = today + chrono::Duration::days(MEETINGS_AHEAD_DAYS);
    for u in store.upcoming(today, until, None)? {
        let key = match (u.interaction_id, u.event_id) {
            (Some(id), _) => format!("meeting:{id}"),
            (None, Some(id)) => format!("event:{id}"),
            (None, None) => continue,
        };
        let with: Vec<&str> = u.people.iter().map(|p| p.name.as_str()).collect();
        let summary = if with.is_empty() {
            u.summary.clone()
        } else {
            format!("{} (with {})", u.summary, with.join(", "))
        };
        let item = DueItem {
            key,
            due: u.date,
            summary,
            description: Some(format!("warmline {}", u.kind)),
        };
        items.push((item, CalendarStyle::Events));
    }
    let mut out = Vec::new();
    for (item, style) in items {
        let mut bytes = Vec::new();
        write_object(&mut bytes, &item, style, stamp)
            .map_err(|e| WebError::Internal(format!("cannot write a to-do: {e}")))?;
        let text = String::from_utf8(bytes)
            .map_err(|e| WebError::Internal(format!("cannot write a to-do: {e}")))?;
        out.push((
            item.key.clone(),
            item.due,
            Member {
                name: format!("{}.ics", item_uid(&item.key)),
                etag: etag_of(&text),
                body: MemberBody::Calendar(text),
            },
        ));
    }
    Ok(out)
}

pub(crate) async fn members(s: &Session) -> Result<Vec<Member>, WebError> {
    s.app
        .run(|ctx| Ok(todos(ctx)?.iter().map(|(_, _, m)| m.clone()).collect()))
        .await
}

/// Every to-do, with the calendar's sync state brought up to them.
pub(crate) async fn refresh(s: &Session) -> Result<(i64, Vec<Member>), WebError> {
    s.app
        .run(|ctx| {
            let members: Vec<Member> = todos(ctx)?.iter().map(|(_, _, m)| m.clone()).collect();
            let list: Vec<(String, String)> = members
                .iter()
                .map(|m| (m.name.clone(), m.etag.clone()))
                .collect();
            let point = ctx.store.dav_refresh(COLLECTION, &list)?;
            Ok((point, members))
        })
        .await
}

pub(crate) async fn get(s: &Session, name: &str) -> Result<Response, WebError> {
    let members = members(s).await?;
    let Some(m) = members.iter().find(|m| m.name == name) else {
        return Ok(status(StatusCode::NOT_FOUND, "no such to-do"));
    };
    let MemberBody::Calendar(text) = &m.body else {
        return Ok(status(StatusCode::NOT_FOUND, "no such to-do"));
    };
    let mut resp = (
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        text.clone(),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&m.etag) {
        resp.headers_mut().insert(header::ETAG, v);
    }
    Ok(resp)
}

/// What a client changed in a to-do: whether it is completed, and its due day.
#[derive(Debug, PartialEq, Eq)]
struct Edited {
    completed: bool,
    due: Option<NaiveDate>,
}

/// Reads the first VTODO of a calendar object: `STATUS`, `COMPLETED` and `DUE`.
fn edited(body: &[u8]) -> Result<Edited, String> {
    let text =
        std::str::from_utf8(body).map_err(|_| "the calendar object is not UTF-8".to_string())?;
    let unfolded = text
        .replace("\r\n ", "")
        .replace("\r\n\t", "")
        .replace("\n ", "");
    let mut in_todo = false;
    let mut seen = false;
    let mut out = Edited {
        completed: false,
        due: None,
    };
    for line in unfolded.lines() {
        let line = line.trim_end_matches('\r');
        let Some((head, value)) = line.split_once(':') else {
            continue;
        };
        let prop = head.split(';').next().unwrap_or("").to_ascii_uppercase();
        match prop.as_str() {
            "BEGIN" if value.eq_ignore_ascii_case("VTODO") && !seen => in_todo = true,
            "END" if value.eq_ignore_ascii_case("VTODO") && in_todo => {
                in_todo = false;
                seen = true;
            }
            "STATUS" if in_todo => {
                out.completed |= value.trim().eq_ignore_ascii_case("COMPLETED");
            }
            "COMPLETED" if in_todo => out.completed = true,
            "DUE" if in_todo => {
                let digits: String = value.trim().chars().take(8).collect();
                out.due = NaiveDate::parse_from_str(&digits, "%Y%m%d").ok();
                if out.due.is_none() {
                    return Err(format!("the DUE date '{}' cannot be read", value.trim()));
                }
            }
            _ => {}
        }
    }
    if !seen {
        return Err("the calendar object holds no complete VTODO".into());
    }
    Ok(out)
}

/// `PUT` on a to-do: completing a follow-up marks it done, a new due day snoozes it.
pub(crate) async fn put(
    s: &Session,
    name: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, WebError> {
    let parsed = edited(body);
    let headers = headers.clone();
    let name = name.to_string();
    s.app
        .run(move |ctx| {
            let store = &ctx.store;
            let today = ctx.today;
            let all = todos(ctx)?;
            let Some((key, due, m)) = all.iter().find(|(_, _, m)| m.name == name) else {
                return Ok(status(
                    StatusCode::FORBIDDEN,
                    "to-dos are made in warmline: add a follow-up there",
                ));
            };
            if !preconditions_hold(&headers, Some(&m.etag)) {
                return Ok(status(
                    StatusCode::PRECONDITION_FAILED,
                    "the to-do changed since it was read: sync again",
                ));
            }
            if key.starts_with("meeting:") || key.starts_with("event:") {
                return Ok(status(
                    StatusCode::FORBIDDEN,
                    "meetings are read-only here: change them in warmline or their own calendar",
                ));
            }
            let change = match parsed {
                Ok(c) => c,
                Err(e) => return Ok(status(StatusCode::BAD_REQUEST, &e)),
            };
            let Some(id) = key
                .strip_prefix("followup:")
                .and_then(|i| i.parse::<i64>().ok())
            else {
                if change.completed {
                    return Ok(status(
                        StatusCode::FORBIDDEN,
                        "a keep-in-touch date is done by getting in touch: log it in warmline",
                    ));
                }
                return Ok(StatusCode::NO_CONTENT.into_response());
            };
            if change.completed {
                store.close_follow_up(id, Status::Done, today)?;
                return Ok(StatusCode::NO_CONTENT.into_response());
            }
            if let Some(new_due) = change.due.filter(|d| d != due) {
                if new_due > today {
                    store.snooze_follow_up(id, (new_due - today).num_days(), today)?;
                } else {
                    store.edit_follow_up(id, None, Some(new_due))?;
                }
            }
            let etag = todos(ctx)?
                .iter()
                .find(|(k, _, _)| k == key)
                .map(|(_, _, m)| m.etag.clone())
                .unwrap_or_default();
            let mut resp = StatusCode::NO_CONTENT.into_response();
            if let Ok(v) = HeaderValue::from_str(&etag) {
                resp.headers_mut().insert(header::ETAG, v);
            }
            Ok(resp)
        })
        .await
}

/// `REPORT` on the calendar: calendar-multiget, calendar-query (RFC 4791 §9.7 filters,
/// [`Filter`]), sync-collection.
pub(crate) async fn report(s: &Session, body: &[u8]) -> Result<Response, WebError> {
    let root = match xml::parse(body) {
        Ok(Some(r)) => r,
        Ok(None) => return Ok(status(StatusCode::BAD_REQUEST, "a REPORT needs a body")),
        Err(e) => return Ok(status(StatusCode::BAD_REQUEST, &e)),
    };
    let wanted = Wanted::of(Some(&root));
    let base = s.calendar_href();
    if root.is(DAV, "sync-collection") {
        let listed = refresh(s).await?;
        return sync_collection(s, COLLECTION, &base, &root, listed, &wanted).await;
    }
    let members = members(s).await?;
    let mut out = String::from(xml::MULTISTATUS_OPEN);
    if root.is(CALDAV, "calendar-multiget") {
        multiget(&mut out, &root, &base, &members, &wanted)?;
    } else if root.is(CALDAV, "calendar-query") {
        // Every filter of RFC 4791 §9.7 is applied; one this server cannot apply is
        // refused rather than widened to everything.
        let filter = match root.child(CALDAV, "filter").map(Filter::of).transpose() {
            Ok(f) => f,
            Err(e) => return Ok(status(StatusCode::BAD_REQUEST, &e)),
        };
        for m in &members {
            let MemberBody::Calendar(text) = &m.body else {
                continue;
            };
            if filter.as_ref().is_some_and(|f| !f.matches(text)) {
                continue;
            }
            m.respond(
                &mut out,
                &format!("{base}{}", super::percent_encode(&m.name)),
                &wanted,
            )?;
        }
    } else {
        return Ok(status(
            StatusCode::FORBIDDEN,
            "this report is not supported here",
        ));
    }
    out.push_str(xml::MULTISTATUS_CLOSE);
    Ok(multistatus(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_a_client_changed() {
        let todo = |extra: &str| {
            format!(
                "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:x\r\nDUE;VALUE=DATE:20261231\r\n{extra}END:VTODO\r\nEND:VCALENDAR\r\n"
            )
        };
        assert_eq!(
            edited(todo("STATUS:NEEDS-ACTION\r\n").as_bytes()),
            Ok(Edited {
                completed: false,
                due: NaiveDate::from_ymd_opt(2026, 12, 31)
            })
        );
        assert!(
            edited(todo("STATUS:COMPLETED\r\n").as_bytes())
                .unwrap()
                .completed
        );
        assert!(
            edited(todo("COMPLETED:20261201T100000Z\r\n").as_bytes())
                .unwrap()
                .completed
        );
        assert!(edited(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").is_err());
        assert!(edited(todo("").replace("20261231", "soon").as_bytes()).is_err());
    }
}
