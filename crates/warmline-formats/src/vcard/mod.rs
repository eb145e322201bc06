//! vCard 2.1, 3.0 and 4.0 contacts.
//!
//! The file is split into cards here, line by line, and each card alone is handed to
//! calcard (the only parser that reads Apple 3.0, Google 3.0, 2.1 quoted-printable, 4.0
//! and late-VERSION cards alike). Splitting ourselves keeps memory to one card, gives each
//! card the line of its `BEGIN:VCARD` for error messages, and lets us:
//! - drop embedded photos, logos, sounds and keys before parsing (a 5 MB base64 photo is
//!   skipped as it streams past, never buffered or decoded);
//! - move `VERSION` to the top of the card, where calcard expects it;
//! - read `BDAY` from the raw lines ourselves, because calcard loses the day of a BDAY that
//!   comes before VERSION (`1963-09-21` becomes `1963-09`).
//!
//! A card that never ends is an error naming its BEGIN line; text outside cards is an
//! error once per run of it; a card that calcard cannot read is an error and the next card
//! is read as usual. Binary data (a NUL byte) ends the stream with an error.

mod card;

use std::io::Read as IoRead;

use crate::error::{FormatError, Result};
use crate::lines::{LineReader, Read, TextSource};
use crate::record::ContactRecord;

pub use card::parse_bday;

/// The longest physical line kept; longer ones are fine only inside skipped properties.
const MAX_LINE: usize = 1024 * 1024;
/// The most text one card may hold once photos are dropped.
const MAX_CARD: usize = 1024 * 1024;

/// Properties that hold binary media: skipped, since nothing in warmline shows them.
const MEDIA: [&str; 4] = ["PHOTO", "LOGO", "SOUND", "KEY"];

/// Streams the contacts of a `.vcf` file.
pub fn vcards<R: IoRead>(input: R) -> VCards<R> {
    VCards {
        lines: LineReader::new(TextSource::new(input), MAX_LINE),
        raw: Vec::new(),
        text: String::new(),
        card: None,
        in_junk: false,
        done: false,
    }
}

pub struct VCards<R> {
    lines: LineReader<TextSource<R>>,
    raw: Vec<u8>,
    text: String,
    card: Option<Pending>,
    in_junk: bool,
    done: bool,
}

/// A card being collected.
struct Pending {
    begin: u64,
    version: Option<String>,
    body: String,
    bday: Option<String>,
    /// Inside a skipped media property (its folded or base64 lines follow).
    skipping: bool,
    /// The last kept line was quoted-printable and ended with a soft break `=`.
    qp_open: bool,
    /// The last property was BDAY, so a folded line continues it.
    in_bday: bool,
    error: Option<FormatError>,
}

impl Pending {
    fn new(begin: u64) -> Pending {
        Pending {
            begin,
            version: None,
            body: String::new(),
            bday: None,
            skipping: false,
            qp_open: false,
            in_bday: false,
            error: None,
        }
    }

    fn push(&mut self, line: &str, number: u64) {
        if self.error.is_some() {
            return;
        }
        if self.body.len() + line.len() > MAX_CARD {
            self.error = Some(FormatError::new(
                number,
                format!(
                    "card is larger than 1 MiB (BEGIN:VCARD at line {})",
                    self.begin
                ),
            ));
            return;
        }
        self.body.push_str(line);
        self.body.push('\n');
    }

    /// Takes one line of the card (not BEGIN or END).
    fn line(&mut self, line: &str, number: u64, cut: bool) {
        let folded = line.starts_with([' ', '\t']);
        if self.qp_open {
            // A quoted-printable soft break: this line continues the value, whatever it
            // looks like.
            self.qp_open = line.ends_with('=');
            self.push(line, number);
            return;
        }
        if folded {
            if !self.skipping {
                if cut {
                    self.error = Some(FormatError::new(number, "a line longer than 1 MiB"));
                    return;
                }
                if self.in_bday
                    && let Some(b) = self.bday.as_mut()
                {
                    b.push_str(line.get(1..).unwrap_or(""));
                }
                self.push(line, number);
            }
            return;
        }
        if line.trim().is_empty() {
            // 2.1 ends a base64 value with a blank line; blank lines carry nothing.
            return;
        }
        let name = property_name(line);
        if self.skipping && name.is_none() && is_base64_run(line) {
            // 2.1 writers do not always indent base64 continuation lines.
            return;
        }
        let name = name.unwrap_or_default();
        self.skipping = MEDIA.contains(&name.as_str());
        self.in_bday = name == "BDAY";
        if self.skipping {
            return;
        }
        if cut {
            self.error = Some(FormatError::new(number, "a line longer than 1 MiB"));
            return;
        }
        if name == "VERSION" {
            self.version = Some(line.to_string());
            return;
        }
        if self.in_bday && self.bday.is_none() {
            self.bday = Some(line.to_string());
        }
        self.qp_open = line.ends_with('=') && is_quoted_printable(line);
        self.push(line, number);
    }

    fn finish(self) -> Result<ContactRecord> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let mut text = String::with_capacity(self.body.len() + 40);
        text.push_str("BEGIN:VCARD\n");
        if let Some(v) = &self.version {
            text.push_str(v);
            text.push('\n');
        }
        text.push_str(&self.body);
        text.push_str("END:VCARD\n");
        card::contact(&text, self.bday.as_deref(), self.begin)
    }
}

