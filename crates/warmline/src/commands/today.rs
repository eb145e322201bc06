//! `today` and `done`.

use anyhow::{Result, bail};
use chrono::Datelike;
use serde_json::json;
use warmline_core::digest::kind_words;
use warmline_core::plan::{Plan, logged};

use crate::context::Ctx;
use crate::render::{grouped, out};

pub fn today(ctx: &Ctx, minutes: Option<i64>) -> Result<()> {
    let minutes = match minutes {
        Some(m) if !(1..=1440).contains(&m) => {
            bail!("--minutes must be between 1 and 1440, not {m}")
        }
        Some(m) => m as u32,
        None => ctx.store.settings()?.time_budget_minutes.max(1),
    };
    let plan = ctx.store.today_plan(ctx.today, minutes)?;
    if ctx.json {
        return ctx.print_json(&plan);
    }
    out(&render(ctx, &plan))
}

fn render(ctx: &Ctx, plan: &Plan) -> String {
    let st = &ctx.style;
    let d = plan.date;
    let streak = match (plan.streak.current, plan.streak.best) {
        (0, 0) => "no streak yet".to_string(),
        (c, b) => format!("streak {c} day{} (best {b})", if c == 1 { "" } else { "s" }),
    };
    let mut s = format!(
        "{} · {} minutes · {streak}\n\n",
        st.bold(&format!(
            "Today, {} {} {}",
            d.weekday(),
            d.day(),
            d.format("%B")
        )),
        plan.minutes
    );
    if plan.items.is_empty() {
        if plan.done_minutes > 0 {
            s.push_str("All done for today. The slow game is won one day at a time.\n");
        } else {
            s.push_str(
                "Nothing is due today: a good day to meet someone new, or to help someone.\n",
            );
        }
        s.push_str(&more_overdue(plan));
        return s;
    }
    for item in &plan.items {
        // A triage item stands for several people; its reason names the first.
        let who = match item.count {
            Some(n) if n > 1 => format!("{n} people"),
            _ => item.person.name.clone(),
        };
        s.push_str(&format!(
            "{:<5} {:<14} {}  {}\n",
            st.bold(&item.id),
            kind_words(item.kind),
            who,
            st.dim(&format!("{} min", item.minutes))
        ));
        s.push_str(&format!("      {}\n", st.dim(&item.reason)));
        s.push_str(&format!("      → {}\n", item.action));
    }
    s.push_str(&format!(
        "\nPlanned {} of {} minutes",
        plan.planned_minutes, plan.minutes
    ));
    if plan.done_minutes > 0 {
        s.push_str(&format!(" ({} already done)", plan.done_minutes));
    }
    s.push_str(".\n");
    s.push_str(&more_overdue(plan));
    if plan.more > 10 {
        s.push_str(&format!(
            "{} more waiting: see warmline list --due --sort due\n",
            grouped(plan.more)
        ));
    } else if plan.more > 0 {
        s.push_str(&format!(
            "{} more waiting: warmline today --minutes {}\n",
            plan.more,
            plan.minutes.saturating_mul(2)
        ));
    }
    let first = &plan.items[0].id;
    s.push_str(&format!("Check items off with: warmline done {first}\n"));
    s
}

/// The line that counts the due follow-ups the budget left out, if any.
fn more_overdue(plan: &Plan) -> String {
    match plan.more_overdue {
        0 => String::new(),
        n => format!(
            "{} more overdue: warmline followup list --overdue\n",
            grouped(n)
        ),
    }
}

pub fn done(ctx: &Ctx, item: &str, what: &[String]) -> Result<()> {
    let words = logged::what_happened(what);
    let done = ctx
        .store
        .complete_plan_item_with(ctx.today, item, words.as_deref())?;
    let id = &done.item.id;
    let who = match &done.item.with {
        Some(w) => format!("{} and {}", done.item.person.name, w.name),
        None => done.item.person.name.clone(),
    };
    let text = match (done.interaction, &done.summary) {
        (Some(n), Some(summary)) => {
            format!("done {id}: logged “{summary}” with {who} (interaction #{n})")
        }
        _ => format!("done {id}: {} (nothing logged)", done.item.action),
    };
    if ctx.json {
        return ctx.print_json(&json!({
            "item": done.item,
            "interaction": done.interaction,
            "summary": done.summary,
        }));
    }
    out(&format!("{text}\n"))
}
