//! The registry's own embedded, versioned migrations (`user_version`, one transaction per
//! step), apart from those of the per-account databases. On PostgreSQL the registry's
//! tables come with the store's schema (migration 002).

use std::path::Path;

use crate::Result;
use crate::migrate::{apply, current_version};

const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("migrations/001_registry.sql")),
    (2, include_str!("migrations/002_totp_step.sql")),
    (3, include_str!("migrations/003_digest.sql")),
];

/// The registry schema version this build writes.
pub const LATEST: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

pub(super) fn migrate(conn: &mut rusqlite::Connection, path: &Path) -> Result<()> {
    let current = current_version(conn, path, LATEST, "the server")?;
    apply(conn, MIGRATIONS, current)
}
