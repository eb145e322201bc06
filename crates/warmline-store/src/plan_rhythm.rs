//! The keep-in-touch dues of today's plan: a shortlist of the most overdue, and how many
//! are due in all, read down the `people_rhythm` index (`migrations/008_rhythm.sql`)
//! rather than over everyone.
//!
//! Everyone with a rhythm falls into a group of one tier and one explicit cadence (or
//! none, the tier's). Within a group the cadence and closeness are the same, so the most
//! overdue are those in touch longest ago (or, never contacted, added longest ago): the
//! index hands over the first [`KEEP_IN_TOUCH_SHORTLIST`] of each group, and counts the
//! group's dues as one range. A handful of groups, a few hundred rows, instead of every
//! person on every morning.

use crate::db::params;
use chrono::{Duration, NaiveDate};
use warmline_core::interaction::{Interaction, Touch};
use warmline_core::person::{PersonId, Tier};
use warmline_core::plan::{KeepInTouch, logged};
use warmline_core::settings::Settings;
use warmline_core::warmth;

use crate::sql::{date, opt_date};
use crate::{Result, Store};

/// How many of the most overdue keep-in-touch dues are weighed in full (with warmth). The
/// plan shows a handful; ranking a few dozen exactly keeps the command fast however long
/// the backlog, and the rest are still counted in `more`.
const KEEP_IN_TOUCH_SHORTLIST: usize = 40;

/// The tiers a group can have; `None` holds those with only an explicit cadence.
const TIERS: [Option<Tier>; 5] = [
    Some(Tier::Inner),
    Some(Tier::Close),
    Some(Tier::Regular),
    Some(Tier::Loose),
    None,
];

/// The dues of one group, the most overdue first: contacted ones due (in touch on or
/// before `?3`), then never-contacted ones added by today (`?4`), then those whose only
/// contact is a meeting still ahead (counted as never contacted).
const GROUP_DUES: [&str; 3] = [
    "SELECT id, name, last_contact, created_on FROM people
     WHERE tier IS ?1 AND cadence_days IS ?2 AND last_contact <= ?3
     ORDER BY last_contact, created_on, id LIMIT ?5",
    "SELECT id, name, last_contact, created_on FROM people
     WHERE tier IS ?1 AND cadence_days IS ?2 AND last_contact IS NULL AND created_on <= ?4
     ORDER BY created_on, id LIMIT ?5",
    "SELECT id, name, last_contact, created_on FROM people
     WHERE tier IS ?1 AND cadence_days IS ?2 AND last_contact > ?4 AND created_on <= ?4
     ORDER BY created_on, id LIMIT ?5",
];

const GROUP_COUNTS: &str = "SELECT
      (SELECT count(*) FROM people WHERE tier IS ?1 AND cadence_days IS ?2 AND last_contact <= ?3)
    + (SELECT count(*) FROM people WHERE tier IS ?1 AND cadence_days IS ?2
         AND last_contact IS NULL AND created_on <= ?4)
    + (SELECT count(*) FROM people WHERE tier IS ?1 AND cadence_days IS ?2
         AND last_contact > ?4 AND created_on <= ?4)";

