//! The forms on a person's page: log an interaction, add a detail, a follow-up, a need or
//! an offer; finish, snooze or cancel a follow-up; remove the person. Each is a POST that
//! redirects back (303) on success, or shows the page again with what went wrong.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use warmline_core::date::{Towards, parse_date, parse_due};
use warmline_core::followup::{Origin, PROMISE_DAYS, Status, follow_up_on};
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_core::person::FactCategory;
use warmline_store::NeedOrOffer;

use crate::app::App;
use crate::error::WebError;
use crate::pages::person::with_error;
use crate::pages::{Chrome, Input, given, local_path, parse_id, see, with_notice};
use crate::security::CsrfToken;

/// Runs a change for a person's page: on success back to the page with a notice, on a
/// problem with the input the page again, saying what.
pub async fn change<F>(app: &App, csrf: &CsrfToken, id: i64, notice: &str, f: F) -> Response
where
    F: FnOnce(&crate::app::Ctx) -> Result<(), WebError> + Send + 'static,
{
    match app.run(f).await {
        Ok(()) => see(with_notice(&format!("/people/{id}"), notice)).into_response(),
        Err(e) => with_error(app, csrf, id, e).await.into_response(),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct LogForm {
    pub summary: Option<String>,
    pub kind: Option<String>,
    pub on: Option<String>,
    pub direction: Option<String>,
    pub notes: Option<String>,
    pub promise: Option<String>,
    pub follow_up: Option<String>,
}

pub async fn log(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Path(raw): Path<String>,
    Input(form): Input<LogForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    Ok(change(&app, &csrf, id, "logged", move |ctx| {
        let today = ctx.today;
        let kind = Kind::parse(given(&form.kind).unwrap_or("other"))?;
        let on = match given(&form.on) {
            Some(d) => parse_date(d, today, Towards::Past)?,
            None => today,
        };
        let direction = Direction::parse(given(&form.direction).unwrap_or("outbound"))?;
        let summary = given(&form.summary)
            .ok_or_else(|| WebError::BadRequest("Say in a few words what happened.".into()))?
            .to_string();
        let due = given(&form.follow_up)
            .map(|d| parse_due(d, today))
            .transpose()?;
        let promise = given(&form.promise).map(str::to_string);
        let new = NewInteraction {
            on,
            kind,
            direction,
            summary: summary.clone(),
            notes: form.notes.clone().unwrap_or_default(),
            source: "manual".into(),
            source_key: None,
            people: vec![id],
        };
        ctx.store.atomic(|s| {
            s.log_interaction(&new, today)?;
            if let Some(promise) = &promise {
                let due = due.unwrap_or(today + chrono::Duration::days(PROMISE_DAYS));
                s.add_follow_up(id, promise, due, Origin::Promise, today)?;
            } else if let Some(due) = due {
                s.add_follow_up(id, &follow_up_on(&summary), due, Origin::Manual, today)?;
            }
            Ok(())
        })?;
        Ok(())
    })
    .await)
}

#[derive(Debug, Default, Deserialize)]
pub struct FactForm {
    pub category: Option<String>,
    pub text: Option<String>,
    pub on: Option<String>,
}

pub async fn fact(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Path(raw): Path<String>,
    Input(form): Input<FactForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    Ok(change(&app, &csrf, id, "fact", move |ctx| {
        let category = FactCategory::parse(given(&form.category).unwrap_or("other"))?;
        let on = given(&form.on)
            .map(|d| parse_date(d, ctx.today, Towards::Past))
            .transpose()?;
        let text = given(&form.text).unwrap_or("");
        ctx.store
            .add_fact(Some(id), category, text, on, ctx.today)?;
        Ok(())
    })
    .await)
}

#[derive(Debug, Default, Deserialize)]
pub struct FollowUpForm {
    pub text: Option<String>,
    pub due: Option<String>,
}

pub async fn add_follow_up(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Path(raw): Path<String>,
    Input(form): Input<FollowUpForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    Ok(change(&app, &csrf, id, "followup", move |ctx| {
        let due = parse_due(given(&form.due).unwrap_or("3"), ctx.today)?;
        let text = given(&form.text).unwrap_or("");
        ctx.store
            .add_follow_up(id, text, due, Origin::Manual, ctx.today)?;
        Ok(())
    })
    .await)
}

#[derive(Debug, Default, Deserialize)]
pub struct NeedForm {
    pub kind: Option<String>,
    pub text: Option<String>,
}

pub async fn need(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Path(raw): Path<String>,
    Input(form): Input<NeedForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    Ok(change(&app, &csrf, id, "saved", move |ctx| {
        let kind = match given(&form.kind) {
            Some("offer") => NeedOrOffer::Offer,
            _ => NeedOrOffer::Need,
        };
        let text = given(&form.text).unwrap_or("");
        ctx.store.add_need_offer(Some(id), kind, text, ctx.today)?;
        Ok(())
    })
    .await)
}

#[derive(Debug, Default, Deserialize)]
pub struct FollowUpAction {
    pub back: Option<String>,
    pub days: Option<String>,
}

/// `/follow-ups/{id}/{done|snooze|cancel|remove}`: from a person's page, Today or the
/// follow-up's edit page, and back to where it came from.
pub async fn follow_up_action(
    app: App,
    Path((raw, action)): Path<(String, String)>,
    Input(form): Input<FollowUpAction>,
) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    if action == "remove" {
        return crate::pages::corrections::follow_up_remove(&app, id, form.back).await;
    }
    let notice = match action.as_str() {
        "done" => "done",
        "snooze" => "snoozed",
        "cancel" => "cancelled",
        _ => return Err(WebError::NotFound("There is no such action.".into())),
    };
    let days = given(&form.days)
        .unwrap_or("3")
        .parse::<i64>()
        .map_err(|_| WebError::BadRequest("Snooze for a whole number of days.".into()))?;
    let person = app
        .run(move |ctx| {
            let f = match action.as_str() {
                "done" => ctx.store.close_follow_up(id, Status::Done, ctx.today)?,
                "cancel" => ctx
                    .store
                    .close_follow_up(id, Status::Cancelled, ctx.today)?,
                _ => ctx.store.snooze_follow_up(id, days, ctx.today)?,
            };
            Ok(f.person_id)
        })
        .await?;
    let back = given(&form.back)
        .and_then(local_path)
        .unwrap_or_else(|| format!("/people/{person}"));
    Ok(see(with_notice(&back, notice)).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "remove.html")]
pub struct RemovePage {
    chrome: Chrome,
    id: i64,
    name: String,
    interactions: i64,
}

pub async fn confirm_remove(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Path(raw): Path<String>,
) -> Result<RemovePage, WebError> {
    let id = parse_id(&raw)?;
    let (name, interactions) = app
        .run(move |ctx| {
            let p = ctx.store.person(id)?;
            Ok((p.name, ctx.store.interaction_count_for(id)?))
        })
        .await?;
    Ok(RemovePage {
        chrome: Chrome::page(format!("Remove {name}"), "people", &csrf),
        id,
        name,
        interactions,
    })
}

pub async fn remove(app: App, Path(raw): Path<String>) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    let trash = app.run(move |ctx| Ok(ctx.store.remove_person(id)?)).await?;
    Ok(see(with_notice(
        "/people",
        &crate::pages::corrections::removed(trash),
    ))
    .into_response())
}
