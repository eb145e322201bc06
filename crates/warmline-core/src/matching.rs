//! The matchmaker: introductions where one contact's need meets another contact's offer,
//! title, organisation or personal details (SPEC §1, "Focus on others").
//!
//! Design. Every person becomes a small document made of fields (offers, title,
//! organisation, facts). Text is folded (case, accents, punctuation), stop words are
//! dropped and each word is cut to a stem, so "hiring a UX designer" and "UX design" share
//! the terms `ux` and `design`. An inverted index maps each term to the people whose
//! document holds it, and each need is scored as a BM25 query against that index. Only the
//! postings of the need's few terms are touched, so 2,000 needs over 10,000 people cost a
//! few thousand short posting walks instead of twenty million document comparisons.
//!
//! BM25 alone would rank someone who shares one rare word with a need; a proposed
//! introduction spends a favour, so a candidate must also cover at least half of the need's
//! weight (the sum of the IDF of its terms). The explanation names the field that matched
//! best and the words of the need that were matched, so the user can judge the idea.
//!
//! The tokeniser and stemmer here are shared with goal fit and common-ground matching.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::paths::PersonRef;
use crate::person::PersonId;
use crate::text::{fold, words};

/// Words that carry no topic, including the words that say *that* someone wants
/// something rather than *what* ("looking for", "need"). Sorted, so the words of one first letter sit together.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "advice",
    "an",
    "and",
    "any",
    "anyone",
    "are",
    "as",
    "at",
    "be",
    "but",
    "by",
    "can",
    "could",
    "do",
    "find",
    "finding",
    "for",
    "from",
    "get",
    "has",
    "have",
    "he",
    "help",
    "helping",
    "her",
    "his",
    "hoping",
    "i",
    "in",
    "interested",
    "into",
    "intro",
    "introduction",
    "introductions",
    "is",
    "it",
    "its",
    "looking",
    "me",
    "my",
    "need",
    "needed",
    "needs",
    "of",
    "on",
    "or",
    "our",
    "seeking",
    "she",
    "so",
    "some",
    "someone",
    "that",
    "the",
    "their",
    "them",
    "they",
    "this",
    "to",
    "us",
    "want",
    "wanted",
    "wants",
    "was",
    "we",
    "who",
    "will",
    "with",
    "would",
    "you",
    "your",
];

/// Is this folded word too common to say anything about a topic?
pub fn is_stop_word(word: &str) -> bool {
    // Every word of every text passes here. No stop word is longer than this, and most
    // topic words are; the rest compare only with the stop words of their first letter.
    let Some(&first) = word.as_bytes().first() else {
        return false;
    };
    if word.len() > LONGEST_STOP_WORD {
        return false;
    }
    let from = STOP_WORDS.partition_point(|w| w.as_bytes()[0] < first);
    STOP_WORDS[from..]
        .iter()
        .take_while(|w| w.as_bytes()[0] == first)
        .any(|w| *w == word)
}

/// The length of the longest entry in [`STOP_WORDS`].
const LONGEST_STOP_WORD: usize = 13;

/// Suffix rules tried longest first; the first that leaves a plausible stem wins.
const SUFFIXES: &[(&str, &str)] = &[
    ("ational", "ate"),
    ("ization", "ize"),
    ("ations", "ate"),
    ("ation", "ate"),
    ("ments", ""),
    ("ment", ""),
    ("ness", ""),
    ("ings", ""),
    ("ing", ""),
    ("sses", "ss"),
    ("ies", "y"),
    ("ied", "y"),
    ("ers", ""),
    ("er", ""),
    ("ed", ""),
    ("es", ""),
    ("s", ""),
    ("y", ""),
];

fn has_vowel(s: &str) -> bool {
    s.bytes().any(|b| b"aeiouy".contains(&b))
}

