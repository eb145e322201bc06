//! `/people`: everyone, searched, filtered and sorted, fifty to a page.
//!
//! The list reads from the server's in-memory summaries (see [`crate::app`]), so a page
//! of a 10,000-person network costs a filter and a slice, not a pass over every
//! interaction. A search goes through the store's full-text index first, then the same
//! filters apply to its hits, which keep their relevance order unless a sort is chosen.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use serde::Deserialize;
use warmline_store::{ListFilter, PersonSummary, SortBy};

use crate::app::App;
use crate::error::WebError;
use crate::pages::{Chrome, Params, given, query, relative};
use crate::security::CsrfToken;

pub const PAGE_SIZE: usize = 50;
/// The most search hits considered; a search that broad is better narrowed. Past the
/// store's bound the best are ranked among the most recently added, and the page says so.
const SEARCH_LIMIT: usize = 2000;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub q: Option<String>,
    pub tag: Option<String>,
    pub org: Option<String>,
    pub due: Option<String>,
    pub drifting: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
    pub n: Option<String>,
}

/// One person as a row of the list.
pub struct Row {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub score: u8,
    pub state: &'static str,
    pub last: String,
    pub due: String,
    pub overdue: bool,
    pub tags: Vec<String>,
    pub drifting: bool,
    /// Where a search matched: text and whether each piece is the matched word.
    pub snippet: Vec<(String, bool)>,
}

impl Row {
    pub fn new(s: &PersonSummary, today: chrono::NaiveDate) -> Row {
        Row {
            id: s.id,
            name: s.name.clone(),
            role: role(s.title.as_deref(), s.org.as_deref()),
            score: s.warmth.score,
            state: s.warmth.state.as_str(),
            last: s
                .last_contact
                .map(|d| relative(d, today))
                .unwrap_or_else(|| "never".into()),
            due: s.next_due.map(|d| relative(d, today)).unwrap_or_default(),
            overdue: s.next_due.is_some_and(|d| d <= today),
            tags: s.tags.clone(),
            drifting: s.drifting,
            snippet: Vec::new(),
        }
    }
}

/// "Account Director at Acme PR", or whichever half is known.
pub fn role(title: Option<&str>, org: Option<&str>) -> String {
    match (title, org) {
        (Some(t), Some(o)) => format!("{t} at {o}"),
        (Some(x), None) | (None, Some(x)) => x.to_string(),
        (None, None) => String::new(),
    }
}

/// The store's snippet marks matches with brackets; split it for `<mark>`.
fn snippet_parts(s: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            out.push((rest[..open].to_string(), false));
        }
        out.push((rest[open + 1..close].to_string(), true));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push((rest.to_string(), false));
    }
    out
}

#[derive(Template, WebTemplate)]
#[template(path = "people.html")]
pub struct PeoplePage {
    chrome: Chrome,
    q: String,
    tag: String,
    org: String,
    due: bool,
    drifting: bool,
    sort: &'static str,
    searching: bool,
    tags: Vec<String>,
    orgs: Vec<String>,
    rows: Vec<Row>,
    total: usize,
    /// Everyone the search matched, when more than were ranked (0 otherwise).
    matched: usize,
    everyone: usize,
    first: usize,
    last: usize,
    prev: Option<String>,
    next: Option<String>,
}

impl PeoplePage {
    fn sorts(&self) -> Vec<(&'static str, &'static str)> {
        let mut v = vec![("name", "Name"), ("warmth", "Warmth"), ("due", "Due first")];
        if self.searching {
            v.insert(0, ("relevance", "Best match"));
        }
        v
    }
}

