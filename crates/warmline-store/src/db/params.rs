//! Statement parameters: whatever rusqlite binds (`params![...]`, arrays, `[]`), handed
//! to SQLite untouched, or turned into dynamic values for PostgreSQL.

use rusqlite::ToSql;
use rusqlite::types::{ToSqlOutput, Value, ValueRef};

/// Parameters either backend can bind.
pub(crate) trait Params {
    /// The same parameters for rusqlite, bound without a copy.
    fn sqlite(self) -> impl rusqlite::Params;
    /// The parameters as values, in order.
    fn values(self) -> rusqlite::Result<Vec<Value>>;
}

pub(crate) fn value(p: &(impl ToSql + ?Sized)) -> rusqlite::Result<Value> {
    Ok(match p.to_sql()? {
        ToSqlOutput::Borrowed(v) => match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Integer(i),
            ValueRef::Real(f) => Value::Real(f),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        },
        ToSqlOutput::Owned(v) => v,
        _ => Value::Null,
    })
}

impl Params for [&(dyn ToSql + Send + Sync); 0] {
    fn sqlite(self) -> impl rusqlite::Params {
        self
    }
    fn values(self) -> rusqlite::Result<Vec<Value>> {
        Ok(Vec::new())
    }
}

impl Params for &[&dyn ToSql] {
    fn sqlite(self) -> impl rusqlite::Params {
        self
    }
    fn values(self) -> rusqlite::Result<Vec<Value>> {
        self.iter().map(|p| value(*p)).collect()
    }
}

macro_rules! arrays {
    ($($n:literal)*) => {$(
        impl<T: ToSql> Params for [T; $n] {
            fn sqlite(self) -> impl rusqlite::Params {
                self
            }
            fn values(self) -> rusqlite::Result<Vec<Value>> {
                self.iter().map(value).collect()
            }
        }
        impl<T: ToSql + ?Sized> Params for &[&T; $n] {
            fn sqlite(self) -> impl rusqlite::Params {
                self
            }
            fn values(self) -> rusqlite::Result<Vec<Value>> {
                self.iter().map(|p| value(*p)).collect()
            }
        }
    )*};
}

arrays!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);

/// Parameters from an iterator, as `rusqlite::params_from_iter`.
pub(crate) struct FromIter<I>(I);

pub(crate) fn params_from_iter<I>(iter: I) -> FromIter<I>
where
    I: IntoIterator,
    I::Item: ToSql,
{
    FromIter(iter)
}

impl<I> Params for FromIter<I>
where
    I: IntoIterator,
    I::Item: ToSql,
{
    fn sqlite(self) -> impl rusqlite::Params {
        rusqlite::params_from_iter(self.0)
    }
    fn values(self) -> rusqlite::Result<Vec<Value>> {
        self.0.into_iter().map(|p| value(&p)).collect()
    }
}
