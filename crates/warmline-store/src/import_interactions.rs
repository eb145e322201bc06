//! Imported interactions (mail, calendar, LinkedIn messages): with whom, and whether we have
//! it already.
//!
//! Participants are found by e-mail or LinkedIn URL; a bare name (LinkedIn messages
//! without profile URLs) counts only when exactly one person has it. Nobody is created:
//! an interaction with no known participant is skipped, and the strangers are counted.
//! The `source_key` is the interaction's identity: the same key again is unchanged, or
//! updated when the file now says something else (a moved or renamed meeting).

use std::collections::BTreeSet;

use crate::db::{OptionalExtension, params};
use warmline_core::date::plausible_import_date;
use warmline_core::person::PersonId;
use warmline_core::text::{fold, linkedin_key};

use crate::import::{IncomingInteraction, IncomingParticipant};
use crate::sql::non_empty;
use crate::{Importer, Result};

/// What became of one interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InteractionOutcome {
    Added(i64),
    Updated(i64),
    Unchanged(i64),
    /// No participant is a contact.
    Skipped,
}

impl Importer<'_> {
    /// Records one interaction with the contacts on it.
    pub fn interaction(&mut self, i: &IncomingInteraction) -> Result<InteractionOutcome> {
        // Every importer's text enters the store here: control characters stay out.
        let mut cleaned = i.clone();
        cleaned.clean();
        let i = &cleaned;
        if self.calendar_file.is_some() {
            self.seen_keys.insert(i.source_key.clone());
        }
        let mut people = BTreeSet::new();
        for p in &i.participants {
            match self.participant(p)? {
                Some(id) => {
                    people.insert(id);
                }
                None => {
                    if let Some(key) = participant_key(p) {
                        self.unknown.insert(key);
                    }
                }
            }
        }
        let summary = i.summary.trim();
        let summary = if summary.is_empty() {
            "(no subject)"
        } else {
            summary
        };
        let counts = &mut self.report.interactions;
        // Whatever the caller checked: a date before 1970 or more than a year ahead is a
        // placeholder or a broken clock, and must never become a last contact.
        if people.is_empty() || !plausible_import_date(i.on, self.options.today) {
            counts.skipped += 1;
            return Ok(InteractionOutcome::Skipped);
        }
        let conn = self.store.conn();
        let mut existing: Option<(i64, String, String, String, String)> = conn
            .prepare_cached(
                "SELECT id, on_date, kind, direction, summary FROM interactions WHERE source_key = ?1",
            )?
            .query_row([&i.source_key], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .optional()?;
        if existing.is_none()
            && let Some(prefix) = &i.moves_with
        {
            // A one-off meeting stored under another day: it was moved. The keys after
            // the prefix are dates, so the range holds only this meeting's.
            existing = conn
                .prepare_cached(
                    "SELECT id, on_date, kind, direction, summary FROM interactions
                     WHERE source_key BETWEEN ?1 AND ?1 || '9999-99-99' ORDER BY id LIMIT 1",
                )?
                .query_row([prefix], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .optional()?;
        }
        let outcome = match existing {
            Some((id, on, kind, direction, old_summary)) => {
                let stored_people: BTreeSet<PersonId> = conn
                    .prepare_cached(
                        "SELECT person_id FROM interaction_people WHERE interaction_id = ?1",
                    )?
                    .query_map([id], |r| r.get(0))?
                    .collect::<crate::db::Result<_>>()?;
                if on == i.on.to_string()
                    && kind == i.kind.as_str()
                    && direction == i.direction.as_str()
                    && old_summary == summary
                    && stored_people == people
                {
                    // A meeting imported before files were recorded is claimed by this one.
                    conn.prepare_cached(
                        "UPDATE interactions SET source_file = ?2
                         WHERE id = ?1 AND ?2 IS NOT NULL AND source_file IS NULL",
                    )?
                    .execute(params![id, self.calendar_file])?;
                    self.report.interactions.unchanged += 1;
                    return Ok(InteractionOutcome::Unchanged(id));
                }
                conn.prepare_cached(
                    "UPDATE interactions SET on_date = ?2, kind = ?3, direction = ?4, summary = ?5,
                            source_key = ?6, source_file = coalesce(?7, source_file)
                     WHERE id = ?1",
                )?
                .execute(params![
                    id,
                    i.on,
                    i.kind.as_str(),
                    i.direction.as_str(),
                    summary,
                    i.source_key,
                    self.calendar_file
                ])?;
                conn.prepare_cached("DELETE FROM interaction_people WHERE interaction_id = ?1")?
                    .execute([id])?;
                for p in &stored_people {
                    // Someone taken off a moved meeting may have an earlier last contact
                    // now, and a meeting moved past today no longer counts.
                    self.store.refresh_last_contact(*p)?;
                }
                self.dirty.extend(stored_people);
                self.report.interactions.updated += 1;
                InteractionOutcome::Updated(id)
            }
            None => {
                conn.prepare_cached(
                    "INSERT INTO interactions (on_date, kind, direction, summary, source, source_key, created_on, source_file)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params![
                    i.on,
                    i.kind.as_str(),
                    i.direction.as_str(),
                    summary,
                    i.source,
                    i.source_key,
                    self.today(),
                    self.calendar_file
                ])?;
                self.report.interactions.added += 1;
                InteractionOutcome::Added(conn.last_insert_rowid()?)
            }
        };
        let (InteractionOutcome::Added(id) | InteractionOutcome::Updated(id)) = outcome else {
            return Ok(outcome);
        };
        for person in &people {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO interaction_people (interaction_id, person_id, on_date, kind, direction)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![id, person, i.on, i.kind.as_str(), i.direction.as_str()])?;
            self.dirty.insert(*person);
            if i.on > self.today() {
                // A meeting ahead: it counts from its day on (`settle_scheduled`).
                continue;
            }
            conn.prepare_cached(
                "UPDATE people SET last_contact = ?2
                 WHERE id = ?1 AND (last_contact IS NULL OR last_contact < ?2)",
            )?
            .execute(params![person, i.on])?;
            // As with a logged interaction: any later touch completes the after-event
            // follow-up (you did follow up).
            self.store.complete_after_event(*person, i.on)?;
            // And as with a logged one, an imported outreach or reply moves the person
            // forward in the active goals they are in.
            self.store
                .advance_goals(*person, i.kind, i.direction, i.on, id)?;
        }
        Ok(outcome)
    }

    /// Names the calendar file this import reads (its canonical path): the meetings it
    /// adds or finds are tagged with it, for [`Importer::cancel_missing`].
    pub fn calendar_file(&mut self, file: impl Into<String>) {
        self.calendar_file = Some(file.into());
    }

    /// After a calendar file has been read whole: the meetings ahead that came from that
    /// file and that it no longer holds were taken off the calendar, so they are removed
    /// (each with a trash entry, so `undo` brings one back). Past ones stay: those
    /// meetings happened. Returns how many were cancelled.
    pub fn cancel_missing(&mut self) -> Result<u64> {
        let Some(file) = self.calendar_file.clone() else {
            return Ok(0);
        };
        let seen =
            serde_json::Value::from(self.seen_keys.iter().cloned().collect::<Vec<_>>()).to_string();
        let gone: Vec<i64> = self
            .store
            .conn()
            .prepare_cached(
                "SELECT id FROM interactions
                 WHERE source_file = ?1 AND on_date > ?2
                   AND source_key NOT IN (SELECT value FROM json_each(?3))
                 ORDER BY on_date, id",
            )?
            .query_map(params![file, self.today(), seen], |r| r.get(0))?
            .collect::<crate::db::Result<_>>()?;
        for id in &gone {
            let people = self.store.interaction(*id)?.people;
            self.store.remove_interaction(*id)?;
            self.dirty.extend(people);
        }
        self.report.cancelled += gone.len() as u64;
        Ok(gone.len() as u64)
    }

    fn participant(&self, p: &IncomingParticipant) -> Result<Option<PersonId>> {
        let conn = self.store.conn();
        if let Some(url) = non_empty(p.linkedin.as_deref()) {
            let found: Option<PersonId> = conn
                .prepare_cached("SELECT id FROM people WHERE linkedin = ?1")?
                .query_row([linkedin_key(&url)], |r| r.get(0))
                .optional()?;
            if found.is_some() {
                return Ok(found);
            }
        }
        if let Some(email) = non_empty(p.email.as_deref()) {
            let found: Option<PersonId> = conn
                .prepare_cached(
                    "SELECT person_id FROM person_emails WHERE email_key = ?1
                     ORDER BY person_id LIMIT 1",
                )?
                .query_row([email.to_lowercase()], |r| r.get(0))
                .optional()?;
            if found.is_some() {
                return Ok(found);
            }
        }
        if let Some(name) = non_empty(p.name.as_deref()) {
            let key = fold(&name);
            if key.is_empty() {
                return Ok(None);
            }
            let ids: Vec<PersonId> = conn
                .prepare_cached("SELECT id FROM people WHERE name_key = ?1 LIMIT 2")?
                .query_map([key], |r| r.get(0))?
                .collect::<crate::db::Result<_>>()?;
            if let [only] = ids.as_slice() {
                return Ok(Some(*only));
            }
        }
        Ok(None)
    }
}

/// How an unknown participant is counted: once per address, profile or name.
fn participant_key(p: &IncomingParticipant) -> Option<String> {
    non_empty(p.email.as_deref())
        .map(|e| e.to_lowercase())
        .or_else(|| non_empty(p.linkedin.as_deref()).map(|u| linkedin_key(&u)))
        .or_else(|| non_empty(p.name.as_deref()).map(|n| format!("name:{}", fold(&n))))
}
