//! Follow-ups.

use crate::db::{OptionalExtension, params};
use chrono::NaiveDate;
use warmline_core::followup::{FollowUp, FollowUpId, Origin, Status};
use warmline_core::person::PersonId;

use crate::snapshot::Recorder;
use crate::sql::{Day, date, opt_date};
use crate::trash::{RemovedKind, TrashId};
use crate::{Result, Store, StoreError};

const COLUMNS: &str = "id, person_id, text, due, status, origin, created_on, done_on";
/// The same columns of a follow-up named `f` in a join.
pub(crate) const COLUMNS_OF_F: &str =
    "f.id, f.person_id, f.text, f.due, f.status, f.origin, f.created_on, f.done_on";

pub(crate) fn read(r: &crate::db::Row<'_>) -> crate::db::Result<FollowUp> {
    let status: String = r.get(4)?;
    let origin: String = r.get(5)?;
    Ok(FollowUp {
        id: r.get(0)?,
        person_id: r.get(1)?,
        text: r.get(2)?,
        due: date(r, 3)?,
        status: Status::parse(&status).unwrap_or(Status::Open),
        origin: Origin::parse(&origin).unwrap_or(Origin::Manual),
        created_on: date(r, 6)?,
        done_on: opt_date(r, 7)?,
    })
}

impl Store {
    pub fn add_follow_up(
        &self,
        person: PersonId,
        text: &str,
        due: NaiveDate,
        origin: Origin,
        today: NaiveDate,
    ) -> Result<FollowUpId> {
        let text = text.trim();
        if text.is_empty() {
            return Err(StoreError::Invalid("a follow-up needs some text".into()));
        }
        self.atomic(|s| {
            s.require_person_named(person)?;
            s.exec(
                "INSERT INTO follow_ups (person_id, text, due, origin, created_on) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![person, text, Day(due), origin.as_str(), Day(today)],
            )?;
            Ok(s.conn().last_insert_rowid()?)
        })
    }

    pub fn follow_up(&self, id: FollowUpId) -> Result<FollowUp> {
        self.conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM follow_ups WHERE id = ?1"),
                [id],
                read,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("no follow-up with id {id}")))
    }

    /// Follow-ups still to do (open or snoozed), soonest due first.
    pub fn pending_follow_ups(&self) -> Result<Vec<FollowUp>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM follow_ups WHERE status IN ('open', 'snoozed') ORDER BY due, id"
        ))?;
        Ok(stmt
            .query_map([], read)?
            .collect::<crate::db::Result<_>>()?)
    }

    /// Every follow-up, soonest due first.
    pub fn all_follow_ups(&self) -> Result<Vec<FollowUp>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM follow_ups ORDER BY due, id"
        ))?;
        Ok(stmt
            .query_map([], read)?
            .collect::<crate::db::Result<_>>()?)
    }

    /// A person's follow-ups, pending first, then by due date.
    pub fn follow_ups_for(&self, person: PersonId) -> Result<Vec<FollowUp>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM follow_ups WHERE person_id = ?1
             ORDER BY status NOT IN ('open', 'snoozed'), due, id"
        ))?;
        Ok(stmt
            .query_map([person], read)?
            .collect::<crate::db::Result<_>>()?)
    }

    /// Closes a follow-up as done or cancelled. Closing one already closed is an error, so a
    /// mistyped id does not pass silently.
    pub fn close_follow_up(
        &self,
        id: FollowUpId,
        status: Status,
        today: NaiveDate,
    ) -> Result<FollowUp> {
        self.atomic(|s| {
            let f = s.follow_up(id)?;
            if !f.status.is_pending() {
                return Err(StoreError::Invalid(format!(
                    "follow-up {id} is already {}",
                    f.status.as_str()
                )));
            }
            s.exec(
                "UPDATE follow_ups SET status = ?2, done_on = ?3 WHERE id = ?1",
                params![id, status.as_str(), today],
            )?;
            s.follow_up(id)
        })
    }

    /// Moves a pending follow-up `days` days past today.
    pub fn snooze_follow_up(
        &self,
        id: FollowUpId,
        days: i64,
        today: NaiveDate,
    ) -> Result<FollowUp> {
        if !(1..=3650).contains(&days) {
            return Err(StoreError::Invalid(format!(
                "snooze by 1 to 3650 days, not {days}"
            )));
        }
        self.atomic(|s| {
            let f = s.follow_up(id)?;
            if !f.status.is_pending() {
                return Err(StoreError::Invalid(format!(
                    "follow-up {id} is {} and cannot be snoozed",
                    f.status.as_str()
                )));
            }
            let due = today + chrono::Duration::days(days);
            s.exec(
                "UPDATE follow_ups SET status = 'snoozed', due = ?2 WHERE id = ?1",
                params![id, due],
            )?;
            s.follow_up(id)
        })
    }
}

impl Store {
    /// Corrects a follow-up's text and/or due date, whatever its status.
    pub fn edit_follow_up(
        &self,
        id: FollowUpId,
        text: Option<&str>,
        due: Option<NaiveDate>,
    ) -> Result<FollowUp> {
        let text = text.map(str::trim);
        if text.is_some_and(str::is_empty) {
            return Err(StoreError::Invalid("a follow-up needs some text".into()));
        }
        if text.is_none() && due.is_none() {
            return Err(StoreError::Invalid(
                "nothing to change: give the follow-up's new text or due date".into(),
            ));
        }
        self.atomic(|s| {
            s.follow_up(id)?;
            s.exec(
                "UPDATE follow_ups SET text = coalesce(?2, text), due = coalesce(?3, due) WHERE id = ?1",
                params![id, text, due],
            )?;
            s.follow_up(id)
        })
    }

    /// Removes a follow-up; returns the trash entry that undoes it.
    pub fn remove_follow_up(&self, id: FollowUpId) -> Result<TrashId> {
        self.atomic(|s| {
            let f = s.follow_up(id)?;
            let mut rec = Recorder::new(s)?;
            rec.remove("follow_ups", "id = ?1", &[id.into()])?;
            let label = format!(
                "follow-up #{id} with {}: {}",
                s.person_ref(f.person_id)?.name,
                f.text
            );
            s.record_removal(rec, RemovedKind::FollowUp, &label)
        })
    }
}
