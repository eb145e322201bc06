//! `event add|show|list`.

use anyhow::{Context as _, Result};
use serde_json::json;
use warmline_core::date::{Towards, parse_date};
use warmline_core::event::{FOLLOW_UP_WITHIN_DAYS, followed_up_in_time};

use crate::cli::EventCommand;
use crate::commands::report;
use crate::context::Ctx;
use crate::render::{opt_date, out, table};

pub fn run(ctx: &Ctx, cmd: EventCommand) -> Result<()> {
    match cmd {
        EventCommand::Add { name, on, location } => {
            // An event may be planned ahead, so a relative date counts forward.
            let on = match on {
                Some(d) => Some(parse_date(&d, ctx.today, Towards::Future).context("--on")?),
                None => Some(ctx.today),
            };
            let id = ctx
                .store
                .add_event(&name, on, location.as_deref(), ctx.today)?;
            let e = ctx.store.event(id)?;
            report(
                ctx,
                &format!(
                    "event {} (#{id}) on {}\nadd the people you meet with: warmline add NAME --event {id}",
                    e.name,
                    opt_date(e.on)
                ),
                &e,
            )
        }
        EventCommand::Show { event } => {
            let id = ctx.store.resolve_event(&event)?;
            let e = ctx.store.event(id)?;
            let met = ctx.store.people_met_at(id)?;
            let within = |m: &warmline_store::MetAtEvent| {
                followed_up_in_time(m.met_on, m.first_follow_up, FOLLOW_UP_WITHIN_DAYS)
            };
            let followed = met.iter().filter(|m| within(m)).count();
            if ctx.json {
                return ctx.print_json(&json!({
                    "id": e.id, "name": e.name, "on": e.on, "location": e.location,
                    "people": met.iter().map(|m| json!({"id": m.person_id, "name": m.name, "first_follow_up": m.first_follow_up, "within_2_days": within(m)})).collect::<Vec<_>>(),
                    "followed_up_within_2_days": followed,
                }));
            }
            let mut s = format!(
                "{}  {}\n{}",
                ctx.style.bold(&e.name),
                ctx.style.dim(&format!("#{}", e.id)),
                opt_date(e.on)
            );
            if let Some(l) = &e.location {
                s.push_str(&format!(" · {l}"));
            }
            s.push('\n');
            if met.is_empty() {
                s.push_str(&format!(
                    "\nNo one recorded as met here yet: warmline add NAME --event {}\n",
                    e.id
                ));
                return out(&s);
            }
            s.push_str(&format!(
                "\nFollowed up within 2 days: {followed} of {}\n\n",
                met.len()
            ));
            let rows: Vec<Vec<String>> = met
                .iter()
                .map(|m| {
                    let mark = if within(m) {
                        ctx.style.green("yes")
                    } else {
                        ctx.style.red("no")
                    };
                    vec![
                        m.person_id.to_string(),
                        m.name.clone(),
                        opt_date(m.first_follow_up),
                        mark,
                    ]
                })
                .collect();
            s.push_str(&table(
                &ctx.style,
                &["ID", "NAME", "FIRST FOLLOW-UP", "WITHIN 2 DAYS"],
                &rows,
            ));
            out(&s)
        }
        EventCommand::Rm { event } => crate::commands::corrections::event_rm(ctx, &event),
        EventCommand::List => {
            let events = ctx.store.events()?;
            if ctx.json {
                let rows: Vec<_> = events
                    .iter()
                    .map(|(e, n)| json!({"id": e.id, "name": e.name, "on": e.on, "location": e.location, "people": n}))
                    .collect();
                return ctx.print_json(&rows);
            }
            if events.is_empty() {
                return out("no events yet\n");
            }
            let rows: Vec<Vec<String>> = events
                .iter()
                .map(|(e, n)| {
                    vec![
                        e.id.to_string(),
                        opt_date(e.on),
                        e.name.clone(),
                        e.location.clone().unwrap_or_default(),
                        n.to_string(),
                    ]
                })
                .collect();
            out(&table(
                &ctx.style,
                &["ID", "DATE", "NAME", "LOCATION", "MET"],
                &rows,
            ))
        }
    }
}
