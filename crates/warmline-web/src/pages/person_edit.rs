//! Adding a person (`/people/new`) and changing one (`/people/{id}/edit`): one form for
//! both, shown again with the input kept and the problem named when it cannot be saved.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use warmline_core::date::{Towards, parse_date};
use warmline_core::followup::{AFTER_EVENT_TEXT, Origin, after_event_due};
use warmline_core::name_parts::{NameParts, Part};
use warmline_core::person::{Birthday, Met, Person, Tier, validate_cadence};
use warmline_store::{LikelyDuplicate, NewPerson, PersonPatch};

use crate::app::{App, Ctx};
use crate::error::WebError;
use crate::pages::{Chrome, Input, given, parse_id, see, with_notice};
use crate::security::CsrfToken;

/// The form's fields, as typed.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct PersonForm {
    pub name: Option<String>,
    pub emails: Option<String>,
    pub phone: Option<String>,
    pub org: Option<String>,
    pub title: Option<String>,
    pub location: Option<String>,
    pub linkedin: Option<String>,
    pub website: Option<String>,
    pub birthday: Option<String>,
    pub met: Option<String>,
    pub met_on: Option<String>,
    pub event: Option<String>,
    pub tags: Option<String>,
    pub tier: Option<String>,
    pub every: Option<String>,
    pub note: Option<String>,
    /// Add even if they look like someone already here.
    pub anyway: Option<String>,
    pub name_prefix: Option<String>,
    pub name_given: Option<String>,
    pub name_middle: Option<String>,
    pub name_family: Option<String>,
    pub name_suffix: Option<String>,
}

impl PersonForm {
    /// The name-part fields, each with the part it sets.
    fn name_part_fields(&self) -> [(Part, &Option<String>); 5] {
        [
            (Part::Prefix, &self.name_prefix),
            (Part::Given, &self.name_given),
            (Part::Middle, &self.name_middle),
            (Part::Family, &self.name_family),
            (Part::Suffix, &self.name_suffix),
        ]
    }

    /// The name's parts as typed.
    fn name_parts(&self) -> NameParts {
        let mut parts = NameParts::default();
        for (part, v) in self.name_part_fields() {
            parts.set(part, v.as_deref().unwrap_or(""));
        }
        parts
    }
}

