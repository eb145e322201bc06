//! `dupes` (who is probably the same person twice) and `merge KEEP OTHER`.

use anyhow::Result;
use serde_json::json;
use warmline_core::dupes::likely_duplicates;

use crate::cli::MergeArgs;
use crate::commands::{confirm, report};
use crate::context::Ctx;
use crate::render::{out, table};

pub fn dupes(ctx: &Ctx) -> Result<()> {
    let people = ctx.store.dupe_candidates()?;
    let pairs = likely_duplicates(&people);
    let who = |id: i64| {
        people
            .iter()
            .find(|p| p.id == id)
            .map(|p| json!({"id": p.id, "name": p.name, "org": p.org}))
            .unwrap_or_else(|| json!({"id": id}))
    };
    if ctx.json {
        let list: Vec<serde_json::Value> = pairs
            .iter()
            .map(|d| json!({"a": who(d.a), "b": who(d.b), "reason": d.reason}))
            .collect();
        return ctx.print_json(&list);
    }
    if pairs.is_empty() {
        return out("No likely duplicates.\n");
    }
    let label = |id: i64| {
        people
            .iter()
            .find(|p| p.id == id)
            .map_or(format!("#{id}"), |p| match &p.org {
                Some(o) => format!("{} ({o})", p.name),
                None => p.name.clone(),
            })
    };
    let rows: Vec<Vec<String>> = pairs
        .iter()
        .map(|d| {
            vec![
                d.a.to_string(),
                label(d.a),
                d.b.to_string(),
                label(d.b),
                d.reason.clone(),
            ]
        })
        .collect();
    let mut text = table(&ctx.style, &["ID", "PERSON", "ID", "PERSON", "WHY"], &rows);
    text.push_str(&format!(
        "{} likely duplicate{}; fold one into the other with `warmline merge KEEP OTHER`\n",
        pairs.len(),
        if pairs.len() == 1 { "" } else { "s" }
    ));
    out(&text)
}

pub fn merge(ctx: &Ctx, args: &MergeArgs) -> Result<()> {
    let keep = ctx.person(&args.keep)?;
    let other = ctx.person(&args.other)?;
    let (k, o) = (ctx.store.person(keep)?, ctx.store.person(other)?);
    let question = format!(
        "Fold {} (#{}) into {} (#{}), and remove #{}?",
        o.name, o.id, k.name, k.id, o.id
    );
    if !confirm(&question, args.yes)? {
        return out("Nothing merged.\n");
    }
    ctx.store.merge_people(keep, other, ctx.today)?;
    report(
        ctx,
        &format!("merged {} (#{}) into {} (#{})", o.name, o.id, k.name, k.id),
        &json!({"id": keep, "name": k.name, "merged": {"id": other, "name": o.name}}),
    )
}
