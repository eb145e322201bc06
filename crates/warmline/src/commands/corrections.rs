//! Correcting what was recorded: `log edit|rm`, `fact edit|rm`, `need|offer done|rm`,
//! `link rm`, `followup edit|rm`, `goal remove`, `job edit|rm`, `org rm` and `event rm`.
//! Each reads its arguments, makes one store call, and reports; a removal ends with the
//! command that undoes it (see `undo.rs`).

use anyhow::{Context as _, Result};
use serde_json::json;
use warmline_core::date::{Towards, parse_date, parse_due};
use warmline_core::interaction::{Direction, Kind};
use warmline_core::paths::PersonRef;
use warmline_core::person::{FactCategory, PersonId};
use warmline_store::{InteractionEdit, NeedOrOffer};

use crate::cli::{FactFix, LinkFix, LogEditArgs, LogFix, NeedOfferFix};
use crate::commands::followup::follow_up_json;
use crate::commands::history::{interaction_json, who_started};
use crate::commands::report;
use crate::commands::undo::{id_arg, removed};
use crate::context::Ctx;

fn names(ctx: &Ctx, ids: &[PersonId]) -> Result<Vec<PersonRef>> {
    ids.iter()
        .map(|id| {
            Ok(PersonRef {
                id: *id,
                name: ctx.store.person(*id)?.name,
            })
        })
        .collect()
}

/// `dana,sam`: each named person once.
pub fn people_list(ctx: &Ctx, list: &str) -> Result<Vec<PersonId>> {
    let mut people = Vec::new();
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let id = ctx.person(name)?;
        if !people.contains(&id) {
            people.push(id);
        }
    }
    Ok(people)
}

pub fn log_fix(ctx: &Ctx, fix: LogFix) -> Result<()> {
    match fix {
        LogFix::Edit(args) => log_edit(ctx, args),
        LogFix::Rm { id } => {
            let id = id_arg(&id, "an interaction")?;
            removed(ctx, ctx.store.remove_interaction(id)?, Some(id))
        }
    }
}

fn log_edit(ctx: &Ctx, a: LogEditArgs) -> Result<()> {
    let id = id_arg(&a.id, "an interaction")?;
    let on =
        a.on.as_deref()
            .map(|d| parse_date(d, ctx.today, Towards::Past).context("--on"))
            .transpose()?;
    let kind = a
        .kind
        .as_deref()
        .map(|k| Kind::parse(k).context("--kind"))
        .transpose()?;
    let people = match &a.with {
        Some(list) => {
            let people = people_list(ctx, list)?;
            if people.is_empty() {
                anyhow::bail!("--with: say who the interaction was with");
            }
            Some(people)
        }
        None => None,
    };
    let direction = if a.they_reached_out {
        Some(Direction::Inbound)
    } else if a.i_reached_out {
        Some(Direction::Outbound)
    } else if a.mutual {
        Some(Direction::Mutual)
    } else {
        None
    };
    let edit = InteractionEdit {
        summary: a.summary,
        notes: a.notes,
        on,
        kind,
        direction,
        people,
    };
    let i = ctx.store.edit_interaction(id, &edit, ctx.today)?;
    let people = names(ctx, &i.people)?;
    let with: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
    let mut text = format!(
        "interaction #{id} now: {} {} with {} ({}): {}",
        i.on,
        i.kind.as_str(),
        with.join(", "),
        who_started(i.direction),
        i.summary
    );
    // Moved to a later day, it is booked ahead, as `log --on` books it.
    let scheduled = i.on > ctx.today;
    if scheduled {
        text.push_str(&format!(
            "\nscheduled on {}: it counts from that day on",
            warmline_core::date::spoken(i.on, ctx.today)
        ));
    }
    let mut json = interaction_json(&i, &people);
    json["scheduled"] = scheduled.into();
    report(ctx, &text, &json)
}

