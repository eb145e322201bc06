//! What every command needs: the open store, today's date, and how to print.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use chrono::NaiveDate;
use warmline_store::Store;

use crate::render::Style;

pub struct Ctx {
    pub store: Store,
    pub today: NaiveDate,
    pub json: bool,
    pub style: Style,
}

/// Today: `WARMLINE_TODAY` when set (tests, demos, planning ahead), else the local date.
pub fn today() -> Result<NaiveDate> {
    match std::env::var("WARMLINE_TODAY") {
        Ok(s) if !s.trim().is_empty() => warmline_core::date::parse_iso(s.trim())
            .with_context(|| format!("WARMLINE_TODAY='{s}' is not a date: use YYYY-MM-DD")),
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

/// `$XDG_DATA_HOME/warmline/<file>`, falling back to `~/.local/share/warmline/<file>`.
pub fn data_file(file: &str) -> Result<PathBuf> {
    let base = match std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => match std::env::var_os("HOME").filter(|v| !v.is_empty()) {
            Some(home) => PathBuf::from(home).join(".local").join("share"),
            None => bail!("cannot tell where to keep the database: set --db, WARMLINE_DB or HOME"),
        },
    };
    let dir = base.join("warmline");
    // warmline's own folder holds the database and its backups: this user's only, even
    // when an earlier version made it under a looser umask.
    if dir.is_dir() {
        warmline_store::private::restrict(&dir, warmline_store::private::DIR_MODE)
            .with_context(|| format!("cannot make {} private", dir.display()))?;
    }
    Ok(dir.join(file))
}

impl Ctx {
    pub fn open(db: Option<&Path>, json: bool) -> Result<Ctx> {
        let today = today()?;
        let path = match db {
            Some(p) => p.to_path_buf(),
            None => data_file("warmline.db")?,
        };
        let store = Store::open_noting_upgrade(&path, |u| {
            // Said before the work, so a pause on a large file is not taken for a hang.
            eprintln!(
                "warmline: upgrading {} from version {} to {}; the file as it was is kept as {}",
                path.display(),
                u.from,
                u.to,
                u.copy.display()
            );
        })?;
        // Meetings whose day has come count from now on.
        store.settle_scheduled(today)?;
        Ok(Ctx::with_store(store, today, json))
    }

    pub fn with_store(store: Store, today: NaiveDate, json: bool) -> Ctx {
        let colour = !json
            && std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Ctx {
            store,
            today,
            json,
            style: Style { colour },
        }
    }

    /// Resolves a person by id, email or name.
    pub fn person(&self, query: &str) -> Result<i64> {
        Ok(self.store.resolve_person(query)?)
    }

    /// Prints a value as pretty JSON on stdout.
    pub fn print_json<T: serde::Serialize>(&self, value: &T) -> Result<()> {
        let text = serde_json::to_string_pretty(value)?;
        crate::render::out(&format!("{text}\n"))
    }
}
