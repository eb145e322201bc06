//! Real files from other projects' test suites (tests/corpus/, listed in SOURCES.md), read
//! by warmline's parsers and compared with what those projects' own readers find
//! (tests/corpus/expected.json, written by expect.py with vobject, icalendar and Python's
//! mailbox).
//!
//! The reference readers say what a file holds; warmline's documented rules say what it
//! keeps of it (e-mails lower-cased, rooms and cancelled events left out, meetings read up
//! to `AHEAD_DAYS` ahead, ...). Those rules are applied here to the reference's answer,
//! never as exceptions for one file. What is left is a difference: each one must be listed
//! in `KNOWN_DIFFERENCES`, and an entry that no longer differs fails the test too, so the
//! table only ever shrinks as warmline improves.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde::Deserialize;
use warmline_formats::ics::{AHEAD_DAYS, meetings};
use warmline_formats::mbox::{MailMessage, messages};
use warmline_formats::vcard::vcards;
use warmline_formats::{ContactRecord, InteractionRecord, Me};

/// The day the calendars are read on.
const TODAY: &str = "2026-12-01";
/// No corpus file may take longer than this to read (they are all under 200 KB).
const TIME_LIMIT: Duration = Duration::from_secs(5);

/// Where warmline and the reference still differ: file, field, why. Remove an entry when it
/// no longer differs (the test says so).
const KNOWN_DIFFERENCES: &[(&str, &str, &str)] = &[
    // Where warmline reads more than the reference.
    (
        "ical.js/google_birthday.ics",
        "occurrences",
        "the reference cannot read Google's `RDATE:20131210Z` (a date with a Z) and counts \
         DTSTART alone; warmline reads the two RDATE days as Google means them",
    ),
    // An iTIP collection (RFC 2446's examples, many calendars in one file).
    (
        "libical/2446.ics",
        "occurrences",
        "a series cancelled whole (METHOD:CANCEL, SEQUENCE 3) and requested again later in the \
         same file: warmline keeps the cancellation, the reference expands the request",
    ),
    // mbox.
    (
        "mimekit/unmunged.mbox.txt",
        "messages",
        "two messages whose bodies hold unquoted `From ` lines after a blank line (the file's \
         point): warmline splits there as every mboxo reader must (4), Python misses the first \
         message behind its byte-order mark (3)",
    ),
];

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    VCard,
    Ics,
    Mbox,
}

fn kind(path: &Path) -> Option<Kind> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".vcf") {
        Some(Kind::VCard)
    } else if name.ends_with(".ics") {
        Some(Kind::Ics)
    } else if [".mbox", ".mbx", ".mbox.txt"]
        .iter()
        .any(|e| name.ends_with(e))
    {
        Some(Kind::Mbox)
    } else {
        None
    }
}

/// Every corpus file, as its path under tests/corpus/ (`project/name`).
fn corpus_files() -> Vec<(String, Kind)> {
    let mut out = Vec::new();
    for project in std::fs::read_dir(corpus()).unwrap() {
        let project = project.unwrap().path();
        if !project.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&project).unwrap() {
            let file = file.unwrap().path();
            if let Some(k) = kind(&file) {
                let rel = file.strip_prefix(corpus()).unwrap();
                out.push((rel.to_string_lossy().replace('\\', "/"), k));
            }
        }
    }
    out.sort();
    out
}

fn today() -> NaiveDate {
    TODAY.parse().unwrap()
}

fn open(rel: &str) -> File {
    File::open(corpus().join(rel)).unwrap()
}

// ---- what the reference readers found ----------------------------------------------------

#[derive(Deserialize)]
struct Expected {
    files: BTreeMap<String, FileFacts>,
}

#[derive(Deserialize)]
struct FileFacts {
    kind: String,
    /// The reference reader refused the file.
    error: Option<String>,
    #[serde(default)]
    cards: Vec<Card>,
    #[serde(default)]
    events: Vec<Event>,
    #[serde(default)]
    messages: Vec<Message>,
}

#[derive(Deserialize)]
struct Card {
    #[serde(rename = "fn")]
    full_name: Option<String>,
    n: Option<NameParts>,
    emails: Vec<String>,
    phones: Vec<String>,
    org: Option<String>,
    bday: Option<Bday>,
    uid: Option<String>,
}

#[derive(Deserialize)]
struct NameParts {
    family: String,
    given: String,
    additional: String,
    prefix: String,
    suffix: String,
}

