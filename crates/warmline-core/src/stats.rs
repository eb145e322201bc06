//! `warmline stats` and `warmline review`: evidence, over months, that the slow game works.
//!
//! The caller hands over [`DailyCounts`] (touches, new people and follow-ups done per day,
//! which a store aggregates over its indexes) and an [`ActivityLog`] of the interactions in
//! full for the rates' period only; these functions only count. [`DailyCounts::from_log`]
//! derives the counts from a complete log, the reference the store's aggregates are tested
//! against.
//!
//! Definitions, so the numbers mean the same thing everywhere:
//!
//! * **Weeks** run Monday to Sunday. `stats` shows the last N weeks, oldest first, the
//!   current (partial) week last. Nothing after today is counted: a meeting imported from a
//!   calendar for next Tuesday has not happened yet.
//! * **A touch** is one logged interaction, whatever its direction and however many people
//!   took part: a group call is one touch, three separate emails are three.
//! * **A new person** counts in the week you met them when that is known, else the week
//!   they were added, so importing years of LinkedIn connections does not make one giant
//!   week. `people_total` is the network's size at the end of each week on the same basis.
//! * **The rates' period** is named: follow-up latency and reply rate always cover the
//!   last [`RATE_WEEKS`] weeks, the current one included ([`Period`]), whatever number of
//!   weeks the table shows, so `stats` and the web page say the same thing.
//! * **Follow-up latency** is the days from meeting someone (their met date) to the first
//!   interaction with them on a later day. Its median covers the people met in the window
//!   who have been followed up; `people_met` and `people_followed_up` show how many that is.
//! * **Reply rate** is the share of my outbound interactions answered by an inbound or
//!   mutual interaction with any of the same people within [`REPLY_WINDOW_DAYS`] days
//!   (the same day included). An outbound interaction whose window is still open and has
//!   no answer yet is not counted either way, so a burst of recent outreach does not
//!   drag the rate down before anyone could reply.
//! * **Active days** (for streaks) are days with an interaction or a follow-up done.

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::interaction::{Direction, Kind};
use crate::paths::PersonRef;
use crate::person::PersonId;
use crate::plan::ItemKind;
use crate::streak::{RestDays, Streak, streak};

/// Weeks shown when the user does not say.
pub const DEFAULT_WEEKS: u32 = 12;
/// The most weeks `stats` will show (ten years); larger requests are clamped.
pub const MAX_WEEKS: u32 = 520;
/// How long an answer to my outreach may take to count as a reply.
pub const REPLY_WINDOW_DAYS: u64 = 14;
/// The weeks follow-up latency and reply rate look back on, everywhere they are shown.
pub const RATE_WEEKS: u32 = 4;

/// A named stretch of whole weeks ending with the current one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub weeks: u32,
    /// The Monday it starts on.
    pub from: NaiveDate,
    /// Today: nothing later counts.
    pub to: NaiveDate,
}

impl Period {
    /// The last `weeks` weeks (clamped to 1..=[`MAX_WEEKS`]), the current one included.
    pub fn last_weeks(today: NaiveDate, weeks: u32) -> Period {
        let weeks = weeks.clamp(1, MAX_WEEKS);
        let this = week_start(today);
        Period {
            weeks,
            from: this
                .checked_sub_days(Days::new(7 * u64::from(weeks - 1)))
                .unwrap_or(this),
            to: today,
        }
    }

    /// What the period is called wherever a figure for it is shown: `last 4 weeks`.
    pub fn name(&self) -> String {
        match self.weeks {
            1 => "this week".to_string(),
            n => format!("last {n} weeks"),
        }
    }
}

/// Touches, new people and follow-ups done per day from `from` to `to`, and every active
/// day ever: what the weekly figures and streaks are counted from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DailyCounts {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Interactions per day (a group call is one).
    pub touches: Vec<(NaiveDate, u32)>,
    /// People per day they joined ([`Joined::on`]).
    pub new_people: Vec<(NaiveDate, u32)>,
    pub follow_ups_done: Vec<(NaiveDate, u32)>,
    /// People who joined before `from`.
    pub people_before: u32,
    /// Every day up to `to` with an interaction or a follow-up done, in any order.
    pub active_days: Vec<NaiveDate>,
}

