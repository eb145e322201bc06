//! The summary an import prints: counts, new connections, job changes, and in a dry run
//! what would change.

use anyhow::Result;
use warmline_store::{ImportReport, JobRef, PersonRef};

use crate::context::Ctx;
use crate::render::out;

/// How many names a text summary lists before "… and N more".
const SHOWN: usize = 10;

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn person(p: &PersonRef) -> String {
    match (&p.org, &p.title) {
        (Some(o), Some(t)) => format!("{} ({t} at {o})", p.name),
        (Some(o), None) => format!("{} ({o})", p.name),
        (None, Some(t)) => format!("{} ({t})", p.name),
        (None, None) => p.name.clone(),
    }
}

fn job(j: &JobRef) -> String {
    match (&j.title, &j.org) {
        (Some(t), Some(o)) => format!("{t} at {o}"),
        (Some(t), None) => t.clone(),
        (None, Some(o)) => o.clone(),
        (None, None) => "no job listed".into(),
    }
}

/// A file of the import that was refused whole while the rest was imported: its name and
/// why.
pub struct Refused {
    pub file: String,
    pub message: String,
}

/// Prints the report of an import, and the files refused while the rest was imported;
/// with `--json` each of those is an entry `{file, line, message}` of `errors`.
pub fn print(ctx: &Ctx, report: &ImportReport, label: &str, refused: &[Refused]) -> Result<()> {
    if ctx.json {
        let mut value = serde_json::to_value(report)?;
        if let Some(obj) = value.as_object_mut() {
            obj.insert("file".into(), label.into());
            if let Some(errors) = obj.get_mut("errors").and_then(|e| e.as_array_mut()) {
                for r in refused {
                    errors.push(serde_json::json!({
                        "file": r.file,
                        "line": 0,
                        "message": r.message,
                    }));
                }
            }
        }
        return ctx.print_json(&value);
    }
    out(&text(report, label))
}

/// Where a record was, named by its line, and by its file too when the import read
/// several (a LinkedIn export).
fn at(file: &str, line: u64, label: &str, message: &str) -> String {
    if file == label {
        format!("line {line}: {message}")
    } else {
        format!("{file}:{line}: {message}")
    }
}

fn text(r: &ImportReport, label: &str) -> String {
    let mut t = String::new();
    let verb = if r.dry_run { "would be " } else { "" };
    let cancelled = if r.cancelled > 0 {
        format!(", {} {verb}cancelled", r.cancelled)
    } else {
        String::new()
    };
    t.push_str(&format!(
        "{label}: {} {verb}added, {} {verb}updated, {} unchanged, {} skipped{cancelled}\n",
        r.added, r.updated, r.unchanged, r.skipped
    ));
    if r.cancelled > 0 {
        t.push_str(&format!(
            "  {} ahead no longer in the file: removed (warmline undo brings {} back)\n",
            plural(r.cancelled, "meeting", "meetings"),
            if r.cancelled == 1 {
                "it"
            } else {
                "the last one"
            }
        ));
    }
    let (p, i) = (r.people, r.interactions);
    if p != Default::default() && i != Default::default() {
        t.push_str(&format!(
            "  people: {} added, {} updated, {} unchanged; interactions: {} added, {} updated, {} unchanged, {} skipped\n",
            p.added, p.updated, p.unchanged, i.added, i.updated, i.unchanged, i.skipped
        ));
    }
    if r.messages > 0 {
        t.push_str(&format!(
            "  {} read\n",
            plural(r.messages, "message", "messages")
        ));
    }
    if r.unknown_addresses > 0 {
        t.push_str(&format!(
            "  {} on them {} no contact of yours (nobody was created for them)\n",
            plural(r.unknown_addresses, "address or name", "addresses or names"),
            if r.unknown_addresses == 1 {
                "is"
            } else {
                "are"
            }
        ));
    }
    for w in &r.skipped_records {
        t.push_str(&format!(
            "  skipped {}\n",
            at(&w.file, w.line, label, &w.message)
        ));
    }
    for w in &r.warnings {
        t.push_str(&format!(
            "  warning: {}\n",
            at(&w.file, w.line, label, &w.message)
        ));
    }
    for n in &r.notes {
        t.push_str(&format!("  {n}\n"));
    }
    if r.shared_count > 0 {
        t.push_str(&format!(
            "Kept apart, the names differ ({}); `warmline dupes` proposes them should they be one person:\n",
            r.shared_count
        ));
        for x in r.shared.iter().take(SHOWN) {
            t.push_str(&format!(
                "  {} (#{}, line {}) shares {} with {} (#{})\n",
                x.name, x.id, x.line, x.what, x.with_name, x.with_id
            ));
        }
        let more = r.shared_count.saturating_sub(SHOWN as u64);
        if more > 0 {
            t.push_str(&format!("  … and {more} more\n"));
        }
    }
    if r.new_connections_count > 0 {
        t.push_str(&format!("New connections ({}):\n", r.new_connections_count));
        for c in r.new_connections.iter().take(SHOWN) {
            t.push_str(&format!("  {}\n", person(c)));
        }
        let more = r.new_connections_count.saturating_sub(SHOWN as u64);
        if more > 0 {
            t.push_str(&format!("  … and {more} more\n"));
        }
    }
    if !r.job_changes.is_empty() {
        t.push_str(&format!("Job changes ({}):\n", r.job_changes.len()));
        for j in &r.job_changes {
            let kept = if j.applied {
                ""
            } else {
                " (the job you entered is kept; --overwrite takes LinkedIn's)"
            };
            t.push_str(&format!(
                "  {}: {} → {}{kept}\n",
                j.name,
                job(&j.from),
                job(&j.to)
            ));
        }
        if !r.dry_run {
            t.push_str("  Congratulate them: each is on today's plan for two weeks.\n");
        }
    }
    if r.dry_run {
        let listed: Vec<String> = r
            .changes
            .iter()
            .take(SHOWN * 2)
            .map(|c| {
                let what = if c.action == "add" {
                    "add   ".to_string()
                } else {
                    format!("update #{} ", c.id)
                };
                let fields = if c.fields.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", c.fields.join(", "))
                };
                format!("  line {:>5}: {what}{}{fields}\n", c.line, c.name)
            })
            .collect();
        if !listed.is_empty() {
            t.push_str("Would change:\n");
            t.push_str(&listed.concat());
            let more = r.changes_count.saturating_sub(listed.len() as u64);
            if more > 0 {
                t.push_str(&format!("  … and {more} more\n"));
            }
        }
        for e in &r.errors {
            if e.line == 0 {
                t.push_str(&format!("  problem: {}\n", e.message));
            } else {
                t.push_str(&format!("  problem at line {}: {}\n", e.line, e.message));
            }
        }
        t.push_str("Dry run: nothing was written.\n");
    }
    t
}
