//! Interactions: every touch with one or more people.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::CoreError;
use crate::error::unknown_choice;
use crate::person::PersonId;

/// The furthest ahead a meeting can be booked (`log --on`, `log edit --on`): as far as
/// `upcoming --days` looks. Past it, a date is far more likely a typing slip.
pub const BOOK_AHEAD_DAYS: i64 = 366;

/// Refuses a day too far ahead to be a booking; `None` when `on` is fine.
pub fn too_far_ahead(on: NaiveDate, today: NaiveDate) -> Option<String> {
    (on > today + chrono::Duration::days(BOOK_AHEAD_DAYS)).then(|| {
        format!(
            "{on} is more than a year ahead: a meeting can be booked up to {BOOK_AHEAD_DAYS} days ahead"
        )
    })
}

pub type InteractionId = i64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Coffee,
    Call,
    Video,
    Email,
    Message,
    Meeting,
    Event,
    Intro,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Coffee,
        Kind::Call,
        Kind::Video,
        Kind::Email,
        Kind::Message,
        Kind::Meeting,
        Kind::Event,
        Kind::Intro,
        Kind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Coffee => "coffee",
            Kind::Call => "call",
            Kind::Video => "video",
            Kind::Email => "email",
            Kind::Message => "message",
            Kind::Meeting => "meeting",
            Kind::Event => "event",
            Kind::Intro => "intro",
            Kind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Result<Kind, CoreError> {
        let k = s.trim().to_lowercase();
        Kind::ALL
            .into_iter()
            .find(|x| x.as_str() == k)
            .ok_or_else(|| {
                let names: Vec<&str> = Kind::ALL.iter().map(|c| c.as_str()).collect();
                unknown_choice("interaction kind", s, &names)
            })
    }

    /// A real conversation (as opposed to a written note): it moves a goal pipeline to
    /// "conversation".
    pub fn is_conversation(self) -> bool {
        matches!(
            self,
            Kind::Coffee | Kind::Call | Kind::Video | Kind::Meeting
        )
    }
}

/// Who started it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// I reached out.
    Outbound,
    /// They reached out.
    Inbound,
    Mutual,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Outbound => "outbound",
            Direction::Inbound => "inbound",
            Direction::Mutual => "mutual",
        }
    }

    pub fn parse(s: &str) -> Result<Direction, CoreError> {
        match s.trim().to_lowercase().as_str() {
            "outbound" | "out" | "me" => Ok(Direction::Outbound),
            "inbound" | "in" | "them" => Ok(Direction::Inbound),
            "mutual" => Ok(Direction::Mutual),
            _ => Err(unknown_choice(
                "direction",
                s,
                &["outbound", "inbound", "mutual"],
            )),
        }
    }
}

/// An interaction with its participants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interaction {
    pub id: InteractionId,
    pub on: NaiveDate,
    pub kind: Kind,
    pub direction: Direction,
    pub summary: String,
    pub notes: String,
    /// `manual`, `mbox`, `ics`, `linkedin`, ...
    pub source: String,
    pub people: Vec<PersonId>,
}

/// An interaction about to be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInteraction {
    pub on: NaiveDate,
    pub kind: Kind,
    pub direction: Direction,
    pub summary: String,
    pub notes: String,
    pub source: String,
    /// Identifies an imported record so that importing it again changes nothing.
    pub source_key: Option<String>,
    pub people: Vec<PersonId>,
}

/// What the warmth and cadence rules need to know of one interaction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Touch {
    pub on: NaiveDate,
    pub kind: Kind,
    pub direction: Direction,
}

impl Interaction {
    /// What warmth weighs of it.
    pub fn touch(&self) -> Touch {
        Touch {
            on: self.on,
            kind: self.kind,
            direction: self.direction,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_and_list_choices() {
        assert_eq!(Kind::parse("Coffee").unwrap(), Kind::Coffee);
        let err = Kind::parse("lunch").unwrap_err().to_string();
        assert!(err.contains("coffee, call"), "{err}");
    }
}
