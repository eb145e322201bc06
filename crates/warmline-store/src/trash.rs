//! The trash: every removal is kept for a day, whole, so that it can be undone.
//!
//! Each removal function returns a [`TrashId`]; [`Store::undo`] puts back what that
//! removal took (see `snapshot.rs` for how) and redoes the upkeep of the people it
//! touched: last contact, after-event follow-ups, search row. Entries are forgotten a
//! day after the removal ([`TRASH_HOURS`]), by SQLite's clock: that is bookkeeping,
//! not a rule of the domain, whose "today" is always an argument. Pruning happens on
//! every removal, every undo, and when a database is opened.
//!
//! The JSON backup leaves the trash out (see `dump.rs`); a file copy (`backup_to`) holds
//! it, as it holds everything.

use crate::db::{OptionalExtension, params};
use serde::Serialize;
use warmline_core::person::PersonId;

use crate::snapshot::{Recorder, Snapshot};
use crate::{Result, Store, StoreError};

pub type TrashId = i64;

/// How long a removal can be undone, in hours.
pub const TRASH_HOURS: i64 = 24;

/// What a trash entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovedKind {
    Interaction,
    Fact,
    Need,
    Offer,
    FollowUp,
    Link,
    GoalMember,
    Job,
    Organisation,
    Event,
    /// E-mails, phones or tags taken off a person.
    ContactDetails,
    Person,
}

