//! Facts about people and about me: recording, reading, correcting, removing.

use crate::db::{OptionalExtension, params};
use chrono::NaiveDate;
use warmline_core::person::{Fact, FactCategory, PersonId};

use crate::snapshot::Recorder;
use crate::sql::{Day, date, opt_date};
use crate::trash::{RemovedKind, TrashId};
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
                s.require_person_named(id)?;
            }
            s.exec(
                "INSERT INTO facts (person_id, category, text, on_date, recorded_on) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![person, category.as_str(), text, on.map(Day), Day(today)],
            )?;
            let fact_id = s.conn().last_insert_rowid()?;
            if let Some(id) = person {
                // Rewriting the whole row to write the day it already holds (a person's
                // facts noted the day they were added) cost as much as the fact.
                s.exec(
                    "UPDATE people SET updated_on = ?2 WHERE id = ?1 AND updated_on IS NOT ?2",
                    params![id, Day(today)],
                )?;
                s.reindex_person(id)?;
            }
            Ok(fact_id)
        })
    }

    /// Facts about a person and facts about me, in one read: [`Store::facts`] of each.
    pub fn facts_and_mine(&self, person: PersonId) -> Result<(Vec<Fact>, Vec<Fact>)> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, category, text, on_date, recorded_on, person_id FROM facts
             WHERE person_id = ?1 OR person_id IS NULL
             ORDER BY on_date IS NULL, on_date DESC, id",
        )?;
        let mut rows = stmt.query([person])?;
        let (mut theirs, mut mine) = (Vec::new(), Vec::new());
        while let Some(r) = rows.next()? {
            let r = &r;
            let category: String = r.get(1)?;
            let fact = Fact {
                id: r.get(0)?,
                category: FactCategory::parse(&category).unwrap_or(FactCategory::Other),
                text: r.get(2)?,
                on: opt_date(r, 3)?,
                recorded_on: date(r, 4)?,
            };
            match r.get::<_, Option<PersonId>>(5)? {
                Some(_) => theirs.push(fact),
                None => mine.push(fact),
            }
        }
        Ok((theirs, mine))
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
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }
}

impl Store {
    /// [`Store::facts`] of each of `people`, in one read.
    pub(crate) fn facts_of_people(
        &self,
        people: &[PersonId],
    ) -> Result<std::collections::HashMap<PersonId, Vec<Fact>>> {
        let mut out: std::collections::HashMap<PersonId, Vec<Fact>> =
            std::collections::HashMap::new();
        if people.is_empty() {
            return Ok(out);
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT person_id, id, category, text, on_date, recorded_on FROM facts
             WHERE person_id IN (SELECT value FROM json_each(?1))
             ORDER BY on_date IS NULL, on_date DESC, id",
        )?;
        let mut rows = stmt.query([crate::candidates::json_ids(people)?])?;
        while let Some(r) = rows.next()? {
            let r = &r;
            let category: String = r.get(2)?;
            out.entry(r.get(0)?).or_default().push(Fact {
                id: r.get(1)?,
                category: FactCategory::parse(&category).unwrap_or(FactCategory::Other),
                text: r.get(3)?,
                on: opt_date(r, 4)?,
                recorded_on: date(r, 5)?,
            });
        }
        Ok(out)
    }
}

impl Store {
    /// One fact, with whom it is about (`None`: me).
    pub fn fact(&self, id: i64) -> Result<(Option<PersonId>, Fact)> {
        self.conn()
            .prepare_cached(
                "SELECT id, category, text, on_date, recorded_on, person_id FROM facts WHERE id = ?1",
            )?
            .query_row([id], |r| {
                let category: String = r.get(1)?;
                Ok((
                    r.get(5)?,
                    Fact {
                        id: r.get(0)?,
                        category: FactCategory::parse(&category).unwrap_or(FactCategory::Other),
                        text: r.get(2)?,
                        on: opt_date(r, 3)?,
                        recorded_on: date(r, 4)?,
                    },
                ))
            })
            .optional()?
            .ok_or_else(|| {
                StoreError::NotFound(format!(
                    "no fact #{id} (warmline show PERSON lists facts with their ids)"
                ))
            })
    }

    /// Corrects a fact's text and/or category.
    pub fn edit_fact(
        &self,
        id: i64,
        text: Option<&str>,
        category: Option<FactCategory>,
        today: NaiveDate,
    ) -> Result<Fact> {
        let text = text.map(str::trim);
        if text.is_some_and(str::is_empty) {
            return Err(StoreError::Invalid("a fact needs some text".into()));
        }
        if text.is_none() && category.is_none() {
            return Err(StoreError::Invalid(
                "nothing to change: give the fact's new text or category".into(),
            ));
        }
        self.atomic(|s| {
            let (person, _) = s.fact(id)?;
            s.exec(
                "UPDATE facts SET text = coalesce(?2, text), category = coalesce(?3, category) WHERE id = ?1",
                params![id, text, category.map(FactCategory::as_str)],
            )?;
            if let Some(p) = person {
                s.exec("UPDATE people SET updated_on = ?2 WHERE id = ?1", params![p, today])?;
                s.reindex_person(p)?;
            }
            Ok(s.fact(id)?.1)
        })
    }

    /// Removes a fact; returns the trash entry that undoes it.
    pub fn remove_fact(&self, id: i64) -> Result<TrashId> {
        self.atomic(|s| {
            let (person, fact) = s.fact(id)?;
            let mut rec = Recorder::new(s)?;
            rec.remove("facts", "id = ?1", &[id.into()])?;
            let about = match person {
                Some(p) => {
                    s.reindex_person(p)?;
                    rec.touched([p]);
                    s.person_ref(p)?.name
                }
                None => "you".to_string(),
            };
            let label = format!("fact #{id} about {about}: {}", fact.text);
            s.record_removal(rec, RemovedKind::Fact, &label)
        })
    }
}
