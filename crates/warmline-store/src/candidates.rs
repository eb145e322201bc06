//! Who to approach for a goal: people and organisations that fit its target profile,
//! how reachable each person is, and the next best actions in the goal's pipeline.
//!
//! Reachability here is the two-hop view that ranking needs for hundreds of people at
//! once: someone is *known* when my warmth with them is at least [`KNOWN_WARMTH`], and has
//! a *warm path* when someone known is linked to them or works where they work now. The
//! best such person is the one to ask for an introduction. `path` runs the full search.

use std::collections::{HashMap, HashSet};

use crate::db::params;
use chrono::NaiveDate;
use serde::Serialize;
use warmline_core::goal::{
    Candidate, CandidateInput, GoalId, NextAction, PipelineEntry, Reach, Stage, Subject,
    TargetProfile, next_actions, org_fit, person_fit, rank_candidates,
};
use warmline_core::org::{OrgId, Organisation};
use warmline_core::paths::{COWORKER_STRENGTH, PersonRef, link_strength, warmth_strength};
use warmline_core::person::PersonId;

use crate::{Result, Store, StoreError};

/// Warmth from which a person counts as known: "cooling" or warmer.
pub const KNOWN_WARMTH: u8 = 15;

/// At each organisation, the colleagues you were in touch with most recently whose warmth
/// is weighed when looking for someone there who could introduce you.
const COLLEAGUES_WEIGHED: i64 = 20;

/// A person who fits a goal, and where they already stand in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalCandidate {
    #[serde(flatten)]
    pub candidate: Candidate,
    /// Who could introduce you, when the reach is a warm path.
    pub via: Option<PersonRef>,
    /// Their stage, when they are in the goal's pipeline already.
    pub stage: Option<Stage>,
}

/// An organisation that fits a goal where you know no one yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrgCandidate {
    pub id: OrgId,
    pub name: String,
    pub industry: Option<String>,
    pub size: Option<String>,
    pub location: Option<String>,
    pub fit: u8,
    pub reasons: Vec<String>,
}

/// `goal candidates`: people first, then organisations to find people at.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GoalCandidates {
    /// The best `limit` of them.
    pub people: Vec<GoalCandidate>,
    pub organisations: Vec<OrgCandidate>,
    /// How many fit in all.
    pub people_total: usize,
    pub organisations_total: usize,
}

/// A combination of organisation, title and location as recorded that fits a goal: (fit,
/// organisation, title, location, how many people have it).
type FittingSubject = (u8, Option<OrgId>, Option<String>, Option<String>, usize);

/// How reachable one person is, and through whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reachability {
    pub reach: Reach,
    pub warmth: u8,
    pub via: Option<PersonRef>,
}

/// What fit scoring reads of a person.
pub(crate) struct SubjectRow {
    pub id: PersonId,
    pub name: String,
    pub org: Option<String>,
    pub industry: Option<String>,
    pub size: Option<String>,
    pub title: Option<String>,
    pub location: Option<String>,
}

impl SubjectRow {
    pub(crate) fn subject(&self) -> Subject<'_> {
        Subject {
            org: self.org.as_deref(),
            industry: self.industry.as_deref(),
            size: self.size.as_deref(),
            title: self.title.as_deref(),
            location: self.location.as_deref(),
        }
    }
}

