//! Correcting an interaction: what it was, when, with whom and who started it; or
//! removing it. An interaction feeds several things, and a correction keeps each true:
//!
//! - each person's last contact, for everyone on it before or after;
//! - the search index, which holds summaries;
//! - after-event follow-ups: the first interaction after a meeting completes one, on its
//!   day. A follow-up completed on the day of an interaction that is removed, moved, or
//!   no longer has the person on it is settled again: done on the day of the first
//!   interaction after the meeting that is left, or open again when there is none;
//! - goal stages: the moves the interaction made are taken back where nothing has built
//!   on them since, and an edit makes the moves its new kind, direction, day and people
//!   call for.
//!
//! Streaks, statistics, warmth and next due dates are computed from interactions and last
//! contacts when read, so they follow.

use std::collections::{BTreeMap, BTreeSet};

use crate::db::Value as Sql;
use crate::db::{OptionalExtension, params};
use chrono::NaiveDate;
use serde::Serialize;
use warmline_core::interaction::{Direction, Interaction, InteractionId, Kind, too_far_ahead};
use warmline_core::paths::PersonRef;
use warmline_core::person::PersonId;

use crate::snapshot::Recorder;
use crate::sql::date;
use crate::trash::{RemovedKind, TrashId};
use crate::{Result, Store, StoreError};

/// Changes to an interaction: `Some` replaces a field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InteractionEdit {
    pub summary: Option<String>,
    pub notes: Option<String>,
    pub on: Option<NaiveDate>,
    pub kind: Option<Kind>,
    pub direction: Option<Direction>,
    /// Everyone who was on it, replacing those recorded.
    pub people: Option<Vec<PersonId>>,
}

impl InteractionEdit {
    pub fn is_empty(&self) -> bool {
        *self == InteractionEdit::default()
    }
}

/// An interaction with the names of the people on it, as a person's history lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    pub interaction: Interaction,
    pub people: Vec<PersonRef>,
}

/// A JSON array of ids, bound as one parameter and read with `json_each`.
pub(crate) fn id_list(ids: impl IntoIterator<Item = i64>) -> Sql {
    let ids: Vec<i64> = ids.into_iter().collect();
    Sql::Text(serde_json::Value::from(ids).to_string())
}

fn parse_people(list: Option<String>) -> Vec<PersonId> {
    list.unwrap_or_default()
        .split(',')
        .filter_map(|p| p.parse().ok())
        .collect()
}

impl Store {
    /// One interaction, with its people.
    pub fn interaction(&self, id: InteractionId) -> Result<Interaction> {
        self.conn()
            .prepare_cached(
                "SELECT i.id, i.on_date, i.kind, i.direction, i.summary, i.notes, i.source,
                        (SELECT group_concat(person_id) FROM interaction_people WHERE interaction_id = i.id)
                 FROM interactions i WHERE i.id = ?1",
            )?
            .query_row([id], |r| {
                let k: String = r.get(2)?;
                let d: String = r.get(3)?;
                Ok(Interaction {
                    id: r.get(0)?,
                    on: date(r, 1)?,
                    kind: Kind::parse(&k).unwrap_or(Kind::Other),
                    direction: Direction::parse(&d).unwrap_or(Direction::Mutual),
                    summary: r.get(4)?,
                    notes: r.get(5)?,
                    source: r.get(6)?,
                    people: parse_people(r.get(7)?),
                })
            })
            .optional()?
            .ok_or_else(|| {
                StoreError::NotFound(format!(
                    "no interaction #{id} (warmline history PERSON lists them with their ids)"
                ))
            })
    }

