//! `/goals` and `/goals/{id}`: be strategic. Goals with a target profile, the funnel, this
//! week's pace, the pipeline as a board with a stage move on every card, the next best
//! actions, and the people and organisations that fit, as `warmline goal show` and
//! `goal candidates` give them.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use warmline_core::date::{Towards, parse_date};
use warmline_core::goal::{
    Goal, GoalStatus, Reach, Stage, TargetProfile, WeekProgress, WeeklyTargets,
};
use warmline_store::NewGoal;

use crate::app::App;
use crate::charts::{self, HBarChart};
use crate::error::WebError;
use crate::pages::people::role;
use crate::pages::{
    Chrome, Input, Params, given, local_path, long_date, parse_id, relative, see, with_notice,
};
use crate::security::CsrfToken;

/// Candidates shown, and the least fit that counts (as `goal candidates` defaults).
const CANDIDATES: usize = 12;
const MIN_FIT: u8 = 50;

pub struct GoalRow {
    pub id: i64,
    pub title: String,
    pub status: &'static str,
    pub people: u32,
    pub funnel: Vec<u32>,
    pub deadline: String,
}

/// What a goal aims at, in one line.
fn aims(p: &TargetProfile) -> String {
    let roles = p.role_keywords.join(", ");
    [
        p.industry.as_deref(),
        p.size.as_deref(),
        (!roles.is_empty()).then_some(roles.as_str()),
        p.location.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ")
}

#[derive(Template, WebTemplate)]
#[template(path = "goals.html")]
pub struct GoalsPage {
    chrome: Chrome,
    goals: Vec<GoalRow>,
    error: Option<String>,
    v: GoalForm,
}

impl GoalsPage {
    fn stages(&self) -> Vec<&'static str> {
        Stage::ALL.iter().map(|s| s.label()).collect()
    }

    fn val<'a>(&self, s: &'a Option<String>) -> &'a str {
        s.as_deref().unwrap_or("")
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct Notice {
    pub n: Option<String>,
}

async fn list_page(
    app: &App,
    csrf: &CsrfToken,
    notice: Option<&str>,
    error: Option<String>,
    v: GoalForm,
) -> Result<GoalsPage, WebError> {
    let goals = app
        .run(|ctx| {
            let sizes = ctx.store.goal_sizes()?;
            let mut rows = Vec::new();
            for g in ctx.store.goals()? {
                let f = ctx.store.goal_funnel(g.id)?;
                rows.push(GoalRow {
                    id: g.id,
                    status: g.status.as_str(),
                    people: sizes.get(&g.id).copied().unwrap_or(0),
                    funnel: Stage::ALL.iter().map(|s| f.at_least(*s)).collect(),
                    deadline: g.deadline.map(long_date).unwrap_or_default(),
                    title: g.title,
                });
            }
            Ok(rows)
        })
        .await?;
    Ok(GoalsPage {
        chrome: Chrome::page("Goals", "goals", csrf).with_notice(notice),
        goals,
        error,
        v,
    })
}

