//! The inverted index the matchmaker queries: each term's postings, each person's length,
//! each term's IDF, and every distinct text of the network cut into terms once.
//!
//! It is built one person and one text at a time ([`IndexBuilder`]), so a caller reading
//! rows never holds a profile per person: in a network of 100,000 people the titles,
//! employers and hobbies repeat, and a text seen before costs one lookup, not an allocation
//! and a pass of the stemmer.

use std::collections::HashMap;

use super::{
    DESCRIPTION_COVERAGE, Explanation, Field, Match, MatchOptions, Need, Profile, explanation,
    fields, proposal, query_terms, specific_terms,
};
use crate::person::PersonId;

const K1: f32 = 1.2;
const B: f32 = 0.75;

/// One distinct text of the network and its terms: each as often as it occurs, and each
/// once.
struct Text {
    text: String,
    all: Vec<u32>,
    distinct: Vec<u32>,
}

/// One person: who they are, and each of their texts (an index into the texts) with its
/// field, in the order offers, title, organisation, facts.
pub(super) struct Doc {
    pub(super) id: PersonId,
    pub(super) name: String,
    fields: Vec<(Field, u32)>,
}

/// Gathers people and their texts for an [`Index`].
#[derive(Default)]
pub struct IndexBuilder {
    docs: Vec<Doc>,
    texts: Vec<Text>,
    /// Each distinct text's place in `texts`.
    cut: HashMap<String, u32>,
    term_ids: HashMap<String, u32>,
    /// The person the last text went to.
    last: usize,
}

impl IndexBuilder {
    pub fn new() -> IndexBuilder {
        IndexBuilder::default()
    }

    /// Adds a person. People come in increasing id order (me, [`super::ME`], first), so
    /// that their texts, added afterwards in any order, find them by id.
    pub fn person(&mut self, id: PersonId, name: String) {
        debug_assert!(self.docs.last().is_none_or(|d| d.id < id));
        self.docs.push(Doc {
            id,
            name,
            fields: Vec::new(),
        });
    }

    /// An open offer of the person with this id; ignored for someone not added.
    pub fn offer(&mut self, id: PersonId, text: &str) {
        self.add_for(id, Field::Offer, text);
    }

    pub fn title(&mut self, id: PersonId, text: &str) {
        self.add_for(id, Field::Title, text);
    }

    /// The name of the person's organisation.
    pub fn org(&mut self, id: PersonId, text: &str) {
        self.add_for(id, Field::Org, text);
    }

    pub fn fact(&mut self, id: PersonId, text: &str) {
        self.add_for(id, Field::Fact, text);
    }

    fn add_for(&mut self, id: PersonId, field: Field, text: &str) {
        // Texts come grouped by person, mostly in id order: where the last one went, or
        // the next person, is tried before searching.
        let doc = match (self.docs.get(self.last), self.docs.get(self.last + 1)) {
            (Some(d), _) if d.id == id => Some(self.last),
            (_, Some(d)) if d.id == id => Some(self.last + 1),
            _ => self.docs.binary_search_by_key(&id, |d| d.id).ok(),
        };
        if let Some(doc) = doc {
            self.last = doc;
            self.add(doc, field, text);
        }
    }

    fn add(&mut self, doc: usize, field: Field, text: &str) {
        let at = match self.cut.get(text) {
            Some(&at) => at,
            None => {
                let all: Vec<u32> = specific_terms(text)
                    .into_iter()
                    .map(|term| {
                        let next = self.term_ids.len() as u32;
                        *self.term_ids.entry(term).or_insert(next)
                    })
                    .collect();
                let mut distinct: Vec<u32> = Vec::new();
                for &id in &all {
                    if !distinct.contains(&id) {
                        distinct.push(id);
                    }
                }
                let at = self.texts.len() as u32;
                self.texts.push(Text {
                    text: text.to_string(),
                    all,
                    distinct,
                });
                self.cut.insert(text.to_string(), at);
                at
            }
        };
        self.docs[doc].fields.push((field, at));
    }

    pub fn finish(mut self) -> Index {
        let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); self.term_ids.len()];
        let mut doc_len = Vec::with_capacity(self.docs.len());
        // Per document, each distinct term with its weighted frequency; a profile holds a
        // few dozen terms at most, so a list beats hashing.
        let mut tf: Vec<(u32, f32)> = Vec::new();
        for (doc, d) in self.docs.iter_mut().enumerate() {
            // Texts may have come field by field (all titles, then all facts): a stable
            // sort puts each person's back in the order of a profile, which fixes the order
            // the weights are summed in and which field explains a match.
            d.fields.sort_by_key(|&(field, _)| field);
            tf.clear();
            let mut len = 0.0;
            for &(field, at) in &d.fields {
                for &id in &self.texts[at as usize].all {
                    match tf.iter_mut().find(|(t, _)| *t == id) {
                        Some((_, f)) => *f += field.weight(),
                        None => tf.push((id, field.weight())),
                    }
                    len += field.weight();
                }
            }
            for &(id, f) in &tf {
                postings[id as usize].push((doc as u32, f));
            }
            doc_len.push(len);
        }
        let avg_len = if self.docs.is_empty() {
            1.0
        } else {
            (doc_len.iter().sum::<f32>() / self.docs.len() as f32).max(1.0)
        };
        let n = self.docs.len() as f32;
        let idf = postings
            .iter()
            .map(|docs| {
                let df = docs.len() as f32;
                (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
            })
            .collect();
        Index {
            docs: self.docs,
            texts: self.texts,
            term_ids: self.term_ids,
            postings,
            doc_len,
            avg_len,
            idf,
        }
    }
}

