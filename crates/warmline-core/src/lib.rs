//! warmline's nouns and the pure rules that act on them.
//!
//! Architecture invariant: nothing in this crate performs I/O, speaks SQL or reads the
//! clock. "Today" is always an argument, so every rule can be tested at any date and the
//! binary can pin it with `WARMLINE_TODAY`.

pub mod capture;
pub mod common;
pub mod date;
pub mod digest;
pub mod draft;
pub mod dupes;
pub mod error;
pub mod event;
pub mod followup;
pub mod goal;
pub mod incoming;
pub mod interaction;
pub mod job;
pub mod matching;
pub mod name_parts;
pub mod org;
pub mod paths;
pub mod person;
pub mod plan;
pub mod prep;
pub mod questions;
pub mod resolve;
pub mod settings;
pub mod stats;
pub mod streak;
pub mod text;
pub mod triage;
pub mod warmth;

pub use error::CoreError;
