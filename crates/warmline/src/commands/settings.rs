//! `settings show|set`.

use anyhow::{Context as _, Result, bail};
use warmline_core::draft::Templates;
use warmline_core::person::Tier;
use warmline_core::settings::Settings;
use warmline_core::streak::RestDays;

use crate::cli::SettingsCommand;
use crate::commands::report;
use crate::context::Ctx;
use crate::render::out;

fn number(key: &str, value: &str, range: std::ops::RangeInclusive<u32>) -> Result<u32> {
    let n: u32 = value
        .trim()
        .parse()
        .with_context(|| format!("{key} takes a whole number, not '{value}'"))?;
    if !range.contains(&n) {
        bail!(
            "{key} must be between {} and {}, not {n}",
            range.start(),
            range.end()
        );
    }
    Ok(n)
}

fn apply(s: &mut Settings, key: &str, value: &str) -> Result<()> {
    match key {
        "time_budget_minutes" => s.time_budget_minutes = number(key, value, 1..=1440)?,
        "after_event_days" => s.after_event_days = number(key, value, 0..=60)?,
        "birthday_days_ahead" => s.birthday_days_ahead = number(key, value, 0..=30)?,
        "daily_touches" => s.daily_touches = number(key, value, 0..=100)?,
        "weekly_new_people" => s.weekly_new_people = number(key, value, 0..=100)?,
        "weekly_follow_ups" => s.weekly_follow_ups = number(key, value, 0..=100)?,
        "rest_days" => {
            let days = if value.trim().eq_ignore_ascii_case("none") {
                RestDays::NONE
            } else {
                RestDays::parse(value)?
            };
            s.rest_days = days
                .weekdays()
                .iter()
                .map(|d| d.num_days_from_monday() as u8)
                .collect();
        }
        "default_tier" => {
            s.default_tier = if value.trim().eq_ignore_ascii_case("none") {
                None
            } else {
                Some(Tier::parse(value)?)
            };
        }
        _ => {
            if let Some(tier) = key.strip_prefix("cadence.") {
                let days = number(key, value, 1..=3650)?;
                match Tier::parse(tier)? {
                    Tier::Inner => s.tier_cadences.inner = days,
                    Tier::Close => s.tier_cadences.close = days,
                    Tier::Regular => s.tier_cadences.regular = days,
                    Tier::Loose => s.tier_cadences.loose = days,
                }
            } else if let Some(template) = key.strip_prefix("template.") {
                if value.trim() == "default" {
                    s.draft_templates.remove(template);
                } else {
                    s.draft_templates
                        .insert(template.to_string(), value.to_string());
                }
                // Checked now, so a typo is reported here rather than at the next draft.
                Templates::with_overrides(&s.draft_templates)?;
            } else {
                bail!("unknown setting '{key}': see warmline settings set --help");
            }
        }
    }
    Ok(())
}

pub fn run(ctx: &Ctx, cmd: SettingsCommand) -> Result<()> {
    match cmd {
        SettingsCommand::Show => {
            let s = ctx.store.settings()?;
            if ctx.json {
                return ctx.print_json(&s);
            }
            let rest = RestDays::from_indices(&s.rest_days);
            let mut text = String::new();
            let mut line = |k: &str, v: String| text.push_str(&format!("{k:<22}{v}\n"));
            line("time_budget_minutes", s.time_budget_minutes.to_string());
            line("after_event_days", s.after_event_days.to_string());
            line("birthday_days_ahead", s.birthday_days_ahead.to_string());
            line("daily_touches", s.daily_touches.to_string());
            line("weekly_new_people", s.weekly_new_people.to_string());
            line("weekly_follow_ups", s.weekly_follow_ups.to_string());
            line(
                "rest_days",
                if s.rest_days.is_empty() {
                    "none".into()
                } else {
                    rest.to_string()
                },
            );
            line(
                "default_tier",
                s.default_tier
                    .map(|t| t.as_str().to_string())
                    .unwrap_or_else(|| "none".into()),
            );
            let c = s.tier_cadences;
            line("cadence.inner", c.inner.to_string());
            line("cadence.close", c.close.to_string());
            line("cadence.regular", c.regular.to_string());
            line("cadence.loose", c.loose.to_string());
            for (k, v) in &s.draft_templates {
                line(&format!("template.{k}"), v.replace('\n', "\\n"));
            }
            out(&text)
        }
        SettingsCommand::Set { key, value } => {
            let settings = ctx.store.update_settings(|s| {
                apply(s, &key, &value)
                    .map_err(|e| warmline_store::StoreError::Invalid(e.to_string()))
            })?;
            report(ctx, &format!("{key} = {value}"), &settings)
        }
    }
}
