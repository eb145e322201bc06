//! `/events` and `/events/{id}`: where you meet people, and whether you followed up
//! with each of them within two days, as the advice asks.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use warmline_core::date::{Towards, parse_date};
use warmline_core::event::{FOLLOW_UP_WITHIN_DAYS as WITHIN_DAYS, followed_up_in_time};

use crate::app::App;
use crate::error::WebError;
use crate::pages::{Chrome, Input, Params, given, long_date, parse_id, see, with_notice};
use crate::security::CsrfToken;

#[derive(Debug, Default, Deserialize)]
pub struct NoticeQuery {
    pub n: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct EventForm {
    pub name: Option<String>,
    pub on: Option<String>,
    pub location: Option<String>,
}

pub struct EventRow {
    pub id: i64,
    pub name: String,
    pub on: String,
    pub location: String,
    pub people: i64,
    pub followed: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "events.html")]
pub struct EventsPage {
    chrome: Chrome,
    events: Vec<EventRow>,
    error: Option<String>,
    v: EventForm,
}

impl EventsPage {
    fn val<'a>(&self, s: &'a Option<String>) -> &'a str {
        s.as_deref().unwrap_or("")
    }
}

pub struct Met {
    pub id: i64,
    pub name: String,
    pub first: String,
    pub in_time: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "event.html")]
pub struct EventPage {
    chrome: Chrome,
    id: i64,
    name: String,
    on: String,
    location: String,
    met: Vec<Met>,
    followed: usize,
}

async fn list_page(
    app: &App,
    csrf: &CsrfToken,
    notice: Option<&str>,
    error: Option<String>,
    v: EventForm,
) -> Result<EventsPage, WebError> {
    let events = app
        .run(move |ctx| {
            let mut rows = Vec::new();
            for (e, people) in ctx.store.events()? {
                let followed = ctx
                    .store
                    .people_met_at(e.id)?
                    .iter()
                    .filter(|m| followed_up_in_time(m.met_on, m.first_follow_up, WITHIN_DAYS))
                    .count();
                rows.push(EventRow {
                    id: e.id,
                    name: e.name,
                    on: e.on.map(long_date).unwrap_or_default(),
                    location: e.location.unwrap_or_default(),
                    people,
                    followed,
                });
            }
            Ok(rows)
        })
        .await?;
    Ok(EventsPage {
        chrome: Chrome::page("Events", "events", csrf).with_notice(notice),
        events,
        error,
        v,
    })
}

pub async fn list(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Params(q): Params<NoticeQuery>,
) -> Result<EventsPage, WebError> {
    list_page(&app, &csrf, q.n.as_deref(), None, EventForm::default()).await
}

pub async fn add(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Input(f): Input<EventForm>,
) -> Result<Response, WebError> {
    let typed = f.clone();
    let result = app
        .run(move |ctx| {
            // An event may be planned ahead, so a relative date counts forward.
            let on = match given(&f.on) {
                Some(d) => parse_date(d, ctx.today, Towards::Future)?,
                None => ctx.today,
            };
            let name = given(&f.name).unwrap_or("");
            Ok(ctx
                .store
                .add_event(name, Some(on), given(&f.location), ctx.today)?)
        })
        .await;
    match result {
        Ok(id) => Ok(see(with_notice(&format!("/events/{id}"), "added")).into_response()),
        Err(e) if e.status().is_client_error() => {
            let status = e.status();
            let page = list_page(&app, &csrf, None, Some(e.to_string()), typed).await?;
            Ok((status, page).into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn show(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Path(raw): Path<String>,
    Params(q): Params<NoticeQuery>,
) -> Result<EventPage, WebError> {
    let id = parse_id(&raw)?;
    let (event, met) = app
        .run(move |ctx| Ok((ctx.store.event(id)?, ctx.store.people_met_at(id)?)))
        .await?;
    let met: Vec<Met> = met
        .into_iter()
        .map(|m| Met {
            in_time: followed_up_in_time(m.met_on, m.first_follow_up, WITHIN_DAYS),
            id: m.person_id,
            name: m.name,
            first: m.first_follow_up.map(long_date).unwrap_or_default(),
        })
        .collect();
    Ok(EventPage {
        chrome: Chrome::page(event.name.clone(), "events", &csrf).with_notice(q.n.as_deref()),
        id: event.id,
        followed: met.iter().filter(|m| m.in_time).count(),
        name: event.name,
        on: event.on.map(long_date).unwrap_or_default(),
        location: event.location.unwrap_or_default(),
        met,
    })
}
