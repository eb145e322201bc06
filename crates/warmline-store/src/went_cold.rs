//! Who went cold in the reviewed week, without reading everyone's whole history.
//!
//! Warmth is a fold over a tie's weeks of touches (`warmline_core::warmth::HeatState`).
//! `people_heat` (`migrations/011_people_heat.sql`) keeps each person's fold at the end
//! of a week; the review adds only the weeks after it, from the interactions since read
//! down the date index. Triggers drop a person's row whenever their touches change,
//! and a row made for another cadence is not used, so what is read is what a fold over
//! every touch gives, to the bit. People without a usable row have their touches read
//! through the person index (everyone's at once past [`READ_ALL_AT`]), and their rows are
//! written back for the next review.

use std::collections::{HashMap, HashSet};

use crate::db::params;
use chrono::NaiveDate;
use warmline_core::interaction::{Direction, Kind, Touch};
use warmline_core::person::PersonId;
use warmline_core::warmth::{self, HeatState, WarmthState};

use crate::sql::{date, opt_date};
use crate::{Result, Store};

/// Past this many people to weigh from scratch, one pass over every interaction is
/// quicker than reading each person's touches down the person index.
const READ_ALL_AT: usize = 20_000;

/// A stored fold: the state after every touch up to `upto`, for a half-life.
struct Kept {
    half_life: u32,
    upto: NaiveDate,
    state: HeatState,
}

impl Store {
    /// Of `people` (each with their cadence, in id order), those warm or hot at the end of
    /// `before` (the last day of a week) and cooling or cold at the end of `end`, counting
    /// touches up to `end`.
    pub(crate) fn went_cold(
        &self,
        people: &[(PersonId, Option<u32>)],
        before: NaiveDate,
        end: NaiveDate,
    ) -> Result<HashSet<PersonId>> {
        // Both in id order: the kept rows are walked beside the people, not hashed.
        let mut kept = self.kept_heat()?.into_iter().peekable();
        let mut from_kept = Vec::new();
        let mut from_scratch = Vec::new();
        for &(id, cadence) in people {
            let half_life = warmth::half_life_days(cadence);
            while kept.next_if(|(k, _)| *k < id).is_some() {}
            match kept.next_if(|(k, _)| *k == id) {
                Some((_, k)) if k.half_life == half_life && k.upto <= before => {
                    from_kept.push((id, half_life, Some(k)))
                }
                _ => from_scratch.push((id, half_life, None)),
            }
        }
        // The weeks after the oldest row.
        let since = from_kept
            .iter()
            .filter_map(|(_, _, k)| k.as_ref().map(|k| k.upto))
            .min()
            .unwrap_or(before);
        let mut touches = self.touches_between(since, end)?;
        let mut whole = if from_scratch.len() > READ_ALL_AT {
            self.touches_up_to(end)?
        } else {
            let mut out = HashMap::new();
            for (id, _, _) in &from_scratch {
                out.insert(*id, self.touches_of(*id, end)?);
            }
            out
        };
        let mut cold = HashSet::new();
        let mut to_keep = Vec::new();
        for (id, half_life, k) in from_kept.into_iter().chain(from_scratch) {
            let (t, at_before) = match k {
                Some(k) => {
                    let t = touches.remove(&id).unwrap_or_default();
                    let state = if k.upto < before {
                        let s = k.state.fold(&t, half_life, Some(k.upto), before);
                        to_keep.push((id, half_life, s));
                        s
                    } else {
                        k.state
                    };
                    (t, state)
                }
                None => {
                    let t = whole.remove(&id).unwrap_or_default();
                    let state = HeatState::default().fold(&t, half_life, None, before);
                    to_keep.push((id, half_life, state));
                    (t, state)
                }
            };
            let at_end = at_before.fold(&t, half_life, Some(before), end);
            let was = warmth::warmth_of_heat(at_before.heat_on(half_life, before)).state;
            let now = warmth::warmth_of_heat(at_end.heat_on(half_life, end)).state;
            if was >= WarmthState::Warm && now <= WarmthState::Cooling {
                cold.insert(id);
            }
        }
        // Keeping the folds is bookkeeping: a read-only or busy file is read in full again
        // next time instead, and the review does not wait for another writer to finish.
        if !to_keep.is_empty() && !self.is_readonly()? {
            if let Some(conn) = self.conn().sqlite() {
                conn.busy_timeout(std::time::Duration::ZERO)?;
            }
            let _ = self.keep_heat(&to_keep, before);
            if let Some(conn) = self.conn().sqlite() {
                conn.busy_timeout(crate::BUSY_WAIT)?;
            }
        }
        Ok(cold)
    }

