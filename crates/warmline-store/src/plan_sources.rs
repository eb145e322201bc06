//! The `give` and `reach_out` candidates of today's plan: someone you could help, and
//! someone to approach for an active goal.

use std::collections::HashSet;

use crate::db::params;
use chrono::{Duration, NaiveDate};
use warmline_core::goal::{Reach, Stage, person_fit};
use warmline_core::matching::{ME, MatchOptions, Need, Profile, find_matches};
use warmline_core::person::PersonId;
use warmline_core::plan::{GiveCandidate, Introduction, ReachOutCandidate};

use crate::{Result, Store};

/// Someone you gave to within this many days is not proposed again yet: a stream of
/// favours to one person reads as pressure, and others deserve the attention.
pub const GIVE_REST_DAYS: i64 = 14;

/// Reach first, then fit (higher first), then name and id, so the choice is stable.
type RankKey = (Reach, std::cmp::Reverse<u8>, String, PersonId);

/// The needs of this many of the people you were in touch with last are weighed: the
/// plan is read every morning and must stay quick however large the book grows.
const NEEDS_WEIGHED: i64 = 200;
/// And this many offers, yours first, then those of the people you were in touch with last.
const OFFERS_WEIGHED: i64 = 2_000;

/// A contact you were in touch with this recently is someone you know well enough to
/// offer help to, or to ask to help someone else.
pub const KNOWN_DAYS: i64 = 180;

impl Store {
    /// Someone you could help today. The plan is read every morning and must be quick,
    /// so this asks the matchmaker a narrower question than `matches` does: among the open
    /// needs of the people you have been in touch with most recently (within [`KNOWN_DAYS`]
    /// days, a few hundred needs at most), which one does an offer of yours meet, or else
    /// a recent contact's offer meet best? Failing that,
    /// the open need of the contact you were in touch with most recently. People you gave
    /// to in the last [`GIVE_REST_DAYS`] days are left out.
    pub fn give_candidate(&self, today: NaiveDate) -> Result<Option<GiveCandidate>> {
        let rested = self.given_since(today - Duration::days(GIVE_REST_DAYS))?;
        let since = today - Duration::days(KNOWN_DAYS);
        // Most recently contacted first.
        let mut needs: Vec<Need> = Vec::new();
        {
            let mut stmt = self.conn().prepare_cached(
                // Latest contact first, down `needs_offers_open_seen` in its own order
                // (ties by person, then need), so the walk stops at the last need it
                // weighs instead of sorting a whole day's (migration 021).
                "SELECT n.person_id, p.name, n.text FROM needs_offers n
                 JOIN people p ON p.id = n.person_id
                 WHERE n.kind = 'need' AND n.status = 'open' AND n.person_id IS NOT NULL
                   AND n.seen_on >= ?1
                 ORDER BY n.seen_on DESC, n.person_id, n.id LIMIT ?2",
            )?;
            let mut rows = stmt.query(params![since, NEEDS_WEIGHED])?;
            while let Some(r) = rows.next()? {
                let r = &r;
                let need = Need {
                    person_id: r.get(0)?,
                    person: r.get(1)?,
                    text: r.get(2)?,
                };
                if !rested.contains(&need.person_id) {
                    needs.push(need);
                }
            }
        }
        if needs.is_empty() {
            return Ok(None);
        }
        // Offers of people you know, and yours: an offer is the clearest sign of help.
        let mut helpers: Vec<Profile> = vec![Profile {
            id: ME,
            name: "You".into(),
            ..Profile::default()
        }];
        {
            let mut stmt = self.conn().prepare_cached(
                // Yours first, then by latest contact as for needs.
                "SELECT 0, NULL, NULL, NULL, text FROM needs_offers
                 WHERE person_id IS NULL AND kind = 'offer' AND status = 'open'
                 UNION ALL
                 SELECT * FROM (
                   SELECT p.id, p.name, p.title, o.name, n.text FROM needs_offers n
                   JOIN people p ON p.id = n.person_id
                   LEFT JOIN organisations o ON o.id = p.org_id
                   WHERE n.kind = 'offer' AND n.status = 'open' AND n.person_id IS NOT NULL
                     AND n.seen_on >= ?1
                   ORDER BY n.seen_on DESC, n.person_id, n.id LIMIT ?2)",
            )?;
            let mut rows = stmt.query(params![since, OFFERS_WEIGHED])?;
            while let Some(r) = rows.next()? {
                let r = &r;
                let id: PersonId = r.get(0)?;
                let offer: String = r.get(4)?;
                match helpers.last_mut() {
                    Some(last) if last.id == id => last.offers.push(offer),
                    _ => helpers.push(Profile {
                        id,
                        name: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                        offers: vec![offer],
                        title: r.get(2)?,
                        org: r.get(3)?,
                        facts: Vec::new(),
                    }),
                }
            }
        }
        let opts = MatchOptions {
            per_need: 3,
            ..MatchOptions::default()
        };
        // An offer of your own goes first: helping yourself spends no one else's favour.
        let found = find_matches(&helpers, &needs, &opts);
        let best =
            (found.iter().position(|m| m.candidate.id == ME)).or((!found.is_empty()).then_some(0));
        if let Some(m) = best.and_then(|i| found.into_iter().nth(i)) {
            let mine = m.candidate.id == ME;
            let introduce = (!mine).then(|| Introduction {
                person_id: m.candidate.id,
                name: m.candidate.name.clone(),
                offer: m.matched.clone(),
            });
            return Ok(Some(GiveCandidate {
                person_id: m.need.person_id,
                name: m.need.person,
                need: m.need.text,
                introduce,
                yours: mine.then_some(m.matched),
            }));
        }
        // No offer meets a need: the need of the person you were in touch with last.
        Ok(needs.into_iter().next().map(|n| GiveCandidate {
            person_id: n.person_id,
            name: n.person,
            need: n.text,
            introduce: None,
            yours: None,
        }))
    }

