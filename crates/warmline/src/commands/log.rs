//! `log`: record an interaction, with an optional follow-up or promise.

use anyhow::{Context as _, Result, bail};
use serde_json::json;
use warmline_core::date::{Towards, parse_date, parse_due};
use warmline_core::followup::{Origin, PROMISE_DAYS, follow_up_on};
use warmline_core::interaction::{Direction, Kind, NewInteraction, too_far_ahead};

use crate::cli::LogArgs;
use crate::commands::report;
use crate::context::Ctx;

pub fn log(ctx: &Ctx, args: LogArgs) -> Result<()> {
    let (Some(who), Some(summary)) = (&args.people, &args.summary) else {
        return match args.fix {
            Some(fix) => crate::commands::corrections::log_fix(ctx, fix),
            None => bail!("say who the interaction was with, and what happened"),
        };
    };
    crate::commands::no_extra_words(
        &args.extra,
        "warmline log \"ada lovelace\" \"coffee at the Engine\"",
    )?;
    let kind = Kind::parse(&args.kind).context("--kind")?;
    let on = match &args.on {
        Some(d) => parse_date(d, ctx.today, Towards::Past).context("--on")?,
        None => ctx.today,
    };
    // A day still to come is a meeting booked ahead: kept as scheduled, it counts nowhere
    // (streak, warmth, last contact) until its day. Past the year `upcoming` can show, a
    // date is far more likely a typing slip than a booking.
    if let Some(why) = too_far_ahead(on, ctx.today) {
        bail!("--on {why}");
    }
    let scheduled = on > ctx.today;
    let follow_up_due = args
        .follow_up
        .as_deref()
        .map(|d| parse_due(d, ctx.today).context("--follow-up"))
        .transpose()?;
    let people = crate::commands::corrections::people_list(ctx, who)?;
    if people.is_empty() {
        bail!("say who the interaction was with");
    }
    let direction = if args.they_reached_out {
        Direction::Inbound
    } else if args.mutual {
        Direction::Mutual
    } else {
        Direction::Outbound
    };
    let new = NewInteraction {
        on,
        kind,
        direction,
        summary: summary.clone(),
        notes: args.notes.clone().unwrap_or_default(),
        source: "manual".into(),
        source_key: None,
        people: people.clone(),
    };
    let (interaction, follow_ups) = ctx.store.atomic(|s| {
        let id = s.log_interaction(&new, ctx.today)?;
        let mut follow_ups = Vec::new();
        for person in &people {
            if let Some(promise) = &args.promise {
                let due = follow_up_due.unwrap_or(ctx.today + chrono::Duration::days(PROMISE_DAYS));
                follow_ups.push((
                    s.add_follow_up(*person, promise, due, Origin::Promise, ctx.today)?,
                    due,
                ));
            } else if let Some(due) = follow_up_due {
                let text = follow_up_on(summary);
                follow_ups.push((
                    s.add_follow_up(*person, &text, due, Origin::Manual, ctx.today)?,
                    due,
                ));
            }
        }
        Ok((id, follow_ups))
    })?;
    let names: Vec<String> = people
        .iter()
        .map(|id| ctx.store.person(*id).map(|p| p.name))
        .collect::<Result<_, _>>()?;
    let mut text = if scheduled {
        format!(
            "scheduled {} with {} on {}: it counts from that day on",
            kind.as_str(),
            names.join(", "),
            warmline_core::date::spoken(on, ctx.today)
        )
    } else {
        format!("logged {} with {} on {on}", kind.as_str(), names.join(", "))
    };
    for (id, due) in &follow_ups {
        text.push_str(&format!("\nfollow-up #{id} due {due}"));
    }
    report(
        ctx,
        &text,
        &json!({
            "id": interaction,
            "on": on,
            "kind": kind,
            "scheduled": scheduled,
            "people": people.iter().zip(&names).map(|(id, n)| json!({"id": id, "name": n})).collect::<Vec<_>>(),
            "follow_ups": follow_ups.iter().map(|(id, due)| json!({"id": id, "due": due})).collect::<Vec<_>>(),
        }),
    )
}
