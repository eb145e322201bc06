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

/// The settings `warmline server set` stores as text (the SMTP address, the digest's
/// sender, the server's public address).
pub const SMTP: &str = "smtp";
pub const SMTP_FROM: &str = "smtp_from";
pub const PUBLIC_URL: &str = "public_url";

impl Registry {
    /// A setting stored as text, if it was set.
    pub fn server_setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM server_settings WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    /// Stores a setting as text (an empty value forgets it).
    pub fn set_server_setting(&self, key: &str, value: &str) -> Result<()> {
        self.atomic(|c| {
            if value.is_empty() {
                c.prepare_cached("DELETE FROM server_settings WHERE key = ?1")?
                    .execute([key])?;
                return Ok(());
            }
            c.prepare_cached("INSERT OR IGNORE INTO server_settings (key, value) VALUES (?1, ?2)")?
                .execute(params![key, value])?;
            c.prepare_cached("UPDATE server_settings SET value = ?2 WHERE key = ?1")?
                .execute(params![key, value])?;
            Ok(())
        })
    }
}