/// Strips one suffix. On a second round plurals are left alone: "releases" → "releas"
/// must not go on to "relea", since "release" (no suffix) only loses its final e.
fn strip_once(word: &str, second: bool) -> Option<String> {
    for &(suffix, replacement) in SUFFIXES {
        if second && matches!(suffix, "s" | "es") {
            continue;
        }
        let Some(stem) = word.strip_suffix(suffix) else {
            continue;
        };
        // "status", "analysis", "class" are not plurals.
        if suffix == "s" && (stem.ends_with('s') || stem.ends_with('u') || stem.ends_with('i')) {
            continue;
        }
        if stem.len() < 3 || !has_vowel(stem) {
            continue;
        }
        let mut out = format!("{stem}{replacement}");
        // "planning" → "plann" → "plan"; f, l, s and z double in the base word ("staff").
        let b = out.as_bytes();
        let n = b.len();
        if matches!(suffix, "ing" | "ings" | "ed" | "er" | "ers")
            && n >= 2
            && b[n - 1] == b[n - 2]
            && !b"aeiouflsz".contains(&b[n - 1])
        {
            out.pop();
        }
        return Some(out);
    }
    None
}

/// A light suffix-stripping stemmer. It is not linguistically exact; what matters is
/// that related forms meet: design/designer/designing, hire/hiring/hired,
/// engineer/engineering, company/companies, recruit/recruiter/recruiting.
pub fn stem(word: &str) -> String {
    if word.len() <= 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut w = word.to_string();
    // Two rounds so that a suffix on a suffix folds too ("engineering" → "engineer" →
    // "engine", like "engineer" → "engine").
    for round in 0..2 {
        match strip_once(&w, round > 0) {
            Some(s) => w = s,
            None => break,
        }
    }
    // A final silent e differs between forms ("hire" / "hiring"), so drop it.
    if w.len() > 3 && w.ends_with('e') {
        w.pop();
    }
    w
}

/// The folded, stop-word-free, stemmed terms of a text, in order.
pub fn terms(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .filter(|w| !is_stop_word(w))
        .map(|w| stem(&w))
        .collect()
}

/// The id that stands for me (the user) in profiles and needs: people's ids start at 1.
/// The explanation then reads "you offer …" and "you need …".
pub const ME: PersonId = 0;

/// What the matchmaker knows of one person: the things they could help with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    pub id: PersonId,
    pub name: String,
    pub offers: Vec<String>,
    pub title: Option<String>,
    pub org: Option<String>,
    pub facts: Vec<String>,
}

/// One open need of one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Need {
    pub person_id: PersonId,
    pub person: String,
    pub text: String,
}

/// A proposed introduction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    pub need: Need,
    pub candidate: PersonRef,
    /// BM25 score, rounded to two decimals; only comparable within one run.
    pub score: f64,
    pub reason: String,
    /// The words of the need that the candidate's profile matched.
    pub words: Vec<String>,
    /// The candidate's text that matched best: an offer, title, organisation or fact.
    pub matched: String,
}

/// Tuning for [`find_matches`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatchOptions {
    /// At most this many candidates for one need.
    pub per_need: usize,
    /// Below this BM25 score a match is noise.
    pub min_score: f64,
    /// The share of a need's IDF weight a candidate must cover (0–1).
    pub min_coverage: f64,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            per_need: 3,
            min_score: 0.5,
            min_coverage: 0.5,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Offer,
    Title,
    Org,
    Fact,
}

impl Field {
    /// An offer is a statement of help and counts most; a fact least, because facts
    /// describe a life rather than what someone can do for others.
    fn weight(self) -> f32 {
        match self {
            Field::Offer => 2.0,
            Field::Title => 1.5,
            Field::Org => 1.0,
            Field::Fact => 0.7,
        }
    }
}

fn fields(p: &Profile) -> impl Iterator<Item = (Field, &str)> {
    p.offers
        .iter()
        .map(|t| (Field::Offer, t.as_str()))
        .chain(p.title.iter().map(|t| (Field::Title, t.as_str())))
        .chain(p.org.iter().map(|t| (Field::Org, t.as_str())))
        .chain(p.facts.iter().map(|t| (Field::Fact, t.as_str())))
}

const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Needs are short; a pasted paragraph is cut to its first terms.
const MAX_QUERY_TERMS: usize = 32;

/// An inverted index over people's profiles, built once and queried per need.
pub struct Index<'a> {
    profiles: &'a [Profile],
    term_ids: HashMap<String, u32>,
    /// Per term: (document, weighted term frequency).
    postings: Vec<Vec<(u32, f32)>>,
    doc_len: Vec<f32>,
    avg_len: f32,
}

