//! A brief before a meeting (SPEC §1, "Make genuine connections"; `warmline prep`).
//!
//! The brief answers what you would want to glance at in the lift: who they are, how you
//! met, what happened recently, what you know of their life, what you share, what is
//! open between you in both directions, and a few questions worth asking, in a fixed order
//! of value, so the same data always gives the same brief. Generic questions only fill
//! the gaps up to three.
//!
//! Your notes and their needs are your words about them: a question quotes them rather
//! than splicing a fragment into a sentence ("Last time: “working on a pitch for a coffee
//! roaster”. How is it coming along?", never "How is help proofreading press releases
//! going?"). Questions from personal details come from [`crate::questions`], one for
//! each person a fact names ("How is Mia's soccer going?", "How is Leo finding
//! college?").

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

use crate::common::SharedItem;
use crate::date::spoken;
use crate::followup::{FollowUp, Origin};
use crate::interaction::Kind;
use crate::person::{Fact, FactCategory, Met, PersonId};
use crate::questions::{per_person, question_from_fact};

/// Who the brief is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrepPerson {
    pub id: PersonId,
    pub name: String,
    pub org: Option<String>,
    pub title: Option<String>,
}

/// One past interaction, as the brief shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recent {
    pub on: NaiveDate,
    pub kind: Kind,
    pub summary: String,
    pub notes: String,
}

/// Everything the brief is made from; the caller gathers it from the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrepInput {
    pub person: PrepPerson,
    pub met: Met,
    /// The name of the event they were met at, when `met.event_id` is set.
    pub met_event: Option<String>,
    /// Interactions in any order; the brief keeps the latest [`RECENT_LIMIT`].
    pub recent: Vec<Recent>,
    pub facts: Vec<Fact>,
    /// From [`crate::common::shared`].
    pub shared: Vec<SharedItem>,
    /// Follow-ups with this person; only pending ones become open loops.
    pub follow_ups: Vec<FollowUp>,
    /// Their open needs.
    pub needs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetOut {
    pub context: Option<String>,
    pub on: Option<NaiveDate>,
    pub event: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrepFact {
    pub category: FactCategory,
    pub text: String,
    pub on: Option<NaiveDate>,
}

/// Whose move an open loop is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Owner {
    You,
    Them,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LoopKind {
    /// Something you promised them.
    Promise,
    /// Something they are looking for: a chance to help.
    Need,
    FollowUp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenLoop {
    pub owner: Owner,
    pub kind: LoopKind,
    pub text: String,
    pub due: Option<NaiveDate>,
    pub overdue: bool,
}

/// `prep` output: `{person, met, recent, facts, shared, open_loops, questions}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prep {
    pub person: PrepPerson,
    pub met: Option<MetOut>,
    pub recent: Vec<Recent>,
    pub facts: Vec<PrepFact>,
    pub shared: Vec<SharedItem>,
    pub open_loops: Vec<OpenLoop>,
    pub questions: Vec<String>,
    /// The day it was written for, so the text can say dates as people do.
    #[serde(skip)]
    pub today: NaiveDate,
}

pub const RECENT_LIMIT: usize = 5;
pub const MAX_QUESTIONS: usize = 5;

/// Builds the brief.
pub fn prep(input: &PrepInput, today: NaiveDate) -> Prep {
    let mut recent = input.recent.clone();
    recent.sort_by_key(|r| std::cmp::Reverse(r.on));
    recent.truncate(RECENT_LIMIT);

    // Dated facts first, newest first: a recent move matters more than an old hobby.
    let mut facts: Vec<&Fact> = input.facts.iter().collect();
    facts.sort_by_key(|f| std::cmp::Reverse((f.on.is_some(), f.on, f.recorded_on, f.id)));

    let met = &input.met;
    let met =
        (met.context.is_some() || met.on.is_some() || input.met_event.is_some()).then(|| MetOut {
            context: met.context.clone(),
            on: met.on,
            event: input.met_event.clone(),
        });

    let mut open_loops: Vec<OpenLoop> = input
        .follow_ups
        .iter()
        .filter(|f| f.status.is_pending())
        .map(|f| OpenLoop {
            owner: Owner::You,
            kind: if f.origin == Origin::Promise {
                LoopKind::Promise
            } else {
                LoopKind::FollowUp
            },
            text: f.text.clone(),
            due: Some(f.due),
            overdue: f.due < today,
        })
        .collect();
    // Promises first (a broken promise costs most), then by due date.
    open_loops.sort_by_key(|l| (l.kind != LoopKind::Promise, l.due));
    open_loops.extend(
        input
            .needs
            .iter()
            .filter(|n| !n.trim().is_empty())
            .map(|n| OpenLoop {
                owner: Owner::Them,
                kind: LoopKind::Need,
                text: n.trim().to_string(),
                due: None,
                overdue: false,
            }),
    );

    let questions = questions(input, &recent, &facts, today);
    Prep {
        today,
        person: input.person.clone(),
        met,
        recent,
        facts: facts
            .into_iter()
            .map(|f| PrepFact {
                category: f.category,
                text: f.text.clone(),
                on: f.on,
            })
            .collect(),
        shared: input.shared.clone(),
        open_loops,
        questions,
    }
}

/// Where a clause ends inside a sentence.
const BREAKS: &[&str] = &[
    ",",
    " and ",
    " but ",
    " so ",
    " because ",
    " which ",
    " - ",
    " — ",
];

/// The words after `cue` in `text`, up to the end of their clause (at most eight), as
/// typed.
fn phrase_after(text: &str, cue: &str) -> Option<String> {
    for sentence in text.split(['.', '!', '?', ';', '\n']) {
        let lower = sentence.to_ascii_lowercase();
        let Some(at) = lower.find(cue) else {
            continue;
        };
        let start = at + cue.len();
        let rest_lower = &lower[start..];
        let end = BREAKS
            .iter()
            .filter_map(|b| rest_lower.find(b))
            .min()
            .unwrap_or(rest_lower.len());
        let words: Vec<&str> = sentence[start..start + end]
            .split_whitespace()
            .take(8)
            .collect();
        if !words.is_empty() {
            return Some(words.join(" "));
        }
    }
    None
}

/// A question from an interaction's notes and summary, if they mention a topic: the
/// topic quoted as you typed it, then a question that fits any wording.
fn from_notes(r: &Recent) -> Option<String> {
    let text = format!("{}. {}", r.summary, r.notes);
    // (cue, whether the cue belongs in the quote, the question)
    let cues: [(&str, bool, &str); 9] = [
        ("moving to ", true, "How is the move going?"),
        ("move to ", true, "How is the move going?"),
        ("working on ", true, "How is it coming along?"),
        ("preparing for ", true, "How did it go?"),
        ("thinking about ", true, "Where did you land?"),
        ("considering ", true, "Where did you land?"),
        ("mentioned ", false, "How has it gone?"),
        ("talked about ", false, "How has it gone?"),
        ("told me about ", false, "How has it gone?"),
    ];
    cues.iter().find_map(|(cue, keep_cue, ask)| {
        let phrase = phrase_after(&text, cue)?;
        let quoted = if *keep_cue {
            format!("{}{phrase}", cue.trim_start())
        } else {
            phrase
        };
        Some(format!("Last time: “{}”. {ask}", quoted.trim_end()))
    })
}

/// First letter lower-cased unless the word looks like a name or acronym ("UX").
fn mid_sentence(text: &str) -> String {
    let t = text.trim().trim_end_matches(['.', '!']);
    let mut chars = t.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase() => {
            format!("{}{}", a.to_lowercase(), &t[a.len_utf8()..])
        }
        _ => t.to_string(),
    }
}

