//! `job add|person|stage|list`: opportunities and the people who led to them.

use anyhow::{Result, bail};
use serde_json::json;
use warmline_core::job::{JobListing, JobRole, JobStage, OpportunityId, Tally};

use crate::cli::JobCommand;
use crate::commands::{corrections, report};
use crate::context::Ctx;
use crate::render::{clip, out, table};

/// A job's id as typed: `3` or `#3`.
fn job_id(s: &str) -> Result<OpportunityId> {
    match s.trim().trim_start_matches('#').parse::<OpportunityId>() {
        Ok(id) if id > 0 => Ok(id),
        _ => bail!("'{s}' is not a job id: use the number from warmline job list"),
    }
}

fn people_text(j: &JobListing) -> String {
    j.people
        .iter()
        .map(|p| format!("{} ({})", p.name, p.role.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn run(ctx: &Ctx, cmd: JobCommand) -> Result<()> {
    match cmd {
        JobCommand::Add { org, role, via } => {
            let via = via
                .iter()
                .map(|p| ctx.person(p))
                .collect::<Result<Vec<_>>>()?;
            let id = ctx.store.add_job(&org, &role, &via, ctx.today)?;
            let j = ctx.store.job(id)?;
            let mut text = format!("job #{id}: {} at {} ({})", j.role, j.org, j.stage.as_str());
            if !j.people.is_empty() {
                let names: Vec<&str> = j.people.iter().map(|p| p.name.as_str()).collect();
                text.push_str(&format!(", through {}", names.join(" and ")));
            }
            report(ctx, &text, &j)
        }
        JobCommand::Person { id, person, role } => {
            let id = job_id(&id)?;
            let role = JobRole::parse(&role)?;
            let person = ctx.person(&person)?;
            let added = ctx.store.add_job_person(id, person, role, ctx.today)?;
            let j = ctx.store.job(id)?;
            let name = ctx.store.person(person)?.name;
            let text = if added {
                format!(
                    "{name} is the {} for job #{id} ({} at {})",
                    role.label(),
                    j.role,
                    j.org
                )
            } else {
                format!("{name} was already the {} for job #{id}", role.label())
            };
            report(ctx, &text, &j)
        }
        JobCommand::Stage { id, stage } => {
            let id = job_id(&id)?;
            let stage = JobStage::parse(&stage)?;
            let before = ctx.store.set_job_stage(id, stage, ctx.today)?;
            let j = ctx.store.job(id)?;
            let what = format!("job #{id} ({} at {})", j.role, j.org);
            let text = if before == stage {
                format!("{what} is already at {}", stage.as_str())
            } else if before == JobStage::Closed {
                format!("{what}: reopened at {}", stage.as_str())
            } else if before > stage {
                format!(
                    "{what}: moved back from {} to {} (recorded)",
                    before.as_str(),
                    stage.as_str()
                )
            } else {
                format!("{what}: {} → {}", before.as_str(), stage.as_str())
            };
            let history = ctx.store.job_history(id)?;
            let mut doc = json!(j);
            doc["previous"] = json!(before);
            doc["history"] = json!(history);
            report(ctx, &text, &doc)
        }
        JobCommand::List => list(ctx),
        JobCommand::Edit { id, org, role } => {
            corrections::job_edit(ctx, &id, org.as_deref(), role.as_deref())
        }
        JobCommand::Rm { id } => corrections::job_rm(ctx, &id),
    }
}

/// "2 opportunities, 1 interview, 0 offers".
pub(crate) fn tally(t: &Tally) -> String {
    let plural = |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}, {}",
        plural(t.opportunities, "opportunity", "opportunities"),
        plural(t.interviews, "interview", "interviews"),
        plural(t.offers, "offer", "offers")
    )
}

fn list(ctx: &Ctx) -> Result<()> {
    let jobs = ctx.store.jobs()?;
    if ctx.json {
        return ctx.print_json(&jobs);
    }
    if jobs.is_empty() {
        return out("no jobs tracked yet: warmline job add ORG ROLE [--via PERSON]\n");
    }
    let rows: Vec<Vec<String>> = jobs
        .iter()
        .map(|j| {
            vec![
                j.id.to_string(),
                clip(&j.org, 28),
                clip(&j.role, 28),
                j.stage.as_str().to_string(),
                people_text(j),
            ]
        })
        .collect();
    let mut s = table(&ctx.style, &["ID", "ORG", "ROLE", "STAGE", "PEOPLE"], &rows);
    let sources = ctx.store.job_sources()?;
    s.push_str(&format!(
        "\nThrough people: {}\nCold: {}\n",
        tally(&sources.through_people),
        tally(&sources.cold)
    ));
    out(&s)
}
