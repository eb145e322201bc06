//! `history PERSON`: every interaction with a person, with the ids corrections take.

use anyhow::Result;
use serde_json::{Value, json};
use warmline_core::interaction::{Direction, Interaction};
use warmline_core::paths::PersonRef;

use crate::cli::joined;
use crate::context::Ctx;
use crate::render::{clip, out, table};

/// One interaction as `history --json` and `log edit --json` give it.
pub fn interaction_json(i: &Interaction, people: &[PersonRef]) -> Value {
    json!({
        "id": i.id,
        "on": i.on,
        "kind": i.kind,
        "direction": i.direction,
        "summary": i.summary,
        "notes": i.notes,
        "source": i.source,
        "people": people,
    })
}

/// Who started it, in a few words.
pub fn who_started(d: Direction) -> &'static str {
    match d {
        Direction::Outbound => "you reached out",
        Direction::Inbound => "they reached out",
        Direction::Mutual => "arranged together",
    }
}

/// Who started it, in a word.
pub fn started(d: Direction) -> &'static str {
    match d {
        Direction::Outbound => "you",
        Direction::Inbound => "they",
        Direction::Mutual => "both",
    }
}

pub fn history(ctx: &Ctx, words: &[String]) -> Result<()> {
    let id = ctx.person(&joined(words))?;
    let name = ctx.store.person(id)?.name;
    let all = ctx.store.history(id)?;
    if ctx.json {
        let rows: Vec<Value> = all
            .iter()
            .map(|h| interaction_json(&h.interaction, &h.people))
            .collect();
        return ctx.print_json(&rows);
    }
    if all.is_empty() {
        return out(&format!(
            "nothing logged with {name} yet: warmline log {id} \"what happened\"\n"
        ));
    }
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|h| {
            let i = &h.interaction;
            let others: Vec<&str> = h
                .people
                .iter()
                .filter(|p| p.id != id)
                .map(|p| p.name.as_str())
                .collect();
            vec![
                i.id.to_string(),
                i.on.to_string(),
                i.kind.as_str().to_string(),
                started(i.direction).to_string(),
                clip(&i.summary, 50),
                clip(&others.join(", "), 30),
            ]
        })
        .collect();
    let count = match all.len() {
        1 => "1 interaction".to_string(),
        n => format!("{n} interactions"),
    };
    let mut s = format!(
        "{}  {}   {count}\n\n",
        ctx.style.bold(&name),
        ctx.style.dim(&format!("#{id}"))
    );
    s.push_str(&table(
        &ctx.style,
        &["ID", "DATE", "KIND", "STARTED", "SUMMARY", "ALSO WITH"],
        &rows,
    ));
    s.push_str("\nCorrect one: warmline log edit ID ...   Remove one: warmline log rm ID\n");
    out(&s)
}