/// A name part's field, how to read it from the reference, and warmline's value.
type NamePartCheck<'a> = (&'static str, fn(&NameParts) -> &str, Option<&'a String>);

#[derive(Deserialize)]
struct Bday {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
}

#[derive(Deserialize)]
struct Event {
    /// The METHOD of the calendar it is in.
    method: Option<String>,
    uid: Option<String>,
    /// The reference could not read one of the event's properties.
    error: Option<String>,
    summary: Option<String>,
    start: Option<NaiveDate>,
    #[serde(default)]
    rrules: usize,
    #[serde(default)]
    rdates: Vec<NaiveDate>,
    recurrence_id: Option<NaiveDate>,
    status: Option<String>,
    #[serde(default)]
    sequence: i64,
    organizer: Option<Person>,
    #[serde(default)]
    attendees: Vec<Person>,
    occurrences: Option<Vec<NaiveDate>>,
    #[serde(default)]
    occurrences_truncated: bool,
}

#[derive(Deserialize)]
struct Person {
    email: String,
    cutype: Option<String>,
}

#[derive(Deserialize)]
struct Message {
    from: Option<String>,
    date: Option<NaiveDate>,
    subject: String,
    message_id: Option<String>,
    threaded: bool,
}

fn expected() -> Expected {
    let text = std::fs::read_to_string(corpus().join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

// ---- warmline's documented normalisation, applied to the reference's answer ---------------

/// Lower-cased, without `mailto:`; `None` unless it looks like an address.
fn email(raw: &str) -> Option<String> {
    warmline_formats::text::normalize_email(raw)
}

/// A phone number's digits (and a leading `+`): two spellings of one number are one phone.
fn phone(raw: &str) -> Option<String> {
    let t = raw.trim();
    let t = t.strip_prefix("tel:").unwrap_or(t).trim();
    let key: String = t
        .chars()
        .enumerate()
        .filter(|&(i, c)| c.is_ascii_digit() || (c == '+' && i == 0))
        .map(|(_, c)| c)
        .collect();
    (!key.is_empty()).then_some(key)
}

fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn non_empty(s: &str) -> Option<String> {
    let w = words(s);
    (!w.is_empty()).then_some(w)
}

fn set<T: Ord + Clone>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    items.into_iter().collect()
}

// ---- comparison ---------------------------------------------------------------------------

/// One way warmline's reading differs from the reference's.
struct Difference {
    file: String,
    field: &'static str,
    detail: String,
}

struct Diffs<'a> {
    file: &'a str,
    out: &'a mut Vec<Difference>,
    /// How many records of each kind were compared field by field.
    compared: &'a mut BTreeMap<&'static str, usize>,
}

impl Diffs<'_> {
    fn compared(&mut self, kind: &'static str) {
        *self.compared.entry(kind).or_default() += 1;
    }

    fn add(&mut self, field: &'static str, detail: String) {
        self.out.push(Difference {
            file: self.file.to_string(),
            field,
            detail,
        });
    }

    fn check<T: PartialEq + std::fmt::Debug>(
        &mut self,
        field: &'static str,
        at: &str,
        want: T,
        got: T,
    ) {
        if want != got {
            self.add(field, format!("{at}: reference {want:?}, warmline {got:?}"));
        }
    }
}

/// The name warmline shows for a card: FN, else the name's parts, else ORG, EMAIL, TEL.
fn display_name(c: &Card) -> Option<String> {
    let from_parts =
        c.n.as_ref()
            .and_then(|n| non_empty(&format!("{} {} {}", n.given, n.additional, n.family)));
    c.full_name
        .as_deref()
        .and_then(non_empty)
        .or(from_parts)
        .or_else(|| c.org.as_deref().and_then(non_empty))
        .or_else(|| c.emails.iter().find_map(|e| email(e)))
        .or_else(|| c.phones.iter().find_map(|p| non_empty(p)))
}

/// A birthday as (year, month, day). The placeholder years address books write for a
/// birthday without one (Apple's 1604, 0000) mean no year.
fn birthday(b: &Bday) -> Option<(Option<i32>, u32, u32)> {
    let year = b.year.filter(|y| *y != 1604 && *y != 0);
    Some((year, b.month?, b.day?))
}

