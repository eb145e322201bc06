//! `/settings`: targets, cadences, the time budget, my own profile, and the address of
//! the calendar feed with its revocable token.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use warmline_core::date::{Towards, parse_date, utc_minute};
use warmline_core::person::{FactCategory, Tier, validate_email, validate_name};
use warmline_core::settings::Settings;
use warmline_core::text::linkedin_key;
use warmline_store::NeedOrOffer;

use crate::app::{App, Ctx};
use crate::error::WebError;
use crate::pages::person::{FactRow, NeedRow, category_label};
use crate::pages::{Chrome, Input, Params, given, long_date, see, with_notice};
use crate::security::{CsrfToken, new_token};
use crate::server::SignedIn;

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

#[derive(Template, WebTemplate)]
#[template(path = "settings.html")]
pub struct SettingsPage {
    chrome: Chrome,
    s: Settings,
    facts: Vec<FactRow>,
    offers: Vec<NeedRow>,
    needs: Vec<NeedRow>,
    feed: Option<String>,
    error: Option<String>,
    /// In hosted mode, the logged-in account (its own settings: log out everywhere, second
    /// factor, deleting it).
    account: Option<SignedIn>,
    /// Devices' passwords for CardDAV and CalDAV, and where devices sign in.
    devices: Vec<DeviceRow>,
    dav_url: String,
    /// A device password just made: its name and the password, shown on this answer only.
    made: Option<(String, String)>,
    /// In hosted mode, the account's daily digest.
    digest: Option<DigestView>,
}

/// The daily digest as Settings shows it (hosted mode only).
pub struct DigestView {
    enabled: bool,
    time: String,
    day_list: Vec<(usize, &'static str, bool)>,
    address: String,
    last_sent: String,
    /// When the latest failed attempt was, and why, if any failed since the last send.
    last_failure: Option<(String, String)>,
}

impl DigestView {
    fn days(&self) -> Vec<(usize, &'static str, bool)> {
        self.day_list.clone()
    }

    fn read(
        registry: &warmline_store::accounts::Registry,
        me: &SignedIn,
    ) -> Result<DigestView, WebError> {
        let state = registry.digest(me.account)?;
        let attempts = registry.digest_attempts(me.account, 50)?;
        let last_ok = attempts.iter().find(|a| a.ok).map(|a| a.at);
        let last_failure = attempts
            .iter()
            .find(|a| !a.ok && last_ok.is_none_or(|ok| a.at >= ok))
            .map(|a| (utc_minute(a.at), a.error.clone().unwrap_or_default()));
        Ok(DigestView {
            enabled: state.prefs.enabled,
            time: state.prefs.time.format("%H:%M").to_string(),
            day_list: DAYS
                .iter()
                .enumerate()
                .map(|(i, d)| (i, *d, state.prefs.days.has(i)))
                .collect(),
            address: me.email.clone(),
            last_sent: match (state.sent.last_sent, last_ok) {
                (_, Some(at)) => utc_minute(at),
                (Some(day), None) => long_date(day),
                (None, None) => "never".into(),
            },
            last_failure,
        })
    }
}

/// A device's password as listed: never the password.
pub struct DeviceRow {
    name: String,
    made: String,
    last_used: String,
}

impl SettingsPage {
    fn tiers(&self) -> Vec<(&'static str, u32)> {
        Tier::ALL
            .iter()
            .map(|t| (t.as_str(), self.s.tier_cadences.for_tier(*t)))
            .collect()
    }

    fn default_tier(&self) -> &'static str {
        self.s.default_tier.map(Tier::as_str).unwrap_or("")
    }

    fn days(&self) -> Vec<(usize, &'static str, bool)> {
        DAYS.iter()
            .enumerate()
            .map(|(i, d)| (i, *d, self.s.rest_days.contains(&(i as u8))))
            .collect()
    }

    fn emails(&self) -> String {
        self.s.my_emails.join(", ")
    }

