//! Small text rules shared by the parsers: decoding bytes of unknown encoding, trimming,
//! label cleaning and summaries.

use std::borrow::Cow;

/// Decodes bytes that should be UTF-8. Exports saved by older spreadsheet programs are often
/// Windows-1252 (a superset of Latin-1) instead; invalid UTF-8 is read that way, which never
/// fails and turns `M\xfcller` into `Müller`.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            let (s, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            s
        }
    }
}

/// Removes a leading byte-order mark.
pub fn strip_bom(s: &str) -> &str {
    s.strip_prefix('\u{feff}').unwrap_or(s)
}

/// The trimmed text, or `None` when nothing is left.
pub fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Joins the non-empty parts with single spaces.
pub fn join_words<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in parts {
        for w in p.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

/// Turns CRLF and lone CR into LF. Also turns the four characters `\r\n` into a newline:
/// calcard hands back a quoted-printable `=0D=0A` that way in some cards.
pub fn normalize_newlines(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace("\\r\\n", "\n")
}

/// Trims an address, drops a `mailto:` scheme and lower-cases it; `None` unless it has an `@`
/// with something on each side.
pub fn normalize_email(raw: &str) -> Option<String> {
    let t = raw.trim();
    let t = match t.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("mailto:") => t.get(7..).unwrap_or(""),
        _ => t,
    };
    let t = t.trim().trim_matches(|c| c == '<' || c == '>').trim();
    let (local, domain) = t.split_once('@')?;
    if local.is_empty() || domain.is_empty() || t.chars().any(char::is_whitespace) {
        return None;
    }
    Some(t.to_lowercase())
}

/// Google Contacts packs several values in one cell separated by ` ::: `.
pub fn split_multi(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(":::").map(str::trim).filter(|s| !s.is_empty())
}

/// A label as a user would see it, or `None` for Google's system labels (`* myContacts`,
/// `starred`, `Imported on 5/3/21`), which say nothing about the person.
pub fn user_label(raw: &str) -> Option<String> {
    let t = raw.trim();
    // Labels are single-line words: runs of whitespace are one space.
    let t = join_words([t.strip_prefix('*').unwrap_or(t)]);
    let folded = t.to_lowercase();
    let system = matches!(
        folded.as_str(),
        "" | "mycontacts" | "my contacts" | "starred" | "system group: my contacts"
    ) || folded.starts_with("imported on ");
    (!system).then_some(t)
}

/// Whether a web address is a LinkedIn profile.
pub fn is_linkedin_url(url: &str) -> bool {
    url.to_lowercase().contains("linkedin.com/")
}

/// Collapses whitespace and cuts the text to at most `max` characters at a word boundary,
/// marking the cut with an ellipsis.
pub fn shorten(s: &str, max: usize) -> String {
    let flat = join_words([s]);
    if flat.chars().count() <= max {
        return flat;
    }
    let mut cut: String = flat.chars().take(max.saturating_sub(1)).collect();
    if let Some(space) = cut.rfind(' ')
        && space > cut.len() / 2
    {
        cut.truncate(space);
    }
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_latin1_when_not_utf8() {
        assert_eq!(decode(b"M\xfcller"), "Müller");
        assert_eq!(decode("Müller".as_bytes()), "Müller");
        assert_eq!(decode(b"\x93quoted\x94"), "\u{201c}quoted\u{201d}");
    }

    #[test]
    fn emails() {
        assert_eq!(
            normalize_email("MAILTO:Bob@Example.com").as_deref(),
            Some("bob@example.com")
        );
        assert_eq!(normalize_email("<a@b>").as_deref(), Some("a@b"));
        assert_eq!(normalize_email("nobody"), None);
        assert_eq!(normalize_email("a b@c"), None);
        assert_eq!(normalize_email("é"), None);
    }

    #[test]
    fn labels() {
        assert_eq!(user_label("* myContacts"), None);
        assert_eq!(user_label("starred"), None);
        assert_eq!(user_label("Imported on 5/3/21"), None);
        assert_eq!(user_label("* Friends").as_deref(), Some("Friends"));
        let cells: Vec<&str> = split_multi("a ::: b :::  ").collect();
        assert_eq!(cells, vec!["a", "b"]);
    }

    #[test]
    fn shortens_on_words() {
        assert_eq!(shorten("  hello   world ", 50), "hello world");
        assert_eq!(shorten("alpha beta gamma delta", 12), "alpha beta…");
        assert_eq!(shorten("ééééééééé", 4), "ééé…");
        assert_eq!(shorten("x", 0), "…");
    }

    #[test]
    fn newlines() {
        assert_eq!(normalize_newlines("a\r\nb\rc\\r\\nd"), "a\nb\nc\nd");
    }
}
