//! `undo`, and the line every removal prints: what went, and how to bring it back.

use anyhow::{Result, bail};
use serde_json::json;
use warmline_store::TrashId;

use crate::cli::UndoArgs;
use crate::commands::report;
use crate::context::Ctx;
use crate::render::{clip, out, table};

/// An id as typed: `12` or `#12`.
pub fn id_arg(s: &str, what: &str) -> Result<i64> {
    match s.trim().trim_start_matches('#').parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => bail!("'{s}' is not {what} id: use the number shown with #"),
    }
}

/// Reports a removal: `removed interaction #12: ... (undo: warmline undo 7)`. `id` is the
/// removed thing's own id, where it has one.
pub fn removed(ctx: &Ctx, trash: TrashId, id: Option<i64>) -> Result<()> {
    let r = ctx.store.removal(trash)?;
    report(
        ctx,
        &format!("removed {} (undo: warmline undo {trash})", r.label),
        &json!({"removed": r.kind, "id": id, "label": r.label, "undo": trash}),
    )
}

pub fn undo(ctx: &Ctx, args: UndoArgs) -> Result<()> {
    if args.list {
        return list(ctx);
    }
    let restored = match &args.id {
        Some(id) => ctx.store.undo(id_arg(id, "a removal's")?)?,
        None => ctx.store.undo_latest()?,
    };
    report(
        ctx,
        &format!("restored {}", restored.label),
        &json!({"undone": restored.id, "kind": restored.kind, "label": restored.label}),
    )
}

fn list(ctx: &Ctx) -> Result<()> {
    let all = ctx.store.removals(100)?;
    if ctx.json {
        return ctx.print_json(&all);
    }
    if all.is_empty() {
        return out("nothing to undo: no removal in the last day\n");
    }
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                format!("{} UTC", r.removed_at),
                clip(&r.label, 70),
            ]
        })
        .collect();
    let mut s = table(&ctx.style, &["ID", "REMOVED", "WHAT"], &rows);
    s.push_str("\nwarmline undo ID puts one back; warmline undo, the latest.\n");
    out(&s)
}
