//! Settings and my own profile: targets, cadences, the after-event delay, time budget.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::person::Tier;
use crate::warmth::TierCadences;

/// Everything the user can change. Unknown or missing keys fall back to defaults, so a
/// database written by an older version reads cleanly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// My email addresses: an email from one of these is outbound.
    pub my_emails: Vec<String>,
    pub my_linkedin: Option<String>,
    pub my_name: Option<String>,
    pub tier_cadences: TierCadences,
    /// The tier a person added by hand gets when none is given.
    pub default_tier: Option<Tier>,
    /// Days after meeting someone new by which the after-event follow-up falls due.
    pub after_event_days: u32,
    pub time_budget_minutes: u32,
    /// Days before a birthday its item shows in today's plan (0: on the day only).
    pub birthday_days_ahead: u32,
    pub daily_touches: u32,
    pub weekly_new_people: u32,
    pub weekly_follow_ups: u32,
    /// Weekdays (0 = Monday) that neither extend nor break a streak.
    pub rest_days: Vec<u8>,
    /// The secret in the calendar-feed address; None until the feed is switched on.
    pub calendar_token: Option<String>,
    /// Message templates for `draft`, by situation, overriding the built-in ones.
    pub draft_templates: BTreeMap<String, String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            my_emails: Vec::new(),
            my_linkedin: None,
            my_name: None,
            tier_cadences: TierCadences::default(),
            default_tier: Some(Tier::Regular),
            after_event_days: 2,
            time_budget_minutes: 20,
            birthday_days_ahead: 0,
            daily_touches: 3,
            weekly_new_people: 2,
            weekly_follow_ups: 3,
            rest_days: Vec::new(),
            calendar_token: None,
            draft_templates: BTreeMap::new(),
        }
    }
}

impl Settings {
    /// Is this address one of mine (case-insensitive)?
    pub fn is_my_email(&self, address: &str) -> bool {
        self.my_emails
            .iter()
            .any(|e| e.eq_ignore_ascii_case(address.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn my_emails_compare_without_case() {
        let s = Settings {
            my_emails: vec!["Me@Example.com".into()],
            ..Settings::default()
        };
        assert!(s.is_my_email(" me@example.COM "));
        assert!(!s.is_my_email("you@example.com"));
    }
}
