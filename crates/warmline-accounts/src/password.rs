//! Passwords: argon2id with OWASP's parameters, and what a new password must be.
//!
//! OWASP's Password Storage Cheat Sheet lists m=19456 KiB, t=2, p=1 as its lowest
//! recommended argon2id setting; it costs some tens of milliseconds per attempt here, which a
//! person logging in does not notice and an attacker guessing offline does.
//!
//! An unknown e-mail must take as long to refuse as a wrong password, or the time of the
//! answer tells which addresses have accounts: [`verify_nobody`] checks the password
//! against a hash of a random password made once, with the same parameters.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::{AuthError, random_bytes};

/// Fewer characters than this are refused (ASVS 2.1.1).
pub const MIN_LEN: usize = 12;
/// More than this are refused: hashing cost grows with length, and nobody types more.
pub const MAX_LEN: usize = 256;

/// OWASP's argon2id parameters: memory in KiB, passes, lanes.
pub const MEMORY_KIB: u32 = 19_456;
pub const PASSES: u32 = 2;
pub const LANES: u32 = 1;

fn hasher() -> Result<Argon2<'static>, AuthError> {
    let params =
        Params::new(MEMORY_KIB, PASSES, LANES, None).map_err(|e| AuthError::Hash(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) of `password` with a fresh
/// random salt.
pub fn hash(password: &str) -> Result<String, AuthError> {
    let salt: [u8; 16] = random_bytes()?;
    let hashed = hasher()?
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map_err(|e| AuthError::Hash(e.to_string()))?;
    Ok(hashed.to_string())
}

/// Whether `password` matches the stored PHC string. A malformed hash matches nothing.
pub fn verify(stored: &str, password: &str) -> bool {
    hasher().is_ok_and(|h| h.verify_password(password.as_bytes(), stored).is_ok())
}

/// Spends the time of a real verification and answers false: for an unknown e-mail, or an
/// account that has no password yet.
pub fn verify_nobody(password: &str) -> bool {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| {
        let random: [u8; 32] = random_bytes().ok()?;
        hash(&crate::hex(&random)).ok()
    });
    if let Some(d) = dummy {
        let _ = verify(d, password);
    }
    false
}

/// Whether `password` may be chosen: long enough, not too long, and not a common password
/// or one easy to guess. zxcvbn (MIT) matches it against its lists of common passwords,
/// words, names and keyboard patterns; anything it rates below 3 of 4 ("safely
/// unguessable") is refused. `context` holds words the password must not lean on, such as
/// the person's e-mail address.
pub fn check_new(password: &str, context: &[&str]) -> Result<(), AuthError> {
    let len = password.chars().count();
    if len < MIN_LEN {
        return Err(AuthError::TooShort { min: MIN_LEN });
    }
    if len > MAX_LEN {
        return Err(AuthError::TooLong { max: MAX_LEN });
    }
    let score = zxcvbn::zxcvbn(password, context).score();
    if u8::from(score) < 3 {
        return Err(AuthError::TooCommon);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_with_owasp_parameters_and_verify() {
        let h = hash("a long and unusual phrase").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify(&h, "a long and unusual phrase"));
        assert!(!verify(&h, "a long and unusual phrasE"));
        assert_ne!(h, hash("a long and unusual phrase").unwrap(), "salted");
    }

    #[test]
    fn a_malformed_hash_matches_nothing() {
        assert!(!verify("", "x"));
        assert!(!verify("$argon2id$nonsense", "x"));
        assert!(!verify_nobody("anything at all"));
    }

    #[test]
    fn new_passwords_are_long_and_uncommon() {
        assert_eq!(
            check_new("short", &[]),
            Err(AuthError::TooShort { min: 12 })
        );
        assert_eq!(check_new("password1234", &[]), Err(AuthError::TooCommon));
        assert_eq!(check_new("qwertyuiop123", &[]), Err(AuthError::TooCommon));
        assert_eq!(check_new("123456789012", &[]), Err(AuthError::TooCommon));
        assert_eq!(
            check_new("dana@example.com!", &["dana@example.com"]),
            Err(AuthError::TooCommon)
        );
        assert!(check_new(&"x".repeat(300), &[]).is_err());
        assert_eq!(check_new("copper kettles sing at dawn", &[]), Ok(()));
        // Counted in characters, not bytes.
        assert_eq!(
            check_new("ééééééééééé", &[]),
            Err(AuthError::TooShort { min: 12 })
        );
    }
}