/// A short name of a thing ("climbing", "Portland") reads well inside a question; a
/// longer note is quoted instead.
fn short(text: &str) -> bool {
    text.split_whitespace().count() <= 3 && !text.contains([',', ';', ':', '?', '(', '"'])
}

/// A life event: the question the personal details give ("How did the move to Austin
/// go?"), else the event quoted.
fn from_life_event(f: &Fact, today: NaiveDate) -> String {
    if let Some(q) = question_from_fact(f, today) {
        return q;
    }
    let t = f.text.trim().trim_end_matches(['.', '!']);
    let first = t.split_whitespace().next().unwrap_or("").to_lowercase();
    let past = first.ends_with("ed")
        || [
            "got", "began", "became", "left", "won", "took", "had", "bought", "ran",
        ]
        .contains(&first.as_str());
    if past {
        format!("About “{t}”: how has it been since?")
    } else {
        format!("About “{t}”: how is it going?")
    }
}

/// A question that names a pastime or place: inside the sentence when short, quoted after
/// it when not.
fn about(text: &str, inside: impl Fn(&str) -> String, quoted: &str) -> String {
    let t = text.trim().trim_end_matches(['.', '!']);
    if short(t) {
        inside(&mid_sentence(t))
    } else {
        format!("About “{t}”: {quoted}")
    }
}

fn from_shared(s: &SharedItem) -> Option<String> {
    let v = &s.value;
    Some(match s.category {
        FactCategory::School => format!("We both went to {v} — what was it like in your years?"),
        FactCategory::Hometown => format!("We both have roots in {v} — do you still get back?"),
        FactCategory::WorkHistory => {
            format!("We both worked at {v} — who do you still keep up with from there?")
        }
        FactCategory::Hobby | FactCategory::Interest => {
            format!(
                "We both enjoy {} — how did you get into it?",
                mid_sentence(v)
            )
        }
        _ => return None,
    })
}