impl Store {
    pub(crate) fn subject_rows(&self, only: Option<&[PersonId]>) -> Result<Vec<SubjectRow>> {
        // Two statements, not `?1 IS NULL OR p.id IN (...)`: that OR hides the id index
        // from the planner, and a few hundred people cost a walk through everyone.
        const COLUMNS: &str = "SELECT p.id, p.name, o.name, o.industry, o.size, p.title,
                    coalesce(p.location, o.location)
             FROM people p LEFT JOIN organisations o ON o.id = p.org_id";
        let read = |r: &crate::db::Row<'_>| {
            Ok(SubjectRow {
                id: r.get(0)?,
                name: r.get(1)?,
                org: r.get(2)?,
                industry: r.get(3)?,
                size: r.get(4)?,
                title: r.get(5)?,
                location: r.get(6)?,
            })
        };
        let Some(ids) = only else {
            let mut stmt = self
                .conn()
                .prepare_cached(&format!("{COLUMNS} ORDER BY p.id"))?;
            let rows = stmt.query_map([], read)?;
            return Ok(rows.collect::<crate::db::Result<_>>()?);
        };
        let mut stmt = self.conn().prepare_cached(&format!(
            "{COLUMNS} WHERE p.id IN (SELECT value FROM json_each(?1)) ORDER BY p.id"
        ))?;
        let rows = stmt.query_map([json_ids(ids)?], read)?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// The best `limit` people who fit a goal at `min_fit` or better, ranked by fit, then
    /// reachability; and as many fitting organisations where you know no one yet.
    pub fn goal_candidates(
        &self,
        goal: GoalId,
        min_fit: u8,
        limit: usize,
        today: NaiveDate,
    ) -> Result<GoalCandidates> {
        let g = self.goal(goal)?;
        if g.profile.is_empty() {
            return Ok(GoalCandidates::default());
        }
        let min_fit = min_fit.max(1);
        let (people_total, ids) = self.fitting_people(&g.profile, min_fit, limit)?;
        let fitting = self.subject_rows(Some(&ids))?;
        let ids: Vec<PersonId> = fitting.iter().map(|r| r.id).collect();
        let reach = self.reachability(&ids, today)?;
        let inputs: Vec<CandidateInput> = fitting
            .iter()
            .map(|r| CandidateInput {
                id: r.id,
                name: &r.name,
                subject: r.subject(),
                reach: reach.get(&r.id).map_or(Reach::Cold, |x| x.reach),
            })
            .collect();
        let stages: HashMap<PersonId, Stage> = self
            .pipeline(goal)?
            .into_iter()
            .map(|p| (p.id, p.stage))
            .collect();
        let people = rank_candidates(&g.profile, &inputs, min_fit)
            .into_iter()
            .take(limit)
            .map(|c| GoalCandidate {
                via: reach.get(&c.id).and_then(|x| x.via.clone()),
                stage: stages.get(&c.id).copied(),
                candidate: c,
            })
            .collect();
        let mut organisations: Vec<OrgCandidate> = self
            .orgs()?
            .into_iter()
            .filter(|(_, people)| *people == 0)
            .filter_map(|(o, _)| {
                let fit = org_fit(&g.profile, &o);
                (fit.score >= min_fit).then_some(OrgCandidate {
                    id: o.id,
                    name: o.name,
                    industry: o.industry,
                    size: o.size,
                    location: o.location,
                    fit: fit.score,
                    reasons: fit.reasons,
                })
            })
            .collect();
        organisations.sort_by(|a, b| b.fit.cmp(&a.fit).then_with(|| a.name.cmp(&b.name)));
        let organisations_total = organisations.len();
        organisations.truncate(limit);
        Ok(GoalCandidates {
            people,
            organisations,
            people_total,
            organisations_total,
        })
    }

