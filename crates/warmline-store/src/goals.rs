//! Goals: a purpose and a target profile, each person's stage in the goal's pipeline, and
//! the history of stage moves that the funnel and the weekly progress are counted from.

use crate::db::{OptionalExtension, params};
use chrono::{Duration, NaiveDate};
use serde::Serialize;
use warmline_core::goal::{
    Funnel, Goal, GoalId, GoalStatus, Stage, StageChange, TargetProfile, WeekProgress,
    WeeklyTargets, advance, week_actuals,
};
use warmline_core::interaction::{Direction, InteractionId, Kind};
use warmline_core::paths::PersonRef;
use warmline_core::person::PersonId;
use warmline_core::stats::week_start;
use warmline_core::text::fold;

use crate::snapshot::Recorder;
use crate::sql::{date, non_empty, opt_date};
use crate::trash::{RemovedKind, TrashId};
use crate::{Result, Store, StoreError};

/// A goal about to be added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewGoal {
    pub title: String,
    pub purpose: Option<String>,
    pub profile: TargetProfile,
    pub weekly: WeeklyTargets,
    pub deadline: Option<NaiveDate>,
}

/// One person in a goal's pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PipelinePerson {
    pub id: PersonId,
    pub name: String,
    pub org: Option<String>,
    pub title: Option<String>,
    pub stage: Stage,
    /// When they reached their current stage.
    pub since: NaiveDate,
}

/// A goal a person is part of, and where they stand in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalMembership {
    pub id: GoalId,
    pub title: String,
    pub stage: Stage,
}

/// An interaction dated this many days before someone joined a goal still moves them:
/// people often set up the goal after the first note has gone out.
const JOIN_GRACE_DAYS: i64 = 7;

fn stage_of(s: &str) -> Stage {
    Stage::parse(s).unwrap_or(Stage::Identified)
}

const GOAL_COLUMNS: &str = "id, title, purpose, industry, size, role_keywords, location, weekly, \
                            deadline, status, created_on";

fn goal_row(r: &crate::db::Row<'_>) -> crate::db::Result<Goal> {
    let roles: Option<String> = r.get(5)?;
    let weekly: Option<String> = r.get(7)?;
    let status: String = r.get(9)?;
    Ok(Goal {
        id: r.get(0)?,
        title: r.get(1)?,
        purpose: r.get(2)?,
        profile: TargetProfile {
            industry: r.get(3)?,
            size: r.get(4)?,
            role_keywords: roles
                .as_deref()
                .map(TargetProfile::split_keywords)
                .unwrap_or_default(),
            location: r.get(6)?,
        },
        // The spec was checked when it was written; an unreadable one means no targets.
        weekly: weekly
            .as_deref()
            .and_then(|w| WeeklyTargets::parse(w).ok())
            .unwrap_or_default(),
        deadline: opt_date(r, 8)?,
        status: GoalStatus::parse(&status).unwrap_or(GoalStatus::Active),
        created_on: date(r, 10)?,
    })
}

