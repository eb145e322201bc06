//! CSV export: a row per person, UTF-8, quoted where needed.
//!
//! Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` (or a tab or
//! carriage return that hides one) as a formula, so such cells are neutralised with a
//! leading `'` (the OWASP rule against CSV injection): a note saying
//! `=HYPERLINK("http://evil")` must stay text when the export is opened. A cell that is only
//! a phone number (`+1 206 555 0110`) or a year-less birthday (`--12-09`) is left as it is:
//! it names no function and no other cell, so there is nothing in it to run, and a guard
//! would corrupt the number for everyone who reads the file.

use std::borrow::Cow;
use std::io::Write;

use crate::error::{FormatError, Result};
use crate::record::ContactRecord;

/// The columns of `write_contacts`. Several values in one cell are separated by ` ::: `,
/// as Google Contacts does.
pub const CONTACT_COLUMNS: [&str; 17] = [
    "Name",
    "Given Name",
    "Family Name",
    "E-mail",
    "Phone",
    "Organization",
    "Title",
    "LinkedIn",
    "Website",
    "Location",
    "Birthday",
    "Tags",
    "Notes",
    "UID",
    "Middle Name",
    "Name Prefix",
    "Name Suffix",
];

/// A cell made safe to open in a spreadsheet.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_inert(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A phone number or a year-less date: digits with the punctuation numbers are written
/// with, and no letter, `=`, `@`, `!`, `|` or quote that a formula would need.
fn is_inert(cell: &str) -> bool {
    let body = cell.strip_prefix('+').unwrap_or(cell);
    let phone = body.starts_with(|c: char| c.is_ascii_digit() || c == '(')
        && body.chars().filter(char::is_ascii_digit).count() >= 3
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '/'));
    let yearless = cell.strip_prefix("--").is_some_and(|d| {
        matches!(d.len(), 4 | 5) && d.chars().all(|c| c.is_ascii_digit() || c == '-')
    });
    phone || yearless
}

/// A cell as it was before `neutralise`: the leading `'` taken off a guarded formula.
pub fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// A CSV writer whose every cell is neutralised.
pub struct CsvWriter<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    pub fn new(out: W) -> CsvWriter<W> {
        CsvWriter {
            inner: csv::WriterBuilder::new()
                .quote_style(csv::QuoteStyle::Necessary)
                .flexible(true)
                .from_writer(out),
        }
    }

    pub fn write_row<I, S>(&mut self, cells: I) -> Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let row: Vec<String> = cells
            .into_iter()
            .map(|c| neutralise(c.as_ref()).into_owned())
            .collect();
        self.inner
            .write_record(&row)
            .map_err(|e| FormatError::new(0, format!("cannot write: {e}")))
    }

    pub fn finish(mut self) -> Result<W> {
        self.inner
            .flush()
            .map_err(|e| FormatError::new(0, format!("cannot write: {e}")))?;
        self.inner
            .into_inner()
            .map_err(|e| FormatError::new(0, format!("cannot write: {}", e.error())))
    }
}

/// Writes a header and a row per contact.
pub fn write_contacts<'a, W: Write>(
    out: W,
    records: impl IntoIterator<Item = &'a ContactRecord>,
) -> Result<()> {
    let mut w = CsvWriter::new(out);
    w.write_row(CONTACT_COLUMNS)?;
    for r in records {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        w.write_row([
            r.name.clone(),
            opt(&r.parts.given),
            opt(&r.parts.family),
            r.emails.join(" ::: "),
            r.phones.join(" ::: "),
            opt(&r.org),
            opt(&r.title),
            opt(&r.linkedin),
            opt(&r.website),
            opt(&r.location),
            r.birthday.map(|b| b.to_string()).unwrap_or_default(),
            r.tags.join(" ::: "),
            opt(&r.notes),
            crate::vcard_out::uid_of(r),
            opt(&r.parts.middle),
            opt(&r.parts.prefix),
            opt(&r.parts.suffix),
        ])?;
    }
    w.finish().map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=x", "\r=x"] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(neutralise("Ada"), "Ada");
        for bad in [
            "-2+3+cmd|' /C calc'!A0",
            "+1+cmd|x",
            "=1",
            "-",
            "+",
            "--",
            "-1e3",
        ] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
    }

    #[test]
    fn phone_numbers_and_yearless_dates_are_left_whole() {
        for fine in [
            "+1 206 555 0110",
            "+44 (20) 7946-0958",
            "--12-09",
            "--1209",
            "555-0100",
        ] {
            assert_eq!(neutralise(fine), fine);
        }
    }

    #[test]
    fn the_guard_comes_off_again() {
        for cell in [
            "=1+1",
            "@x",
            "-y",
            "+1 206 555 0110",
            "Ada",
            "'quoted",
            "--12-09",
        ] {
            assert_eq!(unguarded(&neutralise(cell)), cell);
        }
    }

    #[test]
    fn quoting_round_trips() {
        let r = ContactRecord {
            name: "Lovelace, Ada \"Countess\"".into(),
            notes: Some("line 1\n=cmd|' /C calc'!A0".into()),
            phones: vec!["+1 555".into()],
            ..ContactRecord::default()
        };
        let mut out = Vec::new();
        write_contacts(&mut out, [&r]).unwrap();
        let mut rd = csv::Reader::from_reader(&out[..]);
        let row = rd.records().next().unwrap().unwrap();
        assert_eq!(&row[0], "Lovelace, Ada \"Countess\"");
        assert_eq!(&row[4], "+1 555", "a phone number is left as it is");
        assert_eq!(&row[12], "line 1\n=cmd|' /C calc'!A0");
    }
}
