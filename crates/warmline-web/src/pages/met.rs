//! "Met someone" (`/met`): the page a phone opens first. A name, where, one line about
//! them and perhaps a promise; sending it adds the person (or, when they are already
//! here, logs the meeting with them), logs the meeting, and creates the follow-ups of
//! [`warmline_core::capture`]: the after-meeting note for someone new, and the promise.
//!
//! Every form carries an id for the capture (`client_id`): the page makes one, and the
//! script makes a fresh one for each entry it queues while offline. The id is looked up
//! and recorded in the transaction that carries the capture out, so an entry sent twice
//! (a queue sent again after a lost answer, two tabs at once) is carried out once, and the
//! second arrival is answered with what the first created.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use warmline_core::capture::{Capture, client_id};
use warmline_core::followup::Origin;
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_store::{LikelyDuplicate, NewPerson};

use crate::app::{App, Ctx};
use crate::error::WebError;
use crate::pages::{Chrome, Input, given, parse_id, see, with_notice};
use crate::security::{CsrfToken, new_token};
use crate::server::SignedIn;

/// What the form of a capture's kind is recorded as.
const KIND: &str = "met";

/// The form's fields, as typed.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct MetForm {
    pub name: Option<String>,
    pub place: Option<String>,
    pub about: Option<String>,
    pub promise: Option<String>,
    pub client_id: Option<String>,
    /// Chosen after a likely duplicate: the person already here it is about.
    pub person: Option<String>,
    /// Chosen after a likely duplicate: add someone new all the same.
    pub anyway: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "met.html")]
pub struct MetPage {
    chrome: Chrome,
    v: MetForm,
    client_id: String,
    /// Whose network the page sends to ("local", or the account): the script sends an
    /// entry queued on the device only to the network it was typed for.
    owner: String,
    /// The id is the one the entry was sent with (the page is the answer to it): the
    /// script keeps it. On a fresh page the script makes its own, since a copy of the page
    /// kept for offline use would otherwise give every entry the same id.
    keep_id: bool,
    error: Option<String>,
    duplicate: Option<LikelyDuplicate>,
}

impl MetPage {
    fn val<'a>(&self, s: &'a Option<String>) -> &'a str {
        s.as_deref().unwrap_or("")
    }
}

/// Whose network a request reaches: the signed-in account, or the one local network.
fn owner(account: Option<Extension<SignedIn>>) -> String {
    account.map_or_else(
        || "local".to_string(),
        |Extension(a)| format!("account-{}", a.account.0),
    )
}

fn page(csrf: &CsrfToken, owner: String, v: MetForm, client_id: String) -> MetPage {
    MetPage {
        chrome: Chrome::page("Met someone", "met", csrf),
        v,
        client_id,
        owner,
        keep_id: false,
        error: None,
        duplicate: None,
    }
}

pub async fn show(
    Extension(csrf): Extension<CsrfToken>,
    account: Option<Extension<SignedIn>>,
) -> Result<MetPage, WebError> {
    Ok(page(
        &csrf,
        owner(account),
        MetForm::default(),
        new_token()?,
    ))
}

/// What sending the form did.
enum Outcome {
    /// Carried out now, or earlier under the same id: the person it is about.
    Done(i64),
    /// Stopped: they look like someone already here.
    LooksLike(LikelyDuplicate),
}

pub async fn capture(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    account: Option<Extension<SignedIn>>,
    Input(v): Input<MetForm>,
) -> Result<Response, WebError> {
    let owner = owner(account);
    let form = v.clone();
    let outcome = app.run(move |ctx| carry_out(ctx, &form)).await;
    // The same id again: the answer must not make a second one.
    let id = client_id(v.client_id.as_deref())
        .ok()
        .flatten()
        .map_or_else(new_token, Ok)?;
    match outcome {
        Ok(Outcome::Done(person)) => {
            Ok(see(with_notice(&format!("/people/{person}"), "met")).into_response())
        }
        Ok(Outcome::LooksLike(d)) => {
            let mut p = page(&csrf, owner, v, id);
            p.keep_id = true;
            p.duplicate = Some(d);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
        Err(e) if e.status() == StatusCode::UNPROCESSABLE_ENTITY => {
            let mut p = page(&csrf, owner, v, id);
            p.keep_id = true;
            p.error = Some(e.to_string());
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
        Err(e) => Err(e),
    }
}

fn carry_out(ctx: &Ctx, v: &MetForm) -> Result<Outcome, WebError> {
    let today = ctx.today;
    let capture = Capture::parse(
        v.name.as_deref(),
        v.place.as_deref(),
        v.about.as_deref(),
        v.promise.as_deref(),
    )?;
    let client = client_id(v.client_id.as_deref())?;
    let chosen = given(&v.person).map(parse_id).transpose()?;
    let settings = ctx.store.settings()?;
    let outcome = ctx.store.atomic(|s| {
        if let Some(c) = &client
            && let Some(done) = s.client_entry(c)?
        {
            return Ok(Outcome::Done(done.person));
        }
        let (person, new) = match chosen {
            Some(id) => (s.person(id)?.id, false),
            None => {
                let new = NewPerson {
                    name: capture.name.clone(),
                    met: capture.met(today),
                    source: "manual".into(),
                    // Someone added by hand is someone to keep in touch with, as with
                    // `warmline add`.
                    tier: settings.default_tier,
                    ..NewPerson::default()
                };
                if given(&v.anyway).is_none()
                    && let Some(d) = s.likely_duplicate(&new)?
                {
                    return Ok(Outcome::LooksLike(d));
                }
                (s.add_person(&new, today)?, true)
            }
        };
        s.log_interaction(
            &NewInteraction {
                on: today,
                kind: Kind::Meeting,
                direction: Direction::Mutual,
                summary: capture.summary(),
                notes: String::new(),
                source: "manual".into(),
                source_key: None,
                people: vec![person],
            },
            today,
        )?;
        for f in capture.follow_ups(new, settings.after_event_days, today) {
            let origin = if f.promise {
                Origin::Promise
            } else {
                Origin::AfterEvent
            };
            s.add_follow_up(person, &f.text, f.due, origin, today)?;
        }
        if let Some(c) = &client {
            s.record_client_entry(c, KIND, person, today)?;
        }
        Ok(Outcome::Done(person))
    })?;
    Ok(outcome)
}
