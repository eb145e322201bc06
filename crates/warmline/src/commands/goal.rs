//! `goal add|list|show|stage|candidates`.

use anyhow::{Context as _, Result};
use serde_json::json;
use warmline_core::date::{Towards, parse_date};
use warmline_core::goal::{
    Goal, GoalStatus, Reach, Stage, TargetProfile, WeekProgress, WeeklyTargets,
};
use warmline_store::{GoalCandidates, NewGoal};

use crate::cli::{GoalAddArgs, GoalCommand};
use crate::commands::report;
use crate::context::Ctx;
use crate::render::{clip, out, relative, table};

pub fn run(ctx: &Ctx, cmd: GoalCommand) -> Result<()> {
    match cmd {
        GoalCommand::Add(args) => add(ctx, args),
        GoalCommand::List => list(ctx),
        GoalCommand::Show { goal } => show(ctx, &goal),
        GoalCommand::Stage {
            person,
            goal,
            stage,
        } => stage_cmd(ctx, &person, &goal, &stage),
        GoalCommand::Remove { person, goal } => {
            crate::commands::corrections::goal_remove(ctx, &person, &goal)
        }
        GoalCommand::Status { goal, status } => {
            let status = GoalStatus::parse(&status)?;
            let id = ctx.store.resolve_goal(&goal)?;
            let before = ctx.store.set_goal_status(id, status)?;
            let g = ctx.store.goal(id)?;
            let text = if before == status {
                format!("{} is already {}", g.title, status.as_str())
            } else {
                format!("{}: {} → {}", g.title, before.as_str(), status.as_str())
            };
            report(ctx, &text, &goal_json(&g))
        }
        GoalCommand::Candidates {
            goal,
            limit,
            min_fit,
        } => candidates(ctx, &goal, limit, min_fit),
    }
}

fn add(ctx: &Ctx, a: GoalAddArgs) -> Result<()> {
    let weekly = a
        .weekly
        .as_deref()
        .map(|w| WeeklyTargets::parse(w).context("--weekly"))
        .transpose()?
        .unwrap_or_default();
    // A deadline is ahead of us: "30d" means thirty days from now.
    let deadline = a
        .deadline
        .as_deref()
        .map(|d| parse_date(d, ctx.today, Towards::Future).context("--deadline"))
        .transpose()?;
    let new = NewGoal {
        title: a.title,
        purpose: a.purpose,
        profile: TargetProfile {
            industry: a.industry,
            size: a.size,
            role_keywords: a
                .role
                .as_deref()
                .map(TargetProfile::split_keywords)
                .unwrap_or_default(),
            location: a.location,
        },
        weekly,
        deadline,
    };
    let id = ctx.store.add_goal(&new, ctx.today)?;
    let goal = ctx.store.goal(id)?;
    let mut text = format!("added goal #{id}: {}\n", goal.title);
    text.push_str(&describe(ctx, &goal));
    text.push_str(&format!(
        "Next: warmline goal candidates {id}   (people and organisations that fit)"
    ));
    report(ctx, &text, &goal_json(&goal))
}

