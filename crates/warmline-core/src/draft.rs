//! `warmline draft PERSON`: a personal follow-up message to start from. Nothing is sent.
//!
//! A draft is a template filled with what warmline knows of the person: how and when you
//! met, the last conversation, what you promised, and a question drawn from their personal
//! details ("How did Mia's soccer tournament go?"). The template is chosen by situation,
//! in this order: an open promise (you owe them something), just met (in the last
//! [`JUST_MET_DAYS`] days), a long silence ([`LONG_SILENCE_DAYS`] or more), else a
//! regular check-in.
//!
//! # Templates
//!
//! Defaults live in [`Templates::default`]; settings may override any of them. Text in
//! braces is a placeholder (see [`PLACEHOLDERS`]); `{{` and `}}` write literal braces.
//! Because not every person has every detail, each line degrades gracefully:
//!
//! * a line may offer alternatives separated by `||`; the first alternative whose
//!   placeholders all have values is used;
//! * a line where no alternative can be filled is dropped, so "I enjoyed our conversation
//!   ({last_summary})." simply disappears when there is no summary;
//! * runs of blank lines collapse to one.
//!
//! The subject is a one-line template under the same rules (falling back to "Hello").
//! An unknown placeholder is left as typed, so a typo in settings shows in the output;
//! [`Templates::validate`] reports it up front.
//!
//! The question generator is a deliberately small heuristic: it looks for an event word
//! ("tournament", "wedding", "move") and an owner ("daughter Mia"), and picks a tense
//! from the fact's date or a month named in it. When it is unsure it asks nothing rather
//! than something odd.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::CoreError;
use crate::followup::{FollowUp, Origin};
use crate::interaction::Interaction;
use crate::person::{Fact, FactCategory, Met};
use crate::plan::logged::PLAN_SOURCE;

/// Someone met this many days ago or less counts as "just met".
pub const JUST_MET_DAYS: i64 = 14;
/// This many days without contact counts as a long silence.
pub const LONG_SILENCE_DAYS: i64 = 60;

/// Every placeholder a template may use.
pub const PLACEHOLDERS: [&str; 10] = [
    "first_name",
    "name",
    "met_context",
    "met_when",
    "last_summary",
    "last_when",
    "question",
    "promise",
    "my_name",
    "days_since",
];

/// Which kind of message fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Situation {
    JustMet,
    OpenPromise,
    LongSilence,
    CheckIn,
}

/// A subject line and a body, both with placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub subject: String,
    pub body: String,
}

/// One template per situation; missing entries in settings fall back to the defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Templates {
    pub just_met: Template,
    pub open_promise: Template,
    pub long_silence: Template,
    pub check_in: Template,
}

const SIGN_OFF: &str = "\nBest,\n{my_name}\n";

impl Default for Templates {
    fn default() -> Self {
        let t = |subject: &str, middle: &str| Template {
            subject: subject.to_string(),
            body: format!("Hi {{first_name}}, || Hi,\n\n{middle}\n{SIGN_OFF}"),
        };
        Templates {
            just_met: t(
                "Great meeting you at {met_context} || Great meeting you, {first_name}",
                "It was great meeting you at {met_context} {met_when}. || It was great meeting you at {met_context}. || It was great meeting you {met_when}. || It was great meeting you.\n\
                 I enjoyed our conversation ({last_summary}).\n\
                 {question}\n\
                 I'd love to stay in touch, and if there is anything I can help with, just ask.",
            ),
            open_promise: t(
                "Following up, as promised",
                "Thanks again for talking {last_when}. || Thanks again for our conversation.\n\
                 I said I would {promise}, so here it is.\n\
                 {question}\n\
                 Let me know if there is anything else I can do.",
            ),
            long_silence: t(
                "It's been a while, {first_name} || It's been a while",
                "It's been too long since we caught up, and you came to mind.\n\
                 I was thinking back to our conversation {last_when} ({last_summary}). || I was thinking back to our last conversation ({last_summary}).\n\
                 {question}\n\
                 How are things with you these days? I'd love to hear what you are working on, and to catch up over a call or coffee if you have time.",
            ),
            check_in: t(
                "Checking in, {first_name} || Checking in",
                "I hope all is well since we talked {last_when}. || I hope all is well.\n\
                 Our conversation ({last_summary}) stayed with me, so I wanted to check in. || I wanted to check in and see how you are doing.\n\
                 {question}\n\
                 Is there anything I can help with at the moment?",
            ),
        }
    }
}

