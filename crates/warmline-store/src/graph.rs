//! The data behind warm-introduction paths: my warmth with each person, explicit links,
//! and coworker ties from work history (mine included, from my `work_history` facts).
//!
//! Reading the whole network for every `path` costs more than the search itself: a million
//! links are a million rows, and warmth needs every interaction. So the paths are found in
//! rounds of growing strength: round one reads only the part of the network that a path at
//! least as strong as [`BOUNDS`]`[0]` could pass through (walking out from the target along
//! ties, through the indexes; see `neighbourhood.rs`), and the search runs on that part.
//! If it finds enough paths that strong, they are exactly the best ones in the whole
//! network, since every stronger path lies inside what was read. Otherwise the next round
//! reads a larger part. The last round stops at the strength of writing to the target
//! cold: a chain of introductions weaker than a cold note is not worth asking for, so
//! `path` never lists one. When a round would read past [`LOCAL_LIMIT`] people (a large
//! organisation as the target), the whole network is read in a few scans instead.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use warmline_core::common;
use warmline_core::interaction::{Direction, Kind, Touch};
use warmline_core::org::OrgId;
use warmline_core::paths::{
    FoundPath, Graph, GraphBuilder, IntroPath, Node, PersonRef, Stint, Tie, describe,
};
use warmline_core::person::{FactCategory, PersonId, Tier};
use warmline_core::settings::Settings;
use warmline_core::text::fold;
use warmline_core::warmth;

use crate::candidates::json_ids;
use crate::neighbourhood::Neighbourhood;
use crate::sql::opt_date;
use crate::{Result, Store, StoreError};

/// Past this many people to read the ties of, one scan of everything is cheaper than
/// looking each up.
pub const LOCAL_LIMIT: usize = 10_000;

/// The strengths the rounds search down to, the last being a cold note to the target.
pub const BOUNDS: [f64; 9] = [0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, COLD];

/// The strength of writing to someone you have no warmth with.
const COLD: f64 = 0.05;

/// Slack for rounding and the small per-hop cost the search adds.
const SLACK: f64 = 0.01;

/// What `path` aims at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    Person,
    Organisation,
}

/// A person, or an organisation and the people there now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathTarget {
    pub kind: TargetKind,
    pub id: i64,
    pub name: String,
    pub people: Vec<PersonRef>,
}

/// How the paths were found, for benchmarks and curious users.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct PathStats {
    /// People in the part of the network searched.
    pub people: usize,
    /// People whose ties were read one by one.
    pub expanded: usize,
    /// The strength the last round searched down to.
    pub down_to: f64,
    /// Whether the whole network was read rather than the target's neighbourhood.
    pub whole_network: bool,
}

impl Store {
    /// Resolves what `path` aims at: an organisation whose name matches exactly, else a
    /// person (by id, email or name), else an organisation by part of its name.
    pub fn resolve_path_target(&self, query: &str) -> Result<PathTarget> {
        let exact_org: Option<OrgId> = self.org_id_by_name(query)?;
        if let Some(id) = exact_org {
            return self.org_target(id);
        }
        match self.resolve_person(query) {
            Ok(id) => {
                let person = self.person_ref(id)?;
                Ok(PathTarget {
                    kind: TargetKind::Person,
                    id,
                    name: person.name.clone(),
                    people: vec![person],
                })
            }
            Err(person_err) => match self.resolve_org(query) {
                Ok(id) => self.org_target(id),
                Err(StoreError::NotFound(_)) => Err(person_err),
                Err(org_err) => Err(org_err),
            },
        }
    }

    fn org_target(&self, id: OrgId) -> Result<PathTarget> {
        let org = self.org(id)?;
        let people = self
            .people_at_org(id)?
            .into_iter()
            .map(|(id, name, _)| PersonRef { id, name })
            .collect();
        Ok(PathTarget {
            kind: TargetKind::Organisation,
            id,
            name: org.name,
            people,
        })
    }

