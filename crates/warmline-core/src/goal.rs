//! Goals: being clear what you are trying to accomplish (SPEC §1, "Be more strategic").
//!
//! A goal has a target profile (industry, organisation size, role keywords, location).
//! People and organisations are scored against it (0–100, with the reasons that matched),
//! and each person in the goal moves through a pipeline of [`Stage`]s. Logged interactions
//! move people forward automatically but never back: a quiet month does not undo a
//! conversation. The funnel counts everyone who ever *reached* a stage, so moving someone
//! back by hand does not erase the history that the conversion rates describe.

use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::CoreError;
use crate::error::unknown_choice;
use crate::interaction::{Direction, Kind};
use crate::matching::terms;
use crate::org::Organisation;
use crate::paths::PersonRef;
use crate::person::PersonId;
use crate::text::fold;

pub type GoalId = i64;

/// Where a person stands in a goal's pipeline, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Identified,
    ReachedOut,
    Replied,
    Conversation,
    /// A referral or real advice: someone spent effort on you.
    Referral,
    Opportunity,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Identified,
        Stage::ReachedOut,
        Stage::Replied,
        Stage::Conversation,
        Stage::Referral,
        Stage::Opportunity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Identified => "identified",
            Stage::ReachedOut => "reached_out",
            Stage::Replied => "replied",
            Stage::Conversation => "conversation",
            Stage::Referral => "referral",
            Stage::Opportunity => "opportunity",
        }
    }

    /// For people to read: "reached out", "referral/advice".
    pub fn label(self) -> &'static str {
        match self {
            Stage::ReachedOut => "reached out",
            Stage::Referral => "referral/advice",
            other => other.as_str(),
        }
    }

    /// Accepts the canonical names and the spellings people type ("reached-out",
    /// "Reached out", "advice").
    pub fn parse(s: &str) -> Result<Stage, CoreError> {
        let k = fold(s).replace(' ', "_");
        let found = match k.as_str() {
            "identified" | "target" => Some(Stage::Identified),
            "reached_out" | "reachedout" | "outreach" | "contacted" => Some(Stage::ReachedOut),
            "replied" | "reply" | "responded" => Some(Stage::Replied),
            "conversation" | "talked" | "met" => Some(Stage::Conversation),
            "referral" | "advice" | "referral_advice" | "referred" => Some(Stage::Referral),
            "opportunity" => Some(Stage::Opportunity),
            _ => None,
        };
        found.ok_or_else(|| {
            let names: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
            unknown_choice("stage", s, &names)
        })
    }

    pub fn next(self) -> Option<Stage> {
        Stage::ALL.get(self as usize + 1).copied()
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a goal is still being worked on; only active goals move with logged
/// interactions and feed today's plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalStatus {
    Active,
    Done,
    Archived,
}

impl GoalStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            GoalStatus::Active => "active",
            GoalStatus::Done => "done",
            GoalStatus::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Result<GoalStatus, CoreError> {
        match fold(s).as_str() {
            "active" => Ok(GoalStatus::Active),
            "done" => Ok(GoalStatus::Done),
            "archived" => Ok(GoalStatus::Archived),
            _ => Err(unknown_choice(
                "goal status",
                s,
                &["active", "done", "archived"],
            )),
        }
    }
}

/// A goal: what you are trying to accomplish, whom it aims at, and the weekly pace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Goal {
    pub id: GoalId,
    pub title: String,
    pub purpose: Option<String>,
    pub profile: TargetProfile,
    pub weekly: WeeklyTargets,
    pub deadline: Option<NaiveDate>,
    pub status: GoalStatus,
    pub created_on: NaiveDate,
}

/// The stage an interaction shows a person has reached: a conversation is a coffee,
/// call, video or meeting; anything they sent is a reply; anything I sent, an outreach.
pub fn implied_stage(kind: Kind, direction: Direction) -> Stage {
    if kind.is_conversation() {
        Stage::Conversation
    } else if matches!(direction, Direction::Inbound | Direction::Mutual) {
        Stage::Replied
    } else {
        Stage::ReachedOut
    }
}

/// The stage after logging an interaction: forward only, and never past "conversation"
/// by itself, since referrals and opportunities are judgements only the user can make.
pub fn advance(current: Stage, kind: Kind, direction: Direction) -> Stage {
    current.max(implied_stage(kind, direction))
}

