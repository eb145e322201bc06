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
//! # Your words stay yours
//!
//! What you typed about someone (a promise, the summary of a conversation) is written in
//! your voice about them: "intro him to a photographer for the launch". Spliced into a
//! message to them it reads wrong ("I said I would intro him…"), so the default templates
//! never do that. The draft carries those words beside the message instead, quoted, as
//! [`Draft::notes`] ("You said you would: “intro him to a photographer for the launch”."),
//! for you to weave in. The `{last_summary}` and `{promise}` placeholders remain for
//! templates of your own.
//!
//! Questions come from [`crate::questions`]: the best one, and one more for each other
//! person a fact names ("How is Mia's soccer going? How is Leo finding college?").

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::CoreError;
use crate::followup::{FollowUp, Origin};
use crate::interaction::Interaction;
use crate::person::{Fact, Met};
use crate::plan::logged::PLAN_SOURCE;
use crate::questions::opening_questions;
pub use crate::questions::{best_question, question_from_fact};

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
                 {question}\n\
                 I'd love to stay in touch, and if there is anything I can help with, just ask.",
            ),
            open_promise: t(
                "Following up, as promised",
                "Thanks again for talking {last_when}. || Thanks again for our conversation.\n\
                 As promised, I'm following up.\n\
                 {question}\n\
                 Let me know if there is anything else I can do.",
            ),
            long_silence: t(
                "It's been a while, {first_name} || It's been a while",
                "It's been too long since we caught up, and you came to mind.\n\
                 {question}\n\
                 How are things with you these days? I'd love to hear what you are working on, and to catch up over a call or coffee if you have time.",
            ),
            check_in: t(
                "Checking in, {first_name} || Checking in",
                "I hope all is well since we talked {last_when}. || I hope all is well.\n\
                 I wanted to check in and see how you are doing.\n\
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
    /// Your own words about them, quoted, to weave into the message: not part of it.
    pub notes: Vec<String>,
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
        notes: notes(input),
    }
}

/// Your words about them, quoted rather than spliced into the message: your promises
/// ("You said you would: “send the deck”."), then the last conversation.
fn notes(input: &DraftInput) -> Vec<String> {
    let mut out: Vec<String> = pending_promises(input)
        .into_iter()
        .map(|f| format!("You said you would: “{}”.", sentence_part(&f.text, 120)))
        .collect();
    if let Some(last) = input.last.as_ref().filter(|l| !l.summary.trim().is_empty()) {
        let when = when_phrase(last.on, input.today)
            .unwrap_or_else(|| crate::date::spoken(last.on, input.today));
        out.push(format!(
            "Last time ({when}): “{}”.",
            sentence_part(&last.summary, 140)
        ));
    }
    out
}

/// Open promises to them, soonest due first, at most three.
fn pending_promises(input: &DraftInput) -> Vec<&FollowUp> {
    let mut promises: Vec<&FollowUp> = input
        .follow_ups
        .iter()
        .filter(|f| f.status.is_pending() && f.origin == Origin::Promise)
        .filter(|f| !f.text.trim().is_empty())
        .collect();
    promises.sort_by_key(|f| (f.due, f.id));
    promises.truncate(3);
    promises
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
        "question" => Some(opening_questions(&input.facts, today).join(" ")),
        "promise" => {
            let texts: Vec<String> = pending_promises(input)
                .iter()
                .map(|f| lower_first(&sentence_part(&f.text, 120)))
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
pub(crate) fn sentence_part(s: &str, max: usize) -> String {
    clip(s, max).trim_end_matches(['.', '!', ' ']).to_string()
}

/// Lower-cases the first letter unless the word looks like a name or an acronym.
pub(crate) fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase() => {
            a.to_lowercase().chain(s.chars().skip(1)).collect()
        }
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests;
