//! The account's own settings: log out everywhere, the second factor, deleting the
//! account. Each acts on the session's account only.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use warmline_accounts::{password, recovery, token, totp};

use super::session::{SessionHash, clear_cookie, set_cookie, with_cookie};
use super::{Hosted, SignedIn};
use crate::error::WebError;
use crate::pages::{Chrome, Input, see};
use crate::security::CsrfToken;

/// Ends every session of the account, and starts a new one for this browser.
pub async fn everywhere(
    State(hosted): State<Hosted>,
    Extension(me): Extension<SignedIn>,
) -> Result<Response, WebError> {
    let fresh = token::new().map_err(|e| WebError::Internal(e.to_string()))?;
    let now = hosted.now();
    let hash = fresh.hash.clone();
    let id = me.account;
    hosted
        .registry(move |r| {
            r.end_sessions(id)?;
            r.add_session(&hash, id, false, now)?;
            Ok(())
        })
        .await?;
    tracing::info!(account = id.0, "logged out everywhere");
    Ok(with_cookie(
        see("/settings?n=everywhere"),
        set_cookie(&fresh.secret, hosted.config().secure),
    ))
}

#[derive(Debug, Default, Deserialize)]
pub struct PasswordField {
    pub password: Option<String>,
}

async fn password_right(hosted: &Hosted, me: &SignedIn, typed: String) -> Result<bool, WebError> {
    let id = me.account;
    let stored = hosted.registry(move |r| Ok(r.password_hash(id)?)).await?;
    hosted
        .hashing(move || match stored {
            Some(h) => password::verify(&h, &typed),
            None => password::verify_nobody(&typed),
        })
        .await
}

/// Deletes the account, its database and every row of it, after its password.
pub async fn delete(
    State(hosted): State<Hosted>,
    Extension(me): Extension<SignedIn>,
    Input(f): Input<PasswordField>,
) -> Result<Response, WebError> {
    if !password_right(&hosted, &me, f.password.unwrap_or_default()).await? {
        return Ok(see("/settings?n=wrong-password").into_response());
    }
    let id = me.account;
    hosted.close(id);
    hosted
        .registry(move |r| {
            // The network first: should that fail, the account is still there to retry.
            r.remove_database_of(id)?;
            r.delete_account(id)?;
            Ok(())
        })
        .await?;
    tracing::info!(account = id.0, "account deleted");
    Ok(with_cookie(
        Redirect::to("/login?n=deleted"),
        clear_cookie(hosted.config().secure),
    ))
}

#[derive(Template, WebTemplate)]
#[template(path = "server/totp.html")]
pub struct TotpPage {
    chrome: Chrome,
    on: bool,
    secret: String,
    uri: String,
    codes: Vec<String>,
    error: Option<String>,
}

fn page(csrf: &CsrfToken) -> TotpPage {
    TotpPage {
        chrome: Chrome::page("Second factor", "settings", csrf),
        on: false,
        secret: String::new(),
        uri: String::new(),
        codes: Vec::new(),
        error: None,
    }
}

