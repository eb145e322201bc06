//! add, edit, rm, list, find.

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use serde_json::json;
use warmline_core::date::{Towards, parse_date};
use warmline_core::followup::{AFTER_EVENT_TEXT, Origin, after_event_due};
use warmline_core::name_parts::NameParts;
use warmline_core::person::{Birthday, Met, Tier, validate_cadence};
use warmline_store::{ListFilter, NewPerson, PersonPatch, PersonSummary, SortBy};

use crate::cli::{
    AddArgs, EditArgs, FindArgs, ListArgs, PersonOpts, RmArgs, SortArg, TierArg, joined,
};
use crate::commands::{confirm, report};
use crate::context::Ctx;
use crate::render::{clip, grouped, opt_date, out, table};

fn tier(t: TierArg) -> Tier {
    match t {
        TierArg::Inner => Tier::Inner,
        TierArg::Close => Tier::Close,
        TierArg::Regular => Tier::Regular,
        TierArg::Loose => Tier::Loose,
    }
}

/// The parts of the person options that need parsing, parsed once.
struct Parsed {
    met: Met,
    cadence: Option<u32>,
    birthday: Option<Birthday>,
}

fn parse_opts(ctx: &Ctx, o: &PersonOpts) -> Result<Parsed> {
    let mut met = Met {
        context: o.met.clone(),
        on: None,
        event_id: None,
    };
    if let Some(ev) = &o.event {
        let id = ctx.store.resolve_event(ev)?;
        let event = ctx.store.event(id)?;
        met.event_id = Some(id);
        met.on = event.on;
        if met.context.is_none() {
            met.context = Some(event.name);
        }
    }
    if let Some(on) = &o.met_on {
        met.on = Some(parse_date(on, ctx.today, Towards::Past).context("--met-on")?);
    }
    // Saying where you met without a date means you met today.
    if met.on.is_none() && met.context.is_some() {
        met.on = Some(ctx.today);
    }
    let cadence = o
        .every
        .map(validate_cadence)
        .transpose()
        .context("--every")?;
    let birthday = match &o.birthday {
        Some(b) => Some(Birthday::parse(b).with_context(|| {
            format!("--birthday '{b}' is not a date: use YYYY-MM-DD or --MM-DD")
        })?),
        None => None,
    };
    Ok(Parsed {
        met,
        cadence,
        birthday,
    })
}

pub fn add(ctx: &Ctx, args: AddArgs) -> Result<()> {
    let o = &args.opts;
    let parsed = parse_opts(ctx, o)?;
    let settings = ctx.store.settings()?;
    let explicit_tier = o.tier.map(tier);
    let new = NewPerson {
        name: args.name.clone(),
        emails: o.emails.clone(),
        phones: o.phones.clone(),
        org: o.org.clone(),
        title: o.title.clone(),
        location: o.location.clone(),
        linkedin: o.linkedin.clone(),
        website: o.website.clone(),
        birthday: parsed.birthday,
        met: parsed.met.clone(),
        source: "manual".into(),
        tags: o.tags.clone(),
        // Someone added by hand is someone to keep in touch with: give them the default
        // tier unless a tier or an explicit cadence says otherwise.
        tier: explicit_tier.or(if parsed.cadence.is_none() {
            settings.default_tier
        } else {
            None
        }),
        cadence_days: parsed.cadence,
        notes: o.note.clone().unwrap_or_default(),
        connected_on: None,
    };
    if !args.anyway
        && let Some(d) = ctx.store.likely_duplicate(&new)?
    {
        let org = d.org.map(|o| format!(" ({o})")).unwrap_or_default();
        anyhow::bail!(
            "looks like {} #{}{org}, {}: nothing added; use --anyway to add a second person, \
             or warmline edit {} to add to them",
            d.name,
            d.id,
            d.reason,
            d.id
        );
    }
    let mut parts = NameParts::default();
    for (part, value) in o.name_parts() {
        parts.set(part, &value);
    }
    parts.validate()?;
    let (id, follow_up) = ctx.store.atomic(|s| {
        let id = s.add_person(&new, ctx.today)?;
        if !parts.is_empty() {
            s.set_name_parts(id, &parts)?;
        }
        // The after-event rule: someone new you just met gets a follow-up while the
        // meeting is fresh; logging any later interaction with them completes it.
        let follow_up = match after_event_due(&parsed.met, settings.after_event_days, ctx.today) {
            Some(due) => Some((
                s.add_follow_up(id, AFTER_EVENT_TEXT, due, Origin::AfterEvent, ctx.today)?,
                due,
            )),
            None => None,
        };
        Ok((id, follow_up))
    })?;
    let p = ctx.store.person(id)?;
    let mut text = format!("added {} (#{id})", p.name);
    if let Some((fid, due)) = follow_up {
        text.push_str(&format!(
            "\nfollow-up #{fid}: send a note{}",
            due_words(&parsed.met, due, ctx.today)
        ));
    }
    report(
        ctx,
        &text,
        &json!({"id": id, "name": p.name, "follow_up": follow_up.map(|(id, due)| json!({"id": id, "due": due}))}),
    )
}

