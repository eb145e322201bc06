//! iCalendar (`.ics`): events with other people on them become meeting interactions.
//!
//! The file is split into VEVENTs here, line by line, and each event alone goes to calcard,
//! so no event costs more than [`MAX_EVENT`] to parse; VTIMEZONE blocks, to-dos and alarms
//! are skipped, and so are blank lines (some writers leave them inside folded lines, and
//! other readers accept that). An event's day is the local date of its DTSTART in its own
//! zone (a TZID time is already local; a UTC time is moved into the calendar's
//! `X-WR-TIMEZONE` when it names one). Recurring events are expanded by `recurrence`.
//!
//! The whole file is read before the first meeting is handed over, because a later part
//! can change an earlier one: of two versions of an event (same UID and RECURRENCE-ID) the
//! higher `SEQUENCE` wins (on a tie, the later in the file), and an override replaces the
//! occurrence of its series it names. What is kept per event is its facts, not its text:
//! memory grows with the file, never with attendees × occurrences, because every
//! occurrence of an event shares one list of participants.
//!
//! Cancelled events (`STATUS:CANCELLED`, or every event of a `METHOD:CANCEL` file; they
//! need no DTSTART), events I declined and events with no one but me are not meetings.
//! Meetings count from [`FIRST_DAY`] to [`AHEAD_DAYS`] after `today` (those after today
//! are scheduled, and the store counts them from their day on), at most [`MAX_MEETINGS`]
//! per file and [`MAX_ATTENDANCES`] people-on-meetings per file: what is cut is named in
//! [`Meetings::notes`].
//!
//! `source_key` is `ics:<UID>:<date>`: an override of one occurrence (RECURRENCE-ID) has
//! the key of the occurrence it replaces.

mod event;
mod recurrence;

use std::collections::{HashMap, VecDeque};
use std::io::Read as IoRead;
use std::sync::Arc;

use calcard::common::timezone::Tz;
use chrono::NaiveDate;
use warmline_core::interaction::{Direction, Kind};
use warmline_core::text::grouped;

use crate::error::{FormatError, Result};
use crate::lines::{LineReader, Read, TextSource};
use crate::record::{InteractionRecord, InteractionSource, Me, Participant};

const MAX_LINE: usize = 1024 * 1024;
const MAX_EVENT: usize = 1024 * 1024;
const SUMMARY_CHARS: usize = 140;
/// How far ahead meetings are kept: they are scheduled, and count from their day on.
/// Further than this a recurring series would only fill the store with guesses.
pub const AHEAD_DAYS: i64 = 90;
/// No meeting before this day is read: older dates in a calendar are slips or rules
/// started at the year 1.
pub const FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};
/// At most this many meetings are read from one file.
pub const MAX_MEETINGS: usize = 10_000;
/// At most this many people-on-a-meeting are read from one file (a meeting with 2,000
/// attendees uses up 2,000): what the store has to look up stays bounded whatever the
/// attendee lists.
pub const MAX_ATTENDANCES: usize = 200_000;
/// Cut events named in a note, at most.
const NAMED: usize = 3;

/// Reads the meetings of an iCalendar file up to [`AHEAD_DAYS`] after `today`.
pub fn meetings<'m, R: IoRead>(input: R, me: &'m Me, today: NaiveDate) -> Meetings<'m, R> {
    Meetings {
        lines: LineReader::new(TextSource::new(input), MAX_LINE),
        raw: Vec::new(),
        text: String::new(),
        me,
        today,
        zone: None,
        cancel: false,
        answer: false,
        depth: Vec::new(),
        entries: Vec::new(),
        latest: HashMap::new(),
        next_entry: 0,
        read: false,
        started: false,
        pending: VecDeque::new(),
        budget: Budget {
            steps_left: recurrence::FILE_STEPS,
            ..Budget::default()
        },
    }
}

pub struct Meetings<'m, R> {
    lines: LineReader<TextSource<R>>,
    raw: Vec<u8>,
    text: String,
    me: &'m Me,
    today: NaiveDate,
    zone: Option<Tz>,
    /// `METHOD:CANCEL`: every event in the file is a cancellation.
    cancel: bool,
    /// `METHOD:REPLY`, `REFRESH`, `COUNTER` or `DECLINECOUNTER`: an answer about a meeting
    /// that lives in the organiser's calendar, which may name it by UID alone.
    answer: bool,
    /// The components we are inside, outermost first.
    depth: Vec<String>,
    /// The file's events and unreadable parts, in order.
    entries: Vec<Entry>,
    /// The entry holding the latest version of each (UID, RECURRENCE-ID).
    latest: HashMap<(String, Option<NaiveDate>), usize>,
    next_entry: usize,
    read: bool,
    started: bool,
    pending: VecDeque<InteractionRecord>,
    budget: Budget,
}

