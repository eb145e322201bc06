//! Recurrence (RRULE) expansion on dates, into the past only.
//!
//! warmline needs the days a recurring meeting happened, not its times, so expansion works
//! on the event's local dates: a weekly 10:00 Berlin meeting happens on the same local
//! weekday whatever daylight saving does. Supported: FREQ=DAILY/WEEKLY/MONTHLY/YEARLY
//! with INTERVAL, COUNT, UNTIL, BYDAY (with ordinals in monthly and yearly rules),
//! BYMONTHDAY and BYMONTH; BYHOUR/BYMINUTE/BYSECOND only add times on the same dates and
//! are ignored. A rule using anything else (BYSETPOS, BYWEEKNO, BYYEARDAY, sub-daily
//! frequencies) yields only its first occurrence rather than wrong ones.

use std::collections::VecDeque;

use calcard::icalendar::{ICalendarFrequency, ICalendarRecurrenceRule, ICalendarWeekday};
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// Safety stop: no rule is expanded over more periods than this (a daily rule over 270
/// years), so a hostile file cannot spin forever.
const MAX_PERIODS: u32 = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Freq {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

/// A recurrence rule reduced to what date expansion needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rule {
    freq: Freq,
    interval: u32,
    count: Option<u32>,
    until: Option<NaiveDate>,
    by_day: Vec<(Option<i16>, Weekday)>,
    by_month_day: Vec<i8>,
    by_month: Vec<u32>,
}

impl Rule {
    /// `None` when the rule uses parts this expansion does not support.
    pub fn from_ical(r: &ICalendarRecurrenceRule) -> Option<Rule> {
        let freq = match r.freq {
            ICalendarFrequency::Daily => Freq::Daily,
            ICalendarFrequency::Weekly => Freq::Weekly,
            ICalendarFrequency::Monthly => Freq::Monthly,
            ICalendarFrequency::Yearly => Freq::Yearly,
            _ => return None,
        };
        if !r.bysetpos.is_empty() || !r.byweekno.is_empty() || !r.byyearday.is_empty() {
            return None;
        }
        let by_day: Vec<(Option<i16>, Weekday)> = r
            .byday
            .iter()
            .map(|d| (d.ordwk, weekday(d.weekday)))
            .collect();
        // Yearly BYDAY without BYMONTH counts weeks of the year: not supported.
        if freq == Freq::Yearly && !by_day.is_empty() && r.bymonth.is_empty() {
            return None;
        }
        let until = r.until.as_ref().and_then(|u| {
            NaiveDate::from_ymd_opt(i32::from(u.year?), u32::from(u.month?), u32::from(u.day?))
        });
        Some(Rule {
            freq,
            interval: u32::from(r.interval.unwrap_or(1).max(1)),
            count: r.count,
            until,
            by_day,
            by_month_day: r.bymonthday.clone(),
            by_month: r.bymonth.iter().map(|m| u32::from(m.month())).collect(),
        })
    }
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

/// The dates of a recurring event from `start` up to `last` (today), in order, the first
/// being `start` itself as RFC 5545 says.
pub(crate) struct Occurrences {
    rule: Rule,
    start: NaiveDate,
    last: NaiveDate,
    period: u32,
    emitted: u32,
    buffer: VecDeque<NaiveDate>,
    done: bool,
}

impl Occurrences {
    pub fn new(rule: Rule, start: NaiveDate, today: NaiveDate) -> Occurrences {
        let last = rule.until.map_or(today, |u| u.min(today));
        Occurrences {
            rule,
            start,
            last,
            period: 0,
            emitted: 0,
            buffer: VecDeque::new(),
            done: false,
        }
    }