    fn given_since(&self, since: NaiveDate) -> Result<HashSet<PersonId>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT DISTINCT person_id FROM gives WHERE on_date >= ?1")?;
        let rows = stmt.query_map(params![since], |r| r.get(0))?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// Someone to approach for an active goal: among the people still at "identified",
    /// the ones you know first, then those someone you know can introduce, then the rest;
    /// within each, the best fit. The reason says why they fit and how to reach them.
    pub fn reach_out_candidate(&self, today: NaiveDate) -> Result<Option<ReachOutCandidate>> {
        let mut best: Option<(RankKey, ReachOutCandidate)> = None;
        for goal in self.active_goals()? {
            let waiting: Vec<_> = self
                .pipeline(goal.id)?
                .into_iter()
                .filter(|p| p.stage == Stage::Identified)
                .collect();
            let ids: Vec<PersonId> = waiting.iter().map(|p| p.id).collect();
            let reach = self.reachability(&ids, today)?;
            let subjects = self.subject_rows(Some(&ids))?;
            for s in subjects {
                let fit = person_fit(&goal.profile, &s.subject());
                let Some(r) = reach.get(&s.id) else { continue };
                let mut why: Vec<String> = Vec::new();
                match (&s.title, &s.org) {
                    (Some(t), Some(o)) => why.push(format!("{t} at {o}")),
                    (Some(t), None) => why.push(t.clone()),
                    (None, Some(o)) => why.push(format!("works at {o}")),
                    (None, None) => why.extend(fit.reasons.first().cloned()),
                }
                why.push(match (&r.reach, &r.via) {
                    (Reach::Known, _) => "you know them".to_string(),
                    (Reach::WarmPath, Some(v)) => format!("{} can introduce you", v.name),
                    _ => "a cold note: keep it short and specific".to_string(),
                });
                let key = (r.reach, std::cmp::Reverse(fit.score), s.name.clone(), s.id);
                if best.as_ref().is_none_or(|(k, _)| key < *k) {
                    let candidate = ReachOutCandidate {
                        person_id: s.id,
                        name: s.name.clone(),
                        goal_title: goal.title.clone(),
                        reason: why.join("; "),
                    };
                    best = Some((key, candidate));
                }
            }
        }
        Ok(best.map(|(_, c)| c))
    }
}