/// The property name of a content line, upper-cased and without its group (`item1.URL` is
/// `URL`); `None` when the line has no `:` or `;` after a plausible name.
fn property_name(line: &str) -> Option<String> {
    let end = line.find([';', ':'])?;
    let name = line.get(..end)?;
    let name = name.rsplit('.').next().unwrap_or(name).trim();
    let ok = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    ok.then(|| name.to_ascii_uppercase())
}

fn is_base64_run(line: &str) -> bool {
    line.trim()
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
}

fn is_quoted_printable(line: &str) -> bool {
    let params = line.split(':').next().unwrap_or("").to_ascii_uppercase();
    params.contains("QUOTED-PRINTABLE")
}

/// A BEGIN or END line. A folded line (one starting with a space) is never one, even if
/// a note happens to continue with the text `END:VCARD`.
fn is_marker(line: &str, marker: &str) -> bool {
    !line.starts_with([' ', '\t']) && line.trim_end().eq_ignore_ascii_case(marker)
}

impl<R: IoRead> VCards<R> {
    fn next_card(&mut self) -> Option<Result<ContactRecord>> {
        loop {
            let read = match self.lines.read_text(&mut self.raw, &mut self.text) {
                Ok(r) => r,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            };
            let number = self.lines.line();
            if read == Read::Eof {
                self.done = true;
                let card = self.card.take()?;
                return Some(Err(FormatError::new(
                    number,
                    format!("card never ends (BEGIN:VCARD at line {})", card.begin),
                )));
            }
            let line = self.text.as_str();
            if is_marker(line, "BEGIN:VCARD") {
                self.in_junk = false;
                let previous = self.card.replace(Pending::new(number));
                if let Some(p) = previous {
                    return Some(Err(FormatError::new(
                        number,
                        format!("card never ends (BEGIN:VCARD at line {})", p.begin),
                    )));
                }
                continue;
            }
            match self.card.as_mut() {
                Some(_) if is_marker(line, "END:VCARD") => {
                    let card = self.card.take()?;
                    return Some(card.finish());
                }
                Some(card) => card.line(line, number, read == Read::Cut),
                None if line.trim().is_empty() || self.in_junk => {}
                None => {
                    self.in_junk = true;
                    let shown = crate::text::shorten(line, 40);
                    return Some(Err(FormatError::new(
                        number,
                        format!("expected BEGIN:VCARD, found '{shown}'"),
                    )));
                }
            }
        }
    }
}

impl<R: IoRead> Iterator for VCards<R> {
    type Item = Result<ContactRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.next_card()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(data: &[u8]) -> Vec<Result<ContactRecord>> {
        vcards(data).collect()
    }

    #[test]
    fn names_and_properties() {
        assert_eq!(
            property_name("item1.URL;type=pref:x").as_deref(),
            Some("URL")
        );
        assert_eq!(
            property_name("PHOTO:data:image/png;base64,AAA").as_deref(),
            Some("PHOTO")
        );
        assert_eq!(property_name("AAAA+/=="), None);
    }

    #[test]
    fn card_that_never_ends() {
        let got = all(b"BEGIN:VCARD\nVERSION:3.0\nFN:A\n\nBEGIN:VCARD\nVERSION:3.0\nFN:B\nEND:VCARD\nBEGIN:VCARD\nFN:C\n");
        assert_eq!(got.len(), 3);
        assert_eq!(
            got[0].as_ref().unwrap_err().to_string(),
            "5: card never ends (BEGIN:VCARD at line 1)"
        );
        assert_eq!(got[1].as_ref().unwrap().name, "B");
        assert_eq!(
            got[2].as_ref().unwrap_err().to_string(),
            "10: card never ends (BEGIN:VCARD at line 9)"
        );
    }

    #[test]
    fn folded_markers_are_text() {
        let got = all(b"BEGIN:VCARD\nFN:A\nNOTE:see\n END:VCARD\nEND:VCARD\n");
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].as_ref().unwrap().notes.as_deref(),
            Some("seeEND:VCARD")
        );
    }

    #[test]
    fn junk_outside_cards_is_one_error() {
        let got = all(b"hello\nworld\nBEGIN:VCARD\nFN:A\nEND:VCARD\n");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].as_ref().unwrap_err().line, 1);
        assert_eq!(got[1].as_ref().unwrap().line, 3);
    }

    #[test]
    fn binary_stops() {
        let got = all(b"BEGIN:VCARD\nFN:\x00\x01\nEND:VCARD\nBEGIN:VCARD\nFN:A\nEND:VCARD\n");
        assert_eq!(got.len(), 1);
        assert!(got[0].as_ref().unwrap_err().message.contains("binary"));
    }

    #[test]
    fn long_photo_lines_are_skipped_but_long_notes_are_errors() {
        let mut data = b"BEGIN:VCARD\nVERSION:4.0\nFN:A\nPHOTO:data:image/jpeg;base64,".to_vec();
        data.extend(std::iter::repeat_n(b'A', 3 * MAX_LINE));
        data.extend_from_slice(b"\nEND:VCARD\nBEGIN:VCARD\nFN:B\nNOTE:");
        data.extend(std::iter::repeat_n(b'x', 2 * MAX_LINE));
        data.extend_from_slice(b"\nEND:VCARD\n");
        let got = all(&data);
        assert_eq!(got[0].as_ref().unwrap().name, "A");
        assert_eq!(got[1].as_ref().unwrap_err().line, 8);
    }
}
