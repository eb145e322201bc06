//! warmline's own JSON: a lossless backup of every table, and importing it again.
//!
//! The document is `{"warmline_backup": 1, "schema_version": N, "tables": {...}}` with one
//! array of row objects per table, in an order where a table comes after those it refers
//! to. Every column is written except the folded `_key` columns, which are recomputed, and
//! the search index, which is rebuilt. Tables are discovered from the schema, so a table a
//! later migration adds is backed up without a change here.
//!
//! Importing into an empty database restores the rows with their ids: export, import,
//! export gives the same document. Importing into a database that holds data merges: people
//! are matched like any contact import (UID, LinkedIn, e-mail, phone), every row's
//! references are rewritten to the ids they map to, and a row that is already there (the
//! same values, or the same natural key for organisations, events and imported
//! interactions) is not added twice — so importing a backup twice changes nothing.

use std::collections::HashMap;

use crate::db::Value as Sql;
use serde_json::{Map, Value};
use warmline_core::text::{fold, phone_key};

use crate::import::IncomingContact;
use crate::schema::{Table, to_json, to_sql};
use crate::{Importer, Result, Store, StoreError};

/// The format's version: bumped only for changes an older warmline could not read.
pub const BACKUP_FORMAT: i64 = 1;

/// Columns derived from others; not written, recomputed on import.
const DERIVED: [(&str, &str); 5] = [
    ("organisations", "name_key"),
    ("events", "name_key"),
    ("people", "name_key"),
    ("person_emails", "email_key"),
    ("person_phones", "phone_key"),
];

/// Whether a column is a copy that triggers keep (migrations 021 to 023): neither written
/// to a backup nor from a saved row, which may be older than what it copies; the triggers
/// fill it from what it copies.
pub(crate) fn kept_by_triggers(table: &str, column: &str) -> bool {
    matches!(
        (table, column),
        ("needs_offers", "seen_on") | ("interaction_people", "on_date" | "kind" | "direction")
    )
}

/// Columns that identify an existing row in a merge, where "the same values" is too strict.
const NATURAL_KEYS: [(&str, &[&str]); 3] = [
    ("organisations", &["name_key"]),
    ("events", &["name_key", "on_date"]),
    ("interactions", &["source_key"]),
];

fn bad(what: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(what.to_string())
}

/// Tables a backup leaves out: the trash holds what the user removed, for a day, to undo a
/// slip. A backup carries what they keep; ids in the trash would mean nothing in another
/// database, and removed personal details should not outlive the trash in a file. The
/// summary change log and the stored warmth are bookkeeping for readers of this one file.
/// Devices' passwords belong to this copy of the network: a restored backup asks each
/// device to be set up again rather than carrying sign-ins to another machine.
/// The DAV sync state describes what this server told its clients, and the record of
/// captures sent from devices what this copy was sent. Each day's count of interactions
/// is computed from the interactions.
const NOT_BACKED_UP: [&str; 9] = [
    "removed",
    "summary_changes",
    "summary_log",
    "people_heat",
    "app_passwords",
    "dav_names",
    "dav_sync",
    "client_entries",
    "touch_days",
];

impl Store {
    /// The tables a backup holds, parents first.
    fn backup_tables(&self) -> Result<Vec<Table>> {
        Ok(self
            .tables()?
            .into_iter()
            .filter(|t| !NOT_BACKED_UP.contains(&t.name.as_str()))
            .collect())
    }

    /// Every table as JSON: the backup document.
    pub fn backup_json(&self) -> Result<Value> {
        let mut tables = Map::new();
        for t in self.backup_tables()? {
            let cols: Vec<&String> = t
                .columns
                .iter()
                .filter(|c| {
                    !DERIVED.contains(&(t.name.as_str(), c.as_str()))
                        && !kept_by_triggers(&t.name, c)
                })
                .collect();
            let list: Vec<String> = cols.iter().map(|c| format!("\"{c}\"")).collect();
            let mut stmt = self.conn().prepare(&format!(
                "SELECT {} FROM \"{}\" ORDER BY {}",
                list.join(", "),
                t.name,
                t.order
            ))?;
            let mut rows = stmt.query([])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                let r = &r;
                let mut obj = Map::new();
                for (i, c) in cols.iter().enumerate() {
                    obj.insert((*c).clone(), to_json(r.get_ref(i)?));
                }
                out.push(Value::Object(obj));
            }
            tables.insert(t.name, Value::Array(out));
        }
        let mut doc = Map::new();
        doc.insert("warmline_backup".into(), BACKUP_FORMAT.into());
        doc.insert("schema_version".into(), crate::migrate::LATEST.into());
        doc.insert("tables".into(), Value::Object(tables));
        Ok(Value::Object(doc))
    }

    /// Whether the database holds nothing a backup would carry but settings.
    fn is_blank(&self) -> Result<bool> {
        for t in self.backup_tables()? {
            if t.name == "settings" {
                continue;
            }
            let n: i64 = self.conn().query_row(
                &format!("SELECT count(*) FROM \"{}\"", t.name),
                [],
                |r| r.get(0),
            )?;
            if n > 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_string)
}

