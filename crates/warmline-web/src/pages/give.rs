//! `/give`: focus on others. Who you could help today, what people in your network need
//! and offer, and what you offer yourself.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use warmline_core::matching::{ME, MatchOptions};
use warmline_store::NeedOrOffer;

use crate::app::App;
use crate::error::WebError;
use crate::pages::{Chrome, long_date};
use crate::security::CsrfToken;

/// The most needs and offers listed; the rest are on each person's page.
const LIMIT: usize = 200;
/// Proposed introductions shown, best first.
const MATCHES: usize = 15;

/// A proposed introduction: what to do, with whom, and why.
pub struct Intro {
    /// The headline in pieces: text, and the person a piece names (to link them).
    pub parts: Vec<(String, Option<i64>)>,
    pub reason: String,
}

pub struct Entry {
    pub person_id: i64,
    pub person: String,
    pub text: String,
    pub on: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "give.html")]
pub struct GivePage {
    chrome: Chrome,
    help: Option<Entry>,
    intros: Vec<Intro>,
    needs: Vec<Entry>,
    offers: Vec<Entry>,
    mine: Vec<String>,
}

pub async fn show(app: App, Extension(csrf): Extension<CsrfToken>) -> Result<GivePage, WebError> {
    app.run(move |ctx| {
        let people = ctx.people()?;
        let name = |id: i64| {
            people
                .get(id)
                .map(|s| s.name.clone())
                .unwrap_or_else(|| format!("#{id}"))
        };
        let list = |kind| -> Result<Vec<Entry>, WebError> {
            Ok(ctx
                .store
                .open_needs_offers(kind, LIMIT)?
                .into_iter()
                .filter_map(|n| {
                    let id = n.person_id?;
                    Some(Entry {
                        person_id: id,
                        person: name(id),
                        text: n.text,
                        on: long_date(n.created_on),
                    })
                })
                .collect())
        };
        let help = ctx.store.give_candidate(ctx.today)?.map(|g| Entry {
            person_id: g.person_id,
            person: g.name,
            text: g.need,
            on: String::new(),
        });
        let intros = ctx
            .store
            .matches(&MatchOptions::default())?
            .into_iter()
            .take(MATCHES)
            .map(|m| {
                let text = |s: &str| (s.to_string(), None);
                let who = |name: String, id: i64| (name, Some(id));
                // As `warmline matches` says them; id 0 is me.
                let parts = if m.need.person_id == ME {
                    vec![
                        text("Ask "),
                        who(m.candidate.name, m.candidate.id),
                        text(" for help"),
                    ]
                } else if m.candidate.id == ME {
                    vec![
                        text("You could help "),
                        who(m.need.person, m.need.person_id),
                        text(" yourself"),
                    ]
                } else {
                    vec![
                        text("Introduce "),
                        who(m.need.person, m.need.person_id),
                        text(" to "),
                        who(m.candidate.name, m.candidate.id),
                    ]
                };
                Intro {
                    parts,
                    reason: m.reason,
                }
            })
            .collect();
        Ok(GivePage {
            chrome: Chrome::page("Give", "give", &csrf),
            help,
            intros,
            needs: list(NeedOrOffer::Need)?,
            offers: list(NeedOrOffer::Offer)?,
            mine: ctx
                .store
                .needs_offers(None, NeedOrOffer::Offer)?
                .into_iter()
                .map(|n| n.text)
                .collect(),
        })
    })
    .await
}
