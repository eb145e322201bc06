//! `Connections.csv`.
//!
//! The export opens with a "Notes:" paragraph (sometimes quoted, sometimes after a BOM)
//! and blank lines before the header, and older exports have no `URL` column, so the
//! header is found by looking for it rather than by skipping a fixed number of lines, and
//! columns are taken by name.

use std::io::Read;

use chrono::NaiveDate;

use crate::csvrows::{Columns, Row, Rows};
use crate::error::{FormatError, Result};
use crate::record::ContactRecord;

/// How many rows may come before the header: the notes are a few lines, so a file without
/// the header within this many rows is not a connections export.
const MAX_ROWS_BEFORE_HEADER: usize = 50;

/// Streams the contacts of a `Connections.csv`. Blank rows are skipped; an error ends the
/// stream after it is yielded.
pub fn connections<R: Read>(input: R) -> Connections<R> {
    Connections {
        rows: Rows::new(input),
        layout: None,
        failed: false,
        skipped: 0,
    }
}

pub struct Connections<R> {
    rows: Rows<R>,
    layout: Option<Layout>,
    failed: bool,
    skipped: u64,
}

impl<R> Connections<R> {
    /// Rows after the header that named no one (blank, or without name and URL).
    pub fn skipped(&self) -> u64 {
        self.skipped
    }
}

struct Layout {
    first: Option<usize>,
    last: Option<usize>,
    url: Option<usize>,
    email: Option<usize>,
    company: Option<usize>,
    position: Option<usize>,
    connected: Option<usize>,
}

impl<R: Read> Connections<R> {
    fn find_header(&mut self) -> Result<Layout> {
        for _ in 0..MAX_ROWS_BEFORE_HEADER {
            let Some(row) = self.rows.next_row()? else {
                break;
            };
            if is_header(&row) {
                let c = Columns::new(&row);
                return Ok(Layout {
                    first: c.find("First Name"),
                    last: c.find("Last Name"),
                    url: c.any(&["URL", "Profile URL"]),
                    email: c.any(&["Email Address", "E-mail Address", "Email"]),
                    company: c.find("Company"),
                    position: c.find("Position"),
                    connected: c.find("Connected On"),
                });
            }
        }
        Err(FormatError::new(
            1,
            "no header line 'First Name,Last Name,...' found: is this LinkedIn's Connections.csv?",
        ))
    }

    fn next_contact(&mut self) -> Result<Option<ContactRecord>> {
        let layout = match self.layout.take() {
            Some(l) => l,
            None => self.find_header()?,
        };
        let layout = self.layout.insert(layout);
        loop {
            let Some(row) = self.rows.next_row()? else {
                return Ok(None);
            };
            match contact(&row, layout) {
                Some(c) => return Ok(Some(c)),
                None => self.skipped += 1,
            }
        }
    }
}

