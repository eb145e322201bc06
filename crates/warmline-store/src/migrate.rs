//! Embedded, versioned migrations, applied at open.
//!
//! The schema version is SQLite's `user_version`. Each step runs in its own transaction, so
//! a failed step leaves the database at the previous version. Before migrating a database
//! that already holds data, a consistent copy is written beside it as `<file>.bak-v<old>`.

use crate::{Result, Store, StoreError, sql};

const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("migrations/001_initial.sql")),
    (2, include_str!("migrations/002_import.sql")),
    (3, include_str!("migrations/003_link_ends.sql")),
    (4, include_str!("migrations/004_plan_reads.sql")),
    (5, include_str!("migrations/005_trash.sql")),
    (6, include_str!("migrations/006_triage.sql")),
    (7, include_str!("migrations/007_weekly_figures.sql")),
    (8, include_str!("migrations/008_rhythm.sql")),
    (9, include_str!("migrations/009_people_subject.sql")),
    (10, include_str!("migrations/010_summary_changes.sql")),
    (11, include_str!("migrations/011_people_heat.sql")),
    (12, include_str!("migrations/012_calendar_file.sql")),
    (14, include_str!("migrations/014_name_parts.sql")),
    (17, include_str!("migrations/017_app_passwords.sql")),
    (18, include_str!("migrations/018_dav.sql")),
    (19, include_str!("migrations/019_client_entries.sql")),
    (20, include_str!("migrations/020_booked.sql")),
    (21, include_str!("migrations/021_give_walk.sql")),
    (22, include_str!("migrations/022_touches.sql")),
    (23, include_str!("migrations/023_touch_triggers.sql")),
    (24, include_str!("migrations/024_touch_days.sql")),
    (25, include_str!("migrations/025_touch_day_triggers.sql")),
    (
        26,
        include_str!("migrations/026_participants_by_person.sql"),
    ),
];

/// The schema version this build writes.
pub const LATEST: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// A file about to be brought up to this build's schema: what a caller may tell the
/// person waiting, since filling what a new version keeps takes seconds on a large file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upgrade {
    pub from: i64,
    pub to: i64,
    /// Where the copy of the file as it was is written.
    pub copy: std::path::PathBuf,
}

pub(crate) fn migrate(store: &mut Store) -> Result<()> {
    migrate_noting(store, &mut |_| {})
}

/// [`migrate`], calling `note` before a file that holds data is copied and upgraded.
pub(crate) fn migrate_noting(store: &mut Store, note: &mut dyn FnMut(&Upgrade)) -> Result<()> {
    if store.conn.is_postgres() {
        return crate::postgres::migrate(store);
    }
    let path = store.path.clone().unwrap_or_default();
    let current = {
        let conn = store
            .conn
            .sqlite()
            .ok_or_else(|| StoreError::Invalid("not an SQLite database".into()))?;
        current_version(conn, &path, LATEST, "warmline")?
    };
    if current == LATEST {
        return Ok(());
    }
    if current > 0 {
        if let Some(path) = &store.path {
            note(&Upgrade {
                from: current,
                to: LATEST,
                copy: copy_path(path, current),
            });
        }
        backup_before_migration(store, current)?;
    }
    let crate::db::Connection::Sqlite(conn) = &mut store.conn else {
        return Ok(());
    };
    apply(conn, MIGRATIONS, current)
}

/// An SQLite database's schema version (`user_version`), refused when it is newer than
/// `latest` or when, unversioned, it already holds tables `maker` did not create.
pub(crate) fn current_version(
    conn: &rusqlite::Connection,
    path: &std::path::Path,
    latest: i64,
    maker: &str,
) -> Result<i64> {
    let current: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| sql::classify(path, &e))?;
    if current > latest {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: current,
            known: latest,
        });
    }
    if current == 0 {
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        if tables > 0 {
            return Err(StoreError::NotADatabase {
                path: path.to_path_buf(),
                reason: format!("it holds tables {maker} did not create"),
            });
        }
    }
    Ok(current)
}

/// Applies the steps of `migrations` past `current`, each in its own transaction.
pub(crate) fn apply(
    conn: &mut rusqlite::Connection,
    migrations: &[(i64, &str)],
    current: i64,
) -> Result<()> {
    for (version, sql_text) in migrations.iter().filter(|(v, _)| *v > current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql_text)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}

/// `<file>.bak-v<version>`: where the file at `version` is copied before an upgrade.
fn copy_path(path: &std::path::Path, version: i64) -> std::path::PathBuf {
    let mut dest = path.to_path_buf().into_os_string();
    dest.push(format!(".bak-v{version}"));
    std::path::PathBuf::from(dest)
}

