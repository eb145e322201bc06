use std::path::PathBuf;

use thiserror::Error;
use warmline_core::CoreError;
use warmline_core::resolve::ResolveError;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("cannot open {}: {reason}", path.display())]
    Open { path: PathBuf, reason: String },
    #[error("{} is not a warmline database ({reason})", path.display())]
    NotADatabase { path: PathBuf, reason: String },
    /// The file may be fine, but the disk or the system would not let it be used: a full
    /// disk, a read-only file or folder, a lock, a failing disk. The message says what to
    /// do; it is never taken for damage.
    #[error("{}: {reason}", path.display())]
    Unusable { path: PathBuf, reason: String },
    #[error(
        "{} was written by a newer warmline (schema version {found}; this version knows up to {known}): upgrade warmline",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error("database error: {}", crate::sql::describe(.0))]
    Sql(#[from] rusqlite::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// A PostgreSQL failure, in its own words.
    #[error("database error: {0}")]
    Database(String),
}

impl From<crate::db::Error> for StoreError {
    fn from(e: crate::db::Error) -> StoreError {
        match e {
            crate::db::Error::Sql(e) => StoreError::Sql(e),
            e @ crate::db::Error::Postgres(_) => StoreError::Database(e.to_string()),
        }
    }
}
