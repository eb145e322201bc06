//! What the matchmaker reads: everyone's offers, titles, organisations and facts, and every
//! open need, mine included. I am in the book as [`ME`]: my offers can meet a contact's
//! need, and a contact's offer can meet mine.

use std::collections::{HashMap, HashSet};

use warmline_core::matching::{self, Index, IndexBuilder, ME, MatchOptions, Need};
use warmline_core::person::PersonId;

use crate::{Result, Store};

impl Store {
    /// Everyone (and me, named "You" so explanations read "You offer …") indexed as the
    /// matchmaker sees them, in a few scans. Each row's text is handed to the index
    /// borrowed: the index keeps a text once, however many people share it.
    pub fn match_index(&self) -> Result<Index> {
        let mut index = IndexBuilder::new();
        index.person(ME, "You".into());
        // A few organisations are shared by many people: read once, not joined per row.
        let orgs: HashMap<i64, String> = {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT id, name FROM organisations")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<crate::db::Result<_>>()?
        };
        let mut works: Vec<(PersonId, Option<i64>)> = Vec::new();
        {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT id, name, title, org_id FROM people ORDER BY id")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id: PersonId = r.get(0)?;
                index.person(id, r.get(1)?);
                if let Some(title) = r.get_str(2)? {
                    index.title(id, title);
                }
                works.push((id, r.get(3)?));
            }
        }
        for (id, org) in works {
            if let Some(name) = org.and_then(|o| orgs.get(&o)) {
                index.org(id, name);
            }
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT coalesce(person_id, 0), text FROM needs_offers
             WHERE kind = 'offer' AND status = 'open' ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            index.offer(r.get(0)?, r.get_str(1)?.unwrap_or_default());
        }
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT coalesce(person_id, 0), text FROM facts ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            index.fact(r.get(0)?, r.get_str(1)?.unwrap_or_default());
        }
        Ok(index.finish())
    }

    /// Every open need, oldest first; mine are named "you". The index holds everyone's
    /// name, so the needs are read without joining people.
    fn open_needs(&self, index: &Index) -> Result<Vec<Need>> {
        let mut needs: Vec<Need> = Vec::new();
        let mut stmt = self.conn().prepare_cached(
            "SELECT coalesce(person_id, 0), text FROM needs_offers
             WHERE kind = 'need' AND status = 'open' ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let person_id: PersonId = r.get(0)?;
            let person = match index.name(person_id) {
                Some(name) if person_id != ME => name.to_string(),
                _ => "you".to_string(),
            };
            needs.push(Need {
                person_id,
                person,
                text: r.get(1)?,
            });
        }
        Ok(needs)
    }

    /// Proposed introductions for every open need, best first.
    pub fn matches(&self, opts: &MatchOptions) -> Result<Vec<matching::Match>> {
        Ok(self.matches_first(opts, usize::MAX)?.0)
    }

    /// The first `limit` proposed introductions, best first, and how many there are in
    /// all: only those shown are explained and written out.
    pub fn matches_first(
        &self,
        opts: &MatchOptions,
        limit: usize,
    ) -> Result<(Vec<matching::Match>, usize)> {
        let index = self.match_index()?;
        let needs = self.open_needs(&index)?;
        Ok(index.matches(&needs, opts, limit))
    }

    /// The introductions one new need makes possible, best first.
    pub fn matches_for_need(
        &self,
        need: &Need,
        opts: &MatchOptions,
    ) -> Result<Vec<matching::Match>> {
        Ok(self.match_index()?.candidates(need, opts))
    }

    /// The needs one offer of `person` (or mine, as [`ME`]) could meet, best first. Only
    /// needs sharing a word with the offer are scored: in a large book that is a few
    /// among thousands.
    pub fn matches_for_offer(
        &self,
        person: PersonId,
        offer: &str,
        opts: &MatchOptions,
    ) -> Result<Vec<matching::Match>> {
        let words: HashSet<String> = matching::terms(offer).into_iter().collect();
        let index = self.match_index()?;
        let needs: Vec<Need> = self
            .open_needs(&index)?
            .into_iter()
            .filter(|n| matching::terms(&n.text).iter().any(|t| words.contains(t)))
            .collect();
        let mut found: Vec<matching::Match> = needs
            .iter()
            .flat_map(|n| index.candidates(n, opts))
            .filter(|m| m.candidate.id == person && m.matched == offer.trim())
            .collect();
        found.sort_by(|a, b| b.score.total_cmp(&a.score));
        Ok(found)
    }
}
