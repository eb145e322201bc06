//! Warmth and keep-in-touch cadence.
//!
//! Each interaction adds heat that halves every `cadence` days, so a tie you see as often
//! as you mean to stays warm, and one you neglect cools at a pace that fits the tie: a
//! weekly friend goes cold in weeks, a yearly contact in months. The score only falls as
//! time passes; only a new interaction raises it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::interaction::Touch;
use crate::person::Tier;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum WarmthState {
    Cold,
    Cooling,
    Warm,
    Hot,
}

impl WarmthState {
    pub fn as_str(self) -> &'static str {
        match self {
            WarmthState::Hot => "hot",
            WarmthState::Warm => "warm",
            WarmthState::Cooling => "cooling",
            WarmthState::Cold => "cold",
        }
    }

    pub fn from_score(score: u8) -> WarmthState {
        match score {
            70.. => WarmthState::Hot,
            40..=69 => WarmthState::Warm,
            15..=39 => WarmthState::Cooling,
            _ => WarmthState::Cold,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warmth {
    pub score: u8,
    pub state: WarmthState,
}

/// The cadence used for warmth when a person has none: heat halves in ninety days.
pub const NEUTRAL_HALF_LIFE_DAYS: u32 = 90;

/// Sum of contributions at which the score reaches about 63.
const SATURATION: f64 = 2.0;

/// Warmth at `today` from past touches; touches after `today` are ignored.
pub fn warmth(touches: &[Touch], cadence_days: Option<u32>, today: NaiveDate) -> Warmth {
    let half_life = f64::from(cadence_days.unwrap_or(NEUTRAL_HALF_LIFE_DAYS).max(1));
    let heat: f64 = touches
        .iter()
        .filter(|t| t.on <= today)
        .map(|t| {
            let age = (today - t.on).num_days() as f64;
            t.kind.weight() * 0.5_f64.powf(age / half_life)
        })
        .sum();
    let score = (100.0 * (1.0 - (-heat / SATURATION).exp()))
        .floor()
        .clamp(0.0, 100.0) as u8;
    Warmth {
        score,
        state: WarmthState::from_score(score),
    }
}

/// Drifting: warm (or hot) at some point in the past year, cooling or cold now. These are
/// the old coworkers and friends the advice warns you will drift apart from.
pub fn is_drifting(touches: &[Touch], cadence_days: Option<u32>, today: NaiveDate) -> bool {
    if warmth(touches, cadence_days, today).state >= WarmthState::Warm {
        return false;
    }
    let year_ago = today - chrono::Duration::days(365);
    // Warmth peaks on the days of touches, so checking those days finds the peak.
    touches
        .iter()
        .filter(|t| t.on >= year_ago && t.on <= today)
        .any(|t| warmth(touches, cadence_days, t.on).state >= WarmthState::Warm)
}

/// The default cadence for each tier, changeable in settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierCadences {
    pub inner: u32,
    pub close: u32,
    pub regular: u32,
    pub loose: u32,
}

impl Default for TierCadences {
    fn default() -> Self {
        TierCadences {
            inner: Tier::Inner.default_cadence_days(),
            close: Tier::Close.default_cadence_days(),
            regular: Tier::Regular.default_cadence_days(),
            loose: Tier::Loose.default_cadence_days(),
        }
    }
}

impl TierCadences {
    pub fn for_tier(&self, tier: Tier) -> u32 {
        match tier {
            Tier::Inner => self.inner,
            Tier::Close => self.close,
            Tier::Regular => self.regular,
            Tier::Loose => self.loose,
        }
    }
}

/// A person's keep-in-touch cadence: explicit, else their tier's, else none.
pub fn cadence_days(
    explicit: Option<u32>,
    tier: Option<Tier>,
    tiers: &TierCadences,
) -> Option<u32> {
    explicit.or_else(|| tier.map(|t| tiers.for_tier(t)))
}

/// When to be in touch next: the last interaction plus the cadence; someone never contacted
/// is due from the day they were added.
pub fn next_due(
    cadence_days: Option<u32>,
    last_contact: Option<NaiveDate>,
    added_on: NaiveDate,
) -> Option<NaiveDate> {
    let cadence = cadence_days?;
    Some(match last_contact {
        Some(last) => last + chrono::Duration::days(i64::from(cadence)),
        None => added_on,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_iso;
    use crate::interaction::{Direction, Kind};
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        parse_iso(s).unwrap()
    }

    fn touch(on: NaiveDate, kind: Kind) -> Touch {
        Touch {
            on,
            kind,
            direction: Direction::Mutual,
        }
    }

    #[test]
    fn no_touches_is_cold() {
        let w = warmth(&[], Some(30), d("2026-01-01"));
        assert_eq!(
            w,
            Warmth {
                score: 0,
                state: WarmthState::Cold
            }
        );
    }

    #[test]
    fn a_coffee_today_is_warm_and_cools_over_cadences() {
        let t = [touch(d("2026-01-01"), Kind::Coffee)];
        let at = |day| warmth(&t, Some(30), d(day));
        assert_eq!(at("2026-01-01").state, WarmthState::Warm);
        assert_eq!(at("2026-01-31").state, WarmthState::Cooling);
        assert_eq!(at("2026-04-01").state, WarmthState::Cold);
    }

    #[test]
    fn frequent_touches_make_a_tie_hot() {
        let t: Vec<Touch> = (0..6)
            .map(|i| touch(d("2026-01-01") + chrono::Duration::days(i * 5), Kind::Call))
            .collect();
        assert_eq!(
            warmth(&t, Some(14), d("2026-01-26")).state,
            WarmthState::Hot
        );
    }

    #[test]
    fn future_touches_do_not_count_yet() {
        let t = [touch(d("2026-02-01"), Kind::Coffee)];
        assert_eq!(warmth(&t, Some(30), d("2026-01-01")).score, 0);
    }

    #[test]
    fn drifting_means_warm_this_year_and_cold_now() {
        let t = [
            touch(d("2026-01-01"), Kind::Coffee),
            touch(d("2026-01-10"), Kind::Call),
        ];
        assert!(!is_drifting(&t, Some(30), d("2026-01-15")));
        assert!(is_drifting(&t, Some(30), d("2026-04-15")));
        // Warm more than a year ago no longer counts as drifting: that tie has long gone.
        assert!(!is_drifting(&t, Some(30), d("2027-03-01")));
    }

    #[test]
    fn next_due_follows_cadence_or_added_day() {
        assert_eq!(
            next_due(Some(30), Some(d("2026-01-01")), d("2025-01-01")),
            Some(d("2026-01-31"))
        );
        assert_eq!(
            next_due(Some(30), None, d("2025-06-01")),
            Some(d("2025-06-01"))
        );
        assert_eq!(next_due(None, Some(d("2026-01-01")), d("2025-01-01")), None);
    }

    #[test]
    fn cadence_prefers_explicit_then_tier() {
        let tiers = TierCadences::default();
        assert_eq!(cadence_days(Some(7), Some(Tier::Loose), &tiers), Some(7));
        assert_eq!(cadence_days(None, Some(Tier::Close), &tiers), Some(30));
        assert_eq!(cadence_days(None, None, &tiers), None);
    }

    fn arb_touches() -> impl Strategy<Value = Vec<Touch>> {
        proptest::collection::vec((0i64..800, 0usize..9), 0..20).prop_map(|v| {
            v.into_iter()
                .map(|(off, k)| touch(d("2025-01-01") + chrono::Duration::days(off), Kind::ALL[k]))
                .collect()
        })
    }

    proptest! {
        #[test]
        fn warmth_never_rises_without_a_new_touch(
            touches in arb_touches(),
            cadence in 1u32..400,
            start in 0i64..900,
            gap in 1i64..200,
        ) {
            let day1 = d("2025-01-01") + chrono::Duration::days(start);
            let day2 = day1 + chrono::Duration::days(gap);
            // Only touches already in the past on day1: nothing new happens in between.
            let past: Vec<Touch> = touches.into_iter().filter(|t| t.on <= day1).collect();
            prop_assert!(warmth(&past, Some(cadence), day2).score <= warmth(&past, Some(cadence), day1).score);
        }

        #[test]
        fn next_due_is_last_contact_plus_cadence(cadence in 1u32..3650, off in 0i64..5000) {
            let last = d("2020-01-01") + chrono::Duration::days(off);
            let due = next_due(Some(cadence), Some(last), d("2019-01-01")).unwrap();
            prop_assert_eq!((due - last).num_days(), i64::from(cadence));
        }
    }
}
