//! The matchmaker: introductions where one contact's need meets another contact's offer,
//! title, organisation or personal details (SPEC §1, "Focus on others").
//!
//! Design. Every person becomes a small document made of fields (offers, title,
//! organisation, facts). Text is folded (case, accents, punctuation), stop words are
//! dropped and each word is cut to a stem, so "hiring a UX designer" and "UX design" share
//! the terms `ux` and `design`. Context words ("hiring", "open to new work", "next
//! month") are dropped too: they surround what is needed or offered without naming it
//! ([`words`]). An inverted index maps each term to the people whose document holds it,
//! and each need is scored as a BM25 query against that index. Only the postings of the
//! need's few terms are touched, so 2,000 needs over 10,000 people cost a few thousand
//! short posting walks instead of twenty million document comparisons.
//!
//! BM25 alone would rank someone who shares one rare word with a need; a proposed
//! introduction spends a favour, so the shared words must also cover half of one side's
//! weight (the sum of the IDF of its terms): of the need ("proofreading for a press
//! release" against "proofreading press releases"), or of one field of the candidate's
//! ("UX designer" inside "a UX designer for the mobile app"), whichever is better. A short
//! offer named inside a longer need is a match; one common word shared between two long
//! texts is not. `matching/labelled.rs` measures precision and recall on a table of labelled
//! pairs. The explanation names the field that matched best and the words of the need that
//! were matched, so the user can judge the idea.
//!
//! The tokeniser and stemmer here are shared with goal fit and common-ground matching.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::paths::PersonRef;
use crate::person::PersonId;
use crate::text::{fold, words};

#[cfg(test)]
mod alike;
#[cfg(test)]
mod labelled;
mod words;

pub use words::{is_context_word, is_stop_word, specific_terms, stem, terms};

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
    /// The share of IDF weight the shared words must cover (0–1), of the need or of one
    /// field of the candidate's, whichever is more.
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

/// The share of a title, organisation or fact the need must name for it to count as met
/// from the candidate's side (see [`Index::covers_a_field`]).
const DESCRIPTION_COVERAGE: f64 = 0.75;

const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Needs are short; a pasted paragraph is cut to its first terms.
const MAX_QUERY_TERMS: usize = 32;

/// One text's terms: each as often as it occurs, and each once.
struct TextTerms {
    all: Vec<u32>,
    distinct: Vec<u32>,
}

/// An inverted index over people's profiles, built once and queried per need.
pub struct Index<'a> {
    profiles: &'a [Profile],
    term_ids: HashMap<String, u32>,
    /// Per term: (document, weighted term frequency).
    postings: Vec<Vec<(u32, f32)>>,
    /// Per document, each field and its text in `texts`: the candidate's side of coverage.
    doc_fields: Vec<Vec<(Field, u32)>>,
    /// Every distinct text of every profile, cut into terms.
    texts: Vec<TextTerms>,
    doc_len: Vec<f32>,
    avg_len: f32,
    /// Per term, its IDF: computed once, as every need and every coverage check reads it.
    idf: Vec<f32>,
}

