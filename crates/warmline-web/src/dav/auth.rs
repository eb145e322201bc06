//! HTTP Basic with a device password, the only way into `/dav/`.
//!
//! Locally the user name is not checked (there is one network); in hosted mode it is the
//! account's e-mail address, found through the registry's public lookup. The password is
//! checked against the account's device passwords (argon2id, at most a few hashings at
//! once). A client sends its credentials with every request, so a success is remembered
//! in memory for a few minutes under the SHA-256 of the credentials, and the device
//! password is looked up again on every request: revoking it stops the device at once.
//! An unknown e-mail costs the same hashing as a wrong password.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use base64::Engine as _;
use warmline_accounts::{device, password, token};

use super::{Session, status};
use crate::app::App;
use crate::error::WebError;
use crate::server::Hosted;

/// How long a checked password is trusted without hashing it again (seconds).
const REMEMBER: i64 = 5 * 60;
/// Most credentials remembered at once; past it the memory starts afresh.
const REMEMBER_AT_MOST: usize = 1024;
/// The last use is written at most this often per device (seconds).
const TOUCH_EVERY: i64 = 60;

/// Whose networks `/dav/` opens.
#[derive(Clone)]
pub enum Realm {
    /// `warmline serve`: the one database.
    Local(App, Remembered),
    /// `warmline server run`: each account's own.
    Hosted(Hosted, Remembered),
}

impl Realm {
    pub fn local(app: App) -> Realm {
        Realm::Local(app, Remembered::default())
    }
    pub fn hosted(hosted: Hosted) -> Realm {
        Realm::Hosted(hosted, Remembered::default())
    }
}

/// Credentials checked lately: the hash of user and password → the account, the device
/// name, the stored hash it matched, when checked and when its use was last written.
#[derive(Clone, Default)]
pub struct Remembered(Arc<Mutex<HashMap<String, Known>>>);

#[derive(Clone)]
struct Known {
    account: i64,
    device: String,
    hash: String,
    checked: i64,
    touched: i64,
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn unauthorized() -> Response {
    let mut resp = status(
        StatusCode::UNAUTHORIZED,
        "sign in with a device password (Settings, or `warmline app-password add`)",
    );
    resp.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"warmline\", charset=\"UTF-8\""),
    );
    resp
}

/// The user name and password of a Basic `Authorization` header.
fn basic(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, pass) = text.split_once(':')?;
    Some((user.to_string(), pass.to_string()))
}

impl Realm {
    /// The session of a request with good credentials; a 401 otherwise.
    pub(crate) async fn authenticate(&self, headers: &HeaderMap) -> Result<Session, Response> {
        let Some((user, secret)) = basic(headers) else {
            return Err(unauthorized());
        };
        let found = match self {
            Realm::Local(app, memory) => {
                check(app, memory, 0, &user, &secret, None).await.map(|ok| {
                    ok.then(|| Session {
                        app: app.clone(),
                        principal: "me".into(),
                    })
                })
            }
            Realm::Hosted(hosted, memory) => hosted_check(hosted, memory, &user, &secret).await,
        };
        match found {
            Ok(Some(session)) => Ok(session),
            Ok(None) => Err(unauthorized()),
            Err(e) => {
                tracing::error!(error = %e, "dav sign-in failed");
                Err(status(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the server could not check the password",
                ))
            }
        }
    }
}

async fn hosted_check(
    hosted: &Hosted,
    memory: &Remembered,
    user: &str,
    secret: &str,
) -> Result<Option<Session>, WebError> {
    let email = user.to_string();
    let account = hosted
        .registry(move |r| Ok(r.account_by_email(&email)?))
        .await?
        .filter(|a| !a.disabled);
    let Some(account) = account else {
        // The same work as a wrong password, so the answer's time says nothing.
        let secret = secret.to_string();
        hosted
            .hashing(move || password::verify_nobody(&secret))
            .await?;
        return Ok(None);
    };
    let app = hosted.app_of(account.id).await?;
    let ok = check(&app, memory, account.id.0, user, secret, Some(hosted)).await?;
    Ok(ok.then(|| Session {
        app,
        principal: account.id.0.to_string(),
    }))
}

/// Whether `secret` is one of the device passwords of `app`'s network.
async fn check(
    app: &App,
    memory: &Remembered,
    account: i64,
    user: &str,
    secret: &str,
    hosted: Option<&Hosted>,
) -> Result<bool, WebError> {
    let key = token::hash_of(&format!("{account}\u{0}{user}\u{0}{secret}"));
    let now = now();
    let remembered = memory
        .0
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
        .cloned()
        .filter(|k| k.account == account && now - k.checked < REMEMBER);
    let stored = app.run(|ctx| Ok(ctx.store.app_password_hashes()?)).await?;
    if let Some(known) = remembered {
        // Still there, with the same hash: not revoked (nor revoked and made anew).
        if stored
            .iter()
            .any(|(name, hash)| *name == known.device && *hash == known.hash)
        {
            if now - known.touched >= TOUCH_EVERY {
                touch(app, memory, &key, &known.device, now).await?;
            }
            return Ok(true);
        }
    }
    if !device::looks_like(secret) || stored.is_empty() {
        return Ok(false);
    }
    let presented = secret.to_string();
    let verify = move || {
        stored
            .into_iter()
            .find(|(_, hash)| password::verify(hash, &presented))
    };
    let matched = match hosted {
        Some(h) => h.hashing(verify).await?,
        None => tokio::task::spawn_blocking(verify)
            .await
            .map_err(|e| WebError::Internal(format!("a request failed: {e}")))?,
    };
    let Some((device, hash)) = matched else {
        return Ok(false);
    };
    {
        let mut map = memory.0.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() >= REMEMBER_AT_MOST {
            map.clear();
        }
        map.insert(
            key.clone(),
            Known {
                account,
                device: device.clone(),
                hash,
                checked: now,
                touched: 0,
            },
        );
    }
    touch(app, memory, &key, &device, now).await?;
    Ok(true)
}

/// Writes the device's last use, and remembers having written it.
async fn touch(
    app: &App,
    memory: &Remembered,
    key: &str,
    device: &str,
    now: i64,
) -> Result<(), WebError> {
    let name = device.to_string();
    app.run(move |ctx| Ok(ctx.store.app_password_used(&name, now)?))
        .await?;
    if let Some(k) = memory
        .0
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get_mut(key)
    {
        k.touched = now;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_basic_credentials() {
        let mut h = HeaderMap::new();
        assert_eq!(basic(&h), None);
        // "dana@example.com:ab:cd"
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic ZGFuYUBleGFtcGxlLmNvbTphYjpjZA=="),
        );
        assert_eq!(basic(&h), Some(("dana@example.com".into(), "ab:cd".into())));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer x"));
        assert_eq!(basic(&h), None);
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic !!!"));
        assert_eq!(basic(&h), None);
    }
}
