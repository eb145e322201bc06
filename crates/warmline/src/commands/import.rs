//! `import FORMAT PATH`: parse with warmline-formats, apply through the store's importer.
//!
//! The whole file is one transaction: the first bad record (or record the store refuses)
//! ends the import with `error: FILE:LINE: message` and nothing written. A dry run goes on
//! past bad records to list them all, then rolls everything back.

use std::collections::HashSet;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use anyhow::{Result, anyhow, bail};
use chrono::{Datelike, NaiveDate};
use serde_json::json;
use warmline_core::date::plausible_import_date;
use warmline_core::person::Birthday;
use warmline_formats::linkedin::{Identity, LinkedInExport};
use warmline_formats::{
    ContactRecord, FormatError, InteractionRecord, Me, google, ics, linkedin, mbox, vcard,
};
use warmline_store::{ImportOptions, Importer, IncomingContact, IncomingInteraction};

use crate::cli::{ImportArgs, ImportFormat};
use crate::commands::import_report::Refused;
use crate::context::Ctx;
use crate::progress::Progress;

/// Why an import stopped: the file, the line (0 for the file as a whole) and the
/// problem. `--json` prints it as an entry of `errors`.
#[derive(Debug)]
pub struct ImportFailure {
    pub file: String,
    pub line: u64,
    pub message: String,
}

impl std::fmt::Display for ImportFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            0 => write!(f, "{}: {}", self.file, self.message),
            n => write!(f, "{}:{n}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ImportFailure {}

/// Where a record came from, for error messages: `contacts.vcf`, `export.zip/messages.csv`.
struct Source<'a> {
    label: String,
    me: &'a Me,
    dry_run: bool,
    /// `--skip-bad`: a bad record is left out and reported; the rest is imported.
    skip_bad: bool,
    /// Dates after a year from today are not believed.
    today: NaiveDate,
}

impl Source<'_> {
    /// A problem at `line`: fatal in a real import, noted (and skipped) in a dry run, left
    /// out and reported with `--skip-bad` (a file unreadable as a whole, line 0, is never
    /// skipped: there is nothing readable to import).
    fn fail(&self, imp: &mut Importer<'_>, line: u64, message: &str) -> Result<()> {
        if self.skip_bad && line > 0 {
            imp.skip_record(&self.label, line, message);
            return Ok(());
        }
        if self.dry_run {
            imp.record_error(line, message);
            return Ok(());
        }
        Err(ImportFailure {
            file: self.label.clone(),
            line,
            message: message.to_string(),
        }
        .into())
    }

    fn format_error(&self, imp: &mut Importer<'_>, e: &FormatError) -> Result<()> {
        self.fail(imp, e.line, &e.message)
    }

    fn contact(&self, imp: &mut Importer<'_>, mut c: ContactRecord) -> Result<()> {
        // My own card in my address book is not a contact.
        if c.emails.iter().any(|e| self.me.is_my_email(e)) {
            imp.skip_contact();
            return Ok(());
        }
        let line = c.line;
        for w in c.warnings.drain(..) {
            imp.warn(&self.label, line, w);
        }
        if let Some(b) = c.birthday
            && b.year.is_some_and(|y| y > self.today.year())
        {
            imp.warn(
                &self.label,
                line,
                format!("birthday {b} is in the future: kept without its year"),
            );
            c.birthday = Some(Birthday { year: None, ..b });
        }
        if let Some(on) = c
            .connected_on
            .filter(|on| !plausible_import_date(*on, self.today))
        {
            imp.warn(
                &self.label,
                line,
                format!("connected on {on}, outside 1970 to a year ahead: left out"),
            );
            c.connected_on = None;
        }
        let c = IncomingContact::from(c);
        let applied = if self.skip_bad {
            imp.isolated(|imp| imp.contact(&c)).map(drop)
        } else {
            imp.contact(&c).map(drop)
        };
        if let Err(e) = applied {
            return self.fail(imp, line, &e.to_string());
        }
        Ok(())
    }

    fn interaction(&self, imp: &mut Importer<'_>, i: InteractionRecord) -> Result<()> {
        let line = i.line;
        if !plausible_import_date(i.on, self.today) {
            // "1 Jan 99999" must not become anyone's last contact.
            imp.skip_record(
                &self.label,
                line,
                format!("dated {}, outside 1970 to a year ahead", i.on),
            );
            return Ok(());
        }
        let i = IncomingInteraction::from(i);
        let applied = if self.skip_bad {
            imp.isolated(|imp| imp.interaction(&i)).map(drop)
        } else {
            imp.interaction(&i).map(drop)
        };
        if let Err(e) = applied {
            return self.fail(imp, line, &e.to_string());
        }
        Ok(())
    }

    fn contacts<I>(&self, imp: &mut Importer<'_>, records: I) -> Result<()>
    where
        I: Iterator<Item = warmline_formats::Result<ContactRecord>>,
    {
        for r in records {
            match r {
                Ok(c) => self.contact(imp, c)?,
                Err(e) => self.format_error(imp, &e)?,
            }
        }
        Ok(())
    }
}

