//! The daily digest of a network: today's plan, within the account's own time budget,
//! and the meetings of the week ahead, composed by `warmline_core::digest`.

use chrono::NaiveDate;
use warmline_core::digest::{Ahead, Digest, compose, week_end};

use crate::{Result, Store};

impl Store {
    /// Today's digest: what `today` would plan and `upcoming` list for the week.
    pub fn digest(&self, today: NaiveDate) -> Result<Digest> {
        let minutes = self.settings()?.time_budget_minutes.max(1);
        let plan = self.today_plan(today, minutes)?;
        let ahead: Vec<Ahead> = self
            .upcoming(today, week_end(today), None)?
            .into_iter()
            .map(|u| Ahead {
                date: u.date,
                kind: u.kind,
                summary: u.summary,
                event_id: u.event_id,
                people: u.people,
            })
            .collect();
        Ok(compose(&plan, &ahead))
    }
}
