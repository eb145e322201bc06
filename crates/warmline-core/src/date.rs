//! Dates as people type them: `2026-03-05`, `today`, `yesterday`, `3d`, `friday`.
//!
//! A relative date means something different for a past event ("I met her 3d ago") and for
//! a due date ("follow up in 3d"), so the caller says which way to count.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::CoreError;

/// Which way a relative date counts from today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Towards {
    /// For things that happened: `3d` is three days ago, `friday` the last Friday (or today).
    Past,
    /// For things that fall due: `3d` is three days ahead, `friday` the next Friday (or today).
    Future,
}

/// Parses a date as SPEC §3 describes it.
pub fn parse_date(input: &str, today: NaiveDate, towards: Towards) -> Result<NaiveDate, CoreError> {
    let s = input.trim().to_lowercase();
    let bad = || CoreError::BadDate(input.to_string());
    match s.as_str() {
        "today" | "now" => return Ok(today),
        "yesterday" => return Ok(today - Duration::days(1)),
        "tomorrow" => return Ok(today + Duration::days(1)),
        _ => {}
    }
    if let Some(n) = s.strip_suffix('d')
        && !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
    {
        let days: i64 = n.parse().map_err(|_| bad())?;
        if days > 36_500 {
            return Err(bad());
        }
        return Ok(match towards {
            Towards::Past => today - Duration::days(days),
            Towards::Future => today + Duration::days(days),
        });
    }
    if let Some(day) = parse_weekday(&s) {
        let today_n = today.weekday().num_days_from_monday() as i64;
        let day_n = day.num_days_from_monday() as i64;
        return Ok(match towards {
            Towards::Past => today - Duration::days((today_n - day_n).rem_euclid(7)),
            Towards::Future => today + Duration::days((day_n - today_n).rem_euclid(7)),
        });
    }
    parse_iso(&s).ok_or_else(bad)
}

/// Parses a strict `YYYY-MM-DD`.
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    // By hand rather than through a format string: every date read from the database
    // comes through here, and `today` reads thousands.
    let num = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(num(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?)
}

fn parse_weekday(s: &str) -> Option<Weekday> {
    const NAMES: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    if s.len() < 3 {
        return None;
    }
    NAMES
        .iter()
        .find(|(name, _)| name.starts_with(s))
        .map(|(_, day)| *day)
}

/// A number of days or a date, as `--follow-up` and `--due` take it: a bare number means
/// that many days ahead.
pub fn parse_due(input: &str, today: NaiveDate) -> Result<NaiveDate, CoreError> {
    let t = input.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        let days: i64 = t
            .parse()
            .map_err(|_| CoreError::BadDate(input.to_string()))?;
        if days > 36_500 {
            return Err(CoreError::BadDate(input.to_string()));
        }
        return Ok(today + Duration::days(days));
    }
    parse_date(input, today, Towards::Future)
}

/// Days from `from` to `to` (negative when `to` is earlier).
/// A day as people say it in a sentence: "1 Dec", with the year when it is not this
/// year's ("28 Nov 2025"). Tables and JSON keep ISO dates.
pub fn spoken(date: NaiveDate, today: NaiveDate) -> String {
    if date.year() == today.year() {
        date.format("%-d %b").to_string()
    } else {
        date.format("%-d %b %Y").to_string()
    }
}

/// The earliest day an imported interaction or connection can have: before it, a date
/// is a clock reset or a placeholder, not an event.
pub const IMPORTED_FROM: (i32, u32, u32) = (1970, 1, 1);

/// Whether an imported date can be real: from 1970 to a year after `today` (a meeting can
/// be booked that far ahead). "1 Jan 99999" or 1904 would otherwise become a last contact.
pub fn plausible_import_date(on: NaiveDate, today: NaiveDate) -> bool {
    let (y, m, d) = IMPORTED_FROM;
    NaiveDate::from_ymd_opt(y, m, d).is_some_and(|from| on >= from)
        && on <= today + chrono::Duration::days(366)
}

/// A moment given as seconds since the Unix epoch, to the minute in UTC
/// (`2026-12-02 14:05 UTC`), as lists of sign-ins show it.
pub fn utc_minute(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| "?".to_string())
}

pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_read_to_the_minute_in_utc() {
        assert_eq!(utc_minute(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_minute(1_796_220_300), "2026-12-02 14:05 UTC");
    }

    fn d(s: &str) -> NaiveDate {
        parse_iso(s).unwrap()
    }

    // 2026-11-25 is a Wednesday.
    const TODAY: &str = "2026-11-25";

    #[test]
    fn imported_dates_run_from_1970_to_a_year_ahead() {
        let today = d(TODAY);
        assert!(plausible_import_date(d("1970-01-01"), today));
        assert!(plausible_import_date(d("2027-11-25"), today));
        assert!(!plausible_import_date(d("1969-12-31"), today));
        assert!(!plausible_import_date(d("2027-11-27"), today));
        assert!(!plausible_import_date(d("9999-01-01"), today));
    }

    #[test]
    fn spoken_days_name_the_year_only_when_it_is_another() {
        assert_eq!(spoken(d("2026-12-01"), d(TODAY)), "1 Dec");
        assert_eq!(spoken(d("2026-11-25"), d(TODAY)), "25 Nov");
        assert_eq!(spoken(d("2025-11-28"), d(TODAY)), "28 Nov 2025");
        assert_eq!(spoken(d("2027-01-09"), d(TODAY)), "9 Jan 2027");
    }

    #[test]
    fn iso_dates_are_strict() {
        assert_eq!(
            d("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-+1-05",
            "2026-1--05",
            " 2026-1-05",
            "2026/11/25",
            "2026-11-2x",
            "20261-11-2",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn iso_dates_read_back_what_they_print(days in 0i64..1_500_000) {
            let date = NaiveDate::from_ymd_opt(1, 1, 1).unwrap() + chrono::Duration::days(days);
            proptest::prop_assert_eq!(parse_iso(&date.format("%Y-%m-%d").to_string()), Some(date));
        }

        #[test]
        fn iso_dates_agree_with_chrono(s in "[0-9+ -]{10}") {
            let chrono = NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()
                .filter(|_| s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-')
                .filter(|_| s.bytes().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit()));
            proptest::prop_assert_eq!(parse_iso(&s), chrono);
        }
    }

    #[test]
    fn keywords() {
        let t = d(TODAY);
        assert_eq!(parse_date("today", t, Towards::Past).unwrap(), t);
        assert_eq!(
            parse_date("Yesterday", t, Towards::Past).unwrap(),
            d("2026-11-24")
        );
    }

    #[test]
    fn relative_days_count_by_direction() {
        let t = d(TODAY);
        assert_eq!(parse_date("3d", t, Towards::Past).unwrap(), d("2026-11-22"));
        assert_eq!(
            parse_date("3d", t, Towards::Future).unwrap(),
            d("2026-11-28")
        );
        assert_eq!(parse_date("0d", t, Towards::Future).unwrap(), t);
    }

    #[test]
    fn weekdays() {
        let t = d(TODAY);
        assert_eq!(
            parse_date("monday", t, Towards::Past).unwrap(),
            d("2026-11-23")
        );
        assert_eq!(
            parse_date("mon", t, Towards::Future).unwrap(),
            d("2026-11-30")
        );
        assert_eq!(parse_date("wednesday", t, Towards::Past).unwrap(), t);
        assert_eq!(
            parse_date("Fri", t, Towards::Future).unwrap(),
            d("2026-11-27")
        );
    }

    #[test]
    fn weekday_across_year_end() {
        let t = d("2027-01-01"); // a Friday
        assert_eq!(
            parse_date("tuesday", t, Towards::Past).unwrap(),
            d("2026-12-29")
        );
    }

    #[test]
    fn iso_and_errors() {
        let t = d(TODAY);
        assert_eq!(
            parse_date("2024-02-29", t, Towards::Past).unwrap(),
            d("2024-02-29")
        );
        for bad in [
            "2023-02-29",
            "24-1-1",
            "soon",
            "",
            "d",
            "-3d",
            "99999999999999999999d",
            "mo",
        ] {
            assert!(parse_date(bad, t, Towards::Past).is_err(), "{bad}");
        }
    }

    #[test]
    fn due_takes_bare_numbers_as_days_ahead() {
        let t = d(TODAY);
        assert_eq!(parse_due("2", t).unwrap(), d("2026-11-27"));
        assert_eq!(parse_due("2d", t).unwrap(), d("2026-11-27"));
        assert_eq!(parse_due("2026-12-01", t).unwrap(), d("2026-12-01"));
        assert!(parse_due("x", t).is_err());
    }
}
