//! CSV rows as decoded strings, with bounded memory and exact line numbers.
//!
//! Rows are assembled from physical lines by a small RFC 4180 state machine rather than by
//! the csv crate's reader, for two reasons: the csv reader's line numbers drift on CRLF
//! files and across skipped blank lines (and users need the exact line of a bad row), and
//! it grows a record's buffer for as long as the record lasts, so a quote that never
//! closes would read the rest of the file into memory. Here a row is capped at
//! `MAX_RECORD_BYTES` and each line is decoded on its own (UTF-8, or Windows-1252 when it
//! is not valid UTF-8).

use std::collections::HashMap;
use std::io::Read as IoRead;

use crate::error::{FormatError, Result};
use crate::lines::{LineReader, Read, TextSource};

/// The longest row accepted (a 10 MB note still fits).
pub(crate) const MAX_RECORD_BYTES: usize = 16 * 1024 * 1024;

pub(crate) struct Rows<R> {
    lines: LineReader<TextSource<R>>,
    raw: Vec<u8>,
    text: String,
    done: bool,
}

/// One row: the line it starts on and its cells, decoded.
#[derive(Debug)]
pub(crate) struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

impl Row {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }

    /// The trimmed cell at `index`, or "" when the row is short.
    pub fn get(&self, index: Option<usize>) -> &str {
        index
            .and_then(|i| self.cells.get(i))
            .map_or("", |s| s.trim())
    }
}

/// The state of a row being split, carried across the lines of a quoted multi-line cell.
#[derive(Default)]
struct Splitter {
    cells: Vec<String>,
    cell: String,
    in_quotes: bool,
    size: usize,
}

impl Splitter {
    /// Feeds one physical line; true when the row is complete.
    fn feed(&mut self, line: &str) -> bool {
        self.size += line.len() + 1;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if self.in_quotes {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        self.cell.push('"');
                    } else {
                        self.in_quotes = false;
                    }
                } else {
                    self.cell.push(c);
                }
            } else if c == ',' {
                self.cells.push(std::mem::take(&mut self.cell));
            } else if c == '"' && self.cell.trim().is_empty() {
                // A quote opens a quoted cell only at the cell's start; elsewhere (`5'11"`)
                // it is a character like any other.
                self.cell.clear();
                self.in_quotes = true;
            } else {
                self.cell.push(c);
            }
        }
        if self.in_quotes {
            self.cell.push('\n');
            false
        } else {
            self.cells.push(std::mem::take(&mut self.cell));
            true
        }
    }
}

impl<R: IoRead> Rows<R> {
    pub fn new(input: R) -> Rows<R> {
        Rows {
            // One more byte than a row may hold, so that an over-long line is noticed.
            lines: LineReader::new(TextSource::new(input), MAX_RECORD_BYTES + 1),
            raw: Vec::new(),
            text: String::new(),
            done: false,
        }
    }

    /// The next row, `None` at the end. Blank lines come back as blank rows. After an
    /// error the reader stops.
    pub fn next_row(&mut self) -> Result<Option<Row>> {
        if self.done {
            return Ok(None);
        }
        let r = self.read_row();
        if !matches!(r, Ok(Some(_))) {
            self.done = true;
        }
        r
    }

    fn read_row(&mut self) -> Result<Option<Row>> {
        let mut split = Splitter::default();
        let mut start = 0;
        loop {
            match self.lines.read_text(&mut self.raw, &mut self.text)? {
                Read::Eof if start == 0 => return Ok(None),
                Read::Eof => {
                    return Err(FormatError::new(
                        start,
                        "a quoted cell opened on this line never closes (is the file cut short?)",
                    ));
                }
                Read::Cut => {
                    return Err(FormatError::new(
                        self.lines.line(),
                        "a line longer than 16 MiB",
                    ));
                }
                Read::Line => {}
            }
            if start == 0 {
                start = self.lines.line();
            }
            if split.feed(&self.text) {
                return Ok(Some(Row {
                    line: start,
                    cells: split.cells,
                }));
            }
            if split.size > MAX_RECORD_BYTES {
                return Err(FormatError::new(
                    start,
                    "a row longer than 16 MiB (a quote that never closes?)",
                ));
            }
        }
    }
}

