//! What a removal took, kept so that it can be put back whole.
//!
//! A [`Recorder`] is handed each removal a correction makes. Before deleting, it copies the
//! rows that go and, following the schema's foreign keys, every row an `ON DELETE
//! CASCADE` takes with them and every reference an `ON DELETE SET NULL` clears: an
//! interaction goes with its participants, an organisation clears the people who worked
//! there. Rows a correction only changes as a consequence (a follow-up reopened, a goal
//! stage stepped back) are watched and kept as they were and as they were left.
//!
//! [`Snapshot::restore`] puts it all back: rows parents first, each with its old id when
//! that id is still free, else with a new one that the rows referring to it follow; a
//! row whose unique key another row holds again (an organisation of the same name added
//! since) is folded into that row. A cleared reference is set again only where it is
//! still empty, and a changed row is put back only where it still holds what the removal
//! left, so that nothing done since is overwritten.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::db::OptionalExtension;
use crate::db::Value as Sql;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use warmline_core::person::PersonId;

use crate::schema::{Table, to_json, to_sql};
use crate::{Result, Store, StoreError};

type Row = Map<String, Value>;

/// How deep cascades are followed; the schema's deepest is three (an organisation, its
/// opportunities, their people).
const MAX_DEPTH: usize = 8;

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Snapshot {
    /// Every removed row, as `{"table": ..., "values": {...}}`.
    #[serde(default)]
    rows: Vec<Saved>,
    #[serde(default)]
    cleared: Vec<Cleared>,
    #[serde(default)]
    changed: Vec<Changed>,
    /// The people the removal touched, whose upkeep (last contact, search row) is redone.
    #[serde(default)]
    people: BTreeSet<PersonId>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Saved {
    table: String,
    values: Row,
}

/// A reference that a removal set to NULL.
#[derive(Debug, Serialize, Deserialize)]
struct Cleared {
    table: String,
    key: Row,
    column: String,
    value: Value,
}

/// A row a removal changed: the changed columns as they were, and as they were left.
#[derive(Debug, Serialize, Deserialize)]
struct Changed {
    table: String,
    key: Row,
    before: Row,
    after: Row,
}

struct Watch {
    table: String,
    rows: Vec<Row>,
}

/// Collects what one correction removes (see the module comment).
pub(crate) struct Recorder<'s> {
    store: &'s Store,
    tables: Vec<Table>,
    snap: Snapshot,
    seen: HashSet<(String, String)>,
    watches: Vec<Watch>,
}

fn quoted(columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `"a" IS ?n AND "b" IS ?n+1 ...`, numbering from `first`.
fn matching(columns: &[&String], first: usize) -> String {
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("\"{c}\" IS ?{}", i + first))
        .collect::<Vec<_>>()
        .join(" AND ")
}

fn read_rows(store: &Store, t: &Table, filter: &str, params: &[Sql]) -> Result<Vec<Row>> {
    // Names come from the schema, the filter from this crate; values are bound.
    let mut stmt = store.conn().prepare_cached(&format!(
        "SELECT {} FROM \"{}\" WHERE {filter}",
        quoted(&t.columns),
        t.name
    ))?;
    let mut rows = stmt.query(crate::db::params_from_iter(params))?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let r = &r;
        let mut row = Row::new();
        for (i, c) in t.columns.iter().enumerate() {
            row.insert(c.clone(), to_json(r.get_ref(i)?));
        }
        out.push(row);
    }
    Ok(out)
}

/// The row with this primary key, as a filter (a table without one matches nothing).
fn by_key(t: &Table, key: &Row) -> Result<(String, Vec<Sql>)> {
    let columns: Vec<&String> = t.pk.iter().collect();
    if columns.is_empty() {
        return Ok(("0".into(), Vec::new()));
    }
    let params = columns
        .iter()
        .map(|c| to_sql(key.get(*c).unwrap_or(&Value::Null)))
        .collect::<Result<_>>()?;
    Ok((matching(&columns, 1), params))
}

fn key_of(t: &Table, row: &Row) -> Row {
    t.pk.iter()
        .map(|c| (c.clone(), row.get(c).cloned().unwrap_or(Value::Null)))
        .collect()
}

