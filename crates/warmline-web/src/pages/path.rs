//! `/path`: warm ways in to a person or an organisation, as `warmline path` gives them:
//! who to ask for an introduction, how strong each chain is, and why each tie holds.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use serde::Deserialize;
use warmline_store::{StoreError, TargetKind};

use crate::app::App;
use crate::error::WebError;
use crate::pages::{Chrome, Params, given};
use crate::security::CsrfToken;

/// Ways in shown, best first.
const PATHS: usize = 5;

#[derive(Debug, Default, Deserialize)]
pub struct PathQuery {
    pub to: Option<String>,
}

/// One way in: the chain of people after you, each linked, and what to do.
pub struct Way {
    pub people: Vec<(i64, String)>,
    pub strength: String,
    pub why: Vec<String>,
    pub advice: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "path.html")]
pub struct PathPage {
    chrome: Chrome,
    to: String,
    /// "Ana Lima", or "Harbor & Finch (12 people there in your book)".
    heading: Option<String>,
    /// A person's id, to link back to their page.
    person: Option<i64>,
    ways: Vec<Way>,
    /// Why there is nothing to show, when there is nothing.
    empty: Option<String>,
    error: Option<String>,
    orgs: Vec<String>,
}

pub async fn show(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Params(q): Params<PathQuery>,
) -> Result<PathPage, WebError> {
    let to = given(&q.to).unwrap_or("").to_string();
    let query = to.clone();
    app.run(move |ctx| {
        let orgs = ctx.people()?.orgs.clone();
        let mut page = PathPage {
            chrome: Chrome::page("Ways in", "path", &csrf),
            to: query.clone(),
            heading: None,
            person: None,
            ways: Vec::new(),
            empty: None,
            error: None,
            orgs,
        };
        if query.is_empty() {
            return Ok(page);
        }
        let target = match ctx.store.resolve_path_target(&query) {
            Ok(t) => t,
            // Not found or ambiguous is an answer to show beside the form, not an error page.
            Err(
                e @ (StoreError::NotFound(_)
                | StoreError::Resolve(_)
                | StoreError::Invalid(_)
                | StoreError::Core(_)),
            ) => {
                page.error = Some(e.to_string());
                return Ok(page);
            }
            Err(e) => return Err(e.into()),
        };
        let there = target.people.len();
        page.heading = Some(match target.kind {
            TargetKind::Person => target.name.clone(),
            TargetKind::Organisation => {
                let people = if there == 1 { "person" } else { "people" };
                format!("{} ({there} {people} there in your book)", target.name)
            }
        });
        if target.kind == TargetKind::Person {
            page.person = Some(target.id);
        }
        if target.kind == TargetKind::Organisation && there == 0 {
            page.empty = Some(format!(
                "You know no one at {} yet. Add the people you know there, or look for who fits a goal there on its goal page.",
                target.name
            ));
            return Ok(page);
        }
        let ids: Vec<i64> = target.people.iter().map(|p| p.id).collect();
        let (paths, _) = ctx.store.warm_paths(&ids, PATHS, ctx.today)?;
        if paths.is_empty() {
            page.empty = Some(
                "No way in within four introductions. Note who knows whom (warmline link) and look again."
                    .into(),
            );
        }
        page.ways = paths
            .into_iter()
            .map(|p| Way {
                advice: p.advice(),
                strength: format!("{:.0}", p.strength * 100.0),
                people: p.people.into_iter().map(|r| (r.id, r.name)).collect(),
                why: p.why,
            })
            .collect();
        Ok(page)
    })
    .await
}
