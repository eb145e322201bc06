//! The parts of a person's page about the two of you: what you share, the prep brief's
//! open loops and questions (as `warmline common` and `prep` give them), the goals they
//! are in with a stage move, the opportunities they touched, and the give/ask balance
//! with a "gave" form.

use axum::Extension;
use axum::extract::Path;
use axum::response::Response;
use serde::Deserialize;
use warmline_core::date::{Towards, parse_date};
use warmline_core::followup::FollowUp;
use warmline_core::goal::Stage;
use warmline_core::interaction::{Interaction, Kind};
use warmline_core::person::{Fact, Job, Person};
use warmline_core::prep::{LoopKind, Owner, PrepInput, PrepPerson, Recent, prep};
use warmline_store::Store;

use crate::app::{App, Ctx};
use crate::error::WebError;
use crate::pages::person::category_label;
use crate::pages::person_forms::change;
use crate::pages::{Input, given, long_date, parse_id};
use crate::security::CsrfToken;

/// Recent interactions the brief weighs (as `warmline prep` does).
pub const PREP_RECENT: usize = 5;

pub struct Together {
    pub shared: Vec<(&'static str, String)>,
    pub loops: Vec<(bool, String)>,
    pub questions: Vec<String>,
    /// Goals they are in: (goal id, title, stage).
    pub goals: Vec<(i64, String, &'static str)>,
    /// Active goals they are not in yet.
    pub other_goals: Vec<(i64, String)>,
    pub jobs: Vec<String>,
    pub given: u32,
    pub asked: u32,
    pub gives: Vec<String>,
}

/// What the page knows already is passed in, so nothing is read twice.
pub struct Known<'a> {
    pub person: &'a Person,
    pub facts: &'a [Fact],
    pub follow_ups: &'a [FollowUp],
    pub interactions: &'a [Interaction],
    pub needs: &'a [String],
    pub work_history: &'a [Job],
    /// My own facts, for what we share.
    pub my_facts: &'a [Fact],
    /// The name of the event they were met at.
    pub met_event: Option<String>,
}

pub fn load(ctx: &Ctx, k: Known<'_>) -> Result<Together, WebError> {
    let store = &ctx.store;
    let p = k.person;
    let shared = Store::shared_with(k.my_facts, k.facts, k.work_history);
    let met_event = k.met_event;
    let brief = prep(
        &PrepInput {
            person: PrepPerson {
                id: p.id,
                name: p.name.clone(),
                org: p.org.clone(),
                title: p.title.clone(),
            },
            met: p.met.clone(),
            met_event,
            recent: k
                .interactions
                .iter()
                .take(PREP_RECENT)
                .map(|i| Recent {
                    on: i.on,
                    kind: i.kind,
                    summary: i.summary.clone(),
                    notes: i.notes.clone(),
                })
                .collect(),
            facts: k.facts.to_vec(),
            shared: shared.clone(),
            follow_ups: k.follow_ups.to_vec(),
            needs: k.needs.to_vec(),
        },
        ctx.today,
    );
    let loops = brief
        .open_loops
        .iter()
        .map(|l| {
            let whose = match (l.owner, l.kind) {
                (_, LoopKind::Need) => "They need",
                (Owner::You, LoopKind::Promise) => "You promised",
                (Owner::You, LoopKind::FollowUp) => "Your follow-up",
                (Owner::Them, _) => "They owe you",
            };
            let due = l
                .due
                .map(|d| format!(" (due {})", long_date(d)))
                .unwrap_or_default();
            (l.overdue, format!("{whose}: {}{due}", l.text))
        })
        .collect();
    let (goals, other_goals) = store.goals_with(p.id)?;
    let other_goals = other_goals.into_iter().map(|g| (g.id, g.title)).collect();
    let jobs = store.jobs_of(p.id)?;
    let gives = store.gives_for(p.id)?;
    let balance = Store::give_balance_of(p.id, &gives, &jobs, &goals);
    Ok(Together {
        shared: shared
            .into_iter()
            .map(|s| (category_label(s.category), s.value))
            .collect(),
        loops,
        questions: brief.questions,
        goals: goals
            .into_iter()
            .map(|m| (m.id, m.title, m.stage.as_str()))
            .collect(),
        other_goals,
        jobs: jobs
            .into_iter()
            .map(|(j, role)| {
                format!(
                    "{} for {} at {} ({})",
                    role.label(),
                    j.role,
                    j.org,
                    j.stage.as_str()
                )
            })
            .collect(),
        given: balance.given,
        asked: balance.asked,
        gives: gives
            .into_iter()
            .take(5)
            .map(|g| format!("{} ({})", g.text, long_date(g.on)))
            .collect(),
    })
}

/// The stages as a menu offers them: (value, label).
pub fn stages() -> Vec<(&'static str, &'static str)> {
    Stage::ALL.iter().map(|s| (s.as_str(), s.label())).collect()
}

#[derive(Debug, Default, Deserialize)]
pub struct GaveForm {
    pub text: Option<String>,
    pub on: Option<String>,
}

/// "I helped them": logged as a give and as an interaction, as `warmline gave` does.
pub async fn gave(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Path(raw): Path<String>,
    Input(f): Input<GaveForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    Ok(change(&app, &csrf, id, "saved", move |ctx| {
        let on = match given(&f.on) {
            Some(d) => parse_date(d, ctx.today, Towards::Past)?,
            None => ctx.today,
        };
        ctx.store
            .add_give(id, given(&f.text).unwrap_or(""), Kind::Other, on, ctx.today)?;
        Ok(())
    })
    .await)
}
