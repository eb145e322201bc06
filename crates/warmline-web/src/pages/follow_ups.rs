//! `/follow-ups`: the follow-ups still to do, fifty to a page; `?overdue=1` keeps only
//! those due today or earlier, promises first, which is where Today's "more overdue"
//! line leads. Each can be done, snoozed or cancelled from here, and the whole backlog
//! snoozed at once.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use warmline_store::FollowUpScope;

use crate::app::App;
use crate::error::WebError;
use crate::pages::{Chrome, Input, Params, given, query, relative, see, with_notice};
use crate::security::CsrfToken;

pub const PAGE_SIZE: usize = 50;

#[derive(Debug, Default, Deserialize)]
pub struct FollowUpsQuery {
    pub overdue: Option<String>,
    pub page: Option<String>,
    pub n: Option<String>,
}

pub struct Row {
    pub id: i64,
    pub person_id: i64,
    pub person: String,
    pub text: String,
    pub due: String,
    pub when: String,
    pub overdue: bool,
    pub status: &'static str,
    pub promise: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "follow_ups.html")]
pub struct FollowUpsPage {
    chrome: Chrome,
    overdue: bool,
    rows: Vec<Row>,
    total: usize,
    first: usize,
    last: usize,
    prev: Option<String>,
    next: Option<String>,
    /// This page's own address, where a change comes back to.
    back: String,
}

pub async fn list(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Params(params): Params<FollowUpsQuery>,
) -> Result<FollowUpsPage, WebError> {
    let overdue = given(&params.overdue).is_some();
    let page: usize = given(&params.page)
        .and_then(|p| p.parse().ok())
        .filter(|p| *p >= 1 && *p <= 1_000_000)
        .unwrap_or(1);
    let scope = if overdue {
        FollowUpScope::Overdue
    } else {
        FollowUpScope::Pending
    };
    let offset = (page - 1) * PAGE_SIZE;
    let (found, today) = app
        .run(move |ctx| {
            let found = ctx
                .store
                .follow_up_page(scope, ctx.today, offset, Some(PAGE_SIZE))?;
            Ok((found, ctx.today))
        })
        .await?;
    let rows: Vec<Row> = found
        .rows
        .into_iter()
        .map(|r| {
            let f = r.follow_up;
            let overdue = f.is_due(today);
            Row {
                id: f.id,
                person_id: f.person_id,
                person: r.person_name,
                text: f.text,
                due: f.due.to_string(),
                when: relative(f.due, today),
                overdue,
                status: f.status.as_str(),
                promise: f.origin == warmline_core::followup::Origin::Promise,
            }
        })
        .collect();
    let total = found.total;
    let link = |p: usize| {
        let p = p.to_string();
        format!(
            "/follow-ups{}",
            query(&[
                ("overdue", if overdue { "1" } else { "" }),
                ("page", if p == "1" { "" } else { &p }),
            ])
        )
    };
    let first = if rows.is_empty() { 0 } else { offset + 1 };
    let last = offset + rows.len();
    Ok(FollowUpsPage {
        chrome: Chrome::page(
            if overdue {
                "Overdue follow-ups"
            } else {
                "Follow-ups"
            },
            "today",
            &csrf,
        )
        .with_notice(params.n.as_deref()),
        overdue,
        prev: (page > 1).then(|| link(page - 1)),
        next: (last < total).then(|| link(page + 1)),
        back: link(page),
        rows,
        total,
        first,
        last,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct SnoozeOverdue {
    pub days: Option<String>,
}

/// Snoozes every overdue follow-up at once, as `followup snooze --overdue DAYS` does.
pub async fn snooze_overdue(
    app: App,
    Input(form): Input<SnoozeOverdue>,
) -> Result<Response, WebError> {
    let days = given(&form.days)
        .unwrap_or("7")
        .parse::<i64>()
        .map_err(|_| WebError::BadRequest("Snooze for a whole number of days.".into()))?;
    app.run(move |ctx| Ok(ctx.store.snooze_overdue(ctx.today, days)?))
        .await?;
    Ok(see(with_notice("/follow-ups?overdue=1", "snoozed")).into_response())
}
