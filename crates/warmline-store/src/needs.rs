//! Needs and offers: short texts attached to a person, or to me. One that is done (a need
//! met, an offer taken up) stays in the person's history but leaves the matchmaker, the
//! plan's "someone you could help" and the Give page, which read open ones only.

use crate::db::{OptionalExtension, params};
use chrono::NaiveDate;
use serde::Serialize;
use warmline_core::person::PersonId;

use crate::snapshot::Recorder;
use crate::sql::{Day, date, opt_date};
use crate::trash::{RemovedKind, TrashId};
use crate::{Result, Store, StoreError};

/// Whether a text is something someone needs or something they offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NeedOrOffer {
    Need,
    Offer,
}

impl NeedOrOffer {
    pub fn as_str(self) -> &'static str {
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
    /// `open` or `done`.
    pub status: String,
    pub created_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
}

/// The columns [`read`] reads: the stored status `met` is shown as `done`, for a need met
/// and an offer taken up alike.
const COLUMNS: &str = "id, person_id, text, CASE status WHEN 'met' THEN 'done' ELSE status END, \
                       created_on, closed_on, kind";

fn read(r: &crate::db::Row<'_>) -> crate::db::Result<NeedOffer> {
    let kind: String = r.get(6)?;
    Ok(NeedOffer {
        id: r.get(0)?,
        person_id: r.get(1)?,
        kind: if kind == "offer" {
            NeedOrOffer::Offer
        } else {
            NeedOrOffer::Need
        },
        text: r.get(2)?,
        status: r.get(3)?,
        created_on: date(r, 4)?,
        closed_on: opt_date(r, 5)?,
    })
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
                s.require_person_named(id)?;
            }
            s.exec(
                "INSERT INTO needs_offers (person_id, kind, text, created_on) VALUES (?1, ?2, ?3, ?4)",
                params![person, kind.as_str(), text, Day(today)],
            )?;
            let id = s.conn().last_insert_rowid()?;
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
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM needs_offers
             WHERE person_id IS ?1 AND kind = ?2 AND status = 'open' ORDER BY id"
        ))?;
        let rows = stmt.query_map(params![person, kind.as_str()], read)?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// A person's open needs and open offers, read together: the same as
    /// [`Store::needs_offers`] for each kind, in one statement.
    pub fn open_needs_and_offers(
        &self,
        person: PersonId,
    ) -> Result<(Vec<NeedOffer>, Vec<NeedOffer>)> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM needs_offers
             WHERE person_id = ?1 AND status = 'open' ORDER BY id"
        ))?;
        let rows = stmt
            .query_map([person], read)?
            .collect::<crate::db::Result<Vec<_>>>()?;
        Ok(rows.into_iter().partition(|n| n.kind == NeedOrOffer::Need))
    }

    /// Every need or offer of a person (or mine), done ones too: open ones first, then
    /// the latest done, each oldest first.
    pub fn needs_offers_history(
        &self,
        person: Option<PersonId>,
        kind: NeedOrOffer,
    ) -> Result<Vec<NeedOffer>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM needs_offers
             WHERE person_id IS ?1 AND kind = ?2 ORDER BY status <> 'open', id"
        ))?;
        let rows = stmt.query_map(params![person, kind.as_str()], read)?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// Everyone's open needs or offers (not mine), newest first: what the Give page lists.
    pub fn open_needs_offers(&self, kind: NeedOrOffer, limit: usize) -> Result<Vec<NeedOffer>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM needs_offers
             WHERE person_id IS NOT NULL AND kind = ?1 AND status = 'open'
             ORDER BY created_on DESC, id DESC LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![kind.as_str(), limit as i64], read)?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// One need or offer, whatever its status.
    pub fn need_offer(&self, id: i64) -> Result<NeedOffer> {
        self.conn()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM needs_offers WHERE id = ?1"))?
            .query_row([id], read)
            .optional()?
            .ok_or_else(|| {
                StoreError::NotFound(format!(
                    "no need or offer #{id} (warmline show PERSON lists them with their ids)"
                ))
            })
    }

    /// One of `kind`: asking for a need by an offer's id is an error, so that a slip
    /// between `need done` and `offer done` does not pass.
    fn need_offer_of(&self, id: i64, kind: NeedOrOffer) -> Result<NeedOffer> {
        let found = self.need_offer(id).map_err(|_| {
            StoreError::NotFound(format!(
                "no {} #{id} (warmline show PERSON lists them with their ids)",
                kind.as_str()
            ))
        })?;
        if found.kind != kind {
            return Err(StoreError::NotFound(format!(
                "#{id} is {} {}, not {} {}",
                article(found.kind),
                found.kind.as_str(),
                article(kind),
                kind.as_str()
            )));
        }
        Ok(found)
    }

    /// Marks a need met or an offer taken up: it stays in the history and leaves matching.
    pub fn mark_need_offer_done(
        &self,
        id: i64,
        kind: NeedOrOffer,
        today: NaiveDate,
    ) -> Result<NeedOffer> {
        self.atomic(|s| {
            let n = s.need_offer_of(id, kind)?;
            if n.status != "open" {
                return Err(StoreError::Invalid(format!(
                    "{} #{id} is already {}",
                    kind.as_str(),
                    n.status
                )));
            }
            s.exec(
                "UPDATE needs_offers SET status = 'met', closed_on = ?2 WHERE id = ?1",
                params![id, today],
            )?;
            s.need_offer(id)
        })
    }

    /// Removes a need or an offer; returns the trash entry that undoes it.
    pub fn remove_need_offer(&self, id: i64, kind: NeedOrOffer) -> Result<TrashId> {
        self.atomic(|s| {
            let n = s.need_offer_of(id, kind)?;
            let mut rec = Recorder::new(s)?;
            rec.remove("needs_offers", "id = ?1", &[id.into()])?;
            let whose = match n.person_id {
                Some(p) => {
                    s.reindex_person(p)?;
                    rec.touched([p]);
                    format!("of {}", s.person_ref(p)?.name)
                }
                None => "of yours".to_string(),
            };
            let label = format!("{} #{id} {whose}: {}", kind.as_str(), n.text);
            let removed = match kind {
                NeedOrOffer::Need => RemovedKind::Need,
                NeedOrOffer::Offer => RemovedKind::Offer,
            };
            s.record_removal(rec, removed, &label)
        })
    }
}

fn article(kind: NeedOrOffer) -> &'static str {
    match kind {
        NeedOrOffer::Need => "a",
        NeedOrOffer::Offer => "an",
    }
}
