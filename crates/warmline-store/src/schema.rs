//! The schema as the generic code reads it: every table with its columns, primary key,
//! references and unique keys, parents first. The JSON backup walks it to write and read
//! every table, and the trash walks it to know what a removal takes with it (the rows
//! that ON DELETE CASCADE removes, the references ON DELETE SET NULL clears), so a table
//! a later migration adds is handled by both without a change there.

use std::collections::HashMap;

use rusqlite::types::{Value as Sql, ValueRef};
use serde_json::Value;

use crate::{Result, Store, StoreError};

/// A reference from one column to another table's row.
pub(crate) struct ForeignKey {
    pub column: String,
    pub parent: String,
    pub parent_column: String,
    /// `CASCADE`, `SET NULL`, or what SQLite says otherwise (`NO ACTION`).
    pub on_delete: String,
}

pub(crate) struct Table {
    pub name: String,
    /// Every column, in schema order.
    pub columns: Vec<String>,
    /// The primary key's columns, in key order (empty for a table keyed by rowid alone).
    pub pk: Vec<String>,
    /// Whether `id` is the INTEGER PRIMARY KEY.
    pub has_id: bool,
    /// Column → the table it refers to.
    pub refs: HashMap<String, String>,
    pub fks: Vec<ForeignKey>,
    /// Unique keys other than the primary key, each a list of columns.
    pub unique: Vec<Vec<String>>,
    /// How rows are listed: by primary key (a table may have no rowid), else by rowid.
    pub order: String,
}

impl Table {
    pub fn has_column(&self, column: &str) -> bool {
        self.columns.iter().any(|c| c == column)
    }
}

impl Store {
    /// Every table that holds data (not the search index), parents first.
    pub(crate) fn tables(&self) -> Result<Vec<Table>> {
        if self.conn().is_postgres() {
            return self.postgres_tables().map(parents_first);
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY rowid",
        )?;
        let all: Vec<(String, Option<String>)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<crate::db::Result<_>>()?;
        let virtuals: Vec<&String> = all
            .iter()
            .filter(|(_, sql)| {
                sql.as_deref()
                    .is_some_and(|s| s.starts_with("CREATE VIRTUAL"))
            })
            .map(|(n, _)| n)
            .collect();
        let mut tables = Vec::new();
        for (name, _) in &all {
            // The search index and its shadow tables are derived data.
            if virtuals
                .iter()
                .any(|v| name == *v || name.starts_with(&format!("{v}_")))
            {
                continue;
            }
            tables.push(self.table(name)?);
        }
        Ok(parents_first(tables))
    }
}

/// Parents first: repeatedly take the tables whose references are all placed.
fn parents_first(mut tables: Vec<Table>) -> Vec<Table> {
    let mut ordered: Vec<Table> = Vec::new();
    while !tables.is_empty() {
        let ready = tables.iter().position(|t| {
            t.refs
                .values()
                .all(|p| *p == t.name || ordered.iter().any(|o| &o.name == p))
        });
        // A cycle cannot be ordered; take the tables as they are.
        ordered.push(tables.remove(ready.unwrap_or(0)));
    }
    ordered
}

impl Store {
    fn table(&self, name: &str) -> Result<Table> {
        let mut info = self
            .conn()
            .prepare_cached("SELECT name, pk, type FROM pragma_table_info(?1)")?;
        let cols: Vec<(String, i64, String)> = info
            .query_map([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<crate::db::Result<_>>()?;
        let mut pks: Vec<&(String, i64, String)> = cols.iter().filter(|c| c.1 > 0).collect();
        pks.sort_by_key(|c| c.1);
        let order = if pks.is_empty() {
            "rowid".to_string()
        } else {
            let keys: Vec<String> = pks.iter().map(|c| format!("\"{}\"", c.0)).collect();
            keys.join(", ")
        };
        let has_id =
            matches!(pks.as_slice(), [(n, _, t)] if n == "id" && t.eq_ignore_ascii_case("INTEGER"));
        let pk = pks.iter().map(|c| c.0.clone()).collect();
        let mut fk = self.conn().prepare_cached(
            "SELECT \"from\", \"table\", coalesce(\"to\", 'id'), on_delete
             FROM pragma_foreign_key_list(?1)",
        )?;
        let fks: Vec<ForeignKey> = fk
            .query_map([name], |r| {
                Ok(ForeignKey {
                    column: r.get(0)?,
                    parent: r.get(1)?,
                    parent_column: r.get(2)?,
                    on_delete: r.get(3)?,
                })
            })?
            .collect::<crate::db::Result<_>>()?;
        let refs = fks
            .iter()
            .map(|f| (f.column.clone(), f.parent.clone()))
            .collect();
        let mut indexes = self.conn().prepare_cached(
            "SELECT name FROM pragma_index_list(?1) WHERE \"unique\" = 1 AND origin <> 'pk'",
        )?;
        let names: Vec<String> = indexes
            .query_map([name], |r| r.get(0))?
            .collect::<crate::db::Result<_>>()?;
        let mut unique = Vec::new();
        for index in names {
            let mut info = self
                .conn()
                .prepare_cached("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")?;
            let columns: Vec<Option<String>> = info
                .query_map([&index], |r| r.get(0))?
                .collect::<crate::db::Result<_>>()?;
            // An index on an expression has no column name; it is not a key rows carry.
            if let Some(columns) = columns.into_iter().collect::<Option<Vec<String>>>() {
                unique.push(columns);
            }
        }
        Ok(Table {
            name: name.to_string(),
            columns: cols.into_iter().map(|c| c.0).collect(),
            pk,
            has_id,
            refs,
            fks,
            unique,
            order,
        })
    }
}

pub(crate) fn to_json(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => i.into(),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            serde_json::json!({ "blob_hex": hex })
        }
    }
}

