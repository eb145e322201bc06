//! Warm-introduction paths: who can introduce you to a person, or to anyone at an
//! organisation (SPEC §1, "Be more strategic"; `warmline path TARGET`).
//!
//! Design. The network is an undirected graph. Node 0 is me; my ties come from warmth
//! (score 0–100), ties between people from explicit links (strength 1–5) and implicitly
//! from overlapping work history. Every tie has a strength in (0, 1] and a path is as
//! strong as the product of its ties, so the best path is the shortest one under the cost
//! `−ln(strength)`. A tiny extra cost per hop makes the shorter chain win a tie: every
//! introduction spends someone's goodwill.
//!
//! A chain longer than [`MAX_HOPS`] is not an introduction anyone would carry, and the
//! limit is also what keeps queries fast (≤ 100 ms at 100,000 people and 1,000,000 links):
//! - compact adjacency (CSR: `u32` offsets, `u32` targets, `f32` costs), built by counting
//!   sort in linear time;
//! - hop-layered distances from the target(s) outward: `layers[j][v]` is the cheapest way
//!   from `v` to a target in at most `j` hops. Only nodes that improved are relaxed again,
//!   so for one person this touches their few-hop neighbourhood, not the whole network;
//! - best-first enumeration of path prefixes from me, each ranked by its cost plus the
//!   exact layered cost to finish. Complete paths then come out strongest first, so the
//!   k best loopless paths fall out directly, without Yen's repeated shortest-path runs.
//!   (An earlier Yen + A* version spent most of its time in spur searches around a banned
//!   last hop, where strength-5 links cost nothing and the search ball grew huge.)
//!
//! The `paths_at_scale` benchmark test (release build, 100,000 people, 1,000,000 links)
//! answers a person in about 2 ms and a 400-person organisation in about 25 ms; building
//! the graph from edge lists takes about 70 ms.
//!
//! Targets are sinks: a path ends at the first person at the target organisation and never
//! passes through one, because that person is already the way in.
//!
//! Coworker ties would be quadratic at a large organisation (10,000 employees, 50 million
//! pairs), so each stint is tied only to the few nearest earlier starters whose tenure
//! overlaps it ([`COWORKER_CAP`]): the people you started near are the ones you knew.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::org::OrgId;
use crate::person::PersonId;

/// A person named for output: `{id, name}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PersonRef {
    pub id: PersonId,
    pub name: String,
}

/// A node of the network: me, or a person in my book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    Me,
    Person(PersonId),
}

/// How two nodes know each other.
#[derive(Debug, Clone, PartialEq)]
pub enum Tie {
    /// My own tie to a person, as warm as their warmth score.
    Warmth { score: u8 },
    /// An explicit link, strength 1–5, with how they know each other.
    Link { strength: u8, how: Option<String> },
    /// Implicit: they worked at the same organisation; `overlap_known` when both
    /// tenures have dates, otherwise the overlap is only possible.
    Coworkers { org: OrgId, overlap_known: bool },
}

/// A warmth score 0–100 as a tie strength. A contact with no warmth is still someone
/// you could write to, so the floor is a faint 0.05 rather than no tie.
pub fn warmth_strength(score: u8) -> f64 {
    0.05 + 0.95 * f64::from(score.min(100)) / 100.0
}

/// A link strength 1–5 (clamped) as a tie strength: 0.2 to 1.
pub fn link_strength(strength: u8) -> f64 {
    f64::from(strength.clamp(1, 5)) / 5.0
}

/// Coworkers with dated, overlapping tenures know each other about as well as a link of 2.
pub const COWORKER_STRENGTH: f64 = 0.4;
/// Coworkers whose overlap is only possible (dates missing).
pub const COWORKER_POSSIBLE_STRENGTH: f64 = 0.2;
/// Each stint is tied to at most this many overlapping earlier starters at its organisation.
pub const COWORKER_CAP: usize = 12;
/// How far back the coworker sweep looks for overlapping stints, bounding its work.
const COWORKER_SCAN: usize = 8 * COWORKER_CAP;
const HOP_PENALTY: f64 = 1e-3;

impl Tie {
    pub fn strength(&self) -> f64 {
        match self {
            Tie::Warmth { score } => warmth_strength(*score),
            Tie::Link { strength, .. } => link_strength(*strength),
            Tie::Coworkers { overlap_known, .. } => {
                if *overlap_known {
                    COWORKER_STRENGTH
                } else {
                    COWORKER_POSSIBLE_STRENGTH
                }
            }
        }
    }
}

