//! The PostgreSQL backend: opening a connection for one account, the schema's versioned
//! migrations (`migrations/postgres/`, recorded in `schema_version`), and removing an
//! account. One database holds every account; the connection's `warmline.account`
//! setting, the tables' column defaults and row-level security keep them apart, so the
//! store's statements never name an account.

use chrono::NaiveDate;

use crate::db::{Connection, PgConn};
use crate::{Result, Store, StoreError};

/// What [`Store::enter_postgres_account`] read, as the account was entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entered {
    /// The account's version number, as [`Store::data_version`] reads it.
    pub version: i64,
    /// The day the account's last contacts are settled up to, if it ever was.
    pub contacts_as_of: Option<NaiveDate>,
}

const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("migrations/postgres/001_schema.sql")),
    (
        2,
        include_str!("migrations/postgres/002_registry_versions.sql"),
    ),
    (3, include_str!("migrations/postgres/003_app_passwords.sql")),
    (4, include_str!("migrations/postgres/004_dav.sql")),
    (5, include_str!("migrations/postgres/005_digest.sql")),
    (
        6,
        include_str!("migrations/postgres/006_client_entries.sql"),
    ),
    (7, include_str!("migrations/postgres/007_booked.sql")),
    (8, include_str!("migrations/postgres/008_give_walk.sql")),
    (9, include_str!("migrations/postgres/009_touches.sql")),
    (10, include_str!("migrations/postgres/010_touch_days.sql")),
    (
        11,
        include_str!("migrations/postgres/011_enter_account.sql"),
    ),
];

/// The PostgreSQL schema version this build writes.
pub const LATEST_POSTGRES: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// Every table holding an account's rows, children before the tables they refer to.
const ACCOUNT_TABLES: &[&str] = &[
    "client_entries",
    "dav_names",
    "goal_moves",
    "goal_stage_history",
    "goal_people",
    "opportunity_people",
    "opportunity_stage_history",
    "opportunities",
    "interaction_people",
    "follow_ups",
    "gives",
    "facts",
    "needs_offers",
    "links",
    "person_emails",
    "person_phones",
    "person_tags",
    "person_uids",
    "linkedin_profiles",
    "no_rhythm",
    "people_heat",
    "work_history",
    "job_changes",
    "person_search",
    "people",
    "interactions",
    "touch_days",
    "events",
    "goals",
    "organisations",
    "plan_done",
    "settings",
    "removed",
    "summary_changes",
    "summary_log",
    "app_passwords",
    "dav_sync",
    // Last: deleting from the tables above moves it.
    "data_versions",
];

fn fail(e: postgres::Error) -> StoreError {
    StoreError::Database(crate::db::Error::Postgres(e).to_string())
}

fn connect(config: &str) -> Result<postgres::Client> {
    let mut client = postgres::Client::connect(config, postgres::NoTls).map_err(fail)?;
    // Every statement is prepared once per connection and run for one account at a time
    // (row-level security puts the account first in every index condition), so one plan
    // serves every run. Left to choose, PostgreSQL planned some of the Person page's reads
    // again on every run (a custom plan looked cheaper than the generic one): 0.4-0.5 ms
    // of planning for 0.03 ms of work, a third of the page's time in the database.
    client
        .batch_execute("SET plan_cache_mode = force_generic_plan")
        .map_err(fail)?;
    Ok(client)
}

/// Brings the schema up to date. Only the tables' owner can: the application's role
/// finds the schema current, or is told to have it migrated.
pub(crate) fn migrate(store: &mut Store) -> Result<()> {
    let exists: i64 = store.conn.query_row(
        "SELECT count(*) FROM pg_class
          WHERE relname = 'schema_version' AND relnamespace = current_schema()::regnamespace",
        [],
        |r| r.get(0),
    )?;
    let current: i64 = if exists == 0 {
        0
    } else {
        store.conn.query_row(
            "SELECT coalesce(max(version), 0) FROM schema_version",
            [],
            |r| r.get(0),
        )?
    };
    if current > LATEST_POSTGRES {
        return Err(StoreError::Invalid(format!(
            "the database's schema is version {current}, newer than this warmline knows ({LATEST_POSTGRES}): upgrade warmline"
        )));
    }
    if current < LATEST_POSTGRES {
        // One migrator at a time: the others wait here, then find the work done.
        store.conn.execute_batch(
            "BEGIN; SELECT pg_advisory_xact_lock(7300001);
             CREATE TABLE IF NOT EXISTS schema_version (version bigint NOT NULL)",
        )?;
        let result = (|| -> Result<()> {
            let current: i64 = store.conn.query_row(
                "SELECT coalesce(max(version), 0) FROM schema_version",
                [],
                |r| r.get(0),
            )?;
            for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
                store.conn.execute_script(sql)?;
                store.conn.execute(
                    "INSERT INTO schema_version (version) VALUES (?1)",
                    [version],
                )?;
            }
            Ok(())
        })();
        store
            .conn
            .execute_batch(if result.is_ok() { "COMMIT" } else { "ROLLBACK" })?;
        result?;
    }
    Ok(())
}

