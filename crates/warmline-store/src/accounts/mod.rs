//! The account registry of a hosted server (`DIR/accounts.db`): accounts, password hashes,
//! sessions, one-time links, login throttling, second factors and the server's settings.
//!
//! It is a database of its own, with its own versioned migrations, beside one warmline
//! database per account (`DIR/accounts/<id>.db`). It holds no one's network: what an
//! account's pages show comes only from that account's own file. Secrets are stored as
//! hashes made by the caller (argon2id for passwords, SHA-256 for random tokens), so a
//! copy of this file logs no one in. Times are Unix seconds, passed in by the caller like
//! today's date elsewhere in the store.
//!
//! Two backends answer the same API. On SQLite the registry is `DIR/accounts.db`, beside
//! one file per account. On PostgreSQL (`warmline server init --postgres URL`) the
//! registry's tables sit in the one database that holds every account's rows (PostgreSQL
//! migration 002), and the data folder keeps only `server.json`, which names the
//! database. The statements are written once, in the SQLite dialect, and go through the
//! store's connection layer (`crate::db`), as the store's own do. The registry's tables
//! carry no row-level security: logging in looks an account up by its e-mail before any
//! account is known. They hold no one's network.

mod digest;
mod migrate;
mod second_factor;
pub mod server_settings;
mod sessions;
mod throttle;

use std::path::{Path, PathBuf};

use rusqlite::OpenFlags;

use crate::db::{Connection, OptionalExtension, Row, params};

pub use digest::{DigestAttempt, DigestState};
pub use second_factor::TotpState;
pub use sessions::Session;
pub use throttle::Failures;

use crate::{BUSY_WAIT, Result, Store, StoreError, private, sql};

/// An account's number. Its database file is named after it, never after the e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct AccountId(pub i64);

impl std::fmt::Display for AccountId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What the registry knows about an account (never its secrets).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Account {
    pub id: AccountId,
    pub email: String,
    pub admin: bool,
    pub disabled: bool,
    /// Whether a password has been set (an invited person has none until they use the link).
    pub has_password: bool,
    /// Whether logging in asks for a second factor.
    pub totp: bool,
    pub created_at: i64,
}

/// The open registry. One connection; callers that share it across threads put it behind
/// a lock.
pub struct Registry {
    conn: Connection,
    path: PathBuf,
    backend: Backend,
}

/// Where a server keeps its accounts' networks (and its registry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// One SQLite file per account under `DIR/accounts/`, the registry in `DIR/accounts.db`.
    Sqlite { dir: PathBuf },
    /// One PostgreSQL database for every account (a connection URL or `key=value` string).
    Postgres { config: String },
}

/// The file in a data folder that says the server runs on PostgreSQL.
pub const CONFIG_FILE: &str = "server.json";

#[derive(serde::Serialize, serde::Deserialize)]
struct ConfigFile {
    backend: String,
    postgres: String,
}

/// The backend a data folder's `server.json` names, if it has one.
pub fn configured_backend(dir: &Path) -> Result<Option<Backend>> {
    let file = dir.join(CONFIG_FILE);
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(StoreError::Open {
                path: file,
                reason: e.to_string(),
            });
        }
    };
    let config: ConfigFile = serde_json::from_str(&text)
        .map_err(|e| StoreError::Invalid(format!("{}:{}: {e}", file.display(), e.line())))?;
    if config.backend != "postgres" {
        return Err(StoreError::Invalid(format!(
            "{}:1: backend '{}' is unknown (only \"postgres\" is written here)",
            file.display(),
            config.backend
        )));
    }
    Ok(Some(Backend::Postgres {
        config: config.postgres,
    }))
}

impl Account {
    /// What sets the account apart, in words ("admin", "disabled", "invited", "second
    /// factor"), as `server user list` and `/admin` show it.
    pub fn notes(&self) -> Vec<&'static str> {
        [
            (self.admin, "admin"),
            (self.disabled, "disabled"),
            (!self.has_password, "invited"),
            (self.totp, "second factor"),
        ]
        .into_iter()
        .filter_map(|(on, word)| on.then_some(word))
        .collect()
    }
}

/// The key an e-mail address is compared by.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

const ACCOUNT_COLUMNS: &str = "id, email, is_admin, disabled, password_hash IS NOT NULL, \
                               totp_secret IS NOT NULL, created_at";

fn account_row(r: &Row<'_>) -> crate::db::Result<Account> {
    Ok(Account {
        id: AccountId(r.get(0)?),
        email: r.get(1)?,
        admin: r.get(2)?,
        disabled: r.get(3)?,
        has_password: r.get(4)?,
        totp: r.get(5)?,
        created_at: r.get(6)?,
    })
}

