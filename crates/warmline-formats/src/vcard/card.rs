//! One card's text, read by calcard, as a `ContactRecord`.

use calcard::vcard::{
    VCard, VCardEntry, VCardParameterName, VCardParameterValue, VCardProperty, VCardValue,
};
use warmline_core::name_parts::NameParts;
use warmline_core::person::Birthday;

use crate::error::{FormatError, Result};
use crate::record::ContactRecord;
use crate::text::{join_words, non_empty, normalize_newlines};

/// Reads one card (`BEGIN:VCARD` … `END:VCARD`); `bday_line` is its raw BDAY line, read by
/// the splitter because calcard can lose the day.
pub(super) fn contact(text: &str, bday_line: Option<&str>, begin: u64) -> Result<ContactRecord> {
    let card = VCard::parse(text).map_err(|e| {
        FormatError::new(
            begin,
            format!("this card cannot be read ({})", describe(&e)),
        )
    })?;
    let mut c = ContactRecord {
        line: begin,
        ..ContactRecord::default()
    };
    let mut full_name = None;
    let mut emails: Vec<(bool, String)> = Vec::new();
    let mut phones: Vec<(bool, String)> = Vec::new();
    let mut places: Vec<(bool, String)> = Vec::new();
    let mut calcard_bday = None;
    for e in &card.entries {
        let texts = texts(e);
        let first = texts.first().copied().unwrap_or("");
        match &e.name {
            VCardProperty::Fn => full_name = full_name.or_else(|| non_empty(first)),
            // A card with two N (an ALTID translation) is named by the first.
            VCardProperty::N if c.parts.is_empty() => {
                let p = components(e);
                let part = |i: usize| p.get(i).map(String::as_str);
                c.parts = NameParts::new(part(0), part(1), part(2), part(3), part(4));
            }
            VCardProperty::Email => emails.push((is_pref(e), first.to_string())),
            VCardProperty::Tel => phones.push((is_pref(e), first.to_string())),
            VCardProperty::Org if c.org.is_none() => c.org = non_empty(first),
            VCardProperty::Title if c.title.is_none() => c.title = non_empty(first),
            VCardProperty::Url => c.add_url(first),
            VCardProperty::Socialprofile => social_profile(&mut c, e, first),
            VCardProperty::Other(n) if n.eq_ignore_ascii_case("X-SOCIALPROFILE") => {
                social_profile(&mut c, e, first)
            }
            VCardProperty::Adr => {
                // Street parts stay out: a city, region and country are what a person
                // recalls ("she moved to Austin").
                let place = [3, 4, 6]
                    .iter()
                    .filter_map(|&i| texts.get(i).map(|s| s.trim()))
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                if !place.is_empty() {
                    places.push((is_pref(e), place));
                }
            }
            VCardProperty::Note => {
                let note = normalize_newlines(&texts.join(","));
                if let Some(n) = non_empty(&note) {
                    c.notes = Some(match c.notes.take() {
                        Some(before) => format!("{before}\n{n}"),
                        None => n,
                    });
                }
            }
            VCardProperty::Categories => texts.iter().for_each(|t| c.add_tag(t)),
            VCardProperty::Uid if c.uid.is_none() => c.uid = non_empty(first),
            VCardProperty::Bday => {
                calcard_bday = e
                    .values
                    .first()
                    .and_then(|v| v.as_partial_date_time())
                    .and_then(|d| {
                        Some(Birthday {
                            year: d.year.map(i32::from),
                            month: u32::from(d.month?),
                            day: u32::from(d.day?),
                        })
                    })
            }
            _ => {}
        }
    }
    // Preferred values first, the rest in file order.
    emails.sort_by_key(|(pref, _)| !pref);
    phones.sort_by_key(|(pref, _)| !pref);
    places.sort_by_key(|(pref, _)| !pref);
    emails.iter().for_each(|(_, e)| c.add_email(e));
    phones.iter().for_each(|(_, p)| c.add_phone(p));
    c.location = places.into_iter().next().map(|(_, p)| p);
    c.birthday = bday_line.and_then(parse_bday).or(calcard_bday.map(|b| {
        // A placeholder year (`1604`, `0000`) read by the parser as a year is no year.
        match b.year {
            Some(0 | 1604) => Birthday { year: None, ..b },
            _ => b,
        }
    }));
    if c.birthday.is_none()
        && let Some(raw) = bday_line
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim())
        && !raw.is_empty()
    {
        c.unreadable_birthday(raw);
    }
    let from_parts = || {
        non_empty(&join_words([
            c.parts.given.as_deref().unwrap_or(""),
            c.parts.middle.as_deref().unwrap_or(""),
            c.parts.family.as_deref().unwrap_or(""),
        ]))
    };
    let name = full_name
        .map(|n| join_words([n.as_str()]))
        .or_else(from_parts)
        .or_else(|| c.org.clone())
        .or_else(|| c.emails.first().cloned())
        .or_else(|| c.phones.first().cloned());
    c.name = name
        .ok_or_else(|| FormatError::new(begin, "card has no name (no FN, N, ORG, EMAIL or TEL)"))?;
    Ok(c)
}

