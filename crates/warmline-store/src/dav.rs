//! What CardDAV and CalDAV need kept between requests: the names clients gave the cards
//! they created, and each collection's sync state (RFC 6578).
//!
//! The sync state is refreshed from the network itself: the caller (the web crate, which
//! renders cards and to-dos) hands [`Store::dav_refresh`] every member's name and ETag as
//! they are now; whatever differs from the stored state gets the next sync point, and
//! whatever is missing is marked gone at it. So every path that changes a person or a
//! follow-up (the command line, the web, an import, an undo, the trash) is seen, and
//! deletions are reported, without a trigger on any table.

use std::collections::HashMap;

use crate::db::{OptionalExtension, params};
use warmline_core::person::PersonId;

use crate::{Result, Store};

/// A member of a collection that changed after a sync point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DavChange {
    pub name: String,
    pub gone: bool,
}

impl Store {
    /// The names clients gave the cards they created, by person.
    pub fn dav_names(&self) -> Result<HashMap<PersonId, String>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT person_id, name FROM dav_names")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<crate::db::Result<HashMap<_, _>>>()?;
        Ok(rows)
    }

    /// The person a client's name stands for, if a client named one so.
    pub fn dav_person_named(&self, name: &str) -> Result<Option<PersonId>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT person_id FROM dav_names WHERE name = ?1")?
            .query_row([name], |r| r.get(0))
            .optional()?)
    }

    /// Serves `person` at `name` from now on (the latest name a client gave wins; a name
    /// moves to the person it was last given to).
    pub fn set_dav_name(&self, person: PersonId, name: &str) -> Result<()> {
        self.atomic(|s| {
            s.exec(
                "DELETE FROM dav_names WHERE person_id = ?1 OR name = ?2",
                params![person, name],
            )?;
            s.exec(
                "INSERT INTO dav_names (person_id, name) VALUES (?1, ?2)",
                params![person, name],
            )?;
            Ok(())
        })
    }

    /// Brings the sync state of `collection` up to `members` (name and ETag of each, as
    /// they are now) and returns the current sync point. A member new or with another
    /// ETag, and one no longer there, get the next point; nothing changed, no new point.
    pub fn dav_refresh(&self, collection: &str, members: &[(String, String)]) -> Result<i64> {
        self.atomic(|s| {
            let mut stored: HashMap<String, (String, bool)> = HashMap::new();
            {
                let mut stmt = s.conn().prepare_cached(
                    "SELECT name, etag, gone FROM dav_sync WHERE collection = ?1",
                )?;
                let rows = stmt.query_map([collection], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?))
                })?;
                for row in rows {
                    let (name, etag, gone) = row?;
                    stored.insert(name, (etag, gone != 0));
                }
            }
            let point: i64 = s.conn().query_row(
                "SELECT coalesce(max(seq), 0) FROM dav_sync WHERE collection = ?1",
                [collection],
                |r| r.get(0),
            )?;
            let next = point + 1;
            let mut changed = false;
            for (name, etag) in members {
                match stored.remove(name) {
                    Some((old, false)) if &old == etag => {}
                    Some(_) => {
                        s.exec(
                            "UPDATE dav_sync SET etag = ?3, seq = ?4, gone = 0
                             WHERE collection = ?1 AND name = ?2",
                            params![collection, name, etag, next],
                        )?;
                        changed = true;
                    }
                    None => {
                        s.exec(
                            "INSERT INTO dav_sync (collection, name, etag, seq, gone)
                             VALUES (?1, ?2, ?3, ?4, 0)",
                            params![collection, name, etag, next],
                        )?;
                        changed = true;
                    }
                }
            }
            for (name, (_, gone)) in stored {
                if !gone {
                    s.exec(
                        "UPDATE dav_sync SET seq = ?3, gone = 1 WHERE collection = ?1 AND name = ?2",
                        params![collection, name, next],
                    )?;
                    changed = true;
                }
            }
            Ok(if changed { next } else { point })
        })
    }

    /// What changed in `collection` after the sync point `since`, in order; `None` when
    /// `since` is a point this collection never reached (a token from elsewhere).
    pub fn dav_changes_since(
        &self,
        collection: &str,
        since: i64,
    ) -> Result<Option<Vec<DavChange>>> {
        let point: i64 = self.conn().query_row(
            "SELECT coalesce(max(seq), 0) FROM dav_sync WHERE collection = ?1",
            [collection],
            |r| r.get(0),
        )?;
        if since < 0 || since > point {
            return Ok(None);
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT name, gone FROM dav_sync WHERE collection = ?1 AND seq > ?2 ORDER BY seq, name",
        )?;
        let rows = stmt
            .query_map(params![collection, since], |r| {
                Ok(DavChange {
                    name: r.get(0)?,
                    gone: r.get::<_, i64>(1)? != 0,
                })
            })?
            .collect::<crate::db::Result<Vec<_>>>()?;
        Ok(Some(rows))
    }
}
