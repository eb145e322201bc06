//! Imported contacts: finding the person a record is about, adding or merging.
//!
//! A record is matched to a stored person by, in order: its vCard UID (stored ones, or the
//! UID warmline exports for each person), LinkedIn URL, e-mail addresses, phone numbers.
//! An e-mail address or a phone number alone never joins two names that plainly belong
//! to two people (an office line, a shared fax, a family address): the record becomes a
//! person of its own, and the report says who shares what with whom (`dupes` proposes
//! them, should they be one after all). A record with none of these (a card holding a
//! name and an address) is matched by its name, organisation and source, so importing
//! the same file again adds no one.
//! A match is merged: new e-mails, phones and tags are added, notes not yet there are
//! appended, and empty fields are filled. What is already there — typed by the user or
//! brought by an earlier import — is replaced only with `--overwrite`. Merging is
//! idempotent: the same record twice changes nothing the second time.
//!
//! LinkedIn is the exception that makes re-imports useful: its company and position are
//! remembered per person (`linkedin_profiles`), and a difference between two exports is a
//! job change — recorded for `today`'s congratulations, and applied to the current job
//! when that job still is what LinkedIn said last time (or nothing, or with --overwrite).

use crate::db::{OptionalExtension, params};
use warmline_core::dupes::names_clearly_differ;
use warmline_core::name_parts::NameParts;
use warmline_core::person::{PersonId, validate_email, validate_name};
use warmline_core::text::{fold, linkedin_key, phone_key};

use crate::import::{Change, IncomingContact, JobChangeReport, JobRef, PersonRef, SharedWith};
use crate::sql::non_empty;
use crate::{Importer, Result};

/// What became of one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Added(PersonId),
    Updated(PersonId),
    Unchanged(PersonId),
}

/// The stored fields a merge compares with.
struct Stored {
    name: String,
    org: Option<String>,
    title: Option<String>,
    location: Option<String>,
    linkedin: Option<String>,
    website: Option<String>,
    birthday: Option<String>,
    notes: String,
    connected_on: Option<String>,
    name_parts: NameParts,
}

fn same(a: Option<&str>, b: Option<&str>) -> bool {
    fold(a.unwrap_or("")) == fold(b.unwrap_or(""))
}

