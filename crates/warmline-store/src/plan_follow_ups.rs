//! The due follow-ups of today's plan: the top of a backlog, ranked as
//! `warmline_core::plan::follow_up_rank` ranks them, and a count of the rest.
//!
//! A backlog of a thousand overdue promises must not cost a thousand rows every morning.
//! Promises rank first, oldest due first, which is the order of the `follow_ups_open`
//! index: the plan reads only as many as it could list, and up to [`TIES_WEIGHED`] more
//! of the last one's day, which warmth and goal fit order (a day with more promises
//! than that is ordered by id past them). The other follow-ups are read only when the
//! promises leave room, and weighed in full (warmth, goal fit) for a shortlist of the
//! people in touch most recently, the warmest as a rule.

use std::collections::HashMap;

use crate::db::params;
use chrono::NaiveDate;
use warmline_core::followup::{FollowUpId, Origin};
use warmline_core::goal::person_fit;
use warmline_core::interaction::{Interaction, Touch};
use warmline_core::person::{PersonId, Tier};
use warmline_core::plan::FollowUpDue;
use warmline_core::warmth;

use crate::sql::{date, opt_date};
use crate::{Result, Store};

/// How many promises due on the same day as the last one the plan can list are weighed
/// beside it: a demo network at 100,000 people has hundreds due on one day, and weighing
/// each (its warmth reads all its touches) was most of `today`.
const TIES_WEIGHED: i64 = 20;

/// How many due follow-ups other than promises are weighed in full at most; the rest
/// are counted. Those of the people in touch most recently are the ones weighed.
const OTHERS_WEIGHED: usize = 200;

const SELECT: &str =
    "SELECT f.id, f.person_id, p.name, f.text, f.due, f.origin, f.created_on, p.met_on,
            p.tier, p.cadence_days
     FROM follow_ups f JOIN people p ON p.id = f.person_id";

/// The due follow-ups the plan weighs, and how many it counted without reading.
pub(crate) struct DueFollowUps {
    pub listed: Vec<FollowUpDue>,
    /// Due ones left unread (`PlanInput::follow_ups_not_read`).
    pub not_read: usize,
    /// After-event ones due early left unread (`PlanInput::fresh_not_read`).
    pub fresh_not_read: usize,
}

/// A due follow-up as read, with what weighing it needs.
struct Row {
    due: FollowUpDue,
    tier: Option<Tier>,
    cadence_days: Option<u32>,
}

fn read(r: &crate::db::Row<'_>) -> crate::db::Result<Row> {
    let origin: String = r.get(5)?;
    let tier: Option<String> = r.get(8)?;
    Ok(Row {
        due: FollowUpDue {
            id: r.get(0)?,
            person_id: r.get(1)?,
            person_name: r.get(2)?,
            text: r.get(3)?,
            due: date(r, 4)?,
            origin: Origin::parse(&origin).unwrap_or(Origin::Manual),
            created_on: date(r, 6)?,
            met_on: opt_date(r, 7)?,
            warmth_score: 0,
            goal_fit: 0,
        },
        tier: tier.as_deref().and_then(|t| Tier::parse(t).ok()),
        cadence_days: r.get(9)?,
    })
}

impl Store {
    /// At least the `wanted` most important due follow-ups (all of them if there are
    /// fewer), weighed, and how many due ones were left unread.
    pub(crate) fn due_follow_ups(&self, today: NaiveDate, wanted: usize) -> Result<DueFollowUps> {
        let total: i64 = self
            .conn()
            .prepare_cached(
                "SELECT count(*) FROM follow_ups
                 WHERE status IN ('open', 'snoozed') AND due <= ?1",
            )?
            .query_row([today], |r| r.get(0))?;
        let total = usize::try_from(total).unwrap_or(0);
        let mut rows = self.due_promises(today, wanted)?;
        if rows.len() < wanted {
            rows.extend(self.due_others(today)?);
        }
        let not_read = total.saturating_sub(rows.len());
        let (fresh, fresh_total) = self.fresh_after_event(today, wanted)?;
        let fresh_not_read = fresh_total.saturating_sub(fresh.len());
        rows.extend(fresh);
        self.weigh(&mut rows, today)?;
        Ok(DueFollowUps {
            listed: rows.into_iter().map(|r| r.due).collect(),
            not_read,
            fresh_not_read,
        })
    }

