//! Applying imported records: one transaction per file, a report of what changed.
//!
//! The binary parses a file (warmline-formats) and hands each record to an [`Importer`],
//! which matches it against the people already stored and adds, merges or leaves it. All of
//! it runs in one `BEGIN IMMEDIATE` transaction: a record that fails rolls the whole file
//! back, and a dry run rolls back even on success, so "what would change" is computed by the
//! same code that changes it. Search indexing is deferred to the end, for the people touched.
//!
//! Matching and merging people is `import_people.rs`; interactions `import_interactions.rs`.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;
use warmline_core::person::PersonId;

use crate::{Result, Store, StoreError};

/// Above this many touched people, the whole search index is rebuilt in one statement
/// instead of person by person.
const FULL_REINDEX_AT: usize = 2_000;
/// The page cache an import runs with, in KiB (negative: SQLite's unit for KiB).
const IMPORT_CACHE_KIB: i64 = -65_536;
/// At most this many changes and new connections are listed one by one in a report; the
/// counts stay exact. Keeps a 100k-row import's memory bounded.
pub const LISTED: usize = 1_000;

pub use warmline_core::incoming::{IncomingContact, IncomingInteraction, IncomingParticipant};

/// How an import runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// What new people's `source` says: `linkedin`, `google`, `vcard`, ...
    pub source: String,
    /// Imported values replace what is stored (otherwise they only fill empty fields).
    pub overwrite: bool,
    /// Compute everything, write nothing.
    pub dry_run: bool,
    pub today: NaiveDate,
}

/// A person named in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonRef {
    pub id: PersonId,
    pub name: String,
    pub org: Option<String>,
    pub title: Option<String>,
}

/// A job as a report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobRef {
    pub org: Option<String>,
    pub title: Option<String>,
}

/// A new company or position between two LinkedIn exports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobChangeReport {
    pub id: PersonId,
    pub name: String,
    pub from: JobRef,
    pub to: JobRef,
    /// Whether the person's current job was updated (it is not when the user typed a
    /// different one and `--overwrite` was not given).
    pub applied: bool,
}

/// One person added or updated, and which fields changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub line: u64,
    /// `add` or `update`.
    pub action: &'static str,
    pub id: PersonId,
    pub name: String,
    pub fields: Vec<&'static str>,
}

/// A problem with one record (dry runs collect them; real imports stop at the first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordError {
    pub line: u64,
    pub message: String,
}

/// A record left out of an import that skips bad records (`--skip-bad`): which file,
/// where, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedRecord {
    pub file: String,
    pub line: u64,
    pub message: String,
}

/// Counts for one kind of record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub skipped: u64,
}

/// A person kept apart from someone who has the same e-mail address or phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SharedWith {
    pub line: u64,
    pub id: PersonId,
    pub name: String,
    pub with_id: PersonId,
    pub with_name: String,
    /// "the phone number +1 206 555 0100", "the e-mail address desk@example.com".
    pub what: String,
}

/// What an import did (or, in a dry run, would do). The top-level counts add up people
/// and interactions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub skipped: u64,
    pub errors: Vec<RecordError>,
    pub dry_run: bool,
    pub people: Counts,
    pub interactions: Counts,
    /// Other rows of a backup (facts, follow-ups, goals, ...).
    pub rows: Counts,
    /// People added from LinkedIn connections (the first [`LISTED`]).
    pub new_connections: Vec<PersonRef>,
    pub new_connections_count: u64,
    pub job_changes: Vec<JobChangeReport>,
    /// Distinct addresses or people on imported interactions that are no contact of mine.
    pub unknown_addresses: u64,
    /// Mail messages read (mbox).
    pub messages: u64,
    /// The people added and updated (the first [`LISTED`]).
    pub changes: Vec<Change>,
    pub changes_count: u64,
    /// Records that could not be read or applied, left out because the import was asked
    /// to skip them (counted in `skipped` as well).
    pub skipped_records: Vec<SkippedRecord>,
    /// Records imported with a value left out or kept elsewhere (an unreadable birthday,
    /// a date outside 1970 to a year ahead), with their line.
    pub warnings: Vec<SkippedRecord>,
    /// Meetings ahead removed because the calendar file they came from no longer holds
    /// them (see [`Importer::cancel_missing`]).
    pub cancelled: u64,
    /// People added although they share an e-mail address or a phone number with someone
    /// already here, because their names plainly differ (the first [`LISTED`]).
    pub shared: Vec<SharedWith>,
    pub shared_count: u64,
    /// What the user should know about how the file was read ("you are Sam Rivera (from
    /// messages.csv)…"), a sentence each.
    pub notes: Vec<String>,
}