impl<'a> Index<'a> {
    pub fn build(profiles: &'a [Profile]) -> Index<'a> {
        let mut term_ids: HashMap<String, u32> = HashMap::new();
        let mut postings: Vec<Vec<(u32, f32)>> = Vec::new();
        let mut doc_len = Vec::with_capacity(profiles.len());
        let mut doc_fields = Vec::with_capacity(profiles.len());
        // Per document, each distinct term with its weighted frequency; a profile holds a
        // few dozen terms at most, so a list beats hashing.
        let mut tf: Vec<(u32, f32)> = Vec::new();
        // Titles, organisations and facts repeat across a network ("Marketing Manager",
        // the same employer for thousands): each distinct text is cut into terms once.
        let mut cut: HashMap<&'a str, u32> = HashMap::new();
        let mut texts: Vec<TextTerms> = Vec::new();
        for (doc, p) in profiles.iter().enumerate() {
            tf.clear();
            let mut len = 0.0;
            let mut field_texts: Vec<(Field, u32)> = Vec::new();
            for (field, text) in fields(p) {
                let at = *cut.entry(text).or_insert_with(|| {
                    let all: Vec<u32> = specific_terms(text)
                        .into_iter()
                        .map(|term| {
                            let next = postings.len() as u32;
                            let id = *term_ids.entry(term).or_insert(next);
                            if id == next {
                                postings.push(Vec::new());
                            }
                            id
                        })
                        .collect();
                    let mut distinct: Vec<u32> = Vec::new();
                    for &id in &all {
                        if !distinct.contains(&id) {
                            distinct.push(id);
                        }
                    }
                    texts.push(TextTerms { all, distinct });
                    texts.len() as u32 - 1
                });
                for &id in &texts[at as usize].all {
                    match tf.iter_mut().find(|(t, _)| *t == id) {
                        Some((_, f)) => *f += field.weight(),
                        None => tf.push((id, field.weight())),
                    }
                    len += field.weight();
                }
                field_texts.push((field, at));
            }
            for &(id, f) in &tf {
                postings[id as usize].push((doc as u32, f));
            }
            doc_len.push(len);
            doc_fields.push(field_texts);
        }
        let avg_len = if profiles.is_empty() {
            1.0
        } else {
            (doc_len.iter().sum::<f32>() / profiles.len() as f32).max(1.0)
        };
        let n = profiles.len() as f32;
        let idf = postings
            .iter()
            .map(|docs| {
                let df = docs.len() as f32;
                (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
            })
            .collect();
        Index {
            profiles,
            term_ids,
            postings,
            doc_fields,
            texts,
            doc_len,
            avg_len,
            idf,
        }
    }

    fn idf(&self, term: u32) -> f32 {
        self.idf[term as usize]
    }

    /// The best candidates for one need, best first, never the person who has the need.
    pub fn candidates(&self, need: &Need, opts: &MatchOptions) -> Vec<Match> {
        let query = query_terms(&need.text);
        let ranked = self.ranked(&query, opts, &mut Vec::new());
        let query: HashSet<&str> = query.iter().map(String::as_str).collect();
        self.best_for(need, &ranked, opts)
            .map(|(doc, score)| explain(need, &self.profiles[doc as usize], &query, score))
            .collect()
    }

    /// The first `opts.per_need` of `ranked` who are not the person with the need.
    fn best_for<'r>(
        &'r self,
        need: &'r Need,
        ranked: &'r [(u32, f32)],
        opts: &MatchOptions,
    ) -> impl Iterator<Item = (u32, f32)> + 'r {
        ranked
            .iter()
            .copied()
            .filter(move |&(doc, _)| self.profiles[doc as usize].id != need.person_id)
            .take(opts.per_need)
    }

    /// Everyone a query meets, best first (ties by position in the index), whoever has
    /// the need: it depends on the need's terms alone, so needs worded alike share it.
    /// `acc` (per document: score, covered IDF) is reused so that thousands of needs do
    /// not allocate thousands of accumulators.
    fn ranked(
        &self,
        query: &[String],
        opts: &MatchOptions,
        acc: &mut Vec<(f32, f32)>,
    ) -> Vec<(u32, f32)> {
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
        for t in query {
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
        let query_ids: Vec<u32> = query
            .iter()
            .filter_map(|t| self.term_ids.get(t).copied())
            .collect();
        let mut ranked: Vec<(u32, f32)> = touched
            .into_iter()
            .map(|doc| (doc, std::mem::take(&mut acc[doc as usize])))
            .filter(|&(doc, (score, covered))| {
                f64::from(score) >= opts.min_score
                    && (f64::from(covered / total_idf) >= opts.min_coverage
                        || self.covers_a_field(doc, &query_ids, opts.min_coverage))
            })
            .map(|(doc, (score, _))| (doc, score))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
    }
}

/// A need's distinct specific terms, the first [`MAX_QUERY_TERMS`] of them.
fn query_terms(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    specific_terms(text)
        .into_iter()
        .filter(|t| seen.insert(t.clone()))
        .take(MAX_QUERY_TERMS)
        .collect()
}

impl Index<'_> {
    /// Whether the need's terms cover enough of one of the candidate's fields: "UX
    /// designer" is wholly inside "a UX designer for the mobile app". An offer needs
    /// `min` of its IDF weight covered; a title, organisation or fact describes a person
    /// rather than offering help, so most of it must be named ([`DESCRIPTION_COVERAGE`]):
    /// "PR Coordinator" is no answer to "a PR intern".
    fn covers_a_field(&self, doc: u32, query: &[u32], min: f64) -> bool {
        self.doc_fields[doc as usize].iter().any(|&(field, text)| {
            let (mut hit, mut all) = (0.0f32, 0.0f32);
            for &t in &self.texts[text as usize].distinct {
                let idf = self.idf(t);
                all += idf;
                if query.contains(&t) {
                    hit += idf;
                }
            }
            let needed = match field {
                Field::Offer => min,
                _ => min.max(DESCRIPTION_COVERAGE),
            };
            all > 0.0 && f64::from(hit / all) >= needed
        })
    }
}

/// Why one person meets one need's text: the same for everyone who needs it in those
/// words, whoever they are.
struct Explanation {
    /// "Morgan offers 'UX designer'"
    what: String,
    /// The words of the need that were matched.
    words: Vec<String>,
    /// The candidate's text that matched best.
    matched: String,
}

