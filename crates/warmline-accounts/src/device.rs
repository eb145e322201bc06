//! Passwords for devices (a phone's address book, a calendar app): made here, never chosen
//! by the person, so each is long and random, and shown once. They are stored as argon2id
//! hashes like account passwords ([`crate::password::hash`]): a device password opens the
//! whole network, so a stolen copy of the database must not hand it over.

use crate::{AuthError, random_bytes};

/// 32 symbols, none easily confused (no 0/o, 1/l/i): 5 bits each.
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// Groups of four, as shown: `xxxx-xxxx-xxxx-xxxx-xxxx` (about 99 random bits, typed on a
/// phone's keyboard without switching case).
pub const GROUPS: usize = 5;

/// A fresh device password as shown once, and the hash to keep.
pub fn new() -> Result<(String, String), AuthError> {
    let bytes: [u8; GROUPS * 4] = random_bytes()?;
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    let secret = chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-");
    let hash = crate::password::hash(&secret)?;
    Ok((secret, hash))
}

/// Whether a presented value could be a device password at all, checked before any
/// hashing so that junk costs nothing.
pub fn looks_like(presented: &str) -> bool {
    presented.len() == GROUPS * 5 - 1
        && presented.split('-').count() == GROUPS
        && presented
            .split('-')
            .all(|g| g.len() == 4 && g.bytes().all(|b| ALPHABET.contains(&b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_passwords_are_random_shaped_and_verify_against_their_hash() {
        let (a, hash) = new().unwrap();
        let (b, _) = new().unwrap();
        assert_ne!(a, b);
        assert!(looks_like(&a), "{a}");
        assert!(hash.starts_with("$argon2id$"));
        assert!(crate::password::verify(&hash, &a));
        assert!(!crate::password::verify(&hash, &b));
        assert!(!looks_like("abcd-efgh"));
        assert!(!looks_like("ABCD-EFGH-JKMN-PQRS-TUVW"));
        assert!(!looks_like("abcd-efgh-jkmn-pqrs-tuv0"));
    }
}
