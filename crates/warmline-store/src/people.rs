//! People: adding, editing, removing, reading, and finding by email, phone or LinkedIn.

use crate::db::{OptionalExtension, params};
use chrono::NaiveDate;
use warmline_core::name_parts::{NameParts, Part};
use warmline_core::person::{Birthday, Met, Person, PersonId, Tier, validate_email, validate_name};
use warmline_core::resolve::Candidate;
use warmline_core::text::{fold, linkedin_key, phone_key};

use crate::sql::{Day, non_empty, opt_date};
use crate::{Result, Store, StoreError};

/// A person about to be added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewPerson {
    pub name: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub org: Option<String>,
    pub title: Option<String>,
    pub location: Option<String>,
    pub linkedin: Option<String>,
    pub website: Option<String>,
    pub birthday: Option<Birthday>,
    pub met: Met,
    pub source: String,
    pub tags: Vec<String>,
    pub tier: Option<Tier>,
    pub cadence_days: Option<u32>,
    pub notes: String,
    pub connected_on: Option<NaiveDate>,
}

/// Changes to a person: `Some` replaces a field, lists are added to (and removed from).
/// What the remove lists name must be there: removing an e-mail a person does not have
/// is an error, so that a typo does not pass for a removal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonPatch {
    pub name: Option<String>,
    pub add_emails: Vec<String>,
    pub remove_emails: Vec<String>,
    pub add_phones: Vec<String>,
    pub remove_phones: Vec<String>,
    pub org: Option<String>,
    pub title: Option<String>,
    pub location: Option<String>,
    pub linkedin: Option<String>,
    pub website: Option<String>,
    pub birthday: Option<Birthday>,
    /// Forget the birthday (a new one in `birthday` wins over this).
    pub clear_birthday: bool,
    pub met_context: Option<String>,
    pub met_on: Option<NaiveDate>,
    /// Forget the day you met (a new one in `met_on` wins over this).
    pub clear_met_on: bool,
    pub met_event_id: Option<i64>,
    pub add_tags: Vec<String>,
    pub remove_tags: Vec<String>,
    pub tier: Option<Tier>,
    pub cadence_days: Option<u32>,
    /// Appended to the notes on a new line.
    pub note: Option<String>,
    /// Parts of the name to set; an empty value clears that part.
    pub name_parts: Vec<(Part, String)>,
}

impl PersonPatch {
    pub fn is_empty(&self) -> bool {
        *self == PersonPatch::default()
    }
}

pub(crate) fn clean_tag(tag: &str) -> Option<String> {
    let t = tag.trim().trim_start_matches('#').trim();
    (!t.is_empty()).then(|| t.to_lowercase())
}

