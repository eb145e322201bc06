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

pub mod accounts;
mod activity;
mod add_check;
mod app_passwords;
mod backup;
mod candidates;
mod client_entries;
mod dav;
mod db;
mod digest;
mod dump;
mod error;
mod events;
mod export;
mod facts;
mod followup_backlog;
mod followups;
mod gives;
mod goals;
mod graph;
mod import;
mod import_interactions;
mod import_people;
mod interaction_edits;
mod interactions;
mod interactions_aside;
pub use interactions_aside::InteractionsAside;
mod jobs;
mod links;
mod matches;
mod merge;
mod migrate;
mod needs;
mod neighbourhood;
mod orgs;
mod people;
mod person_edits;
mod plan_follow_ups;
mod plan_rhythm;
mod plan_sources;
mod postgres;
pub use postgres::Entered;
pub mod private;
mod scheduled;
mod schema;
mod search;
mod search_postgres;
mod settings;
mod shared;
mod snapshot;
mod sql;
mod summary_changes;
mod tiers;
mod today;
mod told;
mod trash;
mod triage;
mod views;
mod went_cold;

use std::path::{Path, PathBuf};

use rusqlite::OpenFlags;

use crate::db::{Connection, OptionalExtension};

pub use add_check::LikelyDuplicate;
pub use app_passwords::{APP_PASSWORD_NAME_MAX, AppPassword, app_password_name};
pub use backup::BackupInfo;
pub use candidates::{GoalCandidate, GoalCandidates, KNOWN_WARMTH, OrgCandidate, Reachability};
pub use client_entries::ClientEntry;
pub use dav::DavChange;
pub use dump::BACKUP_FORMAT;
pub use error::StoreError;
pub use events::MetAtEvent;
pub use export::{DueEntry, ExportPerson, person_uid};
pub use followup_backlog::{FollowUpPage, FollowUpRow, FollowUpScope};
pub use gives::{Give, GiveBalance};
pub use goals::{GoalMembership, NewGoal, PipelinePerson};
pub use graph::{BOUNDS, LOCAL_LIMIT, PathStats, PathTarget, TargetKind};
pub use import::{
    Change, Counts, ImportOptions, ImportReport, Importer, IncomingContact, IncomingInteraction,
    IncomingParticipant, JobChangeReport, JobRef, PersonRef, RecordError, SharedWith,
};
pub use import_interactions::InteractionOutcome;
pub use import_people::Outcome;
pub use interaction_edits::{HistoryEntry, InteractionEdit};
pub use jobs::JobStageChange;
pub use links::{DEFAULT_LINK_STRENGTH, Link, LinkChange, validate_strength};
pub use migrate::Upgrade;
pub use needs::{NeedOffer, NeedOrOffer};
pub use orgs::OrgFields;
pub use people::{NewPerson, PersonPatch};
pub use plan_sources::{GIVE_REST_DAYS, KNOWN_DAYS};
pub use scheduled::Upcoming;
pub use search::{RANKED_AT_MOST, SearchHit};
pub use summary_changes::SummaryChanges;
pub use tiers::{SOURCES, TierChange, TierFilter, TierTarget};
pub use today::DoneItem;
pub use trash::{Removal, RemovedKind, TRASH_HOURS, TrashId};
pub use triage::{TriageApplied, TriageEntry};
pub use views::{ListFilter, Page, PersonSummary, SortBy};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// How long a write waits for another connection's write to finish. Most hold the lock
/// for one short transaction; an import or the demo holds it for the whole file (a 1 GB
/// mail archive takes about five seconds), and a click in the browser or a `log` typed
/// meanwhile should wait that out rather than fail.
pub const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// The page cache of a command, in KiB (see `Store::configure`).
const CACHE_KIB: u32 = 4_096;
/// The page cache of a bulk load, in KiB.
const BULK_CACHE_KIB: u32 = 32_768;

