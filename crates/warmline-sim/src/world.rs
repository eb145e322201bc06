//! The world's rules: how a tie cools without contact, how likely a note is to be
//! answered, how often people write first, change jobs and need something.
//!
//! Every number here is an assumption, listed with its source in the README's section on
//! the simulator. None of them knows which policy is being measured: the policies differ
//! only in what the simulated user does, never in how the world answers.

use warmline_core::person::Tier;

/// The layers of the network at the start, as shares of everyone: a few close friends,
/// many acquaintances. Dunbar's layers (5, 15, 50, 150 of about 500 known) scaled to a
/// professional network, where acquaintances weigh more.
pub const TIER_SHARES: [(Tier, f64); 4] = [
    (Tier::Inner, 0.02),
    (Tier::Close, 0.05),
    (Tier::Regular, 0.18),
    (Tier::Loose, 0.75),
];

/// The bond of someone just met in person.
pub const NEW_BOND: f64 = 0.35;
/// Days in which a new acquaintance's bond halves until you have exchanged a word since.
pub const NEW_HALF_LIFE_DAYS: f64 = 14.0;

/// How much of the way to a full bond each kind of contact brings.
pub const SENT_GAIN: f64 = 0.04;
pub const EXCHANGE_GAIN: f64 = 0.25;
pub const INBOUND_GAIN: f64 = 0.2;
pub const CALL_GAIN: f64 = 0.35;

/// A warm tie writes first about once every two cadences at full bond.
pub const INBOUND_RATE: f64 = 0.5;
/// Median job tenure is about four years: a job change per person every 1,460 days.
pub const JOB_CHANGE_DAILY: f64 = 1.0 / 1460.0;
/// Someone comes to need something (an introduction, feedback, advice) about twice a
/// year, and the need lasts one to two months.
pub const NEED_DAILY: f64 = 1.0 / 180.0;
pub const NEED_DAYS: (u32, u32) = (30, 60);
/// Events: one a month, meeting three to six people there.
pub const EVENT_EVERY_DAYS: u32 = 30;
pub const EVENT_DAY: u32 = 10;
pub const MET_PER_EVENT: (u32, u32) = (3, 6);
/// A reply comes one to three days after the note.
pub const REPLY_LAG_DAYS: (u32, u32) = (1, 3);
/// A call, when a reply leads to one, happens three to ten days later.
pub const CALL_LAG_DAYS: (u32, u32) = (3, 10);
/// After a call with someone who fits your goal: a referral or real advice, and after a
/// referral, an opportunity.
pub const REFERRAL_CHANCE: f64 = 0.25;
pub const OPPORTUNITY_CHANCE: f64 = 0.3;
/// When someone tells you of a need, you help there and then this often, with or
/// without a tool.
pub const HELP_UNPROMPTED: f64 = 0.2;
/// Share of people whose birthday you know.
pub const BIRTHDAY_KNOWN: f64 = 0.4;
/// Share of people who fit the goal (designers, for a designer looking for work).
pub const GOAL_FIT_SHARE: f64 = 0.08;

/// How a note approaches someone: a plain note, a reason to write, help, or a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approach {
    Note,
    Congratulate,
    Birthday,
    Give,
    Ask,
}

/// Days in which a settled tie's bond halves without contact: closer ties last longer.
pub fn half_life_days(tier: Tier) -> f64 {
    match tier {
        Tier::Inner => 180.0,
        Tier::Close => 120.0,
        Tier::Regular => 75.0,
        Tier::Loose => 45.0,
    }
}

/// The bond after `days` without contact.
pub fn decayed(bond: f64, days: f64, half_life: f64) -> f64 {
    (bond * 0.5f64.powf(days / half_life.max(1.0))).clamp(0.0, 1.0)
}

/// The bond after a contact that brings `gain` of the way to a full bond.
pub fn gained(bond: f64, gain: f64) -> f64 {
    (bond + gain * (1.0 - bond)).clamp(0.0, 1.0)
}

/// The chance that a note is answered: a quarter for someone you barely know, most of
/// the time for a close friend; congratulations and birthday wishes are answered more
/// often, help more often still, a request a little less.
pub fn reply_chance(bond: f64, approach: Approach) -> f64 {
    let lift = match approach {
        Approach::Note => 0.0,
        Approach::Congratulate | Approach::Birthday => 0.15,
        Approach::Give => 0.2,
        Approach::Ask => -0.05,
    };
    (0.25 + 0.6 * bond.clamp(0.0, 1.0) + lift).clamp(0.02, 0.95)
}

/// The chance that an answer leads to a call: a request for advice is a request for
/// one; otherwise a warm tie suggests catching up now and then.
pub fn call_chance(bond: f64, approach: Approach) -> f64 {
    match approach {
        Approach::Ask => 0.5,
        _ => 0.15 * bond.clamp(0.0, 1.0),
    }
}

/// The chance, on one day, that someone writes first.
pub fn inbound_chance(bond: f64, cadence_days: u32) -> f64 {
    INBOUND_RATE * bond.clamp(0.0, 1.0) / f64::from(cadence_days.max(1))
}

/// The bond at the start for a tie of this layer last in touch `days_ago`.
pub fn starting_bond(tier: Tier, days_ago: i64) -> f64 {
    let full = match tier {
        Tier::Inner => 0.8,
        Tier::Close => 0.6,
        Tier::Regular => 0.4,
        Tier::Loose => 0.25,
    };
    decayed(full, days_ago.max(0) as f64, half_life_days(tier))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_closer_tie_answers_more_often() {
        for approach in [
            Approach::Note,
            Approach::Congratulate,
            Approach::Birthday,
            Approach::Give,
            Approach::Ask,
        ] {
            assert!(reply_chance(0.8, approach) > reply_chance(0.2, approach));
        }
        assert!(reply_chance(0.5, Approach::Give) > reply_chance(0.5, Approach::Note));
        assert!(reply_chance(0.5, Approach::Ask) < reply_chance(0.5, Approach::Note));
    }

    #[test]
    fn a_bond_halves_in_its_half_life() {
        let b = decayed(0.8, 75.0, half_life_days(Tier::Regular));
        assert!((b - 0.4).abs() < 1e-9);
        assert!(half_life_days(Tier::Inner) > half_life_days(Tier::Loose));
    }

    #[test]
    fn the_layers_add_up_to_everyone() {
        let total: f64 = TIER_SHARES.iter().map(|(_, s)| s).sum();
        assert!((total - 1.0).abs() < 1e-9);
    }

    proptest! {
        #[test]
        fn chances_and_bonds_stay_in_range(bond in -1.0f64..2.0, days in 0.0f64..2000.0,
                                           gain in 0.0f64..1.0, cadence in 0u32..400) {
            for approach in [Approach::Note, Approach::Congratulate, Approach::Birthday,
                             Approach::Give, Approach::Ask] {
                let p = reply_chance(bond, approach);
                prop_assert!((0.0..=1.0).contains(&p));
                let c = call_chance(bond, approach);
                prop_assert!((0.0..=1.0).contains(&c));
            }
            let b = decayed(bond.clamp(0.0, 1.0), days, 45.0);
            prop_assert!((0.0..=1.0).contains(&b));
            prop_assert!(b <= bond.clamp(0.0, 1.0));
            let g = gained(bond.clamp(0.0, 1.0), gain);
            prop_assert!(g >= bond.clamp(0.0, 1.0) && g <= 1.0);
            prop_assert!((0.0..=1.0).contains(&inbound_chance(bond, cadence)));
        }
    }
}
