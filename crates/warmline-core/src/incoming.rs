//! What an import hands the store: a contact or an interaction as a file described it,
//! in the model's terms. The parsers (warmline-formats) produce them from their records and
//! the store matches them against the people it holds; both sides name these types, so
//! they live here, below both.

use chrono::NaiveDate;

use crate::interaction::{Direction, Kind};
use crate::person::Birthday;

/// A contact as a file describes it (LinkedIn, Google, vCard), in the model's terms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncomingContact {
    /// Where the record starts in its file, for reports.
    pub line: u64,
    pub name: String,
    pub name_parts: crate::name_parts::NameParts,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub org: Option<String>,
    pub title: Option<String>,
    pub linkedin: Option<String>,
    pub website: Option<String>,
    pub location: Option<String>,
    pub birthday: Option<Birthday>,
    pub notes: Option<String>,
    pub tags: Vec<String>,
    pub connected_on: Option<NaiveDate>,
    /// An address book's identity for the card (vCard UID).
    pub uid: Option<String>,
}

/// Someone named on an imported interaction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncomingParticipant {
    pub name: Option<String>,
    pub email: Option<String>,
    pub linkedin: Option<String>,
}

/// An interaction read from a file (mbox, iCalendar, LinkedIn messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingInteraction {
    pub line: u64,
    pub on: NaiveDate,
    pub kind: Kind,
    pub direction: Direction,
    pub summary: String,
    /// `mbox`, `ics`, `linkedin`.
    pub source: String,
    /// Stable across re-imports of the same data: the identity of the interaction.
    pub source_key: String,
    /// For a one-off calendar meeting, the start its `source_key`s share whatever the day
    /// (`ics:<UID>:`): a meeting moved to another day updates the stored one.
    pub moves_with: Option<String>,
    pub participants: Vec<IncomingParticipant>,
}

/// Removes control characters (see [`crate::text::clean`]) from every text of `field`s.
fn clean_all<'a>(fields: impl IntoIterator<Item = &'a mut String>) {
    fields.into_iter().for_each(crate::text::clean_in_place);
}

impl IncomingContact {
    /// Removes control characters other than tab and newline from every text.
    pub fn clean(&mut self) {
        clean_all(
            [&mut self.name]
                .into_iter()
                .chain(&mut self.emails)
                .chain(&mut self.phones)
                .chain(&mut self.tags)
                .chain(
                    [
                        &mut self.org,
                        &mut self.title,
                        &mut self.linkedin,
                        &mut self.website,
                        &mut self.location,
                        &mut self.notes,
                        &mut self.uid,
                    ]
                    .into_iter()
                    .flatten(),
                ),
        );
    }
}

impl IncomingInteraction {
    /// Removes control characters other than tab and newline from every text.
    pub fn clean(&mut self) {
        clean_all([&mut self.summary]);
        for p in &mut self.participants {
            clean_all(
                [&mut p.name, &mut p.email, &mut p.linkedin]
                    .into_iter()
                    .flatten(),
            );
        }
    }
}
