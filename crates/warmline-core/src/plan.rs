//! `warmline today`: a short plan of the few things worth doing today, within a time
//! budget (20 minutes unless told otherwise).
//!
//! The caller (the store) gathers candidates into a [`PlanInput`]; [`plan`] ranks them,
//! writes a reason and a concrete action for each, and fits them into the budget. It is a
//! pure function of its input: the same input, in any order, gives the same plan.
//!
//! # Priority
//!
//! 1. Follow-ups due today or earlier, most important first ([`follow_up_rank`]): what
//!    you promised, oldest due first; then the others, warmest tie first, then the best
//!    fit to an active goal, then oldest due. These are promises and the moments after
//!    meeting someone; they are what must not slip.
//! 2. Prep for meetings today.
//! 3. Birthdays on the day ([`BIRTHDAY_DAYS`]); then after-event follow-ups falling due
//!    tomorrow ([`FRESH_EARLY_DAYS`]), in the order of 1. The note after meeting someone
//!    is worth most while the meeting is fresh, and an event where you met six people
//!    brings six notes due on one day, more than a 20-minute plan holds. Listed a day
//!    early when there is room, they spread over two days instead of slipping past the
//!    after-event window.
//! 4. Congratulations on job changes detected in the last [`CONGRATULATE_DAYS`] days,
//!    oldest first (they go stale first).
//! 5. One triage item while people you have been in touch with have no rhythm yet (an
//!    import brought them): until they have one, the plan cannot speak of them.
//! 6. The most overdue keep-in-touch item.
//! 7. The "someone you could help" item and the reach-out toward a goal that fit in their
//!    share of the budget ([`growth_share`]: none of 10 minutes, 5 of 20, 10 of 30, 15
//!    of 40), the kind not done last first. While the keep-in-touch dues are more than
//!    the day's budget can hold, they go here only on one day in [`GROWTH_EVERY_DAYS`].
//! 8. The remaining keep-in-touch items.
//! 9. The give and reach-out items that did not go ahead, when the dues leave room.
//!
//! Keep-in-touch items are ranked by the days they are late (capped at
//! [`MAX_LATE_DAYS`]), then closeness: the tier's weight (inner 100, close 80, regular
//! 60, loose 40, none 50) plus half the warmth score ([`keep_rank`]). The one who has
//! waited longest past their date goes first, as the reminders of a personal CRM order
//! them: every tie's wait stays about as long as any other's, so a backlog keeps the
//! most people within their cadence; ranking by cadences elapsed, as the plan did,
//! kept inner and close ties close to their dates while loose ties (three quarters of a
//! network) waited for months. Closeness orders dues equally late, and the cap makes a
//! contact lost for years rank with one a year late, the closer first.
//! No keep-in-touch item is listed for a person who has another item today (a follow-up,
//! prep, birthday, congratulation, give or reach-out): that item is the touch.
//!
//! A give and a reach-out are worth more than a note, but when the dues outgrow the
//! budget every minute they take leaves someone out of their cadence. So they never take
//! the first [`DUES_FIRST_MINUTES`] of a day, take half of the rest at most, and while
//! there is a backlog the day cannot clear, take it once a week; a backlog the day can
//! clear loses a day at most.
//!
//! # The budget rule
//!
//! Each item takes a fixed number of minutes ([`ItemKind::minutes`]): a follow-up,
//! keep-in-touch or give note 5, a birthday or congratulation 2, prep or a reach-out 10,
//! sorting the people awaiting triage 5.
//!
//! * Due follow-ups come first, most important first, as many as fit in the budget left
//!   after the items already done today. A backlog never breaks the budget: the due
//!   follow-ups that do not fit are counted in [`Plan::more_overdue`], never silently
//!   dropped, and the caller points to the full list (`followup list --overdue`).
//! * The other items are taken in priority order in what is left; one that does not fit
//!   is skipped, and a later, shorter one may still fit. Skipped items are counted in
//!   [`Plan::more`].
//! * If that leaves the plan empty while nothing has been done today (say `--minutes 1`),
//!   the first item is listed anyway, so there is always a next step: the most important
//!   due follow-up when there is one.
//!
//! So the plan exceeds its budget only through that single first item, and never lists a
//! keep-in-touch item while leaving out a due follow-up (both take five minutes).
//!
//! # Item ids
//!
//! Short and stable for `warmline done ITEM`: a letter for the kind and a number,
//! `f<follow-up id>` or `k`, `g`, `r`, `b`, `c`, `p` followed by the person id; `t` and the
//! id of the person who heads the triage item. Items whose ids the caller reports done
//! today are left out, and their cost counts against the budget, so finishing the plan
//! does not conjure up a fresh one. A triage item is done by giving people a rhythm
//! (`warmline triage`), never checked off by hand.

