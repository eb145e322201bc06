//! Sorting an imported network: which people deserve a keep-in-touch rhythm, and how close
//! a one.
//!
//! An import brings hundreds of people without a tier or cadence, so `today` has nothing
//! to say about them. The store gathers the [`Evidence`] of each tie; [`propose`] turns it
//! into a proposed [`Tier`] with a one-line reason a person can check at a glance.
//!
//! # Signs of a real tie
//!
//! Any interaction (either direction, past or booked ahead), having met (a day, a context
//! or an event), a goal stage past *identified*, a part on a job opportunity, or a link to
//! someone else in the book. Without one there is no proposal: someone you never exchanged
//! a word with stays in the address book, out of the plan. Fitting an active goal only
//! strengthens a tie that is already there.
//!
//! # Points
//!
//! | evidence | points |
//! |---|---|
//! | last touch within 30 / 90 / 365 days | 3 / 2 / 1 (at most 1 unless the tie runs both ways) |
//! | touches in the past year: 12+ / 6+ / 3+ | 3 / 2 / 1 (at most 1 unless both ways) |
//! | both ways (each side wrote, a mutual meeting, a reply in a goal) / only from them | 2 / 1 |
//! | met in person (met, a coffee, meeting or event, one booked) / a call or video | 2 / 1 |
//! | goal stage conversation or later / reached out or replied | 2 / 1 |
//! | fits an active goal at 60 or more | 1 |
//! | referrer, recruiter, hiring manager or reference on a job / interviewer | 3 / 1 |
//! | a link to someone in the book | 1 |
//!
//! One-way traffic is capped because a newsletter that writes every week is not a friend.
//! The total picks the tier: inner from [`INNER_FROM`], close from [`CLOSE_FROM`], regular
//! from [`REGULAR_FROM`], loose below. Every term grows with its evidence and the caps
//! only lift when the tie turns two-way, so more evidence never proposes a looser tier.

use std::cmp::Ordering;

use chrono::NaiveDate;
use serde::Serialize;

use crate::draft::clip;
use crate::goal::Stage;
use crate::job::JobRole;
use crate::person::Tier;

/// Points from which a tie is proposed as inner circle.
pub const INNER_FROM: u8 = 10;
/// Points from which a tie is proposed as close.
pub const CLOSE_FROM: u8 = 7;
/// Points from which a tie is proposed as regular; any sign of a tie is at least loose.
pub const REGULAR_FROM: u8 = 4;
/// Fit with an active goal (0–100) from which it counts.
pub const FIT_FROM: u8 = 60;

/// How and where you met, as recorded on the person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetIn {
    pub context: Option<String>,
    pub on: Option<NaiveDate>,
}

/// The furthest a person got in a goal's pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalTie {
    pub title: String,
    pub stage: Stage,
}

/// How well a person fits an active goal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalFit {
    pub title: String,
    pub score: u8,
}

/// The part a person played on a job opportunity; `job` reads "PR Coordinator at Acme".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobTie {
    pub role: JobRole,
    pub job: String,
}

/// Everything that says how real a tie is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    /// Interactions on or before today.
    pub touches: u32,
    /// Of those, the ones in the past 365 days.
    pub touches_past_year: u32,
    /// The latest of them.
    pub last: Option<NaiveDate>,
    /// By direction: I reached out, they did, or neither (arranged together).
    pub from_me: u32,
    pub from_them: u32,
    pub mutual: u32,
    /// Coffees, meetings and events.
    pub in_person: u32,
    /// Calls and video calls.
    pub live: u32,
    /// Interactions booked after today (a meeting on the calendar).
    pub upcoming: u32,
    pub met: Option<MetIn>,
    /// The furthest stage in any goal.
    pub goal: Option<GoalTie>,
    /// The best fit with an active goal.
    pub fit: Option<GoalFit>,
    /// The weightiest part on a job opportunity.
    pub job: Option<JobTie>,
    /// Links to other people in the book.
    pub links: u32,
}

/// A proposed tier, the points behind it and why, in one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proposal {
    pub tier: Tier,
    pub points: u8,
    pub reason: String,
    /// The last touch, which orders proposals with the same points.
    pub last: Option<NaiveDate>,
}

impl Evidence {
    /// Whether anything says there is a real tie (see the module documentation).
    pub fn has_sign(&self) -> bool {
        self.touches > 0
            || self.upcoming > 0
            || self.met.is_some()
            || self
                .goal
                .as_ref()
                .is_some_and(|g| g.stage > Stage::Identified)
            || self.job.is_some()
            || self.links > 0
    }

    fn two_way(&self) -> bool {
        (self.from_me > 0 && self.from_them > 0)
            || self.mutual > 0
            || self
                .goal
                .as_ref()
                .is_some_and(|g| g.stage >= Stage::Replied)
    }