    /// How many people fit `profile` at `min_fit` or better, and the ids of those a
    /// ranking of the best `limit` must weigh: everyone of the fit of the last one shown
    /// or better, since reachability orders people of one fit.
    ///
    /// Fit depends only on a person's organisation, title and place, so it is scored once
    /// per distinct combination, counted through the `people_subject` index
    /// (`migrations/009_people_subject.sql`), and only the people of the combinations
    /// that make the cut are read, by the same index.
    fn fitting_people(
        &self,
        profile: &TargetProfile,
        min_fit: u8,
        limit: usize,
    ) -> Result<(usize, Vec<PersonId>)> {
        let orgs: HashMap<OrgId, Organisation> =
            self.orgs()?.into_iter().map(|(o, _)| (o.id, o)).collect();
        let mut subjects: Vec<FittingSubject> = Vec::new();
        {
            let mut stmt = self.conn().prepare_cached(
                "SELECT org_id, title, location, count(*) FROM people INDEXED BY people_subject
                 GROUP BY org_id, title, location",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let r = &r;
                let org_id: Option<OrgId> = r.get(0)?;
                let title: Option<String> = r.get(1)?;
                let location: Option<String> = r.get(2)?;
                let org = org_id.and_then(|id| orgs.get(&id));
                let subject = Subject {
                    org: org.map(|o| o.name.as_str()),
                    industry: org.and_then(|o| o.industry.as_deref()),
                    size: org.and_then(|o| o.size.as_deref()),
                    title: title.as_deref(),
                    location: location
                        .as_deref()
                        .or_else(|| org.and_then(|o| o.location.as_deref())),
                };
                let fit = person_fit(profile, &subject).score;
                if fit >= min_fit {
                    subjects.push((fit, org_id, title, location, r.get::<_, i64>(3)? as usize));
                }
            }
        }
        let total = subjects.iter().map(|s| s.4).sum();
        // The fit of the limit-th person, best first; everyone fitting when fewer do.
        subjects.sort_by_key(|s| std::cmp::Reverse(s.0));
        let mut seen = 0;
        let mut cutoff = min_fit;
        for s in &subjects {
            seen += s.4;
            if seen >= limit.max(1) {
                cutoff = s.0;
                break;
            }
        }
        let mut ids: Vec<PersonId> = Vec::new();
        let mut stmt = self.conn().prepare_cached(
            "SELECT id FROM people INDEXED BY people_subject
             WHERE org_id IS ?1 AND title IS ?2 AND location IS ?3",
        )?;
        for (_, org_id, title, location, _) in subjects.iter().filter(|s| s.0 >= cutoff) {
            let rows = stmt.query_map(params![org_id, title, location], |r| r.get(0))?;
            for id in rows {
                ids.push(id?);
            }
        }
        ids.sort_unstable();
        Ok((total, ids))
    }

    /// The next best actions in a goal's pipeline, most valuable first.
    pub fn goal_next_actions(
        &self,
        goal: GoalId,
        today: NaiveDate,
        limit: usize,
    ) -> Result<Vec<NextAction>> {
        let g = self.goal(goal)?;
        let pipeline = self.pipeline(goal)?;
        let ids: Vec<PersonId> = pipeline.iter().map(|p| p.id).collect();
        let identified: Vec<PersonId> = pipeline
            .iter()
            .filter(|p| p.stage == Stage::Identified)
            .map(|p| p.id)
            .collect();
        let reach = self.reachability(&identified, today)?;
        let last = self.last_contacts(today)?;
        let fits: HashMap<PersonId, u8> = self
            .subject_rows(Some(&ids))?
            .iter()
            .map(|r| (r.id, person_fit(&g.profile, &r.subject()).score))
            .collect();
        let entries: Vec<PipelineEntry> = pipeline
            .into_iter()
            .map(|p| PipelineEntry {
                introducer: reach.get(&p.id).and_then(|r| r.via.clone()),
                last_contact: last.get(&p.id).copied(),
                fit: fits.get(&p.id).copied().unwrap_or(0),
                stage: p.stage,
                person: PersonRef {
                    id: p.id,
                    name: p.name,
                },
            })
            .collect();
        Ok(next_actions(&entries, today, limit))
    }

