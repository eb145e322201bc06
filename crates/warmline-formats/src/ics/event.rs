//! One VEVENT, read by calcard, as the facts a meeting interaction needs.

use std::collections::HashSet;

use calcard::common::PartialDateTime;
use calcard::common::timezone::Tz;
use calcard::icalendar::{
    ICalendarComponent, ICalendarEntry, ICalendarParameterName, ICalendarParameterValue,
    ICalendarParticipationStatus, ICalendarPeriod, ICalendarProperty, ICalendarRecurrenceRule,
    ICalendarStatus, ICalendarUserTypes, ICalendarValue, Uri,
};
use chrono::{NaiveDate, TimeZone};

use super::recurrence::Stamp;
use crate::record::{Me, Participant};

/// A meeting as the calendar describes it.
#[derive(Debug, Clone)]
pub(super) struct Event {
    pub uid: Option<String>,
    pub summary: String,
    /// The local date of DTSTART; `None` only in a cancellation, which needs none.
    pub start: Option<NaiveDate>,
    /// DTSTART as written, for recurrence.
    pub start_stamp: Option<Stamp>,
    /// Every RRULE (RFC 5545 allows several; their occurrences add up).
    pub rules: Vec<ICalendarRecurrenceRule>,
    pub rdates: Vec<Stamp>,
    /// EXDATE: a time is moved into the zone the series is expanded in before its day is
    /// taken (a UTC EXDATE of an evening meeting in Los Angeles is the day before in UTC).
    pub exdates: Vec<Stamp>,
    /// For an override of one occurrence of a recurring event: which one.
    pub recurrence_id: Option<NaiveDate>,
    /// RECURRENCE-ID as written, to find the occurrence in the series' own zone.
    pub recurrence_stamp: Option<Stamp>,
    /// SEQUENCE: of two versions of an event, the higher is the later.
    pub sequence: i64,
    pub organizer: Option<Participant>,
    pub organizer_is_me: bool,
    /// Attendees other than me, rooms and resources.
    pub others: Vec<Participant>,
    /// STATUS:CANCELLED.
    pub cancelled: bool,
    /// I declined.
    pub declined: bool,
}

fn text(e: &ICalendarEntry) -> Option<&str> {
    e.values.iter().find_map(|v| match v {
        ICalendarValue::Text(t) => Some(t.as_str()),
        _ => None,
    })
}

fn date_time(e: &ICalendarEntry) -> Option<&PartialDateTime> {
    e.values.iter().find_map(|v| match v {
        ICalendarValue::PartialDateTime(d) => Some(d.as_ref()),
        _ => None,
    })
}

fn param<'a>(
    e: &'a ICalendarEntry,
    name: &ICalendarParameterName,
) -> Option<&'a ICalendarParameterValue> {
    e.params.iter().find(|p| p.name == *name).map(|p| &p.value)
}

/// The local date of a DATE or DATE-TIME. A time in UTC (or with an offset) is moved into
/// the calendar's zone (`X-WR-TIMEZONE`) when there is one; a time with a TZID, or a
/// floating time, is already local.
pub(super) fn local_date(d: &PartialDateTime, zone: Option<&Tz>) -> Option<NaiveDate> {
    let date = NaiveDate::from_ymd_opt(i32::from(d.year?), u32::from(d.month?), u32::from(d.day?))?;
    let (Some(h), Some(zone)) = (d.tz_hour, zone) else {
        return Some(date);
    };
    let time = date.and_hms_opt(
        u32::from(d.hour.unwrap_or(0)),
        u32::from(d.minute.unwrap_or(0)),
        u32::from(d.second.unwrap_or(0)).min(59),
    )?;
    let offset = (i64::from(h) * 60 + i64::from(d.tz_minute.unwrap_or(0))) * 60;
    let offset = if d.tz_minus { -offset } else { offset };
    let utc = time.checked_sub_signed(chrono::TimeDelta::try_seconds(offset)?)?;
    Some(zone.from_utc_datetime(&utc).date_naive())
}

fn address(e: &ICalendarEntry) -> Option<String> {
    e.values.iter().find_map(|v| match v {
        ICalendarValue::Uri(Uri::Location(s)) => crate::text::normalize_email(s),
        ICalendarValue::Text(s) => crate::text::normalize_email(s),
        _ => None,
    })
}

fn person(e: &ICalendarEntry) -> Participant {
    let name = match param(e, &ICalendarParameterName::Cn) {
        Some(ICalendarParameterValue::Text(t)) => crate::text::non_empty(t),
        _ => None,
    };
    Participant {
        name,
        email: address(e),
        linkedin: None,
    }
}

fn is_room(e: &ICalendarEntry, email: Option<&str>) -> bool {
    let cutype = matches!(
        param(e, &ICalendarParameterName::Cutype),
        Some(ICalendarParameterValue::Cutype(
            ICalendarUserTypes::Room | ICalendarUserTypes::Resource
        ))
    );
    cutype || email.is_some_and(|m| m.ends_with("resource.calendar.google.com"))
}

