//! What statistics, the weekly review and the heatmap are computed from.

use chrono::{Duration, NaiveDate};
use warmline_core::interaction::{Direction, Kind};
use warmline_core::paths::PersonRef;
use warmline_core::plan::ItemKind;
use warmline_core::stats::{
    Activity, ActivityLog, DueSoon, Joined, ReviewInput, Targets, reviewed_week,
};
use warmline_core::streak::RestDays;
use warmline_core::warmth::{self, WarmthState};

use crate::sql::{date, opt_date};
use crate::{Result, Store};

impl Store {
    /// Every interaction up to today, when each person joined, and when follow-ups were done.
    pub fn activity_log(&self, today: NaiveDate) -> Result<ActivityLog> {
        let mut log = ActivityLog::default();
        let mut stmt = self.conn().prepare_cached(
            "SELECT i.on_date, i.kind, i.direction, group_concat(ip.person_id)
             FROM interactions i JOIN interaction_people ip ON ip.interaction_id = i.id
             WHERE i.on_date <= ?1 GROUP BY i.id ORDER BY i.on_date, i.id",
        )?;
        let mut rows = stmt.query([today])?;
        while let Some(r) = rows.next()? {
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
        log.follow_ups_done = rows.collect::<rusqlite::Result<_>>()?;
        Ok(log)
    }

    /// The weekly review's inputs beyond the activity log: who went cold during the
    /// reviewed week, and what falls due in the week ahead.
    pub fn review_input(&self, today: NaiveDate) -> Result<ReviewInput> {
        let settings = self.settings()?;
        let start = reviewed_week(today);
        let end = start + Duration::days(6);
        let mut touches = self.all_touches()?;
        let mut went_cold = Vec::new();
        let mut due = Vec::new();
        for p in self.list_people(&crate::ListFilter::default(), today)? {
            let t = touches.remove(&p.id).unwrap_or_default();
            let cadence = p.cadence_days;
            let before = warmth::warmth(&t, cadence, start - Duration::days(1)).state;
            let after = warmth::warmth(&t, cadence, end).state;
            if before >= WarmthState::Warm && after <= WarmthState::Cooling {
                went_cold.push(PersonRef {
                    id: p.id,
                    name: p.name.clone(),
                });
            }
            if let Some(next) = p.next_due {
                due.push(DueSoon {
                    kind: ItemKind::KeepInTouch,
                    person: PersonRef {
                        id: p.id,
                        name: p.name.clone(),
                    },
                    due: next,
                    text: String::new(),
                });
            }
        }
        for f in self.pending_follow_ups()? {
            let name = self.person(f.person_id)?.name;
            due.push(DueSoon {
                kind: ItemKind::FollowUp,
                person: PersonRef {
                    id: f.person_id,
                    name,
                },
                due: f.due,
                text: f.text,
            });
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

    /// Touches per day, for the heatmap.
    pub fn touches_per_day(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<(NaiveDate, u32)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT i.on_date, count(*) FROM interactions i
             JOIN interaction_people ip ON ip.interaction_id = i.id
             WHERE i.on_date BETWEEN ?1 AND ?2 GROUP BY i.on_date",
        )?;
        let rows = stmt.query_map([from, to], |r| Ok((date(r, 0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