/// An inverted index over people's profiles, built once and queried per need.
pub struct Index {
    docs: Vec<Doc>,
    texts: Vec<Text>,
    term_ids: HashMap<String, u32>,
    /// Per term: (document, weighted term frequency).
    postings: Vec<Vec<(u32, f32)>>,
    doc_len: Vec<f32>,
    avg_len: f32,
    /// Per term, its IDF: computed once, as every need and every coverage check reads it.
    idf: Vec<f32>,
}

impl Index {
    pub fn build(profiles: &[Profile]) -> Index {
        let mut b = IndexBuilder::new();
        for (doc, p) in profiles.iter().enumerate() {
            // Pushed directly, not by id: a slice of profiles need not be in id order.
            b.docs.push(Doc {
                id: p.id,
                name: p.name.clone(),
                fields: Vec::new(),
            });
            for (field, text) in fields(p) {
                b.add(doc, field, text);
            }
        }
        b.finish()
    }

    /// The name of the person with this id, if the index holds them (people added by
    /// [`IndexBuilder::person`], in id order).
    pub fn name(&self, id: PersonId) -> Option<&str> {
        let doc = self.docs.binary_search_by_key(&id, |d| d.id).ok()?;
        Some(&self.docs[doc].name)
    }

    pub(super) fn doc(&self, doc: u32) -> &Doc {
        &self.docs[doc as usize]
    }

    /// One person's texts with their fields, in a profile's order.
    pub(super) fn fields(&self, doc: u32) -> impl Iterator<Item = (Field, &str)> {
        self.docs[doc as usize]
            .fields
            .iter()
            .map(|&(field, at)| (field, self.texts[at as usize].text.as_str()))
    }

    fn idf(&self, term: u32) -> f32 {
        self.idf[term as usize]
    }

    /// The best candidates for one need, best first, never the person who has the need.
    pub fn candidates(&self, need: &Need, opts: &MatchOptions) -> Vec<Match> {
        let query = query_terms(&need.text);
        let ranked = self.ranked(&query, opts, &mut Vec::new());
        let query: std::collections::HashSet<&str> = query.iter().map(String::as_str).collect();
        self.best_for(need, &ranked, opts)
            .map(|(doc, score)| {
                let why: Explanation = explanation(&need.text, self, doc, &query);
                proposal(need, self.doc(doc), &why, score)
            })
            .collect()
    }

    /// The first `opts.per_need` of `ranked` who are not the person with the need.
    pub(super) fn best_for<'r>(
        &'r self,
        need: &'r Need,
        ranked: &'r [(u32, f32)],
        opts: &MatchOptions,
    ) -> impl Iterator<Item = (u32, f32)> + 'r {
        ranked
            .iter()
            .copied()
            .filter(move |&(doc, _)| self.docs[doc as usize].id != need.person_id)
            .take(opts.per_need)
    }

    /// Everyone a query meets, best first (ties by position in the index), whoever has
    /// the need: it depends on the need's terms alone, so needs worded alike share it.
    /// `acc` (per document: score, covered IDF) is reused so that thousands of needs do
    /// not allocate thousands of accumulators.
    pub(super) fn ranked(
        &self,
        query: &[String],
        opts: &MatchOptions,
        acc: &mut Vec<(f32, f32)>,
    ) -> Vec<(u32, f32)> {
        // Terms nobody has still count in the need's weight, as if one person had them: an
        // unmatched specific word is exactly what makes a partial match weak.
        let n = self.docs.len() as f32;
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
        if acc.len() != self.docs.len() {
            acc.clear();
            acc.resize(self.docs.len(), (0.0, 0.0));
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

    /// Whether the need's terms cover enough of one of the candidate's fields: "UX
    /// designer" is wholly inside "a UX designer for the mobile app". An offer needs
    /// `min` of its IDF weight covered; a title, organisation or fact describes a person
    /// rather than offering help, so most of it must be named ([`DESCRIPTION_COVERAGE`]):
    /// "PR Coordinator" is no answer to "a PR intern".
    fn covers_a_field(&self, doc: u32, query: &[u32], min: f64) -> bool {
        self.docs[doc as usize].fields.iter().any(|&(field, at)| {
            let (mut hit, mut all) = (0.0f32, 0.0f32);
            for &t in &self.texts[at as usize].distinct {
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