impl ImportReport {
    fn total(&mut self) {
        let (p, i, o) = (self.people, self.interactions, self.rows);
        self.added = p.added + i.added + o.added;
        self.updated = p.updated + i.updated + o.updated;
        self.unchanged = p.unchanged + i.unchanged + o.unchanged;
        self.skipped = p.skipped + i.skipped + o.skipped + self.skipped_records.len() as u64;
    }
}

/// Applies records inside an import's transaction. Made by [`Store::import`].
pub struct Importer<'s> {
    pub(crate) store: &'s Store,
    pub(crate) options: ImportOptions,
    pub(crate) report: ImportReport,
    /// People whose search row must be rebuilt at the end.
    pub(crate) dirty: HashSet<PersonId>,
    /// Organisation ids by folded name.
    pub(crate) orgs: HashMap<String, i64>,
    /// `person_uid(id)` of every stored person, built the first time a card's UID is not
    /// found among stored UIDs (a card exported by warmline carries one of these).
    pub(crate) own_uids: Option<HashMap<String, PersonId>>,
    /// Participants not found, by their key (email, LinkedIn URL or name).
    pub(crate) unknown: HashSet<String>,
    /// The calendar file being imported, when the caller named it: its meetings are
    /// tagged with it, and [`Importer::cancel_missing`] compares against it.
    pub(crate) calendar_file: Option<String>,
    /// The `source_key`s this import has read from that calendar file.
    pub(crate) seen_keys: HashSet<String>,
    /// Rows were written behind the importer's back (a restored backup): rebuild the
    /// whole search index at the end.
    pub(crate) rebuild_all: bool,
}

impl Store {
    /// Runs an import: `f` feeds records to the importer. Everything lands in one
    /// transaction, or nothing does (an error from `f`, or a dry run).
    pub fn import<E>(
        &self,
        options: &ImportOptions,
        f: impl FnOnce(&mut Importer<'_>) -> Result<(), E>,
    ) -> Result<ImportReport, E>
    where
        E: From<StoreError>,
    {
        if !self.conn().is_autocommit() {
            return Err(
                StoreError::Invalid("an import cannot run inside another change".into()).into(),
            );
        }
        // A large import touches every index page many times over: a page cache big
        // enough to hold them keeps SQLite from spilling to the log mid-transaction.
        let cache: i64 = self
            .conn()
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .map_err(StoreError::from)?;
        self.conn()
            .execute_batch(&format!(
                "PRAGMA cache_size = {IMPORT_CACHE_KIB}; BEGIN IMMEDIATE"
            ))
            .map_err(StoreError::from)?;
        if let Err(e) = self.quiet_summary_log(true) {
            let _ = self.conn().execute_batch("ROLLBACK");
            return Err(e.into());
        }
        self.in_bulk.set(true);
        let mut importer = Importer {
            store: self,
            options: options.clone(),
            report: ImportReport {
                dry_run: options.dry_run,
                ..ImportReport::default()
            },
            dirty: HashSet::new(),
            orgs: HashMap::new(),
            own_uids: None,
            unknown: HashSet::new(),
            calendar_file: None,
            seen_keys: HashSet::new(),
            rebuild_all: false,
        };
        let fed = f(&mut importer);
        self.in_bulk.set(false);
        let finished = fed.and_then(|()| importer.finish().map_err(E::from));
        let end = match (&finished, options.dry_run) {
            (Ok(()), false) => "COMMIT",
            _ => "ROLLBACK",
        };
        let ended = self.conn().execute_batch(end);
        let _ = self
            .conn()
            .execute_batch(&format!("PRAGMA cache_size = {cache}"));
        if let Err(e) = ended {
            // A failed COMMIT leaves the transaction open: undo it, then report.
            let _ = self.conn().execute_batch("ROLLBACK");
            if finished.is_ok() {
                return Err(StoreError::from(e).into());
            }
        }
        finished.map(|()| importer.report)
    }

    /// The lower-cased e-mail addresses of every stored person: what an mbox import needs
    /// to tell contacts from strangers without a query per address.
    pub fn known_emails(&self) -> Result<HashSet<String>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT DISTINCT email_key FROM person_emails")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }
}

impl Importer<'_> {
    pub fn options(&self) -> &ImportOptions {
        &self.options
    }

