//! `digest`: today's digest, printed or sent by e-mail.

use anyhow::{Result, anyhow};
use serde_json::json;
use warmline_digest::{Retry, Smtp};

use crate::cli::DigestArgs;
use crate::context::Ctx;
use crate::render::out;

pub fn digest(ctx: &Ctx, args: &DigestArgs) -> Result<()> {
    // Check what was typed before reading anything.
    let send = match (&args.to, &args.smtp) {
        (Some(to), Some(smtp)) => {
            let smtp = Smtp::parse(smtp)?;
            let from = args.from.clone().unwrap_or_else(|| to.clone());
            warmline_digest::check_address("the recipient", to)?;
            warmline_digest::check_address("the sender", &from)?;
            Some((to.as_str(), smtp, from))
        }
        _ => None,
    };
    let base = args.url.trim_end_matches('/');
    let digest = ctx.store.digest(ctx.today)?;
    let Some((to, smtp, from)) = send else {
        if ctx.json {
            return ctx.print_json(&json!({
                "subject": digest.subject(),
                "date": digest.date,
                "items": digest.items,
                "meetings": digest.meetings,
                "more": digest.more,
                "url": base,
            }));
        }
        return out(&warmline_digest::text(&digest, base));
    };
    let message = warmline_digest::message(&digest, &from, to, base)?;
    let attempts = warmline_digest::send(&smtp, &message, &Retry::default(), now, |a| {
        // Every refusal is said, the ones retried too.
        if let Some(e) = &a.error {
            let next = if a.will_retry { "; trying again" } else { "" };
            eprintln!(
                "warmline: attempt {} failed at {}: {e}{next}",
                a.number,
                warmline_core::date::utc_minute(a.at)
            );
        }
    })
    .map_err(|e| anyhow!(e))?;
    if ctx.json {
        return ctx.print_json(&json!({
            "subject": digest.subject(),
            "date": digest.date,
            "sent_to": to,
            "attempts": attempts,
            "items": digest.items.len(),
            "meetings": digest.meetings.len(),
        }));
    }
    out(&format!(
        "sent “{}” to {to} through {}{}\n",
        digest.subject(),
        smtp.shown(),
        if attempts > 1 {
            format!(" (after {attempts} attempts)")
        } else {
            String::new()
        }
    ))
}

fn now() -> i64 {
    warmline_web::server::Clock::System.now()
}