fn backup_before_migration(store: &Store, version: i64) -> Result<()> {
    let Some(path) = &store.path else {
        return Ok(());
    };
    let dest = copy_path(path, version);
    if dest.exists() {
        std::fs::remove_file(&dest)?;
    }
    // VACUUM INTO fills an empty file as it is, so the copy starts private.
    crate::private::create_new(&dest)
        .map_err(|e| crate::StoreError::Invalid(format!("cannot write {}: {e}", dest.display())))?;
    store
        .conn
        .execute("VACUUM INTO ?1", [dest.to_string_lossy().as_ref()])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_database_reaches_latest_version() {
        let store = Store::open_in_memory().unwrap();
        let v: i64 = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, LATEST);
        // A new file holds nothing to upgrade: nothing is said.
        let dir = tempfile::tempdir().unwrap();
        Store::open_noting_upgrade(&dir.path().join("new.db"), |u| panic!("{u:?}")).unwrap();
    }

    #[test]
    fn newer_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        drop(Store::open(&path).unwrap());
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", LATEST + 1)
            .unwrap();
        drop(conn);
        let err = Store::open(&path).err().unwrap().to_string();
        assert!(err.contains("newer warmline"), "{err}");
    }

    #[test]
    fn unversioned_database_with_tables_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        {
            let store = Store::open(&path).unwrap();
            store
                .conn
                .execute_batch(
                    "INSERT INTO settings(key, value) VALUES ('probe', '1');
                     PRAGMA user_version = 0;",
                )
                .unwrap();
        }
        // A version-0 database that holds warmline's tables looks foreign: refused, untouched.
        assert!(Store::open(&path).is_err());
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", LATEST).unwrap();
        drop(conn);
        Store::open(&path).unwrap();
        // Already at the latest version: no backup is needed, and none is made.
        assert!(!dir.path().join(format!("w.db.bak-v{LATEST}")).exists());
    }

    #[test]
    fn an_older_database_moves_up_with_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            for (_, sql) in &MIGRATIONS[..2] {
                conn.execute_batch(sql).unwrap();
            }
            conn.execute_batch(
                "INSERT INTO people (id, name, name_key, created_on, updated_on)
                     VALUES (1, 'A', 'a', '2026-01-01', '2026-01-01'), (2, 'B', 'b', '2026-01-01', '2026-01-01');
                 INSERT INTO links (a, b, strength) VALUES (1, 2, 4);
                 PRAGMA user_version = 2;",
            )
            .unwrap();
        }
        let mut notes = Vec::new();
        let store = Store::open_noting_upgrade(&path, |u| notes.push(u.clone())).unwrap();
        // The caller heard of it before the copy was made.
        let copy = dir.path().join("w.db.bak-v2");
        assert_eq!(
            notes,
            [Upgrade {
                from: 2,
                to: LATEST,
                copy: copy.clone()
            }]
        );
        assert!(copy.exists());
        drop(store);
        // Up to date now: opened again, nothing to say.
        Store::open_noting_upgrade(&path, |u| panic!("upgraded twice: {u:?}")).unwrap();
        let store = Store::open(&path).unwrap();
        let mut stmt = store
            .conn
            .prepare("EXPLAIN QUERY PLAN SELECT a, strength FROM links WHERE b = 2")
            .unwrap();
        let plan: Vec<String> = stmt
            .query_map([], |r| r.get(3))
            .unwrap()
            .collect::<crate::db::Result<_>>()
            .unwrap();
        assert!(
            plan.concat().contains("COVERING INDEX links_b_strength"),
            "{plan:?}"
        );
        drop(stmt);
        assert_eq!(store.links_of(2).unwrap()[0].strength, 4);
    }

    #[test]
    fn backup_copies_the_data_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let store = Store::open(&path).unwrap();
        store
            .conn
            .execute("INSERT INTO settings(key, value) VALUES ('probe', '1')", [])
            .unwrap();
        backup_before_migration(&store, 1).unwrap();
        let copy = rusqlite::Connection::open(dir.path().join("w.db.bak-v1")).unwrap();
        let v: String = copy
            .query_row("SELECT value FROM settings WHERE key = 'probe'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(v, "1");
    }

    #[test]
    fn a_version_1_database_is_backed_up_then_upgraded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        {
            // A database as version 1 left it: without the tables later versions add.
            let store = Store::open(&path).unwrap();
            store
                .conn
                .execute_batch(
                    "DROP TABLE person_uids; DROP TABLE linkedin_profiles;
                     ALTER TABLE people DROP COLUMN name_family;
                     ALTER TABLE people DROP COLUMN name_given;
                     ALTER TABLE people DROP COLUMN name_middle;
                     ALTER TABLE people DROP COLUMN name_prefix;
                     ALTER TABLE people DROP COLUMN name_suffix;
                     ALTER TABLE interactions DROP COLUMN source_file;
                     DROP TRIGGER needs_offers_seen_insert; DROP TRIGGER needs_offers_seen_moved;
                     DROP TRIGGER people_seen; DROP INDEX needs_offers_open_seen;
                     ALTER TABLE needs_offers DROP COLUMN seen_on;
                     DROP TRIGGER touch_added; DROP TRIGGER touch_changed;
                     DROP INDEX interaction_people_on;
                     DROP INDEX interaction_people_person;
                     CREATE INDEX interaction_people_person ON interaction_people(person_id, interaction_id);
                     ALTER TABLE interaction_people DROP COLUMN on_date;
                     ALTER TABLE interaction_people DROP COLUMN kind;
                     ALTER TABLE interaction_people DROP COLUMN direction;
                     DROP TRIGGER touch_day_added; DROP TRIGGER touch_day_removed;
                     DROP TRIGGER touch_day_moved; DROP TABLE touch_days;
                     INSERT INTO settings (key, value) VALUES ('probe', 'kept');
                     PRAGMA user_version = 1;",
                )
                .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let v: i64 = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, LATEST);
        let probe: String = store
            .conn
            .query_row("SELECT value FROM settings WHERE key = 'probe'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(probe, "kept");
        store
            .conn
            .execute(
                "INSERT INTO person_uids (uid, person_id) SELECT 'u', 1 WHERE 0",
                [],
            )
            .unwrap();
        let copy = rusqlite::Connection::open(dir.path().join("w.db.bak-v1")).unwrap();
        let copied: i64 = copy
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            copied, 1,
            "the copy is the database as it was before the upgrade"
        );
    }

    #[test]
    fn garbage_file_is_not_a_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("junk.db");
        std::fs::write(&path, vec![0x42u8; 8192]).unwrap();
        let err = Store::open(&path).err().unwrap().to_string();
        assert!(err.contains("is not a warmline database"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), vec![0x42u8; 8192]);
    }
}
