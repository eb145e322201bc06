//! The daily digest as an e-mail: the message (plain text with an HTML alternative) and
//! sending it over SMTP, retried with back-off, every attempt handed to the caller to
//! record. What a digest holds and when it is due are warmline-core's (`digest`); where
//! the attempts are kept is the caller's (the registry in server mode, standard error
//! locally).
//!
//! The SMTP address is a URL: `smtp://host:port` (plain, for a relay on this host or a
//! test sink), `smtp+starttls://host:port` (STARTTLS required), `smtps://host:port`
//! (TLS from the first byte), and lettre's own `smtp://host:port?tls=required|opportunistic`.
//! A user and password go before the host (`smtps://user:pass@host`). TLS is rustls with
//! the system's root certificates.

use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::{Message, SmtpTransport, Transport};
use warmline_core::digest::Digest;

/// What went wrong, in one line.
#[derive(Debug, thiserror::Error)]
pub enum DigestError {
    #[error("{0}")]
    Invalid(String),
    /// Every attempt failed (or one failed for good): the last reason.
    #[error("{}", not_sent(.attempts, .reason))]
    NotSent { attempts: u32, reason: String },
}

fn not_sent(attempts: &u32, reason: &str) -> String {
    let s = if *attempts == 1 { "" } else { "s" };
    format!("the digest was not sent after {attempts} attempt{s}: {reason}")
}

/// How often and how patiently to try.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// Attempts in all (at least one).
    pub attempts: u32,
    /// The wait after the first refusal; each later wait doubles.
    pub first_wait: Duration,
    /// How long one attempt may take.
    pub timeout: Duration,
}

impl Default for Retry {
    /// Three attempts, waiting 2 then 4 seconds, 30 seconds each at most.
    fn default() -> Retry {
        Retry {
            attempts: 3,
            first_wait: Duration::from_secs(2),
            timeout: Duration::from_secs(30),
        }
    }
}

/// One attempt to hand the message over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// 1 for the first.
    pub number: u32,
    /// When it ended (Unix seconds, from the caller's clock).
    pub at: i64,
    /// None when the server took the message; the reason otherwise.
    pub error: Option<String>,
    /// Whether another attempt follows this refusal.
    pub will_retry: bool,
}

/// A checked SMTP address.
#[derive(Debug, Clone)]
pub struct Smtp {
    /// In lettre's form.
    url: String,
    /// Without credentials, for messages.
    shown: String,
}

impl Smtp {
    pub fn parse(text: &str) -> Result<Smtp, DigestError> {
        let text = text.trim();
        let bad = |why: &str| {
            DigestError::Invalid(format!(
                "'{}' is not an SMTP address ({why}): use smtp://HOST:PORT, smtp+starttls://HOST:PORT or smtps://HOST:PORT",
                hide_password(text)
            ))
        };
        let (scheme, rest) = text.split_once("://").ok_or_else(|| bad("no scheme"))?;
        let url = match scheme.to_ascii_lowercase().as_str() {
            "smtp" | "smtps" => format!("{}://{rest}", scheme.to_ascii_lowercase()),
            "smtp+starttls" => {
                if rest.contains('?') {
                    return Err(bad("smtp+starttls takes no ?tls="));
                }
                format!("smtp://{rest}?tls=required")
            }
            _ => return Err(bad("unknown scheme")),
        };
        let host = rest.rsplit('@').next().unwrap_or_default();
        if host.is_empty() || host.starts_with(':') || host.starts_with('/') {
            return Err(bad("no host"));
        }
        SmtpTransport::from_url(&url).map_err(|e| bad(&e.to_string()))?;
        Ok(Smtp {
            url,
            shown: hide_password(text),
        })
    }

    /// The address without its password.
    pub fn shown(&self) -> &str {
        &self.shown
    }
}

/// `smtps://user:secret@host` → `smtps://user:***@host`.
fn hide_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.rsplit_once('@') {
        Some((creds, host)) => {
            let user = creds.split(':').next().unwrap_or_default();
            if creds.contains(':') {
                format!("{scheme}://{user}:***@{host}")
            } else {
                url.to_string()
            }
        }
        None => url.to_string(),
    }
}

fn mailbox(what: &str, text: &str) -> Result<Mailbox, DigestError> {
    text.trim().parse::<Mailbox>().map_err(|_| {
        DigestError::Invalid(format!("{what} '{}' is not an e-mail address", text.trim()))
    })
}

/// Checks an address as the message would need it.
pub fn check_address(what: &str, text: &str) -> Result<(), DigestError> {
    mailbox(what, text).map(|_| ())
}

