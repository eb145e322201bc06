//! iCalendar (`.ics`): events with other people on them become meeting interactions.
//!
//! The file is split into VEVENTs here, line by line, and each event alone goes to calcard,
//! so memory holds one event whatever the calendar's size; VTIMEZONE blocks, to-dos and
//! alarms are skipped. An event's day is the local date of its DTSTART in its own zone
//! (a TZID time is already local; a UTC time is moved into the calendar's
//! `X-WR-TIMEZONE` when it names one). Events and recurring occurrences are read up to
//! [`AHEAD_DAYS`] after `today`: those after today are scheduled, and the store counts
//! them from their day on. Cancelled events and events I declined are
//! skipped, as are events with no one but me on them.
//!
//! `source_key` is `ics:<UID>:<date>`: an override of one occurrence (RECURRENCE-ID) has
//! the key of the occurrence it replaces, so the later record supersedes the earlier.

mod event;
mod rrule;

use std::collections::VecDeque;
use std::io::Read as IoRead;

use calcard::common::timezone::Tz;
use chrono::NaiveDate;
use warmline_core::interaction::{Direction, Kind};

use crate::error::{FormatError, Result};
use crate::lines::{LineReader, Read, TextSource};
use crate::record::{InteractionRecord, InteractionSource, Me};

const MAX_LINE: usize = 1024 * 1024;
const MAX_EVENT: usize = 1024 * 1024;
const SUMMARY_CHARS: usize = 140;
/// How far ahead meetings are kept: they are scheduled, and count from their day on.
/// Further than this a recurring series would only fill the store with guesses.
pub const AHEAD_DAYS: i64 = 90;

/// Streams the meetings of an iCalendar file up to [`AHEAD_DAYS`] after `today`.
pub fn meetings<'m, R: IoRead>(input: R, me: &'m Me, today: NaiveDate) -> Meetings<'m, R> {
    Meetings {
        lines: LineReader::new(TextSource::new(input), MAX_LINE),
        raw: Vec::new(),
        text: String::new(),
        me,
        today,
        zone: None,
        depth: Vec::new(),
        pending: VecDeque::new(),
        started: false,
        done: false,
    }
}

pub struct Meetings<'m, R> {
    lines: LineReader<TextSource<R>>,
    raw: Vec<u8>,
    text: String,
    me: &'m Me,
    today: NaiveDate,
    zone: Option<Tz>,
    /// The components we are inside, outermost first.
    depth: Vec<String>,
    pending: VecDeque<InteractionRecord>,
    started: bool,
    done: bool,
}

/// The value of a `BEGIN:`/`END:` (or other unparameterised) line named `marker`. A folded
/// line (one starting with a space) continues a value and is never a marker.
fn component(line: &str, marker: &str) -> Option<String> {
    if line.starts_with([' ', '\t']) {
        return None;
    }
    let (k, v) = line.split_once(':')?;
    k.trim()
        .eq_ignore_ascii_case(marker)
        .then(|| v.trim().to_ascii_uppercase())
}

