//! No input crashes a parser: arbitrary bytes, and valid files cut at any point.

use chrono::NaiveDate;
use proptest::prelude::*;
use warmline_formats::{Me, google, ics, linkedin, mbox, vcard};

fn all_parsers(bytes: &[u8]) {
    let me = Me::new(["me@example.com"], ["https://www.linkedin.com/in/me"]);
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    for _ in linkedin::connections(bytes) {}
    let _ = linkedin::messages(bytes, &me);
    for _ in google::google_contacts(bytes) {}
    for _ in vcard::vcards(bytes) {}
    for _ in ics::meetings(bytes, &me, today) {}
    for _ in mbox::email_interactions(mbox::messages(bytes), &me, |_| true) {}
}

const SAMPLES: [&[u8]; 8] = [
    include_bytes!("data/v21-photo.vcf"),
    include_bytes!("data/apple30.vcf"),
    include_bytes!("data/recurring.ics"),
    include_bytes!("data/google-series.ics"),
    include_bytes!("data/thunderbird-folded.ics"),
    include_bytes!("data/multipart.mbox"),
    include_bytes!("data/google-current.csv"),
    include_bytes!("data/linkedin-Connections-old.csv"),
];

#[test]
fn every_sample_cut_at_every_byte() {
    for sample in SAMPLES {
        for cut in 0..sample.len() {
            all_parsers(&sample[..cut]);
        }
    }
}

#[test]
fn huge_fields() {
    let mut big = b"BEGIN:VCARD\nFN:A\nNOTE:".to_vec();
    big.extend(std::iter::repeat_n(b'x', 10 << 20));
    big.extend_from_slice(b"\nEND:VCARD\n");
    all_parsers(&big);
    let mut row = b"First Name,Last Name,Notes\nA,B,\"".to_vec();
    row.extend(std::iter::repeat_n(b'y', 10 << 20));
    row.extend_from_slice(b"\"\n");
    let got: Vec<_> = google::google_contacts(&row[..]).collect();
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].as_ref().unwrap().notes.as_ref().map(String::len),
        Some(10 << 20)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        all_parsers(&bytes);
    }

    #[test]
    fn arbitrary_text_shaped_like_the_formats(lines in proptest::collection::vec(
        prop_oneof![
            Just("BEGIN:VCARD".to_string()), Just("END:VCARD".to_string()),
            Just("BEGIN:VCALENDAR".to_string()), Just("BEGIN:VEVENT".to_string()), Just("END:VEVENT".to_string()),
            Just("From x Mon Jan 05 09:00:00 2026".to_string()), Just(String::new()),
            Just("First Name,Last Name".to_string()), Just("CONVERSATION ID,DATE,FROM".to_string()),
            "[A-Z-]{1,8}(;[A-Z]{1,5}=[a-z0-9\"]{0,5})?:[ -~]{0,30}",
            "[ -~]{0,40}",
        ], 0..40)) {
        all_parsers(lines.join("\r\n").as_bytes());
    }
}

/// One generated event: start year, frequency, BY parts, interval, count, the rule twice.
type Shape<'a> = (u16, u8, &'a str, u16, Option<u16>, bool);

/// A calendar shaped like the hostile ones of issue #13: long attendee lists, rules of
/// every frequency, starts from the year 1, several rules, overrides and versions.
fn hostile_calendar(events: &[Shape<'_>], attendees: usize) -> String {
    let mut out = String::from("BEGIN:VCALENDAR\r\n");
    for (i, (year, freq, by, interval, count, twice)) in events.iter().enumerate() {
        let freq =
            ["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY", "SECONDLY"][usize::from(*freq) % 6];
        let count = count.map(|c| format!(";COUNT={c}")).unwrap_or_default();
        let rule = format!("RRULE:FREQ={freq};INTERVAL={interval}{by}{count}\r\n");
        out.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:e{}\r\nSEQUENCE:{i}\r\nDTSTART:{year:04}0105T100000Z\r\n{rule}{}",
            i % 4,
            if *twice { rule.as_str() } else { "" }
        ));
        for a in 0..attendees {
            out.push_str(&format!("ATTENDEE:mailto:p{a}@example.com\r\n"));
        }
        out.push_str("END:VEVENT\r\n");
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn no_calendar_breaks_the_budget(
        events in proptest::collection::vec((
            prop_oneof![Just(1u16), 1960u16..2030],
            0u8..6,
            prop_oneof![
                Just(""), Just(";BYDAY=MO,TU,WE,TH,FR"), Just(";BYMONTHDAY=31"),
                Just(";BYDAY=-1FR"), Just(";BYSETPOS=-1;BYDAY=MO,FR"), Just(";UNTIL=20261231T235959Z"),
            ],
            1u16..4,
            proptest::option::of(1u16..5000),
            any::<bool>(),
        ), 1..8),
        attendees in 1usize..600,
    ) {
        let data = hostile_calendar(&events, attendees);
        let me = Me::new(["me@example.com"], Vec::<String>::new());
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let last = today + chrono::Duration::days(ics::AHEAD_DAYS);
        let (mut meetings, mut people) = (0, 0);
        for r in ics::meetings(data.as_bytes(), &me, today) {
            let r = r.unwrap();
            meetings += 1;
            people += r.participants.len();
            prop_assert!(r.on >= ics::FIRST_DAY && r.on <= last);
        }
        prop_assert!(meetings <= ics::MAX_MEETINGS);
        prop_assert!(people <= ics::MAX_ATTENDANCES);
    }
}