fn source_name(format: ImportFormat) -> &'static str {
    match format {
        ImportFormat::Linkedin => "linkedin",
        ImportFormat::Google => "google",
        ImportFormat::Vcard => "vcard",
        ImportFormat::Mbox => "mbox",
        ImportFormat::Ics => "ics",
        ImportFormat::Json => "json",
    }
}

/// Opens a file to import, refusing what cannot be one before anything is read.
fn open_file(path: &Path) -> Result<(File, u64)> {
    let meta = std::fs::metadata(path)
        .map_err(|e| anyhow!("{}: {}", path.display(), crate::commands::io_reason(&e)))?;
    if meta.is_dir() {
        bail!("{}: is a directory; give the file itself", path.display());
    }
    let file = File::open(path)
        .map_err(|e| anyhow!("{}: {}", path.display(), crate::commands::io_reason(&e)))?;
    Ok((file, meta.len()))
}

/// With `--json`, an import that stops prints its reason as JSON too, so a program
/// reading stdout always gets JSON: `{"file", "errors": [{"file", "line", "message"}]}`.
pub fn import(ctx: &Ctx, args: &ImportArgs) -> Result<()> {
    let result = run_import(ctx, args);
    if let Err(e) = &result
        && ctx.json
        && !e.is::<Reported>()
    {
        let label = args.path.display().to_string();
        let entry = match e.downcast_ref::<ImportFailure>() {
            Some(f) => json!({"file": f.file, "line": f.line, "message": f.message}),
            None => json!({"file": label, "line": 0, "message": crate::commands::one_line(e)}),
        };
        ctx.print_json(&json!({"file": label, "errors": [entry]}))?;
    }
    result.map_err(|e| match e.downcast_ref::<ImportFailure>() {
        Some(f) if f.line > 0 => {
            anyhow!("{f}; nothing was written (--skip-bad imports the other records)")
        }
        _ => e,
    })
}

/// An import refused after its report was printed (the JSON report holds the errors).
#[derive(Debug)]
struct Reported(String);

impl std::fmt::Display for Reported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Reported {}

fn run_import(ctx: &Ctx, args: &ImportArgs) -> Result<()> {
    let path = args.path.as_path();
    if args.format != ImportFormat::Linkedin || !path.is_dir() {
        open_file(path)?;
    }
    let settings = ctx.store.settings()?;
    let me = Me::new(&settings.my_emails, settings.my_linkedin.iter());
    let options = ImportOptions {
        source: source_name(args.format).to_string(),
        overwrite: args.overwrite,
        dry_run: args.dry_run,
        today: ctx.today,
    };
    let source = Source {
        label: path.display().to_string(),
        me: &me,
        dry_run: args.dry_run,
        skip_bad: args.skip_bad,
        today: ctx.today,
    };
    let mut refused: Vec<Refused> = Vec::new();
    let report = ctx.store.import(&options, |imp| -> Result<()> {
        match args.format {
            ImportFormat::Linkedin => import_linkedin(ctx, imp, &source, path, &mut refused),
            ImportFormat::Google => {
                let (file, len) = open_file(path)?;
                let mut progress = Progress::new(len, "google");
                source.contacts(imp, google::google_contacts(progress.reader(file)))
            }
            ImportFormat::Vcard => {
                let (file, len) = open_file(path)?;
                let mut progress = Progress::new(len, "vcard");
                source.contacts(imp, vcard::vcards(progress.reader(file)))
            }
            ImportFormat::Mbox => import_mbox(ctx, imp, &source, path),
            ImportFormat::Ics => {
                let (file, len) = open_file(path)?;
                let mut progress = Progress::new(len, "ics");
                // The file's identity: a later import of it cancels the meetings ahead
                // it no longer holds.
                let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
                imp.calendar_file(canonical.to_string_lossy());
                let mut read = ics::meetings(progress.reader(file), &me, ctx.today);
                for r in read.by_ref() {
                    match r {
                        Ok(i) => source.interaction(imp, i)?,
                        Err(e) => source.format_error(imp, &e)?,
                    }
                }
                for note in read.notes() {
                    imp.note(note);
                }
                imp.cancel_missing()?;
                Ok(())
            }
            ImportFormat::Json => import_json(imp, &source, path),
        }
    })?;
    crate::commands::import_report::print(ctx, &report, &source.label, &refused)?;
    if let Some(r) = refused.first() {
        return Err(Reported(format!("{}: {}", r.file, r.message)).into());
    }
    if !report.errors.is_empty() {
        return Err(Reported(format!(
            "{}: {} problem{} found; fix the file and import again, or import the rest \
             with --skip-bad (nothing was written)",
            source.label,
            report.errors.len(),
            if report.errors.len() == 1 { "" } else { "s" }
        ))
        .into());
    }
    Ok(())
}