    /// Every interaction with a person, newest first, with everyone on each named.
    pub fn history(&self, person: PersonId) -> Result<Vec<HistoryEntry>> {
        self.require_person(person)?;
        let all = self.interactions_of(person, i64::MAX as usize, true)?;
        let ids: BTreeSet<PersonId> = all.iter().flat_map(|i| i.people.iter().copied()).collect();
        let names: BTreeMap<PersonId, String> = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT id, name FROM people WHERE id IN (SELECT value FROM json_each(?1))",
            )?;
            let rows = stmt.query_map([id_list(ids)], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<crate::db::Result<_>>()?
        };
        Ok(all
            .into_iter()
            .map(|i| {
                let mut people: Vec<PersonRef> = i
                    .people
                    .iter()
                    .filter_map(|id| {
                        names.get(id).map(|name| PersonRef {
                            id: *id,
                            name: name.clone(),
                        })
                    })
                    .collect();
                // The person whose history it is first, then the others by name.
                people.sort_by(|a, b| {
                    (a.id != person, &a.name, a.id).cmp(&(b.id != person, &b.name, b.id))
                });
                HistoryEntry {
                    interaction: i,
                    people,
                }
            })
            .collect())
    }

    /// Corrects an interaction (see the module comment for what follows it). Moving it to
    /// a later day books it ahead, as logging it there would: it counts from that day on
    /// (see `scheduled`). More than
    /// [`warmline_core::interaction::BOOK_AHEAD_DAYS`] ahead is refused.
    pub fn edit_interaction(
        &self,
        id: InteractionId,
        edit: &InteractionEdit,
        today: NaiveDate,
    ) -> Result<Interaction> {
        if edit.is_empty() {
            return Err(StoreError::Invalid(
                "nothing to change: give a new summary, date, kind, people or direction".into(),
            ));
        }
        let summary = edit.summary.as_deref().map(str::trim);
        if summary.is_some_and(str::is_empty) {
            return Err(StoreError::Invalid("an interaction needs a summary".into()));
        }
        if let Some(why) = edit.on.and_then(|on| too_far_ahead(on, today)) {
            return Err(StoreError::Invalid(why));
        }
        let mut new_people: Option<Vec<PersonId>> = None;
        if let Some(people) = &edit.people {
            let mut unique = Vec::new();
            for p in people {
                if !unique.contains(p) {
                    unique.push(*p);
                }
            }
            if unique.is_empty() {
                return Err(StoreError::Invalid(
                    "an interaction needs at least one person".into(),
                ));
            }
            new_people = Some(unique);
        }
        self.atomic(|s| {
            let before = s.interaction(id)?;
            for p in new_people.iter().flatten() {
                s.require_person(*p)?;
            }
            let on = edit.on.unwrap_or(before.on);
            let kind = edit.kind.unwrap_or(before.kind);
            let direction = edit.direction.unwrap_or(before.direction);
            s.exec(
                "UPDATE interactions SET on_date = ?2, kind = ?3, direction = ?4,
                    summary = coalesce(?5, summary), notes = coalesce(?6, notes)
                 WHERE id = ?1",
                params![
                    id,
                    on,
                    kind.as_str(),
                    direction.as_str(),
                    summary,
                    edit.notes.as_deref().map(str::trim)
                ],
            )?;
            let old: BTreeSet<PersonId> = before.people.iter().copied().collect();
            let people = new_people.clone().unwrap_or_else(|| before.people.clone());
            if let Some(list) = &new_people {
                s.exec(
                    "DELETE FROM interaction_people WHERE interaction_id = ?1
                       AND person_id NOT IN (SELECT value FROM json_each(?2))",
                    params![id, id_list(list.iter().copied())],
                )?;
                for p in list {
                    s.exec(
                        "INSERT OR IGNORE INTO interaction_people (interaction_id, person_id, on_date, kind, direction)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![id, p, on, kind.as_str(), direction.as_str()],
                    )?;
                }
            }
            let new: BTreeSet<PersonId> = people.iter().copied().collect();
            if on != before.on
                || kind != before.kind
                || direction != before.direction
                || new != old
            {
                s.take_back_goal_moves(id, None)?;
                // A meeting moved ahead moves goals on its day (`settle_scheduled`).
                if on <= today {
                    for p in &people {
                        s.advance_goals(*p, kind, direction, on, id)?;
                    }
                }
            }
            for p in old.union(&new) {
                s.refresh_last_contact(*p)?;
                s.settle_after_event(*p, &[before.on, on])?;
                s.reindex_person(*p)?;
            }
            s.interaction(id)
        })
    }

    /// Removes an interaction, and the give it recorded if it was one (a give is logged
    /// as an interaction: they are one act). Returns the trash entry that undoes it.
    pub fn remove_interaction(&self, id: InteractionId) -> Result<TrashId> {
        self.atomic(|s| {
            let i = s.interaction(id)?;
            let people = id_list(i.people.iter().copied());
            let mut rec = Recorder::new(s)?;
            rec.watch(
                "goal_people",
                "person_id IN (SELECT value FROM json_each(?1))",
                std::slice::from_ref(&people),
            )?;
            rec.watch(
                "follow_ups",
                "person_id IN (SELECT value FROM json_each(?1)) AND origin = 'after_event'",
                std::slice::from_ref(&people),
            )?;
            s.take_back_goal_moves(id, Some(&mut rec))?;
            rec.remove("gives", "interaction_id = ?1", &[id.into()])?;
            rec.remove("interactions", "id = ?1", &[id.into()])?;
            rec.touched(i.people.iter().copied());
            let mut names = Vec::new();
            for p in &i.people {
                s.refresh_last_contact(*p)?;
                s.settle_after_event(*p, &[i.on])?;
                s.reindex_person(*p)?;
                names.push(s.person_ref(*p)?.name);
            }
            let label = format!(
                "interaction #{id}: {} with {} on {}",
                i.kind.as_str(),
                names.join(", "),
                i.on
            );
            s.record_removal(rec, RemovedKind::Interaction, &label)
        })
    }

    /// Settles a person's after-event follow-ups against the interactions they have now:
    /// an open one is done if an interaction after the meeting has happened (by the day
    /// the store is settled at), on the first such day; one done on one of `changed` days (an interaction there was removed or moved)
    /// is done on that first day again, or open when there is none.
    pub(crate) fn settle_after_event(&self, person: PersonId, changed: &[NaiveDate]) -> Result<()> {
        let first: Option<String> = self
            .conn()
            .prepare_cached(
                "SELECT min(i.on_date) FROM interactions i
                 JOIN interaction_people ip ON ip.interaction_id = i.id
                 WHERE ip.person_id = ?1
                   AND i.on_date > (SELECT coalesce(met_on, date(created_on, '-1 day')) FROM people WHERE id = ?1)
                   AND i.on_date <= coalesce((SELECT value FROM settings WHERE key = ?2), '9999-12-31')",
            )?
            .query_row(params![person, crate::scheduled::AS_OF], |r| r.get(0))?;
        let days: Vec<String> = changed.iter().map(NaiveDate::to_string).collect();
        self.exec(
            "UPDATE follow_ups SET status = CASE WHEN ?2 IS NULL THEN 'open' ELSE 'done' END, done_on = ?2
             WHERE person_id = ?1 AND origin = 'after_event' AND status = 'done'
               AND done_on IN (SELECT value FROM json_each(?3))",
            params![person, first, serde_json::Value::from(days).to_string()],
        )?;
        if first.is_some() {
            self.exec(
                "UPDATE follow_ups SET status = 'done', done_on = ?2
                 WHERE person_id = ?1 AND origin = 'after_event' AND status IN ('open', 'snoozed')",
                params![person, first],
            )?;
        }
        Ok(())
    }
}