impl Templates {
    pub fn get(&self, situation: Situation) -> &Template {
        match situation {
            Situation::JustMet => &self.just_met,
            Situation::OpenPromise => &self.open_promise,
            Situation::LongSilence => &self.long_silence,
            Situation::CheckIn => &self.check_in,
        }
    }

    /// The defaults with overrides from settings, keyed `<situation>` or
    /// `<situation>.body` for a body and `<situation>.subject` for a subject, where the
    /// situation is `just_met`, `open_promise`, `long_silence` or `check_in`. Unknown keys
    /// and unknown placeholders are errors.
    pub fn with_overrides(
        overrides: &std::collections::BTreeMap<String, String>,
    ) -> Result<Templates, CoreError> {
        let mut t = Templates::default();
        for (key, text) in overrides {
            let (situation, part) = key.split_once('.').unwrap_or((key.as_str(), "body"));
            let template = match situation {
                "just_met" => &mut t.just_met,
                "open_promise" => &mut t.open_promise,
                "long_silence" => &mut t.long_silence,
                "check_in" => &mut t.check_in,
                _ => return Err(bad_template_key(key)),
            };
            match part {
                "body" => template.body = text.clone(),
                "subject" => template.subject = text.clone(),
                _ => return Err(bad_template_key(key)),
            }
        }
        t.validate()?;
        Ok(t)
    }

    /// Rejects placeholders that do not exist, naming them and the valid ones.
    pub fn validate(&self) -> Result<(), CoreError> {
        let all = [
            &self.just_met,
            &self.open_promise,
            &self.long_silence,
            &self.check_in,
        ];
        for t in all {
            for text in [&t.subject, &t.body] {
                if let Some(bad) = placeholders_in(text).find(|p| !PLACEHOLDERS.contains(p)) {
                    return Err(CoreError::Invalid(format!(
                        "unknown placeholder {{{bad}}} in a draft template: use one of {}",
                        PLACEHOLDERS.join(", ")
                    )));
                }
            }
        }
        Ok(())
    }
}

fn bad_template_key(key: &str) -> CoreError {
    CoreError::Invalid(format!(
        "unknown draft template '{key}': use just_met, open_promise, long_silence or check_in, \
         optionally followed by .subject or .body"
    ))
}

/// The last interaction, as much of it as a draft needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastTouch {
    pub on: NaiveDate,
    /// Empty when there is nothing to quote.
    pub summary: String,
}

impl LastTouch {
    /// The last touch of an interaction. A touch the plan asked for and `done` logged
    /// without the user's words has a date but nothing to quote: its summary is the plan's
    /// account, not a conversation.
    pub fn of(i: &Interaction) -> LastTouch {
        let quotable = i.source != PLAN_SOURCE;
        LastTouch {
            on: i.on,
            summary: if quotable {
                i.summary.clone()
            } else {
                String::new()
            },
        }
    }
}

/// Everything a draft is built from; the caller loads it for one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftInput {
    pub today: NaiveDate,
    pub name: String,
    /// Where the `mailto:` link points; no link without it.
    pub email: Option<String>,
    pub met: Met,
    pub last: Option<LastTouch>,
    /// The person's follow-ups; only pending ones are used.
    pub follow_ups: Vec<FollowUp>,
    pub facts: Vec<Fact>,
    /// The sender's name for the sign-off.
    pub my_name: Option<String>,
}

/// A message ready to copy or open in a mail client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Draft {
    pub situation: Situation,
    pub subject: String,
    pub body: String,
    pub mailto: Option<String>,
}

/// Chooses the situation (see the module documentation for the order).
pub fn situation(input: &DraftInput) -> Situation {
    let pending = |o: Origin| {
        input
            .follow_ups
            .iter()
            .any(|f| f.status.is_pending() && f.origin == o)
    };
    let ago = |d: NaiveDate| (input.today - d).num_days();
    if pending(Origin::Promise) {
        return Situation::OpenPromise;
    }
    let met_recently = input
        .met
        .on
        .is_some_and(|d| (0..=JUST_MET_DAYS).contains(&ago(d)));
    if met_recently || pending(Origin::AfterEvent) {
        return Situation::JustMet;
    }
    match input.last.as_ref().map(|l| l.on).or(input.met.on) {
        Some(d) if ago(d) >= LONG_SILENCE_DAYS => Situation::LongSilence,
        _ => Situation::CheckIn,
    }
}