/// A BDAY content line (`BDAY;VALUE=date:1963-09-21`) as a birthday: full dates, basic
/// `19630921`, year-less `--0623` / `--06-23`, date-times (the date part is kept). Apple
/// marks a year-less birthday with a placeholder year named by `X-APPLE-OMIT-YEAR`.
pub fn parse_bday(line: &str) -> Option<Birthday> {
    let (params, value) = line.split_once(':')?;
    let value = value.trim();
    let date = value.split('T').next().unwrap_or(value).trim();
    let mut b = if date.starts_with("--") {
        Birthday::parse(date)?
    } else {
        let digits: String = date.chars().filter(|c| *c != '-').collect();
        if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let iso = format!(
            "{}-{}-{}",
            digits.get(..4)?,
            digits.get(4..6)?,
            digits.get(6..)?
        );
        Birthday::parse(&iso)?
    };
    let omit = params
        .split(';')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("X-APPLE-OMIT-YEAR"))
        .and_then(|(_, v)| v.trim().parse::<i32>().ok());
    if omit.is_some() && omit == b.year {
        b.year = None;
    }
    Some(b)
}

/// All text in a property's values, components flattened.
fn texts(e: &VCardEntry) -> Vec<&str> {
    let mut out = Vec::new();
    for v in &e.values {
        match v {
            VCardValue::Text(s) => out.push(s.as_str()),
            VCardValue::Component(parts) => out.extend(parts.iter().map(String::as_str)),
            _ => {}
        }
    }
    out
}

/// The components of a structured value (N:family;given;additional;prefix;suffix) in
/// their places: a component that is itself a list ("Hugo,Victor") reads as words, so the
/// positions after it do not shift.
fn components(e: &VCardEntry) -> Vec<String> {
    e.values
        .iter()
        .map(|v| match v {
            // A name part is never a list of its own, so a comma separates its values.
            VCardValue::Text(s) => s.replace(',', " "),
            VCardValue::Component(parts) => parts.join(" ").replace(',', " "),
            _ => String::new(),
        })
        .collect()
}

/// `PREF=1` (4.0) or `TYPE=pref` / a bare `PREF` (2.1, 3.0).
fn is_pref(e: &VCardEntry) -> bool {
    e.params.iter().any(|p| match (&p.name, &p.value) {
        (VCardParameterName::Pref, _) => true,
        (VCardParameterName::Type, VCardParameterValue::Text(t)) => t.eq_ignore_ascii_case("pref"),
        (VCardParameterName::Other(n), _) => n.eq_ignore_ascii_case("pref"),
        _ => false,
    })
}

fn has_type(e: &VCardEntry, wanted: &str) -> bool {
    e.params.iter().any(|p| match (&p.name, &p.value) {
        (VCardParameterName::Type, VCardParameterValue::Text(t)) => t.eq_ignore_ascii_case(wanted),
        (VCardParameterName::ServiceType, VCardParameterValue::Text(t)) => {
            t.eq_ignore_ascii_case(wanted)
        }
        _ => false,
    })
}

