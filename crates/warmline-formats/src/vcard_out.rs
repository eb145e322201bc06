//! vCard 4.0 export.
//!
//! Written by hand rather than through calcard's writer: the output is small and fixed,
//! and doing it here keeps escaping and folding under test (calcard writes a
//! quoted-printable CRLF back as a literal `\r\n`). Every card gets a UID — address books
//! such as khard skip cards without one — taken from the record or derived from its name
//! and first address. Lines are folded at 75 octets, never inside a UTF-8 character.

use std::io::Write;

use warmline_core::name_parts::NameParts;

use crate::error::{FormatError, Result};
use crate::record::ContactRecord;

const FOLD_AT: usize = 75;

/// Writes the records as a `.vcf` file.
pub fn write_vcards<'a, W: Write>(
    mut out: W,
    records: impl IntoIterator<Item = &'a ContactRecord>,
) -> Result<()> {
    for r in records {
        write_vcard(&mut out, r)?;
    }
    out.flush().map_err(write_error)
}

fn write_error(e: std::io::Error) -> FormatError {
    FormatError::new(0, format!("cannot write: {e}"))
}

/// The UID a record exports with: its own, or one derived from its name and first e-mail
/// address, so the same contact exports with the same UID each time.
pub fn uid_of(r: &ContactRecord) -> String {
    if let Some(uid) = r.uid.as_deref().filter(|u| !u.trim().is_empty()) {
        return uid.trim().to_string();
    }
    let key = format!(
        "warmline:contact:{}:{}",
        r.name,
        r.emails.first().map_or("", String::as_str)
    );
    let u = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, key.as_bytes());
    format!("urn:uuid:{u}")
}

/// The vCard version a card is written in: 4.0 (RFC 6350) unless a reader asks for 3.0
/// (RFC 2426), as iOS's address book does over CardDAV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VcardVersion {
    V3,
    #[default]
    V4,
}

/// Writes one card, in vCard 4.0.
pub fn write_vcard<W: Write>(out: &mut W, r: &ContactRecord) -> Result<()> {
    write_vcard_as(out, r, VcardVersion::V4)
}

/// Writes one card in `version`. The two differ only where 3.0 has no 4.0 form: the
/// e-mail's `TYPE=INTERNET`, a telephone without `VALUE=text`, and a birthday as
/// `YYYY-MM-DD` (a day without a year in Apple's way, year 1604 marked as omitted).
pub fn write_vcard_as<W: Write>(
    out: &mut W,
    r: &ContactRecord,
    version: VcardVersion,
) -> Result<()> {
    let v3 = version == VcardVersion::V3;
    let mut card = String::with_capacity(512);
    line(&mut card, "BEGIN:VCARD");
    line(&mut card, if v3 { "VERSION:3.0" } else { "VERSION:4.0" });
    line(&mut card, "PRODID:-//warmline//warmline//EN");
    line(&mut card, &format!("UID:{}", text(&uid_of(r), false)));
    let name = if r.name.trim().is_empty() {
        r.emails
            .first()
            .cloned()
            .unwrap_or_else(|| "(no name)".into())
    } else {
        r.name.trim().to_string()
    };
    line(&mut card, &format!("FN:{}", text(&name, false)));
    let parts = if r.parts.is_empty() {
        NameParts::guessed_from(&name)
    } else {
        r.parts.clone()
    };
    let part = |p: &Option<String>| text(p.as_deref().unwrap_or(""), true);
    line(
        &mut card,
        &format!(
            "N:{};{};{};{};{}",
            part(&parts.family),
            part(&parts.given),
            part(&parts.middle),
            part(&parts.prefix),
            part(&parts.suffix)
        ),
    );
    for (i, e) in r.emails.iter().enumerate() {
        let params = match (v3, i == 0) {
            (false, true) => ";PREF=1",
            (false, false) => "",
            (true, true) => ";TYPE=INTERNET,PREF",
            (true, false) => ";TYPE=INTERNET",
        };
        line(&mut card, &format!("EMAIL{params}:{}", text(e, false)));
    }
    for p in &r.phones {
        let params = if v3 { "" } else { ";VALUE=text" };
        line(&mut card, &format!("TEL{params}:{}", text(p, false)));
    }
    if let Some(org) = &r.org {
        line(&mut card, &format!("ORG:{}", text(org, true)));
    }
    if let Some(title) = &r.title {
        line(&mut card, &format!("TITLE:{}", text(title, false)));
    }
    if let Some(url) = &r.website {
        line(&mut card, &format!("URL:{}", text(url, false)));
    }
    if let Some(li) = &r.linkedin {
        line(
            &mut card,
            &format!("X-SOCIALPROFILE;TYPE=linkedin:{}", text(li, false)),
        );
    }
    if let Some(place) = &r.location {
        // A place as typed ("Austin, TX") goes in the locality so that it reads back whole.
        line(&mut card, &format!("ADR:;;;{};;;", text(place, true)));
    }
    if let Some(b) = r.birthday.filter(|_| v3) {
        let value = match b.year {
            Some(y) if (0..=9999).contains(&y) => {
                Some(format!(":{y:04}-{:02}-{:02}", b.month, b.day))
            }
            Some(_) => None,
            None => Some(format!(
                ";X-APPLE-OMIT-YEAR=1604:1604-{:02}-{:02}",
                b.month, b.day
            )),
        };
        if let Some(v) = value {
            line(&mut card, &format!("BDAY{v}"));
        }
    }
    if let Some(b) = r.birthday.filter(|_| !v3) {
        let value = match b.year {
            Some(y) if (0..=9999).contains(&y) => Some(format!("{y:04}{:02}{:02}", b.month, b.day)),
            Some(_) => None,
            None => Some(format!("--{:02}{:02}", b.month, b.day)),
        };
        if let Some(v) = value {
            line(&mut card, &format!("BDAY:{v}"));
        }
    }
    if !r.tags.is_empty() {
        let tags: Vec<String> = r.tags.iter().map(|t| text(t, true)).collect();
        line(&mut card, &format!("CATEGORIES:{}", tags.join(",")));
    }
    if let Some(note) = r.notes.as_deref().filter(|n| !n.trim().is_empty()) {
        line(&mut card, &format!("NOTE:{}", text(note, false)));
    }
    line(&mut card, "END:VCARD");
    out.write_all(card.as_bytes()).map_err(write_error)
}