/// When the after-event follow-up is due, saying so when the meeting is far enough back
/// that it could not wait for the usual days.
fn due_words(met: &Met, due: NaiveDate, today: NaiveDate) -> String {
    match met.on {
        Some(on) if due == today && on < today => {
            let ago = (today - on).num_days();
            let ago = if ago == 1 {
                "yesterday".to_string()
            } else {
                format!("{ago} days ago")
            };
            format!(", due today (the meeting was {ago})")
        }
        _ if due == today => ", due today".to_string(),
        _ => format!(" by {due}"),
    }
}

pub fn edit(ctx: &Ctx, args: EditArgs) -> Result<()> {
    let id = ctx.person(&joined(&args.person))?;
    let o = &args.opts;
    let parsed = parse_opts(ctx, o)?;
    let patch = PersonPatch {
        name: args.name.clone(),
        add_emails: o.emails.clone(),
        remove_emails: args.remove_emails.clone(),
        remove_phones: args.remove_phones.clone(),
        add_phones: o.phones.clone(),
        org: o.org.clone(),
        title: o.title.clone(),
        location: o.location.clone(),
        linkedin: o.linkedin.clone(),
        website: o.website.clone(),
        birthday: parsed.birthday,
        clear_birthday: args.clear_birthday,
        clear_met_on: args.clear_met_on,
        met_context: parsed.met.context.clone(),
        met_on: if o.met.is_some() || o.met_on.is_some() || o.event.is_some() {
            parsed.met.on
        } else {
            None
        },
        met_event_id: parsed.met.event_id,
        add_tags: o.tags.clone(),
        remove_tags: args.remove_tags.clone(),
        tier: o.tier.map(tier),
        cadence_days: parsed.cadence,
        note: o.note.clone(),
        name_parts: o.name_parts(),
    };
    if patch.is_empty() {
        anyhow::bail!(
            "nothing to change: give an option such as --org, --title or --tag (see warmline edit --help)"
        );
    }
    let trash = ctx.store.edit_person(id, &patch, ctx.today)?;
    let p = ctx.store.person(id)?;
    let mut text = format!("updated {} (#{id})", p.name);
    let mut label = None;
    if let Some(t) = trash {
        let r = ctx.store.removal(t)?;
        text.push_str(&format!("\nremoved {} (undo: warmline undo {t})", r.label));
        label = Some(r.label);
    }
    report(
        ctx,
        &text,
        &json!({"id": id, "name": p.name, "removed": label, "undo": trash}),
    )
}

pub fn rm(ctx: &Ctx, args: RmArgs) -> Result<()> {
    let id = ctx.person(&joined(&args.person))?;
    let p = ctx.store.person(id)?;
    let n = ctx.store.interaction_count_for(id)?;
    let question = format!("remove {} (#{id}) and their {n} interaction(s)?", p.name);
    if !confirm(&question, args.yes)? {
        return report(ctx, "nothing removed", &json!({"removed": false}));
    }
    let trash = ctx.store.remove_person(id)?;
    report(
        ctx,
        &format!("removed {} (#{id}) (undo: warmline undo {trash})", p.name),
        &json!({"removed": true, "id": id, "undo": trash}),
    )
}

/// The JSON shape of `list` and `find` rows (SPEC §3).
fn row_json(p: &PersonSummary) -> serde_json::Value {
    json!({
        "id": p.id,
        "name": p.name,
        "org": p.org,
        "title": p.title,
        "tags": p.tags,
        "last_contact": p.last_contact,
        "next_due": p.next_due,
        "warmth": p.warmth,
    })
}

