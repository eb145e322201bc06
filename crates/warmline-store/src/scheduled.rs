//! Meetings ahead. An interaction dated after today is scheduled: it is stored as any
//! other (a calendar import, `log --on` a later day), and whatever counts the past
//! (last contact, streak, warmth, statistics, goal stages, after-event follow-ups)
//! ignores it until its day comes. Nothing is rewritten on that day: the readers compare
//! with today, and the one stored aggregate, `people.last_contact`, is brought up to date
//! by [`Store::settle_scheduled`], which every command and request runs first.
//!
//! `people.last_contact` is the latest interaction on or before the day stored under
//! [`AS_OF`] in the settings table; settling for another day refreshes only the people
//! with an interaction between the two days, down the `interactions_on` index, so a day
//! with nothing scheduled costs one read.

use crate::db::{OptionalExtension, params};
use chrono::NaiveDate;
use serde::Serialize;
use warmline_core::followup::{AFTER_EVENT_TEXT, Origin, made_due};
use warmline_core::interaction::{Direction, Kind};
use warmline_core::paths::PersonRef;
use warmline_core::person::PersonId;

use crate::sql::date;
use crate::{Result, Store};

/// The settings-table key holding the day last contacts are counted up to.
pub(crate) const AS_OF: &str = "last_contact_as_of";

/// The condition, on an interaction aliased `i`, that it was booked ahead: imported from
/// a calendar or recorded before its day. Only such an interaction asks for prep.
pub(crate) const BOOKED: &str = "(i.source = 'ics' OR i.created_on < i.on_date)";

/// Something on the calendar after today: a meeting with people, or an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Upcoming {
    pub date: NaiveDate,
    /// `meeting`, `coffee`, `call`, … for an interaction; `event` for an event.
    pub kind: String,
    /// The meeting's summary, or the event's name.
    pub summary: String,
    /// Where it came from: `ics`, `manual`, or `event`.
    pub source: String,
    pub interaction_id: Option<i64>,
    pub event_id: Option<i64>,
    /// Who the meeting is with (none for an event).
    pub people: Vec<PersonRef>,
}

impl Store {
    /// The day last contacts are counted up to, if the store was ever settled.
    pub(crate) fn contacts_as_of(&self) -> Result<Option<NaiveDate>> {
        let raw: Option<String> = self
            .conn()
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([AS_OF], |r| r.get(0))
            .optional()?;
        Ok(raw.and_then(|s| s.parse().ok()))
    }

    /// [`Store::settle_scheduled`] when the day last contacts are counted up to has just
    /// been read (by [`Store::enter_postgres_account`]): nothing to do, not even the read,
    /// when it is today.
    pub fn settle_scheduled_from(
        &self,
        today: NaiveDate,
        contacts_as_of: Option<NaiveDate>,
    ) -> Result<()> {
        if contacts_as_of == Some(today) {
            return Ok(());
        }
        self.settle_scheduled(today)
    }

