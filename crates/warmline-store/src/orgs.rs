//! Organisations.

use crate::db::{OptionalExtension, params};
use chrono::NaiveDate;
use warmline_core::org::{OrgId, Organisation};
use warmline_core::text::fold;

use crate::snapshot::Recorder;
use crate::sql::non_empty;
use crate::trash::{RemovedKind, TrashId};
use crate::{Result, Store, StoreError};

/// Fields of an organisation to set; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgFields {
    pub industry: Option<String>,
    pub size: Option<String>,
    pub location: Option<String>,
    pub website: Option<String>,
}

impl Store {
    /// The organisation of that name (folded), created if new.
    pub fn upsert_org_by_name(&self, name: &str, today: NaiveDate) -> Result<OrgId> {
        let name = name.trim();
        let key = fold(name);
        if key.is_empty() {
            return Err(StoreError::Invalid(format!(
                "'{name}' is not an organisation name"
            )));
        }
        if let Some(id) = self.org_id_by_key(&key)? {
            return Ok(id);
        }
        self.exec(
            "INSERT INTO organisations (name, name_key, created_on, updated_on) VALUES (?1, ?2, ?3, ?3)",
            params![name, key, today],
        )?;
        Ok(self.conn().last_insert_rowid()?)
    }

    fn org_id_by_key(&self, key: &str) -> Result<Option<OrgId>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT id FROM organisations WHERE name_key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    /// Adds an organisation or, when it exists, sets the fields given.
    pub fn save_org(&self, name: &str, fields: &OrgFields, today: NaiveDate) -> Result<OrgId> {
        self.atomic(|s| {
            let id = s.upsert_org_by_name(name, today)?;
            let columns: [(&str, &Option<String>); 4] = [
                ("industry", &fields.industry),
                ("size", &fields.size),
                ("location", &fields.location),
                ("website", &fields.website),
            ];
            for (column, value) in columns {
                if let Some(v) = value {
                    // Column names come from the fixed list above, never from input.
                    s.exec(
                        &format!(
                            "UPDATE organisations SET {column} = ?2, updated_on = ?3 WHERE id = ?1"
                        ),
                        params![id, non_empty(Some(v)), today],
                    )?;
                }
            }
            Ok(id)
        })
    }

    /// Finds an organisation by id or name (folded, exact then unambiguous part).
    pub fn resolve_org(&self, query: &str) -> Result<OrgId> {
        let q = query.trim();
        if let Ok(id) = q.trim_start_matches('#').parse::<OrgId>()
            && self.org(id).is_ok()
        {
            return Ok(id);
        }
        let key = fold(q);
        if let Some(id) = self.org_id_by_key(&key)? {
            return Ok(id);
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, name FROM organisations WHERE instr(name_key, ?1) > 0 ORDER BY name LIMIT 9",
        )?;
        let hits: Vec<(OrgId, String)> = stmt
            .query_map([&key], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<crate::db::Result<_>>()?;
        match hits.as_slice() {
            [(id, _)] => Ok(*id),
            [] => Err(StoreError::NotFound(format!("no organisation named '{q}'"))),
            many => {
                let names: Vec<&str> = many.iter().map(|(_, n)| n.as_str()).collect();
                Err(StoreError::Invalid(format!(
                    "'{q}' could be {}: say more of the name",
                    names.join(", ")
                )))
            }
        }
    }

    pub fn org(&self, id: OrgId) -> Result<Organisation> {
        self.conn()
            .query_row(
                "SELECT id, name, industry, size, location, website FROM organisations WHERE id = ?1",
                [id],
                |r| {
                    Ok(Organisation {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        industry: r.get(2)?,
                        size: r.get(3)?,
                        location: r.get(4)?,
                        website: r.get(5)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("no organisation with id {id}")))
    }

    /// Every organisation with the number of people currently there.
    pub fn orgs(&self) -> Result<Vec<(Organisation, i64)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT o.id, o.name, o.industry, o.size, o.location, o.website,
                    (SELECT count(*) FROM people p WHERE p.org_id = o.id)
             FROM organisations o ORDER BY o.name_key",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                Organisation {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    industry: r.get(2)?,
                    size: r.get(3)?,
                    location: r.get(4)?,
                    website: r.get(5)?,
                },
                r.get(6)?,
            ))
        })?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// Renames an organisation. The name must be its own: renaming onto the name of
    /// another organisation (case and accents aside) is an error naming that one, since
    /// folding two organisations together is a merge, not a rename.
    pub fn rename_org(&self, id: OrgId, name: &str, today: NaiveDate) -> Result<Organisation> {
        let name = name.trim();
        let key = fold(name);
        if key.is_empty() {
            return Err(StoreError::Invalid(format!(
                "'{name}' is not an organisation name"
            )));
        }
        self.atomic(|s| {
            s.org(id)?;
            if let Some(other) = s.org_id_by_key(&key)?.filter(|o| *o != id) {
                let taken = s.org(other)?.name;
                return Err(StoreError::Invalid(format!(
                    "there is already an organisation named '{taken}' (#{other}): give another name, or move the people there with warmline edit PERSON --org \"{taken}\""
                )));
            }
            s.exec(
                "UPDATE organisations SET name = ?2, name_key = ?3, updated_on = ?4 WHERE id = ?1",
                params![id, name, key, today],
            )?;
            for p in s.people_of_org(id)? {
                s.reindex_person(p)?;
            }
            s.org(id)
        })
    }

    /// Removes an organisation. The people there stay: their current organisation is
    /// cleared (the title stays) and the work history at it goes, as the organisation
    /// is no longer known. An organisation with jobs is refused, naming them: a job
    /// cannot be without its organisation, and removing it quietly would lose it.
    /// Returns the trash entry, which puts the organisation back with every reference.
    pub fn remove_org(&self, id: OrgId) -> Result<TrashId> {
        self.atomic(|s| {
            let org = s.org(id)?;
            let jobs: Vec<(i64, String)> = {
                let mut stmt = s.conn().prepare_cached(
                    "SELECT id, role FROM opportunities WHERE org_id = ?1 ORDER BY id",
                )?;
                let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<crate::db::Result<_>>()?
            };
            if let Some((first, _)) = jobs.first() {
                let named: Vec<String> = jobs.iter().map(|(j, role)| format!("#{j} {role}")).collect();
                return Err(StoreError::Invalid(format!(
                    "{} has {} ({}): remove {} first (warmline job rm {first}) or move {} (warmline job edit {first} --org NAME)",
                    org.name,
                    if jobs.len() == 1 { "a job" } else { "jobs" },
                    named.join(", "),
                    if jobs.len() == 1 { "it" } else { "them" },
                    if jobs.len() == 1 { "it" } else { "them" },
                )));
            }
            let people = s.people_of_org(id)?;
            let mut rec = Recorder::new(s)?;
            rec.remove("organisations", "id = ?1", &[id.into()])?;
            for p in &people {
                s.reindex_person(*p)?;
            }
            rec.touched(people);
            s.record_removal(
                rec,
                RemovedKind::Organisation,
                &format!("organisation {} (#{id})", org.name),
            )
        })
    }

    /// Everyone who works or worked at an organisation.
    fn people_of_org(&self, id: OrgId) -> Result<Vec<i64>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id FROM people WHERE org_id = ?1
             UNION SELECT person_id FROM work_history WHERE org_id = ?1",
        )?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// People currently at an organisation, by name.
    pub fn people_at_org(&self, id: OrgId) -> Result<Vec<(i64, String, Option<String>)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, name, title FROM people WHERE org_id = ?1 ORDER BY name_key",
        )?;
        let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }
}
