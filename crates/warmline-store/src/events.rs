//! Events: where people were met.

use crate::db::{OptionalExtension, params};
use chrono::NaiveDate;
use warmline_core::event::{Event, EventId};
use warmline_core::text::fold;

use crate::snapshot::Recorder;
use crate::sql::{non_empty, opt_date};
use crate::trash::{RemovedKind, TrashId};
use crate::{Result, Store, StoreError};

impl Store {
    pub fn add_event(
        &self,
        name: &str,
        on: Option<NaiveDate>,
        location: Option<&str>,
        today: NaiveDate,
    ) -> Result<EventId> {
        let name = name.trim();
        if fold(name).is_empty() {
            return Err(StoreError::Invalid("an event needs a name".into()));
        }
        self.exec(
            "INSERT INTO events (name, name_key, on_date, location, created_on) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![name, fold(name), on, non_empty(location), today],
        )?;
        Ok(self.conn().last_insert_rowid()?)
    }

    pub fn event(&self, id: EventId) -> Result<Event> {
        self.conn()
            .query_row(
                "SELECT id, name, on_date, location FROM events WHERE id = ?1",
                [id],
                |r| {
                    Ok(Event {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        on: opt_date(r, 2)?,
                        location: r.get(3)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("no event with id {id}")))
    }

    /// Finds an event by id or name: exact (folded), else an unambiguous part; among several
    /// events of one name (a monthly meetup) the most recent wins.
    pub fn resolve_event(&self, query: &str) -> Result<EventId> {
        let q = query.trim();
        if let Ok(id) = q.trim_start_matches('#').parse::<EventId>()
            && self.event(id).is_ok()
        {
            return Ok(id);
        }
        let key = fold(q);
        let exact: Option<EventId> = self
            .conn()
            .query_row(
                "SELECT id FROM events WHERE name_key = ?1 ORDER BY on_date DESC, id DESC LIMIT 1",
                [&key],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = exact {
            return Ok(id);
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, name FROM events WHERE instr(name_key, ?1) > 0 ORDER BY on_date DESC LIMIT 9",
        )?;
        let hits: Vec<(EventId, String)> = stmt
            .query_map([&key], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<crate::db::Result<_>>()?;
        let mut names: Vec<&str> = hits.iter().map(|(_, n)| n.as_str()).collect();
        names.dedup();
        match (hits.first(), names.len()) {
            (Some((id, _)), 1) => Ok(*id),
            (None, _) => Err(StoreError::NotFound(format!("no event named '{q}'"))),
            _ => Err(StoreError::Invalid(format!(
                "'{q}' could be {}: say more of the name",
                names.join(", ")
            ))),
        }
    }

    /// Removes an event. The people met there stay, as do the interactions and
    /// follow-ups that named it: their reference to it is cleared (and set again by undo).
    /// Returns the trash entry.
    pub fn remove_event(&self, id: EventId) -> Result<TrashId> {
        self.atomic(|s| {
            let e = s.event(id)?;
            let mut rec = Recorder::new(s)?;
            rec.remove("events", "id = ?1", &[id.into()])?;
            let label = match e.on {
                Some(on) => format!("event {} on {on} (#{id})", e.name),
                None => format!("event {} (#{id})", e.name),
            };
            s.record_removal(rec, RemovedKind::Event, &label)
        })
    }

    /// Every event, newest first, with how many people were met there.
    pub fn events(&self) -> Result<Vec<(Event, i64)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT e.id, e.name, e.on_date, e.location,
                    (SELECT count(*) FROM people p WHERE p.met_event_id = e.id)
             FROM events e ORDER BY e.on_date DESC, e.id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                Event {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    on: opt_date(r, 2)?,
                    location: r.get(3)?,
                },
                r.get(4)?,
            ))
        })?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// People met at an event, with whether their after-event follow-up was done, and on
    /// which day.
    pub fn people_met_at(&self, id: EventId) -> Result<Vec<MetAtEvent>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.id, p.name, p.met_on,
                    (SELECT min(i.on_date) FROM interactions i
                       JOIN interaction_people ip ON ip.interaction_id = i.id
                      WHERE ip.person_id = p.id AND (p.met_on IS NULL OR i.on_date > p.met_on))
             FROM people p WHERE p.met_event_id = ?1 ORDER BY p.name_key",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(MetAtEvent {
                person_id: r.get(0)?,
                name: r.get(1)?,
                met_on: opt_date(r, 2)?,
                first_follow_up: opt_date(r, 3)?,
            })
        })?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }
}

/// Someone met at an event and when they were first followed up.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MetAtEvent {
    pub person_id: i64,
    pub name: String,
    pub met_on: Option<NaiveDate>,
    pub first_follow_up: Option<NaiveDate>,
}
