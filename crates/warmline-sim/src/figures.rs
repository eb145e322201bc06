//! The figures of a run: how many people are within their cadence, how fast new people
//! are followed up, how many ties are warm, what was given and asked, and the minutes.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use warmline_core::goal::Funnel;
use warmline_core::interaction::Touch;
use warmline_core::person::PersonId;
use warmline_core::warmth::{self, WarmthState};

use crate::{Member, Policy};

/// Everything a run measured; `simulate --json` prints it. Shares run from 0 to 1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub policy: Policy,
    /// People at the start.
    pub people: usize,
    pub days: u32,
    /// The minutes a day the user had.
    pub minutes: u32,
    pub seed: u64,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Share of everyone (met during the run or before) last in touch within their cadence
    /// on the last day.
    pub within_cadence: f64,
    /// Share of the people met at events (two days or more before the end) who had a note
    /// within two days of meeting.
    pub followed_up_2d: f64,
    /// Days from meeting to the first note, the median over everyone met; `null` when
    /// more than half were never followed up.
    pub median_follow_up_days: Option<f64>,
    /// People whose warmth (warmline's own rule) is warm or hot on the last day.
    pub warm_ties: u32,
    pub warmth: WarmthCounts,
    /// Help given: introductions, offers, help on a need.
    pub gives: u32,
    /// Requests made: approaches for advice toward the goal.
    pub asks: u32,
    pub minutes_spent: u32,
    /// Notes the user sent, and answers and calls that came of them or unprompted.
    pub notes_sent: u32,
    pub replies: u32,
    pub written_first: u32,
    pub calls: u32,
    pub new_people: u32,
    pub never_followed_up: u32,
    /// How many people reached at least each stage of the goal's funnel.
    pub funnel: Funnel,
    /// Each week's end: within cadence and warm ties.
    pub series: Vec<Point>,
}

/// One point of the series over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub day: u32,
    pub within_cadence: f64,
    pub warm_ties: u32,
}

/// How many ties are in each warmth state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct WarmthCounts {
    pub hot: u32,
    pub warm: u32,
    pub cooling: u32,
    pub cold: u32,
}

impl WarmthCounts {
    /// Warm or hot: a tie that would answer.
    pub fn warm_ties(&self) -> u32 {
        self.hot + self.warm
    }
}

/// A share rounded to three places, so the JSON reads cleanly and compares exactly.
pub(crate) fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    (part as f64 / whole as f64 * 1000.0).round() / 1000.0
}

/// The share of members last in touch within their cadence on `today`.
pub(crate) fn within_cadence(members: &[Member], today: NaiveDate) -> f64 {
    let within = (members.iter())
        .filter(|m| (today - m.last_contact).num_days() <= i64::from(m.cadence))
        .count();
    share(within, members.len())
}

/// Everyone's warmth on `today`, as warmline computes it from the logged touches.
pub(crate) fn warmth_counts(
    members: &[Member],
    touches: &HashMap<PersonId, Vec<Touch>>,
    today: NaiveDate,
) -> WarmthCounts {
    let mut counts = WarmthCounts::default();
    for m in members {
        let mine = touches.get(&m.id).map(Vec::as_slice).unwrap_or(&[]);
        match warmth::warmth(mine, Some(m.cadence), today).state {
            WarmthState::Hot => counts.hot += 1,
            WarmthState::Warm => counts.warm += 1,
            WarmthState::Cooling => counts.cooling += 1,
            WarmthState::Cold => counts.cold += 1,
        }
    }
    counts
}

/// The median of latencies in days, `None` standing for never; `None` when the middle is
/// never (or there is nothing to take a median of).
pub fn median_days(latencies: &[Option<i64>]) -> Option<f64> {
    if latencies.is_empty() {
        return None;
    }
    let mut sorted: Vec<Option<i64>> = latencies.to_vec();
    // Never sorts last.
    sorted.sort_by_key(|l| (l.is_none(), *l));
    let n = sorted.len();
    let (a, b) = (sorted[(n - 1) / 2], sorted[n / 2]);
    Some((a? as f64 + b? as f64) / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_median_counts_the_never_followed_up() {
        assert_eq!(median_days(&[Some(1), Some(3), Some(2)]), Some(2.0));
        assert_eq!(median_days(&[Some(1), Some(4)]), Some(2.5));
        assert_eq!(median_days(&[Some(1), None, None]), None);
        assert_eq!(median_days(&[Some(9), None, Some(1)]), Some(9.0));
        assert_eq!(median_days(&[]), None);
    }

    #[test]
    fn shares_are_rounded() {
        assert_eq!(share(1, 3), 0.333);
        assert_eq!(share(0, 0), 0.0);
        assert_eq!(share(5, 5), 1.0);
    }

    proptest! {
        #[test]
        fn a_median_lies_among_its_values(v in proptest::collection::vec(proptest::option::of(0i64..100), 1..40)) {
            if let Some(m) = median_days(&v) {
                let known: Vec<i64> = v.iter().flatten().copied().collect();
                let lo = known.iter().min().copied().unwrap_or(0) as f64;
                let hi = known.iter().max().copied().unwrap_or(0) as f64;
                prop_assert!(m >= lo && m <= hi);
            }
            prop_assert!((0.0..=1.0).contains(&share(v.iter().flatten().count(), v.len())));
        }
    }
}