    fn categories(&self) -> Vec<(&'static str, &'static str)> {
        FactCategory::ALL
            .iter()
            .map(|c| (c.as_str(), category_label(*c)))
            .collect()
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct Notice {
    pub n: Option<String>,
}

/// The address the browser used, for the calendar feed's full URL.
fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1:7878");
    format!("http://{host}")
}

async fn page(
    app: &App,
    csrf: &CsrfToken,
    headers: &HeaderMap,
    notice: Option<&str>,
    error: Option<String>,
    account: Option<SignedIn>,
) -> Result<SettingsPage, WebError> {
    let (s, facts, offers, needs, devices) = app
        .run(|ctx| {
            let texts = |kind| -> Result<Vec<NeedRow>, WebError> {
                Ok(ctx
                    .store
                    .needs_offers(None, kind)?
                    .into_iter()
                    .map(|n| NeedRow {
                        id: n.id,
                        text: n.text,
                    })
                    .collect())
            };
            let facts = ctx
                .store
                .facts(None)?
                .into_iter()
                .map(|f| FactRow {
                    id: f.id,
                    category: category_label(f.category),
                    text: f.text,
                    on: f.on.map(long_date).unwrap_or_default(),
                })
                .collect();
            let devices = ctx
                .store
                .app_passwords()?
                .into_iter()
                .map(|p| DeviceRow {
                    name: p.name,
                    made: utc_minute(p.created_at),
                    last_used: p.last_used.map_or_else(|| "never".into(), utc_minute),
                })
                .collect();
            Ok((
                ctx.store.settings()?,
                facts,
                texts(NeedOrOffer::Offer)?,
                texts(NeedOrOffer::Need)?,
                devices,
            ))
        })
        .await?;
    // Hosted, the address names the account: a calendar app has no session.
    let owner = account
        .as_ref()
        .map(|a| format!("{}-", a.account.0))
        .unwrap_or_default();
    let feed = s
        .calendar_token
        .as_ref()
        .map(|t| format!("{}/calendar/{owner}{t}.ics", origin(headers)));
    Ok(SettingsPage {
        chrome: Chrome::page("Settings", "settings", csrf).with_notice(notice),
        s,
        facts,
        offers,
        needs,
        feed,
        error,
        account,
        devices,
        dav_url: format!("{}/dav/", origin(headers)),
        made: None,
        digest: None,
    })
}

pub async fn show(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    headers: HeaderMap,
    Params(n): Params<Notice>,
    account: Option<Extension<SignedIn>>,
    hosted: Option<Extension<crate::server::Hosted>>,
) -> Result<SettingsPage, WebError> {
    let account = account.map(|Extension(a)| a);
    let mut page = page(&app, &csrf, &headers, n.n.as_deref(), None, account.clone()).await?;
    if let (Some(Extension(hosted)), Some(me)) = (hosted, account) {
        page.digest = Some(hosted.registry(move |r| DigestView::read(r, &me)).await?);
    }
    Ok(page)
}

/// Saves through `f`; on bad input shows the page again, saying what.
async fn save<F>(
    app: &App,
    csrf: &CsrfToken,
    headers: &HeaderMap,
    notice: &str,
    f: F,
) -> Result<Response, WebError>
where
    F: FnOnce(&Ctx) -> Result<(), WebError> + Send + 'static,
{
    match app.run(f).await {
        Ok(()) => Ok(see(with_notice("/settings", notice)).into_response()),
        Err(e) if e.status() == axum::http::StatusCode::UNPROCESSABLE_ENTITY => {
            let status = e.status();
            let page = page(app, csrf, headers, None, Some(e.to_string()), None).await?;
            Ok((status, page).into_response())
        }
        Err(e) => Err(e),
    }
}

fn number(
    field: &str,
    value: &Option<String>,
    range: std::ops::RangeInclusive<u32>,
) -> Result<Option<u32>, WebError> {
    given(value)
        .map(|v| {
            v.parse::<u32>()
                .ok()
                .filter(|n| range.contains(n))
                .ok_or_else(|| {
                    WebError::BadRequest(format!(
                        "{field} must be a whole number from {} to {}, not '{v}'.",
                        range.start(),
                        range.end()
                    ))
                })
        })
        .transpose()
}

#[derive(Debug, Default, Deserialize)]
pub struct HabitsForm {
    pub daily_touches: Option<String>,
    pub weekly_new_people: Option<String>,
    pub weekly_follow_ups: Option<String>,
    pub time_budget_minutes: Option<String>,
    pub after_event_days: Option<String>,
    pub birthday_days_ahead: Option<String>,
    pub inner: Option<String>,
    pub close: Option<String>,
    pub regular: Option<String>,
    pub loose: Option<String>,
    pub default_tier: Option<String>,
    /// Checked rest days come as repeated `rest` fields, which a form map cannot hold;
    /// one field per day keeps the form readable without JavaScript.
    pub rest0: Option<String>,
    pub rest1: Option<String>,
    pub rest2: Option<String>,
    pub rest3: Option<String>,
    pub rest4: Option<String>,
    pub rest5: Option<String>,
    pub rest6: Option<String>,
}

pub async fn save_habits(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    headers: HeaderMap,
    Input(f): Input<HabitsForm>,
) -> Result<Response, WebError> {
    save(&app, &csrf, &headers, "saved", move |ctx| {
        let n = |name: &str, v: &Option<String>, r| number(name, v, r);
        let daily = n("Touches a day", &f.daily_touches, 0..=100)?;
        let new_people = n("New people a week", &f.weekly_new_people, 0..=100)?;
        let follow_ups = n("Follow-ups a week", &f.weekly_follow_ups, 0..=100)?;
        let budget = n("The time budget", &f.time_budget_minutes, 1..=600)?;
        let after = n("Days after an event", &f.after_event_days, 0..=60)?;
        let birthdays = n("Days before a birthday", &f.birthday_days_ahead, 0..=30)?;
        let cadences = [
            n("The inner cadence", &f.inner, 1..=3650)?,
            n("The close cadence", &f.close, 1..=3650)?,
            n("The regular cadence", &f.regular, 1..=3650)?,
            n("The loose cadence", &f.loose, 1..=3650)?,
        ];
        let default_tier = given(&f.default_tier).map(Tier::parse).transpose()?;
        let rest: Vec<u8> = [
            &f.rest0, &f.rest1, &f.rest2, &f.rest3, &f.rest4, &f.rest5, &f.rest6,
        ]
        .iter()
        .enumerate()
        .filter(|(_, v)| given(v).is_some())
        .map(|(i, _)| i as u8)
        .collect();
        ctx.store.update_settings(|s| {
            s.daily_touches = daily.unwrap_or(s.daily_touches);
            s.weekly_new_people = new_people.unwrap_or(s.weekly_new_people);
            s.weekly_follow_ups = follow_ups.unwrap_or(s.weekly_follow_ups);
            s.time_budget_minutes = budget.unwrap_or(s.time_budget_minutes);
            s.after_event_days = after.unwrap_or(s.after_event_days);
            s.birthday_days_ahead = birthdays.unwrap_or(s.birthday_days_ahead);
            let c = &mut s.tier_cadences;
            c.inner = cadences[0].unwrap_or(c.inner);
            c.close = cadences[1].unwrap_or(c.close);
            c.regular = cadences[2].unwrap_or(c.regular);
            c.loose = cadences[3].unwrap_or(c.loose);
            s.default_tier = default_tier;
            s.rest_days = rest;
            Ok(())
        })?;
        Ok(())
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
pub struct ProfileForm {
    pub name: Option<String>,
    pub emails: Option<String>,
    pub linkedin: Option<String>,
}

pub async fn save_profile(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    headers: HeaderMap,
    Input(f): Input<ProfileForm>,
) -> Result<Response, WebError> {
    save(&app, &csrf, &headers, "saved", move |ctx| {
        let name = given(&f.name).map(validate_name).transpose()?;
        let emails = f
            .emails
            .as_deref()
            .unwrap_or("")
            .split([',', '\n', ';', ' '])
            .filter(|e| !e.trim().is_empty())
            .map(validate_email)
            .collect::<Result<Vec<_>, _>>()?;
        let linkedin = given(&f.linkedin).map(linkedin_key);
        ctx.store.update_settings(|s| {
            s.my_name = name;
            s.my_emails = emails;
            s.my_linkedin = linkedin;
            Ok(())
        })?;
        Ok(())
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
pub struct MyFactForm {
    pub category: Option<String>,
    pub text: Option<String>,
    pub on: Option<String>,
}

pub async fn add_fact(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    headers: HeaderMap,
    Input(f): Input<MyFactForm>,
) -> Result<Response, WebError> {
    save(&app, &csrf, &headers, "fact", move |ctx| {
        let category = FactCategory::parse(given(&f.category).unwrap_or("other"))?;
        let on = given(&f.on)
            .map(|d| parse_date(d, ctx.today, Towards::Past))
            .transpose()?;
        ctx.store
            .add_fact(None, category, given(&f.text).unwrap_or(""), on, ctx.today)?;
        Ok(())
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
pub struct MyOfferForm {
    pub kind: Option<String>,
    pub text: Option<String>,
}

pub async fn add_offer(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    headers: HeaderMap,
    Input(f): Input<MyOfferForm>,
) -> Result<Response, WebError> {
    save(&app, &csrf, &headers, "saved", move |ctx| {
        let kind = match given(&f.kind) {
            Some("need") => NeedOrOffer::Need,
            _ => NeedOrOffer::Offer,
        };
        ctx.store
            .add_need_offer(None, kind, given(&f.text).unwrap_or(""), ctx.today)?;
        Ok(())
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
pub struct CalendarForm {
    /// `new` makes a fresh address (revoking any old one); `off` turns the feed off.
    pub action: Option<String>,
}

pub async fn calendar(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    headers: HeaderMap,
    Input(f): Input<CalendarForm>,
) -> Result<Response, WebError> {
    let off = given(&f.action) == Some("off");
    let token = if off { None } else { Some(new_token()?) };
    save(
        &app,
        &csrf,
        &headers,
        if off { "revoked" } else { "token" },
        move |ctx| {
            ctx.store.update_settings(|s| {
                s.calendar_token = token;
                Ok(())
            })?;
            Ok(())
        },
    )
    .await
}

/// `/settings/backup`: the whole network as warmline's JSON backup (what `export json`
/// writes and `import` and `server import-account` read), as a download.
pub async fn backup(app: App) -> Result<Response, WebError> {
    let (today, bytes) = app
        .run(|ctx| {
            let doc = ctx.store.backup_json()?;
            let bytes = serde_json::to_vec_pretty(&doc)
                .map_err(|e| WebError::Internal(format!("cannot write the backup: {e}")))?;
            Ok((ctx.today, bytes))
        })
        .await?;
    let disposition = format!("attachment; filename=\"warmline-{today}.json\"");
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct DeviceForm {
    pub name: Option<String>,
}

/// Seconds since the Unix epoch, now.
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// `POST /settings/devices`: makes a device password and shows it on this answer only (a
/// redirect would have to carry it in an address). Nothing of it is kept but its hash.
pub async fn add_device(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    headers: HeaderMap,
    account: Option<Extension<SignedIn>>,
    Input(f): Input<DeviceForm>,
) -> Result<Response, WebError> {
    let account = account.map(|Extension(a)| a);
    let typed = f.name.unwrap_or_default();
    let made = match warmline_store::app_password_name(&typed) {
        Err(e) => Err(WebError::from(e)),
        Ok(name) => {
            let (secret, hash) =
                warmline_accounts::device::new().map_err(|e| WebError::Internal(e.to_string()))?;
            let kept = name.clone();
            app.run(move |ctx| Ok(ctx.store.add_app_password(&kept, &hash, now())?))
                .await
                .map(|()| (name, secret))
        }
    };
    match made {
        Ok(made) => {
            let mut page = page(&app, &csrf, &headers, None, None, account).await?;
            page.made = Some(made);
            Ok(page.into_response())
        }
        Err(e) if e.status() == axum::http::StatusCode::UNPROCESSABLE_ENTITY => {
            let status = e.status();
            let page = page(&app, &csrf, &headers, None, Some(e.to_string()), account).await?;
            Ok((status, page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// `POST /settings/devices/remove`: revokes a device password by name.
pub async fn remove_device(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
    headers: HeaderMap,
    Input(f): Input<DeviceForm>,
) -> Result<Response, WebError> {
    let name = f.name.unwrap_or_default();
    save(&app, &csrf, &headers, "device-revoked", move |ctx| {
        Ok(ctx.store.remove_app_password(&name)?)
    })
    .await
}
