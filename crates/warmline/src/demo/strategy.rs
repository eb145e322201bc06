//! The strategic side of the sample network: a "Break into PR" goal with a pipeline that
//! moved through the real rules (outreach, replies, coffees, a referral), opportunities with
//! the people who led to them, links between people, and gives.

use chrono::{Duration, NaiveDate};
use warmline_core::goal::{Stage, TargetProfile, WeeklyTargets};
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_core::job::{JobRole, JobStage};
use warmline_core::person::{FactCategory, PersonId, Tier};
use warmline_store::{NewGoal, Store};

/// One person of the sample network, as the strategy part needs them.
#[derive(Debug, Clone, Copy)]
pub struct Member {
    pub id: PersonId,
    pub org: &'static str,
    pub tier: Tier,
}

/// What the tour points at.
#[derive(Debug, Clone, Default)]
pub struct Strategy {
    pub goal: String,
    pub target_org: String,
    /// Someone met for coffee recently: a good `prep` example.
    pub prep_person: Option<PersonId>,
    pub links: usize,
}

pub const GOAL_TITLE: &str = "Break into PR";
/// The boutique agencies the goal aims at, in the order the pipeline is filled from.
const TARGET_ORGS: [&str; 3] = ["Harbor & Finch", "Bright Comms", "Lumen PR"];
/// Links in the sample network, at most: enough for paths, cheap at any size.
const MAX_LINKS: usize = 30_000;

const HOW: &[&str] = &[
    "worked together on a product launch",
    "college friends",
    "met at a PRSA mixer",
    "neighbours",
    "in the same climbing gym",
    "former manager",
    "alumni of the same program",
];

const GIVES: &[(&str, Kind)] = &[
    ("sent the article on pitching local media", Kind::Email),
    ("introduced them to a photographer", Kind::Intro),
    ("reviewed their conference talk slides", Kind::Video),
    ("shared a lead for a freelance copywriter", Kind::Message),
    ("wrote a LinkedIn recommendation", Kind::Message),
];

fn log(
    s: &Store,
    id: PersonId,
    on: NaiveDate,
    kind: Kind,
    direction: Direction,
    summary: &str,
) -> warmline_store::Result<()> {
    let new = NewInteraction {
        on,
        kind,
        direction,
        summary: summary.into(),
        notes: String::new(),
        source: "demo".into(),
        source_key: None,
        people: vec![id],
    };
    s.log_interaction(&new, on)?;
    Ok(())
}