    /// The `k` strongest warm-introduction paths to any of `targets` that are at least as
    /// strong as writing to the target cold, explained.
    pub fn warm_paths(
        &self,
        targets: &[PersonId],
        k: usize,
        today: NaiveDate,
    ) -> Result<(Vec<IntroPath>, PathStats)> {
        let (found, stats) = self.find_paths(targets, k, today, false)?;
        Ok((self.explain_paths(&found)?, stats))
    }

    /// The search behind [`Store::warm_paths`]; `whole` skips the neighbourhood rounds
    /// (tests compare the two).
    fn find_paths(
        &self,
        targets: &[PersonId],
        k: usize,
        today: NaiveDate,
        whole: bool,
    ) -> Result<(Vec<FoundPath>, PathStats)> {
        if targets.is_empty() || k == 0 {
            return Ok((Vec::new(), PathStats::default()));
        }
        // Reads here hop around a large file; mapping it spares a system call per page.
        self.conn()
            .execute_batch("PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -65536")?;
        let settings = self.settings()?;
        let my_stints = self.my_stints()?;
        let mut near = Neighbourhood::new(self, &settings, &my_stints, today);
        let mut found: Vec<FoundPath> = Vec::new();
        let mut stats = PathStats::default();
        for (round, &strength) in BOUNDS.iter().enumerate() {
            let bound = -strength.ln() + SLACK;
            let loaded = if whole {
                None
            } else {
                near.load(targets, bound)?
            };
            let Some((graph, people)) = loaded else {
                let (graph, people) = self.whole_graph(&settings, &my_stints, today)?;
                found = graph.best_paths(targets, k);
                stats = PathStats {
                    people,
                    expanded: near.expanded(),
                    down_to: COLD,
                    whole_network: true,
                };
                break;
            };
            found = graph.best_paths(targets, k);
            stats = PathStats {
                people,
                expanded: near.expanded(),
                down_to: strength,
                whole_network: false,
            };
            // Paths this strong lie wholly inside what was read, so when there are enough
            // of them they are the best in the whole network.
            let strong = found
                .iter()
                .filter(|f| f.strength >= strength * (1.0 + 2.0 * SLACK))
                .count();
            if strong >= k || round + 1 == BOUNDS.len() {
                break;
            }
        }
        // Below a cold note, and through someone you have never been in touch with, a
        // chain is no better than writing to the target yourself.
        found.retain(|f| {
            let cold_first = matches!(f.ties.first(), Some(Tie::Warmth { score: 0 }));
            f.strength >= COLD * (1.0 - SLACK) && (f.people.len() == 1 || !cold_first)
        });
        Ok((found, stats))
    }

