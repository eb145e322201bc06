//! The `give` and `reach_out` candidates of today's plan: someone you could help, and
//! someone to approach for an active goal.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate};
use rusqlite::params;
use warmline_core::goal::{Reach, Stage, person_fit};
use warmline_core::matching::{ME, MatchOptions};
use warmline_core::person::PersonId;
use warmline_core::plan::{GiveCandidate, Introduction, ReachOutCandidate};
use warmline_core::warmth::WarmthState;

use crate::candidates::KNOWN_WARMTH;
use crate::{Result, Store};

/// Someone you gave to within this many days is not proposed again yet: a stream of
/// favours to one person reads as pressure, and others deserve the attention.
pub const GIVE_REST_DAYS: i64 = 14;

/// Reach first, then fit (higher first), then name and id, so the choice is stable.
type RankKey = (Reach, std::cmp::Reverse<u8>, String, PersonId);

/// How many of the best matches are checked for people you actually know.
const MATCHES_CONSIDERED: usize = 50;

impl Store {
    /// Someone you could help today: the best proposed introduction between people you
    /// know (or the best one at all), else the open need of your warmest contact. People
    /// you gave to in the last [`GIVE_REST_DAYS`] days are left out.
    pub fn give_candidate(&self, today: NaiveDate) -> Result<Option<GiveCandidate>> {
        let rested = self.given_since(today - Duration::days(GIVE_REST_DAYS))?;
        let opts = MatchOptions {
            per_need: 1,
            ..MatchOptions::default()
        };
        let matches: Vec<_> = self
            .matches(&opts)?
            .into_iter()
            .filter(|m| m.need.person_id != ME && !rested.contains(&m.need.person_id))
            .take(MATCHES_CONSIDERED)
            .collect();
        let settings = self.settings()?;
        let mut ids: Vec<PersonId> = matches
            .iter()
            .flat_map(|m| [m.need.person_id, m.candidate.id])
            .filter(|id| *id != ME)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let warmth: HashMap<PersonId, u8> = self
            .warmth_of(&ids, &settings, today)?
            .into_iter()
            .collect();
        let known = |id: PersonId| id == ME || warmth.get(&id).is_some_and(|w| *w >= KNOWN_WARMTH);
        let best = matches
            .iter()
            .find(|m| known(m.need.person_id) && known(m.candidate.id))
            .or(matches.first());
        if let Some(m) = best {
            let introduce = (m.candidate.id != ME).then(|| Introduction {
                person_id: m.candidate.id,
                name: m.candidate.name.clone(),
                offer: m.matched.clone(),
            });
            return Ok(Some(GiveCandidate {
                person_id: m.need.person_id,
                name: m.need.person.clone(),
                need: m.need.text.clone(),
                introduce,
            }));
        }
        // No match: the open need of the warmest contact who is warm or hot.
        let needs: Vec<_> = self
            .open_needs()?
            .into_iter()
            .filter(|n| n.person_id != ME && !rested.contains(&n.person_id))
            .collect();
        let ids: Vec<PersonId> = needs.iter().map(|n| n.person_id).collect();
        let warmth: HashMap<PersonId, u8> = self
            .warmth_of(&ids, &settings, today)?
            .into_iter()
            .collect();
        let w = |id: PersonId| warmth.get(&id).copied().unwrap_or(0);
        let warmest = needs
            .iter()
            .filter(|n| WarmthState::from_score(w(n.person_id)) >= WarmthState::Warm)
            // The warmest person; among their needs (and ties), the oldest.
            .min_by_key(|n| std::cmp::Reverse(w(n.person_id)));
        Ok(warmest.map(|n| GiveCandidate {
            person_id: n.person_id,
            name: n.person.clone(),
            need: n.text.clone(),
            introduce: None,
        }))
    }

    fn given_since(&self, since: NaiveDate) -> Result<HashSet<PersonId>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT DISTINCT person_id FROM gives WHERE on_date >= ?1")?;
        let rows = stmt.query_map(params![since], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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
