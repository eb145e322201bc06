//! What `simulate` writes: the comparison table (Markdown for the terminal and the
//! folder, CSV beside it) and SVG charts drawn with the Insights page's chart code.

use std::path::Path;

use anyhow::{Context, Result};
use warmline_sim::Report;
use warmline_web::charts::{self, svg};

use super::simulate::{latency, percent};

/// The rows of the table: a label and each run's value.
fn rows(reports: &[Report]) -> Vec<(&'static str, Vec<String>)> {
    let each = |f: &dyn Fn(&Report) -> String| reports.iter().map(f).collect::<Vec<_>>();
    vec![
        (
            "Within cadence at the end",
            each(&|r| percent(r.within_cadence)),
        ),
        (
            "New people followed up within 2 days",
            each(&|r| percent(r.followed_up_2d)),
        ),
        ("Median follow-up latency", each(&latency)),
        ("New people met", each(&|r| r.new_people.to_string())),
        (
            "Warm ties (warm or hot)",
            each(&|r| r.warm_ties.to_string()),
        ),
        (
            "Warmth: hot / warm / cooling / cold",
            each(&|r| {
                let w = r.warmth;
                format!("{} / {} / {} / {}", w.hot, w.warm, w.cooling, w.cold)
            }),
        ),
        (
            "Gives / asks",
            each(&|r| format!("{} / {}", r.gives, r.asks)),
        ),
        (
            "Goal: reached out / replied / conversation / referral / opportunity",
            each(&|r| {
                let f = r.funnel;
                format!(
                    "{} / {} / {} / {} / {}",
                    f.reached_out, f.replied, f.conversation, f.referral, f.opportunity
                )
            }),
        ),
        (
            "Notes sent / replies / calls",
            each(&|r| format!("{} / {} / {}", r.notes_sent, r.replies, r.calls)),
        ),
        ("Minutes spent", each(&|r| r.minutes_spent.to_string())),
    ]
}

/// The comparison as a Markdown table, one column per run.
pub fn table(reports: &[Report]) -> String {
    let mut s = String::from("|");
    for r in reports {
        s.push_str(&format!(" | {}", r.policy.as_str()));
    }
    s.push_str(" |\n|---");
    s.push_str(&"|---:".repeat(reports.len()));
    s.push_str("|\n");
    for (label, values) in rows(reports) {
        s.push_str(&format!("| {label} | {} |\n", values.join(" | ")));
    }
    s
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(reports: &[Report]) -> String {
    let mut s = String::from("figure");
    for r in reports {
        s.push(',');
        s.push_str(r.policy.as_str());
    }
    s.push('\n');
    for (label, values) in rows(reports) {
        s.push_str(&csv_field(label));
        for v in values {
            s.push(',');
            s.push_str(&csv_field(&v));
        }
        s.push('\n');
    }
    s
}

/// Writes `table.md`, `table.csv`, `warm_ties.svg` (the runs side by side) and, per
/// policy, `POLICY/within_cadence.svg`, `POLICY/warm_ties.svg` and `POLICY/warmth.svg`.
pub fn write(dir: &Path, reports: &[Report]) -> Result<()> {
    let put = |name: &str, text: &str| -> Result<()> {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
    };
    put("table.md", &table(reports))?;
    put("table.csv", &csv(reports))?;
    let compared: Vec<(String, u32, &'static str)> = (reports.iter())
        .map(|r| (r.policy.as_str().to_string(), r.warm_ties, "bar"))
        .collect();
    put(
        "warm_ties.svg",
        &svg::bars_svg(
            &charts::bars(&compared, 420.0, 200.0, 1),
            "Warm ties at the end",
        ),
    )?;
    for r in reports {
        let p = r.policy.as_str();
        let weeks = |f: &dyn Fn(&warmline_sim::Point) -> u32| -> Vec<(String, u32)> {
            (r.series.iter())
                .map(|pt| (format!("d{}", pt.day), f(pt)))
                .collect()
        };
        let within = weeks(&|pt| (pt.within_cadence * 100.0).round() as u32);
        let warm = weeks(&|pt| pt.warm_ties);
        put(
            &format!("{p}/within_cadence.svg"),
            &svg::line_svg(
                &charts::line(&within, 560.0, 200.0, 4),
                &format!("{p}: % within cadence, week by week"),
            ),
        )?;
        put(
            &format!("{p}/warm_ties.svg"),
            &svg::line_svg(
                &charts::line(&warm, 560.0, 200.0, 4),
                &format!("{p}: warm ties, week by week"),
            ),
        )?;
        let w = r.warmth;
        let states = [
            ("hot".to_string(), w.hot, "w-hot"),
            ("warm".to_string(), w.warm, "w-warm"),
            ("cooling".to_string(), w.cooling, "w-cooling"),
            ("cold".to_string(), w.cold, "w-cold"),
        ];
        put(
            &format!("{p}/warmth.svg"),
            &svg::bars_svg(
                &charts::bars(&states, 420.0, 200.0, 1),
                &format!("{p}: people by warmth at the end"),
            ),
        )?;
    }
    Ok(())
}