/// The goal's purpose, profile, pace and deadline as labelled lines.
fn describe(ctx: &Ctx, g: &Goal) -> String {
    let mut s = String::new();
    let mut line = |label: &str, value: String| {
        s.push_str(&format!("  {:<10}{value}\n", ctx.style.dim(label)));
    };
    if let Some(p) = &g.purpose {
        line("Purpose", p.clone());
    }
    let p = &g.profile;
    let roles = p.role_keywords.join(", ");
    let aims: Vec<&str> = [
        p.industry.as_deref(),
        p.size.as_deref(),
        (!roles.is_empty()).then_some(roles.as_str()),
        p.location.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !aims.is_empty() {
        line("Aims at", aims.join(" · "));
    }
    if !g.weekly.is_empty() {
        line("Weekly", g.weekly.to_string());
    }
    if let Some(d) = g.deadline {
        line("Deadline", format!("{d} ({})", relative(d, ctx.today)));
    }
    if g.status != GoalStatus::Active {
        line("Status", g.status.as_str().to_string());
    }
    s
}

fn goal_json(g: &Goal) -> serde_json::Value {
    json!({
        "id": g.id,
        "title": g.title,
        "purpose": g.purpose,
        "status": g.status,
        "profile": {
            "industry": g.profile.industry,
            "size": g.profile.size,
            "role_keywords": g.profile.role_keywords,
            "location": g.profile.location,
        },
        "weekly": g.weekly,
        "deadline": g.deadline,
        "created_on": g.created_on,
    })
}

fn list(ctx: &Ctx) -> Result<()> {
    let goals = ctx.store.goals()?;
    let sizes = ctx.store.goal_sizes()?;
    let mut rows = Vec::new();
    let mut docs = Vec::new();
    for g in &goals {
        let f = ctx.store.goal_funnel(g.id)?;
        let people = sizes.get(&g.id).copied().unwrap_or(0);
        let mut doc = goal_json(g);
        doc["people"] = json!(people);
        doc["funnel"] = json!(f);
        docs.push(doc);
        let counts: Vec<String> = Stage::ALL
            .iter()
            .map(|s| f.at_least(*s).to_string())
            .collect();
        rows.push(vec![
            g.id.to_string(),
            clip(&g.title, 36),
            g.status.as_str().to_string(),
            people.to_string(),
            counts.join(" → "),
            g.deadline.map(|d| d.to_string()).unwrap_or_default(),
        ]);
    }
    if ctx.json {
        return ctx.print_json(&docs);
    }
    if goals.is_empty() {
        return out(
            "no goals yet: add one with warmline goal add TITLE --industry … --weekly \"3 new, 2 conversations\"\n",
        );
    }
    let mut s = table(
        &ctx.style,
        &["ID", "TITLE", "STATUS", "PEOPLE", "FUNNEL", "DEADLINE"],
        &rows,
    );
    s.push_str(
        "FUNNEL: identified → reached out → replied → conversation → referral/advice → opportunity\n",
    );
    out(&s)
}

fn show(ctx: &Ctx, query: &str) -> Result<()> {
    let store = &ctx.store;
    let id = store.resolve_goal(query)?;
    let g = store.goal(id)?;
    let funnel = ctx.store.goal_funnel(id)?;
    let week = store.goal_week(id, ctx.today)?;
    let pipeline = store.pipeline(id)?;
    let next = store.goal_next_actions(id, ctx.today, 5)?;
    if ctx.json {
        let mut doc = goal_json(&g);
        doc["funnel"] = json!(funnel);
        doc["conversions"] = json!(funnel.conversions());
        doc["week"] = json!(week);
        doc["pipeline"] = json!(pipeline);
        doc["next"] = json!(next);
        return ctx.print_json(&doc);
    }
    let st = &ctx.style;
    let mut s = format!("{}  {}\n", st.bold(&g.title), st.dim(&format!("#{}", g.id)));
    s.push_str(&describe(ctx, &g));

    s.push_str(&format!("\n{}\n", st.bold("Funnel")));
    let conversions = funnel.conversions();
    for (i, stage) in Stage::ALL.iter().enumerate() {
        let n = funnel.at_least(*stage);
        let rate = i
            .checked_sub(1)
            .and_then(|j| conversions.get(j))
            .and_then(|c| c.rate)
            .map(|r| format!("{:>4.0}% of {}", r * 100.0, Stage::ALL[i - 1].label()))
            .unwrap_or_default();
        s.push_str(format!("  {:<17}{n:>4}  {}\n", stage.label(), st.dim(&rate)).trim_end());
        s.push('\n');
    }

    s.push_str(&format!(
        "\n{}\n",
        st.bold(&format!("This week (from {})", week.start))
    ));
    s.push_str(&week_lines(&week));

    s.push_str(&format!("\n{}\n", st.bold("Pipeline")));
    if pipeline.is_empty() {
        s.push_str(&format!(
            "  nobody yet: see warmline goal candidates {id}, then warmline goal stage PERSON {id} identified\n"
        ));
    } else {
        let rows: Vec<Vec<String>> = pipeline
            .iter()
            .map(|p| {
                vec![
                    p.stage.label().to_string(),
                    clip(&p.name, 24),
                    clip(p.org.as_deref().unwrap_or(""), 24),
                    format!("since {}", p.since),
                ]
            })
            .collect();
        for line in table(st, &["STAGE", "NAME", "ORG", "SINCE"], &rows).lines() {
            s.push_str(&format!("  {line}\n"));
        }
    }
    if !next.is_empty() {
        s.push_str(&format!("\n{}\n", st.bold("Next")));
        for (i, a) in next.iter().enumerate() {
            s.push_str(&format!(
                "  {}. {}\n     {}\n",
                i + 1,
                a.action,
                st.dim(&a.reason)
            ));
        }
    }
    out(&s)
}

/// Every weekly metric by name, in the order `--weekly` lists them.
fn metrics(t: &WeeklyTargets) -> [(&'static str, u32); 8] {
    [
        ("new", t.new),
        ("reached_out", t.reached_out),
        ("replied", t.replied),
        ("conversations", t.conversations),
        ("referrals", t.referrals),
        ("opportunities", t.opportunities),
        ("touches", t.touches),
        ("follow_ups", t.follow_ups),
    ]
}

/// "new  1 of 3" for each target, then what happened without a target.
fn week_lines(w: &WeekProgress) -> String {
    let mut s = String::new();
    for ((name, target), (_, got)) in metrics(&w.targets).into_iter().zip(metrics(&w.actuals)) {
        let label = name.replace('_', " ");
        if target > 0 {
            let mark = if got >= target { "  ✓" } else { "" };
            s.push_str(&format!("  {label:<17}{got:>4} of {target}{mark}\n"));
        } else if got > 0 {
            s.push_str(&format!("  {label:<17}{got:>4}\n"));
        }
    }
    if s.is_empty() {
        s.push_str(
            "  nothing yet, and no weekly targets (set them with --weekly when adding a goal)\n",
        );
    }
    s
}

fn stage_cmd(ctx: &Ctx, person: &str, goal: &str, stage: &str) -> Result<()> {
    let stage = Stage::parse(stage)?;
    let goal = ctx.store.resolve_goal(goal)?;
    let person = ctx.person(person)?;
    let before = ctx.store.set_goal_stage(goal, person, stage, ctx.today)?;
    let g = ctx.store.goal(goal)?;
    let name = ctx.store.person(person)?.name;
    let text = match before {
        None => format!("added {name} to {} at {}", g.title, stage.label()),
        Some(b) if b == stage => format!("{name} is already at {} in {}", stage.label(), g.title),
        Some(b) if b > stage => format!(
            "{name} moved back to {} in {} (was {}; the funnel keeps the history)",
            stage.label(),
            g.title,
            b.label()
        ),
        Some(b) => format!("{name}: {} → {} in {}", b.label(), stage.label(), g.title),
    };
    report(
        ctx,
        &text,
        &json!({
            "goal": {"id": g.id, "title": g.title},
            "person": {"id": person, "name": name},
            "stage": stage,
            "previous": before,
        }),
    )
}

fn candidates(ctx: &Ctx, goal: &str, limit: usize, min_fit: u8) -> Result<()> {
    let id = ctx.store.resolve_goal(goal)?;
    let g = ctx.store.goal(id)?;
    let GoalCandidates {
        people,
        organisations,
        people_total: all_people,
        organisations_total: all_orgs,
    } = ctx.store.goal_candidates(id, min_fit, limit, ctx.today)?;
    if ctx.json {
        let mut rows: Vec<serde_json::Value> = people
            .iter()
            .map(|p| {
                let mut v = json!(p);
                v["kind"] = json!("person");
                v
            })
            .collect();
        rows.extend(organisations.iter().map(|o| {
            json!({
                "kind": "organisation", "id": o.id, "name": o.name, "org": o.name, "title": null,
                "fit": o.fit, "reasons": o.reasons, "industry": o.industry, "size": o.size,
                "location": o.location,
            })
        }));
        return ctx.print_json(&rows);
    }
    let st = &ctx.style;
    if g.profile.is_empty() {
        return out(&format!(
            "{} has no target profile, so nobody can fit it: add a goal with --industry, --size, --role or --location\n",
            g.title
        ));
    }
    let mut s = String::new();
    if people.is_empty() {
        s.push_str(&format!(
            "Nobody in your network fits {} at {min_fit} or better yet.\n",
            g.title
        ));
    } else {
        s.push_str(&format!(
            "{}\n",
            st.bold(&format!("People who fit {}", g.title))
        ));
        let rows: Vec<Vec<String>> = people
            .iter()
            .map(|p| {
                let c = &p.candidate;
                let reach = match (c.reach, &p.via) {
                    (Reach::Known, _) => "known".to_string(),
                    (Reach::WarmPath, Some(v)) => format!("via {}", v.name),
                    _ => "cold".to_string(),
                };
                vec![
                    c.id.to_string(),
                    clip(&c.name, 24),
                    clip(c.org.as_deref().unwrap_or(""), 22),
                    clip(c.title.as_deref().unwrap_or(""), 24),
                    c.fit.to_string(),
                    clip(&reach, 24),
                    p.stage.map(|s| s.label().to_string()).unwrap_or_default(),
                ]
            })
            .collect();
        s.push_str(&table(
            st,
            &["ID", "NAME", "ORG", "TITLE", "FIT", "REACH", "STAGE"],
            &rows,
        ));
        if all_people > people.len() {
            s.push_str(&format!(
                "{} of {all_people} shown (--limit for more)\n",
                people.len()
            ));
        }
    }
    if !organisations.is_empty() {
        s.push_str(&format!(
            "\n{}\n",
            st.bold("Organisations that fit, where you know no one yet")
        ));
        let rows: Vec<Vec<String>> = organisations
            .iter()
            .map(|o| {
                vec![
                    o.id.to_string(),
                    clip(&o.name, 28),
                    o.size.clone().unwrap_or_default(),
                    clip(o.location.as_deref().unwrap_or(""), 20),
                    o.fit.to_string(),
                ]
            })
            .collect();
        s.push_str(&table(
            st,
            &["ID", "NAME", "SIZE", "LOCATION", "FIT"],
            &rows,
        ));
        if all_orgs > organisations.len() {
            s.push_str(&format!(
                "{} of {all_orgs} shown (--limit for more)\n",
                organisations.len()
            ));
        }
    }
    if !people.is_empty() {
        s.push_str(&format!(
            "\nAdd someone to the pipeline: warmline goal stage PERSON {id} identified\n"
        ));
    }
    out(&s)
}
