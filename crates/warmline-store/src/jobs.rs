//! Job opportunities, the people who played a part in each, and every stage they went
//! through, so that `stats` can tell what came through people from what came cold.

use std::collections::HashMap;

use crate::db::{OptionalExtension, params};
use chrono::NaiveDate;
use serde::Serialize;
use warmline_core::goal::Stage;
use warmline_core::job::{
    JobListing, JobPerson, JobRole, JobStage, OpportunityId, Outcome, Sources, by_source,
};
use warmline_core::person::PersonId;

use crate::snapshot::Recorder;
use crate::sql::date;
use crate::trash::{RemovedKind, TrashId};
use crate::{Result, Store, StoreError};

/// One stage an opportunity was moved to, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct JobStageChange {
    pub stage: JobStage,
    pub on: NaiveDate,
}

fn job_stage(s: &str) -> JobStage {
    JobStage::parse(s).unwrap_or(JobStage::Lead)
}

impl Store {
    /// Adds an opportunity at `org` (created if new) at the lead stage; the people it
    /// came through are its referrers.
    pub fn add_job(
        &self,
        org: &str,
        role: &str,
        via: &[PersonId],
        today: NaiveDate,
    ) -> Result<OpportunityId> {
        let role = role.trim();
        if role.is_empty() {
            return Err(StoreError::Invalid(
                "a job needs a role, like 'PR Coordinator'".into(),
            ));
        }
        self.atomic(|s| {
            let org_id = s.upsert_org_by_name(org, today)?;
            s.conn().execute(
                "INSERT INTO opportunities (org_id, role, stage, created_on, updated_on)
                 VALUES (?1, ?2, 'lead', ?3, ?3)",
                params![org_id, role, today],
            )?;
            let id = s.conn().last_insert_rowid()?;
            s.record_job_stage(id, JobStage::Lead, today)?;
            for person in via {
                s.add_job_person(id, *person, JobRole::Referrer, today)?;
            }
            Ok(id)
        })
    }

    fn record_job_stage(&self, id: OpportunityId, stage: JobStage, on: NaiveDate) -> Result<()> {
        self.conn().execute(
            "INSERT INTO opportunity_stage_history (opportunity_id, stage, on_date) VALUES (?1, ?2, ?3)",
            params![id, stage.as_str(), on],
        )?;
        Ok(())
    }

    fn job_exists(&self, id: OpportunityId) -> Result<()> {
        let found = self
            .conn()
            .query_row(
                "SELECT 1 FROM opportunities WHERE id = ?1",
                [id],
                |_| Ok(()),
            )
            .optional()?;
        found.ok_or_else(|| StoreError::NotFound(format!("no job #{id} (see warmline job list)")))
    }

    /// Records the part a person played in an opportunity. Returns false when they were
    /// already recorded in that role. Someone who opened the door (a referrer, recruiter or
    /// hiring manager) moves forward to "opportunity" in the active goals they are in.
    pub fn add_job_person(
        &self,
        id: OpportunityId,
        person: PersonId,
        role: JobRole,
        today: NaiveDate,
    ) -> Result<bool> {
        self.atomic(|s| {
            s.job_exists(id)?;
            s.person(person)?;
            let added = s.conn().execute(
                "INSERT OR IGNORE INTO opportunity_people (opportunity_id, person_id, role) VALUES (?1, ?2, ?3)",
                params![id, person, role.as_str()],
            )? > 0;
            if role.is_way_in() {
                s.advance_goals_to(person, Stage::Opportunity, today)?;
            }
            s.conn().execute(
                "UPDATE opportunities SET updated_on = ?2 WHERE id = ?1",
                params![id, today],
            )?;
            Ok(added)
        })
    }

    /// Moves an opportunity to a stage, forwards or backwards (a rejected application can
    /// be revived), and records the move. Returns the stage it was at.
    pub fn set_job_stage(
        &self,
        id: OpportunityId,
        stage: JobStage,
        today: NaiveDate,
    ) -> Result<JobStage> {
        self.atomic(|s| {
            s.job_exists(id)?;
            let before: String =
                s.conn()
                    .query_row("SELECT stage FROM opportunities WHERE id = ?1", [id], |r| {
                        r.get(0)
                    })?;
            let before = job_stage(&before);
            if before != stage {
                s.conn().execute(
                    "UPDATE opportunities SET stage = ?2, updated_on = ?3 WHERE id = ?1",
                    params![id, stage.as_str(), today],
                )?;
                s.record_job_stage(id, stage, today)?;
            }
            Ok(before)
        })
    }

    /// Corrects where an opportunity is (an organisation, created if new) and/or its role.
    pub fn edit_job(
        &self,
        id: OpportunityId,
        org: Option<&str>,
        role: Option<&str>,
        today: NaiveDate,
    ) -> Result<JobListing> {
        let role = role.map(str::trim);
        if role.is_some_and(str::is_empty) {
            return Err(StoreError::Invalid(
                "a job needs a role, like 'PR Coordinator'".into(),
            ));
        }
        if org.is_none() && role.is_none() {
            return Err(StoreError::Invalid(
                "nothing to change: give the job's new organisation or role".into(),
            ));
        }
        self.atomic(|s| {
            s.job_exists(id)?;
            let org_id = org.map(|o| s.upsert_org_by_name(o, today)).transpose()?;
            s.exec(
                "UPDATE opportunities SET org_id = coalesce(?2, org_id), role = coalesce(?3, role),
                    updated_on = ?4 WHERE id = ?1",
                params![id, org_id, role, today],
            )?;
            s.job(id)
        })
    }