/// What a goal aims at. Each field may list alternatives separated by commas
/// ("design, fintech"); role keywords are phrases ("ux designer", "researcher").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetProfile {
    pub industry: Option<String>,
    pub size: Option<String>,
    pub role_keywords: Vec<String>,
    pub location: Option<String>,
}

impl TargetProfile {
    pub fn is_empty(&self) -> bool {
        self.industry.is_none()
            && self.size.is_none()
            && self.role_keywords.is_empty()
            && self.location.is_none()
    }

    /// Splits `--role "ux designer, researcher"` into phrases.
    pub fn split_keywords(s: &str) -> Vec<String> {
        alternatives(s).map(str::to_string).collect()
    }
}

fn alternatives(s: &str) -> impl Iterator<Item = &str> {
    s.split([',', ';', '/', '|'])
        .map(str::trim)
        .filter(|a| !fold(a).is_empty())
}

/// What fit scoring knows of a person (or an organisation, with no title).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Subject<'a> {
    pub org: Option<&'a str>,
    pub industry: Option<&'a str>,
    pub size: Option<&'a str>,
    pub title: Option<&'a str>,
    /// The person's location, or their organisation's when theirs is unknown.
    pub location: Option<&'a str>,
}

/// How well someone fits a goal, 0–100, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Fit {
    pub score: u8,
    pub reasons: Vec<String>,
}

// The role is what a job seeker is after, so it weighs most; size is the weakest signal.
const W_ROLE: f64 = 40.0;
const W_INDUSTRY: f64 = 25.0;
const W_LOCATION: f64 = 20.0;
const W_SIZE: f64 = 15.0;

/// Whether every term of `wanted` appears in `have` (stemmed, folded).
fn contains_terms(have: &str, wanted: &str) -> bool {
    let have = terms(have);
    let wanted = terms(wanted);
    !wanted.is_empty() && wanted.iter().all(|w| have.contains(w))
}

/// How well a person fits: role keywords against their title, industry, size, location.
/// Only the criteria the profile sets count, so a goal with just a location still scores
/// 0–100; an empty profile scores everyone 0.
pub fn person_fit(profile: &TargetProfile, who: &Subject) -> Fit {
    fit(profile, who, true)
}

/// How well an organisation fits: the profile without its role keywords.
pub fn org_fit(profile: &TargetProfile, org: &Organisation) -> Fit {
    let who = Subject {
        org: Some(&org.name),
        industry: org.industry.as_deref(),
        size: org.size.as_deref(),
        title: None,
        location: org.location.as_deref(),
    };
    fit(profile, &who, false)
}

fn fit(profile: &TargetProfile, who: &Subject, with_role: bool) -> Fit {
    let mut possible = 0.0;
    let mut got = 0.0;
    let mut reasons = Vec::new();
    if with_role && !profile.role_keywords.is_empty() {
        possible += W_ROLE;
        if let Some(title) = who.title {
            let have = terms(title);
            let best = profile
                .role_keywords
                .iter()
                .filter_map(|k| {
                    let want = terms(k);
                    let hit = want.iter().filter(|w| have.contains(w)).count();
                    (!want.is_empty() && hit > 0).then(|| (hit as f64 / want.len() as f64, k))
                })
                .max_by(|a, b| a.0.total_cmp(&b.0));
            match best {
                Some((share, k)) if share >= 1.0 => {
                    got += W_ROLE;
                    reasons.push(format!("title '{title}' matches '{k}'"));
                }
                Some((share, k)) if share >= 0.5 => {
                    got += W_ROLE / 2.0;
                    reasons.push(format!("title '{title}' partly matches '{k}'"));
                }
                _ => {}
            }
        }
    }
    if let Some(want) = &profile.industry {
        possible += W_INDUSTRY;
        let by_industry = who
            .industry
            .and_then(|have| alternatives(want).find(|a| contains_terms(have, a)));
        // An organisation without a recorded industry often says it in its name
        // ("Northwind Design"), which is weaker evidence.
        let by_name = who
            .org
            .and_then(|have| alternatives(want).find(|a| contains_terms(have, a)));
        if let (Some(a), Some(have)) = (by_industry, who.industry) {
            got += W_INDUSTRY;
            reasons.push(format!("industry '{have}' matches '{a}'"));
        } else if let (Some(a), Some(org)) = (by_name, who.org) {
            got += W_INDUSTRY * 0.6;
            reasons.push(format!("'{org}' suggests '{a}'"));
        }
    }
    if let Some(want) = &profile.size {
        possible += W_SIZE;
        if let Some(have) = who.size
            && alternatives(want).any(|a| fold(a) == fold(have))
        {
            got += W_SIZE;
            reasons.push(format!("size '{have}'"));
        }
    }
    if let Some(want) = &profile.location {
        possible += W_LOCATION;
        if let Some(have) = who.location
            && let Some(a) = alternatives(want).find(|a| contains_terms(have, a))
        {
            got += W_LOCATION;
            reasons.push(format!("location '{have}' matches '{a}'"));
        }
    }
    let score = if possible > 0.0 {
        (100.0 * got / possible).round().clamp(0.0, 100.0) as u8
    } else {
        0
    };
    Fit { score, reasons }
}