enum Entry {
    Event(Box<event::Event>, u64),
    Error(FormatError),
}

/// What the file may still add, and what was left out.
#[derive(Default)]
struct Budget {
    meetings: usize,
    attendances: usize,
    cut: usize,
    cut_events: Vec<String>,
    cut_event_count: usize,
    /// The line of the last event cut, so that one is named once.
    last_cut: Option<u64>,
    before: usize,
    unread_rules: usize,
    /// Occurrences the file's series may still look at.
    steps_left: usize,
}

impl Budget {
    fn note_cut(&mut self, ev: &event::Event, line: u64, occurrences: usize) {
        let b = self;
        b.cut += occurrences;
        if b.last_cut == Some(line) {
            return;
        }
        b.last_cut = Some(line);
        b.cut_event_count += 1;
        if b.cut_events.len() < NAMED {
            let title = if ev.summary.is_empty() {
                "(no title)"
            } else {
                &ev.summary
            };
            b.cut_events.push(format!(
                "\"{}\" (line {line})",
                crate::text::shorten(title, 60)
            ));
        }
    }
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

    /// Collects one VEVENT's lines (its BEGIN already read) and reads the event.
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
            if line.trim().is_empty() {
                continue;
            }
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
        let mut ev = event::event(c, self.zone.as_ref(), self.me);
        ev.cancelled |= self.cancel;
        if ev.start.is_none() && self.answer {
            // Nothing to record: the meeting is the organiser's, and this only answers it.
            return Ok(None);
        }
        if ev.start.is_none() && !ev.cancelled {
            return Ok(Some(FormatError::new(
                begin,
                "event has no readable DTSTART",
            )));
        }
        let index = self.entries.len();
        if let Some(uid) = &ev.uid {
            let key = (uid.clone(), ev.recurrence_id);
            let later = match self.latest.get(&key).map(|&i| &self.entries[i]) {
                Some(Entry::Event(old, _)) => ev.sequence >= old.sequence,
                _ => true,
            };
            if later {
                self.latest.insert(key, index);
            }
        }
        self.entries.push(Entry::Event(Box::new(ev), begin));
        Ok(None)
    }

    /// Whether the entry at `index` is the version of its event that counts.
    fn is_latest(&self, index: usize, ev: &event::Event) -> bool {
        match &ev.uid {
            Some(uid) => self
                .latest
                .get(&(uid.clone(), ev.recurrence_id))
                .is_none_or(|&i| i == index),
            None => true,
        }
    }

    /// The RECURRENCE-IDs of the overrides of the series `uid` in the file.
    fn overridden(&self, uid: &str) -> Vec<recurrence::Stamp> {
        self.latest
            .iter()
            .filter(|((u, r), _)| u == uid && r.is_some())
            .filter_map(|(_, &i)| match self.entries.get(i) {
                Some(Entry::Event(ev, _)) => ev.recurrence_stamp.clone(),
                _ => None,
            })
            .collect()
    }

    /// The meetings of the entry at `index`, within the window and the file's budget.
    fn emit(&mut self, index: usize) {
        let Some(Entry::Event(ev, line)) = self.entries.get(index) else {
            return;
        };
        let (ev, line) = (ev.as_ref(), *line);
        if !self.is_latest(index, ev) || ev.cancelled || ev.declined {
            return;
        }
        let participants: Arc<[Participant]> = ev.participants().into();
        let Some(start) = ev.start else {
            return;
        };
        if participants.is_empty() {
            return;
        }
        if self.budget.meetings == MAX_MEETINGS {
            self.budget.note_cut(ev, line, 1);
            return;
        }
        let until = self.today + chrono::Duration::days(AHEAD_DAYS);
        let recurring = !ev.rules.is_empty() || !ev.rdates.is_empty();
        let mut dates = match (&ev.start_stamp, recurring && ev.recurrence_id.is_none()) {
            (Some(stamp), true) => {
                let replaced = match &ev.uid {
                    Some(uid) => self.overridden(uid),
                    None => Vec::new(),
                };
                let series = recurrence::Series {
                    start: stamp,
                    rules: &ev.rules,
                    rdates: &ev.rdates,
                    exdates: &ev.exdates,
                    replaced: &replaced,
                };
                let left = MAX_MEETINGS.saturating_sub(self.budget.meetings) + 1;
                let steps = self.budget.steps_left;
                match recurrence::expand(
                    &series,
                    self.zone.as_ref(),
                    (FIRST_DAY, until),
                    left,
                    steps,
                ) {
                    Some(x) => {
                        self.budget.steps_left -= x.steps.min(steps);
                        self.budget.before += x.before;
                        self.budget.unread_rules += usize::from(x.unread);
                        if x.cut {
                            // How many more there were is not known: none is counted.
                            self.budget.note_cut(ev, line, 0);
                        }
                        x.dates
                    }
                    None => vec![start],
                }
            }
            _ => vec![start],
        };
        if !recurring && start < FIRST_DAY {
            self.budget.before += 1;
        }
        dates.retain(|d| *d >= FIRST_DAY && *d <= until);
        let allowed = (MAX_MEETINGS - self.budget.meetings)
            .min((MAX_ATTENDANCES - self.budget.attendances) / participants.len());
        if dates.len() > allowed {
            let cut = dates.len() - allowed;
            self.budget.note_cut(ev, line, cut);
            dates.truncate(allowed);
        }
        self.budget.meetings += dates.len();
        self.budget.attendances += dates.len() * participants.len();
        let records = meeting_records(ev, line, &participants, &dates);
        self.pending.extend(records);
    }

    /// What the reader left out and why, a sentence each; complete once every meeting
    /// has been handed over.
    pub fn notes(&self) -> Vec<String> {
        let b = &self.budget;
        let mut out = Vec::new();
        if b.cut_event_count > 0 {
            let mut named = b.cut_events.join(", ");
            if b.cut_event_count > b.cut_events.len() {
                named.push_str(&format!(
                    " and {} more",
                    b.cut_event_count - b.cut_events.len()
                ));
            }
            out.push(format!(
                "Cut short: {named}, at least {} meeting{} left out: a calendar file counts at most {} meetings and {} people on them, and looks at no more than {} occurrences of a series ({} of all).",
                grouped(b.cut),
                if b.cut == 1 { "" } else { "s" },
                grouped(MAX_MEETINGS),
                grouped(MAX_ATTENDANCES),
                grouped(recurrence::STEPS),
                grouped(recurrence::FILE_STEPS),
            ));
        }
        if b.before > 0 {
            out.push(format!(
                "Left out {} meeting{} before {FIRST_DAY}.",
                grouped(b.before),
                if b.before == 1 { "" } else { "s" }
            ));
        }
        if b.unread_rules > 0 {
            out.push(format!(
                "{} recurrence rule{} could not be expanded (hourly or finer, or not valid): each such event counts on its first day only.",
                b.unread_rules,
                if b.unread_rules == 1 { "" } else { "s" }
            ));
        }
        out
    }

    /// Reads one line (or one whole event). `Err` ends the reading.
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
                    self.entries.push(Entry::Error(e));
                }
            } else {
                if name == "VCALENDAR" && self.depth.is_empty() {
                    // Several calendars may follow one another in a file; each has its own
                    // METHOD.
                    self.cancel = false;
                    self.answer = false;
                }
                self.depth.push(name);
            }
        } else if component(line, "END").is_some() {
            self.depth.pop();
        } else if self.depth.len() == 1
            && let Some(method) = component(line, "METHOD")
        {
            self.cancel = method == "CANCEL";
            self.answer = matches!(
                method.as_str(),
                "REPLY" | "REFRESH" | "COUNTER" | "DECLINECOUNTER"
            );
        } else if self.depth.len() == 1
            && let Some(zone) = component(line, "X-WR-TIMEZONE")
        {
            // component() upper-cased the value; zone names are matched case-sensitively.
            let original = self.text.split_once(':').map_or("", |(_, v)| v.trim());
            self.zone = original.parse().ok().or_else(|| zone.parse().ok());
        }
        Ok(Step::Next)
    }

    /// Reads the whole file into `entries`; a broken file ends as its last entry.
    fn read_all(&mut self) {
        loop {
            match self.step() {
                Ok(Step::Next) => {}
                Ok(Step::End) => break,
                Err(e) => {
                    self.entries.push(Entry::Error(e));
                    break;
                }
            }
        }
        self.read = true;
    }
}

