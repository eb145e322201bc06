//! `warmline stats` and `warmline review`: evidence, over months, that the slow game works.
//!
//! The caller loads an [`ActivityLog`] (light records of interactions, when people joined
//! the network, and when follow-ups were done); these functions only count.
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

/// Everything the statistics are computed from.
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

/// Statistics for the `weeks` weeks ending with the current one (clamped to
/// 1..=[`MAX_WEEKS`]).
pub fn stats(log: &ActivityLog, today: NaiveDate, weeks: u32, rest: RestDays) -> Stats {
    let n = weeks.clamp(1, MAX_WEEKS);
    let first = week_start(today)
        .checked_sub_days(Days::new(7 * u64::from(n - 1)))
        .unwrap_or_else(|| week_start(today));
    let (people_met, latencies) = follow_up_latencies(log, first, today);
    let (outbound_counted, outbound_answered) = replies(log, first, today);
    Stats {
        streak: streak(log.active_days(), rest, today),
        weeks: week_stats(log, first, today),
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
    let mut bump = |day: NaiveDate, field: fn(&mut WeekStats) -> &mut u32| {
        if let Some(w) = index(day).and_then(|i| weeks.get_mut(i)) {
            let count = field(w);
            *count = count.saturating_add(1);
        }
    };
    for a in &log.interactions {
        bump(a.on, |w| &mut w.touches);
    }
    for p in &log.people {
        bump(p.on(), |w| &mut w.new_people);
    }
    for day in &log.follow_ups_done {
        bump(*day, |w| &mut w.follow_ups_done);
    }
    let mut joined: Vec<NaiveDate> = log.people.iter().map(Joined::on).collect();
    joined.sort_unstable();
    for w in &mut weeks {
        let end = w
            .start
            .checked_add_days(Days::new(6))
            .unwrap_or(w.start)
            .min(last);
        w.people_total = joined.partition_point(|d| *d <= end) as u32;
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

/// Builds the weekly review.
pub fn review(log: &ActivityLog, input: &ReviewInput) -> Review {
    let today = input.today;
    let start = reviewed_week(today);
    let end = start.checked_add_days(Days::new(6)).unwrap_or(start);
    let week = week_stats(log, start, end).first().copied();
    let count = |f: fn(&WeekStats) -> u32| week.as_ref().map_or(0, f);
    let mut active: Vec<NaiveDate> = log
        .active_days()
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
        streak: streak(log.active_days(), input.rest, today),
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