/// How reachable a candidate is, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reach {
    /// Already a warm or known tie: write to them.
    Known,
    /// Someone you know can introduce you.
    WarmPath,
    Cold,
}

/// A person offered to the ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CandidateInput<'a> {
    pub id: PersonId,
    pub name: &'a str,
    pub subject: Subject<'a>,
    pub reach: Reach,
}

/// `goal candidates` output: `{id, name, org, title, fit}` and more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    pub id: PersonId,
    pub name: String,
    pub org: Option<String>,
    pub title: Option<String>,
    pub fit: u8,
    pub reasons: Vec<String>,
    pub reach: Reach,
}

/// People who fit the profile at `min_fit` or better (never 0), by fit, then
/// reachability, then name.
pub fn rank_candidates(
    profile: &TargetProfile,
    people: &[CandidateInput],
    min_fit: u8,
) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = people
        .iter()
        .filter_map(|p| {
            let fit = person_fit(profile, &p.subject);
            (fit.score > 0 && fit.score >= min_fit).then(|| Candidate {
                id: p.id,
                name: p.name.to_string(),
                org: p.subject.org.map(str::to_string),
                title: p.subject.title.map(str::to_string),
                fit: fit.score,
                reasons: fit.reasons,
                reach: p.reach,
            })
        })
        .collect();
    out.sort_by_cached_key(|c| (std::cmp::Reverse(c.fit), c.reach, fold(&c.name), c.id));
    out
}

/// Weekly targets for a goal, parsed from "3 new, 2 conversations"; 0 means no target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyTargets {
    pub new: u32,
    pub reached_out: u32,
    pub replied: u32,
    pub conversations: u32,
    pub referrals: u32,
    pub opportunities: u32,
    pub touches: u32,
    pub follow_ups: u32,
}

/// Each target's canonical name and the spellings accepted for it, folded and with
/// spaces removed ("follow-ups" → "followups").
const METRICS: [(&str, &str); 8] = [
    (
        "new",
        "new newpeople people identified contacts newcontacts",
    ),
    (
        "reached_out",
        "reachedout reachout reachouts outreach outreaches",
    ),
    ("replied", "replied replies reply"),
    (
        "conversations",
        "conversations conversation convos chats coffees",
    ),
    ("referrals", "referrals referral advice"),
    ("opportunities", "opportunities opportunity opps"),
    ("touches", "touches touch touchpoints"),
    ("follow_ups", "followups followup follows"),
];

/// A weekly target above this is a typo, not a plan.
const MAX_WEEKLY: u32 = 1000;

impl WeeklyTargets {
    fn slots(&mut self) -> [&mut u32; 8] {
        [
            &mut self.new,
            &mut self.reached_out,
            &mut self.replied,
            &mut self.conversations,
            &mut self.referrals,
            &mut self.opportunities,
            &mut self.touches,
            &mut self.follow_ups,
        ]
    }

    /// The set targets as (name, count), in a fixed order.
    pub fn lines(&self) -> Vec<(&'static str, u32)> {
        let mut copy = *self;
        METRICS
            .iter()
            .zip(copy.slots())
            .filter(|(_, n)| **n > 0)
            .map(|((name, _), n)| (*name, *n))
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.lines().is_empty()
    }

