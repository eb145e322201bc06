//! A person in the network, and the structured facts that let you know them as a person.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::CoreError;
use crate::error::unknown_choice;

pub type PersonId = i64;

/// How close a tie is; each tier has a default keep-in-touch cadence (in settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Inner,
    Close,
    Regular,
    Loose,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::Inner, Tier::Close, Tier::Regular, Tier::Loose];

    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Inner => "inner",
            Tier::Close => "close",
            Tier::Regular => "regular",
            Tier::Loose => "loose",
        }
    }

    /// The cadence a tier gets when settings say nothing else.
    pub fn default_cadence_days(self) -> u32 {
        match self {
            Tier::Inner => 14,
            Tier::Close => 30,
            Tier::Regular => 90,
            Tier::Loose => 180,
        }
    }

    pub fn parse(s: &str) -> Result<Tier, CoreError> {
        let s_trimmed = s.trim();
        Tier::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s_trimmed))
            .ok_or_else(|| unknown_choice("tier", s, &["inner", "close", "regular", "loose"]))
    }
}

/// The kinds of personal detail worth remembering (SPEC §1, "Make genuine connections").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum FactCategory {
    Family,
    Hometown,
    School,
    Hobby,
    Interest,
    WorkHistory,
    LifeEvent,
    Other,
}

impl FactCategory {
    pub const ALL: [FactCategory; 8] = [
        FactCategory::Family,
        FactCategory::Hometown,
        FactCategory::School,
        FactCategory::Hobby,
        FactCategory::Interest,
        FactCategory::WorkHistory,
        FactCategory::LifeEvent,
        FactCategory::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FactCategory::Family => "family",
            FactCategory::Hometown => "hometown",
            FactCategory::School => "school",
            FactCategory::Hobby => "hobby",
            FactCategory::Interest => "interest",
            FactCategory::WorkHistory => "work_history",
            FactCategory::LifeEvent => "life_event",
            FactCategory::Other => "other",
        }
    }

    /// Accepts the canonical names plus the spellings people type (`work-history`, `work`).
    pub fn parse(s: &str) -> Result<FactCategory, CoreError> {
        let k = s.trim().to_lowercase().replace(['-', ' '], "_");
        let found = match k.as_str() {
            "family" | "kids" | "children" | "partner" => Some(FactCategory::Family),
            "hometown" | "home_town" | "grew_up" => Some(FactCategory::Hometown),
            "school" | "education" | "university" | "college" => Some(FactCategory::School),
            "hobby" | "hobbies" => Some(FactCategory::Hobby),
            "interest" | "interests" => Some(FactCategory::Interest),
            "work_history" | "work" | "job" | "career" => Some(FactCategory::WorkHistory),
            "life_event" | "event" | "milestone" => Some(FactCategory::LifeEvent),
            "other" | "note" => Some(FactCategory::Other),
            _ => None,
        };
        found.ok_or_else(|| {
            let names: Vec<&str> = FactCategory::ALL.iter().map(|c| c.as_str()).collect();
            unknown_choice("fact category", s, &names)
        })
    }
}

/// A personal detail: "daughter Mia plays soccer", "grew up in Portland".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    pub id: i64,
    pub category: FactCategory,
    pub text: String,
    /// When the fact happened or was true, where it has a date (a wedding, a move).
    pub on: Option<NaiveDate>,
    pub recorded_on: NaiveDate,
}

/// How and where you met someone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Met {
    pub context: Option<String>,
    pub on: Option<NaiveDate>,
    pub event_id: Option<i64>,
}

/// A job someone holds or held; the current one is mirrored in `Person::org`/`title`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    pub org: String,
    pub title: Option<String>,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub current: bool,
}

/// A birthday, with or without the year (vCards carry `--0623`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Birthday {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
}