    /// Every kept fold, in id order.
    fn kept_heat(&self) -> Result<Vec<(PersonId, Kept)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT person_id, half_life, upto, heat, at, last_out FROM people_heat
             ORDER BY person_id",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let r = &r;
            out.push((
                r.get(0)?,
                Kept {
                    half_life: r.get(1)?,
                    upto: date(r, 2)?,
                    state: HeatState {
                        heat: r.get(3)?,
                        at: opt_date(r, 4)?,
                        last_outbound: opt_date(r, 5)?,
                    },
                },
            ));
        }
        Ok(out)
    }

    fn keep_heat(&self, rows: &[(PersonId, u32, HeatState)], upto: NaiveDate) -> Result<()> {
        self.atomic(|s| {
            for (id, half_life, state) in rows {
                s.exec(
                    "INSERT INTO people_heat (person_id, half_life, upto, heat, at, last_out)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT(person_id) DO UPDATE SET half_life = excluded.half_life,
                        upto = excluded.upto, heat = excluded.heat, at = excluded.at,
                        last_out = excluded.last_out",
                    params![
                        id,
                        half_life,
                        upto,
                        state.heat,
                        state.at,
                        state.last_outbound
                    ],
                )?;
            }
            Ok(())
        })
    }

    /// Everyone's touches after `after` up to `last`: a range of the participants' date
    /// index (migration 022).
    fn touches_between(
        &self,
        after: NaiveDate,
        last: NaiveDate,
    ) -> Result<HashMap<PersonId, Vec<Touch>>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT person_id, on_date, kind, direction FROM interaction_people
             WHERE on_date > ?1 AND on_date <= ?2",
        )?;
        collect_touches(stmt.query(params![after, last])?)
    }

    /// Everyone's touches up to `last`.
    fn touches_up_to(&self, last: NaiveDate) -> Result<HashMap<PersonId, Vec<Touch>>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT person_id, on_date, kind, direction FROM interaction_people WHERE on_date <= ?1",
        )?;
        collect_touches(stmt.query([last])?)
    }

    /// One person's touches up to `last`, down the person index.
    fn touches_of(&self, person: PersonId, last: NaiveDate) -> Result<Vec<Touch>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT ip.person_id, i.on_date, i.kind, i.direction FROM interaction_people ip
             JOIN interactions i ON i.id = ip.interaction_id
             WHERE ip.person_id = ?1 AND i.on_date <= ?2",
        )?;
        Ok(collect_touches(stmt.query(params![person, last])?)?
            .remove(&person)
            .unwrap_or_default())
    }
}

fn collect_touches(mut rows: crate::db::Rows<'_>) -> Result<HashMap<PersonId, Vec<Touch>>> {
    let mut out: HashMap<PersonId, Vec<Touch>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let r = &r;
        let kind: String = r.get(2)?;
        let direction: String = r.get(3)?;
        out.entry(r.get(0)?).or_default().push(Touch {
            on: date(r, 1)?,
            kind: Kind::parse(&kind).unwrap_or(Kind::Other),
            direction: Direction::parse(&direction).unwrap_or(Direction::Mutual),
        });
    }
    Ok(out)
}
