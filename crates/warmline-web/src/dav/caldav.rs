//! The calendar (RFC 4791): pending follow-ups and keep-in-touch dates as to-dos (VTODO),
//! the same entries, UIDs and fields as `export ics --todos`, and the meetings and events
//! of the next 90 days as read-only all-day events (VEVENT).
//!
//! A client may change two things, and each means what it means in warmline: completing
//! a follow-up's to-do (`STATUS:COMPLETED` or a `COMPLETED` date) marks the follow-up
//! done; moving its `DUE` snoozes it to that day. A keep-in-touch date is done by getting
//! in touch (`warmline log`), so completing its to-do is refused (403), as is creating or
//! deleting a to-do: follow-ups are made and removed in warmline.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use warmline_core::followup::Status;
use warmline_formats::ics_out::{CalendarStyle, DueItem, item_uid, write_object};

use super::props::{Member, MemberBody, Wanted, multiget, sync_collection};
use super::xml::{self, CALDAV, DAV};
use super::{Session, etag_of, multistatus, preconditions_hold, status};
use crate::error::WebError;

const COLLECTION: &str = "calendar";
/// How far ahead meetings are listed.
const MEETINGS_AHEAD_DAYS: i64 = 90;

/// Every pending to-do: its key (`followup:ID`, `keep-in-touch:ID`), due day and member.
fn todos(
    store: &warmline_store::Store,
    today: NaiveDate,
) -> Result<Vec<(String, NaiveDate, Member)>, WebError> {
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
        .run(|ctx| {
            Ok(todos(&ctx.store, ctx.today)?
                .into_iter()
                .map(|(_, _, m)| m)
                .collect())
        })
        .await
}

/// Every to-do, with the calendar's sync state brought up to them.
pub(crate) async fn refresh(s: &Session) -> Result<(i64, Vec<Member>), WebError> {
    s.app
        .run(|ctx| {
            let members: Vec<Member> = todos(&ctx.store, ctx.today)?
                .into_iter()
                .map(|(_, _, m)| m)
                .collect();
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
            let all = todos(store, today)?;
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
            let etag = todos(store, today)?
                .into_iter()
                .find(|(k, _, _)| k == key)
                .map(|(_, _, m)| m.etag)
                .unwrap_or_default();
            let mut resp = StatusCode::NO_CONTENT.into_response();
            if let Ok(v) = HeaderValue::from_str(&etag) {
                resp.headers_mut().insert(header::ETAG, v);
            }
            Ok(resp)
        })
        .await
}

/// A calendar-query's time range: UTC seconds, either end open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TimeRange {
    start: i64,
    end: i64,
}

impl TimeRange {
    /// From the `start` and `end` attributes, UTC date-times such as `20261201T000000Z`.
    fn of(start: Option<&str>, end: Option<&str>) -> Result<TimeRange, String> {
        let read = |v: &str| {
            chrono::NaiveDateTime::parse_from_str(v.trim(), "%Y%m%dT%H%M%SZ")
                .map(|t| t.and_utc().timestamp())
                .map_err(|_| {
                    format!("the time-range '{v}' is not a UTC date-time such as 20261201T000000Z")
                })
        };
        let range = TimeRange {
            start: start.map(read).transpose()?.unwrap_or(i64::MIN),
            end: end.map(read).transpose()?.unwrap_or(i64::MAX),
        };
        if start.is_none() && end.is_none() {
            return Err("a time-range needs a start or an end".into());
        }
        if range.start >= range.end {
            return Err("a time-range must end after it starts".into());
        }
        Ok(range)
    }

    /// Whether a calendar object falls in the range, by the rules of RFC 4791 §9.9.
    fn holds(self, item: Dated) -> bool {
        let TimeRange { start, end } = self;
        match item {
            // A VEVENT with DTSTART and DTEND: (start < DTEND) AND (end > DTSTART).
            Dated::Event { dtstart, dtend } => start < dtend && end > dtstart,
            // A VTODO with DUE only: (start < DUE) AND (end >= DUE).
            Dated::Todo { due } => start < due && end >= due,
        }
    }
}

