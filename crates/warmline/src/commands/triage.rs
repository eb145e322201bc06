//! `triage` (proposed tiers for people with real ties and no rhythm) and `tier` (a tier
//! for many people at once).

use anyhow::{Result, anyhow, bail};
use serde_json::json;
use warmline_core::person::{PersonId, Tier};
use warmline_store::{TierFilter, TierTarget, TriageEntry};

use crate::cli::{TierArgs, TriageArgs};
use crate::context::Ctx;
use crate::render::{clip, out, table};

/// How many proposals are listed unless `--limit` says otherwise.
const LISTED: usize = 50;

const NOTHING: &str =
    "Nothing to triage: everyone you have been in touch with has a keep-in-touch rhythm.\n";

pub fn triage(ctx: &Ctx, args: TriageArgs) -> Result<()> {
    match &args.apply {
        Some(ids) => apply(ctx, ids, args.limit.map(|n| n as usize)),
        None => list(ctx, args.limit.map_or(LISTED, |n| n as usize)),
    }
}

fn list(ctx: &Ctx, limit: usize) -> Result<()> {
    let all = ctx.store.triage(ctx.today)?;
    let shown = &all[..all.len().min(limit)];
    if ctx.json {
        return ctx.print_json(&shown);
    }
    if all.is_empty() {
        return out(NOTHING);
    }
    let st = &ctx.style;
    let people = |n: usize| if n == 1 { "person" } else { "people" };
    let mut s = format!(
        "{} {} you have been in touch with {} no keep-in-touch rhythm yet. Proposed, best first:\n\n",
        all.len(),
        people(all.len()),
        if all.len() == 1 { "has" } else { "have" }
    );
    let rows: Vec<Vec<String>> = shown
        .iter()
        .map(|e| {
            vec![
                e.id.to_string(),
                clip(&e.name, 28),
                clip(e.org.as_deref().unwrap_or(""), 24),
                e.proposed_tier.as_str().to_string(),
                e.reason.clone(),
            ]
        })
        .collect();
    s.push_str(&table(st, &["ID", "NAME", "ORG", "TIER", "WHY"], &rows));
    if all.len() > shown.len() {
        s.push_str(&format!(
            "… and {} more: warmline triage --limit {}\n",
            all.len() - shown.len(),
            all.len()
        ));
    }
    let some: Vec<String> = shown.iter().take(2).map(|e| e.id.to_string()).collect();
    s.push_str(&format!(
        "\nAccept them all:     warmline triage --apply\n\
         Accept some:         warmline triage --apply {}\n\
         Choose yourself:     warmline tier close {}   (or inner, regular, loose; none for no rhythm)\n",
        some.join(" "),
        some.join(" ")
    ));
    out(&s)
}

/// Reads `--apply` ids: people's ids, `#12` allowed.
fn parse_ids(raw: &[String]) -> Result<Vec<PersonId>> {
    raw.iter()
        .map(|r| {
            r.trim()
                .trim_start_matches('#')
                .parse::<PersonId>()
                .ok()
                .filter(|id| *id > 0)
                .ok_or_else(|| {
                    anyhow!("--apply takes people's ids as triage lists them (like 12), not '{r}'")
                })
        })
        .collect()
}

fn apply(ctx: &Ctx, raw: &[String], limit: Option<usize>) -> Result<()> {
    let mut ids = parse_ids(raw)?;
    if ids.is_empty()
        && let Some(limit) = limit
    {
        // The best N: the ones `triage --limit N` lists.
        ids = ctx
            .store
            .triage(ctx.today)?
            .iter()
            .take(limit)
            .map(|e: &TriageEntry| e.id)
            .collect();
    }
    let only = (!ids.is_empty()).then_some(ids.as_slice());
    if only.is_none() && ctx.store.triage_waiting()?.is_none() {
        if ctx.json {
            return ctx.print_json(&warmline_store::TriageApplied::default());
        }
        return out(NOTHING);
    }
    let applied = ctx.store.apply_triage(ctx.today, only)?;
    if ctx.json {
        return ctx.print_json(&applied);
    }
    let mut parts = Vec::new();
    for (n, tier) in [
        (applied.inner, Tier::Inner),
        (applied.close, Tier::Close),
        (applied.regular, Tier::Regular),
        (applied.loose, Tier::Loose),
    ] {
        if n > 0 {
            parts.push(format!("{n} {}", tier.as_str()));
        }
    }
    let people = if applied.people == 1 {
        "person"
    } else {
        "people"
    };
    out(&format!(
        "{} {people} got a keep-in-touch rhythm: {}.\nThey come up in warmline today when they fall due.\n",
        applied.people,
        parts.join(", ")
    ))
}