fn compare_vcards(facts: &FileFacts, got: &[Result<ContactRecord, String>], d: &mut Diffs) {
    // A card with nothing to call it by is refused, as documented.
    let cards: Vec<&Card> = facts
        .cards
        .iter()
        .filter(|c| display_name(c).is_some())
        .collect();
    let records: Vec<&ContactRecord> = got.iter().filter_map(|r| r.as_ref().ok()).collect();
    if cards.len() != records.len() {
        let errors: Vec<&String> = got.iter().filter_map(|r| r.as_ref().err()).collect();
        d.add(
            "cards",
            format!(
                "reference {} cards, warmline {} (errors: {errors:?})",
                cards.len(),
                records.len()
            ),
        );
        return;
    }
    for (i, (c, r)) in cards.iter().zip(&records).enumerate() {
        d.compared("cards");
        let at = format!("card {} (line {})", i + 1, r.line);
        d.check("name", &at, display_name(c), Some(r.name.clone()));
        let n = c.n.as_ref();
        let parts: [NamePartCheck; 5] = [
            ("family", |n| &n.family, r.parts.family.as_ref()),
            ("given", |n| &n.given, r.parts.given.as_ref()),
            ("middle", |n| &n.additional, r.parts.middle.as_ref()),
            ("prefix", |n| &n.prefix, r.parts.prefix.as_ref()),
            ("suffix", |n| &n.suffix, r.parts.suffix.as_ref()),
        ];
        for (field, theirs, ours) in parts {
            d.check(
                field,
                &at,
                n.and_then(|n| non_empty(&theirs(n).replace(',', " "))),
                ours.and_then(|v| non_empty(v)),
            );
        }
        d.check(
            "emails",
            &at,
            set(c.emails.iter().filter_map(|e| email(e))),
            set(r.emails.iter().cloned()),
        );
        d.check(
            "phones",
            &at,
            set(c.phones.iter().filter_map(|p| phone(p))),
            set(r.phones.iter().filter_map(|p| phone(p))),
        );
        d.check(
            "org",
            &at,
            c.org.as_deref().and_then(non_empty),
            r.org.as_deref().and_then(non_empty),
        );
        d.check(
            "bday",
            &at,
            c.bday.as_ref().and_then(birthday),
            r.birthday.map(|b| (b.year, b.month, b.day)),
        );
        d.check(
            "uid",
            &at,
            c.uid.as_deref().and_then(non_empty),
            r.uid.as_deref().and_then(non_empty),
        );
    }
}

/// The people warmline puts on a meeting: the organiser and attendees with an address,
/// rooms and resources left out (I am no one in this test).
fn participants(e: &Event) -> BTreeSet<String> {
    let room = |p: &Person, m: &str| {
        matches!(p.cutype.as_deref(), Some("ROOM" | "RESOURCE"))
            || m.ends_with("resource.calendar.google.com")
    };
    let organizer = e.organizer.iter().filter_map(|p| email(&p.email));
    let attendees = e
        .attendees
        .iter()
        .filter_map(|p| email(&p.email).filter(|m| !room(p, m)));
    organizer.chain(attendees).collect()
}

/// What the reference says warmline should record for one UID: the days keyed (an
/// occurrence, or the occurrence an override replaces) and, per key, what happens then.
#[derive(Default)]
struct Meeting {
    keys: BTreeMap<NaiveDate, Instance>,
    /// Keys after this day are not compared (the reference's list was cut short).
    compared_until: Option<NaiveDate>,
}

#[derive(Clone)]
struct Instance {
    on: NaiveDate,
    summary: Option<String>,
    people: BTreeSet<String>,
}

fn instance(e: &Event, on: NaiveDate) -> Instance {
    Instance {
        on,
        summary: e.summary.clone(),
        people: participants(e),
    }
}

/// A cancellation (METHOD:CANCEL) or a cancelled event: never a meeting.
fn cancelled(e: &Event) -> bool {
    e.method.as_deref() == Some("CANCEL") || e.status.as_deref() == Some("CANCELLED")
}

fn answer(e: &Event) -> bool {
    matches!(
        e.method.as_deref(),
        Some("REPLY" | "REFRESH" | "COUNTER" | "DECLINECOUNTER")
    )
}