impl<R: IoRead> Meetings<'_, R> {
    fn read(&mut self) -> Result<Read> {
        self.lines.read_text(&mut self.raw, &mut self.text)
    }

    /// Collects one VEVENT's lines (its BEGIN already read) and turns it into records.
    /// `Err` is a broken file; `Ok(Some(_))` an unreadable event after which reading goes on.
    fn read_event(&mut self, begin: u64) -> Result<Option<FormatError>> {
        let mut body = String::from("BEGIN:VEVENT\n");
        let mut nested: Vec<String> = Vec::new();
        let mut skipping_attachment = false;
        loop {
            let read = self.read()?;
            let number = self.lines.line();
            if read == Read::Eof {
                return Err(FormatError::new(
                    number,
                    format!("event never ends (BEGIN:VEVENT at line {begin})"),
                ));
            }
            let line = self.text.as_str();
            if let Some(name) = component(line, "BEGIN") {
                if name == "VEVENT" {
                    return Err(FormatError::new(
                        number,
                        format!("event never ends (BEGIN:VEVENT at line {begin})"),
                    ));
                }
                nested.push(name);
                continue;
            }
            if let Some(name) = component(line, "END") {
                if nested.is_empty() {
                    if name != "VEVENT" {
                        return Err(FormatError::new(
                            number,
                            format!("END:{name} inside an event"),
                        ));
                    }
                    break;
                }
                nested.pop();
                continue;
            }
            if !nested.is_empty() {
                continue; // alarms and other sub-components
            }
            let folded = line.starts_with([' ', '\t']);
            if !folded {
                skipping_attachment = line
                    .get(..6)
                    .is_some_and(|p| p.eq_ignore_ascii_case("ATTACH"));
            }
            if skipping_attachment {
                continue;
            }
            if read == Read::Cut {
                return Err(FormatError::new(number, "a line longer than 1 MiB"));
            }
            if body.len() + line.len() > MAX_EVENT {
                return Err(FormatError::new(
                    number,
                    format!("event is larger than 1 MiB (BEGIN:VEVENT at line {begin})"),
                ));
            }
            body.push_str(line);
            body.push('\n');
        }
        body.push_str("END:VEVENT\n");
        let mut parser = calcard::Parser::new(&body);
        let calcard::Entry::ICalendar(cal) = parser.entry() else {
            return Ok(Some(FormatError::new(begin, "this event cannot be read")));
        };
        let Some(c) = cal.components.first() else {
            return Ok(Some(FormatError::new(begin, "this event cannot be read")));
        };
        let Some(ev) = event::event(c, self.zone.as_ref(), self.me) else {
            return Ok(Some(FormatError::new(
                begin,
                "event has no readable DTSTART",
            )));
        };
        self.emit(ev, begin);
        Ok(None)
    }

    fn emit(&mut self, ev: event::Event, line: u64) {
        let participants = ev.participants();
        if ev.skip || participants.is_empty() {
            return;
        }
        let direction = if ev.organizer_is_me {
            Direction::Outbound
        } else if ev.organizer.is_some() {
            Direction::Inbound
        } else {
            Direction::Mutual
        };
        let summary = if ev.summary.is_empty() {
            "(no title)".to_string()
        } else {
            crate::text::shorten(&ev.summary, SUMMARY_CHARS)
        };
        let id = match &ev.uid {
            Some(uid) => uid.clone(),
            // Without a UID the title and first day are the most stable identity there is.
            None => format!(
                "untitled-{}-{}",
                warmline_core::text::fold(&ev.summary),
                ev.start
            ),
        };
        // A one-off meeting with a UID is the same meeting on whatever day it is moved to.
        let one_off = ev.rule.is_none() && ev.recurrence_id.is_none() && ev.uid.is_some();
        let record = |on: NaiveDate| InteractionRecord {
            line,
            on,
            kind: Kind::Meeting,
            direction,
            summary: summary.clone(),
            participants: participants.clone(),
            source: InteractionSource::Ics,
            source_key: format!("ics:{id}:{on}"),
            moves_with: one_off.then(|| format!("ics:{id}:")),
        };
        let until = self.today + chrono::Duration::days(AHEAD_DAYS);
        let dates: Vec<NaiveDate> = match (&ev.rule, ev.recurrence_id) {
            (Some(rule), None) => rrule::Occurrences::new(rule.clone(), ev.start, until)
                .filter(|d| !ev.exdates.contains(d))
                .collect(),
            (_, Some(replaced)) if ev.start <= until => {
                // Keyed by the occurrence it replaces, dated when it actually happens.
                let mut r = record(ev.start);
                r.source_key = format!("ics:{id}:{replaced}");
                self.pending.push_back(r);
                return;
            }
            _ if ev.start <= until => vec![ev.start],
            _ => Vec::new(),
        };
        self.pending.extend(dates.into_iter().map(record));
    }

    /// Reads one line (or one whole event). `Err` ends the stream.
    fn step(&mut self) -> Result<Step> {
        let read = self.read()?;
        let number = self.lines.line();
        if read == Read::Eof {
            if !self.started {
                return Err(FormatError::new(
                    1,
                    "the file is empty: expected BEGIN:VCALENDAR",
                ));
            }
            return Ok(Step::End);
        }
        let line = self.text.trim_end();
        if !self.started {
            if line.trim().is_empty() {
                return Ok(Step::Next);
            }
            if component(line, "BEGIN").is_none_or(|c| c != "VCALENDAR" && c != "VEVENT") {
                return Err(FormatError::new(
                    number,
                    "not an iCalendar file: expected BEGIN:VCALENDAR",
                ));
            }
            self.started = true;
        }
        if let Some(name) = component(line, "BEGIN") {
            if name == "VEVENT" {
                if let Some(e) = self.read_event(number)? {
                    return Ok(Step::Skipped(e));
                }
            } else {
                self.depth.push(name);
            }
        } else if component(line, "END").is_some() {
            self.depth.pop();
        } else if self.depth.len() == 1
            && let Some(zone) = component(line, "X-WR-TIMEZONE")
        {
            // component() upper-cased the value; zone names are matched case-sensitively.
            let original = self.text.split_once(':').map_or("", |(_, v)| v.trim());
            self.zone = original.parse().ok().or_else(|| zone.parse().ok());
        }
        Ok(Step::Next)
    }
}

enum Step {
    Next,
    /// An event that could not be read; the ones after it still can.
    Skipped(FormatError),
    End,
}