/// Writes the draft with the given templates.
pub fn draft(input: &DraftInput, templates: &Templates) -> Draft {
    let situation = situation(input);
    let template = templates.get(situation);
    let value = |name: &str| placeholder_value(input, name);
    let subject = render(&template.subject, value)
        .lines()
        .next()
        .map(str::to_string)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "Hello".to_string());
    let body = render(&template.body, value);
    let mailto = input
        .email
        .as_deref()
        .and_then(|e| mailto(e, &subject, &body));
    Draft {
        situation,
        subject,
        body,
        mailto,
    }
}

fn placeholder_value(input: &DraftInput, name: &str) -> Option<String> {
    let today = input.today;
    match name {
        "first_name" => Some(first_name(&input.name).to_string()),
        "name" => Some(input.name.trim().to_string()),
        "met_context" => input.met.context.as_deref().map(|c| sentence_part(c, 80)),
        "met_when" => input.met.on.and_then(|d| when_phrase(d, today)),
        "last_summary" => {
            (input.last.as_ref()).map(|l| lower_first(&sentence_part(&l.summary, 100)))
        }
        "last_when" => input.last.as_ref().and_then(|l| when_phrase(l.on, today)),
        "question" => best_question(&input.facts, today),
        "promise" => {
            let mut promises: Vec<&FollowUp> = input
                .follow_ups
                .iter()
                .filter(|f| f.status.is_pending() && f.origin == Origin::Promise)
                .collect();
            promises.sort_by_key(|f| (f.due, f.id));
            let texts: Vec<String> = promises
                .iter()
                .take(3)
                .map(|f| lower_first(&sentence_part(&f.text, 120)))
                .filter(|t| !t.is_empty())
                .collect();
            Some(texts.join("; "))
        }
        "my_name" => input.my_name.as_deref().map(|n| n.trim().to_string()),
        "days_since" => input
            .last
            .as_ref()
            .map(|l| l.on)
            .or(input.met.on)
            .map(|d| (today - d).num_days().max(0).to_string()),
        _ => None,
    }
}

/// The names inside single braces in a template.
fn placeholders_in(text: &str) -> impl Iterator<Item = &str> {
    text.split("{{")
        .flat_map(|part| part.split('{').skip(1))
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
}

