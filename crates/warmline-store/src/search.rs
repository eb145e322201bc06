//! Full-text search over people: names, organisations, titles, notes, facts and
//! interaction summaries, through SQLite FTS5 with diacritics removed ("muller" finds
//! "Müller") and prefix matching ("climb" finds "climbing").

use std::collections::{HashMap, HashSet};

use crate::db::{OptionalExtension as _, params};
use warmline_core::person::PersonId;
use warmline_core::text::fold;

use crate::{Result, Store};

/// A search hit: who, and a snippet of what matched.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub id: PersonId,
    pub snippet: String,
    pub rank: f64,
}

/// Turns what a person typed into an FTS5 query: every word must match, each as a prefix.
/// Words are quoted so FTS5 syntax in the input (`OR`, `NEAR`, `*`, quotes) is just text.
fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"*", w.replace('"', "")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// The most hits ranked by relevance; see [`Store::search_ranked`].
pub const RANKED_AT_MOST: usize = 1_000;

/// The longest query answered from names alone.
const SHORT_QUERY: usize = 2;

/// A query of one or two letters, folded: it starts thousands of words, so ranking every
/// full-text hit cost most of a second at 10,000 people, and a person typing "a" is
/// looking for a name anyway. Such a query is answered from names ([`Store::name_prefix`]).
fn short_query(input: &str) -> Option<String> {
    let key = fold(input);
    (!key.is_empty() && !key.contains(' ') && key.len() <= SHORT_QUERY).then_some(key)
}

