//! Reading just the part of the network a strong enough path could pass through.
//!
//! A path is at most [`MAX_HOPS`] hops, me → … → target, and its cost is the sum of
//! `−ln(strength)` over its ties, each at least zero. So every person on a path of cost at
//! most `bound` can reach the target in at most `MAX_HOPS - 1` ties at cost at most
//! `bound`. [`Neighbourhood::load`] walks out from the targets hop by hop, keeping for each
//! person the cheapest way to the target found so far, and reads the ties only of people
//! still within the bound (coworker ties, which cost more, only when the bound can afford
//! one). Ties read once are kept for later rounds with a looser bound.

use std::collections::{HashMap, HashSet};

use crate::db::params;
use chrono::NaiveDate;
use warmline_core::org::OrgId;
use warmline_core::paths::{
    COWORKER_STRENGTH, Graph, GraphBuilder, MAX_HOPS, Node, Stint, Tie, coworker_ties,
};
use warmline_core::person::PersonId;
use warmline_core::settings::Settings;

use crate::candidates::json_ids;
use crate::graph::LOCAL_LIMIT;
use crate::sql::opt_date;
use crate::{Result, Store};

/// The coworker ties of one organisation, by node.
type OrgTies = HashMap<Node, Vec<(Node, Tie)>>;

fn cost(tie: &Tie) -> f64 {
    -tie.strength().ln()
}

/// What makes two ties between the same pair of nodes different ties: a link, or having
/// worked together at one organisation.
fn tie_key(a: Node, b: Node, tie: &Tie) -> (i64, i64, i64) {
    let id = |n: Node| match n {
        Node::Me => 0,
        Node::Person(p) => p,
    };
    let kind = match tie {
        Tie::Coworkers { org, .. } => *org,
        _ => -1,
    };
    (id(a).min(id(b)), id(a).max(id(b)), kind)
}

pub(crate) struct Neighbourhood<'s> {
    store: &'s Store,
    settings: &'s Settings,
    my_stints: &'s [Stint],
    today: NaiveDate,
    /// Each person's ties read so far: all their links, and their coworker ties once
    /// `with_coworkers` holds them.
    ties: HashMap<PersonId, Vec<(Node, Tie)>>,
    with_coworkers: HashSet<PersonId>,
    orgs: HashMap<OrgId, OrgTies>,
    warmth: HashMap<PersonId, u8>,
}