use std::collections::{BTreeSet, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::CoreError;
use crate::date::spoken;
use crate::draft::{best_question, clip, first_name};
use crate::followup::{FollowUpId, Origin};
use crate::paths::PersonRef;
use crate::person::{Birthday, Fact, PersonId, Tier};
use crate::streak::Streak;

pub mod logged;

/// Birthdays this many days ahead (or fewer) are listed. On the day only: a birthday
/// item is checked off by wishing, which can only be done on the day, and one listed a
/// week early with a Done button invited a check-off that left nothing for the day.
pub const BIRTHDAY_DAYS: i64 = 0;
/// Job changes detected this many days ago (or fewer) are worth congratulating.
pub const CONGRATULATE_DAYS: i64 = 14;
/// An after-event follow-up is listed this many days before it falls due, after the
/// items of the day, when the budget leaves room.
pub const FRESH_EARLY_DAYS: i64 = 1;
/// Days late beyond which a keep-in-touch item ranks no higher: a contact lost for years
/// ranks with one a year late, the closer first.
pub const MAX_LATE_DAYS: i64 = 365;
/// The first minutes of any budget belong to the dues: the give and the reach-out never
/// go ahead of the keep-in-touch backlog in them.
pub const DUES_FIRST_MINUTES: u32 = 10;

/// While the keep-in-touch dues are more than a day's budget can hold, the give and the
/// reach-out go ahead of them on one day in this many (counted from the last day one was
/// done); on the others they wait behind them.
pub const GROWTH_EVERY_DAYS: i64 = 7;

/// The minutes of a budget in which the give and the reach-out may go ahead of the
/// keep-in-touch backlog: half of what is left after [`DUES_FIRST_MINUTES`]. 10 minutes:
/// none; 20: 5 (a give); 30: 10 (a give, or a reach-out); 40: 15 (both). Beyond their
/// share they still come, after the backlog, when it leaves room.
pub fn growth_share(budget_minutes: u32) -> u32 {
    budget_minutes.saturating_sub(DUES_FIRST_MINUTES) / 2
}

/// What an item asks you to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    FollowUp,
    KeepInTouch,
    Give,
    Congratulate,
    ReachOut,
    Birthday,
    Prep,
    /// People you have been in touch with and who have no rhythm yet: sort them.
    Triage,
    /// An event ahead (`warmline event add`): prepare on its day, and the day before.
    Event,
}

/// Each kind with its JSON name, the letter that opens its item ids, and the minutes an
/// item of the kind takes: a note 5, a quick congratulation 2, prep or a first approach 10.
const KINDS: [(ItemKind, &str, char, u32); 9] = [
    (ItemKind::FollowUp, "follow_up", 'f', 5),
    (ItemKind::KeepInTouch, "keep_in_touch", 'k', 5),
    (ItemKind::Give, "give", 'g', 5),
    (ItemKind::Congratulate, "congratulate", 'c', 2),
    (ItemKind::ReachOut, "reach_out", 'r', 10),
    (ItemKind::Birthday, "birthday", 'b', 2),
    (ItemKind::Prep, "prep", 'p', 10),
    (ItemKind::Triage, "triage", 't', 5),
    (ItemKind::Event, "event", 'e', 10),
];

impl ItemKind {
    pub const ALL: [ItemKind; 9] = [
        ItemKind::FollowUp,
        ItemKind::KeepInTouch,
        ItemKind::Give,
        ItemKind::Congratulate,
        ItemKind::ReachOut,
        ItemKind::Birthday,
        ItemKind::Prep,
        ItemKind::Triage,
        ItemKind::Event,
    ];

    fn entry(self) -> (ItemKind, &'static str, char, u32) {
        KINDS[self as usize]
    }

    /// The name used in JSON (`keep_in_touch`).
    pub fn as_str(self) -> &'static str {
        self.entry().1
    }

    /// The letter that opens an item id.
    pub fn prefix(self) -> char {
        self.entry().2
    }

    /// Minutes an item of this kind takes.
    pub fn minutes(self) -> u32 {
        self.entry().3
    }
}

