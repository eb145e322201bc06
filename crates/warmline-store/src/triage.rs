//! Triage: the people with signs of a real tie and no keep-in-touch rhythm, the evidence
//! of each tie, and accepting the proposed tiers (a tier chosen by hand is `tiers`).
//!
//! The rule that turns evidence into a tier is `warmline_core::triage`. This module reads
//! the evidence of everyone awaiting triage at once: a handful of set-based statements,
//! one per kind of evidence, each joining the waiting people to what hangs off them, never
//! a query per person.
//!
//! Who awaits triage is the same test as core's `Evidence::has_sign`, read in two parts
//! through the partial indexes of `migrations/006_triage.sql`, so that `today` counts them
//! without reading anyone else: people whose own row shows a tie (an interaction, having
//! met), and people whose only sign is a goal stage, a job or a link. The second part is
//! read from whichever side is smaller: the goals, jobs and links (a few hundred, typed by
//! hand) or the people without a rhythm (an imported address book).

use std::collections::HashMap;

use crate::db::params;
use chrono::{Duration, NaiveDate};
use serde::Serialize;
use warmline_core::goal::{GoalStatus, Stage, Subject, person_fit};
use warmline_core::job::JobRole;
use warmline_core::paths::PersonRef;
use warmline_core::person::{PersonId, Tier};
use warmline_core::plan::TriageWaiting;
use warmline_core::triage::{
    Evidence, GoalFit, GoalTie, JobTie, MetIn, best_first, propose, role_points,
};

use crate::candidates::json_ids;
use crate::sql::opt_date;
use crate::{Result, Store, StoreError};

/// People with no tier or cadence whose own row shows a tie (`last_contact` is set exactly
/// when someone has an interaction on or before today), not left without a rhythm on
/// purpose; the latest contact first.
const WAITING_ON_THEIR_ROW: &str = "SELECT p.id FROM people p INDEXED BY people_waiting
    WHERE p.tier IS NULL AND p.cadence_days IS NULL
      AND (p.last_contact IS NOT NULL OR p.met_on IS NOT NULL OR p.met_context IS NOT NULL
           OR p.met_event_id IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM no_rhythm n WHERE n.person_id = p.id)
    ORDER BY p.last_contact DESC";

/// People with no rhythm and nothing on their row, not left without one on purpose.
const BARE: &str = "p.tier IS NULL AND p.cadence_days IS NULL AND p.last_contact IS NULL
    AND p.met_on IS NULL AND p.met_context IS NULL AND p.met_event_id IS NULL
    AND NOT EXISTS (SELECT 1 FROM no_rhythm n WHERE n.person_id = p.id)";

/// A participant's row dated after the day last contacts are settled to: a meeting
/// booked ahead, a range of the participants' date index (`migrations/022_touches.sql`).
macro_rules! ahead {
    () => {
        "ip.on_date > coalesce((SELECT value FROM settings WHERE key = 'last_contact_as_of'), '')"
    };
}

/// Bare people with a meeting booked ahead, read from the meetings ahead.
const BOOKED_AHEAD: &str = concat!(
    "SELECT DISTINCT p.id FROM interaction_people ip
    CROSS JOIN people p ON p.id = ip.person_id
    WHERE ",
    ahead!(),
    " AND p.tier IS NULL AND p.cadence_days IS NULL AND p.last_contact IS NULL
      AND p.met_on IS NULL AND p.met_context IS NULL AND p.met_event_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM no_rhythm n WHERE n.person_id = p.id)
    ORDER BY p.id"
);

/// The same people, read from the bare: each one's participant rows, which for someone
/// with no last contact are the few ahead, if any.
const BOOKED_AHEAD_FROM_THE_BARE: &str = concat!(
    "SELECT p.id FROM people p INDEXED BY people_bare
    WHERE p.tier IS NULL AND p.cadence_days IS NULL AND p.last_contact IS NULL
      AND p.met_on IS NULL AND p.met_context IS NULL AND p.met_event_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM no_rhythm n WHERE n.person_id = p.id)
      AND EXISTS (SELECT 1 FROM interaction_people ip
                  WHERE ip.person_id = p.id AND ",
    ahead!(),
    ")
    ORDER BY p.id"
);

