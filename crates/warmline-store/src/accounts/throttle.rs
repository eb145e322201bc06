//! Failed logins per account and per address. The delay they earn is the caller's rule.

use crate::db::{OptionalExtension, Row, params};

use super::{AccountId, Registry};
use crate::Result;

/// How many logins failed in a row, the latest at `last_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Failures {
    pub count: u32,
    pub last_at: i64,
}

fn read(row: &Row<'_>) -> crate::db::Result<Failures> {
    Ok(Failures {
        count: row.get(0)?,
        last_at: row.get(1)?,
    })
}

impl Registry {
    pub fn account_failures(&self, id: AccountId) -> Result<Failures> {
        Ok(self
            .conn
            .prepare_cached("SELECT failures, last_at FROM account_failures WHERE account_id = ?1")?
            .query_row([id.0], read)
            .optional()?
            .unwrap_or_default())
    }

    pub fn address_failures(&self, address: &str) -> Result<Failures> {
        Ok(self
            .conn
            .prepare_cached("SELECT failures, last_at FROM address_failures WHERE address = ?1")?
            .query_row([address], read)
            .optional()?
            .unwrap_or_default())
    }

    /// Counts a failed login from `address`, for `account` when the e-mail named one.
    pub fn record_failure(
        &self,
        account: Option<AccountId>,
        address: &str,
        now: i64,
    ) -> Result<()> {
        // Insert, then count: the same on both backends (see `set_open_signup`).
        self.atomic(|c| {
            if let Some(id) = account {
                c.prepare_cached(
                    "INSERT OR IGNORE INTO account_failures (account_id, failures, last_at)
                     VALUES (?1, 0, ?2)",
                )?
                .execute(params![id.0, now])?;
                c.prepare_cached(
                    "UPDATE account_failures SET failures = failures + 1, last_at = ?2
                     WHERE account_id = ?1",
                )?
                .execute(params![id.0, now])?;
            }
            c.prepare_cached(
                "INSERT OR IGNORE INTO address_failures (address, failures, last_at)
                 VALUES (?1, 0, ?2)",
            )?
            .execute(params![address, now])?;
            c.prepare_cached(
                "UPDATE address_failures SET failures = failures + 1, last_at = ?2
                 WHERE address = ?1",
            )?
            .execute(params![address, now])?;
            Ok(())
        })
    }

    /// Forgets the failures after a successful login.
    pub fn clear_failures(&self, account: AccountId, address: &str) -> Result<()> {
        self.atomic(|c| {
            c.prepare_cached("DELETE FROM account_failures WHERE account_id = ?1")?
                .execute([account.0])?;
            c.prepare_cached("DELETE FROM address_failures WHERE address = ?1")?
                .execute([address])?;
            Ok(())
        })
    }
}