/// The item id for a kind and a number: `f12`, `k7`.
pub fn item_id(kind: ItemKind, id: i64) -> String {
    format!("{}{id}", kind.prefix())
}

/// Reads an item id back: the kind and the follow-up id (for `f`) or person id (others).
pub fn parse_item_id(s: &str) -> Result<(ItemKind, i64), CoreError> {
    let t = s.trim();
    let mut chars = t.chars();
    let kind = chars.next().and_then(|c| {
        let c = c.to_ascii_lowercase();
        KINDS.iter().find(|k| k.2 == c).map(|k| k.0)
    });
    let digits = chars.as_str();
    let number = Some(digits)
        .filter(|d| !d.is_empty() && d.len() <= 18 && d.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|d| d.parse::<i64>().ok());
    match (kind, number) {
        (Some(kind), Some(n)) => Ok((kind, n)),
        _ => Err(CoreError::Invalid(format!(
            "'{s}' is not an item of today's plan: expected a letter for the kind (f follow-up, \
             k keep in touch, g give, r reach out, b birthday, c congratulate, p prep, e event, \
             t triage) \
             and a number, like f12 or k7"
        ))),
    }
}

/// A pending follow-up. Ones not yet due may be passed; they are ignored, but for an
/// after-event follow-up due within [`FRESH_EARLY_DAYS`], which is listed early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpDue {
    pub id: FollowUpId,
    pub person_id: PersonId,
    pub person_name: String,
    pub text: String,
    pub due: NaiveDate,
    pub origin: Origin,
    pub created_on: NaiveDate,
    /// The day the person was met, for an after-event follow-up's reason.
    pub met_on: Option<NaiveDate>,
    /// The person's warmth score (0–100), to rank follow-ups of the same urgency.
    pub warmth_score: u8,
    /// How well the person fits your best active goal (0–100), likewise.
    pub goal_fit: u8,
}

/// How many of the most important due follow-ups a plan within `budget_minutes` can
/// list at most: as many as fit, and one for a budget too small for any.
pub fn follow_ups_wanted(budget_minutes: u32) -> usize {
    (budget_minutes / ItemKind::FollowUp.minutes()).max(1) as usize
}

/// The order of due follow-ups, most important first: promises before the rest, the
/// oldest due first among them; then warmth, goal fit, the oldest due, and the id, so
/// the order is total. A store that reads only the top of a backlog must read it in
/// this order (promises by due date first) to show the same plan.
pub fn follow_up_rank(f: &FollowUpDue) -> impl Ord + use<> {
    use std::cmp::Reverse;
    let promise = f.origin == Origin::Promise;
    (
        !promise,
        promise.then_some(f.due),
        Reverse(f.warmth_score),
        Reverse(f.goal_fit),
        f.due,
        f.id,
    )
}

/// A person with a keep-in-touch cadence. Ones not yet due may be passed; they are ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeepInTouch {
    pub person_id: PersonId,
    pub name: String,
    pub last_contact: Option<NaiveDate>,
    pub cadence_days: u32,
    pub next_due: NaiveDate,
    pub warmth_score: u8,
    pub tier: Option<Tier>,
    /// The summary of the last interaction, for a concrete action.
    pub last_summary: Option<String>,
    /// Personal details; a question about one makes the best opener.
    pub facts: Vec<Fact>,
}

/// Someone whose need you could meet: with an offer of yours, by introducing someone who
/// offers it, or by thinking of who could.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GiveCandidate {
    pub person_id: PersonId,
    pub name: String,
    pub need: String,
    pub introduce: Option<Introduction>,
    /// An offer of yours that meets the need (`me offer`): it goes before an introduction.
    pub yours: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Introduction {
    pub person_id: PersonId,
    pub name: String,
    pub offer: String,
}

/// Someone who fits a goal and has not been approached yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReachOutCandidate {
    pub person_id: PersonId,
    pub name: String,
    pub goal_title: String,
    /// Why they fit ("product designer at a boutique studio").
    pub reason: String,
}

/// A birthday; the plan lists it when it falls within [`BIRTHDAY_DAYS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BirthdaySoon {
    pub person_id: PersonId,
    pub name: String,
    pub birthday: Birthday,
}

/// A job change noticed by an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobChange {
    pub person_id: PersonId,
    pub name: String,
    pub org: Option<String>,
    pub title: Option<String>,
    pub detected_on: NaiveDate,
}

/// A meeting today with someone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub person_id: PersonId,
    pub name: String,
    pub summary: String,
}

