//! Tiers in bulk: a tier (or none) for people named one by one, or for everyone with a
//! tag, at an organisation, in a goal's pipeline or from an import, as `warmline tier` and
//! the Triage page set them. One statement per change, whatever the number of people.

use crate::db::params;
use chrono::NaiveDate;
use serde::Serialize;
use warmline_core::goal::GoalId;
use warmline_core::person::{PersonId, Tier};
use warmline_core::text::fold;

use crate::candidates::json_ids;
use crate::{Result, Store, StoreError};

/// Where people came from, as `tier --source` names it: the import that brought them in
/// (`people.source`) or one that brought interactions with them.
pub const SOURCES: [&str; 5] = ["linkedin", "google", "vcard", "mbox", "ics"];

/// Whose tier `set_tier` changes: people named one by one, or everyone a filter matches
/// (every given criterion at once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TierTarget {
    People(Vec<PersonId>),
    Matching(TierFilter),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TierFilter {
    pub tag: Option<String>,
    /// Part of an organisation's name, as `list --org` takes it.
    pub org: Option<String>,
    pub goal: Option<GoalId>,
    /// One of [`SOURCES`].
    pub source: Option<String>,
}

impl TierFilter {
    pub fn is_empty(&self) -> bool {
        self.tag.is_none() && self.org.is_none() && self.goal.is_none() && self.source.is_none()
    }

    /// "tag pr, source linkedin", for messages.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(t) = &self.tag {
            parts.push(format!("tag '{t}'"));
        }
        if let Some(o) = &self.org {
            parts.push(format!("organisation '{o}'"));
        }
        if let Some(g) = self.goal {
            parts.push(format!("goal #{g}"));
        }
        if let Some(s) = &self.source {
            parts.push(format!("source {s}"));
        }
        parts.join(", ")
    }
}

/// What `set_tier` did: how many people it was asked about, and how many it changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TierChange {
    pub matched: usize,
    pub changed: usize,
}

impl Store {
    /// The people a filter matches, in id order.
    pub fn people_matching(&self, filter: &TierFilter) -> Result<Vec<PersonId>> {
        if let Some(source) = &filter.source
            && !SOURCES.contains(&source.as_str())
        {
            return Err(StoreError::Invalid(format!(
                "unknown source '{source}': expected one of {}",
                SOURCES.join(", ")
            )));
        }
        let tag = filter
            .tag
            .as_deref()
            .map(|t| t.trim().trim_start_matches('#').trim().to_lowercase());
        let org = filter.org.as_deref().map(fold);
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.id FROM people p
             WHERE (?1 IS NULL OR p.id IN (SELECT person_id FROM person_tags WHERE tag = ?1))
               AND (?2 IS NULL OR p.org_id IN (SELECT id FROM organisations WHERE instr(name_key, ?2) > 0))
               AND (?3 IS NULL OR p.id IN (SELECT person_id FROM goal_people WHERE goal_id = ?3))
               AND (?4 IS NULL OR p.source = ?4
                    OR p.id IN (SELECT ip.person_id FROM interactions i
                                JOIN interaction_people ip ON ip.interaction_id = i.id
                                WHERE i.source = ?4))
             ORDER BY p.id",
        )?;
        let rows = stmt.query_map(params![tag, org, filter.goal, filter.source], |r| r.get(0))?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// Gives people a tier (and the tier's cadence: an explicit one is cleared), or with
    /// `None` no rhythm at all, on purpose: they leave triage and today's plan. Nothing is
    /// written when a named person does not exist or a filter matches no one.
    pub fn set_tier(
        &self,
        whom: &TierTarget,
        tier: Option<Tier>,
        today: NaiveDate,
    ) -> Result<TierChange> {
        self.atomic(|s| {
            let ids = match whom {
                TierTarget::People(ids) => {
                    for id in ids {
                        s.require_person(*id)?;
                    }
                    let mut ids = ids.clone();
                    ids.sort_unstable();
                    ids.dedup();
                    ids
                }
                TierTarget::Matching(filter) => {
                    let ids = s.people_matching(filter)?;
                    if ids.is_empty() {
                        return Err(StoreError::NotFound(format!(
                            "no one matches {}",
                            filter.describe()
                        )));
                    }
                    ids
                }
            };
            let json = json_ids(&ids)?;
            let changed = match tier {
                Some(t) => {
                    s.exec(
                        "DELETE FROM no_rhythm WHERE person_id IN (SELECT value FROM json_each(?1))",
                        [&json],
                    )?;
                    s.exec(
                        "UPDATE people SET tier = ?1, cadence_days = NULL, updated_on = ?2
                         WHERE id IN (SELECT value FROM json_each(?3))
                           AND (tier IS NOT ?1 OR cadence_days IS NOT NULL)",
                        params![t.as_str(), today, json],
                    )?
                }
                None => {
                    let changed: i64 = s
                        .conn()
                        .prepare_cached(
                            "SELECT count(*) FROM people p
                             WHERE p.id IN (SELECT value FROM json_each(?1))
                               AND (p.tier IS NOT NULL OR p.cadence_days IS NOT NULL
                                    OR NOT EXISTS (SELECT 1 FROM no_rhythm n WHERE n.person_id = p.id))",
                        )?
                        .query_row([&json], |r| r.get(0))?;
                    s.exec(
                        "UPDATE people SET tier = NULL, cadence_days = NULL, updated_on = ?1
                         WHERE id IN (SELECT value FROM json_each(?2))
                           AND (tier IS NOT NULL OR cadence_days IS NOT NULL)",
                        params![today, json],
                    )?;
                    s.exec(
                        "INSERT OR IGNORE INTO no_rhythm (person_id, decided_on)
                         SELECT value, ?1 FROM json_each(?2)",
                        params![today, json],
                    )?;
                    usize::try_from(changed).unwrap_or(0)
                }
            };
            Ok(TierChange {
                matched: ids.len(),
                changed,
            })
        })
    }
}
