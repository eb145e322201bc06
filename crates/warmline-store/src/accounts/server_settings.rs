//! The server's own settings.

use crate::db::{OptionalExtension, params};

use super::Registry;
use crate::Result;

const OPEN_SIGNUP: &str = "open_signup";

impl Registry {
    /// Whether anyone may create an account at /signup (off unless turned on).
    pub fn open_signup(&self) -> Result<bool> {
        let value: Option<String> = self
            .conn
            .prepare_cached("SELECT value FROM server_settings WHERE key = ?1")?
            .query_row([OPEN_SIGNUP], |r| r.get(0))
            .optional()?;
        Ok(value.as_deref() == Some("on"))
    }

    pub fn set_open_signup(&self, on: bool) -> Result<()> {
        // Insert, then update: the statements mean the same on both backends (the
        // PostgreSQL side gives a conflict target the account's column, which the
        // registry's tables do not have).
        self.atomic(|c| {
            let value = if on { "on" } else { "off" };
            c.prepare_cached("INSERT OR IGNORE INTO server_settings (key, value) VALUES (?1, ?2)")?
                .execute(params![OPEN_SIGNUP, value])?;
            c.prepare_cached("UPDATE server_settings SET value = ?2 WHERE key = ?1")?
                .execute(params![OPEN_SIGNUP, value])?;
            Ok(())
        })
    }
}
