//! What each capture a device sent became, by the id the device gave it (`client_entries`).
//! A capture queued on a phone while offline may arrive twice; the page that receives it
//! looks here first, inside the transaction that carries it out, and a second arrival
//! creates nothing and answers with what the first created.

use chrono::NaiveDate;
use warmline_core::person::PersonId;

use crate::db::{OptionalExtension, params};
use crate::{Result, Store, StoreError};

/// A capture already carried out: which form it came from and who it was about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientEntry {
    pub kind: String,
    pub person: PersonId,
    pub created_on: NaiveDate,
}

impl Store {
    /// What the capture `client_id` became, if it has arrived before.
    pub fn client_entry(&self, client_id: &str) -> Result<Option<ClientEntry>> {
        let row: Option<(String, PersonId, NaiveDate)> = self
            .conn()
            .prepare_cached(
                "SELECT kind, person_id, created_on FROM client_entries WHERE client_id = ?1",
            )?
            .query_row([client_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        Ok(row.map(|(kind, person, created_on)| ClientEntry {
            kind,
            person,
            created_on,
        }))
    }

    /// Records that the capture `client_id` was carried out about `person`. Call it in
    /// the transaction that carries the capture out, after [`Store::client_entry`] found
    /// nothing: an id recorded already is refused, never overwritten.
    pub fn record_client_entry(
        &self,
        client_id: &str,
        kind: &str,
        person: PersonId,
        today: NaiveDate,
    ) -> Result<()> {
        if self.client_entry(client_id)?.is_some() {
            return Err(StoreError::Invalid(format!(
                "the entry {client_id} was already received"
            )));
        }
        self.exec(
            "INSERT INTO client_entries (client_id, kind, person_id, created_on)
             VALUES (?1, ?2, ?3, ?4)",
            params![client_id, kind, person, today],
        )?;
        Ok(())
    }
}
