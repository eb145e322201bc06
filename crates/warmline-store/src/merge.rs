//! Folding one person into another, and gathering what the duplicate check compares.
//!
//! `merge_people(keep, gone)` moves everything attached to `gone` onto `keep` — e-mails,
//! phones, tags, UIDs, facts, interactions, follow-ups, links, goal stages, needs and
//! offers, gives, work history, job changes, opportunities — fills `keep`'s empty fields
//! from `gone`, and removes `gone`. Where both have a row that may exist once (both in one
//! interaction, both in one goal), `keep`'s stays; a goal stage keeps the further one.
//! Tables a later migration adds that refer to people are moved too, generically.

use crate::db::params;
use chrono::NaiveDate;
use warmline_core::dupes::DupeCandidate;
use warmline_core::person::PersonId;

use crate::{Result, Store, StoreError};

/// Tables whose rows simply change owner.
const MOVE: [(&str, &str); 9] = [
    ("facts", "person_id"),
    ("follow_ups", "person_id"),
    ("needs_offers", "person_id"),
    ("gives", "person_id"),
    ("work_history", "person_id"),
    ("job_changes", "person_id"),
    ("goal_stage_history", "person_id"),
    ("person_uids", "person_id"),
    ("interaction_people", "person_id"),
];

/// Handled by hand below (ordering, positions or a choice between two rows).
const SPECIAL: [&str; 7] = [
    "people",
    "person_emails",
    "person_phones",
    "person_tags",
    "links",
    "goal_people",
    "linkedin_profiles",
];

const STAGE_RANK: &str = "CASE stage WHEN 'identified' THEN 0 WHEN 'reached_out' THEN 1
    WHEN 'replied' THEN 2 WHEN 'conversation' THEN 3 WHEN 'referral' THEN 4 ELSE 5 END";