fn text(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// Splits a list typed with commas or on separate lines.
fn list(s: &Option<String>) -> Vec<String> {
    text(s)
        .split([',', '\n', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "person_form.html")]
pub struct FormPage {
    chrome: Chrome,
    /// `None` when adding.
    id: Option<i64>,
    v: PersonForm,
    phones: Vec<String>,
    events: Vec<(i64, String)>,
    tiers: Vec<(&'static str, u32)>,
    error: Option<String>,
    /// Who the person being added looks like, with a way to add them anyway.
    duplicate: Option<LikelyDuplicate>,
}

impl FormPage {
    fn val<'a>(&self, s: &'a Option<String>) -> &'a str {
        s.as_deref().unwrap_or("")
    }

    fn event_is(&self, id: &i64) -> bool {
        self.val(&self.v.event) == id.to_string()
    }

    fn has_name_parts(&self) -> bool {
        !self.v.name_parts().is_empty()
    }
}

fn tiers(ctx: &Ctx) -> Result<Vec<(&'static str, u32)>, WebError> {
    let s = ctx.store.settings()?;
    Ok(Tier::ALL
        .iter()
        .map(|t| (t.as_str(), s.tier_cadences.for_tier(*t)))
        .collect())
}

fn events(ctx: &Ctx) -> Result<Vec<(i64, String)>, WebError> {
    Ok(ctx
        .store
        .events()?
        .into_iter()
        .map(|(e, _)| {
            let label = match e.on {
                Some(on) => format!("{} ({on})", e.name),
                None => e.name,
            };
            (e.id, label)
        })
        .collect())
}

async fn form_page(
    app: &App,
    csrf: &CsrfToken,
    id: Option<i64>,
    v: Option<PersonForm>,
    error: Option<String>,
) -> Result<FormPage, WebError> {
    let (v, phones, events, tiers) = app
        .run(move |ctx| {
            let (v, phones) = match (id, v) {
                (Some(id), typed) => {
                    let p = ctx.store.person(id)?;
                    let phones = p.phones.clone();
                    (typed.unwrap_or_else(|| from_person(&p)), phones)
                }
                (None, typed) => (
                    typed.unwrap_or_else(|| PersonForm {
                        tier: ctx
                            .store
                            .settings()
                            .ok()
                            .and_then(|s| s.default_tier)
                            .map(|t| t.as_str().into()),
                        ..PersonForm::default()
                    }),
                    Vec::new(),
                ),
            };
            Ok((v, phones, events(ctx)?, tiers(ctx)?))
        })
        .await?;
    let title = match (&id, &v.name) {
        (Some(_), Some(n)) => format!("Edit {n}"),
        (Some(_), None) => "Edit".into(),
        (None, _) => "Add a person".into(),
    };
    Ok(FormPage {
        chrome: Chrome::page(title, if id.is_some() { "people" } else { "new" }, csrf),
        id,
        v,
        phones,
        events,
        tiers,
        error,
        duplicate: None,
    })
}

fn from_person(p: &Person) -> PersonForm {
    PersonForm {
        name: Some(p.name.clone()),
        emails: Some(p.emails.join(", ")),
        phone: None,
        org: p.org.clone(),
        title: p.title.clone(),
        location: p.location.clone(),
        linkedin: p.linkedin.clone(),
        website: p.website.clone(),
        birthday: p.birthday.map(|b| b.to_string()),
        met: p.met.context.clone(),
        met_on: p.met.on.map(|d| d.to_string()),
        event: p.met.event_id.map(|e| e.to_string()),
        tags: Some(p.tags.join(", ")),
        tier: p.tier.map(|t| t.as_str().to_string()),
        every: p.cadence_days.map(|d| d.to_string()),
        note: None,
        anyway: None,
        name_prefix: p.name_parts.prefix.clone(),
        name_given: p.name_parts.given.clone(),
        name_middle: p.name_parts.middle.clone(),
        name_family: p.name_parts.family.clone(),
        name_suffix: p.name_parts.suffix.clone(),
    }
}

pub async fn new_form(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<FormPage, WebError> {
    form_page(&app, &csrf, None, None, None).await
}

pub async fn edit_form(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Path(raw): Path<String>,
) -> Result<FormPage, WebError> {
    let id = parse_id(&raw)?;
    form_page(&app, &csrf, Some(id), None, None).await
}

/// The form again with the problem, or the error itself when it is not about the input.
async fn again(
    app: &App,
    csrf: &CsrfToken,
    id: Option<i64>,
    v: PersonForm,
    e: WebError,
) -> Result<Response, WebError> {
    let status = e.status();
    if status != StatusCode::UNPROCESSABLE_ENTITY {
        return Err(e);
    }
    let page = form_page(app, csrf, id, Some(v), Some(e.to_string())).await?;
    Ok((status, page).into_response())
}

fn parse_every(v: &PersonForm) -> Result<Option<u32>, WebError> {
    given(&v.every)
        .map(|d| {
            let n: i64 = d
                .parse()
                .map_err(|_| WebError::BadRequest(format!("'{d}' is not a number of days.")))?;
            Ok(validate_cadence(n)?)
        })
        .transpose()
}

fn parse_birthday(v: &PersonForm) -> Result<Option<Birthday>, WebError> {
    given(&v.birthday)
        .map(|b| {
            Birthday::parse(b).ok_or_else(|| {
                WebError::BadRequest(format!(
                    "'{b}' is not a birthday: use YYYY-MM-DD, or --MM-DD without the year."
                ))
            })
        })
        .transpose()
}

fn parse_tier(v: &PersonForm) -> Result<Option<Tier>, WebError> {
    Ok(given(&v.tier).map(Tier::parse).transpose()?)
}

pub async fn create(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Input(v): Input<PersonForm>,
) -> Result<Response, WebError> {
    let typed = v.clone();
    match app.run(move |ctx| add(ctx, &v)).await {
        Ok(Added::Person(id)) => {
            Ok(see(with_notice(&format!("/people/{id}"), "added")).into_response())
        }
        // The form again, as typed, naming who they look like, with a box to add anyway.
        Ok(Added::LooksLike(d)) => {
            let mut page = form_page(&app, &csrf, None, Some(typed), None).await?;
            page.duplicate = Some(d);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => again(&app, &csrf, None, typed, e).await,
    }
}

/// What adding did: added someone, or stopped at someone they look like.
enum Added {
    Person(i64),
    LooksLike(LikelyDuplicate),
}

fn add(ctx: &Ctx, v: &PersonForm) -> Result<Added, WebError> {
    let today = ctx.today;
    let mut met = Met {
        context: given(&v.met).map(str::to_string),
        on: None,
        event_id: None,
    };
    if let Some(ev) = given(&v.event) {
        let event = ctx.store.event(parse_id(ev)?)?;
        met.event_id = Some(event.id);
        met.on = event.on;
        met.context.get_or_insert(event.name);
    }
    if let Some(on) = given(&v.met_on) {
        met.on = Some(parse_date(on, today, Towards::Past)?);
    }
    // Saying where you met without a date means you met today.
    if met.on.is_none() && met.context.is_some() {
        met.on = Some(today);
    }
    let cadence = parse_every(v)?;
    let settings = ctx.store.settings()?;
    let new = NewPerson {
        name: text(&v.name),
        emails: list(&v.emails),
        phones: list(&v.phone),
        org: given(&v.org).map(str::to_string),
        title: given(&v.title).map(str::to_string),
        location: given(&v.location).map(str::to_string),
        linkedin: given(&v.linkedin).map(str::to_string),
        website: given(&v.website).map(str::to_string),
        birthday: parse_birthday(v)?,
        met: met.clone(),
        source: "manual".into(),
        tags: list(&v.tags),
        // An explicit cadence stands alone; otherwise the chosen tier gives one.
        tier: if cadence.is_some() {
            None
        } else {
            parse_tier(v)?
        },
        cadence_days: cadence,
        notes: text(&v.note),
        connected_on: None,
    };
    if given(&v.anyway).is_none()
        && let Some(d) = ctx.store.likely_duplicate(&new)?
    {
        return Ok(Added::LooksLike(d));
    }
    let parts = v.name_parts();
    parts.validate()?;
    let id = ctx.store.atomic(|s| {
        let id = s.add_person(&new, today)?;
        if !parts.is_empty() {
            s.set_name_parts(id, &parts)?;
        }
        if let Some(due) = after_event_due(&met, settings.after_event_days, today) {
            s.add_follow_up(id, AFTER_EVENT_TEXT, due, Origin::AfterEvent, today)?;
        }
        Ok(id)
    })?;
    Ok(Added::Person(id))
}

pub async fn update(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    Path(raw): Path<String>,
    Input(v): Input<PersonForm>,
) -> Result<Response, WebError> {
    let id = parse_id(&raw)?;
    let typed = v.clone();
    match app.run(move |ctx| edit(ctx, id, &v)).await {
        Ok(()) => Ok(see(with_notice(&format!("/people/{id}"), "saved")).into_response()),
        Err(e) => again(&app, &csrf, Some(id), typed, e).await,
    }
}

/// Only what differs from the stored person goes into the patch, so saving an untouched
/// form changes nothing (and, above all, starts no new job in the work history).
fn edit(ctx: &Ctx, id: i64, v: &PersonForm) -> Result<(), WebError> {
    let today = ctx.today;
    let p = ctx.store.person(id)?;
    let changed = |typed: &Option<String>, stored: &Option<String>| -> Option<String> {
        let t = typed.as_deref().map(str::trim).unwrap_or("");
        (t != stored.as_deref().unwrap_or("")).then(|| t.to_string())
    };
    let mut patch = PersonPatch {
        name: changed(&v.name, &Some(p.name.clone())),
        location: changed(&v.location, &p.location),
        linkedin: changed(&v.linkedin, &p.linkedin),
        website: changed(&v.website, &p.website),
        met_context: changed(&v.met, &p.met.context),
        note: given(&v.note).map(str::to_string),
        add_phones: list(&v.phone),
        ..PersonPatch::default()
    };
    for (part, typed) in v.name_part_fields() {
        if let Some(value) = changed(typed, &p.name_parts.get(part).map(str::to_string)) {
            patch.name_parts.push((part, value));
        }
    }
    if changed(&v.org, &p.org).is_some() || changed(&v.title, &p.title).is_some() {
        patch.org = Some(text(&v.org).trim().to_string());
        patch.title = Some(text(&v.title).trim().to_string());
    }
    let fold = |s: &String| s.to_lowercase();
    let emails = list(&v.emails);
    let have: Vec<String> = p.emails.iter().map(fold).collect();
    let want: Vec<String> = emails.iter().map(fold).collect();
    patch.add_emails = emails
        .iter()
        .filter(|e| !have.contains(&fold(e)))
        .cloned()
        .collect();
    patch.remove_emails = p
        .emails
        .iter()
        .filter(|e| !want.contains(&fold(e)))
        .cloned()
        .collect();
    let tags: Vec<String> = list(&v.tags)
        .iter()
        .map(|t| t.trim_start_matches('#').to_lowercase())
        .collect();
    patch.add_tags = tags
        .iter()
        .filter(|t| !p.tags.contains(t))
        .cloned()
        .collect();
    patch.remove_tags = p
        .tags
        .iter()
        .filter(|t| !tags.contains(t))
        .cloned()
        .collect();
    // An emptied field forgets what was there.
    match (parse_birthday(v)?, p.birthday) {
        (Some(b), old) if Some(b) != old => patch.birthday = Some(b),
        (None, Some(_)) => patch.clear_birthday = true,
        _ => {}
    }
    match (given(&v.met_on), p.met.on) {
        (Some(d), old) => {
            let on = parse_date(d, today, Towards::Past)?;
            if Some(on) != old {
                patch.met_on = Some(on);
            }
        }
        (None, Some(_)) => patch.clear_met_on = true,
        (None, None) => {}
    }
    match (parse_every(v)?, parse_tier(v)?) {
        (Some(days), _) if Some(days) != p.cadence_days => patch.cadence_days = Some(days),
        (Some(_), _) => {}
        // No explicit cadence: the tier's applies (choosing a tier clears a cadence).
        (None, Some(t)) if Some(t) != p.tier || p.cadence_days.is_some() => patch.tier = Some(t),
        _ => {}
    }
    if patch.is_empty() {
        return Ok(());
    }
    ctx.store.update_person(id, &patch, today)?;
    Ok(())
}