pub async fn list(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Params(params): Params<ListQuery>,
) -> Result<PeoplePage, WebError> {
    let q = given(&params.q).unwrap_or("").to_string();
    let searching = !q.is_empty();
    let sort = match given(&params.sort) {
        Some("warmth") => "warmth",
        Some("due") => "due",
        Some("name") => "name",
        _ if searching => "relevance",
        _ => "name",
    };
    let filter = ListFilter {
        tag: given(&params.tag).map(str::to_string),
        org: given(&params.org).map(str::to_string),
        due: given(&params.due).is_some(),
        drifting: given(&params.drifting).is_some(),
        sort: match sort {
            "warmth" => SortBy::Warmth,
            "due" => SortBy::Due,
            _ => SortBy::Name,
        },
    };
    let page: usize = given(&params.page)
        .and_then(|p| p.parse().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let qq = q.clone();
    let f = filter.clone();
    let work = move |ctx: &crate::app::Ctx| {
        let people = ctx.people()?;
        let today = ctx.today;
        let mut matched = 0;
        let mut hits: Vec<&PersonSummary> = if qq.is_empty() {
            people.filtered(&f)
        } else {
            let found;
            (found, matched) = ctx.store.search_ranked_counted(&qq, SEARCH_LIMIT)?;
            if matched == found.len() {
                // All of them ranked: say nothing of a bound.
                matched = 0;
            }
            found
                .into_iter()
                .filter_map(|(id, _)| people.get(id))
                .filter(|s| f.matches(s, today))
                .collect()
        };
        // Search hits come in relevance order; any other order is asked for.
        match sort {
            _ if !searching || sort == "relevance" => {}
            "name" => hits.sort_by_cached_key(|s| s.name.to_lowercase()),
            _ => hits.sort_by(|a, b| f.sort.compare(a, b)),
        }
        let shown: Vec<&PersonSummary> = hits
            .iter()
            .skip((page - 1) * PAGE_SIZE)
            .take(PAGE_SIZE)
            .copied()
            .collect();
        // Snippets only for the page shown: writing one for each of thousands of hits
        // cost more than the whole rest of the page.
        let mut snippets = if searching {
            let ids: Vec<_> = shown.iter().map(|s| s.id).collect();
            ctx.store.search_snippets(&qq, &ids)?
        } else {
            Default::default()
        };
        let rows: Vec<Row> = shown
            .into_iter()
            .map(|s| Row {
                snippet: snippets
                    .remove(&s.id)
                    .as_deref()
                    .map(snippet_parts)
                    .unwrap_or_default(),
                ..Row::new(s, today)
            })
            .collect();
        Ok((
            rows,
            hits.len(),
            matched,
            people.list.len(),
            people.tags.clone(),
            people.orgs.clone(),
        ))
    };
    // Searches wait for their own few permits, so a flood of them leaves the other pages
    // their stores.
    let (rows, total, matched, everyone, tags, orgs) = if searching {
        app.run_search(work).await?
    } else {
        app.run(work).await?
    };
    let first = if total == 0 {
        0
    } else {
        (page - 1) * PAGE_SIZE + 1
    };
    let last = ((page - 1) * PAGE_SIZE + rows.len()).min(total);
    let link = |p: usize| {
        let p = p.to_string();
        let due = if filter.due { "1" } else { "" };
        let drifting = if filter.drifting { "1" } else { "" };
        let sort_param = if sort == "name" && !searching || sort == "relevance" {
            ""
        } else {
            sort
        };
        format!(
            "/people{}",
            query(&[
                ("q", &q),
                ("tag", filter.tag.as_deref().unwrap_or("")),
                ("org", filter.org.as_deref().unwrap_or("")),
                ("due", due),
                ("drifting", drifting),
                ("sort", sort_param),
                ("page", if p == "1" { "" } else { &p }),
            ])
        )
    };
    let prev = (page > 1).then(|| link(page - 1));
    let next = (page * PAGE_SIZE < total).then(|| link(page + 1));
    Ok(PeoplePage {
        chrome: Chrome::page("People", "people", &csrf).with_notice(params.n.as_deref()),
        tag: filter.tag.clone().unwrap_or_default(),
        org: filter.org.clone().unwrap_or_default(),
        due: filter.due,
        drifting: filter.drifting,
        q,
        sort,
        searching,
        tags,
        orgs,
        rows,
        total,
        matched,
        everyone,
        first,
        last,
        prev,
        next,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_split_on_brackets() {
        assert_eq!(
            snippet_parts("rock [climbing] on…"),
            vec![
                ("rock ".to_string(), false),
                ("climbing".to_string(), true),
                (" on…".to_string(), false)
            ]
        );
        assert_eq!(snippet_parts("a [b"), vec![("a [b".to_string(), false)]);
    }
}
