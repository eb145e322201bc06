//! `link` (who knows whom) and `path` (who can introduce you).

use anyhow::Result;
use serde_json::json;
use warmline_store::{LinkChange, TargetKind, validate_strength};

use crate::cli::{LinkArgs, PathArgs};
use crate::commands::report;
use crate::context::Ctx;
use crate::render::out;

pub fn link(ctx: &Ctx, args: LinkArgs) -> Result<()> {
    let (Some(person), Some(other)) = (&args.person, &args.other) else {
        return match args.fix {
            Some(fix) => crate::commands::corrections::link_fix(ctx, fix),
            None => anyhow::bail!("name the two people who know each other"),
        };
    };
    crate::commands::no_extra_words(&args.extra, "warmline link \"dana lee\" \"sam park\"")?;
    // Checked before the names are looked up, so a bad strength is the error reported.
    let strength = args.strength.map(validate_strength).transpose()?;
    let a = ctx.person(person)?;
    let b = ctx.person(other)?;
    let change = ctx.store.link(a, b, strength, args.how.as_deref())?;
    let (na, nb) = (ctx.store.person(a)?.name, ctx.store.person(b)?.name);
    let (strength, how) = ctx.store.link_between(a, b)?.unwrap_or((0, None));
    let detail = match &how {
        Some(h) => format!("strength {strength}: {h}"),
        None => format!("strength {strength}"),
    };
    let text = match change {
        LinkChange::Added => format!("linked {na} and {nb} ({detail})"),
        LinkChange::Updated => format!("updated the link between {na} and {nb} ({detail})"),
    };
    report(
        ctx,
        &text,
        &json!({
            "a": {"id": a, "name": na},
            "b": {"id": b, "name": nb},
            "strength": strength,
            "how": how,
            "change": change,
        }),
    )
}

pub fn path(ctx: &Ctx, args: PathArgs) -> Result<()> {
    let target = ctx
        .store
        .resolve_path_target(&crate::cli::joined(&args.target))?;
    let ids: Vec<i64> = target.people.iter().map(|p| p.id).collect();
    let (paths, stats) = ctx
        .store
        .warm_paths(&ids, usize::from(args.limit), ctx.today)?;
    if ctx.json {
        let rows: Vec<serde_json::Value> = paths
            .iter()
            .map(|p| {
                // The first person on a longer path is the one to ask.
                let ask = (p.people.len() > 1).then(|| &p.people[0]);
                json!({"people": p.people, "strength": p.strength, "why": p.why, "ask": ask})
            })
            .collect();
        return ctx.print_json(&json!({
            "target": target.name,
            "kind": target.kind,
            "target_people": target.people,
            "paths": rows,
            "searched": stats,
        }));
    }
    let st = &ctx.style;
    let mut s = String::new();
    let there = target.people.len();
    match target.kind {
        TargetKind::Person => {
            s.push_str(&format!(
                "{}\n",
                st.bold(&format!("Ways in to {}", target.name))
            ));
        }
        TargetKind::Organisation if there == 0 => {
            return out(&format!(
                "You know no one at {} yet. Add people there (warmline add NAME --org \"{}\"), or look for who fits a goal there with warmline goal candidates.\n",
                target.name, target.name
            ));
        }
        TargetKind::Organisation => {
            let people = if there == 1 { "person" } else { "people" };
            s.push_str(&format!(
                "{}\n",
                st.bold(&format!(
                    "Ways in to {} ({there} {people} there in your book)",
                    target.name
                ))
            ));
        }
    }
    if paths.is_empty() {
        s.push_str("\nNo way in within four introductions. Link people who know each other with warmline link.\n");
        return out(&s);
    }
    for (i, p) in paths.iter().enumerate() {
        s.push_str(&format!(
            "\n{}. {}   {}\n",
            i + 1,
            p.chain(),
            st.dim(&format!("strength {:.2}", p.strength))
        ));
        for why in &p.why {
            s.push_str(&format!("     {why}\n"));
        }
        if !p.people.is_empty() {
            s.push_str(&format!("   {}\n", st.green(&p.advice())));
        }
    }
    out(&s)
}
