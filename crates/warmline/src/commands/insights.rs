//! `stats` and `review`: the slow game, measured.

use anyhow::{Result, bail};
use chrono::Duration;
use warmline_core::stats::{self, Progress};
use warmline_core::streak;

use crate::context::Ctx;
use crate::render::{out, table};

pub fn stats(ctx: &Ctx, weeks: i64) -> Result<()> {
    if !(1..=i64::from(stats::MAX_WEEKS)).contains(&weeks) {
        bail!(
            "--weeks must be between 1 and {}, not {weeks}",
            stats::MAX_WEEKS
        );
    }
    let s = ctx.store.weekly_stats(ctx.today, weeks as u32)?;
    // What networking produced: opportunities, interviews and offers that came through
    // people, against cold applications.
    let jobs = ctx.store.job_sources()?;
    if ctx.json {
        let mut doc = serde_json::to_value(&s)?;
        doc["jobs"] = serde_json::to_value(jobs)?;
        return ctx.print_json(&doc);
    }
    let st = &ctx.style;
    let rows: Vec<Vec<String>> = s
        .weeks
        .iter()
        .map(|w| {
            vec![
                w.start.to_string(),
                w.touches.to_string(),
                w.new_people.to_string(),
                w.follow_ups_done.to_string(),
                w.people_total.to_string(),
            ]
        })
        .collect();
    let mut text = table(
        st,
        &[
            "WEEK OF",
            "TOUCHES",
            "NEW PEOPLE",
            "FOLLOW-UPS DONE",
            "NETWORK",
        ],
        &rows,
    );
    text.push('\n');
    text.push_str(&format!(
        "Streak            {} days (best {})\n",
        s.streak.current, s.streak.best
    ));
    text.push_str(&format!(
        "\n{}\n",
        st.bold(&format!("The {}, since {}", s.period, s.period_start))
    ));
    text.push_str(&format!(
        "Follow-up latency {} ({} of {} people met were followed up)\n",
        stats::latency_text(s.follow_up_latency_days_median),
        s.people_followed_up,
        s.people_met
    ));
    text.push_str(&format!(
        "Reply rate        {} ({} of {} outreaches answered within {} days)\n",
        stats::percent_text(s.reply_rate),
        s.outbound_answered,
        s.outbound_counted,
        stats::REPLY_WINDOW_DAYS
    ));
    if jobs.through_people.opportunities + jobs.cold.opportunities > 0 {
        let tally = crate::commands::job::tally;
        text.push_str(&format!(
            "Jobs              through people {}; cold {}\n",
            tally(&jobs.through_people),
            tally(&jobs.cold)
        ));
    }
    let counts = ctx
        .store
        .touches_per_day(ctx.today - Duration::days(7 * 53), ctx.today)?;
    text.push_str(&format!(
        "\n{}\n{}",
        st.bold("The past year"),
        streak::heatmap(counts, ctx.today).render()
    ));
    out(&text)
}

fn progress(p: Progress) -> String {
    let mark = if p.met { "✓" } else { "·" };
    format!("{mark} {} of {}", p.done, p.target)
}

pub fn review(ctx: &Ctx) -> Result<()> {
    let r = ctx.store.weekly_review(ctx.today)?;
    if ctx.json {
        return ctx.print_json(&r);
    }
    let st = &ctx.style;
    let mut s = format!(
        "{}\n\n",
        st.bold(&format!("Week of {} to {}", r.week_start, r.week_end))
    );
    s.push_str(&format!("Touches          {}\n", progress(r.touches)));
    s.push_str(&format!("New people       {}\n", progress(r.new_people)));
    s.push_str(&format!(
        "Follow-ups done  {}\n",
        progress(r.follow_ups_done)
    ));
    s.push_str(&format!("Active days      {}\n", progress(r.active_days)));
    s.push_str(&format!(
        "Streak           {} days (best {})\n",
        r.streak.current, r.streak.best
    ));
    if !r.went_cold.is_empty() {
        s.push_str(&format!("\n{}\n", st.bold("Went cold this week")));
        for p in &r.went_cold {
            s.push_str(&format!("  {} (#{})\n", p.name, p.id));
        }
    }
    s.push_str(&format!(
        "\n{}\n",
        st.bold(&format!("Falling due by {}", r.ahead_until))
    ));
    if r.due.is_empty() {
        s.push_str("  nothing\n");
    }
    for d in r.due.iter().take(15) {
        let what = if d.text.is_empty() {
            "keep in touch".to_string()
        } else {
            d.text.clone()
        };
        let when = if d.due < ctx.today {
            st.red(&d.due.to_string())
        } else {
            d.due.to_string()
        };
        s.push_str(&format!("  {when}  {:<24} {what}\n", d.person.name));
    }
    if r.due.len() > 15 {
        s.push_str(&format!(
            "  … and {} more (warmline list --due)\n",
            r.due.len() - 15
        ));
    }
    s.push_str(&format!("\n{} {}\n", st.bold("Suggestion:"), r.suggestion));
    out(&s)
}