/// Escapes a text value (RFC 6350 §3.4): backslash, comma and newline always; semicolon
/// in compound values, where it separates components. Other control characters cannot be
/// carried and are dropped.
pub fn text(value: &str, compound: bool) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' if compound => out.push_str("\\;"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line folded at 75 octets (continuations start with a space).
fn line(card: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > FOLD_AT {
            card.push_str("\r\n ");
            width = 1;
        }
        card.push(c);
        width += len;
    }
    card.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use warmline_core::person::Birthday;

    #[test]
    fn escapes() {
        assert_eq!(text("a,b;c\\d\ne\r\nf\u{7}", false), "a\\,b;c\\\\d\\ne\\nf");
        assert_eq!(text("a;b", true), "a\\;b");
    }

    #[test]
    fn folds_at_75_octets_on_char_boundaries() {
        let mut s = String::new();
        line(&mut s, &format!("NOTE:{}", "é".repeat(100)));
        for l in s.split("\r\n") {
            assert!(l.len() <= 75, "{}", l.len());
        }
        let unfolded = s.replace("\r\n ", "");
        assert_eq!(unfolded, format!("NOTE:{}\r\n", "é".repeat(100)));
    }

    #[test]
    fn writes_a_card() {
        let r = ContactRecord {
            name: "Ada Lovelace".into(),
            emails: vec!["ada@example.com".into()],
            birthday: Some(Birthday {
                year: None,
                month: 12,
                day: 10,
            }),
            tags: vec!["a,b".into()],
            linkedin: Some("https://www.linkedin.com/in/ada".into()),
            ..ContactRecord::default()
        };
        let mut out = Vec::new();
        write_vcards(&mut out, [&r]).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n"), "{s}");
        assert!(s.contains("\r\nUID:urn:uuid:"));
        assert!(s.contains("\r\nN:Lovelace;Ada;;;\r\n"));
        assert!(s.contains("\r\nBDAY:--1210\r\n"));
        assert!(s.contains("\r\nCATEGORIES:a\\,b\r\n"));
        assert!(
            s.contains("\r\nX-SOCIALPROFILE;TYPE=linkedin:https://www.linkedin.com/in/ada\r\n")
        );
        assert_eq!(uid_of(&r), uid_of(&r.clone()));
    }

    #[test]
    fn writes_a_card_in_3_0_when_asked() {
        let mut r = ContactRecord {
            name: "Ada Lovelace".into(),
            emails: vec!["ada@example.com".into(), "ada@work.example".into()],
            phones: vec!["+44 20 7946 0000".into()],
            birthday: Some(Birthday {
                year: None,
                month: 12,
                day: 10,
            }),
            ..ContactRecord::default()
        };
        let mut out = Vec::new();
        write_vcard_as(&mut out, &r, VcardVersion::V3).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\n"), "{s}");
        assert!(
            s.contains("\r\nEMAIL;TYPE=INTERNET,PREF:ada@example.com\r\n"),
            "{s}"
        );
        assert!(
            s.contains("\r\nEMAIL;TYPE=INTERNET:ada@work.example\r\n"),
            "{s}"
        );
        assert!(s.contains("\r\nTEL:+44 20 7946 0000\r\n"), "{s}");
        assert!(
            s.contains("\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-12-10\r\n"),
            "{s}"
        );
        r.birthday = Some(Birthday {
            year: Some(1815),
            month: 12,
            day: 10,
        });
        let mut out = Vec::new();
        write_vcard_as(&mut out, &r, VcardVersion::V3).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains("\r\nBDAY:1815-12-10\r\n"), "{s}");
        // Read back by our own reader, the same contact.
        let back: Vec<_> = crate::vcard::vcards(s.as_bytes()).collect();
        assert_eq!(back.len(), 1);
    }
}
