//! The TOTP second factor (RFC 6238: SHA-1, six digits, 30-second steps, one step of skew
//! either way), as every authenticator app reads it.

use totp_rs::{Builder, Secret, Totp};

use crate::{AuthError, random_bytes};

/// The issuer shown in authenticator apps.
pub const ISSUER: &str = "warmline";

/// A new secret (160 random bits, as RFC 4226 recommends), in base32 as apps take it.
pub fn new_secret() -> Result<String, AuthError> {
    let bytes: [u8; 20] = random_bytes()?;
    Ok(Secret::new_stack(bytes).to_base32())
}

fn totp(secret: &str, account: &str) -> Result<Totp, AuthError> {
    let secret = Secret::try_from_base32(secret).map_err(|_| AuthError::BadSecret)?;
    Builder::new()
        .with_secret(secret)
        .with_account_name(account)
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|_| AuthError::BadSecret)
}

/// The `otpauth://` address an authenticator app reads (or a QR code of it).
pub fn uri(secret: &str, account: &str) -> Result<String, AuthError> {
    totp(secret, account)?
        .to_url()
        .map_err(|_| AuthError::BadSecret)
}

/// Whether `code` (spaces allowed) is right at `now` (Unix seconds).
pub fn check(secret: &str, code: &str, now: u64) -> bool {
    step(secret, code, now).is_some()
}

/// The 30-second step `code` (spaces allowed) belongs to, when it is right at `now` (one
/// step of skew either way). A code is used up once its step is: the caller refuses a
/// step not later than the last one accepted, so a code seen over a shoulder cannot be
/// typed again within its window.
pub fn step(secret: &str, code: &str, now: u64) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    totp(secret, "check").ok()?.check(&code, now)
}

/// The code at `now`, for tests and for showing that setup worked.
pub fn code_at(secret: &str, now: u64) -> Result<String, AuthError> {
    Ok(totp(secret, "code")?.generate(now).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_vector() {
        // RFC 6238 appendix B: "12345678901234567890" at 59 s gives 94287082 (8 digits);
        // its last six digits are the six-digit code.
        let secret = Secret::new_stack(*b"12345678901234567890").to_base32();
        assert_eq!(code_at(&secret, 59).unwrap(), "287082");
        assert!(check(&secret, "287 082", 59));
        assert!(check(&secret, "287082", 59 + 30), "one step of skew");
        assert!(!check(&secret, "287082", 59 + 90));
        assert!(!check(&secret, "28708", 59));
        assert!(!check("not base32!", "287082", 59));
        assert_eq!(step(&secret, "287082", 59), Some(1));
        assert_eq!(
            step(&secret, "287082", 89),
            Some(1),
            "the step it was made in"
        );
        assert_eq!(step(&secret, "287083", 59), None);
    }

    #[test]
    fn secrets_are_fresh_and_make_an_otpauth_uri() {
        let s = new_secret().unwrap();
        assert_ne!(s, new_secret().unwrap());
        let u = uri(&s, "dana@example.com").unwrap();
        assert!(
            u.starts_with("otpauth://totp/warmline:dana%40example.com?"),
            "{u}"
        );
        assert!(u.contains(&format!("secret={s}")), "{u}");
    }
}
