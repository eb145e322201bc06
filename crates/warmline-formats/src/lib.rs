//! warmline's importers and exporters.
//!
//! Parsers turn files into plain records ([`ContactRecord`], [`InteractionRecord`]);
//! writers turn records into files. Nothing here touches the database: the store applies
//! records, decides merges and keeps imports atomic.
//!
//! Architecture invariants:
//! - Parsers never panic, whatever the bytes (truncated files, binary garbage, endless
//!   fields, Latin-1 text); problems come back as [`FormatError`] with the line they are on.
//! - Parsers stream: they take a reader and yield records as they go, holding at most one
//!   record (a card, a row, a message's headers) plus bounded buffers. The exceptions are
//!   stated where they are (LinkedIn messages are grouped by conversation and day).
//! - Every imported interaction has a `source_key`, stable across re-imports of the same
//!   file, so importing twice changes nothing.

pub mod backup;
pub mod csv_out;
mod csvrows;
pub mod error;
pub mod google;
pub mod ics;
pub mod ics_out;
mod lines;
pub mod linkedin;
pub mod mbox;
pub mod record;
pub mod text;
pub mod vcard;
pub mod vcard_out;

pub use error::{FormatError, Result};
pub use record::{
    ContactRecord, InteractionRecord, InteractionSource, Me, Participant, person_uid,
};
