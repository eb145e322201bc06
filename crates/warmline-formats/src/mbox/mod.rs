//! mbox files (a Gmail Takeout export): the headers of each message, streamed.
//!
//! Only headers matter to warmline (who, when, which thread), so the file is read line by
//! line: a message's header block is collected (capped at `MAX_HEADER`) and parsed with
//! mail-parser, which decodes RFC 2047 words and address lists; body lines are only looked
//! at for their first bytes, to find the next `From ` separator. Memory stays constant
//! whatever the file's size, and bodies (attachments included) cost one scan.
//!
//! A `From ` line separates messages when it follows a blank line (or starts the file) or
//! looks like an envelope line (`From sender date-with-a-time`). mboxo/mboxrd quote body
//! lines as `>From `; since bodies are skipped, the quoting never needs undoing.

mod headers;
mod interactions;

use std::io::{BufReader, Read as IoRead};

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{FormatError, Result};
use crate::lines::{LineReader, Read};

pub use interactions::{EmailInteractions, EmailStats, email_interactions};

/// The most header bytes kept for one message; the rest of an absurd header is dropped.
const MAX_HEADER: usize = 256 * 1024;
/// How much of a body line is looked at.
const BODY_PEEK: usize = 256;

/// An address on a message, lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailAddress {
    pub name: Option<String>,
    pub email: String,
}

/// What warmline needs of one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailMessage {
    /// The line of the message's `From ` separator.
    pub line: u64,
    /// The day as the `Date:` header writes it (the sender's local day); from the
    /// separator line when there is no readable `Date:`.
    pub date: Option<NaiveDate>,
    pub from: Option<MailAddress>,
    pub to: Vec<MailAddress>,
    pub cc: Vec<MailAddress>,
    pub subject: String,
    /// Which conversation the message belongs to: Gmail's thread id (`X-GM-THRID`), else
    /// the root of `References` / `In-Reply-To`, else its own `Message-ID` (a thread's first
    /// message), else the subject without `Re:`/`Fwd:`.
    pub thread: String,
}

/// Streams the messages of an mbox file.
pub fn messages<R: IoRead>(input: R) -> Messages<R> {
    Messages {
        lines: LineReader::new(BufReader::new(input), MAX_HEADER),
        raw: Vec::new(),
        next_start: None,
        started: false,
        done: false,
    }
}

pub struct Messages<R> {
    lines: LineReader<BufReader<R>>,
    raw: Vec<u8>,
    /// The separator line (number and text) of the message to read next.
    next_start: Option<(u64, Vec<u8>)>,
    started: bool,
    done: bool,
}

fn is_separator(line: &[u8], previous_blank: bool) -> bool {
    let Some(rest) = line.strip_prefix(b"From ") else {
        return false;
    };
    // Thunderbird writes `From - <date>` (and some tools a bare `From -`) with no sender:
    // a body line that starts that way is unheard of, so it separates even without a
    // blank line before it.
    let mozilla = rest.first() == Some(&b'-') && rest.get(1).is_none_or(u8::is_ascii_whitespace);
    previous_blank || mozilla || looks_like_envelope(rest)
}

/// `sender@host Wed Nov 11 10:00:00 +0000 2026`: a sender, then a date with a time.
fn looks_like_envelope(rest: &[u8]) -> bool {
    let text = String::from_utf8_lossy(rest);
    let mut words = text.split_whitespace();
    let has_sender = words.next().is_some();
    has_sender
        && words.any(|w| {
            let b = w.as_bytes();
            b.len() >= 5
                && b.get(2) == Some(&b':')
                && b.iter().all(|c| c.is_ascii_digit() || *c == b':')
        })
}

impl<R: IoRead> Messages<R> {
    fn read(&mut self, limit: usize) -> Result<Read> {
        let line = self.lines.line();
        self.lines
            .read_limited(&mut self.raw, limit)
            .map_err(|e| FormatError::io(line + 1, &e))
    }

