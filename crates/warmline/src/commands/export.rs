//! `export vcard|csv|json|ics [-o FILE]`: everything out, to stdout or to a file that is
//! replaced whole (written beside it, then renamed), never left half-written.

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result, anyhow};
use chrono::{NaiveTime, TimeZone, Utc};
use warmline_formats::ics_out::{CalendarStyle, DueItem, write_calendar};
use warmline_formats::{ContactRecord, csv_out, vcard_out};

use crate::cli::{ExportArgs, ExportFormat};
use crate::context::Ctx;

/// Everyone as export records, each card with its stable UID.
fn contacts(ctx: &Ctx) -> Result<Vec<ContactRecord>> {
    Ok(ctx
        .store
        .export_people()?
        .into_iter()
        .map(|e| ContactRecord {
            uid: Some(e.uid),
            ..ContactRecord::from(&e.person)
        })
        .collect())
}

pub fn export(ctx: &Ctx, args: &ExportArgs) -> Result<()> {
    let mut bytes: Vec<u8> = Vec::new();
    match args.format {
        ExportFormat::Vcard => vcard_out::write_vcards(&mut bytes, &contacts(ctx)?)?,
        ExportFormat::Csv => csv_out::write_contacts(&mut bytes, &contacts(ctx)?)?,
        ExportFormat::Json => {
            serde_json::to_writer_pretty(&mut bytes, &ctx.store.backup_json()?)?;
            bytes.push(b'\n');
        }
        ExportFormat::Ics => {
            let items: Vec<DueItem> = ctx
                .store
                .due_entries(ctx.today)?
                .into_iter()
                .map(|d| DueItem {
                    key: d.key,
                    due: d.due,
                    summary: d.summary,
                    description: d.description,
                })
                .collect();
            let style = if args.todos {
                CalendarStyle::Todos
            } else {
                CalendarStyle::Events
            };
            // The stamp is today, not the clock: the same data writes the same file, so a
            // subscribed calendar sees no change where there is none.
            let stamp = Utc.from_utc_datetime(&ctx.today.and_time(NaiveTime::MIN));
            write_calendar(&mut bytes, "warmline", &items, style, stamp)?;
        }
    }
    match &args.output {
        Some(path) => write_atomically(path, &bytes),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&bytes)?;
            stdout.flush()?;
            Ok(())
        }
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`: a reader
/// (or a crash) sees the old file or the new one, never half of one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| anyhow!("{}: not a file name", path.display()))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = dir.join(tmp_name);
    let written = (|| -> std::io::Result<()> {
        // An export holds the whole network: it is written private from its first byte,
        // and the rename replaces any earlier file (and its looser mode) whole.
        if tmp.exists() {
            std::fs::remove_file(&tmp)?;
        }
        let mut f = warmline_store::private::create_new(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write {}", path.display()));
    }
    Ok(())
}
