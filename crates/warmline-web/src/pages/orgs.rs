//! `/orgs` and `/orgs/{id}`: the organisations in your book, who you know at each, their
//! details (the fit of a goal reads industry, size and location), and the ways in.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use warmline_store::OrgFields;

use crate::app::App;
use crate::error::WebError;
use crate::pages::events::NoticeQuery;
use crate::pages::{Chrome, Input, Params, given, parse_id, see, with_notice};
use crate::security::CsrfToken;

/// People listed on an organisation's page; the rest are a link to People away.
const SHOWN: usize = 100;

pub struct OrgRow {
    pub id: i64,
    pub name: String,
    pub detail: String,
    pub people: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "orgs.html")]
pub struct OrgsPage {
    chrome: Chrome,
    orgs: Vec<OrgRow>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct OrgForm {
    pub name: Option<String>,
    pub industry: Option<String>,
    pub size: Option<String>,
    pub location: Option<String>,
    pub website: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "org.html")]
pub struct OrgPage {
    chrome: Chrome,
    id: i64,
    name: String,
    detail: String,
    /// Shown as a link only when it is a web address.
    website: Option<String>,
    people: Vec<(i64, String, String)>,
    /// Everyone there, of whom the first [`SHOWN`] are listed.
    total: usize,
    v: OrgForm,
    error: Option<String>,
}

impl OrgPage {
    fn val<'a>(&self, s: &'a Option<String>) -> &'a str {
        s.as_deref().unwrap_or("")
    }
}

/// "public relations · boutique · Austin".
fn detail(parts: [&Option<String>; 3]) -> String {
    parts
        .into_iter()
        .filter_map(|p| p.as_deref())
        .collect::<Vec<_>>()
        .join(" · ")
}

pub async fn list(app: App, Extension(csrf): Extension<CsrfToken>) -> Result<OrgsPage, WebError> {
    let orgs = app
        .run(|ctx| {
            Ok(ctx
                .store
                .orgs()?
                .into_iter()
                .map(|(o, people)| OrgRow {
                    detail: detail([&o.industry, &o.size, &o.location]),
                    id: o.id,
                    name: o.name,
                    people,
                })
                .collect())
        })
        .await?;
    Ok(OrgsPage {
        chrome: Chrome::page("Organisations", "orgs", &csrf),
        orgs,
    })
}

async fn page(
    app: &App,
    csrf: &CsrfToken,
    id: i64,
    notice: Option<&str>,
    typed: Option<OrgForm>,
    error: Option<String>,
) -> Result<OrgPage, WebError> {
    let (org, people) = app
        .run(move |ctx| Ok((ctx.store.org(id)?, ctx.store.people_at_org(id)?)))
        .await?;
    let v = typed.unwrap_or_else(|| OrgForm {
        name: Some(org.name.clone()),
        industry: org.industry.clone(),
        size: org.size.clone(),
        location: org.location.clone(),
        website: org.website.clone(),
    });
    Ok(OrgPage {
        chrome: Chrome::page(org.name.clone(), "orgs", csrf).with_notice(notice),
        id,
        detail: detail([&org.industry, &org.size, &org.location]),
        website: org
            .website
            .filter(|w| w.starts_with("https://") || w.starts_with("http://")),
        name: org.name,
        total: people.len(),
        people: people
            .into_iter()
            .take(SHOWN)
            .map(|(id, name, title)| (id, name, title.unwrap_or_default()))
            .collect(),
        v,
        error,
    })
}

pub async fn show(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Path(raw): Path<String>,
    Params(q): Params<NoticeQuery>,
) -> Result<OrgPage, WebError> {
    let id = parse_id(&raw)?;
    page(&app, &csrf, id, q.n.as_deref(), None, None).await
}

/// Saves the details; an emptied field forgets its value.
pub async fn save(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Path(raw): Path<String>,
    Input(f): Input<OrgForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    let typed = f.clone();
    let result = app
        .run(move |ctx| {
            let org = ctx.store.org(id)?;
            let field = |s: &Option<String>| Some(given(s).unwrap_or("").to_string());
            let fields = OrgFields {
                industry: field(&f.industry),
                size: field(&f.size),
                location: field(&f.location),
                website: field(&f.website),
            };
            ctx.store.atomic(|s| {
                let name = match given(&f.name).filter(|n| *n != org.name) {
                    Some(new) => s.rename_org(id, new, ctx.today)?.name,
                    None => org.name.clone(),
                };
                s.save_org(&name, &fields, ctx.today)
            })?;
            Ok(())
        })
        .await;
    match result {
        Ok(()) => Ok(see(with_notice(&format!("/orgs/{id}"), "saved")).into_response()),
        Err(e) if e.status().is_client_error() && e.status().as_u16() != 404 => {
            let status = e.status();
            let page = page(&app, &csrf, id, None, Some(typed), Some(e.to_string())).await?;
            Ok((status, page).into_response())
        }
        Err(e) => Err(e),
    }
}