/// The page cache while a fresh load builds its indexes, in KiB: also the size of each
/// piece its sorter hands a helper thread (see `Store::build_indexes`).
const SORT_CACHE_KIB: u32 = 8_192;

/// The tables a fresh load fills with most rows, whose indexes it builds once at its end.
const LOADED_TABLES: &[&str] = &[
    "people",
    "interactions",
    "interaction_people",
    "person_emails",
    "work_history",
    "needs_offers",
    "follow_ups",
    "links",
];

/// An open warmline database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Set during [`Store::bulk`]: per-row upkeep (search index, last contact, after-event
    /// follow-ups, savepoints) is skipped and done once, set-based, at the end.
    in_bulk: std::cell::Cell<bool>,
    /// A bulk load's interactions written by a second thread (`interactions_aside`).
    aside: interactions_aside::Slot,
}

impl Store {
    /// Opens (creating if needed, with its folder) the database at `path` and brings its
    /// schema up to date, copying it aside first when it already holds data.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_noting_upgrade(path, |_| {})
    }

    /// [`Store::open`], calling `note` before a file written by an earlier version is
    /// copied aside and upgraded, which takes seconds on a large one.
    pub fn open_noting_upgrade(path: &Path, mut note: impl FnMut(&Upgrade)) -> Result<Store> {
        if path.is_dir() {
            return Err(StoreError::Open {
                path: path.to_path_buf(),
                reason: "it is a directory".into(),
            });
        }
        private::prepare_database(path).map_err(|e| StoreError::Open {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = rusqlite::Connection::open_with_flags(path, flags)
            .map_err(|e| sql::classify(path, &e))?;
        let mut store = Store {
            conn: Connection::Sqlite(conn),
            path: Some(path.to_path_buf()),
            in_bulk: false.into(),
            aside: Default::default(),
        };
        store.configure()?;
        migrate::migrate_noting(&mut store, &mut note)?;
        // Removals are kept a day; without this, what was removed would stay in the file
        // until the next removal. Bookkeeping: a busy database is pruned another time.
        let _ = store.prune_trash_if_due();
        Ok(store)
    }

    /// A private database in memory, for tests.
    pub fn open_in_memory() -> Result<Store> {
        let conn = rusqlite::Connection::open_in_memory()?;
        let mut store = Store {
            conn: Connection::Sqlite(conn),
            path: None,
            in_bulk: false.into(),
            aside: Default::default(),
        };
        store.configure()?;
        migrate::migrate(&mut store)?;
        Ok(store)
    }

    fn configure(&self) -> Result<()> {
        let Some(conn) = self.conn.sqlite() else {
            return Ok(());
        };
        let path = self.path.clone().unwrap_or_default();
        let not_db = |e: rusqlite::Error| sql::classify(&path, &e);
        // A 4 MiB page cache holds the indexes' upper pages that reads come back to. A
        // larger one made every command of a new process allocate and zero a new buffer
        // for each page it read, where a small one reuses them: at 100,000 people `today`
        // took 41 ms with 32 MiB and 33 ms with 4 MiB. Bulk loads, which do come back to
        // the pages they wrote, raise it for their duration (`Store::bulk`).
        conn.busy_timeout(BUSY_WAIT).map_err(not_db)?;
        conn.set_prepared_statement_cache_capacity(256);
        // The bundled SQLite plans with STAT4, which re-prepares a statement whenever a
        // bound value might change its plan; a stable plan is worth more here than a
        // per-value one, and re-preparing dominated bulk writes.
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )
        .map_err(not_db)?;
        conn.execute_batch(&format!(
            "PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = NORMAL;
                 PRAGMA foreign_keys = ON;
                 PRAGMA temp_store = MEMORY;
                 PRAGMA cache_size = -{CACHE_KIB};"
        ))
        .map_err(not_db)?;
        Ok(())
    }

    /// Runs a bulk load in one transaction. Per-row upkeep is skipped while it runs (the
    /// search index, each person's last contact, completing after-event follow-ups) and
    /// done once at the end with set-based statements, which is what makes a large import
    /// or demo fast. An error anywhere rolls the whole load back.
    pub fn bulk<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        self.with_bulk_cache(|| self.bulk_in(f, false))
    }

    /// Runs `load` with a bulk load's page cache: a large network's indexes stay in
    /// memory for the load instead of being read and zeroed again (a ceiling, not an
    /// allocation), then the cache is small again.
    fn with_bulk_cache<T>(&self, load: impl FnOnce() -> Result<T>) -> Result<T> {
        if let Some(conn) = self.conn.sqlite() {
            conn.execute_batch(&format!("PRAGMA cache_size = -{BULK_CACHE_KIB}"))?;
        }
        let result = load();
        if let Some(conn) = self.conn.sqlite() {
            conn.execute_batch(&format!("PRAGMA cache_size = -{CACHE_KIB}"))?;
        }
        result
    }

    /// `set_aside`: the indexes of [`LOADED_TABLES`] that no row of the load looks up
    /// through go for the load, and are built again, each from sorted rows, once the
    /// load is settled (see [`Store::bulk_fresh`]).
    fn bulk_in<T>(&self, f: impl FnOnce(&Store) -> Result<T>, set_aside: bool) -> Result<T> {
        self.atomic(|s| {
            s.quiet_summary_log(false)?;
            let (aside, seen) = if set_aside {
                (s.set_indexes_aside()?, s.set_seen_aside()?)
            } else {
                (Vec::new(), Vec::new())
            };
            s.in_bulk.set(true);
            let result = f(s);
            s.in_bulk.set(false);
            let value = result?;
            s.settle_bulk()?;
            s.restore_seen(&seen)?;
            if !aside.is_empty() {
                s.build_indexes(&aside)?;
            }
            s.rebuild_search_index()?;
            s.log_everyone_changed()?;
            Ok(value)
        })
    }

    /// Drops the indexes a fresh load would otherwise grow row by row in random order,
    /// and returns each one's name and the statement that made it. Unique indexes stay
    /// (they are constraints), and so does the participants' index by person, which the
    /// search index is rebuilt through.
    fn set_indexes_aside(&self) -> Result<Vec<(String, String)>> {
        let tables = LOADED_TABLES
            .iter()
            .map(|t| format!("'{t}'"))
            .collect::<Vec<_>>()
            .join(", ");
        self.set_schema_aside(&format!(
            "type = 'index' AND tbl_name IN ({tables})
             AND sql NOT LIKE 'CREATE UNIQUE%' AND name <> 'interaction_people_person'"
        ))
    }

    /// The name and the statement that made each index, trigger or table of the file that
    /// `which` (a condition on `sqlite_master`, written in code) picks, by name. SQLite
    /// only; none elsewhere.
    pub(crate) fn schema_of(&self, which: &str) -> Result<Vec<(String, String)>> {
        if self.conn.sqlite().is_none() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn().prepare(&format!(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ({which}) ORDER BY name"
        ))?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// Drops the indexes or triggers `which` picks (see [`Store::schema_of`]) and returns
    /// each one's name and statement, to be run again in the same transaction.
    fn set_schema_aside(&self, which: &str) -> Result<Vec<(String, String)>> {
        let aside = self.schema_of(which)?;
        for (name, sql) in &aside {
            let kind = if sql.starts_with("CREATE TRIGGER") {
                "TRIGGER"
            } else {
                "INDEX"
            };
            self.exec(&format!("DROP {kind} \"{name}\""), [])?;
        }
        Ok(aside)
    }

    /// Builds the indexes a fresh load set aside. Each build sorts a million rows at
    /// 100,000 people; SQLite sorts in pieces on helper threads when its sorter may spill
    /// to temporary files (never with temporary storage in memory, which
    /// [`Store::bulk_fresh`] lifts for the load), and the pieces are as large as the page
    /// cache: a small cache makes several pieces for the cores to share. On two cores this
    /// halved the two date indexes' builds at 100,000 people.
    fn build_indexes(&self, aside: &[(String, String)]) -> Result<()> {
        let helpers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        self.conn.execute_batch(&format!(
            "PRAGMA threads = {helpers}; PRAGMA cache_size = -{SORT_CACHE_KIB}"
        ))?;
        let built = aside
            .iter()
            .try_for_each(|(_, sql)| self.exec(sql, []).map(|_| ()));
        self.conn.execute_batch(&format!(
            "PRAGMA threads = 0; PRAGMA cache_size = -{BULK_CACHE_KIB}"
        ))?;
        built
    }

    /// Drops the triggers that keep each need and offer's copy of its person's last
    /// contact (migration 021) and returns the statements that made them: a fresh load
    /// sets every copy once, after settling ([`Store::restore_seen`]), rather than a
    /// trigger per need written and per person settled (a fifth of the settling, and most
    /// of each need's cost, at 100,000 people).
    fn set_seen_aside(&self) -> Result<Vec<(String, String)>> {
        self.set_schema_aside(
            "type = 'trigger'
             AND name IN ('people_seen', 'needs_offers_seen_insert', 'needs_offers_seen_moved')",
        )
    }

    /// Brings every need and offer's copy of its person's last contact up to date, as the
    /// triggers [`Store::set_seen_aside`] dropped would have, and puts them back, in the
    /// same transaction.
    fn restore_seen(&self, aside: &[(String, String)]) -> Result<()> {
        if aside.is_empty() {
            return Ok(());
        }
        self.exec(
            "UPDATE needs_offers SET seen_on = (SELECT last_contact FROM people WHERE people.id = needs_offers.person_id)
              WHERE person_id IS NOT NULL
                AND seen_on IS NOT (SELECT last_contact FROM people WHERE people.id = needs_offers.person_id)",
            [],
        )?;
        for (_, sql) in aside {
            self.exec(sql, [])?;
        }
        Ok(())
    }

    /// A bulk load into a database that holds nothing yet, as the demo makes. Outside WAL
    /// the load writes each page once, straight to the file, instead of twice (to the
    /// log, then back by the checkpoint); a crash still leaves all or nothing, through the
    /// rollback journal. When another connection has the database open the mode cannot
    /// change, and this is an ordinary bulk load.
    ///
    /// For loads that add rows: every reference is checked once, at the end, so a delete
    /// inside it would not reach the rows that name what it deleted.
    pub fn bulk_fresh<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        let mode = |m: &str| -> Result<bool> {
            let Some(conn) = self.conn.sqlite() else {
                return Ok(false);
            };
            let now: String =
                conn.query_row(&format!("PRAGMA journal_mode = {m}"), [], |r| r.get(0))?;
            Ok(now.eq_ignore_ascii_case(m))
        };
        let outermost = self.conn.is_autocommit();
        let switched = self.path.is_some() && outermost && mode("DELETE").unwrap_or(false);
        // Each participant, fact and address looked up its person and interaction as it was
        // written; one check of every reference at the end reads the same rows once, in
        // order. SQLite changes this only outside a transaction.
        let checked_once = outermost && self.conn.sqlite().is_some();
        if checked_once {
            self.conn
                .execute_batch("PRAGMA foreign_keys = OFF; PRAGMA temp_store = FILE")?;
        }
        // The big tables' indexes are built once from the loaded rows, sorted, rather than
        // grown by millions of inserts in random order (the participants' date index alone
        // was a third of the demo's time). In the same transaction, so a crash leaves them
        // as they were.
        let result = self.with_bulk_cache(|| {
            self.bulk_in(
                |s| {
                    let value = f(s)?;
                    if checked_once {
                        s.check_references()?;
                    }
                    Ok(value)
                },
                true,
            )
        });
        if checked_once {
            // Every later statement on this connection relies on it; should it fail, the
            // next open sets it again.
            let _ = self
                .conn
                .execute_batch("PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY");
        }
        if switched {
            // Should this fail, the file stays in rollback mode only until the next open,
            // which asks for WAL again.
            let _ = mode("WAL");
        }
        result
    }

    /// Fails with the first row that names a row that is not there, as the foreign keys
    /// would have as it was written.
    fn check_references(&self) -> Result<()> {
        let broken: Option<(String, i64, String)> = self
            .conn()
            .query_row(
                "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check LIMIT 1",
                [],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                        r.get(2)?,
                    ))
                },
            )
            .optional()?;
        match broken {
            Some((table, row, parent)) => Err(StoreError::Invalid(format!(
                "row {row} of {table} names a {parent} row that is not there"
            ))),
            None => Ok(()),
        }
    }

    /// What a bulk load skipped row by row, for all its rows at once: each person's last
    /// contact and the after-event rule. Both read the participants' own copy of their
    /// interaction's day (migration 022) in one pass, grouped by person, rather than each
    /// person's interactions one lookup at a time.
    fn settle_bulk(&self) -> Result<()> {
        // Rows written without their copy (a restore) get it first.
        self.fill_touch_copies()?;
        // The last day the history counts to, read once and bound: looked up inside the
        // statements, it was tested with every participant, a third of each statement.
        let until = self
            .contacts_as_of()?
            .map_or_else(|| "9999-12-31".to_string(), sql::iso);
        self.exec(
            "UPDATE people SET last_contact = NULL
              WHERE last_contact IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM interaction_people ip WHERE ip.person_id = people.id
                       AND ip.on_date <= ?1)",
            [&until],
        )?;
        self.exec(
            "UPDATE people SET last_contact = last.on_date
             FROM (SELECT person_id, max(on_date) AS on_date FROM interaction_people
                    WHERE on_date <= ?1
                    GROUP BY person_id) AS last
             WHERE last.person_id = people.id
               AND (people.last_contact IS NULL OR people.last_contact <> last.on_date)",
            [&until],
        )?;
        // The after-event rule: the first interaction after the meeting completes the
        // follow-up, on that interaction's day. Read from each open follow-up's person's
        // own participants: taken the other way, from every participant of everyone, it
        // cost twice as much at 100,000 people, where one in three has such a follow-up.
        self.exec(
            "UPDATE follow_ups SET status = 'done', done_on = first.on_date
             FROM (SELECT f.id, (SELECT min(ip.on_date) FROM interaction_people ip
                                  WHERE ip.person_id = f.person_id
                                    AND ip.on_date > coalesce(p.met_on, date(p.created_on, '-1 day'))
                                    AND ip.on_date <= ?1) AS on_date
                     FROM follow_ups f JOIN people p ON p.id = f.person_id
                    WHERE f.origin = 'after_event' AND f.status IN ('open', 'snoozed')) AS first
             WHERE first.id = follow_ups.id AND first.on_date IS NOT NULL",
            [&until],
        )?;
        Ok(())
    }

    /// The file behind this store, if it has one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `f` inside one write transaction: all of it lands, or none of it. Nested calls
    /// join the outer transaction through a savepoint.
    pub fn atomic<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        let outermost = self.conn.is_autocommit();
        if !outermost && self.in_bulk.get() {
            // Inside a bulk load any error rolls the whole load back, so a savepoint per
            // row would only cost time.
            return f(self);
        }
        // IMMEDIATE takes the write lock up front, so a concurrent writer waits on the busy
        // timeout here instead of failing later with "database is locked" mid-transaction.
        self.exec(
            if outermost {
                "BEGIN IMMEDIATE"
            } else {
                "SAVEPOINT nested"
            },
            [],
        )?;
        let result = match f(self) {
            Ok(value) => self
                .exec(
                    if outermost {
                        "COMMIT"
                    } else {
                        "RELEASE nested"
                    },
                    [],
                )
                .map(|_| value),
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
        };
        if outermost {
            self.detach_asides();
        }
        result
    }

    /// Runs reads inside one read transaction: they all see the same state of the
    /// database, and a page of many small reads (a person's card) starts one transaction
    /// instead of one per statement. Only for reads: a change inside would have to upgrade
    /// the read lock, which a concurrent writer can refuse.
    ///
    /// PostgreSQL too reads in a transaction, though at read committed each statement
    /// takes its own snapshot either way: without one, at 1,000 accounts under load, the
    /// Person page's p99 rose from 43 ms to more than a second (README, the hosted server).
    pub fn snapshot<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            return f(self);
        }
        self.conn.execute_batch("BEGIN DEFERRED")?;
        let result = f(self);
        // Ending a read transaction cannot lose anything; a failure to end it would
        // surface on the next statement.
        let _ = self.conn.execute_batch("COMMIT");
        result
    }

    /// Copies the whole database to `dest` with SQLite's online backup, safe while other
    /// processes write.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let fail = |reason: String| StoreError::Invalid(format!("{}: {reason}", dest.display()));
        // The copy holds everything the database does: it starts private, and SQLite
        // writes into the file as it is rather than creating one under the umask.
        if let Some(dir) = dest.parent() {
            private::create_dir(dir).map_err(|e| fail(e.to_string()))?;
        }
        match private::create_new(dest) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                private::restrict(dest, private::FILE_MODE).map_err(|e| fail(e.to_string()))?
            }
            Err(e) => return Err(fail(e.to_string())),
        }
        let Some(conn) = self.conn.sqlite() else {
            return Err(fail("a hosted database is backed up by its server".into()));
        };
        conn.backup(
            rusqlite::MAIN_DB,
            dest,
            None::<fn(rusqlite::backup::Progress)>,
        )
        .map_err(|e| StoreError::Invalid(format!("{}: {}", dest.display(), sql::describe(&e))))
    }

    /// `PRAGMA integrity_check`: "ok" or the first problems found.
    pub fn integrity_check(&self) -> Result<String> {
        match self.conn.sqlite() {
            Some(conn) => Ok(conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?),
            None => Ok("ok".into()),
        }
    }

    /// Caps this connection's page cache, for connections that serve many small reads
    /// side by side rather than one large load.
    pub fn set_cache_mib(&self, mib: u32) -> Result<()> {
        if let Some(conn) = self.conn.sqlite() {
            conn.execute_batch(&format!("PRAGMA cache_size = -{}", u64::from(mib) * 1024))?;
        }
        Ok(())
    }

    /// A number that changes whenever another connection (another `Store` in this process,
    /// or another process such as the CLI) commits to the database. On SQLite changes made
    /// through this same `Store` do not move it, so a reader that never writes (the web
    /// server's watcher) sees every change and can tell when a cached read model has gone
    /// stale. On PostgreSQL it is the account's own version number, which every change of
    /// the account's rows moves, through any connection, and reads never do.
    pub fn data_version(&self) -> Result<i64> {
        match self.conn.sqlite() {
            Some(conn) => Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?),
            // The account's number, moved by every statement that changes its rows
            // (PostgreSQL migration 002): any connection, this one included, sees it move.
            // The number read on entering the account serves while this connection has
            // only read since: read before those reads, it is never newer than they are.
            None => match self.conn.version_read() {
                Some(version) => Ok(version),
                None => Ok(self.conn.query_row(
                    "SELECT coalesce((SELECT version FROM data_versions), 0)",
                    [],
                    |r| r.get(0),
                )?),
            },
        }
    }

    /// Whether the database was opened read-only (a 0444 file, read-only media).
    pub(crate) fn is_readonly(&self) -> Result<bool> {
        match self.conn.sqlite() {
            Some(conn) => Ok(conn.is_readonly(rusqlite::MAIN_DB)?),
            None => Ok(false),
        }
    }

    /// Runs one statement through the statement cache: the store runs the same few
    /// statements many times, and parsing SQL anew each time dominated bulk loads.
    pub(crate) fn exec<P: crate::db::Params>(&self, sql: &str, params: P) -> Result<usize> {
        Ok(self.conn.prepare_cached(sql)?.execute(params)?)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}
