//! Streaks and the year heatmap: the "be more consistent" habit made visible.
//!
//! An *active day* is a day with something done for the network (the caller decides what
//! counts; `warmline` uses "an interaction logged or a follow-up done"). A streak is a run
//! of active days with no idle working day in between.
//!
//! Two rules keep streaks humane rather than punishing:
//!
//! * **Today is not over.** If nothing has happened yet today, the streak through
//!   yesterday still stands; it only breaks once a whole working day passes idle.
//! * **Rest days.** Weekdays the user marks as rest (say Saturday and Sunday) neither break
//!   nor extend a streak when idle. Activity on a rest day still counts as an active day:
//!   the work was done, and refusing to credit it would only discourage it.
//!
//! Everything is calendar arithmetic on [`NaiveDate`], so month ends, year ends and leap
//! days need no special cases. Gaps are checked weekday by weekday (at most seven steps,
//! since a gap of a week or more always contains every weekday), so the cost is linear in
//! the number of active days, not in the span of time they cover.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::CoreError;

/// The current and the longest run of active days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Streak {
    /// Active days in the run that reaches today (or yesterday, while today is still open).
    pub current: u32,
    /// The longest run ever, the current one included.
    pub best: u32,
}

/// The weekdays that neither break nor extend a streak when idle.
///
/// Stored as a bit set indexed by days from Monday; serialised as a short text such as
/// `"sat,sun"` (or `"none"`) so that settings stay readable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RestDays(u8);

const DAY_NAMES: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

impl RestDays {
    /// Every day is a working day.
    pub const NONE: RestDays = RestDays(0);
    /// Saturday and Sunday.
    pub const WEEKEND: RestDays = RestDays(0b110_0000);

    pub fn from_weekdays(days: impl IntoIterator<Item = Weekday>) -> RestDays {
        RestDays(
            days.into_iter()
                .fold(0, |bits, d| bits | (1 << d.num_days_from_monday())),
        )
    }

    /// From weekday numbers, 0 for Monday to 6 for Sunday (as settings store them);
    /// numbers past 6 are ignored.
    pub fn from_indices(days: &[u8]) -> RestDays {
        RestDays(
            days.iter()
                .filter(|d| **d < 7)
                .fold(0, |bits, d| bits | (1 << d)),
        )
    }

    pub fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << day.num_days_from_monday()) != 0
    }

    /// Whether `date` falls on a rest weekday.
    pub fn is_rest(self, date: NaiveDate) -> bool {
        self.contains(date.weekday())
    }

    /// The rest weekdays, Monday first.
    pub fn weekdays(self) -> Vec<Weekday> {
        DAY_NAMES
            .iter()
            .map(|(_, d)| *d)
            .filter(|d| self.contains(*d))
            .collect()
    }

    /// Working days in a week: the days a daily target applies to.
    pub fn working_days_per_week(self) -> u32 {
        7 - (self.0 & 0x7f).count_ones()
    }

    /// Parses a comma- or space-separated list of weekday names or their first three or
    /// more letters (`sat,sun`), or `none`, or `weekend`.
    pub fn parse(s: &str) -> Result<RestDays, CoreError> {
        let mut days = Vec::new();
        for word in s.split([',', ' ']).map(str::trim).filter(|w| !w.is_empty()) {
            let w = word.to_lowercase();
            match w.as_str() {
                "none" => {}
                "weekend" | "weekends" => days.extend([Weekday::Sat, Weekday::Sun]),
                _ => {
                    let day = DAY_NAMES
                        .iter()
                        .find(|(name, _)| w.len() >= 3 && name.starts_with(w.as_str()))
                        .map(|(_, d)| *d)
                        .ok_or_else(|| {
                            CoreError::Invalid(format!(
                                "'{word}' is not a weekday: use names like sat,sun (or none)"
                            ))
                        })?;
                    days.push(day);
                }
            }
        }
        Ok(RestDays::from_weekdays(days))
    }
}

impl fmt::Display for RestDays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = DAY_NAMES
            .iter()
            .filter(|(_, d)| self.contains(*d))
            .map(|(name, _)| &name[..3])
            .collect();
        if names.is_empty() {
            f.write_str("none")
        } else {
            f.write_str(&names.join(","))
        }
    }
}

impl From<RestDays> for String {
    fn from(r: RestDays) -> String {
        r.to_string()
    }
}

impl TryFrom<String> for RestDays {
    type Error = CoreError;
    fn try_from(s: String) -> Result<RestDays, CoreError> {
        RestDays::parse(&s)
    }
}