    /// Parses "3 new, 2 conversations" (also "new=3; conversations: 2" and
    /// "3 new and 2 conversations").
    pub fn parse(spec: &str) -> Result<WeeklyTargets, CoreError> {
        let mut out = WeeklyTargets::default();
        let mut set = [false; 8];
        let normalised = spec.replace(" and ", ",");
        let items: Vec<&str> = normalised
            .split([',', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if items.is_empty() {
            return Err(CoreError::Invalid(
                "weekly targets are empty: write them like '3 new, 2 conversations'".into(),
            ));
        }
        for item in items {
            let spaced = item.replace(['=', ':'], " ");
            let (numbers, names): (Vec<&str>, Vec<&str>) = spaced
                .split_whitespace()
                .partition(|w| w.bytes().all(|b| b.is_ascii_digit()));
            let bad = || {
                CoreError::Invalid(format!(
                    "weekly target '{item}' needs one number and a name, like '3 new'"
                ))
            };
            let ([number], false) = (numbers.as_slice(), names.is_empty()) else {
                return Err(bad());
            };
            let n: u32 = number.parse().map_err(|_| bad())?;
            if n > MAX_WEEKLY {
                return Err(CoreError::Invalid(format!(
                    "weekly target '{item}' is more than {MAX_WEEKLY} a week"
                )));
            }
            let key = fold(&names.join(" ")).replace(' ', "");
            let Some(slot) = METRICS
                .iter()
                .position(|(_, spellings)| spellings.split(' ').any(|w| w == key))
            else {
                let choices: Vec<&str> = METRICS.iter().map(|(name, _)| *name).collect();
                return Err(unknown_choice("weekly target", &names.join(" "), &choices));
            };
            if set[slot] {
                return Err(CoreError::Invalid(format!(
                    "weekly target '{}' is given twice",
                    METRICS[slot].0
                )));
            }
            set[slot] = true;
            *out.slots()[slot] = n;
        }
        Ok(out)
    }
}

impl fmt::Display for WeeklyTargets {
    /// The form `parse` reads: "3 new, 2 conversations".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .lines()
            .into_iter()
            .map(|(name, n)| format!("{n} {}", name.replace('_', " ")))
            .collect();
        f.write_str(&parts.join(", "))
    }
}

/// One move of one person to a stage, as the store records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageChange {
    pub person_id: PersonId,
    pub stage: Stage,
    pub on: NaiveDate,
}

/// Goal progress in the week from `start`: the targets and what happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WeekProgress {
    pub start: NaiveDate,
    pub targets: WeeklyTargets,
    pub actuals: WeeklyTargets,
}

/// Counts the pipeline moves in the seven days from `start` (distinct people per
/// stage). Touches and follow-ups are not stage moves: the caller fills them in.
pub fn week_actuals(history: &[StageChange], start: NaiveDate) -> WeeklyTargets {
    let end = start + chrono::Duration::days(7);
    let mut seen: HashSet<(PersonId, Stage)> = HashSet::new();
    let mut out = WeeklyTargets::default();
    for c in history.iter().filter(|c| c.on >= start && c.on < end) {
        if seen.insert((c.person_id, c.stage)) {
            *out.slots()[c.stage as usize] += 1;
        }
    }
    out
}

/// How many people reached at least each stage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Funnel {
    pub identified: u32,
    pub reached_out: u32,
    pub replied: u32,
    pub conversation: u32,
    pub referral: u32,
    pub opportunity: u32,
}

/// The share of people at one stage who went on to the next.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Conversion {
    pub from: Stage,
    pub to: Stage,
    /// 0–1, three decimals; `None` when nobody reached `from`.
    pub rate: Option<f64>,
}

impl Funnel {
    /// From each person's current stage: someone at "replied" has also been identified
    /// and reached out.
    pub fn from_stages(stages: impl IntoIterator<Item = Stage>) -> Funnel {
        let mut at = [0u32; 6];
        for s in stages {
            // Everyone at a stage has passed through all the stages before it.
            for slot in &mut at[..=s as usize] {
                *slot += 1;
            }
        }
        let [
            identified,
            reached_out,
            replied,
            conversation,
            referral,
            opportunity,
        ] = at;
        Funnel {
            identified,
            reached_out,
            replied,
            conversation,
            referral,
            opportunity,
        }
    }

