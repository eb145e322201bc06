//! What exports read: everyone with their stable identity, and what falls due.

use std::collections::HashMap;

use chrono::NaiveDate;
use warmline_core::person::{Birthday, Met, Person, PersonId, Tier};

use crate::sql::{date, opt_date};
use crate::{ListFilter, Result, Store};

/// The vCard UID warmline gives a person that came without one: stable for the same id,
/// so a synced address book updates the card instead of duplicating it. The same
/// derivation as `warmline_formats::person_uid` (a test keeps them equal).
pub fn person_uid(id: PersonId) -> String {
    let u = uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_OID,
        format!("warmline:person:{id}").as_bytes(),
    );
    format!("urn:uuid:{u}")
}

/// A person as exports write them, with the UID their card carries: the first UID an
/// address book gave them (so the phone recognises its own card), else warmline's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportPerson {
    pub person: Person,
    pub uid: String,
}

/// A follow-up or keep-in-touch date, for the calendar export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueEntry {
    /// Stable: `followup:<id>` or `keep-in-touch:<person id>`.
    pub key: String,
    pub due: NaiveDate,
    pub summary: String,
    pub description: Option<String>,
}

fn grouped(store: &Store, sql: &str) -> Result<HashMap<PersonId, Vec<String>>> {
    let mut stmt = store.conn().prepare(sql)?;
    let mut rows = stmt.query([])?;
    let mut out: HashMap<PersonId, Vec<String>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let r = &r;
        out.entry(r.get(0)?).or_default().push(r.get(1)?);
    }
    Ok(out)
}

impl Store {
    /// Everyone, by id, read in a few passes rather than a few queries per person.
    pub fn export_people(&self) -> Result<Vec<ExportPerson>> {
        let mut emails = grouped(
            self,
            "SELECT person_id, email FROM person_emails ORDER BY person_id, position",
        )?;
        let mut phones = grouped(
            self,
            "SELECT person_id, phone FROM person_phones ORDER BY person_id, position",
        )?;
        let mut tags = grouped(
            self,
            "SELECT person_id, tag FROM person_tags ORDER BY person_id, tag",
        )?;
        let mut uids = grouped(
            self,
            "SELECT person_id, uid FROM person_uids ORDER BY person_id, rowid",
        )?;
        let mut stmt = self.conn().prepare(
            "SELECT p.id, p.name, o.name, p.title, p.location, p.linkedin, p.website,
                    p.birthday, p.met_context, p.met_on, p.met_event_id, p.source, p.tier,
                    p.cadence_days, p.notes, p.created_on, p.updated_on, p.name_family,
                    p.name_given, p.name_middle, p.name_prefix, p.name_suffix
             FROM people p LEFT JOIN organisations o ON o.id = p.org_id ORDER BY p.id",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let r = &r;
            let id: PersonId = r.get(0)?;
            let birthday: Option<String> = r.get(7)?;
            let tier: Option<String> = r.get(12)?;
            let person = Person {
                id,
                name: r.get(1)?,
                name_parts: crate::sql::name_parts(r, 17)?,
                emails: emails.remove(&id).unwrap_or_default(),
                phones: phones.remove(&id).unwrap_or_default(),
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
                tags: tags.remove(&id).unwrap_or_default(),
                tier: tier.as_deref().and_then(|t| Tier::parse(t).ok()),
                cadence_days: r.get(13)?,
                notes: r.get(14)?,
                created_on: date(r, 15)?,
                updated_on: date(r, 16)?,
            };
            let uid = uids
                .remove(&id)
                .and_then(|u| u.into_iter().next())
                .unwrap_or_else(|| person_uid(id));
            out.push(ExportPerson { person, uid });
        }
        Ok(out)
    }

    /// Pending follow-ups and keep-in-touch dates, soonest first. Anything overdue is put
    /// on today, where a calendar shows it.
    pub fn due_entries(&self, today: NaiveDate) -> Result<Vec<DueEntry>> {
        let names: HashMap<PersonId, String> = {
            let mut stmt = self.conn().prepare("SELECT id, name FROM people")?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<crate::db::Result<_>>()?
        };
        let mut out = Vec::new();
        for f in self.pending_follow_ups()? {
            let name = names.get(&f.person_id).cloned().unwrap_or_default();
            let overdue = (f.due < today).then(|| format!(" (due {})", f.due));
            out.push(DueEntry {
                key: format!("followup:{}", f.id),
                due: f.due.max(today),
                summary: format!("Follow up with {name}: {}", f.text),
                description: Some(format!(
                    "warmline follow-up #{}{}",
                    f.id,
                    overdue.unwrap_or_default()
                )),
            });
        }
        for s in self.list_people(&ListFilter::default(), today)? {
            let (Some(due), Some(cadence)) = (s.next_due, s.cadence_days) else {
                continue;
            };
            let last = s.last_contact.map_or_else(
                || "no contact yet".to_string(),
                |d| format!("last contact {d}"),
            );
            out.push(DueEntry {
                key: format!("keep-in-touch:{}", s.id),
                due: due.max(today),
                summary: format!("Keep in touch with {}", s.name),
                description: Some(format!("every {cadence} days; {last}")),
            });
        }
        out.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.key.cmp(&b.key)));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_are_stable_urns() {
        assert_eq!(person_uid(3), person_uid(3));
        assert_ne!(person_uid(3), person_uid(4));
        assert!(person_uid(3).starts_with("urn:uuid:"));
    }
}
