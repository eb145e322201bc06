//! Needs and offers: short texts attached to a person, or to me.

use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;
use warmline_core::person::PersonId;

use crate::sql::date;
use crate::{Result, Store, StoreError};

/// Whether a text is something someone needs or something they offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NeedOrOffer {
    Need,
    Offer,
}

impl NeedOrOffer {
    fn as_str(self) -> &'static str {
        match self {
            NeedOrOffer::Need => "need",
            NeedOrOffer::Offer => "offer",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NeedOffer {
    pub id: i64,
    pub person_id: Option<PersonId>,
    pub kind: NeedOrOffer,
    pub text: String,
    pub status: String,
    pub created_on: NaiveDate,
}

impl Store {
    /// Records a need or an offer of a person, or mine when `person` is `None`.
    pub fn add_need_offer(
        &self,
        person: Option<PersonId>,
        kind: NeedOrOffer,
        text: &str,
        today: NaiveDate,
    ) -> Result<i64> {
        let text = text.trim();
        if text.is_empty() {
            return Err(StoreError::Invalid(format!(
                "a {} needs some text",
                kind.as_str()
            )));
        }
        self.atomic(|s| {
            if let Some(id) = person {
                s.require_person(id)?;
            }
            s.exec(
                "INSERT INTO needs_offers (person_id, kind, text, created_on) VALUES (?1, ?2, ?3, ?4)",
                params![person, kind.as_str(), text, today],
            )?;
            let id = s.conn().last_insert_rowid();
            if let Some(p) = person {
                s.reindex_person(p)?;
            }
            Ok(id)
        })
    }

    /// Open needs or offers of a person (or mine), oldest first.
    pub fn needs_offers(
        &self,
        person: Option<PersonId>,
        kind: NeedOrOffer,
    ) -> Result<Vec<NeedOffer>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, person_id, text, status, created_on FROM needs_offers
             WHERE person_id IS ?1 AND kind = ?2 AND status = 'open' ORDER BY id",
        )?;
        let rows = stmt.query_map(params![person, kind.as_str()], |r| {
            Ok(NeedOffer {
                id: r.get(0)?,
                person_id: r.get(1)?,
                kind,
                text: r.get(2)?,
                status: r.get(3)?,
                created_on: date(r, 4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
