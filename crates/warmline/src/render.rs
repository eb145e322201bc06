//! Terminal rendering: aligned tables, relative dates, and colour only on a terminal.

use std::io::Write;

use chrono::NaiveDate;
use unicode_width::UnicodeWidthStr;
use warmline_core::warmth::{Warmth, WarmthState};

/// Writes to stdout, reporting a closed pipe as an error the caller can recognise.
pub fn out(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    // Stored data may predate the cleaning of text on its way in: nothing from it moves
    // the terminal.
    stdout.write_all(warmline_core::text::terminal_safe(text).as_bytes())?;
    stdout.flush()?;
    Ok(())
}

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub colour: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    pub fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    pub fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    pub fn red(&self, s: &str) -> String {
        self.paint("31", s)
    }
    pub fn green(&self, s: &str) -> String {
        self.paint("32", s)
    }
    pub fn warmth(&self, w: Warmth) -> String {
        let text = format!("{} {}", w.state.as_str(), w.score);
        match w.state {
            WarmthState::Hot => self.paint("31;1", &text),
            WarmthState::Warm => self.paint("33", &text),
            WarmthState::Cooling => self.paint("36", &text),
            WarmthState::Cold => self.paint("34", &text),
        }
    }
}

/// Display width, ignoring colour codes.
fn width(s: &str) -> usize {
    let mut plain = String::with_capacity(s.len());
    let mut in_escape = false;
    for ch in s.chars() {
        match (in_escape, ch) {
            (false, '\x1b') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, c) => plain.push(c),
        }
    }
    UnicodeWidthStr::width(plain.as_str())
}

/// A table with a header, columns padded to their widest cell; the last column is not
/// padded, so long text there does not push trailing spaces.
pub fn table(style: &Style, header: &[&str], rows: &[Vec<String>]) -> String {
    let cols = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(cols) {
            widths[i] = widths[i].max(width(cell));
        }
    }
    let line = |cells: Vec<String>| {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            s.push_str(cell);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(widths[i] - width(cell) + 2));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(header.iter().map(|h| style.bold(h)).collect());
    for row in rows {
        out.push_str(&line(row.clone()));
    }
    out
}

/// "today", "3 days ago", "in 5 days".
pub fn relative(date: NaiveDate, today: NaiveDate) -> String {
    let days = (date - today).num_days();
    match days {
        0 => "today".into(),
        -1 => "yesterday".into(),
        1 => "tomorrow".into(),
        d if d < 0 => format!("{} days ago", -d),
        d => format!("in {d} days"),
    }
}

pub fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
}

pub use warmline_core::text::grouped;

/// Shortens text to `max` characters with an ellipsis.
pub fn clip(s: &str, max: usize) -> String {
    let first_line = s.lines().next().unwrap_or("");
    if first_line.chars().count() <= max && first_line.len() == s.trim_end().len() {
        return first_line.to_string();
    }
    let cut: String = first_line.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_in_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(100_000), "100,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn tables_align_by_display_width() {
        let style = Style { colour: false };
        let t = table(
            &style,
            &["NAME", "ORG"],
            &[
                vec!["Zoë".into(), "Acme".into()],
                vec!["Bo".into(), "X".into()],
            ],
        );
        assert_eq!(t, "NAME  ORG\nZoë   Acme\nBo    X\n");
    }

    #[test]
    fn clipping_and_relative_dates() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("a long line of text", 8), "a long…");
        assert_eq!(clip("two\nlines", 10), "two…");
        let t = warmline_core::date::parse_iso("2026-01-10").unwrap();
        assert_eq!(relative(t - chrono::Duration::days(3), t), "3 days ago");
        assert_eq!(relative(t + chrono::Duration::days(2), t), "in 2 days");
    }
}