/// The years that stand for "no year" in address books: ISO's `0000`, and `1604`, which
/// Apple writes (a leap year, so 29 February fits).
const YEARLESS: [&str; 2] = ["0000", "1604"];

impl Birthday {
    /// Parses `YYYY-MM-DD`, `YYYYMMDD`, `--MM-DD`, `--MMDD` or `MM-DD`. The years address
    /// books write for a birthday without one (`0000`, and Apple's `1604`) read as no
    /// year.
    pub fn parse(s: &str) -> Option<Birthday> {
        let t = s.trim();
        let digits: String = t.chars().filter(|c| *c != '-').collect();
        let full = (digits.len() == 8
            && !t.starts_with("--")
            && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]));
        if let Some(iso) = &full
            && YEARLESS.contains(&&iso[..4])
        {
            return Birthday::parse(&format!("-{}", &iso[4..]));
        }
        if let Some(d) = full.as_deref().and_then(crate::date::parse_iso) {
            use chrono::Datelike;
            return Some(Birthday {
                year: Some(d.year()),
                month: d.month(),
                day: d.day(),
            });
        }
        let rest = t.strip_prefix("--").unwrap_or(t);
        let digits: String = rest.chars().filter(|c| c.is_ascii_digit()).collect();
        if digits.len() != 4 || rest.len() > 5 {
            return None;
        }
        let month: u32 = digits[..2].parse().ok()?;
        let day: u32 = digits[2..].parse().ok()?;
        // 2024 is a leap year, so 29 February is accepted.
        NaiveDate::from_ymd_opt(2024, month, day)?;
        Some(Birthday {
            year: None,
            month,
            day,
        })
    }

    /// The next date (today or later) on which this birthday falls.
    pub fn next_on_or_after(&self, today: NaiveDate) -> Option<NaiveDate> {
        use chrono::Datelike;
        for year in today.year()..today.year() + 8 {
            if let Some(d) = NaiveDate::from_ymd_opt(year, self.month, self.day)
                && d >= today
            {
                return Some(d);
            }
        }
        None
    }
}

impl Birthday {
    /// The birthday as people say it ("9 Dec", "9 Dec 1990"), for reading; the stored and
    /// JSON form stays the ISO-like `Display` one.
    pub fn spoken(&self) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let month = (self.month as usize)
            .checked_sub(1)
            .and_then(|i| MONTHS.get(i))
            .copied()
            .unwrap_or("?");
        match self.year {
            Some(y) => format!("{} {month} {y}", self.day),
            None => format!("{} {month}", self.day),
        }
    }
}

impl std::fmt::Display for Birthday {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.year {
            Some(y) => write!(f, "{y:04}-{:02}-{:02}", self.month, self.day),
            None => write!(f, "--{:02}-{:02}", self.month, self.day),
        }
    }
}

/// A person as stored, without the things hung on them (interactions, follow-ups).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    /// What an address book said the name's parts are; empty when typed in by hand.
    #[serde(default)]
    pub name_parts: crate::name_parts::NameParts,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub org: Option<String>,
    pub title: Option<String>,
    pub location: Option<String>,
    pub linkedin: Option<String>,
    pub website: Option<String>,
    pub birthday: Option<Birthday>,
    pub met: Met,
    pub source: String,
    pub tags: Vec<String>,
    pub tier: Option<Tier>,
    /// An explicit cadence; when absent the tier's default applies.
    pub cadence_days: Option<u32>,
    pub notes: String,
    pub created_on: NaiveDate,
    pub updated_on: NaiveDate,
}