/// The digest as a message from `from` to `to`, its links under `base`
/// (`https://warmline.example.org`).
pub fn message(digest: &Digest, from: &str, to: &str, base: &str) -> Result<Message, DigestError> {
    Message::builder()
        .from(mailbox("the sender", from)?)
        .to(mailbox("the recipient", to)?)
        .subject(digest.subject())
        .multipart(MultiPart::alternative_plain_html(
            text(digest, base),
            html(digest, base),
        ))
        .map_err(|e| DigestError::Invalid(format!("cannot build the message: {e}")))
}

fn join(base: &str, path: &str) -> String {
    format!("{}{path}", base.trim_end_matches('/'))
}

fn long_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {} {}", d.format("%A"), d.day(), d.format("%B"))
}

fn short_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {} {}", d.format("%a"), d.day(), d.format("%b"))
}

/// The plain-text digest (also what `warmline digest` prints).
pub fn text(digest: &Digest, base: &str) -> String {
    let mut s = format!("Today, {}\n\n", long_date(digest.date));
    if digest.items.is_empty() {
        s.push_str("Nothing is due today: a good day to meet someone new, or to help someone.\n");
    }
    for e in &digest.items {
        s.push_str(&format!("* {}: {}\n", e.kind, e.who));
        s.push_str(&format!("  {}\n", e.reason));
        s.push_str(&format!("  -> {}\n", e.action));
        s.push_str(&format!("  {}\n\n", join(base, &e.link)));
    }
    if digest.more > 0 {
        s.push_str(&format!(
            "{} more waiting: {}\n\n",
            digest.more,
            join(base, "/")
        ));
    }
    if digest.items.is_empty() {
        s.push('\n');
    }
    s.push_str("This week\n\n");
    if digest.meetings.is_empty() {
        s.push_str("No meetings ahead this week.\n");
    }
    for m in &digest.meetings {
        let with = if m.with.is_empty() {
            String::new()
        } else {
            format!(" with {}", m.with.join(", "))
        };
        s.push_str(&format!(
            "* {} {}{with}: {}\n  {}\n",
            short_date(m.date),
            m.kind,
            m.summary,
            join(base, &m.link)
        ));
    }
    s.push_str(&format!(
        "\nChecking items off and logging happen on the page, signed in: {}\n",
        join(base, "/")
    ));
    s
}

/// Escapes text for HTML (element content and double-quoted attributes).
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The HTML alternative: the same content, links as links.
pub fn html(digest: &Digest, base: &str) -> String {
    let mut s = String::from(
        "<!doctype html><html><head><meta charset=\"utf-8\"></head><body style=\"font-family:sans-serif;max-width:40em\">",
    );
    s.push_str(&format!("<h1>Today, {}</h1>", esc(&long_date(digest.date))));
    if digest.items.is_empty() {
        s.push_str(
            "<p>Nothing is due today: a good day to meet someone new, or to help someone.</p>",
        );
    } else {
        s.push_str("<ul>");
        for e in &digest.items {
            s.push_str(&format!(
                "<li><p><strong>{}</strong>: <a href=\"{}\">{}</a><br>{}<br>&rarr; {}</p></li>",
                esc(e.kind),
                esc(&join(base, &e.link)),
                esc(&e.who),
                esc(&e.reason),
                esc(&e.action)
            ));
        }
        s.push_str("</ul>");
    }
    if digest.more > 0 {
        s.push_str(&format!(
            "<p><a href=\"{}\">{} more waiting</a></p>",
            esc(&join(base, "/")),
            digest.more
        ));
    }
    s.push_str("<h2>This week</h2>");
    if digest.meetings.is_empty() {
        s.push_str("<p>No meetings ahead this week.</p>");
    } else {
        s.push_str("<ul>");
        for m in &digest.meetings {
            let with = if m.with.is_empty() {
                String::new()
            } else {
                format!(" with {}", esc(&m.with.join(", ")))
            };
            s.push_str(&format!(
                "<li>{} {}{with}: <a href=\"{}\">{}</a></li>",
                esc(&short_date(m.date)),
                esc(&m.kind),
                esc(&join(base, &m.link)),
                esc(&m.summary)
            ));
        }
        s.push_str("</ul>");
    }
    s.push_str(&format!(
        "<p>Checking items off and logging happen on the page, signed in: <a href=\"{0}\">{0}</a></p></body></html>",
        esc(&join(base, "/"))
    ));
    s
}

/// Whether trying again may help: not after a permanent (5xx) refusal.
fn worth_retrying(e: &lettre::transport::smtp::Error) -> bool {
    !e.is_permanent()
}