/// Fills a template line by line, applying the `||` and drop-the-line rules described in
/// the module documentation. `value` returns `None` (or an empty string) for a missing
/// value; names outside [`PLACEHOLDERS`] are kept literally.
pub fn render(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in template.lines() {
        let filled = line.split("||").find_map(|alt| fill(alt, &value)).map(|s| {
            if line.contains("||") {
                s.trim().to_string()
            } else {
                s
            }
        });
        if let Some(text) = filled {
            let blank = text.trim().is_empty();
            if blank && out.last().is_none_or(|l| l.trim().is_empty()) {
                continue;
            }
            out.push(if blank {
                String::new()
            } else {
                text.trim_end().to_string()
            });
        }
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    let mut text = out.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

/// Fills one alternative; `None` when a known placeholder has no value.
fn fill(alt: &str, value: &impl Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::with_capacity(alt.len());
    let mut rest = alt;
    while let Some(pos) = rest.find(['{', '}']) {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        if let Some(after) = tail.strip_prefix("{{") {
            out.push('{');
            rest = after;
        } else if let Some(after) = tail.strip_prefix("}}") {
            out.push('}');
            rest = after;
        } else if let Some(inner) = tail.strip_prefix('{') {
            match inner.split_once('}') {
                Some((name, after)) if PLACEHOLDERS.contains(&name) => {
                    let v = value(name).filter(|v| !v.trim().is_empty())?;
                    out.push_str(&v);
                    rest = after;
                }
                _ => {
                    out.push('{');
                    rest = inner;
                }
            }
        } else {
            out.push('}');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    Some(out)
}

/// A `mailto:` link with the subject and body percent-encoded as RFC 6068 asks (line
/// breaks as `%0D%0A`, spaces as `%20`); `None` if `email` is not an address.
pub fn mailto(email: &str, subject: &str, body: &str) -> Option<String> {
    let addr = crate::person::validate_email(email).ok()?;
    let crlf = body.replace("\r\n", "\n").replace('\n', "\r\n");
    Some(format!(
        "mailto:{}?subject={}&body={}",
        percent_encode(&addr, b"@+!$'*"),
        percent_encode(subject, b""),
        percent_encode(&crlf, b""),
    ))
}

/// Percent-encodes every byte but RFC 3986 unreserved characters and `extra`.
fn percent_encode(s: &str, extra: &[u8]) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || extra.contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The name to greet someone by: the first word, skipping a title like "Dr.".
pub fn first_name(name: &str) -> &str {
    const TITLES: [&str; 7] = ["dr", "mr", "mrs", "ms", "mx", "prof", "sir"];
    let mut words = name.split_whitespace().peekable();
    while let Some(w) = words.next() {
        let bare = w.trim_end_matches('.').to_lowercase();
        if !(TITLES.contains(&bare.as_str()) && words.peek().is_some()) {
            return w;
        }
    }
    name.trim()
}

/// "today", "yesterday", "on Tuesday", "last week", "a few weeks ago", "in March",
/// "in March 2025"; `None` for a future date.
pub fn when_phrase(date: NaiveDate, today: NaiveDate) -> Option<String> {
    let days = (today - date).num_days();
    Some(match days {
        ..0 => return None,
        0 => "today".to_string(),
        1 => "yesterday".to_string(),
        2..=6 => format!("on {}", date.format("%A")),
        7..=13 => "last week".to_string(),
        14..=45 => "a few weeks ago".to_string(),
        _ if date.year() == today.year() => format!("in {}", date.format("%B")),
        _ => format!("in {}", date.format("%B %Y")),
    })
}

/// Shortens text to at most `max` characters on a word boundary, marking the cut with `…`.
pub(crate) fn clip(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// Clipped text with trailing sentence punctuation removed, for use inside a sentence.
fn sentence_part(s: &str, max: usize) -> String {
    clip(s, max).trim_end_matches(['.', '!', ' ']).to_string()
}

/// Lower-cases the first letter unless the word looks like a name or an acronym.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase() => {
            a.to_lowercase().chain(s.chars().skip(1)).collect()
        }
        _ => s.to_string(),
    }
}

/// Words that name whose event it is ("daughter Mia").
const RELATIONS: &str = "daughter son kid kids child children wife husband partner spouse \
    fiancee fiance mother mom mum father dad sister brother baby dog cat";
/// Words that make a fact an event worth asking about.
const EVENTS: &str = "tournament recital game match race marathon triathlon wedding graduation \
    trip vacation holiday launch exam surgery concert show competition interview conference \
    talk anniversary retirement renovation season camp festival exhibition defense premiere \
    move hike climb tour party sabbatical";
const MOVE_WORDS: &str = "moving moved move relocating relocated";
/// Words that end an event phrase when walking back from the event word.
const PHRASE_STOPS: &str = "a an the her his their my our in on at for and with next last big \
    first";
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn listed(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|w| w == word)
}

/// Whether something is behind, under way or still ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Now,
    Ahead,
}

fn is_name(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.chars().all(char::is_alphabetic)
        && !MONTHS.contains(&word)
}