    /// One pending follow-up, due or not, as the plan sees it: what `done f12` finds.
    pub(crate) fn pending_follow_up_due(&self, id: FollowUpId) -> Result<Vec<FollowUpDue>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "{SELECT} WHERE f.id = ?1 AND f.status IN ('open', 'snoozed')"
        ))?;
        let rows = stmt.query_map([id], read)?;
        Ok(rows
            .map(|r| r.map(|r| r.due))
            .collect::<crate::db::Result<_>>()?)
    }

    /// The oldest due promises down the index, `wanted` of them and a few more of the
    /// last one's day, so that warmth can order that day.
    fn due_promises(&self, today: NaiveDate, wanted: usize) -> Result<Vec<Row>> {
        let limit = i64::try_from(wanted).unwrap_or(i64::MAX);
        let mut stmt = self.conn().prepare_cached(&format!(
            "{SELECT} WHERE f.status IN ('open', 'snoozed') AND f.due <= ?1
               AND f.origin = 'promise'
               AND f.due <= coalesce(
                   (SELECT due FROM follow_ups WHERE status IN ('open', 'snoozed')
                      AND due <= ?1 AND origin = 'promise'
                    ORDER BY due, id LIMIT 1 OFFSET ?2 - 1), ?1)
             ORDER BY f.due, f.id LIMIT ?2 + ?3"
        ))?;
        let rows = stmt.query_map(params![today, limit, TIES_WEIGHED], read)?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// Due follow-ups other than promises: those of the [`OTHERS_WEIGHED`] people in
    /// touch most recently.
    fn due_others(&self, today: NaiveDate) -> Result<Vec<Row>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "{SELECT} WHERE f.status IN ('open', 'snoozed') AND f.due <= ?1
               AND f.origin <> 'promise'
             ORDER BY p.last_contact IS NULL, p.last_contact DESC, f.id LIMIT ?2"
        ))?;
        let limit = OTHERS_WEIGHED as i64;
        let rows = stmt.query_map(params![today, limit], read)?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// After-event follow-ups falling due within `plan::FRESH_EARLY_DAYS`, which the plan
    /// lists early when there is room, at most `wanted` of them: the first due and
    /// [`TIES_WEIGHED`] more, as for promises. A big event brings thousands due on one
    /// day, and weighing each read its whole history. A snoozed one waits for its day.
    fn fresh_after_event(&self, today: NaiveDate, wanted: usize) -> Result<(Vec<Row>, usize)> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "{SELECT} WHERE f.status = 'open' AND f.origin = 'after_event'
               AND f.due > ?1 AND f.due <= date(?1, ?2)
             ORDER BY f.due, f.id LIMIT ?3"
        ))?;
        let ahead = format!("+{} days", warmline_core::plan::FRESH_EARLY_DAYS);
        let limit = i64::try_from(wanted)
            .unwrap_or(i64::MAX)
            .saturating_add(TIES_WEIGHED);
        let rows = stmt.query_map(params![today, ahead, limit], read)?;
        let rows: Vec<Row> = rows.collect::<crate::db::Result<_>>()?;
        let total: i64 = self
            .conn()
            .prepare_cached(
                "SELECT count(*) FROM follow_ups
                 WHERE status = 'open' AND origin = 'after_event'
                   AND due > ?1 AND due <= date(?1, ?2)",
            )?
            .query_row(params![today, ahead], |r| r.get(0))?;
        Ok((rows, usize::try_from(total).unwrap_or(0)))
    }

    /// Sets each follow-up's warmth and best fit to an active goal.
    fn weigh(&self, rows: &mut [Row], today: NaiveDate) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let settings = self.settings()?;
        let goals = self.active_goals()?;
        let mut fits: HashMap<PersonId, u8> = HashMap::new();
        if !goals.is_empty() {
            let ids: Vec<PersonId> = rows.iter().map(|r| r.due.person_id).collect();
            for s in self.subject_rows(Some(&ids))? {
                let best = (goals.iter())
                    .map(|g| person_fit(&g.profile, &s.subject()).score)
                    .max()
                    .unwrap_or(0);
                fits.insert(s.id, best);
            }
        }
        let mut warmths: HashMap<PersonId, u8> = HashMap::new();
        // Everyone's interactions in one read, not one per person.
        let ids: Vec<PersonId> = rows.iter().map(|r| r.due.person_id).collect();
        let mut interactions = self.interactions_of_people(&ids)?;
        for r in rows.iter_mut() {
            let person = r.due.person_id;
            let score = match warmths.get(&person) {
                Some(score) => *score,
                None => {
                    let cadence =
                        warmth::cadence_days(r.cadence_days, r.tier, &settings.tier_cadences);
                    let touches: Vec<Touch> = (interactions.remove(&person))
                        .unwrap_or_default()
                        .iter()
                        .rev()
                        .map(Interaction::touch)
                        .collect();
                    let score = warmth::warmth(&touches, cadence, today).score;
                    warmths.insert(person, score);
                    score
                }
            };
            r.due.warmth_score = score;
            r.due.goal_fit = fits.get(&person).copied().unwrap_or(0);
        }
        Ok(())
    }
}