    /// Finds the first separator; anything but blank lines before it means this is not an
    /// mbox file.
    fn start(&mut self) -> Result<()> {
        self.started = true;
        loop {
            if self.read(BODY_PEEK)? == Read::Eof {
                return Ok(());
            }
            // A byte-order mark some editors put before the first line.
            if self.lines.line() == 1 && self.raw.starts_with(b"\xEF\xBB\xBF") {
                self.raw.drain(..3);
            }
            if self.raw.starts_with(b"From ") {
                self.next_start = Some((self.lines.line(), self.raw.clone()));
                return Ok(());
            }
            if !self.raw.iter().all(u8::is_ascii_whitespace) {
                return Err(FormatError::new(
                    self.lines.line(),
                    "not an mbox file: it should start with a 'From ' line",
                ));
            }
        }
    }

    fn next_message(&mut self) -> Result<Option<MailMessage>> {
        if !self.started {
            self.start()?;
        }
        let Some((line, envelope)) = self.next_start.take() else {
            return Ok(None);
        };
        // The header block, up to the first blank line.
        let mut block: Vec<u8> = Vec::new();
        let mut thread_id = None;
        loop {
            if self.read(MAX_HEADER)? == Read::Eof {
                return Ok(Some(headers::message(line, &envelope, &block, thread_id)));
            }
            if self.raw.is_empty() {
                break;
            }
            if is_separator(&self.raw, false) {
                // A message with no body and no blank line before the next one.
                self.next_start = Some((self.lines.line(), self.raw.clone()));
                return Ok(Some(headers::message(line, &envelope, &block, thread_id)));
            }
            if thread_id.is_none() {
                thread_id = headers::gmail_thread(&self.raw);
            }
            if block.len() + self.raw.len() < MAX_HEADER {
                block.extend_from_slice(&self.raw);
                block.push(b'\n');
            }
        }
        // The body: skipped, looking only for the next separator.
        let mut previous_blank = true;
        loop {
            if self.read(BODY_PEEK)? == Read::Eof {
                break;
            }
            if is_separator(&self.raw, previous_blank) {
                self.next_start = Some((self.lines.line(), self.raw.clone()));
                break;
            }
            previous_blank = self.raw.iter().all(u8::is_ascii_whitespace);
        }
        Ok(Some(headers::message(line, &envelope, &block, thread_id)))
    }
}

impl<R: IoRead> Iterator for Messages<R> {
    type Item = Result<MailMessage>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_message() {
            Ok(Some(m)) => Some(Ok(m)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(data: &[u8]) -> Vec<Result<MailMessage>> {
        messages(data).collect()
    }

    #[test]
    fn separators() {
        assert!(is_separator(
            b"From a@b Wed Nov 11 10:00:00 +0000 2026",
            false
        ));
        assert!(is_separator(b"From here on", true));
        assert!(is_separator(b"From - ", false), "Thunderbird's separator");
        assert!(is_separator(b"From - Fri Aug 23 02:32:53 2002", false));
        assert!(!is_separator(b"From -5 degrees it got colder", false));
        assert!(!is_separator(b"From here on", false));
        assert!(!is_separator(b">From a@b Wed Nov 11 10:00:00 2026", true));
    }

    #[test]
    fn splits_and_skips_bodies() {
        let data = b"From x Mon Jan  5 10:00:00 2026\nFrom: a@example.com\nSubject: one\nDate: Mon, 5 Jan 2026 10:00:00 +0000\n\nbody\nFrom here on, unquoted\n>From quoted\n\nFrom y Tue Jan  6 10:00:00 2026\nFrom: b@example.com\nSubject: two\n";
        let got = all(data);
        assert_eq!(got.len(), 2);
        let one = got[0].as_ref().unwrap();
        assert_eq!((one.line, one.subject.as_str()), (1, "one"));
        let two = got[1].as_ref().unwrap();
        assert_eq!((two.line, two.subject.as_str()), (10, "two"));
        // No Date header: the envelope's date is used.
        assert_eq!(two.date, NaiveDate::from_ymd_opt(2026, 1, 6));
    }

    #[test]
    fn not_mbox() {
        let got = all(b"\n\nhello\n");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].as_ref().unwrap_err().line, 3);
        assert!(all(b"").is_empty());
    }
}