fn people_table(ctx: &Ctx, people: &[PersonSummary]) -> String {
    let rows: Vec<Vec<String>> = people
        .iter()
        .map(|p| {
            let due = match p.next_due {
                Some(d) if d <= ctx.today => ctx.style.red(&d.to_string()),
                other => opt_date(other),
            };
            vec![
                p.id.to_string(),
                clip(&p.name, 28),
                clip(p.org.as_deref().unwrap_or(""), 24),
                ctx.style.warmth(p.warmth),
                opt_date(p.last_contact),
                due,
                clip(&p.tags.join(","), 24),
            ]
        })
        .collect();
    table(
        &ctx.style,
        &["ID", "NAME", "ORG", "WARMTH", "LAST", "DUE", "TAGS"],
        &rows,
    )
}

/// A count of people given on the command line: a whole number, at least `min`.
fn count_arg(option: &str, value: Option<&str>, min: usize) -> Result<Option<usize>> {
    crate::commands::count_arg(option, value, min, "people")
}

pub fn list(ctx: &Ctx, args: ListArgs) -> Result<()> {
    let limit = count_arg("--limit", args.limit.as_deref(), 1)?;
    let offset = count_arg("--offset", args.offset.as_deref(), 0)?.unwrap_or(0);
    let filter = ListFilter {
        tag: args.tag,
        org: args.org,
        due: args.due,
        drifting: args.drifting,
        sort: match args.sort {
            SortArg::Name => SortBy::Name,
            SortArg::Warmth => SortBy::Warmth,
            SortArg::Due => SortBy::Due,
        },
    };
    // Only the page shown is summarised: warmth reads every interaction of a person.
    let page = ctx
        .store
        .list_people_page(&filter, ctx.today, offset, limit)?;
    let (people, total) = (page.people, page.total);
    if ctx.json {
        return ctx.print_json(&people.iter().map(row_json).collect::<Vec<_>>());
    }
    if total == 0 {
        return out("no one matches\n");
    }
    if people.is_empty() {
        return out(&format!(
            "no one past --offset {offset}: {} people in all\n",
            grouped(total)
        ));
    }
    let end = offset + people.len();
    let footer = if people.len() == total {
        format!("{} people", grouped(total))
    } else {
        let shown = if offset == 0 {
            grouped(end)
        } else if people.len() == 1 {
            format!("number {}", grouped(end))
        } else {
            format!("{}–{}", grouped(offset + 1), grouped(end))
        };
        let more = if end < total {
            format!(" (--offset {end} for more)")
        } else {
            String::new()
        };
        format!("{shown} of {} people{more}", grouped(total))
    };
    out(&format!("{}{footer}\n", people_table(ctx, &people)))
}

pub fn find(ctx: &Ctx, args: FindArgs) -> Result<()> {
    let query = args.query.join(" ");
    let (hits, matched) = ctx.store.search_counted(&query, args.limit.max(1))?;
    let ids: Vec<i64> = hits.iter().map(|h| h.id).collect();
    let people = ctx.store.summaries(&ids, ctx.today)?;
    if ctx.json {
        let rows: Vec<serde_json::Value> = people
            .iter()
            .zip(&hits)
            .map(|(p, h)| {
                let mut v = row_json(p);
                v["match"] = json!(h.snippet);
                v
            })
            .collect();
        return ctx.print_json(&rows);
    }
    if people.is_empty() {
        return out(&format!("nothing found for '{query}'\n"));
    }
    let rows: Vec<Vec<String>> = people
        .iter()
        .zip(&hits)
        .map(|(p, h)| {
            vec![
                p.id.to_string(),
                clip(&p.name, 28),
                clip(p.org.as_deref().unwrap_or(""), 24),
                ctx.style.warmth(p.warmth),
                clip(&h.snippet, 60),
            ]
        })
        .collect();
    let footer = if matched > people.len() {
        format!(
            "{} of {} matches; add a word to narrow the search\n",
            people.len(),
            grouped(matched)
        )
    } else {
        String::new()
    };
    out(&format!(
        "{}{footer}",
        table(&ctx.style, &["ID", "NAME", "ORG", "WARMTH", "MATCH"], &rows,)
    ))
}
