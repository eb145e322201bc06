//! The days a recurring event happens, expanded by the `rrule` crate (RFC 5545): every
//! `RRULE` of the event, `RDATE`s and `EXDATE`s, `UNTIL` as a moment, in the event's zone.
//!
//! warmline keeps days, not times, so each occurrence becomes its local date in the zone
//! the event is expanded in: the TZID of DTSTART, or, for a UTC DTSTART, the calendar's
//! `X-WR-TIMEZONE` (a weekly 10:00 Berlin meeting stays on its weekday whatever daylight
//! saving does). Expansion is bounded three ways, so no rule can spin: a window of days,
//! a limit of days kept, and [`STEPS`] occurrences looked at. Sub-daily frequencies
//! (HOURLY, MINUTELY, SECONDLY) are not meetings anyone keeps: such an event counts once,
//! on its first day.

use std::collections::HashSet;

use calcard::common::PartialDateTime;
use calcard::common::timezone::Tz as CalTz;
use calcard::icalendar::{ICalendarFrequency, ICalendarRecurrenceRule, ICalendarWeekday};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Weekday};
use rrule::{Frequency, NWeekday, RRule, RRuleSet, Tz};

/// No event looks at more occurrences than this (a daily rule over 270 years).
pub(super) const STEPS: usize = 100_000;
/// No file looks at more occurrences than this, all its events together.
pub(super) const FILE_STEPS: usize = 1_000_000;

/// A DATE or DATE-TIME as the file wrote it, with the zone its TZID names.
#[derive(Debug, Clone)]
pub(super) struct Stamp {
    pub at: PartialDateTime,
    pub zone: Option<CalTz>,
}

/// The days of one event to expand.
pub(super) struct Series<'a> {
    pub start: &'a Stamp,
    pub rules: &'a [ICalendarRecurrenceRule],
    pub rdates: &'a [Stamp],
    pub exdates: &'a [Stamp],
    /// The RECURRENCE-IDs of the overrides that replace occurrences, read in the series'
    /// own zone like EXDATE (a UTC value can fall on another day there).
    pub replaced: &'a [Stamp],
}

/// What an expansion found.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Expanded {
    /// In order, without repeats, all inside the window.
    pub dates: Vec<NaiveDate>,
    /// Days left out because `limit` was reached, or the steps allowed (at least one).
    pub cut: bool,
    /// Occurrences looked at.
    pub steps: usize,
    /// Occurrences before the window's first day, left out.
    pub before: usize,
    /// A rule that could not be read (or is sub-daily): the event counted once.
    pub unread: bool,
}

fn naive(at: &PartialDateTime) -> Option<NaiveDateTime> {
    let date = NaiveDate::from_ymd_opt(
        i32::from(at.year?),
        u32::from(at.month?),
        u32::from(at.day?),
    )?;
    let time = NaiveTime::from_hms_opt(
        u32::from(at.hour.unwrap_or(0)),
        u32::from(at.minute.unwrap_or(0)),
        u32::from(at.second.unwrap_or(0)).min(59),
    )?;
    Some(date.and_time(time))
}

/// A UTC time or one with an offset, as UTC.
fn as_utc(at: &PartialDateTime, local: NaiveDateTime) -> Option<Option<NaiveDateTime>> {
    let Some(h) = at.tz_hour else {
        return Some(None);
    };
    let offset = (i64::from(h) * 60 + i64::from(at.tz_minute.unwrap_or(0))) * 60;
    let offset = if at.tz_minus { -offset } else { offset };
    Some(Some(
        local.checked_sub_signed(TimeDelta::try_seconds(offset)?)?,
    ))
}

fn named(zone: Option<&CalTz>) -> Option<Tz> {
    match zone {
        Some(CalTz::Tz(t)) => Some(Tz::Tz(*t)),
        _ => None,
    }
}

/// A wall-clock time in `zone`; in a daylight-saving gap, an hour later.
fn in_zone(zone: Tz, local: NaiveDateTime) -> Option<DateTime<Tz>> {
    zone.from_local_datetime(&local).earliest().or_else(|| {
        zone.from_local_datetime(&(local + TimeDelta::hours(1)))
            .earliest()
    })
}

/// The moment of DTSTART in the zone the series is expanded in.
fn start_moment(s: &Stamp, calendar: Option<&CalTz>) -> Option<DateTime<Tz>> {
    let local = naive(&s.at)?;
    if let Some(utc) = as_utc(&s.at, local)? {
        let zone = named(calendar).unwrap_or(Tz::UTC);
        return Some(Tz::UTC.from_utc_datetime(&utc).with_timezone(&zone));
    }
    match named(s.zone.as_ref()) {
        Some(zone) => in_zone(zone, local),
        // Floating (or a zone we cannot name): the wall clock is the day.
        None => Some(Tz::UTC.from_utc_datetime(&local)),
    }
}