impl Importer<'_> {
    /// Adds or merges one contact.
    pub fn contact(&mut self, c: &IncomingContact) -> Result<Outcome> {
        // Every importer's text enters the store here: control characters stay out.
        let mut cleaned = c.clone();
        cleaned.clean();
        let c = &cleaned;
        let name = validate_name(&c.name)?;
        let mut shared = Vec::new();
        let outcome = match self.find(c, &mut shared)? {
            Some(id) => self.merge_into(id, c)?,
            None => {
                let id = self.insert(c, &name)?;
                for (with, what) in shared {
                    self.note_shared(c, id, &name, with, what)?;
                }
                Outcome::Added(id)
            }
        };
        let counts = &mut self.report.people;
        match outcome {
            Outcome::Added(id) | Outcome::Updated(id) => {
                self.dirty.insert(id);
                if matches!(outcome, Outcome::Added(_)) {
                    counts.added += 1;
                } else {
                    counts.updated += 1;
                }
            }
            Outcome::Unchanged(_) => counts.unchanged += 1,
        }
        Ok(outcome)
    }

    /// Merges one contact into the person `id`, whom the caller already knows it is about
    /// (a card edited where it is served). As [`Importer::contact`] merges a match: with
    /// `overwrite`, the fields the record carries replace the stored ones, and what it does
    /// not carry stays as it is.
    pub fn contact_into(&mut self, id: PersonId, c: &IncomingContact) -> Result<Outcome> {
        let mut cleaned = c.clone();
        cleaned.clean();
        validate_name(&cleaned.name)?;
        let outcome = self.merge_into(id, &cleaned)?;
        match outcome {
            Outcome::Added(id) | Outcome::Updated(id) => {
                self.dirty.insert(id);
                self.report.people.updated += 1;
            }
            Outcome::Unchanged(_) => self.report.people.unchanged += 1,
        }
        Ok(outcome)
    }

    /// The stored person this record is about, if any. People who share an e-mail
    /// address or a phone number with the record but plainly are someone else are added
    /// to `shared`, with what they share.
    fn find(
        &mut self,
        c: &IncomingContact,
        shared: &mut Vec<(PersonId, String)>,
    ) -> Result<Option<PersonId>> {
        let conn = self.store.conn();
        if let Some(uid) = non_empty(c.uid.as_deref()) {
            let stored: Option<PersonId> = conn
                .prepare_cached("SELECT person_id FROM person_uids WHERE uid = ?1")?
                .query_row([&uid], |r| r.get(0))
                .optional()?;
            if stored.is_some() {
                return Ok(stored);
            }
            if uid.starts_with("urn:uuid:") {
                if self.own_uids.is_none() {
                    let mut stmt = conn.prepare_cached("SELECT id FROM people")?;
                    let ids = stmt.query_map([], |r| r.get::<_, PersonId>(0))?;
                    let mut map = std::collections::HashMap::new();
                    for id in ids {
                        let id = id?;
                        map.insert(crate::export::person_uid(id), id);
                    }
                    self.own_uids = Some(map);
                }
                if let Some(id) = self.own_uids.as_ref().and_then(|m| m.get(&uid)) {
                    return Ok(Some(*id));
                }
            }
        }
        if let Some(url) = non_empty(c.linkedin.as_deref()) {
            let found: Option<PersonId> = conn
                .prepare_cached("SELECT id FROM people WHERE linkedin = ?1")?
                .query_row([linkedin_key(&url)], |r| r.get(0))
                .optional()?;
            if found.is_some() {
                return Ok(found);
            }
        }
        for e in &c.emails {
            let key = e.trim().to_lowercase();
            let ids: Vec<PersonId> = conn
                .prepare_cached(
                    "SELECT person_id FROM person_emails WHERE email_key = ?1 ORDER BY person_id",
                )?
                .query_map([&key], |r| r.get(0))?
                .collect::<crate::db::Result<_>>()?;
            for id in ids {
                if self.conflicts(id, c, false)? {
                    continue;
                }
                if self.someone_else(id, c)? {
                    shared.push((id, format!("the e-mail address {key}")));
                    continue;
                }
                return Ok(Some(id));
            }
        }
        for p in &c.phones {
            let key = phone_key(p);
            if key.trim_start_matches('+').len() < 3 {
                continue;
            }
            let ids: Vec<PersonId> = conn
                .prepare_cached(
                    "SELECT person_id FROM person_phones WHERE phone_key = ?1 ORDER BY person_id",
                )?
                .query_map([&key], |r| r.get(0))?
                .collect::<crate::db::Result<_>>()?;
            for id in ids {
                if self.conflicts(id, c, true)? {
                    continue;
                }
                if self.someone_else(id, c)? {
                    shared.push((id, format!("the phone number {}", p.trim())));
                    continue;
                }
                return Ok(Some(id));
            }
        }
        let anchored = non_empty(c.uid.as_deref()).is_some()
            || non_empty(c.linkedin.as_deref()).is_some()
            || !c.emails.is_empty()
            || !c.phones.is_empty();
        if anchored {
            return Ok(None);
        }
        self.same_name_from_same_source(c)
    }

    /// For a record with nothing else to go by: the one person this source added under
    /// the same name and organisation (or both without one).
    fn same_name_from_same_source(&self, c: &IncomingContact) -> Result<Option<PersonId>> {
        let key = fold(&c.name);
        if key.is_empty() {
            return Ok(None);
        }
        let org = non_empty(c.org.as_deref()).map(|o| fold(&o));
        let found: Vec<(PersonId, Option<String>)> = self
            .store
            .conn()
            .prepare_cached(
                "SELECT p.id, o.name FROM people p LEFT JOIN organisations o ON o.id = p.org_id
                 WHERE p.name_key = ?1 AND p.source = ?2 ORDER BY p.id",
            )?
            .query_map(params![key, self.options.source], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<crate::db::Result<_>>()?;
        let same: Vec<PersonId> = found
            .into_iter()
            .filter(|(_, o)| o.as_deref().map(fold).filter(|o| !o.is_empty()) == org)
            .map(|(id, _)| id)
            .collect();
        Ok(match same.as_slice() {
            [only] => Some(*only),
            _ => None,
        })
    }

    /// Whether the stored person's name and the record's plainly belong to two people.
    fn someone_else(&self, id: PersonId, c: &IncomingContact) -> Result<bool> {
        let theirs: String = self
            .store
            .conn()
            .prepare_cached("SELECT name FROM people WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?;
        Ok(names_clearly_differ(&theirs, &c.name))
    }

    /// Reports that the person just added shares `what` with `with`.
    fn note_shared(
        &mut self,
        c: &IncomingContact,
        id: PersonId,
        name: &str,
        with: PersonId,
        what: String,
    ) -> Result<()> {
        if self
            .report
            .shared
            .iter()
            .any(|s| s.id == id && s.with_id == with)
        {
            return Ok(());
        }
        let with_name: String = self
            .store
            .conn()
            .prepare_cached("SELECT name FROM people WHERE id = ?1")?
            .query_row([with], |r| r.get(0))?;
        self.report.shared_count += 1;
        if self.report.shared.len() < crate::import::LISTED {
            self.report.shared.push(SharedWith {
                line: c.line,
                id,
                name: name.to_string(),
                with_id: with,
                with_name,
                what,
            });
        }
        Ok(())
    }

    /// Whether a person found by e-mail or phone is plainly someone else: another LinkedIn
    /// profile, or (for a phone, which colleagues share) another card of the same kind.
    fn conflicts(&self, id: PersonId, c: &IncomingContact, by_phone: bool) -> Result<bool> {
        let conn = self.store.conn();
        if let Some(url) = non_empty(c.linkedin.as_deref()) {
            let theirs: Option<String> = conn
                .prepare_cached("SELECT linkedin FROM people WHERE id = ?1")?
                .query_row([id], |r| r.get(0))?;
            if theirs.is_some_and(|t| t != linkedin_key(&url)) {
                return Ok(true);
            }
        }
        if by_phone && let Some(uid) = non_empty(c.uid.as_deref()) {
            let uids: Vec<String> = conn
                .prepare_cached("SELECT uid FROM person_uids WHERE person_id = ?1")?
                .query_map([id], |r| r.get(0))?
                .collect::<crate::db::Result<_>>()?;
            if !uids.is_empty() && !uids.contains(&uid) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn insert(&mut self, c: &IncomingContact, name: &str) -> Result<PersonId> {
        let today = self.today();
        let org_id = match non_empty(c.org.as_deref()) {
            Some(o) => Some(self.org_id(&o)?),
            None => None,
        };
        let title = non_empty(c.title.as_deref());
        let linkedin = non_empty(c.linkedin.as_deref()).map(|u| linkedin_key(&u));
        // Parts a file got wrong (too long, control characters) are left out, not fatal.
        let parts = Some(&c.name_parts)
            .filter(|p| p.validate().is_ok())
            .cloned()
            .unwrap_or_default();
        let conn = self.store.conn();
        // Imported people get no tier: which of hundreds of connections to keep in touch
        // with is the user's choice, and a default would flood today's plan.
        conn.prepare_cached(
            "INSERT INTO people (name, name_key, org_id, title, location, linkedin, website,
                 birthday, source, notes, connected_on, created_on, updated_on, name_family,
                 name_given, name_middle, name_prefix, name_suffix)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14, ?15, ?16,
                 ?17)",
        )?
        .execute(params![
            name,
            fold(name),
            org_id,
            title,
            non_empty(c.location.as_deref()),
            linkedin,
            non_empty(c.website.as_deref()),
            c.birthday.map(|b| b.to_string()),
            self.options.source,
            c.notes.as_deref().map(str::trim).unwrap_or(""),
            c.connected_on,
            today,
            parts.family,
            parts.given,
            parts.middle,
            parts.prefix,
            parts.suffix,
        ])?;
        let id = conn.last_insert_rowid()?;
        if let Some(org_id) = org_id {
            conn.prepare_cached(
                "INSERT INTO work_history (person_id, org_id, title, from_date, current)
                 VALUES (?1, ?2, ?3, ?4, 1)",
            )?
            .execute(params![id, org_id, title, c.connected_on])?;
        }
        self.add_lists(id, c, true)?;
        if self.options.source == "linkedin" {
            self.remember_linkedin_job(id, c)?;
            self.report.new_connections_count += 1;
            if self.report.new_connections.len() < crate::import::LISTED {
                self.report.new_connections.push(PersonRef {
                    id,
                    name: name.to_string(),
                    org: non_empty(c.org.as_deref()),
                    title: non_empty(c.title.as_deref()),
                });
            }
        }
        self.note_change(Change {
            line: c.line,
            action: "add",
            id,
            name: name.to_string(),
            fields: Vec::new(),
        });
        Ok(id)
    }

    /// Adds the record's e-mails, phones, tags and UID; returns which lists grew. `fresh`:
    /// the person was just added, so their lists are empty (two queries saved per record).
    fn add_lists(
        &mut self,
        id: PersonId,
        c: &IncomingContact,
        fresh: bool,
    ) -> Result<Vec<&'static str>> {
        let conn = self.store.conn();
        let mut changed = Vec::new();
        let count = |table: &str| -> Result<i64> {
            if fresh {
                return Ok(0);
            }
            // Table names come from the fixed calls below.
            Ok(conn
                .prepare_cached(&format!(
                    "SELECT count(*) FROM {table} WHERE person_id = ?1"
                ))?
                .query_row([id], |r| r.get(0))?)
        };
        let mut email_pos = count("person_emails")?;
        for e in &c.emails {
            // An address the file got wrong is left out rather than failing the import.
            let Ok(e) = validate_email(e) else { continue };
            let n = conn
                .prepare_cached(
                    "INSERT OR IGNORE INTO person_emails (person_id, email, email_key, position)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![id, e, e.to_lowercase(), email_pos])?;
            if n > 0 {
                email_pos += 1;
                if !changed.contains(&"emails") {
                    changed.push("emails");
                }
            }
        }
        let mut phone_pos = count("person_phones")?;
        for p in &c.phones {
            let key = phone_key(p);
            if key.trim_start_matches('+').len() < 3 {
                continue;
            }
            let n = conn
                .prepare_cached(
                    "INSERT OR IGNORE INTO person_phones (person_id, phone, phone_key, position)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![id, p.trim(), key, phone_pos])?;
            if n > 0 {
                phone_pos += 1;
                if !changed.contains(&"phones") {
                    changed.push("phones");
                }
            }
        }
        for t in &c.tags {
            let t = t.trim().trim_start_matches('#').trim().to_lowercase();
            if t.is_empty() {
                continue;
            }
            let n = conn
                .prepare_cached(
                    "INSERT OR IGNORE INTO person_tags (person_id, tag) VALUES (?1, ?2)",
                )?
                .execute(params![id, t])?;
            if n > 0 && !changed.contains(&"tags") {
                changed.push("tags");
            }
        }
        if let Some(uid) = non_empty(c.uid.as_deref()) {
            // A UID already given to someone else stays theirs.
            conn.prepare_cached(
                "INSERT OR IGNORE INTO person_uids (uid, person_id) VALUES (?1, ?2)",
            )?
            .execute(params![uid, id])?;
        }
        Ok(changed)
    }

    fn stored(&self, id: PersonId) -> Result<Stored> {
        Ok(self
            .store
            .conn()
            .prepare_cached(
                "SELECT p.name, o.name, p.title, p.location, p.linkedin, p.website, p.birthday,
                        p.notes, p.connected_on, p.name_family, p.name_given, p.name_middle,
                        p.name_prefix, p.name_suffix
                 FROM people p LEFT JOIN organisations o ON o.id = p.org_id WHERE p.id = ?1",
            )?
            .query_row([id], |r| {
                Ok(Stored {
                    name: r.get(0)?,
                    org: r.get(1)?,
                    title: r.get(2)?,
                    location: r.get(3)?,
                    linkedin: r.get(4)?,
                    website: r.get(5)?,
                    birthday: r.get(6)?,
                    notes: r.get(7)?,
                    connected_on: r.get(8)?,
                    name_parts: crate::sql::name_parts(r, 9)?,
                })
            })?)
    }

    fn merge_into(&mut self, id: PersonId, c: &IncomingContact) -> Result<Outcome> {
        let today = self.today();
        let overwrite = self.options.overwrite;
        let old = self.stored(id)?;
        let mut fields = self.add_lists(id, c, false)?;
        let conn = self.store.conn();
        // Replace when overwriting and different, fill when empty.
        let wants = |old: Option<&str>, new: Option<&str>| -> Option<String> {
            let new = non_empty(new)?;
            match non_empty(old) {
                None => Some(new),
                Some(o) if overwrite && o != new => Some(new),
                Some(_) => None,
            }
        };
        if overwrite
            && let Ok(name) = validate_name(&c.name)
            && name != old.name
        {
            conn.prepare_cached("UPDATE people SET name = ?2, name_key = ?3 WHERE id = ?1")?
                .execute(params![id, name, fold(&name)])?;
            fields.push("name");
        }
        // The parts come as a set: filled when none are stored, replaced with --overwrite.
        if !c.name_parts.is_empty()
            && c.name_parts != old.name_parts
            && (old.name_parts.is_empty() || overwrite)
            && c.name_parts.validate().is_ok()
        {
            self.store.set_name_parts(id, &c.name_parts)?;
            fields.push("name_parts");
        }
        let birthday = c.birthday.map(|b| b.to_string());
        let texts: [(&'static str, Option<&str>, Option<&str>); 3] = [
            ("location", old.location.as_deref(), c.location.as_deref()),
            ("website", old.website.as_deref(), c.website.as_deref()),
            ("birthday", old.birthday.as_deref(), birthday.as_deref()),
        ];
        for (column, before, after) in texts {
            if let Some(v) = wants(before, after) {
                // Column names come from the fixed list above, never from input.
                conn.execute(
                    &format!("UPDATE people SET {column} = ?2 WHERE id = ?1"),
                    params![id, v],
                )?;
                fields.push(column);
            }
        }
        if let Some(url) = non_empty(c.linkedin.as_deref()).map(|u| linkedin_key(&u))
            && old.linkedin.as_deref() != Some(url.as_str())
            && (old.linkedin.is_none() || overwrite)
        {
            // A profile that belongs to someone else is left with them.
            let taken: Option<PersonId> = conn
                .prepare_cached("SELECT id FROM people WHERE linkedin = ?1")?
                .query_row([&url], |r| r.get(0))
                .optional()?;
            if taken.is_none() {
                conn.prepare_cached("UPDATE people SET linkedin = ?2 WHERE id = ?1")?
                    .execute(params![id, url])?;
                fields.push("linkedin");
            }
        }
        if old.connected_on.is_none()
            && let Some(on) = c.connected_on
        {
            conn.prepare_cached("UPDATE people SET connected_on = ?2 WHERE id = ?1")?
                .execute(params![id, on])?;
            fields.push("connected_on");
        }
        if let Some(note) = non_empty(c.notes.as_deref())
            && !old.notes.contains(&note)
        {
            let notes = if old.notes.trim().is_empty() {
                note
            } else {
                format!("{}\n{}", old.notes, note)
            };
            conn.prepare_cached("UPDATE people SET notes = ?2 WHERE id = ?1")?
                .execute(params![id, notes])?;
            fields.push("notes");
        }
        if self.options.source == "linkedin" {
            fields.extend(self.linkedin_job(id, &old, c)?);
        } else {
            let org = wants(old.org.as_deref(), c.org.as_deref());
            let title = wants(old.title.as_deref(), c.title.as_deref());
            if org.is_some() || title.is_some() {
                let org = org.or(old.org.clone());
                let title = title.or(old.title.clone());
                self.store.set_current_job(id, org, title, today)?;
                fields.push("job");
            }
        }
        if fields.is_empty() {
            return Ok(Outcome::Unchanged(id));
        }
        self.store
            .conn()
            .prepare_cached("UPDATE people SET updated_on = ?2 WHERE id = ?1")?
            .execute(params![id, today])?;
        self.note_change(Change {
            line: c.line,
            action: "update",
            id,
            name: old.name,
            fields,
        });
        Ok(Outcome::Updated(id))
    }

    fn remember_linkedin_job(&self, id: PersonId, c: &IncomingContact) -> Result<()> {
        self.store
            .conn()
            .prepare_cached(
                "INSERT INTO linkedin_profiles (person_id, company, position, seen_on)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(person_id) DO UPDATE SET company = excluded.company,
                     position = excluded.position, seen_on = excluded.seen_on",
            )?
            .execute(params![
                id,
                non_empty(c.org.as_deref()),
                non_empty(c.title.as_deref()),
                self.today()
            ])?;
        Ok(())
    }

    /// Compares a LinkedIn record's job with what the previous export said.
    fn linkedin_job(
        &mut self,
        id: PersonId,
        old: &Stored,
        c: &IncomingContact,
    ) -> Result<Vec<&'static str>> {
        let today = self.today();
        let previous: Option<(Option<String>, Option<String>)> = self
            .store
            .conn()
            .prepare_cached("SELECT company, position FROM linkedin_profiles WHERE person_id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (org, title) = (non_empty(c.org.as_deref()), non_empty(c.title.as_deref()));
        let mut fields = Vec::new();
        match previous {
            Some((p_org, p_title))
                if !same(p_org.as_deref(), org.as_deref())
                    || !same(p_title.as_deref(), title.as_deref()) =>
            {
                self.remember_linkedin_job(id, c)?;
                fields.push("linkedin_job");
                if org.is_none() && title.is_none() {
                    // The export no longer shows a job: nothing to congratulate on.
                    return Ok(fields);
                }
                // The current job is LinkedIn's when it still is what LinkedIn said last
                // time (or nothing); a job the user typed since stays unless --overwrite.
                let untouched = (same(old.org.as_deref(), p_org.as_deref())
                    && same(old.title.as_deref(), p_title.as_deref()))
                    || (old.org.is_none() && old.title.is_none());
                let applied = untouched || self.options.overwrite;
                if applied {
                    self.store
                        .set_current_job(id, org.clone(), title.clone(), today)?;
                    fields.push("job");
                }
                self.store
                    .conn()
                    .prepare_cached(
                        "INSERT INTO job_changes (person_id, org, title, detected_on)
                         VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![id, org, title, today])?;
                self.report.job_changes.push(JobChangeReport {
                    id,
                    name: old.name.clone(),
                    from: JobRef {
                        org: p_org,
                        title: p_title,
                    },
                    to: JobRef { org, title },
                    applied,
                });
            }
            Some(_) => {
                // The same job as last time; --overwrite still makes it the current one.
                if self.options.overwrite
                    && (org.is_some() || title.is_some())
                    && (!same(old.org.as_deref(), org.as_deref())
                        || !same(old.title.as_deref(), title.as_deref()))
                {
                    self.store.set_current_job(id, org, title, today)?;
                    fields.push("job");
                }
            }
            None => {
                // The first export that names this person: nothing to compare with yet.
                self.remember_linkedin_job(id, c)?;
                let fill_org = org.is_some() && (old.org.is_none() || self.options.overwrite);
                let fill_title = title.is_some() && (old.title.is_none() || self.options.overwrite);
                if (fill_org || fill_title)
                    && (!same(old.org.as_deref(), org.as_deref())
                        || !same(old.title.as_deref(), title.as_deref()))
                {
                    let new_org = if fill_org { org } else { old.org.clone() };
                    let new_title = if fill_title { title } else { old.title.clone() };
                    self.store.set_current_job(id, new_org, new_title, today)?;
                    fields.push("job");
                }
            }
        }
        Ok(fields)
    }
}
