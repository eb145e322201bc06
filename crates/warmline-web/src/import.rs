//! Feeding an uploaded file to the store's importer: parse with warmline-formats, hand
//! each record to `Store::import`, as `warmline import` does for a file on disk.
//!
//! The rules are the command line's: the whole file is one transaction; a dry run goes on
//! past bad records to list them all and then rolls back; a real import stops at the first
//! problem and writes nothing. The record conversions mirror `commands/import.rs` in the
//! binary, which keeps its progress bars; a shared adapter would serve both.

use std::collections::HashSet;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use chrono::NaiveDate;
use warmline_formats::linkedin::Identity;
use warmline_formats::{
    ContactRecord, FormatError, InteractionRecord, Me, google, ics, linkedin, mbox, vcard,
};
use warmline_store::{
    ImportOptions, ImportReport, Importer, IncomingContact, IncomingInteraction, Store,
};

use crate::error::WebError;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Linkedin,
    Google,
    Vcard,
    Mbox,
    Ics,
    Json,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Linkedin,
        Format::Google,
        Format::Vcard,
        Format::Mbox,
        Format::Ics,
        Format::Json,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Linkedin => "linkedin",
            Format::Google => "google",
            Format::Vcard => "vcard",
            Format::Mbox => "mbox",
            Format::Ics => "ics",
            Format::Json => "json",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Linkedin => "LinkedIn export (.zip, Connections.csv or messages.csv)",
            Format::Google => "Google Contacts (.csv)",
            Format::Vcard => "Contacts as vCard (.vcf)",
            Format::Mbox => "Mail, e.g. a Gmail Takeout (.mbox)",
            Format::Ics => "Calendar (.ics)",
            Format::Json => "A warmline backup (.json)",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// A guess from the file's name and first bytes, for "work it out for me".
    pub fn guess(name: &str, head: &[u8]) -> Format {
        let lower = name.to_ascii_lowercase();
        let head = String::from_utf8_lossy(head).to_ascii_lowercase();
        match lower.rsplit('.').next().unwrap_or("") {
            "vcf" | "vcard" => Format::Vcard,
            "ics" | "ical" => Format::Ics,
            "mbox" => Format::Mbox,
            "json" => Format::Json,
            "zip" => Format::Linkedin,
            _ if head.contains("begin:vcard") => Format::Vcard,
            _ if head.contains("begin:vcalendar") => Format::Ics,
            _ if head.starts_with("from ") => Format::Mbox,
            _ if head.trim_start().starts_with('{') => Format::Json,
            _ if head.contains("connected on") || head.contains("conversation id") => {
                Format::Linkedin
            }
            _ => Format::Google,
        }
    }
}

/// Where a record came from, and whether a problem stops the import.
struct Feed<'a> {
    label: &'a str,
    me: &'a Me,
    dry_run: bool,
}

impl Feed<'_> {
    fn fail(&self, imp: &mut Importer<'_>, line: u64, message: &str) -> Result<(), WebError> {
        if self.dry_run {
            imp.record_error(line, message);
            return Ok(());
        }
        let at = if line == 0 {
            self.label.to_string()
        } else {
            format!("{}, line {line}", self.label)
        };
        Err(WebError::BadRequest(format!(
            "{at}: {message}. Nothing was imported."
        )))
    }

    fn format_error(&self, imp: &mut Importer<'_>, e: &FormatError) -> Result<(), WebError> {
        self.fail(imp, e.line, &e.message)
    }

    fn contact(&self, imp: &mut Importer<'_>, c: ContactRecord) -> Result<(), WebError> {
        // My own card in my address book is not a contact.
        if c.emails.iter().any(|e| self.me.is_my_email(e)) {
            imp.skip_contact();
            return Ok(());
        }
        let line = c.line;
        match imp.contact(&IncomingContact::from(c)) {
            Ok(_) => Ok(()),
            Err(e) => self.fail(imp, line, &e.to_string()),
        }
    }

    fn contacts<I>(&self, imp: &mut Importer<'_>, records: I) -> Result<(), WebError>
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

    fn interaction(&self, imp: &mut Importer<'_>, i: InteractionRecord) -> Result<(), WebError> {
        let line = i.line;
        match imp.interaction(&IncomingInteraction::from(i)) {
            Ok(_) => Ok(()),
            Err(e) => self.fail(imp, line, &e.to_string()),
        }
    }
}

fn open(path: &Path) -> Result<BufReader<File>, WebError> {
    File::open(path)
        .map(|f| BufReader::with_capacity(1 << 16, f))
        .map_err(|e| WebError::Internal(format!("cannot read the upload: {e}")))
}

