//! The writers' output read back: iCalendar by calcard, CSV by the csv crate and by our own
//! importer's rules.

use chrono::{DateTime, NaiveDate};
use warmline_formats::ContactRecord;
use warmline_formats::csv_out::{CONTACT_COLUMNS, write_contacts};
use warmline_formats::ics_out::{CalendarStyle, DueItem, item_uid, write_calendar};

#[test]
fn calendar_reads_back() {
    let items: Vec<DueItem> = (0..3)
        .map(|i| DueItem {
            key: format!("followup:{i}"),
            due: NaiveDate::from_ymd_opt(2026, 12, 30 + i).unwrap_or(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()),
            summary: format!("Follow up {i}: a long summary, with commas; and semicolons, that will need folding at seventy-five octets"),
            description: Some("first\nsecond".into()),
        })
        .collect();
    let mut out = Vec::new();
    let stamp = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
    write_calendar(
        &mut out,
        "warmline follow-ups",
        &items,
        CalendarStyle::Events,
        stamp,
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.lines().all(|l| l.len() <= 75), "folded");
    let mut parser = calcard::Parser::new(&text);
    let calcard::Entry::ICalendar(cal) = parser.entry() else {
        panic!("{text}")
    };
    let events: Vec<_> = cal
        .components
        .iter()
        .filter(|c| c.component_type == calcard::icalendar::ICalendarComponentType::VEvent)
        .collect();
    assert_eq!(events.len(), 3);
    assert_eq!(events[0].uid(), Some(item_uid("followup:0").as_str()));
    let summary = events[0]
        .property(&calcard::icalendar::ICalendarProperty::Summary)
        .and_then(|p| p.values.first())
        .and_then(|v| v.as_text())
        .unwrap();
    assert_eq!(summary, items[0].summary);
}

#[test]
fn csv_has_a_row_per_person() {
    let people = vec![
        ContactRecord {
            name: "Ada Lovelace".into(),
            emails: vec!["ada@example.com".into(), "a@b.c".into()],
            ..ContactRecord::default()
        },
        ContactRecord {
            name: "=HYPERLINK(\"http://x\")".into(),
            notes: Some("@risk".into()),
            ..ContactRecord::default()
        },
    ];
    let mut out = Vec::new();
    write_contacts(&mut out, &people).unwrap();
    let mut rd = csv::Reader::from_reader(&out[..]);
    assert_eq!(rd.headers().unwrap().len(), CONTACT_COLUMNS.len());
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][3], "ada@example.com ::: a@b.c");
    assert_eq!(&rows[1][0], "'=HYPERLINK(\"http://x\")");
    assert_eq!(&rows[1][12], "'@risk");
    assert!(rows[0][13].starts_with("urn:uuid:"));
}
