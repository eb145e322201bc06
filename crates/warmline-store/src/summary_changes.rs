//! Whose summary may have changed since a reader last looked: the log the triggers of
//! `migrations/010_summary_changes.sql` write. The web server keeps everyone's summary in
//! memory; with this it recomputes only the people a write touched, instead of all of
//! them after every change.

use warmline_core::person::PersonId;

use crate::{Result, Store};

/// What changed after a point of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SummaryChanges {
    /// Nothing.
    None,
    /// These people (each once, in no particular order).
    People(Vec<PersonId>),
    /// Possibly everyone: a setting, a bulk load, or more people than `at_most`.
    Everyone,
}

/// The name every trigger of `migrations/025_touch_day_triggers.sql` starts with.
const DAY_COUNT_TRIGGERS: &str = "touch_day_";

impl Store {
    /// The latest point of the change log: read with the summaries, so that
    /// [`Store::summary_changes_since`] later tells what moved after them.
    pub fn summary_log_point(&self) -> Result<i64> {
        Ok(self.conn().query_row(
            "SELECT coalesce(max(seq), 0) FROM summary_changes",
            [],
            |r| r.get(0),
        )?)
    }

    /// What changed after `point`, and the point to ask from next time. More than
    /// `at_most` people is answered as everyone: past that, recomputing all at once is as
    /// quick. Recompute what it names after this call, so that a write landing meanwhile
    /// is named again next time rather than missed.
    pub fn summary_changes_since(
        &self,
        point: i64,
        at_most: usize,
    ) -> Result<(SummaryChanges, i64)> {
        let latest = self.summary_log_point()?;
        if latest < point {
            // The log went back: the file was replaced (a restore). Trust nothing.
            return Ok((SummaryChanges::Everyone, latest));
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT seq, person_id FROM summary_changes WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let limit = i64::try_from(at_most.saturating_add(1)).unwrap_or(i64::MAX);
        let rows: Vec<(i64, Option<PersonId>)> = stmt
            .query_map(crate::db::params![point, limit], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<crate::db::Result<_>>()?;
        let Some(last) = rows.last().map(|(seq, _)| *seq) else {
            return Ok((SummaryChanges::None, point));
        };
        if rows.len() > at_most || rows.iter().any(|(_, id)| id.is_none()) {
            return Ok((SummaryChanges::Everyone, latest.max(last)));
        }
        let mut ids: Vec<PersonId> = rows.into_iter().filter_map(|(_, id)| id).collect();
        ids.sort_unstable();
        ids.dedup();
        Ok((SummaryChanges::People(ids), last))
    }

    /// Quiets the change log's triggers for a bulk load, inside its transaction. With
    /// `keep_day_counts`, each day's interaction count is kept as rows come (an upsert
    /// each) instead of recounted over every interaction at the end: an import adds a
    /// few days' worth to a file that may hold millions.
    pub(crate) fn quiet_summary_log(&self, keep_day_counts: bool) -> Result<()> {
        self.exec("UPDATE summary_log SET quiet = 1", [])?;
        if self.conn().is_postgres() {
            // PostgreSQL's triggers read `quiet` and stay.
            return Ok(());
        }
        // Even a quiet trigger makes every insert keep a statement journal; a load of a
        // million rows runs half again as long. The triggers go for the load and come back
        // at its end, in the same transaction, so a crash keeps them.
        let names: Vec<String> = {
            let mut stmt = self.conn().prepare(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'
                   AND (name LIKE 'summary\\_%' ESCAPE '\\' OR name LIKE 'heat\\_%' ESCAPE '\\'
                        OR name LIKE 'touch\\_%' ESCAPE '\\')",
            )?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<crate::db::Result<_>>()?
        };
        for name in names {
            if keep_day_counts && name.starts_with(DAY_COUNT_TRIGGERS) {
                continue;
            }
            self.exec(&format!("DROP TRIGGER IF EXISTS \"{name}\""), [])?;
        }
        Ok(())
    }

    /// Gives participants written without them their interaction's day, kind and
    /// direction (migration 022's copies), as the trigger of migration 023 would have.
    pub(crate) fn fill_touch_copies(&self) -> Result<()> {
        self.exec(
            "UPDATE interaction_people SET (on_date, kind, direction) =
                    (SELECT i.on_date, i.kind, i.direction FROM interactions i
                      WHERE i.id = interaction_people.interaction_id)
              WHERE on_date IS NULL",
            [],
        )?;
        Ok(())
    }

    /// Puts the triggers back as their migrations wrote them (both are safe to run again).
    fn restore_summary_triggers(&self) -> Result<()> {
        if self.conn().is_postgres() {
            return Ok(());
        }
        // Participants read from a backup come without their touch columns, and the
        // trigger that fills them was away with these (migrations 022 and 023).
        self.fill_touch_copies()?;
        self.conn()
            .execute_batch(include_str!("migrations/010_summary_changes.sql"))?;
        self.conn()
            .execute_batch(include_str!("migrations/011_people_heat.sql"))?;
        self.conn()
            .execute_batch(include_str!("migrations/023_touch_triggers.sql"))?;
        // Each day's count, rebuilt whole when its triggers were away: the load may have
        // added, moved or restored interactions on any day.
        let kept: i64 = self.conn().query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?1",
            [format!("{DAY_COUNT_TRIGGERS}%")],
            |r| r.get(0),
        )?;
        if kept == 0 {
            self.exec("DELETE FROM touch_days", [])?;
            self.exec(
                "INSERT INTO touch_days (on_date, n)
                 SELECT on_date, count(*) FROM interactions GROUP BY on_date",
                [],
            )?;
        }
        self.conn()
            .execute_batch(include_str!("migrations/025_touch_day_triggers.sql"))?;
        Ok(())
    }

    /// Ends a bulk load's quiet: one change for everyone, and the rows before it dropped,
    /// since any reader behind them now recomputes everyone anyway.
    pub(crate) fn log_everyone_changed(&self) -> Result<()> {
        self.restore_summary_triggers()?;
        // The stored warmth went unwatched too (`migrations/011_people_heat.sql`).
        self.exec("DELETE FROM people_heat", [])?;
        self.exec("UPDATE summary_log SET quiet = 0", [])?;
        self.exec("INSERT INTO summary_changes (person_id) VALUES (NULL)", [])?;
        self.exec(
            "DELETE FROM summary_changes WHERE seq < (SELECT max(seq) FROM summary_changes)",
            [],
        )?;
        Ok(())
    }

    /// Ends an import's quiet by logging the people it touched.
    pub(crate) fn unquiet_summary_log(&self, people: &[PersonId]) -> Result<()> {
        self.restore_summary_triggers()?;
        self.exec("UPDATE summary_log SET quiet = 0", [])?;
        for id in people {
            self.exec("INSERT INTO summary_changes (person_id) VALUES (?1)", [id])?;
            self.exec("DELETE FROM people_heat WHERE person_id = ?1", [id])?;
        }
        Ok(())
    }
}
