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
/// gets a follow-up due `after_days` later, while the meeting is fresh. Logging any later
/// interaction with them completes it. `None` when the rule does not apply.
pub fn after_event_due(met: &crate::person::Met, after_days: u32) -> Option<NaiveDate> {
    let on = met.on?;
    (met.context.is_some() || met.event_id.is_some())
        .then(|| on + chrono::Duration::days(i64::from(after_days)))
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