    /// Notes a problem with a record and goes on (dry runs list every problem).
    pub fn record_error(&mut self, line: u64, message: impl Into<String>) {
        self.report.errors.push(RecordError {
            line,
            message: message.into(),
        });
    }

    /// Leaves a bad record out and goes on (an import asked to skip bad records).
    pub fn skip_record(&mut self, file: &str, line: u64, message: impl Into<String>) {
        self.report.skipped_records.push(SkippedRecord {
            file: file.to_string(),
            line,
            message: message.into(),
        });
    }

    /// Notes a value of a record that was left out or kept elsewhere.
    pub fn warn(&mut self, file: &str, line: u64, message: impl Into<String>) {
        self.report.warnings.push(SkippedRecord {
            file: file.to_string(),
            line,
            message: message.into(),
        });
    }

    /// Counts records a reader passed over (rows that name no one).
    pub fn skip_contacts(&mut self, n: u64) {
        self.report.people.skipped += n;
    }

    /// Runs `f` for one record so that, if it fails, nothing it wrote stays: the rest of
    /// the file can still be imported. Per-import caches that may name what was undone
    /// are dropped with it.
    pub fn isolated<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        self.store.exec("SAVEPOINT one_record", [])?;
        match f(self) {
            Ok(v) => {
                self.store.exec("RELEASE one_record", [])?;
                Ok(v)
            }
            Err(e) => {
                self.store
                    .exec("ROLLBACK TO one_record", [])
                    .and_then(|_| self.store.exec("RELEASE one_record", []))?;
                self.orgs.clear();
                self.own_uids = None;
                Err(e)
            }
        }
    }

    /// Tells the user something about how a file was read (see [`ImportReport::notes`]).
    pub fn note(&mut self, text: impl Into<String>) {
        self.report.notes.push(text.into());
    }

    /// Counts a record the caller chose not to apply (e.g. my own card).
    pub fn skip_contact(&mut self) {
        self.report.people.skipped += 1;
    }

    /// Counts what the mbox reader saw.
    pub fn note_mail(&mut self, messages: u64, unknown_addresses: u64) {
        self.report.messages += messages;
        self.report.unknown_addresses += unknown_addresses;
    }

    pub fn report(&self) -> &ImportReport {
        &self.report
    }

    pub(crate) fn today(&self) -> NaiveDate {
        self.options.today
    }

    pub(crate) fn note_change(&mut self, change: Change) {
        self.report.changes_count += 1;
        if self.report.changes.len() < LISTED {
            self.report.changes.push(change);
        }
    }

    /// Rebuilds the search rows of the people touched and totals the counts.
    fn finish(&mut self) -> Result<()> {
        self.report.unknown_addresses += self.unknown.len() as u64;
        self.report.total();
        if self.options.dry_run {
            // Rolled back whole, the log's quiet with it.
            return Ok(());
        }
        if self.dirty.is_empty() && !self.rebuild_all {
            return self.store.unquiet_summary_log(&[]);
        }
        if self.rebuild_all || self.dirty.len() >= FULL_REINDEX_AT {
            self.store.log_everyone_changed()?;
            return self.store.rebuild_search_index();
        }
        let mut ids: Vec<PersonId> = self.dirty.iter().copied().collect();
        ids.sort_unstable();
        // Everyone whose search row changes is everyone whose summary may have: the log
        // was quiet during the import, so it is told now, person by person.
        self.store.unquiet_summary_log(&ids)?;
        for id in ids {
            self.store.reindex_person(id)?;
        }
        Ok(())
    }

    /// The organisation of that name, created if new, through a per-import cache.
    pub(crate) fn org_id(&mut self, name: &str) -> Result<i64> {
        let key = warmline_core::text::fold(name);
        if let Some(id) = self.orgs.get(&key) {
            return Ok(*id);
        }
        let id = self.store.upsert_org_by_name(name, self.options.today)?;
        self.orgs.insert(key, id);
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        warmline_core::date::parse_iso(s).unwrap()
    }

    fn options(dry_run: bool) -> ImportOptions {
        ImportOptions {
            source: "vcard".into(),
            overwrite: false,
            dry_run,
            today: d("2026-11-25"),
        }
    }

    fn ada() -> IncomingContact {
        IncomingContact {
            line: 1,
            name: "Ada Lovelace".into(),
            emails: vec!["ada@example.com".into()],
            ..IncomingContact::default()
        }
    }

    #[test]
    fn a_dry_run_writes_nothing_and_reports_the_same() {
        let s = Store::open_in_memory().unwrap();
        let dry = s
            .import(&options(true), |i| i.contact(&ada()).map(|_| ()))
            .unwrap();
        assert_eq!((dry.added, s.count_people().unwrap()), (1, 0));
        let real = s
            .import(&options(false), |i| i.contact(&ada()).map(|_| ()))
            .unwrap();
        assert_eq!(real.added, 1);
        assert_eq!(s.count_people().unwrap(), 1);
        assert_eq!(s.search("lovelace", 5).unwrap().len(), 1);
    }

    #[test]
    fn name_parts_fill_an_empty_set_and_replace_only_with_overwrite() {
        use warmline_core::name_parts::NameParts;
        let s = Store::open_in_memory().unwrap();
        let with = |family: &str, given: &str| IncomingContact {
            name_parts: NameParts::new(Some(family), Some(given), None, None, None),
            ..ada()
        };
        s.import(&options(false), |i| i.contact(&ada()).map(|_| ()))
            .unwrap();
        let id = s.resolve_person("ada").unwrap();
        assert!(s.person(id).unwrap().name_parts.is_empty());
        let r = s
            .import(&options(false), |i| {
                i.contact(&with("Lovelace", "Ada")).map(|_| ())
            })
            .unwrap();
        assert_eq!(r.updated, 1);
        let r = s
            .import(&options(false), |i| {
                i.contact(&with("Byron", "Augusta Ada")).map(|_| ())
            })
            .unwrap();
        assert_eq!(r.unchanged, 1, "what is stored stays without --overwrite");
        assert_eq!(
            s.person(id).unwrap().name_parts.family.as_deref(),
            Some("Lovelace")
        );
        let overwrite = ImportOptions {
            overwrite: true,
            ..options(false)
        };
        s.import(&overwrite, |i| {
            i.contact(&with("Byron", "Augusta Ada")).map(|_| ())
        })
        .unwrap();
        let p = s.person(id).unwrap();
        assert_eq!(
            (
                p.name_parts.family.as_deref(),
                p.name_parts.given.as_deref()
            ),
            (Some("Byron"), Some("Augusta Ada"))
        );
        // A backup carries them.
        let doc = s.backup_json().unwrap();
        let other = Store::open_in_memory().unwrap();
        other
            .import(&options(false), |i| i.backup(&doc).map(|_| ()))
            .unwrap();
        assert_eq!(other.person(id).unwrap().name_parts, p.name_parts);
    }

    #[test]
    fn an_interaction_dated_outside_1970_to_a_year_ahead_is_skipped() {
        let s = Store::open_in_memory().unwrap();
        s.import(&options(false), |i| i.contact(&ada()).map(|_| ()))
            .unwrap();
        let mail = |on: &str, key: &str| IncomingInteraction {
            line: 1,
            on: d(on),
            kind: warmline_core::interaction::Kind::Email,
            direction: warmline_core::interaction::Direction::Inbound,
            summary: "hello".into(),
            source: "mbox".into(),
            source_key: key.into(),
            moves_with: None,
            participants: vec![IncomingParticipant {
                email: Some("ada@example.com".into()),
                ..IncomingParticipant::default()
            }],
        };
        let report = s
            .import(&options(false), |i| {
                i.interaction(&mail("9999-01-01", "far"))?;
                i.interaction(&mail("1904-02-06", "old"))?;
                i.interaction(&mail("2026-11-20", "real"))?;
                Ok::<(), StoreError>(())
            })
            .unwrap();
        assert_eq!(
            (report.interactions.added, report.interactions.skipped),
            (1, 2)
        );
        let ada = s.resolve_person("ada").unwrap();
        assert_eq!(s.last_contact(ada).unwrap(), Some(d("2026-11-20")));
    }

    #[test]
    fn an_error_rolls_back_the_whole_file() {
        let s = Store::open_in_memory().unwrap();
        let r: std::result::Result<ImportReport, StoreError> = s.import(&options(false), |i| {
            i.contact(&ada())?;
            Err(StoreError::Invalid("line 2 is broken".into()))
        });
        assert!(r.is_err());
        assert_eq!(s.count_people().unwrap(), 0);
        // The store is usable afterwards: the transaction is closed.
        s.import(&options(false), |i| i.contact(&ada()).map(|_| ()))
            .unwrap();
        assert_eq!(s.count_people().unwrap(), 1);
    }
}
