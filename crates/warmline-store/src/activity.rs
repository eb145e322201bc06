//! What statistics, the weekly review and the heatmap are computed from.
//!
//! Counts come from aggregates, never from reading every interaction: touches per day
//! from the kept count of each day (`migrations/024_touch_days.sql`), people by the day
//! they joined from an index on that day, follow-ups done from their partial index
//! (`migrations/007_weekly_figures.sql`). Only the rates' period (a few weeks) is read
//! touch by touch, from the participants' date index (`migrations/022_touches.sql`). Every interaction has at least one participant (removing a person removes
//! the interactions only they took part in), so counting interactions needs no join.
//! Nothing dated after today counts.

use chrono::{Duration, NaiveDate};
use warmline_core::interaction::{Direction, Kind};
use warmline_core::paths::PersonRef;
use warmline_core::person::{PersonId, Tier};
use warmline_core::plan::ItemKind;
use warmline_core::stats::{
    self, Activity, ActivityLog, DailyCounts, DueSoon, Joined, Period, RATE_WEEKS, Review,
    ReviewInput, Stats, Targets, reviewed_week,
};
use warmline_core::streak::RestDays;
use warmline_core::warmth;

use crate::candidates::json_ids;
use crate::sql::{date, opt_date, text};
use crate::{Result, Store};

impl Store {
    /// The figures `stats` and /insights show: the `weeks` weeks ending with the current
    /// one, and the rates over the last [`RATE_WEEKS`] weeks, named in the result.
    pub fn weekly_stats(&self, today: NaiveDate, weeks: u32) -> Result<Stats> {
        let settings = self.settings()?;
        let rest = RestDays::from_indices(&settings.rest_days);
        let period = Period::last_weeks(today, RATE_WEEKS);
        let from = Period::last_weeks(today, weeks).from.min(period.from);
        let counts = self.daily_counts(from, today)?;
        let detail = self.period_activity(period)?;
        Ok(stats::stats_from(
            &counts, &detail, today, weeks, period, rest,
        ))
    }

    /// The weekly review `review` and /insights show.
    pub fn weekly_review(&self, today: NaiveDate) -> Result<Review> {
        let input = self.review_input(today)?;
        let counts = self.daily_counts(reviewed_week(today), today)?;
        Ok(stats::review_from(&counts, &input))
    }

    /// Touches, new people and follow-ups done per day from `from` to `to`, and every
    /// active day up to `to`.
    pub fn daily_counts(&self, from: NaiveDate, to: NaiveDate) -> Result<DailyCounts> {
        let per_day = |sql: &str| -> Result<Vec<(NaiveDate, u32)>> {
            let mut stmt = self.conn().prepare_cached(sql)?;
            let rows = stmt.query_map([from, to], |r| Ok((date(r, 0)?, r.get(1)?)))?;
            Ok(rows.collect::<crate::db::Result<_>>()?)
        };
        let touches = self.touches_per_day(from, to)?;
        let new_people = per_day(
            "SELECT coalesce(met_on, created_on) AS day, count(*) FROM people
             WHERE coalesce(met_on, created_on) BETWEEN ?1 AND ?2 GROUP BY day",
        )?;
        let follow_ups_done = per_day(
            "SELECT done_on, count(*) FROM follow_ups INDEXED BY follow_ups_done_on
             WHERE status = 'done' AND done_on BETWEEN ?1 AND ?2 GROUP BY done_on",
        )?;
        let people_before = self
            .conn()
            .prepare_cached("SELECT count(*) FROM people WHERE coalesce(met_on, created_on) < ?1")?
            .query_row([from], |r| r.get(0))?;
        Ok(DailyCounts {
            from,
            to,
            touches,
            new_people,
            follow_ups_done,
            people_before,
            active_days: self.active_days(to)?,
        })
    }

    /// What the rates of `period` need in full: its interactions with their participants,
    /// and the people met in it.
    pub fn period_activity(&self, period: Period) -> Result<ActivityLog> {
        let mut log = ActivityLog::default();
        // One range of `interaction_people_on` (migration 022), where each interaction's
        // participants come together: no grouping, and no interaction row read.
        let mut stmt = self.conn().prepare_cached(
            "SELECT interaction_id, on_date, kind, direction, person_id FROM interaction_people
             WHERE on_date BETWEEN ?1 AND ?2 ORDER BY on_date, interaction_id",
        )?;
        let mut rows = stmt.query([period.from, period.to])?;
        let mut last_id = None;
        while let Some(r) = rows.next()? {
            let r = &r;
            let id: i64 = r.get(0)?;
            let person: PersonId = r.get(4)?;
            if last_id == Some(id)
                && let Some(a) = log.interactions.last_mut()
            {
                a.people.push(person);
                continue;
            }
            last_id = Some(id);
            let kind: String = r.get(2)?;
            let direction: String = r.get(3)?;
            log.interactions.push(Activity {
                on: date(r, 1)?,
                kind: Kind::parse(&kind).unwrap_or(Kind::Other),
                direction: Direction::parse(&direction).unwrap_or(Direction::Mutual),
                people: vec![person],
            });
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, created_on, met_on FROM people WHERE met_on BETWEEN ?1 AND ?2",
        )?;
        let rows = stmt.query_map([period.from, period.to], |r| {
            Ok(Joined {
                person_id: r.get(0)?,
                created_on: date(r, 1)?,
                met_on: opt_date(r, 2)?,
            })
        })?;
        log.people = rows.collect::<crate::db::Result<_>>()?;
        Ok(log)
    }

