//! `/`: today's plan, the few things worth doing within the time budget, each checked off
//! with one button; and a quick log for anything else that happened.
//!
//! The plan comes from the store's `today_plan`, the same one `warmline today` prints, and
//! a check-off goes through `complete_plan_item`, as `warmline done` does.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use warmline_core::date::{Towards, parse_date};
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_core::plan::{ItemKind, logged};

use crate::app::App;
use crate::error::WebError;
use crate::pages::{Chrome, Input, Params, given, local_path, long_date, query, see, with_notice};
use crate::security::CsrfToken;

/// How many days ahead the Coming up card looks.
const COMING_DAYS: i64 = 14;
/// How many meetings and events the card lists; the rest are counted.
const COMING_SHOWN: usize = 12;

/// One meeting or event in the Coming up card.
pub struct Coming {
    pub date: String,
    pub kind: String,
    pub summary: String,
    pub people: Vec<(i64, String)>,
    pub event: Option<i64>,
}

impl Coming {
    /// The upcoming list as a card shows it: days as people say them.
    pub fn list(ahead: Vec<warmline_store::Upcoming>, today: chrono::NaiveDate) -> Vec<Coming> {
        ahead
            .into_iter()
            .map(|u| Coming {
                date: warmline_core::date::spoken(u.date, today),
                kind: u.kind,
                summary: u.summary,
                people: u.people.into_iter().map(|p| (p.id, p.name)).collect(),
                event: u.event_id,
            })
            .collect()
    }
}

pub struct Item {
    pub id: String,
    pub kind: &'static str,
    pub label: &'static str,
    /// Where the name links: the person's page, or Triage for the people awaiting it.
    pub href: String,
    pub person: String,
    /// Sorting people is done on Triage, not checked off here.
    pub triage: bool,
    pub with: Option<(i64, String)>,
    pub reason: String,
    pub action: String,
    pub minutes: u32,
    /// Whether checking it off logs a touch (prep does not), so "what happened" is asked.
    pub logs: bool,
}

fn label(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::FollowUp => "Follow up",
        ItemKind::KeepInTouch => "Keep in touch",
        ItemKind::Give => "Help someone",
        ItemKind::Congratulate => "Congratulate",
        ItemKind::ReachOut => "Reach out",
        ItemKind::Birthday => "Birthday",
        ItemKind::Prep => "Prepare",
        ItemKind::Event => "Event",
        ItemKind::Triage => "Sort your network",
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "today.html")]
pub struct TodayPage {
    chrome: Chrome,
    date: String,
    minutes: u32,
    items: Vec<Item>,
    planned: u32,
    done_minutes: u32,
    more: usize,
    more_link: String,
    /// Due follow-ups the budget left out (the list behind `/follow-ups?overdue=1`).
    /// Written with thousands separated, as the command line writes it.
    more_overdue: String,
    streak: u32,
    best: u32,
    people: i64,
    coming: Vec<Coming>,
    /// Meetings and events of the fortnight past those listed, thousands separated.
    coming_more: String,
    error: Option<String>,
    back: String,
}

