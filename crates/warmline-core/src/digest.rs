//! The daily digest: when one is due, and what it holds.
//!
//! An account chooses a time of day and the weekdays it wants the digest on. [`is_due`]
//! answers, for a moment passed in, whether the digest should go now: on a chosen day, at
//! or after the chosen time, not yet sent that day, and not within [`RETRY_AFTER_MINUTES`]
//! of a failed round. A day whose digest never went is not caught up the next day: the
//! next day has its own plan.
//!
//! [`compose`] turns today's plan and the meetings of the week ahead into a [`Digest`]:
//! each entry with the path of the page that opens it (`/people/12`, `/events/3`). The
//! link only opens the page; changing anything there still needs the session and a POST.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::Serialize;

use crate::CoreError;
use crate::paths::PersonRef;
use crate::plan::{ItemKind, Plan, PlanItem};

/// After a round of attempts failed, the next round waits this long (same day only).
pub const RETRY_AFTER_MINUTES: i64 = 30;
/// How many days of meetings the digest lists, today included.
pub const WEEK_DAYS: i64 = 7;

/// The weekdays a digest goes out on, Monday first (bit 0) to Sunday (bit 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Days(pub u8);

const NAMES: [(&str, &str); 7] = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
];

impl Days {
    pub const EVERY_DAY: Days = Days(0b111_1111);
    pub const WEEKDAYS: Days = Days(0b001_1111);

    pub fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << day.num_days_from_monday()) != 0
    }

    /// Whether day `i` (0 Monday … 6 Sunday) is chosen.
    pub fn has(self, i: usize) -> bool {
        i < 7 && self.0 & (1 << i) != 0
    }

    /// The days from their indexes (0 Monday … 6 Sunday); others are ignored.
    pub fn from_indexes(indexes: impl IntoIterator<Item = usize>) -> Days {
        Days(
            indexes
                .into_iter()
                .filter(|i| *i < 7)
                .fold(0, |m, i| m | (1 << i)),
        )
    }

    /// Reads `mon,wed,fri`, `weekdays`, `every day` (or `daily`), full names too.
    pub fn parse(text: &str) -> Result<Days, CoreError> {
        let t = text.trim().to_lowercase();
        match t.as_str() {
            "weekdays" => return Ok(Days::WEEKDAYS),
            "every day" | "everyday" | "daily" | "all" => return Ok(Days::EVERY_DAY),
            _ => {}
        }
        let mut mask = 0u8;
        for word in t.split([',', ' ']).filter(|w| !w.is_empty()) {
            let i = NAMES
                .iter()
                .position(|(short, long)| word == *short || word == long.to_lowercase())
                .ok_or_else(|| {
                    CoreError::Invalid(format!(
                        "'{word}' is not a weekday: use mon,tue,wed,thu,fri,sat,sun, weekdays or daily"
                    ))
                })?;
            mask |= 1 << i;
        }
        if mask == 0 {
            return Err(CoreError::Invalid(
                "choose at least one day for the digest".into(),
            ));
        }
        Ok(Days(mask))
    }

    /// `mon,wed,fri` (the form [`Days::parse`] reads back).
    pub fn short(self) -> String {
        NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| self.has(*i))
            .map(|(_, (s, _))| *s)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// In words: "every day", "weekdays", "Monday, Friday".
    pub fn words(self) -> String {
        match self {
            Days::EVERY_DAY => "every day".into(),
            Days::WEEKDAYS => "weekdays".into(),
            _ => NAMES
                .iter()
                .enumerate()
                .filter(|(i, _)| self.has(*i))
                .map(|(_, (_, l))| *l)
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// Reads a time of day as `HH:MM` (24-hour).
pub fn parse_time(text: &str) -> Result<NaiveTime, CoreError> {
    let t = text.trim();
    let bad = || CoreError::Invalid(format!("'{t}' is not a time of day: use HH:MM, like 07:30"));
    let (h, m) = t.split_once(':').ok_or_else(bad)?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: u32 = h.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    NaiveTime::from_hms_opt(h, m, 0).ok_or_else(bad)
}

/// An account's choice: whether it wants the digest, when, on which days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Prefs {
    pub enabled: bool,
    #[serde(serialize_with = "hh_mm")]
    pub time: NaiveTime,
    #[serde(serialize_with = "days_short")]
    pub days: Days,
}

fn hh_mm<S: serde::Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.format("%H:%M").to_string())
}

