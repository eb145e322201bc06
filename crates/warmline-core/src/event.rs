//! Events: places where you meet people.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub type EventId = i64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: EventId,
    pub name: String,
    pub on: Option<NaiveDate>,
    pub location: Option<String>,
}
