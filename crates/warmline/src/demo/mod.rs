//! `warmline demo`: a realistic sample network to look around in.
//!
//! The network is generated from a fixed seed relative to today, so the same day gives the
//! same network: people at varied organisations with personal facts, eighteen months of
//! interactions with human rhythms (busy weeks, quiet ones, ties that drift apart), events
//! with after-event follow-ups, needs and offers.

mod generate;
mod pools;
mod strategy;

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use warmline_store::Store;

use crate::cli::DemoArgs;
use crate::context::{Ctx, data_file, today};
use crate::render::out;

pub fn run(db: Option<&Path>, args: &DemoArgs, json: bool) -> Result<()> {
    if args.size == 0 || args.size > 1_000_000 {
        bail!("--size must be between 1 and 1000000, not {}", args.size);
    }
    let today = today()?;
    let path = match db {
        Some(p) => p.to_path_buf(),
        None => fresh_demo_path()?,
    };
    let store = Store::open(&path)?;
    if store.count_people()? > 0 {
        bail!(
            "{} already holds {} people: the demo needs an empty database (leave out --db to use its own)",
            path.display(),
            store.count_people()?
        );
    }
    let summary = generate::generate(&store, args.size, today)?;
    let ctx = Ctx::with_store(store, today, json);
    if json {
        ctx.print_json(&serde_json::json!({
            "db": path,
            "people": summary.people,
            "interactions": summary.interactions,
            "organisations": summary.organisations,
            "events": summary.events,
            "links": summary.strategy.links,
            "goal": summary.strategy.goal,
        }))?;
    } else {
        out(&tour(&ctx, &path, &summary))?;
    }
    if args.no_serve {
        return Ok(());
    }
    if !json {
        out("\nThe same network is in your browser; open the address below.\n")?;
    }
    // The server opens its own connections; this one is done.
    drop(ctx);
    crate::commands::serve::serve_demo(&path, args.port)
}

/// The demo's own database, emptied so each run starts from the same network.
fn fresh_demo_path() -> Result<PathBuf> {
    let path = data_file("demo.db")?;
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.clone().into_os_string();
        p.push(suffix);
        match std::fs::remove_file(PathBuf::from(p)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(path)
}

fn tour(ctx: &Ctx, path: &Path, s: &generate::Summary) -> String {
    let st = &ctx.style;
    let db = path.display().to_string();
    let quoted = if db.contains(' ') {
        format!("'{db}'")
    } else {
        db.clone()
    };
    let mut t = format!(
        "{}\n{} people at {} organisations, {} interactions over 18 months, {} events,\n{} links between people, and a goal: {}.\n\n",
        st.bold("A sample network is ready."),
        s.people,
        s.organisations,
        s.interactions,
        s.events,
        s.strategy.links,
        s.strategy.goal
    );
    t.push_str(&format!("It lives in {db}. Point warmline at it for this shell:\n\n    export WARMLINE_DB={quoted}\n\nThen try:\n\n"));
    let mut steps = vec![
        (
            "list --due --sort due".to_string(),
            "who is due for a note, most overdue first",
        ),
        (
            format!("show \"{}\"", s.sample_person),
            "a person card: facts, follow-ups, timeline",
        ),
        (
            "find climbing".to_string(),
            "search across names, notes, facts and conversations",
        ),
        (
            "list --drifting".to_string(),
            "warm ties going cold: old coworkers and friends",
        ),
        ("followup list".to_string(), "what must not slip"),
        (
            format!("event show \"{}\"", s.sample_event),
            "who you met there, and whether you followed up",
        ),
        ("list --sort warmth".to_string(), "your warmest ties first"),
        (
            format!("goal show \"{}\"", s.strategy.goal),
            "a goal's funnel, this week's pace and next steps",
        ),
        (
            format!("goal candidates \"{}\"", s.strategy.goal),
            "who fits the goal, and who can introduce you",
        ),
        (
            format!("path \"{}\"", s.strategy.target_org),
            "warm introductions into an agency",
        ),
        (
            "matches".to_string(),
            "introductions worth making: someone you could help",
        ),
        (
            "job list".to_string(),
            "opportunities, and what came through people",
        ),
    ];
    if let Some(name) = &s.prep_name {
        steps.push((
            format!("prep \"{name}\""),
            "a brief before meeting someone: what is open, what to ask",
        ));
    }
    for (cmd, why) in steps {
        t.push_str(&format!("    warmline {cmd:<42} {}\n", st.dim(why)));
    }
    t.push_str("\nEvery command takes --json for scripts, and --help for details.\n");
    t
}
