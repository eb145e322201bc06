//! Where the give and reach-out items of today's plan come from.

use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use warmline_core::plan::{GiveCandidate, ReachOutCandidate};

use crate::{Result, Store};

impl Store {
    /// Someone you could help: the open need of the contact you were most recently in
    /// touch with, so the offer of help lands with a warm tie.
    pub fn give_candidate(&self, today: NaiveDate) -> Result<Option<GiveCandidate>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT p.id, p.name, n.text FROM needs_offers n JOIN people p ON p.id = n.person_id
                 WHERE n.kind = 'need' AND n.status = 'open'
                 ORDER BY p.last_contact > ?1, p.last_contact DESC NULLS LAST, n.id
                 LIMIT 1",
                [today],
                |r| {
                    Ok(GiveCandidate {
                        person_id: r.get(0)?,
                        name: r.get(1)?,
                        need: r.get(2)?,
                        introduce: None,
                    })
                },
            )
            .optional()?)
    }

    /// Someone to approach for an active goal: the longest-waiting person still at
    /// "identified".
    pub fn reach_out_candidate(&self, _today: NaiveDate) -> Result<Option<ReachOutCandidate>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT p.id, p.name, g.title, coalesce(p.title || ' at ' || o.name, o.name, p.title, '')
                 FROM goal_people gp
                 JOIN goals g ON g.id = gp.goal_id AND g.status = 'active'
                 JOIN people p ON p.id = gp.person_id
                 LEFT JOIN organisations o ON o.id = p.org_id
                 WHERE gp.stage = 'identified'
                 ORDER BY gp.updated_on, p.id LIMIT 1",
                [],
                |r| {
                    let fit: String = r.get(3)?;
                    Ok(ReachOutCandidate {
                        person_id: r.get(0)?,
                        name: r.get(1)?,
                        goal_title: r.get(2)?,
                        reason: fit,
                    })
                },
            )
            .optional()?)
    }
}