/// An event on the calendar (`warmline event add`), on the day it is planned for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventAhead {
    pub id: i64,
    pub name: String,
    pub location: Option<String>,
}

/// People with signs of a real tie and no keep-in-touch rhythm: one item asks to sort
/// them. `first` heads the item (the one you were in touch with last).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriageWaiting {
    pub count: u32,
    pub first: PersonRef,
}

/// Everything the plan is made from. The caller leaves out birthdays and job changes
/// already acknowledged, so they do not return on the following days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanInput {
    pub today: NaiveDate,
    pub budget_minutes: u32,
    /// Passed through to the output, where `today --json` shows it.
    pub streak: Streak,
    pub follow_ups: Vec<FollowUpDue>,
    pub keep_in_touch: Vec<KeepInTouch>,
    pub give: Option<GiveCandidate>,
    pub reach_out: Option<ReachOutCandidate>,
    pub birthdays: Vec<BirthdaySoon>,
    pub congratulate: Vec<JobChange>,
    pub meetings_today: Vec<Meeting>,
    /// Meetings tomorrow: prep the day before, when the budget leaves room.
    pub meetings_tomorrow: Vec<Meeting>,
    /// Events today, prepared for as meetings are.
    pub events_today: Vec<EventAhead>,
    /// Events tomorrow: prepared for the day before, when the budget leaves room.
    pub events_tomorrow: Vec<EventAhead>,
    /// How many days before a birthday its item shows (`birthday_days_ahead`; 0: on
    /// the day only, [`BIRTHDAY_DAYS`]).
    pub birthday_days_ahead: u32,
    pub triage: Option<TriageWaiting>,
    /// Due follow-ups the caller counted but did not pass (a backlog read only at its
    /// top): they are counted in [`Plan::more_overdue`]. A caller that leaves some out
    /// passes at least the top [`follow_ups_wanted`] in [`follow_up_rank`] order, so that
    /// the ones left out could not have fitted.
    pub follow_ups_not_read: usize,
    /// Ids of items done today (`f12`, `k7`).
    pub done_ids: BTreeSet<String>,
    /// Keep-in-touch dues the caller counted but did not pass (a backlog read only at its
    /// top, the most overdue first): they are counted in [`Plan::more`] and in the
    /// backlog that decides whether the give and the reach-out wait.
    pub keep_in_touch_not_read: usize,
    /// After-event follow-ups due within [`FRESH_EARLY_DAYS`] the caller counted but did
    /// not pass (a big event brings thousands due on one day; a caller passes at least
    /// the first [`follow_ups_wanted`] of them): they are counted in [`Plan::more`].
    pub fresh_not_read: usize,
    /// The last give or reach-out item checked off before today: its day and kind.
    pub growth_last_done: Option<(NaiveDate, ItemKind)>,
}

impl PlanInput {
    /// An input with no candidates yet.
    pub fn new(today: NaiveDate, budget_minutes: u32) -> PlanInput {
        let input = PlanInput::default();
        PlanInput {
            today,
            budget_minutes,
            ..input
        }
    }
}

/// One thing to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanItem {
    pub id: String,
    pub kind: ItemKind,
    pub person: PersonRef,
    pub reason: String,
    pub action: String,
    pub minutes: u32,
    /// The other person in an introduction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with: Option<PersonRef>,
    /// How many people a triage item stands for (`person` is the first of them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// The event an event item prepares for (`person` then holds its name, id 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<EventRef>,
}

/// An event named by an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventRef {
    pub id: i64,
    pub name: String,
}

/// Today's plan; serialises to the `today --json` shape of SPEC §3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub date: NaiveDate,
    /// The budget asked for.
    pub minutes: u32,
    pub items: Vec<PlanItem>,
    pub streak: Streak,
    /// Minutes of the listed items.
    pub planned_minutes: u32,
    /// Minutes of the items already done today.
    pub done_minutes: u32,
    /// Items other than due follow-ups that did not fit in the budget.
    pub more: usize,
    /// Due follow-ups that did not fit in the budget (`followup list --overdue` lists them).
    pub more_overdue: usize,
}

