//! The three ways the simulated user spends their minutes.

use serde::Serialize;

use crate::SimError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// Does `today`'s items in order, within the minutes, and checks each off.
    Warmline,
    /// The baseline of common personal CRMs: a reminder when a keep-in-touch date passes,
    /// oldest first, nothing else.
    Overdue,
    /// No tool: the same minutes saved up for a sitting of catching up every three weeks,
    /// with whoever comes to mind.
    Bursts,
}

/// Days between two sittings of the `bursts` policy.
pub const BURST_EVERY_DAYS: u32 = 21;

/// Minutes a note takes when no plan says otherwise: as the plan's keep-in-touch item.
pub const NOTE_MINUTES: u32 = 5;

impl Policy {
    pub const ALL: [Policy; 3] = [Policy::Warmline, Policy::Overdue, Policy::Bursts];

    pub fn as_str(self) -> &'static str {
        match self {
            Policy::Warmline => "warmline",
            Policy::Overdue => "overdue",
            Policy::Bursts => "bursts",
        }
    }

    pub fn parse(s: &str) -> Result<Policy, SimError> {
        let folded = s.trim().to_ascii_lowercase();
        Policy::ALL
            .into_iter()
            .find(|p| p.as_str() == folded)
            .ok_or_else(|| {
                SimError::Invalid(format!(
                    "'{s}' is not a policy: expected warmline, overdue or bursts"
                ))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_read_back() {
        for p in Policy::ALL {
            assert_eq!(Policy::parse(p.as_str()).ok(), Some(p));
        }
        assert_eq!(Policy::parse(" Bursts ").ok(), Some(Policy::Bursts));
        assert!(Policy::parse("weekly").is_err());
    }
}
