//! Gives: help given to a person, each also logged as an interaction, and the balance of
//! what you have given someone against what you have drawn on them for.

use crate::db::params;
use chrono::NaiveDate;
use serde::Serialize;
use warmline_core::interaction::{Direction, InteractionId, Kind, NewInteraction};
use warmline_core::person::PersonId;

use crate::sql::date;
use crate::{Result, Store, StoreError};

/// One thing given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Give {
    pub id: i64,
    pub person_id: PersonId,
    pub text: String,
    pub on: NaiveDate,
    pub interaction_id: Option<InteractionId>,
}

/// Give and ask with one person. `asked` counts the favours you drew on them for: the
/// opportunities they referred you to or vouched for you in, or the goals in which they
/// gave you a referral or advice, whichever is more.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct GiveBalance {
    pub given: u32,
    pub asked: u32,
}

impl GiveBalance {
    /// Given minus asked: above zero, you have been the one giving.
    pub fn net(&self) -> i64 {
        i64::from(self.given) - i64::from(self.asked)
    }
}

impl Store {
    /// Records help given to a person on `on`, and logs it as an interaction of `kind`
    /// (one you started), so it warms the tie and shows on their timeline.
    pub fn add_give(
        &self,
        person: PersonId,
        text: &str,
        kind: Kind,
        on: NaiveDate,
        today: NaiveDate,
    ) -> Result<(i64, InteractionId)> {
        let text = text.trim();
        if text.is_empty() {
            return Err(StoreError::Invalid(
                "say what you gave, like 'sent the article on pitching'".into(),
            ));
        }
        self.atomic(|s| {
            s.person(person)?;
            let interaction = NewInteraction {
                on,
                kind,
                direction: Direction::Outbound,
                summary: format!("gave: {text}"),
                notes: String::new(),
                source: "manual".into(),
                source_key: None,
                people: vec![person],
            };
            let interaction_id = s.log_interaction(&interaction, today)?.ok_or_else(|| {
                StoreError::Invalid("the give could not be logged as an interaction".into())
            })?;
            Ok((
                s.record_give(person, text, on, interaction_id)?,
                interaction_id,
            ))
        })
    }

    /// Records help given, tied to the interaction that logged it: what `add_give` and a
    /// give item of the plan checked off both write. The caller holds the transaction.
    pub(crate) fn record_give(
        &self,
        person: PersonId,
        text: &str,
        on: NaiveDate,
        interaction_id: InteractionId,
    ) -> Result<i64> {
        self.conn().execute(
            "INSERT INTO gives (person_id, text, on_date, interaction_id) VALUES (?1, ?2, ?3, ?4)",
            params![person, text, on, interaction_id],
        )?;
        Ok(self.conn().last_insert_rowid()?)
    }

    /// What you have given a person, newest first.
    pub fn gives_for(&self, person: PersonId) -> Result<Vec<Give>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, person_id, text, on_date, interaction_id FROM gives
             WHERE person_id = ?1 ORDER BY on_date DESC, id DESC",
        )?;
        let rows = stmt.query_map([person], |r| {
            Ok(Give {
                id: r.get(0)?,
                person_id: r.get(1)?,
                text: r.get(2)?,
                on: date(r, 3)?,
                interaction_id: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// [`Store::give_balance`] from what a person's page read already: their gives, the
    /// opportunities they are on ([`Store::jobs_of`]) and the goals they are in
    /// ([`Store::goals_of`]).
    pub fn give_balance_of(
        person: PersonId,
        gives: &[Give],
        jobs: &[(warmline_core::job::JobListing, warmline_core::job::JobRole)],
        goals: &[crate::GoalMembership],
    ) -> GiveBalance {
        use warmline_core::goal::Stage;
        use warmline_core::job::JobRole;
        let referred = jobs
            .iter()
            .filter(|(j, _)| {
                j.people.iter().any(|p| {
                    p.id == person && matches!(p.role, JobRole::Referrer | JobRole::Reference)
                })
            })
            .count();
        let in_pipeline = goals
            .iter()
            .filter(|g| matches!(g.stage, Stage::Referral | Stage::Opportunity))
            .count();
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        GiveBalance {
            given: count(gives.len()),
            asked: count(referred.max(in_pipeline)),
        }
    }

    /// The give/ask balance with a person.
    pub fn give_balance(&self, person: PersonId) -> Result<GiveBalance> {
        let (given, asked) = self
            .conn()
            .prepare_cached(
                // A referral usually shows twice, on the job and in the goal's pipeline, so the
                // larger of the two counts is taken rather than their sum.
                "SELECT (SELECT count(*) FROM gives WHERE person_id = ?1),
                    max((SELECT count(DISTINCT opportunity_id) FROM opportunity_people
                          WHERE person_id = ?1 AND role IN ('referrer', 'reference')),
                        (SELECT count(*) FROM goal_people
                          WHERE person_id = ?1 AND stage IN ('referral', 'opportunity')))",
            )?
            .query_row([person], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(GiveBalance { given, asked })
    }
}
