//! iCalendar meetings, recurrences expanded up to a fixed today.
#![no_main]
use chrono::NaiveDate;
use warmline_formats::{Me, ics};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let me = Me::new(["me@example.com"], Vec::<String>::new());
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default();
    for _ in ics::meetings(data, &me, today) {}
});
