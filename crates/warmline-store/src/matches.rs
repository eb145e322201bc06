//! What the matchmaker reads: everyone's offers, titles, organisations and facts, and every
//! open need, mine included. I am in the book as [`ME`]: my offers can meet a contact's
//! need, and a contact's offer can meet mine.

use std::collections::{HashMap, HashSet};

use warmline_core::matching::{self, ME, MatchOptions, Need, Profile};
use warmline_core::person::PersonId;

use crate::{Result, Store};

impl Store {
    /// Every person (and me, named "You" so explanations read "You offer …") as the
    /// matchmaker sees them, in a few scans.
    pub fn match_profiles(&self) -> Result<Vec<Profile>> {
        let mut profiles: Vec<Profile> = Vec::new();
        profiles.push(Profile {
            id: ME,
            name: "You".into(),
            ..Profile::default()
        });
        // A few organisations are shared by many people: read once, not joined per row.
        let orgs: HashMap<i64, String> = {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT id, name FROM organisations")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<crate::db::Result<_>>()?
        };
        {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT id, name, title, org_id FROM people ORDER BY id")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let r = &r;
                let org: Option<i64> = r.get(3)?;
                profiles.push(Profile {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    offers: Vec::new(),
                    title: r.get(2)?,
                    org: org.and_then(|o| orgs.get(&o).cloned()),
                    facts: Vec::new(),
                });
            }
        }
        // Profiles are in id order, me (0) first: a person's place is a binary search.
        fn at(profiles: &[Profile], id: PersonId) -> Option<usize> {
            profiles.binary_search_by_key(&id, |p| p.id).ok()
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT coalesce(person_id, 0), text FROM needs_offers
             WHERE kind = 'offer' AND status = 'open' ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let r = &r;
            if let Some(i) = at(&profiles, r.get::<_, PersonId>(0)?) {
                profiles[i].offers.push(r.get(1)?);
            }
        }
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT coalesce(person_id, 0), text FROM facts ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let r = &r;
            if let Some(i) = at(&profiles, r.get::<_, PersonId>(0)?) {
                profiles[i].facts.push(r.get(1)?);
            }
        }
        Ok(profiles)
    }

    /// Every open need, oldest first; mine are named "you".
    pub fn open_needs(&self) -> Result<Vec<Need>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT coalesce(n.person_id, 0), coalesce(p.name, 'you'), n.text FROM needs_offers n
             LEFT JOIN people p ON p.id = n.person_id
             WHERE n.kind = 'need' AND n.status = 'open' ORDER BY n.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Need {
                person_id: r.get(0)?,
                person: r.get(1)?,
                text: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// Proposed introductions for every open need, best first.
    pub fn matches(&self, opts: &MatchOptions) -> Result<Vec<matching::Match>> {
        let profiles = self.match_profiles()?;
        let needs = self.open_needs()?;
        Ok(matching::find_matches(&profiles, &needs, opts))
    }

    /// The introductions one new need makes possible, best first.
    pub fn matches_for_need(
        &self,
        need: &Need,
        opts: &MatchOptions,
    ) -> Result<Vec<matching::Match>> {
        let profiles = self.match_profiles()?;
        Ok(matching::Index::build(&profiles).candidates(need, opts))
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
        let needs: Vec<Need> = self
            .open_needs()?
            .into_iter()
            .filter(|n| matching::terms(&n.text).iter().any(|t| words.contains(t)))
            .collect();
        let profiles = self.match_profiles()?;
        let index = matching::Index::build(&profiles);
        let mut found: Vec<matching::Match> = needs
            .iter()
            .flat_map(|n| index.candidates(n, opts))
            .filter(|m| m.candidate.id == person && m.matched == offer.trim())
            .collect();
        found.sort_by(|a, b| b.score.total_cmp(&a.score));
        Ok(found)
    }
}
