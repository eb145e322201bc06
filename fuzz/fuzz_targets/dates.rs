//! Dates as people type them, towards the past and the future, and due dates.
#![no_main]
use chrono::NaiveDate;
use warmline_core::date::{Towards, parse_date, parse_due, parse_iso};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default();
    let _ = parse_date(text, today, Towards::Past);
    let _ = parse_date(text, today, Towards::Future);
    let _ = parse_due(text, today);
    let _ = parse_iso(text);
    let _ = warmline_core::person::Birthday::parse(text);
});