impl DailyCounts {
    /// The counts of a complete log, from `from` to `to`.
    pub fn from_log(log: &ActivityLog, from: NaiveDate, to: NaiveDate) -> DailyCounts {
        fn per_day(days: impl Iterator<Item = NaiveDate>) -> Vec<(NaiveDate, u32)> {
            let mut map = std::collections::BTreeMap::new();
            for day in days {
                *map.entry(day).or_insert(0u32) += 1;
            }
            map.into_iter().collect()
        }
        let within = |day: &NaiveDate| (from..=to).contains(day);
        let mut active_days: Vec<NaiveDate> = log.active_days().filter(|d| *d <= to).collect();
        active_days.sort_unstable();
        active_days.dedup();
        DailyCounts {
            from,
            to,
            touches: per_day(log.interactions.iter().map(|a| a.on).filter(within)),
            new_people: per_day(log.people.iter().map(Joined::on).filter(within)),
            follow_ups_done: per_day(log.follow_ups_done.iter().copied().filter(within)),
            people_before: log.people.iter().filter(|p| p.on() < from).count() as u32,
            active_days,
        }
    }
}

/// One interaction, as much as the statistics need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub on: NaiveDate,
    pub kind: Kind,
    pub direction: Direction,
    pub people: Vec<PersonId>,
}

/// When someone joined the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Joined {
    pub person_id: PersonId,
    pub created_on: NaiveDate,
    pub met_on: Option<NaiveDate>,
}

impl Joined {
    /// The day that counts for "new people": met if known, else added.
    pub fn on(&self) -> NaiveDate {
        self.met_on.unwrap_or(self.created_on)
    }
}

/// Interactions, people and follow-ups in full: everything, or (as the store loads it)
/// what the rates' period needs: its interactions and the people met in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityLog {
    pub interactions: Vec<Activity>,
    pub people: Vec<Joined>,
    /// The days follow-ups were completed, one entry per follow-up.
    pub follow_ups_done: Vec<NaiveDate>,
}

impl ActivityLog {
    /// Days with an interaction or a follow-up done, unsorted and with repeats, ready for
    /// [`streak`] or [`crate::streak::heatmap`].
    pub fn active_days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        (self.interactions.iter().map(|a| a.on)).chain(self.follow_ups_done.iter().copied())
    }
}

/// Daily and weekly targets (settings `daily_touches`, `weekly_new_people`,
/// `weekly_follow_ups`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Targets {
    pub daily_touches: u32,
    pub weekly_new_people: u32,
    pub weekly_follow_ups: u32,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            daily_touches: 3,
            weekly_new_people: 2,
            weekly_follow_ups: 3,
        }
    }
}

impl Targets {
    /// Touches a week: the daily target on each working day.
    pub fn weekly_touches(&self, rest: RestDays) -> u32 {
        self.daily_touches
            .saturating_mul(rest.working_days_per_week())
    }
}

/// One week's counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WeekStats {
    /// The Monday the week starts on.
    pub start: NaiveDate,
    pub touches: u32,
    pub new_people: u32,
    pub follow_ups_done: u32,
    /// People in the network at the end of the week (or today, for the current week).
    pub people_total: u32,
}

/// The `stats --json` document (SPEC §3).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub streak: Streak,
    pub weeks: Vec<WeekStats>,
    /// The period the rates below cover, by name (`last 4 weeks`), length and first day.
    pub period: String,
    pub period_weeks: u32,
    pub period_start: NaiveDate,
    pub follow_up_latency_days_median: Option<f64>,
    pub reply_rate: Option<f64>,
    /// People met in the window, and how many of them were followed up.
    pub people_met: u32,
    pub people_followed_up: u32,
    /// Outbound interactions counted for the reply rate, and how many were answered.
    pub outbound_counted: u32,
    pub outbound_answered: u32,
}

/// The Monday on or before `day`.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    let back = u64::from(day.weekday().num_days_from_monday());
    day.checked_sub_days(Days::new(back)).unwrap_or(day)
}

/// Statistics from a complete log for the `weeks` weeks ending with the current one
/// (clamped to 1..=[`MAX_WEEKS`]), the rates over the last [`RATE_WEEKS`] weeks.
pub fn stats(log: &ActivityLog, today: NaiveDate, weeks: u32, rest: RestDays) -> Stats {
    stats_in(
        log,
        today,
        weeks,
        Period::last_weeks(today, RATE_WEEKS),
        rest,
    )
}