    /// Removes an opportunity with its people and stages; returns the trash entry that
    /// undoes it. Goal stages it moved people to stay: they record what happened.
    pub fn remove_job(&self, id: OpportunityId) -> Result<TrashId> {
        self.atomic(|s| {
            let j = s.job(id)?;
            let mut rec = Recorder::new(s)?;
            rec.remove("opportunities", "id = ?1", &[id.into()])?;
            rec.touched(j.people.iter().map(|p| p.id));
            let label = format!("job #{id}: {} at {}", j.role, j.org);
            s.record_removal(rec, RemovedKind::Job, &label)
        })
    }

    /// Every opportunity, open ones first, newest first, with its people.
    pub fn jobs(&self) -> Result<Vec<JobListing>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT j.id, o.name, j.role, j.stage FROM opportunities j
             JOIN organisations o ON o.id = j.org_id
             ORDER BY j.stage IN ('accepted', 'closed'), j.id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            let stage: String = r.get(3)?;
            Ok(JobListing {
                id: r.get(0)?,
                org: r.get(1)?,
                role: r.get(2)?,
                stage: job_stage(&stage),
                people: Vec::new(),
            })
        })?;
        let mut jobs: Vec<JobListing> = rows.collect::<crate::db::Result<_>>()?;
        // Everyone on every opportunity in one read, not a read per opportunity.
        let mut people: HashMap<OpportunityId, Vec<JobPerson>> = HashMap::new();
        let mut stmt = self.conn().prepare_cached(
            "SELECT jp.opportunity_id, p.id, p.name, jp.role
             FROM opportunity_people jp JOIN people p ON p.id = jp.person_id
             ORDER BY jp.opportunity_id, jp.rowid",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let role: String = r.get(3)?;
            people.entry(r.get(0)?).or_default().push(JobPerson {
                id: r.get(1)?,
                name: r.get(2)?,
                role: JobRole::parse(&role).unwrap_or(JobRole::Referrer),
            });
        }
        for j in &mut jobs {
            let mut on = people.remove(&j.id).unwrap_or_default();
            on.sort_by_key(|p| p.role);
            j.people = on;
        }
        Ok(jobs)
    }

    /// One opportunity.
    pub fn job(&self, id: OpportunityId) -> Result<JobListing> {
        self.jobs()?
            .into_iter()
            .find(|j| j.id == id)
            .ok_or_else(|| StoreError::NotFound(format!("no job #{id} (see warmline job list)")))
    }

    /// The stages an opportunity went through, oldest first.
    pub fn job_history(&self, id: OpportunityId) -> Result<Vec<JobStageChange>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT stage, on_date FROM opportunity_stage_history WHERE opportunity_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([id], |r| {
            let stage: String = r.get(0)?;
            Ok(JobStageChange {
                stage: job_stage(&stage),
                on: date(r, 1)?,
            })
        })?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// How many opportunities, interviews and offers came through people, and how many
    /// came cold.
    pub fn job_sources(&self) -> Result<Sources> {
        let jobs = self.jobs()?;
        let mut owned = Vec::with_capacity(jobs.len());
        for j in &jobs {
            let roles: Vec<JobRole> = j.people.iter().map(|p| p.role).collect();
            let history: Vec<JobStage> = self.job_history(j.id)?.iter().map(|c| c.stage).collect();
            owned.push((j.stage, roles, history));
        }
        let outcomes: Vec<Outcome> = owned
            .iter()
            .map(|(stage, roles, history)| Outcome {
                stage: *stage,
                roles,
                history,
            })
            .collect();
        Ok(by_source(&outcomes))
    }

    /// The opportunities a person played a part in: (job, their role).
    /// Each with everyone on it, as [`Store::jobs`] gives them, in one read of those
    /// opportunities only.
    pub fn jobs_of(&self, person: PersonId) -> Result<Vec<(JobListing, JobRole)>> {
        let mut stmt = self.conn().prepare_cached(
            // The organisation's name is read per opportunity (every opportunity has
            // one): joined, PostgreSQL began from the account's organisations and took
            // seven times as long.
            "SELECT j.id, (SELECT o.name FROM organisations o WHERE o.id = j.org_id),
                    j.role, j.stage, p.id, p.name, jp.role
             FROM opportunities j
             JOIN opportunity_people jp ON jp.opportunity_id = j.id
             JOIN people p ON p.id = jp.person_id
             WHERE j.id IN (SELECT opportunity_id FROM opportunity_people WHERE person_id = ?1)
             ORDER BY j.stage IN ('accepted', 'closed'), j.id DESC, jp.rowid",
        )?;
        let mut rows = stmt.query([person])?;
        let mut jobs: Vec<JobListing> = Vec::new();
        while let Some(r) = rows.next()? {
            let r = &r;
            let id: OpportunityId = r.get(0)?;
            if jobs.last().is_none_or(|j| j.id != id) {
                let stage: String = r.get(3)?;
                jobs.push(JobListing {
                    id,
                    org: r.get(1)?,
                    role: r.get(2)?,
                    stage: job_stage(&stage),
                    people: Vec::new(),
                });
            }
            let role: String = r.get(6)?;
            if let Some(j) = jobs.last_mut() {
                j.people.push(JobPerson {
                    id: r.get(4)?,
                    name: r.get(5)?,
                    role: JobRole::parse(&role).unwrap_or(JobRole::Referrer),
                });
            }
        }
        let mut out = Vec::new();
        for mut j in jobs {
            j.people.sort_by_key(|p| p.role);
            if let Some(p) = j.people.iter().find(|p| p.id == person) {
                let role = p.role;
                out.push((j, role));
            }
        }
        Ok(out)
    }
}