/// Finds the field that shares most terms with the need, quoted, and the need's own words
/// that were matched.
fn explanation(need_text: &str, p: &Profile, query: &HashSet<&str>) -> Explanation {
    let mut matched: HashSet<String> = HashSet::new();
    let mut best: Option<(Field, &str, f32)> = None;
    for (field, text) in fields(p) {
        let hits: HashSet<String> = specific_terms(text)
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
    for w in words(need_text) {
        if !is_stop_word(&w)
            && !is_context_word(&w)
            && matched.contains(&stem(&w))
            && !need_words.contains(&w)
        {
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
    Explanation {
        what,
        words: need_words,
        matched: best.map(|(_, t, _)| t.to_string()).unwrap_or_default(),
    }
}

/// Builds the match with its explanation.
fn explain(need: &Need, p: &Profile, query: &HashSet<&str>, score: f32) -> Match {
    proposal(need, p, &explanation(&need.text, p, query), score)
}

fn proposal(need: &Need, p: &Profile, why: &Explanation, score: f32) -> Match {
    let needs = if need.person_id == ME {
        "need"
    } else {
        "needs"
    };
    let reason = format!(
        "{}; {} {needs} '{}' (matched: {})",
        why.what,
        need.person,
        need.text.trim(),
        why.words.join(", ")
    );
    Match {
        need: need.clone(),
        candidate: PersonRef {
            id: p.id,
            name: p.name.clone(),
        },
        score: (f64::from(score) * 100.0).round() / 100.0,
        reason,
        words: why.words.clone(),
        matched: why.matched.clone(),
    }
}

/// Proposes introductions for every need, best first across all needs (ties by the
/// need's person, then the candidate's name, so output is stable).
///
/// Needs worded alike (the same few asks, made by many people) are ranked once and
/// explained once per candidate; each need then drops only its own person from the
/// shared ranking, so the result is what ranking every need alone gives.
pub fn find_matches(profiles: &[Profile], needs: &[Need], opts: &MatchOptions) -> Vec<Match> {
    let index = Index::build(profiles);
    let mut by_text: HashMap<&str, usize> = HashMap::new();
    let mut by_query: HashMap<Vec<String>, usize> = HashMap::new();
    let mut groups: Vec<(Vec<String>, Vec<usize>)> = Vec::new();
    for (i, n) in needs.iter().enumerate() {
        if fold(&n.text).is_empty() {
            continue;
        }
        let g = match by_text.get(n.text.as_str()) {
            Some(&g) => g,
            None => {
                let query = query_terms(&n.text);
                let g = *by_query.entry(query.clone()).or_insert(groups.len());
                if g == groups.len() {
                    groups.push((query, Vec::new()));
                }
                by_text.insert(&n.text, g);
                g
            }
        };
        groups[g].1.push(i);
    }
    let mut acc = Vec::new();
    let mut per_need: Vec<Vec<Match>> = vec![Vec::new(); needs.len()];
    for (query, members) in &groups {
        let ranked = index.ranked(query, opts, &mut acc);
        let terms: HashSet<&str> = query.iter().map(String::as_str).collect();
        let mut explained: HashMap<(&str, u32), Explanation> = HashMap::new();
        for &i in members {
            let need = &needs[i];
            per_need[i] = index
                .best_for(need, &ranked, opts)
                .map(|(doc, score)| {
                    let p = &profiles[doc as usize];
                    let why = explained
                        .entry((need.text.as_str(), doc))
                        .or_insert_with(|| explanation(&need.text, p, &terms));
                    proposal(need, p, why, score)
                })
                .collect();
        }
    }
    let mut out: Vec<Match> = per_need.into_iter().flatten().collect();
    rank(&mut out);
    out
}

/// The order matches are shown in: best score first, then by person, name and id, so that
/// equal scores come out the same way every time.
pub(crate) fn rank(out: &mut [Match]) {
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.need.person.cmp(&b.need.person))
            .then_with(|| a.candidate.name.cmp(&b.candidate.name))
            .then_with(|| a.candidate.id.cmp(&b.candidate.id))
    });
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
    fn context_words_around_a_need_do_not_hide_its_offer() {
        let people = vec![
            person(1, "Jenna", &[], "", ""),
            person(2, "Morgan", &["UX designer, open to new work"], "", ""),
            person(3, "Bo", &[], "PR Coordinator", "Harbor & Finch"),
            person(4, "Ana", &["help with new work in accounting"], "", ""),
        ];
        let needs = [
            need(1, "Jenna", "a UX designer for the mobile app, we're hiring"),
            need(1, "Jenna", "a PR intern for the summer"),
            need(1, "Jenna", "help finding a new job in marketing"),
        ];
        let found = find_matches(&people, &needs, &MatchOptions::default());
        let pairs: Vec<(&str, &str)> = found
            .iter()
            .map(|m| (m.need.text.as_str(), m.candidate.name.as_str()))
            .collect();
        // The offer is named whole inside the need; a title half named is no answer, and
        // generic words alone ("help", "new", "work") make no match.
        assert_eq!(
            pairs,
            [("a UX designer for the mobile app, we're hiring", "Morgan")]
        );
        assert_eq!(found[0].words, ["ux", "designer"]);
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