    /// Makes today the day last contacts are counted up to: meetings whose day has come
    /// since the last time count now (last contact, goal stages, the after-event rule),
    /// and after the clock went back (a pinned `WARMLINE_TODAY`) those now ahead stop
    /// counting. Cheap when nothing changed: one read.
    pub fn settle_scheduled(&self, today: NaiveDate) -> Result<()> {
        if self.contacts_as_of()? == Some(today) {
            return Ok(());
        }
        // A database opened read-only (a 0444 file, read-only media) can still be read,
        // as of the day it was last settled; only a write says it cannot be written.
        if self.is_readonly()? {
            return Ok(());
        }
        self.atomic(|s| {
            let as_of = s.contacts_as_of()?;
            if as_of == Some(today) {
                return Ok(());
            }
            s.exec(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![AS_OF, today.to_string()],
            )?;
            // The days whose interactions change sides. A store never settled may hold
            // anything up to the end of time in its last contacts.
            let (after, upto) = match as_of {
                Some(a) if a < today => (a.to_string(), today.to_string()),
                Some(a) => (today.to_string(), a.to_string()),
                None => (today.to_string(), "9999-12-31".to_string()),
            };
            s.exec(
                "UPDATE people SET last_contact = (SELECT max(i.on_date) FROM interactions i
                    JOIN interaction_people ip ON ip.interaction_id = i.id
                    WHERE ip.person_id = people.id AND i.on_date <= ?3)
                 WHERE id IN (SELECT ip.person_id FROM interactions i
                    JOIN interaction_people ip ON ip.interaction_id = i.id
                    WHERE i.on_date > ?1 AND i.on_date <= ?2)",
                params![after, upto, today],
            )?;
            if as_of.is_some_and(|a| a < today) {
                s.meetings_happened(&after, &upto, today)?;
            }
            Ok(())
        })
    }

    /// What follows from interactions whose day has come: the goal stages they move, the
    /// after-event follow-up they complete, and after a first booked meeting with someone,
    /// the follow-up while it is fresh.
    fn meetings_happened(&self, after: &str, upto: &str, today: NaiveDate) -> Result<()> {
        let happened: Vec<(i64, NaiveDate, String, String, PersonId, bool)> = self
            .conn()
            .prepare_cached(&format!(
                "SELECT i.id, i.on_date, i.kind, i.direction, ip.person_id, {BOOKED}
                 FROM interactions i JOIN interaction_people ip ON ip.interaction_id = i.id
                 WHERE i.on_date > ?1 AND i.on_date <= ?2 ORDER BY i.on_date, i.id"
            ))?
            .query_map([after, upto], |r| {
                Ok((
                    r.get(0)?,
                    date(r, 1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<crate::db::Result<_>>()?;
        if happened.is_empty() {
            return Ok(());
        }
        let after_days = i64::from(self.settings()?.after_event_days);
        for (id, on, kind, direction, person, booked) in happened {
            let kind = Kind::parse(&kind).unwrap_or(Kind::Other);
            let direction = Direction::parse(&direction).unwrap_or(Direction::Mutual);
            self.complete_after_event(person, on)?;
            self.advance_goals(person, kind, direction, on, id)?;
            if booked && self.first_meeting(person, id, on)? {
                let due = made_due(on + chrono::Duration::days(after_days), today);
                self.exec(
                    "INSERT INTO follow_ups (person_id, text, due, origin, created_on)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        person,
                        AFTER_EVENT_TEXT,
                        due,
                        Origin::AfterEvent.as_str(),
                        on
                    ],
                )?;
            }
            self.reindex_person(person)?;
        }
        Ok(())
    }

    /// Any touch after the meeting completes the after-event follow-up (you did follow up).
    pub(crate) fn complete_after_event(&self, person: PersonId, on: NaiveDate) -> Result<()> {
        self.exec(
            "UPDATE follow_ups SET status = 'done', done_on = ?2
             WHERE person_id = ?1 AND origin = 'after_event' AND status IN ('open', 'snoozed')
               AND ?2 > (SELECT coalesce(met_on, date(created_on, '-1 day')) FROM people WHERE id = ?1)",
            params![person, on],
        )?;
        Ok(())
    }

    /// Whether this interaction is the person's first, no after-event follow-up waits, and
    /// none came from this day before (the clock set back and forth again).
    fn first_meeting(&self, person: PersonId, interaction: i64, on: NaiveDate) -> Result<bool> {
        let earlier: bool = self
            .conn()
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM interactions i
                    JOIN interaction_people ip ON ip.interaction_id = i.id
                    WHERE ip.person_id = ?1 AND i.id <> ?2 AND i.on_date <= ?3)
                 OR EXISTS (SELECT 1 FROM follow_ups WHERE person_id = ?1
                    AND origin = 'after_event' AND (status IN ('open', 'snoozed') OR created_on = ?3))",
            )?
            .query_row(params![person, interaction, on], |r| r.get(0))?;
        Ok(!earlier)
    }

    /// Meetings and events after `today`, up to and including `until`, soonest first.
    /// With `person`, only that person's meetings.
    pub fn upcoming(
        &self,
        today: NaiveDate,
        until: NaiveDate,
        person: Option<PersonId>,
    ) -> Result<Vec<Upcoming>> {
        let mut out: Vec<Upcoming> = Vec::new();
        let mut stmt = self.conn().prepare_cached(
            "SELECT i.id, i.on_date, i.kind, i.summary, i.source, p.id, p.name
             FROM interactions i
             JOIN interaction_people ip ON ip.interaction_id = i.id
             JOIN people p ON p.id = ip.person_id
             WHERE i.on_date > ?1 AND i.on_date <= ?2
               AND (?3 IS NULL OR i.id IN
                    (SELECT interaction_id FROM interaction_people WHERE person_id = ?3))
             ORDER BY i.on_date, i.id, p.name, p.id",
        )?;
        meetings_into(&mut out, stmt.query(params![today, until, person])?)?;
        if person.is_none() {
            let mut stmt = self.conn().prepare_cached(
                "SELECT id, on_date, name FROM events
                 WHERE on_date > ?1 AND on_date <= ?2 ORDER BY on_date, id",
            )?;
            events_into(&mut out, stmt.query(params![today, until])?)?;
            // Stable: on one day, meetings before events, each in its own order.
            out.sort_by_key(|u| u.date);
        }
        Ok(out)
    }

    /// The first `limit` meetings and events of [`Store::upcoming`] (everyone's), and how
    /// many there are in all: a card shows the start of a busy fortnight, not all of it.
    pub fn upcoming_first(
        &self,
        today: NaiveDate,
        until: NaiveDate,
        limit: usize,
    ) -> Result<(Vec<Upcoming>, usize)> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut out: Vec<Upcoming> = Vec::new();
        let mut stmt = self.conn().prepare_cached(
            "SELECT i.id, i.on_date, i.kind, i.summary, i.source, p.id, p.name
             FROM (SELECT id, on_date, kind, summary, source FROM interactions
                    WHERE on_date > ?1 AND on_date <= ?2 ORDER BY on_date, id LIMIT ?3) i
             JOIN interaction_people ip ON ip.interaction_id = i.id
             JOIN people p ON p.id = ip.person_id
             ORDER BY i.on_date, i.id, p.name, p.id",
        )?;
        meetings_into(&mut out, stmt.query(params![today, until, limit])?)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, on_date, name FROM events
             WHERE on_date > ?1 AND on_date <= ?2 ORDER BY on_date, id LIMIT ?3",
        )?;
        events_into(&mut out, stmt.query(params![today, until, limit])?)?;
        out.sort_by_key(|u| u.date);
        out.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        let total: i64 = self
            .conn()
            .prepare_cached(
                "SELECT (SELECT count(*) FROM interactions WHERE on_date > ?1 AND on_date <= ?2)
                      + (SELECT count(*) FROM events WHERE on_date > ?1 AND on_date <= ?2)",
            )?
            .query_row(params![today, until], |r| r.get(0))?;
        Ok((out, usize::try_from(total).unwrap_or(0)))
    }
}

/// Meetings read with their people, a row per person, one meeting's rows together.
fn meetings_into(out: &mut Vec<Upcoming>, mut rows: crate::db::Rows<'_>) -> Result<()> {
    while let Some(r) = rows.next()? {
        let r = &r;
        let id: i64 = r.get(0)?;
        let who = PersonRef {
            id: r.get(5)?,
            name: r.get(6)?,
        };
        match out.last_mut() {
            Some(u) if u.interaction_id == Some(id) => u.people.push(who),
            _ => out.push(Upcoming {
                date: date(r, 1)?,
                kind: r.get(2)?,
                summary: r.get(3)?,
                source: r.get(4)?,
                interaction_id: Some(id),
                event_id: None,
                people: vec![who],
            }),
        }
    }
    Ok(())
}

fn events_into(out: &mut Vec<Upcoming>, mut rows: crate::db::Rows<'_>) -> Result<()> {
    while let Some(r) = rows.next()? {
        let r = &r;
        out.push(Upcoming {
            date: date(r, 1)?,
            kind: "event".into(),
            summary: r.get(2)?,
            source: "event".into(),
            interaction_id: None,
            event_id: Some(r.get(0)?),
            people: Vec::new(),
        });
    }
    Ok(())
}
