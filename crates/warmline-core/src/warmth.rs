//! Warmth and keep-in-touch cadence.
//!
//! Warmth weighs the evidence of a tie. Each touch brings heat that halves every `cadence`
//! days, so a tie you see as often as you mean to stays warm, and one you neglect cools at a
//! pace that fits the tie: a weekly friend goes cold in weeks, a yearly contact in months.
//! How much heat a touch brings depends on what it says about the tie:
//!
//! * **Kind:** sitting down together says more than a call, and a call more than a note
//!   ([`kind_weight`]).
//! * **Direction:** a meeting, call or event counts in full whoever asked for it
//!   ([`is_conversation`]); of notes, a two-way exchange or their answer to mine counts in
//!   full, them writing first a little less, and a note of mine nobody answered half
//!   ([`direction_factor`]).
//! * **Spread:** touches bunched in one week (Monday to Sunday) say less than the same
//!   touches spread out: the week's strongest counts in full, the next half, the next a
//!   quarter, and so on, together on the day of the week's last touch.
//!
//! Heat cannot pile up past [`MAX_HEAT`]: a month of daily chat does not bank warmth for the
//! year after. The score only falls as time passes; only a new touch raises it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::interaction::{Direction, Kind, Touch};
use crate::person::Tier;
use crate::stats::week_start;

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

/// Heat at which the score reaches about 63: a recent coffee and a call in another week.
pub const SATURATION: f64 = 5.0;

/// The most heat a tie holds (a score of 95): touches past it are not banked.
pub const MAX_HEAT: f64 = 3.0 * SATURATION;

/// An inbound touch this soon after a note of mine is its answer.
pub const REPLY_DAYS: i64 = 14;

/// Heat of one touch of this kind, before direction and spread: in person counts most.
pub fn kind_weight(kind: Kind) -> f64 {
    match kind {
        Kind::Coffee | Kind::Meeting => 3.0,
        Kind::Call | Kind::Video => 2.0,
        Kind::Event => 1.5,
        Kind::Intro => 1.2,
        Kind::Email | Kind::Message | Kind::Other => 1.0,
    }
}

/// A meeting, call or event is a conversation: its direction only says who asked for it.
pub fn is_conversation(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Coffee | Kind::Meeting | Kind::Call | Kind::Video | Kind::Event
    )
}

/// How much of a note's heat its direction lets count. `answers_mine` says whether an
/// inbound touch came within [`REPLY_DAYS`] of an outbound one.
pub fn direction_factor(direction: Direction, answers_mine: bool) -> f64 {
    match direction {
        Direction::Mutual => 1.0,
        Direction::Inbound if answers_mine => 1.0,
        Direction::Inbound => 0.8,
        Direction::Outbound => 0.5,
    }
}

/// The heat each week brings, for touches after `after` (the last day of a week) up to
/// `upto`, in date order: kind and direction weighed, the week's touches ranked and halved
/// in turn, all counted on the day of the week's last touch. Counting them together keeps
/// a new touch from ever cooling a tie: it can only add to its week and move the week's
/// day later. An answer is recognised by the latest note of mine before it: among
/// `touches`, or `outbound_before`, the latest on or before `after`.
fn weekly_heat(
    touches: &[Touch],
    outbound_before: Option<NaiveDate>,
    after: Option<NaiveDate>,
    upto: NaiveDate,
) -> Vec<(NaiveDate, f64)> {
    let mut past: Vec<Touch> = touches.iter().filter(|t| t.on <= upto).copied().collect();
    past.sort_by_key(|t| t.on);
    let mut outbound: Vec<NaiveDate> = (past.iter())
        .filter(|t| t.direction == Direction::Outbound)
        .map(|t| t.on)
        .collect();
    if let Some(day) = outbound_before {
        outbound.push(day);
        outbound.sort_unstable();
    }
    let base = |t: &Touch| {
        let answers_mine = t.direction == Direction::Inbound && {
            // The latest note of mine on or before this day.
            let i = outbound.partition_point(|d| *d <= t.on);
            i > 0 && (t.on - outbound[i - 1]).num_days() <= REPLY_DAYS
        };
        if is_conversation(t.kind) {
            // Both sides were there, whoever asked for it.
            kind_weight(t.kind)
        } else {
            kind_weight(t.kind) * direction_factor(t.direction, answers_mine)
        }
    };
    let start = after.map_or(0, |a| past.partition_point(|t| t.on <= a));
    // Touches are in date order, so each week's are together.
    past[start..]
        .chunk_by(|a, b| week_start(a.on) == week_start(b.on))
        .filter_map(|week| {
            let mut ranked: Vec<f64> = week.iter().map(base).collect();
            ranked.sort_by(|a, b| b.total_cmp(a));
            let (sum, _) = ranked
                .iter()
                .fold((0.0, 1.0), |(sum, share), h| (sum + h * share, share / 2.0));
            Some((week.last()?.on, sum))
        })
        .collect()
}