/// Everyone a goal stage past identified, a job or a link ties to someone.
const TIED: &str = "SELECT person_id AS id FROM goal_people WHERE stage <> 'identified'
    UNION SELECT person_id FROM opportunity_people
    UNION SELECT a FROM links UNION SELECT b FROM links";

/// Below this many goal memberships, job parts and link ends, they are read whole to find
/// the bare people they tie; above it, only if there are more bare people still.
const TIES_READ_WHOLE: i64 = 20_000;

/// The evidence queries' set of people: the ids given as a JSON array.
const W: &str = "WITH w(id) AS (SELECT value FROM json_each(?1))";

/// Someone awaiting triage with the tier proposed for them; `triage --json` prints these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TriageEntry {
    pub id: PersonId,
    pub name: String,
    pub org: Option<String>,
    pub proposed_tier: Tier,
    pub reason: String,
    /// The evidence's points, which order the list.
    pub points: u8,
    pub last_contact: Option<NaiveDate>,
}

/// What accepting proposals did: how many people got each tier.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TriageApplied {
    pub people: usize,
    pub inner: usize,
    pub close: usize,
    pub regular: usize,
    pub loose: usize,
}

/// What makes two people's fit the same: organisation, title and place.
type SubjectKey = (Option<String>, Option<String>, Option<String>);

/// A person's row as the evidence needs it, with what goal fit reads.
struct Row {
    name: String,
    org: Option<String>,
    industry: Option<String>,
    size: Option<String>,
    title: Option<String>,
    location: Option<String>,
    evidence: Evidence,
}

impl Store {
    /// How many people await triage, and the one you were in touch with last; `None` when
    /// no one does. Cheap enough for `today`: it reads only the people waiting.
    pub fn triage_waiting(&self) -> Result<Option<TriageWaiting>> {
        let ids = self.waiting_ids()?;
        let Some(first) = ids.first().copied() else {
            return Ok(None);
        };
        let name: String = self
            .conn()
            .prepare_cached("SELECT name FROM people WHERE id = ?1")?
            .query_row([first], |r| r.get(0))?;
        Ok(Some(TriageWaiting {
            count: u32::try_from(ids.len()).unwrap_or(u32::MAX),
            first: PersonRef { id: first, name },
        }))
    }

    /// Everyone awaiting triage: those with a meeting booked ahead, those whose row shows a
    /// tie, the latest contact first, then those tied only by a goal, a job or a link, by id.
    fn waiting_ids(&self) -> Result<Vec<PersonId>> {
        let mut ids = Vec::new();
        // A meeting booked ahead and a goal, job or link count only for bare people: when
        // everyone has a rhythm or a tie on their row, as in a network already triaged,
        // the people's rows are the whole answer. The partial index holds only the bare.
        let bare: i64 = self
            .conn()
            .prepare_cached(&format!(
                "SELECT count(*) FROM people p INDEXED BY people_bare WHERE {BARE}"
            ))?
            .query_row([], |r| r.get(0))?;
        if bare > 0 {
            // A meeting booked ahead is a tie, though it leaves no last contact until its
            // day; being the latest contact, it heads the list. Read from whichever is
            // fewer, the meetings ahead or the bare people, each a count of an index.
            let ahead: i64 = self
                .conn()
                .prepare_cached(concat!(
                    "SELECT count(*) FROM interaction_people ip WHERE ",
                    ahead!()
                ))?
                .query_row([], |r| r.get(0))?;
            if ahead > 0 {
                ids = self.ids(if bare < ahead {
                    BOOKED_AHEAD_FROM_THE_BARE
                } else {
                    BOOKED_AHEAD
                })?;
            }
        }
        ids.extend(self.ids(WAITING_ON_THEIR_ROW)?);
        if bare == 0 {
            return Ok(ids);
        }
        let ties: i64 = self
            .conn()
            .prepare_cached(
                "SELECT (SELECT count(*) FROM goal_people) + (SELECT count(*) FROM opportunity_people)
                      + 2 * coalesce((SELECT max(rowid) FROM links), 0)",
            )?
            .query_row([], |r| r.get(0))?;
        if ties == 0 {
            return Ok(ids);
        }
        ids.extend(if ties <= TIES_READ_WHOLE || bare >= ties {
            self.tied_from_ties()?
        } else {
            self.tied_from_people()?
        });
        let mut seen = std::collections::HashSet::new();
        ids.retain(|id| seen.insert(*id));
        Ok(ids)
    }