/// Whether every day strictly between `earlier` and `later` is a rest day, so that a run
/// of active days survives the gap.
fn only_rest_between(earlier: NaiveDate, later: NaiveDate, rest: RestDays) -> bool {
    let gap = (later - earlier).num_days() - 1;
    if gap <= 0 {
        return true;
    }
    if gap >= 7 {
        // A gap of a week or more holds every weekday.
        return rest.working_days_per_week() == 0;
    }
    earlier
        .iter_days()
        .skip(1)
        .take(gap as usize)
        .all(|d| rest.is_rest(d))
}

/// Computes the current and best streak from active days, in any order and with
/// repeats. Days after `today` are ignored: a planned meeting is not yet done.
pub fn streak(
    active: impl IntoIterator<Item = NaiveDate>,
    rest: RestDays,
    today: NaiveDate,
) -> Streak {
    let days: BTreeSet<NaiveDate> = active.into_iter().filter(|d| *d <= today).collect();
    let mut best = 0u32;
    let mut run = 0u32;
    let mut prev: Option<NaiveDate> = None;
    for &day in &days {
        run = match prev {
            Some(p) if only_rest_between(p, day, rest) => run.saturating_add(1),
            _ => 1,
        };
        best = best.max(run);
        prev = Some(day);
    }
    // The last run is current if nothing but rest days separates it from today; today
    // itself is excused because it is not over yet.
    let current = match prev {
        Some(last) if only_rest_between(last, today, rest) => run,
        _ => 0,
    };
    Streak { current, best }
}

/// Columns in the year heatmap: 53 weeks always cover the last 365 or 366 days.
pub const HEATMAP_WEEKS: usize = 53;

/// Activity counts for the 53 weeks ending today, one column per week, Monday first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heatmap {
    /// The Monday that opens the first column.
    pub start: NaiveDate,
    /// The last day with data (today).
    pub end: NaiveDate,
    /// `weeks[w][d]` is the count on day `d` (0 = Monday) of week `w`; `None` after `end`.
    pub weeks: Vec<[Option<u32>; 7]>,
    /// The largest daily count, which sets the shading scale.
    pub max: u32,
    pub total: u32,
    pub active_days: u32,
}

/// Builds the heatmap from `(day, count)` pairs; repeated days add up and days outside
/// the 53 weeks are ignored.
pub fn heatmap(counts: impl IntoIterator<Item = (NaiveDate, u32)>, today: NaiveDate) -> Heatmap {
    let back = u64::from(today.weekday().num_days_from_monday()) + 7 * (HEATMAP_WEEKS as u64 - 1);
    // Only a date within a year of chrono's minimum could fail; clamp rather than panic.
    let start = today
        .checked_sub_days(Days::new(back))
        .unwrap_or(NaiveDate::MIN);
    let mut weeks: Vec<[Option<u32>; 7]> = vec![[None; 7]; HEATMAP_WEEKS];
    for (i, day) in start.iter_days().take(HEATMAP_WEEKS * 7).enumerate() {
        if day <= today {
            weeks[i / 7][i % 7] = Some(0);
        }
    }
    for (day, count) in counts {
        if day < start || day > today {
            continue;
        }
        let i = (day - start).num_days() as usize;
        if let Some(Some(cell)) = weeks.get_mut(i / 7).map(|w| &mut w[i % 7]) {
            *cell = cell.saturating_add(count);
        }
    }
    let cells = || weeks.iter().flatten().flatten().copied();
    let max = cells().max().unwrap_or(0);
    let total = cells().fold(0u32, u32::saturating_add);
    let active_days = cells().filter(|c| *c > 0).count() as u32;
    Heatmap {
        start,
        end: today,
        weeks,
        max,
        total,
        active_days,
    }
}

/// Shades from idle to busiest; index is the level from [`Heatmap::level`].
const SHADES: [char; 5] = ['·', '░', '▒', '▓', '█'];
/// Width of the weekday labels at the left of each row.
const LABEL_WIDTH: usize = 4;

impl Heatmap {
    /// The date of a cell, if it lies in the calendar.
    pub fn date_of(&self, week: usize, weekday: usize) -> Option<NaiveDate> {
        self.start
            .checked_add_days(Days::new((week * 7 + weekday.min(6)) as u64))
    }

    /// The shade level 0–4 of a count: 0 for an idle day, otherwise quarters of the
    /// busiest day, so any activity at all shows.
    pub fn level(&self, count: u32) -> u8 {
        if count == 0 || self.max == 0 {
            return 0;
        }
        let (c, m) = (u64::from(count), u64::from(self.max));
        (4 * c).div_ceil(m).clamp(1, 4) as u8
    }

