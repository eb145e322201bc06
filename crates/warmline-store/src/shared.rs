//! What you share with people: schools, hometowns, employers, hobbies and interests, from
//! facts and work history, compared by `warmline_core::common`.

use std::collections::HashMap;

use warmline_core::common::{self, Common, Profile, SharedItem, is_shared_category};
use warmline_core::paths::PersonRef;
use warmline_core::person::{Fact, FactCategory, Job, PersonId};

use crate::{Result, Store, StoreError};

/// One person's comparable facts, and the organisations they worked at.
type Details = (Vec<(FactCategory, String)>, Vec<String>);

impl Store {
    /// My comparable details: my facts (my employers are `work_history` facts).
    pub fn my_common_profile(&self) -> Result<Profile> {
        let facts = self.facts(None)?;
        Ok(Profile::new(
            facts.iter().map(|f| (f.category, f.text.as_str())),
            std::iter::empty(),
        ))
    }

    /// A person's comparable details: their facts and every organisation they worked at.
    pub fn common_profile(&self, person: PersonId) -> Result<Profile> {
        let facts = self.facts(Some(person))?;
        let orgs: Vec<String> = self
            .work_history(person)?
            .into_iter()
            .map(|j| j.org)
            .collect();
        Ok(Profile::new(
            facts.iter().map(|f| (f.category, f.text.as_str())),
            orgs.iter().map(String::as_str),
        ))
    }

    /// What I share with one person.
    pub fn common_with(&self, person: PersonId) -> Result<Common> {
        let mine = self.my_common_profile()?;
        let theirs = self.common_profile(person)?;
        Ok(Common {
            person: self.person_ref(person)?,
            shared: common::shared(&mine, &theirs),
        })
    }

    /// What I share with a person, from what a person's page read already: my facts,
    /// theirs and their work history ([`Store::facts_and_mine`], [`Store::work_history`]).
    /// The same as [`Store::common_with`]'s `shared`.
    pub fn shared_with(mine: &[Fact], facts: &[Fact], jobs: &[Job]) -> Vec<SharedItem> {
        let mine = Profile::new(
            mine.iter().map(|f| (f.category, f.text.as_str())),
            std::iter::empty(),
        );
        let theirs = Profile::new(
            facts.iter().map(|f| (f.category, f.text.as_str())),
            jobs.iter().map(|j| j.org.as_str()),
        );
        common::shared(&mine, &theirs)
    }

    /// Everyone's comparable details, read in two scans.
    fn everyones_common_profiles(&self) -> Result<Vec<(PersonRef, Profile)>> {
        let mut details: HashMap<PersonId, Details> = HashMap::new();
        let mut stmt = self.conn().prepare_cached(
            "SELECT person_id, category, text FROM facts WHERE person_id IS NOT NULL
               AND category IN ('hometown', 'school', 'hobby', 'interest', 'work_history')
             ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let r = &r;
            let category: String = r.get(1)?;
            let Ok(category) = FactCategory::parse(&category) else {
                continue;
            };
            if is_shared_category(category) {
                let e = details.entry(r.get(0)?).or_default();
                e.0.push((category, r.get(2)?));
            }
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT w.person_id, o.name FROM work_history w JOIN organisations o ON o.id = w.org_id
             ORDER BY w.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let r = &r;
            details.entry(r.get(0)?).or_default().1.push(r.get(1)?);
        }
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, name FROM people ORDER BY name_key, id")?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let r = &r;
            let person = PersonRef {
                id: r.get(0)?,
                name: r.get(1)?,
            };
            if let Some((facts, orgs)) = details.get(&person.id) {
                let profile = Profile::new(
                    facts.iter().map(|(c, t)| (*c, t.as_str())),
                    orgs.iter().map(String::as_str),
                );
                out.push((person, profile));
            }
        }
        Ok(out)
    }

    /// Who has a detail like `value` in `category` ("who else went to U of Oregon?"),
    /// with their matching details, by name.
    pub fn people_sharing(&self, category: FactCategory, value: &str) -> Result<Vec<Common>> {
        if !is_shared_category(category) {
            return Err(StoreError::Invalid(format!(
                "{} details are not compared; choose one of hometown, school, hobby, interest, work_history",
                category.as_str()
            )));
        }
        if value.trim().is_empty() {
            return Err(StoreError::Invalid("--value needs some text".into()));
        }
        Ok(self
            .everyones_common_profiles()?
            .into_iter()
            .filter_map(|(person, profile)| {
                let shared = common::find_value(&profile, category, value);
                (!shared.is_empty()).then_some(Common { person, shared })
            })
            .collect())
    }

    /// Everyone who shares something with me, those who share most first.
    pub fn common_with_everyone(&self) -> Result<Vec<Common>> {
        let mine = self.my_common_profile()?;
        let mut out: Vec<Common> = self
            .everyones_common_profiles()?
            .into_iter()
            .filter_map(|(person, profile)| {
                let shared = common::shared(&mine, &profile);
                (!shared.is_empty()).then_some(Common { person, shared })
            })
            .collect();
        // Stable: ties keep the order by name.
        out.sort_by_key(|c| std::cmp::Reverse(c.shared.len()));
        Ok(out)
    }
}