fn expected_meetings(facts: &FileFacts, until: NaiveDate) -> BTreeMap<String, Meeting> {
    // The latest SEQUENCE of an event wins; overrides (RECURRENCE-ID) stand beside it.
    let mut masters: BTreeMap<&str, &Event> = BTreeMap::new();
    let mut overrides: Vec<&Event> = Vec::new();
    for e in &facts.events {
        let (Some(uid), None, Some(_)) = (e.uid.as_deref(), &e.error, e.start) else {
            continue;
        };
        if e.recurrence_id.is_some() {
            overrides.push(e);
        } else if masters.get(uid).is_none_or(|m| m.sequence <= e.sequence) {
            masters.insert(uid, e);
        }
    }
    let mut out: BTreeMap<String, Meeting> = BTreeMap::new();
    for (uid, e) in &masters {
        let Some(start) = e.start else { continue };
        if cancelled(e) || participants(e).is_empty() {
            continue;
        }
        let mut m = Meeting::default();
        let recurring = e.rrules > 0 || !e.rdates.is_empty();
        match (&e.occurrences, recurring) {
            (Some(days), true) => {
                if e.occurrences_truncated {
                    m.compared_until = days.last().copied();
                }
                m.keys = days
                    .iter()
                    .filter(|d| **d <= until)
                    .map(|d| (*d, instance(e, *d)))
                    .collect();
            }
            // The reference could not expand the rule: only the first day is compared.
            (None, true) => {
                m.compared_until = Some(start);
                if start <= until {
                    m.keys.insert(start, instance(e, start));
                }
            }
            (_, false) => {
                if start <= until {
                    m.keys.insert(start, instance(e, start));
                }
            }
        }
        out.insert(uid.to_string(), m);
    }
    for e in overrides {
        let (Some(uid), Some(start), Some(replaced)) = (e.uid.as_deref(), e.start, e.recurrence_id)
        else {
            continue;
        };
        // An override whose series is not in the file stands on its own.
        let m = out.entry(uid.to_string()).or_default();
        m.keys.remove(&replaced);
        if !cancelled(e) && !participants(e).is_empty() && start <= until {
            m.keys.insert(replaced, instance(e, start));
        }
    }
    out.retain(|_, m| !m.keys.is_empty() || m.compared_until.is_some());
    out
}

/// `ics:<UID>:<date>` split into its UID and date.
fn key_parts(key: &str) -> Option<(&str, NaiveDate)> {
    let rest = key.strip_prefix("ics:")?;
    let (uid, day) = rest.rsplit_once(':')?;
    Some((uid, day.parse().ok()?))
}

/// Whether the file has an `END:VCALENDAR`: icalendar silently drops a calendar that
/// never ends, events and all, so what it misses there says nothing.
fn calendar_ends(rel: &str) -> bool {
    let bytes = std::fs::read(corpus().join(rel)).unwrap();
    String::from_utf8_lossy(&bytes)
        .lines()
        .any(|l| l.trim().eq_ignore_ascii_case("END:VCALENDAR"))
}

