//! The connection the query modules speak to: SQLite through rusqlite, or PostgreSQL
//! through the `postgres` client, behind the small part of rusqlite's API the modules
//! use. Statements are written once, in the SQLite dialect; the PostgreSQL side
//! translates each when it is first prepared (`translate.rs`) and caches it. Values
//! travel as rusqlite's dynamic `Value`, and are read and bound with rusqlite's own
//! `FromSql`/`ToSql`, so both backends convert a column or a parameter the same way.

mod params;
mod postgres;
mod translate;
mod values;

pub(crate) use self::params::{Params, params_from_iter};
pub(crate) use self::postgres::PgConn;
pub(crate) use rusqlite::ToSql;
pub(crate) use rusqlite::params;
pub(crate) use rusqlite::types::Value;

use rusqlite::types::{FromSql, ValueRef};

/// A failure of either backend. Reading a value of the wrong type is reported in
/// rusqlite's terms on both.
#[derive(Debug)]
pub(crate) enum Error {
    Sql(rusqlite::Error),
    Postgres(::postgres::Error),
}

pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::Sql(e)
    }
}

impl From<::postgres::Error> for Error {
    fn from(e: ::postgres::Error) -> Error {
        Error::Postgres(e)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Sql(e) => write!(f, "{}", crate::sql::describe(e)),
            Error::Postgres(e) => write!(f, "{}", postgres::describe(e)),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    fn no_rows() -> Error {
        Error::Sql(rusqlite::Error::QueryReturnedNoRows)
    }
}

/// `query_row(...).optional()`: no row is `None`, not an error.
pub(crate) trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(Error::Sql(rusqlite::Error::QueryReturnedNoRows)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// One open connection.
pub(crate) enum Connection {
    Sqlite(rusqlite::Connection),
    Postgres(Box<PgConn>),
}

impl Connection {
    /// A connection of its own to a scratch SQLite file (a bulk load's writer aside).
    pub(crate) fn open_scratch(path: &std::path::Path) -> Result<Connection> {
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Ok(Connection::Sqlite(rusqlite::Connection::open_with_flags(
            path, flags,
        )?))
    }

    /// A statement through the connection's cache: parsed (and, on PostgreSQL,
    /// translated and planned) once.
    pub(crate) fn prepare_cached(&self, sql: &str) -> Result<Statement<'_>> {
        match self {
            Connection::Sqlite(c) => Ok(Statement::SqliteCached(c.prepare_cached(sql)?)),
            Connection::Postgres(c) => Ok(Statement::Postgres(c.prepare(sql)?)),
        }
    }

    /// A statement built for one use (its text varies), kept out of the cache.
    pub(crate) fn prepare(&self, sql: &str) -> Result<Statement<'_>> {
        match self {
            Connection::Sqlite(c) => Ok(Statement::Sqlite(c.prepare(sql)?)),
            Connection::Postgres(c) => Ok(Statement::Postgres(c.prepare_once(sql)?)),
        }
    }

    pub(crate) fn execute<P: Params>(&self, sql: &str, params: P) -> Result<usize> {
        match self {
            Connection::Sqlite(c) => Ok(c.execute(sql, params.sqlite())?),
            Connection::Postgres(_) => self.prepare_cached(sql)?.execute(params),
        }
    }

    pub(crate) fn query_row<T, P, F>(&self, sql: &str, params: P, f: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        match self {
            // As rusqlite's own query_row: parsed anew, so statements built for one use
            // do not push the store's own out of the cache.
            Connection::Sqlite(_) => self.prepare(sql)?.query_row(params, f),
            Connection::Postgres(_) => self.prepare_cached(sql)?.query_row(params, f),
        }
    }

    pub(crate) fn execute_batch(&self, sql: &str) -> Result<()> {
        match self {
            Connection::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Connection::Postgres(c) => c.execute_batch(sql),
        }
    }

    /// Runs a script as it is written, untranslated (the PostgreSQL migrations).
    pub(crate) fn execute_script(&self, sql: &str) -> Result<()> {
        match self {
            Connection::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Connection::Postgres(c) => c.execute_script(sql),
        }
    }

    /// Outside any transaction.
    pub(crate) fn is_autocommit(&self) -> bool {
        match self {
            Connection::Sqlite(c) => c.is_autocommit(),
            Connection::Postgres(c) => c.is_autocommit(),
        }
    }

    /// The SQLite connection, for what only SQLite has (PRAGMAs, the backup API).
    pub(crate) fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Connection::Sqlite(c) => Some(c),
            Connection::Postgres(_) => None,
        }
    }

    /// The id of the row the last INSERT added.
    pub(crate) fn last_insert_rowid(&self) -> Result<i64> {
        match self {
            Connection::Sqlite(c) => Ok(c.last_insert_rowid()),
            Connection::Postgres(_) => self.query_row(
                "SELECT current_setting('warmline.last_id')::bigint",
                [],
                |r| r.get(0),
            ),
        }
    }

    /// On PostgreSQL, the account's version read on entering it, while the connection
    /// has run only SELECTs since.
    pub(crate) fn version_read(&self) -> Option<i64> {
        match self {
            Connection::Sqlite(_) => None,
            Connection::Postgres(c) => c.version_read(),
        }
    }

    pub(crate) fn is_postgres(&self) -> bool {
        matches!(self, Connection::Postgres(_))
    }
}