/// [`stats`] with the rates over `period`.
pub fn stats_in(
    log: &ActivityLog,
    today: NaiveDate,
    weeks: u32,
    period: Period,
    rest: RestDays,
) -> Stats {
    let from = Period::last_weeks(today, weeks).from.min(period.from);
    stats_from(
        &DailyCounts::from_log(log, from, today),
        log,
        today,
        weeks,
        period,
        rest,
    )
}

/// Statistics from daily counts (which must cover the weeks shown) and the interactions
/// and people of the rates' `period`.
pub fn stats_from(
    counts: &DailyCounts,
    detail: &ActivityLog,
    today: NaiveDate,
    weeks: u32,
    period: Period,
    rest: RestDays,
) -> Stats {
    let first = Period::last_weeks(today, weeks).from;
    let (people_met, latencies) = follow_up_latencies(detail, period.from, today);
    let (outbound_counted, outbound_answered) = replies(detail, period.from, today);
    Stats {
        streak: streak(counts.active_days.iter().copied(), rest, today),
        weeks: week_counts(counts, first, today),
        period: period.name(),
        period_weeks: period.weeks,
        period_start: period.from,
        follow_up_latency_days_median: median(&latencies),
        reply_rate: (outbound_counted > 0)
            .then(|| f64::from(outbound_answered) / f64::from(outbound_counted)),
        people_met,
        people_followed_up: latencies.len() as u32,
        outbound_counted,
        outbound_answered,
    }
}

/// Counts per week from the week starting `first` (a Monday) to the week holding `last`,
/// at most [`MAX_WEEKS`] weeks; nothing after `last` (or past those weeks) is counted.
pub fn week_stats(log: &ActivityLog, first: NaiveDate, last: NaiveDate) -> Vec<WeekStats> {
    week_counts(&DailyCounts::from_log(log, first, last), first, last)
}

/// [`week_stats`] from daily counts, which must start on or before `first`.
pub fn week_counts(counts: &DailyCounts, first: NaiveDate, last: NaiveDate) -> Vec<WeekStats> {
    if last < first {
        return Vec::new();
    }
    let n = ((last - first).num_days() as usize / 7 + 1).min(MAX_WEEKS as usize);
    let mut weeks: Vec<WeekStats> = (0..n)
        .map(|w| WeekStats {
            start: first
                .checked_add_days(Days::new(7 * w as u64))
                .unwrap_or(last),
            touches: 0,
            new_people: 0,
            follow_ups_done: 0,
            people_total: 0,
        })
        .collect();
    let index = |day: NaiveDate| {
        (first..=last)
            .contains(&day)
            .then(|| (day - first).num_days() as usize / 7)
    };
    let mut add = |days: &[(NaiveDate, u32)], field: fn(&mut WeekStats) -> &mut u32| {
        for (day, n) in days {
            if let Some(w) = index(*day).and_then(|i| weeks.get_mut(i)) {
                let count = field(w);
                *count = count.saturating_add(*n);
            }
        }
    };
    add(&counts.touches, |w| &mut w.touches);
    add(&counts.new_people, |w| &mut w.new_people);
    add(&counts.follow_ups_done, |w| &mut w.follow_ups_done);
    // The network's size: everyone who joined before the counts start, plus each day's.
    let mut joined: Vec<(NaiveDate, u32)> = (counts.new_people.iter().copied())
        .filter(|(day, _)| *day >= counts.from)
        .collect();
    joined.sort_unstable();
    let mut total = counts.people_before;
    let mut next = joined.iter().peekable();
    for w in &mut weeks {
        let end = w
            .start
            .checked_add_days(Days::new(6))
            .unwrap_or(w.start)
            .min(last);
        while let Some((_, n)) = next.next_if(|(day, _)| *day <= end) {
            total = total.saturating_add(*n);
        }
        w.people_total = total;
    }
    weeks
}

/// People met between `from` and `to`, and for each who was followed up, the days from
/// meeting to the first interaction on a later day (up to `to`).
pub fn follow_up_latencies(log: &ActivityLog, from: NaiveDate, to: NaiveDate) -> (u32, Vec<i64>) {
    let met: HashMap<PersonId, NaiveDate> = (log.people.iter())
        .filter_map(|p| Some((p.person_id, p.met_on?)))
        .filter(|(_, on)| (from..=to).contains(on))
        .collect();
    let mut first_after: HashMap<PersonId, NaiveDate> = HashMap::new();
    for a in log.interactions.iter().filter(|a| a.on <= to) {
        for id in &a.people {
            if let Some(&met_on) = met.get(id)
                && a.on > met_on
            {
                let e = first_after.entry(*id).or_insert(a.on);
                *e = (*e).min(a.on);
            }
        }
    }
    let mut latencies: Vec<i64> = (first_after.iter())
        .filter_map(|(id, on)| met.get(id).map(|m| (*on - *m).num_days()))
        .collect();
    latencies.sort_unstable();
    (met.len() as u32, latencies)
}