    /// From current stages and stage history: each person counts at the furthest stage
    /// they ever reached, so moving someone back by hand keeps the history true.
    pub fn from_history(current: &[(PersonId, Stage)], history: &[StageChange]) -> Funnel {
        let mut furthest: HashMap<PersonId, Stage> = HashMap::new();
        let all = current
            .iter()
            .copied()
            .chain(history.iter().map(|c| (c.person_id, c.stage)));
        for (person, stage) in all {
            let e = furthest.entry(person).or_insert(stage);
            *e = (*e).max(stage);
        }
        Funnel::from_stages(furthest.into_values())
    }

    pub fn at_least(&self, s: Stage) -> u32 {
        [
            self.identified,
            self.reached_out,
            self.replied,
            self.conversation,
            self.referral,
            self.opportunity,
        ][s as usize]
    }

    /// Conversion between each pair of consecutive stages.
    pub fn conversions(&self) -> Vec<Conversion> {
        Stage::ALL
            .windows(2)
            .map(|w| {
                let (from, to) = (self.at_least(w[0]), self.at_least(w[1]));
                let rate = f64::from(to) / f64::from(from);
                Conversion {
                    from: w[0],
                    to: w[1],
                    rate: (from > 0).then(|| (rate * 1000.0).round() / 1000.0),
                }
            })
            .collect()
    }
}

/// One person in a goal's pipeline, as next-action planning sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipelineEntry {
    pub person: PersonRef,
    pub stage: Stage,
    pub last_contact: Option<NaiveDate>,
    /// The first person on the best warm path to them, if any.
    pub introducer: Option<PersonRef>,
    pub fit: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    SuggestMeeting,
    Thank,
    Nudge,
    AskIntro,
    AskReferral,
    ReachOut,
}

/// A suggested next step for a goal (`goal show` → `next`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextAction {
    pub kind: ActionKind,
    pub person: PersonRef,
    pub via: Option<PersonRef>,
    pub action: String,
    pub reason: String,
}

/// A week without a reply is when a polite nudge is welcome rather than pushy.
pub const NUDGE_AFTER_DAYS: i64 = 7;
/// A thank-you belongs within two days of a conversation.
pub const THANK_WITHIN_DAYS: i64 = 2;