/// One job held at one organisation, for deriving coworker ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stint {
    pub who: Node,
    pub org: OrgId,
    /// `None`: start unknown, taken as "possibly long ago".
    pub from: Option<NaiveDate>,
    /// `None`: still there if `current`, otherwise end unknown ("possibly until now").
    pub until: Option<NaiveDate>,
    pub current: bool,
}

/// A multiplicative hash for person ids. Interning two million link ends is the bulk of
/// building a large graph, and the standard library's DoS-resistant hasher costs several
/// times more; ids come from our own database, so there is nothing to resist.
#[derive(Debug, Default, Clone, Copy)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }
}

type IdMap = HashMap<PersonId, u32, BuildHasherDefault<IdHasher>>;

/// The order key of a node: me first, then people by id, so that coworker ties come out
/// the same whatever order the stints were loaded in.
fn node_key(who: Node) -> PersonId {
    match who {
        Node::Me => 0,
        Node::Person(id) => id,
    }
}

/// Coworker ties from work history: each stint is tied to its nearest overlapping earlier
/// starters at the same organisation, at most [`COWORKER_CAP`] of them, looking back at
/// most a bounded number of stints. Stints of different organisations never meet, so a
/// caller may pass one organisation's stints at a time and get the same ties.
pub fn coworker_ties(stints: &[Stint]) -> Vec<(Node, Node, Tie)> {
    // (org, start, key, who, end, dated)
    let mut rows: Vec<(OrgId, NaiveDate, PersonId, Node, NaiveDate, bool)> = stints
        .iter()
        .map(|s| {
            let start = s.from.unwrap_or(NaiveDate::MIN);
            let end = match s.until {
                Some(u) => u.max(start),
                None => NaiveDate::MAX,
            };
            let dated = s.from.is_some() && (s.until.is_some() || s.current);
            (s.org, start, node_key(s.who), s.who, end, dated)
        })
        .collect();
    rows.sort_unstable_by_key(|r| (r.0, r.1, r.2));
    let mut out = Vec::new();
    for (k, &(org, start, key, who, _, dated)) in rows.iter().enumerate() {
        let mut tied = 0;
        // Rows of the same organisation sit together; earlier ones are scanned backwards.
        for &(other_org, _, other_key, other, end, other_dated) in
            rows[..k].iter().rev().take(COWORKER_SCAN)
        {
            if other_org != org || tied == COWORKER_CAP {
                break;
            }
            // Earlier starters overlap when they were still there when this one began.
            if other_key == key || end < start {
                continue;
            }
            let tie = Tie::Coworkers {
                org,
                overlap_known: dated && other_dated,
            };
            out.push((other, who, tie));
            tied += 1;
        }
    }
    out
}

/// Collects ties, then freezes them into a [`Graph`].
#[derive(Debug)]
pub struct GraphBuilder {
    nodes: Vec<Node>,
    index: IdMap,
    edges: Vec<(u32, u32, f32)>,
    ties: Vec<Tie>,
}

impl Default for GraphBuilder {
    fn default() -> Self {
        GraphBuilder::new()
    }
}

impl GraphBuilder {
    pub fn new() -> GraphBuilder {
        GraphBuilder::with_capacity(0, 0)
    }

    pub fn with_capacity(people: usize, ties: usize) -> GraphBuilder {
        let mut nodes = Vec::with_capacity(people + 1);
        nodes.push(Node::Me);
        GraphBuilder {
            nodes,
            index: IdMap::with_capacity_and_hasher(people, BuildHasherDefault::default()),
            edges: Vec::with_capacity(ties),
            ties: Vec::with_capacity(ties),
        }
    }

    fn node(&mut self, who: Node) -> u32 {
        match who {
            Node::Me => 0,
            Node::Person(id) => {
                let next = self.nodes.len() as u32;
                let at = *self.index.entry(id).or_insert(next);
                if at == next {
                    self.nodes.push(who);
                }
                at
            }
        }
    }

    fn add(&mut self, a: Node, b: Node, tie: Tie) {
        let (a, b) = (self.node(a), self.node(b));
        if a == b {
            return;
        }
        let cost = (-tie.strength().ln() + HOP_PENALTY) as f32;
        self.edges.push((a, b, cost));
        self.ties.push(tie);
    }