impl Store {
    /// Adds a goal; returns its id.
    pub fn add_goal(&self, g: &NewGoal, today: NaiveDate) -> Result<GoalId> {
        let title = g.title.trim();
        if title.is_empty() {
            return Err(StoreError::Invalid("a goal needs a title".into()));
        }
        let roles =
            (!g.profile.role_keywords.is_empty()).then(|| g.profile.role_keywords.join(", "));
        let weekly = (!g.weekly.is_empty()).then(|| g.weekly.to_string());
        self.atomic(|s| {
            s.conn().execute(
                "INSERT INTO goals (title, purpose, industry, size, role_keywords, location, weekly, deadline, created_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    title,
                    non_empty(g.purpose.as_deref()),
                    non_empty(g.profile.industry.as_deref()),
                    non_empty(g.profile.size.as_deref()),
                    roles,
                    non_empty(g.profile.location.as_deref()),
                    weekly,
                    g.deadline,
                    today,
                ],
            )?;
            Ok(s.conn().last_insert_rowid()?)
        })
    }

    /// Every goal, active ones first, then by id.
    pub fn goals(&self) -> Result<Vec<Goal>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {GOAL_COLUMNS} FROM goals ORDER BY status <> 'active', id"
        ))?;
        let rows = stmt.query_map([], goal_row)?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    pub fn active_goals(&self) -> Result<Vec<Goal>> {
        Ok(self
            .goals()?
            .into_iter()
            .filter(|g| g.status == GoalStatus::Active)
            .collect())
    }

    pub fn goal(&self, id: GoalId) -> Result<Goal> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("SELECT {GOAL_COLUMNS} FROM goals WHERE id = ?1"))?;
        stmt.query_row([id], goal_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("no goal #{id}")))
    }

    /// Finds a goal by id, exact title, or an unambiguous part of the title (case and
    /// accents aside). An unknown goal is an error that lists the goals there are.
    pub fn resolve_goal(&self, query: &str) -> Result<GoalId> {
        let q = query.trim();
        let goals = self.goals()?;
        if let Ok(id) = q.trim_start_matches('#').parse::<GoalId>()
            && goals.iter().any(|g| g.id == id)
        {
            return Ok(id);
        }
        let key = fold(q);
        let exact: Vec<&Goal> = goals.iter().filter(|g| fold(&g.title) == key).collect();
        if let [g] = exact.as_slice() {
            return Ok(g.id);
        }
        let partial: Vec<&Goal> = if key.is_empty() {
            Vec::new()
        } else {
            goals
                .iter()
                .filter(|g| fold(&g.title).contains(&key))
                .collect()
        };
        let named = |gs: &[&Goal]| {
            gs.iter()
                .map(|g| format!("#{} {}", g.id, g.title))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (exact.len(), partial.as_slice()) {
            (0, [g]) => Ok(g.id),
            (0, []) if goals.is_empty() => Err(StoreError::NotFound(format!(
                "no goal '{q}': there are no goals yet (add one with: warmline goal add TITLE)"
            ))),
            (0, []) => {
                let all: Vec<&Goal> = goals.iter().collect();
                Err(StoreError::NotFound(format!(
                    "no goal '{q}': the goals are {}",
                    named(&all)
                )))
            }
            (0, many) => Err(StoreError::Invalid(format!(
                "'{q}' could be {}: say more of the title, or use the id",
                named(many)
            ))),
            _ => Err(StoreError::Invalid(format!(
                "'{q}' could be {}: use the id",
                named(&exact)
            ))),
        }
    }

    /// Marks a goal done, archived or active again; returns the status it had. Only active
    /// goals move with logged interactions and feed today's plan.
    pub fn set_goal_status(&self, goal: GoalId, status: GoalStatus) -> Result<GoalStatus> {
        self.atomic(|s| {
            let before = s.goal(goal)?.status;
            s.conn().execute(
                "UPDATE goals SET status = ?2 WHERE id = ?1",
                params![goal, status.as_str()],
            )?;
            Ok(before)
        })
    }

    /// Where a person stands in a goal, if they are in it.
    pub fn goal_stage(&self, goal: GoalId, person: PersonId) -> Result<Option<Stage>> {
        let stage: Option<String> = self
            .conn()
            .query_row(
                "SELECT stage FROM goal_people WHERE goal_id = ?1 AND person_id = ?2",
                params![goal, person],
                |r| r.get(0),
            )
            .optional()?;
        Ok(stage.as_deref().map(stage_of))
    }

    /// Puts a person at a stage of a goal (adding them to it if needed), forwards or
    /// backwards, and records the move. Returns the stage they were at before.
    pub fn set_goal_stage(
        &self,
        goal: GoalId,
        person: PersonId,
        stage: Stage,
        on: NaiveDate,
    ) -> Result<Option<Stage>> {
        self.atomic(|s| {
            s.goal(goal)?;
            s.person(person)?;
            let before = s.goal_stage(goal, person)?;
            if before == Some(stage) {
                return Ok(before);
            }
            s.conn().execute(
                "INSERT INTO goal_people (goal_id, person_id, stage, updated_on) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (goal_id, person_id) DO UPDATE SET stage = excluded.stage, updated_on = excluded.updated_on",
                params![goal, person, stage.as_str(), on],
            )?;
            // Someone who joins at a later stage is still new to the goal this week.
            if before.is_none() && stage != Stage::Identified {
                s.record_stage(goal, person, Stage::Identified, on)?;
            }
            s.record_stage(goal, person, stage, on)?;
            Ok(before)
        })
    }

    fn record_stage(
        &self,
        goal: GoalId,
        person: PersonId,
        stage: Stage,
        on: NaiveDate,
    ) -> Result<i64> {
        self.conn().execute(
            "INSERT INTO goal_stage_history (goal_id, person_id, stage, on_date) VALUES (?1, ?2, ?3, ?4)",
            params![goal, person, stage.as_str(), on],
        )?;
        Ok(self.conn().last_insert_rowid()?)
    }

    /// Moves a person forward in every active goal they are in, after an interaction of
    /// this kind and direction on `on`. Never moves anyone back. Interactions from well
    /// before someone joined a goal (an old thread found by an import) do not count. Each
    /// move remembers the interaction that made it, so that correcting the interaction
    /// can take the move back.
    pub(crate) fn advance_goals(
        &self,
        person: PersonId,
        kind: Kind,
        direction: Direction,
        on: NaiveDate,
        interaction: InteractionId,
    ) -> Result<()> {
        self.move_forward(person, on, Some(interaction), |current| {
            advance(current, kind, direction)
        })
    }

    /// Moves a person forward to at least `stage` in every active goal they are in.
    pub(crate) fn advance_goals_to(
        &self,
        person: PersonId,
        stage: Stage,
        on: NaiveDate,
    ) -> Result<()> {
        self.move_forward(person, on, None, |current| current.max(stage))
    }

    fn move_forward(
        &self,
        person: PersonId,
        on: NaiveDate,
        interaction: Option<InteractionId>,
        to: impl Fn(Stage) -> Stage,
    ) -> Result<()> {
        // Every logged interaction passes here, and most people are in no goal: the first
        // query is a plain scan of a table of a few rows, where a join would make SQLite
        // build a throwaway index on every call.
        let memberships: Vec<(GoalId, String)> = {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT goal_id, stage FROM goal_people WHERE person_id = ?1")?;
            let rows = stmt.query_map([person], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<crate::db::Result<_>>()?
        };
        let mut rows: Vec<(GoalId, String, Option<NaiveDate>)> = Vec::new();
        for (goal, stage) in memberships {
            let mut stmt = self.conn().prepare_cached(
                "SELECT (SELECT status FROM goals WHERE id = ?1),
                        (SELECT min(on_date) FROM goal_stage_history WHERE goal_id = ?1 AND person_id = ?2)",
            )?;
            let (status, joined): (Option<String>, Option<NaiveDate>) =
                stmt.query_row(params![goal, person], |r| Ok((r.get(0)?, opt_date(r, 1)?)))?;
            if status.as_deref() == Some(GoalStatus::Active.as_str()) {
                rows.push((goal, stage, joined));
            }
        }
        for (goal, current, joined) in rows {
            if joined.is_some_and(|j| on < j - Duration::days(JOIN_GRACE_DAYS)) {
                continue;
            }
            let current = stage_of(&current);
            let next = to(current);
            if next != current {
                self.conn().execute(
                    "UPDATE goal_people SET stage = ?3, updated_on = ?4 WHERE goal_id = ?1 AND person_id = ?2",
                    params![goal, person, next.as_str(), on],
                )?;
                let move_id = self.record_stage(goal, person, next, on)?;
                if let Some(interaction) = interaction {
                    self.exec(
                        "INSERT INTO goal_moves (history_id, interaction_id) VALUES (?1, ?2)",
                        params![move_id, interaction],
                    )?;
                }
            }
        }
        Ok(())
    }

    /// Takes back the goal moves an interaction made, where each is still the person's
    /// latest move in that goal: the stage returns to the one before it. A move something
    /// else has built on since (a later move by hand or by another interaction) stays, so
    /// stages only ever step back to where they were. With a recorder, the moves taken
    /// back go to the trash with the removal.
    pub(crate) fn take_back_goal_moves(
        &self,
        interaction: InteractionId,
        mut trash: Option<&mut Recorder<'_>>,
    ) -> Result<()> {
        let caused: Vec<(i64, GoalId, PersonId, String)> = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT h.id, h.goal_id, h.person_id, h.stage FROM goal_moves m
                 JOIN goal_stage_history h ON h.id = m.history_id
                 WHERE m.interaction_id = ?1 ORDER BY h.id DESC",
            )?;
            let rows = stmt.query_map([interaction], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
            rows.collect::<crate::db::Result<_>>()?
        };
        for (move_id, goal, person, stage) in caused {
            let (latest, current): (Option<i64>, Option<String>) = self.conn().query_row(
                "SELECT (SELECT max(id) FROM goal_stage_history WHERE goal_id = ?1 AND person_id = ?2),
                        (SELECT stage FROM goal_people WHERE goal_id = ?1 AND person_id = ?2)",
                params![goal, person],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if latest != Some(move_id) || current.as_deref() != Some(stage.as_str()) {
                continue;
            }
            let previous: Option<(String, String)> = self
                .conn()
                .query_row(
                    "SELECT stage, on_date FROM goal_stage_history
                     WHERE goal_id = ?1 AND person_id = ?2 AND id < ?3 ORDER BY id DESC LIMIT 1",
                    params![goal, person, move_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            match trash.as_deref_mut() {
                Some(rec) => {
                    rec.remove("goal_stage_history", "id = ?1", &[move_id.into()])?;
                }
                None => {
                    self.exec("DELETE FROM goal_stage_history WHERE id = ?1", [move_id])?;
                }
            }
            if let Some((stage, on)) = previous {
                self.exec(
                    "UPDATE goal_people SET stage = ?3, updated_on = ?4 WHERE goal_id = ?1 AND person_id = ?2",
                    params![goal, person, stage, on],
                )?;
            }
        }
        Ok(())
    }

    /// Takes a person out of a goal's pipeline, with their stage history in it: the
    /// funnel counts from that history, and someone put in a goal by mistake was never in
    /// its funnel. Returns the trash entry that puts both back.
    pub fn remove_from_goal(&self, goal: GoalId, person: PersonId) -> Result<TrashId> {
        self.atomic(|s| {
            let g = s.goal(goal)?;
            let name = s.person_ref(person)?.name;
            let mut rec = Recorder::new(s)?;
            let key = [goal.into(), person.into()];
            let gone = rec.remove("goal_people", "goal_id = ?1 AND person_id = ?2", &key)?;
            if gone == 0 {
                return Err(StoreError::NotFound(format!(
                    "{name} is not in the goal {}",
                    g.title
                )));
            }
            rec.remove(
                "goal_stage_history",
                "goal_id = ?1 AND person_id = ?2",
                &key,
            )?;
            rec.touched([person]);
            s.record_removal(
                rec,
                RemovedKind::GoalMember,
                &format!("{name} from the goal {}", g.title),
            )
        })
    }

    /// The people in a goal, furthest stage first, then by name.
    pub fn pipeline(&self, goal: GoalId) -> Result<Vec<PipelinePerson>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.id, p.name, o.name, p.title, gp.stage, gp.updated_on
             FROM goal_people gp JOIN people p ON p.id = gp.person_id
             LEFT JOIN organisations o ON o.id = p.org_id
             WHERE gp.goal_id = ?1 ORDER BY p.name_key, p.id",
        )?;
        let rows = stmt.query_map([goal], |r| {
            let stage: String = r.get(4)?;
            Ok(PipelinePerson {
                id: r.get(0)?,
                name: r.get(1)?,
                org: r.get(2)?,
                title: r.get(3)?,
                stage: stage_of(&stage),
                since: date(r, 5)?,
            })
        })?;
        let mut out: Vec<PipelinePerson> = rows.collect::<crate::db::Result<_>>()?;
        out.sort_by_key(|p| std::cmp::Reverse(p.stage));
        Ok(out)
    }

    /// A goal's funnel: how many reached each stage, from its people and their history.
    pub fn goal_funnel(&self, goal: GoalId) -> Result<Funnel> {
        let current: Vec<(PersonId, Stage)> = self
            .pipeline(goal)?
            .iter()
            .map(|p| (p.id, p.stage))
            .collect();
        Ok(Funnel::from_history(&current, &self.goal_history(goal)?))
    }

    /// Every recorded stage move of a goal, oldest first.
    pub fn goal_history(&self, goal: GoalId) -> Result<Vec<StageChange>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT person_id, stage, on_date FROM goal_stage_history
             WHERE goal_id = ?1 ORDER BY on_date, id",
        )?;
        let rows = stmt.query_map([goal], |r| {
            let stage: String = r.get(1)?;
            Ok(StageChange {
                person_id: r.get(0)?,
                stage: stage_of(&stage),
                on: date(r, 2)?,
            })
        })?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// The goals a person is in, with their stage in each.
    pub fn goals_of(&self, person: PersonId) -> Result<Vec<GoalMembership>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT g.id, g.title, gp.stage FROM goal_people gp JOIN goals g ON g.id = gp.goal_id
             WHERE gp.person_id = ?1 ORDER BY g.id",
        )?;
        let rows = stmt.query_map([person], |r| {
            let stage: String = r.get(2)?;
            Ok(GoalMembership {
                id: r.get(0)?,
                title: r.get(1)?,
                stage: stage_of(&stage),
            })
        })?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// The goals a person is in (as [`Store::goals_of`]) and the active goals they are
    /// not in (in [`Store::active_goals`]' order), in one read.
    pub fn goals_with(&self, person: PersonId) -> Result<(Vec<GoalMembership>, Vec<Goal>)> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {GOAL_COLUMNS},
                    (SELECT gp.stage FROM goal_people gp
                      WHERE gp.goal_id = goals.id AND gp.person_id = ?1)
             FROM goals
             WHERE status = 'active'
                OR id IN (SELECT goal_id FROM goal_people WHERE person_id = ?1)
             ORDER BY id"
        ))?;
        let mut rows = stmt.query([person])?;
        let (mut member, mut others) = (Vec::new(), Vec::new());
        while let Some(r) = rows.next()? {
            let r = &r;
            let goal = goal_row(r)?;
            match r.get::<_, Option<String>>(11)? {
                Some(stage) => member.push(GoalMembership {
                    id: goal.id,
                    title: goal.title,
                    stage: stage_of(&stage),
                }),
                None => others.push(goal),
            }
        }
        Ok((member, others))
    }

    /// This week's progress on a goal (the week from Monday): pipeline moves from the
    /// stage history, touches and follow-ups done with the people in the goal.
    pub fn goal_week(&self, goal: GoalId, today: NaiveDate) -> Result<WeekProgress> {
        let g = self.goal(goal)?;
        let start = week_start(today);
        let end = start + Duration::days(7);
        let mut actuals = week_actuals(&self.goal_history(goal)?, start);
        actuals.touches = self.conn().query_row(
            "SELECT count(DISTINCT i.id) FROM interactions i
             JOIN interaction_people ip ON ip.interaction_id = i.id
             JOIN goal_people gp ON gp.person_id = ip.person_id AND gp.goal_id = ?1
             WHERE i.on_date >= ?2 AND i.on_date < ?3",
            params![goal, start, end],
            |r| r.get(0),
        )?;
        actuals.follow_ups = self.conn().query_row(
            "SELECT count(*) FROM follow_ups f
             JOIN goal_people gp ON gp.person_id = f.person_id AND gp.goal_id = ?1
             WHERE f.status = 'done' AND f.done_on >= ?2 AND f.done_on < ?3",
            params![goal, start, end],
            |r| r.get(0),
        )?;
        Ok(WeekProgress {
            start,
            targets: g.weekly,
            actuals,
        })
    }

    /// How many people each goal holds, by goal id.
    pub fn goal_sizes(&self) -> Result<std::collections::HashMap<GoalId, u32>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT goal_id, count(*) FROM goal_people GROUP BY goal_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    /// People as a goal's next-action planning names them.
    pub(crate) fn person_ref(&self, id: PersonId) -> Result<PersonRef> {
        let name: String = self
            .conn()
            .prepare_cached("SELECT name FROM people WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("no person with id {id}")))?;
        Ok(PersonRef { id, name })
    }
}