/// Builds today's plan (see the module documentation for the rules).
pub fn plan(input: &PlanInput) -> Plan {
    let today = input.today;
    let done_minutes = input
        .done_ids
        .iter()
        .filter_map(|id| parse_item_id(id).ok())
        .fold(0u32, |sum, (kind, _)| sum.saturating_add(kind.minutes()));

    let mut due: Vec<PlanItem> = follow_up_items(input, |f| f.due <= today);
    let mut optional: Vec<PlanItem> = prep_items(input);
    optional.extend(event_items(&input.events_today, "today"));
    optional.extend(birthday_items(input));
    optional.extend(follow_up_items(input, |f| fresh(f, today)));
    optional.extend(congratulate_items(input));
    optional.extend(triage_item(input));
    let give = give_item(input);
    let reach = reach_out_item(input);
    // Anyone with another item today gets no keep-in-touch item: that item is the touch.
    let busy: HashSet<PersonId> = (due.iter().chain(&optional).chain(&give).chain(&reach))
        .filter(|i| !input.done_ids.contains(&i.id))
        .map(|i| i.person.id)
        .collect();
    let mut keep = keep_in_touch_items(input, &busy);
    let rest_of_keep = keep.split_off(keep.len().min(1));
    // The give and the reach-out go ahead of the keep-in-touch backlog within their share
    // of the budget (less what they took today), but for a backlog the day cannot clear
    // only every GROWTH_EVERY_DAYS days; the others wait behind the backlog.
    let done_growth = (input.done_ids.iter())
        .filter_map(|id| parse_item_id(id).ok())
        .filter(|(kind, _)| matches!(kind, ItemKind::Give | ItemKind::ReachOut))
        .fold(0u32, |sum, (kind, _)| sum.saturating_add(kind.minutes()));
    let first_minutes = (due.iter().chain(&optional))
        .filter(|i| !input.done_ids.contains(&i.id))
        .fold(0u32, |sum, i| sum.saturating_add(i.minutes));
    let backlog = (keep.len() + rest_of_keep.len()).saturating_add(input.keep_in_touch_not_read);
    let backlog_minutes = u32::try_from(backlog)
        .unwrap_or(u32::MAX)
        .saturating_mul(ItemKind::KeepInTouch.minutes());
    let room = input.budget_minutes.saturating_sub(done_minutes);
    let behind = backlog_minutes > room.saturating_sub(first_minutes);
    let rested = (input.growth_last_done)
        .is_none_or(|(last, _)| (today - last).num_days() >= GROWTH_EVERY_DAYS);
    let mut share = if behind && !rested {
        0
    } else {
        growth_share(input.budget_minutes).saturating_sub(done_growth)
    };
    let (mut growth_ahead, mut growth_after) = (Vec::new(), Vec::new());
    // The kind not done last goes first, so that a share that holds one of the two
    // gives each its turn.
    let growth = match input.growth_last_done {
        Some((_, ItemKind::Give)) => [reach, give],
        _ => [give, reach],
    };
    for item in growth.into_iter().flatten() {
        if input.done_ids.contains(&item.id) {
            continue;
        }
        if item.minutes <= share {
            share -= item.minutes;
            growth_ahead.push(item);
        } else {
            growth_after.push(item);
        }
    }
    optional.extend(keep);
    optional.extend(growth_ahead);
    optional.extend(rest_of_keep);
    optional.extend(growth_after);
    optional.extend(prep_ahead_items(input));
    optional.extend(event_items(&input.events_tomorrow, "tomorrow"));

    // Drop done and duplicate ids, keeping the first (highest-priority) of each.
    let mut seen: HashSet<String> = input.done_ids.iter().cloned().collect();
    due.retain(|i| seen.insert(i.id.clone()));
    optional.retain(|i| seen.insert(i.id.clone()));

    let mut items: Vec<PlanItem> = Vec::new();
    let (mut used, mut more, mut more_overdue) = (
        0u32,
        input
            .keep_in_touch_not_read
            .saturating_add(input.fresh_not_read),
        input.follow_ups_not_read,
    );
    let mut first_left_out: Option<(PlanItem, bool)> = None;
    // Due follow-ups first, in their order, then the rest in theirs, sharing one room.
    let candidates =
        (due.into_iter().map(|i| (i, true))).chain(optional.into_iter().map(|i| (i, false)));
    for (item, follow_up) in candidates {
        if used.saturating_add(item.minutes) <= room {
            used += item.minutes;
            items.push(item);
        } else {
            if follow_up {
                more_overdue += 1;
            } else {
                more += 1;
            }
            first_left_out.get_or_insert((item, follow_up));
        }
    }
    if items.is_empty()
        && done_minutes == 0
        && let Some((first, follow_up)) = first_left_out
    {
        if follow_up {
            more_overdue -= 1;
        } else {
            more -= 1;
        }
        items.push(first);
    }
    let planned_minutes = items.iter().fold(0u32, |s, i| s.saturating_add(i.minutes));
    Plan {
        date: today,
        minutes: input.budget_minutes,
        items,
        streak: input.streak,
        planned_minutes,
        done_minutes,
        more,
        more_overdue,
    }
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

fn quoted(s: &str, max: usize) -> String {
    format!("“{}”", clip(s, max))
}

/// Builds an item with its id, cost and texts.
fn new_item(
    kind: ItemKind,
    id: i64,
    person: (PersonId, &str),
    reason: String,
    action: String,
) -> PlanItem {
    let (person_id, name) = person;
    PlanItem {
        id: item_id(kind, id),
        kind,
        person: PersonRef {
            id: person_id,
            name: name.to_string(),
        },
        reason,
        action,
        minutes: kind.minutes(),
        with: None,
        count: None,
        event: None,
    }
}

/// Whether a follow-up not yet due is an after-event one listed early.
fn fresh(f: &FollowUpDue, today: NaiveDate) -> bool {
    f.origin == Origin::AfterEvent
        && f.due > today
        && (f.due - today).num_days() <= FRESH_EARLY_DAYS
}

/// Items for the follow-ups `which` picks, in [`follow_up_rank`] order.
fn follow_up_items(input: &PlanInput, which: impl Fn(&FollowUpDue) -> bool) -> Vec<PlanItem> {
    let today = input.today;
    let mut due: Vec<&FollowUpDue> = input.follow_ups.iter().filter(|f| which(f)).collect();
    due.sort_by_key(|f| follow_up_rank(f));
    due.into_iter()
        .map(|f| {
            let mut reason = match f.origin {
                Origin::Promise => format!("promised on {}; ", spoken(f.created_on, today)),
                Origin::AfterEvent => {
                    format!(
                        "you met on {}; ",
                        spoken(f.met_on.unwrap_or(f.created_on), today)
                    )
                }
                Origin::Manual => String::new(),
            };
            reason.push_str(&match (today - f.due).num_days() {
                -1 => "due tomorrow; best while the meeting is fresh".to_string(),
                n if n < 0 => format!("due in {}", days(-n)),
                0 => "due today".to_string(),
                1 => "due yesterday".to_string(),
                n => format!("due {} ago", days(n)),
            });
            let action = if f.text.trim().is_empty() {
                format!("send {} a short follow-up note", first_name(&f.person_name))
            } else {
                clip(&f.text, 120)
            };
            let who = (f.person_id, f.person_name.as_str());
            new_item(ItemKind::FollowUp, f.id, who, reason, action)
        })
        .collect()
}

fn prep_items(input: &PlanInput) -> Vec<PlanItem> {
    let mut meetings: Vec<&Meeting> = input.meetings_today.iter().collect();
    meetings.sort_by_key(|m| m.person_id);
    meetings
        .into_iter()
        .map(|m| {
            let reason = if m.summary.trim().is_empty() {
                "meeting today".to_string()
            } else {
                format!("meeting today: {}", clip(&m.summary, 80))
            };
            let action = format!(
                "read the brief (warmline prep {}) and pick two questions to ask",
                m.person_id
            );
            let who = (m.person_id, m.name.as_str());
            new_item(ItemKind::Prep, m.person_id, who, reason, action)
        })
        .collect()
}

/// Prep for tomorrow's meetings, the day before: last among the items, so it shows only
/// when the budget leaves room. Its id is the person's, as on the day, so the item comes
/// back on the day itself.
fn prep_ahead_items(input: &PlanInput) -> Vec<PlanItem> {
    let mut meetings: Vec<&Meeting> = input.meetings_tomorrow.iter().collect();
    meetings.sort_by_key(|m| m.person_id);
    meetings
        .into_iter()
        .map(|m| {
            let reason = if m.summary.trim().is_empty() {
                "meeting tomorrow".to_string()
            } else {
                format!("meeting tomorrow: {}", clip(&m.summary, 80))
            };
            let action = format!(
                "read the brief (warmline prep {}) and note what you want to learn",
                m.person_id
            );
            let who = (m.person_id, m.name.as_str());
            new_item(ItemKind::Prep, m.person_id, who, reason, action)
        })
        .collect()
}

/// Prep for events, on their day and (last among the items, when the budget leaves
/// room) the day before. The item stands for the event: `person` holds its name, with
/// id 0, and `event` says which one; its id is the event's, so the same item comes back
/// on the day.
fn event_items(events: &[EventAhead], when: &str) -> Vec<PlanItem> {
    events
        .iter()
        .map(|e| {
            let at = e
                .location
                .as_deref()
                .map(|l| format!(" ({})", clip(l, 40)))
                .unwrap_or_default();
            let reason = format!("event {when}: {}{at}", clip(&e.name, 80));
            let action = format!(
                "look over who you met there before (warmline event show {}) and decide \
                 whom you want to meet",
                e.id
            );
            let mut item = new_item(ItemKind::Event, e.id, (0, &e.name), reason, action);
            item.event = Some(EventRef {
                id: e.id,
                name: e.name.clone(),
            });
            item
        })
        .collect()
}

fn birthday_items(input: &PlanInput) -> Vec<PlanItem> {
    let today = input.today;
    let mut soon: Vec<(i64, NaiveDate, &BirthdaySoon)> = input
        .birthdays
        .iter()
        .filter_map(|b| {
            let on = b.birthday.next_on_or_after(today)?;
            let n = (on - today).num_days();
            (n <= BIRTHDAY_DAYS.max(i64::from(input.birthday_days_ahead))).then_some((n, on, b))
        })
        .collect();
    soon.sort_by_key(|(n, _, b)| (*n, b.person_id));
    soon.into_iter()
        .map(|(n, on, b)| {
            let first = first_name(&b.name);
            let (reason, action) = match n {
                0 => (
                    "birthday today".to_string(),
                    format!("send {first} a happy-birthday message"),
                ),
                1 => (
                    "birthday tomorrow".to_string(),
                    format!("send {first} birthday wishes tomorrow, or schedule them now"),
                ),
                _ => (
                    format!("birthday on {} {}", on.format("%A"), spoken(on, today)),
                    format!("send {first} birthday wishes on {}", on.format("%a %-d %b")),
                ),
            };
            let who = (b.person_id, b.name.as_str());
            new_item(ItemKind::Birthday, b.person_id, who, reason, action)
        })
        .collect()
}

fn congratulate_items(input: &PlanInput) -> Vec<PlanItem> {
    let today = input.today;
    let mut changes: Vec<&JobChange> = input
        .congratulate
        .iter()
        .filter(|c| (0..=CONGRATULATE_DAYS).contains(&(today - c.detected_on).num_days()))
        .collect();
    changes.sort_by_key(|c| (c.detected_on, c.person_id));
    changes
        .into_iter()
        .map(|c| {
            let present = |s: &Option<String>| {
                s.as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| clip(s, 60))
            };
            let (org, title) = (present(&c.org), present(&c.title));
            let role = match (&title, &org) {
                (Some(t), Some(o)) => format!("{t} at {o}"),
                (Some(t), None) => t.clone(),
                (None, Some(o)) => format!("at {o}"),
                (None, None) => "a new role".to_string(),
            };
            let reason = format!(
                "new job spotted on {}: {role}",
                spoken(c.detected_on, today)
            );
            let at = org.map(|o| format!(" at {o}")).unwrap_or_default();
            let action = format!("congratulate {} on the new role{at}", first_name(&c.name));
            let who = (c.person_id, c.name.as_str());
            new_item(ItemKind::Congratulate, c.person_id, who, reason, action)
        })
        .collect()
}