    /// The candidate dates of period `k`, sorted, all on or after the start.
    fn period_dates(&self, k: u32) -> Option<Vec<NaiveDate>> {
        let step = k.checked_mul(self.rule.interval)?;
        let s = self.start;
        let mut dates = match self.rule.freq {
            Freq::Daily => {
                let d = s.checked_add_days(Days::new(u64::from(step)))?;
                let day_ok = self.rule.by_day.is_empty()
                    || self.rule.by_day.iter().any(|(_, w)| *w == d.weekday());
                let month_ok =
                    self.rule.by_month.is_empty() || self.rule.by_month.contains(&d.month());
                if day_ok && month_ok {
                    vec![d]
                } else {
                    Vec::new()
                }
            }
            Freq::Weekly => {
                let week = s
                    .checked_sub_days(Days::new(u64::from(s.weekday().num_days_from_monday())))?
                    .checked_add_days(Days::new(u64::from(step) * 7))?;
                if self.rule.by_day.is_empty() {
                    vec![s.checked_add_days(Days::new(u64::from(step) * 7))?]
                } else {
                    self.rule
                        .by_day
                        .iter()
                        .filter_map(|(_, w)| {
                            week.checked_add_days(Days::new(u64::from(w.num_days_from_monday())))
                        })
                        .collect()
                }
            }
            Freq::Monthly => {
                let first = s.with_day(1)?.checked_add_months(Months::new(step))?;
                self.in_month(first)
            }
            Freq::Yearly => {
                let year = s.year().checked_add(i32::try_from(step).ok()?)?;
                let months = if self.rule.by_month.is_empty() {
                    vec![s.month()]
                } else {
                    self.rule.by_month.clone()
                };
                months
                    .into_iter()
                    .filter_map(|m| NaiveDate::from_ymd_opt(year, m, 1))
                    .flat_map(|first| self.in_month(first))
                    .collect()
            }
        };
        dates.retain(|d| *d >= s);
        dates.sort_unstable();
        dates.dedup();
        Some(dates)
    }

    /// The dates a monthly (or yearly, per month) rule picks in the month starting `first`.
    fn in_month(&self, first: NaiveDate) -> Vec<NaiveDate> {
        let (y, m) = (first.year(), first.month());
        let len = days_in_month(first);
        let mut out = Vec::new();
        if !self.rule.by_month_day.is_empty() {
            for &d in &self.rule.by_month_day {
                let day = if d < 0 {
                    i64::from(len) + 1 + i64::from(d)
                } else {
                    i64::from(d)
                };
                if let Some(date) = u32::try_from(day)
                    .ok()
                    .and_then(|d| NaiveDate::from_ymd_opt(y, m, d))
                {
                    out.push(date);
                }
            }
        } else if !self.rule.by_day.is_empty() {
            for &(ord, wd) in &self.rule.by_day {
                let all: Vec<NaiveDate> = (1..=len)
                    .filter_map(|d| NaiveDate::from_ymd_opt(y, m, d))
                    .filter(|d| d.weekday() == wd)
                    .collect();
                match ord {
                    None => out.extend(all),
                    Some(n) if n > 0 => {
                        out.extend(all.get(usize::try_from(n - 1).unwrap_or(usize::MAX)))
                    }
                    Some(n) => {
                        let back = usize::try_from(-n).unwrap_or(usize::MAX);
                        out.extend(all.len().checked_sub(back).and_then(|i| all.get(i)));
                    }
                }
            }
        } else if let Some(d) = NaiveDate::from_ymd_opt(y, m, self.start.day()) {
            // The 31st of a 30-day month does not happen (RFC 5545 skips invalid dates).
            out.push(d);
        }
        out
    }
}

fn days_in_month(first: NaiveDate) -> u32 {
    first
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .map_or(28, |d| d.day())
}

impl Iterator for Occurrences {
    type Item = NaiveDate;