/// `X-SOCIALPROFILE;type=linkedin:URL` (Apple, Google) and 4.0's SOCIALPROFILE. Only the
/// LinkedIn profile is kept; a bare handle becomes a profile URL.
fn social_profile(c: &mut ContactRecord, e: &VCardEntry, value: &str) {
    let value = value.trim().replace("\\:", ":");
    if value.is_empty() || c.linkedin.is_some() {
        return;
    }
    if crate::text::is_linkedin_url(&value) {
        c.linkedin = Some(value);
    } else if has_type(e, "linkedin") {
        if value.contains("://") {
            c.linkedin = Some(value);
        } else {
            let handle = value.trim_start_matches('@');
            c.linkedin = Some(format!("https://www.linkedin.com/in/{handle}"));
        }
    }
}

fn describe(e: &calcard::Entry) -> String {
    match e {
        calcard::Entry::InvalidLine(l) => format!("invalid line '{}'", crate::text::shorten(l, 40)),
        calcard::Entry::UnterminatedComponent(c) => format!("{c} never ends"),
        calcard::Entry::Eof => "it is empty".to_string(),
        _ => "unexpected content".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bday(s: &str) -> Option<(Option<i32>, u32, u32)> {
        parse_bday(s).map(|b| (b.year, b.month, b.day))
    }

    #[test]
    fn birthdays() {
        assert_eq!(
            bday("BDAY;VALUE=DATE:1963-09-21"),
            Some((Some(1963), 9, 21))
        );
        assert_eq!(bday("BDAY:19630921"), Some((Some(1963), 9, 21)));
        assert_eq!(bday("BDAY:1963-09-21T00:00:00Z"), Some((Some(1963), 9, 21)));
        assert_eq!(bday("BDAY:--0623"), Some((None, 6, 23)));
        assert_eq!(bday("BDAY:--06-23"), Some((None, 6, 23)));
        assert_eq!(
            bday("BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-06"),
            Some((None, 5, 6))
        );
        // Year-less however written: Apple's 1604 without its parameter, and 0000.
        assert_eq!(bday("BDAY:16040101"), Some((None, 1, 1)));
        assert_eq!(bday("BDAY:1604-01-01"), Some((None, 1, 1)));
        assert_eq!(bday("BDAY:0000-12-09"), Some((None, 12, 9)));
        assert_eq!(bday("BDAY;VALUE=date:00001209"), Some((None, 12, 9)));
        assert_eq!(bday("BDAY;VALUE=text:circa 1800"), None);
        assert_eq!(bday("BDAY:1963-13-45"), None);
        assert_eq!(bday("BDAY"), None);
    }

    #[test]
    fn an_unreadable_birthday_is_kept_in_the_notes_with_a_warning() {
        let text =
            "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nNOTE:met at the fair\nBDAY:circa 1800\nEND:VCARD\n";
        let c = contact(text, Some("BDAY:circa 1800"), 3).unwrap();
        assert_eq!(c.birthday, None);
        assert_eq!(
            c.notes.as_deref(),
            Some("met at the fair\nBirthday (as written): circa 1800")
        );
        assert_eq!(
            c.warnings,
            vec!["birthday 'circa 1800' could not be read; kept in the notes".to_string()]
        );
        let fine = contact(
            "BEGIN:VCARD\nVERSION:3.0\nFN:Bo\nBDAY:16040101\nEND:VCARD\n",
            Some("BDAY:16040101"),
            1,
        )
        .unwrap();
        assert_eq!(
            fine.birthday.map(|b| (b.year, b.month, b.day)),
            Some((None, 1, 1))
        );
        assert!(fine.warnings.is_empty());
    }

    #[test]
    fn fallback_names() {
        let c = contact(
            "BEGIN:VCARD\nVERSION:3.0\nORG:Acme;Sales\nEND:VCARD\n",
            None,
            3,
        )
        .unwrap();
        assert_eq!((c.name.as_str(), c.line), ("Acme", 3));
        let err = contact("BEGIN:VCARD\nVERSION:3.0\nNOTE:x\nEND:VCARD\n", None, 3).unwrap_err();
        assert!(err.message.contains("no name"));
    }

    #[test]
    fn social_profile_handles() {
        let c = contact(
            "BEGIN:VCARD\nVERSION:3.0\nFN:A\nX-SOCIALPROFILE;type=twitter:https://x.com/a\nX-SOCIALPROFILE;type=linkedin:ada\nEND:VCARD\n",
            None,
            1,
        )
        .unwrap();
        assert_eq!(
            c.linkedin.as_deref(),
            Some("https://www.linkedin.com/in/ada")
        );
    }
}
