//! Capturing a meeting on the spot ("Met someone"): a name, where, one line about them and
//! perhaps a promise, typed in a few seconds right after meeting. This module checks what
//! was typed and says what it becomes: the meeting as it is logged, the after-meeting
//! follow-up (the after-event rule of [`crate::followup`]) and the promise as a follow-up.
//!
//! It also checks the id a device gives each capture (made on the device, so that an entry
//! queued offline and sent twice is recognised and carried out once).

use chrono::NaiveDate;

use crate::CoreError;
use crate::followup::{AFTER_EVENT_TEXT, PROMISE_DAYS, after_event_due, made_due};
use crate::person::Met;

/// The longest name, place and line kept, in characters: a capture is a note, not a file.
pub const NAME_MAX: usize = 200;
pub const WHERE_MAX: usize = 200;
pub const ABOUT_MAX: usize = 1_000;
pub const PROMISE_MAX: usize = 500;

/// The shortest and longest id a device may give a capture.
pub const CLIENT_ID_MIN: usize = 8;
pub const CLIENT_ID_MAX: usize = 64;

/// What was typed, trimmed and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    pub name: String,
    /// Where you met; blank means it is not known.
    pub place: Option<String>,
    /// One line about them.
    pub about: Option<String>,
    /// What you said you would do.
    pub promise: Option<String>,
}

/// A follow-up the capture creates: its text, when it is due, and whether it is a promise
/// (otherwise the after-meeting note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub text: String,
    pub due: NaiveDate,
    pub promise: bool,
}

fn field(
    what: &str,
    typed: Option<&str>,
    max: usize,
    one_line: bool,
) -> Result<Option<String>, CoreError> {
    let Some(t) = typed.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if t.chars().count() > max {
        return Err(CoreError::Invalid(format!(
            "{what} is at most {max} characters"
        )));
    }
    // One line: line breaks become spaces, so it reads as typed on a phone.
    let t = if one_line {
        t.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        t.to_string()
    };
    Ok(Some(t))
}

impl Capture {
    /// Checks a capture as typed: a name is needed, the rest may be blank.
    pub fn parse(
        name: Option<&str>,
        place: Option<&str>,
        about: Option<&str>,
        promise: Option<&str>,
    ) -> Result<Capture, CoreError> {
        let name = field("A name", name, NAME_MAX, true)?
            .ok_or_else(|| CoreError::Invalid("Give their name.".into()))?;
        Ok(Capture {
            name,
            place: field("Where you met", place, WHERE_MAX, true)?,
            about: field("The line about them", about, ABOUT_MAX, true)?,
            promise: field("The promise", promise, PROMISE_MAX, true)?,
        })
    }

    /// How they were met: here, today (a place without a day means today, as when adding
    /// someone).
    pub fn met(&self, today: NaiveDate) -> Met {
        Met {
            context: self.place.clone(),
            on: Some(today),
            event_id: None,
        }
    }

    /// The meeting as it is logged: where, then the line about them.
    pub fn summary(&self) -> String {
        match (&self.place, &self.about) {
            (Some(p), Some(a)) => format!("met at {p}: {a}"),
            (Some(p), None) => format!("met at {p}"),
            (None, Some(a)) => format!("met: {a}"),
            (None, None) => "met".to_string(),
        }
    }

    /// The follow-ups the capture creates. Someone new gets the after-meeting note by the
    /// after-event rule (when the place is known, `after_days` after today); a promise
    /// becomes a follow-up due in [`PROMISE_DAYS`], as with `log --promise`. Someone
    /// already known gets only the promise: the after-meeting note is for first meetings.
    pub fn follow_ups(&self, new_person: bool, after_days: u32, today: NaiveDate) -> Vec<Planned> {
        let mut out = Vec::new();
        if new_person && let Some(due) = after_event_due(&self.met(today), after_days, today) {
            out.push(Planned {
                text: AFTER_EVENT_TEXT.to_string(),
                due,
                promise: false,
            });
        }
        if let Some(p) = &self.promise {
            out.push(Planned {
                text: p.clone(),
                due: made_due(today + chrono::Duration::days(PROMISE_DAYS), today),
                promise: true,
            });
        }
        out
    }
}

