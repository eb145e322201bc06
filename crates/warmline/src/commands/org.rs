//! `org add|edit|show|list`.

use anyhow::Result;
use serde_json::json;
use warmline_store::OrgFields;

use crate::cli::{OrgCommand, OrgOpts};
use crate::commands::report;
use crate::context::Ctx;
use crate::render::{clip, out, table};

fn fields(o: OrgOpts) -> OrgFields {
    OrgFields {
        industry: o.industry,
        size: o.size,
        location: o.location,
        website: o.website,
    }
}

pub fn run(ctx: &Ctx, cmd: OrgCommand) -> Result<()> {
    match cmd {
        OrgCommand::Add { name, opts } => {
            let id = ctx.store.save_org(&name, &fields(opts), ctx.today)?;
            let org = ctx.store.org(id)?;
            report(ctx, &format!("organisation {} (#{id})", org.name), &org)
        }
        OrgCommand::Edit {
            org,
            new_name,
            opts,
        } => {
            let id = ctx.store.resolve_org(&org)?;
            let before = ctx.store.org(id)?;
            let org = match &new_name {
                Some(name) => ctx.store.rename_org(id, name, ctx.today)?,
                None => before.clone(),
            };
            ctx.store.save_org(&org.name, &fields(opts), ctx.today)?;
            let org = ctx.store.org(id)?;
            let text = if org.name == before.name {
                format!("updated {} (#{id})", org.name)
            } else {
                format!("renamed {} to {} (#{id})", before.name, org.name)
            };
            report(ctx, &text, &org)
        }
        OrgCommand::Rm { org } => crate::commands::corrections::org_rm(ctx, &org),
        OrgCommand::Show { name } => {
            let id = ctx.store.resolve_org(&name)?;
            let org = ctx.store.org(id)?;
            let people = ctx.store.people_at_org(id)?;
            if ctx.json {
                return ctx.print_json(&json!({
                    "id": org.id, "name": org.name, "industry": org.industry, "size": org.size,
                    "location": org.location, "website": org.website,
                    "people": people.iter().map(|(id, name, title)| json!({"id": id, "name": name, "title": title})).collect::<Vec<_>>(),
                }));
            }
            let mut s = format!(
                "{}  {}\n",
                ctx.style.bold(&org.name),
                ctx.style.dim(&format!("#{}", org.id))
            );
            let details: Vec<String> = [&org.industry, &org.size, &org.location, &org.website]
                .into_iter()
                .flatten()
                .cloned()
                .collect();
            if !details.is_empty() {
                s.push_str(&format!("{}\n", details.join(" · ")));
            }
            if people.is_empty() {
                s.push_str("\nNo one you know works here yet.\n");
            } else {
                s.push_str(&format!("\n{}\n", ctx.style.bold("People")));
                for (id, name, title) in &people {
                    let title = title
                        .as_deref()
                        .map(|t| format!(", {t}"))
                        .unwrap_or_default();
                    s.push_str(&format!("  #{id:<5} {name}{title}\n"));
                }
            }
            out(&s)
        }
        OrgCommand::List => {
            let orgs = ctx.store.orgs()?;
            if ctx.json {
                let rows: Vec<_> = orgs
                    .iter()
                    .map(|(o, n)| json!({"id": o.id, "name": o.name, "industry": o.industry, "size": o.size, "location": o.location, "website": o.website, "people": n}))
                    .collect();
                return ctx.print_json(&rows);
            }
            if orgs.is_empty() {
                return out("no organisations yet\n");
            }
            let rows: Vec<Vec<String>> = orgs
                .iter()
                .map(|(o, n)| {
                    vec![
                        o.id.to_string(),
                        clip(&o.name, 32),
                        clip(o.industry.as_deref().unwrap_or(""), 24),
                        o.size.clone().unwrap_or_default(),
                        clip(o.location.as_deref().unwrap_or(""), 20),
                        n.to_string(),
                    ]
                })
                .collect();
            out(&table(
                &ctx.style,
                &["ID", "NAME", "INDUSTRY", "SIZE", "LOCATION", "PEOPLE"],
                &rows,
            ))
        }
    }
}
