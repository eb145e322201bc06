//! Secret tokens (session ids, one-time links): 256 random bits, given out as hex and
//! stored only as their SHA-256, so the registry never holds a usable token. A token has
//! full entropy, so a fast hash is enough: there is nothing to guess offline.

use sha2::{Digest, Sha256};

use crate::{AuthError, hex, random_bytes};

/// A token as handed to the browser (64 hex digits) and the hash the registry keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub secret: String,
    pub hash: String,
}

/// A fresh random token.
pub fn new() -> Result<Token, AuthError> {
    let bytes: [u8; 32] = random_bytes()?;
    let secret = hex(&bytes);
    let hash = hash_of(&secret);
    Ok(Token { secret, hash })
}

/// The stored form of a token someone presents.
pub fn hash_of(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// Whether a presented value could be a token at all (checked before any lookup).
pub fn looks_like(secret: &str) -> bool {
    secret.len() == 64 && secret.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, b) = (new().unwrap(), new().unwrap());
        assert_ne!(a.secret, b.secret);
        assert!(looks_like(&a.secret));
        assert_eq!(a.hash, hash_of(&a.secret));
        assert_ne!(a.hash, a.secret);
        assert_eq!(
            hash_of("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(!looks_like("abc"));
    }
}
