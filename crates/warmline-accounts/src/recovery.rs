//! Recovery codes for a lost second factor: shown once, stored as SHA-256 like tokens
//! (each has 60 random bits and works once, so there is nothing to guess offline in time).

use crate::token::hash_of;
use crate::{AuthError, random_bytes};

/// How many codes a person gets.
pub const COUNT: usize = 10;

const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// Fresh codes as shown (`xxxx-xxxx-xxxx`), each with its stored hash.
pub fn new_codes() -> Result<Vec<(String, String)>, AuthError> {
    (0..COUNT)
        .map(|_| {
            let bytes: [u8; 12] = random_bytes()?;
            let chars: Vec<char> = bytes
                .iter()
                .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
                .collect();
            let code = chars
                .chunks(4)
                .map(|c| c.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join("-");
            let hash = stored(&code);
            Ok((code, hash))
        })
        .collect()
}

/// The stored form of a code as typed: case, spaces and dashes do not matter.
pub fn stored(typed: &str) -> String {
    let plain: String = typed
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    hash_of(&plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_typed_loosely() {
        let codes = new_codes().unwrap();
        assert_eq!(codes.len(), COUNT);
        let (code, hash) = &codes[0];
        assert_eq!(code.len(), 14);
        assert_eq!(&stored(&code.to_uppercase().replace('-', " ")), hash);
        assert_ne!(codes[0].0, codes[1].0);
    }
}
