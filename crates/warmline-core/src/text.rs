//! Text as people read and compare it: counts with thousands separated, and folding, in
//! which case, accents and punctuation fall away so that "zoe" finds "Zoë" and "Müller"
//! meets "muller".

use std::borrow::Cow;

use deunicode::deunicode;

/// Whether a character may be stored: anything but a control character, tab and newline
/// aside. ESC, BEL, a bare CR and their kind can retitle, clear or rewrite a terminal,
/// and inject lines into the files warmline writes; no name or note needs them.
fn storable(c: char) -> bool {
    !c.is_control() || c == '\t' || c == '\n'
}

/// Text as it may be stored: control characters other than tab and newline removed
/// (a CRLF line end keeps its LF). Borrowed when nothing needs removing, the usual case.
pub fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().all(storable) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|c| storable(*c)).collect())
    }
}

/// [`clean`] in place, for a field about to be stored.
pub fn clean_in_place(s: &mut String) {
    if !s.chars().all(storable) {
        s.retain(storable);
    }
}

/// Text as it may reach a terminal: as [`clean`], except the colour codes warmline's own
/// rendering writes (`ESC [ digits ; m`), which only colour. Anything else that starts
/// with ESC (a title, a cursor move, clearing the screen) loses its ESC and is harmless.
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| storable(c) || c == '\x1b') && !s.contains('\x1b') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '\x1b' {
            let tail = &rest[1..];
            let body = tail.strip_prefix('[').map(|t| {
                t.find(|c: char| !(c.is_ascii_digit() || c == ';'))
                    .unwrap_or(t.len())
            });
            if let Some(n) = body
                && tail[1 + n..].starts_with('m')
            {
                out.push_str(&rest[..n + 3]);
                rest = &rest[n + 3..];
                continue;
            }
        } else if storable(c) {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

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
    fn stored_text_keeps_tabs_and_newlines_and_nothing_else_of_control() {
        assert!(matches!(clean("Zoë Park\tx\ny"), Cow::Borrowed(_)));
        assert_eq!(clean("Eve\x1b]0;owned\x07 Smith"), "Eve]0;owned Smith");
        assert_eq!(clean("a\r\nb\rc\u{0}d\u{7f}e\u{9b}f"), "a\nbcdef");
        let mut s = String::from("\x1b[2Jnote");
        clean_in_place(&mut s);
        assert_eq!(s, "[2Jnote");
    }

    #[test]
    fn a_terminal_gets_colours_and_nothing_else_that_moves_it() {
        let coloured = "\x1b[1mDana\x1b[0m and \x1b[2;33mwarm\x1b[0m\n";
        assert_eq!(terminal_safe(coloured), coloured);
        assert_eq!(terminal_safe("plain\n"), "plain\n");
        assert_eq!(
            terminal_safe("Eve\x1b]0;owned\x07 \x1b[2J\x1b[Hx\x1b"),
            "Eve]0;owned [2J[Hx"
        );
        assert_eq!(terminal_safe("bell\x07 cr\r é"), "bell cr é");
    }

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