fn days_short<S: serde::Serializer>(d: &Days, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&d.short())
}

impl Default for Prefs {
    /// Off; when turned on, 07:30 on weekdays.
    fn default() -> Prefs {
        Prefs {
            enabled: false,
            time: NaiveTime::from_hms_opt(7, 30, 0).unwrap_or_default(),
            days: Days::WEEKDAYS,
        }
    }
}

/// Where an account's digest stands: the day it last went, and when a round last failed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sent {
    pub last_sent: Option<NaiveDate>,
    pub last_failed: Option<NaiveDateTime>,
}

/// Whether the digest should be sent at `now` (the account's local date and time).
pub fn is_due(prefs: &Prefs, sent: &Sent, now: NaiveDateTime) -> bool {
    let today = now.date();
    if !prefs.enabled || !prefs.days.contains(today.weekday()) || now.time() < prefs.time {
        return false;
    }
    if sent.last_sent.is_some_and(|d| d >= today) {
        return false;
    }
    match sent.last_failed {
        Some(f) if f.date() == today => now - f >= Duration::minutes(RETRY_AFTER_MINUTES),
        _ => true,
    }
}

/// A meeting or event ahead, as the caller read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ahead {
    pub date: NaiveDate,
    /// `meeting`, `coffee`, `call`, …, or `event`.
    pub kind: String,
    pub summary: String,
    pub event_id: Option<i64>,
    pub people: Vec<PersonRef>,
}

/// One thing to do today, as the digest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The plan's item id (`f12`).
    pub id: String,
    /// In words: "follow up", "keep in touch".
    pub kind: &'static str,
    pub who: String,
    pub reason: String,
    pub action: String,
    /// The page that opens it (`/people/12`).
    pub link: String,
}

/// A meeting of the week ahead, as the digest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meeting {
    pub date: NaiveDate,
    pub kind: String,
    pub summary: String,
    pub with: Vec<String>,
    pub link: String,
}

/// What a digest holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Digest {
    pub date: NaiveDate,
    pub items: Vec<Entry>,
    pub meetings: Vec<Meeting>,
    /// Things waiting that the day's budget left out (the plan's `more` and
    /// `more_overdue`).
    pub more: usize,
}

/// The item kind in words, as `warmline today` names it.
pub fn kind_words(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::FollowUp => "follow up",
        ItemKind::KeepInTouch => "keep in touch",
        ItemKind::Give => "give",
        ItemKind::Congratulate => "congratulate",
        ItemKind::ReachOut => "reach out",
        ItemKind::Birthday => "birthday",
        ItemKind::Prep => "prepare",
        ItemKind::Event => "event",
        ItemKind::Triage => "triage",
    }
}

/// The page that opens an item of the plan.
pub fn item_link(item: &PlanItem) -> String {
    match (&item.kind, &item.event) {
        (_, Some(e)) => format!("/events/{}", e.id),
        (ItemKind::Triage, _) => "/triage".into(),
        _ => format!("/people/{}", item.person.id),
    }
}

/// The page that opens a meeting ahead: its event, or its first person.
pub fn ahead_link(a: &Ahead) -> String {
    match (a.event_id, a.people.first()) {
        (Some(id), _) => format!("/events/{id}"),
        (None, Some(p)) => format!("/people/{}", p.id),
        (None, None) => "/".into(),
    }
}

/// The last day of the meetings a digest on `today` lists.
pub fn week_end(today: NaiveDate) -> NaiveDate {
    today + Duration::days(WEEK_DAYS - 1)
}

