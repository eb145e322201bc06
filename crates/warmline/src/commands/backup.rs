//! `backup [FILE]` and `restore FILE`.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use serde_json::json;
use warmline_store::Store;

use crate::cli::RestoreArgs;
use crate::commands::{confirm, report};
use crate::context::{Ctx, data_file};

/// A path beside `path` with `suffix` added that does not exist yet.
fn free_path(path: &Path, suffix: &str) -> PathBuf {
    let mut n = 1;
    loop {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        if n > 1 {
            name.push(format!("-{n}"));
        }
        let candidate = PathBuf::from(name);
        if !candidate.exists() {
            return candidate;
        }
        n += 1;
    }
}

/// Copies the database with SQLite's online backup (consistent even while the server or
/// another command writes) to a temporary file beside `dest`, then renames it into place.
pub fn backup(ctx: &Ctx, file: Option<&Path>) -> Result<()> {
    let dest = match file {
        Some(f) => f.to_path_buf(),
        None => data_file(&format!("backups/warmline-{}.db", ctx.today))?,
    };
    if dest.is_dir() {
        bail!("{}: is a directory; give a file name", dest.display());
    }
    if let Some(live) = ctx.store.path()
        && dest
            .canonicalize()
            .ok()
            .is_some_and(|d| live.canonicalize().ok() == Some(d))
    {
        bail!("{}: that is the database itself", dest.display());
    }
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        warmline_store::private::create_dir(dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let tmp = free_path(&dest, ".partial");
    if let Err(e) = ctx.store.backup_to(&tmp) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.into());
    }
    std::fs::rename(&tmp, &dest).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        anyhow!("cannot write {}: {e}", dest.display())
    })?;
    let people = ctx.store.count_people()?;
    report(
        ctx,
        &format!("backed up {people} people to {}", dest.display()),
        &json!({"file": dest, "people": people}),
    )
}

/// Checks the backup, asks, keeps the current database beside itself, then restores.
pub fn restore(db: Option<&Path>, args: &RestoreArgs, json: bool) -> Result<()> {
    let file = args.file.as_path();
    if !file.exists() {
        bail!("{}: no such file or directory", file.display());
    }
    if file.is_dir() {
        bail!("{}: is a directory; give the backup file", file.display());
    }
    let info = Store::check_backup(file)?;
    let mut ctx = Ctx::open(db, json)?;
    let live = ctx
        .store
        .path()
        .map(Path::to_path_buf)
        .ok_or_else(|| anyhow!("the database has no file to restore into"))?;
    if file.canonicalize().ok() == live.canonicalize().ok() {
        bail!("{}: that is the database itself", file.display());
    }
    let current = ctx.store.count_people()?;
    let question = format!(
        "Replace {} ({current} people) with {} ({} people)? The current database is kept beside it.",
        live.display(),
        file.display(),
        info.people
    );
    if !confirm(&question, args.yes)? {
        return crate::render::out("Nothing restored.\n");
    }
    let kept = free_path(&live, &format!(".before-restore-{}", ctx.today));
    ctx.store.backup_to(&kept)?;
    ctx.store.restore_from(file)?;
    let people = ctx.store.count_people()?;
    report(
        &ctx,
        &format!(
            "restored {people} people from {}\nthe database as it was is kept in {}",
            file.display(),
            kept.display()
        ),
        &json!({"file": file, "people": people, "previous": kept}),
    )
}