impl<R: IoRead> Iterator for Meetings<'_, R> {
    type Item = Result<InteractionRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(r) = self.pending.pop_front() {
                return Some(Ok(r));
            }
            if self.done {
                return None;
            }
            match self.step() {
                Ok(Step::Next) => {}
                Ok(Step::End) => self.done = true,
                Ok(Step::Skipped(e)) => return Some(Err(e)),
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn all(data: &str, today: &str) -> Vec<Result<InteractionRecord>> {
        let me = Me::new(["me@example.com"], Vec::<String>::new());
        meetings(data.as_bytes(), &me, d(today)).collect()
    }

    const CAL: &str = "BEGIN:VCALENDAR\nX-WR-TIMEZONE:Europe/Berlin\nBEGIN:VEVENT\nUID:u1\nDTSTART:20261112T233000Z\nORGANIZER:mailto:me@example.com\nATTENDEE;CN=Bob;PARTSTAT=ACCEPTED:mailto:bob@example.com\nATTENDEE;CUTYPE=ROOM:mailto:room@example.com\nSUMMARY:Late chat\nBEGIN:VALARM\nTRIGGER:-PT10M\nEND:VALARM\nEND:VEVENT\n";

    #[test]
    fn utc_event_in_calendar_zone() {
        let got = all(&format!("{CAL}END:VCALENDAR\n"), "2026-12-01");
        assert_eq!(got.len(), 1);
        let r = got[0].as_ref().unwrap();
        assert_eq!(r.on, d("2026-11-13"));
        assert_eq!(r.direction, Direction::Outbound);
        assert_eq!(r.participants.len(), 1);
        assert_eq!(r.source_key, "ics:u1:2026-11-13");
        // Ahead of today it is scheduled; beyond the horizon it is not read yet.
        let ahead = all(&format!("{CAL}END:VCALENDAR\n"), "2026-11-01");
        assert_eq!(ahead.len(), 1);
        let r = ahead[0].as_ref().unwrap();
        assert_eq!(r.on, d("2026-11-13"));
        assert_eq!(r.moves_with.as_deref(), Some("ics:u1:"));
        assert!(all(&format!("{CAL}END:VCALENDAR\n"), "2026-08-01").is_empty());
    }

    #[test]
    fn recurring_with_exdate_and_override() {
        let data = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:r\nDTSTART;TZID=Europe/Berlin:20260105T100000\nRRULE:FREQ=WEEKLY;COUNT=4\nEXDATE;TZID=Europe/Berlin:20260112T100000\nATTENDEE:mailto:bob@example.com\nEND:VEVENT\nBEGIN:VEVENT\nUID:r\nRECURRENCE-ID;TZID=Europe/Berlin:20260119T100000\nDTSTART;TZID=Europe/Berlin:20260120T100000\nATTENDEE:mailto:bob@example.com\nEND:VEVENT\nEND:VCALENDAR\n";
        let keys: Vec<(String, NaiveDate)> = all(data, "2026-01-25")
            .into_iter()
            .map(|r| r.map(|r| (r.source_key, r.on)).unwrap())
            .collect();
        assert_eq!(
            keys,
            vec![
                ("ics:r:2026-01-05".to_string(), d("2026-01-05")),
                ("ics:r:2026-01-19".to_string(), d("2026-01-19")),
                // The last occurrence lies ahead: scheduled.
                ("ics:r:2026-01-26".to_string(), d("2026-01-26")),
                ("ics:r:2026-01-19".to_string(), d("2026-01-20")),
            ]
        );
    }

    #[test]
    fn skips_cancelled_declined_and_solo() {
        let data = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART:20260101\nSTATUS:CANCELLED\nATTENDEE:mailto:bob@example.com\nEND:VEVENT\nBEGIN:VEVENT\nUID:b\nDTSTART:20260101\nATTENDEE;PARTSTAT=DECLINED:mailto:me@example.com\nATTENDEE:mailto:bob@example.com\nEND:VEVENT\nBEGIN:VEVENT\nUID:c\nDTSTART:20260101\nSUMMARY:Focus\nEND:VEVENT\nEND:VCALENDAR\n";
        assert!(all(data, "2026-02-01").is_empty());
    }

    #[test]
    fn folded_markers_are_text() {
        let data = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART:20260101\nDESCRIPTION:x\n END:VEVENT\nATTENDEE:mailto:a@b.c\nEND:VEVENT\nEND:VCALENDAR\n";
        let got = all(data, "2026-02-01");
        assert_eq!(got.len(), 1);
        assert!(got[0].is_ok());
    }

    #[test]
    fn broken_files() {
        let never = all("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\n", "2026-01-01");
        assert_eq!(never.len(), 1);
        assert_eq!(
            never[0].as_ref().unwrap_err().to_string(),
            "3: event never ends (BEGIN:VEVENT at line 2)"
        );
        let junk = all("hello\n", "2026-01-01");
        assert!(
            junk[0]
                .as_ref()
                .unwrap_err()
                .message
                .contains("not an iCalendar")
        );
        let nodate = all(
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nEND:VEVENT\nBEGIN:VEVENT\nUID:y\nDTSTART:20260101\nATTENDEE:mailto:a@b.c\nEND:VEVENT\n",
            "2026-01-01",
        );
        assert_eq!(nodate.len(), 2);
        assert_eq!(nodate[0].as_ref().unwrap_err().line, 2);
        assert!(nodate[1].is_ok());
    }
}
