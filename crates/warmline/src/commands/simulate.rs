//! `simulate`: one policy's figures, or the three compared in a table.

use anyhow::Result;
use warmline_sim::{Config, Policy, Report, compare, simulate as run};

use crate::cli::SimulateArgs;
use crate::render::out;

use super::simulate_out;

pub fn simulate(args: &SimulateArgs, json: bool) -> Result<()> {
    let policy = args.policy.as_deref().map(Policy::parse).transpose()?;
    let config = Config {
        people: args.people,
        days: args.days,
        minutes: args.minutes,
        policy: policy.unwrap_or(Policy::Warmline),
        seed: args.seed,
    };
    config.check()?;
    let reports = match policy {
        Some(_) if !args.compare => vec![run(&config)?],
        _ => compare(&config)?,
    };
    if let Some(dir) = &args.out {
        simulate_out::write(dir, &reports)?;
    }
    if json {
        let text = match reports.as_slice() {
            [one] => serde_json::to_string_pretty(one)?,
            all => serde_json::to_string_pretty(&serde_json::json!({
                "people": config.people,
                "days": config.days,
                "minutes": config.minutes,
                "seed": config.seed,
                "runs": all,
            }))?,
        };
        return out(&format!("{text}\n"));
    }
    let mut text = heading(&config, reports.len());
    text.push_str(&simulate_out::table(&reports));
    if let Some(dir) = &args.out {
        text.push_str(&format!(
            "\nTable and charts written to {}\n",
            dir.display()
        ));
    }
    out(&text)
}

fn heading(c: &Config, runs: usize) -> String {
    let what = if runs == 1 {
        format!("policy {}", c.policy.as_str())
    } else {
        "three policies, the same world".to_string()
    };
    format!(
        "Simulated {} people over {} days, {} minutes a day, seed {}: {what}\n\n",
        c.people, c.days, c.minutes, c.seed
    )
}

/// A share as a percentage with one decimal.
pub(super) fn percent(share: f64) -> String {
    format!("{:.1} %", share * 100.0)
}

/// The median follow-up latency, or "never" when more than half were never followed up.
pub(super) fn latency(r: &Report) -> String {
    match r.median_follow_up_days {
        Some(d) if d.fract() == 0.0 => format!("{d:.0} d"),
        Some(d) => format!("{d:.1} d"),
        None => "never".to_string(),
    }
}