/// The records of one event's days, all sharing its participants.
fn meeting_records(
    ev: &event::Event,
    line: u64,
    participants: &Arc<[Participant]>,
    dates: &[NaiveDate],
) -> Vec<InteractionRecord> {
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
    let first = ev.start.unwrap_or(NaiveDate::MIN);
    let id = match &ev.uid {
        Some(uid) => uid.clone(),
        // Without a UID the title and first day are the most stable identity there is.
        None => format!(
            "untitled-{}-{}",
            warmline_core::text::fold(&ev.summary),
            first
        ),
    };
    let recurring = !ev.rules.is_empty() || !ev.rdates.is_empty();
    // A one-off meeting with a UID is the same meeting on whatever day it is moved to.
    let one_off = !recurring && ev.recurrence_id.is_none() && ev.uid.is_some();
    dates
        .iter()
        .map(|&on| InteractionRecord {
            line,
            on,
            kind: Kind::Meeting,
            direction,
            summary: summary.clone(),
            participants: Arc::clone(participants),
            source: InteractionSource::Ics,
            // An override is keyed by the occurrence it replaces, dated when it happens.
            source_key: format!("ics:{id}:{}", ev.recurrence_id.unwrap_or(on)),
            moves_with: one_off.then(|| format!("ics:{id}:")),
        })
        .collect()
}

