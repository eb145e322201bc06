//! Interactions and the touches that warmth and cadence are computed from.

use std::collections::HashMap;

use crate::db::{OptionalExtension, params};
use chrono::NaiveDate;
use warmline_core::interaction::{
    Direction, Interaction, InteractionId, Kind, NewInteraction, Touch,
};
use warmline_core::person::PersonId;

use crate::sql::{Day, date};
use crate::{Result, Store, StoreError};

fn kind(s: &str) -> Kind {
    Kind::parse(s).unwrap_or(Kind::Other)
}

fn direction(s: &str) -> Direction {
    Direction::parse(s).unwrap_or(Direction::Mutual)
}

/// How many interactions [`Store::log_interactions`] writes with one statement.
pub(crate) const ROWS_A_STATEMENT: usize = 32;

/// What [`Store::log_interaction`] refuses before it writes anything.
pub(crate) fn check(new: &NewInteraction) -> Result<()> {
    if new.summary.trim().is_empty() {
        return Err(StoreError::Invalid("an interaction needs a summary".into()));
    }
    if new.people.is_empty() {
        return Err(StoreError::Invalid(
            "an interaction needs at least one person".into(),
        ));
    }
    Ok(())
}

impl Store {
    /// Records interactions as [`Store::log_interaction`] records each (each with the day
    /// it was recorded on), the same rows with the same ids. In a bulk load on SQLite the
    /// rows go many to a statement: a million one-row statements spent a good part of a
    /// large load starting and ending statements. Returns how many were recorded.
    pub fn log_interactions(&self, logged: &[(NewInteraction, NaiveDate)]) -> Result<usize> {
        self.refuse_while_aside()?;
        let many_at_once = self.in_bulk.get()
            && self.conn.sqlite().is_some()
            && logged.iter().all(|(new, _)| new.source_key.is_none());
        if !many_at_once {
            let mut recorded = 0;
            for (new, today) in logged {
                recorded += usize::from(self.log_interaction(new, *today)?.is_some());
            }
            return Ok(recorded);
        }
        for (new, _) in logged {
            check(new)?;
        }
        self.atomic(|s| {
            for chunk in logged.chunks(ROWS_A_STATEMENT) {
                s.log_chunk(chunk)?;
            }
            Ok(logged.len())
        })
    }