impl<'a> Index<'a> {
    pub fn build(profiles: &'a [Profile]) -> Index<'a> {
        let mut term_ids: HashMap<String, u32> = HashMap::new();
        let mut postings: Vec<Vec<(u32, f32)>> = Vec::new();
        let mut doc_len = Vec::with_capacity(profiles.len());
        let mut tf: HashMap<u32, f32> = HashMap::new();
        for (doc, p) in profiles.iter().enumerate() {
            tf.clear();
            let mut len = 0.0;
            for (field, text) in fields(p) {
                for term in terms(text) {
                    let next = postings.len() as u32;
                    let id = *term_ids.entry(term).or_insert(next);
                    if id == next {
                        postings.push(Vec::new());
                    }
                    *tf.entry(id).or_insert(0.0) += field.weight();
                    len += field.weight();
                }
            }
            for (&id, &f) in &tf {
                postings[id as usize].push((doc as u32, f));
            }
            doc_len.push(len);
        }
        let avg_len = if profiles.is_empty() {
            1.0
        } else {
            (doc_len.iter().sum::<f32>() / profiles.len() as f32).max(1.0)
        };
        Index {
            profiles,
            term_ids,
            postings,
            doc_len,
            avg_len,
        }
    }

    fn idf(&self, term: u32) -> f32 {
        let n = self.profiles.len() as f32;
        let df = self.postings[term as usize].len() as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// The best candidates for one need, best first, never the person who has the need.
    pub fn candidates(&self, need: &Need, opts: &MatchOptions) -> Vec<Match> {
        self.candidates_with(need, opts, &mut Vec::new())
    }

    /// As [`Index::candidates`], reusing `acc` (per document: score, covered IDF) so that
    /// thousands of needs do not allocate thousands of accumulators.
    fn candidates_with(
        &self,
        need: &Need,
        opts: &MatchOptions,
        acc: &mut Vec<(f32, f32)>,
    ) -> Vec<Match> {
        let mut seen = HashSet::new();
        let query: Vec<String> = terms(&need.text)
            .into_iter()
            .filter(|t| seen.insert(t.clone()))
            .take(MAX_QUERY_TERMS)
            .collect();
        // Terms nobody has still count in the need's weight, as if one person had them: an
        // unmatched specific word is exactly what makes a partial match weak.
        let n = self.profiles.len() as f32;
        let unseen_idf = (1.0 + (n - 0.5) / 1.5).ln();
        let total_idf: f32 = query
            .iter()
            .map(|t| self.term_ids.get(t).map_or(unseen_idf, |&id| self.idf(id)))
            .sum();
        if total_idf <= 0.0 {
            return Vec::new();
        }
        // The accumulator stays zeroed between needs: only the entries a need touched are
        // reset below, so each need costs its postings, not the size of the network.
        if acc.len() != self.profiles.len() {
            acc.clear();
            acc.resize(self.profiles.len(), (0.0, 0.0));
        }
        let mut touched: Vec<u32> = Vec::new();
        for t in &query {
            let Some(&id) = self.term_ids.get(t) else {
                continue;
            };
            let idf = self.idf(id);
            for &(doc, f) in &self.postings[id as usize] {
                let norm = K1 * (1.0 - B + B * self.doc_len[doc as usize] / self.avg_len);
                let e = &mut acc[doc as usize];
                if e.1 == 0.0 {
                    touched.push(doc);
                }
                e.0 += idf * f * (K1 + 1.0) / (f + norm);
                e.1 += idf;
            }
        }
        let mut ranked: Vec<(u32, f32)> = touched
            .into_iter()
            .map(|doc| (doc, std::mem::take(&mut acc[doc as usize])))
            .filter(|&(doc, (score, covered))| {
                self.profiles[doc as usize].id != need.person_id
                    && f64::from(score) >= opts.min_score
                    && f64::from(covered / total_idf) >= opts.min_coverage
            })
            .map(|(doc, (score, _))| (doc, score))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(opts.per_need);
        let query: HashSet<&str> = query.iter().map(String::as_str).collect();
        ranked
            .into_iter()
            .map(|(doc, score)| explain(need, &self.profiles[doc as usize], &query, score))
            .collect()
    }
}

/// Builds the match with its explanation: the field that shares most terms with the need,
/// quoted, and the need's own words that were matched.
fn explain(need: &Need, p: &Profile, query: &HashSet<&str>, score: f32) -> Match {
    let mut matched: HashSet<String> = HashSet::new();
    let mut best: Option<(Field, &str, f32)> = None;
    for (field, text) in fields(p) {
        let hits: HashSet<String> = terms(text)
            .into_iter()
            .filter(|t| query.contains(t.as_str()))
            .collect();
        let weight = hits.len() as f32 * field.weight();
        if weight > 0.0 && best.is_none_or(|(_, _, w)| weight > w) {
            best = Some((field, text, weight));
        }
        matched.extend(hits);
    }
    let mut need_words: Vec<String> = Vec::new();
    for w in words(&need.text) {
        if !is_stop_word(&w) && matched.contains(&stem(&w)) && !need_words.contains(&w) {
            need_words.push(w);
        }
    }
    let name = &p.name;
    // "You offer", not "You offers": I can be the one who helps, or the one in need.
    let s = if p.id == ME { "" } else { "s" };
    let what = match best {
        Some((Field::Offer, t, _)) => format!("{name} offer{s} '{t}'"),
        Some((Field::Title, t, _)) => format!("{name} work{s} as '{t}'"),
        Some((Field::Org, t, _)) => format!("{name} work{s} at '{t}'"),
        Some((Field::Fact, t, _)) => format!("{name}: '{t}'"),
        None => name.clone(),
    };
    let needs = if need.person_id == ME {
        "need"
    } else {
        "needs"
    };
    let reason = format!(
        "{what}; {} {needs} '{}' (matched: {})",
        need.person,
        need.text.trim(),
        need_words.join(", ")
    );
    Match {
        need: need.clone(),
        candidate: PersonRef {
            id: p.id,
            name: p.name.clone(),
        },
        score: (f64::from(score) * 100.0).round() / 100.0,
        reason,
        words: need_words,
        matched: best.map(|(_, t, _)| t.to_string()).unwrap_or_default(),
    }
}

/// Proposes introductions for every need, best first across all needs (ties by the
/// need's person, then the candidate's name, so output is stable).
pub fn find_matches(profiles: &[Profile], needs: &[Need], opts: &MatchOptions) -> Vec<Match> {
    let index = Index::build(profiles);
    let mut acc = Vec::new();
    let mut out: Vec<Match> = Vec::new();
    for n in needs.iter().filter(|n| !fold(&n.text).is_empty()) {
        out.extend(index.candidates_with(n, opts, &mut acc));
    }
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.need.person.cmp(&b.need.person))
            .then_with(|| a.candidate.name.cmp(&b.candidate.name))
            .then_with(|| a.candidate.id.cmp(&b.candidate.id))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: PersonId, name: &str, offers: &[&str], title: &str, org: &str) -> Profile {
        Profile {
            id,
            name: name.into(),
            offers: offers.iter().map(|s| s.to_string()).collect(),
            title: (!title.is_empty()).then(|| title.into()),
            org: (!org.is_empty()).then(|| org.into()),
            facts: Vec::new(),
        }
    }