impl<R: Read> Iterator for Connections<R> {
    type Item = Result<ContactRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        match self.next_contact() {
            Ok(c) => c.map(Ok),
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

fn is_header(row: &Row) -> bool {
    let has = |name: &str| {
        row.cells
            .iter()
            .any(|c| c.trim().eq_ignore_ascii_case(name))
    };
    has("First Name") && has("Last Name")
}

/// A row as a contact; `None` for a row that names no one (LinkedIn leaves members who
/// hide their profile nameless and without URL).
fn contact(row: &Row, l: &Layout) -> Option<ContactRecord> {
    let (first, last) = (row.get(l.first), row.get(l.last));
    let url = row.get(l.url);
    let mut name = crate::text::join_words([first, last]);
    if name.is_empty() {
        // A URL is still someone: name them by the profile's handle until a later export
        // (or the user) says more.
        let handle = url.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        name = crate::text::join_words([handle]);
    }
    if name.is_empty() {
        return None;
    }
    let mut c = ContactRecord {
        line: row.line,
        name,
        parts: warmline_core::name_parts::NameParts::new(Some(last), Some(first), None, None, None),
        org: crate::text::non_empty(row.get(l.company)),
        title: crate::text::non_empty(row.get(l.position)),
        linkedin: crate::text::non_empty(url),
        connected_on: parse_connected_on(row.get(l.connected)),
        ..ContactRecord::default()
    };
    let connected = row.get(l.connected).trim();
    if c.connected_on.is_none() && !connected.is_empty() {
        c.warnings.push(format!(
            "Connected On '{connected}' could not be read; the connection is imported without it"
        ));
    }
    c.add_email(row.get(l.email));
    Some(c)
}

/// `05 Mar 2024` as LinkedIn writes it, and what a spreadsheet writes when the file is
/// re-saved: `5 Mar 2024`, `5-Mar-24`, `05-Mar-2024`, `Mar 5, 2024`, `2024-03-05`,
/// `3/5/2024`, `3/5/24` (LinkedIn's locale is American: month first). A two-digit
/// year is tried first, as `%Y` would read `24` as the year 24.
pub(crate) fn parse_connected_on(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    [
        "%d %b %Y",
        "%d %B %Y",
        "%d-%b-%y",
        "%d-%b-%Y",
        "%d-%B-%Y",
        "%b %d, %Y",
        "%B %d, %Y",
        "%Y-%m-%d",
        "%m/%d/%y",
        "%m/%d/%Y",
    ]
    .iter()
    .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(data: &str) -> Vec<Result<ContactRecord>> {
        connections(data.as_bytes()).collect()
    }

    #[test]
    fn finds_the_header_after_notes() {
        let data = "\u{feff}\"Notes:\"\r\n\"Some, text\"\r\n\r\n\r\nFirst Name,Last Name,Email Address,Company,Position,Connected On\r\nAda,Lovelace,,\"Engines, Ltd.\",Engineer,05 Mar 2024\r\n,,,,,\r\n";
        let got = all(data);
        assert_eq!(got.len(), 1);
        let c = got[0].as_ref().unwrap();
        assert_eq!((c.line, c.name.as_str()), (6, "Ada Lovelace"));
        assert_eq!(c.org.as_deref(), Some("Engines, Ltd."));
        assert_eq!(c.linkedin, None);
        assert_eq!(c.connected_on, NaiveDate::from_ymd_opt(2024, 3, 5));
    }

    #[test]
    fn no_header_is_an_error() {
        let got = all("a,b\nc,d\n");
        assert_eq!(got.len(), 1);
        assert!(got[0].as_ref().unwrap_err().message.contains("First Name"));
    }

    #[test]
    fn nameless_rows() {
        let data = "First Name,Last Name,URL\n,,https://www.linkedin.com/in/x-y/\n,,\n";
        let mut read = connections(data.as_bytes());
        let got: Vec<_> = read.by_ref().collect();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].as_ref().unwrap().name, "x-y");
        assert_eq!(read.skipped(), 1);
    }

    #[test]
    fn an_unreadable_connected_on_is_a_warning_and_the_connection_stays() {
        let data = "First Name,Last Name,Connected On\nAda,Lovelace,sometime\nBo,Li,\n";
        let got = all(data);
        let ada = got[0].as_ref().unwrap();
        assert_eq!(ada.connected_on, None);
        assert!(ada.warnings[0].contains("'sometime'"), "{:?}", ada.warnings);
        assert!(got[1].as_ref().unwrap().warnings.is_empty());
    }

    #[test]
    fn dates() {
        assert_eq!(
            parse_connected_on("5 Mar 2024"),
            NaiveDate::from_ymd_opt(2024, 3, 5)
        );
        assert_eq!(parse_connected_on("soon"), None);
        let feb6 = NaiveDate::from_ymd_opt(2026, 2, 6);
        for written in [
            "06 Feb 2026",
            "6 Feb 2026",
            "6-Feb-26",
            "06-Feb-2026",
            "Feb 6, 2026",
            "2/6/2026",
            "02/06/2026",
            "2/6/26",
            "2026-02-06",
        ] {
            assert_eq!(parse_connected_on(written), feb6, "{written}");
        }
    }
}
