use thiserror::Error;

/// Errors from parsing what a person typed into a domain value.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CoreError {
    #[error(
        "'{0}' is not a date: use YYYY-MM-DD, today, yesterday, a number of days like 3d, or a weekday name"
    )]
    BadDate(String),
    #[error("unknown {what} '{given}': expected one of {expected}")]
    UnknownChoice {
        what: &'static str,
        given: String,
        expected: String,
    },
    #[error("{0}")]
    Invalid(String),
}

/// Builds the error for a value outside a fixed vocabulary, listing what is accepted.
pub(crate) fn unknown_choice(what: &'static str, given: &str, expected: &[&str]) -> CoreError {
    CoreError::UnknownChoice {
        what,
        given: given.to_string(),
        expected: expected.join(", "),
    }
}