/// The ranking score of a keep-in-touch item (see the module documentation).
fn keep_score(k: &KeepInTouch, today: NaiveDate) -> i64 {
    keep_rank((today - k.next_due).num_days(), k.tier, k.warmth_score)
}

/// How urgent a keep-in-touch due is: the days it is late (at most [`MAX_LATE_DAYS`]),
/// then closeness (the tier's weight, inner 100, close 80, regular 60, loose 40, none 50,
/// plus half the warmth score). The store ranks its shortlist with it too, with the
/// warmth it has not yet read at its middle.
pub fn keep_rank(late_days: i64, tier: Option<Tier>, warmth_score: u8) -> i64 {
    let late = late_days.clamp(0, MAX_LATE_DAYS);
    let tier_weight = match tier {
        Some(Tier::Inner) => 100,
        Some(Tier::Close) => 80,
        Some(Tier::Regular) => 60,
        Some(Tier::Loose) => 40,
        None => 50,
    };
    // Closeness is below 1,000, so it only orders dues equally late.
    late * 1_000 + tier_weight + i64::from(warmth_score.min(100)) / 2
}

/// Due keep-in-touch items, best first, leaving out the people in `busy`.
fn keep_in_touch_items(input: &PlanInput, busy: &HashSet<PersonId>) -> Vec<PlanItem> {
    let today = input.today;
    let mut due: Vec<(i64, &KeepInTouch)> = input
        .keep_in_touch
        .iter()
        .filter(|k| k.next_due <= today && !busy.contains(&k.person_id))
        .map(|k| (keep_score(k, today), k))
        .collect();
    due.sort_by_key(|(score, k)| (std::cmp::Reverse(*score), k.person_id));
    due.into_iter()
        .map(|(_, k)| {
            let every = format!("you aim for every {}", days(i64::from(k.cadence_days)));
            let reason = match k.last_contact {
                Some(last) => {
                    format!(
                        "last talked {} ago; {every}",
                        days((today - last).num_days().max(0))
                    )
                }
                None => format!(
                    "never contacted, due since {}; {every}",
                    spoken(k.next_due, today)
                ),
            };
            let first = first_name(&k.name);
            let summary = k
                .last_summary
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty());
            let action = match (best_question(&k.facts, today), summary) {
                (Some(q), _) => format!("send {first} a short note and ask: “{q}”"),
                (None, Some(s)) => {
                    format!(
                        "send {first} a short note picking up from last time ({})",
                        quoted(s, 70)
                    )
                }
                (None, None) if k.last_contact.is_none() => {
                    format!("send {first} a short hello and ask what they are working on")
                }
                (None, None) => format!("send {first} a short note asking how things are going"),
            };
            let who = (k.person_id, k.name.as_str());
            new_item(ItemKind::KeepInTouch, k.person_id, who, reason, action)
        })
        .collect()
}

