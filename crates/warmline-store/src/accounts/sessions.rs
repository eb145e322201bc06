//! Sessions, known by the hash of their cookie value.

use crate::db::{Connection, OptionalExtension, params};

use super::{Account, AccountId, Registry, account_row};
use crate::Result;

/// A session as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub account: AccountId,
    pub created_at: i64,
    pub seen_at: i64,
    /// The password was right; the second factor is still to be typed.
    pub pending_totp: bool,
}

pub(super) fn end_all(c: &Connection, id: AccountId) -> Result<()> {
    c.prepare_cached("DELETE FROM sessions WHERE account_id = ?1")?
        .execute([id.0])?;
    Ok(())
}

impl Registry {
    /// Starts a session (the caller made the id and hashed it).
    pub fn add_session(
        &self,
        id_hash: &str,
        account: AccountId,
        pending_totp: bool,
        now: i64,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO sessions (id_hash, account_id, created_at, seen_at, pending_totp)
                 VALUES (?1, ?2, ?3, ?3, ?4)",
            )?
            .execute(params![id_hash, account.0, now, pending_totp])?;
        Ok(())
    }

    /// The session with this hash, if any, with its account not disabled.
    pub fn session(&self, id_hash: &str) -> Result<Option<Session>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT s.account_id, s.created_at, s.seen_at, s.pending_totp
                 FROM sessions s JOIN accounts a ON a.id = s.account_id
                 WHERE s.id_hash = ?1 AND a.disabled = 0",
            )?
            .query_row([id_hash], |r| {
                Ok(Session {
                    account: AccountId(r.get(0)?),
                    created_at: r.get(1)?,
                    seen_at: r.get(2)?,
                    pending_totp: r.get(3)?,
                })
            })
            .optional()?)
    }

    /// The session with this hash and its account, read together: a request's one
    /// statement to the registry (on PostgreSQL a round trip, shared by every request).
    /// As [`Registry::session`], a disabled account's sessions are not found.
    pub fn signed_in(&self, id_hash: &str) -> Result<Option<(Session, Account)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT a.id, a.email, a.is_admin, a.disabled, a.password_hash IS NOT NULL,
                        a.totp_secret IS NOT NULL, a.created_at,
                        s.created_at, s.seen_at, s.pending_totp
                 FROM sessions s JOIN accounts a ON a.id = s.account_id
                 WHERE s.id_hash = ?1 AND a.disabled = 0",
            )?
            .query_row([id_hash], |r| {
                let account = account_row(r)?;
                Ok((
                    Session {
                        account: account.id,
                        created_at: r.get(7)?,
                        seen_at: r.get(8)?,
                        pending_totp: r.get(9)?,
                    },
                    account,
                ))
            })
            .optional()?)
    }

    /// Notes that the session was used at `now`.
    pub fn touch_session(&self, id_hash: &str, now: i64) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE sessions SET seen_at = ?2 WHERE id_hash = ?1")?
            .execute(params![id_hash, now])?;
        Ok(())
    }

    pub fn end_session(&self, id_hash: &str) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM sessions WHERE id_hash = ?1")?
            .execute([id_hash])?;
        Ok(())
    }

    /// Ends every session of the account ("log out everywhere").
    pub fn end_sessions(&self, account: AccountId) -> Result<()> {
        end_all(&self.conn, account)
    }

    /// Replaces a session by a new one of the same account (rotation at a change of
    /// privilege), keeping its start so the absolute limit still counts from the login.
    pub fn rotate_session(
        &self,
        old_hash: &str,
        new_hash: &str,
        pending_totp: bool,
        now: i64,
    ) -> Result<bool> {
        self.atomic(|c| {
            let n = c
                .prepare_cached(
                    "INSERT INTO sessions (id_hash, account_id, created_at, seen_at, pending_totp)
                     SELECT CAST(?2 AS TEXT), account_id, created_at, CAST(?3 AS INTEGER),
                            CAST(?4 AS INTEGER) FROM sessions WHERE id_hash = ?1",
                )?
                .execute(params![old_hash, new_hash, now, pending_totp])?;
            c.prepare_cached("DELETE FROM sessions WHERE id_hash = ?1")?
                .execute([old_hash])?;
            Ok(n == 1)
        })
    }

    /// Removes sessions idle since before `idle_before` or started before `started_before`.
    pub fn prune_sessions(&self, idle_before: i64, started_before: i64) -> Result<usize> {
        Ok(self
            .conn
            .prepare_cached("DELETE FROM sessions WHERE seen_at < ?1 OR created_at < ?2")?
            .execute(params![idle_before, started_before])?)
    }

    pub fn count_sessions(&self, account: AccountId) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM sessions WHERE account_id = ?1")?
            .query_row([account.0], |r| r.get(0))?)
    }
}
