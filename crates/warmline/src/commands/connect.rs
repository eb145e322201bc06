//! Genuine connection: `common` (what you share) and `prep` (a brief before meeting).

use anyhow::Result;
use warmline_core::common::Common;
use warmline_core::person::FactCategory;
use warmline_core::prep::{PrepInput, PrepPerson, Recent, prep, render_text};
use warmline_store::NeedOrOffer;

use crate::cli::CommonArgs;
use crate::context::Ctx;
use crate::render::{clip, out, table};

/// How many interactions the brief is drawn from (it shows the latest few).
const PREP_INTERACTIONS: usize = 20;

pub fn common(ctx: &Ctx, args: CommonArgs) -> Result<()> {
    let st = &ctx.style;
    if let (Some(category), Some(value)) = (&args.category, &args.value) {
        let category = FactCategory::parse(category)?;
        let people = ctx.store.people_sharing(category, value)?;
        if ctx.json {
            return ctx.print_json(&people);
        }
        if people.is_empty() {
            return out(&format!(
                "No one in your book has {} '{}' yet.\n",
                category.as_str(),
                value.trim()
            ));
        }
        let mut s = format!(
            "{}\n",
            st.bold(&format!(
                "People with {} '{}'",
                category.as_str(),
                value.trim()
            ))
        );
        let rows: Vec<Vec<String>> = people
            .iter()
            .map(|c| vec![c.person.id.to_string(), clip(&c.person.name, 28), values(c)])
            .collect();
        s.push_str(&table(st, &["ID", "NAME", "THEIRS"], &rows));
        return out(&s);
    }
    let person = crate::cli::joined(&args.person);
    if person.is_empty() {
        let everyone = ctx.store.common_with_everyone()?;
        if ctx.json {
            return ctx.print_json(&everyone);
        }
        if everyone.is_empty() {
            return out(
                "You share nothing recorded with anyone yet. Add your own school, hometown and hobbies:\n  warmline me fact school \"University of Oregon\"\n",
            );
        }
        let rows: Vec<Vec<String>> = everyone
            .iter()
            .map(|c| {
                let shared: Vec<String> = c
                    .shared
                    .iter()
                    .map(|x| format!("{} {}", x.category.as_str(), x.value))
                    .collect();
                vec![
                    c.person.id.to_string(),
                    clip(&c.person.name, 28),
                    shared.join("; "),
                ]
            })
            .collect();
        return out(&table(st, &["ID", "NAME", "YOU SHARE"], &rows));
    }
    let id = ctx.person(&person)?;
    let c = ctx.store.common_with(id)?;
    if ctx.json {
        return ctx.print_json(&c);
    }
    if c.shared.is_empty() {
        return out(&format!(
            "Nothing in common with {} on record yet. Facts about you both (school, hometown, employers, hobbies) make it show:\n  warmline me fact school \"University of Oregon\"    warmline fact \"{}\" school \"…\"\n",
            c.person.name, c.person.name
        ));
    }
    let mut s = format!("{}\n", st.bold(&format!("You and {} share", c.person.name)));
    for x in &c.shared {
        s.push_str(&format!("  {:<14}{}\n", x.category.as_str(), x.value));
    }
    out(&s)
}

fn values(c: &Common) -> String {
    c.shared
        .iter()
        .map(|x| x.value.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn prep_cmd(ctx: &Ctx, words: &[String]) -> Result<()> {
    let id = ctx.person(&crate::cli::joined(words))?;
    let store = &ctx.store;
    let p = store.person(id)?;
    let met_event = match p.met.event_id {
        Some(ev) => store.event(ev).ok().map(|e| e.name),
        None => None,
    };
    let recent = store
        .interactions_told(id, PREP_INTERACTIONS)?
        .into_iter()
        .map(|i| Recent {
            on: i.on,
            kind: i.kind,
            summary: i.summary,
            notes: i.notes,
        })
        .collect();
    let input = PrepInput {
        person: PrepPerson {
            id,
            name: p.name.clone(),
            org: p.org.clone(),
            title: p.title.clone(),
        },
        met: p.met.clone(),
        met_event,
        recent,
        facts: store.facts(Some(id))?,
        shared: store.common_with(id)?.shared,
        follow_ups: store.follow_ups_for(id)?,
        needs: store
            .needs_offers(Some(id), NeedOrOffer::Need)?
            .into_iter()
            .map(|n| n.text)
            .collect(),
    };
    let brief = prep(&input, ctx.today);
    if ctx.json {
        return ctx.print_json(&brief);
    }
    out(&render_text(&brief))
}
