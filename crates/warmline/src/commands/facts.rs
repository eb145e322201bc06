//! fact, and my own profile (me fact|email|linkedin|name|show).

use anyhow::{Context as _, Result};
use serde_json::json;
use warmline_core::date::{Towards, parse_date};
use warmline_core::person::{FactCategory, validate_email, validate_name};
use warmline_core::text::linkedin_key;
use warmline_store::NeedOrOffer;

use crate::cli::{FactArgs, MeCommand};
use crate::commands::report;
use crate::context::Ctx;
use crate::render::out;

fn parse_on(ctx: &Ctx, on: Option<&str>) -> Result<Option<chrono::NaiveDate>> {
    on.map(|d| parse_date(d, ctx.today, Towards::Past).context("--on"))
        .transpose()
}

pub fn fact(ctx: &Ctx, args: FactArgs) -> Result<()> {
    let (Some(person), Some(category), Some(text)) = (&args.person, &args.category, &args.text)
    else {
        return match args.fix {
            Some(fix) => crate::commands::corrections::fact_fix(ctx, fix),
            None => anyhow::bail!("say who, the category and the detail"),
        };
    };
    crate::commands::no_extra_words(
        &args.extra,
        "warmline fact \"dana lee\" hobby \"rock climbing\"",
    )?;
    let category = FactCategory::parse(category)?;
    let on = parse_on(ctx, args.on.as_deref())?;
    let id = ctx.person(person)?;
    let fact = ctx
        .store
        .add_fact(Some(id), category, text, on, ctx.today)?;
    let name = ctx.store.person(id)?.name;
    report(
        ctx,
        &format!("noted for {name}: {} — {}", category.as_str(), text.trim()),
        &json!({"id": fact, "person": {"id": id, "name": name}, "category": category, "text": text.trim(), "on": on}),
    )
}

pub fn me(ctx: &Ctx, cmd: MeCommand) -> Result<()> {
    match cmd {
        MeCommand::Fact { category, text, on } => {
            let category = FactCategory::parse(&category)?;
            let on = parse_on(ctx, on.as_deref())?;
            let id = ctx.store.add_fact(None, category, &text, on, ctx.today)?;
            report(
                ctx,
                &format!("noted about you: {} — {}", category.as_str(), text.trim()),
                &json!({"id": id, "category": category, "text": text.trim(), "on": on}),
            )
        }
        MeCommand::Email { address } => {
            let email = validate_email(&address)?;
            let settings = ctx.store.update_settings(|s| {
                if !s.is_my_email(&email) {
                    s.my_emails.push(email.clone());
                }
                Ok(())
            })?;
            report(
                ctx,
                &format!("your addresses: {}", settings.my_emails.join(", ")),
                &json!({"emails": settings.my_emails}),
            )
        }
        MeCommand::Linkedin { url } => {
            let key = linkedin_key(&url);
            ctx.store.update_settings(|s| {
                s.my_linkedin = Some(key.clone());
                Ok(())
            })?;
            report(
                ctx,
                &format!("your LinkedIn: {key}"),
                &json!({"linkedin": key}),
            )
        }
        MeCommand::Name { name } => {
            let name = validate_name(&name)?;
            ctx.store.update_settings(|s| {
                s.my_name = Some(name.clone());
                Ok(())
            })?;
            report(ctx, &format!("your name: {name}"), &json!({"name": name}))
        }
        MeCommand::Show => show_me(ctx),
        MeCommand::Offer { text } => {
            crate::commands::give::record(ctx, None, NeedOrOffer::Offer, &text)
        }
        MeCommand::Need { text } => {
            crate::commands::give::record(ctx, None, NeedOrOffer::Need, &text)
        }
    }
}

fn show_me(ctx: &Ctx) -> Result<()> {
    let settings = ctx.store.settings()?;
    let facts = ctx.store.facts(None)?;
    let offers = ctx.store.needs_offers(None, NeedOrOffer::Offer)?;
    let needs = ctx.store.needs_offers(None, NeedOrOffer::Need)?;
    if ctx.json {
        return ctx.print_json(&json!({
            "name": settings.my_name,
            "emails": settings.my_emails,
            "linkedin": settings.my_linkedin,
            "facts": facts.iter().map(|f| json!({"id": f.id, "category": f.category, "text": f.text, "on": f.on})).collect::<Vec<_>>(),
            "offers": offers.iter().map(|o| &o.text).collect::<Vec<_>>(),
            "needs": needs.iter().map(|o| &o.text).collect::<Vec<_>>(),
        }));
    }
    let st = &ctx.style;
    let mut s = format!(
        "{}\n",
        st.bold(settings.my_name.as_deref().unwrap_or("You"))
    );
    let emails = if settings.my_emails.is_empty() {
        "none yet (warmline me email ADDRESS)".into()
    } else {
        settings.my_emails.join(", ")
    };
    s.push_str(&format!("{:<10}{emails}\n", st.dim("Emails")));
    s.push_str(&format!(
        "{:<10}{}\n",
        st.dim("LinkedIn"),
        settings
            .my_linkedin
            .as_deref()
            .unwrap_or("none yet (warmline me linkedin URL)")
    ));
    if facts.is_empty() {
        s.push_str("\nNo facts about you yet: add your school, hometown and hobbies with\n  warmline me fact school \"University of Oregon\"\nso warmline can show what you share with people.\n");
    } else {
        s.push_str(&format!("\n{}\n", st.bold("Facts")));
        for f in &facts {
            let on = f.on.map(|d| format!(" ({d})")).unwrap_or_default();
            s.push_str(&format!(
                "  #{:<5}{:<13}{}{on}\n",
                f.id,
                f.category.as_str(),
                f.text
            ));
        }
    }
    for (title, items) in [("Offers", &offers), ("Needs", &needs)] {
        if !items.is_empty() {
            s.push_str(&format!("\n{}\n", st.bold(title)));
            for i in items.iter() {
                s.push_str(&format!("  #{:<5}{}\n", i.id, i.text));
            }
        }
    }
    out(&s)
}