/// A connection for the hosted server's registry (account 0, which no account is),
/// with the schema brought up to date when the role may.
pub(crate) fn registry_connection(config: &str) -> Result<Connection> {
    let Store { conn, .. } = Store::open_postgres_bare(config, 0)?;
    Ok(conn)
}

impl Store {
    fn open_postgres_bare(config: &str, account_id: i64) -> Result<Store> {
        let mut client = connect(config)?;
        client
            .execute(
                "SELECT set_config('warmline.account', $1, false)",
                &[&account_id.to_string()],
            )
            .map_err(fail)?;
        let mut store = Store {
            conn: Connection::Postgres(Box::new(PgConn::new(client))),
            path: None,
            in_bulk: false.into(),
            aside: Default::default(),
        };
        migrate(&mut store)?;
        Ok(store)
    }

    /// Opens the PostgreSQL database at `config` (a URL or `key=value` string) for one
    /// account: every statement on this connection sees and writes that account's rows
    /// only. The schema is migrated first when the role may (the tables' owner).
    pub fn open_postgres(config: &str, account_id: i64) -> Result<Store> {
        if account_id <= 0 {
            return Err(StoreError::Invalid(format!(
                "account {account_id}: accounts are numbered from 1"
            )));
        }
        let store = Store::open_postgres_bare(config, account_id)?;
        store.exec(
            "INSERT OR IGNORE INTO summary_log (id, quiet) VALUES (1, 0)",
            [],
        )?;
        Ok(store)
    }

    /// Brings a PostgreSQL database's schema up to date, as its owner (a deploy step).
    pub fn migrate_postgres(owner_config: &str) -> Result<()> {
        Store::open_postgres_bare(owner_config, 0).map(drop)
    }

    /// Moves this PostgreSQL connection to another account, for a pool of connections
    /// shared by a server's accounts: from here on every statement sees and writes
    /// `account_id`'s rows only, exactly as on a connection opened for it. The caller
    /// must be outside any transaction.
    pub fn switch_postgres_account(&self, account_id: i64) -> Result<()> {
        self.enter_postgres_account(account_id).map(drop)
    }

    /// [`Store::switch_postgres_account`] and what a request reads first, in one round
    /// trip: the account's version number ([`Store::data_version`]) and the day its last
    /// contacts are settled up to, for [`Store::settle_scheduled_from`], as one statement
    /// prepared once per connection.
    pub fn enter_postgres_account(&self, account_id: i64) -> Result<Entered> {
        let Connection::Postgres(pg) = &self.conn else {
            return Err(StoreError::Invalid(
                "only a PostgreSQL connection moves to another account".into(),
            ));
        };
        if account_id <= 0 || !self.conn.is_autocommit() {
            return Err(StoreError::Invalid(
                "only an idle PostgreSQL connection moves to another account (from 1)".into(),
            ));
        }
        // One prepared statement (`migrations/postgres/011_enter_account.sql`): the
        // statements in it run in turn, so the reads see the account just set.
        let (version, contacts_as_of): (i64, Option<String>) = self.conn.query_row(
            "SELECT entered_version, entered_as_of FROM warmline_enter_account(?1)",
            [account_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        // Kept for `data_version` while the connection only reads.
        pg.set_version_read(version);
        let contacts_as_of = contacts_as_of.and_then(|v| v.parse().ok());
        Ok(Entered {
            version,
            contacts_as_of,
        })
    }

    /// The account a PostgreSQL connection works for.
    pub fn postgres_account(&self) -> Result<Option<i64>> {
        if !self.conn.is_postgres() {
            return Ok(None);
        }
        Ok(Some(self.conn.query_row(
            "SELECT current_setting('warmline.account')::bigint",
            [],
            |r| r.get(0),
        )?))
    }

    /// Removes every row of this store's account (PostgreSQL only: an SQLite account is
    /// its file).
    pub fn delete_account(&self) -> Result<()> {
        if !self.conn.is_postgres() {
            return Err(StoreError::Invalid(
                "an SQLite database is one account: remove its file".into(),
            ));
        }
        self.atomic(|s| {
            for table in ACCOUNT_TABLES {
                s.conn.execute_batch(&format!("DELETE FROM {table}"))?;
            }
            Ok(())
        })
    }

    /// Whether this store works on PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.conn.is_postgres()
    }
}
