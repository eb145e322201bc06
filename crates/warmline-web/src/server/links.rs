//! `/set-password/{token}`: the one-time link an invitation or a reset prints, and
//! `/signup`, only when the server's open signup is on.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use warmline_accounts::{password, token};

use super::Hosted;
use crate::error::WebError;
use crate::pages::{Chrome, Input};
use crate::security::CsrfToken;

/// How long a one-time link works (seconds).
pub const LINK_LIFETIME: i64 = 72 * 60 * 60;

#[derive(Template, WebTemplate)]
#[template(path = "server/set_password.html")]
pub struct SetPasswordPage {
    chrome: Chrome,
    action: String,
    email: String,
    error: Option<String>,
    signup: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct PasswordForm {
    pub email: Option<String>,
    pub password: Option<String>,
    pub confirm: Option<String>,
}

fn gone() -> WebError {
    WebError::NotFound("This link has expired or was already used. Ask for a new one.".into())
}

/// The account a link is for, and its e-mail, while the link works.
async fn link(hosted: &Hosted, secret: &str) -> Result<(String, String), WebError> {
    if !token::looks_like(secret) {
        return Err(gone());
    }
    let hash = token::hash_of(secret);
    let now = hosted.now();
    let lookup = hash.clone();
    let email = hosted
        .registry(move |r| {
            let Some(id) = r.link_account(&lookup, now)? else {
                return Ok(None);
            };
            Ok(r.account(id)?.map(|a| a.email))
        })
        .await?;
    email.map(|e| (hash, e)).ok_or_else(gone)
}

/// Checks a new password and its confirmation; the message says what is wrong.
fn judge(email: &str, f: &PasswordForm) -> Result<String, String> {
    let typed = f.password.clone().unwrap_or_default();
    if f.confirm.as_deref() != Some(typed.as_str()) {
        return Err("The two passwords differ.".into());
    }
    password::check_new(&typed, &[email]).map_err(|e| {
        let mut s = e.to_string();
        if let Some(first) = s.get(..1) {
            s = first.to_uppercase() + &s[1..];
        }
        s + "."
    })?;
    Ok(typed)
}

pub async fn form(
    State(hosted): State<Hosted>,
    Extension(csrf): Extension<CsrfToken>,
    Path(secret): Path<String>,
) -> Result<SetPasswordPage, WebError> {
    let (_, email) = link(&hosted, &secret).await?;
    Ok(SetPasswordPage {
        chrome: Chrome::page("Choose a password", "", &csrf),
        action: format!("/set-password/{secret}"),
        email,
        error: None,
        signup: false,
    })
}

pub async fn submit(
    State(hosted): State<Hosted>,
    Extension(csrf): Extension<CsrfToken>,
    Path(secret): Path<String>,
    Input(f): Input<PasswordForm>,
) -> Result<Response, WebError> {
    let (hash, email) = link(&hosted, &secret).await?;
    let typed = match judge(&email, &f) {
        Ok(p) => p,
        Err(message) => {
            let page = SetPasswordPage {
                chrome: Chrome::page("Choose a password", "", &csrf),
                action: format!("/set-password/{secret}"),
                email,
                error: Some(message),
                signup: false,
            };
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let stored = hosted
        .hashing(move || password::hash(&typed))
        .await?
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let now = hosted.now();
    let used = hosted
        .registry(move |r| Ok(r.use_link(&hash, &stored, now)?))
        .await?;
    let Some(id) = used else {
        return Err(gone());
    };
    tracing::info!(account = id.0, "password set");
    Ok(Redirect::to("/login?n=password-set").into_response())
}

async fn signup_open(hosted: &Hosted) -> Result<(), WebError> {
    if hosted.registry(|r| Ok(r.open_signup()?)).await? {
        Ok(())
    } else {
        Err(WebError::NotFound(
            "Accounts on this server are by invitation.".into(),
        ))
    }
}

fn signup_page(csrf: &CsrfToken, email: String, error: Option<String>) -> SetPasswordPage {
    SetPasswordPage {
        chrome: Chrome::page("Sign up", "", csrf),
        action: "/signup".into(),
        email,
        error,
        signup: true,
    }
}

pub async fn signup_form(
    State(hosted): State<Hosted>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<SetPasswordPage, WebError> {
    signup_open(&hosted).await?;
    Ok(signup_page(&csrf, String::new(), None))
}

pub async fn signup(
    State(hosted): State<Hosted>,
    Extension(csrf): Extension<CsrfToken>,
    Input(f): Input<PasswordForm>,
) -> Result<Response, WebError> {
    signup_open(&hosted).await?;
    let email = f.email.clone().unwrap_or_default().trim().to_string();
    let typed = match judge(&email, &f) {
        Ok(p) => p,
        Err(message) => {
            let page = signup_page(&csrf, email, Some(message));
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let stored = hosted
        .hashing(move || password::hash(&typed))
        .await?
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let now = hosted.now();
    let made = {
        let email = email.clone();
        hosted
            .registry(move |r| match r.add_account(&email, false, now) {
                Ok(a) => {
                    r.set_password_hash(a.id, &stored)?;
                    Ok(Ok(a.id))
                }
                Err(e @ warmline_store::StoreError::Invalid(_)) => Ok(Err(e.to_string())),
                Err(e) => Err(e.into()),
            })
            .await?
    };
    match made {
        Ok(id) => {
            tracing::info!(account = id.0, "signed up");
            Ok(Redirect::to("/login?n=signed-up").into_response())
        }
        Err(message) => {
            let page = signup_page(&csrf, email, Some(message));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
