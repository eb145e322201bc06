//! warmline's persistence.
//!
//! Every SQL statement of the project lives in this crate. Callers speak domain types
//! (`Person`, `FollowUp`, `Settings`); nothing above this crate sees a connection, a row or
//! a query string. That keeps a second backend (PostgreSQL for hosted use) a matter of
//! implementing the same methods and passing the same tests.
//!
//! The store is synchronous and owns one SQLite connection. It runs in WAL mode with a busy
//! timeout so the CLI and the server can write to one file at once, and every multi-step
//! change runs inside [`Store::atomic`], so it lands whole or not at all.

mod candidates;
mod error;
mod events;
mod facts;
mod followups;
mod gives;
mod goals;
mod graph;
mod interactions;
mod jobs;
mod links;
mod matches;
mod migrate;
mod needs;
mod neighbourhood;
mod orgs;
mod people;
mod plan_sources;
mod search;
mod settings;
mod shared;
mod sql;
mod views;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

pub use candidates::{GoalCandidate, GoalCandidates, KNOWN_WARMTH, OrgCandidate, Reachability};
pub use error::StoreError;
pub use events::MetAtEvent;
pub use gives::{Give, GiveBalance};
pub use goals::{GoalMembership, NewGoal, PipelinePerson};
pub use graph::{BOUNDS, LOCAL_LIMIT, PathStats, PathTarget, TargetKind};
pub use jobs::JobStageChange;
pub use links::{DEFAULT_LINK_STRENGTH, Link, LinkChange, validate_strength};
pub use needs::{NeedOffer, NeedOrOffer};
pub use orgs::OrgFields;
pub use people::{NewPerson, PersonPatch};
pub use plan_sources::GIVE_REST_DAYS;
pub use search::SearchHit;
pub use views::{ListFilter, PersonSummary, SortBy};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open warmline database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// While set, changes skip the per-person search-index refresh; bulk loads set it and
    /// rebuild the index once at the end.
    defer_indexing: std::cell::Cell<bool>,
}

impl Store {
    /// Opens (creating if needed, with its folder) the database at `path` and brings its
    /// schema up to date, copying it aside first when it already holds data.
    pub fn open(path: &Path) -> Result<Store> {
        if path.is_dir() {
            return Err(StoreError::Open {
                path: path.to_path_buf(),
                reason: "it is a directory".into(),
            });
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| StoreError::Open {
            path: path.to_path_buf(),
            reason: sql::describe(&e),
        })?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            defer_indexing: false.into(),
        };
        store.configure()?;
        migrate::migrate(&mut store)?;
        Ok(store)
    }

    /// A private database in memory, for tests.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store {
            conn,
            path: None,
            defer_indexing: false.into(),
        };
        store.configure()?;
        migrate::migrate(&mut store)?;
        Ok(store)
    }

    fn configure(&self) -> Result<()> {
        let path = self.path.clone().unwrap_or_default();
        let not_db = |e: rusqlite::Error| StoreError::NotADatabase {
            path: path.clone(),
            reason: sql::describe(&e),
        };
        // Room for every statement a bulk load repeats: with the default 16, logging an
        // interaction evicted its own statements and prepared them again every time.
        self.conn.set_prepared_statement_cache_capacity(64);
        // Five seconds of patience: a second writer (the server, another CLI) holds the lock
        // only for the length of one short transaction.
        self.conn
            .busy_timeout(std::time::Duration::from_secs(5))
            .map_err(not_db)?;
        self.conn
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = NORMAL;
                 PRAGMA foreign_keys = ON;
                 PRAGMA temp_store = MEMORY;",
            )
            .map_err(not_db)?;
        Ok(())
    }

    /// Runs a bulk load: per-change search indexing is skipped and the whole index is
    /// rebuilt once at the end, inside the same transaction.
    pub fn bulk<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        self.atomic(|s| {
            s.defer_indexing.set(true);
            let result = f(s);
            s.defer_indexing.set(false);
            let value = result?;
            s.rebuild_search_index()?;
            Ok(value)
        })
    }

    /// The file behind this store, if it has one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `f` inside one write transaction: all of it lands, or none of it. Nested calls
    /// join the outer transaction through a savepoint.
    pub fn atomic<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        let outermost = self.conn.is_autocommit();
        // IMMEDIATE takes the write lock up front, so a concurrent writer waits on the busy
        // timeout here instead of failing later with "database is locked" mid-transaction.
        self.conn.execute_batch(if outermost {
            "BEGIN IMMEDIATE"
        } else {
            "SAVEPOINT nested"
        })?;
        match f(self) {
            Ok(value) => {
                self.conn.execute_batch(if outermost {
                    "COMMIT"
                } else {
                    "RELEASE nested"
                })?;
                Ok(value)
            }
            Err(e) => {
                let undo = if outermost {
                    "ROLLBACK"
                } else {
                    "ROLLBACK TO nested; RELEASE nested"
                };
                // The original error matters more than a failure to roll back.
                let _ = self.conn.execute_batch(undo);
                Err(e)
            }
        }
    }

    /// Copies the whole database to `dest` with SQLite's online backup, safe while other
    /// processes write.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        self.conn
            .backup(
                rusqlite::MAIN_DB,
                dest,
                None::<fn(rusqlite::backup::Progress)>,
            )
            .map_err(|e| StoreError::Invalid(format!("{}: {}", dest.display(), sql::describe(&e))))
    }

    /// `PRAGMA integrity_check`: "ok" or the first problems found.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}