    /// My tie to a person, from their warmth score.
    pub fn warmth(&mut self, person: PersonId, score: u8) {
        self.add(Node::Me, Node::Person(person), Tie::Warmth { score });
    }

    /// An explicit link between two people (a link with oneself is ignored).
    pub fn link(&mut self, a: PersonId, b: PersonId, strength: u8, how: Option<String>) {
        let tie = Tie::Link { strength, how };
        self.add(Node::Person(a), Node::Person(b), tie);
    }

    /// Any tie between two nodes (a tie of a node with itself is ignored). Loaders that
    /// gather a neighbourhood piece by piece add ties one at a time.
    pub fn tie(&mut self, a: Node, b: Node, tie: Tie) {
        self.add(a, b, tie);
    }

    /// Derives coworker ties from work history (include my own stints as `Node::Me`).
    pub fn coworkers(&mut self, stints: &[Stint]) {
        for (a, b, tie) in coworker_ties(stints) {
            self.add(a, b, tie);
        }
    }
    /// Freezes the ties into compact adjacency (counting sort, linear time).
    pub fn build(self) -> Graph {
        let n = self.nodes.len();
        let mut offsets = vec![0u32; n + 1];
        for &(a, b, _) in &self.edges {
            offsets[a as usize + 1] += 1;
            offsets[b as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let m = offsets[n] as usize;
        let mut fill: Vec<u32> = offsets[..n].to_vec();
        let mut targets = vec![0u32; m];
        let mut costs = vec![0f32; m];
        let mut tie_of = vec![0u32; m];
        for (e, &(a, b, c)) in self.edges.iter().enumerate() {
            for (from, to) in [(a, b), (b, a)] {
                let at = fill[from as usize] as usize;
                fill[from as usize] += 1;
                targets[at] = to;
                costs[at] = c;
                tie_of[at] = e as u32;
            }
        }
        Graph {
            nodes: self.nodes,
            index: self.index,
            offsets,
            targets,
            costs,
            tie_of,
            ties: self.ties,
        }
    }
}

/// The frozen network, ready for queries.
#[derive(Debug)]
pub struct Graph {
    nodes: Vec<Node>,
    index: IdMap,
    offsets: Vec<u32>,
    targets: Vec<u32>,
    costs: Vec<f32>,
    tie_of: Vec<u32>,
    ties: Vec<Tie>,
}

/// A path found from me: the people after me in order, and the tie into each.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundPath {
    pub people: Vec<PersonId>,
    /// `ties[i]` joins the previous node (me for `i == 0`) to `people[i]`.
    pub ties: Vec<Tie>,
    /// The product of the tie strengths.
    pub strength: f64,
}

/// Paths longer than this many hops (me → A → B → C → target) are not worth asking for:
/// each introduction spends goodwill and the chain grows too thin to carry a request.
pub const MAX_HOPS: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Queued {
    bound: f64,
    entry: u32,
}

impl Eq for Queued {}

impl Ord for Queued {
    /// Reversed so that `BinaryHeap` pops the lowest bound; the entry index breaks ties
    /// so results never depend on heap internals.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .bound
            .total_cmp(&self.bound)
            .then(other.entry.cmp(&self.entry))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A path prefix from me, stored as a tree: each entry points at its parent entry.
#[derive(Debug, Clone, Copy)]
struct Entry {
    node: u32,
    parent: u32,
    /// The adjacency position of the hop into `node`.
    pos: u32,
    cost: f64,
    hops: u8,
}

/// The search stops after this many prefixes, bounding the time of any one query; the
/// paths found by then are still the strongest in order.
const MAX_EXPANSIONS: usize = 200_000;

impl Graph {
    /// How many people (not counting me) the graph holds.
    pub fn person_count(&self) -> usize {
        self.nodes.len() - 1
    }

    fn adjacency(&self, u: u32) -> std::ops::Range<usize> {
        self.offsets[u as usize] as usize..self.offsets[u as usize + 1] as usize
    }