/// The tier a person typed: one of the four, or `none`.
fn parse_tier(s: &str) -> Result<Option<Tier>> {
    if s.trim().eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    Tier::parse(s)
        .map(Some)
        .map_err(|_| anyhow!("unknown tier '{s}': expected inner, close, regular, loose or none"))
}

/// Resolves each person; a name typed in several words without quotes ("dana lee") is
/// tried as a whole first, then word by word. Ids and emails stand alone.
fn resolve_all(ctx: &Ctx, args: &[String]) -> Result<Vec<PersonId>> {
    let alone = |a: &str| a.contains('@') || a.trim_start_matches('#').parse::<i64>().is_ok();
    let mut ids = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let mut end = i + 1;
        while end < args.len() && end - i < 4 && !alone(&args[i]) && !alone(&args[end]) {
            end += 1;
        }
        let mut found = None;
        for j in (i + 1..=end).rev() {
            match ctx.store.resolve_person(&args[i..j].join(" ")) {
                Ok(id) => {
                    found = Some((id, j));
                    break;
                }
                // The single word's error is the one worth showing.
                Err(e) if j == i + 1 => return Err(e.into()),
                Err(_) => {}
            }
        }
        let Some((id, next)) = found else {
            bail!("no one named '{}'", args[i]);
        };
        ids.push(id);
        i = next;
    }
    Ok(ids)
}

pub fn tier(ctx: &Ctx, args: TierArgs) -> Result<()> {
    let tier = parse_tier(&args.tier)?;
    let filtered = args.tag.is_some() || args.org.is_some() || args.goal.is_some();
    if args.people.is_empty() && !filtered && args.source.is_none() {
        bail!(
            "say whose tier to set: people by id, email or name, or --tag, --org, --goal or --source"
        );
    }
    let target = if args.people.is_empty() {
        let goal = match &args.goal {
            Some(g) => Some(ctx.store.resolve_goal(g)?),
            None => None,
        };
        TierTarget::Matching(TierFilter {
            tag: args.tag.clone(),
            org: args.org.clone(),
            goal,
            source: args.source.map(|s| s.as_str().to_string()),
        })
    } else {
        TierTarget::People(resolve_all(ctx, &args.people)?)
    };
    let change = ctx.store.set_tier(&target, tier, ctx.today)?;
    let tier_name = tier.map_or("none", Tier::as_str);
    if ctx.json {
        return ctx.print_json(&json!({
            "tier": tier_name,
            "matched": change.matched,
            "changed": change.changed,
        }));
    }
    let people = |n: usize| if n == 1 { "person" } else { "people" };
    let was = |n: usize| if n == 1 { "was" } else { "were" };
    let unchanged = change.matched.saturating_sub(change.changed);
    let state = match tier {
        Some(_) => tier_name.to_string(),
        None => "without a rhythm".to_string(),
    };
    let mut s = if change.changed == 0 {
        format!(
            "No change: {} {} {} {state} already",
            change.matched,
            people(change.matched),
            was(change.matched)
        )
    } else {
        match tier {
            Some(t) => {
                let days = ctx.store.settings()?.tier_cadences.for_tier(t);
                format!(
                    "{} {} now {tier_name}: keep in touch every {days} days",
                    change.changed,
                    people(change.changed)
                )
            }
            None => format!(
                "{} {} left without a keep-in-touch rhythm: out of today's plan and of triage",
                change.changed,
                people(change.changed)
            ),
        }
    };
    if change.changed > 0 && unchanged > 0 {
        s.push_str(&format!(
            " ({unchanged} {} {state} already)",
            was(unchanged)
        ));
    }
    s.push_str(".\n");
    out(&s)
}