/// Checks a name a person typed: not empty, not absurdly long, no control characters.
pub fn validate_name(name: &str) -> Result<String, CoreError> {
    let t = name.trim();
    if t.is_empty() {
        return Err(CoreError::Invalid("a person needs a name".into()));
    }
    if t.chars().count() > 200 {
        return Err(CoreError::Invalid(
            "a name can be at most 200 characters".into(),
        ));
    }
    if t.chars().any(char::is_control) {
        return Err(CoreError::Invalid(
            "a name cannot contain control characters".into(),
        ));
    }
    Ok(t.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Checks an email address loosely: one `@` with something on each side, no spaces.
pub fn validate_email(email: &str) -> Result<String, CoreError> {
    let t = email.trim();
    let ok = t.split('@').count() == 2
        && !t.starts_with('@')
        && !t.ends_with('@')
        && !t.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(t.to_string())
    } else {
        Err(CoreError::Invalid(format!(
            "'{email}' is not an email address"
        )))
    }
}

/// Checks a cadence in days: at least one, at most ten years.
pub fn validate_cadence(days: i64) -> Result<u32, CoreError> {
    if (1..=3650).contains(&days) {
        Ok(days as u32)
    } else {
        Err(CoreError::Invalid(format!(
            "a cadence must be between 1 and 3650 days, not {days}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_accept_common_spellings() {
        assert_eq!(
            FactCategory::parse("Work-History").unwrap(),
            FactCategory::WorkHistory
        );
        assert_eq!(FactCategory::parse("hobbies").unwrap(), FactCategory::Hobby);
        let err = FactCategory::parse("zodiac").unwrap_err().to_string();
        assert!(err.contains("zodiac") && err.contains("hometown"), "{err}");
    }

    #[test]
    fn birthdays_with_and_without_year() {
        let b = Birthday::parse("--0623").unwrap();
        assert_eq!((b.year, b.month, b.day), (None, 6, 23));
        assert_eq!(b.to_string(), "--06-23");
        assert_eq!(
            Birthday::parse("1815-12-10").unwrap().to_string(),
            "1815-12-10"
        );
        assert_eq!(Birthday::parse("--02-29").unwrap().day, 29);
        assert!(Birthday::parse("--1332").is_none());
        assert!(Birthday::parse("june").is_none());
        // The placeholder years of address books mean no year.
        for yearless in [
            "1604-12-09",
            "16041209",
            "0000-12-09",
            "00001209",
            "--1209",
            "--12-09",
        ] {
            assert_eq!(
                Birthday::parse(yearless),
                Some(Birthday {
                    year: None,
                    month: 12,
                    day: 9
                }),
                "{yearless}"
            );
        }
        assert_eq!(Birthday::parse("19901209").and_then(|b| b.year), Some(1990));
        assert!(Birthday::parse("1604-02-30").is_none());
    }

    #[test]
    fn leap_day_birthday_skips_to_a_leap_year() {
        let b = Birthday::parse("--0229").unwrap();
        let today = crate::date::parse_iso("2026-03-01").unwrap();
        assert_eq!(b.next_on_or_after(today).unwrap().to_string(), "2028-02-29");
    }

    #[test]
    fn names_and_emails_are_checked() {
        assert_eq!(validate_name("  Ada   Lovelace ").unwrap(), "Ada Lovelace");
        assert!(validate_name("   ").is_err());
        assert!(validate_name("a\u{7}b").is_err());
        assert!(validate_email("ada@example.com").is_ok());
        assert!(validate_email("ada@").is_err());
        assert!(validate_email("a b@c").is_err());
        assert!(validate_cadence(0).is_err());
        assert_eq!(validate_cadence(30).unwrap(), 30);
    }
}

#[cfg(test)]
mod spoken_tests {
    use super::Birthday;

    #[test]
    fn a_birthday_reads_as_day_and_month_with_the_year_when_known() {
        let no_year = Birthday::parse("--12-09").unwrap();
        assert_eq!(no_year.spoken(), "9 Dec");
        assert_eq!(no_year.to_string(), "--12-09");
        assert_eq!(
            Birthday::parse("1990-12-09").unwrap().spoken(),
            "9 Dec 1990"
        );
        assert_eq!(Birthday::parse("--01-31").unwrap().spoken(), "31 Jan");
    }
}