    /// One statement's worth of [`Store::log_interactions`]. The write lock is held, so
    /// the ids SQLite would give one row at a time (one past the largest) are known.
    fn log_chunk(&self, chunk: &[(NewInteraction, NaiveDate)]) -> Result<()> {
        let first: i64 = self
            .conn()
            .prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM interactions")?
            .query_row([], |r| r.get(0))?;
        write_chunk(self.conn(), first, chunk)?;
        // As `log_interaction` does for each: goals move with every interaction that has
        // happened; the rest is settled at the end of the load. Most loads put no one in
        // a goal, and then one look at the memberships serves the whole statement.
        let in_goals: bool = self
            .conn()
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM goal_people)")?
            .query_row([], |r| r.get(0))?;
        if !in_goals {
            return Ok(());
        }
        for ((new, today), id) in chunk.iter().zip(first..) {
            if new.on <= *today {
                for person in &new.people {
                    self.advance_goals(*person, new.kind, new.direction, new.on, id)?;
                }
            }
        }
        Ok(())
    }

    /// Records an interaction. Returns `None` when an interaction with the same
    /// `source_key` exists already (an import seen before). Logging an interaction with
    /// someone completes their open after-event follow-up (you followed up) and moves them
    /// forward in the active goals they are in (an outreach, a reply, a conversation).
    pub fn log_interaction(
        &self,
        new: &NewInteraction,
        today: NaiveDate,
    ) -> Result<Option<InteractionId>> {
        self.refuse_while_aside()?;
        check(new)?;
        let summary = new.summary.trim();
        self.atomic(|s| {
            if let Some(key) = &new.source_key {
                let seen: Option<i64> = s
                    .conn()
                    .query_row("SELECT id FROM interactions WHERE source_key = ?1", [key], |r| r.get(0))
                    .optional()?;
                if seen.is_some() {
                    return Ok(None);
                }
            }
            s.exec(
                "INSERT INTO interactions (on_date, kind, direction, summary, notes, source, source_key, created_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    Day(new.on),
                    new.kind.as_str(),
                    new.direction.as_str(),
                    summary,
                    new.notes.trim(),
                    if new.source.is_empty() { "manual" } else { new.source.as_str() },
                    new.source_key,
                    Day(today),
                ],
            )?;
            let id = s.conn().last_insert_rowid()?;
            for person in &new.people {
                if !s.in_bulk.get() {
                    // In a bulk load the foreign key alone guards this; elsewhere a clear
                    // message is worth the lookup.
                    s.require_person(*person)?;
                }
                s.exec(
                    "INSERT OR IGNORE INTO interaction_people (interaction_id, person_id, on_date, kind, direction)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, person, Day(new.on), new.kind.as_str(), new.direction.as_str()],
                )?;
                // A meeting ahead counts nowhere until its day: `settle_scheduled` does
                // then what is done here for one that has happened.
                let happened = new.on <= today;
                // Goals move with every interaction, in a bulk load too: an imported reply is
                // a reply. Most people are in no goal, and then this is one small lookup.
                if happened {
                    s.advance_goals(*person, new.kind, new.direction, new.on, id)?;
                }
                if s.in_bulk.get() {
                    // Last contacts and after-event follow-ups are settled once at the end.
                    continue;
                }
                if happened {
                    s.exec(
                        "UPDATE people SET last_contact = ?2
                         WHERE id = ?1 AND (last_contact IS NULL OR last_contact < ?2)",
                        params![person, new.on],
                    )?;
                    s.complete_after_event(*person, new.on)?;
                }
                s.reindex_person(*person)?;
            }
            Ok(Some(id))
        })
    }

    /// A person's interactions that have happened, newest first: meetings ahead are left
    /// to [`Store::upcoming`], so cards, drafts and briefs quote only the past.
    pub fn interactions_for(&self, person: PersonId, limit: usize) -> Result<Vec<Interaction>> {
        self.interactions_of(person, limit, false)
    }

    /// Every interaction with a person, those ahead too, newest first.
    pub(crate) fn interactions_of(
        &self,
        person: PersonId,
        limit: usize,
        ahead_too: bool,
    ) -> Result<Vec<Interaction>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT i.id, i.on_date, i.kind, i.direction, i.summary, i.notes, i.source,
                    (SELECT group_concat(person_id) FROM interaction_people WHERE interaction_id = i.id)
             FROM interactions i JOIN interaction_people ip ON ip.interaction_id = i.id
             WHERE ip.person_id = ?1
               AND (?3 OR i.on_date <= coalesce((SELECT value FROM settings WHERE key = ?4), '9999-12-31'))
             ORDER BY i.on_date DESC, i.id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(
            params![person, limit as i64, ahead_too, crate::scheduled::AS_OF],
            |r| {
                let k: String = r.get(2)?;
                let d: String = r.get(3)?;
                let people: Option<String> = r.get(7)?;
                Ok(Interaction {
                    id: r.get(0)?,
                    on: date(r, 1)?,
                    kind: kind(&k),
                    direction: direction(&d),
                    summary: r.get(4)?,
                    notes: r.get(5)?,
                    source: r.get(6)?,
                    people: people
                        .unwrap_or_default()
                        .split(',')
                        .filter_map(|p| p.parse().ok())
                        .collect(),
                })
            },
        )?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// Every interaction with each of `people`, those ahead too, newest first per person:
    /// what [`Store::interactions_of`] reads for one person, for many in one read.
    pub(crate) fn interactions_of_people(
        &self,
        people: &[PersonId],
    ) -> Result<HashMap<PersonId, Vec<Interaction>>> {
        let mut out: HashMap<PersonId, Vec<Interaction>> = HashMap::new();
        if people.is_empty() {
            return Ok(out);
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT ip.person_id, i.id, i.on_date, i.kind, i.direction, i.summary, i.notes, i.source,
                    (SELECT group_concat(person_id) FROM interaction_people WHERE interaction_id = i.id)
             FROM interactions i JOIN interaction_people ip ON ip.interaction_id = i.id
             WHERE ip.person_id IN (SELECT value FROM json_each(?1))
             ORDER BY ip.person_id, i.on_date DESC, i.id DESC",
        )?;
        let mut rows = stmt.query([crate::candidates::json_ids(people)?])?;
        while let Some(r) = rows.next()? {
            let r = &r;
            let k: String = r.get(3)?;
            let d: String = r.get(4)?;
            let with: Option<String> = r.get(8)?;
            out.entry(r.get(0)?).or_default().push(Interaction {
                id: r.get(1)?,
                on: date(r, 2)?,
                kind: kind(&k),
                direction: direction(&d),
                summary: r.get(5)?,
                notes: r.get(6)?,
                source: r.get(7)?,
                people: with
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(|p| p.parse().ok())
                    .collect(),
            });
        }
        Ok(out)
    }

    /// What warmth needs of one person's interactions, oldest first.
    pub fn touches_for(&self, person: PersonId) -> Result<Vec<Touch>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT i.on_date, i.kind, i.direction FROM interactions i
             JOIN interaction_people ip ON ip.interaction_id = i.id
             WHERE ip.person_id = ?1 ORDER BY i.on_date",
        )?;
        let rows = stmt.query_map([person], |r| {
            let k: String = r.get(1)?;
            let d: String = r.get(2)?;
            Ok(Touch {
                on: date(r, 0)?,
                kind: kind(&k),
                direction: direction(&d),
            })
        })?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// Everyone's touches in one pass, oldest first per person.
    pub fn all_touches(&self) -> Result<HashMap<PersonId, Vec<Touch>>> {
        // In no order, then each person's few sorted: ordering a million rows by date walks
        // the date index and fetches every interaction out of place, seven times slower.
        let mut stmt = self.conn().prepare_cached(
            "SELECT ip.person_id, i.on_date, i.kind, i.direction FROM interactions i
             JOIN interaction_people ip ON ip.interaction_id = i.id",
        )?;
        let mut out: HashMap<PersonId, Vec<Touch>> = HashMap::new();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let r = &r;
            let k: String = r.get(2)?;
            let d: String = r.get(3)?;
            out.entry(r.get(0)?).or_default().push(Touch {
                on: date(r, 1)?,
                kind: kind(&k),
                direction: direction(&d),
            });
        }
        for touches in out.values_mut() {
            touches.sort_by_key(|t| t.on);
        }
        Ok(out)
    }

    /// The day of each person's last interaction on or before `today`.
    pub fn last_contacts(&self, today: NaiveDate) -> Result<HashMap<PersonId, NaiveDate>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT ip.person_id, max(i.on_date) FROM interactions i
             JOIN interaction_people ip ON ip.interaction_id = i.id
             WHERE i.on_date <= ?1 GROUP BY ip.person_id",
        )?;
        let mut out = HashMap::new();
        let mut rows = stmt.query([today])?;
        while let Some(r) = rows.next()? {
            let r = &r;
            out.insert(r.get(0)?, date(r, 1)?);
        }
        Ok(out)
    }

    /// Recomputes a person's last contact from their interactions, after interactions
    /// moved or were removed. Meetings after the day the store was settled at do not count
    /// (see `scheduled.rs`).
    pub fn refresh_last_contact(&self, person: PersonId) -> Result<()> {
        self.exec(
            "UPDATE people SET last_contact = (SELECT max(i.on_date) FROM interactions i
                JOIN interaction_people ip ON ip.interaction_id = i.id WHERE ip.person_id = ?1
                  AND i.on_date <= coalesce((SELECT value FROM settings WHERE key = ?2), '9999-12-31'))
             WHERE id = ?1",
            params![person, crate::scheduled::AS_OF],
        )?;
        Ok(())
    }

    /// A person's stored last contact: what today's plan and the lists read, kept equal to
    /// their latest interaction's day up to the day the store was settled at.
    pub fn last_contact(&self, person: PersonId) -> Result<Option<NaiveDate>> {
        self.require_person(person)?;
        Ok(self
            .conn()
            .prepare_cached("SELECT last_contact FROM people WHERE id = ?1")?
            .query_row([person], |r| crate::sql::opt_date(r, 0))?)
    }

    pub fn interaction_count_for(&self, person: PersonId) -> Result<i64> {
        Ok(self
            .conn()
            .prepare_cached("SELECT count(*) FROM interaction_people WHERE person_id = ?1")?
            .query_row([person], |r| r.get(0))?)
    }

    pub fn count_interactions(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM interactions", [], |r| r.get(0))?)
    }
}

