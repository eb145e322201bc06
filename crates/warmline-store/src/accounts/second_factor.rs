//! The TOTP second factor and its recovery codes.

use crate::db::{OptionalExtension, params};

use super::{AccountId, Registry};
use crate::Result;

/// An account's TOTP secrets: the one in use, and one being set up.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TotpState {
    pub secret: Option<String>,
    pub pending: Option<String>,
}

impl Registry {
    pub fn totp(&self, id: AccountId) -> Result<TotpState> {
        Ok(self
            .conn
            .prepare_cached("SELECT totp_secret, totp_pending FROM accounts WHERE id = ?1")?
            .query_row([id.0], |r| {
                Ok(TotpState {
                    secret: r.get(0)?,
                    pending: r.get(1)?,
                })
            })
            .optional()?
            .unwrap_or_default())
    }

    /// Keeps a secret being set up until a code from it is confirmed.
    pub fn set_totp_pending(&self, id: AccountId, secret: &str) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE accounts SET totp_pending = ?2 WHERE id = ?1")?
            .execute(params![id.0, secret])?;
        Ok(())
    }

    /// Turns the second factor on with the pending secret and these recovery codes
    /// (hashed), replacing any earlier ones.
    pub fn enable_totp(&self, id: AccountId, code_hashes: &[String]) -> Result<()> {
        self.atomic(|c| {
            c.prepare_cached(
                "UPDATE accounts SET totp_secret = totp_pending, totp_pending = NULL
                 WHERE id = ?1 AND totp_pending IS NOT NULL",
            )?
            .execute([id.0])?;
            c.prepare_cached("DELETE FROM recovery_codes WHERE account_id = ?1")?
                .execute([id.0])?;
            let mut insert = c.prepare_cached(
                "INSERT OR IGNORE INTO recovery_codes (account_id, code_hash) VALUES (?1, ?2)",
            )?;
            for h in code_hashes {
                insert.execute(params![id.0, h])?;
            }
            Ok(())
        })
    }

    /// Turns the second factor off and forgets its recovery codes.
    pub fn disable_totp(&self, id: AccountId) -> Result<()> {
        self.atomic(|c| {
            c.prepare_cached(
                "UPDATE accounts SET totp_secret = NULL, totp_pending = NULL WHERE id = ?1",
            )?
            .execute([id.0])?;
            c.prepare_cached("DELETE FROM recovery_codes WHERE account_id = ?1")?
                .execute([id.0])?;
            Ok(())
        })
    }

    /// Accepts a TOTP code of `step` once: false when a code of this step or a later one
    /// was accepted already (a replay).
    pub fn use_totp_step(&self, id: AccountId, step: u64) -> Result<bool> {
        let step = i64::try_from(step).unwrap_or(i64::MAX);
        Ok(self
            .conn
            .prepare_cached(
                "UPDATE accounts SET totp_last_step = ?2 WHERE id = ?1 AND totp_last_step < ?2",
            )?
            .execute(params![id.0, step])?
            == 1)
    }

    /// Uses up a recovery code; false when the account has no such code.
    pub fn use_recovery_code(&self, id: AccountId, code_hash: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("DELETE FROM recovery_codes WHERE account_id = ?1 AND code_hash = ?2")?
            .execute(params![id.0, code_hash])?
            == 1)
    }

    pub fn count_recovery_codes(&self, id: AccountId) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM recovery_codes WHERE account_id = ?1")?
            .query_row([id.0], |r| r.get(0))?)
    }
}
