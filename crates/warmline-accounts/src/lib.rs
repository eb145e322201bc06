//! Authentication rules of the hosted mode, apart from HTTP and SQL: how passwords are
//! hashed and judged, how secret tokens are made and stored, how failed logins slow the
//! next attempt, and the TOTP second factor with its recovery codes.
//!
//! The web layer asks these functions; the store's account registry keeps what they
//! produce (hashes only). Nothing here reads the clock: the time is an argument.
//!
//! Architecture invariant: no I/O but the system's random number generator.

pub mod device;
pub mod password;
pub mod recovery;
pub mod throttle;
pub mod token;
pub mod totp;

/// What went wrong with a secret.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AuthError {
    #[error("the password must be at least {min} characters long")]
    TooShort { min: usize },
    #[error("the password must be at most {max} characters long")]
    TooLong { max: usize },
    #[error("that password is too common or too easy to guess: choose a longer phrase of your own")]
    TooCommon,
    #[error("no randomness from the system: {0}")]
    Random(String),
    #[error("cannot hash the password: {0}")]
    Hash(String),
    #[error("not a valid second-factor secret")]
    BadSecret,
}

/// `n` bytes from the operating system's generator.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], AuthError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| AuthError::Random(e.to_string()))?;
    Ok(bytes)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
