//! Interactions as drafts, briefs and the plan read them back: the user's words (or an
//! import's), never the plan's advice.
//!
//! `done` without words logs a neutral summary under the source `plan`. Older versions
//! logged the item's advice itself ("send Grace birthday wishes on Wed 9 Dec") as a
//! manual message; such an interaction is recognised by an item checked off that day for
//! one of its people whose advice it reads as (`warmline_core::plan::logged`), and is read
//! back as what a `done` of today would have logged.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::db::OptionalExtension;
use chrono::NaiveDate;
use warmline_core::interaction::{Direction, Interaction, Kind};
use warmline_core::person::PersonId;
use warmline_core::plan::logged::{PLAN_SOURCE, done_summary, reads_as_advice};
use warmline_core::plan::{ItemKind, parse_item_id};

use crate::{Result, Store};

impl Store {
    /// A person's latest interactions, newest first, as texts may quote them: whatever
    /// `done` logged without the user's words has the source `plan` and a neutral summary
    /// ("kept in touch"), however old the database.
    pub fn interactions_told(&self, person: PersonId, limit: usize) -> Result<Vec<Interaction>> {
        self.as_told(self.interactions_for(person, limit)?)
    }

    /// [`Store::interactions_told`] for interactions already read (the newest of a
    /// timeline from [`Store::interactions_for`]), so a page showing both reads them once.
    pub fn as_told(&self, mut list: Vec<Interaction>) -> Result<Vec<Interaction>> {
        let mut done_on: HashMap<NaiveDate, Vec<(ItemKind, i64)>> = HashMap::new();
        for i in &mut list {
            if !could_be_old_done(i) {
                continue;
            }
            let items = match done_on.entry(i.on) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => e.insert(self.plan_items_done_on(i.on)?),
            };
            if let Some(kind) = self.advice_logged_by(i, items)? {
                i.summary = done_summary(kind, i.kind == Kind::Intro)
                    .unwrap_or("followed up")
                    .to_string();
                i.source = PLAN_SOURCE.to_string();
            }
        }
        Ok(list)
    }

    fn plan_items_done_on(&self, on: NaiveDate) -> Result<Vec<(ItemKind, i64)>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT item_id FROM plan_done WHERE on_date = ?1")?;
        let ids = stmt.query_map([on], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for id in ids {
            if let Ok(parsed) = parse_item_id(&id?) {
                out.push(parsed);
            }
        }
        Ok(out)
    }

    /// The kind of the item whose advice `i` is, if an item checked off that day for one
    /// of its people reads so.
    fn advice_logged_by(
        &self,
        i: &Interaction,
        items: &[(ItemKind, i64)],
    ) -> Result<Option<ItemKind>> {
        for &(kind, n) in items {
            let matches = if kind == ItemKind::FollowUp {
                let follow_up: Option<(PersonId, String)> = self
                    .conn()
                    .prepare_cached("SELECT person_id, text FROM follow_ups WHERE id = ?1")?
                    .query_row([n], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                follow_up.is_some_and(|(person, text)| {
                    i.people.contains(&person)
                        && (text.trim() == i.summary.trim() || reads_as_advice(kind, &i.summary))
                })
            } else {
                i.people.contains(&n) && reads_as_advice(kind, &i.summary)
            };
            if matches {
                return Ok(Some(kind));
            }
        }
        Ok(None)
    }
}

/// What `done` logged looked like this: a message (an introduction for a give) of yours,
/// typed by hand.
fn could_be_old_done(i: &Interaction) -> bool {
    i.source == "manual"
        && i.direction == Direction::Outbound
        && matches!(i.kind, Kind::Message | Kind::Intro)
}

#[cfg(test)]
mod tests {
    use crate::db::params;
    use warmline_core::followup::Origin;
    use warmline_core::interaction::NewInteraction;

    use super::*;
    use crate::NewPerson;

    fn d(s: &str) -> NaiveDate {
        warmline_core::date::parse_iso(s).unwrap()
    }

    /// What `done` wrote before it took the user's words: the advice as a manual message,
    /// and the item checked off that day.
    fn old_done(s: &Store, person: PersonId, on: &str, item: &str, advice: &str) {
        s.log_interaction(
            &NewInteraction {
                on: d(on),
                kind: Kind::Message,
                direction: Direction::Outbound,
                summary: advice.into(),
                notes: String::new(),
                source: "manual".into(),
                source_key: None,
                people: vec![person],
            },
            d(on),
        )
        .unwrap();
        s.exec(
            "INSERT INTO plan_done (on_date, item_id) VALUES (?1, ?2)",
            params![on, item],
        )
        .unwrap();
    }

    fn summaries(s: &Store, person: PersonId) -> Vec<(String, String)> {
        s.interactions_told(person, 10)
            .unwrap()
            .into_iter()
            .map(|i| (i.summary, i.source))
            .collect()
    }

    #[test]
    fn advice_an_older_done_stored_reads_as_the_act() {
        let s = Store::open_in_memory().unwrap();
        let person = |name: &str| {
            let new = NewPerson {
                name: name.into(),
                ..NewPerson::default()
            };
            s.add_person(&new, d("2026-11-01")).unwrap()
        };
        let (grace, ann) = (person("Grace Hopper"), person("Ann Lee"));
        old_done(
            &s,
            grace,
            "2026-12-07",
            &format!("b{grace}"),
            "send Grace birthday wishes on Wed 9 Dec",
        );
        // A conversation typed by hand the same day is the user's words.
        s.log_interaction(
            &NewInteraction {
                on: d("2026-12-07"),
                kind: Kind::Message,
                direction: Direction::Outbound,
                summary: "she turns 40, party on Saturday".into(),
                notes: String::new(),
                source: "manual".into(),
                source_key: None,
                people: vec![grace],
            },
            d("2026-12-07"),
        )
        .unwrap();
        // Advice wording without an item checked off that day stays as typed.
        s.log_interaction(
            &NewInteraction {
                on: d("2026-12-01"),
                kind: Kind::Message,
                direction: Direction::Outbound,
                summary: "send Grace a short note and ask about the move".into(),
                notes: String::new(),
                source: "manual".into(),
                source_key: None,
                people: vec![grace],
            },
            d("2026-12-01"),
        )
        .unwrap();
        assert_eq!(
            summaries(&s, grace),
            vec![
                ("she turns 40, party on Saturday".into(), "manual".into()),
                ("birthday wishes".into(), PLAN_SOURCE.into()),
                (
                    "send Grace a short note and ask about the move".into(),
                    "manual".into()
                ),
            ]
        );

        // A follow-up's own text, logged when it was checked off.
        let f = s
            .add_follow_up(
                ann,
                "send a note or connect on LinkedIn while the meeting is fresh",
                d("2026-12-03"),
                Origin::AfterEvent,
                d("2026-12-01"),
            )
            .unwrap();
        old_done(
            &s,
            ann,
            "2026-12-03",
            &format!("f{f}"),
            "send a note or connect on LinkedIn while the meeting is fresh",
        );
        assert_eq!(
            summaries(&s, ann),
            vec![("followed up".to_string(), PLAN_SOURCE.to_string())]
        );
        // What is stored is not changed: only the reading.
        let stored: Vec<String> = s
            .interactions_for(ann, 10)
            .unwrap()
            .into_iter()
            .map(|i| i.summary)
            .collect();
        assert_eq!(
            stored,
            ["send a note or connect on LinkedIn while the meeting is fresh"]
        );
    }
}