/// Column positions by header name, compared case-insensitively.
pub(crate) struct Columns {
    by_name: HashMap<String, usize>,
}

impl Columns {
    pub fn new(header: &Row) -> Columns {
        let mut by_name = HashMap::new();
        for (i, name) in header.cells.iter().enumerate() {
            by_name.entry(name.trim().to_lowercase()).or_insert(i);
        }
        Columns { by_name }
    }

    pub fn find(&self, name: &str) -> Option<usize> {
        self.by_name.get(&name.to_lowercase()).copied()
    }

    /// The first of several spellings that the header has.
    pub fn any(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.find(n))
    }

    /// Columns named `<prefix> N - <suffix>` for any N, in the order of N.
    pub fn numbered(&self, prefix: &str, suffix: &str) -> Vec<usize> {
        let (p, s) = (prefix.to_lowercase(), suffix.to_lowercase());
        let mut found: Vec<(u32, usize)> = self
            .by_name
            .iter()
            .filter_map(|(name, &i)| {
                let rest = name.strip_prefix(&p)?.strip_suffix(&s)?;
                let n = rest.trim().parse().ok()?;
                Some((n, i))
            })
            .collect();
        found.sort_unstable();
        found.into_iter().map(|(_, i)| i).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_decode_and_number() {
        let data =
            "\u{feff}a,b\r\n\"multi\r\nline\",M\u{fc}ller\r\n\n\nlast,\"x \"\"q\"\"\",5'11\",\r\n";
        let mut rows = Rows::new(data.as_bytes());
        let h = rows.next_row().unwrap().unwrap();
        assert_eq!((h.line, h.cells[0].as_str()), (1, "a"));
        let r = rows.next_row().unwrap().unwrap();
        assert_eq!(
            (r.line, r.cells[0].as_str(), r.cells[1].as_str()),
            (2, "multi\nline", "Müller")
        );
        assert!(rows.next_row().unwrap().unwrap().is_blank());
        assert!(rows.next_row().unwrap().unwrap().is_blank());
        let r = rows.next_row().unwrap().unwrap();
        assert_eq!(r.line, 6);
        assert_eq!(r.cells, vec!["last", "x \"q\"", "5'11\"", ""]);
        assert!(rows.next_row().unwrap().is_none());
    }

    #[test]
    fn latin1_cells() {
        let mut rows = Rows::new(&b"J\xfcrgen,M\xfcller"[..]);
        let r = rows.next_row().unwrap().unwrap();
        assert_eq!(r.cells, vec!["Jürgen", "Müller"]);
    }

    #[test]
    fn unclosed_quote_is_bounded() {
        let mut data = b"a,b\n\"never closes\n".to_vec();
        for _ in 0..(MAX_RECORD_BYTES / 1000 + 10) {
            data.extend_from_slice(&[b'x'; 999]);
            data.push(b'\n');
        }
        let mut rows = Rows::new(&data[..]);
        assert!(rows.next_row().unwrap().is_some());
        let err = rows.next_row().unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("16 MiB"), "{err}");
        assert!(rows.next_row().unwrap().is_none());
        let mut rows = Rows::new(&b"a,\"open\nb\n"[..]);
        assert_eq!(rows.next_row().unwrap_err().line, 1);
    }

    #[test]
    fn numbered_columns() {
        let data = "Name,E-mail 2 - Value,E-mail 1 - Value,E-mail 1 - Label,Phone 1 - Value\n";
        let mut rows = Rows::new(data.as_bytes());
        let cols = Columns::new(&rows.next_row().unwrap().unwrap());
        assert_eq!(cols.numbered("E-mail ", " - Value"), vec![2, 1]);
    }
}