fn period_start(p: &ICalendarPeriod) -> &PartialDateTime {
    match p {
        ICalendarPeriod::Range { start, .. } | ICalendarPeriod::Duration { start, .. } => start,
    }
}

fn stamp(e: &ICalendarEntry, d: &PartialDateTime) -> Stamp {
    Stamp {
        at: d.clone(),
        zone: e.tz_id().and_then(|z| z.parse().ok()),
    }
}

pub(super) fn event(c: &ICalendarComponent, zone: Option<&Tz>, me: &Me) -> Event {
    let mut ev = Event {
        uid: None,
        summary: String::new(),
        start: None,
        start_stamp: None,
        rules: Vec::new(),
        rdates: Vec::new(),
        exdates: Vec::new(),
        recurrence_id: None,
        recurrence_stamp: None,
        sequence: 0,
        organizer: None,
        organizer_is_me: false,
        others: Vec::new(),
        cancelled: false,
        declined: false,
    };
    for e in &c.entries {
        match &e.name {
            ICalendarProperty::Uid => ev.uid = text(e).and_then(crate::text::non_empty),
            ICalendarProperty::Summary => ev.summary = text(e).unwrap_or("").trim().to_string(),
            ICalendarProperty::Dtstart => {
                if let Some(d) = date_time(e) {
                    ev.start = local_date(d, zone);
                    ev.start_stamp = Some(stamp(e, d));
                }
            }
            ICalendarProperty::RecurrenceId => {
                if let Some(d) = date_time(e) {
                    ev.recurrence_id = local_date(d, zone);
                    ev.recurrence_stamp = Some(stamp(e, d));
                }
            }
            ICalendarProperty::Sequence => {
                if let Some(n) = e.values.iter().find_map(|v| match v {
                    ICalendarValue::Integer(n) => Some(*n),
                    _ => None,
                }) {
                    ev.sequence = n;
                }
            }
            ICalendarProperty::Rrule => {
                ev.rules.extend(e.values.iter().filter_map(|v| match v {
                    ICalendarValue::RecurrenceRule(r) => Some(r.as_ref().clone()),
                    _ => None,
                }));
            }
            ICalendarProperty::Rdate => {
                for v in &e.values {
                    match v {
                        ICalendarValue::PartialDateTime(d) => ev.rdates.push(stamp(e, d)),
                        ICalendarValue::Period(p) => ev.rdates.push(stamp(e, period_start(p))),
                        _ => {}
                    }
                }
            }
            ICalendarProperty::Exdate => {
                for v in &e.values {
                    if let ICalendarValue::PartialDateTime(d) = v {
                        ev.exdates.push(stamp(e, d));
                    }
                }
            }
            ICalendarProperty::Status => {
                ev.cancelled |= e
                    .values
                    .iter()
                    .any(|v| matches!(v, ICalendarValue::Status(ICalendarStatus::Cancelled)));
            }
            ICalendarProperty::Organizer => {
                let p = person(e);
                ev.organizer_is_me = p.email.as_deref().is_some_and(|m| me.is_my_email(m));
                if !ev.organizer_is_me && p.email.is_some() {
                    ev.organizer = Some(p);
                }
            }
            ICalendarProperty::Attendee => {
                let p = person(e);
                let mine = p.email.as_deref().is_some_and(|m| me.is_my_email(m));
                if mine {
                    ev.declined |= matches!(
                        param(e, &ICalendarParameterName::Partstat),
                        Some(ICalendarParameterValue::Partstat(
                            ICalendarParticipationStatus::Declined
                        ))
                    );
                } else if p.email.is_some() && !is_room(e, p.email.as_deref()) {
                    ev.others.push(p);
                }
            }
            _ => {}
        }
    }
    ev
}

impl Event {
    /// Everyone on the event but me: the organiser first, without repeats.
    pub fn participants(&self) -> Vec<Participant> {
        let mut seen = HashSet::new();
        self.organizer
            .iter()
            .chain(&self.others)
            .filter(|p| seen.insert(p.email.clone()))
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_times_move_into_the_calendar_zone() {
        let d = PartialDateTime {
            year: Some(2026),
            month: Some(11),
            day: Some(12),
            hour: Some(23),
            minute: Some(30),
            second: Some(0),
            tz_hour: Some(0),
            tz_minute: Some(0),
            tz_minus: false,
        };
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let la: Tz = "America/Los_Angeles".parse().unwrap();
        assert_eq!(
            local_date(&d, Some(&berlin)),
            NaiveDate::from_ymd_opt(2026, 11, 13)
        );
        assert_eq!(
            local_date(&d, Some(&la)),
            NaiveDate::from_ymd_opt(2026, 11, 12)
        );
        assert_eq!(local_date(&d, None), NaiveDate::from_ymd_opt(2026, 11, 12));
    }
}
