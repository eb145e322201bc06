//! `/login`, `/login/code` (the second factor) and `/logout`.
//!
//! An unknown e-mail, a disabled account, an account without a password yet and a wrong
//! password get the same answer after the same work: the password is checked against a
//! dummy hash when there is no real one. Failed attempts slow the next ones per e-mail
//! and per address ([`warmline_accounts::throttle`]). The e-mail's count is kept whether
//! or not an account has it (under the hash of the address as compared), so an unknown
//! e-mail slows down exactly as a known one does and the throttle tells nothing about
//! who has an account.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use warmline_accounts::throttle::{ACCOUNT_MAX_WAIT, ADDRESS_MAX_WAIT, remaining};
use warmline_accounts::{password, recovery, token, totp};
use warmline_store::accounts::{AccountId, Registry, email_key};

use super::Hosted;
use super::session::{self, Found, Peer, client_address, set_cookie, with_cookie};
use crate::error::WebError;
use crate::pages::{Chrome, Input, Params};
use crate::security::CsrfToken;

#[derive(Template, WebTemplate)]
#[template(path = "server/login.html")]
pub struct LoginPage {
    chrome: Chrome,
    email: String,
    error: Option<String>,
    signup: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "server/code.html")]
pub struct CodePage {
    chrome: Chrome,
    error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Notice {
    pub n: Option<String>,
}

async fn login_page(
    hosted: &Hosted,
    csrf: &CsrfToken,
    notice: Option<&str>,
    email: String,
    error: Option<String>,
) -> Result<LoginPage, WebError> {
    let signup = hosted.registry(|r| Ok(r.open_signup()?)).await?;
    Ok(LoginPage {
        chrome: Chrome::page("Log in", "", csrf).with_notice(notice),
        email,
        error,
        signup,
    })
}

pub async fn form(
    State(hosted): State<Hosted>,
    Extension(csrf): Extension<CsrfToken>,
    Params(n): Params<Notice>,
) -> Result<LoginPage, WebError> {
    login_page(&hosted, &csrf, n.n.as_deref(), String::new(), None).await
}

#[derive(Debug, Default, Deserialize)]
pub struct LoginForm {
    pub email: Option<String>,
    pub password: Option<String>,
}

/// Seconds the account or the address must still wait before another attempt.
fn wait(
    r: &Registry,
    account: Option<AccountId>,
    address: &str,
    now: i64,
) -> Result<i64, WebError> {
    let by_address = r.address_failures(address)?;
    let mut wait = remaining(by_address.count, by_address.last_at, ADDRESS_MAX_WAIT, now);
    if let Some(id) = account {
        let by_account = r.account_failures(id)?;
        wait = wait.max(remaining(
            by_account.count,
            by_account.last_at,
            ACCOUNT_MAX_WAIT,
            now,
        ));
    }
    Ok(wait)
}

/// The throttle's key for the e-mail typed at the login, known or not: a hash, so the
/// registry keeps no list of the addresses people and guessers typed.
pub(crate) fn email_slot(email: &str) -> String {
    format!("e-mail {}", token::hash_of(&email_key(email)))
}

/// Seconds the e-mail or the address must still wait before another password, and
/// whether either has failures counted (a success then clears them).
pub(crate) fn login_wait(
    r: &Registry,
    email: &str,
    address: &str,
    now: i64,
) -> Result<(i64, bool), WebError> {
    let by_address = r.address_failures(address)?;
    let by_email = r.address_failures(&email_slot(email))?;
    let wait = remaining(by_address.count, by_address.last_at, ADDRESS_MAX_WAIT, now).max(
        remaining(by_email.count, by_email.last_at, ACCOUNT_MAX_WAIT, now),
    );
    Ok((wait, by_address.count > 0 || by_email.count > 0))
}

fn too_many(wait: i64) -> String {
    format!(
        "Too many attempts. Wait {} and try again.",
        warmline_accounts::throttle::in_words(wait)
    )
}

pub async fn submit(
    State(hosted): State<Hosted>,
    Extension(csrf): Extension<CsrfToken>,
    peer: Option<Extension<Peer>>,
    headers: HeaderMap,
    Input(f): Input<LoginForm>,
) -> Result<Response, WebError> {
    let email = f.email.unwrap_or_default().trim().to_string();
    let typed = f.password.unwrap_or_default();
    let address = client_address(&hosted, &headers, peer.as_ref().map(|Extension(p)| p));
    let now = hosted.now();
    let (account, stored, waiting) = {
        let (email, address) = (email.clone(), address.clone());
        hosted
            .registry(move |r| {
                let account = r.account_by_email(&email)?;
                let stored = match &account {
                    Some(a) if !a.disabled => r.password_hash(a.id)?,
                    _ => None,
                };
                Ok((account, stored, login_wait(r, &email, &address, now)?.0))
            })
            .await?
    };
    if waiting > 0 {
        tracing::info!(
            account = account.as_ref().map(|a| a.id.0),
            "login throttled"
        );
        let page = login_page(&hosted, &csrf, None, email, Some(too_many(waiting))).await?;
        return Ok((StatusCode::TOO_MANY_REQUESTS, page).into_response());
    }
    let right = hosted
        .hashing(move || match stored {
            Some(hash) => password::verify(&hash, &typed),
            None => password::verify_nobody(&typed),
        })
        .await?;
    let id = account.as_ref().map(|a| a.id);
    if !right {
        {
            let (address, slot) = (address.clone(), email_slot(&email));
            hosted
                .registry(move |r| {
                    r.record_failure(None, &address, now)?;
                    Ok(r.record_failure(None, &slot, now)?)
                })
                .await?;
        }
        tracing::info!(account = id.map(|a| a.0), "login failed");
        let page = login_page(
            &hosted,
            &csrf,
            None,
            email,
            Some("That e-mail and password do not match an account.".into()),
        )
        .await?;
        return Ok((StatusCode::UNAUTHORIZED, page).into_response());
    }
    let Some(account) = account else {
        return Err(WebError::Internal("a password matched no account".into()));
    };
    let fresh = token::new().map_err(|e| WebError::Internal(e.to_string()))?;
    let old = session::cookie_value(&headers, hosted.config().secure).map(|v| token::hash_of(&v));
    {
        let (hash, pending) = (fresh.hash.clone(), account.totp);
        let slot = email_slot(&email);
        hosted
            .registry(move |r| {
                r.clear_failures(account.id, &address)?;
                r.clear_failures(account.id, &slot)?;
                // Whatever session this browser had ends: the login makes a new id.
                if let Some(old) = old {
                    r.end_session(&old)?;
                }
                r.add_session(&hash, account.id, pending, now)?;
                Ok(())
            })
            .await?;
    }
    tracing::info!(account = account.id.0, "login");
    let next = if account.totp { "/login/code" } else { "/" };
    Ok(with_cookie(
        Redirect::to(next),
        set_cookie(&fresh.secret, hosted.config().secure),
    ))
}

/// The session of a browser that typed the right password and owes the second factor.
async fn pending(
    hosted: &Hosted,
    headers: &HeaderMap,
) -> Result<Option<(String, AccountId)>, WebError> {
    if !matches!(session::find(hosted, headers).await?, Found::PendingCode) {
        return Ok(None);
    }
    let Some(id) = session::cookie_value(headers, hosted.config().secure) else {
        return Ok(None);
    };
    let hash = token::hash_of(&id);
    let lookup = hash.clone();
    let account = hosted
        .registry(move |r| Ok(r.session(&lookup)?.map(|s| s.account)))
        .await?;
    Ok(account.map(|a| (hash, a)))
}

pub async fn code_form(
    State(hosted): State<Hosted>,
    Extension(csrf): Extension<CsrfToken>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    if pending(&hosted, &headers).await?.is_none() {
        return Ok(Redirect::to("/login").into_response());
    }
    Ok(CodePage {
        chrome: Chrome::page("Second factor", "", &csrf),
        error: None,
    }
    .into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct CodeForm {
    pub code: Option<String>,
}

pub async fn code_submit(
    State(hosted): State<Hosted>,
    Extension(csrf): Extension<CsrfToken>,
    peer: Option<Extension<Peer>>,
    headers: HeaderMap,
    Input(f): Input<CodeForm>,
) -> Result<Response, WebError> {
    let Some((old, account)) = pending(&hosted, &headers).await? else {
        return Ok(Redirect::to("/login").into_response());
    };
    let address = client_address(&hosted, &headers, peer.as_ref().map(|Extension(p)| p));
    let typed = f.code.unwrap_or_default();
    let now = hosted.now();
    let fresh = token::new().map_err(|e| WebError::Internal(e.to_string()))?;
    let new_hash = fresh.hash.clone();
    let outcome = hosted
        .registry(move |r| {
            let waiting = wait(r, Some(account), &address, now)?;
            if waiting > 0 {
                return Ok(Err(too_many(waiting)));
            }
            let secret = r.totp(account)?.secret;
            let unix = u64::try_from(now).unwrap_or(0);
            // A code is accepted once: its step is used up, replays are refused.
            let by_code = match secret.and_then(|s| totp::step(&s, &typed, unix)) {
                Some(step) => r.use_totp_step(account, step)?,
                None => false,
            };
            let right = by_code || r.use_recovery_code(account, &recovery::stored(&typed))?;
            if !right {
                r.record_failure(Some(account), &address, now)?;
                return Ok(Err(
                    "That code is not right. Try the current one.".to_string()
                ));
            }
            r.clear_failures(account, &address)?;
            // A change of privilege: the session gets a new id.
            r.rotate_session(&old, &new_hash, false, now)?;
            Ok(Ok(()))
        })
        .await?;
    match outcome {
        Ok(()) => {
            tracing::info!(account = account.0, "second factor");
            Ok(with_cookie(
                Redirect::to("/"),
                set_cookie(&fresh.secret, hosted.config().secure),
            ))
        }
        Err(message) => {
            tracing::info!(account = account.0, "second factor failed");
            Ok((
                StatusCode::UNAUTHORIZED,
                CodePage {
                    chrome: Chrome::page("Second factor", "", &csrf),
                    error: Some(message),
                },
            )
                .into_response())
        }
    }
}

pub async fn logout(
    State(hosted): State<Hosted>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    if let Some(id) = session::cookie_value(&headers, hosted.config().secure) {
        let hash = token::hash_of(&id);
        hosted.registry(move |r| Ok(r.end_session(&hash)?)).await?;
    }
    Ok(with_cookie(
        Redirect::to("/login?n=logged-out"),
        session::clear_cookie(hosted.config().secure),
    ))
}
