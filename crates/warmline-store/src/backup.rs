//! Checking a backup file and restoring from it.
//!
//! A restore goes through SQLite's backup API into the open database rather than
//! replacing the file: the write-ahead log and any other connection (the server) see one
//! consistent switch, where renaming a file under them would corrupt it.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::{Result, Store, StoreError, migrate, sql};

/// What a backup file holds, once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupInfo {
    pub schema_version: i64,
    pub people: i64,
}

impl Store {
    /// Checks that `path` is a warmline database this version can read, without changing
    /// it: an SQLite file, a known schema version, warmline's tables, and intact.
    pub fn check_backup(path: &Path) -> Result<BackupInfo> {
        let not = |reason: String| StoreError::NotADatabase {
            path: path.to_path_buf(),
            reason,
        };
        let mut head = [0u8; 16];
        let read = std::fs::File::open(path)
            .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head));
        match read {
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                return Err(not("it is too short to be an SQLite database".into()));
            }
            Err(e) => {
                return Err(StoreError::Open {
                    path: path.to_path_buf(),
                    reason: e.to_string(),
                });
            }
            Ok(()) if &head != b"SQLite format 3\0" => {
                return Err(not("it is not an SQLite database".into()));
            }
            Ok(()) => {}
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| not(sql::describe(&e)))?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| not(sql::describe(&e)))?;
        if version > migrate::LATEST {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                known: migrate::LATEST,
            });
        }
        let has_people: Option<i64> = conn
            .query_row(
                "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'people'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| not(sql::describe(&e)))?;
        if version < 1 || has_people.is_none() {
            return Err(not("it holds no warmline data".into()));
        }
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| not(sql::describe(&e)))?;
        if check != "ok" {
            return Err(not(format!("it is damaged ({check})")));
        }
        let people = conn
            .query_row("SELECT count(*) FROM people", [], |r| r.get(0))
            .map_err(|e| not(sql::describe(&e)))?;
        Ok(BackupInfo {
            schema_version: version,
            people,
        })
    }

    /// Replaces this database's content with the backup at `path` (checked first), then
    /// brings its schema up to date.
    pub fn restore_from(&mut self, path: &Path) -> Result<BackupInfo> {
        let info = Store::check_backup(path)?;
        let crate::db::Connection::Sqlite(conn) = &mut self.conn else {
            return Err(StoreError::Invalid(
                "a hosted database is restored by its server".into(),
            ));
        };
        conn.restore(
            rusqlite::MAIN_DB,
            path,
            None::<fn(rusqlite::backup::Progress)>,
        )
        .map_err(|e| StoreError::Invalid(format!("{}: {}", path.display(), sql::describe(&e))))?;
        migrate::migrate(self)?;
        self.rebuild_search_index()?;
        // Readers that keep summaries must not trust what they kept of the old file.
        self.atomic(|s| s.log_everyone_changed())?;
        Ok(info)
    }
}
