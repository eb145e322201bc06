//! `/opportunities`: the roles you pursue, their stage, and the people who led to each,
//! so you can see what networking produced (interviews and offers through people against
//! cold applications), as `warmline job list` and `stats` give them.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use warmline_core::job::{JobRole, JobStage, Tally};

use crate::app::App;
use crate::error::WebError;
use crate::pages::{Chrome, Input, Params, given, parse_id, see, with_notice};
use crate::security::CsrfToken;

pub struct Job {
    pub id: i64,
    pub org: String,
    pub role: String,
    pub stage: &'static str,
    pub people: Vec<(i64, String, &'static str)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "opportunities.html")]
pub struct OpportunitiesPage {
    chrome: Chrome,
    jobs: Vec<Job>,
    through_people: Tally,
    cold: Tally,
    error: Option<String>,
}

impl OpportunitiesPage {
    fn stages(&self) -> Vec<&'static str> {
        JobStage::ALL.iter().map(|s| s.as_str()).collect()
    }

    fn roles(&self) -> Vec<(&'static str, &'static str)> {
        JobRole::ALL
            .iter()
            .map(|r| (r.as_str(), r.label()))
            .collect()
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct Notice {
    pub n: Option<String>,
}

async fn page(
    app: &App,
    csrf: &CsrfToken,
    notice: Option<&str>,
    error: Option<String>,
) -> Result<OpportunitiesPage, WebError> {
    let (jobs, sources) = app
        .run(|ctx| Ok((ctx.store.jobs()?, ctx.store.job_sources()?)))
        .await?;
    Ok(OpportunitiesPage {
        chrome: Chrome::page("Opportunities", "opportunities", csrf).with_notice(notice),
        jobs: jobs
            .into_iter()
            .map(|j| Job {
                id: j.id,
                org: j.org,
                role: j.role,
                stage: j.stage.as_str(),
                people: j
                    .people
                    .into_iter()
                    .map(|p| (p.id, p.name, p.role.label()))
                    .collect(),
            })
            .collect(),
        through_people: sources.through_people,
        cold: sources.cold,
        error,
    })
}

pub async fn list(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Params(n): Params<Notice>,
) -> Result<OpportunitiesPage, WebError> {
    page(&app, &csrf, n.n.as_deref(), None).await
}

/// Runs a change; on bad input the page again, saying what.
async fn change<F>(app: &App, csrf: &CsrfToken, notice: &str, f: F) -> Result<Response, WebError>
where
    F: FnOnce(&crate::app::Ctx) -> Result<(), WebError> + Send + 'static,
{
    match app.run(f).await {
        Ok(()) => Ok(see(with_notice("/opportunities", notice)).into_response()),
        Err(e) if e.status().is_client_error() => {
            let status = e.status();
            Ok((status, page(app, csrf, None, Some(e.to_string())).await?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct AddForm {
    pub org: Option<String>,
    pub role: Option<String>,
    pub via: Option<String>,
}

/// A new lead; "via" names the person it came through, as on the command line.
pub async fn add(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Input(f): Input<AddForm>,
) -> Result<Response, WebError> {
    change(&app, &csrf, "added", move |ctx| {
        let org =
            given(&f.org).ok_or_else(|| WebError::BadRequest("Say which organisation.".into()))?;
        let via = match given(&f.via) {
            Some(who) => vec![ctx.store.resolve_person(who)?],
            None => Vec::new(),
        };
        ctx.store
            .add_job(org, given(&f.role).unwrap_or(""), &via, ctx.today)?;
        Ok(())
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
pub struct StageForm {
    pub stage: Option<String>,
}

pub async fn stage(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Path(raw): Path<String>,
    Input(f): Input<StageForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    change(&app, &csrf, "moved", move |ctx| {
        let stage = JobStage::parse(given(&f.stage).unwrap_or(""))?;
        ctx.store.set_job_stage(id, stage, ctx.today)?;
        Ok(())
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
pub struct PersonForm {
    pub person: Option<String>,
    pub role: Option<String>,
}

pub async fn person(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Path(raw): Path<String>,
    Input(f): Input<PersonForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    change(&app, &csrf, "saved", move |ctx| {
        let who = given(&f.person).ok_or_else(|| WebError::BadRequest("Say who.".into()))?;
        let person = ctx.store.resolve_person(who)?;
        let role = JobRole::parse(given(&f.role).unwrap_or("referrer"))?;
        ctx.store.add_job_person(id, person, role, ctx.today)?;
        Ok(())
    })
    .await
}
