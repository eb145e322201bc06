//! `draft`: a personal follow-up message to copy. Nothing is sent.

use anyhow::Result;
use warmline_core::draft::{self, DraftInput, LastTouch, Templates};

use crate::context::Ctx;
use crate::render::out;

pub fn draft(ctx: &Ctx, words: &[String]) -> Result<()> {
    let id = ctx.person(&crate::cli::joined(words))?;
    let store = &ctx.store;
    let p = store.person(id)?;
    let settings = store.settings()?;
    let templates = Templates::with_overrides(&settings.draft_templates)?;
    let input = DraftInput {
        today: ctx.today,
        name: p.name.clone(),
        email: p.emails.first().cloned(),
        met: p.met.clone(),
        last: store.interactions_told(id, 1)?.first().map(LastTouch::of),
        follow_ups: store.follow_ups_for(id)?,
        facts: store.facts(Some(id))?,
        my_name: settings.my_name.clone(),
    };
    let d = draft::draft(&input, &templates);
    if ctx.json {
        return ctx.print_json(&d);
    }
    let mut s = format!("Subject: {}\n\n{}\n", d.subject, d.body.trim_end());
    if !d.notes.is_empty() {
        s.push_str(&format!(
            "\n{}\n",
            ctx.style.dim("From your notes, to put in your own words:")
        ));
        for n in &d.notes {
            s.push_str(&format!("  {n}\n"));
        }
    }
    if let Some(link) = &d.mailto {
        s.push_str(&format!(
            "\n{}\n{link}\n",
            ctx.style.dim("Open in your mail client:")
        ));
    }
    out(&s)
}
