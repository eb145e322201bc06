//! `/insights`: the slow game, measured. The year heatmap, the streak, touches per week,
//! the network's growth and how warm it is, drawn by the server as inline SVG, with the
//! numbers of `warmline stats` and `warmline review` beside them.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use chrono::Duration;
use warmline_core::stats::{self, Progress};
use warmline_core::streak;
use warmline_core::warmth::WarmthState;

use crate::app::App;
use crate::charts::{self, BarChart, HeatChart, LineChart, week_label};
use crate::error::WebError;
use crate::pages::{Chrome, long_date};
use crate::security::CsrfToken;

/// Weeks of touches shown; the growth line covers a year.
const TOUCH_WEEKS: usize = 26;
const GROWTH_WEEKS: u32 = 52;

pub struct Target {
    pub label: &'static str,
    pub done: u32,
    pub target: u32,
    pub met: bool,
    /// Percent of the target, for the meter.
    pub percent: u32,
}

fn target(label: &'static str, p: &Progress) -> Target {
    Target {
        label,
        done: p.done,
        target: p.target,
        met: p.met,
        // No target is met by anything.
        percent: p
            .done
            .saturating_mul(100)
            .checked_div(p.target)
            .map_or(100, |v| v.min(100)),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "insights.html")]
pub struct InsightsPage {
    chrome: Chrome,
    streak: u32,
    best: u32,
    active_days: u32,
    total_touches: u32,
    heat: HeatChart,
    touches: BarChart,
    touches_total: u32,
    growth: LineChart,
    warmth: BarChart,
    states: Vec<(&'static str, usize)>,
    latency: String,
    reply_rate: String,
    /// The period both rates cover, by name: `last 4 weeks`.
    period: String,
    review_week: String,
    targets: Vec<Target>,
    went_cold: Vec<(i64, String)>,
    suggestion: String,
    people: usize,
}

pub async fn show(
    app: App,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<InsightsPage, WebError> {
    app.run(move |ctx| {
        let today = ctx.today;
        let store = &ctx.store;
        let s = store.weekly_stats(today, GROWTH_WEEKS)?;
        let review = store.weekly_review(today)?;
        let counts = store.touches_per_day(today - Duration::days(7 * 53), today)?;
        let heatmap = streak::heatmap(counts, today);

        let recent: Vec<(String, u32, &'static str)> = s
            .weeks
            .iter()
            .rev()
            .take(TOUCH_WEEKS)
            .rev()
            .map(|w| (week_label(w.start), w.touches, "bar"))
            .collect();
        let growth: Vec<(String, u32)> = s
            .weeks
            .iter()
            .map(|w| (week_label(w.start), w.people_total))
            .collect();

        let people = ctx.people()?;
        let mut buckets = [0u32; 10];
        let mut states = [0usize; 4];
        for p in &people.list {
            buckets[usize::from(p.warmth.score / 10).min(9)] += 1;
            states[match p.warmth.state {
                WarmthState::Hot => 0,
                WarmthState::Warm => 1,
                WarmthState::Cooling => 2,
                WarmthState::Cold => 3,
            }] += 1;
        }
        let warmth: Vec<(String, u32, &'static str)> = buckets
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let low = i as u8 * 10;
                let label = if i == 9 {
                    "90–100".to_string()
                } else {
                    format!("{low}–{}", low + 9)
                };
                (label, *n, WarmthState::from_score(low).as_str())
            })
            .collect();

        Ok(InsightsPage {
            chrome: Chrome::page("Insights", "insights", &csrf),
            streak: s.streak.current,
            best: s.streak.best,
            active_days: heatmap.active_days,
            total_touches: heatmap.total,
            heat: charts::heat(&heatmap),
            touches_total: recent.iter().map(|r| r.1).sum(),
            touches: charts::bars(&recent, 560.0, 200.0, 4),
            growth: charts::line(&growth, 560.0, 200.0, 9),
            warmth: charts::bars(&warmth, 560.0, 200.0, 2),
            states: vec![
                ("hot", states[0]),
                ("warm", states[1]),
                ("cooling", states[2]),
                ("cold", states[3]),
            ],
            latency: stats::latency_text(s.follow_up_latency_days_median),
            reply_rate: stats::percent_text(s.reply_rate),
            period: s.period.clone(),
            review_week: format!(
                "{} – {}",
                long_date(review.week_start),
                long_date(review.week_end)
            ),
            targets: vec![
                target("Touches", &review.touches),
                target("New people", &review.new_people),
                target("Follow-ups done", &review.follow_ups_done),
                target("Active days", &review.active_days),
            ],
            went_cold: review
                .went_cold
                .into_iter()
                .map(|p| (p.id, p.name))
                .collect(),
            suggestion: review.suggestion,
            people: people.list.len(),
        })
    })
    .await
}