fn compare_ics(
    rel: &str,
    facts: &FileFacts,
    got: &[Result<InteractionRecord, String>],
    d: &mut Diffs,
) {
    let until = today() + chrono::Duration::days(AHEAD_DAYS);
    let want = expected_meetings(facts, until);
    // The last record for a key wins, as in the store.
    let mut have: BTreeMap<String, BTreeMap<NaiveDate, &InteractionRecord>> = BTreeMap::new();
    for r in got.iter().filter_map(|r| r.as_ref().ok()) {
        if let Some((uid, day)) = key_parts(&r.source_key) {
            have.entry(uid.to_string()).or_default().insert(day, r);
        }
    }
    let errors: Vec<&String> = got.iter().filter_map(|r| r.as_ref().err()).collect();
    // An event without a start is reported, unless it is a cancellation or an answer about
    // a meeting (a REPLY, REFRESH or COUNTER): those need no DTSTART (RFC 5546) and are
    // never a reason to refuse a calendar.
    let undated = facts
        .events
        .iter()
        .filter(|e| e.error.is_none() && e.start.is_none() && !cancelled(e) && !answer(e))
        .count();
    let reported = errors
        .iter()
        .filter(|e| e.contains("no readable DTSTART"))
        .count();
    if undated != reported && calendar_ends(rel) {
        d.add(
            "errors",
            format!("reference {undated} events without DTSTART to report, warmline {reported}"),
        );
    }
    for (uid, m) in &want {
        d.compared("meetings");
        let empty = BTreeMap::new();
        let records = have.get(uid).unwrap_or(&empty);
        let upto = |d: &NaiveDate| m.compared_until.is_none_or(|u| *d <= u);
        let want_keys: BTreeSet<NaiveDate> = m.keys.keys().copied().filter(upto).collect();
        let have_keys: BTreeSet<NaiveDate> = records.keys().copied().filter(upto).collect();
        if want_keys != have_keys {
            let missing: Vec<_> = want_keys.difference(&have_keys).take(3).collect();
            let extra: Vec<_> = have_keys.difference(&want_keys).take(3).collect();
            d.add(
                "occurrences",
                format!(
                    "{uid}: reference {} days, warmline {} (missing {missing:?}, extra {extra:?}; errors {errors:?})",
                    want_keys.len(),
                    have_keys.len()
                ),
            );
        }
        for (key, r) in records {
            let Some(want) = m.keys.get(key) else {
                continue;
            };
            d.compared("meeting days");
            let at = format!("{uid} {key}");
            d.check("date", &at, want.on, r.on);
            let people = set(r.participants.iter().filter_map(|p| p.email.clone()));
            d.check("attendees", &at, &want.people, &people);
            let title = want.summary.as_deref().and_then(non_empty);
            if title.as_ref().is_none_or(|t| t.chars().count() <= 140) {
                let title = title.unwrap_or_else(|| "(no title)".to_string());
                d.check("summary", &at, title.as_str(), r.summary.as_str());
            }
        }
    }
    // An event the reference cannot read (`DTSTART:19970701T13000Z`) may still be read by
    // warmline; nothing is said about it either way.
    let unreadable: BTreeSet<&str> = facts
        .events
        .iter()
        .filter(|e| e.error.is_some())
        .filter_map(|e| e.uid.as_deref())
        .collect();
    for (uid, records) in &have {
        if !want.contains_key(uid)
            && !uid.starts_with("untitled-")
            && !unreadable.contains(uid.as_str())
        {
            let days: Vec<_> = records.keys().take(3).collect();
            d.add(
                "occurrences",
                format!("{uid}: not a meeting for the reference, warmline {days:?}"),
            );
        }
    }
}

/// Whether the file starts, after any blank lines, with a `From ` separator. Python's
/// mailbox reads a lone message without one as a one-message mbox; warmline refuses such a
/// file as not an mbox (it is a single `.eml`).
fn starts_as_mbox(rel: &str) -> bool {
    let bytes = std::fs::read(corpus().join(rel)).unwrap();
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    bytes
        .split(|b| *b == b'\n')
        .find(|l| !l.iter().all(u8::is_ascii_whitespace))
        .is_none_or(|l| l.starts_with(b"From "))
}

fn compare_mbox(rel: &str, facts: &FileFacts, got: &[Result<MailMessage, String>], d: &mut Diffs) {
    let records: Vec<&MailMessage> = got.iter().filter_map(|r| r.as_ref().ok()).collect();
    if !starts_as_mbox(rel) {
        let refused = records.is_empty() && got.iter().any(|r| r.is_err());
        if !refused {
            d.add("messages", "not an mbox file, yet not refused".to_string());
        }
        return;
    }
    if facts.messages.len() != records.len() {
        let errors: Vec<&String> = got.iter().filter_map(|r| r.as_ref().err()).collect();
        d.add(
            "messages",
            format!(
                "reference {} messages, warmline {} (errors: {errors:?})",
                facts.messages.len(),
                records.len()
            ),
        );
        return;
    }
    for (i, (m, r)) in facts.messages.iter().zip(&records).enumerate() {
        d.compared("messages");
        let at = format!("message {} (line {})", i + 1, r.line);
        d.check(
            "from",
            &at,
            m.from.as_deref().and_then(email),
            r.from.as_ref().map(|a| a.email.clone()),
        );
        if m.date.is_some() {
            d.check("date", &at, m.date, r.date);
        }
        d.check("subject", &at, words(&m.subject), words(&r.subject));
        // A message that starts a thread is known by its Message-ID.
        if let (Some(id), false) = (&m.message_id, m.threaded) {
            d.check("message_id", &at, format!("id:{id}"), r.thread.clone());
        }
    }
}

// ---- reading, with no panic and within a time limit ---------------------------------------

enum Read {
    VCard(Vec<Result<ContactRecord, String>>),
    Ics(Vec<Result<InteractionRecord, String>>),
    Mbox(Vec<Result<MailMessage, String>>),
}

