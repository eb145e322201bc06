//! Today's plan: gathering its candidates, and checking items off.
//!
//! The ranking itself is `warmline_core::plan`; this module only reads what it needs,
//! cheaply enough that `warmline today` stays quick on a large network.

use std::collections::BTreeSet;

use crate::db::params;
use chrono::{Duration, NaiveDate};
use warmline_core::followup::Status;
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_core::person::{Birthday, PersonId};
use warmline_core::plan::logged;
use warmline_core::plan::{
    self, BirthdaySoon, EventAhead, ItemKind, JobChange, Meeting, Plan, PlanInput, PlanItem,
};
use warmline_core::streak::{RestDays, streak};

use crate::sql::date;
use crate::{Result, Store, StoreError};

/// What `done ITEM` did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DoneItem {
    pub item: PlanItem,
    /// The interaction logged for it, if any.
    pub interaction: Option<i64>,
    /// That interaction's summary: the user's words, or a neutral account of the act.
    pub summary: Option<String>,
}

impl Store {
    /// Today's plan within `minutes`.
    pub fn today_plan(&self, today: NaiveDate, minutes: u32) -> Result<Plan> {
        if minutes == 0 {
            return Err(StoreError::Invalid(
                "a plan needs at least one minute".into(),
            ));
        }
        // One read transaction for the dozen queries: one consistent view, and one lock
        // taken instead of one per statement.
        let input = self.snapshot(|s| s.plan_input(today, minutes))?;
        Ok(plan::plan(&input))
    }

    fn plan_input(&self, today: NaiveDate, minutes: u32) -> Result<PlanInput> {
        let settings = self.settings()?;
        let mut input = PlanInput::new(today, minutes);
        input.streak = streak(
            self.active_days(today)?,
            RestDays::from_indices(&settings.rest_days),
            today,
        );
        input.done_ids = self.done_ids(today)?;
        let due = self.due_follow_ups(today, plan::follow_ups_wanted(minutes))?;
        input.follow_ups = due.listed;
        input.follow_ups_not_read = due.not_read;
        input.fresh_not_read = due.fresh_not_read;
        let (keep, total_due) = self.keep_in_touch_due(today, &settings)?;
        input.keep_in_touch_not_read = total_due.saturating_sub(keep.len());
        input.keep_in_touch = keep;
        input.growth_last_done = self.growth_last_done(today)?;
        input.give = self.give_candidate(today)?;
        input.reach_out = self.reach_out_candidate(today)?;
        input.birthday_days_ahead = settings.birthday_days_ahead;
        input.birthdays = self.birthdays_soon(today, settings.birthday_days_ahead)?;
        input.congratulate = self.job_changes_to_congratulate(today)?;
        input.meetings_today = self.meetings_on(today)?;
        input.meetings_tomorrow = self.meetings_on(today + Duration::days(1))?;
        input.events_today = self.events_on(today)?;
        input.events_tomorrow = self.events_on(today + Duration::days(1))?;
        input.triage = self.triage_waiting()?;
        Ok(input)
    }