/// The recomputed value of a derived column.
fn derive(table: &str, column: &str, row: &Map<String, Value>) -> Value {
    let source = |c: &str| row.get(c).and_then(Value::as_str).unwrap_or("");
    match (table, column) {
        ("person_emails", "email_key") => source("email").to_lowercase().into(),
        ("person_phones", "phone_key") => phone_key(source("phone")).into(),
        _ => fold(source("name")).into(),
    }
}

impl Importer<'_> {
    /// Imports a backup document (see the module comment).
    pub fn backup(&mut self, doc: &Value) -> Result<()> {
        let version = doc.get("warmline_backup").and_then(Value::as_i64);
        if version.is_none() {
            return Err(bad("not a warmline backup: no \"warmline_backup\" key"));
        }
        if version.is_some_and(|v| v > BACKUP_FORMAT)
            || doc
                .get("schema_version")
                .and_then(Value::as_i64)
                .is_some_and(|v| v > crate::migrate::LATEST)
        {
            return Err(bad(
                "this backup was written by a newer warmline: upgrade warmline",
            ));
        }
        let Some(tables) = doc.get("tables").and_then(Value::as_object) else {
            return Err(bad("not a warmline backup: no \"tables\" object"));
        };
        let known = self.store.backup_tables()?;
        if let Some(unknown) = tables.keys().find(|k| !known.iter().any(|t| &t.name == *k)) {
            return Err(bad(format!("unknown table '{unknown}'")));
        }
        let restore = self.store.is_blank()?;
        let index = if restore {
            BackupIndex::default()
        } else {
            BackupIndex::new(tables)
        };
        let mut maps: HashMap<String, HashMap<i64, i64>> = HashMap::new();
        for t in &known {
            let Some(rows) = tables.get(&t.name) else {
                continue;
            };
            let Some(rows) = rows.as_array() else {
                return Err(bad(format!("tables.{} is not a list", t.name)));
            };
            for (n, row) in rows.iter().enumerate() {
                let at = |e: StoreError| bad(format!("tables.{}[{n}]: {e}", t.name));
                let Some(row) = row.as_object() else {
                    return Err(at(bad("not an object")));
                };
                self.backup_row(t, row, restore, &index, &mut maps)
                    .map_err(at)?;
            }
        }
        if !restore {
            // Interactions joined people behind their backs: recompute each one's last
            // contact (a restore carries the column as it was).
            let mut ids: Vec<i64> = maps
                .get("people")
                .map(|m| m.values().copied().collect())
                .unwrap_or_default();
            ids.sort_unstable();
            ids.dedup();
            for id in ids {
                self.store.refresh_last_contact(id)?;
                self.dirty.insert(id);
            }
        }
        Ok(())
    }

    fn backup_row(
        &mut self,
        t: &Table,
        row: &Map<String, Value>,
        restore: bool,
        index: &BackupIndex,
        maps: &mut HashMap<String, HashMap<i64, i64>>,
    ) -> Result<()> {
        if let Some(c) = row.keys().find(|c| !t.columns.contains(c)) {
            return Err(bad(format!("unknown column '{c}'")));
        }
        let mut values: Vec<(String, Value)> = Vec::new();
        for c in &t.columns {
            if kept_by_triggers(&t.name, c) {
                continue;
            }
            if DERIVED.contains(&(t.name.as_str(), c.as_str())) {
                values.push((c.clone(), derive(&t.name, c, row)));
                continue;
            }
            let Some(v) = row.get(c) else { continue };
            let v = match (t.refs.get(c), v.as_i64()) {
                (Some(parent), Some(old)) if !restore => {
                    let mapped = maps.get(parent).and_then(|m| m.get(&old));
                    match mapped {
                        Some(new) => Value::from(*new),
                        None => {
                            return Err(bad(format!(
                                "{c} refers to {parent} {old}, which the backup does not hold"
                            )));
                        }
                    }
                }
                _ => v.clone(),
            };
            values.push((c.clone(), v));
        }
        let conn = self.store.conn();
        let old_id = row.get("id").and_then(Value::as_i64);
        if restore {
            let verb = if t.name == "settings" {
                "INSERT OR REPLACE"
            } else {
                "INSERT"
            };
            self.insert_row(t, verb, &values, true)?;
            if let Some(id) = old_id {
                maps.entry(t.name.clone()).or_default().insert(id, id);
            }
            self.count_row(&t.name, true);
            return Ok(());
        }
        if t.name == "people" {
            let id = self.backup_person(row, index)?;
            if let Some(old) = old_id {
                maps.entry(t.name.clone()).or_default().insert(old, id);
            }
            return Ok(());
        }
        if t.name == "links" {
            // References were rewritten: keep the pair ordered, and drop a tie of someone
            // with themselves (two people of the backup merged into one).
            let get = |k: &str| {
                values
                    .iter()
                    .find(|(c, _)| c == k)
                    .and_then(|(_, v)| v.as_i64())
            };
            if let (Some(a), Some(b)) = (get("a"), get("b")) {
                if a == b {
                    return Ok(());
                }
                for (c, v) in &mut values {
                    if c == "a" {
                        *v = a.min(b).into();
                    } else if c == "b" {
                        *v = a.max(b).into();
                    }
                }
            }
        }
        if !t.has_id {
            let added = self.insert_row(t, "INSERT OR IGNORE", &values, false)? > 0;
            self.count_row(&t.name, added);
            return Ok(());
        }
        let existing = self.find_row(t, &values)?;
        let id = match existing {
            Some(id) => {
                self.count_row(&t.name, false);
                id
            }
            None => {
                self.insert_row(t, "INSERT", &values, false)?;
                self.count_row(&t.name, true);
                conn.last_insert_rowid()?
            }
        };
        if let Some(old) = old_id {
            maps.entry(t.name.clone()).or_default().insert(old, id);
        }
        Ok(())
    }

    fn insert_row(
        &self,
        t: &Table,
        verb: &str,
        values: &[(String, Value)],
        with_id: bool,
    ) -> Result<usize> {
        let values: Vec<&(String, Value)> = values
            .iter()
            .filter(|(c, _)| with_id || !t.has_id || c != "id")
            .collect();
        let cols: Vec<String> = values.iter().map(|(c, _)| format!("\"{c}\"")).collect();
        let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
        let params: Vec<Sql> = values
            .iter()
            .map(|(_, v)| to_sql(v))
            .collect::<Result<_>>()?;
        // Table and column names come from the schema, never from the document.
        let mut sql = format!(
            "{verb} INTO \"{}\" ({}) VALUES ({})",
            t.name,
            cols.join(", "),
            marks.join(", ")
        );
        if verb == "INSERT OR REPLACE" && self.store.conn().is_postgres() {
            // PostgreSQL's replace names the key and the columns it overwrites.
            let keys: Vec<String> = t.pk.iter().map(|c| format!("\"{c}\"")).collect();
            let set: Vec<String> = cols.iter().map(|c| format!("{c} = excluded.{c}")).collect();
            sql = format!(
                "INSERT INTO \"{}\" ({}) VALUES ({}) ON CONFLICT ({}) DO UPDATE SET {}",
                t.name,
                cols.join(", "),
                marks.join(", "),
                keys.join(", "),
                set.join(", ")
            );
        }
        Ok(self
            .store
            .conn()
            .prepare_cached(&sql)?
            .execute(crate::db::params_from_iter(params))?)
    }

    /// An existing row that is this one: by natural key where there is one (and it is
    /// set), else by every value but the id.
    fn find_row(&self, t: &Table, values: &[(String, Value)]) -> Result<Option<i64>> {
        if let Some((_, keys)) = NATURAL_KEYS.iter().find(|(n, _)| *n == t.name) {
            let key: Vec<(String, Value)> = values
                .iter()
                .filter(|(c, _)| keys.contains(&c.as_str()))
                .cloned()
                .collect();
            if key.iter().any(|(_, v)| !v.is_null()) {
                return self.find_by(&t.name, &key);
            }
        }
        let all: Vec<(String, Value)> = values.iter().filter(|(c, _)| c != "id").cloned().collect();
        self.find_by(&t.name, &all)
    }

    fn find_by(&self, table: &str, values: &[(String, Value)]) -> Result<Option<i64>> {
        let conds: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, (c, _))| format!("\"{c}\" IS ?{}", i + 1))
            .collect();
        let params: Vec<Sql> = values
            .iter()
            .map(|(_, v)| to_sql(v))
            .collect::<Result<_>>()?;
        let sql = format!(
            "SELECT id FROM \"{table}\" WHERE {} ORDER BY id LIMIT 1",
            if conds.is_empty() {
                "1".to_string()
            } else {
                conds.join(" AND ")
            }
        );
        use crate::db::OptionalExtension;
        Ok(self
            .store
            .conn()
            .prepare_cached(&sql)?
            .query_row(crate::db::params_from_iter(params), |r| r.get(0))
            .optional()?)
    }

    fn count_row(&mut self, table: &str, added: bool) {
        let counts = match table {
            "people" => &mut self.report.people,
            "interactions" => &mut self.report.interactions,
            _ => &mut self.report.rows,
        };
        if added {
            counts.added += 1;
        } else {
            counts.unchanged += 1;
        }
        if table == "people" {
            // Restored people need their search rows; merged ones are marked by contact().
            self.rebuild_all = true;
        }
    }

    /// A person of a backup merged like any imported contact; returns their id here.
    fn backup_person(&mut self, row: &Map<String, Value>, index: &BackupIndex) -> Result<i64> {
        let old = row.get("id").and_then(Value::as_i64).unwrap_or(i64::MIN);
        let children = |table: &str| {
            index
                .children
                .get(&(table, old))
                .cloned()
                .unwrap_or_default()
        };
        let org = row
            .get("org_id")
            .and_then(Value::as_i64)
            .and_then(|o| index.orgs.get(&o).cloned());
        let contact = IncomingContact {
            line: 0,
            name: text(row.get("name")).unwrap_or_default(),
            name_parts: warmline_core::name_parts::NameParts::new(
                text(row.get("name_family")).as_deref(),
                text(row.get("name_given")).as_deref(),
                text(row.get("name_middle")).as_deref(),
                text(row.get("name_prefix")).as_deref(),
                text(row.get("name_suffix")).as_deref(),
            ),
            emails: children("person_emails"),
            phones: children("person_phones"),
            org,
            title: text(row.get("title")),
            linkedin: text(row.get("linkedin")),
            website: text(row.get("website")),
            location: text(row.get("location")),
            birthday: text(row.get("birthday"))
                .and_then(|b| warmline_core::person::Birthday::parse(&b)),
            notes: text(row.get("notes")),
            tags: children("person_tags"),
            connected_on: text(row.get("connected_on"))
                .and_then(|d| warmline_core::date::parse_iso(&d)),
            uid: children("person_uids").into_iter().next(),
        };
        Ok(match self.contact(&contact)? {
            crate::Outcome::Added(id)
            | crate::Outcome::Updated(id)
            | crate::Outcome::Unchanged(id) => id,
        })
    }
}

/// What merging a person needs from the rest of the document, gathered in one pass so
/// that a large backup is not scanned once per person.
#[derive(Default)]
struct BackupIndex {
    /// (table, old person id) → the e-mails, phones, tags or UIDs listed for them.
    children: HashMap<(&'static str, i64), Vec<String>>,
    /// Old organisation id → name.
    orgs: HashMap<i64, String>,
}

impl BackupIndex {
    fn new(tables: &Map<String, Value>) -> BackupIndex {
        let mut index = BackupIndex::default();
        let lists: [(&'static str, &str); 4] = [
            ("person_emails", "email"),
            ("person_phones", "phone"),
            ("person_tags", "tag"),
            ("person_uids", "uid"),
        ];
        for (table, column) in lists {
            for row in tables
                .get(table)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let (Some(id), Some(v)) = (
                    row.get("person_id").and_then(Value::as_i64),
                    text(row.get(column)),
                ) {
                    index.children.entry((table, id)).or_default().push(v);
                }
            }
        }
        for row in tables
            .get("organisations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let (Some(id), Some(name)) =
                (row.get("id").and_then(Value::as_i64), text(row.get("name")))
            {
                index.orgs.insert(id, name);
            }
        }
        index
    }
}