fn read(rel: &str, kind: Kind) -> Read {
    let me = Me::default();
    let text = |e: warmline_formats::FormatError| e.to_string();
    match kind {
        Kind::VCard => Read::VCard(vcards(open(rel)).map(|r| r.map_err(text)).collect()),
        Kind::Ics => Read::Ics(
            meetings(open(rel), &me, today())
                .map(|r| r.map_err(text))
                .collect(),
        ),
        Kind::Mbox => Read::Mbox(messages(open(rel)).map(|r| r.map_err(text)).collect()),
    }
}

/// Reads a file on its own thread, so that a panic or a parser that never ends names the
/// file instead of taking the test run down.
fn read_bounded(rel: &str, kind: Kind) -> Result<(Read, Duration), String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let name = rel.to_string();
    std::thread::spawn(move || {
        let started = Instant::now();
        let got = std::panic::catch_unwind(|| read(&name, kind));
        let _ = tx.send(got.map(|r| (r, started.elapsed())));
    });
    match rx.recv_timeout(TIME_LIMIT) {
        Ok(Ok(done)) => Ok(done),
        Ok(Err(_)) => Err(format!("{rel}: the parser panicked")),
        Err(_) => Err(format!("{rel}: not read within {TIME_LIMIT:?}")),
    }
}

#[test]
fn every_file_is_listed_with_its_source_and_expectation() {
    let sources = std::fs::read_to_string(corpus().join("SOURCES.md")).unwrap();
    let expected = expected();
    let files = corpus_files();
    assert!(files.len() >= 60, "only {} corpus files", files.len());
    for (rel, _) in &files {
        assert!(
            sources.contains(&format!("`{rel}`")),
            "{rel} is not in SOURCES.md"
        );
        assert!(
            expected.files.contains_key(rel),
            "{rel} is not in expected.json: run expect.py"
        );
    }
    for rel in expected.files.keys() {
        assert!(
            files.iter().any(|(f, _)| f == rel),
            "expected.json names {rel}, which is not in the corpus"
        );
    }
}

#[test]
fn no_parser_panics_or_stalls_on_any_file() {
    let mut failures = Vec::new();
    for (rel, kind) in corpus_files() {
        if let Err(e) = read_bounded(&rel, kind) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn warmline_reads_what_the_reference_readers_read() {
    let expected = expected();
    let mut found = Vec::new();
    let mut compared = BTreeMap::new();
    for (rel, kind) in corpus_files() {
        let facts = &expected.files[&rel];
        // A file the reference refuses says nothing about what warmline should find in it.
        if facts.error.is_some() {
            continue;
        }
        let Ok((got, _)) = read_bounded(&rel, kind) else {
            continue; // reported by no_parser_panics_or_stalls_on_any_file
        };
        let mut d = Diffs {
            file: &rel,
            out: &mut found,
            compared: &mut compared,
        };
        match (&got, facts.kind.as_str()) {
            (Read::VCard(records), "vcard") => compare_vcards(facts, records, &mut d),
            (Read::Ics(records), "ics") => compare_ics(&rel, facts, records, &mut d),
            (Read::Mbox(records), "mbox") => compare_mbox(&rel, facts, records, &mut d),
            _ => d.add("kind", format!("expected.json says {}", facts.kind)),
        }
    }
    println!("compared field by field: {compared:?}");
    // The comparison must have compared something: a rule that filtered everything away
    // would pass on any parser.
    for (kind, least) in [("cards", 40), ("meetings", 25), ("messages", 6)] {
        let n = compared.get(kind).copied().unwrap_or(0);
        assert!(
            n >= least,
            "only {n} {kind} compared, expected at least {least}"
        );
    }
    let known = |d: &Difference| {
        KNOWN_DIFFERENCES
            .iter()
            .any(|(file, field, _)| *file == d.file && *field == d.field)
    };
    let unexpected: Vec<String> = found
        .iter()
        .filter(|d| !known(d))
        .map(|d| format!("{} [{}] {}", d.file, d.field, d.detail))
        .collect();
    let fixed: Vec<String> = KNOWN_DIFFERENCES
        .iter()
        .filter(|(file, field, _)| !found.iter().any(|d| d.file == *file && d.field == *field))
        .map(|(file, field, why)| format!("{file} [{field}] {why}"))
        .collect();
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "differences from the reference readers not in KNOWN_DIFFERENCES:\n{}\n\nKNOWN_DIFFERENCES entries that no longer differ (remove them):\n{}",
        unexpected.join("\n"),
        fixed.join("\n")
    );
}
