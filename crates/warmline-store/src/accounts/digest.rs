//! The daily digest's side of the registry: each account's preferences, where its digest
//! stands (the day it last went, when a round last failed), and every attempt to send
//! it (registry migration 003; PostgreSQL migration 005).

use chrono::{NaiveDate, NaiveDateTime};
use warmline_core::digest::{Days, Prefs, Sent, parse_time};

use super::{Account, AccountId, Registry, account_row};
use crate::Result;
use crate::db::{OptionalExtension, Row, params};

/// Attempts older than this many seconds are forgotten when a new one is recorded.
pub const KEEP_ATTEMPTS_SECONDS: i64 = 60 * 86_400;

const STAMP: &str = "%Y-%m-%d %H:%M";

/// An account's digest: what it chose and where it stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DigestState {
    pub prefs: Prefs,
    pub sent: Sent,
}

/// One recorded attempt to send an account's digest.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DigestAttempt {
    pub account: AccountId,
    pub email: String,
    /// Unix seconds.
    pub at: i64,
    /// 1 for the first attempt of a round.
    pub attempt: i64,
    pub ok: bool,
    pub error: Option<String>,
}

fn state_row(r: &Row<'_>) -> crate::db::Result<DigestState> {
    state_at(r, 0)
}

/// The state read from the five columns of [`STATE_COLUMNS`] from `at` on.
fn state_at(r: &Row<'_>, at: usize) -> crate::db::Result<DigestState> {
    let enabled: bool = r.get(at)?;
    let time: String = r.get(at + 1)?;
    let days: i64 = r.get(at + 2)?;
    let last_sent: Option<String> = r.get(at + 3)?;
    let last_failed: Option<String> = r.get(at + 4)?;
    Ok(DigestState {
        prefs: Prefs {
            enabled,
            time: parse_time(&time).unwrap_or(Prefs::default().time),
            days: Days(u8::try_from(days & 0x7f).unwrap_or_default()),
        },
        sent: Sent {
            last_sent: last_sent.and_then(|s| s.parse().ok()),
            last_failed: last_failed.and_then(|s| NaiveDateTime::parse_from_str(&s, STAMP).ok()),
        },
    })
}

fn attempt_row(r: &Row<'_>) -> crate::db::Result<DigestAttempt> {
    Ok(DigestAttempt {
        account: AccountId(r.get(0)?),
        email: r.get(1)?,
        at: r.get(2)?,
        attempt: r.get(3)?,
        ok: r.get(4)?,
        error: r.get(5)?,
    })
}

const STATE_COLUMNS: &str = "enabled, send_at, days, last_sent, last_failed";
const ATTEMPT_COLUMNS: &str = "t.account_id, a.email, t.at, t.attempt, t.ok, t.error";

impl Registry {
    /// The account's digest (off, 07:30 on weekdays, never sent, until it chooses).
    pub fn digest(&self, id: AccountId) -> Result<DigestState> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {STATE_COLUMNS} FROM digest_prefs WHERE account_id = ?1"
            ))?
            .query_row([id.0], state_row)
            .optional()?
            .unwrap_or_default())
    }

    /// Makes sure the account has its row of preferences.
    fn digest_row(c: &crate::db::Connection, id: AccountId) -> Result<()> {
        c.prepare_cached("INSERT OR IGNORE INTO digest_prefs (account_id) VALUES (?1)")?
            .execute([id.0])?;
        Ok(())
    }

    /// Stores the account's choice (where it stands is kept).
    pub fn set_digest_prefs(&self, id: AccountId, prefs: &Prefs) -> Result<()> {
        self.atomic(|c| {
            Registry::digest_row(c, id)?;
            c.prepare_cached(
                "UPDATE digest_prefs SET enabled = ?2, send_at = ?3, days = ?4 WHERE account_id = ?1",
            )?
            .execute(params![
                id.0,
                prefs.enabled,
                prefs.time.format("%H:%M").to_string(),
                i64::from(prefs.days.0)
            ])?;
            Ok(())
        })
    }

    /// Every account that wants the digest and may receive it (enabled, with a
    /// password set), with where its digest stands.
    pub fn digest_accounts(&self) -> Result<Vec<(Account, DigestState)>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {}, d.enabled, d.send_at, d.days, d.last_sent, d.last_failed
             FROM digest_prefs d JOIN accounts a ON a.id = d.account_id
             WHERE d.enabled = 1 AND a.disabled = 0 AND a.password_hash IS NOT NULL
             ORDER BY a.id",
            super::ACCOUNT_COLUMNS
                .split(", ")
                .map(|c| format!("a.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
        let rows = stmt.query_map([], |r| Ok((account_row(r)?, state_at(r, 7)?)))?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// Records one attempt to send the account's digest (and forgets attempts older
    /// than [`KEEP_ATTEMPTS_SECONDS`]).
    pub fn record_digest_attempt(
        &self,
        id: AccountId,
        at: i64,
        attempt: u32,
        error: Option<&str>,
    ) -> Result<()> {
        self.atomic(|c| {
            c.prepare_cached(
                "INSERT INTO digest_attempts (account_id, at, attempt, ok, error) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![id.0, at, i64::from(attempt), error.is_none(), error])?;
            c.prepare_cached("DELETE FROM digest_attempts WHERE at < ?1")?
                .execute([at - KEEP_ATTEMPTS_SECONDS])?;
            Ok(())
        })
    }

    /// The account's digest of `day` went.
    pub fn digest_sent(&self, id: AccountId, day: NaiveDate) -> Result<()> {
        self.atomic(|c| {
            Registry::digest_row(c, id)?;
            c.prepare_cached("UPDATE digest_prefs SET last_sent = ?2 WHERE account_id = ?1")?
                .execute(params![id.0, day.to_string()])?;
            Ok(())
        })
    }

    /// A round of attempts for the account's digest failed at `when` (its local time).
    pub fn digest_failed(&self, id: AccountId, when: NaiveDateTime) -> Result<()> {
        self.atomic(|c| {
            Registry::digest_row(c, id)?;
            c.prepare_cached("UPDATE digest_prefs SET last_failed = ?2 WHERE account_id = ?1")?
                .execute(params![id.0, when.format(STAMP).to_string()])?;
            Ok(())
        })
    }

    /// The account's latest attempts, newest first.
    pub fn digest_attempts(&self, id: AccountId, limit: u32) -> Result<Vec<DigestAttempt>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ATTEMPT_COLUMNS} FROM digest_attempts t JOIN accounts a ON a.id = t.account_id
             WHERE t.account_id = ?1 ORDER BY t.at DESC, t.id DESC LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![id.0, i64::from(limit)], attempt_row)?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// Every failed attempt since `since` (Unix seconds), of every account, newest first.
    pub fn digest_failures(&self, since: i64) -> Result<Vec<DigestAttempt>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ATTEMPT_COLUMNS} FROM digest_attempts t JOIN accounts a ON a.id = t.account_id
             WHERE t.ok = 0 AND t.at >= ?1 ORDER BY t.at DESC, t.id DESC"
        ))?;
        let rows = stmt.query_map([since], attempt_row)?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }
}