impl RemovedKind {
    pub const ALL: [RemovedKind; 12] = [
        RemovedKind::Interaction,
        RemovedKind::Fact,
        RemovedKind::Need,
        RemovedKind::Offer,
        RemovedKind::FollowUp,
        RemovedKind::Link,
        RemovedKind::GoalMember,
        RemovedKind::Job,
        RemovedKind::Organisation,
        RemovedKind::Event,
        RemovedKind::ContactDetails,
        RemovedKind::Person,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RemovedKind::Interaction => "interaction",
            RemovedKind::Fact => "fact",
            RemovedKind::Need => "need",
            RemovedKind::Offer => "offer",
            RemovedKind::FollowUp => "follow_up",
            RemovedKind::Link => "link",
            RemovedKind::GoalMember => "goal_member",
            RemovedKind::Job => "job",
            RemovedKind::Organisation => "organisation",
            RemovedKind::Event => "event",
            RemovedKind::ContactDetails => "contact_details",
            RemovedKind::Person => "person",
        }
    }

    fn parse(s: &str) -> Option<RemovedKind> {
        RemovedKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One entry of the trash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removal {
    pub id: TrashId,
    pub kind: RemovedKind,
    /// What was removed, in words: "interaction #12: coffee with Dana Lee on 2026-11-20".
    pub label: String,
    /// When, in UTC as SQLite writes it: "2026-11-25 14:03:12".
    pub removed_at: String,
}

fn removal_row(r: &crate::db::Row<'_>) -> crate::db::Result<Removal> {
    let kind: String = r.get(1)?;
    Ok(Removal {
        id: r.get(0)?,
        // Written only by this crate, from the list above.
        kind: RemovedKind::parse(&kind).unwrap_or(RemovedKind::Interaction),
        label: r.get(2)?,
        removed_at: r.get(3)?,
    })
}

impl Store {
    /// Files what `rec` took under `kind` and `label`; returns the entry's id.
    pub(crate) fn record_removal(
        &self,
        rec: Recorder<'_>,
        kind: RemovedKind,
        label: &str,
    ) -> Result<TrashId> {
        let snapshot = rec.finish()?;
        let text = serde_json::to_string(&snapshot)
            .map_err(|e| StoreError::Invalid(format!("cannot keep what was removed: {e}")))?;
        self.prune_trash()?;
        self.exec(
            "INSERT INTO removed (kind, label, snapshot) VALUES (?1, ?2, ?3)",
            params![kind.as_str(), label, text],
        )?;
        Ok(self.conn().last_insert_rowid()?)
    }

    /// Forgets removals older than [`TRASH_HOURS`]; returns how many.
    pub fn prune_trash(&self) -> Result<usize> {
        self.exec(
            "DELETE FROM removed WHERE removed_at < datetime('now', ?1)",
            [format!("-{TRASH_HOURS} hours")],
        )
    }

    /// Prunes only when there is something to prune, so that opening a database for
    /// reading does not take the write lock.
    pub(crate) fn prune_trash_if_due(&self) -> Result<()> {
        let due: bool = self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM removed WHERE removed_at < datetime('now', ?1))",
            [format!("-{TRASH_HOURS} hours")],
            |r| r.get(0),
        )?;
        if due {
            self.prune_trash()?;
        }
        Ok(())
    }

    /// One trash entry.
    pub fn removal(&self, id: TrashId) -> Result<Removal> {
        self.conn()
            .prepare_cached("SELECT id, kind, label, removed_at FROM removed WHERE id = ?1")?
            .query_row([id], removal_row)
            .optional()?
            .ok_or_else(|| {
                StoreError::NotFound(format!(
                    "nothing to undo as {id}: it was undone already, or removed more than a day ago"
                ))
            })
    }

    /// The trash, latest removal first.
    pub fn removals(&self, limit: usize) -> Result<Vec<Removal>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, kind, label, removed_at FROM removed WHERE removed_at >= datetime('now', ?1)
             ORDER BY id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(
            params![format!("-{TRASH_HOURS} hours"), limit as i64],
            removal_row,
        )?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// Puts back what removal `id` took, and takes it out of the trash. Returns what was
    /// restored. Fails, changing nothing, when something it belonged to has been removed
    /// since (a fact about a person removed after it).
    pub fn undo(&self, id: TrashId) -> Result<Removal> {
        self.atomic(|s| {
            s.prune_trash()?;
            let removal = s.removal(id)?;
            let text: String =
                s.conn()
                    .query_row("SELECT snapshot FROM removed WHERE id = ?1", [id], |r| {
                        r.get(0)
                    })?;
            let snapshot: Snapshot = serde_json::from_str(&text).map_err(|e| {
                StoreError::Invalid(format!("removal {id} cannot be read back: {e}"))
            })?;
            let people = snapshot.restore(s)?;
            s.tidy_people(people)?;
            s.exec("DELETE FROM removed WHERE id = ?1", [id])?;
            Ok(removal)
        })
    }

    /// Undoes the latest removal still in the trash.
    pub fn undo_latest(&self) -> Result<Removal> {
        self.atomic(|s| {
            s.prune_trash()?;
            let latest: Option<TrashId> =
                s.conn()
                    .query_row("SELECT max(id) FROM removed", [], |r| r.get(0))?;
            match latest {
                Some(id) => s.undo(id),
                None => Err(StoreError::NotFound(
                    "nothing to undo: no removal in the last day".into(),
                )),
            }
        })
    }

    /// Redoes what every change to a person's interactions or details needs: last
    /// contact, after-event follow-ups, search row. People who no longer exist are skipped.
    pub(crate) fn tidy_people(&self, people: impl IntoIterator<Item = PersonId>) -> Result<()> {
        for p in people {
            if !self.person_exists(p)? {
                continue;
            }
            self.refresh_last_contact(p)?;
            self.settle_after_event(p, &[])?;
            self.reindex_person(p)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removals_older_than_a_day_are_forgotten() {
        let s = Store::open_in_memory().unwrap();
        for (label, age) in [("old", "-25 hours"), ("recent", "-23 hours")] {
            s.conn()
                .execute(
                    "INSERT INTO removed (kind, label, snapshot, removed_at)
                     VALUES ('fact', ?1, '{}', datetime('now', ?2))",
                    params![label, age],
                )
                .unwrap();
        }
        let labels = |s: &Store| -> Vec<String> {
            s.removals(10)
                .unwrap()
                .into_iter()
                .map(|r| r.label)
                .collect()
        };
        // Listing leaves out what is past keeping even before it is pruned.
        assert_eq!(labels(&s), ["recent"]);
        assert_eq!(s.prune_trash().unwrap(), 1);
        assert_eq!(labels(&s), ["recent"]);
        let err = s.undo(1).unwrap_err().to_string();
        assert!(err.contains("nothing to undo as 1"), "{err}");
        // An empty snapshot restores nothing, and the entry leaves the trash.
        assert_eq!(s.undo(2).unwrap().label, "recent");
        assert!(labels(&s).is_empty());
        assert!(s.undo_latest().is_err());
    }

    #[test]
    fn opening_a_database_prunes_an_old_trash() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        {
            let s = Store::open(&path).unwrap();
            s.conn()
                .execute(
                    "INSERT INTO removed (kind, label, snapshot, removed_at)
                     VALUES ('fact', 'old', '{}', datetime('now', '-2 days'))",
                    [],
                )
                .unwrap();
        }
        let s = Store::open(&path).unwrap();
        let left: i64 = s
            .conn()
            .query_row("SELECT count(*) FROM removed", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }
}
