//! HTTP Basic with a device password, the only way into `/dav/`.
//!
//! Locally the user name is not checked (there is one network); in hosted mode it is the
//! account's e-mail address, found through the registry's public lookup. The password is
//! checked against the account's device passwords (argon2id, at most a few hashings at
//! once). A client sends its credentials with every request, so a success is remembered
//! in memory for a few minutes under the SHA-256 of the credentials, and the device
//! password is looked up again on every request: revoking it stops the device at once.
//! An unknown e-mail costs the same hashing as a wrong password.
//!
//! Failed sign-ins are throttled before any hashing. Hosted, with the login's own rule and
//! counts ([`warmline_accounts::throttle`]): per address, and per e-mail as typed (known
//! or not, so the wait tells nothing about who has an account), the e-mail's wait capped
//! at half a minute so a guesser can never lock the owner's devices out. Guesses at the
//! login page and at `/dav/` add up in the same counts. Locally, per address, in memory.
//! A request with no credentials is no failure: clients send one first to be asked.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use base64::Engine as _;
use warmline_accounts::throttle::{ADDRESS_MAX_WAIT, remaining};
use warmline_accounts::{device, password, token};
use warmline_store::accounts::Failures;

use super::{Session, status};
use crate::app::App;
use crate::error::WebError;
use crate::listen::Peer;
use crate::server::{Clock, Hosted, login, session::client_address};

/// How long a checked password is trusted without hashing it again (seconds).
const REMEMBER: i64 = 5 * 60;
/// Most credentials remembered at once; past it the memory starts afresh.
const REMEMBER_AT_MOST: usize = 1024;
/// The last use is written at most this often per device (seconds).
const TOUCH_EVERY: i64 = 60;

/// Addresses remembered at once by the local throttle; past it those no longer waiting
/// are forgotten.
const TRIES_AT_MOST: usize = 4096;

/// Whose networks `/dav/` opens.
#[derive(Clone)]
pub enum Realm {
    /// `warmline serve`: the one database.
    Local(App, Remembered, Tries),
    /// `warmline server run`: each account's own.
    Hosted(Hosted, Remembered),
}

/// The local server's failed sign-ins per address, and its clock.
#[derive(Clone)]
pub struct Tries {
    failures: Arc<Mutex<HashMap<String, Failures>>>,
    clock: Clock,
}

impl Realm {
    pub fn local(app: App) -> Realm {
        Realm::local_at(app, Clock::System)
    }
    /// The local realm with its throttle on `clock` (tests move it).
    pub fn local_at(app: App, clock: Clock) -> Realm {
        Realm::Local(
            app,
            Remembered::default(),
            Tries {
                failures: Arc::default(),
                clock,
            },
        )
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

/// The answer to a throttled request: 429 with `Retry-After`, not 401. A 401 tells a DAV
/// client the password is wrong, and clients then stop syncing and ask the person to type
/// it again (iOS, DAVx5) or drop the stored one; 429 is a passing refusal they retry at the
/// next sync, which is what a back-off is. The person's own password stays saved.
fn throttled(wait: i64) -> Response {
    let mut resp = status(
        StatusCode::TOO_MANY_REQUESTS,
        &format!(
            "too many failed sign-ins: wait {} and try again",
            warmline_accounts::throttle::in_words(wait)
        ),
    );
    if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
    resp
}

/// How a sign-in went.
enum Outcome {
    In(Session),
    Refused,
    Wait(i64),
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
    /// The session of a request with good credentials; a 401 otherwise, a 429 while the
    /// address or the e-mail must wait.
    pub(crate) async fn authenticate(
        &self,
        headers: &HeaderMap,
        peer: Option<&Peer>,
    ) -> Result<Session, Response> {
        let Some((user, secret)) = basic(headers) else {
            return Err(unauthorized());
        };
        let found = match self {
            Realm::Local(app, memory, tries) => {
                local_check(app, memory, tries, peer, &user, &secret).await
            }
            Realm::Hosted(hosted, memory) => {
                let address = client_address(hosted, headers, peer);
                hosted_check(hosted, memory, &address, &user, &secret).await
            }
        };
        match found {
            Ok(Outcome::In(session)) => Ok(session),
            Ok(Outcome::Refused) => Err(unauthorized()),
            Ok(Outcome::Wait(wait)) => Err(throttled(wait)),
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

async fn local_check(
    app: &App,
    memory: &Remembered,
    tries: &Tries,
    peer: Option<&Peer>,
    user: &str,
    secret: &str,
) -> Result<Outcome, WebError> {
    let address = peer.map_or_else(|| "unknown".to_string(), |p| p.0.ip().to_string());
    let now = tries.clock.now();
    let before = {
        let map = tries
            .failures
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        map.get(&address).copied().unwrap_or_default()
    };
    let wait = remaining(before.count, before.last_at, ADDRESS_MAX_WAIT, now);
    if wait > 0 {
        tracing::info!("dav sign-in throttled");
        return Ok(Outcome::Wait(wait));
    }
    let ok = check(app, memory, 0, user, secret, None).await?;
    let mut map = tries
        .failures
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if ok {
        map.remove(&address);
        return Ok(Outcome::In(Session {
            app: app.clone(),
            principal: "me".into(),
        }));
    }
    if map.len() >= TRIES_AT_MOST {
        map.retain(|_, f| remaining(f.count, f.last_at, ADDRESS_MAX_WAIT, now) > 0);
        if map.len() >= TRIES_AT_MOST {
            map.clear();
        }
    }
    let f = map.entry(address).or_default();
    f.count = f.count.saturating_add(1);
    f.last_at = now;
    tracing::info!("dav sign-in failed");
    Ok(Outcome::Refused)
}

async fn hosted_check(
    hosted: &Hosted,
    memory: &Remembered,
    address: &str,
    user: &str,
    secret: &str,
) -> Result<Outcome, WebError> {
    let now = hosted.now();
    let (account, wait, counted) = {
        let (email, address) = (user.to_string(), address.to_string());
        hosted
            .registry(move |r| {
                let account = r.account_by_email(&email)?.filter(|a| !a.disabled);
                let (wait, counted) = login::login_wait(r, &email, &address, now)?;
                Ok((account, wait, counted))
            })
            .await?
    };
    if wait > 0 {
        tracing::info!(
            account = account.as_ref().map(|a| a.id.0),
            "dav sign-in throttled"
        );
        return Ok(Outcome::Wait(wait));
    }
    let session = match account {
        Some(account) => {
            let app = hosted.app_of(account.id).await?;
            let ok = check(&app, memory, account.id.0, user, secret, Some(hosted)).await?;
            ok.then(|| {
                (
                    account.id,
                    Session {
                        app,
                        principal: account.id.0.to_string(),
                    },
                )
            })
        }
        None => {
            // The same work as a wrong password, so the answer's time says nothing.
            let secret = secret.to_string();
            hosted
                .hashing(move || password::verify_nobody(&secret))
                .await?;
            None
        }
    };
    let (address, slot) = (address.to_string(), login::email_slot(user));
    match session {
        Some((id, session)) => {
            if counted {
                hosted
                    .registry(move |r| {
                        r.clear_failures(id, &address)?;
                        Ok(r.clear_failures(id, &slot)?)
                    })
                    .await?;
            }
            Ok(Outcome::In(session))
        }
        None => {
            hosted
                .registry(move |r| {
                    r.record_failure(None, &address, now)?;
                    Ok(r.record_failure(None, &slot, now)?)
                })
                .await?;
            tracing::info!("dav sign-in failed");
            Ok(Outcome::Refused)
        }
    }
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