/// How many days heat takes to halve for a tie of this cadence.
pub fn half_life_days(cadence_days: Option<u32>) -> u32 {
    cadence_days.unwrap_or(NEUTRAL_HALF_LIFE_DAYS).max(1)
}

/// Heat as the weeks of touches leave it: the heat on the day of the last week counted,
/// before it decays to any later day. Folding the weeks in two parts gives exactly what
/// folding them at once gives, so a reader can keep the state at the end of a week and
/// later add only the weeks after it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct HeatState {
    pub heat: f64,
    /// The day of the last week counted's last touch; none before any touch.
    pub at: Option<NaiveDate>,
    /// The latest note of mine counted: what a later answer replies to.
    pub last_outbound: Option<NaiveDate>,
}

impl HeatState {
    /// Adds the weeks of `touches` after `after` (the last day of a week, or none for
    /// every week) up to `upto` for a tie of this half-life. The state must hold every
    /// touch up to `after`, and `touches` every touch after it.
    pub fn fold(
        self,
        touches: &[Touch],
        half_life_days: u32,
        after: Option<NaiveDate>,
        upto: NaiveDate,
    ) -> HeatState {
        let half_life = f64::from(half_life_days.max(1));
        let mut heat = self.heat;
        let mut at = self.at;
        for (on, add) in weekly_heat(touches, self.last_outbound, after, upto) {
            if let Some(prev) = at {
                heat *= decay(prev, on, half_life);
            }
            heat = (heat + add).min(MAX_HEAT);
            at = Some(on);
        }
        let last_outbound = (touches.iter())
            .filter(|t| t.direction == Direction::Outbound && t.on <= upto)
            .map(|t| t.on)
            .chain(self.last_outbound)
            .max();
        HeatState {
            heat,
            at,
            last_outbound,
        }
    }

    /// The heat on `day`, on or after the last touch counted.
    pub fn heat_on(self, half_life_days: u32, day: NaiveDate) -> f64 {
        let half_life = f64::from(half_life_days.max(1));
        self.at
            .map_or(0.0, |prev| self.heat * decay(prev, day, half_life))
    }
}

fn decay(from: NaiveDate, to: NaiveDate, half_life: f64) -> f64 {
    0.5_f64.powf((to - from).num_days() as f64 / half_life)
}

/// The heat of a tie at `today`, from touches up to `today`.
pub fn heat(touches: &[Touch], cadence_days: Option<u32>, today: NaiveDate) -> f64 {
    let half_life = half_life_days(cadence_days);
    HeatState::default()
        .fold(touches, half_life, None, today)
        .heat_on(half_life, today)
}

/// Warmth of a tie holding `heat`.
pub fn warmth_of_heat(heat: f64) -> Warmth {
    let score = (100.0 * (1.0 - (-heat / SATURATION).exp()))
        .floor()
        .clamp(0.0, 100.0) as u8;
    Warmth {
        score,
        state: WarmthState::from_score(score),
    }
}

/// Warmth at `today` from past touches; touches after `today` are ignored.
pub fn warmth(touches: &[Touch], cadence_days: Option<u32>, today: NaiveDate) -> Warmth {
    warmth_of_heat(heat(touches, cadence_days, today))
}

/// Whether a tie last touched `days_since` days ago can be warm (or hot) at all: heat never
/// exceeds [`MAX_HEAT`] and halves every cadence after the last touch. Lets a reader skip
/// the touches of everyone who cannot be.
pub fn could_be_warm(days_since: i64, cadence_days: Option<u32>) -> bool {
    let half_life = f64::from(cadence_days.unwrap_or(NEUTRAL_HALF_LIFE_DAYS).max(1));
    // The least heat that scores 40, with a margin for rounding.
    let warm = SATURATION * (1.0_f64 / 0.6).ln() * 0.999;
    days_since <= 0 || MAX_HEAT * 0.5_f64.powf(days_since as f64 / half_life) >= warm
}