/// The setup page: a new secret to add to an authenticator app (as text and as an
/// `otpauth://` address), kept pending until a code from it is typed.
pub async fn totp_form(
    State(hosted): State<Hosted>,
    Extension(csrf): Extension<CsrfToken>,
    Extension(me): Extension<SignedIn>,
) -> Result<TotpPage, WebError> {
    if me.totp {
        return Ok(TotpPage {
            on: true,
            ..page(&csrf)
        });
    }
    let secret = totp::new_secret().map_err(|e| WebError::Internal(e.to_string()))?;
    let uri = totp::uri(&secret, &me.email).map_err(|e| WebError::Internal(e.to_string()))?;
    let id = me.account;
    let pending = secret.clone();
    hosted
        .registry(move |r| Ok(r.set_totp_pending(id, &pending)?))
        .await?;
    Ok(TotpPage {
        secret,
        uri,
        ..page(&csrf)
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct TotpForm {
    pub action: Option<String>,
    pub code: Option<String>,
    pub password: Option<String>,
}

/// Turns the second factor on (with a code from the pending secret; the recovery codes are
/// shown once, here) or off (with the password). Either way the session gets a new id.
pub async fn totp_save(
    State(hosted): State<Hosted>,
    Extension(csrf): Extension<CsrfToken>,
    Extension(me): Extension<SignedIn>,
    Extension(SessionHash(old)): Extension<SessionHash>,
    Input(f): Input<TotpForm>,
) -> Result<Response, WebError> {
    let id = me.account;
    let now = hosted.now();
    let fresh = token::new().map_err(|e| WebError::Internal(e.to_string()))?;
    let new_hash = fresh.hash.clone();
    if f.action.as_deref() == Some("off") {
        if !password_right(&hosted, &me, f.password.unwrap_or_default()).await? {
            return Ok(see("/settings?n=wrong-password").into_response());
        }
        hosted
            .registry(move |r| {
                r.disable_totp(id)?;
                r.rotate_session(&old, &new_hash, false, now)?;
                Ok(())
            })
            .await?;
        tracing::info!(account = id.0, "second factor off");
        return Ok(with_cookie(
            see("/settings?n=totp-off"),
            set_cookie(&fresh.secret, hosted.config().secure),
        ));
    }
    let codes = recovery::new_codes().map_err(|e| WebError::Internal(e.to_string()))?;
    let hashes: Vec<String> = codes.iter().map(|(_, h)| h.clone()).collect();
    let typed = f.code.unwrap_or_default();
    let unix = u64::try_from(now).unwrap_or(0);
    let enabled = hosted
        .registry(move |r| {
            let Some(pending) = r.totp(id)?.pending else {
                return Ok(false);
            };
            let Some(step) = totp::step(&pending, &typed, unix) else {
                return Ok(false);
            };
            r.enable_totp(id, &hashes)?;
            // The code that turned it on is used up: it does not log in again.
            r.use_totp_step(id, step)?;
            r.rotate_session(&old, &new_hash, false, now)?;
            Ok(true)
        })
        .await?;
    if !enabled {
        let page = TotpPage {
            error: Some(
                "That code did not match. Open the setup again and type the current code.".into(),
            ),
            ..page(&csrf)
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    tracing::info!(account = id.0, "second factor on");
    let page = TotpPage {
        on: true,
        codes: codes.into_iter().map(|(c, _)| c).collect(),
        ..page(&csrf)
    };
    Ok(with_cookie(
        page,
        set_cookie(&fresh.secret, hosted.config().secure),
    ))
}

/// The daily digest's form in Settings.
#[derive(Debug, Default, Deserialize)]
pub struct DigestForm {
    pub enabled: Option<String>,
    pub time: Option<String>,
    pub day0: Option<String>,
    pub day1: Option<String>,
    pub day2: Option<String>,
    pub day3: Option<String>,
    pub day4: Option<String>,
    pub day5: Option<String>,
    pub day6: Option<String>,
}

/// Saves the account's digest preferences (the address is the account's own).
pub async fn digest(
    State(hosted): State<Hosted>,
    Extension(me): Extension<SignedIn>,
    Input(f): Input<DigestForm>,
) -> Result<Response, WebError> {
    use warmline_core::digest::{Days, Prefs, parse_time};
    let days = [
        &f.day0, &f.day1, &f.day2, &f.day3, &f.day4, &f.day5, &f.day6,
    ];
    let days = Days::from_indexes(
        days.iter()
            .enumerate()
            .filter(|(_, d)| d.is_some())
            .map(|(i, _)| i),
    );
    let enabled = f.enabled.is_some();
    if enabled && days.0 == 0 {
        return Err(WebError::BadRequest(
            "Choose at least one day for the digest.".into(),
        ));
    }
    let prefs = Prefs {
        enabled,
        time: parse_time(f.time.as_deref().unwrap_or("07:30"))?,
        days: if days.0 == 0 {
            Prefs::default().days
        } else {
            days
        },
    };
    let id = me.account;
    hosted
        .registry(move |r| Ok(r.set_digest_prefs(id, &prefs)?))
        .await?;
    Ok(see("/settings?n=digest").into_response())
}