    fn need(id: PersonId, name: &str, text: &str) -> Need {
        Need {
            person_id: id,
            person: name.into(),
            text: text.into(),
        }
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(
            STOP_WORDS.iter().map(|w| w.len()).max(),
            Some(LONGEST_STOP_WORD)
        );
    }

    #[test]
    fn related_forms_share_a_stem() {
        for group in [
            &["design", "designer", "designers", "designing"][..],
            &["hire", "hiring", "hired"],
            &["engineer", "engineering", "engineers"],
            &["company", "companies"],
            &["recruit", "recruiter", "recruiting"],
            &["plan", "planning", "planner"],
            &["staff", "staffing"],
            &["release", "releases", "released"],
            &["phase", "phases"],
        ] {
            let stems: HashSet<String> = group.iter().map(|w| stem(w)).collect();
            assert_eq!(stems.len(), 1, "{group:?} → {stems:?}");
        }
        assert_eq!(stem("status"), "status");
        assert_eq!(stem("ux"), "ux");
        assert_eq!(terms("Hiring a UX Designer!"), vec!["hir", "ux", "design"]);
    }

    fn network() -> Vec<Profile> {
        let mut people = vec![
            person(1, "Tom", &[], "Head of Product", "Acme"),
            person(2, "Morgan", &["UX designer", "portfolio reviews"], "", ""),
            person(3, "Priya", &["intro to investors"], "Partner", "Seed Fund"),
            person(4, "Lee", &[], "Backend Engineer", "Globex"),
        ];
        people[3].facts.push("moving to Austin in March".into());
        people
    }