fn give_item(input: &PlanInput) -> Option<PlanItem> {
    let g = input.give.as_ref()?;
    let first = first_name(&g.name);
    let need = quoted(&g.need, 70);
    // The need is quoted, never spliced after a verb: "help with “help proofreading…”"
    // doubles the verb whenever a need starts with one.
    let (reason, action) = match (&g.yours, &g.introduce) {
        (Some(offer), _) => (
            format!("{first} needs {need}; you offer {}", quoted(offer, 60)),
            format!("write to {first} and offer it"),
        ),
        (None, Some(x)) => (
            format!(
                "{first} needs {need}; {} offers {}",
                x.name,
                quoted(&x.offer, 60)
            ),
            format!(
                "introduce {first} to {} (ask {} first if they are happy to help)",
                x.name,
                first_name(&x.name)
            ),
        ),
        (None, None) => (
            format!("{first} needs {need}"),
            format!("ask {first} how it is going, and think of who could help"),
        ),
    };
    let mut it = new_item(
        ItemKind::Give,
        g.person_id,
        (g.person_id, &g.name),
        reason,
        action,
    );
    // Only an introduction involves a second person; your own offer is between the two
    // of you.
    it.with = match (&g.yours, &g.introduce) {
        (None, Some(x)) => Some(PersonRef {
            id: x.person_id,
            name: x.name.clone(),
        }),
        _ => None,
    };
    Some(it)
}