pub fn fact_fix(ctx: &Ctx, fix: FactFix) -> Result<()> {
    match fix {
        FactFix::Edit { id, text, category } => {
            let id = id_arg(&id, "a fact")?;
            let category = category
                .as_deref()
                .map(|c| FactCategory::parse(c).context("--category"))
                .transpose()?;
            let f = ctx.store.edit_fact(id, Some(&text), category, ctx.today)?;
            let (person, _) = ctx.store.fact(id)?;
            let (who, person) = match person {
                Some(p) => {
                    let name = ctx.store.person(p)?.name;
                    (name.clone(), Some(PersonRef { id: p, name }))
                }
                None => ("you".to_string(), None),
            };
            report(
                ctx,
                &format!(
                    "fact #{id} about {who}: {} — {}",
                    f.category.as_str(),
                    f.text
                ),
                &json!({"id": id, "person": person, "category": f.category, "text": f.text, "on": f.on}),
            )
        }
        FactFix::Rm { id } => {
            let id = id_arg(&id, "a fact")?;
            removed(ctx, ctx.store.remove_fact(id)?, Some(id))
        }
    }
}

pub fn need_offer_fix(ctx: &Ctx, fix: NeedOfferFix, kind: NeedOrOffer) -> Result<()> {
    let what = match kind {
        NeedOrOffer::Need => "a need",
        NeedOrOffer::Offer => "an offer",
    };
    match fix {
        NeedOfferFix::Done { id } => {
            let id = id_arg(&id, what)?;
            let n = ctx.store.mark_need_offer_done(id, kind, ctx.today)?;
            let person = match n.person_id {
                Some(p) => Some(PersonRef {
                    id: p,
                    name: ctx.store.person(p)?.name,
                }),
                None => None,
            };
            let which = match &person {
                Some(p) => format!("{} #{id} of {}", kind.as_str(), p.name),
                None => format!("your {} #{id}", kind.as_str()),
            };
            report(
                ctx,
                &format!(
                    "{which} is done: {} (kept in the history, out of matches)",
                    n.text
                ),
                &json!({"id": id, "person": person, "kind": kind, "text": n.text, "status": n.status}),
            )
        }
        NeedOfferFix::Rm { id } => {
            let id = id_arg(&id, what)?;
            removed(ctx, ctx.store.remove_need_offer(id, kind)?, Some(id))
        }
    }
}

pub fn link_fix(ctx: &Ctx, fix: LinkFix) -> Result<()> {
    match fix {
        LinkFix::Rm { person, other } => {
            let a = ctx.person(&person)?;
            let b = ctx.person(&other)?;
            removed(ctx, ctx.store.unlink(a, b)?, None)
        }
    }
}

pub fn followup_edit(ctx: &Ctx, id: &str, text: Option<&str>, due: Option<&str>) -> Result<()> {
    let id = id_arg(id, "a follow-up")?;
    let due = due
        .map(|d| parse_due(d, ctx.today).context("--due"))
        .transpose()?;
    let f = ctx.store.edit_follow_up(id, text, due)?;
    let name = ctx.store.person(f.person_id)?.name;
    report(
        ctx,
        &format!("follow-up #{id} with {name} due {}: {}", f.due, f.text),
        &follow_up_json(ctx, &f)?,
    )
}

pub fn followup_rm(ctx: &Ctx, id: &str) -> Result<()> {
    let id = id_arg(id, "a follow-up")?;
    removed(ctx, ctx.store.remove_follow_up(id)?, Some(id))
}

pub fn goal_remove(ctx: &Ctx, person: &str, goal: &str) -> Result<()> {
    let person = ctx.person(person)?;
    let goal = ctx.store.resolve_goal(goal)?;
    removed(ctx, ctx.store.remove_from_goal(goal, person)?, None)
}

pub fn job_edit(ctx: &Ctx, id: &str, org: Option<&str>, role: Option<&str>) -> Result<()> {
    let id = id_arg(id, "a job")?;
    let j = ctx.store.edit_job(id, org, role, ctx.today)?;
    report(
        ctx,
        &format!("job #{id}: {} at {} ({})", j.role, j.org, j.stage.as_str()),
        &j,
    )
}

pub fn job_rm(ctx: &Ctx, id: &str) -> Result<()> {
    let id = id_arg(id, "a job")?;
    removed(ctx, ctx.store.remove_job(id)?, Some(id))
}

pub fn org_rm(ctx: &Ctx, org: &str) -> Result<()> {
    let id = ctx.store.resolve_org(org)?;
    removed(ctx, ctx.store.remove_org(id)?, Some(id))
}

pub fn event_rm(ctx: &Ctx, event: &str) -> Result<()> {
    let id = ctx.store.resolve_event(event)?;
    removed(ctx, ctx.store.remove_event(id)?, Some(id))
}