impl<'s> Neighbourhood<'s> {
    pub(crate) fn new(
        store: &'s Store,
        settings: &'s Settings,
        my_stints: &'s [Stint],
        today: NaiveDate,
    ) -> Neighbourhood<'s> {
        Neighbourhood {
            store,
            settings,
            my_stints,
            today,
            ties: HashMap::new(),
            with_coworkers: HashSet::new(),
            orgs: HashMap::new(),
            warmth: HashMap::new(),
        }
    }

    /// How many people's ties have been read.
    pub(crate) fn expanded(&self) -> usize {
        self.ties.len()
    }

    /// The network every path of cost at most `bound` lies in, and how many people it
    /// holds; `None` when reading it one person at a time would pass [`LOCAL_LIMIT`].
    pub(crate) fn load(
        &mut self,
        targets: &[PersonId],
        bound: f64,
    ) -> Result<Option<(Graph, usize)>> {
        let cheapest_coworker = -COWORKER_STRENGTH.ln();
        let mut best: HashMap<PersonId, f64> = HashMap::new();
        let mut frontier: Vec<(PersonId, f64)> = Vec::new();
        for &t in targets {
            if best.insert(t, 0.0).is_none() {
                frontier.push((t, 0.0));
            }
        }
        let mut expanded: HashSet<PersonId> = HashSet::new();
        // People up to MAX_HOPS - 2 ties from a target have their ties read; those one
        // further out can only be the first hop after me.
        for _ in 0..MAX_HOPS - 1 {
            expanded.extend(frontier.iter().map(|(u, _)| *u));
            if expanded.len() > LOCAL_LIMIT {
                return Ok(None);
            }
            // One query per layer rather than one per person: a large organisation as the
            // target puts thousands of people in the first layer.
            let links: Vec<PersonId> = frontier.iter().map(|(u, _)| *u).collect();
            self.read_links(&links)?;
            let coworkers: Vec<PersonId> = frontier
                .iter()
                .filter(|(_, cu)| cu + cheapest_coworker <= bound)
                .map(|(u, _)| *u)
                .collect();
            self.read_coworkers(&coworkers)?;
            let mut next: HashMap<PersonId, f64> = HashMap::new();
            for (u, cu) in frontier {
                let Some(ties) = self.ties.get(&u) else {
                    continue;
                };
                for (v, tie) in ties {
                    let Node::Person(v) = *v else { continue };
                    let c = cu + cost(tie);
                    if c <= bound && best.get(&v).is_none_or(|&old| c < old) {
                        best.insert(v, c);
                        next.insert(v, c);
                    }
                }
            }
            frontier = next.into_iter().collect();
            // Hash order must not change what is read first, or which limit is hit.
            frontier.sort_unstable_by_key(|(id, _)| *id);
        }
        let mut reached: Vec<PersonId> = best.into_keys().collect();
        reached.sort_unstable();
        self.read_warmth(&reached)?;
        let inside: HashSet<PersonId> = reached.iter().copied().collect();
        let within = |n: &Node| match n {
            Node::Me => true,
            Node::Person(p) => inside.contains(p),
        };
        let mut b = GraphBuilder::with_capacity(reached.len(), reached.len() * 4);
        let mut added: HashSet<(i64, i64, i64)> = HashSet::new();
        let mut readers: Vec<PersonId> = expanded.into_iter().collect();
        readers.sort_unstable();
        for u in readers {
            for (v, tie) in self.ties.get(&u).into_iter().flatten() {
                if within(v) && added.insert(tie_key(Node::Person(u), *v, tie)) {
                    b.tie(Node::Person(u), *v, tie.clone());
                }
            }
        }
        // My former colleagues can be a first hop even where their own ties were not read.
        let my_orgs: Vec<OrgId> = self.my_stints.iter().map(|s| s.org).collect();
        for org in my_orgs {
            self.read_org(org)?;
            for (v, tie) in self
                .orgs
                .get(&org)
                .and_then(|t| t.get(&Node::Me))
                .into_iter()
                .flatten()
            {
                if within(v) && added.insert(tie_key(Node::Me, *v, tie)) {
                    b.tie(Node::Me, *v, tie.clone());
                }
            }
        }
        for &p in &reached {
            b.warmth(p, self.warmth.get(&p).copied().unwrap_or(0));
        }
        Ok(Some((b.build(), reached.len())))
    }

    /// Reads the links of the people whose links are not read yet, in one query.
    fn read_links(&mut self, people: &[PersonId]) -> Result<()> {
        let missing: Vec<PersonId> = people
            .iter()
            .copied()
            .filter(|p| !self.ties.contains_key(p))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        for &p in &missing {
            self.ties.insert(p, Vec::new());
        }
        // Strength and the other end only: both indexes by end hold them, so the table
        // itself is never read. How two people know each other is filled in for the paths
        // found (`Store::explain_paths`).
        let mut stmt = self.store.conn().prepare_cached(
            "SELECT a, b, strength FROM links WHERE a IN (SELECT value FROM json_each(?1))
             UNION ALL
             SELECT b, a, strength FROM links WHERE b IN (SELECT value FROM json_each(?1))",
        )?;
        let mut rows = stmt.query([json_ids(&missing)?])?;
        while let Some(r) = rows.next()? {
            let r = &r;
            let tie = Tie::Link {
                strength: r.get(2)?,
                how: None,
            };
            let from: PersonId = r.get(0)?;
            self.ties
                .entry(from)
                .or_default()
                .push((Node::Person(r.get(1)?), tie));
        }
        Ok(())
    }

    /// Adds the coworker ties of the people whose ones are not read yet.
    fn read_coworkers(&mut self, people: &[PersonId]) -> Result<()> {
        let missing: Vec<PersonId> = people
            .iter()
            .copied()
            .filter(|p| self.with_coworkers.insert(*p))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let stints: Vec<(PersonId, OrgId)> = {
            let mut stmt = self.store.conn().prepare_cached(
                "SELECT DISTINCT person_id, org_id FROM work_history
                 WHERE person_id IN (SELECT value FROM json_each(?1))",
            )?;
            let rows = stmt.query_map([json_ids(&missing)?], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<crate::db::Result<_>>()?
        };
        for (u, org) in stints {
            self.read_org(org)?;
            let theirs: Vec<(Node, Tie)> = self
                .orgs
                .get(&org)
                .and_then(|t| t.get(&Node::Person(u)))
                .cloned()
                .unwrap_or_default();
            self.ties.entry(u).or_default().extend(theirs);
        }
        Ok(())
    }

    /// Derives an organisation's coworker ties once, from all its stints and mine there.
    fn read_org(&mut self, org: OrgId) -> Result<()> {
        if self.orgs.contains_key(&org) {
            return Ok(());
        }
        let mut stints: Vec<Stint> = self
            .my_stints
            .iter()
            .filter(|s| s.org == org)
            .copied()
            .collect();
        let mut stmt = self.store.conn().prepare_cached(
            "SELECT person_id, from_date, until_date, current FROM work_history WHERE org_id = ?1",
        )?;
        let mut rows = stmt.query(params![org])?;
        while let Some(r) = rows.next()? {
            let r = &r;
            stints.push(Stint {
                who: Node::Person(r.get(0)?),
                org,
                from: opt_date(r, 1)?,
                until: opt_date(r, 2)?,
                current: r.get::<_, i64>(3)? != 0,
            });
        }
        let mut ties: OrgTies = HashMap::new();
        for (a, b, tie) in coworker_ties(&stints) {
            ties.entry(a).or_default().push((b, tie.clone()));
            ties.entry(b).or_default().push((a, tie));
        }
        self.orgs.insert(org, ties);
        Ok(())
    }

    /// Warmth of the people not yet known, in one pass.
    fn read_warmth(&mut self, people: &[PersonId]) -> Result<()> {
        let missing: Vec<PersonId> = people
            .iter()
            .copied()
            .filter(|p| !self.warmth.contains_key(p))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        for (id, score) in self.store.warmth_of(&missing, self.settings, self.today)? {
            self.warmth.insert(id, score);
        }
        Ok(())
    }
}