/// Another moment of the same series (RDATE), in the series' zone.
fn moment_like(s: &Stamp, zone: Tz) -> Option<DateTime<Tz>> {
    let local = naive(&s.at)?;
    if let Some(utc) = as_utc(&s.at, local)? {
        return Some(Tz::UTC.from_utc_datetime(&utc).with_timezone(&zone));
    }
    match named(s.zone.as_ref()) {
        Some(own) => in_zone(own, local).map(|m| m.with_timezone(&zone)),
        None => in_zone(zone, local),
    }
}

/// UNTIL as a moment: a UTC time as it is; a local time, or a date (the whole of that
/// day), in the zone of the series.
fn until(at: &PartialDateTime, zone: Tz) -> Option<DateTime<Tz>> {
    let local = naive(at)?;
    if let Some(utc) = as_utc(at, local)? {
        return Some(Tz::UTC.from_utc_datetime(&utc));
    }
    let local = if at.hour.is_none() {
        local.date().and_hms_opt(23, 59, 59)?
    } else {
        local
    };
    Some(in_zone(zone, local)?.with_timezone(&Tz::UTC))
}

fn weekday(d: ICalendarWeekday) -> Weekday {
    match d {
        ICalendarWeekday::Monday => Weekday::Mon,
        ICalendarWeekday::Tuesday => Weekday::Tue,
        ICalendarWeekday::Wednesday => Weekday::Wed,
        ICalendarWeekday::Thursday => Weekday::Thu,
        ICalendarWeekday::Friday => Weekday::Fri,
        ICalendarWeekday::Saturday => Weekday::Sat,
        ICalendarWeekday::Sunday => Weekday::Sun,
    }
}

/// The crate's rule for calcard's, checked against DTSTART; `None` when it cannot be
/// expanded here.
fn rule(r: &ICalendarRecurrenceRule, start: DateTime<Tz>) -> Option<RRule> {
    let freq = match r.freq {
        ICalendarFrequency::Daily => Frequency::Daily,
        ICalendarFrequency::Weekly => Frequency::Weekly,
        ICalendarFrequency::Monthly => Frequency::Monthly,
        ICalendarFrequency::Yearly => Frequency::Yearly,
        _ => return None,
    };
    let months: Vec<chrono::Month> = r
        .bymonth
        .iter()
        .filter_map(|m| chrono::Month::try_from(m.month()).ok())
        .collect();
    let mut out = RRule::new(freq)
        .interval(r.interval.unwrap_or(1).max(1))
        .by_set_pos(r.bysetpos.clone())
        .by_month(&months)
        .by_month_day(r.bymonthday.clone())
        .by_year_day(r.byyearday.clone())
        .by_week_no(r.byweekno.clone())
        .by_weekday(
            r.byday
                .iter()
                .map(|d| match d.ordwk {
                    Some(n) => NWeekday::Nth(n, weekday(d.weekday)),
                    None => NWeekday::Every(weekday(d.weekday)),
                })
                .collect(),
        )
        .by_hour(r.byhour.clone())
        .by_minute(r.byminute.clone())
        .by_second(r.bysecond.clone());
    if let Some(c) = r.count {
        out = out.count(c);
    }
    if let Some(w) = r.wkst {
        out = out.week_start(weekday(w));
    }
    if let Some(u) = &r.until {
        out = out.until(until(u, start.timezone())?);
    }
    out.validate(start).ok()
}

/// The days of `series` from `from` to `to`, at most `limit` of them, looking at no more
/// than `steps` occurrences.
pub(super) fn expand(
    series: &Series<'_>,
    calendar: Option<&CalTz>,
    (from, to): (NaiveDate, NaiveDate),
    limit: usize,
    steps: usize,
) -> Option<Expanded> {
    let start = start_moment(series.start, calendar)?;
    let mut out = Expanded::default();
    let rules: Vec<RRule> = series
        .rules
        .iter()
        .filter_map(|r| {
            let read = rule(r, start);
            out.unread |= read.is_none();
            read
        })
        .collect();
    let zone = start.timezone();
    let skip: HashSet<NaiveDate> = series
        .exdates
        .iter()
        .chain(series.replaced)
        .filter_map(|x| moment_like(x, zone))
        .map(|m| m.date_naive())
        .collect();
    let mut set = RRuleSet::new(start).limit().set_rrules(rules);
    for r in series.rdates {
        if let Some(m) = moment_like(r, zone) {
            set = set.rdate(m);
        }
    }
    // DTSTART always counts as the first occurrence (RFC 5545 3.8.5.3), matched by the rule
    // or not.
    let mut days = vec![start.date_naive()];
    let steps = steps.min(STEPS);
    for (looked, occurrence) in set.into_iter().enumerate() {
        out.steps = looked + 1;
        if looked == steps {
            out.cut = true;
            break;
        }
        let day = occurrence.date_naive();
        if day > to {
            break;
        }
        if days.last() != Some(&day) {
            days.push(day);
        }
    }
    days.sort_unstable();
    days.dedup();
    for day in days {
        if day > to || skip.contains(&day) {
            continue;
        }
        if day < from {
            // A series cut short is named as such: what it had before the window is
            // only what was looked at.
            out.before += usize::from(!out.cut);
            continue;
        }
        if out.dates.len() == limit {
            out.cut = true;
            break;
        }
        out.dates.push(day);
    }
    Some(out)
}