/// The name with the words starting with `key` in brackets, as a snippet.
fn name_snippet(name: &str, key: &str) -> String {
    name.split(' ')
        .map(|w| {
            if !w.is_empty() && fold(w).starts_with(key) {
                format!("[{w}]")
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The search-index rows of people, one per person; callers add a WHERE clause.
const INDEX_ROWS: &str = "INSERT INTO person_search (rowid, name, org, title, notes, facts, interactions)
     SELECT p.id, p.name,
            coalesce(o.name, '') || ' ' || coalesce(
                (SELECT group_concat(o2.name, ' ') FROM work_history w
                   JOIN organisations o2 ON o2.id = w.org_id
                  WHERE w.person_id = p.id AND w.current = 0), ''),
            coalesce(p.title, '') || ' ' || coalesce(p.location, '') || ' ' ||
                coalesce((SELECT group_concat(tag, ' ') FROM person_tags WHERE person_id = p.id), ''),
            p.notes || ' ' || coalesce(p.met_context, '') || ' ' ||
                coalesce((SELECT group_concat(email, ' ') FROM person_emails WHERE person_id = p.id), ''),
            coalesce((SELECT group_concat(text, ' ') FROM facts WHERE person_id = p.id), '') || ' ' ||
                coalesce((SELECT group_concat(text, ' ') FROM needs_offers WHERE person_id = p.id), ''),
            coalesce((SELECT group_concat(i.summary || ' ' || i.notes, ' ') FROM interactions i
                JOIN interaction_people ip ON ip.interaction_id = i.id WHERE ip.person_id = p.id), '')
     FROM people p LEFT JOIN organisations o ON o.id = p.org_id";

/// How many bytes of terms FTS5 gathers before writing them out: its default, and what a
/// rebuild of the whole index gathers.
const DEFAULT_HASH_BYTES: i64 = 1024 * 1024;
const REBUILD_HASH_BYTES: i64 = 64 * 1024 * 1024;
/// How many pieces of a level FTS5 gathers before merging them, by default.
const DEFAULT_AUTOMERGE: i64 = 4;

impl Store {
    /// Rebuilds one person's row of the search index from what is stored about them.
    pub(crate) fn reindex_person(&self, id: PersonId) -> Result<()> {
        if self.in_bulk.get() {
            return Ok(());
        }
        self.exec("DELETE FROM person_search WHERE rowid = ?1", [id])?;
        self.exec(&format!("{INDEX_ROWS} WHERE p.id = ?1"), [id])?;
        Ok(())
    }

    /// Rebuilds the whole index in one statement: after bulk loads, which skip
    /// per-person indexing.
    pub fn rebuild_search_index(&self) -> Result<()> {
        self.atomic(|s| {
            s.exec("DELETE FROM person_search", [])?;
            // FTS5 writes out what it has gathered each time it holds a megabyte of
            // terms, and merges the pieces as it goes: a whole network's terms gathered
            // in larger pieces were a fifth less work at 100,000 people. Merging them
            // once, into one piece, at the end rather than level by level as they come
            // took the rebuild from 4.1 to 3.7 s there, and leaves the index as compact as
            // a search wants it. The settings are kept in the index, so they go back after.
            let sqlite = s.conn.sqlite().is_some();
            let set = |name: &str, value: i64| -> Result<()> {
                if sqlite {
                    s.exec(
                        "INSERT INTO person_search (person_search, rank) VALUES (?1, ?2)",
                        params![name, value],
                    )?;
                }
                Ok(())
            };
            set("hashsize", REBUILD_HASH_BYTES)?;
            set("automerge", 0)?;
            s.exec(INDEX_ROWS, [])?;
            if sqlite {
                s.exec(
                    "INSERT INTO person_search (person_search) VALUES ('optimize')",
                    [],
                )?;
            }
            set("automerge", DEFAULT_AUTOMERGE)?;
            set("hashsize", DEFAULT_HASH_BYTES)
        })
    }

    /// Ranked search with a snippet of what matched; the name and organisation weigh most.
    /// Snippets are written only for the hits kept: in one statement with the ranking, a
    /// snippet was written for every hit before the sort.
    pub fn search(&self, input: &str, limit: usize) -> Result<Vec<SearchHit>> {
        Ok(self.search_inner(input, limit, false)?.0)
    }

    /// [`Store::search`], and how many people match in all when the list is full (the
    /// number of hits otherwise): a word ranked over many hits is counted once.
    pub fn search_counted(&self, input: &str, limit: usize) -> Result<(Vec<SearchHit>, usize)> {
        self.search_inner(input, limit, true)
    }

    /// A short query is counted only when `count` asks: it is a second pass over names.
    fn search_inner(
        &self,
        input: &str,
        limit: usize,
        count: bool,
    ) -> Result<(Vec<SearchHit>, usize)> {
        if let Some(key) = short_query(input) {
            let hits: Vec<SearchHit> = self
                .name_prefix(&key, limit)?
                .into_iter()
                .enumerate()
                .map(|(i, (id, name))| SearchHit {
                    id,
                    snippet: name_snippet(&name, &key),
                    rank: i as f64,
                })
                .collect();
            let count = self.count_when_full(input, hits.len(), limit, count)?;
            return Ok((hits, count));
        }
        let (ranked, count) = self.ranked_inner(input, limit, count)?;
        let ids: Vec<PersonId> = ranked.iter().map(|(id, _)| *id).collect();
        let mut snippets = self.search_snippets(input, &ids)?;
        let hits = ranked
            .into_iter()
            .map(|(id, rank)| SearchHit {
                id,
                snippet: snippets.remove(&id).unwrap_or_default(),
                rank,
            })
            .collect();
        Ok((hits, count))
    }

    /// How many match when `found` of them fill a list of `limit` and `count` asks;
    /// `found` otherwise.
    fn count_when_full(
        &self,
        input: &str,
        found: usize,
        limit: usize,
        count: bool,
    ) -> Result<usize> {
        Ok(if count && found >= limit.max(1) {
            self.search_count(input)?.max(found)
        } else {
            found
        })
    }

    /// How many people match `input`: counting the hits costs a small part of ranking them.
    pub fn search_count(&self, input: &str) -> Result<usize> {
        if let Some(key) = short_query(input) {
            let n: i64 = self
                .conn()
                .prepare_cached(
                    "SELECT count(*) FROM people
                  WHERE (name_key >= ?1 AND name_key < ?1 || char(0x10FFFF))
                     OR instr(name_key, ' ' || ?1) > 0",
                )?
                .query_row([key], |r| r.get(0))?;
            return Ok(usize::try_from(n).unwrap_or(0));
        }
        let Some(query) = fts_query(input) else {
            return Ok(0);
        };
        if self.conn().is_postgres() {
            return self.postgres_search_count(input);
        }
        let n: i64 = self
            .conn()
            .prepare_cached("SELECT count(*) FROM person_search WHERE person_search MATCH ?1")?
            .query_row([query], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Who matches, best first, with their rank and no snippet. A list of thousands of
    /// hits shows fifty, so snippets are asked for those fifty ([`Store::search_snippets`]).
    ///
    /// Relevance is computed for at most [`RANKED_AT_MOST`] hits: ranking every one of the
    /// 53,000 people a word such as "coffee" finds at 100,000 took 100 ms. Past that,
    /// those whose name, organisation or title match come first, then the rest, each
    /// group ranked among its most recently added [`RANKED_AT_MOST`].
    pub fn search_ranked(&self, input: &str, limit: usize) -> Result<Vec<(PersonId, f64)>> {
        Ok(self.ranked_inner(input, limit, false)?.0)
    }

    /// [`Store::search_ranked`], and how many people match in all when the list is full
    /// (the number of hits otherwise): ranking a word counts its hits, and the count is
    /// not read again.
    pub fn search_ranked_counted(
        &self,
        input: &str,
        limit: usize,
    ) -> Result<(Vec<(PersonId, f64)>, usize)> {
        self.ranked_inner(input, limit, true)
    }

    fn ranked_inner(
        &self,
        input: &str,
        limit: usize,
        count: bool,
    ) -> Result<(Vec<(PersonId, f64)>, usize)> {
        if let Some(key) = short_query(input) {
            let ranked: Vec<(PersonId, f64)> = self
                .name_prefix(&key, limit)?
                .into_iter()
                .enumerate()
                .map(|(i, (id, _))| (id, i as f64))
                .collect();
            let count = self.count_when_full(input, ranked.len(), limit, count)?;
            return Ok((ranked, count));
        }
        let Some(query) = fts_query(input) else {
            return Ok((Vec::new(), 0));
        };
        let postgres = self.conn().is_postgres();
        let rank = |names_only: bool, limit: usize, among: usize| {
            if postgres {
                self.postgres_rank(input, names_only, limit, among)
            } else if names_only {
                self.rank(&format!("{{name org title}} : ({query})"), limit, among)
            } else {
                self.rank(&query, limit, among)
            }
        };
        let count = self.search_count(input)?;
        if count <= RANKED_AT_MOST {
            let ranked = rank(false, limit, usize::MAX)?;
            let count = count.max(ranked.len());
            return Ok((ranked, count));
        }
        let mut out = rank(true, limit, RANKED_AT_MOST)?;
        if out.len() < limit {
            let first: HashSet<PersonId> = out.iter().map(|(id, _)| *id).collect();
            let rest = rank(false, limit.saturating_add(first.len()), RANKED_AT_MOST)?;
            let room = limit - out.len();
            out.extend(
                rest.into_iter()
                    .filter(|(id, _)| !first.contains(id))
                    .take(room),
            );
        }
        Ok((out, count))
    }

    /// The best `limit` hits of an FTS5 query among the `among` most recently added.
    fn rank(&self, query: &str, limit: usize, among: usize) -> Result<Vec<(PersonId, f64)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, rank FROM (
                 SELECT rowid AS id, bm25(person_search, 10.0, 5.0, 4.0, 1.0, 2.0, 1.0) AS rank
                   FROM person_search WHERE person_search MATCH ?1
                  ORDER BY rowid DESC LIMIT ?3)
             ORDER BY rank, id LIMIT ?2",
        )?;
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![query, count(limit), count(among)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// What matched `input` for each of `ids`, the matches in brackets.
    pub fn search_snippets(
        &self,
        input: &str,
        ids: &[PersonId],
    ) -> Result<HashMap<PersonId, String>> {
        if let Some(key) = short_query(input) {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT name FROM people WHERE id = ?1")?;
            let mut out = HashMap::with_capacity(ids.len());
            for id in ids {
                let name: Option<String> = stmt.query_row([id], |r| r.get(0)).optional()?;
                if let Some(name) = name {
                    out.insert(*id, name_snippet(&name, &key));
                }
            }
            return Ok(out);
        }
        let Some(query) = fts_query(input) else {
            return Ok(HashMap::new());
        };
        if self.conn().is_postgres() {
            return self.postgres_snippets(input, ids);
        }
        // One pass over the hits, a snippet only for those asked: each statement that
        // matches a prefix first gathers every word starting with it, several
        // milliseconds for a common word, which a statement per person paid fifty times.
        // The `+` keeps the ids a filter of that pass, not fifty lookups.
        let mut stmt = self.conn().prepare_cached(
            "SELECT rowid, snippet(person_search, -1, '[', ']', '…', 8)
             FROM person_search
             WHERE person_search MATCH ?1 AND +rowid IN (SELECT value FROM json_each(?2))",
        )?;
        let wanted = serde_json::to_string(ids)
            .map_err(|e| crate::StoreError::Invalid(format!("search: {e}")))?;
        let rows = stmt.query_map(params![query, wanted], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// People a word of whose name starts with `key` (folded), by name: those whose
    /// name starts with it first. The first group is a range of the name index; the
    /// second reads that index whole, which at 10,000 names is a few milliseconds, where
    /// the full-text index would rank every word starting with the letter.
    pub fn name_prefix(&self, key: &str, limit: usize) -> Result<Vec<(PersonId, String)>> {
        // Names are read only for the people kept: the matching itself reads the name
        // index alone, never the rows with their notes.
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.id, p.name FROM (
                 SELECT id, name_key, 0 AS later FROM people
                  WHERE name_key >= ?1 AND name_key < ?1 || char(0x10FFFF)
                 UNION ALL
                 SELECT id, name_key, 1 FROM people
                  WHERE instr(name_key, ' ' || ?1) > 0
                    AND NOT (name_key >= ?1 AND name_key < ?1 || char(0x10FFFF))
                 ORDER BY later, name_key, id LIMIT ?2) m
             JOIN people p ON p.id = m.id
             ORDER BY m.later, m.name_key, m.id",
        )?;
        let rows = stmt.query_map(params![key, limit as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::{fts_query, name_snippet, short_query};

    #[test]
    fn one_or_two_letters_are_a_short_query() {
        assert_eq!(short_query(" Á ").as_deref(), Some("a"));
        assert_eq!(short_query("Zö").as_deref(), Some("zo"));
        assert_eq!(short_query("ana"), None);
        assert_eq!(short_query("a b"), None);
        assert_eq!(short_query("**"), None);
    }

    #[test]
    fn the_matching_words_of_a_name_are_bracketed() {
        assert_eq!(name_snippet("Ana Álvarez", "a"), "[Ana] [Álvarez]");
        assert_eq!(name_snippet("Tom Okafor", "ok"), "Tom [Okafor]");
    }

    #[test]
    fn input_becomes_quoted_prefix_terms() {
        assert_eq!(
            fts_query("climb acme").as_deref(),
            Some("\"climb\"* \"acme\"*")
        );
        assert_eq!(
            fts_query("a OR \"b\" NEAR(c)").as_deref(),
            Some("\"a\"* \"OR\"* \"b\"* \"NEAR\"* \"c\"*")
        );
        assert_eq!(fts_query("  *** "), None);
    }
}
