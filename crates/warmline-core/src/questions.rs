//! Questions to ask someone, from what you know of their life: "How did Mia's soccer
//! tournament go?", "How is Leo finding college?".
//!
//! The generator is a deliberately small heuristic: it looks for an event word
//! ("tournament", "wedding", "move"), an owner ("daughter Mia"), and what they do ("plays
//! soccer", "started college"), and picks a tense from the fact's date or a month named in
//! it. When it is unsure it asks nothing rather than something odd.
//!
//! A fact may name several people ("daughter Mia plays soccer, son Leo started college"):
//! it is read as one part per person, and each person gets a question of their own,
//! never one merged question.

use chrono::{Datelike, NaiveDate};

use crate::draft::{lower_first, sentence_part};
use crate::person::{Fact, FactCategory};

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
/// The month a word names in full and capitalised ("March", not "march" or "Mar"), as
/// a fact written by a person names one; `chrono` knows the names.
fn month_named(word: &str) -> Option<chrono::Month> {
    word.parse::<chrono::Month>()
        .ok()
        .filter(|m| m.name() == word)
}

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
        && month_named(word).is_none()
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
        FactCategory::Family => {
            let subject = match (&owner_name, &relation) {
                (Some(n), _) => n.clone(),
                (None, Some(r)) if is_plural(r) => return Some(format!("How are your {r}?")),
                (None, Some(r)) => format!("your {r}"),
                _ => return None,
            };
            Some(match doing(&words) {
                Some(Doing::Pastime(what)) => format!("How is {subject}'s {what} going?"),
                Some(Doing::Started(what)) => format!("How is {subject} finding {what}?"),
                None => format!("How is {subject} doing?"),
            })
        }
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
    let month = fact
        .text
        .split_whitespace()
        .find_map(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphabetic());
            month_named(w)
        })?
        .number_from_month();
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

/// Plural relations take "are": "How are your kids?".
fn is_plural(relation: &str) -> bool {
    matches!(relation, "kids" | "children" | "twins")
}

/// Verbs after a name that say what someone does for its own sake ("plays soccer").
const PASTIME_VERBS: &str = "plays does dances takes swims sings";
/// Verbs that say someone began something new ("started college").
const STARTED_VERBS: &str = "started starts joined joins began";
/// Words that end what someone does: "plays soccer on weekends" → "soccer".
const OBJECT_STOPS: &str = "on at in for with since from to and but every each this last next";

/// What a family member does, from the words right after the verb that follows a name or
/// relation, within one clause.
enum Doing {
    Pastime(String),
    Started(String),
}

fn doing(words: &[(String, usize)]) -> Option<Doing> {
    let verb = words.iter().position(|(w, _)| {
        let l = w.to_lowercase();
        listed(PASTIME_VERBS, &l) || listed(STARTED_VERBS, &l)
    })?;
    let (verb_word, clause) = &words[verb];
    let started = listed(STARTED_VERBS, &verb_word.to_lowercase());
    let mut object: Vec<String> = Vec::new();
    for (w, c) in &words[verb + 1..] {
        let l = w.to_lowercase();
        if c != clause || listed(OBJECT_STOPS, &l) || object.len() == 3 {
            break;
        }
        object.push(l);
    }
    // "plays the piano" → "piano"; "started a new job" → "the new job".
    match object.first().map(String::as_str) {
        Some("the" | "a" | "an" | "her" | "his" | "their") if !started => {
            object.remove(0);
        }
        Some("a" | "an" | "her" | "his" | "their") => object[0] = "the".into(),
        _ => {}
    }
    if object.is_empty() || object.last().is_some_and(|w| w == "the") {
        return None;
    }
    let what = object.join(" ");
    Some(if started {
        Doing::Started(what)
    } else {
        Doing::Pastime(what)
    })
}

/// Whether a text names a relation ("son", "daughter's").
fn names_someone(text: &str) -> bool {
    text.split_whitespace().any(|w| {
        let l = w
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
            .to_lowercase();
        listed(RELATIONS, l.strip_suffix("'s").unwrap_or(&l))
    })
}

