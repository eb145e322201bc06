//! Text as people read and compare it: counts with thousands separated, and folding, in
//! which case, accents and punctuation fall away so that "zoe" finds "Zoë" and "Müller"
//! meets "muller".

use deunicode::deunicode;

/// A count with thousands separated: 10,000.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Lower-case ASCII transliteration with runs of non-alphanumerics collapsed to one space.
pub fn fold(s: &str) -> String {
    let ascii = deunicode(s);
    let mut out = String::with_capacity(ascii.len());
    let mut pending_space = false;
    for ch in ascii.chars() {
        if ch.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(ch.to_ascii_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// The folded words of a text.
pub fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Normalises a phone number to its digits (and a leading `+`) so that
/// "+1 (555) 010-0100" and "+15550100100" are the same number.
pub fn phone_key(s: &str) -> String {
    let mut out = String::new();
    for (i, ch) in s.trim().chars().enumerate() {
        if ch.is_ascii_digit() || (ch == '+' && i == 0) {
            out.push(ch);
        }
    }
    out
}

/// Normalises a LinkedIn profile address so that exports with and without `www.`, a
/// trailing slash or `http` all name the same person.
pub fn linkedin_key(url: &str) -> String {
    let mut s = url.trim().to_lowercase();
    for prefix in ["https://", "http://"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_string();
        }
    }
    for prefix in ["www.", "m."] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_string();
        }
    }
    if let Some(q) = s.find(['?', '#']) {
        s.truncate(q);
    }
    while s.ends_with('/') {
        s.pop();
    }
    format!("https://www.{s}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_punctuation() {
        assert_eq!(fold("Zoë  O'Brien-Smith"), "zoe o brien smith");
        assert_eq!(fold("Jürgen Müller"), "jurgen muller");
        assert_eq!(fold("  "), "");
        assert_eq!(words("Hello, World!"), vec!["hello", "world"]);
    }

    #[test]
    fn phones_compare_by_digits() {
        assert_eq!(phone_key("+1 (555) 010-0100"), "+15550100100");
        assert_eq!(phone_key("555 0100"), "5550100");
    }

    #[test]
    fn linkedin_urls_normalise() {
        let k = "https://www.linkedin.com/in/ada";
        assert_eq!(linkedin_key("https://www.linkedin.com/in/ada/"), k);
        assert_eq!(linkedin_key("http://linkedin.com/in/Ada"), k);
        assert_eq!(linkedin_key("linkedin.com/in/ada?trk=x"), k);
    }
}