fn questions(
    input: &PrepInput,
    recent: &[Recent],
    facts: &[&Fact],
    today: NaiveDate,
) -> Vec<String> {
    let by = |c: FactCategory| facts.iter().filter(move |f| f.category == c);
    let mut candidates: Vec<Option<String>> = vec![
        recent.iter().find_map(from_notes),
        input.needs.iter().find(|n| !n.trim().is_empty()).map(|n| {
            format!(
                "Their need: “{}”. How is it going, and can I do anything?",
                n.trim().trim_end_matches(['.', '!'])
            )
        }),
    ];
    // One question for each person the family details name, each asked once.
    candidates.extend(
        by(FactCategory::Family)
            .flat_map(|f| per_person(f))
            .map(|part| question_from_fact(&part, today)),
    );
    candidates.extend([
        by(FactCategory::LifeEvent)
            .next()
            .map(|f| from_life_event(f, today)),
        input.shared.iter().find_map(from_shared),
        by(FactCategory::Hobby).next().map(|f| {
            about(
                &f.text,
                |t| format!("Been doing much {t} lately?"),
                "been doing much of it lately?",
            )
        }),
        by(FactCategory::Interest).next().map(|f| {
            about(
                &f.text,
                |t| format!("Come across anything good on {t} lately?"),
                "come across anything good on it lately?",
            )
        }),
        by(FactCategory::Hometown).next().map(|f| {
            about(
                f.text.trim(),
                |_| format!("Do you still get back to {} much?", f.text.trim()),
                "do you still get back much?",
            )
        }),
        input
            .person
            .org
            .as_ref()
            .map(|o| format!("What are you focused on at {o} these days?")),
    ]);
    for generic in [
        "What is the most interesting thing you are working on right now?",
        "Who else do you think I should be talking to?",
        "How can I be helpful to you right now?",
    ] {
        candidates.push(Some(generic.to_string()));
    }
    let mut out: Vec<String> = Vec::new();
    for q in candidates.into_iter().flatten() {
        if out.len() == MAX_QUESTIONS {
            break;
        }
        if !out.contains(&q) {
            out.push(q);
        }
    }
    out
}

/// The brief as plain text for the terminal.
pub fn render_text(p: &Prep) -> String {
    let mut s = String::new();
    let role = match (&p.person.title, &p.person.org) {
        (Some(t), Some(o)) => format!(" — {t} at {o}"),
        (Some(t), None) => format!(" — {t}"),
        (None, Some(o)) => format!(" — {o}"),
        (None, None) => String::new(),
    };
    // Writing to a String cannot fail, so the results of writeln! are ignored.
    let _ = writeln!(s, "{}{role}", p.person.name);
    if let Some(m) = &p.met {
        let mut parts = Vec::new();
        if let Some(e) = &m.event {
            parts.push(format!("at {e}"));
        }
        if let Some(c) = &m.context {
            parts.push(c.clone());
        }
        if let Some(on) = m.on {
            parts.push(format!("on {}", spoken(on, p.today)));
        }
        let _ = writeln!(s, "Met: {}", parts.join(", "));
    }
    let section = |s: &mut String, title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            let _ = writeln!(s, "\n{title}");
            for l in lines {
                let _ = writeln!(s, "  {l}");
            }
        }
    };
    section(
        &mut s,
        "Recently",
        p.recent
            .iter()
            .map(|r| {
                let notes = if r.notes.trim().is_empty() {
                    String::new()
                } else {
                    format!("\n      {}", r.notes.trim())
                };
                format!(
                    "{} {} — {}{notes}",
                    spoken(r.on, p.today),
                    r.kind.as_str(),
                    r.summary
                )
            })
            .collect(),
    );
    section(
        &mut s,
        "About them",
        p.facts
            .iter()
            .map(|f| match f.on {
                Some(on) => format!(
                    "{}: {} ({})",
                    f.category.as_str(),
                    f.text,
                    spoken(on, p.today)
                ),
                None => format!("{}: {}", f.category.as_str(), f.text),
            })
            .collect(),
    );
    section(
        &mut s,
        "You share",
        p.shared
            .iter()
            .map(|x| format!("{}: {}", x.category.as_str(), x.value))
            .collect(),
    );
    section(
        &mut s,
        "Open loops",
        p.open_loops
            .iter()
            .map(|l| {
                let who = match (l.owner, l.kind) {
                    (Owner::You, LoopKind::Promise) => "you promised",
                    (Owner::You, _) => "you to do",
                    (Owner::Them, _) => "they need",
                };
                let due = match (l.due, l.overdue) {
                    (Some(d), true) => format!(" (due {}, overdue)", spoken(d, p.today)),
                    (Some(d), false) => format!(" (due {})", spoken(d, p.today)),
                    (None, _) => String::new(),
                };
                format!("{who}: {}{due}", l.text)
            })
            .collect(),
    );
    section(
        &mut s,
        "Questions to ask",
        p.questions
            .iter()
            .enumerate()
            .map(|(i, q)| format!("{}. {q}", i + 1))
            .collect(),
    );
    s
}

#[cfg(test)]
mod tests;