/// A fact read as one part per person it names: a new part begins at each clause that
/// names a relation ("son Leo"); clauses that name no one stay with the part before them
/// ("daughter Mia, soccer tournament in May" is one part).
pub fn per_person(fact: &Fact) -> Vec<Fact> {
    let mut parts: Vec<String> = Vec::new();
    for clause in fact.text.split([',', ';']).flat_map(|c| c.split(" and ")) {
        let clause = clause.trim();
        if clause.is_empty() {
            continue;
        }
        match parts.last_mut() {
            Some(last) if !names_someone(clause) => {
                last.push_str(", ");
                last.push_str(clause);
            }
            _ => parts.push(clause.to_string()),
        }
    }
    if parts.len() <= 1 {
        return vec![fact.clone()];
    }
    parts
        .into_iter()
        .map(|text| Fact {
            text,
            ..fact.clone()
        })
        .collect()
}

/// Questions over a person's facts, best first, at most `max`: timely dated facts first,
/// then family and life events before hobbies, then the most recently recorded. Each
/// person a fact names gets a question of their own, and none is asked twice.
pub fn questions(facts: &[Fact], today: NaiveDate, max: usize) -> Vec<String> {
    let mut ordered: Vec<&Fact> = facts.iter().collect();
    ordered.sort_by_key(|f| rank(f, today));
    let mut out: Vec<String> = Vec::new();
    for part in ordered.into_iter().flat_map(per_person) {
        if out.len() == max {
            break;
        }
        if let Some(q) = question_from_fact(&part, today)
            && !out.contains(&q)
        {
            out.push(q);
        }
    }
    out
}

fn rank(
    f: &Fact,
    today: NaiveDate,
) -> (
    bool,
    u8,
    std::cmp::Reverse<NaiveDate>,
    std::cmp::Reverse<i64>,
) {
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
}

/// What a draft asks: the best question, then one for each other person a fact names
/// (at most three in all), so a message never asks about two hobbies but does ask after
/// both children.
pub fn opening_questions(facts: &[Fact], today: NaiveDate) -> Vec<String> {
    let mut ordered: Vec<&Fact> = facts.iter().collect();
    ordered.sort_by_key(|f| rank(f, today));
    let mut out: Vec<String> = Vec::new();
    for part in ordered.into_iter().flat_map(per_person) {
        if out.len() == 3 {
            break;
        }
        let about_someone = part.category == FactCategory::Family && names_someone(&part.text);
        if !out.is_empty() && !about_someone {
            continue;
        }
        if let Some(q) = question_from_fact(&part, today)
            && !out.contains(&q)
        {
            out.push(q);
        }
    }
    out
}

/// The best question over a person's facts (see [`questions`]).
pub fn best_question(facts: &[Fact], today: NaiveDate) -> Option<String> {
    questions(facts, today, 1).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_iso;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        parse_iso(s).unwrap()
    }

    fn fact(category: FactCategory, text: &str, on: Option<&str>, recorded: &str) -> Fact {
        Fact {
            id: 1,
            category,
            text: text.to_string(),
            on: on.map(d),
            recorded_on: d(recorded),
        }
    }

    /// category | fact | fact date | recorded on | today | the question, or `-` for none.
    const QUESTIONS: &str = "
    family | daughter Mia, soccer tournament in May | - | 2026-04-10 | 2026-06-03 | How did Mia's soccer tournament go?
    family | daughter Mia, soccer tournament in May | - | 2026-04-10 | 2026-05-10 | How is Mia's soccer tournament going?
    family | daughter Mia, soccer tournament in May | - | 2026-04-10 | 2026-04-20 | How are the preparations for Mia's soccer tournament going?
    family | daughter Mia, soccer tournament in May | - | 2026-04-10 | 2027-06-03 | How is Mia doing?
    family | his son's first marathon | - | 2026-11-01 | 2026-11-25 | How did your son's marathon go?
    family | Mia's recital | 2026-12-02 | 2026-11-01 | 2026-11-25 | How are the preparations for Mia's recital going?
    life_event | moving to Austin | - | 2026-11-01 | 2026-11-25 | How is the move to Austin going?
    life_event | just moved to New York City | - | 2026-11-01 | 2026-11-25 | How did the move to New York City go?
    life_event | Wedding in Lisbon | 2026-12-12 | 2026-01-01 | 2026-11-25 | How are the preparations for the wedding going?
    life_event | Wedding in Lisbon | 2026-10-12 | 2026-01-01 | 2026-11-25 | How did the wedding go?
    life_event | Wedding in Lisbon | 2024-10-12 | 2024-01-01 | 2026-11-25 | -
    hobby | Rock climbing | - | 2026-11-01 | 2026-11-25 | Have you had much time for rock climbing lately?
    hometown | Portland | - | 2026-11-01 | 2026-11-25 | Have you been back to Portland lately?
    school | MIT | - | 2026-11-01 | 2026-11-25 | -
    other | likes long walks, owns three bikes and a kayak | - | 2026-11-01 | 2026-11-25 | -
