//! Before a person is added by hand: are they someone already here? The same e-mail,
//! phone, LinkedIn profile or name finds the people worth comparing through the key
//! indexes, and `warmline_core::dupes::likely_same_person` weighs them.

use crate::db::params;
use warmline_core::dupes::{DupeCandidate, likely_same_person};
use warmline_core::person::PersonId;
use warmline_core::text::{fold, linkedin_key, phone_key};

use crate::people::NewPerson;
use crate::sql::non_empty;
use crate::{Result, Store};

/// Someone already here whom a person about to be added probably is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LikelyDuplicate {
    pub id: PersonId,
    pub name: String,
    pub org: Option<String>,
    /// "same e-mail address dana@acme.com", "same name and organisation", ...
    pub reason: String,
}

impl Store {
    /// The person `new` most likely already is: same e-mail, phone, LinkedIn profile or
    /// folded name (see `likely_same_person` for the order of the evidence).
    pub fn likely_duplicate(&self, new: &NewPerson) -> Result<Option<LikelyDuplicate>> {
        let mut ids: Vec<PersonId> = Vec::new();
        let mut add = |sql: &str, key: String| -> Result<()> {
            let mut stmt = self.conn().prepare_cached(sql)?;
            let found = stmt.query_map(params![key], |r| r.get::<_, PersonId>(0))?;
            for id in found {
                let id = id?;
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            Ok(())
        };
        for e in &new.emails {
            add(
                "SELECT person_id FROM person_emails WHERE email_key = ?1",
                e.trim().to_lowercase(),
            )?;
        }
        for ph in &new.phones {
            let key = phone_key(ph);
            if key.trim_start_matches('+').len() >= 6 {
                add(
                    "SELECT person_id FROM person_phones WHERE phone_key = ?1",
                    key,
                )?;
            }
        }
        if let Some(url) = non_empty(new.linkedin.as_deref()) {
            add(
                "SELECT id FROM people WHERE linkedin = ?1",
                linkedin_key(&url),
            )?;
        }
        let name = fold(&new.name);
        if !name.is_empty() {
            add("SELECT id FROM people WHERE name_key = ?1", name)?;
        }
        let mut existing: Vec<(DupeCandidate, Option<String>)> = Vec::new();
        for id in ids {
            let p = self.person(id)?;
            let candidate = DupeCandidate {
                id,
                name: p.name,
                org: p.org,
                emails: p.emails,
                phones: p.phones,
            };
            existing.push((candidate, p.linkedin));
        }
        let newcomer = DupeCandidate {
            id: 0,
            name: new.name.clone(),
            org: new.org.clone(),
            emails: new.emails.clone(),
            phones: new.phones.clone(),
        };
        let Some((id, reason)) = likely_same_person(&newcomer, new.linkedin.as_deref(), &existing)
        else {
            return Ok(None);
        };
        let found = existing.into_iter().find(|(c, _)| c.id == id);
        Ok(found.map(|(c, _)| LikelyDuplicate {
            id,
            name: c.name,
            org: c.org,
            reason,
        }))
    }
}