pub async fn list(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Params(n): Params<Notice>,
) -> Result<GoalsPage, WebError> {
    list_page(&app, &csrf, n.n.as_deref(), None, GoalForm::default()).await
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct GoalForm {
    pub title: Option<String>,
    pub purpose: Option<String>,
    pub industry: Option<String>,
    pub size: Option<String>,
    pub role: Option<String>,
    pub location: Option<String>,
    pub weekly: Option<String>,
    pub deadline: Option<String>,
}

pub async fn add(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Input(f): Input<GoalForm>,
) -> Result<Response, WebError> {
    let typed = f.clone();
    let result = app
        .run(move |ctx| {
            let text = |s: &Option<String>| given(s).map(str::to_string);
            let new = NewGoal {
                title: text(&f.title).unwrap_or_default(),
                purpose: text(&f.purpose),
                profile: TargetProfile {
                    industry: text(&f.industry),
                    size: text(&f.size),
                    role_keywords: given(&f.role)
                        .map(TargetProfile::split_keywords)
                        .unwrap_or_default(),
                    location: text(&f.location),
                },
                weekly: given(&f.weekly)
                    .map(WeeklyTargets::parse)
                    .transpose()?
                    .unwrap_or_default(),
                // A deadline lies ahead: "30d" is thirty days from now.
                deadline: given(&f.deadline)
                    .map(|d| parse_date(d, ctx.today, Towards::Future))
                    .transpose()?,
            };
            Ok(ctx.store.add_goal(&new, ctx.today)?)
        })
        .await;
    match result {
        Ok(id) => Ok(see(with_notice(&format!("/goals/{id}"), "added")).into_response()),
        Err(e) if e.status().is_client_error() => {
            let status = e.status();
            let page = list_page(&app, &csrf, None, Some(e.to_string()), typed).await?;
            Ok((status, page).into_response())
        }
        Err(e) => Err(e),
    }
}

pub struct Card {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub since: String,
}

pub struct Column {
    pub stage: &'static str,
    pub label: &'static str,
    pub cards: Vec<Card>,
}

pub struct Fitting {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub fit: u8,
    pub reach: String,
    pub via: Option<(i64, String)>,
    pub stage: Option<&'static str>,
    pub reasons: String,
}

pub struct OrgFit {
    pub name: String,
    pub detail: String,
    pub fit: u8,
}

#[derive(Template, WebTemplate)]
#[template(path = "goal.html")]
pub struct GoalPage {
    chrome: Chrome,
    id: i64,
    title: String,
    purpose: Option<String>,
    aims: String,
    weekly: String,
    deadline: Option<String>,
    status: &'static str,
    funnel: HBarChart,
    week: Vec<(String, u32, u32, bool)>,
    week_start: String,
    board: Vec<Column>,
    next: Vec<(i64, String, String)>,
    people: Vec<Fitting>,
    people_total: usize,
    orgs: Vec<OrgFit>,
    has_profile: bool,
}

impl GoalPage {
    fn stages(&self) -> Vec<(&'static str, &'static str)> {
        Stage::ALL.iter().map(|s| (s.as_str(), s.label())).collect()
    }

    fn statuses(&self) -> [&'static str; 3] {
        ["active", "done", "archived"]
    }
}

/// Each weekly metric with a target or a count: (label, done, target, met).
fn week_rows(w: &WeekProgress) -> Vec<(String, u32, u32, bool)> {
    let m = |t: &WeeklyTargets| {
        [
            ("new people", t.new),
            ("reached out", t.reached_out),
            ("replied", t.replied),
            ("conversations", t.conversations),
            ("referrals", t.referrals),
            ("opportunities", t.opportunities),
            ("touches", t.touches),
            ("follow-ups", t.follow_ups),
        ]
    };
    m(&w.targets)
        .into_iter()
        .zip(m(&w.actuals))
        .filter(|((_, target), (_, got))| *target > 0 || *got > 0)
        .map(|((label, target), (_, got))| (label.to_string(), got, target, got >= target))
        .collect()
}

fn describe(g: &Goal, today: chrono::NaiveDate) -> (String, String, Option<String>) {
    let weekly = if g.weekly.is_empty() {
        String::new()
    } else {
        g.weekly.to_string()
    };
    // "in 5 days" says more than a date when it is near; far off, the date says it all.
    let deadline = g.deadline.map(|d| {
        let (on, when) = (long_date(d), relative(d, today));
        if on == when {
            on
        } else {
            format!("{on} ({when})")
        }
    });
    (aims(&g.profile), weekly, deadline)
}

pub async fn show(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Path(raw): Path<String>,
    Params(n): Params<Notice>,
) -> Result<GoalPage, WebError> {
    let id = parse_id(&raw)?;
    app.run(move |ctx| {
        let store = &ctx.store;
        let g = store.goal(id)?;
        let funnel = ctx.store.goal_funnel(id)?;
        let conversions = funnel.conversions();
        let bars: Vec<(String, u32, String)> = Stage::ALL
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let rate = i
                    .checked_sub(1)
                    .and_then(|j| conversions.get(j))
                    .and_then(|c| c.rate)
                    .map(|r| format!("{:.0}% of {}", r * 100.0, Stage::ALL[i - 1].label()))
                    .unwrap_or_default();
                (s.label().to_string(), funnel.at_least(*s), rate)
            })
            .collect();
        let week = store.goal_week(id, ctx.today)?;
        let pipeline = store.pipeline(id)?;
        let board = Stage::ALL
            .iter()
            .map(|s| Column {
                stage: s.as_str(),
                label: s.label(),
                cards: pipeline
                    .iter()
                    .filter(|p| p.stage == *s)
                    .map(|p| Card {
                        id: p.id,
                        name: p.name.clone(),
                        role: role(p.title.as_deref(), p.org.as_deref()),
                        since: relative(p.since, ctx.today),
                    })
                    .collect(),
            })
            .collect();
        let next = store
            .goal_next_actions(id, ctx.today, 5)?
            .into_iter()
            .map(|a| (a.person.id, a.action, a.reason))
            .collect();
        let has_profile = !g.profile.is_empty();
        let c = if has_profile {
            Some(store.goal_candidates(id, MIN_FIT, CANDIDATES, ctx.today)?)
        } else {
            None
        };
        let (aims, weekly, deadline) = describe(&g, ctx.today);
        let (people, people_total, orgs) = match c {
            Some(c) => (
                c.people
                    .into_iter()
                    .map(|p| Fitting {
                        reach: match p.candidate.reach {
                            Reach::Known => "known".into(),
                            Reach::WarmPath => "through someone you know".into(),
                            Reach::Cold => "cold".into(),
                        },
                        via: p.via.map(|v| (v.id, v.name)),
                        stage: p.stage.map(Stage::label),
                        id: p.candidate.id,
                        role: role(p.candidate.title.as_deref(), p.candidate.org.as_deref()),
                        name: p.candidate.name,
                        fit: p.candidate.fit,
                        reasons: p.candidate.reasons.join("; "),
                    })
                    .collect(),
                c.people_total,
                c.organisations
                    .into_iter()
                    .map(|o| OrgFit {
                        detail: [o.size, o.location, o.industry]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" · "),
                        name: o.name,
                        fit: o.fit,
                    })
                    .collect(),
            ),
            None => (Vec::new(), 0, Vec::new()),
        };
        Ok(GoalPage {
            chrome: Chrome::page(g.title.clone(), "goals", &csrf).with_notice(n.n.as_deref()),
            id,
            purpose: g.purpose.clone(),
            aims,
            weekly,
            deadline,
            status: g.status.as_str(),
            funnel: charts::hbars(&bars, 560.0),
            week: week_rows(&week),
            week_start: long_date(week.start),
            board,
            next,
            people,
            people_total,
            orgs,
            has_profile,
            title: g.title,
        })
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
pub struct StageForm {
    /// Only when the goal is chosen in the form (`/goals/pipeline`).
    pub goal: Option<String>,
    pub person: Option<String>,
    pub stage: Option<String>,
    pub back: Option<String>,
}

/// Puts a person at a stage of the goal (adding them to its pipeline if need be).
pub async fn stage(
    app: App,
    Path(raw): Path<String>,
    Input(f): Input<StageForm>,
) -> Result<Response, WebError> {
    move_person(app, parse_id(&raw)?, f).await
}

/// The same, with the goal chosen from a menu (a person's page offers their goals).
pub async fn add_to_pipeline(app: App, Input(f): Input<StageForm>) -> Result<Response, WebError> {
    let goal = parse_id(given(&f.goal).unwrap_or(""))?;
    move_person(app, goal, f).await
}

async fn move_person(app: App, goal: i64, f: StageForm) -> Result<Response, WebError> {
    let person = parse_id(given(&f.person).unwrap_or(""))
        .map_err(|_| WebError::BadRequest("Say whom to move.".into()))?;
    let stage = Stage::parse(given(&f.stage).unwrap_or("identified"))?;
    app.run(move |ctx| {
        ctx.store.person(person)?;
        Ok(ctx.store.set_goal_stage(goal, person, stage, ctx.today)?)
    })
    .await?;
    let back = given(&f.back)
        .and_then(local_path)
        .unwrap_or_else(|| format!("/goals/{goal}"));
    Ok(see(with_notice(&back, "moved")).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct StatusForm {
    pub status: Option<String>,
}

pub async fn status(
    app: App,
    Path(raw): Path<String>,
    Input(f): Input<StatusForm>,
) -> Result<Response, WebError> {
    let goal = parse_id(&raw)?;
    let status = GoalStatus::parse(given(&f.status).unwrap_or(""))?;
    app.run(move |ctx| Ok(ctx.store.set_goal_status(goal, status)?))
        .await?;
    Ok(see(with_notice(&format!("/goals/{goal}"), "saved")).into_response())
}