    /// `layers[j][v]`: the cheapest cost from `v` to a target in at most `j` hops, never
    /// through me or through another target. Each layer relaxes only the nodes that
    /// improved in the layer before, so a single person's neighbourhood stays small.
    fn layers(&self, targets: &[u32], depth: usize) -> Vec<Vec<f64>> {
        let mut first = vec![f64::INFINITY; self.nodes.len()];
        let mut frontier = Vec::new();
        for &t in targets {
            if t != 0 && first[t as usize] != 0.0 {
                first[t as usize] = 0.0;
                frontier.push(t);
            }
        }
        let mut layers = vec![first];
        for j in 1..depth {
            let prev = &layers[j - 1];
            let mut cur = prev.clone();
            let mut next = Vec::new();
            for &u in &frontier {
                let du = prev[u as usize];
                for pos in self.adjacency(u) {
                    let v = self.targets[pos];
                    let c = du + f64::from(self.costs[pos]);
                    // Me only ever starts a path; a target's 0 can never improve.
                    if v != 0 && c < cur[v as usize] {
                        if cur[v as usize] == prev[v as usize] {
                            next.push(v);
                        }
                        cur[v as usize] = c;
                    }
                }
            }
            layers.push(cur);
            frontier = next;
        }
        layers
    }

    /// The `k` strongest loopless paths of at most [`MAX_HOPS`] hops from me to any of
    /// `targets` (one person, or the people at an organisation), strongest first.
    /// Unknown ids are ignored.
    pub fn best_paths(&self, targets: &[PersonId], k: usize) -> Vec<FoundPath> {
        self.best_paths_within(targets, k, MAX_HOPS)
    }

    /// As [`Graph::best_paths`], with a chosen hop limit (1–8).
    ///
    /// Best-first enumeration of path prefixes, each ranked by its cost plus the exact
    /// hop-limited cost to finish (`layers`). That bound never overestimates and never
    /// decreases along a path, so complete paths leave the queue strongest first, each
    /// one the next best: the k-shortest loopless paths without Yen's repeated searches.
    pub fn best_paths_within(
        &self,
        targets: &[PersonId],
        k: usize,
        max_hops: usize,
    ) -> Vec<FoundPath> {
        let max_hops = max_hops.clamp(1, 8);
        let target_nodes: Vec<u32> = targets
            .iter()
            .filter_map(|id| self.index.get(id).copied())
            .collect();
        if k == 0 || target_nodes.is_empty() {
            return Vec::new();
        }
        let layers = self.layers(&target_nodes, max_hops);
        let mut entries = vec![Entry {
            node: 0,
            parent: u32::MAX,
            pos: 0,
            cost: 0.0,
            hops: 0,
        }];
        let mut heap = BinaryHeap::new();
        heap.push(Queued {
            bound: 0.0,
            entry: 0,
        });
        let mut found: Vec<FoundPath> = Vec::new();
        let mut emitted: HashSet<Vec<u32>> = HashSet::new();
        let mut expansions = 0;
        while let Some(Queued { entry, .. }) = heap.pop() {
            let e = entries[entry as usize];
            if e.hops > 0 && layers[0][e.node as usize] == 0.0 {
                let walk = self.walk(&entries, entry);
                // Two ties between the same people (a link and a shared employer) give the
                // same path twice; the stronger comes first and the other is dropped.
                if emitted.insert(walk.iter().map(|&(n, _)| n).collect()) {
                    found.push(self.found(&walk));
                    if found.len() == k {
                        break;
                    }
                }
                continue;
            }
            expansions += 1;
            if expansions > MAX_EXPANSIONS {
                break;
            }
            // Entries at the hop limit are always targets (handled above), so this holds.
            let Some(rem) = max_hops.checked_sub(usize::from(e.hops) + 1) else {
                continue;
            };
            for pos in self.adjacency(e.node) {
                let v = self.targets[pos];
                let rest = layers[rem][v as usize];
                if v == 0 || rest.is_infinite() || self.on_prefix(&entries, entry, v) {
                    continue;
                }
                let cost = e.cost + f64::from(self.costs[pos]);
                let next = entries.len() as u32;
                entries.push(Entry {
                    node: v,
                    parent: entry,
                    pos: pos as u32,
                    cost,
                    hops: e.hops + 1,
                });
                heap.push(Queued {
                    bound: cost + rest,
                    entry: next,
                });
            }
        }
        found
    }

    /// Whether `v` already lies on the prefix ending at `entry` (keeps paths loopless).
    fn on_prefix(&self, entries: &[Entry], mut entry: u32, v: u32) -> bool {
        while entry != u32::MAX {
            let e = entries[entry as usize];
            if e.node == v {
                return true;
            }
            entry = e.parent;
        }
        false
    }