    /// Every interaction up to today, when each person joined, and when follow-ups were
    /// done: the whole log, which the aggregates above must agree with.
    pub fn activity_log(&self, today: NaiveDate) -> Result<ActivityLog> {
        let mut log = ActivityLog::default();
        let mut stmt = self.conn().prepare_cached(
            "SELECT i.on_date, i.kind, i.direction, group_concat(ip.person_id)
             FROM interactions i JOIN interaction_people ip ON ip.interaction_id = i.id
             WHERE i.on_date <= ?1 GROUP BY i.id, i.on_date, i.kind, i.direction
             ORDER BY i.on_date, i.id",
        )?;
        let mut rows = stmt.query([today])?;
        while let Some(r) = rows.next()? {
            let r = &r;
            let kind: String = r.get(1)?;
            let direction: String = r.get(2)?;
            let people: String = r.get(3)?;
            log.interactions.push(Activity {
                on: date(r, 0)?,
                kind: Kind::parse(&kind).unwrap_or(Kind::Other),
                direction: Direction::parse(&direction).unwrap_or(Direction::Mutual),
                people: people.split(',').filter_map(|p| p.parse().ok()).collect(),
            });
        }
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, created_on, met_on FROM people")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let r = &r;
            log.people.push(Joined {
                person_id: r.get(0)?,
                created_on: date(r, 1)?,
                met_on: opt_date(r, 2)?,
            });
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT done_on FROM follow_ups WHERE status = 'done' AND done_on <= ?1",
        )?;
        let rows = stmt.query_map([today], |r| date(r, 0))?;
        log.follow_ups_done = rows.collect::<crate::db::Result<_>>()?;
        Ok(log)
    }

    /// The weekly review's inputs beyond the counts: who went cold during the reviewed
    /// week, and what falls due in the week ahead.
    pub fn review_input(&self, today: NaiveDate) -> Result<ReviewInput> {
        let settings = self.settings()?;
        let start = reviewed_week(today);
        let end = (start + Duration::days(6)).min(today);
        let before = start - Duration::days(1);
        let ahead_until = today + Duration::days(6);
        // Everyone, in id order; a name is read only for someone listed (due now, or
        // gone cold below), which at 100,000 people is a third of them.
        let mut people: Vec<(PersonId, Option<u32>, Option<NaiveDate>)> = Vec::new();
        let mut due = Vec::new();
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, tier, cadence_days, created_on, last_contact, name FROM people ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let r = &r;
            let id: PersonId = r.get(0)?;
            let tier = text(r, 1)?.and_then(|t| Tier::parse(t).ok());
            let cadence = warmth::cadence_days(r.get(2)?, tier, &settings.tier_cadences);
            let last = opt_date(r, 4)?;
            // A meeting already on the calendar for later is not yet a contact.
            if let Some(next) = warmth::next_due(cadence, last.filter(|d| *d <= today), date(r, 3)?)
                && next <= ahead_until
            {
                due.push(DueSoon {
                    kind: ItemKind::KeepInTouch,
                    person: PersonRef {
                        id,
                        name: r.get(5)?,
                    },
                    due: next,
                    text: String::new(),
                });
            }
            people.push((id, cadence, last));
        }
        // Only someone who could be warm the day before the week can go cold in it; a
        // touch after that day leaves no bound, so that person is weighed in full.
        let could_go_cold = |cadence: Option<u32>, last: Option<NaiveDate>| {
            last.is_some_and(|last| {
                last > before || warmth::could_be_warm((before - last).num_days(), cadence)
            })
        };
        let weighed: Vec<(PersonId, Option<u32>)> = (people.iter())
            .filter(|p| could_go_cold(p.1, p.2))
            .map(|p| (p.0, p.1))
            .collect();
        let mut cold: Vec<PersonId> = self.went_cold(&weighed, before, end)?.into_iter().collect();
        cold.sort_unstable();
        // Their names in one read, not one each (a round trip each on PostgreSQL).
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, name FROM people WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id",
        )?;
        let rows = stmt.query_map([json_ids(&cold)?], |r| {
            Ok(PersonRef {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?;
        let went_cold: Vec<PersonRef> = rows.collect::<crate::db::Result<_>>()?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT f.person_id, p.name, f.due, f.text
             FROM follow_ups f JOIN people p ON p.id = f.person_id
             WHERE f.status IN ('open', 'snoozed') AND f.due <= ?1",
        )?;
        let rows = stmt.query_map([ahead_until], |r| {
            Ok(DueSoon {
                kind: ItemKind::FollowUp,
                person: PersonRef {
                    id: r.get(0)?,
                    name: r.get(1)?,
                },
                due: date(r, 2)?,
                text: r.get(3)?,
            })
        })?;
        for f in rows {
            due.push(f?);
        }
        Ok(ReviewInput {
            today,
            targets: Targets {
                daily_touches: settings.daily_touches,
                weekly_new_people: settings.weekly_new_people,
                weekly_follow_ups: settings.weekly_follow_ups,
            },
            rest: RestDays::from_indices(&settings.rest_days),
            went_cold,
            due,
        })
    }

    /// Touches per day, for the heatmap: interactions, as the weekly figures count them,
    /// from the kept count of each day (`migrations/024_touch_days.sql`).
    pub fn touches_per_day(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<(NaiveDate, u32)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT on_date, n FROM touch_days WHERE on_date BETWEEN ?1 AND ?2 AND n > 0
             ORDER BY on_date",
        )?;
        let rows = stmt.query_map([from, to], |r| Ok((date(r, 0)?, r.get(1)?)))?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }
}