/// A prepared statement.
pub(crate) enum Statement<'c> {
    SqliteCached(rusqlite::CachedStatement<'c>),
    Sqlite(rusqlite::Statement<'c>),
    Postgres(postgres::Prepared<'c>),
}

impl Statement<'_> {
    pub(crate) fn execute<P: Params>(&mut self, params: P) -> Result<usize> {
        match self {
            Statement::SqliteCached(s) => Ok(s.execute(params.sqlite())?),
            Statement::Sqlite(s) => Ok(s.execute(params.sqlite())?),
            Statement::Postgres(p) => p.execute(params),
        }
    }

    pub(crate) fn query<P: Params>(&mut self, params: P) -> Result<Rows<'_>> {
        match self {
            Statement::SqliteCached(s) => Ok(Rows::Sqlite(s.query(params.sqlite())?)),
            Statement::Sqlite(s) => Ok(Rows::Sqlite(s.query(params.sqlite())?)),
            Statement::Postgres(p) => Ok(Rows::Postgres(p.query(params)?.into_iter(), None)),
        }
    }

    pub(crate) fn query_map<T, P, F>(&mut self, params: P, f: F) -> Result<MappedRows<'_, F>>
    where
        P: Params,
        F: FnMut(&Row<'_>) -> Result<T>,
    {
        Ok(MappedRows {
            rows: self.query(params)?,
            f,
        })
    }

    pub(crate) fn query_row<T, P, F>(&mut self, params: P, f: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(row) => f(&row),
            None => Err(Error::no_rows()),
        }
    }
}

/// The rows of a query, read one at a time.
pub(crate) enum Rows<'s> {
    Sqlite(rusqlite::Rows<'s>),
    /// PostgreSQL's rows arrive whole; the current one is kept to lend it out.
    Postgres(std::vec::IntoIter<Vec<Value>>, Option<Vec<Value>>),
}

impl Rows<'_> {
    #[allow(clippy::should_implement_trait)]
    pub(crate) fn next(&mut self) -> Result<Option<Row<'_>>> {
        match self {
            Rows::Sqlite(rows) => Ok(rows.next()?.map(Row::Sqlite)),
            Rows::Postgres(rows, current) => {
                *current = rows.next();
                Ok(current.as_deref().map(Row::Postgres))
            }
        }
    }
}

/// The rows of a query, each turned into a value by `f`.
pub(crate) struct MappedRows<'s, F> {
    rows: Rows<'s>,
    f: F,
}

impl<T, F> Iterator for MappedRows<'_, F>
where
    F: FnMut(&Row<'_>) -> Result<T>,
{
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        match self.rows.next() {
            Ok(Some(row)) => Some((self.f)(&row)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// A column's position.
pub(crate) trait Index {
    fn index(self) -> usize;
}

impl Index for usize {
    fn index(self) -> usize {
        self
    }
}

/// One row.
pub(crate) enum Row<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Postgres(&'a [Value]),
}

impl Row<'_> {
    pub(crate) fn get<I: Index, T: FromSql>(&self, idx: I) -> Result<T> {
        let idx = idx.index();
        match self {
            Row::Sqlite(r) => Ok(r.get(idx)?),
            Row::Postgres(values) => {
                let v = self.get_ref(idx)?;
                T::column_result(v).map_err(|e| {
                    let ty = values
                        .get(idx)
                        .map_or(rusqlite::types::Type::Null, Value::data_type);
                    Error::Sql(match e {
                        rusqlite::types::FromSqlError::InvalidType => {
                            rusqlite::Error::InvalidColumnType(idx, format!("column {idx}"), ty)
                        }
                        rusqlite::types::FromSqlError::OutOfRange(i) => {
                            rusqlite::Error::IntegralValueOutOfRange(idx, i)
                        }
                        other => {
                            rusqlite::Error::FromSqlConversionFailure(idx, ty, Box::new(other))
                        }
                    })
                })
            }
        }
    }

    /// A text column borrowed from the row (`None` for NULL), for readers that keep only
    /// some of what they read and would otherwise allocate every value.
    pub(crate) fn get_str(&self, idx: usize) -> Result<Option<&str>> {
        self.get_ref(idx)?.as_str_or_null().map_err(|e| {
            Error::Sql(rusqlite::Error::FromSqlConversionFailure(
                idx,
                rusqlite::types::Type::Text,
                Box::new(e),
            ))
        })
    }

    pub(crate) fn get_ref(&self, idx: usize) -> Result<ValueRef<'_>> {
        match self {
            Row::Sqlite(r) => Ok(r.get_ref(idx)?),
            Row::Postgres(values) => values
                .get(idx)
                .map(ValueRef::from)
                .ok_or(Error::Sql(rusqlite::Error::InvalidColumnIndex(idx))),
        }
    }
}
