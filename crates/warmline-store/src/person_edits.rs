//! Correcting a person: taking off an e-mail, a phone or a tag, and removing the person,
//! each filed in the trash so that it can be undone.

use crate::db::Value as Sql;
use chrono::NaiveDate;
use warmline_core::person::PersonId;
use warmline_core::text::phone_key;

use crate::people::{PersonPatch, clean_tag};
use crate::snapshot::Recorder;
use crate::trash::{RemovedKind, TrashId};
use crate::{Result, Store, StoreError};

/// What a patch takes off a person from one kind of detail.
struct DetailList<'a> {
    noun: &'static str,
    table: &'static str,
    column: &'static str,
    /// Keys to remove, each with the text it was named by.
    items: Vec<(String, String)>,
    /// What the person has, to name in an error.
    theirs: &'a [String],
}

/// The distinct keys of what a patch removes, with the text to name each by.
fn keys(list: &[String], key: impl Fn(&str) -> Option<String>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for item in list {
        if let Some(k) = key(item)
            && !out.iter().any(|(seen, _)| *seen == k)
        {
            out.push((k, item.trim().to_string()));
        }
    }
    out
}

impl Store {
    /// Applies a patch to a person. The e-mails, phones and tags it removes go to the
    /// trash as one entry, whose id is returned (`None` when it removes nothing). Removing
    /// one the person does not have is an error, and nothing changes.
    pub fn edit_person(
        &self,
        id: PersonId,
        patch: &PersonPatch,
        today: NaiveDate,
    ) -> Result<Option<TrashId>> {
        self.atomic(|s| {
            let current = s.person(id)?;
            let lists = [
                DetailList {
                    noun: "e-mail",
                    table: "person_emails",
                    column: "email_key",
                    items: keys(&patch.remove_emails, |e| {
                        Some(e.trim().to_lowercase()).filter(|e| !e.is_empty())
                    }),
                    theirs: &current.emails,
                },
                DetailList {
                    noun: "phone",
                    table: "person_phones",
                    column: "phone_key",
                    items: keys(&patch.remove_phones, |p| {
                        Some(phone_key(p)).filter(|k| !k.is_empty())
                    }),
                    theirs: &current.phones,
                },
                DetailList {
                    noun: "tag",
                    table: "person_tags",
                    column: "tag",
                    items: keys(&patch.remove_tags, clean_tag),
                    theirs: &current.tags,
                },
            ];
            let mut rec: Option<Recorder<'_>> = None;
            let mut removed = Vec::new();
            for DetailList {
                noun,
                table,
                column,
                items,
                theirs,
            } in lists
            {
                for (key, text) in items {
                    let r = match &mut rec {
                        Some(r) => r,
                        None => rec.insert(Recorder::new(s)?),
                    };
                    let gone = r.remove(
                        table,
                        &format!("person_id = ?1 AND {column} = ?2"),
                        &[Sql::Integer(id), Sql::Text(key)],
                    )?;
                    if gone == 0 {
                        let have = if theirs.is_empty() {
                            "none".to_string()
                        } else {
                            theirs.join(", ")
                        };
                        return Err(StoreError::NotFound(format!(
                            "{} has no {noun} {text} (theirs: {have})",
                            current.name
                        )));
                    }
                    removed.push(format!("{noun} {text}"));
                }
            }
            s.apply_patch(id, patch, today)?;
            match rec {
                Some(mut r) => {
                    r.touched([id]);
                    let label = format!("{} of {}", removed.join(", "), current.name);
                    Ok(Some(s.record_removal(
                        r,
                        RemovedKind::ContactDetails,
                        &label,
                    )?))
                }
                None => Ok(None),
            }
        })
    }

    /// Removes a person and everything hung on them alone; interactions shared with
    /// others stay for the others. Returns the trash entry that brings them back whole.
    pub fn remove_person(&self, id: PersonId) -> Result<TrashId> {
        self.atomic(|s| {
            let name = s.person_ref(id)?.name;
            let mut rec = Recorder::new(s)?;
            rec.remove("interactions", ONLY_THEIRS, &[Sql::Integer(id)])?;
            rec.remove("people", "id = ?1", &[Sql::Integer(id)])?;
            s.exec("DELETE FROM person_search WHERE rowid = ?1", [id])?;
            s.record_removal(rec, RemovedKind::Person, &format!("{name} (#{id})"))
        })
    }

    /// Removes a person without a trash entry: what a merge folds away.
    pub(crate) fn delete_person(&self, id: PersonId) -> Result<()> {
        self.atomic(|s| {
            s.require_person(id)?;
            s.exec(
                &format!("DELETE FROM interactions WHERE {ONLY_THEIRS}"),
                [id],
            )?;
            s.exec("DELETE FROM people WHERE id = ?1", [id])?;
            s.exec("DELETE FROM person_search WHERE rowid = ?1", [id])?;
            Ok(())
        })
    }
}

/// Interactions whose only participant is person ?1: without them they would point at no
/// one, so they go with the person. Read through the person's own rows (both ends of
/// `interaction_people` are indexed), not by grouping every participant of everyone.
const ONLY_THEIRS: &str = "id IN (SELECT ip.interaction_id FROM interaction_people ip
    WHERE ip.person_id = ?1 AND NOT EXISTS (SELECT 1 FROM interaction_people other
        WHERE other.interaction_id = ip.interaction_id AND other.person_id <> ?1))";
