//! The plain records that parsers produce and writers consume.
//!
//! Records carry what a file said, lightly normalised (trimmed, e-mail addresses lower-cased,
//! empty values as `None`), and nothing the database decides: no ids, no merge decisions.
//! The store maps them onto people and interactions.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;
use warmline_core::incoming::{IncomingContact, IncomingInteraction, IncomingParticipant};
use warmline_core::interaction::{Direction, Kind};
use warmline_core::name_parts::NameParts;
use warmline_core::person::{Birthday, Person};
use warmline_core::text::linkedin_key;

/// A contact read from LinkedIn, Google Contacts or a vCard (and written to vCard or CSV).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ContactRecord {
    /// Where the record starts in its file (1-based), for error messages and dry runs.
    pub line: u64,
    /// The display name; never empty in a record a parser yields.
    pub name: String,
    /// The parts of the name the file gave (vCard `N`, first/middle/last columns).
    pub parts: NameParts,
    /// Lower-cased, without duplicates, the preferred one first.
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub org: Option<String>,
    pub title: Option<String>,
    pub linkedin: Option<String>,
    pub website: Option<String>,
    pub location: Option<String>,
    pub birthday: Option<Birthday>,
    pub notes: Option<String>,
    /// User labels only: system labels such as `myContacts` or `starred` are dropped.
    pub tags: Vec<String>,
    /// LinkedIn's "Connected On".
    pub connected_on: Option<NaiveDate>,
    /// The card's own UID, when it had one.
    pub uid: Option<String>,
    /// Values of the record that could not be read and were left out or kept elsewhere
    /// (an unreadable birthday kept in the notes): the import reports each with the line.
    pub warnings: Vec<String>,
}

impl ContactRecord {
    /// Adds an e-mail address unless it is empty or already there (case-insensitively).
    pub fn add_email(&mut self, raw: &str) {
        if let Some(e) = crate::text::normalize_email(raw)
            && !self.emails.contains(&e)
        {
            self.emails.push(e);
        }
    }

    /// A birthday that could not be read is kept in the notes as written, and reported:
    /// never dropped without a word.
    pub fn unreadable_birthday(&mut self, raw: &str) {
        let kept = format!("Birthday (as written): {raw}");
        self.notes = Some(match self.notes.take() {
            Some(before) => format!("{before}\n{kept}"),
            None => kept,
        });
        self.warnings.push(format!(
            "birthday '{raw}' could not be read; kept in the notes"
        ));
    }

    /// Adds a phone number unless it is empty or the same digits are already there.
    pub fn add_phone(&mut self, raw: &str) {
        let p = raw.trim();
        let p = p.strip_prefix("tel:").unwrap_or(p).trim();
        if p.is_empty() {
            return;
        }
        let key = warmline_core::text::phone_key(p);
        if !self
            .phones
            .iter()
            .any(|q| warmline_core::text::phone_key(q) == key)
        {
            self.phones.push(p.to_string());
        }
    }

    /// Adds a tag unless it is empty, a system label, or already there.
    pub fn add_tag(&mut self, raw: &str) {
        if let Some(t) = crate::text::user_label(raw)
            && !self.tags.iter().any(|x| x.eq_ignore_ascii_case(&t))
        {
            self.tags.push(t);
        }
    }

    /// Files a web address as the LinkedIn profile when it is one, else as the website.
    pub fn add_url(&mut self, raw: &str) {
        // Google writes `https\://` in vCards; an unescaped colon is what was meant.
        let url = raw.trim().replace("\\:", ":");
        if url.is_empty() {
            return;
        }
        if crate::text::is_linkedin_url(&url) {
            if self.linkedin.is_none() {
                self.linkedin = Some(url);
            }
        } else if self.website.is_none() {
            self.website = Some(url);
        }
    }
}

/// The stable vCard UID of a stored person: the same person exports with the same UID every
/// time, so address books that sync (khard, CardDAV) update instead of duplicating.
pub fn person_uid(id: i64) -> String {
    let u = uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_OID,
        format!("warmline:person:{id}").as_bytes(),
    );
    format!("urn:uuid:{u}")
}

impl From<&Person> for ContactRecord {
    /// The export view of a stored person (for vCard and CSV), with a stable UID.
    fn from(p: &Person) -> ContactRecord {
        ContactRecord {
            line: 0,
            name: p.name.clone(),
            parts: p.name_parts.clone(),
            emails: p.emails.clone(),
            phones: p.phones.clone(),
            org: p.org.clone(),
            title: p.title.clone(),
            linkedin: p.linkedin.clone(),
            website: p.website.clone(),
            location: p.location.clone(),
            birthday: p.birthday,
            notes: Some(p.notes.clone()).filter(|n| !n.trim().is_empty()),
            tags: p.tags.clone(),
            connected_on: None,
            uid: Some(person_uid(p.id)),
            warnings: Vec::new(),
        }
    }
}

/// Which importer produced an interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InteractionSource {
    Mbox,
    Ics,
    Linkedin,
}

