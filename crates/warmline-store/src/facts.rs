//! Facts about people and about me.

use chrono::NaiveDate;
use rusqlite::params;
use warmline_core::person::{Fact, FactCategory, PersonId};

use crate::sql::{date, opt_date};
use crate::{Result, Store, StoreError};

impl Store {
    /// Records a fact about a person, or about me when `person` is `None`.
    pub fn add_fact(
        &self,
        person: Option<PersonId>,
        category: FactCategory,
        text: &str,
        on: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<i64> {
        let text = text.trim();
        if text.is_empty() {
            return Err(StoreError::Invalid("a fact needs some text".into()));
        }
        self.atomic(|s| {
            if let Some(id) = person {
                s.require_person(id)?;
            }
            s.exec(
                "INSERT INTO facts (person_id, category, text, on_date, recorded_on) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![person, category.as_str(), text, on, today],
            )?;
            let fact_id = s.conn().last_insert_rowid();
            if let Some(id) = person {
                s.exec("UPDATE people SET updated_on = ?2 WHERE id = ?1", params![id, today])?;
                s.reindex_person(id)?;
            }
            Ok(fact_id)
        })
    }

    /// Facts about a person (or me), dated ones first, newest first.
    pub fn facts(&self, person: Option<PersonId>) -> Result<Vec<Fact>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, category, text, on_date, recorded_on FROM facts
             WHERE person_id IS ?1
             ORDER BY on_date IS NULL, on_date DESC, id",
        )?;
        let rows = stmt.query_map([person], |r| {
            let category: String = r.get(1)?;
            Ok(Fact {
                id: r.get(0)?,
                category: FactCategory::parse(&category).unwrap_or(FactCategory::Other),
                text: r.get(2)?,
                on: opt_date(r, 3)?,
                recorded_on: date(r, 4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
