//! Runs a store test on every backend: SQLite in memory always, and PostgreSQL when
//! `WARMLINE_TEST_POSTGRES` names a database (`eval "$(.ci/postgres start)"` makes one),
//! on an account of its own, so tests run side by side in one database. Under CI the
//! PostgreSQL run is required: a missing database fails the test instead of skipping it.

#![allow(dead_code)]

use std::io::Write as _;
use std::sync::OnceLock;

use warmline_store::Store;

/// Tests that do not pass on PostgreSQL yet: they run on SQLite only, and each run says
/// so on stderr. The list is the remaining work of the PostgreSQL backend.
pub const NOT_YET_ON_POSTGRES: &[&str] = &[];

/// The PostgreSQL database the tests use, if any.
pub fn postgres() -> Option<String> {
    match std::env::var("WARMLINE_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI runs the store's tests on PostgreSQL too: set WARMLINE_TEST_POSTGRES (see .ci/postgres)"
            );
            None
        }
    }
}

/// Migrates the test database once per test binary, as its owner.
fn migrated() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        if let Ok(owner) = std::env::var("WARMLINE_TEST_POSTGRES_OWNER") {
            Store::migrate_postgres(&owner).expect("migrating the test database");
        }
    });
}

/// A new account no other test uses.
pub fn new_account() -> i64 {
    fastrand::i64(1..i64::MAX)
}

/// A store on a fresh PostgreSQL account.
pub fn open_postgres(url: &str) -> Store {
    open_postgres_as(url, new_account())
}

/// A store on the PostgreSQL account `account`.
pub fn open_postgres_as(url: &str, account: i64) -> Store {
    migrated();
    Store::open_postgres(url, account).expect("opening a PostgreSQL account")
}

/// Runs `test` on a fresh SQLite database, then on a fresh PostgreSQL account.
pub fn each_backend(name: &str, test: impl Fn(&Store)) {
    each_backend_try(name, |s| {
        test(s);
        Ok::<(), ()>(())
    })
    .unwrap();
}

/// As [`each_backend`], for a test that returns its failure (a property test case).
pub fn each_backend_try<E>(name: &str, test: impl Fn(&Store) -> Result<(), E>) -> Result<(), E> {
    let sqlite = Store::open_in_memory().unwrap();
    test(&sqlite)?;
    let Some(url) = postgres() else {
        return Ok(());
    };
    if NOT_YET_ON_POSTGRES.contains(&name) {
        let _ = writeln!(
            std::io::stderr(),
            "{name}: not yet on PostgreSQL (SQLite only)"
        );
        return Ok(());
    }
    let store = open_postgres(&url);
    test(&store)?;
    // The account's rows go with the test; a failed test leaves them to look at.
    store.delete_account().unwrap();
    Ok(())
}

/// A schema of its own in the test database, migrated: the application's and the owner's
/// connection strings to it. For what is not keyed by account (the hosted server's
/// registry), so that tests side by side do not see each other's rows.
pub fn fresh_schema() -> Option<(String, String)> {
    let app = postgres()?;
    let owner = std::env::var("WARMLINE_TEST_POSTGRES_OWNER").unwrap_or(app.clone());
    let schema = format!("t{:016x}", fastrand::u64(..));
    let mut client = postgres::Client::connect(&owner, postgres::NoTls).unwrap();
    client
        .batch_execute(&format!(
            "CREATE SCHEMA {schema}; GRANT USAGE ON SCHEMA {schema} TO warmline_app"
        ))
        .unwrap();
    let owner = in_schema(&owner, &schema);
    Store::migrate_postgres(&owner).expect("migrating a fresh schema");
    Some((in_schema(&app, &schema), owner))
}

/// `config` with `schema` first on the search path.
pub fn in_schema(config: &str, schema: &str) -> String {
    if config.starts_with("postgres://") || config.starts_with("postgresql://") {
        let join = if config.contains('?') { '&' } else { '?' };
        format!("{config}{join}options=-csearch_path%3D{schema}")
    } else {
        format!("{config} options='-c search_path={schema}'")
    }
}