impl<'s> Recorder<'s> {
    pub fn new(store: &'s Store) -> Result<Recorder<'s>> {
        Ok(Recorder {
            store,
            tables: store.tables()?,
            snap: Snapshot::default(),
            seen: HashSet::new(),
            watches: Vec::new(),
        })
    }

    fn table(&self, name: &str) -> Result<&Table> {
        self.tables
            .iter()
            .find(|t| t.name == name)
            .ok_or_else(|| StoreError::Invalid(format!("no table {name}")))
    }

    /// Copies the rows of `table` that pass `filter`, and what their removal takes with
    /// them, then deletes them. Returns how many rows of `table` went.
    pub fn remove(&mut self, table: &str, filter: &str, params: &[Sql]) -> Result<usize> {
        self.capture(table, filter, params, 0)?;
        Ok(self
            .store
            .conn()
            .prepare_cached(&format!("DELETE FROM \"{table}\" WHERE {filter}"))?
            .execute(crate::db::params_from_iter(params))?)
    }

    fn capture(&mut self, table: &str, filter: &str, params: &[Sql], depth: usize) -> Result<()> {
        if depth > MAX_DEPTH {
            return Ok(());
        }
        let t = self.table(table)?;
        let rows = read_rows(self.store, t, filter, params)?;
        if rows.is_empty() {
            return Ok(());
        }
        let mut people: Vec<PersonId> = Vec::new();
        for row in &rows {
            if table == "people" {
                people.extend(row.get("id").and_then(Value::as_i64));
            }
            for f in t.fks.iter().filter(|f| f.parent == "people") {
                people.extend(row.get(&f.column).and_then(Value::as_i64));
            }
        }
        let children: Vec<(String, String, String, String)> = self
            .tables
            .iter()
            .flat_map(|c| {
                c.fks.iter().filter(|f| f.parent == table).map(|f| {
                    (
                        c.name.clone(),
                        f.column.clone(),
                        f.parent_column.clone(),
                        f.on_delete.to_uppercase(),
                    )
                })
            })
            .collect();
        self.snap.people.extend(people);
        for row in &rows {
            let text = serde_json::to_string(row).unwrap_or_default();
            if self.seen.insert((table.to_string(), text)) {
                self.snap.rows.push(Saved {
                    table: table.to_string(),
                    values: row.clone(),
                });
            }
        }
        for (child, column, parent_column, action) in children {
            let mut values: Vec<Value> = rows
                .iter()
                .filter_map(|r| r.get(&parent_column))
                .filter(|v| !v.is_null())
                .cloned()
                .collect();
            values.dedup();
            if values.is_empty() {
                continue;
            }
            let filter = format!("\"{column}\" IN (SELECT value FROM json_each(?1))");
            let list = [Sql::Text(Value::Array(values).to_string())];
            match action.as_str() {
                "CASCADE" => self.capture(&child, &filter, &list, depth + 1)?,
                "SET NULL" => {
                    let c = self.table(&child)?;
                    if c.pk.is_empty() {
                        continue;
                    }
                    let found = read_rows(self.store, c, &filter, &list)?;
                    let keys: Vec<Row> = found.iter().map(|r| key_of(c, r)).collect();
                    for (row, key) in found.iter().zip(keys) {
                        if child == "people"
                            && let Some(id) = row.get("id").and_then(Value::as_i64)
                        {
                            self.snap.people.insert(id);
                        }
                        self.snap.cleared.push(Cleared {
                            table: child.clone(),
                            key,
                            column: column.clone(),
                            value: row.get(&column).cloned().unwrap_or(Value::Null),
                        });
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Keeps the rows of `table` that pass `filter` as they are now; those the correction
    /// goes on to change are kept as changed rows.
    pub fn watch(&mut self, table: &str, filter: &str, params: &[Sql]) -> Result<()> {
        let t = self.table(table)?;
        let rows = read_rows(self.store, t, filter, params)?;
        self.watches.push(Watch {
            table: table.to_string(),
            rows,
        });
        Ok(())
    }

    /// Counts these people among those the removal touched.
    pub fn touched(&mut self, people: impl IntoIterator<Item = PersonId>) {
        self.snap.people.extend(people);
    }

    /// The snapshot, with the watched rows that changed.
    pub fn finish(mut self) -> Result<Snapshot> {
        for w in std::mem::take(&mut self.watches) {
            let Some(t) = self.tables.iter().find(|t| t.name == w.table) else {
                continue;
            };
            for before in w.rows {
                let key = key_of(t, &before);
                let (filter, params) = by_key(t, &key)?;
                let Some(after) = read_rows(self.store, t, &filter, &params)?.pop() else {
                    continue;
                };
                let differs: Vec<&String> = t
                    .columns
                    .iter()
                    .filter(|c| before.get(*c) != after.get(*c))
                    .collect();
                if differs.is_empty() {
                    continue;
                }
                let pick = |row: &Row| -> Row {
                    differs
                        .iter()
                        .map(|c| ((*c).clone(), row.get(*c).cloned().unwrap_or(Value::Null)))
                        .collect()
                };
                self.snap.changed.push(Changed {
                    table: w.table.clone(),
                    key,
                    before: pick(&before),
                    after: pick(&after),
                });
            }
        }
        Ok(self.snap)
    }
}

/// Old id → new id, per table, for the rows put back.
type IdMaps = HashMap<String, HashMap<i64, i64>>;

fn noun(table: &str) -> &str {
    match table {
        "people" => "person",
        "organisations" => "organisation",
        "events" => "event",
        "interactions" => "interaction",
        "goals" => "goal",
        "opportunities" => "job",
        "goal_stage_history" => "goal stage",
        other => other,
    }
}

fn exists(store: &Store, table: &str, column: &str, value: i64) -> Result<bool> {
    Ok(store
        .conn()
        .prepare_cached(&format!(
            "SELECT 1 FROM \"{table}\" WHERE \"{column}\" = ?1"
        ))?
        .query_row([value], |_| Ok(()))
        .optional()?
        .is_some())
}

impl Snapshot {
    /// Puts everything back (see the module comment); returns the people to tidy up after.
    pub fn restore(&self, store: &Store) -> Result<BTreeSet<PersonId>> {
        let tables = store.tables()?;
        let mut maps = IdMaps::new();
        for t in &tables {
            for saved in self.rows.iter().filter(|r| r.table == t.name) {
                restore_row(store, t, &saved.values, &mut maps)?;
            }
        }
        for c in &self.cleared {
            let Some(t) = tables.iter().find(|t| t.name == c.table) else {
                continue;
            };
            let Some(fk) = t.fks.iter().find(|f| f.column == c.column) else {
                continue;
            };
            let Some(old) = c.value.as_i64() else {
                continue;
            };
            let value = maps
                .get(&fk.parent)
                .and_then(|m| m.get(&old))
                .copied()
                .unwrap_or(old);
            if !exists(store, &fk.parent, &fk.parent_column, value)? {
                continue;
            }
            let key = remap_key(t, &c.key, &maps);
            let key_columns: Vec<&String> = t.pk.iter().collect();
            if key_columns.is_empty() {
                continue;
            }
            let mut params = vec![Sql::Integer(value)];
            for col in &key_columns {
                params.push(to_sql(key.get(*col).unwrap_or(&Value::Null))?);
            }
            store
                .conn()
                .prepare_cached(&format!(
                    "UPDATE \"{}\" SET \"{}\" = ?1 WHERE {} AND \"{}\" IS NULL",
                    t.name,
                    c.column,
                    matching(&key_columns, 2),
                    c.column
                ))?
                .execute(crate::db::params_from_iter(params))?;
        }
        for c in &self.changed {
            let Some(t) = tables.iter().find(|t| t.name == c.table) else {
                continue;
            };
            let columns: Vec<&String> = c.before.keys().filter(|k| t.has_column(k)).collect();
            if columns.is_empty() {
                continue;
            }
            let key = remap_key(t, &c.key, &maps);
            let sets: Vec<String> = columns
                .iter()
                .enumerate()
                .map(|(i, col)| format!("\"{col}\" = ?{}", i + 1))
                .collect();
            let n = columns.len();
            let still = matching(&columns, n + 1);
            let key_columns: Vec<&String> = t.pk.iter().collect();
            if key_columns.is_empty() {
                continue;
            }
            let at = matching(&key_columns, 2 * n + 1);
            let mut params: Vec<Sql> = Vec::new();
            for col in &columns {
                params.push(to_sql(c.before.get(*col).unwrap_or(&Value::Null))?);
            }
            for col in &columns {
                params.push(to_sql(c.after.get(*col).unwrap_or(&Value::Null))?);
            }
            for col in &key_columns {
                params.push(to_sql(key.get(*col).unwrap_or(&Value::Null))?);
            }
            store
                .conn()
                .prepare_cached(&format!(
                    "UPDATE \"{}\" SET {} WHERE {at} AND {still}",
                    t.name,
                    sets.join(", ")
                ))?
                .execute(crate::db::params_from_iter(params))?;
        }
        let people_map = maps.get("people");
        Ok(self
            .people
            .iter()
            .map(|p| people_map.and_then(|m| m.get(p)).copied().unwrap_or(*p))
            .collect())
    }
}

/// A key whose columns refer to rows that were put back under new ids.
fn remap_key(t: &Table, key: &Row, maps: &IdMaps) -> Row {
    key.iter()
        .map(|(c, v)| {
            let parent = if t.has_id && c == "id" {
                Some(t.name.as_str())
            } else {
                t.refs.get(c).map(String::as_str)
            };
            let mapped = match (parent, v.as_i64()) {
                (Some(p), Some(old)) => maps
                    .get(p)
                    .and_then(|m| m.get(&old))
                    .map(|new| Value::from(*new)),
                _ => None,
            };
            (c.clone(), mapped.unwrap_or_else(|| v.clone()))
        })
        .collect()
}

fn restore_row(store: &Store, t: &Table, row: &Row, maps: &mut IdMaps) -> Result<()> {
    // A participant restored to an interaction edited since takes its day from the
    // interaction as it is now: the triggers fill what is left out.
    let mut values: Vec<(String, Value)> = t
        .columns
        .iter()
        .filter(|c| !crate::dump::kept_by_triggers(&t.name, c))
        .filter_map(|c| row.get(c).map(|v| (c.clone(), v.clone())))
        .collect();
    for (column, value) in &mut values {
        let Some(fk) = t.fks.iter().find(|f| &f.column == column) else {
            continue;
        };
        let Some(old) = value.as_i64() else {
            continue;
        };
        if let Some(new) = maps.get(&fk.parent).and_then(|m| m.get(&old)) {
            *value = Value::from(*new);
        } else if !exists(store, &fk.parent, &fk.parent_column, old)? {
            return Err(StoreError::Invalid(format!(
                "cannot undo: the {} #{old} it belonged to has been removed since",
                noun(&fk.parent)
            )));
        }
    }
    if t.name == "links" {
        // New ids may have turned the pair around; a link is stored smaller id first.
        let get = |values: &[(String, Value)], k: &str| {
            values
                .iter()
                .find(|(c, _)| c == k)
                .and_then(|(_, v)| v.as_i64())
        };
        if let (Some(a), Some(b)) = (get(&values, "a"), get(&values, "b")) {
            for (c, v) in &mut values {
                match c.as_str() {
                    "a" => *v = a.min(b).into(),
                    "b" => *v = a.max(b).into(),
                    _ => {}
                }
            }
        }
    }
    if !t.has_id {
        // Keyed by what it holds (an e-mail of a person, a tie between two people): when
        // the same row was made again since, the one there stays.
        insert(store, t, "INSERT OR IGNORE", &values, true)?;
        return Ok(());
    }
    let Some(old) = row.get("id").and_then(Value::as_i64) else {
        insert(store, t, "INSERT", &values, false)?;
        return Ok(());
    };
    for key in &t.unique {
        let kv: Vec<(&String, &Value)> = key
            .iter()
            .filter_map(|c| values.iter().find(|(n, _)| n == c).map(|(n, v)| (n, v)))
            .collect();
        if kv.len() != key.len() || kv.iter().any(|(_, v)| v.is_null()) {
            continue;
        }
        let columns: Vec<&String> = kv.iter().map(|(c, _)| *c).collect();
        let params = kv
            .iter()
            .map(|(_, v)| to_sql(v))
            .collect::<Result<Vec<_>>>()?;
        let holder: Option<i64> = store
            .conn()
            .prepare_cached(&format!(
                "SELECT id FROM \"{}\" WHERE {} LIMIT 1",
                t.name,
                matching(&columns, 1)
            ))?
            .query_row(crate::db::params_from_iter(params), |r| r.get(0))
            .optional()?;
        if let Some(holder) = holder {
            maps.entry(t.name.clone()).or_default().insert(old, holder);
            return Ok(());
        }
    }
    let free = !exists(store, &t.name, "id", old)?;
    insert(store, t, "INSERT", &values, free)?;
    let new = if free {
        old
    } else {
        store.conn().last_insert_rowid()?
    };
    maps.entry(t.name.clone()).or_default().insert(old, new);
    Ok(())
}

fn insert(
    store: &Store,
    t: &Table,
    verb: &str,
    values: &[(String, Value)],
    with_id: bool,
) -> Result<usize> {
    let values: Vec<&(String, Value)> = values
        .iter()
        .filter(|(c, _)| with_id || !t.has_id || c != "id")
        .collect();
    let cols: Vec<String> = values.iter().map(|(c, _)| c.clone()).collect();
    let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
    let params: Vec<Sql> = values
        .iter()
        .map(|(_, v)| to_sql(v))
        .collect::<Result<_>>()?;
    Ok(store
        .conn()
        .prepare_cached(&format!(
            "{verb} INTO \"{}\" ({}) VALUES ({})",
            t.name,
            quoted(&cols),
            marks.join(", ")
        ))?
        .execute(crate::db::params_from_iter(params))?)
}