    /// The (node, adjacency position) hops of a complete path, from the first after me.
    fn walk(&self, entries: &[Entry], mut entry: u32) -> Vec<(u32, u32)> {
        let mut hops = Vec::new();
        while entry != 0 && entry != u32::MAX {
            let e = entries[entry as usize];
            hops.push((e.node, e.pos));
            entry = e.parent;
        }
        hops.reverse();
        hops
    }

    fn found(&self, walk: &[(u32, u32)]) -> FoundPath {
        let people = walk
            .iter()
            .filter_map(|&(n, _)| match self.nodes[n as usize] {
                Node::Person(id) => Some(id),
                Node::Me => None,
            })
            .collect();
        let ties: Vec<Tie> = walk
            .iter()
            .map(|&(_, pos)| self.ties[self.tie_of[pos as usize] as usize].clone())
            .collect();
        let strength = ties.iter().map(Tie::strength).product();
        FoundPath {
            people,
            ties,
            strength,
        }
    }
}

/// `path` output: `{target, paths[{people[{id,name}], strength, why}]}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathReport {
    pub target: String,
    pub paths: Vec<IntroPath>,
}

/// One way in: the people after me, the path's strength, and one reason per hop.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntroPath {
    pub people: Vec<PersonRef>,
    pub strength: f64,
    pub why: Vec<String>,
}

impl IntroPath {
    /// "you → Ana Lima → Bo Chen".
    pub fn chain(&self) -> String {
        let mut s = String::from("you");
        for p in &self.people {
            s.push_str(" → ");
            s.push_str(&p.name);
        }
        s
    }

    /// What to do with this way in: write yourself, ask for an introduction, or ask for
    /// a note to be passed along.
    pub fn advice(&self) -> String {
        match self.people.as_slice() {
            [] => String::new(),
            [only] => format!("Write to {} yourself.", only.name),
            [first, last] => format!("Ask {} to introduce you to {}.", first.name, last.name),
            [first, .., last] => format!(
                "Ask {} to pass your note along toward {}.",
                first.name, last.name
            ),
        }
    }
}

/// Names the people and explains each hop; the caller supplies names of people and
/// organisations, since the graph holds only ids.
pub fn describe(
    found: &[FoundPath],
    name_of: impl Fn(PersonId) -> String,
    org_name: impl Fn(OrgId) -> String,
) -> Vec<IntroPath> {
    found
        .iter()
        .map(|f| {
            let people: Vec<PersonRef> = f
                .people
                .iter()
                .map(|&id| PersonRef {
                    id,
                    name: name_of(id),
                })
                .collect();
            let why = f
                .ties
                .iter()
                .zip(&people)
                .enumerate()
                .map(|(i, (tie, to))| {
                    let from = i.checked_sub(1).map(|j| people[j].name.as_str());
                    hop_reason(from, &to.name, tie, &org_name)
                })
                .collect();
            IntroPath {
                people,
                strength: (f.strength * 1000.0).round() / 1000.0,
                why,
            }
        })
        .collect()
}