fn triage_item(input: &PlanInput) -> Option<PlanItem> {
    let t = input.triage.as_ref().filter(|t| t.count > 0)?;
    let reason = match t.count {
        1 => format!("{} has no keep-in-touch rhythm yet", t.first.name),
        n => format!(
            "{n} people you have been in touch with have no keep-in-touch rhythm yet, {} among them",
            t.first.name
        ),
    };
    let action = "give them one: warmline triage".to_string();
    let who = (t.first.id, t.first.name.as_str());
    let mut it = new_item(ItemKind::Triage, t.first.id, who, reason, action);
    it.count = Some(t.count);
    Some(it)
}

fn reach_out_item(input: &PlanInput) -> Option<PlanItem> {
    let r = input.reach_out.as_ref()?;
    let goal = quoted(&r.goal_title, 60);
    let reason = if r.reason.trim().is_empty() {
        format!("fits your goal {goal}")
    } else {
        format!("{} (goal {goal})", clip(&r.reason, 80))
    };
    let action = format!(
        "send {} a short, specific note asking for 15 minutes of advice on {}",
        first_name(&r.name),
        clip(&r.goal_title, 60)
    );
    Some(new_item(
        ItemKind::ReachOut,
        r.person_id,
        (r.person_id, &r.name),
        reason,
        action,
    ))
}

#[cfg(test)]
mod tests;
