//! One message's header block, read by mail-parser.

use std::sync::OnceLock;

use chrono::NaiveDate;
use mail_parser::{Address, HeaderName, HeaderValue, MessageParser};

use super::{MailAddress, MailMessage};

/// A parser that reads only the headers warmline uses; the rest are skipped unparsed.
fn parser() -> &'static MessageParser {
    static PARSER: OnceLock<MessageParser> = OnceLock::new();
    PARSER.get_or_init(|| {
        MessageParser::new()
            .default_header_ignore()
            .header_date(HeaderName::Date)
            .header_address(HeaderName::From)
            .header_address(HeaderName::To)
            .header_address(HeaderName::Cc)
            .header_text(HeaderName::Subject)
            .header_id(HeaderName::MessageId)
            .header_id(HeaderName::InReplyTo)
            .header_id(HeaderName::References)
    })
}

/// Gmail's thread id, from an `X-GM-THRID:` header line (read while collecting the block,
/// since mail-parser files unknown headers under names that are awkward to look up).
pub(super) fn gmail_thread(line: &[u8]) -> Option<String> {
    let name = line.get(..11)?;
    if !name.eq_ignore_ascii_case(b"X-GM-THRID:") {
        return None;
    }
    let id = String::from_utf8_lossy(line.get(11..)?).trim().to_string();
    (!id.is_empty()).then_some(id)
}

pub(super) fn message(
    line: u64,
    envelope: &[u8],
    block: &[u8],
    gmail_thread: Option<String>,
) -> MailMessage {
    let mut raw = Vec::with_capacity(block.len() + 1);
    raw.extend_from_slice(block);
    raw.push(b'\n');
    let parsed = parser().parse_headers(&raw);
    let Some(m) = parsed else {
        return MailMessage {
            line,
            date: envelope_date(envelope),
            from: None,
            to: Vec::new(),
            cc: Vec::new(),
            subject: String::new(),
            thread: format!("line:{line}"),
        };
    };
    let date = m
        .date()
        .and_then(|d| {
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
        })
        .or_else(|| envelope_date(envelope));
    let subject = m.subject().unwrap_or("").trim().to_string();
    let first_id = |v: &HeaderValue<'_>| -> Option<String> {
        match v {
            HeaderValue::Text(t) => Some(t.to_string()),
            HeaderValue::TextList(l) => l.first().map(|t| t.to_string()),
            _ => None,
        }
        .filter(|s| !s.trim().is_empty())
    };
    let thread = if let Some(t) = gmail_thread {
        format!("gm:{t}")
    } else if let Some(root) = first_id(m.references()).or_else(|| first_id(m.in_reply_to())) {
        format!("id:{root}")
    } else if let Some(id) = m.message_id().filter(|s| !s.trim().is_empty()) {
        format!("id:{id}")
    } else {
        let name = m.thread_name().unwrap_or(&subject);
        format!("subject:{}", warmline_core::text::fold(name))
    };
    MailMessage {
        line,
        date,
        from: m.from().and_then(|a| addresses(a).into_iter().next()),
        to: m.to().map(addresses).unwrap_or_default(),
        cc: m.cc().map(addresses).unwrap_or_default(),
        subject,
        thread,
    }
}

fn addresses(a: &Address<'_>) -> Vec<MailAddress> {
    a.iter()
        .filter_map(|addr| {
            let email = crate::text::normalize_email(addr.address()?)?;
            Some(MailAddress {
                name: addr.name().and_then(crate::text::non_empty),
                email,
            })
        })
        .collect()
}

/// The date on a `From sender Wed Nov 11 10:00:00 +0000 2026` separator line: the month
/// name, the day after it and the last four-digit word.
fn envelope_date(envelope: &[u8]) -> Option<NaiveDate> {
    let text = String::from_utf8_lossy(envelope);
    let words: Vec<&str> = text.split_whitespace().collect();
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let (i, month) = words.iter().enumerate().find_map(|(i, w)| {
        let m = MONTHS.iter().position(|m| w.eq_ignore_ascii_case(m))?;
        Some((i, m as u32 + 1))
    })?;
    let day: u32 = words.get(i + 1)?.parse().ok()?;
    let year: i32 = words
        .iter()
        .rev()
        .find(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))?
        .parse()
        .ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_headers_and_threads() {
        let block = b"From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <Juergen@Example.de>\nTo: Me <me@example.com>,\n \"Lovelace, Ada\" <ada@example.com>\nSubject: =?UTF-8?B?UmU6IEludHJvIOKAkyBBY21l?=\nDate: Wed, 11 Nov 2026 23:30:00 -0800\nReferences: <root@x> <mid@x>\n";
        let m = message(4, b"From x", block, None);
        let from = m.from.unwrap();
        assert_eq!(
            (from.name.as_deref(), from.email.as_str()),
            (Some("Jürgen Müller"), "juergen@example.de")
        );
        assert_eq!(m.to.len(), 2);
        assert_eq!(m.to[1].name.as_deref(), Some("Lovelace, Ada"));
        assert_eq!(m.subject, "Re: Intro – Acme");
        assert_eq!(m.date, NaiveDate::from_ymd_opt(2026, 11, 11));
        assert_eq!(m.thread, "id:root@x");
        assert_eq!(message(1, b"", block, Some("17".into())).thread, "gm:17");
    }

    #[test]
    fn thread_falls_back_to_subject() {
        let m = message(1, b"", b"Subject: Re: Lunch?\n", None);
        assert_eq!(m.thread, "subject:lunch");
        let m = message(1, b"", b"", None);
        assert!(m.thread.starts_with("line:") || m.thread.starts_with("subject:"));
    }

    #[test]
    fn envelope_dates() {
        assert_eq!(
            envelope_date(b"From 1@xxx Wed Nov 11 10:00:00 +0000 2026"),
            NaiveDate::from_ymd_opt(2026, 11, 11)
        );
        assert_eq!(
            envelope_date(b"From x Mon Jan  5 10:00:00 2026"),
            NaiveDate::from_ymd_opt(2026, 1, 5)
        );
        assert_eq!(envelope_date(b"From x"), None);
    }
}
