//! `followup add|list|done|snooze|cancel` (`edit|rm` in corrections.rs).

use anyhow::{Context as _, Result};
use serde_json::json;
use warmline_core::date::parse_due;
use warmline_core::followup::{FollowUp, Origin, Status, made_due};
use warmline_store::{FollowUpRow, FollowUpScope};

use crate::cli::FollowupCommand;
use crate::commands::{corrections, report};
use crate::context::Ctx;
use crate::render::{clip, grouped, out, relative, table};

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
        FollowupCommand::List {
            all,
            overdue,
            limit,
            offset,
        } => {
            let scope = match (all, overdue) {
                (true, _) => FollowUpScope::All,
                (false, true) => FollowUpScope::Overdue,
                (false, false) => FollowUpScope::Pending,
            };
            list(ctx, scope, limit.as_deref(), offset.as_deref())
        }
        FollowupCommand::Done { id } => close(ctx, id, Status::Done),
        FollowupCommand::Cancel {
            overdue: true,
            older_than: Some(days),
            ..
        } => {
            let n = ctx.store.cancel_overdue(ctx.today, days)?;
            let text = match n {
                0 => format!("no follow-up is overdue by more than {}", days_text(days)),
                n => format!(
                    "cancelled {} overdue by more than {} (warmline followup list --all keeps them)",
                    count_text(n),
                    days_text(days)
                ),
            };
            report(
                ctx,
                &text,
                &json!({"cancelled": n, "older_than_days": days}),
            )
        }
        FollowupCommand::Cancel { id, .. } => close(ctx, required(id)?, Status::Cancelled),
        FollowupCommand::Edit { id, text, due } => {
            corrections::followup_edit(ctx, &id, text.as_deref(), due.as_deref())
        }
        FollowupCommand::Rm { id } => corrections::followup_rm(ctx, &id),
        FollowupCommand::Snooze {
            overdue: Some(days),
            ..
        } => {
            let n = ctx.store.snooze_overdue(ctx.today, days)?;
            let until = ctx.today + chrono::Duration::days(days);
            let text = match n {
                0 => "no follow-up is overdue: nothing to snooze".to_string(),
                n => format!("snoozed {} until {until}", count_text(n)),
            };
            report(ctx, &text, &json!({"snoozed": n, "until": until}))
        }
        FollowupCommand::Snooze { id, days, .. } => {
            let (id, days) = (required(id)?, required(days)?);
            let f = ctx.store.snooze_follow_up(id, days, ctx.today)?;
            report(
                ctx,
                &format!("follow-up #{id} snoozed until {}", f.due),
                &follow_up_json(ctx, &f)?,
            )
        }
    }
}

/// Without a `--limit`, the text list stops here (JSON lists everything, its contract).
const TEXT_LIMIT: usize = 50;

/// clap makes an id or days required unless a bulk option is given.
fn required(v: Option<i64>) -> Result<i64> {
    v.context("give a follow-up id (warmline followup list shows them)")
}

fn count_text(n: usize) -> String {
    match n {
        1 => "1 follow-up".to_string(),
        n => format!("{} follow-ups", grouped(n)),
    }
}

fn days_text(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// A count of follow-ups given on the command line: a whole number, at least `min`.
fn count_arg(option: &str, value: Option<&str>, min: usize) -> Result<Option<usize>> {
    crate::commands::count_arg(option, value, min, "follow-ups")
}

fn list(ctx: &Ctx, scope: FollowUpScope, limit: Option<&str>, offset: Option<&str>) -> Result<()> {
    let asked = count_arg("--limit", limit, 1)?;
    let offset = count_arg("--offset", offset, 0)?.unwrap_or(0);
    let limit = asked.or((!ctx.json).then_some(TEXT_LIMIT));
    let page = ctx.store.follow_up_page(scope, ctx.today, offset, limit)?;
    if ctx.json {
        let rows: Vec<_> = page.rows.iter().map(row_json).collect();
        return ctx.print_json(&rows);
    }
    if page.total == 0 {
        return out(match scope {
            FollowUpScope::Overdue => "no follow-up is overdue: nothing is slipping\n",
            FollowUpScope::All => "no follow-ups yet\n",
            FollowUpScope::Pending => "no follow-ups waiting: nothing is slipping\n",
        });
    }
    if page.rows.is_empty() {
        return out(&format!(
            "none past --offset {offset}: {} in all\n",
            count_text(page.total)
        ));
    }
    let rows: Vec<Vec<String>> = page
        .rows
        .iter()
        .map(|r| {
            let f = &r.follow_up;
            let when = format!("{} ({})", f.due, relative(f.due, ctx.today));
            let when = if f.is_due(ctx.today) {
                ctx.style.red(&when)
            } else {
                when
            };
            vec![
                f.id.to_string(),
                when,
                clip(&r.person_name, 24),
                f.status.as_str().to_string(),
                f.origin.as_str().to_string(),
                clip(&f.text, 60),
            ]
        })
        .collect();
    let mut s = table(
        &ctx.style,
        &["ID", "DUE", "PERSON", "STATUS", "ORIGIN", "TEXT"],
        &rows,
    );
    let end = offset + page.rows.len();
    if offset > 0 || end < page.total {
        let shown = if offset == 0 {
            grouped(end)
        } else {
            format!("{}–{}", grouped(offset + 1), grouped(end))
        };
        let more = if end < page.total {
            format!(" (--offset {end} for more)")
        } else {
            String::new()
        };
        s.push_str(&format!("{shown} of {}{more}\n", count_text(page.total)));
    }
    if scope == FollowUpScope::Overdue && page.total > 0 {
        s.push_str(
            "Clear a backlog: warmline followup snooze --overdue DAYS, \
             or warmline followup cancel --overdue --older-than DAYS\n",
        );
    }
    out(&s)
}

fn row_json(r: &FollowUpRow) -> serde_json::Value {
    let f = &r.follow_up;
    json!({
        "id": f.id,
        "person": {"id": f.person_id, "name": r.person_name},
        "text": f.text,
        "due": f.due,
        "status": f.status,
        "origin": f.origin,
    })
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
