//! Links: who knows whom among the people in the book, with a strength 1–5 and how they
//! know each other. A link is undirected and stored once, with the smaller id first.

use crate::db::{OptionalExtension, params};
use serde::Serialize;
use warmline_core::paths::PersonRef;
use warmline_core::person::PersonId;

use crate::snapshot::Recorder;
use crate::sql::non_empty;
use crate::trash::{RemovedKind, TrashId};
use crate::{Result, Store, StoreError};

/// A link as seen from one of its ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub person: PersonRef,
    pub strength: u8,
    pub how: Option<String>,
}

/// What `link` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkChange {
    Added,
    Updated,
}

/// The strength a new link gets when none is given: they know each other, no more.
pub const DEFAULT_LINK_STRENGTH: u8 = 3;

/// Checks a strength someone typed.
pub fn validate_strength(strength: i64) -> Result<u8> {
    u8::try_from(strength)
        .ok()
        .filter(|s| (1..=5).contains(s))
        .ok_or_else(|| {
            StoreError::Invalid(format!(
                "a link's strength is 1 (they have met) to 5 (very close), not {strength}"
            ))
        })
}

impl Store {
    /// Links two people, or updates their link. Without a strength a new link gets
    /// [`DEFAULT_LINK_STRENGTH`] and an existing one keeps its own; without `how`, an
    /// existing description is kept.
    pub fn link(
        &self,
        a: PersonId,
        b: PersonId,
        strength: Option<u8>,
        how: Option<&str>,
    ) -> Result<LinkChange> {
        if let Some(s) = strength {
            validate_strength(i64::from(s))?;
        }
        self.atomic(|s| {
            if a == b {
                return Err(StoreError::Invalid(format!(
                    "{} cannot be linked to themselves: name two different people",
                    s.person_ref(a)?.name
                )));
            }
            // Cached statements: bulk loads (the demo, benchmarks) make links by the
            // hundred thousand. In a bulk load the foreign keys alone guard the ends, as
            // they do an interaction's people; elsewhere a clear message is worth the lookup.
            if !s.in_bulk.get() {
                let mut exists = s
                    .conn()
                    .prepare_cached("SELECT count(*) FROM people WHERE id IN (?1, ?2)")?;
                let found: i64 = exists.query_row(params![a, b], |r| r.get(0))?;
                if found < 2 {
                    let missing = if s.person_exists(a)? { b } else { a };
                    return Err(StoreError::NotFound(format!("no person with id {missing}")));
                }
            }
            let (lo, hi) = (a.min(b), a.max(b));
            let how = non_empty(how);
            let mut update = s.conn().prepare_cached(
                "UPDATE links SET strength = coalesce(?3, strength), how = coalesce(?4, how)
                 WHERE a = ?1 AND b = ?2",
            )?;
            if update.execute(params![lo, hi, strength, how])? > 0 {
                return Ok(LinkChange::Updated);
            }
            let mut insert = s.conn().prepare_cached(
                "INSERT INTO links (a, b, strength, how) VALUES (?1, ?2, ?3, ?4)",
            )?;
            insert.execute(params![
                lo,
                hi,
                strength.unwrap_or(DEFAULT_LINK_STRENGTH),
                how
            ])?;
            Ok(LinkChange::Added)
        })
    }

    /// The link between two people, if any.
    pub fn link_between(&self, a: PersonId, b: PersonId) -> Result<Option<(u8, Option<String>)>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT strength, how FROM links WHERE a = ?1 AND b = ?2",
                params![a.min(b), a.max(b)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Everyone a person is linked with, strongest first.
    pub fn links_of(&self, person: PersonId) -> Result<Vec<Link>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.id, p.name, l.strength, l.how FROM links l
             JOIN people p ON p.id = CASE WHEN l.a = ?1 THEN l.b ELSE l.a END
             WHERE l.a = ?1 OR l.b = ?1
             ORDER BY l.strength DESC, p.name_key, p.id",
        )?;
        let rows = stmt.query_map([person], |r| {
            Ok(Link {
                person: PersonRef {
                    id: r.get(0)?,
                    name: r.get(1)?,
                },
                strength: r.get(2)?,
                how: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// Removes the link between two people; returns the trash entry that undoes it.
    pub fn unlink(&self, a: PersonId, b: PersonId) -> Result<TrashId> {
        self.atomic(|s| {
            let (na, nb) = (s.person_ref(a)?.name, s.person_ref(b)?.name);
            let mut rec = Recorder::new(s)?;
            let gone = rec.remove(
                "links",
                "a = ?1 AND b = ?2",
                &[a.min(b).into(), a.max(b).into()],
            )?;
            if gone == 0 {
                return Err(StoreError::NotFound(format!(
                    "{na} and {nb} are not linked"
                )));
            }
            rec.touched([a, b]);
            s.record_removal(
                rec,
                RemovedKind::Link,
                &format!("the link between {na} and {nb}"),
            )
        })
    }

    pub fn count_links(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM links", [], |r| r.get(0))?)
    }
}