";

    #[test]
    fn questions_from_facts() {
        for line in QUESTIONS.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let f: Vec<&str> = line.split(" | ").collect();
            let on = (f[2] != "-").then(|| d(f[2]));
            let category = FactCategory::parse(f[0]).unwrap();
            let fact = Fact {
                id: 1,
                category,
                text: f[1].into(),
                on,
                recorded_on: d(f[3]),
            };
            let expected = (f[5] != "-").then_some(f[5]);
            assert_eq!(
                question_from_fact(&fact, d(f[4])).as_deref(),
                expected,
                "{line}"
            );
        }
    }

    #[test]
    fn best_question_prefers_timely_facts() {
        let today = d("2026-11-25");
        let facts = vec![
            fact(FactCategory::Hobby, "sailing", None, "2026-11-20"),
            fact(
                FactCategory::LifeEvent,
                "half marathon",
                Some("2026-11-15"),
                "2026-09-01",
            ),
        ];
        assert_eq!(
            best_question(&facts, today).as_deref(),
            Some("How did the half marathon go?")
        );
        assert_eq!(best_question(&[], today), None);
    }

    #[test]
    fn family_members_and_what_they_do() {
        let today = d("2026-11-25");
        for (text, question) in [
            (
                "daughter Mia plays soccer",
                Some("How is Mia's soccer going?"),
            ),
            (
                "daughter Mia plays the piano on Sundays",
                Some("How is Mia's piano going?"),
            ),
            (
                "son Leo started college",
                Some("How is Leo finding college?"),
            ),
            (
                "son Leo joined a swim team",
                Some("How is Leo finding the swim team?"),
            ),
            ("son Leo started at Acme", Some("How is Leo doing?")),
            ("wife Ana loves dogs", Some("How is Ana doing?")),
            (
                "his son plays chess",
                Some("How is your son's chess going?"),
            ),
            ("two kids", Some("How are your kids?")),
            ("loves dogs", None),
        ] {
            let f = fact(FactCategory::Family, text, None, "2026-11-01");
            assert_eq!(question_from_fact(&f, today).as_deref(), question, "{text}");
        }
    }

    #[test]
    fn a_fact_naming_two_people_is_two_parts() {
        let f = fact(
            FactCategory::Family,
            "daughter Mia plays soccer, son Leo started college",
            None,
            "2026-11-01",
        );
        let parts: Vec<String> = per_person(&f).into_iter().map(|p| p.text).collect();
        assert_eq!(
            parts,
            ["daughter Mia plays soccer", "son Leo started college"]
        );
        let one = fact(
            FactCategory::Family,
            "daughter Mia, soccer tournament in May",
            None,
            "2026-04-10",
        );
        assert_eq!(per_person(&one), vec![one.clone()]);
        assert_eq!(
            questions(&[f], d("2026-11-25"), 5),
            ["How is Mia's soccer going?", "How is Leo finding college?"]
        );
    }

    proptest! {
        #[test]
        fn questions_never_panic(text in "\\PC{0,60}", cat in 0usize..8, off in -400i64..400) {
            let today = d("2026-11-25");
            let f = Fact {
                id: 1,
                category: FactCategory::ALL[cat],
                text,
                on: today.checked_add_signed(chrono::Duration::days(off)),
                recorded_on: d("2026-01-01"),
            };
            let _ = question_from_fact(&f, today);
        }
    }
}
