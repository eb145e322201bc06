//! iCalendar meetings, recurrences expanded up to a fixed today. Whatever the input (the
//! seeds include `hostile-recurrence.ics`: hundreds of attendees on a daily series, and a
//! rule from the year 1), the reader stays within its budget of meetings and people.
#![no_main]
use chrono::NaiveDate;
use warmline_formats::{Me, ics};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let me = Me::new(["me@example.com"], Vec::<String>::new());
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default();
    let (mut meetings, mut people) = (0, 0);
    for r in ics::meetings(data, &me, today).flatten() {
        meetings += 1;
        people += r.participants.len();
        assert!(r.on >= ics::FIRST_DAY);
    }
    assert!(meetings <= ics::MAX_MEETINGS);
    assert!(people <= ics::MAX_ATTENDANCES);
});
