//! Passwords for devices: what a CardDAV or CalDAV client signs in with. Each has a name
//! (the device), is kept only as the hash the caller made (argon2id, by
//! warmline-accounts), and remembers when it was made and last used. Times are seconds
//! since the Unix epoch, given by the caller: the store does not read the clock.

use crate::db::{OptionalExtension, params};

use crate::{Result, Store, StoreError};

/// The longest device name kept.
pub const APP_PASSWORD_NAME_MAX: usize = 64;

/// A device's password as listed: never the password, never its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppPassword {
    pub name: String,
    pub created_at: i64,
    pub last_used: Option<i64>,
}

/// A device's name as typed, trimmed; refused when empty, too long or holding control
/// characters (it is shown in lists and typed again to revoke it).
pub fn app_password_name(typed: &str) -> Result<String> {
    let name = typed.trim();
    if name.is_empty() {
        return Err(StoreError::Invalid(
            "give the device a name, such as \"phone\"".into(),
        ));
    }
    if name.chars().count() > APP_PASSWORD_NAME_MAX {
        return Err(StoreError::Invalid(format!(
            "a device name is at most {APP_PASSWORD_NAME_MAX} characters"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(StoreError::Invalid(
            "a device name cannot hold control characters".into(),
        ));
    }
    Ok(name.to_string())
}

impl Store {
    /// Keeps a new device password under `name`. A name already in use is refused, so a
    /// device's password is never replaced without revoking it first.
    pub fn add_app_password(&self, name: &str, hash: &str, now: i64) -> Result<()> {
        let name = app_password_name(name)?;
        self.atomic(|s| {
            let taken: Option<i64> = s
                .conn()
                .prepare_cached("SELECT 1 FROM app_passwords WHERE name = ?1")?
                .query_row([&name], |r| r.get(0))
                .optional()?;
            if taken.is_some() {
                return Err(StoreError::Invalid(format!(
                    "there is already a device password named \"{name}\": remove it first"
                )));
            }
            s.exec(
                "INSERT INTO app_passwords (name, hash, created_at) VALUES (?1, ?2, ?3)",
                params![name, hash, now],
            )?;
            Ok(())
        })
    }

    /// Every device password, by name.
    pub fn app_passwords(&self) -> Result<Vec<AppPassword>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT name, created_at, last_used FROM app_passwords ORDER BY name",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(AppPassword {
                    name: r.get(0)?,
                    created_at: r.get(1)?,
                    last_used: r.get(2)?,
                })
            })?
            .collect::<crate::db::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The names and stored hashes, for checking a password a device presents.
    pub fn app_password_hashes(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT name, hash FROM app_passwords ORDER BY name")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<crate::db::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Revokes the device password `name`; an unknown name is an error naming it.
    pub fn remove_app_password(&self, name: &str) -> Result<()> {
        let removed = self.exec(
            "DELETE FROM app_passwords WHERE name = ?1",
            params![name.trim()],
        )?;
        if removed == 0 {
            return Err(StoreError::NotFound(format!(
                "no device password named \"{}\"",
                name.trim()
            )));
        }
        Ok(())
    }

    /// Notes that the device password `name` was used at `now`. Written at most once a
    /// minute per device, so a client's burst of requests costs one write.
    pub fn app_password_used(&self, name: &str, now: i64) -> Result<()> {
        self.exec(
            "UPDATE app_passwords SET last_used = ?2
             WHERE name = ?1 AND (last_used IS NULL OR last_used < ?2 - 60)",
            params![name, now],
        )?;
        Ok(())
    }
}