    fn met_in_person(&self) -> bool {
        self.in_person > 0 || self.met.is_some() || self.upcoming > 0
    }
}

/// The points a part on a job is worth: the people who open doors or vouch for you most.
pub fn role_points(role: JobRole) -> u8 {
    match role {
        JobRole::Interviewer => 1,
        JobRole::Referrer | JobRole::Recruiter | JobRole::HiringManager | JobRole::Reference => 3,
    }
}

/// The evidence's points (see the module documentation).
pub fn points(e: &Evidence, today: NaiveDate) -> u8 {
    let two_way = e.two_way();
    let recency = match e.last.map(|d| (today - d).num_days()) {
        Some(..=30) => 3,
        Some(31..=90) => 2,
        Some(91..=365) => 1,
        _ => 0,
    };
    let frequency = match e.touches_past_year {
        12.. => 3,
        6..=11 => 2,
        3..=5 => 1,
        _ => 0,
    };
    let (recency, frequency) = if two_way {
        (recency, frequency)
    } else {
        (recency.min(1), frequency.min(1))
    };
    let direction = if two_way {
        2
    } else if e.from_them > 0 {
        1
    } else {
        0
    };
    let in_person = if e.met_in_person() {
        2
    } else if e.live > 0 {
        1
    } else {
        0
    };
    let goal = match e.goal.as_ref().map(|g| g.stage) {
        Some(s) if s >= Stage::Conversation => 2,
        Some(s) if s >= Stage::ReachedOut => 1,
        _ => 0,
    };
    let fit = u8::from(e.fit.as_ref().is_some_and(|f| f.score >= FIT_FROM));
    let job = e.job.as_ref().map_or(0, |j| role_points(j.role));
    let links = u8::from(e.links > 0);
    recency + frequency + direction + in_person + goal + fit + job + links
}

/// The tier a number of points earns.
pub fn tier_for(points: u8) -> Tier {
    match points {
        p if p >= INNER_FROM => Tier::Inner,
        p if p >= CLOSE_FROM => Tier::Close,
        p if p >= REGULAR_FROM => Tier::Regular,
        _ => Tier::Loose,
    }
}

/// A tier for someone with a real tie, with the reason; `None` without a sign of one.
pub fn propose(e: &Evidence, today: NaiveDate) -> Option<Proposal> {
    if !e.has_sign() {
        return None;
    }
    let points = points(e, today);
    Some(Proposal {
        tier: tier_for(points),
        points,
        reason: reason(e, today),
        last: e.last,
    })
}

/// Best first: more points, then the more recent last touch (none last).
pub fn best_first(a: &Proposal, b: &Proposal) -> Ordering {
    b.points
        .cmp(&a.points)
        .then_with(|| match (a.last, b.last) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
}

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "today", "3 days ago", "5 months ago", "2 years ago".
fn ago(d: NaiveDate, today: NaiveDate) -> String {
    let days = (today - d).num_days().max(0);
    match days {
        0 => "today".into(),
        1 => "yesterday".into(),
        2..=59 => format!("{days} days ago"),
        60..=729 => format!("{} months ago", days / 30),
        _ => format!("{} years ago", days / 365),
    }
}

/// One line: what the tie rests on, the weightiest evidence first.
fn reason(e: &Evidence, today: NaiveDate) -> String {
    let mut parts: Vec<String> = Vec::new();
    if e.touches > 0 {
        let way = if e.two_way() {
            "both ways"
        } else if e.from_them > 0 {
            "from them"
        } else {
            "from you"
        };
        let mut s = format!("{} {way}", plural(e.touches, "touch", "touches"));
        if let Some(last) = e.last {
            let last_word = if e.touches == 1 { "" } else { "the last " };
            s.push_str(&format!(", {last_word}{}", ago(last, today)));
        }
        parts.push(s);
    }
    if let Some(met) = &e.met {
        match met
            .context
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            Some(c) => parts.push(format!("met: {}", clip(c, 40))),
            None => parts.push("met in person".into()),
        }
    } else if e.in_person > 0 {
        parts.push("met in person".into());
    } else if e.live > 0 {
        parts.push("spoke by call or video".into());
    }
    if e.upcoming > 0 {
        parts.push("a meeting booked".into());
    }
    if let Some(g) = &e.goal {
        parts.push(format!("{} in “{}”", g.stage.label(), clip(&g.title, 40)));
    }
    if let Some(j) = &e.job {
        parts.push(format!("{} for {}", j.role.label(), clip(&j.job, 50)));
    }
    if let Some(f) = e.fit.as_ref().filter(|f| f.score >= FIT_FROM) {
        parts.push(format!("fits “{}” ({})", clip(&f.title, 40), f.score));
    }
    if e.links > 0 {
        parts.push(format!(
            "knows {} in your book",
            plural(e.links, "person", "people")
        ));
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests;
