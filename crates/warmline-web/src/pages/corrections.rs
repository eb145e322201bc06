//! Correcting what was recorded: edit or remove an interaction, a detail, a need or an
//! offer, a follow-up, an e-mail, phone or tag, a link, a goal membership, a job, an
//! organisation or an event. Every removal goes to the store's trash, and the page it
//! returns to offers Undo (see [`crate::pages::undo`]).
//!
//! Each edit has a small page of its own (`GET …/edit`) rather than a form per item on
//! the person's page, which shows up to a hundred interactions: the page stays light, and
//! the edit works the same without JavaScript.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use warmline_core::date::{Towards, parse_date, parse_due};
use warmline_core::interaction::{Direction, Kind};
use warmline_core::person::FactCategory;
use warmline_store::{InteractionEdit, NeedOrOffer, PersonPatch};

use crate::app::{App, Ctx};
use crate::error::WebError;
use crate::pages::person::category_label;
use crate::pages::{Chrome, Input, Params, given, local_path, parse_id, see, with_notice};
use crate::security::CsrfToken;

/// One field of an edit form.
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    /// `text`, `date`, `textarea` or `select`.
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<(String, String)>,
    pub required: bool,
    pub hint: &'static str,
}

impl Field {
    fn text(name: &'static str, label: &'static str, value: impl Into<String>) -> Field {
        Field {
            name,
            label,
            kind: "text",
            value: value.into(),
            options: Vec::new(),
            required: true,
            hint: "",
        }
    }

    fn kind(mut self, kind: &'static str) -> Field {
        self.kind = kind;
        self
    }

    fn optional(mut self) -> Field {
        self.required = false;
        self
    }

    fn hint(mut self, hint: &'static str) -> Field {
        self.hint = hint;
        self
    }

