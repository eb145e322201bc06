//! The one error type of this crate.
//!
//! Every parser reports where in the file a problem is, and nothing else: the caller knows the
//! file name and prefixes it, so a user reads `error: contacts.vcf:214: card never ends
//! (BEGIN:VCARD at line 201)`.

use thiserror::Error;

/// A problem in an input file (or in writing an output), with the line it is on.
///
/// `line` is 1-based; 0 means the file as a whole (an unreadable archive, a missing member).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{line}: {message}")]
pub struct FormatError {
    pub line: u64,
    pub message: String,
}

impl FormatError {
    pub fn new(line: u64, message: impl Into<String>) -> FormatError {
        FormatError {
            line,
            message: message.into(),
        }
    }

    /// An I/O failure while reading at `line`; the message stays readable for a person.
    pub(crate) fn io(line: u64, err: &std::io::Error) -> FormatError {
        FormatError::new(line, format!("cannot read the file: {err}"))
    }
}

pub type Result<T> = std::result::Result<T, FormatError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_line_then_message() {
        let e = FormatError::new(214, "card never ends (BEGIN:VCARD at line 201)");
        assert_eq!(
            e.to_string(),
            "214: card never ends (BEGIN:VCARD at line 201)"
        );
    }
}
