//! The registry's own embedded, versioned migrations (`user_version`, one transaction per
//! step), apart from those of the per-account databases.

use super::Registry;
use crate::{Result, StoreError, sql};

const MIGRATIONS: &[(i64, &str)] = &[(1, include_str!("migrations/001_registry.sql"))];

/// The registry schema version this build writes.
pub const LATEST: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

pub(super) fn migrate(registry: &mut Registry) -> Result<()> {
    let path = registry.path.clone();
    let current: i64 = registry
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| sql::classify(&path, &e))?;
    if current > LATEST {
        return Err(StoreError::TooNew {
            path,
            found: current,
            known: LATEST,
        });
    }
    if current == 0 {
        let tables: i64 = registry.conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        if tables > 0 {
            return Err(StoreError::NotADatabase {
                path,
                reason: "it holds tables the server did not create".into(),
            });
        }
    }
    for (version, text) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        let tx = registry.conn.transaction()?;
        tx.execute_batch(text)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}