/// Outbound interactions between `from` and `today` that count for the reply rate, and
/// how many of them were answered (see the module documentation).
pub fn replies(log: &ActivityLog, from: NaiveDate, today: NaiveDate) -> (u32, u32) {
    let mut answers: HashMap<PersonId, Vec<NaiveDate>> = HashMap::new();
    for a in log.interactions.iter().filter(|a| a.on <= today) {
        if matches!(a.direction, Direction::Inbound | Direction::Mutual) {
            for id in &a.people {
                answers.entry(*id).or_default().push(a.on);
            }
        }
    }
    for dates in answers.values_mut() {
        dates.sort_unstable();
    }
    let (mut counted, mut answered) = (0u32, 0u32);
    let outbound = (log.interactions.iter())
        .filter(|a| a.direction == Direction::Outbound && (from..=today).contains(&a.on));
    for a in outbound {
        let deadline =
            a.on.checked_add_days(Days::new(REPLY_WINDOW_DAYS))
                .unwrap_or(a.on);
        let was_answered = a.people.iter().any(|id| {
            answers.get(id).is_some_and(|dates| {
                let i = dates.partition_point(|d| *d < a.on);
                dates.get(i).is_some_and(|d| *d <= deadline)
            })
        });
        if was_answered {
            answered += 1;
            counted += 1;
        } else if deadline <= today && !a.people.is_empty() {
            counted += 1;
        }
    }
    (counted, answered)
}

/// A median latency as both `stats` and /insights print it: `2.5 days`, or `—`.
pub fn latency_text(days: Option<f64>) -> String {
    days.map(|d| format!("{d:.1} days"))
        .unwrap_or_else(|| "—".into())
}

/// A rate as both `stats` and /insights print it: `33%`, or `—`.
pub fn percent_text(rate: Option<f64>) -> String {
    rate.map(|r| format!("{:.0}%", r * 100.0))
        .unwrap_or_else(|| "—".into())
}

/// The median of sorted values.
pub fn median(sorted: &[i64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2] as f64),
        _ => Some((sorted[n / 2 - 1] as f64 + sorted[n / 2] as f64) / 2.0),
    }
}

/// Something that falls due soon: an open follow-up or a keep-in-touch date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueSoon {
    pub kind: ItemKind,
    pub person: PersonRef,
    pub due: NaiveDate,
    /// The follow-up's text, or empty for a keep-in-touch date.
    pub text: String,
}

/// What the weekly review needs beyond the activity log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewInput {
    pub today: NaiveDate,
    pub targets: Targets,
    pub rest: RestDays,
    /// People whose warmth fell to cooling or cold during the reviewed week.
    pub went_cold: Vec<PersonRef>,
    /// Open follow-ups and keep-in-touch dates; those after the week ahead are ignored.
    pub due: Vec<DueSoon>,
}

/// A count against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub done: u32,
    pub target: u32,
    pub met: bool,
}

impl Progress {
    fn new(done: u32, target: u32) -> Progress {
        Progress {
            done,
            target,
            met: done >= target,
        }
    }
}

/// The weekly review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    /// The Monday and Sunday of the reviewed week.
    pub week_start: NaiveDate,
    pub week_end: NaiveDate,
    pub touches: Progress,
    pub new_people: Progress,
    pub follow_ups_done: Progress,
    /// Days with activity against working days.
    pub active_days: Progress,
    pub streak: Streak,
    pub went_cold: Vec<PersonRef>,
    /// The last day of the week ahead (today plus six days).
    pub ahead_until: NaiveDate,
    /// Everything due by `ahead_until`, overdue first, by date then person.
    pub due: Vec<DueSoon>,
    pub overdue: u32,
    pub suggestion: String,
}

