//! `followup add|list|done|snooze|cancel` (`edit|rm` in corrections.rs).

use anyhow::{Context as _, Result};
use serde_json::json;
use warmline_core::date::parse_due;
use warmline_core::followup::{FollowUp, Origin, Status, made_due};

use crate::cli::FollowupCommand;
use crate::commands::{corrections, report};
use crate::context::Ctx;
use crate::render::{clip, out, relative, table};

pub(crate) fn follow_up_json(ctx: &Ctx, f: &FollowUp) -> Result<serde_json::Value> {
    let name = ctx.store.person(f.person_id)?.name;
    Ok(json!({
        "id": f.id,
        "person": {"id": f.person_id, "name": name},
        "text": f.text,
        "due": f.due,
        "status": f.status,
        "origin": f.origin,
    }))
}

pub fn run(ctx: &Ctx, cmd: FollowupCommand) -> Result<()> {
    match cmd {
        FollowupCommand::Add { person, text, due } => {
            let asked = parse_due(&due, ctx.today).context("--due")?;
            let due = made_due(asked, ctx.today);
            let id = ctx.person(&person)?;
            let fid = ctx
                .store
                .add_follow_up(id, &text, due, Origin::Manual, ctx.today)?;
            let f = ctx.store.follow_up(fid)?;
            let name = ctx.store.person(id)?.name;
            report(
                ctx,
                &if asked < due {
                    format!("follow-up #{fid} with {name} due today ({asked} has passed)")
                } else {
                    format!("follow-up #{fid} with {name} due {due}")
                },
                &follow_up_json(ctx, &f)?,
            )
        }
        FollowupCommand::List { all } => {
            let list = if all {
                ctx.store.all_follow_ups()?
            } else {
                ctx.store.pending_follow_ups()?
            };
            if ctx.json {
                let rows = list
                    .iter()
                    .map(|f| follow_up_json(ctx, f))
                    .collect::<Result<Vec<_>>>()?;
                return ctx.print_json(&rows);
            }
            if list.is_empty() {
                return out("no follow-ups waiting: nothing is slipping\n");
            }
            let rows = list
                .iter()
                .map(|f| {
                    let name = ctx.store.person(f.person_id)?.name;
                    let when = format!("{} ({})", f.due, relative(f.due, ctx.today));
                    let when = if f.is_due(ctx.today) {
                        ctx.style.red(&when)
                    } else {
                        when
                    };
                    Ok(vec![
                        f.id.to_string(),
                        when,
                        clip(&name, 24),
                        f.status.as_str().to_string(),
                        clip(&f.text, 60),
                    ])
                })
                .collect::<Result<Vec<_>>>()?;
            out(&table(
                &ctx.style,
                &["ID", "DUE", "PERSON", "STATUS", "TEXT"],
                &rows,
            ))
        }
        FollowupCommand::Done { id } => close(ctx, id, Status::Done),
        FollowupCommand::Cancel { id } => close(ctx, id, Status::Cancelled),
        FollowupCommand::Edit { id, text, due } => {
            corrections::followup_edit(ctx, &id, text.as_deref(), due.as_deref())
        }
        FollowupCommand::Rm { id } => corrections::followup_rm(ctx, &id),
        FollowupCommand::Snooze { id, days } => {
            let f = ctx.store.snooze_follow_up(id, days, ctx.today)?;
            report(
                ctx,
                &format!("follow-up #{id} snoozed until {}", f.due),
                &follow_up_json(ctx, &f)?,
            )
        }
    }
}

fn close(ctx: &Ctx, id: i64, status: Status) -> Result<()> {
    let f = ctx.store.close_follow_up(id, status, ctx.today)?;
    let name = ctx.store.person(f.person_id)?.name;
    report(
        ctx,
        &format!("follow-up #{id} with {name}: {}", status.as_str()),
        &follow_up_json(ctx, &f)?,
    )
}
