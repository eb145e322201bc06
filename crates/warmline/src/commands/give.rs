//! Give first: `need`, `offer`, `me need`, `me offer`, `gave` and `matches`.

use anyhow::{Context as _, Result};
use serde_json::json;
use warmline_core::date::{Towards, parse_date};
use warmline_core::interaction::Kind;
use warmline_core::matching::{ME, Match, MatchOptions, Need};
use warmline_core::person::PersonId;
use warmline_store::NeedOrOffer;

use crate::cli::{GaveArgs, MatchesArgs, NeedOfferArgs};
use crate::commands::report;
use crate::context::Ctx;
use crate::render::out;

/// `need PERSON TEXT` and `offer PERSON TEXT`.
pub fn need_offer(ctx: &Ctx, args: NeedOfferArgs, kind: NeedOrOffer) -> Result<()> {
    let (Some(person), Some(text)) = (&args.person, &args.text) else {
        return match args.fix {
            Some(fix) => crate::commands::corrections::need_offer_fix(ctx, fix, kind),
            None => anyhow::bail!("say who, and what, in a few words"),
        };
    };
    crate::commands::no_extra_words(
        &args.extra,
        "warmline need \"dana lee\" \"a photographer for the launch\"",
    )?;
    let id = ctx.person(person)?;
    record(ctx, Some(id), kind, text)
}

/// Records a need or offer (mine when `person` is `None`) and says who it could meet.
pub fn record(ctx: &Ctx, person: Option<PersonId>, kind: NeedOrOffer, text: &str) -> Result<()> {
    let id = ctx.store.add_need_offer(person, kind, text, ctx.today)?;
    let text = text.trim();
    let (who, verb) = match person {
        Some(p) => (
            ctx.store.person(p)?.name,
            if kind == NeedOrOffer::Need {
                "needs"
            } else {
                "offers"
            },
        ),
        None => (
            "You".to_string(),
            if kind == NeedOrOffer::Need {
                "need"
            } else {
                "offer"
            },
        ),
    };
    let me_or = person.unwrap_or(ME);
    // The introductions this new text makes possible, best first.
    let opts = MatchOptions::default();
    let mut related: Vec<Match> = match kind {
        NeedOrOffer::Need => {
            let need = Need {
                person_id: me_or,
                person: if person.is_some() {
                    who.clone()
                } else {
                    "you".into()
                },
                text: text.to_string(),
            };
            ctx.store.matches_for_need(&need, &opts)?
        }
        NeedOrOffer::Offer => ctx.store.matches_for_offer(me_or, text, &opts)?,
    };
    related.truncate(3);
    let mut s = format!("noted: {who} {verb} '{text}'");
    for m in &related {
        s.push_str(&format!("\n  {}: {}", headline(m), m.reason));
    }
    report(
        ctx,
        &s,
        &json!({
            "id": id,
            "person": person.map(|p| json!({"id": p, "name": who})),
            "kind": kind,
            "text": text,
            "matches": related,
        }),
    )
}

/// What to do about a match, in a few words.
fn headline(m: &Match) -> String {
    if m.need.person_id == ME {
        format!("ask {} for help", m.candidate.name)
    } else if m.candidate.id == ME {
        format!("you could help {} yourself", m.need.person)
    } else {
        format!("introduce {} to {}", m.need.person, m.candidate.name)
    }
}

pub fn gave(ctx: &Ctx, args: GaveArgs) -> Result<()> {
    let kind = Kind::parse(&args.kind).context("--kind")?;
    let on = match &args.on {
        Some(d) => parse_date(d, ctx.today, Towards::Past).context("--on")?,
        None => ctx.today,
    };
    let person = ctx.person(&args.person)?;
    let (id, interaction) = ctx
        .store
        .add_give(person, &args.text, kind, on, ctx.today)?;
    let name = ctx.store.person(person)?.name;
    let balance = ctx.store.give_balance(person)?;
    let text = format!(
        "gave {name}: {} ({on}, logged as {})\ngive and ask with {name}: given {}, asked {}",
        args.text.trim(),
        kind.as_str(),
        balance.given,
        balance.asked
    );
    report(
        ctx,
        &text,
        &json!({
            "id": id,
            "interaction": interaction,
            "person": {"id": person, "name": name},
            "text": args.text.trim(),
            "on": on,
            "balance": balance,
        }),
    )
}

pub fn matches(ctx: &Ctx, args: MatchesArgs) -> Result<()> {
    let (found, total) = ctx
        .store
        .matches_first(&MatchOptions::default(), args.limit)?;
    if ctx.json {
        return ctx.print_json(&found);
    }
    if found.is_empty() {
        return out(
            "No introductions to propose yet. Record what people need and offer:\n  warmline need PERSON TEXT    warmline offer PERSON TEXT    warmline me offer TEXT\n",
        );
    }
    let st = &ctx.style;
    let mut s = String::new();
    for (i, m) in found.iter().enumerate() {
        let mut head = headline(m);
        if let Some(first) = head.get(..1) {
            head = first.to_uppercase() + &head[1..];
        }
        s.push_str(&format!(
            "{:>2}. {}   {}\n    {}\n",
            i + 1,
            st.bold(&head),
            st.dim(&format!("score {:.2}", m.score)),
            m.reason
        ));
    }
    if total > found.len() {
        s.push_str(&format!(
            "\n{} of {total} shown (--limit for more)\n",
            found.len()
        ));
    }
    out(&s)
}