    /// The whole network, read in a few scans.
    fn whole_graph(
        &self,
        settings: &Settings,
        my_stints: &[Stint],
        today: NaiveDate,
    ) -> Result<(Graph, usize)> {
        let people = self.count_people()? as usize;
        let links = self.count_links()? as usize;
        let mut b = GraphBuilder::with_capacity(people, links + people * 2);
        {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT a, b, strength, how FROM links")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let r = &r;
                b.link(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            }
        }
        let mut stints = my_stints.to_vec();
        {
            let mut stmt = self.conn().prepare_cached(
                "SELECT person_id, org_id, from_date, until_date, current FROM work_history",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let r = &r;
                stints.push(Stint {
                    who: Node::Person(r.get(0)?),
                    org: r.get(1)?,
                    from: opt_date(r, 2)?,
                    until: opt_date(r, 3)?,
                    current: r.get::<_, i64>(4)? != 0,
                });
            }
        }
        b.coworkers(&stints);
        let touches = self.all_touches()?;
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, tier, cadence_days FROM people")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let r = &r;
            let id: PersonId = r.get(0)?;
            let tier: Option<String> = r.get(1)?;
            let cadence = warmth::cadence_days(
                r.get(2)?,
                tier.as_deref().and_then(|t| Tier::parse(t).ok()),
                &settings.tier_cadences,
            );
            let t = touches.get(&id).map(Vec::as_slice).unwrap_or_default();
            b.warmth(id, warmth::warmth(t, cadence, today).score);
        }
        Ok((b.build(), people))
    }

    /// Warmth of the given people, from their interactions, in two queries.
    pub(crate) fn warmth_of(
        &self,
        people: &[PersonId],
        settings: &Settings,
        today: NaiveDate,
    ) -> Result<Vec<(PersonId, u8)>> {
        let ids = json_ids(people)?;
        let mut touches: HashMap<PersonId, Vec<Touch>> = HashMap::new();
        {
            let mut stmt = self.conn().prepare_cached(
                "SELECT ip.person_id, i.on_date, i.kind, i.direction
                 FROM interaction_people ip JOIN interactions i ON i.id = ip.interaction_id
                 WHERE ip.person_id IN (SELECT value FROM json_each(?1))",
            )?;
            let mut rows = stmt.query([&ids])?;
            while let Some(r) = rows.next()? {
                let r = &r;
                let Some(on) = opt_date(r, 1)? else { continue };
                let kind: String = r.get(2)?;
                let direction: String = r.get(3)?;
                touches.entry(r.get(0)?).or_default().push(Touch {
                    on,
                    kind: Kind::parse(&kind).unwrap_or(Kind::Other),
                    direction: Direction::parse(&direction).unwrap_or(Direction::Mutual),
                });
            }
        }
        let mut out = Vec::with_capacity(people.len());
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, tier, cadence_days FROM people WHERE id IN (SELECT value FROM json_each(?1))",
        )?;
        let mut rows = stmt.query([&ids])?;
        while let Some(r) = rows.next()? {
            let r = &r;
            let id: PersonId = r.get(0)?;
            let score = match touches.get(&id) {
                // Warmth without a single interaction is 0 whatever the cadence.
                None => 0,
                Some(t) => {
                    let tier: Option<String> = r.get(1)?;
                    let cadence = warmth::cadence_days(
                        r.get(2)?,
                        tier.as_deref().and_then(|t| Tier::parse(t).ok()),
                        &settings.tier_cadences,
                    );
                    warmth::warmth(t, cadence, today).score
                }
            };
            out.push((id, score));
        }
        Ok(out)
    }

    /// My own stints, from my `work_history` facts matched to organisations in the book.
    /// Their dates are unknown, so overlaps with others there are only possible ones.
    pub(crate) fn my_stints(&self) -> Result<Vec<Stint>> {
        let facts: Vec<String> = self
            .facts(None)?
            .into_iter()
            .filter(|f| f.category == FactCategory::WorkHistory)
            .map(|f| f.text)
            .collect();
        if facts.is_empty() {
            return Ok(Vec::new());
        }
        let orgs = self.orgs()?;
        let mut out: Vec<Stint> = Vec::new();
        for text in facts {
            let exact = self.org_id_by_name(&text)?;
            let found = exact.or_else(|| {
                orgs.iter()
                    .find(|(o, _)| common::same(FactCategory::WorkHistory, &text, &o.name))
                    .map(|(o, _)| o.id)
            });
            if let Some(org) = found.filter(|org| !out.iter().any(|s| s.org == *org)) {
                out.push(Stint {
                    who: Node::Me,
                    org,
                    from: None,
                    until: None,
                    current: false,
                });
            }
        }
        Ok(out)
    }

    /// An organisation by exact (folded) name.
    fn org_id_by_name(&self, name: &str) -> Result<Option<OrgId>> {
        let key = fold(name);
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id FROM organisations WHERE name_key = ?1")?;
        let mut rows = stmt.query([key])?;
        Ok(match rows.next()? {
            Some(r) => Some(r.get(0)?),
            None => None,
        })
    }

    /// Names the people on found paths and explains each hop.
    fn explain_paths(&self, found: &[FoundPath]) -> Result<Vec<IntroPath>> {
        let mut names: HashMap<PersonId, String> = HashMap::new();
        let mut org_names: HashMap<OrgId, String> = HashMap::new();
        let mut found = found.to_vec();
        for f in &mut found {
            // The search reads links without how people know each other; the few on the
            // paths found get it now.
            for i in 0..f.ties.len() {
                if let Tie::Link {
                    strength,
                    how: None,
                } = f.ties[i]
                    && i > 0
                {
                    let how = self
                        .link_between(f.people[i - 1], f.people[i])?
                        .and_then(|l| l.1);
                    f.ties[i] = Tie::Link { strength, how };
                }
            }
        }
        for f in &found {
            for &id in &f.people {
                if let std::collections::hash_map::Entry::Vacant(e) = names.entry(id) {
                    e.insert(self.person_ref(id)?.name);
                }
            }
            for tie in &f.ties {
                if let Tie::Coworkers { org, .. } = tie
                    && !org_names.contains_key(org)
                {
                    org_names.insert(*org, self.org(*org)?.name);
                }
            }
        }
        Ok(describe(
            &found,
            |id| names.get(&id).cloned().unwrap_or_default(),
            |org| org_names.get(&org).cloned().unwrap_or_default(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NewPerson;
    use warmline_core::interaction::NewInteraction;

    fn d(s: &str) -> NaiveDate {
        warmline_core::date::parse_iso(s).unwrap()
    }

    /// A random network with links of every strength, organisations of a few dozen, some
    /// warm ties and a former employer of mine.
    fn network(seed: u64) -> Store {
        let s = Store::open_in_memory().unwrap();
        let mut rng = fastrand::Rng::with_seed(seed);
        let people = 1_200;
        s.bulk(|s| {
            for n in 0..people {
                let p = NewPerson {
                    name: format!("P{n}"),
                    org: Some(format!("Org {}", n % 40)),
                    tier: Some(Tier::Close),
                    ..NewPerson::default()
                };
                let id = s.add_person(&p, d("2026-01-01"))?;
                if rng.u8(..100) < 15 {
                    let new = NewInteraction {
                        on: d("2026-11-01") - chrono::Duration::days(rng.i64(0..90)),
                        kind: Kind::Coffee,
                        direction: Direction::Mutual,
                        summary: "coffee".into(),
                        notes: String::new(),
                        source: "test".into(),
                        source_key: None,
                        people: vec![id],
                    };
                    s.log_interaction(&new, d("2026-11-01"))?;
                }
            }
            for _ in 0..9_000 {
                let (a, b) = (rng.i64(1..=people), rng.i64(1..=people));
                if a != b {
                    s.link(a, b, Some(rng.u8(1..=5)), None)?;
                }
            }
            s.add_fact(
                None,
                FactCategory::WorkHistory,
                "Org 7",
                None,
                d("2026-01-01"),
            )?;
            Ok(())
        })
        .unwrap();
        s
    }

    fn summary(found: &[FoundPath]) -> Vec<(Vec<PersonId>, String)> {
        found
            .iter()
            .map(|f| (f.people.clone(), format!("{:.9}", f.strength)))
            .collect()
    }

    #[test]
    fn reading_the_neighbourhood_finds_the_same_paths_as_reading_everything() {
        let today = d("2026-11-25");
        for seed in [1, 2] {
            let s = network(seed);
            let mut rng = fastrand::Rng::with_seed(seed);
            let mut targets: Vec<Vec<PersonId>> =
                (0..12).map(|_| vec![rng.i64(1..=1_200)]).collect();
            // An organisation: everyone at Org 3.
            targets.push((0..1_200).filter(|n| n % 40 == 3).map(|n| n + 1).collect());
            for t in targets {
                let (near, stats) = s.find_paths(&t, 4, today, false).unwrap();
                let (all, _) = s.find_paths(&t, 4, today, true).unwrap();
                let (near, all) = (summary(&near), summary(&all));
                let strengths = |v: &[(Vec<PersonId>, String)]| {
                    v.iter().map(|p| p.1.clone()).collect::<Vec<_>>()
                };
                assert_eq!(strengths(&near), strengths(&all), "{t:?} {stats:?}");
                // Ties of strength are many (strengths come in fifths), and either path
                // may come first; the strongest, when it stands alone, is the same path.
                if near.len() > 1 && near[0].1 != near[1].1 {
                    assert_eq!(near[0], all[0], "{t:?}");
                }
            }
        }
    }
}