pub fn build(
    s: &Store,
    rng: &mut fastrand::Rng,
    people: &[Member],
    today: NaiveDate,
) -> anyhow::Result<Strategy> {
    let day = |n: i64| today - Duration::days(n);
    // A former employer of mine, so coworker ties reach me too.
    s.add_fact(
        None,
        FactCategory::WorkHistory,
        "Riverbend Foundation",
        None,
        day(400),
    )?;

    let mut links = 0;
    if people.len() > 1 {
        let wanted = (people.len() * 3 / 2).min(MAX_LINKS);
        for _ in 0..wanted {
            let a = people[rng.usize(..people.len())].id;
            let b = people[rng.usize(..people.len())].id;
            if a == b {
                continue;
            }
            let strength = match rng.u8(..100) {
                0..20 => 2,
                20..70 => 3,
                70..92 => 4,
                _ => 5,
            };
            let how = (rng.u8(..100) < 60).then(|| HOW[rng.usize(..HOW.len())]);
            s.link(a, b, Some(strength), how)?;
            links += 1;
        }
    }

    let weekly = WeeklyTargets::parse("3 new, 2 conversations")?;
    let goal = s.add_goal(
        &NewGoal {
            title: GOAL_TITLE.into(),
            purpose: Some("find internships or entry-level roles".into()),
            profile: TargetProfile {
                industry: Some("public relations".into()),
                size: Some("boutique".into()),
                role_keywords: TargetProfile::split_keywords(
                    "coordinator, assistant, intern, account executive",
                ),
                location: Some("Portland".into()),
            },
            weekly,
            deadline: Some(today + Duration::days(90)),
        },
        day(45),
    )?;

    // The pipeline, from the people at the target agencies.
    let mut pipeline: Vec<Member> = Vec::new();
    for org in TARGET_ORGS {
        pipeline.extend(people.iter().filter(|p| p.org == org).take(5));
    }
    pipeline.truncate(13);
    let warm: Vec<PersonId> = people
        .iter()
        .filter(|p| matches!(p.tier, Tier::Inner | Tier::Close))
        .map(|p| p.id)
        .collect();
    let mut prep_person = None;
    for (i, p) in pipeline.iter().enumerate() {
        // Earlier people joined long ago and went further; the last ones are new this week.
        let stage_plan = match i {
            0 => Stage::Opportunity,
            1 => Stage::Referral,
            2 | 3 => Stage::Conversation,
            4 | 5 => Stage::Replied,
            6..=8 => Stage::ReachedOut,
            _ => Stage::Identified,
        };
        let joined = if stage_plan == Stage::Identified {
            day(rng.i64(0..4))
        } else {
            day(40 - i as i64 * 3)
        };
        s.set_goal_stage(goal, p.id, Stage::Identified, joined)?;
        if stage_plan >= Stage::ReachedOut {
            let on = joined + Duration::days(2);
            log(
                s,
                p.id,
                on,
                Kind::Email,
                Direction::Outbound,
                "sent a short note asking for 15 minutes of advice",
            )?;
        }
        if stage_plan >= Stage::Replied {
            let on = joined + Duration::days(4);
            log(
                s,
                p.id,
                on,
                Kind::Email,
                Direction::Inbound,
                "replied: happy to chat next week",
            )?;
        }
        if stage_plan >= Stage::Conversation {
            // The freshest conversation lands this week, for the weekly progress.
            let on = if i == 3 {
                day(1)
            } else {
                joined + Duration::days(9)
            };
            log(
                s,
                p.id,
                on,
                Kind::Coffee,
                Direction::Mutual,
                "coffee: how she broke into PR, and agencies worth knowing",
            )?;
            prep_person = Some(p.id);
        }
        if stage_plan >= Stage::Referral {
            s.set_goal_stage(goal, p.id, Stage::Referral, joined + Duration::days(12))?;
        }
        // Someone you know can introduce you to most of the people you have only identified.
        if stage_plan == Stage::Identified && !warm.is_empty() && i % 3 != 2 {
            let friend = warm[rng.usize(..warm.len())];
            if friend != p.id {
                s.link(friend, p.id, Some(4), Some("worked together at an agency"))?;
            }
        }
    }

    // Opportunities: one through a referral that reached an interview, one cold
    // application that closed, one lead a recruiter brought.
    if let Some(referrer) = pipeline.first() {
        let opened = day(20);
        let job = s.add_job(referrer.org, "PR Coordinator", &[referrer.id], opened)?;
        s.set_job_stage(job, JobStage::Applied, day(14))?;
        s.set_job_stage(job, JobStage::Interview, day(4))?;
        let colleagues: Vec<&Member> = people
            .iter()
            .filter(|p| p.org == referrer.org && p.id != referrer.id)
            .collect();
        if let Some(interviewer) = colleagues.first() {
            s.add_job_person(job, interviewer.id, JobRole::Interviewer, day(4))?;
        }
    }
    let cold = s.add_job(
        "Meridian Public Relations",
        "Junior Account Coordinator",
        &[],
        day(35),
    )?;
    s.set_job_stage(cold, JobStage::Applied, day(34))?;
    s.set_job_stage(cold, JobStage::Closed, day(10))?;
    let lead = s.add_job("Lumen PR", "PR Assistant", &[], day(6))?;
    if let Some(recruiter) = people.iter().find(|p| p.org == "Lumen PR") {
        s.add_job_person(lead, recruiter.id, JobRole::Recruiter, day(6))?;
    }

    // Give first: help given to close ties over the past two months.
    for (n, (text, kind)) in GIVES.iter().enumerate() {
        if warm.is_empty() {
            break;
        }
        let who = warm[rng.usize(..warm.len())];
        s.add_give(who, text, *kind, day(5 + n as i64 * 11), today)?;
    }

    Ok(Strategy {
        goal: GOAL_TITLE.into(),
        target_org: TARGET_ORGS[0].into(),
        prep_person,
        links,
    })
}
