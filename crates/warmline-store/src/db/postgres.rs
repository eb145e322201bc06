//! The PostgreSQL side of the connection: one client, its statements translated from
//! the SQLite dialect and cached, and the transaction state `Store::atomic` asks for.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use postgres::error::SqlState;
use postgres::types::{ToSql, Type};
use rusqlite::types::Value;

use super::values::{Dynamic, Param};
use super::{Params, Result, translate};

/// As many statements as SQLite's cache keeps for the store (`Store::configure`).
const CACHE_CAPACITY: usize = 256;

/// An open PostgreSQL connection, set to one account.
pub(crate) struct PgConn {
    client: RefCell<postgres::Client>,
    cache: RefCell<HashMap<String, postgres::Statement>>,
    in_transaction: Cell<bool>,
    /// The account's version as read on entering it, while this connection has run
    /// nothing but SELECTs since: still the version of everything it has read.
    version_read: Cell<Option<i64>>,
}

/// A prepared statement, or a transaction command run as it is.
pub(crate) enum Prepared<'c> {
    Statement(&'c PgConn, postgres::Statement),
    Command(&'c PgConn, String),
}

impl PgConn {
    pub(crate) fn new(client: postgres::Client) -> PgConn {
        PgConn {
            client: RefCell::new(client),
            cache: RefCell::new(HashMap::new()),
            in_transaction: Cell::new(false),
            version_read: Cell::new(None),
        }
    }

    /// The account's version read on entering it, if the connection has run only
    /// SELECTs since (a change through it, or a transaction, forgets it).
    pub(crate) fn version_read(&self) -> Option<i64> {
        self.version_read.get()
    }

    pub(crate) fn set_version_read(&self, version: i64) {
        self.version_read.set(Some(version));
    }

    /// Forgets the version read unless `sql` is a SELECT, which changes nothing.
    fn note(&self, sql: &str) {
        let head = sql.trim_start();
        let select = head
            .get(..6)
            .is_some_and(|w| w.eq_ignore_ascii_case("SELECT"));
        if !select {
            self.version_read.set(None);
        }
    }

    pub(crate) fn is_autocommit(&self) -> bool {
        !self.in_transaction.get()
    }

    pub(crate) fn prepare(&self, sql: &str) -> Result<Prepared<'_>> {
        self.note(sql);
        if let Some(command) = translate::transaction_command(sql) {
            return Ok(Prepared::Command(self, command));
        }
        if let Some(stmt) = self.cache.borrow().get(sql) {
            return Ok(Prepared::Statement(self, stmt.clone()));
        }
        let stmt = self.plan(sql)?;
        let mut cache = self.cache.borrow_mut();
        // Statements built for one use would otherwise pile up for the connection's life.
        if cache.len() >= CACHE_CAPACITY {
            cache.clear();
        }
        cache.insert(sql.to_string(), stmt.clone());
        Ok(Prepared::Statement(self, stmt))
    }

    pub(crate) fn prepare_once(&self, sql: &str) -> Result<Prepared<'_>> {
        self.note(sql);
        if let Some(command) = translate::transaction_command(sql) {
            return Ok(Prepared::Command(self, command));
        }
        Ok(Prepared::Statement(self, self.plan(sql)?))
    }

    /// Translates and prepares. A parameter whose type the server cannot infer from
    /// its use (`?1 IS NULL OR x = ?1`) is declared text, else a bigint when text does
    /// not fit its use, as SQLite would take either. Inside a transaction each attempt runs in a savepoint, since
    /// a failed one would abort the transaction.
    fn plan(&self, sql: &str) -> Result<postgres::Statement> {
        // A PRAGMA asks about SQLite's own tuning; here it reads as zero.
        let translated = if translate::is_pragma(sql) {
            "SELECT 0".to_string()
        } else {
            translate::to_postgres(sql)
        };
        let guarded = self.in_transaction.get();
        // SQLite lets a statement leave out a parameter it numbers past; so does this.
        let used = translate::parameters(&translated);
        let mut types: Vec<Type> = (1..=used.iter().copied().max().unwrap_or(0))
            .map(|n| {
                if used.contains(&n) {
                    Type::UNKNOWN
                } else {
                    Type::TEXT
                }
            })
            .collect();
        let mut guessed: Vec<usize> = Vec::new();
        let mut flipped = 0usize;
        loop {
            if guarded {
                self.client
                    .borrow_mut()
                    .batch_execute("SAVEPOINT warmline_prepare")?;
            }
            let attempt = self.client.borrow_mut().prepare_typed(&translated, &types);
            if guarded {
                let end = if attempt.is_ok() {
                    "RELEASE warmline_prepare"
                } else {
                    "ROLLBACK TO warmline_prepare; RELEASE warmline_prepare"
                };
                self.client.borrow_mut().batch_execute(end)?;
            }
            let e = match attempt {
                Ok(stmt) => return Ok(stmt),
                Err(e) => e,
            };
            let code = e.code();
            let retry = if code == Some(&SqlState::INDETERMINATE_DATATYPE)
                || code == Some(&SqlState::AMBIGUOUS_PARAMETER)
            {
                indeterminate_parameter(&e)
                    .filter(|n| !guessed.contains(n))
                    .map(|n| {
                        if types.len() < n {
                            types.resize(n, Type::UNKNOWN);
                        }
                        types[n - 1] = Type::TEXT;
                        guessed.push(n);
                        flipped = 0;
                    })
            } else if code == Some(&SqlState::UNDEFINED_FUNCTION)
                || code == Some(&SqlState::DATATYPE_MISMATCH)
            {
                // A guess was wrong: one of the guessed parameters is a number. Each is
                // tried in turn, the latest first.
                if flipped > 0 {
                    let n = guessed[guessed.len() - flipped];
                    types[n - 1] = Type::TEXT;
                }
                (flipped < guessed.len()).then(|| {
                    flipped += 1;
                    let n = guessed[guessed.len() - flipped];
                    types[n - 1] = Type::INT8;
                })
            } else {
                None
            };
            if retry.is_none() {
                trace(&e, &translated);
                return Err(e.into());
            }
        }
    }

    /// Runs each statement of `sql` in turn: transaction commands as such, SQLite's
    /// PRAGMAs (page cache, memory maps) not at all, the rest translated.
    pub(crate) fn execute_batch(&self, sql: &str) -> Result<()> {
        self.version_read.set(None);
        for part in sql.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            if translate::is_pragma(part) {
                continue;
            }
            if let Some(command) = translate::transaction_command(part) {
                self.command(&command)?;
                continue;
            }
            self.client
                .borrow_mut()
                .batch_execute(&translate::to_postgres(part))?;
        }
        Ok(())
    }

    pub(crate) fn execute_script(&self, sql: &str) -> Result<()> {
        self.version_read.set(None);
        self.client.borrow_mut().batch_execute(sql)?;
        Ok(())
    }

    fn command(&self, command: &str) -> Result<()> {
        let result = self.client.borrow_mut().batch_execute(command);
        let head = command.trim_start().to_ascii_uppercase();
        if head.starts_with("BEGIN") {
            self.in_transaction.set(result.is_ok());
        } else if head.starts_with("COMMIT") || head == "ROLLBACK" {
            self.in_transaction.set(false);
        }
        Ok(result?)
    }
}