pub(crate) fn to_sql(v: &Value) -> Result<Sql> {
    Ok(match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => Sql::Real(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => Sql::Text(s.clone()),
        Value::Object(o) => match o.get("blob_hex").and_then(Value::as_str) {
            Some(hex) if hex.len() % 2 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                let bytes = (0..hex.len())
                    .step_by(2)
                    .filter_map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
                    .collect();
                Sql::Blob(bytes)
            }
            _ => {
                return Err(StoreError::Invalid(
                    "an object where a value was expected".into(),
                ));
            }
        },
        Value::Array(_) => {
            return Err(StoreError::Invalid(
                "a list where a value was expected".into(),
            ));
        }
    })
}

/// The catalog as PostgreSQL keeps it, read into the same shape. The account column,
/// which leads every key, and the columns SQLite does not have (the search words, the
/// order kept as `rowid`) are left out: a backup reads the same from either backend.
impl Store {
    fn postgres_tables(&self) -> Result<Vec<Table>> {
        let names: Vec<String> = self
            .conn()
            .prepare_cached(
                // An account's tables are those under row-level security: not the hosted
                // server's registry, nor the account's version number (migration 002).
                "SELECT c.relname::text FROM pg_class c
                  WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
                    AND c.relrowsecurity
                    AND c.relname NOT IN ('schema_version', 'person_search', 'data_versions')
                  ORDER BY c.oid",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<crate::db::Result<_>>()?;
        names.iter().map(|n| self.postgres_table(n)).collect()
    }

    fn postgres_table(&self, name: &str) -> Result<Table> {
        let hidden = |c: &String| c == "account_id" || c == "rowid";
        let columns: Vec<String> = self
            .conn()
            .prepare_cached(
                "SELECT attname::text FROM pg_attribute
                  WHERE attrelid = to_regclass(?1) AND attnum > 0 AND NOT attisdropped
                    AND attgenerated = ''
                  ORDER BY attnum",
            )?
            .query_map([name], |r| r.get(0))?
            .collect::<crate::db::Result<Vec<String>>>()?
            .into_iter()
            .filter(|c| !hidden(c))
            .collect();
        // Every index's columns in key order; an expression reads as NULL.
        let mut indexes = self.conn().prepare_cached(
            "SELECT i.indexrelid::bigint, i.indisprimary::int, a.attname::text
               FROM pg_index i
               CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
               LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
              WHERE i.indrelid = to_regclass(?1) AND i.indisunique
              ORDER BY i.indexrelid, k.ord",
        )?;
        let rows: Vec<(i64, bool, Option<String>)> = indexes
            .query_map([name], |r| {
                Ok((r.get(0)?, r.get::<_, i64>(1)? != 0, r.get(2)?))
            })?
            .collect::<crate::db::Result<_>>()?;
        let mut pk = Vec::new();
        let mut unique: Vec<(i64, Option<Vec<String>>)> = Vec::new();
        for (index, primary, column) in rows {
            if primary {
                pk.extend(column.filter(|c| !hidden(c)));
                continue;
            }
            if unique.last().is_none_or(|(i, _)| *i != index) {
                unique.push((index, Some(Vec::new())));
            }
            if let Some((_, cols)) = unique.last_mut() {
                match column {
                    Some(c) if hidden(&c) => {}
                    Some(c) => {
                        if let Some(cols) = cols {
                            cols.push(c);
                        }
                    }
                    None => *cols = None,
                }
            }
        }
        let fks: Vec<ForeignKey> = self
            .conn()
            .prepare_cached(
                "SELECT a.attname::text, p.relname::text, pa.attname::text,
                        CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL'
                             WHEN 'r' THEN 'RESTRICT' WHEN 'd' THEN 'SET DEFAULT'
                             ELSE 'NO ACTION' END
                   FROM pg_constraint c
                   CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(col, parent_col)
                   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col
                   JOIN pg_class p ON p.oid = c.confrelid
                   JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = k.parent_col
                  WHERE c.contype = 'f' AND c.conrelid = to_regclass(?1)
                    AND a.attname <> 'account_id'
                  ORDER BY c.oid",
            )?
            .query_map([name], |r| {
                Ok(ForeignKey {
                    column: r.get(0)?,
                    parent: r.get(1)?,
                    parent_column: r.get(2)?,
                    on_delete: r.get(3)?,
                })
            })?
            .collect::<crate::db::Result<_>>()?;
        let refs = fks
            .iter()
            .map(|f| (f.column.clone(), f.parent.clone()))
            .collect();
        let order = pk
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        Ok(Table {
            name: name.to_string(),
            has_id: pk == ["id"],
            columns,
            pk,
            refs,
            fks,
            unique: unique.into_iter().filter_map(|(_, cols)| cols).collect(),
            order,
        })
    }
}
