//! `warmline simulate`: does following `today` make the habits happen?
//!
//! A synthetic network lives through the days on a throwaway database, through the real
//! store and the real plan: the same `Store::today_plan` the `today` command shows, the
//! same `Store::complete_plan_item` that `done` runs, the same import that notices job
//! changes. A simulated user with a few minutes a day follows one of three policies
//! ([`Policy`]), and the world answers by its own rules ([`world`]), the same for every
//! policy. The figures ([`Report`]) say how the network fared.
//!
//! A seed gives the same run everywhere: the random numbers come from `fastrand`'s
//! seeded generator (wyrand, a fixed algorithm with no platform-dependent part), in two
//! streams. The world's stream draws the same numbers whatever the user does (who is met
//! at each event, who changes jobs, who comes to need something, the dice for who writes
//! first), so the three policies meet the same world; the other stream answers the
//! user's own notes.

mod figures;
mod policy;
mod run;
mod setup;
mod user;
pub mod world;

use chrono::NaiveDate;
use warmline_core::person::{PersonId, Tier};
use warmline_store::StoreError;

pub use figures::{Point, Report, WarmthCounts, median_days};
pub use policy::Policy;
pub use run::{compare, simulate};

#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Invalid(String),
}

/// The most people and days a run takes: enough for a large network over two years,
/// small enough that a typo does not start an hour-long run.
pub const MAX_PEOPLE: usize = 5_000;
pub const MAX_DAYS: u32 = 730;

/// One run's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// People at the start; events add more.
    pub people: usize,
    pub days: u32,
    /// The user's minutes a day.
    pub minutes: u32,
    pub policy: Policy,
    pub seed: u64,
}

impl Config {
    pub fn check(&self) -> Result<(), SimError> {
        if !(1..=MAX_PEOPLE).contains(&self.people) {
            return Err(SimError::Invalid(format!(
                "--people must be between 1 and {MAX_PEOPLE}, not {}",
                self.people
            )));
        }
        if !(1..=MAX_DAYS).contains(&self.days) {
            return Err(SimError::Invalid(format!(
                "--days must be between 1 and {MAX_DAYS}, not {}",
                self.days
            )));
        }
        if !(1..=1440).contains(&self.minutes) {
            return Err(SimError::Invalid(format!(
                "--minutes must be between 1 and 1440, not {}",
                self.minutes
            )));
        }
        Ok(())
    }
}

/// The first simulated day, fixed so that a seed gives the same dates on any day it runs.
pub fn start_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default()
}

/// Someone in the simulated network: what the store knows of them (the id) and what
/// only the world knows (the bond, a need not yet told).
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub id: PersonId,
    pub name: String,
    pub tier: Tier,
    pub cadence: u32,
    /// How close the tie really is, 0 to 1: what makes them answer and write first.
    pub bond: f64,
    pub half_life: f64,
    pub last_contact: NaiveDate,
    /// The day they were met, for people met during the run.
    pub met_on: Option<NaiveDate>,
    /// The first note after meeting them.
    pub followed_up: Option<NaiveDate>,
    pub org: String,
    pub title: String,
    pub linkedin: String,
    pub fits_goal: bool,
    pub need: Option<WorldNeed>,
    /// A new job the next LinkedIn export will show.
    pub job_changed: bool,
}

/// Something someone needs; the user learns of it when they next talk.
#[derive(Debug, Clone)]
pub(crate) struct WorldNeed {
    pub text: &'static str,
    pub until: NaiveDate,
    /// The need's id in the store once told.
    pub told: Option<i64>,
    /// Whether the user has offered help with it through the plan.
    pub helped: bool,
}