/// Hands `msg` to the SMTP server, trying up to `retry.attempts` times with doubling
/// waits after a refusal that may pass (a 4xx reply, a connection or network error).
/// `record` gets every attempt, the successful one too; `now` gives its time. Returns
/// how many attempts it took.
pub fn send(
    smtp: &Smtp,
    msg: &Message,
    retry: &Retry,
    now: impl Fn() -> i64,
    mut record: impl FnMut(&Attempt),
) -> Result<u32, DigestError> {
    let transport = SmtpTransport::from_url(&smtp.url)
        .map_err(|e| DigestError::Invalid(format!("{}: {e}", smtp.shown)))?
        .timeout(Some(retry.timeout))
        .build();
    let attempts = retry.attempts.max(1);
    let mut wait = retry.first_wait;
    let mut number = 0;
    loop {
        number += 1;
        match transport.send(msg) {
            Ok(_) => {
                record(&Attempt {
                    number,
                    at: now(),
                    error: None,
                    will_retry: false,
                });
                return Ok(number);
            }
            Err(e) => {
                let reason = format!("{}: {}", smtp.shown, one_line(&e.to_string()));
                let will_retry = number < attempts && worth_retrying(&e);
                record(&Attempt {
                    number,
                    at: now(),
                    error: Some(reason.clone()),
                    will_retry,
                });
                if !will_retry {
                    return Err(DigestError::NotSent {
                        attempts: number,
                        reason,
                    });
                }
                std::thread::sleep(wait);
                wait = wait.saturating_mul(2);
            }
        }
    }
}

/// A server's reply may span lines: one line, for logs and the status table.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use warmline_core::digest::{Entry, Meeting};

    fn digest() -> Digest {
        Digest {
            date: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
            items: vec![Entry {
                id: "f1".into(),
                kind: "follow up",
                who: "Dana <Lee>".into(),
                reason: "due today".into(),
                action: "send the deck".into(),
                link: "/people/12".into(),
            }],
            meetings: vec![Meeting {
                date: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
                kind: "coffee".into(),
                summary: "catch up".into(),
                with: vec!["Sam".into()],
                link: "/people/7".into(),
            }],
            more: 2,
        }
    }

    #[test]
    fn text_and_html_hold_every_entry_with_its_link() {
        let t = text(&digest(), "https://w.example/");
        assert!(t.starts_with("Today, Thursday 3 December\n"));
        assert!(t.contains("* follow up: Dana <Lee>\n  due today\n  -> send the deck\n  https://w.example/people/12\n\n"));
        assert!(
            t.contains("* Fri 4 Dec coffee with Sam: catch up\n  https://w.example/people/7\n")
        );
        assert!(t.contains("2 more waiting"));
        let h = html(&digest(), "https://w.example");
        assert!(h.contains("<a href=\"https://w.example/people/12\">Dana &lt;Lee&gt;</a>"));
        assert!(!h.contains("<Lee>"));
    }

    #[test]
    fn smtp_addresses_are_checked_and_passwords_hidden() {
        assert_eq!(
            Smtp::parse("smtp://127.0.0.1:2525").unwrap().url,
            "smtp://127.0.0.1:2525"
        );
        assert_eq!(
            Smtp::parse("smtp+starttls://mail.example:587").unwrap().url,
            "smtp://mail.example:587?tls=required"
        );
        let s = Smtp::parse("smtps://me:secret@mail.example").unwrap();
        assert_eq!(s.shown(), "smtps://me:***@mail.example");
        for bad in ["mail.example", "http://x", "smtp://", "smtp://:25"] {
            let e = Smtp::parse(bad).unwrap_err().to_string();
            assert!(e.contains("is not an SMTP address"), "{bad}: {e}");
        }
        let e = Smtp::parse("ftp://me:secret@x").unwrap_err().to_string();
        assert!(!e.contains("secret"), "{e}");
    }

    #[test]
    fn addresses_are_checked_before_sending() {
        let e = message(
            &digest(),
            "warmline@example.org",
            "not an address",
            "http://x",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(e, "the recipient 'not an address' is not an e-mail address");
        assert!(
            message(
                &digest(),
                "warmline@example.org",
                "dana@example.com",
                "http://x"
            )
            .is_ok()
        );
    }

    #[test]
    fn a_closed_port_is_tried_as_often_as_allowed_and_each_attempt_recorded() {
        // A port nothing listens on: bind one, then close it.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let smtp = Smtp::parse(&format!("smtp://127.0.0.1:{port}")).unwrap();
        let msg = message(&digest(), "w@example.org", "d@example.com", "http://x").unwrap();
        let mut seen = Vec::new();
        let retry = Retry {
            attempts: 3,
            first_wait: Duration::from_millis(10),
            timeout: Duration::from_secs(5),
        };
        let e = send(&smtp, &msg, &retry, || 42, |a| seen.push(a.clone())).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("the digest was not sent after 3 attempts: smtp://127.0.0.1:"),
            "{e}"
        );
        assert_eq!(seen.len(), 3);
        assert!(seen.iter().all(|a| a.error.is_some() && a.at == 42));
        assert_eq!(
            seen.iter().map(|a| a.will_retry).collect::<Vec<_>>(),
            [true, true, false]
        );
    }
}