/// A device's id for one capture, checked: letters, digits, `-` and `_`, of a sensible
/// length (a UUID fits). `None` when none was given.
pub fn client_id(typed: Option<&str>) -> Result<Option<String>, CoreError> {
    let Some(id) = typed.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let ok = (CLIENT_ID_MIN..=CLIENT_ID_MAX).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(Some(id.to_string()))
    } else {
        Err(CoreError::Invalid(format!(
            "the entry's id must be {CLIENT_ID_MIN} to {CLIENT_ID_MAX} letters, digits, '-' or '_'"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::date::parse_iso(s).unwrap()
    }

    #[test]
    fn a_name_is_needed_and_the_rest_is_trimmed_to_one_line() {
        assert!(Capture::parse(Some("  "), Some("RustConf"), None, None).is_err());
        assert!(Capture::parse(None, None, None, None).is_err());
        let c = Capture::parse(
            Some(" Dana  Lee "),
            Some(" RustConf\n"),
            Some("runs the\r\nmeetup"),
            Some(""),
        )
        .unwrap();
        assert_eq!(c.name, "Dana Lee");
        assert_eq!(c.place.as_deref(), Some("RustConf"));
        assert_eq!(c.about.as_deref(), Some("runs the meetup"));
        assert_eq!(c.promise, None);
    }

    #[test]
    fn overlong_fields_are_refused_by_name() {
        let long = "x".repeat(NAME_MAX + 1);
        let e = Capture::parse(Some(&long), None, None, None).unwrap_err();
        assert!(e.to_string().contains("A name is at most"), "{e}");
        let long = "x".repeat(PROMISE_MAX + 1);
        let e = Capture::parse(Some("Dana"), None, None, Some(&long)).unwrap_err();
        assert!(e.to_string().contains("promise"), "{e}");
    }

    #[test]
    fn the_summary_says_where_and_what() {
        let c = |p: Option<&str>, a: Option<&str>| {
            Capture::parse(Some("Dana"), p, a, None).unwrap().summary()
        };
        assert_eq!(
            c(Some("RustConf"), Some("runs the meetup")),
            "met at RustConf: runs the meetup"
        );
        assert_eq!(c(Some("RustConf"), None), "met at RustConf");
        assert_eq!(c(None, Some("runs the meetup")), "met: runs the meetup");
        assert_eq!(c(None, None), "met");
    }

    #[test]
    fn someone_new_met_somewhere_gets_the_after_meeting_note_and_the_promise() {
        let today = d("2026-12-03");
        let c =
            Capture::parse(Some("Dana"), Some("RustConf"), None, Some("send the talk")).unwrap();
        let planned = c.follow_ups(true, 2, today);
        assert_eq!(
            planned,
            vec![
                Planned {
                    text: AFTER_EVENT_TEXT.into(),
                    due: d("2026-12-05"),
                    promise: false
                },
                Planned {
                    text: "send the talk".into(),
                    due: d("2026-12-06"),
                    promise: true
                },
            ]
        );
        // Someone already known: the promise only.
        assert_eq!(c.follow_ups(false, 2, today), planned[1..].to_vec());
        // No place: the after-event rule does not apply.
        let nowhere = Capture::parse(Some("Dana"), None, None, None).unwrap();
        assert!(nowhere.follow_ups(true, 2, today).is_empty());
    }

    #[test]
    fn client_ids_are_checked() {
        assert_eq!(client_id(None).unwrap(), None);
        assert_eq!(client_id(Some(" ")).unwrap(), None);
        let uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
        assert_eq!(client_id(Some(uuid)).unwrap().as_deref(), Some(uuid));
        assert!(client_id(Some("short")).is_err());
        assert!(client_id(Some(&"a".repeat(65))).is_err());
        assert!(client_id(Some("abc def ghi")).is_err());
        assert!(client_id(Some("abcdefgh'; --")).is_err());
    }
}
