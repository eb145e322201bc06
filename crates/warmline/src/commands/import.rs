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
use warmline_formats::linkedin::{Identity, LinkedInExport};
use warmline_formats::{
    ContactRecord, FormatError, InteractionRecord, Me, google, ics, linkedin, mbox, vcard,
};
use warmline_store::{ImportOptions, Importer, IncomingContact, IncomingInteraction};

use crate::cli::{ImportArgs, ImportFormat};
use crate::commands::import_report::Refused;
use crate::context::Ctx;
use crate::progress::Progress;

/// Where a record came from, for error messages: `contacts.vcf`, `export.zip/messages.csv`.
struct Source<'a> {
    label: String,
    me: &'a Me,
    dry_run: bool,
}

impl Source<'_> {
    /// A problem at `line`: fatal in a real import, noted (and skipped) in a dry run.
    fn fail(&self, imp: &mut Importer<'_>, line: u64, message: &str) -> Result<()> {
        if self.dry_run {
            imp.record_error(line, message);
            return Ok(());
        }
        if line == 0 {
            bail!("{}: {message}", self.label)
        }
        bail!("{}:{line}: {message}", self.label)
    }

    fn format_error(&self, imp: &mut Importer<'_>, e: &FormatError) -> Result<()> {
        self.fail(imp, e.line, &e.message)
    }

    fn contact(&self, imp: &mut Importer<'_>, c: ContactRecord) -> Result<()> {
        // My own card in my address book is not a contact.
        if c.emails.iter().any(|e| self.me.is_my_email(e)) {
            imp.skip_contact();
            return Ok(());
        }
        let line = c.line;
        if let Err(e) = imp.contact(&IncomingContact::from(c)) {
            return self.fail(imp, line, &e.to_string());
        }
        Ok(())
    }

    fn interaction(&self, imp: &mut Importer<'_>, i: InteractionRecord) -> Result<()> {
        let line = i.line;
        if let Err(e) = imp.interaction(&IncomingInteraction::from(i)) {
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

pub fn import(ctx: &Ctx, args: &ImportArgs) -> Result<()> {
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
                Ok(())
            }
            ImportFormat::Json => import_json(imp, &source, path),
        }
    })?;
    crate::commands::import_report::print(ctx, &report, &source.label, &refused)?;
    if let Some(r) = refused.first() {
        bail!("{}: {}", r.file, r.message);
    }
    if !report.errors.is_empty() {
        bail!(
            "{}: {} problem{} found; fix the file and import again (nothing was written)",
            source.label,
            report.errors.len(),
            if report.errors.len() == 1 { "" } else { "s" }
        );
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
        let records = linkedin::connections(progress.reader(r)).inspect(|c| {
            if let Ok(c) = c {
                contacts.extend(linkedin::contact_keys(&c.name, c.linkedin.as_deref()));
            }
        });
        connections.contacts(imp, records)
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