/// Drifting: warm (or hot) at some point in the past year, cooling or cold now, and past
/// due for their rhythm (the neutral half-life for someone without one). These are the
/// old coworkers and friends the advice warns you will drift apart from; someone touched
/// within their rhythm is cooling as every tie does between touches, not drifting.
pub fn is_drifting(touches: &[Touch], cadence_days: Option<u32>, today: NaiveDate) -> bool {
    let Some(last) = touches.iter().map(|t| t.on).filter(|on| *on <= today).max() else {
        return false;
    };
    let rhythm = i64::from(cadence_days.unwrap_or(NEUTRAL_HALF_LIFE_DAYS));
    if (today - last).num_days() <= rhythm {
        return false;
    }
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
        touch_dir(on, kind, Direction::Mutual)
    }

    fn touch_dir(on: NaiveDate, kind: Kind, direction: Direction) -> Touch {
        Touch {
            on,
            kind,
            direction,
        }
    }

    fn score(touches: &[Touch], today: &str) -> u8 {
        warmth(touches, Some(30), d(today)).score
    }

    #[test]
    fn meeting_in_person_weighs_more_than_a_call_and_a_call_more_than_a_message() {
        let on = d("2026-03-04");
        let coffee = score(&[touch(on, Kind::Coffee)], "2026-03-10");
        let call = score(&[touch(on, Kind::Call)], "2026-03-10");
        let message = score(&[touch(on, Kind::Message)], "2026-03-10");
        assert!(coffee > call && call > message, "{coffee} {call} {message}");
    }

    #[test]
    fn a_reply_weighs_more_than_a_one_way_note() {
        let mine = touch_dir(d("2026-03-02"), Kind::Email, Direction::Outbound);
        let answered = [
            mine,
            touch_dir(d("2026-03-09"), Kind::Email, Direction::Inbound),
        ];
        let unanswered = [
            mine,
            touch_dir(d("2026-03-09"), Kind::Email, Direction::Outbound),
        ];
        assert!(score(&answered, "2026-03-12") > score(&unanswered, "2026-03-12"));
        // Them writing first counts less than them answering, more than my own note.
        let theirs = score(
            &[touch_dir(d("2026-03-09"), Kind::Email, Direction::Inbound)],
            "2026-03-12",
        );
        let reply = score(&answered[1..], "2026-03-12");
        assert!(
            theirs < score(&answered, "2026-03-12") && theirs > 0,
            "{theirs} {reply}"
        );
        assert!(
            score(
                &[touch_dir(d("2026-03-09"), Kind::Email, Direction::Outbound)],
                "2026-03-12"
            ) < theirs
        );
        // An answer after more than two weeks is them writing, not a reply.
        let late = [
            touch_dir(d("2026-02-01"), Kind::Email, Direction::Outbound),
            touch_dir(d("2026-03-09"), Kind::Email, Direction::Inbound),
        ];
        assert!(score(&late, "2026-03-12") < score(&answered, "2026-03-12"));
    }

    #[test]
    fn touches_spread_over_weeks_count_more_than_the_same_bunched_in_one() {
        // Three calls, all ending on the same day; only their spread differs.
        let bunched: Vec<Touch> = ["2026-03-23", "2026-03-25", "2026-03-27"]
            .iter()
            .map(|on| touch(d(on), Kind::Call))
            .collect();
        let spread: Vec<Touch> = ["2026-03-13", "2026-03-20", "2026-03-27"]
            .iter()
            .map(|on| touch(d(on), Kind::Call))
            .collect();
        assert!(
            score(&spread, "2026-03-27") > score(&bunched, "2026-03-27"),
            "{} {}",
            score(&spread, "2026-03-27"),
            score(&bunched, "2026-03-27")
        );
        // The week's strongest touch counts in full whatever order they came in.
        let mixed = [
            touch(d("2026-03-23"), Kind::Message),
            touch(d("2026-03-24"), Kind::Coffee),
        ];
        let coffee_alone = [touch(d("2026-03-24"), Kind::Coffee)];
        assert!(score(&mixed, "2026-03-24") > score(&coffee_alone, "2026-03-24"));
    }

    #[test]
    fn one_note_one_reply_and_one_coffee_make_a_tie_warm_not_hot() {
        let t = [
            touch_dir(d("2026-03-02"), Kind::Email, Direction::Outbound),
            touch_dir(d("2026-03-04"), Kind::Email, Direction::Inbound),
            touch(d("2026-03-12"), Kind::Coffee),
        ];
        assert_eq!(
            warmth(&t, Some(90), d("2026-03-12")).state,
            WarmthState::Warm
        );
    }

    #[test]
    fn heat_is_capped_so_a_burst_does_not_bank_warmth_for_months() {
        let burst: Vec<Touch> = (0..60)
            .map(|i| touch(d("2026-01-01") + chrono::Duration::days(i), Kind::Coffee))
            .collect();
        assert!(heat(&burst, Some(30), d("2026-03-01")) <= MAX_HEAT);
        assert!(warmth(&burst, Some(30), d("2026-06-01")).state <= WarmthState::Cooling);
        // The bound that lets readers skip people holds at its edge, where heat was full.
        let last = d("2026-03-01");
        let edge = (1..400).find(|gap| !could_be_warm(*gap, Some(30))).unwrap();
        let at = |gap: i64| warmth(&burst, Some(30), last + chrono::Duration::days(gap)).state;
        assert!(at(edge) < WarmthState::Warm);
        assert!(at(edge - 3) >= WarmthState::Warm);
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
        // Cooled, but still within a 90-day rhythm: nothing is due yet.
        assert!(warmth(&t, Some(90), d("2026-04-05")).state < WarmthState::Warm);
        assert!(!is_drifting(&t, Some(90), d("2026-04-05")));
        assert!(is_drifting(&t, Some(90), d("2026-04-15")));
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
        let directions = [Direction::Outbound, Direction::Inbound, Direction::Mutual];
        proptest::collection::vec((0i64..800, 0usize..9, 0usize..3), 0..20).prop_map(move |v| {
            v.into_iter()
                .map(|(off, k, dir)| {
                    touch_dir(
                        d("2025-01-01") + chrono::Duration::days(off),
                        Kind::ALL[k],
                        directions[dir],
                    )
                })
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
            let past: Vec<Touch> = touches.iter().filter(|t| t.on <= day1).copied().collect();
            prop_assert!(warmth(&past, Some(cadence), day2).score <= warmth(&past, Some(cadence), day1).score);
            // Touches still to come change nothing before their day.
            prop_assert_eq!(warmth(&touches, Some(cadence), day1), warmth(&past, Some(cadence), day1));
        }

        #[test]
        fn nobody_within_their_rhythm_is_drifting(
            touches in arb_touches(),
            cadence in 1u32..400,
            gap in 0i64..800,
        ) {
            let Some(last) = touches.iter().map(|t| t.on).max() else { return Ok(()) };
            let today = last + chrono::Duration::days(gap);
            if gap <= i64::from(cadence) {
                prop_assert!(!is_drifting(&touches, Some(cadence), today));
            }
        }

        #[test]
        fn heat_folded_in_two_parts_is_heat_folded_at_once(
            touches in arb_touches(),
            cadence in 1u32..400,
            split in 0i64..900,
            gap in 0i64..400,
        ) {
            // Split at the end of a week, as a stored state is kept; the second part sees
            // only the touches after the split.
            let sunday = crate::stats::week_start(d("2025-01-01") + chrono::Duration::days(split))
                + chrono::Duration::days(6);
            let today = sunday + chrono::Duration::days(gap);
            let half_life = half_life_days(Some(cadence));
            let first = HeatState::default().fold(&touches, half_life, None, sunday);
            let recent: Vec<Touch> = touches.iter().filter(|t| t.on > sunday).copied().collect();
            let both = first.fold(&recent, half_life, Some(sunday), today);
            prop_assert_eq!(both.heat_on(half_life, today).to_bits(), heat(&touches, Some(cadence), today).to_bits());
            prop_assert_eq!(warmth_of_heat(both.heat_on(half_life, today)), warmth(&touches, Some(cadence), today));
        }

        #[test]
        fn nobody_long_untouched_is_warm(
            touches in arb_touches(),
            cadence in 1u32..400,
            gap in 0i64..2000,
        ) {
            let Some(last) = touches.iter().map(|t| t.on).max() else { return Ok(()) };
            let today = last + chrono::Duration::days(gap);
            if !could_be_warm(gap, Some(cadence)) {
                prop_assert!(warmth(&touches, Some(cadence), today).state < WarmthState::Warm);
            }
        }

        #[test]
        fn a_new_touch_never_cools_a_tie(
            touches in arb_touches(),
            cadence in 1u32..400,
            off in 0i64..800,
            k in 0usize..9,
        ) {
            let on = d("2025-01-01") + chrono::Duration::days(off);
            let mut more = touches.clone();
            more.push(touch(on, Kind::ALL[k]));
            let today = d("2027-06-01").min(on + chrono::Duration::days(30));
            prop_assert!(warmth(&more, Some(cadence), today).score >= warmth(&touches, Some(cadence), today).score);
        }

        #[test]
        fn next_due_is_last_contact_plus_cadence(cadence in 1u32..3650, off in 0i64..5000) {
            let last = d("2020-01-01") + chrono::Duration::days(off);
            let due = next_due(Some(cadence), Some(last), d("2019-01-01")).unwrap();
            prop_assert_eq!((due - last).num_days(), i64::from(cadence));
        }
    }
}
