//! `app-password add|list|rm`: passwords for devices that sync with `warmline serve` over
//! CardDAV and CalDAV. The password is printed once; the database keeps its hash.

use anyhow::Result;
use serde_json::json;
use warmline_core::date::utc_minute;

use crate::cli::AppPasswordCommand;
use crate::context::Ctx;
use crate::render::out;

/// Seconds since the Unix epoch, now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Makes a device password named `name` in `store` and returns it, as shown once.
pub fn make(store: &warmline_store::Store, name: &str) -> Result<String> {
    let name = warmline_store::app_password_name(name)?;
    let (secret, hash) = warmline_accounts::device::new()?;
    store.add_app_password(&name, &hash, now())?;
    Ok(secret)
}

pub fn run(ctx: &Ctx, cmd: &AppPasswordCommand) -> Result<()> {
    match cmd {
        AppPasswordCommand::Add { name } => {
            let secret = make(&ctx.store, name)?;
            let name = warmline_store::app_password_name(name)?;
            if ctx.json {
                return ctx.print_json(&json!({"name": name, "password": secret}));
            }
            out(&format!(
                "device password for \"{name}\" (shown once; it is stored hashed):\n{secret}\n\
                 sign in at /dav/ of `warmline serve` (http://127.0.0.1:7878/dav/) with any user name and this password\n"
            ))
        }
        AppPasswordCommand::List => {
            let list = ctx.store.app_passwords()?;
            if ctx.json {
                let rows: Vec<_> = list
                    .iter()
                    .map(|p| {
                        json!({
                            "name": p.name,
                            "created_at": p.created_at,
                            "last_used": p.last_used,
                        })
                    })
                    .collect();
                return ctx.print_json(&json!({"app_passwords": rows}));
            }
            if list.is_empty() {
                return out("no device passwords: warmline app-password add NAME makes one\n");
            }
            let mut text = String::new();
            for p in &list {
                let used = p.last_used.map_or_else(
                    || "never used".to_string(),
                    |t| format!("last used {}", utc_minute(t)),
                );
                text.push_str(&format!(
                    "{}  made {}, {used}\n",
                    warmline_core::text::terminal_safe(&p.name),
                    utc_minute(p.created_at)
                ));
            }
            out(&text)
        }
        AppPasswordCommand::Rm { name } => {
            ctx.store.remove_app_password(name)?;
            if ctx.json {
                return ctx.print_json(&json!({"name": name.trim(), "removed": true}));
            }
            out(&format!(
                "revoked the device password \"{}\": that device can no longer sync\n",
                warmline_core::text::terminal_safe(name.trim())
            ))
        }
    }
}