/// Imports the file at `path` (an upload saved by the server), named `label` in messages.
pub fn run(
    store: &Store,
    format: Format,
    path: &Path,
    label: &str,
    overwrite: bool,
    dry_run: bool,
    today: NaiveDate,
) -> Result<ImportReport, WebError> {
    let settings = store.settings()?;
    let me = Me::new(&settings.my_emails, settings.my_linkedin.iter());
    let known = match format {
        Format::Mbox => store.known_emails()?,
        _ => Default::default(),
    };
    let options = ImportOptions {
        source: format.as_str().to_string(),
        overwrite,
        dry_run,
        today,
    };
    let feed = Feed {
        label,
        me: &me,
        dry_run,
    };
    store.import(&options, |imp| -> Result<(), WebError> {
        match format {
            Format::Google => feed.contacts(imp, google::google_contacts(open(path)?)),
            Format::Vcard => feed.contacts(imp, vcard::vcards(open(path)?)),
            Format::Linkedin => linkedin_export(store, imp, &feed, path),
            Format::Ics => {
                let mut read = ics::meetings(open(path)?, &me, today);
                for r in read.by_ref() {
                    match r {
                        Ok(i) => feed.interaction(imp, i)?,
                        Err(e) => feed.format_error(imp, &e)?,
                    }
                }
                for note in read.notes() {
                    imp.note(note);
                }
                Ok(())
            }
            Format::Mbox => {
                let mut records = mbox::email_interactions(mbox::messages(open(path)?), &me, |e| {
                    known.contains(e)
                });
                for r in records.by_ref() {
                    match r {
                        Ok(i) => feed.interaction(imp, i)?,
                        Err(e) => feed.format_error(imp, &e)?,
                    }
                }
                let stats = records.stats();
                imp.note_mail(stats.messages, stats.unknown_addresses);
                Ok(())
            }
            Format::Json => backup(imp, &feed, path),
        }
    })
}

fn linkedin_export(
    store: &Store,
    imp: &mut Importer<'_>,
    feed: &Feed<'_>,
    path: &Path,
) -> Result<(), WebError> {
    let export = match linkedin::open_export(path) {
        Ok(e) => e,
        Err(e) => return feed.format_error(imp, &e),
    };
    // Connections never need to know who I am; who they list is not me in the messages.
    let mut contacts: HashSet<String> = HashSet::new();
    let read = export.read_connections(|r| {
        let records = linkedin::connections(r).inspect(|c| {
            if let Ok(c) = c {
                contacts.extend(linkedin::contact_keys(&c.name, c.linkedin.as_deref()));
            }
        });
        feed.contacts(imp, records)
    });
    match read {
        Ok(Some(result)) => result?,
        Ok(None) => {}
        Err(e) => feed.format_error(imp, &e)?,
    }
    let is_contact = |key: &str| {
        contacts.contains(key)
            || (!key.starts_with("name:") && store.person_by_linkedin(key).ok().flatten().is_some())
    };
    // Messages after connections, so that people just added are found on them.
    match export.read_messages(|r| linkedin::messages_with(r, feed.me, &is_contact)) {
        Ok(Some(Ok(read))) => {
            match &read.me {
                Identity::Recorded => {}
                Identity::Found(_) => imp.note(read.me.found_note("messages.csv")),
                Identity::Unknown(why) => {
                    imp.note(format!("messages.csv was not imported: {why}"));
                }
            }
            for i in read.records {
                feed.interaction(imp, i)?;
            }
        }
        Ok(Some(Err(e))) | Err(e) => feed.format_error(imp, &e)?,
        Ok(None) => {}
    }
    Ok(())
}

fn backup(imp: &mut Importer<'_>, feed: &Feed<'_>, path: &Path) -> Result<(), WebError> {
    let doc = match warmline_formats::backup::read(open(path)?) {
        Ok(doc) => doc,
        Err(e) => return feed.fail(imp, e.line, &e.message),
    };
    if let Err(e) = imp.backup(&doc) {
        return feed.fail(imp, 0, &e.to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_guessed_from_names_and_contents() {
        assert_eq!(Format::guess("x.VCF", b""), Format::Vcard);
        assert_eq!(Format::guess("export.zip", b"PK"), Format::Linkedin);
        assert_eq!(Format::guess("upload", b"BEGIN:VCARD\r\n"), Format::Vcard);
        assert_eq!(
            Format::guess(
                "Connections.csv",
                b"Notes:\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On"
            ),
            Format::Linkedin
        );
        assert_eq!(
            Format::guess("contacts.csv", b"First Name,Middle Name"),
            Format::Google
        );
        assert_eq!(
            Format::guess("mail", b"From someone@example.com"),
            Format::Mbox
        );
        assert_eq!(Format::parse("ics"), Some(Format::Ics));
        assert_eq!(Format::parse("exe"), None);
    }
}