/// The times of a calendar object, as [`TimeRange::holds`] compares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dated {
    /// A meeting: all day, DTSTART its day and DTEND the next.
    Event { dtstart: i64, dtend: i64 },
    /// A to-do: DUE its day, no DTSTART.
    Todo { due: i64 },
}

impl Dated {
    /// The dates written are floating (no time zone) and the calendar names none, so they
    /// are compared as UTC, as RFC 4791 §9.9 allows when no zone is given.
    fn of(key: &str, day: NaiveDate) -> Dated {
        let at = |d: NaiveDate| d.and_time(NaiveTime::MIN).and_utc().timestamp();
        if key.starts_with("meeting:") || key.starts_with("event:") {
            Dated::Event {
                dtstart: at(day),
                dtend: at(day + chrono::Duration::days(1)),
            }
        } else {
            Dated::Todo { due: at(day) }
        }
    }
}

/// `REPORT` on the calendar: calendar-multiget, calendar-query (by component and time
/// range), sync-collection.
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
        // A filter names the component wanted (VTODO or VEVENT) and may bound it by a
        // time range (RFC 4791 §9.9); property filters are not applied.
        let mut comps = Vec::new();
        root.descendants(CALDAV, "comp-filter", &mut comps);
        let wanted_comp = comps
            .iter()
            .find(|c| matches!(c.attribute("name"), Some("VTODO" | "VEVENT")));
        let component = wanted_comp.and_then(|c| c.attribute("name"));
        let range = match wanted_comp.and_then(|c| c.child(CALDAV, "time-range")) {
            Some(t) => match TimeRange::of(t.attribute("start"), t.attribute("end")) {
                Ok(r) => Some(r),
                Err(e) => return Ok(status(StatusCode::BAD_REQUEST, &e)),
            },
            None => None,
        };
        let items = s.app.run(|ctx| todos(&ctx.store, ctx.today)).await?;
        for (key, day, m) in &items {
            let MemberBody::Calendar(text) = &m.body else {
                continue;
            };
            if !component.is_none_or(|c| text.contains(&format!("BEGIN:{c}"))) {
                continue;
            }
            if range.is_some_and(|r| !r.holds(Dated::of(key, *day))) {
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

    #[test]
    fn time_ranges_follow_rfc_4791() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let range = |s: &str, e: &str| TimeRange::of(Some(s), Some(e)).unwrap();
        // The 10th of December, midnight to midnight.
        let tenth = range("20261210T000000Z", "20261211T000000Z");
        let todo = |d| Dated::of("followup:1", day(d));
        let event = |d| Dated::of("meeting:1", day(d));
        // A to-do due on the 10th (its DUE is the 10th at 00:00): start < DUE fails.
        assert!(!tenth.holds(todo(10)));
        // Due on the 11th: DUE equals the end, which end >= DUE takes in.
        assert!(tenth.holds(todo(11)));
        assert!(!tenth.holds(todo(12)));
        assert!(!tenth.holds(todo(9)));
        // A day's event overlaps the day it is on, and only that day.
        assert!(tenth.holds(event(10)));
        assert!(!tenth.holds(event(9)));
        assert!(!tenth.holds(event(11)));
        // A range inside the event's day still overlaps it.
        assert!(range("20261210T120000Z", "20261210T130000Z").holds(event(10)));
        // Either end may be left open.
        let from_tenth = TimeRange::of(Some("20261210T000000Z"), None).unwrap();
        assert!(from_tenth.holds(event(30)) && from_tenth.holds(todo(30)));
        assert!(!from_tenth.holds(event(9)));
        let until_tenth = TimeRange::of(None, Some("20261210T000000Z")).unwrap();
        assert!(until_tenth.holds(todo(10)) && !until_tenth.holds(todo(11)));
        assert!(until_tenth.holds(event(9)) && !until_tenth.holds(event(10)));
        // What cannot be read, or ends before it starts, is refused.
        assert!(TimeRange::of(Some("2026-12-10"), None).is_err());
        assert!(TimeRange::of(Some("20261210T000000"), None).is_err());
        assert!(TimeRange::of(None, None).is_err());
        assert!(TimeRange::of(Some("20261211T000000Z"), Some("20261210T000000Z")).is_err());
    }
}