    /// The last give or reach-out item checked off before today: its day and kind.
    fn growth_last_done(&self, today: NaiveDate) -> Result<Option<(NaiveDate, ItemKind)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT on_date, item_id FROM plan_done
             WHERE on_date < ?1 AND (item_id LIKE 'g%' OR item_id LIKE 'r%')
             ORDER BY on_date DESC, item_id LIMIT 1",
        )?;
        let mut rows = stmt.query([today])?;
        let Some(r) = rows.next()? else {
            return Ok(None);
        };
        let id: String = r.get(1)?;
        let kind = plan::parse_item_id(&id).map_or(ItemKind::Give, |(kind, _)| kind);
        Ok(Some((date(&r, 0)?, kind)))
    }

    /// Every day with an interaction or a follow-up done, up to today.
    pub fn active_days(&self, today: NaiveDate) -> Result<Vec<NaiveDate>> {
        let mut stmt = self.conn().prepare_cached(
            // Days with interactions are the rows of `touch_days` (migration 024); days
            // with follow-ups done hop down their partial index (one seek per day)
            // instead of reading every follow-up done.
            "WITH RECURSIVE done(d) AS (
                SELECT max(done_on) FROM follow_ups INDEXED BY follow_ups_done_on
                WHERE status = 'done' AND done_on <= ?1
                UNION ALL
                SELECT (SELECT max(done_on) FROM follow_ups INDEXED BY follow_ups_done_on
                        WHERE status = 'done' AND done_on < done.d)
                FROM done WHERE done.d IS NOT NULL)
             SELECT on_date FROM touch_days WHERE on_date <= ?1 AND n > 0
             UNION SELECT d FROM done WHERE d IS NOT NULL",
        )?;
        let rows = stmt.query_map([today], |r| date(r, 0))?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    fn done_ids(&self, today: NaiveDate) -> Result<BTreeSet<String>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT item_id FROM plan_done WHERE on_date = ?1")?;
        let rows = stmt.query_map([today], |r| r.get(0))?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// Birthdays in the coming week not yet greeted.
    fn birthdays_soon(&self, today: NaiveDate, days_ahead: u32) -> Result<Vec<BirthdaySoon>> {
        let ahead = plan::BIRTHDAY_DAYS.max(i64::from(days_ahead));
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.id, p.name, p.birthday FROM people p WHERE p.birthday IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM plan_done d WHERE d.item_id = 'b' || p.id
                                  AND d.on_date > date(?1, '-8 days'))",
        )?;
        let mut out = Vec::new();
        let mut rows = stmt.query([today])?;
        while let Some(r) = rows.next()? {
            let r = &r;
            let raw: String = r.get(2)?;
            let Some(birthday) = Birthday::parse(&raw) else {
                continue;
            };
            if birthday
                .next_on_or_after(today)
                .is_some_and(|d| d <= today + Duration::days(ahead))
            {
                out.push(BirthdaySoon {
                    person_id: r.get(0)?,
                    name: r.get(1)?,
                    birthday,
                });
            }
        }
        Ok(out)
    }

    /// Job changes noticed in the last two weeks and not yet congratulated.
    fn job_changes_to_congratulate(&self, today: NaiveDate) -> Result<Vec<JobChange>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT j.person_id, p.name, j.org, j.title, j.detected_on FROM job_changes j
             JOIN people p ON p.id = j.person_id
             WHERE j.detected_on > date(?1, ?2) AND j.detected_on <= ?1
               AND NOT EXISTS (SELECT 1 FROM plan_done d WHERE d.item_id = 'c' || j.person_id
                                  AND d.on_date >= j.detected_on)
             ORDER BY j.detected_on, j.id",
        )?;
        let window = format!("-{} days", plan::CONGRATULATE_DAYS);
        let rows = stmt.query_map(params![today, window], |r| {
            Ok(JobChange {
                person_id: r.get(0)?,
                name: r.get(1)?,
                org: r.get(2)?,
                title: r.get(3)?,
                detected_on: date(r, 4)?,
            })
        })?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// Meetings booked for a day (imported from a calendar, or logged before their day),
    /// so they lie ahead on it.
    fn meetings_on(&self, day: NaiveDate) -> Result<Vec<Meeting>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT p.id, p.name, i.summary FROM interactions i
             JOIN interaction_people ip ON ip.interaction_id = i.id
             JOIN people p ON p.id = ip.person_id
             WHERE i.on_date = ?1 AND {} ORDER BY i.id, p.id",
            crate::scheduled::BOOKED
        ))?;
        let rows = stmt.query_map([day], |r| {
            Ok(Meeting {
                person_id: r.get(0)?,
                name: r.get(1)?,
                summary: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// Events (`event add`) on a day that were added before it: one added on its day is
    /// being recorded after the fact, as a meeting logged on its day is.
    fn events_on(&self, day: NaiveDate) -> Result<Vec<EventAhead>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, name, location FROM events
             WHERE on_date = ?1 AND created_on < on_date ORDER BY id",
        )?;
        let rows = stmt.query_map([day], |r| {
            Ok(EventAhead {
                id: r.get(0)?,
                name: r.get(1)?,
                location: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// Checks an item of today's plan off: the touch it asked for is logged as an
    /// interaction (a follow-up is closed as well; prep logs nothing), and the item leaves
    /// today's plan. The interaction's summary is a neutral account of the act
    /// ("birthday wishes"); [`Store::complete_plan_item_with`] records the user's words.
    pub fn complete_plan_item(&self, today: NaiveDate, item_id: &str) -> Result<DoneItem> {
        self.complete_plan_item_with(today, item_id, None)
    }

    /// As [`Store::complete_plan_item`], with what happened in the user's words as the
    /// interaction's summary. The plan's advice is never stored as a conversation (see
    /// `warmline_core::plan::logged`).
    pub fn complete_plan_item_with(
        &self,
        today: NaiveDate,
        item_id: &str,
        what_happened: Option<&str>,
    ) -> Result<DoneItem> {
        let (kind, id) = plan::parse_item_id(item_id)?;
        let item_id = plan::item_id(kind, id);
        if kind == ItemKind::Triage {
            // Nothing to log: the item goes once those people have a rhythm.
            return Err(StoreError::Invalid(format!(
                "{item_id} is done by giving those people a rhythm: run warmline triage to \
                 see the proposals, then warmline triage --apply (or open Triage in the browser)"
            )));
        }
        if kind == ItemKind::Birthday {
            // Wishes checked off early would leave nothing for the day itself.
            let p = self.person(id)?;
            if let Some(b) = p.birthday
                && b.next_on_or_after(today) != Some(today)
            {
                let first = p.name.split_whitespace().next().unwrap_or(&p.name);
                return Err(StoreError::Invalid(format!(
                    "{first}'s birthday is on {}: check it off on the day",
                    warmline_core::person::Birthday { year: None, ..b }.spoken()
                )));
            }
        }
        let words = what_happened.map(str::trim).filter(|w| !w.is_empty());
        self.atomic(|s| {
            if s.done_ids(today)?.contains(&item_id) {
                return Err(StoreError::Invalid(format!(
                    "{item_id} is already done today"
                )));
            }
            // Look the item up in the whole plan, not only the part that fit the budget:
            // doing something further down the list is fine.
            let mut input = s.plan_input(today, u32::MAX)?;
            if kind == ItemKind::FollowUp {
                // However deep in a backlog: any due follow-up can be done.
                input.follow_ups = s.pending_follow_up_due(id)?;
                input.follow_ups_not_read = 0;
            }
            let item = plan::plan(&input)
                .items
                .into_iter()
                .find(|i| i.id == item_id)
                .ok_or_else(|| StoreError::NotFound(format!("{item_id} is not on today's plan")))?;
            let neutral = logged::done_summary(kind, item.with.is_some());
            let (interaction, summary) = match neutral {
                // Preparing is not a touch; it only leaves the plan.
                None => (None, None),
                Some(neutral) => {
                    // Doing a follow-up means getting in touch: the touch is logged too, so
                    // cadence and warmth see it.
                    if kind == ItemKind::FollowUp {
                        s.close_follow_up(id, Status::Done, today)?;
                    }
                    let mut people: Vec<PersonId> = vec![item.person.id];
                    people.extend(item.with.as_ref().map(|w| w.id));
                    let kind = if item.with.is_some() {
                        Kind::Intro
                    } else {
                        Kind::Message
                    };
                    let (summary, source) = match words {
                        Some(w) => (w.to_string(), "manual"),
                        None => (neutral.to_string(), logged::PLAN_SOURCE),
                    };
                    let new = NewInteraction {
                        on: today,
                        kind,
                        direction: Direction::Outbound,
                        summary: summary.clone(),
                        notes: String::new(),
                        source: source.into(),
                        source_key: None,
                        people,
                    };
                    let logged = s.log_interaction(&new, today)?;
                    // A give checked off is help given: recorded as `give` records it, so
                    // the rest between gives to one person applies and the balance counts it.
                    if let (ItemKind::Give, Some(given), Some(interaction)) =
                        (item.kind, input.give.as_ref(), logged)
                    {
                        let text = logged::give_text(given, words);
                        s.record_give(given.person_id, &text, today, interaction)?;
                    }
                    (logged, Some(summary))
                }
            };
            s.exec(
                "INSERT INTO plan_done (on_date, item_id) VALUES (?1, ?2)",
                params![today, item_id],
            )?;
            Ok(DoneItem {
                item,
                interaction,
                summary,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The day's meetings come from the partial index of booked interactions
    /// (`migrations/020_booked.sql`), never from every interaction of the day: a day of
    /// thousands logged on it cost the plan as many fetches.
    #[test]
    fn the_days_meetings_are_read_from_the_booked_index() {
        let store = Store::open_in_memory().unwrap();
        let sql = format!(
            "EXPLAIN QUERY PLAN SELECT p.id FROM interactions i
             JOIN interaction_people ip ON ip.interaction_id = i.id
             JOIN people p ON p.id = ip.person_id
             WHERE i.on_date = '2026-12-02' AND {} ORDER BY i.id, p.id",
            crate::scheduled::BOOKED
        );
        let mut stmt = store.conn.prepare(&sql).unwrap();
        let plan: Vec<String> = stmt
            .query_map([], |r| r.get(3))
            .unwrap()
            .collect::<crate::db::Result<_>>()
            .unwrap();
        assert!(
            plan.concat().contains("INDEX interactions_booked"),
            "{plan:?}"
        );
    }
}
