//! The server's own settings.

use rusqlite::{OptionalExtension, params};

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
        self.conn
            .prepare_cached(
                "INSERT INTO server_settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = ?2",
            )?
            .execute(params![OPEN_SIGNUP, if on { "on" } else { "off" }])?;
        Ok(())
    }
}
