//! A line reader with bounded memory, over a byte source that undoes UTF-16.
//!
//! `BufRead::read_line` keeps growing its buffer until it sees a newline, so one 2 GB line
//! would take 2 GB. This reader keeps at most `max_len` bytes of a line, reports that it cut
//! it, and skips the rest; callers decide whether a cut line matters (a skipped photo does
//! not, a contact's name does).
//!
//! Windows programs sometimes save "Unicode" text, which is UTF-16 with a byte-order mark;
//! `TextSource` recognises the mark and transcodes to UTF-8 as it streams, so the text
//! parsers see the same bytes either way.

use std::io::{self, BufRead, BufReader, Read as IoRead};

use encoding_rs::{CoderResult, Decoder};

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

/// Bytes of a text file as UTF-8 (or as they are, when they are not UTF-16).
pub(crate) struct TextSource<R> {
    inner: BufReader<R>,
    sniffed: bool,
    decoder: Option<Decoder>,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    finished: bool,
}

impl<R: IoRead> TextSource<R> {
    pub fn new(input: R) -> TextSource<R> {
        TextSource {
            inner: BufReader::new(input),
            sniffed: false,
            decoder: None,
            buf: Vec::new(),
            start: 0,
            end: 0,
            finished: false,
        }
    }

    fn sniff(&mut self) -> io::Result<()> {
        self.sniffed = true;
        let head = self.inner.fill_buf()?;
        let encoding = if head.starts_with(&[0xFF, 0xFE]) {
            encoding_rs::UTF_16LE
        } else if head.starts_with(&[0xFE, 0xFF]) {
            encoding_rs::UTF_16BE
        } else {
            return Ok(());
        };
        self.decoder = Some(encoding.new_decoder_with_bom_removal());
        self.buf = vec![0; 16 * 1024];
        Ok(())
    }
}

impl<R: IoRead> IoRead for TextSource<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        if let (Some(dst), Some(src)) = (out.get_mut(..n), available.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.consume(n);
        Ok(n)
    }
}

impl<R: IoRead> BufRead for TextSource<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if !self.sniffed {
            self.sniff()?;
        }
        let Some(decoder) = self.decoder.as_mut() else {
            return self.inner.fill_buf();
        };
        while self.start == self.end && !self.finished {
            let src = self.inner.fill_buf()?;
            let last = src.is_empty();
            let (result, read, written, _) = decoder.decode_to_utf8(src, &mut self.buf, last);
            self.inner.consume(read);
            self.start = 0;
            self.end = written;
            self.finished = last && result == CoderResult::InputEmpty;
        }
        Ok(self.buf.get(self.start..self.end).unwrap_or_default())
    }

    fn consume(&mut self, n: usize) {
        if self.decoder.is_some() {
            self.start = (self.start + n).min(self.end);
        } else {
            self.inner.consume(n);
        }
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
    fn reads_utf16_with_a_bom() {
        // encoding_rs cannot encode UTF-16 (the WHATWG rule), so build it by hand.
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in "Jürgen,Müller\r\nzwei\n".encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        for bytes in [le, be] {
            let mut r = LineReader::new(TextSource::new(&bytes[..]), 100);
            let (mut raw, mut s) = (Vec::new(), String::new());
            r.read_text(&mut raw, &mut s).unwrap();
            assert_eq!(s, "Jürgen,Müller");
            r.read_text(&mut raw, &mut s).unwrap();
            assert_eq!(s, "zwei");
            assert_eq!(r.read_text(&mut raw, &mut s).unwrap(), Read::Eof);
        }
        let mut plain = TextSource::new(&b"plain"[..]);
        let mut s = String::new();
        plain.read_to_string(&mut s).unwrap();
        assert_eq!(s, "plain");
    }

    #[test]
    fn rejects_binary() {
        let mut r = LineReader::new(&b"ab\0c\n"[..], 100);
        let (mut raw, mut s) = (Vec::new(), String::new());
        let err = r.read_text(&mut raw, &mut s).unwrap_err();
        assert_eq!(err.line, 1);
    }
}