    /// Known, reachable through someone known, or cold, for each of `ids`; with the best
    /// person to ask for an introduction (warmest tie times the strength of their link).
    pub fn reachability(
        &self,
        ids: &[PersonId],
        today: NaiveDate,
    ) -> Result<HashMap<PersonId, Reachability>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let settings = self.settings()?;
        let json = json_ids(ids)?;
        // (candidate, neighbour, tie strength 0–1)
        let mut ties: Vec<(PersonId, PersonId, f64)> = Vec::new();
        {
            let mut stmt = self.conn().prepare_cached(
                "SELECT a, b, strength FROM links WHERE a IN (SELECT value FROM json_each(?1))
                 UNION ALL
                 SELECT b, a, strength FROM links WHERE b IN (SELECT value FROM json_each(?1))",
            )?;
            let mut rows = stmt.query([&json])?;
            while let Some(r) = rows.next()? {
                let r = &r;
                ties.push((r.get(0)?, r.get(1)?, link_strength(r.get(2)?)));
            }
        }
        // Colleagues where they work now, read per organisation rather than per pair: at a
        // large organisation every candidate has hundreds of them. Only the few colleagues
        // in touch with you most recently can be the warmest, so only they are weighed.
        let mut colleagues: Vec<(OrgId, PersonId)> = Vec::new();
        let mut org_of: HashMap<PersonId, OrgId> = HashMap::new();
        {
            let mut stmt = self.conn().prepare_cached(
                "SELECT id, org_id FROM people WHERE org_id IS NOT NULL
                   AND id IN (SELECT value FROM json_each(?1))",
            )?;
            let mut rows = stmt.query([&json])?;
            while let Some(r) = rows.next()? {
                let r = &r;
                org_of.insert(r.get(0)?, r.get(1)?);
            }
            let orgs: HashSet<OrgId> = org_of.values().copied().collect();
            let mut orgs: Vec<OrgId> = orgs.into_iter().collect();
            orgs.sort_unstable();
            // Down `people_org_contact` (`migrations/011_people_heat.sql`): a few rows per
            // organisation, however many people work there.
            let mut stmt = self.conn().prepare_cached(
                "SELECT id FROM people INDEXED BY people_org_contact
                 WHERE org_id = ?1 AND last_contact IS NOT NULL
                 ORDER BY last_contact DESC, id LIMIT ?2",
            )?;
            for org in orgs {
                let mut rows = stmt.query(params![org, COLLEAGUES_WEIGHED])?;
                while let Some(r) = rows.next()? {
                    let r = &r;
                    colleagues.push((org, r.get(0)?));
                }
            }
        }
        let mut everyone: HashSet<PersonId> = ids.iter().copied().collect();
        everyone.extend(ties.iter().map(|t| t.1));
        everyone.extend(colleagues.iter().map(|c| c.1));
        let everyone: Vec<PersonId> = everyone.into_iter().collect();
        let warmth: HashMap<PersonId, u8> = self
            .warmth_of(&everyone, &settings, today)?
            .into_iter()
            .collect();
        let w = |id: &PersonId| warmth.get(id).copied().unwrap_or(0);
        // The two warmest known people at each organisation: a candidate's colleague is the
        // warmest one who is not the candidate.
        let mut known_at: HashMap<OrgId, Vec<PersonId>> = HashMap::new();
        for &(org, p) in &colleagues {
            if w(&p) >= KNOWN_WARMTH {
                let list = known_at.entry(org).or_default();
                list.push(p);
                list.sort_by(|a, b| w(b).cmp(&w(a)).then(a.cmp(b)));
                list.truncate(2);
            }
        }
        for (&c, org) in &org_of {
            if let Some(&x) = known_at.get(org).and_then(|l| l.iter().find(|&&x| x != c)) {
                ties.push((c, x, COWORKER_STRENGTH));
            }
        }
        // Best introducer per candidate: a known person, by the strength of the two hops.
        let mut best: HashMap<PersonId, (f64, PersonId)> = HashMap::new();
        for &(c, x, strength) in &ties {
            if w(&x) < KNOWN_WARMTH {
                continue;
            }
            let s = warmth_strength(w(&x)) * strength;
            let e = best.entry(c).or_insert((s, x));
            if s > e.0 || (s == e.0 && x < e.1) {
                *e = (s, x);
            }
        }
        let mut out = HashMap::with_capacity(ids.len());
        for &id in ids {
            let warmth = w(&id);
            let (reach, via) = if warmth >= KNOWN_WARMTH {
                (Reach::Known, None)
            } else if let Some(&(_, x)) = best.get(&id) {
                (Reach::WarmPath, Some(self.person_ref(x)?))
            } else {
                (Reach::Cold, None)
            };
            out.insert(id, Reachability { reach, warmth, via });
        }
        Ok(out)
    }
}

/// Ids as a JSON array, the one parameter `json_each` turns back into rows.
pub(crate) fn json_ids(ids: &[PersonId]) -> Result<String> {
    serde_json::to_string(ids).map_err(|e| StoreError::Invalid(format!("person ids: {e}")))
}