/// Writes `chunk` as interactions `first`, `first + 1`, ... and their participants, two
/// statements in all, through `conn` (the store's, or a bulk load's writer aside).
/// Returns how many participants were written: a person named twice in one interaction
/// takes part once.
pub(crate) fn write_chunk(
    conn: &crate::db::Connection,
    first: i64,
    chunk: &[(NewInteraction, NaiveDate)],
) -> Result<usize> {
    let ids: Vec<i64> = (first..).take(chunk.len()).collect();
    let days: Vec<(Day, Day)> = chunk
        .iter()
        .map(|(new, today)| (Day(new.on), Day(*today)))
        .collect();
    let marks = |columns: usize, rows: usize| -> String {
        let row = format!("({})", vec!["?"; columns].join(", "));
        vec![row; rows].join(", ")
    };
    // kind, direction, summary, notes and source, as `log_interaction` writes them.
    let texts: Vec<[&str; 5]> = chunk
        .iter()
        .map(|(new, _)| {
            [
                new.kind.as_str(),
                new.direction.as_str(),
                new.summary.trim(),
                new.notes.trim(),
                if new.source.is_empty() {
                    "manual"
                } else {
                    new.source.as_str()
                },
            ]
        })
        .collect();
    let mut values: Vec<&dyn crate::db::ToSql> = Vec::with_capacity(chunk.len() * 8);
    for ((id, (on, today)), [kind, direction, summary, notes, source]) in
        ids.iter().zip(&days).zip(&texts)
    {
        values.extend_from_slice(&[
            id as &dyn crate::db::ToSql,
            on,
            kind,
            direction,
            summary,
            notes,
            source,
            today,
        ]);
    }
    conn.prepare_cached(
            &format!(
                "INSERT INTO interactions (id, on_date, kind, direction, summary, notes, source, created_on)
                 VALUES {}",
                marks(8, chunk.len())
            ),
        )?
        .execute(crate::db::params_from_iter(values))?;
    let mut taking_part: Vec<&dyn crate::db::ToSql> = Vec::new();
    let mut rows = 0;
    for ((((new, _), id), (on, _)), [kind, direction, ..]) in
        chunk.iter().zip(&ids).zip(&days).zip(&texts)
    {
        for person in &new.people {
            taking_part.extend_from_slice(&[
                id as &dyn crate::db::ToSql,
                person,
                on,
                kind,
                direction,
            ]);
            rows += 1;
        }
    }
    let written = conn
        .prepare_cached(
            &format!(
                "INSERT OR IGNORE INTO interaction_people (interaction_id, person_id, on_date, kind, direction)
                 VALUES {}",
                marks(5, rows)
            ),
        )?
        .execute(crate::db::params_from_iter(taking_part))?;
    Ok(written)
}