    /// Renders the heatmap for a terminal: a month label row, seven weekday rows (idle
    /// days as `·`, busier days as `░▒▓█`, days still to come blank) and a legend.
    pub fn render(&self) -> String {
        let width = LABEL_WIDTH + self.weeks.len();
        let mut months = vec![' '; width];
        let mut free_from = 0;
        for w in 0..self.weeks.len() {
            let first_of_month = (0..7).find_map(|d| self.date_of(w, d).filter(|x| x.day() == 1));
            // The first column is labelled too, unless a month begins right after it.
            let label_date = match first_of_month {
                Some(d) => Some(d),
                None if w == 0 => {
                    let soon = (1..4)
                        .any(|x| (0..7).any(|d| self.date_of(x, d).is_some_and(|v| v.day() == 1)));
                    if soon { None } else { self.date_of(0, 0) }
                }
                None => None,
            };
            let col = LABEL_WIDTH + w;
            if let Some(d) = label_date
                && col >= free_from
                && col + 3 <= width
            {
                let name = month_abbrev(d.month());
                for (i, ch) in name.chars().enumerate() {
                    months[col + i] = ch;
                }
                free_from = col + 4;
            }
        }
        let mut out = String::new();
        out.push_str(months.iter().collect::<String>().trim_end());
        out.push('\n');
        const ROW_LABELS: [&str; 7] = ["Mon", "", "Wed", "", "Fri", "", ""];
        for (d, label) in ROW_LABELS.iter().enumerate() {
            let mut row = format!("{label:<LABEL_WIDTH$}");
            for week in &self.weeks {
                row.push(match week[d] {
                    Some(c) => SHADES[usize::from(self.level(c))],
                    None => ' ',
                });
            }
            out.push_str(row.trim_end());
            out.push('\n');
        }
        out.push_str(&format!(
            "{:LABEL_WIDTH$}less {} more\n",
            "",
            SHADES
                .iter()
                .map(char::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        ));
        out
    }
}

fn month_abbrev(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    NAMES[(month.clamp(1, 12) - 1) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_iso;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        parse_iso(s).unwrap()
    }

    fn days(list: &[&str]) -> Vec<NaiveDate> {
        list.iter().map(|s| d(s)).collect()
    }

    #[test]
    fn runs_cross_month_and_year_ends() {
        let s = streak(
            days(&["2026-01-30", "2026-01-31", "2026-02-01"]),
            RestDays::NONE,
            d("2026-02-01"),
        );
        assert_eq!(
            s,
            Streak {
                current: 3,
                best: 3
            }
        );
        let s = streak(
            days(&["2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"]),
            RestDays::NONE,
            d("2027-01-02"),
        );
        assert_eq!(
            s,
            Streak {
                current: 4,
                best: 4
            }
        );
        let leap = days(&["2028-02-28", "2028-02-29", "2028-03-01"]);
        assert_eq!(streak(leap, RestDays::NONE, d("2028-03-01")).current, 3);
    }

    #[test]
    fn today_is_not_lost_until_it_is_over() {
        let active = days(&["2026-12-30", "2026-12-31"]);
        assert_eq!(
            streak(active.clone(), RestDays::NONE, d("2027-01-01")).current,
            2
        );
        assert_eq!(
            streak(active, RestDays::NONE, d("2027-01-02")),
            Streak {
                current: 0,
                best: 2
            }
        );
    }

    #[test]
    fn idle_rest_days_neither_break_nor_extend() {
        // 2026-11-27 is a Friday, 2026-11-30 the Monday after.
        let active = days(&["2026-11-26", "2026-11-27", "2026-11-30"]);
        assert_eq!(
            streak(active.clone(), RestDays::WEEKEND, d("2026-11-30")).current,
            3
        );
        assert_eq!(streak(active, RestDays::NONE, d("2026-11-30")).current, 1);
        // On Monday before anything is logged, Friday's run still stands.
        let fri = days(&["2026-11-26", "2026-11-27"]);
        assert_eq!(
            streak(fri.clone(), RestDays::WEEKEND, d("2026-11-30")).current,
            2
        );
        assert_eq!(streak(fri, RestDays::WEEKEND, d("2026-12-01")).current, 0);
    }

    #[test]
    fn work_on_a_rest_day_counts() {
        let active = days(&["2026-11-27", "2026-11-28", "2026-11-30"]);
        assert_eq!(
            streak(active, RestDays::WEEKEND, d("2026-11-30")).current,
            3
        );
    }

    #[test]
    fn best_survives_a_break_and_future_days_are_ignored() {
        let active = days(&[
            "2026-01-01",
            "2026-01-02",
            "2026-01-03",
            "2026-01-10",
            "2026-02-01",
        ]);
        assert_eq!(
            streak(active, RestDays::NONE, d("2026-01-10")),
            Streak {
                current: 1,
                best: 3
            }
        );
        assert_eq!(
            streak(Vec::new(), RestDays::NONE, d("2026-01-10")),
            Streak::default()
        );
    }

    #[test]
    fn all_rest_days_never_break() {
        let all = RestDays::parse("mon,tue,wed,thu,fri,sat,sun").unwrap();
        let s = streak(days(&["2025-01-01", "2026-01-01"]), all, d("2026-06-01"));
        assert_eq!(
            s,
            Streak {
                current: 2,
                best: 2
            }
        );
    }

    #[test]
    fn rest_days_parse_and_print() {
        assert_eq!(RestDays::parse("Sat, sunday").unwrap(), RestDays::WEEKEND);
        assert_eq!(RestDays::parse("weekend").unwrap().to_string(), "sat,sun");
        assert_eq!(RestDays::parse("none").unwrap(), RestDays::NONE);
        assert_eq!(RestDays::NONE.to_string(), "none");
        assert!(RestDays::parse("sa").is_err());
        assert!(RestDays::parse("funday").is_err());
        assert_eq!(
            RestDays::WEEKEND.weekdays(),
            vec![Weekday::Sat, Weekday::Sun]
        );
        assert_eq!(RestDays::WEEKEND.working_days_per_week(), 5);
        assert_eq!(RestDays::from_indices(&[5, 6, 9]), RestDays::WEEKEND);
    }

    #[test]
    fn heatmap_has_53_monday_first_columns_ending_today() {
        let today = d("2026-11-25"); // a Wednesday
        let h = heatmap(
            [
                (today, 2),
                (today, 1),
                (d("2026-11-23"), 1),
                (d("2020-01-01"), 9),
                (d("2026-12-01"), 9),
            ],
            today,
        );
        assert_eq!(h.weeks.len(), HEATMAP_WEEKS);
        assert_eq!(h.start.weekday(), Weekday::Mon);
        assert_eq!(h.weeks[52][2], Some(3));
        assert_eq!(h.weeks[52][0], Some(1));
        assert_eq!(h.weeks[52][3], None);
        assert_eq!((h.max, h.total, h.active_days), (3, 4, 2));
        assert_eq!(h.date_of(52, 2), Some(today));
        assert_eq!(h.level(3), 4);
        assert_eq!(h.level(1), 2);
        assert_eq!(h.level(0), 0);
    }

    #[test]
    fn heatmap_renders_labels_and_shades() {
        let today = d("2027-01-03");
        let h = heatmap([(d("2027-01-01"), 4), (d("2026-12-31"), 1)], today);
        let text = h.render();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 9, "{text}");
        assert!(
            lines[0].contains("Jan") && lines[0].contains("Dec"),
            "{text}"
        );
        assert!(lines[1].starts_with("Mon "));
        assert!(text.contains('█') && text.contains('░'), "{text}");
        for line in &lines[1..8] {
            assert!(
                line.chars().count() <= LABEL_WIDTH + HEATMAP_WEEKS,
                "{line}"
            );
        }
    }

