//! Form text without control characters. A form is the web's way into the store, as the
//! command line's arguments and the importers' records are theirs: each removes control
//! characters other than tab and newline (`warmline_core::text::clean`) before anything
//! is read. Here it is done on the encoded body, so every field of every form is covered
//! before it is decoded into one.

/// The value of a hex digit.
fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// A decoded byte that may not be stored: C0 controls but tab and newline, and DEL.
fn control(b: u8) -> bool {
    (b < 0x20 && b != b'\t' && b != b'\n') || b == 0x7f
}

/// An `application/x-www-form-urlencoded` body with control characters removed, whether
/// percent-encoded (`%1B`, `%C2%9B` for a C1 control) or raw.
pub fn clean_form(body: &[u8]) -> Vec<u8> {
    let decoded = |i: usize| -> Option<u8> {
        match body.get(i..i + 3) {
            Some([b'%', h, l]) => Some(hex(*h)? << 4 | hex(*l)?),
            _ => None,
        }
    };
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        match decoded(i) {
            Some(b) if control(b) => i += 3,
            // U+0080 to U+009F, encoded as C2 80 to C2 9F.
            Some(0xc2) if decoded(i + 3).is_some_and(|b| (0x80..=0x9f).contains(&b)) => i += 6,
            Some(_) => {
                out.extend_from_slice(&body[i..i + 3]);
                i += 3;
            }
            None => {
                if !control(body[i]) {
                    out.push(body[i]);
                }
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_and_raw_controls_go_and_the_rest_stays() {
        let body = b"name=Eve%1B%5D0%3Bx%07+Smith&notes=a%0D%0Ab%09c%C2%9Bd%C3%A9&t=%zz\x1b";
        assert_eq!(
            String::from_utf8(clean_form(body)).unwrap(),
            "name=Eve%5D0%3Bx+Smith&notes=a%0Ab%09cd%C3%A9&t=%zz"
        );
        assert_eq!(clean_form(b"plain=1&x=%41"), b"plain=1&x=%41");
    }
}