    fn select(
        name: &'static str,
        label: &'static str,
        value: &str,
        options: impl IntoIterator<Item = (&'static str, &'static str)>,
    ) -> Field {
        Field {
            options: options
                .into_iter()
                .map(|(v, l)| (v.to_string(), l.to_string()))
                .collect(),
            ..Field::text(name, label, value).kind("select")
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "edit_item.html")]
pub struct EditPage {
    pub chrome: Chrome,
    pub heading: String,
    pub context: String,
    pub action: String,
    pub back: String,
    pub fields: Vec<Field>,
    pub remove: Option<String>,
    pub error: Option<String>,
}

/// Where to return after a change: the page the form names, else `fallback`.
#[derive(Debug, Default, Deserialize)]
pub struct Back {
    pub back: Option<String>,
}

fn back_to(back: &Option<String>, fallback: String) -> String {
    given(back).and_then(local_path).unwrap_or(fallback)
}

/// The notice code that names a removal, so the page can offer to undo it.
pub fn removed(trash: i64) -> String {
    format!("removed-{trash}")
}

/// Runs a removal and returns to `back` with its Undo.
async fn remove_then_back<F>(app: &App, back: Option<String>, f: F) -> Result<Response, WebError>
where
    F: FnOnce(&Ctx) -> Result<(i64, String), WebError> + Send + 'static,
{
    let (trash, fallback) = app.run(f).await?;
    let back = back_to(&back, fallback);
    Ok(see(with_notice(&back, &removed(trash))).into_response())
}

/// Runs a change and returns to `back` with a notice.
async fn change_then_back<F>(
    app: &App,
    back: Option<String>,
    notice: &str,
    f: F,
) -> Result<Response, WebError>
where
    F: FnOnce(&Ctx) -> Result<String, WebError> + Send + 'static,
{
    let fallback = app.run(f).await?;
    let back = back_to(&back, fallback);
    Ok(see(with_notice(&back, notice)).into_response())
}

fn person_page(id: Option<i64>) -> String {
    id.map(|p| format!("/people/{p}"))
        .unwrap_or_else(|| "/settings".into())
}

// ---- interactions ----------------------------------------------------------------

fn direction_options() -> [(&'static str, &'static str); 3] {
    [
        ("outbound", "I did"),
        ("inbound", "They did"),
        ("mutual", "Both / mutual"),
    ]
}

pub async fn interaction_form(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Path(raw): Path<String>,
    Params(q): Params<Back>,
) -> Result<EditPage, WebError> {
    let id = parse_id(&raw)?;
    let (i, names) = app
        .run(move |ctx| {
            let i = ctx.store.interaction(id)?;
            let names = i
                .people
                .iter()
                .map(|p| ctx.store.person(*p).map(|p| p.name))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((i, names))
        })
        .await?;
    let back = back_to(&q.back, person_page(i.people.first().copied()));
    Ok(EditPage {
        chrome: Chrome::page("Edit an interaction", "people", &csrf),
        heading: "Edit an interaction".into(),
        context: format!("{} · {} · with {}", i.on, i.kind.as_str(), names.join(", ")),
        action: format!("/interactions/{id}/edit"),
        remove: Some(format!("/interactions/{id}/remove")),
        back,
        fields: vec![
            Field::text("summary", "What happened", i.summary),
            Field::text("on", "On", i.on.to_string()).kind("date"),
            Field::select(
                "kind",
                "Kind",
                i.kind.as_str(),
                Kind::ALL.iter().map(|k| (k.as_str(), k.as_str())),
            ),
            Field::select(
                "direction",
                "Who reached out",
                i.direction.as_str(),
                direction_options(),
            ),
            Field::text("with", "With", names.join(", "))
                .hint("Everyone who took part, by name or id, separated by commas."),
            Field::text("notes", "Notes", i.notes)
                .kind("textarea")
                .optional(),
        ],
        error: None,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct InteractionForm {
    pub back: Option<String>,
    pub summary: Option<String>,
    pub on: Option<String>,
    pub kind: Option<String>,
    pub direction: Option<String>,
    pub with: Option<String>,
    pub notes: Option<String>,
}

pub async fn interaction_save(
    app: App,
    Path(raw): Path<String>,
    Input(form): Input<InteractionForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    let back = form.back.clone();
    change_then_back(&app, back, "saved", move |ctx| {
        let today = ctx.today;
        let people = match given(&form.with) {
            Some(list) => Some(
                list.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|name| ctx.store.resolve_person(name))
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            None => None,
        };
        let edit = InteractionEdit {
            summary: given(&form.summary).map(str::to_string),
            notes: form.notes.as_ref().map(|n| n.trim().to_string()),
            on: given(&form.on)
                .map(|d| parse_date(d, today, Towards::Past))
                .transpose()?,
            kind: given(&form.kind).map(Kind::parse).transpose()?,
            direction: given(&form.direction).map(Direction::parse).transpose()?,
            people,
        };
        let i = ctx.store.edit_interaction(id, &edit, today)?;
        Ok(person_page(i.people.first().copied()))
    })
    .await
}

pub async fn interaction_remove(
    app: App,
    Path(raw): Path<String>,
    Input(form): Input<Back>,
) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    remove_then_back(&app, form.back, move |ctx| {
        let first = ctx.store.interaction(id)?.people.first().copied();
        Ok((ctx.store.remove_interaction(id)?, person_page(first)))
    })
    .await
}

// ---- personal details (facts) ------------------------------------------------------

fn categories() -> Vec<(&'static str, &'static str)> {
    FactCategory::ALL
        .iter()
        .map(|c| (c.as_str(), category_label(*c)))
        .collect()
}

pub async fn fact_form(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Path(raw): Path<String>,
    Params(q): Params<Back>,
) -> Result<EditPage, WebError> {
    let id = parse_id(&raw)?;
    let (person, fact, name) = app
        .run(move |ctx| {
            let (person, fact) = ctx.store.fact(id)?;
            let name = match person {
                Some(p) => ctx.store.person(p)?.name,
                None => "you".into(),
            };
            Ok((person, fact, name))
        })
        .await?;
    Ok(EditPage {
        chrome: Chrome::page("Edit a personal detail", "people", &csrf),
        heading: "Edit a personal detail".into(),
        context: format!("About {name}"),
        action: format!("/facts/{id}/edit"),
        remove: Some(format!("/facts/{id}/remove")),
        back: back_to(&q.back, person_page(person)),
        fields: vec![
            Field::select("category", "Category", fact.category.as_str(), categories()),
            Field::text("text", "Detail", fact.text),
        ],
        error: None,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct FactForm {
    pub back: Option<String>,
    pub text: Option<String>,
    pub category: Option<String>,
}

pub async fn fact_save(
    app: App,
    Path(raw): Path<String>,
    Input(form): Input<FactForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    let back = form.back.clone();
    change_then_back(&app, back, "saved", move |ctx| {
        let category = given(&form.category).map(FactCategory::parse).transpose()?;
        let text = form.text.as_deref().map(str::trim);
        ctx.store.edit_fact(id, text, category, ctx.today)?;
        Ok(person_page(ctx.store.fact(id)?.0))
    })
    .await
}

pub async fn fact_remove(
    app: App,
    Path(raw): Path<String>,
    Input(form): Input<Back>,
) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    remove_then_back(&app, form.back, move |ctx| {
        let person = ctx.store.fact(id)?.0;
        Ok((ctx.store.remove_fact(id)?, person_page(person)))
    })
    .await
}

// ---- needs and offers ----------------------------------------------------------------

/// `/needs/{id}/{done|remove}`, for a need or an offer, a person's or yours.
pub async fn need_action(
    app: App,
    Path((raw, action)): Path<(String, String)>,
    Input(form): Input<Back>,
) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    match action.as_str() {
        "done" => {
            change_then_back(&app, form.back, "done", move |ctx| {
                let n = ctx.store.need_offer(id)?;
                ctx.store.mark_need_offer_done(id, n.kind, ctx.today)?;
                Ok(person_page(n.person_id))
            })
            .await
        }
        "remove" => {
            remove_then_back(&app, form.back, move |ctx| {
                let n = ctx.store.need_offer(id)?;
                Ok((
                    ctx.store.remove_need_offer(id, n.kind)?,
                    person_page(n.person_id),
                ))
            })
            .await
        }
        _ => Err(WebError::NotFound("There is no such action.".into())),
    }
}

/// Whether a need or an offer, for labels.
pub fn need_label(kind: NeedOrOffer) -> &'static str {
    match kind {
        NeedOrOffer::Need => "need",
        NeedOrOffer::Offer => "offer",
    }
}

// ---- follow-ups ------------------------------------------------------------------------

pub async fn follow_up_form(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Path(raw): Path<String>,
    Params(q): Params<Back>,
) -> Result<EditPage, WebError> {
    let id = parse_id(&raw)?;
    let (f, name) = app
        .run(move |ctx| {
            let f = ctx.store.follow_up(id)?;
            let name = ctx.store.person(f.person_id)?.name;
            Ok((f, name))
        })
        .await?;
    Ok(EditPage {
        chrome: Chrome::page("Edit a follow-up", "people", &csrf),
        heading: "Edit a follow-up".into(),
        context: format!("For {name} · {}", f.status.as_str()),
        action: format!("/follow-ups/{id}/edit"),
        remove: Some(format!("/follow-ups/{id}/remove")),
        back: back_to(&q.back, person_page(Some(f.person_id))),
        fields: vec![
            Field::text("text", "What to do", f.text),
            Field::text("due", "Due", f.due.to_string())
                .hint("A date, or a number of days from today."),
        ],
        error: None,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct FollowUpForm {
    pub back: Option<String>,
    pub text: Option<String>,
    pub due: Option<String>,
}

pub async fn follow_up_edit(
    app: App,
    Path(raw): Path<String>,
    Input(form): Input<FollowUpForm>,
) -> Result<Response, WebError> {
    follow_up_save(&app, parse_id(&raw)?, form).await
}

pub async fn follow_up_save(app: &App, id: i64, form: FollowUpForm) -> Result<Response, WebError> {
    let back = form.back.clone();
    change_then_back(app, back, "saved", move |ctx| {
        let due = given(&form.due)
            .map(|d| parse_due(d, ctx.today))
            .transpose()?;
        let text = form.text.as_deref().map(str::trim);
        let f = ctx.store.edit_follow_up(id, text, due)?;
        Ok(person_page(Some(f.person_id)))
    })
    .await
}

pub async fn follow_up_remove(
    app: &App,
    id: i64,
    back: Option<String>,
) -> Result<Response, WebError> {
    remove_then_back(app, back, move |ctx| {
        let person = ctx.store.follow_up(id)?.person_id;
        Ok((ctx.store.remove_follow_up(id)?, person_page(Some(person))))
    })
    .await
}

// ---- a person's e-mails, phones and tags, links and goals ------------------------------

#[derive(Debug, Default, Deserialize)]
pub struct DetailForm {
    pub back: Option<String>,
    /// `email`, `phone` or `tag`.
    pub field: Option<String>,
    pub value: Option<String>,
}

/// `/people/{id}/details/remove`: takes one e-mail, phone or tag off a person.
pub async fn detail_remove(
    app: App,
    Path(raw): Path<String>,
    Input(form): Input<DetailForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    let value = given(&form.value).unwrap_or("").to_string();
    let mut patch = PersonPatch::default();
    match given(&form.field) {
        Some("email") => patch.remove_emails.push(value),
        Some("phone") => patch.remove_phones.push(value),
        Some("tag") => patch.remove_tags.push(value),
        _ => return Err(WebError::BadRequest("Say which detail to remove.".into())),
    }
    remove_then_back(&app, form.back, move |ctx| {
        let trash = ctx
            .store
            .edit_person(id, &patch, ctx.today)?
            .ok_or_else(|| WebError::BadRequest("There was nothing to remove.".into()))?;
        Ok((trash, format!("/people/{id}/edit")))
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
pub struct OtherForm {
    pub back: Option<String>,
    pub other: Option<String>,
    pub person: Option<String>,
}

/// `/people/{id}/links/remove`: they no longer know each other, or never did.
pub async fn link_remove(
    app: App,
    Path(raw): Path<String>,
    Input(form): Input<OtherForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    let other = parse_id(given(&form.other).unwrap_or(""))?;
    remove_then_back(&app, form.back, move |ctx| {
        Ok((ctx.store.unlink(id, other)?, format!("/people/{id}")))
    })
    .await
}

/// `/goals/{id}/remove`: takes a person out of a goal's pipeline.
pub async fn goal_member_remove(
    app: App,
    Path(raw): Path<String>,
    Input(form): Input<OtherForm>,
) -> Result<Response, WebError> {
    let goal = parse_id(&raw)?;
    let person = parse_id(given(&form.person).unwrap_or(""))?;
    remove_then_back(&app, form.back, move |ctx| {
        Ok((
            ctx.store.remove_from_goal(goal, person)?,
            format!("/goals/{goal}"),
        ))
    })
    .await
}

// ---- jobs, organisations, events -------------------------------------------------------

pub async fn job_form(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Path(raw): Path<String>,
    Params(q): Params<Back>,
) -> Result<EditPage, WebError> {
    let id = parse_id(&raw)?;
    let job = app.run(move |ctx| Ok(ctx.store.job(id)?)).await?;
    Ok(EditPage {
        chrome: Chrome::page("Edit an opportunity", "opportunities", &csrf),
        heading: "Edit an opportunity".into(),
        context: format!("{} at {}", job.role, job.org),
        action: format!("/opportunities/{id}/edit"),
        remove: Some(format!("/opportunities/{id}/remove")),
        back: back_to(&q.back, "/opportunities".into()),
        fields: vec![
            Field::text("org", "Organisation", job.org),
            Field::text("role", "Role", job.role),
        ],
        error: None,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct JobForm {
    pub back: Option<String>,
    pub org: Option<String>,
    pub role: Option<String>,
}

pub async fn job_save(
    app: App,
    Path(raw): Path<String>,
    Input(form): Input<JobForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    let back = form.back.clone();
    change_then_back(&app, back, "saved", move |ctx| {
        ctx.store
            .edit_job(id, given(&form.org), given(&form.role), ctx.today)?;
        Ok("/opportunities".into())
    })
    .await
}

pub async fn job_remove(
    app: App,
    Path(raw): Path<String>,
    Input(form): Input<Back>,
) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    remove_then_back(&app, form.back, move |ctx| {
        Ok((ctx.store.remove_job(id)?, "/opportunities".into()))
    })
    .await
}

pub async fn org_remove(app: App, Path(raw): Path<String>) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    // The organisation's own page is gone: back to the list.
    remove_then_back(&app, None, move |ctx| {
        Ok((ctx.store.remove_org(id)?, "/orgs".into()))
    })
    .await
}

pub async fn event_remove(app: App, Path(raw): Path<String>) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    remove_then_back(&app, None, move |ctx| {
        Ok((ctx.store.remove_event(id)?, "/events".into()))
    })
    .await
}
