//! `upcoming`: the meetings and events ahead.

use anyhow::{Result, bail};
use chrono::Duration;
use warmline_core::date::spoken;

use crate::context::Ctx;
use crate::render::{out, table};

/// The longest look ahead: a calendar import keeps 90 days.
const MAX_DAYS: i64 = 366;

pub fn upcoming(ctx: &Ctx, days: i64) -> Result<()> {
    if !(1..=MAX_DAYS).contains(&days) {
        bail!("--days must be between 1 and {MAX_DAYS}, not {days}");
    }
    let until = ctx.today + Duration::days(days);
    let ahead = ctx.store.upcoming(ctx.today, until, None)?;
    if ctx.json {
        return ctx.print_json(&ahead);
    }
    if ahead.is_empty() {
        return out(&format!(
            "Nothing scheduled in the next {days} days.\nA meeting logged with --on a later day, or imported from a calendar, shows here.\n"
        ));
    }
    let rows: Vec<Vec<String>> = ahead
        .iter()
        .map(|u| {
            let who = if u.people.is_empty() {
                match u.event_id {
                    Some(id) => format!("event #{id}"),
                    None => String::new(),
                }
            } else {
                u.people
                    .iter()
                    .map(|p| format!("{} (#{})", p.name, p.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            vec![u.date.to_string(), u.kind.clone(), who, u.summary.clone()]
        })
        .collect();
    let mut s = format!(
        "{}\n\n",
        ctx.style
            .bold(&format!("Coming up until {}", spoken(until, ctx.today)))
    );
    s.push_str(&table(&ctx.style, &["DATE", "KIND", "WITH", "WHAT"], &rows));
    out(&s)
}