impl Store {
    /// Keep-in-touch dues: the shortlist weighed in full, and how many are due in all.
    pub(crate) fn keep_in_touch_due(
        &self,
        today: NaiveDate,
        settings: &Settings,
    ) -> Result<(Vec<KeepInTouch>, usize)> {
        let mut due: Vec<(i64, KeepInTouch)> = Vec::new();
        let mut total = 0usize;
        for (tier, explicit) in self.rhythm_groups()? {
            let Some(cadence) = warmth::cadence_days(explicit, tier, &settings.tier_cadences)
            else {
                continue;
            };
            let tier_text = tier.map(Tier::as_str);
            let contacted_by = today - Duration::days(i64::from(cadence));
            let limit = KEEP_IN_TOUCH_SHORTLIST as i64;
            let args = params![tier_text, explicit, contacted_by, today, limit];
            let count: i64 = self
                .conn()
                .prepare_cached(GROUP_COUNTS)?
                .query_row(&args[..4], |r| r.get(0))?;
            total += usize::try_from(count).unwrap_or(0);
            for sql in GROUP_DUES {
                let mut stmt = self.conn().prepare_cached(sql)?;
                let mut rows = stmt.query(args)?;
                while let Some(r) = rows.next()? {
                    let r = &r;
                    // A meeting already on the calendar for later is not yet a contact.
                    let last = opt_date(r, 2)?.filter(|d| *d <= today);
                    let Some(next_due) = warmth::next_due(Some(cadence), last, date(r, 3)?) else {
                        continue;
                    };
                    due.push((
                        urgency(today, next_due, tier),
                        KeepInTouch {
                            person_id: r.get(0)?,
                            name: r.get(1)?,
                            last_contact: last,
                            cadence_days: cadence,
                            next_due,
                            warmth_score: 0,
                            tier,
                            last_summary: None,
                            facts: Vec::new(),
                        },
                    ));
                }
            }
        }
        due.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.person_id.cmp(&b.1.person_id)));
        due.truncate(KEEP_IN_TOUCH_SHORTLIST);
        // The shortlist's interactions and facts in two reads, not three per person.
        let ids: Vec<PersonId> = due.iter().map(|(_, k)| k.person_id).collect();
        let mut interactions = self.interactions_of_people(&ids)?;
        let mut facts = self.facts_of_people(&ids)?;
        // Those ahead count for warmth; the last conversation is the latest up to the day
        // last contacts are settled to, as `interactions_told` reads it.
        let as_of = self.contacts_as_of()?;
        let mut out = Vec::with_capacity(due.len());
        let mut latest = Vec::new();
        for (_, mut k) in due {
            let all = interactions.remove(&k.person_id).unwrap_or_default();
            let touches: Vec<Touch> = all.iter().rev().map(Interaction::touch).collect();
            k.warmth_score = warmth::warmth(&touches, Some(k.cadence_days), today).score;
            if let Some(last) = all.into_iter().find(|i| as_of.is_none_or(|d| i.on <= d)) {
                latest.push((out.len(), last));
            }
            k.facts = facts.remove(&k.person_id).unwrap_or_default();
            out.push(k);
        }
        let (at, last): (Vec<usize>, Vec<_>) = latest.into_iter().unzip();
        for (at, i) in at.into_iter().zip(self.as_told(last)?) {
            // The last conversation, not a touch the plan asked for.
            out[at].last_summary = Some(i)
                .filter(|i| i.source != logged::PLAN_SOURCE)
                .map(|i| i.summary);
        }
        Ok((out, total))
    }

    /// Every (tier, explicit cadence) pair someone with a rhythm has, each found by one
    /// seek down the index.
    fn rhythm_groups(&self) -> Result<Vec<(Option<Tier>, Option<u32>)>> {
        let mut groups = Vec::new();
        let mut any = self.conn().prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM people WHERE tier IS ?1 AND cadence_days IS NULL)",
        )?;
        let mut next = self.conn().prepare_cached(
            "SELECT min(cadence_days) FROM people WHERE tier IS ?1 AND cadence_days > ?2",
        )?;
        for tier in TIERS {
            let text = tier.map(Tier::as_str);
            if tier.is_some() && any.query_row([text], |r| r.get::<_, bool>(0))? {
                groups.push((tier, None));
            }
            let mut after = 0i64;
            while let Some(c) =
                next.query_row(params![text, after], |r| r.get::<_, Option<i64>>(0))?
            {
                groups.push((tier, u32::try_from(c).ok()));
                after = c;
            }
        }
        Ok(groups)
    }
}

/// The plan's own ranking, with warmth left at its middle: good enough to pick the
/// shortlist, which is then ranked exactly.
fn urgency(today: NaiveDate, next_due: NaiveDate, tier: Option<Tier>) -> i64 {
    warmline_core::plan::keep_rank((today - next_due).num_days(), tier, 50)
}