impl Store {
    /// Merges `gone` into `keep` (see the module comment).
    pub fn merge_people(&self, keep: PersonId, gone: PersonId, today: NaiveDate) -> Result<()> {
        if keep == gone {
            return Err(StoreError::Invalid(
                "that is the same person twice: nothing to merge".into(),
            ));
        }
        self.atomic(|s| {
            s.person(keep)?;
            s.person(gone)?;
            let c = s.conn();
            for (table, column) in ["person_emails", "person_phones"]
                .into_iter()
                .zip(["email_key", "phone_key"])
            {
                // Appended after keep's own, in gone's order; a value both have stays once.
                c.execute(
                    &format!(
                        "UPDATE OR IGNORE {table} SET person_id = ?1,
                            position = position + (SELECT count(*) FROM {table} WHERE person_id = ?1)
                         WHERE person_id = ?2 AND {column} NOT IN
                            (SELECT {column} FROM {table} WHERE person_id = ?1)"
                    ),
                    params![keep, gone],
                )?;
            }
            s.update_or_ignore("person_tags", "person_id", keep, gone)?;
            for (table, column) in MOVE {
                // OR IGNORE: a row keep already has (both in one interaction) stays once;
                // gone's copy goes with gone.
                s.update_or_ignore(table, column, keep, gone)?;
            }
            s.merge_links(keep, gone)?;
            c.execute(
                &format!(
                    "UPDATE goal_people SET stage = (SELECT g.stage FROM goal_people g
                        WHERE g.goal_id = goal_people.goal_id AND g.person_id = ?2),
                        updated_on = ?3
                     WHERE person_id = ?1 AND ({STAGE_RANK}) < (SELECT ({STAGE_RANK}) FROM goal_people g
                        WHERE g.goal_id = goal_people.goal_id AND g.person_id = ?2)"
                ),
                params![keep, gone, today],
            )?;
            s.update_or_ignore("goal_people", "person_id", keep, gone)?;
            s.update_or_ignore("opportunity_people", "person_id", keep, gone)?;
            s.update_or_ignore("linkedin_profiles", "person_id", keep, gone)?;
            s.move_other_references(keep, gone)?;
            s.fill_fields(keep, gone, today)?;
            s.delete_person(gone)?;
            s.refresh_last_contact(keep)?;
            s.reindex_person(keep)
        })
    }

    /// Links of `gone` become `keep`'s, the pair kept ordered; a link between the two
    /// disappears, and where both knew someone the stronger tie stays.
    fn merge_links(&self, keep: PersonId, gone: PersonId) -> Result<()> {
        let c = self.conn();
        let mut stmt = c.prepare("SELECT a, b, strength, how FROM links WHERE a = ?1 OR b = ?1")?;
        let links: Vec<(i64, i64, i64, Option<String>)> = stmt
            .query_map([gone], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<crate::db::Result<_>>()?;
        for (a, b, strength, how) in links {
            let other = if a == gone { b } else { a };
            if other != keep {
                c.execute(
                    "INSERT INTO links (a, b, strength, how) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(a, b) DO UPDATE SET strength = max(strength, excluded.strength),
                        how = coalesce(how, excluded.how)",
                    params![keep.min(other), keep.max(other), strength, how],
                )?;
            }
        }
        c.execute("DELETE FROM links WHERE a = ?1 OR b = ?1", [gone])?;
        Ok(())
    }

    /// `UPDATE OR IGNORE table SET column = keep WHERE column = gone`: rows that would
    /// collide with one keep already has stay behind. PostgreSQL has no OR IGNORE; there
    /// the rows that would collide on any unique key are left out by the WHERE clause.
    fn update_or_ignore(
        &self,
        table: &str,
        column: &str,
        keep: PersonId,
        gone: PersonId,
    ) -> Result<()> {
        let c = self.conn();
        if !c.is_postgres() {
            // Names come from this module or the schema, never from input.
            c.execute(
                &format!(
                    "UPDATE OR IGNORE \"{table}\" SET \"{column}\" = ?1 WHERE \"{column}\" = ?2"
                ),
                params![keep, gone],
            )?;
            return Ok(());
        }
        let Some(t) = self.tables()?.into_iter().find(|t| t.name == table) else {
            return Ok(());
        };
        let mut keys = t.unique.clone();
        keys.push(t.pk.clone());
        let mut clashes = String::new();
        for key in keys.iter().filter(|k| k.iter().any(|c| c == column)) {
            let same: Vec<String> = key
                .iter()
                .filter(|k| *k != column)
                .map(|k| format!("x.\"{k}\" = \"{table}\".\"{k}\""))
                .collect();
            clashes.push_str(&format!(
                " AND NOT EXISTS (SELECT 1 FROM \"{table}\" x WHERE x.\"{column}\" = ?1{})",
                same.iter().map(|s| format!(" AND {s}")).collect::<String>()
            ));
        }
        c.execute(
            &format!("UPDATE \"{table}\" SET \"{column}\" = ?1 WHERE \"{column}\" = ?2{clashes}"),
            params![keep, gone],
        )?;
        Ok(())
    }

    /// Any other table that refers to people (added by a later migration) is moved too.
    fn move_other_references(&self, keep: PersonId, gone: PersonId) -> Result<()> {
        let c = self.conn();
        if c.is_postgres() {
            for t in self.tables()? {
                if SPECIAL.contains(&t.name.as_str()) || MOVE.iter().any(|(m, _)| *m == t.name) {
                    continue;
                }
                for fk in t.fks.iter().filter(|f| f.parent == "people") {
                    self.update_or_ignore(&t.name, &fk.column, keep, gone)?;
                }
            }
            return Ok(());
        }
        let tables: Vec<String> = c
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<crate::db::Result<_>>()?;
        for t in tables {
            if SPECIAL.contains(&t.as_str()) || MOVE.iter().any(|(m, _)| *m == t) {
                continue;
            }
            let columns: Vec<String> = c
                .prepare(
                    "SELECT \"from\" FROM pragma_foreign_key_list(?1) WHERE \"table\" = 'people'",
                )?
                .query_map([&t], |r| r.get(0))?
                .collect::<crate::db::Result<_>>()?;
            for col in columns {
                self.update_or_ignore(&t, &col, keep, gone)?;
            }
        }
        Ok(())
    }

    /// Fills keep's empty fields from gone's; notes are joined.
    fn fill_fields(&self, keep: PersonId, gone: PersonId, today: NaiveDate) -> Result<()> {
        let c = self.conn();
        // The LinkedIn URL is unique: take it off gone before giving it to keep.
        let linkedin: Option<String> =
            c.query_row("SELECT linkedin FROM people WHERE id = ?1", [gone], |r| {
                r.get(0)
            })?;
        c.execute("UPDATE people SET linkedin = NULL WHERE id = ?1", [gone])?;
        c.execute(
            "UPDATE people SET
                linkedin = coalesce(linkedin, ?3),
                org_id = coalesce(org_id, (SELECT org_id FROM people WHERE id = ?2)),
                title = coalesce(title, (SELECT title FROM people WHERE id = ?2)),
                location = coalesce(location, (SELECT location FROM people WHERE id = ?2)),
                website = coalesce(website, (SELECT website FROM people WHERE id = ?2)),
                birthday = coalesce(birthday, (SELECT birthday FROM people WHERE id = ?2)),
                met_context = coalesce(met_context, (SELECT met_context FROM people WHERE id = ?2)),
                met_on = coalesce(met_on, (SELECT met_on FROM people WHERE id = ?2)),
                met_event_id = coalesce(met_event_id, (SELECT met_event_id FROM people WHERE id = ?2)),
                tier = coalesce(tier, (SELECT tier FROM people WHERE id = ?2)),
                cadence_days = coalesce(cadence_days, (SELECT cadence_days FROM people WHERE id = ?2)),
                connected_on = coalesce(connected_on, (SELECT connected_on FROM people WHERE id = ?2)),
                created_on = min(created_on, (SELECT created_on FROM people WHERE id = ?2)),
                notes = CASE
                    WHEN (SELECT notes FROM people WHERE id = ?2) = '' THEN notes
                    WHEN notes = '' THEN (SELECT notes FROM people WHERE id = ?2)
                    WHEN instr(notes, (SELECT notes FROM people WHERE id = ?2)) > 0 THEN notes
                    ELSE notes || char(10) || (SELECT notes FROM people WHERE id = ?2) END,
                updated_on = ?4
             WHERE id = ?1",
            params![keep, gone, linkedin, today],
        )?;
        // Work history moved over may now hold two current jobs; the person's own org
        // says which one is current.
        c.execute(
            "UPDATE work_history SET current = 0, until_date = coalesce(until_date, ?2)
             WHERE person_id = ?1 AND current = 1
               AND org_id IS NOT (SELECT org_id FROM people WHERE id = ?1)",
            params![keep, today],
        )?;
        Ok(())
    }

    /// Everyone as the duplicate check needs them.
    pub fn dupe_candidates(&self) -> Result<Vec<DupeCandidate>> {
        let c = self.conn();
        let mut stmt = c.prepare(
            "SELECT p.id, p.name, o.name,
                    (SELECT group_concat(email, char(31)) FROM person_emails WHERE person_id = p.id),
                    (SELECT group_concat(phone, char(31)) FROM person_phones WHERE person_id = p.id)
             FROM people p LEFT JOIN organisations o ON o.id = p.org_id ORDER BY p.id",
        )?;
        let split = |s: Option<String>| -> Vec<String> {
            s.map(|s| s.split('\u{1f}').map(str::to_string).collect())
                .unwrap_or_default()
        };
        let rows = stmt.query_map([], |r| {
            Ok(DupeCandidate {
                id: r.get(0)?,
                name: r.get(1)?,
                org: r.get(2)?,
                emails: split(r.get(3)?),
                phones: split(r.get(4)?),
            })
        })?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }
}
