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

/// "Followed up within two days" is the measure the advice asks for, whatever day the
/// after-event follow-up is set to fall due.
pub const FOLLOW_UP_WITHIN_DAYS: u32 = 2;

/// Whether someone met on `met` was followed up within `days` (the after-event rule's
/// window), judging by their first contact after the meeting.
pub fn followed_up_in_time(met: Option<NaiveDate>, first: Option<NaiveDate>, days: u32) -> bool {
    match (met, first) {
        (Some(met), Some(first)) => (first - met).num_days() <= i64::from(days),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::followed_up_in_time;
    use crate::date::parse_iso;

    #[test]
    fn in_time_means_within_the_window() {
        let d = |s| parse_iso(s);
        assert!(followed_up_in_time(d("2026-11-01"), d("2026-11-03"), 2));
        assert!(!followed_up_in_time(d("2026-11-01"), d("2026-11-04"), 2));
        assert!(!followed_up_in_time(d("2026-11-01"), None, 2));
        assert!(!followed_up_in_time(None, d("2026-11-02"), 2));
    }
}
