//! Follow-up lists a page at a time, and clearing a backlog of overdue ones in bulk.
//!
//! A list reads its person's name in the same statement and only the page it shows, so
//! a hundred thousand people with thousands of pending follow-ups list as quickly as
//! ten. "Overdue" means what today's plan counts as due: due today or earlier.

use crate::db::params;
use chrono::{Duration, NaiveDate};
use warmline_core::followup::FollowUp;

use crate::followups::{COLUMNS_OF_F, read};
use crate::{Result, Store, StoreError};

/// Which follow-ups a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpScope {
    /// Still to do (open or snoozed), soonest due first.
    Pending,
    /// Still to do and due today or earlier: promises first, then the others, the
    /// oldest due first within each (the plan's order, short of warmth and goal fit).
    Overdue,
    /// Every follow-up, done and cancelled too, soonest due first.
    All,
}

/// A follow-up with its person's name, as lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpRow {
    pub follow_up: FollowUp,
    pub person_name: String,
}

/// One page of a follow-up list, and how many the whole list holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpPage {
    pub rows: Vec<FollowUpRow>,
    pub total: usize,
}

/// Follow-ups are snoozed or cancelled in bulk by at most this many days.
const MAX_DAYS: i64 = 3650;

fn check_days(what: &str, days: i64) -> Result<()> {
    if (1..=MAX_DAYS).contains(&days) {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "{what} by 1 to {MAX_DAYS} days, not {days}"
        )))
    }
}

impl Store {
    /// The follow-ups of `scope`, skipping `offset` and at most `limit` of them (all
    /// without a limit), with the size of the whole list.
    pub fn follow_up_page(
        &self,
        scope: FollowUpScope,
        today: NaiveDate,
        offset: usize,
        limit: Option<usize>,
    ) -> Result<FollowUpPage> {
        let (filter, order) = match scope {
            FollowUpScope::Pending => ("f.status IN ('open', 'snoozed')", "f.due, f.id"),
            FollowUpScope::Overdue => (
                "f.status IN ('open', 'snoozed') AND f.due <= ?1",
                "f.origin <> 'promise', f.due, f.id",
            ),
            FollowUpScope::All => ("?1 IS NOT NULL", "f.due, f.id"),
        };
        let total: i64 = self
            .conn()
            .prepare_cached(&format!(
                "SELECT count(*) FROM follow_ups f WHERE {filter} AND ?1 IS NOT NULL"
            ))?
            .query_row([today], |r| r.get(0))?;
        let limit = limit.map_or(i64::MAX, |n| i64::try_from(n).unwrap_or(i64::MAX));
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        // The page's ids first, sorted from the index alone: joining first would read
        // every pending follow-up's row and person to sort them, thousands in a backlog.
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLUMNS_OF_F}, p.name FROM follow_ups f JOIN people p ON p.id = f.person_id
             WHERE f.id IN (SELECT f.id FROM follow_ups f WHERE {filter}
                            ORDER BY {order} LIMIT ?2 OFFSET ?3)
             ORDER BY {order}"
        ))?;
        let rows = stmt.query_map(params![today, limit, offset], |r| {
            Ok(FollowUpRow {
                follow_up: read(r)?,
                person_name: r.get(8)?,
            })
        })?;
        Ok(FollowUpPage {
            rows: rows.collect::<crate::db::Result<_>>()?,
            total: usize::try_from(total).unwrap_or(0),
        })
    }

    /// Snoozes every follow-up due today or earlier to `days` days past today, as
    /// `snooze_follow_up` does one; returns how many moved.
    pub fn snooze_overdue(&self, today: NaiveDate, days: i64) -> Result<usize> {
        check_days("snooze", days)?;
        let until = today + Duration::days(days);
        self.atomic(|s| {
            s.exec(
                "UPDATE follow_ups SET status = 'snoozed', due = ?2
                 WHERE status IN ('open', 'snoozed') AND due <= ?1",
                params![today, until],
            )
        })
    }

    /// Cancels every pending follow-up that fell due more than `days` days before
    /// today: the stale part of a backlog, given up honestly rather than left to
    /// crowd the plan. Cancelled follow-ups stay in the record (`followup list --all`).
    /// Returns how many were cancelled.
    pub fn cancel_overdue(&self, today: NaiveDate, days: i64) -> Result<usize> {
        check_days("cancel follow-ups overdue", days)?;
        let before = today - Duration::days(days);
        self.atomic(|s| {
            s.exec(
                "UPDATE follow_ups SET status = 'cancelled', done_on = ?2
                 WHERE status IN ('open', 'snoozed') AND due < ?1",
                params![before, today],
            )
        })
    }
}