/// A question about a personal detail, or `None` when no natural one can be made.
pub fn question_from_fact(fact: &Fact, today: NaiveDate) -> Option<String> {
    // Words with their clause number, so an event phrase never reaches across a comma.
    let mut words: Vec<(String, usize)> = Vec::new();
    let mut clause = 0;
    for raw in fact.text.split_whitespace() {
        let w = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
        if !w.is_empty() {
            words.push((w.to_string(), clause));
        }
        if raw.ends_with([',', ';', '.', ':', ')']) {
            clause += 1;
        }
    }
    let lower = |i: usize| words[i].0.to_lowercase();

    // The owner: "daughter Mia" → "Mia's"; "Mia's" → "Mia's"; "daughter" → "your daughter's".
    let mut owner_name: Option<String> = None;
    let mut relation: Option<String> = None;
    for i in 0..words.len() {
        if let Some(name) = words[i].0.strip_suffix("'s").filter(|n| is_name(n)) {
            owner_name.get_or_insert(name.to_string());
        }
        let l = lower(i);
        let l = l.strip_suffix("'s").unwrap_or(&l).to_string();
        if listed(RELATIONS, &l) && relation.is_none() {
            relation = Some(l);
            if let Some((next, _)) = words.get(i + 1).filter(|(w, _)| is_name(w)) {
                owner_name.get_or_insert(next.clone());
            }
        }
    }

    let tense = tense_of(fact, today);
    // A dated event long past is no longer news.
    let stale = match event_date(fact) {
        Some(d) => (today - d).num_days() > 120,
        None => (today - fact.recorded_on).num_days() > 365,
    };

    let mut event: Option<(String, bool)> = None; // (phrase, takes an owner)
    for i in 0..words.len() {
        let l = lower(i);
        if listed(MOVE_WORDS, &l)
            && let (Some((to, _)), Some((place, place_clause))) =
                (words.get(i + 1), words.get(i + 2))
            && to == "to"
            && is_name(place)
        {
            // "moving to New York City": the place runs on while capitalised words follow.
            let mut dest = place.clone();
            for (w, c) in words.iter().skip(i + 3).take(2) {
                if c != place_clause || !is_name(w) {
                    break;
                }
                dest = format!("{dest} {w}");
            }
            event = Some((format!("the move to {dest}"), false));
            break;
        }
        if listed(EVENTS, &l) {
            let mut start = i;
            while start > 0 && i - start < 2 {
                let (prev, c) = &words[start - 1];
                let p = prev.to_lowercase();
                let stop = *c != words[i].1
                    || !prev.chars().all(|ch| ch.is_alphabetic() || ch == '-')
                    || prev.chars().next().is_some_and(char::is_uppercase)
                    || listed(RELATIONS, p.trim_end_matches("'s"))
                    || listed(PHRASE_STOPS, &p);
                if stop {
                    break;
                }
                start -= 1;
            }
            let phrase: Vec<String> = (start..=i).map(lower).collect();
            event = Some((phrase.join(" "), true));
            break;
        }
    }

    if let Some((phrase, takes_owner)) = event.filter(|_| !stale) {
        let subject = match (&owner_name, &relation) {
            _ if !takes_owner => phrase,
            (Some(n), _) => format!("{n}'s {phrase}"),
            (None, Some(r)) => format!("your {r}'s {phrase}"),
            (None, None) => format!("the {phrase}"),
        };
        return Some(match tense {
            Tense::Past => format!("How did {subject} go?"),
            Tense::Now => format!("How is {subject} going?"),
            Tense::Ahead => format!("How are the preparations for {subject} going?"),
        });
    }

    let short = fact.text.split_whitespace().count() <= 4 && !fact.text.contains([',', ';', '?']);
    let text = sentence_part(&fact.text, 40);
    match fact.category {
        FactCategory::Family => match (owner_name, relation) {
            (Some(n), _) => Some(format!("How is {n} doing?")),
            (None, Some(r)) => Some(format!("How is your {r} doing?")),
            _ => None,
        },
        FactCategory::Hobby | FactCategory::Interest if short => Some(format!(
            "Have you had much time for {} lately?",
            lower_first(&text)
        )),
        FactCategory::Hometown if short => Some(format!("Have you been back to {text} lately?")),
        _ => None,
    }
}

/// The date an event in a fact happens: its own date, else a month named in the text,
/// read as the first such month on or after the day the fact was recorded.
fn event_date(fact: &Fact) -> Option<NaiveDate> {
    if fact.on.is_some() {
        return fact.on;
    }
    let month = fact.text.split_whitespace().find_map(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphabetic());
        MONTHS.iter().position(|m| *m == w)
    })? as u32
        + 1;
    let rec = fact.recorded_on;
    let year = if month >= rec.month() {
        rec.year()
    } else {
        rec.year() + 1
    };
    NaiveDate::from_ymd_opt(year, month, 1)
}

fn tense_of(fact: &Fact, today: NaiveDate) -> Tense {
    match event_date(fact) {
        // A month named without a day covers the whole month.
        Some(d) if fact.on.is_none() && (d.year(), d.month()) == (today.year(), today.month()) => {
            Tense::Now
        }
        Some(d) if d > today => Tense::Ahead,
        Some(_) => Tense::Past,
        None if fact.text.to_lowercase().contains("moving") => Tense::Now,
        None => Tense::Past,
    }
}

/// The best question over a person's facts: timely dated facts first, then family and
/// life events before hobbies, then the most recently recorded.
pub fn best_question(facts: &[Fact], today: NaiveDate) -> Option<String> {
    let rank = |f: &Fact| {
        let timely = event_date(f).is_some_and(|d| (-60..=90).contains(&(today - d).num_days()));
        let cat = match f.category {
            FactCategory::LifeEvent => 0,
            FactCategory::Family => 1,
            FactCategory::Hobby => 2,
            FactCategory::Interest => 3,
            FactCategory::Hometown => 4,
            _ => 5,
        };
        (
            !timely,
            cat,
            std::cmp::Reverse(f.recorded_on),
            std::cmp::Reverse(f.id),
        )
    };
    let mut ordered: Vec<&Fact> = facts.iter().collect();
    ordered.sort_by_key(|f| rank(f));
    ordered
        .into_iter()
        .find_map(|f| question_from_fact(f, today))
}

#[cfg(test)]
mod tests;