impl InteractionSource {
    /// The value for `Interaction::source`.
    pub fn as_str(self) -> &'static str {
        match self {
            InteractionSource::Mbox => "mbox",
            InteractionSource::Ics => "ics",
            InteractionSource::Linkedin => "linkedin",
        }
    }
}

/// Someone on an interaction, as the file names them; the caller resolves them to a person
/// (by e-mail or LinkedIn URL first, the name only as a hint).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Participant {
    pub name: Option<String>,
    /// Lower-cased.
    pub email: Option<String>,
    pub linkedin: Option<String>,
}

/// An interaction read from mbox, iCalendar or LinkedIn messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InteractionRecord {
    /// Where the (first) message or event behind it starts in its file.
    pub line: u64,
    pub on: NaiveDate,
    pub kind: Kind,
    pub direction: Direction,
    pub summary: String,
    /// The other people on it; never me.
    /// Shared: every occurrence of a recurring meeting holds the same list.
    pub participants: Arc<[Participant]>,
    pub source: InteractionSource,
    /// Stable identity: importing the same file again yields the same keys, so the store can
    /// skip (or update) what it already has. Keys start with the source name and are unique
    /// across sources.
    pub source_key: String,
    /// The start of `source_key` a one-off meeting keeps when it moves to another day
    /// (`ics:<UID>:`); `None` for anything else.
    pub moves_with: Option<String>,
}

impl From<ContactRecord> for IncomingContact {
    /// What the store matches and merges.
    fn from(c: ContactRecord) -> IncomingContact {
        IncomingContact {
            line: c.line,
            name: c.name,
            name_parts: c.parts,
            emails: c.emails,
            phones: c.phones,
            org: c.org,
            title: c.title,
            linkedin: c.linkedin,
            website: c.website,
            location: c.location,
            birthday: c.birthday,
            notes: c.notes,
            tags: c.tags,
            connected_on: c.connected_on,
            uid: c.uid,
        }
    }
}

impl From<InteractionRecord> for IncomingInteraction {
    fn from(i: InteractionRecord) -> IncomingInteraction {
        IncomingInteraction {
            line: i.line,
            on: i.on,
            kind: i.kind,
            direction: i.direction,
            summary: i.summary,
            source: i.source.as_str().to_string(),
            source_key: i.source_key,
            moves_with: i.moves_with,
            participants: i
                .participants
                .iter()
                .map(|p| IncomingParticipant {
                    name: p.name.clone(),
                    email: p.email.clone(),
                    linkedin: p.linkedin.clone(),
                })
                .collect(),
        }
    }
}

/// My own addresses, so that importers can tell my side of a conversation from theirs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Me {
    emails: HashSet<String>,
    linkedin: HashSet<String>,
}

impl Me {
    pub fn new<E, L>(emails: E, linkedin_urls: L) -> Me
    where
        E: IntoIterator,
        E::Item: AsRef<str>,
        L: IntoIterator,
        L::Item: AsRef<str>,
    {
        Me {
            emails: emails
                .into_iter()
                .filter_map(|e| crate::text::normalize_email(e.as_ref()))
                .collect(),
            linkedin: linkedin_urls
                .into_iter()
                .map(|u| linkedin_key(u.as_ref()))
                .collect(),
        }
    }

    pub fn is_my_email(&self, email: &str) -> bool {
        crate::text::normalize_email(email).is_some_and(|e| self.emails.contains(&e))
    }

    pub fn is_my_linkedin(&self, url: &str) -> bool {
        !url.trim().is_empty() && self.linkedin.contains(&linkedin_key(url))
    }

    pub fn knows_linkedin(&self) -> bool {
        !self.linkedin.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adders_normalise_and_deduplicate() {
        let mut c = ContactRecord::default();
        c.add_email(" Ada@Example.com ");
        c.add_email("mailto:ada@example.com");
        c.add_phone("+1 (555) 010-0100");
        c.add_phone("tel:+15550100100");
        c.add_tag("* myContacts");
        c.add_tag("Friends");
        c.add_tag("friends");
        c.add_url("https\\://www.linkedin.com/in/ada");
        c.add_url("https://ada.example");
        assert_eq!(c.emails, vec!["ada@example.com"]);
        assert_eq!(c.phones, vec!["+1 (555) 010-0100"]);
        assert_eq!(c.tags, vec!["Friends"]);
        assert_eq!(
            c.linkedin.as_deref(),
            Some("https://www.linkedin.com/in/ada")
        );
        assert_eq!(c.website.as_deref(), Some("https://ada.example"));
    }

    #[test]
    fn person_uids_are_stable_and_distinct() {
        assert_eq!(person_uid(7), person_uid(7));
        assert_ne!(person_uid(7), person_uid(8));
        assert!(person_uid(7).starts_with("urn:uuid:"));
    }

    #[test]
    fn me_matches_case_and_url_variants() {
        let me = Me::new(["Me@Example.com"], ["https://linkedin.com/in/sam/"]);
        assert!(me.is_my_email("me@example.COM"));
        assert!(me.is_my_linkedin("https://www.linkedin.com/in/sam"));
        assert!(!me.is_my_linkedin(""));
    }
}