/// "could not determine data type of parameter $3" → 3.
fn indeterminate_parameter(e: &postgres::Error) -> Option<usize> {
    let msg = e.as_db_error()?.message();
    msg.rsplit('$')
        .next()?
        .trim()
        .parse()
        .ok()
        .filter(|n| *n > 0)
}

impl Prepared<'_> {
    fn bind<P: Params>(params: P) -> Result<Vec<Param>> {
        Ok(params.values()?.into_iter().map(Param).collect())
    }

    pub(crate) fn execute<P: Params>(&mut self, params: P) -> Result<usize> {
        match self {
            Prepared::Command(conn, command) => conn.command(command).map(|()| 0),
            Prepared::Statement(conn, stmt) => {
                let values = Self::bind(params)?;
                let refs: Vec<&(dyn ToSql + Sync)> =
                    values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
                let n = conn.client.borrow_mut().execute(&*stmt, &refs)?;
                Ok(usize::try_from(n).unwrap_or(usize::MAX))
            }
        }
    }

    pub(crate) fn query<P: Params>(&mut self, params: P) -> Result<Vec<Vec<Value>>> {
        match self {
            Prepared::Command(conn, command) => conn.command(command).map(|()| Vec::new()),
            Prepared::Statement(conn, stmt) => {
                let values = Self::bind(params)?;
                let refs: Vec<&(dyn ToSql + Sync)> =
                    values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
                let rows = conn.client.borrow_mut().query(&*stmt, &refs);
                if let Err(e) = &rows {
                    trace(e, &format!("{:?} {values:?}", stmt.params()));
                }
                let rows = rows?;
                rows.iter()
                    .map(|row| {
                        (0..row.len())
                            .map(|i| Ok(row.try_get::<_, Dynamic>(i)?.0))
                            .collect::<Result<Vec<Value>>>()
                    })
                    .collect()
            }
        }
    }
}

/// With `WARMLINE_TRACE_SQL` set, a statement PostgreSQL refused is printed whole with
/// the error: what a port of a statement to this backend needs to see.
fn trace(e: &postgres::Error, what: &str) {
    if std::env::var_os("WARMLINE_TRACE_SQL").is_some() {
        eprintln!("warmline: PostgreSQL refused: {}\n{what}", describe(e));
    }
}

/// A one-line description of a PostgreSQL error.
pub(crate) fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => match std::error::Error::source(e) {
            Some(cause) => format!("{e}: {cause}"),
            None => e.to_string(),
        },
    }
}