/// Why one hop holds; `from` is `None` for me.
fn hop_reason(
    from: Option<&str>,
    to: &str,
    tie: &Tie,
    org_name: &impl Fn(OrgId) -> String,
) -> String {
    let (from, verb) = from.map_or(("you", "know"), |f| (f, "knows"));
    match tie {
        // A contact without any warmth is only a name in the book: writing to them is cold.
        Tie::Warmth { score: 0 } => format!("{to} is in your book, but you have not been in touch"),
        Tie::Warmth { score } => format!("you know {to} (warmth {score})"),
        Tie::Link { how: Some(how), .. } if !how.trim().is_empty() => {
            format!("{from} {verb} {to}: {}", how.trim())
        }
        Tie::Link { strength, .. } => format!("{from} {verb} {to} (strength {strength}/5)"),
        Tie::Coworkers { org, .. } => {
            format!("{from} and {to} worked together at {}", org_name(*org))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::date::parse_iso(s).unwrap()
    }

    #[test]
    fn strength_maps_stay_in_range() {
        assert!((warmth_strength(100) - 1.0).abs() < 1e-9);
        assert!(warmth_strength(0) > 0.0);
        assert!((link_strength(9) - 1.0).abs() < 1e-9);
        assert!((link_strength(0) - 0.2).abs() < 1e-9);
    }

    #[test]
    fn a_strong_two_hop_path_beats_a_weak_direct_tie() {
        let mut b = GraphBuilder::new();
        b.warmth(1, 100); // a close friend
        b.link(1, 2, 5, Some("college roommates".into()));
        b.warmth(2, 0); // the target: in my book, but cold (0.05)
        let g = b.build();
        let paths = g.best_paths(&[2], 3);
        assert_eq!(paths.len(), 2);
        assert_eq!(paths[0].people, vec![1, 2]);
        assert!((paths[0].strength - 1.0).abs() < 1e-9);
        assert_eq!(paths[1].people, vec![2]);
        assert!(paths[0].strength > paths[1].strength);
    }

    #[test]
    fn a_weak_two_hop_path_loses_to_a_warm_direct_tie() {
        let mut b = GraphBuilder::new();
        b.warmth(1, 50);
        b.link(1, 2, 2, None); // 0.525 × 0.4 = 0.21
        b.warmth(2, 40); // 0.43
        let paths = b.build().best_paths(&[2], 3);
        assert_eq!(paths[0].people, vec![2]);
        assert_eq!(paths[1].people, vec![1, 2]);
    }

    /// A small mesh: me → 1, 2, 3; 1–2, 2–3, 1–4, 2–4, 3–4, 4 is the target.
    fn mesh() -> Graph {
        let mut b = GraphBuilder::new();
        for (p, w) in [(1, 90), (2, 70), (3, 40)] {
            b.warmth(p, w);
        }
        for (x, y, s) in [(1, 2, 4), (2, 3, 3), (1, 4, 2), (2, 4, 5), (3, 4, 4)] {
            b.link(x, y, s, None);
        }
        b.build()
    }

    #[test]
    fn k_paths_are_distinct_loopless_and_ranked() {
        let g = mesh();
        let paths = g.best_paths(&[4], 5);
        assert_eq!(paths.len(), 5);
        let mut seen = HashSet::new();
        for p in &paths {
            assert!(seen.insert(p.people.clone()), "duplicate {:?}", p.people);
            let unique: HashSet<_> = p.people.iter().collect();
            assert_eq!(unique.len(), p.people.len(), "loop in {:?}", p.people);
            assert_eq!(p.people.last(), Some(&4));
            assert_eq!(p.ties.len(), p.people.len());
        }
        assert!(
            paths
                .windows(2)
                .all(|w| w[0].strength >= w[1].strength - 1e-9)
        );
        // Best: me→1 (0.905) ×1→2 (0.8) ×2→4 (1.0) = 0.724 beats me→2→4 (0.715).
        assert_eq!(paths[0].people, vec![1, 2, 4]);
        assert_eq!(paths[1].people, vec![2, 4]);
    }

    #[test]
    fn organisation_targets_end_at_the_first_person_there() {
        let g = mesh();
        // 2 and 4 both work at the target: no path passes through one to reach the other.
        let paths = g.best_paths(&[2, 4], 10);
        assert!(paths.len() >= 4);
        for p in &paths {
            let mut inside = p.people[..p.people.len() - 1].iter();
            assert!(inside.all(|x| *x != 2 && *x != 4), "{:?}", p.people);
        }
        // me→1→2 (0.905 × 0.8) edges out knowing 2 directly (0.715).
        assert_eq!(paths[0].people, vec![1, 2]);
        assert_eq!(paths[1].people, vec![2]);
    }

    #[test]
    fn unreachable_or_unknown_targets_give_no_paths() {
        let mut b = GraphBuilder::new();
        b.warmth(1, 80);
        b.link(2, 3, 5, None);
        let g = b.build();
        assert!(g.best_paths(&[3], 3).is_empty());
        assert!(g.best_paths(&[99], 3).is_empty());
        assert!(g.best_paths(&[1], 0).is_empty());
        assert_eq!(g.person_count(), 3);
    }

    #[test]
    fn coworkers_tie_only_with_overlapping_tenures() {
        let stint = |who, from: &str, until: Option<&str>| Stint {
            who,
            org: 7,
            from: Some(d(from)),
            until: until.map(d),
            current: until.is_none(),
        };
        let mut b = GraphBuilder::new();
        b.coworkers(&[
            stint(Node::Me, "2015-01-01", Some("2018-01-01")),
            stint(Node::Person(1), "2017-06-01", None),
            stint(Node::Person(2), "2019-01-01", None),
        ]);
        let g = b.build();
        let to1 = g.best_paths(&[1], 1);
        assert_eq!(to1[0].people, vec![1]);
        assert_eq!(
            to1[0].ties[0],
            Tie::Coworkers {
                org: 7,
                overlap_known: true
            }
        );
        // I left before 2 started, so the way to 2 is through 1.
        assert_eq!(g.best_paths(&[2], 3)[0].people, vec![1, 2]);
        let text = describe(&to1, |id| format!("P{id}"), |_| "Acme".into());
        assert_eq!(text[0].why, vec!["you and P1 worked together at Acme"]);
        let mut cold = GraphBuilder::new();
        cold.warmth(5, 0);
        let text = describe(
            &cold.build().best_paths(&[5], 1),
            |id| format!("P{id}"),
            |_| String::new(),
        );
        assert_eq!(
            text[0].why,
            vec!["P5 is in your book, but you have not been in touch"]
        );
    }

    #[test]
    fn a_large_organisation_does_not_tie_everyone_to_everyone() {
        let stints: Vec<Stint> = (0..5_000)
            .map(|i| Stint {
                who: Node::Person(i),
                org: 1,
                from: None,
                until: None,
                current: true,
            })
            .collect();
        let mut b = GraphBuilder::new();
        b.coworkers(&stints);
        assert!(b.edges.len() <= 5_000 * COWORKER_CAP);
    }

    #[test]
    fn describe_explains_each_hop() {
        let mut b = GraphBuilder::new();
        b.warmth(1, 80);
        b.link(1, 2, 4, Some("college roommates".into()));
        let found = b.build().best_paths(&[2], 1);
        let out = describe(
            &found,
            |id| ["", "Ana", "Bo"][id as usize].into(),
            |_| String::new(),
        );
        assert_eq!(out[0].chain(), "you → Ana → Bo");
        assert_eq!(out[0].why[0], "you know Ana (warmth 80)");
        assert_eq!(out[0].why[1], "Ana knows Bo: college roommates");
        assert!((out[0].strength - 0.648).abs() < 1e-9);
    }

    /// A tiny deterministic generator, so the benchmark graph is the same every run.
    fn lcg(state: &mut u64) -> u64 {
        *state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *state >> 33
    }

    fn big_graph(people: i64, links: usize) -> Graph {
        let mut rng = 42u64;
        let mut b = GraphBuilder::with_capacity(people as usize, links + people as usize);
        for p in 1..=people {
            let score = if lcg(&mut rng).is_multiple_of(10) {
                (lcg(&mut rng) % 100) as u8
            } else {
                0
            };
            b.warmth(p, score);
        }
        for _ in 0..links {
            let x = (lcg(&mut rng) % people as u64) as i64 + 1;
            let y = (lcg(&mut rng) % people as u64) as i64 + 1;
            b.link(x, y, (lcg(&mut rng) % 5 + 1) as u8, None);
        }
        b.build()
    }

    #[test]
    fn paths_in_a_mid_sized_network() {
        let g = big_graph(2_000, 20_000);
        let paths = g.best_paths(&[1_234], 3);
        assert_eq!(paths.len(), 3);
        assert!(
            paths
                .windows(2)
                .all(|w| w[0].strength >= w[1].strength - 1e-9)
        );
    }
}

#[cfg(test)]
mod advice_tests {
    use super::{IntroPath, PersonRef};

    #[test]
    fn advice_follows_the_length_of_the_chain() {
        let way = |names: &[&str]| IntroPath {
            people: names
                .iter()
                .map(|n| PersonRef {
                    id: 1,
                    name: (*n).into(),
                })
                .collect(),
            strength: 0.5,
            why: Vec::new(),
        };
        assert_eq!(way(&["Ana"]).advice(), "Write to Ana yourself.");
        assert_eq!(
            way(&["Ana", "Bo"]).advice(),
            "Ask Ana to introduce you to Bo."
        );
        assert_eq!(
            way(&["Ana", "Cy", "Bo"]).advice(),
            "Ask Ana to pass your note along toward Bo."
        );
        assert_eq!(way(&[]).advice(), "");
    }
}