    #[test]
    fn a_true_match_ranks_above_unrelated_people_and_names_the_words() {
        let people = network();
        let needs = [need(1, "Tom", "hiring a UX designer")];
        let found = find_matches(&people, &needs, &MatchOptions::default());
        assert!(!found.is_empty());
        assert_eq!(found[0].candidate.name, "Morgan");
        assert!(
            found
                .iter()
                .all(|m| m.candidate.id != 3 && m.candidate.id != 4)
        );
        let reason = &found[0].reason;
        assert!(reason.contains("Morgan offers 'UX designer'"), "{reason}");
        assert!(
            reason.contains("Tom needs 'hiring a UX designer'"),
            "{reason}"
        );
        assert!(
            reason.contains("ux") && reason.contains("designer"),
            "{reason}"
        );
        assert_eq!(found[0].words, vec!["ux", "designer"]);
    }

    #[test]
    fn i_can_be_the_helper_or_the_one_in_need() {
        let mut people = network();
        people.push(person(
            ME,
            "You",
            &["portfolio reviews for designers"],
            "",
            "",
        ));
        let needs = [
            need(1, "Tom", "portfolio review"),
            need(ME, "you", "an intro to investors"),
        ];
        let found = find_matches(&people, &needs, &MatchOptions::default());
        let mine = found.iter().find(|m| m.need.person_id == ME).unwrap();
        assert_eq!(mine.candidate.name, "Priya");
        assert!(
            mine.reason
                .ends_with("you need 'an intro to investors' (matched: investors)"),
            "{}",
            mine.reason
        );
        let helper = found.iter().find(|m| m.candidate.id == ME).unwrap();
        assert!(
            helper
                .reason
                .starts_with("You offer 'portfolio reviews for designers'; Tom needs"),
            "{}",
            helper.reason
        );
        assert_eq!(helper.matched, "portfolio reviews for designers");
    }

    #[test]
    fn never_matches_a_person_with_themselves() {
        let people = network();
        let needs = [need(2, "Morgan", "UX designer")];
        let found = find_matches(&people, &needs, &MatchOptions::default());
        assert!(found.iter().all(|m| m.candidate.id != 2), "{found:?}");
    }

    #[test]
    fn facts_and_titles_match_too() {
        let people = network();
        let needs = [
            need(2, "Morgan", "advice about Austin"),
            need(3, "Priya", "a backend engineer for our portfolio"),
        ];
        let found = find_matches(&people, &needs, &MatchOptions::default());
        let austin = found.iter().find(|m| m.need.person_id == 2).unwrap();
        assert_eq!(austin.candidate.name, "Lee");
        assert!(
            austin.reason.contains("moving to Austin"),
            "{}",
            austin.reason
        );
        let eng = found.iter().find(|m| m.need.person_id == 3).unwrap();
        assert_eq!(eng.candidate.name, "Lee");
        assert!(eng.reason.contains("works as 'Backend Engineer'"));
    }

    #[test]
    fn a_need_of_only_stop_words_matches_nothing() {
        let people = network();
        let needs = [need(1, "Tom", "looking for someone"), need(1, "Tom", "  ")];
        assert!(find_matches(&people, &needs, &MatchOptions::default()).is_empty());
    }

    #[test]
    fn scales_to_ten_thousand_people() {
        // A vocabulary of 500 made-up skills, each held by about forty people.
        let skill = |i: usize| format!("skill{}", i % 500);
        let people: Vec<Profile> = (0..10_000)
            .map(|i| {
                let offer = format!("{} and {} mentoring", skill(i), skill(i * 7 + 3));
                person(i as i64, &format!("P{i}"), &[&offer], "", "")
            })
            .collect();
        let needs: Vec<Need> = (0..2_000)
            .map(|i| {
                need(
                    i as i64,
                    &format!("P{i}"),
                    &format!("help with {}", skill(i * 13)),
                )
            })
            .collect();
        let found = find_matches(&people, &needs, &MatchOptions::default());
        assert!(found.len() >= 2_000, "{}", found.len());
        assert!(found.iter().all(|m| m.candidate.id != m.need.person_id));
    }
}