/// The digest of `plan` and the meetings ahead (those from the plan's day to
/// [`week_end`], in date order; others are left out).
pub fn compose(plan: &Plan, ahead: &[Ahead]) -> Digest {
    let today = plan.date;
    let items = plan
        .items
        .iter()
        .map(|item| Entry {
            id: item.id.clone(),
            kind: kind_words(item.kind),
            who: match item.count {
                Some(n) if n > 1 => format!("{n} people"),
                _ => item.person.name.clone(),
            },
            reason: item.reason.clone(),
            action: item.action.clone(),
            link: item_link(item),
        })
        .collect();
    let mut meetings: Vec<Meeting> = ahead
        .iter()
        .filter(|a| a.date >= today && a.date <= week_end(today))
        .map(|a| Meeting {
            date: a.date,
            kind: a.kind.clone(),
            summary: a.summary.clone(),
            with: a.people.iter().map(|p| p.name.clone()).collect(),
            link: ahead_link(a),
        })
        .collect();
    meetings.sort_by_key(|m| m.date);
    Digest {
        date: today,
        items,
        meetings,
        more: plan.more + plan.more_overdue,
    }
}

impl Digest {
    /// The mail's subject: "warmline: 3 things for Thursday 3 December".
    pub fn subject(&self) -> String {
        let d = self.date;
        let day = format!("{} {} {}", d.format("%A"), d.day(), d.format("%B"));
        match self.items.len() {
            0 => format!("warmline: nothing due for {day}"),
            1 => format!("warmline: 1 thing for {day}"),
            n => format!("warmline: {n} things for {day}"),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.meetings.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::EventRef;
    use crate::streak::Streak;

    fn at(date: &str, time: &str) -> NaiveDateTime {
        NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .unwrap()
            .and_time(parse_time(time).unwrap())
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn on(time: &str, days: &str) -> Prefs {
        Prefs {
            enabled: true,
            time: parse_time(time).unwrap(),
            days: Days::parse(days).unwrap(),
        }
    }

    #[test]
    fn times_read_as_hh_mm_only() {
        assert_eq!(parse_time("07:30").unwrap().to_string(), "07:30:00");
        assert_eq!(parse_time(" 7:05 ").unwrap().to_string(), "07:05:00");
        for bad in [
            "", "7", "24:00", "07:60", "7:5", "07:30:00", "ab:cd", "-1:00",
        ] {
            let e = parse_time(bad).unwrap_err().to_string();
            assert!(e.contains("is not a time of day"), "{bad}: {e}");
        }
    }

    #[test]
    fn days_read_and_print_back() {
        assert_eq!(Days::parse("weekdays").unwrap(), Days::WEEKDAYS);
        assert_eq!(Days::parse("Daily").unwrap(), Days::EVERY_DAY);
        let d = Days::parse("mon, Friday,sun").unwrap();
        assert_eq!(d.short(), "mon,fri,sun");
        assert_eq!(Days::parse(&d.short()).unwrap(), d);
        assert_eq!(d.words(), "Monday, Friday, Sunday");
        assert_eq!(Days::from_indexes([0, 4, 6, 9]), d);
        assert!(
            Days::parse("funday")
                .unwrap_err()
                .to_string()
                .contains("'funday' is not a weekday")
        );
        assert!(Days::parse(" , ").is_err());
        assert!(Days::WEEKDAYS.contains(Weekday::Fri) && !Days::WEEKDAYS.contains(Weekday::Sat));
    }

    #[test]
    fn due_on_a_chosen_day_from_its_time_once() {
        let p = on("07:30", "weekdays");
        let none = Sent::default();
        // 2026-12-03 is a Thursday.
        assert!(!is_due(&p, &none, at("2026-12-03", "07:29")));
        assert!(is_due(&p, &none, at("2026-12-03", "07:30")));
        assert!(is_due(&p, &none, at("2026-12-03", "23:59")));
        // Saturday is not chosen.
        assert!(!is_due(&p, &none, at("2026-12-05", "09:00")));
        // Sent today: not again; sent yesterday: due.
        let today = Sent {
            last_sent: Some(d("2026-12-03")),
            last_failed: None,
        };
        assert!(!is_due(&p, &today, at("2026-12-03", "08:00")));
        assert!(is_due(&p, &today, at("2026-12-04", "07:30")));
        // Off is never due.
        let off = Prefs {
            enabled: false,
            ..p
        };
        assert!(!is_due(&off, &none, at("2026-12-03", "08:00")));
    }

    #[test]
    fn a_failed_round_is_tried_again_later_the_same_day() {
        let p = on("07:30", "daily");
        let failed = Sent {
            last_sent: Some(d("2026-12-02")),
            last_failed: Some(at("2026-12-03", "07:31")),
        };
        assert!(!is_due(&p, &failed, at("2026-12-03", "07:32")));
        assert!(!is_due(&p, &failed, at("2026-12-03", "08:00")));
        assert!(is_due(&p, &failed, at("2026-12-03", "08:01")));
        // A failure yesterday does not hold today back.
        let yesterday = Sent {
            last_sent: None,
            last_failed: Some(at("2026-12-02", "23:50")),
        };
        assert!(is_due(&p, &yesterday, at("2026-12-03", "07:30")));
    }

    fn item(id: &str, kind: ItemKind, person: i64, name: &str) -> PlanItem {
        PlanItem {
            id: id.into(),
            kind,
            person: PersonRef {
                id: person,
                name: name.into(),
            },
            reason: format!("reason for {name}"),
            action: format!("write to {name}"),
            minutes: kind.minutes(),
            with: None,
            count: None,
            event: None,
        }
    }

    #[test]
    fn compose_links_every_item_and_keeps_the_week() {
        let mut triage = item("t4", ItemKind::Triage, 4, "Ann");
        triage.count = Some(3);
        let mut event = item("e2", ItemKind::Event, 0, "Meetup");
        event.event = Some(EventRef {
            id: 2,
            name: "Meetup".into(),
        });
        let plan = Plan {
            date: d("2026-12-03"),
            minutes: 20,
            items: vec![
                item("f9", ItemKind::FollowUp, 12, "Dana Lee"),
                triage,
                event,
            ],
            streak: Streak::default(),
            planned_minutes: 20,
            done_minutes: 0,
            more: 2,
            more_overdue: 1,
        };
        let ahead = |date: &str, event_id: Option<i64>, people: Vec<PersonRef>| Ahead {
            date: d(date),
            kind: if event_id.is_some() {
                "event"
            } else {
                "coffee"
            }
            .into(),
            summary: format!("on {date}"),
            event_id,
            people,
        };
        let sam = PersonRef {
            id: 7,
            name: "Sam".into(),
        };
        let digest = compose(
            &plan,
            &[
                ahead("2026-12-09", None, vec![sam.clone()]),
                ahead("2026-12-10", None, vec![sam.clone()]),
                ahead("2026-12-04", Some(5), vec![]),
                ahead("2026-12-02", None, vec![sam]),
            ],
        );
        let links: Vec<&str> = digest.items.iter().map(|e| e.link.as_str()).collect();
        assert_eq!(links, ["/people/12", "/triage", "/events/2"]);
        assert_eq!(digest.items[0].kind, "follow up");
        assert_eq!(digest.items[1].who, "3 people");
        let week: Vec<(String, &str)> = digest
            .meetings
            .iter()
            .map(|m| (m.date.to_string(), m.link.as_str()))
            .collect();
        assert_eq!(
            week,
            [
                ("2026-12-04".to_string(), "/events/5"),
                ("2026-12-09".to_string(), "/people/7")
            ]
        );
        assert_eq!(digest.more, 3);
        assert_eq!(
            digest.subject(),
            "warmline: 3 things for Thursday 3 December"
        );
        let empty = compose(
            &Plan {
                items: vec![],
                ..plan
            },
            &[],
        );
        assert!(empty.is_empty());
        assert_eq!(
            empty.subject(),
            "warmline: nothing due for Thursday 3 December"
        );
    }
}