impl Store {
    /// Adds a person; returns the new id.
    pub fn add_person(&self, p: &NewPerson, today: NaiveDate) -> Result<PersonId> {
        let name = validate_name(&p.name)?;
        self.atomic(|s| {
            let org_id = match non_empty(p.org.as_deref()) {
                Some(org) => Some(s.upsert_org_by_name(&org, today)?),
                None => None,
            };
            let linkedin = non_empty(p.linkedin.as_deref()).map(|u| linkedin_key(&u));
            if let Some(url) = &linkedin
                && let Some(other) = s.person_by_linkedin(url)? {
                    return Err(StoreError::Invalid(format!(
                        "{url} already belongs to #{other}: edit that person instead"
                    )));
                }
            s.exec(
                "INSERT INTO people (name, name_key, org_id, title, location, linkedin, website,
                     birthday, met_context, met_on, met_event_id, source, tier, cadence_days,
                     notes, connected_on, created_on, updated_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)",
                params![
                    name,
                    fold(&name),
                    org_id,
                    non_empty(p.title.as_deref()),
                    non_empty(p.location.as_deref()),
                    linkedin,
                    non_empty(p.website.as_deref()),
                    p.birthday.map(|b| b.to_string()),
                    non_empty(p.met.context.as_deref()),
                    p.met.on.map(Day),
                    p.met.event_id,
                    if p.source.is_empty() { "manual" } else { p.source.as_str() },
                    p.tier.map(Tier::as_str),
                    p.cadence_days,
                    p.notes.trim(),
                    p.connected_on.map(Day),
                    Day(today),
                ],
            )?;
            let id = s.conn().last_insert_rowid()?;
            // A new person's addresses and numbers take their places in the order given.
            for (pos, e) in p.emails.iter().enumerate() {
                s.add_email_at(id, e, pos)?;
            }
            for (pos, ph) in p.phones.iter().enumerate() {
                s.add_phone_at(id, ph, pos)?;
            }
            for t in &p.tags {
                s.add_tag(id, t)?;
            }
            if let Some(org_id) = org_id {
                s.exec(
                    "INSERT INTO work_history (person_id, org_id, title, from_date, current)
                     VALUES (?1, ?2, ?3, ?4, 1)",
                    params![id, org_id, non_empty(p.title.as_deref()), p.connected_on.map(Day)],
                )?;
            }
            s.reindex_person(id)?;
            Ok(id)
        })
    }

    fn add_email(&self, id: PersonId, email: &str) -> Result<()> {
        self.add_email_at(id, email, self.count_of(id, "person_emails")?)
    }

    /// How many rows of `table` (one of the person's lists, named in code) the person has:
    /// the place the next one takes.
    fn count_of(&self, id: PersonId, table: &str) -> Result<usize> {
        let n: i64 = self.conn().query_row(
            &format!("SELECT count(*) FROM {table} WHERE person_id = ?1"),
            [id],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    fn add_email_at(&self, id: PersonId, email: &str, pos: usize) -> Result<()> {
        let email = validate_email(email)?;
        let pos = pos as i64;
        self.exec(
            "INSERT OR IGNORE INTO person_emails (person_id, email, email_key, position)
             VALUES (?1, ?2, ?3, ?4)",
            params![id, email, email.to_lowercase(), pos],
        )?;
        Ok(())
    }

    fn add_phone(&self, id: PersonId, phone: &str) -> Result<()> {
        self.add_phone_at(id, phone, self.count_of(id, "person_phones")?)
    }

    fn add_phone_at(&self, id: PersonId, phone: &str, pos: usize) -> Result<()> {
        let key = phone_key(phone);
        if key.trim_start_matches('+').len() < 3 {
            return Err(StoreError::Invalid(format!(
                "'{phone}' is not a phone number"
            )));
        }
        let pos = pos as i64;
        self.exec(
            "INSERT OR IGNORE INTO person_phones (person_id, phone, phone_key, position)
             VALUES (?1, ?2, ?3, ?4)",
            params![id, phone.trim(), key, pos],
        )?;
        Ok(())
    }

    fn add_tag(&self, id: PersonId, tag: &str) -> Result<()> {
        if let Some(t) = clean_tag(tag) {
            self.exec(
                "INSERT OR IGNORE INTO person_tags (person_id, tag) VALUES (?1, ?2)",
                params![id, t],
            )?;
        }
        Ok(())
    }

    /// Applies a patch to a person; see [`Store::edit_person`] for the same with the
    /// removals' trash entry.
    pub fn update_person(&self, id: PersonId, patch: &PersonPatch, today: NaiveDate) -> Result<()> {
        self.edit_person(id, patch, today).map(|_| ())
    }

    /// Everything a patch changes but its removals, which `edit_person` files in the trash.
    pub(crate) fn apply_patch(
        &self,
        id: PersonId,
        patch: &PersonPatch,
        today: NaiveDate,
    ) -> Result<()> {
        self.atomic(|s| {
            let current = s.person(id)?;
            if !patch.name_parts.is_empty() {
                let mut parts = current.name_parts.clone();
                for (part, value) in &patch.name_parts {
                    parts.set(*part, value);
                }
                s.set_name_parts(id, &parts)?;
            }
            if let Some(name) = &patch.name {
                let name = validate_name(name)?;
                s.exec(
                    "UPDATE people SET name = ?2, name_key = ?3 WHERE id = ?1",
                    params![id, name, fold(&name)],
                )?;
            }
            if patch.org.is_some() || patch.title.is_some() {
                let org = patch.org.clone().or(current.org.clone());
                let title = patch.title.clone().or(current.title.clone());
                s.set_current_job(
                    id,
                    non_empty(org.as_deref()),
                    non_empty(title.as_deref()),
                    today,
                )?;
            }
            let texts: [(&str, &Option<String>); 3] = [
                ("location", &patch.location),
                ("website", &patch.website),
                ("met_context", &patch.met_context),
            ];
            for (column, value) in texts {
                if let Some(v) = value {
                    // Column names come from the fixed list above, never from input.
                    s.exec(
                        &format!("UPDATE people SET {column} = ?2 WHERE id = ?1"),
                        params![id, non_empty(Some(v))],
                    )?;
                }
            }
            if let Some(url) = &patch.linkedin {
                let key = non_empty(Some(url)).map(|u| linkedin_key(&u));
                if let Some(k) = &key
                    && let Some(other) = s.person_by_linkedin(k)?.filter(|o| *o != id)
                {
                    return Err(StoreError::Invalid(format!(
                        "{k} already belongs to #{other}"
                    )));
                }
                s.exec(
                    "UPDATE people SET linkedin = ?2 WHERE id = ?1",
                    params![id, key],
                )?;
            }
            if let Some(b) = patch.birthday {
                s.exec(
                    "UPDATE people SET birthday = ?2 WHERE id = ?1",
                    params![id, b.to_string()],
                )?;
            } else if patch.clear_birthday {
                s.exec(
                    "UPDATE people SET birthday = NULL WHERE id = ?1",
                    params![id],
                )?;
            }
            if let Some(on) = patch.met_on {
                s.exec(
                    "UPDATE people SET met_on = ?2 WHERE id = ?1",
                    params![id, on],
                )?;
            } else if patch.clear_met_on {
                s.exec("UPDATE people SET met_on = NULL WHERE id = ?1", params![id])?;
            }
            if let Some(ev) = patch.met_event_id {
                s.exec(
                    "UPDATE people SET met_event_id = ?2 WHERE id = ?1",
                    params![id, ev],
                )?;
            }
            if let Some(t) = patch.tier {
                // Choosing a tier means the tier's cadence applies, unless one is also given.
                s.exec(
                    "UPDATE people SET tier = ?2, cadence_days = NULL WHERE id = ?1",
                    params![id, t.as_str()],
                )?;
            }
            if let Some(c) = patch.cadence_days {
                s.exec(
                    "UPDATE people SET cadence_days = ?2 WHERE id = ?1",
                    params![id, c],
                )?;
            }
            if let Some(note) = non_empty(patch.note.as_deref()) {
                let notes = if current.notes.is_empty() {
                    note
                } else {
                    format!("{}\n{}", current.notes, note)
                };
                s.exec(
                    "UPDATE people SET notes = ?2 WHERE id = ?1",
                    params![id, notes],
                )?;
            }
            for e in &patch.add_emails {
                s.add_email(id, e)?;
            }
            for ph in &patch.add_phones {
                s.add_phone(id, ph)?;
            }
            for t in &patch.add_tags {
                s.add_tag(id, t)?;
            }
            s.exec(
                "UPDATE people SET updated_on = ?2 WHERE id = ?1",
                params![id, today],
            )?;
            s.reindex_person(id)
        })
    }

    /// Makes `org`/`title` the person's current job, keeping the previous one as history.
    pub fn set_current_job(
        &self,
        id: PersonId,
        org: Option<String>,
        title: Option<String>,
        today: NaiveDate,
    ) -> Result<()> {
        let org_id = match &org {
            Some(o) => Some(self.upsert_org_by_name(o, today)?),
            None => None,
        };
        let previous: Option<(i64, i64)> = self
            .conn()
            .query_row(
                "SELECT id, org_id FROM work_history WHERE person_id = ?1 AND current = 1
                 ORDER BY id DESC LIMIT 1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match (previous, org_id) {
            // Same organisation: a new title is a promotion, kept on the same row.
            (Some((row, prev_org)), Some(new_org)) if prev_org == new_org => {
                self.exec(
                    "UPDATE work_history SET title = ?2 WHERE id = ?1",
                    params![row, title],
                )?;
            }
            (previous, new_org) => {
                if let Some((row, _)) = previous {
                    self.exec(
                        "UPDATE work_history SET current = 0, until_date = ?2 WHERE id = ?1",
                        params![row, today],
                    )?;
                }
                if let Some(new_org) = new_org {
                    self.exec(
                        "INSERT INTO work_history (person_id, org_id, title, from_date, current)
                         VALUES (?1, ?2, ?3, ?4, 1)",
                        params![id, new_org, title, today],
                    )?;
                }
            }
        }
        self.exec(
            "UPDATE people SET org_id = ?2, title = ?3 WHERE id = ?1",
            params![id, org_id, title],
        )?;
        Ok(())
    }

    /// One person, fully read: the record, its e-mails, phones and tags in one statement
    /// (each list a JSON array built by the database), one round trip on PostgreSQL.
    pub fn person(&self, id: PersonId) -> Result<Person> {
        Ok(self.person_and_met_event(id)?.0)
    }

    /// [`Store::person`], and the name of the event they were met at, in the same read.
    pub fn person_and_met_event(&self, id: PersonId) -> Result<(Person, Option<String>)> {
        let (mut p, event) = self
            .conn()
            .prepare_cached(
                "SELECT p.id, p.name, o.name, p.title, p.location, p.linkedin, p.website,
                        p.birthday, p.met_context, p.met_on, p.met_event_id, p.source, p.tier,
                        p.cadence_days, p.notes, p.created_on, p.updated_on, p.name_family,
                        p.name_given, p.name_middle, p.name_prefix, p.name_suffix,
                        (SELECT json_group_array(e.email ORDER BY e.position)
                           FROM person_emails e WHERE e.person_id = p.id),
                        (SELECT json_group_array(f.phone ORDER BY f.position)
                           FROM person_phones f WHERE f.person_id = p.id),
                        (SELECT json_group_array(t.tag ORDER BY t.tag)
                           FROM person_tags t WHERE t.person_id = p.id),
                        (SELECT ev.name FROM events ev WHERE ev.id = p.met_event_id)
                 FROM people p LEFT JOIN organisations o ON o.id = p.org_id
                 WHERE p.id = ?1",
            )?
            .query_row([id], |r| {
                let birthday: Option<String> = r.get(7)?;
                let tier: Option<String> = r.get(12)?;
                let person = Person {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    name_parts: crate::sql::name_parts(r, 17)?,
                    emails: crate::sql::json_strings(r, 22)?,
                    phones: crate::sql::json_strings(r, 23)?,
                    org: r.get(2)?,
                    title: r.get(3)?,
                    location: r.get(4)?,
                    linkedin: r.get(5)?,
                    website: r.get(6)?,
                    birthday: birthday.as_deref().and_then(Birthday::parse),
                    met: Met {
                        context: r.get(8)?,
                        on: opt_date(r, 9)?,
                        event_id: r.get(10)?,
                    },
                    source: r.get(11)?,
                    tags: crate::sql::json_strings(r, 24)?,
                    tier: tier.as_deref().and_then(|t| Tier::parse(t).ok()),
                    cadence_days: r.get(13)?,
                    notes: r.get(14)?,
                    created_on: crate::sql::date(r, 15)?,
                    updated_on: crate::sql::date(r, 16)?,
                };
                Ok((person, r.get(25)?))
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("no person with id {id}")))?;
        // The database sorts the tags by their bytes on both backends (SQLite's BINARY,
        // PostgreSQL's "C" collation); sorted again here so the order never rests on a
        // collation.
        p.tags.sort();
        Ok((p, event))
    }

    /// Replaces the parts of a person's name (vCard `N`); the display name is left alone.
    pub fn set_name_parts(&self, id: PersonId, parts: &NameParts) -> Result<()> {
        parts.validate()?;
        let n = self.exec(
            "UPDATE people SET name_family = ?2, name_given = ?3, name_middle = ?4,
                 name_prefix = ?5, name_suffix = ?6
             WHERE id = ?1",
            params![
                id,
                parts.family,
                parts.given,
                parts.middle,
                parts.prefix,
                parts.suffix
            ],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("no person with id {id}")));
        }
        Ok(())
    }

    /// The names of `ids`, in one read (ids of nobody are left out): the other people of
    /// a page's interactions.
    pub fn names_of(
        &self,
        ids: &[PersonId],
    ) -> Result<std::collections::HashMap<PersonId, String>> {
        if ids.is_empty() {
            return Ok(std::collections::HashMap::new());
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, name FROM people WHERE id IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([crate::candidates::json_ids(ids)?], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// Everyone, as name resolution needs them.
    pub fn directory(&self) -> Result<Vec<Candidate>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.id, p.name, o.name, group_concat(e.email, char(31))
             FROM people p
             LEFT JOIN organisations o ON o.id = p.org_id
             LEFT JOIN person_emails e ON e.person_id = p.id
             GROUP BY p.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let emails: Option<String> = r.get(3)?;
            Ok(Candidate {
                id: r.get(0)?,
                name: r.get(1)?,
                org: r.get(2)?,
                emails: emails
                    .map(|e| e.split('\u{1f}').map(str::to_string).collect())
                    .unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<crate::db::Result<Vec<_>>>()?)
    }

    /// Resolves a name, email or id the way SPEC §3 describes.
    pub fn resolve_person(&self, query: &str) -> Result<PersonId> {
        let q = query.trim();
        // Fast paths that avoid reading the whole directory.
        if let Ok(id) = q.trim_start_matches('#').parse::<PersonId>()
            && self.person_exists(id)?
        {
            return Ok(id);
        }
        if q.contains('@')
            && let Some(id) = self.person_by_email(q)?
        {
            return Ok(id);
        }
        let exact: Vec<PersonId> = {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT id FROM people WHERE name_key = ?1")?;
            let rows = stmt.query_map([fold(q)], |r| r.get(0))?;
            rows.collect::<crate::db::Result<_>>()?
        };
        if exact.len() == 1 {
            return Ok(exact[0]);
        }
        if q.contains('@') {
            // An address no one has: say so without reading the whole directory.
            return Ok(warmline_core::resolve::resolve(query, &[])?);
        }
        // Emails are settled above, so the directory is read without them: this is the
        // path every command takes for a part of a name. Whatever a part of a name can
        // match (a word's start, a run of the name) holds each of its words somewhere in
        // the folded name, so only those names are read; the whole directory only when
        // none holds them, to suggest the closest.
        let words: Vec<String> = fold(q).split(' ').take(8).map(str::to_string).collect();
        let filter: Vec<String> = (1..=words.len())
            .map(|i| format!("instr(p.name_key, ?{i}) > 0"))
            .collect();
        let candidates = self.candidates(&filter.join(" AND "), &words)?;
        let candidates = if candidates.is_empty() {
            // A condition both backends take (PostgreSQL wants a boolean, not 1).
            self.candidates("1 = 1", &[])?
        } else {
            candidates
        };
        Ok(warmline_core::resolve::resolve(query, &candidates)?)
    }

    /// People (without their emails) whose row passes `filter`, for naming one.
    fn candidates(&self, filter: &str, values: &[String]) -> Result<Vec<Candidate>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT p.id, p.name, o.name FROM people p LEFT JOIN organisations o ON o.id = p.org_id
             WHERE {filter}"
        ))?;
        let rows = stmt.query_map(crate::db::params_from_iter(values), |r| {
            Ok(Candidate {
                id: r.get(0)?,
                name: r.get(1)?,
                org: r.get(2)?,
                emails: Vec::new(),
            })
        })?;
        Ok(rows.collect::<crate::db::Result<Vec<_>>>()?)
    }

    /// [`Store::require_person`] for a row about to name the person, except in a bulk
    /// load, where the foreign key alone guards it (checked as the row is written, or once
    /// at the end of a fresh load): a lookup per row was a good part of loading facts.
    pub(crate) fn require_person_named(&self, id: PersonId) -> Result<()> {
        if self.in_bulk.get() {
            return Ok(());
        }
        self.require_person(id)
    }

    /// Fails with a clear "no person" error unless the person exists.
    pub(crate) fn require_person(&self, id: PersonId) -> Result<()> {
        if self.person_exists(id)? {
            Ok(())
        } else {
            Err(StoreError::NotFound(format!("no person with id {id}")))
        }
    }

    pub fn person_exists(&self, id: PersonId) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached("SELECT 1 FROM people WHERE id = ?1")?
            .query_row([id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    pub fn person_by_email(&self, email: &str) -> Result<Option<PersonId>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT person_id FROM person_emails WHERE email_key = ?1 ORDER BY person_id LIMIT 1",
                [email.trim().to_lowercase()],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn person_by_linkedin(&self, url: &str) -> Result<Option<PersonId>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT id FROM people WHERE linkedin = ?1")?
            .query_row([linkedin_key(url)], |r| r.get(0))
            .optional()?)
    }

    pub fn person_by_phone(&self, phone: &str) -> Result<Option<PersonId>> {
        let key = phone_key(phone);
        if key.len() < 3 {
            return Ok(None);
        }
        Ok(self
            .conn()
            .query_row(
                "SELECT person_id FROM person_phones WHERE phone_key = ?1 ORDER BY person_id LIMIT 1",
                [key],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn count_people(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM people", [], |r| r.get(0))?)
    }
}
