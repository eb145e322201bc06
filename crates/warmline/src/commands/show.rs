//! `show`: the person card, and its JSON (SPEC §3 keys).

use anyhow::Result;
use serde_json::json;
use warmline_store::{GiveBalance, NeedOrOffer};

use crate::cli::joined;
use crate::context::Ctx;
use crate::render::{clip, opt_date, out, relative};

/// How many interactions the card lists.
const RECENT: usize = 10;

pub fn show(ctx: &Ctx, words: &[String]) -> Result<()> {
    let id = ctx.person(&joined(words))?;
    let store = &ctx.store;
    let p = store.person(id)?;
    let summary = store.summary(id, ctx.today)?;
    let facts = store.facts(Some(id))?;
    let interactions = store.interactions_for(id, RECENT)?;
    // Everything booked: a calendar import keeps 90 days, `log --on` whatever is typed.
    let upcoming = store.upcoming(
        ctx.today,
        ctx.today + chrono::Duration::days(3660),
        Some(id),
    )?;
    let follow_ups = store.follow_ups_for(id)?;
    let needs = store.needs_offers_history(Some(id), NeedOrOffer::Need)?;
    let offers = store.needs_offers_history(Some(id), NeedOrOffer::Offer)?;
    let history = store.work_history(id)?;
    let gives = store.gives_for(id)?;
    let balance = store.give_balance(id)?;
    let links = store.links_of(id)?;
    let goals = store.goals_of(id)?;
    let jobs = store.jobs_of(id)?;
    let event = match p.met.event_id {
        Some(ev) => store.event(ev).ok(),
        None => None,
    };

    if ctx.json {
        return ctx.print_json(&json!({
            "id": p.id,
            "name": p.name,
            "name_parts": p.name_parts,
            "emails": p.emails,
            "phones": p.phones,
            "org": p.org,
            "title": p.title,
            "location": p.location,
            "linkedin": p.linkedin,
            "website": p.website,
            "birthday": p.birthday.map(|b| b.to_string()),
            "tags": p.tags,
            "tier": p.tier,
            "facts": facts.iter().map(|f| json!({"id": f.id, "category": f.category, "text": f.text, "on": f.on})).collect::<Vec<_>>(),
            "met": {"context": p.met.context, "on": p.met.on, "event": event.as_ref().map(|e| json!({"id": e.id, "name": e.name}))},
            "cadence_days": summary.cadence_days,
            "last_contact": summary.last_contact,
            "next_due": summary.next_due,
            "warmth": summary.warmth,
            "drifting": summary.drifting,
            "upcoming": upcoming,
            "interactions": interactions.iter().map(|i| json!({"id": i.id, "on": i.on, "kind": i.kind, "direction": i.direction, "summary": i.summary})).collect::<Vec<_>>(),
            "follow_ups": follow_ups.iter().map(|f| json!({"id": f.id, "due": f.due, "text": f.text, "status": f.status, "origin": f.origin})).collect::<Vec<_>>(),
            "needs": needs.iter().map(|n| json!({"id": n.id, "text": n.text, "status": n.status})).collect::<Vec<_>>(),
            "offers": offers.iter().map(|n| json!({"id": n.id, "text": n.text, "status": n.status})).collect::<Vec<_>>(),
            "work_history": history,
            "gives": gives.iter().map(|g| json!({"id": g.id, "on": g.on, "text": g.text})).collect::<Vec<_>>(),
            "balance": balance,
            "links": links,
            "goals": goals,
            "jobs": jobs.iter().map(|(j, role)| json!({"id": j.id, "org": j.org, "role": j.role, "stage": j.stage, "as": role})).collect::<Vec<_>>(),
            "notes": p.notes,
            "source": p.source,
            "created_on": p.created_on,
            "updated_on": p.updated_on,
        }));
    }

    let st = &ctx.style;
    let mut s = String::new();
    s.push_str(&format!(
        "{}  {}   {}\n",
        st.bold(&p.name),
        st.dim(&format!("#{}", p.id)),
        st.warmth(summary.warmth)
    ));
    match (&p.title, &p.org) {
        (Some(t), Some(o)) => s.push_str(&format!("{t} at {o}\n")),
        (Some(t), None) => s.push_str(&format!("{t}\n")),
        (None, Some(o)) => s.push_str(&format!("{o}\n")),
        (None, None) => {}
    }
    let mut contact = Vec::new();
    contact.extend(p.emails.iter().cloned());
    contact.extend(p.phones.iter().cloned());
    contact.extend(p.linkedin.iter().cloned());
    contact.extend(p.website.iter().cloned());
    if !contact.is_empty() {
        s.push_str(&format!("{}\n", contact.join("  ·  ")));
    }
    let mut line =
        |label: &str, value: String| s.push_str(&format!("{:<15}{value}\n", st.dim(label)));
    if !p.name_parts.is_empty() && p.name_parts.spelled() != p.name {
        line("Name parts", name_parts_text(&p.name_parts));
    }
    if let Some(loc) = &p.location {
        line("Location", loc.clone());
    }
    if p.met.context.is_some() || p.met.on.is_some() {
        let mut met = p.met.context.clone().unwrap_or_default();
        if let Some(on) = p.met.on {
            let on = warmline_core::date::spoken(on, ctx.today);
            met = if met.is_empty() {
                on
            } else {
                format!("{met}, {on}")
            };
        }
        line("Met", met);
    }
    if let Some(b) = p.birthday {
        line("Birthday", b.spoken());
    }
    if !p.tags.is_empty() {
        line("Tags", p.tags.join(", "));
    }
    match (summary.cadence_days, p.tier) {
        (Some(c), Some(t)) if p.cadence_days.is_none() => {
            line("Keep in touch", format!("every {c} days ({})", t.as_str()))
        }
        (Some(c), _) => line("Keep in touch", format!("every {c} days")),
        (None, _) => line("Keep in touch", "no cadence set".into()),
    }
    let last = match summary.last_contact {
        Some(d) => format!("{d} ({})", relative(d, ctx.today)),
        None => "never".into(),
    };
    line("Last contact", last);
    if let Some(due) = summary.next_due {
        let rel = relative(due, ctx.today);
        let text = if due <= ctx.today {
            st.red(&format!("{due} ({rel})"))
        } else {
            format!("{due} ({rel})")
        };
        line("Next due", text);
    }
    if balance != GiveBalance::default() {
        let lean = match balance.net() {
            n if n > 0 => "you have given more",
            0 => "even",
            _ => "you have asked more: look for a way to help",
        };
        line(
            "Give and ask",
            format!("given {}, asked {} ({lean})", balance.given, balance.asked),
        );
    }
    for g in &goals {
        line("Goal", format!("{}: {}", g.title, g.stage.label()));
    }
    for (j, role) in &jobs {
        line(
            "Job",
            format!(
                "{} at {} ({}), as {}",
                j.role,
                j.org,
                j.stage.as_str(),
                role.label()
            ),
        );
    }
    if summary.drifting {
        line(
            "Drifting",
            "warm within the year, cooling now: worth a note".into(),
        );
    }

    let section = |s: &mut String, title: &str| s.push_str(&format!("\n{}\n", st.bold(title)));
    if !facts.is_empty() {
        section(&mut s, "Facts");
        for f in &facts {
            let on = f.on.map(|d| format!(" ({d})")).unwrap_or_default();
            s.push_str(&format!(
                "  {}{:<13}{}{}\n",
                st.dim(&format!("#{:<5}", f.id)),
                f.category.as_str(),
                f.text,
                st.dim(&on)
            ));
        }
    }
    if !needs.is_empty() || !offers.is_empty() {
        section(&mut s, "Needs and offers");
        for (verb, items) in [("needs", &needs), ("offers", &offers)] {
            for n in items {
                let done = if n.status == "open" {
                    String::new()
                } else {
                    st.dim(&format!("  ({})", n.status))
                };
                s.push_str(&format!(
                    "  {}{verb:<8}{}{done}\n",
                    st.dim(&format!("#{:<5}", n.id)),
                    n.text
                ));
            }
        }
    }
    if !gives.is_empty() {
        section(&mut s, "Given");
        for g in gives.iter().take(RECENT) {
            s.push_str(&format!("  {}  {}\n", g.on, clip(&g.text, 70)));
        }
    }
    if !links.is_empty() {
        section(&mut s, "Knows");
        let rows: Vec<Vec<String>> = links
            .iter()
            .map(|l| {
                let how = l
                    .how
                    .as_deref()
                    .map(|h| format!(": {h}"))
                    .unwrap_or_default();
                vec![
                    l.person.name.clone(),
                    st.dim(&format!("strength {}{how}", l.strength)),
                ]
            })
            .collect();
        // A table without its header row: the section title says what it is.
        for line in crate::render::table(st, &["", ""], &rows).lines().skip(1) {
            s.push_str(&format!("  {line}\n"));
        }
    }
    if !upcoming.is_empty() {
        section(&mut s, "Coming up");
        for u in &upcoming {
            s.push_str(&format!(
                "  {}{}  {:<8} {}\n",
                st.dim(&format!("#{:<5}", u.interaction_id.unwrap_or_default())),
                u.date,
                u.kind,
                u.summary
            ));
        }
    }
    let pending: Vec<_> = follow_ups
        .iter()
        .filter(|f| f.status.is_pending())
        .collect();
    if !pending.is_empty() {
        section(&mut s, "Follow-ups");
        for f in pending {
            let due = if f.due <= ctx.today {
                st.red(&f.due.to_string())
            } else {
                f.due.to_string()
            };
            s.push_str(&format!("  #{:<5}{due}  {}\n", f.id, f.text));
        }
    }
    if history.len() > 1 {
        section(&mut s, "Work history");
        for j in &history {
            let when = match (j.from, j.until) {
                (_, Some(u)) => format!("until {u}"),
                (Some(f), None) => format!("since {f}"),
                (None, None) => String::new(),
            };
            let title = j
                .title
                .as_deref()
                .map(|t| format!("{t}, "))
                .unwrap_or_default();
            s.push_str(&format!("  {title}{}  {}\n", j.org, st.dim(&when)));
        }
    }
    section(&mut s, "Recent");
    if interactions.is_empty() {
        s.push_str("  nothing logged yet\n");
    }
    for i in &interactions {
        s.push_str(&format!(
            "  {}{}  {:<8} {}\n",
            st.dim(&format!("#{:<5}", i.id)),
            opt_date(Some(i.on)),
            i.kind.as_str(),
            clip(&i.summary, 70)
        ));
    }
    if !p.notes.is_empty() {
        section(&mut s, "Notes");
        for l in p.notes.lines() {
            s.push_str(&format!("  {l}\n"));
        }
    }
    out(&s)
}

/// "family Angstadt, given Michael, prefix Mr., suffix Jr.": each part the card has, named.
fn name_parts_text(parts: &warmline_core::name_parts::NameParts) -> String {
    warmline_core::name_parts::Part::ALL
        .iter()
        .filter_map(|&part| parts.get(part).map(|v| format!("{} {v}", part.as_str())))
        .collect::<Vec<_>>()
        .join(", ")
}