    fn next(&mut self) -> Option<NaiveDate> {
        loop {
            if self.rule.count.is_some_and(|c| self.emitted >= c) {
                return None;
            }
            if let Some(d) = self.buffer.pop_front() {
                if d > self.last {
                    self.done = true;
                    self.buffer.clear();
                    return None;
                }
                self.emitted += 1;
                return Some(d);
            }
            if self.done {
                return None;
            }
            if self.period == 0 {
                self.buffer.push_back(self.start);
            }
            if self.period >= MAX_PERIODS {
                self.done = true;
                continue;
            }
            let Some(dates) = self.period_dates(self.period) else {
                self.done = true;
                continue;
            };
            self.period += 1;
            let first_period = self.period == 1;
            self.buffer.extend(
                dates
                    .into_iter()
                    .filter(|d| !(first_period && *d == self.start)),
            );
            // A period entirely past the end means every later one is too.
            if self.buffer.is_empty() && self.period_start_past_end() {
                self.done = true;
            }
        }
    }
}

impl Occurrences {
    fn period_start_past_end(&self) -> bool {
        let step = u64::from(self.period.saturating_mul(self.rule.interval));
        let approx_days = match self.rule.freq {
            Freq::Daily => step,
            Freq::Weekly => step * 7,
            Freq::Monthly => step * 28,
            Freq::Yearly => step * 365,
        };
        self.start
            .checked_add_days(Days::new(approx_days))
            .is_none_or(|d| d > self.last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn parsed(text: &str) -> Option<Rule> {
        let ics = format!("BEGIN:VEVENT\nRRULE:{text}\nEND:VEVENT\n");
        let mut p = calcard::Parser::new(&ics);
        let calcard::Entry::ICalendar(cal) = p.entry() else {
            panic!()
        };
        let e = &cal.components[0].entries[0];
        let calcard::icalendar::ICalendarValue::RecurrenceRule(r) = &e.values[0] else {
            panic!()
        };
        Rule::from_ical(r)
    }

    fn rule(text: &str) -> Rule {
        parsed(text).unwrap()
    }

    fn dates(text: &str, start: &str, today: &str) -> Vec<String> {
        Occurrences::new(rule(text), d(start), d(today))
            .map(|x| x.to_string())
            .collect()
    }

    #[test]
    fn daily_and_weekly() {
        assert_eq!(
            dates("FREQ=DAILY;INTERVAL=2", "2026-01-01", "2026-01-06"),
            ["2026-01-01", "2026-01-03", "2026-01-05"]
        );
        assert_eq!(
            dates("FREQ=WEEKLY;COUNT=3", "2026-01-01", "2027-01-01"),
            ["2026-01-01", "2026-01-08", "2026-01-15"]
        );
        // 2026-01-05 is a Monday.
        assert_eq!(
            dates(
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE",
                "2026-01-05",
                "2026-01-31"
            ),
            ["2026-01-05", "2026-01-07", "2026-01-19", "2026-01-21"]
        );
        assert_eq!(
            dates(
                "FREQ=DAILY;UNTIL=20260103T235959Z",
                "2026-01-01",
                "2026-12-31"
            )
            .len(),
            3
        );
    }

    #[test]
    fn monthly_and_yearly() {
        assert_eq!(
            dates("FREQ=MONTHLY", "2026-01-31", "2026-06-30"),
            ["2026-01-31", "2026-03-31", "2026-05-31"]
        );
        assert_eq!(
            dates(
                "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3",
                "2026-01-30",
                "2027-01-01"
            ),
            ["2026-01-30", "2026-02-27", "2026-03-27"]
        );
        assert_eq!(
            dates(
                "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=2",
                "2026-02-28",
                "2027-01-01"
            ),
            ["2026-02-28", "2026-03-31"]
        );
        assert_eq!(
            dates("FREQ=YEARLY", "2024-02-29", "2029-01-01"),
            ["2024-02-29", "2028-02-29"]
        );
        assert_eq!(
            dates(
                "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
                "2024-10-27",
                "2026-12-01"
            ),
            ["2024-10-27", "2025-10-26", "2026-10-25"]
        );
    }

    #[test]
    fn stops_at_today_and_bounds_hostile_rules() {
        assert!(dates("FREQ=DAILY", "2026-01-01", "2025-01-01").is_empty());
        assert_eq!(
            dates("FREQ=DAILY", "0001-01-01", "9999-01-01").len() as u32,
            MAX_PERIODS
        );
        assert_eq!(
            dates(
                "FREQ=MONTHLY;BYMONTHDAY=31;INTERVAL=12",
                "2026-02-01",
                "2200-01-01"
            )
            .len(),
            1
        );
        assert_eq!(parsed("FREQ=YEARLY;BYDAY=MO"), None);
        assert_eq!(parsed("FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1"), None);
        assert_eq!(parsed("FREQ=HOURLY"), None);
    }
}
