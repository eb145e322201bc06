//! `/triage`: sorting an imported network. The people you have been in touch with who
//! have no keep-in-touch rhythm yet, each with the tier proposed from the evidence and
//! why (all checked: one button accepts them), and a form that gives everyone with a tag,
//! at an organisation, in a goal or from an import one tier, as `warmline triage` and
//! `warmline tier` do.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use warmline_core::person::Tier;
use warmline_store::{SOURCES, TierFilter, TierTarget};

use crate::app::App;
use crate::error::WebError;
use crate::pages::{Chrome, Input, Params, given, see, with_notice};
use crate::security::CsrfToken;

/// Proposals listed with a checkbox; past these, one button accepts all of them.
const LISTED: usize = 200;

pub struct Proposal {
    pub id: i64,
    pub name: String,
    pub org: Option<String>,
    pub tier: &'static str,
    pub reason: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "triage.html")]
pub struct TriagePage {
    chrome: Chrome,
    proposals: Vec<Proposal>,
    total: usize,
    goals: Vec<(i64, String)>,
    tags: Vec<String>,
    error: Option<String>,
}

impl TriagePage {
    fn tiers(&self) -> Vec<&'static str> {
        let mut all: Vec<&'static str> = Tier::ALL.iter().map(|t| t.as_str()).collect();
        all.push("none");
        all
    }

    fn sources(&self) -> &'static [&'static str] {
        &SOURCES
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct NoticeQuery {
    pub n: Option<String>,
}

async fn page(
    app: &App,
    csrf: &CsrfToken,
    notice: Option<&str>,
    error: Option<String>,
) -> Result<TriagePage, WebError> {
    let (all, goals, tags) = app
        .run(|ctx| {
            let all = ctx.store.triage(ctx.today)?;
            let goals = ctx
                .store
                .goals()?
                .into_iter()
                .map(|g| (g.id, g.title))
                .collect();
            Ok((all, goals, ctx.people()?.tags.clone()))
        })
        .await?;
    let total = all.len();
    let proposals = all
        .into_iter()
        .take(LISTED)
        .map(|e| Proposal {
            id: e.id,
            name: e.name,
            org: e.org,
            tier: e.proposed_tier.as_str(),
            reason: e.reason,
        })
        .collect();
    Ok(TriagePage {
        chrome: Chrome::page("Triage", "triage", csrf).with_notice(notice),
        proposals,
        total,
        goals,
        tags,
        error,
    })
}

pub async fn show(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Params(q): Params<NoticeQuery>,
) -> Result<TriagePage, WebError> {
    page(&app, &csrf, q.n.as_deref(), None).await
}

/// Runs a change; on bad input the page again, saying what.
async fn change<F>(app: &App, csrf: &CsrfToken, notice: &str, f: F) -> Result<Response, WebError>
where
    F: FnOnce(&crate::app::Ctx) -> Result<(), WebError> + Send + 'static,
{
    match app.run(f).await {
        Ok(()) => Ok(see(with_notice("/triage", notice)).into_response()),
        Err(e) if e.status().is_client_error() => {
            let status = e.status();
            Ok((status, page(app, csrf, None, Some(e.to_string())).await?).into_response())
        }
        Err(e) => Err(e),
    }
}

/// Accepts the proposals of the people checked (repeated `person` fields), or with
/// `all` every proposal, listed or not.
pub async fn apply(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Input(fields): Input<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let all = fields.iter().any(|(k, v)| k == "all" && v == "1");
    let ids: Result<Vec<i64>, WebError> = fields
        .iter()
        .filter(|(k, _)| k == "person")
        .map(|(_, v)| {
            v.parse::<i64>()
                .map_err(|_| WebError::BadRequest(format!("'{v}' is not a person's id.")))
        })
        .collect();
    let ids = ids?;
    change(&app, &csrf, "applied", move |ctx| {
        if !all && ids.is_empty() {
            return Err(WebError::BadRequest(
                "Check the people whose proposed tier you accept.".into(),
            ));
        }
        let only = (!all).then_some(ids.as_slice());
        ctx.store.apply_triage(ctx.today, only)?;
        Ok(())
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
pub struct TierForm {
    pub tier: Option<String>,
    pub tag: Option<String>,
    pub org: Option<String>,
    pub goal: Option<String>,
    pub source: Option<String>,
}

/// One tier (or none) for everyone a filter matches.
pub async fn tier(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Input(f): Input<TierForm>,
) -> Result<Response, WebError> {
    change(&app, &csrf, "tiered", move |ctx| {
        let tier = match given(&f.tier).unwrap_or("") {
            "none" => None,
            t => Some(Tier::parse(t)?),
        };
        let goal = match given(&f.goal) {
            Some(g) => Some(ctx.store.resolve_goal(g)?),
            None => None,
        };
        let filter = TierFilter {
            tag: given(&f.tag).map(str::to_string),
            org: given(&f.org).map(str::to_string),
            goal,
            source: given(&f.source).map(str::to_string),
        };
        if filter.is_empty() {
            return Err(WebError::BadRequest(
                "Choose whom: a tag, an organisation, a goal or where they came from.".into(),
            ));
        }
        ctx.store
            .set_tier(&TierTarget::Matching(filter), tier, ctx.today)?;
        Ok(())
    })
    .await
}