fn import_linkedin(
    ctx: &Ctx,
    imp: &mut Importer<'_>,
    source: &Source<'_>,
    path: &Path,
    refused: &mut Vec<Refused>,
) -> Result<()> {
    let export = match linkedin::open_export(path) {
        Ok(e) => e,
        Err(e) => return source.format_error(imp, &e),
    };
    let labels = member_labels(&export, path);
    let connections = Source {
        label: labels.0,
        ..*source
    };
    // Connections.csv never needs to know who I am; what it lists tells messages.csv
    // who is not me.
    let mut contacts: HashSet<String> = HashSet::new();
    let read = export.read_connections(|r| {
        let mut progress = Progress::new(0, "connections");
        let mut reader = linkedin::connections(progress.reader(r));
        let records = reader.by_ref().inspect(|c| {
            if let Ok(c) = c {
                contacts.extend(linkedin::contact_keys(&c.name, c.linkedin.as_deref()));
            }
        });
        let read = connections.contacts(imp, records);
        // Rows that name no one count as skipped.
        imp.skip_contacts(reader.skipped());
        read
    });
    match read {
        Ok(Some(result)) => result?,
        Ok(None) => {}
        Err(e) => connections.format_error(imp, &e)?,
    }
    // Messages after connections, so that people just added are found on them.
    let messages = Source {
        label: labels.1,
        ..*source
    };
    let is_contact = |key: &str| {
        contacts.contains(key)
            || (!key.starts_with("name:")
                && ctx.store.person_by_linkedin(key).ok().flatten().is_some())
    };
    match export.read_messages(|r| linkedin::messages_with(r, source.me, &is_contact)) {
        Ok(Some(Ok(read))) => {
            match &read.me {
                Identity::Recorded => {}
                Identity::Found(_) => imp.note(read.me.found_note(&messages.label)),
                Identity::Unknown(why) => {
                    refused.push(Refused {
                        file: messages.label.clone(),
                        message: why.clone(),
                    });
                }
            }
            for i in read.records {
                messages.interaction(imp, i)?;
            }
        }
        Ok(Some(Err(e))) | Err(e) => messages.format_error(imp, &e)?,
        Ok(None) => {}
    }
    Ok(())
}

/// How errors name the two files of a LinkedIn export.
fn member_labels(export: &LinkedInExport, path: &Path) -> (String, String) {
    let shown = |p: &Option<std::path::PathBuf>, fallback: &str| {
        p.as_ref()
            .map_or_else(|| fallback.to_string(), |p| p.display().to_string())
    };
    match export {
        LinkedInExport::Files {
            connections,
            messages,
        } => (
            shown(connections, "Connections.csv"),
            shown(messages, "messages.csv"),
        ),
        LinkedInExport::Zip {
            connections,
            messages,
            ..
        } => {
            let zip = path.display();
            (
                format!(
                    "{zip}/{}",
                    connections.as_deref().unwrap_or("Connections.csv")
                ),
                format!("{zip}/{}", messages.as_deref().unwrap_or("messages.csv")),
            )
        }
    }
}

fn import_mbox(ctx: &Ctx, imp: &mut Importer<'_>, source: &Source<'_>, path: &Path) -> Result<()> {
    let (file, len) = open_file(path)?;
    let known = ctx.store.known_emails()?;
    let mut progress = Progress::new(len, "mbox");
    let reader = BufReader::with_capacity(1 << 16, progress.reader(file));
    let mut records =
        mbox::email_interactions(mbox::messages(reader), source.me, |e| known.contains(e));
    for r in records.by_ref() {
        match r {
            Ok(i) => source.interaction(imp, i)?,
            Err(e) => source.format_error(imp, &e)?,
        }
    }
    let stats = records.stats();
    imp.note_mail(stats.messages, stats.unknown_addresses);
    Ok(())
}

fn import_json(imp: &mut Importer<'_>, source: &Source<'_>, path: &Path) -> Result<()> {
    let (file, len) = open_file(path)?;
    let mut progress = Progress::new(len, "json");
    let doc = match warmline_formats::backup::read(progress.reader(file)) {
        Ok(doc) => doc,
        Err(e) => return source.fail(imp, e.line, &e.message),
    };
    if let Err(e) = imp.backup(&doc) {
        return source.fail(imp, 0, &e.to_string());
    }
    Ok(())
}
