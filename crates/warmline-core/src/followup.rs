//! Follow-ups: the promises and nudges that must not slip.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::CoreError;
use crate::error::unknown_choice;
use crate::person::PersonId;

pub type FollowUpId = i64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Open,
    Done,
    Snoozed,
    Cancelled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Done => "done",
            Status::Snoozed => "snoozed",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Result<Status, CoreError> {
        match s {
            "open" => Ok(Status::Open),
            "done" => Ok(Status::Done),
            "snoozed" => Ok(Status::Snoozed),
            "cancelled" => Ok(Status::Cancelled),
            _ => Err(unknown_choice(
                "status",
                s,
                &["open", "done", "snoozed", "cancelled"],
            )),
        }
    }

    /// Open and snoozed follow-ups still need doing.
    pub fn is_pending(self) -> bool {
        matches!(self, Status::Open | Status::Snoozed)
    }
}

/// Why a follow-up exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Manual,
    /// Created when someone new was met at an event or added with `--met`.
    AfterEvent,
    /// Something I promised in an interaction (`log --promise`).
    Promise,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Manual => "manual",
            Origin::AfterEvent => "after_event",
            Origin::Promise => "promise",
        }
    }

    pub fn parse(s: &str) -> Result<Origin, CoreError> {
        match s {
            "manual" => Ok(Origin::Manual),
            "after_event" => Ok(Origin::AfterEvent),
            "promise" => Ok(Origin::Promise),
            _ => Err(unknown_choice(
                "origin",
                s,
                &["manual", "after_event", "promise"],
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub id: FollowUpId,
    pub person_id: PersonId,
    pub text: String,
    pub due: NaiveDate,
    pub status: Status,
    pub origin: Origin,
    pub created_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

/// What the after-event follow-up asks of you.
pub const AFTER_EVENT_TEXT: &str = "send a note or connect on LinkedIn while the meeting is fresh";

/// Days until a promise falls due when no date is given.
pub const PROMISE_DAYS: i64 = 3;

/// The after-event rule: someone new met somewhere (a context or an event) on a known day
/// gets a follow-up due `after_days` after the meeting, while it is fresh. Logging any later
/// interaction with them completes it. `None` when the rule does not apply. A meeting long
/// enough ago that the day has passed gives a follow-up due today (see [`made_due`]).
pub fn after_event_due(
    met: &crate::person::Met,
    after_days: u32,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let on = met.on?;
    (met.context.is_some() || met.event_id.is_some())
        .then(|| made_due(on + chrono::Duration::days(i64::from(after_days)), today))
}

/// A follow-up is never born overdue: one asked for on a day already past is due today,
/// so the plan shows it now instead of burying it among old promises.
pub fn made_due(asked: NaiveDate, today: NaiveDate) -> NaiveDate {
    asked.max(today)
}

/// The text of a follow-up asked for when logging an interaction without a promise.
pub fn follow_up_on(summary: &str) -> String {
    format!("follow up on: {}", summary.trim())
}

impl FollowUp {
    /// Pending and due today or earlier.
    pub fn is_due(&self, today: NaiveDate) -> bool {
        self.status.is_pending() && self.due <= today
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::person::Met;

    fn d(s: &str) -> NaiveDate {
        crate::date::parse_iso(s).unwrap()
    }

    fn met(context: Option<&str>, on: Option<&str>) -> Met {
        Met {
            context: context.map(str::to_string),
            on: on.map(d),
            event_id: None,
        }
    }

    #[test]
    fn after_event_is_dated_from_the_meeting() {
        let today = d("2026-12-01");
        let m = met(Some("RustConf"), Some("2026-11-30"));
        assert_eq!(after_event_due(&m, 2, today), Some(d("2026-12-02")));
    }

    #[test]
    fn a_meeting_long_ago_gives_a_follow_up_due_today_not_overdue() {
        let today = d("2026-12-01");
        let m = met(Some("RustConf"), Some("2026-11-26"));
        assert_eq!(after_event_due(&m, 2, today), Some(today));
    }

    #[test]
    fn no_place_or_no_day_means_no_after_event_follow_up() {
        let today = d("2026-12-01");
        assert_eq!(
            after_event_due(&met(None, Some("2026-12-01")), 2, today),
            None
        );
        assert_eq!(
            after_event_due(&met(Some("RustConf"), None), 2, today),
            None
        );
    }

    #[test]
    fn a_past_date_is_made_today_and_a_future_one_kept() {
        let today = d("2026-12-01");
        assert_eq!(made_due(d("2026-11-20"), today), today);
        assert_eq!(made_due(d("2026-12-05"), today), d("2026-12-05"));
    }
}
