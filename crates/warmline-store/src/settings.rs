//! Settings, stored as one JSON document so new keys need no migration.

use crate::db::{OptionalExtension, params};
use warmline_core::settings::Settings;

use crate::{Result, Store, StoreError};

const KEY: &str = "settings";

impl Store {
    pub fn settings(&self) -> Result<Settings> {
        // Cached: a page reads the settings several times, and parsing the SQL each time
        // cost more than the read.
        let raw: Option<String> = self
            .conn()
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([KEY], |r| r.get(0))
            .optional()?;
        match raw {
            None => Ok(Settings::default()),
            Some(json) => serde_json::from_str(&json).map_err(|e| {
                StoreError::Invalid(format!("the stored settings cannot be read: {e}"))
            }),
        }
    }

    pub fn save_settings(&self, settings: &Settings) -> Result<()> {
        let json = serde_json::to_string(settings)
            .map_err(|e| StoreError::Invalid(format!("settings cannot be written: {e}")))?;
        self.exec(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![KEY, json],
        )?;
        Ok(())
    }

    /// Reads, changes and writes the settings in one transaction.
    pub fn update_settings(&self, f: impl FnOnce(&mut Settings) -> Result<()>) -> Result<Settings> {
        self.atomic(|s| {
            let mut settings = s.settings()?;
            f(&mut settings)?;
            s.save_settings(&settings)?;
            Ok(settings)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_default_missing_keys() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.settings().unwrap(), Settings::default());
        store
            .conn()
            .execute("INSERT INTO settings (key, value) VALUES ('settings', '{\"after_event_days\": 3}')", [])
            .unwrap();
        let s = store.settings().unwrap();
        assert_eq!(s.after_event_days, 3);
        assert_eq!(s.time_budget_minutes, 20);
        store
            .update_settings(|s| {
                s.my_emails.push("me@example.com".into());
                Ok(())
            })
            .unwrap();
        assert!(store.settings().unwrap().is_my_email("ME@example.com"));
    }
}