impl TodayPage {
    fn kinds(&self) -> Vec<&'static str> {
        Kind::ALL.iter().map(|k| k.as_str()).collect()
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct TodayQuery {
    pub minutes: Option<String>,
    pub n: Option<String>,
}

fn minutes_of(raw: &Option<String>) -> Result<Option<u32>, WebError> {
    given(raw)
        .map(|m| {
            m.parse::<u32>()
                .ok()
                .filter(|m| (1..=600).contains(m))
                .ok_or_else(|| {
                    WebError::BadRequest(format!("A day's budget is 1 to 600 minutes, not '{m}'."))
                })
        })
        .transpose()
}

async fn page(
    app: &App,
    csrf: &CsrfToken,
    minutes: Option<u32>,
    notice: Option<&str>,
    error: Option<String>,
) -> Result<TodayPage, WebError> {
    let ((plan, people), (coming, coming_total)) = app
        .run(move |ctx| {
            let budget = match minutes {
                Some(m) => m,
                None => ctx.store.settings()?.time_budget_minutes.max(1),
            };
            let until = ctx.today + chrono::Duration::days(COMING_DAYS);
            let (ahead, total) = ctx.store.upcoming_first(ctx.today, until, COMING_SHOWN)?;
            Ok((ctx.plan(budget)?, (Coming::list(ahead, ctx.today), total)))
        })
        .await?;
    let items = plan
        .items
        .into_iter()
        .map(|i| Item {
            label: label(i.kind),
            kind: i.kind.as_str(),
            href: match (&i.event, i.count) {
                (Some(e), _) => format!("/events/{}", e.id),
                (None, Some(_)) => "/triage".to_string(),
                (None, None) => format!("/people/{}", i.person.id),
            },
            person: match i.count {
                Some(n) if n > 1 => format!("{n} people"),
                _ => i.person.name,
            },
            triage: i.kind == ItemKind::Triage,
            with: i.with.map(|w| (w.id, w.name)),
            id: i.id,
            reason: i.reason,
            action: i.action,
            minutes: i.minutes,
            logs: logged::done_summary(i.kind, false).is_some(),
        })
        .collect();
    let m = minutes.map(|m| m.to_string()).unwrap_or_default();
    let more_budget = plan.minutes.saturating_add(20).min(600).to_string();
    Ok(TodayPage {
        chrome: Chrome::page("Today", "today", csrf).with_notice(notice),
        date: long_date(plan.date),
        minutes: plan.minutes,
        items,
        planned: plan.planned_minutes,
        done_minutes: plan.done_minutes,
        more: plan.more,
        more_overdue: match plan.more_overdue {
            0 => String::new(),
            n => warmline_core::text::grouped(n),
        },
        more_link: format!("/{}", query(&[("minutes", &more_budget)])),
        streak: plan.streak.current,
        best: plan.streak.best,
        people,
        coming_more: match coming_total.saturating_sub(coming.len()) {
            0 => String::new(),
            n => warmline_core::text::grouped(n),
        },
        coming,
        error,
        back: format!("/{}", query(&[("minutes", &m)])),
    })
}

pub async fn show(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Params(q): Params<TodayQuery>,
) -> Result<TodayPage, WebError> {
    let minutes = minutes_of(&q.minutes)?;
    page(&app, &csrf, minutes, q.n.as_deref(), None).await
}

#[derive(Debug, Default, Deserialize)]
pub struct DoneForm {
    pub item: Option<String>,
    pub back: Option<String>,
    /// What happened, in the user's words; the plan's advice is never logged.
    pub what: Option<String>,
}

/// Checks an item off: the touch it asked for is logged (in the user's words when they
/// give some), and it leaves the plan.
pub async fn done(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Input(form): Input<DoneForm>,
) -> Result<Response, WebError> {
    let item = given(&form.item).unwrap_or("").to_string();
    let what = given(&form.what).map(str::to_string);
    let back = given(&form.back)
        .and_then(local_path)
        .unwrap_or_else(|| "/".into());
    match app
        .run(move |ctx| {
            let done = ctx
                .store
                .complete_plan_item_with(ctx.today, &item, what.as_deref())?;
            Ok(done)
        })
        .await
    {
        Ok(_) => Ok(see(with_notice(&back, "done")).into_response()),
        Err(e) => again(&app, &csrf, e).await,
    }
}

/// Today again with what went wrong; a missing plan item is said, not a 404 page.
async fn again(app: &App, csrf: &CsrfToken, e: WebError) -> Result<Response, WebError> {
    let status = e.status();
    if status.is_server_error() {
        return Err(e);
    }
    let page = page(app, csrf, None, None, Some(e.to_string())).await?;
    Ok((status, page).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct QuickLog {
    pub person: Option<String>,
    pub summary: Option<String>,
    pub kind: Option<String>,
    pub on: Option<String>,
}

/// The quick log: name someone as on the command line (a part of the name will do) and
/// say what happened.
pub async fn log(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Input(form): Input<QuickLog>,
) -> Result<Response, WebError> {
    let result = app
        .run(move |ctx| {
            let who = given(&form.person)
                .ok_or_else(|| WebError::BadRequest("Say who it was with.".into()))?;
            let summary = given(&form.summary)
                .ok_or_else(|| WebError::BadRequest("Say in a few words what happened.".into()))?
                .to_string();
            let person = ctx.store.resolve_person(who)?;
            let on = match given(&form.on) {
                Some(d) => parse_date(d, ctx.today, Towards::Past)?,
                None => ctx.today,
            };
            let new = NewInteraction {
                on,
                kind: Kind::parse(given(&form.kind).unwrap_or("message"))?,
                direction: Direction::Outbound,
                summary,
                notes: String::new(),
                source: "manual".into(),
                source_key: None,
                people: vec![person],
            };
            ctx.store.log_interaction(&new, ctx.today)?;
            Ok(person)
        })
        .await;
    match result {
        Ok(person) => Ok(see(with_notice(&format!("/people/{person}"), "logged")).into_response()),
        Err(e) => again(&app, &csrf, e).await,
    }
}