    /// A day-by-day reference: walk from the first active day to today.
    fn reference(active: &BTreeSet<NaiveDate>, rest: RestDays, today: NaiveDate) -> Streak {
        let Some(first) = active.iter().next().copied() else {
            return Streak::default();
        };
        let (mut run, mut best) = (0u32, 0u32);
        for day in first.iter_days().take_while(|x| *x <= today) {
            if active.contains(&day) {
                run += 1;
                best = best.max(run);
            } else if day != today && !rest.is_rest(day) {
                run = 0;
            }
        }
        Streak { current: run, best }
    }

    proptest! {
        #[test]
        fn matches_the_day_by_day_reference(
            offsets in proptest::collection::vec(0u64..120, 0..60),
            rest_bits in 0u8..128,
            today_off in 0u64..130,
        ) {
            let base = d("2026-11-20");
            let active: BTreeSet<NaiveDate> = offsets.iter().map(|o| base + Days::new(*o)).collect();
            let today = base + Days::new(today_off);
            let rest = RestDays(rest_bits);
            let past: BTreeSet<NaiveDate> = active.iter().copied().filter(|x| *x <= today).collect();
            let got = streak(active.iter().copied().rev(), rest, today);
            prop_assert_eq!(got, reference(&past, rest, today));
            prop_assert!(got.best >= got.current);
            prop_assert!(got.best as usize <= past.len());
        }
    }
}
