//! warmline's nouns and the pure rules that act on them.
//!
//! Architecture invariant: nothing in this crate performs I/O, speaks SQL or reads the
//! clock. "Today" is always an argument, so every rule can be tested at any date and the
//! binary can pin it with `WARMLINE_TODAY`.

pub mod date;
pub mod error;
pub mod event;
pub mod followup;
pub mod interaction;
pub mod org;
pub mod person;
pub mod resolve;
pub mod text;
pub mod warmth;

pub use error::CoreError;
