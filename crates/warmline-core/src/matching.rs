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
mod index;
#[cfg(test)]
mod labelled;
mod words;

pub use index::{Index, IndexBuilder};
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

/// A profile's fields, in the order a profile lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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

/// Needs are short; a pasted paragraph is cut to its first terms.
const MAX_QUERY_TERMS: usize = 32;

/// A need's distinct specific terms, the first [`MAX_QUERY_TERMS`] of them.
fn query_terms(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    specific_terms(text)
        .into_iter()
        .filter(|t| seen.insert(t.clone()))
        .take(MAX_QUERY_TERMS)
        .collect()
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
fn explanation(need_text: &str, index: &Index, doc: u32, query: &HashSet<&str>) -> Explanation {
    let mut matched: HashSet<String> = HashSet::new();
    let mut best: Option<(Field, &str, f32)> = None;
    for (field, text) in index.fields(doc) {
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
    let who = index.doc(doc);
    let name = &who.name;
    // "You offer", not "You offers": I can be the one who helps, or the one in need.
    let s = if who.id == ME { "" } else { "s" };
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

/// A score as shown and ranked: two decimals.
fn shown(score: f32) -> f64 {
    (f64::from(score) * 100.0).round() / 100.0
}

fn proposal(need: &Need, who: &index::Doc, why: &Explanation, score: f32) -> Match {
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
            id: who.id,
            name: who.name.clone(),
        },
        score: shown(score),
        reason,
        words: why.words.clone(),
        matched: why.matched.clone(),
    }
}

/// Proposes introductions for every need, best first across all needs (ties by the
/// need's person, then the candidate's name, so output is stable).
pub fn find_matches(profiles: &[Profile], needs: &[Need], opts: &MatchOptions) -> Vec<Match> {
    Index::build(profiles).matches(needs, opts, usize::MAX).0
}

impl Index {
    /// The first `limit` introductions for every need, in [`rank`]'s order, and how many
    /// there are in all.
    ///
    /// Needs worded alike (the same few asks, made by many people) are ranked once and
    /// explained once per candidate; each need then drops only its own person from the
    /// shared ranking, so the result is what ranking every need alone gives. Every
    /// proposal is ordered from its score and names alone; only the first `limit` are
    /// explained and written out.
    pub fn matches(
        &self,
        needs: &[Need],
        opts: &MatchOptions,
        limit: usize,
    ) -> (Vec<Match>, usize) {
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
        // (need, candidate, score), each need's in ranked order.
        let mut found: Vec<(usize, u32, f32)> = Vec::new();
        let mut group_of: Vec<usize> = vec![0; needs.len()];
        for (g, (query, members)) in groups.iter().enumerate() {
            let ranked = self.ranked(query, opts, &mut acc);
            for &i in members {
                group_of[i] = g;
                found.extend(
                    self.best_for(&needs[i], &ranked, opts)
                        .map(|(doc, s)| (i, doc, s)),
                );
            }
        }
        // Ties beyond the names fall to the need's place in the list, then the ranking.
        found.sort_by(|a, b| {
            shown(b.2)
                .total_cmp(&shown(a.2))
                .then_with(|| needs[a.0].person.cmp(&needs[b.0].person))
                .then_with(|| self.doc(a.1).name.cmp(&self.doc(b.1).name))
                .then_with(|| self.doc(a.1).id.cmp(&self.doc(b.1).id))
                .then_with(|| a.0.cmp(&b.0))
        });
        let total = found.len();
        let mut explained: HashMap<(&str, u32), Explanation> = HashMap::new();
        let out = found
            .into_iter()
            .take(limit)
            .map(|(i, doc, score)| {
                let need = &needs[i];
                let why = explained
                    .entry((need.text.as_str(), doc))
                    .or_insert_with(|| {
                        let terms: HashSet<&str> =
                            groups[group_of[i]].0.iter().map(String::as_str).collect();
                        explanation(&need.text, self, doc, &terms)
                    });
                proposal(need, self.doc(doc), why, score)
            })
            .collect();
        (out, total)
    }
}

/// The order matches are shown in: best score first, then by person, name and id, so that
/// equal scores come out the same way every time. [`Index::matches`] sorts by the same
/// keys without building the matches; the tests check the two agree.
#[cfg(test)]
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
    fn a_tie_between_fields_goes_to_the_first_in_a_profile_whatever_order_they_came() {
        // One word of an offer weighs as much as two of an organisation's name.
        let tied = |b: &mut IndexBuilder| {
            b.person(1, "Ada".into());
            b.person(2, "Bo".into());
            b.org(2, "Design Systems Studio");
            b.offer(2, "design");
        };
        let mut b = IndexBuilder::new();
        tied(&mut b);
        let needs = [need(1, "Ada", "design systems")];
        let (found, total) = b.finish().matches(&needs, &MatchOptions::default(), 10);
        assert_eq!(total, 1);
        assert_eq!(found[0].matched, "design", "{found:?}");
        assert!(
            found[0].reason.starts_with("Bo offers 'design'"),
            "{found:?}"
        );
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