/// The Monday of the week a review on `today` looks back on: this week on a Sunday (the
/// week is all but done), otherwise the last complete week.
pub fn reviewed_week(today: NaiveDate) -> NaiveDate {
    let this = week_start(today);
    if today.weekday() == chrono::Weekday::Sun {
        this
    } else {
        this.checked_sub_days(Days::new(7)).unwrap_or(this)
    }
}

/// Builds the weekly review from a complete log.
pub fn review(log: &ActivityLog, input: &ReviewInput) -> Review {
    let start = reviewed_week(input.today);
    review_from(&DailyCounts::from_log(log, start, input.today), input)
}

/// Builds the weekly review from daily counts, which must cover the reviewed week
/// ([`reviewed_week`] to today).
pub fn review_from(counts: &DailyCounts, input: &ReviewInput) -> Review {
    let today = input.today;
    let start = reviewed_week(today);
    let end = start.checked_add_days(Days::new(6)).unwrap_or(start);
    let week = week_counts(counts, start, end.min(today)).first().copied();
    let count = |f: fn(&WeekStats) -> u32| week.as_ref().map_or(0, f);
    let mut active: Vec<NaiveDate> = (counts.active_days.iter().copied())
        .filter(|d| (start..=end).contains(d))
        .collect();
    active.sort_unstable();
    active.dedup();
    let targets = &input.targets;
    let ahead_until = today.checked_add_days(Days::new(6)).unwrap_or(today);
    let mut due: Vec<DueSoon> = (input.due.iter())
        .filter(|d| d.due <= ahead_until)
        .cloned()
        .collect();
    due.sort_by_key(|x| (x.due, x.person.id, x.kind));
    let overdue = due.iter().filter(|d| d.due < today).count() as u32;
    let mut went_cold = input.went_cold.clone();
    went_cold.sort();
    let mut r = Review {
        week_start: start,
        week_end: end,
        touches: Progress::new(count(|w| w.touches), targets.weekly_touches(input.rest)),
        new_people: Progress::new(count(|w| w.new_people), targets.weekly_new_people),
        follow_ups_done: Progress::new(count(|w| w.follow_ups_done), targets.weekly_follow_ups),
        active_days: Progress::new(active.len() as u32, input.rest.working_days_per_week()),
        streak: streak(counts.active_days.iter().copied(), input.rest, today),
        went_cold,
        ahead_until,
        due,
        overdue,
        suggestion: String::new(),
    };
    r.suggestion = suggestion(&r, input.rest, today);
    r
}

/// One suggestion for the week ahead: the first rule that applies, most pressing first.
fn suggestion(r: &Review, rest: RestDays, today: NaiveDate) -> String {
    let overdue_follow_ups = (r.due.iter())
        .filter(|d| d.kind == ItemKind::FollowUp && d.due < today)
        .count();
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    if r.touches.done == 0 {
        return "Start small: one short note a day rebuilds the habit, and `warmline today` \
                says who to write to."
            .to_string();
    }
    if overdue_follow_ups > 0 {
        return format!(
            "Clear the {} first: a late note still beats none.",
            plural(
                overdue_follow_ups,
                "overdue follow-up",
                "overdue follow-ups"
            )
        );
    }
    if let Some(first) = r.went_cold.first() {
        let who = match r.went_cold.len() {
            1 => first.name.clone(),
            n => format!("{} and {}", first.name, plural(n - 1, "other", "others")),
        };
        return format!(
            "{who} went cold this week: a two-line note now is easier than one after another \
             month."
        );
    }
    if !r.touches.met {
        let per_day = r
            .touches
            .target
            .div_ceil(rest.working_days_per_week().max(1));
        return format!(
            "You made {} of {} touches: block 20 minutes at the same time each day and aim \
             for {per_day} a day.",
            r.touches.done, r.touches.target
        );
    }
    if !r.new_people.met {
        return format!(
            "You met {} this week, against {}: pick one event, or ask a contact for one \
             introduction.",
            plural(r.new_people.done as usize, "new person", "new people"),
            r.new_people.target
        );
    }
    let working = rest.working_days_per_week().max(1) as usize;
    if r.due.len() > 2 * working {
        return format!(
            "{} fall due in the week ahead: spread them over the days instead of leaving \
             them to pile up.",
            plural(r.due.len(), "thing", "things")
        );
    }
    "Every target met: keep the pace, and spend a spare minute on someone you could help \
     (`warmline matches`)."
        .to_string()
}

#[cfg(test)]
mod tests;