    /// Bare people tied by a goal, a job or a link, read from the goals, jobs and links
    /// (CROSS JOIN keeps them the outer loop: each is one lookup of a person).
    fn tied_from_ties(&self) -> Result<Vec<PersonId>> {
        self.ids(&format!(
            "SELECT p.id FROM ({TIED}) t CROSS JOIN people p ON p.id = t.id WHERE {BARE} ORDER BY p.id"
        ))
    }

    /// The same people, read from everyone without a rhythm.
    fn tied_from_people(&self) -> Result<Vec<PersonId>> {
        self.ids(&format!(
            "SELECT p.id FROM people p INDEXED BY people_bare WHERE {BARE}
               AND (EXISTS (SELECT 1 FROM goal_people g WHERE g.person_id = p.id AND g.stage <> 'identified')
                    OR EXISTS (SELECT 1 FROM opportunity_people o WHERE o.person_id = p.id)
                    OR EXISTS (SELECT 1 FROM links l WHERE l.a = p.id)
                    OR EXISTS (SELECT 1 FROM links l WHERE l.b = p.id))
             ORDER BY p.id"
        ))
    }

    fn ids(&self, sql: &str) -> Result<Vec<PersonId>> {
        let mut stmt = self.conn().prepare_cached(sql)?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// Everyone awaiting triage with the proposed tier, best first (more points, then the
    /// latest touch, then the id).
    pub fn triage(&self, today: NaiveDate) -> Result<Vec<TriageEntry>> {
        self.snapshot(|s| s.triage_in(today))
    }

    fn triage_in(&self, today: NaiveDate) -> Result<Vec<TriageEntry>> {
        let waiting = json_ids(&self.waiting_ids()?)?;
        let mut rows = self.waiting_rows(&waiting)?;
        self.add_touches(&mut rows, &waiting, today)?;
        self.add_goals(&mut rows, &waiting)?;
        self.add_jobs(&mut rows, &waiting)?;
        self.add_links(&mut rows, &waiting)?;
        self.add_fit(&mut rows)?;
        let mut out: Vec<(warmline_core::triage::Proposal, TriageEntry)> = rows
            .into_iter()
            .filter_map(|(id, r)| {
                let p = propose(&r.evidence, today)?;
                let entry = TriageEntry {
                    id,
                    name: r.name,
                    org: r.org,
                    proposed_tier: p.tier,
                    reason: p.reason.clone(),
                    points: p.points,
                    last_contact: p.last,
                };
                Some((p, entry))
            })
            .collect();
        out.sort_by(|(a, x), (b, y)| best_first(a, b).then(x.id.cmp(&y.id)));
        Ok(out.into_iter().map(|(_, e)| e).collect())
    }

    fn waiting_rows(&self, waiting: &str) -> Result<HashMap<PersonId, Row>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "{W}
             SELECT p.id, p.name, o.name, o.industry, o.size, p.title,
                    coalesce(p.location, o.location), p.met_context, e.name, p.met_on,
                    p.met_event_id IS NOT NULL
             FROM w JOIN people p ON p.id = w.id
             LEFT JOIN organisations o ON o.id = p.org_id
             LEFT JOIN events e ON e.id = p.met_event_id"
        ))?;
        let mut rows = stmt.query([waiting])?;
        let mut out = HashMap::new();
        while let Some(r) = rows.next()? {
            let r = &r;
            let context: Option<String> = r.get(7)?;
            let event: Option<String> = r.get(8)?;
            let on = opt_date(r, 9)?;
            let at_event: bool = r.get(10)?;
            let met = (context.is_some() || on.is_some() || at_event).then(|| MetIn {
                context: context.or(event),
                on,
            });
            out.insert(
                r.get(0)?,
                Row {
                    name: r.get(1)?,
                    org: r.get(2)?,
                    industry: r.get(3)?,
                    size: r.get(4)?,
                    title: r.get(5)?,
                    location: r.get(6)?,
                    evidence: Evidence {
                        met,
                        ..Evidence::default()
                    },
                },
            );
        }
        Ok(out)
    }

    /// Counts of interactions by direction and kind, in one pass over the waiting
    /// people's interactions.
    fn add_touches(
        &self,
        rows: &mut HashMap<PersonId, Row>,
        waiting: &str,
        today: NaiveDate,
    ) -> Result<()> {
        let year_ago = today - Duration::days(365);
        let mut stmt = self.conn().prepare_cached(&format!(
            "{W}
             SELECT ip.person_id,
                    sum(i.on_date <= ?2),
                    sum(i.on_date <= ?2 AND i.on_date > ?3),
                    max(CASE WHEN i.on_date <= ?2 THEN i.on_date END),
                    sum(i.on_date <= ?2 AND i.direction = 'outbound'),
                    sum(i.on_date <= ?2 AND i.direction = 'inbound'),
                    sum(i.on_date <= ?2 AND i.direction = 'mutual'),
                    sum(i.on_date <= ?2 AND (i.kind = 'coffee' OR i.kind = 'meeting' OR i.kind = 'event')),
                    sum(i.on_date <= ?2 AND (i.kind = 'call' OR i.kind = 'video')),
                    sum(i.on_date > ?2)
             FROM w JOIN interaction_people ip ON ip.person_id = w.id
             JOIN interactions i ON i.id = ip.interaction_id
             GROUP BY ip.person_id"
        ))?;
        let mut q = stmt.query(params![waiting, today, year_ago])?;
        while let Some(r) = q.next()? {
            let r = &r;
            let Some(row) = rows.get_mut(&r.get::<_, PersonId>(0)?) else {
                continue;
            };
            let n = |i: usize| -> crate::db::Result<u32> {
                Ok(u32::try_from(r.get::<_, i64>(i)?).unwrap_or(u32::MAX))
            };
            let e = &mut row.evidence;
            e.touches = n(1)?;
            e.touches_past_year = n(2)?;
            e.last = opt_date(r, 3)?;
            e.from_me = n(4)?;
            e.from_them = n(5)?;
            e.mutual = n(6)?;
            e.in_person = n(7)?;
            e.live = n(8)?;
            e.upcoming = n(9)?;
        }
        Ok(())
    }

    /// The furthest stage each waiting person reached in any goal.
    fn add_goals(&self, rows: &mut HashMap<PersonId, Row>, waiting: &str) -> Result<()> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "{W}
             SELECT gp.person_id, g.title, gp.stage FROM w
             JOIN goal_people gp ON gp.person_id = w.id JOIN goals g ON g.id = gp.goal_id
             ORDER BY g.id"
        ))?;
        let mut q = stmt.query([waiting])?;
        while let Some(r) = q.next()? {
            let r = &r;
            let Some(row) = rows.get_mut(&r.get::<_, PersonId>(0)?) else {
                continue;
            };
            let stage = Stage::parse(&r.get::<_, String>(2)?).unwrap_or(Stage::Identified);
            if row.evidence.goal.as_ref().is_none_or(|g| stage > g.stage) {
                row.evidence.goal = Some(GoalTie {
                    title: r.get(1)?,
                    stage,
                });
            }
        }
        Ok(())
    }

    /// The weightiest part each waiting person played on a job opportunity.
    fn add_jobs(&self, rows: &mut HashMap<PersonId, Row>, waiting: &str) -> Result<()> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "{W}
             SELECT op.person_id, op.role, o.role, org.name FROM w
             JOIN opportunity_people op ON op.person_id = w.id
             JOIN opportunities o ON o.id = op.opportunity_id
             JOIN organisations org ON org.id = o.org_id
             ORDER BY o.id"
        ))?;
        let mut q = stmt.query([waiting])?;
        while let Some(r) = q.next()? {
            let r = &r;
            let Some(row) = rows.get_mut(&r.get::<_, PersonId>(0)?) else {
                continue;
            };
            let Ok(role) = JobRole::parse(&r.get::<_, String>(1)?) else {
                continue;
            };
            if row
                .evidence
                .job
                .as_ref()
                .is_none_or(|j| role_points(role) > role_points(j.role))
            {
                let (what, org): (String, String) = (r.get(2)?, r.get(3)?);
                row.evidence.job = Some(JobTie {
                    role,
                    job: format!("{what} at {org}"),
                });
            }
        }
        Ok(())
    }

    /// How many people each waiting person is linked to, through the covering indexes
    /// on both ends of a link.
    fn add_links(&self, rows: &mut HashMap<PersonId, Row>, waiting: &str) -> Result<()> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "{W}
             SELECT w.id, (SELECT count(*) FROM links WHERE a = w.id)
                        + (SELECT count(*) FROM links WHERE b = w.id)
             FROM w"
        ))?;
        let mut q = stmt.query([waiting])?;
        while let Some(r) = q.next()? {
            let r = &r;
            let links: i64 = r.get(1)?;
            if links > 0
                && let Some(row) = rows.get_mut(&r.get::<_, PersonId>(0)?)
            {
                row.evidence.links = u32::try_from(links).unwrap_or(u32::MAX);
            }
        }
        Ok(())
    }

    /// The best fit with an active goal; each distinct organisation, title and place is
    /// scored once per goal, since many people share them.
    fn add_fit(&self, rows: &mut HashMap<PersonId, Row>) -> Result<()> {
        let goals: Vec<_> = self
            .goals()?
            .into_iter()
            .filter(|g| g.status == GoalStatus::Active && !g.profile.is_empty())
            .collect();
        for g in &goals {
            let mut scored: HashMap<SubjectKey, u8> = HashMap::new();
            for row in rows.values_mut() {
                let key = (row.org.clone(), row.title.clone(), row.location.clone());
                let score = *scored.entry(key).or_insert_with(|| {
                    let who = Subject {
                        org: row.org.as_deref(),
                        industry: row.industry.as_deref(),
                        size: row.size.as_deref(),
                        title: row.title.as_deref(),
                        location: row.location.as_deref(),
                    };
                    person_fit(&g.profile, &who).score
                });
                if score > 0 && row.evidence.fit.as_ref().is_none_or(|f| score > f.score) {
                    row.evidence.fit = Some(GoalFit {
                        title: g.title.clone(),
                        score,
                    });
                }
            }
        }
        Ok(())
    }

    /// Accepts the proposals: every one, or those of the people in `only` (each of whom
    /// must be awaiting triage, else nothing is written). The tiers are the ones proposed
    /// at this moment, inside the same transaction.
    pub fn apply_triage(
        &self,
        today: NaiveDate,
        only: Option<&[PersonId]>,
    ) -> Result<TriageApplied> {
        self.atomic(|s| {
            let mut proposals = s.triage_in(today)?;
            if let Some(only) = only {
                let listed: HashMap<PersonId, usize> = proposals
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (e.id, i))
                    .collect();
                if let Some(missing) = only.iter().find(|id| !listed.contains_key(id)) {
                    let why = if s.person_exists(*missing)? {
                        format!(
                            "#{missing} is not awaiting triage (they have a rhythm, or nothing \
                             says you have been in touch): see warmline triage"
                        )
                    } else {
                        format!("no person with id {missing}")
                    };
                    return Err(StoreError::NotFound(why));
                }
                let keep: std::collections::HashSet<&PersonId> = only.iter().collect();
                proposals.retain(|e| keep.contains(&e.id));
            }
            let mut applied = TriageApplied::default();
            for tier in Tier::ALL {
                let ids: Vec<PersonId> = proposals
                    .iter()
                    .filter(|e| e.proposed_tier == tier)
                    .map(|e| e.id)
                    .collect();
                if ids.is_empty() {
                    continue;
                }
                s.exec(
                    "UPDATE people SET tier = ?1, cadence_days = NULL, updated_on = ?2
                     WHERE id IN (SELECT value FROM json_each(?3))",
                    params![tier.as_str(), today, json_ids(&ids)?],
                )?;
                *match tier {
                    Tier::Inner => &mut applied.inner,
                    Tier::Close => &mut applied.close,
                    Tier::Regular => &mut applied.regular,
                    Tier::Loose => &mut applied.loose,
                } = ids.len();
                applied.people += ids.len();
            }
            Ok(applied)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TierTarget;

    fn plan_of(store: &Store, sql: &str) -> String {
        let mut stmt = store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let plan: Vec<String> = stmt
            .query_map([], |r| r.get(3))
            .unwrap()
            .collect::<crate::db::Result<_>>()
            .unwrap();
        plan.join("\n")
    }

    /// What `today` runs reads the partial indexes of people without a rhythm, whole
    /// (covering), never the people table.
    #[test]
    fn the_waiting_are_read_through_their_own_indexes() {
        let store = Store::open_in_memory().unwrap();
        let plan = plan_of(&store, WAITING_ON_THEIR_ROW);
        assert!(plan.contains("COVERING INDEX people_waiting"), "{plan}");
        let bare = format!("SELECT count(*) FROM people p INDEXED BY people_bare WHERE {BARE}");
        assert!(plan_of(&store, &bare).contains("COVERING INDEX people_bare"));
        let plan = plan_of(
            &store,
            &format!("SELECT p.id FROM ({TIED}) t CROSS JOIN people p ON p.id = t.id WHERE {BARE}"),
        );
        assert!(
            plan.contains("SEARCH p USING INTEGER PRIMARY KEY"),
            "{plan}"
        );
    }

    /// Both ways of finding the people tied only by a goal, a job or a link agree.
    #[test]
    fn ties_read_from_either_side_are_the_same_people() {
        let s = Store::open_in_memory().unwrap();
        let today = warmline_core::date::parse_iso("2026-11-25").unwrap();
        let add = |name: &str, tier: Option<Tier>| {
            let p = crate::NewPerson {
                name: name.into(),
                tier,
                ..crate::NewPerson::default()
            };
            s.add_person(&p, today).unwrap()
        };
        let ids: Vec<PersonId> = (0..8).map(|i| add(&format!("P{i}"), None)).collect();
        let tiered = add("Tiered", Some(Tier::Close));
        s.link(ids[0], ids[1], None, None).unwrap();
        s.link(ids[2], tiered, None, None).unwrap();
        s.add_job("Acme", "Writer", &[ids[3]], today).unwrap();
        let goal = s
            .add_goal(
                &crate::NewGoal {
                    title: "G".into(),
                    ..crate::NewGoal::default()
                },
                today,
            )
            .unwrap();
        s.set_goal_stage(goal, ids[4], Stage::Replied, today)
            .unwrap();
        s.set_goal_stage(goal, ids[5], Stage::Identified, today)
            .unwrap();
        s.set_tier(&TierTarget::People(vec![ids[1]]), None, today)
            .unwrap();
        let want = vec![ids[0], ids[2], ids[3], ids[4]];
        assert_eq!(s.tied_from_ties().unwrap(), want);
        assert_eq!(s.tied_from_people().unwrap(), want);
        assert_eq!(s.waiting_ids().unwrap(), want);
    }
}