enum Step {
    Next,
    End,
}

impl<R: IoRead> Iterator for Meetings<'_, R> {
    type Item = Result<InteractionRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        if !self.read {
            self.read_all();
        }
        loop {
            if let Some(r) = self.pending.pop_front() {
                return Some(Ok(r));
            }
            let index = self.next_entry;
            if index >= self.entries.len() {
                return None;
            }
            self.next_entry += 1;
            if let Entry::Error(e) = &self.entries[index] {
                return Some(Err(e.clone()));
            }
            self.emit(index);
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
                // The 19th is replaced by its override, below.
                // The last occurrence lies ahead: scheduled.
                ("ics:r:2026-01-26".to_string(), d("2026-01-26")),
                ("ics:r:2026-01-19".to_string(), d("2026-01-20")),
            ]
        );
    }

    #[test]
    fn a_utc_recurrence_id_names_the_occurrence_on_the_series_own_day() {
        // 18:00 in Los Angeles is 02:00 UTC the next day: the override of the 6th is written
        // as 20260107T020000Z, and the calendar names no zone of its own.
        let data = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:s\nDTSTART;TZID=America/Los_Angeles:20260105T180000\nRRULE:FREQ=DAILY;COUNT=3\nATTENDEE:mailto:bob@example.com\nEND:VEVENT\nBEGIN:VEVENT\nUID:s\nRECURRENCE-ID:20260107T020000Z\nDTSTART;TZID=America/Los_Angeles:20260106T200000\nATTENDEE:mailto:bob@example.com\nEND:VEVENT\nEND:VCALENDAR\n";
        let mut got = days(data, "2026-02-01");
        got.sort();
        assert_eq!(got, ["2026-01-05", "2026-01-06", "2026-01-07"]);
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

    fn days(data: &str, today: &str) -> Vec<String> {
        all(data, today)
            .into_iter()
            .map(|r| r.map(|r| r.on.to_string()).unwrap())
            .collect()
    }

    fn calendar(events: &str) -> String {
        format!("BEGIN:VCALENDAR\nVERSION:2.0\n{events}END:VCALENDAR\n")
    }

    const BOB: &str = "ATTENDEE:mailto:bob@example.com\n";

    #[test]
    fn until_is_a_moment_in_the_event_zone() {
        // 18:00 in Los Angeles is 02:00 UTC the next day: the 7th's occurrence, at
        // 02:00Z on the 8th, is after UNTIL, although UNTIL's UTC date is the 8th.
        let data = calendar(&format!(
            "BEGIN:VEVENT\nUID:u\nDTSTART;TZID=America/Los_Angeles:20260105T180000\nRRULE:FREQ=DAILY;UNTIL=20260108T015959Z\n{BOB}END:VEVENT\n"
        ));
        assert_eq!(days(&data, "2026-02-01"), ["2026-01-05", "2026-01-06"]);
    }

    #[test]
    fn a_utc_exdate_is_a_day_in_the_event_zone() {
        // 18:00 in Los Angeles on the 6th is 02:00 UTC on the 7th.
        let data = calendar(&format!(
            "BEGIN:VEVENT\nUID:u\nDTSTART;TZID=America/Los_Angeles:20260105T180000\nRRULE:FREQ=DAILY;COUNT=3\nEXDATE:20260107T020000Z\n{BOB}END:VEVENT\n"
        ));
        assert_eq!(days(&data, "2026-02-01"), ["2026-01-05", "2026-01-07"]);
    }

    #[test]
    fn several_rules_rdates_and_exdates_add_up() {
        // 2026-01-05 is a Monday.
        let data = calendar(&format!(
            "BEGIN:VEVENT\nUID:u\nDTSTART;TZID=Europe/Berlin:20260105T090000\nRRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3\nRRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=2\nRDATE;TZID=Europe/Berlin:20260110T090000\nEXDATE;TZID=Europe/Berlin:20260112T090000\n{BOB}END:VEVENT\n"
        ));
        assert_eq!(
            days(&data, "2026-02-01"),
            [
                "2026-01-05",
                "2026-01-08",
                "2026-01-10",
                "2026-01-15",
                "2026-01-19"
            ]
        );
    }

    #[test]
    fn an_answer_names_its_meeting_by_uid_alone_and_each_calendar_has_its_own_method() {
        // RFC 5546 messages one after another: a REPLY and a REFRESH without DTSTART are
        // answers, not unreadable events; the CANCEL before the last calendar does not
        // make its meeting a cancellation.
        let data = format!(
            "BEGIN:VCALENDAR\nMETHOD:REPLY\nBEGIN:VEVENT\nUID:m\n{BOB}END:VEVENT\nEND:VCALENDAR\n\
             BEGIN:VCALENDAR\nMETHOD:REFRESH\nBEGIN:VEVENT\nUID:m\n{BOB}END:VEVENT\nEND:VCALENDAR\n\
             BEGIN:VCALENDAR\nMETHOD:CANCEL\nBEGIN:VEVENT\nUID:old\nSTATUS:CANCELLED\n{BOB}END:VEVENT\nEND:VCALENDAR\n\
             BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:n\nDTSTART:20260110T100000Z\n{BOB}END:VEVENT\nEND:VCALENDAR\n"
        );
        let got = all(&data, "2026-02-01");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].as_ref().unwrap().on, d("2026-01-10"));
    }

    #[test]
    fn the_highest_sequence_wins_wherever_it_is() {
        let v = |seq: u32, day: u32| {
            format!(
                "BEGIN:VEVENT\nUID:m\nSEQUENCE:{seq}\nDTSTART:202601{day:02}T100000Z\n{BOB}END:VEVENT\n"
            )
        };
        let data = calendar(&format!("{}{}{}", v(2, 10), v(1, 9), v(0, 8)));
        let got = all(&data, "2026-02-01");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].as_ref().unwrap().on, d("2026-01-10"));
        // On a tie the later one in the file.
        let data = calendar(&format!("{}{}", v(1, 9), v(1, 12)));
        assert_eq!(days(&data, "2026-02-01"), ["2026-01-12"]);
    }

    #[test]
    fn cancellations_are_never_meetings_nor_errors() {
        // A cancellation as Exchange sends it: METHOD:CANCEL and no DTSTART.
        let cancel = format!(
            "BEGIN:VCALENDAR\nMETHOD:CANCEL\nBEGIN:VEVENT\nUID:x\nSEQUENCE:3\nSTATUS:CANCELLED\n{BOB}END:VEVENT\nEND:VCALENDAR\n"
        );
        assert!(all(&cancel, "2026-02-01").is_empty());
        let no_start = calendar(&format!(
            "BEGIN:VEVENT\nUID:y\nSTATUS:CANCELLED\n{BOB}END:VEVENT\n"
        ));
        assert!(all(&no_start, "2026-02-01").is_empty());
        // One occurrence of a series cancelled, another moved.
        let series = calendar(&format!(
            "BEGIN:VEVENT\nUID:s\nDTSTART;VALUE=DATE:20260105\nRRULE:FREQ=DAILY;COUNT=4\n{BOB}END:VEVENT\nBEGIN:VEVENT\nUID:s\nRECURRENCE-ID;VALUE=DATE:20260106\nDTSTART;VALUE=DATE:20260106\nSTATUS:CANCELLED\n{BOB}END:VEVENT\n"
        ));
        assert_eq!(
            days(&series, "2026-02-01"),
            ["2026-01-05", "2026-01-07", "2026-01-08"]
        );
        // A later version of a whole meeting that cancels it.
        let later = calendar(&format!(
            "BEGIN:VEVENT\nUID:c\nDTSTART:20260105T100000Z\n{BOB}END:VEVENT\nBEGIN:VEVENT\nUID:c\nSEQUENCE:1\nDTSTART:20260105T100000Z\nSTATUS:CANCELLED\n{BOB}END:VEVENT\n"
        ));
        assert!(all(&later, "2026-02-01").is_empty());
    }

    #[test]
    fn blank_lines_inside_folded_lines_are_skipped() {
        let data = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART:20260105T100000Z\r\nSUMMARY:Coffee wi\r\n\r\n th Bob\r\nATTENDEE:mailto:bob\r\n\r\n @example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let got = all(data, "2026-02-01");
        assert_eq!(got.len(), 1);
        let r = got[0].as_ref().unwrap();
        assert_eq!(r.summary, "Coffee with Bob");
        assert_eq!(r.participants[0].email.as_deref(), Some("bob@example.com"));
    }

    #[test]
    fn every_occurrence_shares_one_attendee_list_within_the_budget() {
        let attendees: String = (0..2001)
            .map(|i| format!("ATTENDEE;CN=P{i}:mailto:p{i}@example.com\n"))
            .collect();
        let data = calendar(&format!(
            "BEGIN:VEVENT\nUID:big\nSUMMARY:All hands\nDTSTART:20200101T100000Z\nRRULE:FREQ=DAILY\n{attendees}END:VEVENT\nBEGIN:VEVENT\nUID:old\nSUMMARY:Since the year 1\nDTSTART:00010101T100000Z\nRRULE:FREQ=DAILY\n{BOB}END:VEVENT\n"
        ));
        let me = Me::new(["me@example.com"], Vec::<String>::new());
        let mut reader = meetings(data.as_bytes(), &me, d("2026-11-25"));
        let got: Vec<InteractionRecord> = reader.by_ref().map(|r| r.unwrap()).collect();
        let big: Vec<&InteractionRecord> = got
            .iter()
            .filter(|r| r.source_key.starts_with("ics:big:"))
            .collect();
        assert_eq!(big.len(), MAX_ATTENDANCES / 2001);
        assert!(
            big.windows(2)
                .all(|w| Arc::ptr_eq(&w[0].participants, &w[1].participants))
        );
        // The rule from the year 1 is looked at for a bounded number of steps: none of it
        // reaches 1970.
        assert!(got.iter().all(|r| r.on >= FIRST_DAY));
        let notes = reader.notes();
        assert!(
            notes[0].starts_with("Cut short: \"All hands\" (line 3), \"Since the year 1\" (line "),
            "{notes:?}"
        );
        assert_eq!(
            notes.len(),
            1,
            "a series cut short counts nothing before 1970"
        );
    }

    #[test]
    fn meetings_before_1970_are_counted_and_left_out() {
        let data = calendar(&format!(
            "BEGIN:VEVENT\nUID:w\nDTSTART;VALUE=DATE:19691204\nRRULE:FREQ=WEEKLY;COUNT=6\n{BOB}END:VEVENT\nBEGIN:VEVENT\nUID:once\nDTSTART:19650101T100000Z\n{BOB}END:VEVENT\n"
        ));
        let me = Me::new(["me@example.com"], Vec::<String>::new());
        let mut reader = meetings(data.as_bytes(), &me, d("2026-11-25"));
        let got: Vec<String> = reader.by_ref().map(|r| r.unwrap().on.to_string()).collect();
        assert_eq!(got, ["1970-01-01", "1970-01-08"]);
        assert_eq!(reader.notes(), ["Left out 5 meetings before 1970-01-01."]);
    }

    #[test]
    fn at_most_max_meetings_per_file() {
        let events: String = (0..60)
            .map(|i| format!("BEGIN:VEVENT\nUID:e{i}\nDTSTART;VALUE=DATE:20200101\nRRULE:FREQ=DAILY\n{BOB}END:VEVENT\n"))
            .collect();
        let me = Me::new(["me@example.com"], Vec::<String>::new());
        let data = calendar(&events);
        let mut reader = meetings(data.as_bytes(), &me, d("2026-11-25"));
        assert_eq!(reader.by_ref().count(), MAX_MEETINGS);
        assert!(
            reader.notes()[0].contains("and 54 more, at least 57 meetings left out"),
            "{:?}",
            reader.notes()
        );
    }
}
