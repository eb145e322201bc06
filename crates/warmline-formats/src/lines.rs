//! A line reader with bounded memory.
//!
//! `BufRead::read_line` keeps growing its buffer until it sees a newline, so one 2 GB line
//! would take 2 GB. This reader keeps at most `max_len` bytes of a line, reports that it cut
//! it, and skips the rest; callers decide whether a cut line matters (a skipped photo does
//! not, a contact's name does).

use std::io::{self, BufRead};

use crate::error::{FormatError, Result};

pub(crate) struct LineReader<R> {
    inner: R,
    line: u64,
    max_len: usize,
}

/// What `read_raw` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Read {
    /// A whole line.
    Line,
    /// A line longer than the limit: only its first `max_len` bytes are kept.
    Cut,
    Eof,
}

impl<R: BufRead> LineReader<R> {
    pub fn new(inner: R, max_len: usize) -> LineReader<R> {
        LineReader {
            inner,
            line: 0,
            max_len,
        }
    }

    /// The number of the line read last (1-based; 0 before the first).
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Reads the next line into `out`, without its `\n` or `\r\n`.
    pub fn read_raw(&mut self, out: &mut Vec<u8>) -> io::Result<Read> {
        self.read_limited(out, self.max_len)
    }

    /// Like `read_raw`, keeping at most `limit` bytes: a cheap way to skip lines that only
    /// need their start looked at.
    pub fn read_limited(&mut self, out: &mut Vec<u8>, limit: usize) -> io::Result<Read> {
        out.clear();
        let mut cut = false;
        let mut any = false;
        loop {
            let buf = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                if !any {
                    return Ok(Read::Eof);
                }
                break;
            }
            any = true;
            let (chunk, used, done) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (buf.get(..i).unwrap_or_default(), i + 1, true),
                None => (buf, buf.len(), false),
            };
            let room = limit.saturating_sub(out.len());
            if chunk.len() > room {
                cut = true;
                out.extend_from_slice(chunk.get(..room).unwrap_or_default());
            } else {
                out.extend_from_slice(chunk);
            }
            self.inner.consume(used);
            if done {
                break;
            }
        }
        if out.last() == Some(&b'\r') {
            out.pop();
        }
        self.line += 1;
        Ok(if cut { Read::Cut } else { Read::Line })
    }

    /// Reads the next line as text: UTF-8, or Windows-1252 when it is not valid UTF-8; a BOM
    /// on the first line is dropped. A NUL byte means this is not a text file at all.
    pub fn read_text(&mut self, raw: &mut Vec<u8>, out: &mut String) -> Result<Read> {
        let r = self
            .read_raw(raw)
            .map_err(|e| FormatError::io(self.line + 1, &e))?;
        out.clear();
        if r == Read::Eof {
            return Ok(r);
        }
        if raw.contains(&0) {
            return Err(FormatError::new(
                self.line,
                "binary data (a NUL byte): this is not a text file",
            ));
        }
        let text = crate::text::decode(raw);
        if self.line == 1 {
            out.push_str(crate::text::strip_bom(&text));
        } else {
            out.push_str(&text);
        }
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lines_and_cuts_long_ones() {
        let data = b"\xef\xbb\xbfone\r\n0123456789abc\nM\xfcller\nlast";
        let mut r = LineReader::new(&data[..], 10);
        let (mut raw, mut s) = (Vec::new(), String::new());
        assert_eq!(r.read_text(&mut raw, &mut s).unwrap(), Read::Line);
        assert_eq!(s, "one");
        assert_eq!(r.read_text(&mut raw, &mut s).unwrap(), Read::Cut);
        assert_eq!(s, "0123456789");
        assert_eq!(r.read_text(&mut raw, &mut s).unwrap(), Read::Line);
        assert_eq!(s, "Müller");
        assert_eq!(r.read_text(&mut raw, &mut s).unwrap(), Read::Line);
        assert_eq!((s.as_str(), r.line()), ("last", 4));
        assert_eq!(r.read_text(&mut raw, &mut s).unwrap(), Read::Eof);
    }

    #[test]
    fn rejects_binary() {
        let mut r = LineReader::new(&b"ab\0c\n"[..], 100);
        let (mut raw, mut s) = (Vec::new(), String::new());
        let err = r.read_text(&mut raw, &mut s).unwrap_err();
        assert_eq!(err.line, 1);
    }
}
