//! Job opportunities and the people who led to them (SPEC §1, "Be more strategic").
//!
//! The point of tracking opportunities in a networking tool is to see what networking
//! produced: how many interviews and offers came through people rather than cold
//! applications. An opportunity "came through people" when someone opened the door: a
//! referrer, a recruiter or a hiring manager. Interviewers and references meet you once
//! you are already in the process, so they do not make an application warm.

use serde::{Deserialize, Serialize};

use crate::CoreError;
use crate::error::unknown_choice;
use crate::person::PersonId;
use crate::text::fold;

pub type OpportunityId = i64;

/// Where an opportunity stands. `Closed` ends it without a job (rejected, withdrawn);
/// the stages before it are a ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStage {
    Lead,
    Applied,
    Interview,
    Offer,
    Accepted,
    Closed,
}

impl JobStage {
    pub const ALL: [JobStage; 6] = [
        JobStage::Lead,
        JobStage::Applied,
        JobStage::Interview,
        JobStage::Offer,
        JobStage::Accepted,
        JobStage::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobStage::Lead => "lead",
            JobStage::Applied => "applied",
            JobStage::Interview => "interview",
            JobStage::Offer => "offer",
            JobStage::Accepted => "accepted",
            JobStage::Closed => "closed",
        }
    }

    /// Accepts the canonical names and the words people use ("interviewing",
    /// "rejected").
    pub fn parse(s: &str) -> Result<JobStage, CoreError> {
        let found = match fold(s).as_str() {
            "lead" | "prospect" => Some(JobStage::Lead),
            "applied" | "application" | "apply" => Some(JobStage::Applied),
            "interview" | "interviews" | "interviewing" => Some(JobStage::Interview),
            "offer" | "offered" => Some(JobStage::Offer),
            "accepted" | "accept" | "hired" => Some(JobStage::Accepted),
            "closed" | "rejected" | "declined" | "withdrawn" | "lost" => Some(JobStage::Closed),
            _ => None,
        };
        found.ok_or_else(|| {
            let names: Vec<&str> = JobStage::ALL.iter().map(|s| s.as_str()).collect();
            unknown_choice("job stage", s, &names)
        })
    }

    /// Still in play: neither accepted nor closed.
    pub fn is_open(self) -> bool {
        !matches!(self, JobStage::Accepted | JobStage::Closed)
    }
}

/// The part a person played in an opportunity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobRole {
    Referrer,
    Recruiter,
    HiringManager,
    Interviewer,
    Reference,
}

impl JobRole {
    pub const ALL: [JobRole; 5] = [
        JobRole::Referrer,
        JobRole::Recruiter,
        JobRole::HiringManager,
        JobRole::Interviewer,
        JobRole::Reference,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobRole::Referrer => "referrer",
            JobRole::Recruiter => "recruiter",
            JobRole::HiringManager => "hiring_manager",
            JobRole::Interviewer => "interviewer",
            JobRole::Reference => "reference",
        }
    }

    /// For people to read: "hiring manager".
    pub fn label(self) -> &'static str {
        match self {
            JobRole::HiringManager => "hiring manager",
            other => other.as_str(),
        }
    }

    /// Accepts "hiring-manager", "Hiring manager", "hm", "referral" and the like.
    pub fn parse(s: &str) -> Result<JobRole, CoreError> {
        let found = match fold(s).replace(' ', "_").as_str() {
            "referrer" | "referral" | "referred" | "via" => Some(JobRole::Referrer),
            "recruiter" | "recruiting" | "sourcer" => Some(JobRole::Recruiter),
            "hiring_manager" | "hiringmanager" | "manager" | "hm" => Some(JobRole::HiringManager),
            "interviewer" | "interview" => Some(JobRole::Interviewer),
            "reference" | "ref" => Some(JobRole::Reference),
            _ => None,
        };
        found.ok_or_else(|| {
            let names: Vec<&str> = JobRole::ALL.iter().map(|r| r.as_str()).collect();
            unknown_choice("job role", s, &names)
        })
    }

    /// Whether this role opens the door: the ones that make an application warm.
    pub fn is_way_in(self) -> bool {
        matches!(
            self,
            JobRole::Referrer | JobRole::Recruiter | JobRole::HiringManager
        )
    }
}

