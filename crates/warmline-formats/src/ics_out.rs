//! iCalendar export of follow-ups and keep-in-touch dues, for calendar subscription.
//!
//! Each due thing becomes an all-day VEVENT (DTEND the next day, as RFC 5545 wants for a
//! one-day event: icalendar's `all_day()` would write DTEND = DTSTART, which some
//! calendars read as zero length) or a VTODO with a DUE date. UIDs are derived from the
//! caller's stable key, so a subscribed calendar updates an item instead of duplicating
//! it; DTSTAMP is the caller's clock, so the same data writes the same file.
//!
//! Every text goes through [`line_breaks`] first: the icalendar crate escapes LF but writes a
//! bare CR as it is, and a reader that ends lines at CR would then take the rest of a
//! follow-up's text for properties of its own.

use std::io::Write;

use chrono::{DateTime, NaiveDate, Utc};
use icalendar::{Calendar, Component, EventLike, Property};

use crate::error::{FormatError, Result};

/// Something falling due on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    /// A stable identity, e.g. `followup:12` or `keep-in-touch:7`.
    pub key: String,
    pub due: NaiveDate,
    pub summary: String,
    pub description: Option<String>,
}

/// Events show in every calendar; to-dos only where tasks are supported, but can be ticked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalendarStyle {
    Events,
    Todos,
}

/// The UID of an item with this key.
pub fn item_uid(key: &str) -> String {
    let u = uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_OID,
        format!("warmline:due:{key}").as_bytes(),
    );
    format!("{u}@warmline")
}

/// The text with every line break (CRLF, CR or LF) as one LF, which the writer escapes as
/// `\n`; any other control character but tab becomes a space.
fn line_breaks(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\r' => '\n',
            '\n' | '\t' => c,
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// A text written without escapes (the calendar's name): on one line.
fn one_line(text: &str) -> String {
    line_breaks(text).replace('\n', " ")
}

/// Writes the items as a calendar named `name`.
pub fn write_calendar<'a, W: Write>(
    out: W,
    name: &str,
    items: impl IntoIterator<Item = &'a DueItem>,
    style: CalendarStyle,
    stamp: DateTime<Utc>,
) -> Result<()> {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", "-//warmline//warmline//EN"));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new("METHOD", "PUBLISH"));
    cal.name(&one_line(name));
    write_items(out, cal, items, style, stamp)
}

/// One item as a CalDAV calendar object: a calendar holding it alone, without `METHOD`
/// or a calendar name (RFC 4791 §4.1), with the same UID and fields as the file export.
pub fn write_object<W: Write>(
    out: W,
    item: &DueItem,
    style: CalendarStyle,
    stamp: DateTime<Utc>,
) -> Result<()> {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", "-//warmline//warmline//EN"));
    write_items(out, cal, [item], style, stamp)
}

fn write_items<'a, W: Write>(
    mut out: W,
    mut cal: Calendar,
    items: impl IntoIterator<Item = &'a DueItem>,
    style: CalendarStyle,
    stamp: DateTime<Utc>,
) -> Result<()> {
    for item in items {
        let uid = item_uid(&item.key);
        match style {
            CalendarStyle::Events => {
                let mut e = icalendar::Event::new();
                e.uid(&uid)
                    .timestamp(stamp)
                    .summary(&line_breaks(&item.summary))
                    .starts(item.due);
                if let Some(next) = item.due.succ_opt() {
                    e.ends(next);
                }
                e.add_property("TRANSP", "TRANSPARENT");
                if let Some(d) = &item.description {
                    e.description(&line_breaks(d));
                }
                cal.push(e.done());
            }
            CalendarStyle::Todos => {
                let mut t = icalendar::Todo::new();
                t.uid(&uid)
                    .timestamp(stamp)
                    .summary(&line_breaks(&item.summary))
                    .due(item.due)
                    .status(icalendar::TodoStatus::NeedsAction);
                if let Some(d) = &item.description {
                    t.description(&line_breaks(d));
                }
                cal.push(t.done());
            }
        }
    }
    let text = cal.to_string();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| FormatError::new(0, format!("cannot write: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item() -> DueItem {
        DueItem {
            key: "followup:1".into(),
            due: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            summary: "Follow up with Ada, about engines; soon".into(),
            description: Some("Met at the mixer\nsend the paper".into()),
        }
    }

    fn write(style: CalendarStyle) -> String {
        let mut out = Vec::new();
        let stamp = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        write_calendar(&mut out, "warmline", [&item()], style, stamp).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn all_day_events_end_the_next_day() {
        let s = write(CalendarStyle::Events);
        assert!(s.contains("DTSTART;VALUE=DATE:20261231\r\n"), "{s}");
        assert!(s.contains("DTEND;VALUE=DATE:20270101\r\n"), "{s}");
        assert!(s.contains(&format!("UID:{}\r\n", item_uid("followup:1"))));
        assert!(
            s.contains("SUMMARY:Follow up with Ada\\, about engines\\; soon\r\n"),
            "{s}"
        );
        assert!(s.contains("DTSTAMP:20270115T080000Z"), "{s}");
        assert_eq!(s, write(CalendarStyle::Events), "stable output");
    }

    #[test]
    fn a_bare_cr_cannot_start_a_property() {
        let hostile = DueItem {
            summary: "Call Ada\rATTENDEE:mailto:evil@example.com".into(),
            description: Some("one\r\ntwo\rDTSTART:19990101\nthree".into()),
            ..item()
        };
        for style in [CalendarStyle::Events, CalendarStyle::Todos] {
            let mut out = Vec::new();
            let stamp = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
            write_calendar(&mut out, "net\rX-EVIL:1", [&hostile], style, stamp).unwrap();
            let s = String::from_utf8(out).unwrap();
            // Every line break in the file is a CRLF the writer chose, and every line a
            // property or a fold of one.
            assert!(!s.replace("\r\n", "").contains(['\r', '\n']), "{s:?}");
            for line in s.split("\r\n") {
                assert!(!line.starts_with("ATTENDEE") && !line.starts_with("X-EVIL"));
                assert!(!line.starts_with("DTSTART:1999"), "{line}");
            }
            assert!(s.contains("SUMMARY:Call Ada\\nATTENDEE:mailto:evil@example.com\r\n"));
            assert!(s.contains("one\\ntwo\\nDTSTART:19990101\\nthree"), "{s}");
        }
    }

    #[test]
    fn todos_have_due_dates() {
        let s = write(CalendarStyle::Todos);
        assert!(s.contains("BEGIN:VTODO\r\n"));
        assert!(s.contains("DUE;VALUE=DATE:20261231\r\n"), "{s}");
        assert!(s.contains("STATUS:NEEDS-ACTION"));
    }
}
