//! The daily digest in hosted mode: each minute, the accounts whose digest is due
//! (`warmline_core::digest::is_due` over the registry's preferences) get today's digest
//! of their own network by e-mail, at the account's address. Every attempt is recorded
//! in the registry, where Settings and `warmline server status` show it; a round that
//! fails is logged and tried again later that day.

use std::time::Duration;

use chrono::NaiveDateTime;
use warmline_core::digest::is_due;
use warmline_digest::{Retry, Smtp};
use warmline_store::accounts::Account;

use super::Hosted;
use crate::error::WebError;

/// How often the scheduler looks for digests due.
pub const EVERY: Duration = Duration::from_secs(60);

/// Where the digest goes through and what its links point at.
#[derive(Debug, Clone)]
pub struct Mailing {
    pub smtp: Smtp,
    pub from: String,
    /// The address people reach the server at (`https://warmline.example.org`).
    pub public_url: String,
    pub retry: Retry,
}

/// "Now" on the server's wall clock: the local time, or a pinned one (tests, demos).
#[derive(Debug, Clone, Copy)]
pub enum Now {
    Local,
    Fixed(NaiveDateTime),
}

impl Now {
    pub fn get(self) -> NaiveDateTime {
        match self {
            Now::Local => chrono::Local::now().naive_local(),
            Now::Fixed(t) => t,
        }
    }
}

/// Runs the scheduler until the process ends: a round now, then one every [`EVERY`].
pub async fn schedule(hosted: Hosted, mailing: Mailing, now: Now) {
    let mut tick = tokio::time::interval(EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        tick.tick().await;
        if let Err(e) = round(&hosted, &mailing, now.get()).await {
            tracing::error!(error = %e, "the digest round failed");
        }
    }
}

/// Sends every digest due at `now`, one account after another. Returns how many went.
pub async fn round(
    hosted: &Hosted,
    mailing: &Mailing,
    now: NaiveDateTime,
) -> Result<usize, WebError> {
    let accounts = hosted.registry(|r| Ok(r.digest_accounts()?)).await?;
    let mut sent = 0;
    for (account, state) in accounts {
        if !is_due(&state.prefs, &state.sent, now) {
            continue;
        }
        match send_one(hosted, mailing, &account, now).await {
            Ok(true) => sent += 1,
            Ok(false) => {}
            // The digest could not even be made (the account's network would not
            // open): a failed attempt like any other, recorded and shown.
            Err(e) => {
                let id = account.id;
                let at = hosted.now();
                let why = format!("the digest could not be made: {e}");
                hosted
                    .registry(move |r| {
                        r.record_digest_attempt(id, at, 1, Some(&why))?;
                        Ok(r.digest_failed(id, now)?)
                    })
                    .await?;
                tracing::warn!(
                    account = id.0,
                    "digest not made; see warmline server status"
                );
            }
        }
    }
    Ok(sent)
}

/// Sends one account's digest; false when every attempt failed (recorded, and logged).
async fn send_one(
    hosted: &Hosted,
    mailing: &Mailing,
    account: &Account,
    now: NaiveDateTime,
) -> Result<bool, WebError> {
    let id = account.id;
    let today = now.date();
    let app = hosted.app_of(id).await?;
    let digest = app.run(move |ctx| Ok(ctx.store.digest(today)?)).await?;
    let message =
        warmline_digest::message(&digest, &mailing.from, &account.email, &mailing.public_url);
    let me = hosted.clone();
    let mailing = mailing.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let record = |a: &warmline_digest::Attempt| {
            let registry =
                me.0.registry
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Err(e) = registry.record_digest_attempt(id, a.at, a.number, a.error.as_deref()) {
                tracing::error!(account = id.0, error = %e, "cannot record a digest attempt");
            }
        };
        match message {
            Ok(m) => warmline_digest::send(&mailing.smtp, &m, &mailing.retry, || me.now(), record),
            // An address the message cannot be built with is a failed attempt too.
            Err(e) => {
                record(&warmline_digest::Attempt {
                    number: 1,
                    at: me.now(),
                    error: Some(e.to_string()),
                    will_retry: false,
                });
                Err(e)
            }
        }
    })
    .await
    .map_err(|e| WebError::Internal(format!("the digest failed: {e}")))?;
    match outcome {
        Ok(attempts) => {
            hosted
                .registry(move |r| Ok(r.digest_sent(id, today)?))
                .await?;
            tracing::info!(account = id.0, attempts, "digest sent");
            Ok(true)
        }
        Err(e) => {
            hosted
                .registry(move |r| Ok(r.digest_failed(id, now)?))
                .await?;
            // The reason is in the registry (`server status`, Settings): it may name the
            // recipient, which the log does not.
            let _ = e;
            tracing::warn!(
                account = id.0,
                "digest not sent; see warmline server status"
            );
            Ok(false)
        }
    }
}