/// A person on an opportunity, for `job list`: `{id, name, role}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobPerson {
    pub id: PersonId,
    pub name: String,
    pub role: JobRole,
}

/// One row of `job list`: `{id, org, role, stage, people[{id,name,role}]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobListing {
    pub id: OpportunityId,
    pub org: String,
    pub role: String,
    pub stage: JobStage,
    pub people: Vec<JobPerson>,
}

/// What the tally needs of one opportunity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome<'a> {
    pub stage: JobStage,
    /// The roles of the people linked to it.
    pub roles: &'a [JobRole],
    /// Every stage it has been in, in any order (may omit the current one).
    pub history: &'a [JobStage],
}

impl Outcome<'_> {
    /// Whether it ever got as far as `stage` (a closed opportunity counts by its history:
    /// "closed after the interview" reached the interview).
    pub fn reached(&self, stage: JobStage) -> bool {
        let on_ladder = |s: JobStage| s != JobStage::Closed && s >= stage;
        on_ladder(self.stage) || self.history.iter().any(|&s| on_ladder(s))
    }

    pub fn through_people(&self) -> bool {
        self.roles.iter().any(|r| r.is_way_in())
    }
}

/// Counts for one source of opportunities.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub opportunities: u32,
    pub interviews: u32,
    pub offers: u32,
}

/// What came through people and what came cold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Sources {
    pub through_people: Tally,
    pub cold: Tally,
}

impl Sources {
    /// The share (0–1) of interviews that came through people; `None` without interviews.
    pub fn interview_share_through_people(&self) -> Option<f64> {
        let all = self.through_people.interviews + self.cold.interviews;
        (all > 0).then(|| f64::from(self.through_people.interviews) / f64::from(all))
    }
}

/// Tallies opportunities, interviews and offers (an accepted offer was an offer) by
/// whether people led to them.
pub fn by_source(outcomes: &[Outcome]) -> Sources {
    let mut out = Sources::default();
    for o in outcomes {
        let t = if o.through_people() {
            &mut out.through_people
        } else {
            &mut out.cold
        };
        t.opportunities += 1;
        t.interviews += u32::from(o.reached(JobStage::Interview));
        t.offers += u32::from(o.reached(JobStage::Offer));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_and_roles_parse_with_choices() {
        assert_eq!(
            JobStage::parse("Interviewing").unwrap(),
            JobStage::Interview
        );
        assert_eq!(JobStage::parse("rejected").unwrap(), JobStage::Closed);
        let err = JobStage::parse("limbo").unwrap_err().to_string();
        assert!(err.contains("lead, applied, interview"), "{err}");
        assert_eq!(
            JobRole::parse("Hiring-Manager").unwrap(),
            JobRole::HiringManager
        );
        assert_eq!(JobRole::HiringManager.as_str(), "hiring_manager");
        assert!(JobRole::parse("friend").is_err());
        for r in JobRole::ALL {
            assert_eq!(JobRole::parse(r.as_str()).unwrap(), r);
        }
        for s in JobStage::ALL {
            assert_eq!(JobStage::parse(s.as_str()).unwrap(), s);
        }
    }

    #[test]
    fn counts_what_came_through_people() {
        use JobRole::*;
        use JobStage::*;
        let outcomes = [
            // Referred, interviewed, then closed: an interview through people.
            Outcome {
                stage: Closed,
                roles: &[Referrer],
                history: &[Applied, Interview],
            },
            // A recruiter brought an offer that was accepted.
            Outcome {
                stage: Accepted,
                roles: &[Recruiter, Interviewer],
                history: &[],
            },
            // Cold: only an interviewer met along the way.
            Outcome {
                stage: Interview,
                roles: &[Interviewer],
                history: &[Applied],
            },
            Outcome {
                stage: Closed,
                roles: &[],
                history: &[Applied],
            },
        ];
        let s = by_source(&outcomes);
        let people = Tally {
            opportunities: 2,
            interviews: 2,
            offers: 1,
        };
        let cold = Tally {
            opportunities: 2,
            interviews: 1,
            offers: 0,
        };
        assert_eq!(
            s,
            Sources {
                through_people: people,
                cold
            }
        );
        assert_eq!(s.interview_share_through_people(), Some(2.0 / 3.0));
        assert_eq!(by_source(&[]).interview_share_through_people(), None);
    }
}