/// The next best actions, most valuable first: keep a replying person warm, thank after
/// a conversation, nudge a silent outreach, use warm paths before cold notes.
pub fn next_actions(entries: &[PipelineEntry], today: NaiveDate, limit: usize) -> Vec<NextAction> {
    let mut ranked: Vec<(u8, u8, i64, NextAction)> = Vec::new();
    for e in entries {
        let p = &e.person.name;
        let days = e.last_contact.map(|d| (today - d).num_days());
        let ago = |d: Option<i64>| match d {
            Some(0) => " today".to_string(),
            Some(1) => " yesterday".to_string(),
            Some(n) => format!(" {n} days ago"),
            None => String::new(),
        };
        let (priority, kind, action, reason) = match (e.stage, &e.introducer, days) {
            (Stage::Identified, Some(x), _) => (
                3,
                ActionKind::AskIntro,
                format!("Ask {} to introduce you to {p}", x.name),
                format!("{p} fits the goal ({}) and {} knows them", e.fit, x.name),
            ),
            (Stage::Identified, None, _) => (
                5,
                ActionKind::ReachOut,
                format!("Reach out to {p} with a short, specific note"),
                format!("{p} fits the goal ({})", e.fit),
            ),
            (Stage::ReachedOut, _, Some(d)) if d >= NUDGE_AFTER_DAYS => (
                1,
                ActionKind::Nudge,
                format!("Follow up with {p}"),
                format!("no reply since you reached out{}", ago(days)),
            ),
            (Stage::Replied, _, _) => (
                0,
                ActionKind::SuggestMeeting,
                format!("Suggest a coffee or a 20-minute call with {p}"),
                format!("{p} replied{}; meet while it is warm", ago(days)),
            ),
            (Stage::Conversation, _, Some(d)) if d <= THANK_WITHIN_DAYS => (
                0,
                ActionKind::Thank,
                format!("Thank {p} for the conversation"),
                format!("you talked{}", ago(days)),
            ),
            (Stage::Conversation, _, _) => (
                2,
                ActionKind::AskReferral,
                format!("Ask {p} for advice, or who else you should talk to"),
                format!("you have talked with {p}; ask for a next step"),
            ),
            (Stage::Referral, _, _) => (
                4,
                ActionKind::Thank,
                format!("Tell {p} how their advice or referral went"),
                "closing the loop keeps them on your side".to_string(),
            ),
            _ => continue,
        };
        let via = (kind == ActionKind::AskIntro)
            .then(|| e.introducer.clone())
            .flatten();
        ranked.push((
            priority,
            e.fit,
            days.unwrap_or(0),
            NextAction {
                kind,
                person: e.person.clone(),
                via,
                action,
                reason,
            },
        ));
    }
    // Priority, then better fit, then longer waiting, then name: stable day to day.
    ranked.sort_by(|a, b| {
        (a.0, b.1, b.2)
            .cmp(&(b.0, a.1, a.2))
            .then_with(|| a.3.person.name.cmp(&b.3.person.name))
            .then(a.3.person.id.cmp(&b.3.person.id))
    });
    ranked.into_iter().take(limit).map(|r| r.3).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::date::parse_iso(s).unwrap()
    }

    fn pr(id: PersonId, name: &str) -> PersonRef {
        PersonRef {
            id,
            name: name.into(),
        }
    }

    #[test]
    fn stages_parse_order_and_list_choices() {
        assert_eq!(Stage::parse("Reached out").unwrap(), Stage::ReachedOut);
        assert_eq!(Stage::parse("referral/advice").unwrap(), Stage::Referral);
        let err = Stage::parse("ghosted").unwrap_err().to_string();
        assert!(
            err.contains("ghosted") && err.contains("reached_out, replied"),
            "{err}"
        );
        assert!(Stage::Identified < Stage::Opportunity);
        assert_eq!(Stage::Replied.next(), Some(Stage::Conversation));
        assert_eq!(Stage::Opportunity.next(), None);
    }

    #[test]
    fn logging_advances_but_never_moves_back() {
        use Direction::*;
        let s = advance(Stage::Identified, Kind::Email, Outbound);
        assert_eq!(s, Stage::ReachedOut);
        assert_eq!(advance(s, Kind::Email, Inbound), Stage::Replied);
        assert_eq!(
            advance(Stage::Replied, Kind::Coffee, Outbound),
            Stage::Conversation
        );
        for stage in Stage::ALL {
            for kind in Kind::ALL {
                for dir in [Outbound, Inbound, Mutual] {
                    let next = advance(stage, kind, dir);
                    assert!(next >= stage, "{stage:?} {kind:?} {dir:?} went back");
                    assert!(next <= Stage::Conversation.max(stage));
                }
            }
        }
    }

    fn profile() -> TargetProfile {
        TargetProfile {
            industry: Some("design, fintech".into()),
            size: Some("boutique".into()),
            role_keywords: TargetProfile::split_keywords("ux designer, researcher"),
            location: Some("Portland".into()),
        }
    }

    #[test]
    fn fit_scores_what_matches_and_says_why() {
        let full = Subject {
            org: Some("Northwind"),
            industry: Some("Product Design"),
            size: Some("Boutique"),
            title: Some("Senior UX Designers"),
            location: Some("Portland, OR"),
        };
        let f = person_fit(&profile(), &full);
        assert_eq!(f.score, 100);
        assert_eq!(f.reasons.len(), 4);
        assert!(
            f.reasons[0].contains("matches 'ux designer'"),
            "{:?}",
            f.reasons
        );
        let partial = Subject {
            title: Some("Graphic Designer"),
            location: Some("Pörtland"),
            ..Subject::default()
        };
        // Half the role (20) and the location (20) of 100.
        assert_eq!(person_fit(&profile(), &partial).score, 40);
        assert_eq!(person_fit(&TargetProfile::default(), &full).score, 0);
        let org = Organisation {
            id: 1,
            name: "Studio Nine Design".into(),
            industry: None,
            size: Some("boutique".into()),
            location: None,
            website: None,
        };
        // Without roles: industry by name 15 + size 15 of 60.
        assert_eq!(org_fit(&profile(), &org).score, 50);
    }

    #[test]
    fn candidates_rank_by_fit_then_reach() {
        let person = |id, name, title: Option<&'static str>, reach| {
            let location = title.map(|_| "Portland");
            let subject = Subject {
                title,
                location,
                ..Subject::default()
            };
            CandidateInput {
                id,
                name,
                subject,
                reach,
            }
        };
        let people = [
            person(1, "Cold Cat", Some("UX Designer"), Reach::Cold),
            person(2, "Warm Wu", Some("UX Designer"), Reach::WarmPath),
            person(3, "Lo Fit", Some("Accountant"), Reach::Known),
            person(4, "No Fit", None, Reach::Known),
        ];
        let ranked = rank_candidates(&profile(), &people, 0);
        let ids: Vec<PersonId> = ranked.iter().map(|c| c.id).collect();
        assert_eq!(ids, vec![2, 1, 3]);
        assert!(ranked[0].fit > ranked[2].fit);
        assert_eq!(rank_candidates(&profile(), &people, 50).len(), 2);
    }

    #[test]
    fn weekly_targets_parse_and_print() {
        let t = WeeklyTargets::parse("3 new, 2 conversations").unwrap();
        assert_eq!((t.new, t.conversations, t.reached_out), (3, 2, 0));
        assert_eq!(t.to_string(), "3 new, 2 conversations");
        let t = WeeklyTargets::parse("follow-ups=5; Reach outs: 4 and 10 touches").unwrap();
        assert_eq!((t.follow_ups, t.reached_out, t.touches), (5, 4, 10));
        assert_eq!(WeeklyTargets::parse(&t.to_string()).unwrap(), t);
        let bad = "|new|three new|3 4 new|3 lunches|3 new, 1 new|5000 new";
        for bad in bad.split('|') {
            assert!(WeeklyTargets::parse(bad).is_err(), "{bad}");
        }
        let err = WeeklyTargets::parse("3 lunches").unwrap_err().to_string();
        assert!(
            err.contains("lunches") && err.contains("conversations"),
            "{err}"
        );
    }

    #[test]
    fn funnel_counts_people_who_reached_each_stage() {
        use Stage::*;
        let f = Funnel::from_stages([Identified, Identified, ReachedOut, Replied, Conversation]);
        assert_eq!(
            (f.identified, f.reached_out, f.replied, f.conversation),
            (5, 3, 2, 1)
        );
        assert_eq!((f.referral, f.opportunity), (0, 0));
        let rates: Vec<Option<f64>> = f.conversions().iter().map(|c| c.rate).collect();
        assert_eq!(
            rates,
            vec![Some(0.6), Some(0.667), Some(0.5), Some(0.0), None]
        );
        // Person 1 was moved back by hand: history keeps their conversation.
        let change = |person_id, stage, on| StageChange {
            person_id,
            stage,
            on: d(on),
        };
        let history = [
            change(1, Conversation, "2026-01-05"),
            change(2, ReachedOut, "2026-01-06"),
        ];
        let f = Funnel::from_history(
            &[(1, Identified), (2, ReachedOut), (3, Identified)],
            &history,
        );
        assert_eq!((f.identified, f.reached_out, f.conversation), (3, 2, 1));
        let week = week_actuals(&history, d("2026-01-05"));
        assert_eq!((week.conversations, week.reached_out), (1, 1));
        assert_eq!(
            week_actuals(&history, d("2026-01-12")),
            WeeklyTargets::default()
        );
    }

    #[test]
    fn next_actions_prefer_warm_moments_and_warm_paths() {
        let today = d("2026-03-10");
        let entry = |id, name, stage, last: Option<&str>, via: Option<PersonRef>| PipelineEntry {
            person: pr(id, name),
            stage,
            last_contact: last.map(d),
            introducer: via,
            fit: 80,
        };
        let entries = [
            entry(1, "Yan", Stage::Identified, None, Some(pr(9, "Xi"))),
            entry(2, "Cole", Stage::Identified, None, None),
            entry(3, "Rae", Stage::Replied, Some("2026-03-09"), None),
            entry(4, "Sol", Stage::ReachedOut, Some("2026-03-01"), None),
            entry(5, "Quin", Stage::ReachedOut, Some("2026-03-08"), None),
            entry(6, "Opal", Stage::Opportunity, None, None),
        ];
        let next = next_actions(&entries, today, 10);
        let kinds: Vec<ActionKind> = next.iter().map(|a| a.kind).collect();
        use ActionKind::*;
        assert_eq!(kinds, vec![SuggestMeeting, Nudge, AskIntro, ReachOut]);
        assert_eq!(next[2].action, "Ask Xi to introduce you to Yan");
        assert_eq!(next[2].via.as_ref().map(|v| v.id), Some(9));
        assert!(next[0].action.contains("coffee"), "{}", next[0].action);
        assert_eq!(next_actions(&entries, today, 2).len(), 2);
    }
}