impl Registry {
    /// Opens (creating it 0600, its folder 0700) the registry at `path` and brings its
    /// schema up to date. When the folder's `server.json` names a PostgreSQL database,
    /// the registry there is opened instead.
    pub fn open(path: &Path) -> Result<Registry> {
        let dir = path.parent().unwrap_or(Path::new("."));
        if let Some(Backend::Postgres { config }) = configured_backend(dir)? {
            return Registry::open_postgres(&config, path);
        }
        private::prepare_database(path).map_err(|e| StoreError::Open {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = rusqlite::Connection::open_with_flags(path, flags)
            .map_err(|e| sql::classify(path, &e))?;
        conn.busy_timeout(BUSY_WAIT)
            .map_err(|e| sql::classify(path, &e))?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
        )
        .map_err(|e| sql::classify(path, &e))?;
        migrate::migrate(&mut conn, path)?;
        Ok(Registry {
            conn: Connection::Sqlite(conn),
            path: path.to_path_buf(),
            backend: Backend::Sqlite {
                dir: dir.to_path_buf(),
            },
        })
    }

    /// Opens the registry in the PostgreSQL database `config` (migrating its schema when
    /// the role may). `path` is the registry's nominal place in the data folder, for
    /// messages.
    pub fn open_postgres(config: &str, path: &Path) -> Result<Registry> {
        let conn = crate::postgres::registry_connection(config)?;
        Ok(Registry {
            conn,
            path: path.to_path_buf(),
            backend: Backend::Postgres {
                config: config.to_string(),
            },
        })
    }

    /// Makes `dir` the data folder of a server on the PostgreSQL database `config`: the
    /// schema is brought up to date (so `config` must name the tables' owner the first
    /// time), then `DIR/server.json` (0600) remembers the database.
    pub fn init_postgres(dir: &Path, config: &str) -> Result<Registry> {
        let registry = Registry::open_postgres(config, &dir.join("accounts.db"))?;
        let file = dir.join(CONFIG_FILE);
        let text = serde_json::to_string_pretty(&ConfigFile {
            backend: "postgres".into(),
            postgres: config.to_string(),
        })
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let mut f = private::create_new(&file).map_err(|e| StoreError::Open {
            path: file.clone(),
            reason: e.to_string(),
        })?;
        std::io::Write::write_all(&mut f, format!("{text}\n").as_bytes())?;
        Ok(registry)
    }

    /// Opens the registry only if it exists: commands other than `init` must not create
    /// a server by accident.
    pub fn open_existing(path: &Path) -> Result<Registry> {
        let dir = path.parent().unwrap_or(Path::new("."));
        if !path.is_file() && configured_backend(dir)?.is_none() {
            return Err(StoreError::NotFound(format!(
                "{}: no server here; run `warmline server init --data DIR` first",
                path.display()
            )));
        }
        Registry::open(path)
    }

    /// Where the accounts' networks are.
    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// The network of account `id`, opened on this server's backend: its own file, or its
    /// rows of the shared database.
    pub fn open_store(&self, id: AccountId) -> Result<Store> {
        match &self.backend {
            Backend::Sqlite { .. } => Store::open(&self.database_of(id)),
            Backend::Postgres { config } => Store::open_postgres(config, id.0),
        }
    }

    /// The registry's file (on PostgreSQL, where it would be: the data folder's place).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where an account's own warmline database is: `accounts/<id>.db` beside the registry
    /// (on PostgreSQL no such file is used; see [`Registry::open_store`]).
    pub fn database_of(&self, id: AccountId) -> PathBuf {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        dir.join("accounts").join(format!("{}.db", id.0))
    }

    /// Removes an account's network: its database and every file SQLite or a migration
    /// made beside it, or on PostgreSQL every row of it.
    pub fn remove_database_of(&self, id: AccountId) -> Result<()> {
        if let Backend::Postgres { config } = &self.backend {
            return Store::open_postgres(config, id.0)?.delete_account();
        }
        let db = self.database_of(id);
        let Some(dir) = db.parent() else {
            return Ok(());
        };
        let prefix = format!("{}.db", id.0);
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            // `7.db`, `7.db-wal`, `7.db.bak-v3`, never `70.db`.
            let ours = name == prefix
                || name
                    .strip_prefix(&prefix)
                    .is_some_and(|rest| rest.starts_with('-') || rest.starts_with('.'));
            if ours {
                std::fs::remove_file(entry.path())?;
            }
        }
        Ok(())
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction.
    fn atomic<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        // On PostgreSQL this also takes the registry's advisory lock (account 0).
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        match f(&self.conn) {
            Ok(v) => {
                self.conn.execute_batch("COMMIT")?;
                Ok(v)
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// Adds an account without a password. Fails when the address is taken.
    pub fn add_account(&self, email: &str, admin: bool, now: i64) -> Result<Account> {
        let email = email.trim();
        if email.is_empty() || !email.contains('@') || email.chars().any(char::is_whitespace) {
            return Err(StoreError::Invalid(format!(
                "'{email}' is not an e-mail address"
            )));
        }
        self.atomic(|c| {
            let key = email_key(email);
            let taken: bool = c
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM accounts WHERE email_key = ?1)")?
                .query_row([&key], |r| r.get(0))?;
            if taken {
                return Err(StoreError::Invalid(format!(
                    "an account for {email} already exists"
                )));
            }
            c.prepare_cached(
                "INSERT INTO accounts (email, email_key, is_admin, created_at) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![email, key, admin, now])?;
            Ok(())
        })?;
        self.account_by_email(email)?
            .ok_or_else(|| StoreError::NotFound(format!("no account for {email}")))
    }

    pub fn account(&self, id: AccountId) -> Result<Option<Account>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ?1"
            ))?
            .query_row([id.0], account_row)
            .optional()?)
    }

    pub fn account_by_email(&self, email: &str) -> Result<Option<Account>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE email_key = ?1"
            ))?
            .query_row([email_key(email)], account_row)
            .optional()?)
    }

    /// The account for `email`, or an error naming it.
    pub fn require(&self, email: &str) -> Result<Account> {
        self.account_by_email(email)?
            .ok_or_else(|| StoreError::NotFound(format!("no account for {}", email.trim())))
    }

    /// Every account, oldest first.
    pub fn accounts(&self) -> Result<Vec<Account>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY id"
        ))?;
        let rows = stmt.query_map([], account_row)?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    pub fn count_accounts(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM accounts")?
            .query_row([], |r| r.get(0))?)
    }

    /// The stored password hash, if one was set.
    pub fn password_hash(&self, id: AccountId) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT password_hash FROM accounts WHERE id = ?1")?
            .query_row([id.0], |r| r.get(0))
            .optional()?
            .flatten())
    }

    /// Sets the password hash and ends every session and link of the account: whoever
    /// knew the old password is out.
    pub fn set_password_hash(&self, id: AccountId, hash: &str) -> Result<()> {
        self.atomic(|c| {
            let n = c
                .prepare_cached("UPDATE accounts SET password_hash = ?2 WHERE id = ?1")?
                .execute(params![id.0, hash])?;
            if n == 0 {
                return Err(StoreError::NotFound(format!("no account {id}")));
            }
            sessions::end_all(c, id)?;
            c.prepare_cached("DELETE FROM one_time_links WHERE account_id = ?1")?
                .execute([id.0])?;
            Ok(())
        })
    }

    /// Forgets the password (a reset): until the new link is used, no one logs in.
    pub fn clear_password(&self, id: AccountId) -> Result<()> {
        self.atomic(|c| {
            c.prepare_cached("UPDATE accounts SET password_hash = NULL WHERE id = ?1")?
                .execute([id.0])?;
            sessions::end_all(c, id)?;
            c.prepare_cached("DELETE FROM one_time_links WHERE account_id = ?1")?
                .execute([id.0])?;
            Ok(())
        })
    }

    /// Disables (or enables again) an account; disabling ends its sessions.
    pub fn set_disabled(&self, id: AccountId, disabled: bool) -> Result<()> {
        self.atomic(|c| {
            c.prepare_cached("UPDATE accounts SET disabled = ?2 WHERE id = ?1")?
                .execute(params![id.0, disabled])?;
            if disabled {
                sessions::end_all(c, id)?;
            }
            Ok(())
        })
    }

    /// Removes the account and every row of it (sessions, links, failures, codes go with
    /// it through their foreign keys). Its database file is the caller's to remove.
    pub fn delete_account(&self, id: AccountId) -> Result<()> {
        self.atomic(|c| {
            let n = c
                .prepare_cached("DELETE FROM accounts WHERE id = ?1")?
                .execute([id.0])?;
            if n == 0 {
                return Err(StoreError::NotFound(format!("no account {id}")));
            }
            Ok(())
        })
    }

    /// Records a one-time link (its token's hash) for the account, valid until `expires_at`;
    /// earlier links of the account stop working.
    pub fn add_link(&self, id: AccountId, token_hash: &str, expires_at: i64) -> Result<()> {
        self.atomic(|c| {
            c.prepare_cached("DELETE FROM one_time_links WHERE account_id = ?1")?
                .execute([id.0])?;
            c.prepare_cached(
                "INSERT INTO one_time_links (token_hash, account_id, expires_at) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![token_hash, id.0, expires_at])?;
            Ok(())
        })
    }

    /// The account a link is for, while it is valid.
    pub fn link_account(&self, token_hash: &str, now: i64) -> Result<Option<AccountId>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT account_id FROM one_time_links l JOIN accounts a ON a.id = l.account_id
                 WHERE token_hash = ?1 AND expires_at > ?2 AND a.disabled = 0",
            )?
            .query_row(params![token_hash, now], |r| r.get(0).map(AccountId))
            .optional()?)
    }

    /// Sets the password through a link, using the link up; `None` when it is not valid.
    pub fn use_link(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: i64,
    ) -> Result<Option<AccountId>> {
        let Some(id) = self.link_account(token_hash, now)? else {
            return Ok(None);
        };
        self.set_password_hash(id, password_hash)?;
        Ok(Some(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_keys_ignore_case_and_spaces() {
        assert_eq!(email_key(" Dana@Example.COM "), "dana@example.com");
    }
}
