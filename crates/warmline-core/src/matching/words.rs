//! The words of needs and offers: folding, stop words, the stemmer, and the context words
//! that surround what someone needs or offers without saying what it is.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::text::words;

/// Words that carry no topic, including the words that say *that* someone wants
/// something rather than *what* ("looking for", "need"). Sorted, so the words of one first letter sit together.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "advice",
    "an",
    "and",
    "any",
    "anyone",
    "are",
    "as",
    "at",
    "be",
    "but",
    "by",
    "can",
    "could",
    "d",
    "do",
    "find",
    "finding",
    "for",
    "from",
    "get",
    "has",
    "have",
    "he",
    "help",
    "helping",
    "her",
    "his",
    "hoping",
    "i",
    "in",
    "interested",
    "into",
    "intro",
    "introduction",
    "introductions",
    "is",
    "it",
    "its",
    "ll",
    "looking",
    "m",
    "me",
    "my",
    "need",
    "needed",
    "needs",
    "of",
    "on",
    "or",
    "our",
    "re",
    "s",
    "seeking",
    "she",
    "so",
    "some",
    "someone",
    "t",
    "that",
    "the",
    "their",
    "them",
    "they",
    "this",
    "to",
    "us",
    "ve",
    "want",
    "wanted",
    "wants",
    "was",
    "we",
    "who",
    "will",
    "with",
    "would",
    "you",
    "your",
];

/// Is this folded word too common to say anything about a topic?
pub fn is_stop_word(word: &str) -> bool {
    // Every word of every text passes here. No stop word is longer than this, and most
    // topic words are; the rest compare only with the stop words of their first letter.
    let Some(&first) = word.as_bytes().first() else {
        return false;
    };
    if word.len() > LONGEST_STOP_WORD {
        return false;
    }
    let from = STOP_WORDS.partition_point(|w| w.as_bytes()[0] < first);
    STOP_WORDS[from..]
        .iter()
        .take_while(|w| w.as_bytes()[0] == first)
        .any(|w| *w == word)
}

/// The length of the longest entry in [`STOP_WORDS`].
const LONGEST_STOP_WORD: usize = 13;

/// Suffix rules tried longest first; the first that leaves a plausible stem wins.
const SUFFIXES: &[(&str, &str)] = &[
    ("ational", "ate"),
    ("ization", "ize"),
    ("ations", "ate"),
    ("ation", "ate"),
    ("ments", ""),
    ("ment", ""),
    ("ness", ""),
    ("ings", ""),
    ("ing", ""),
    ("sses", "ss"),
    ("ies", "y"),
    ("ied", "y"),
    ("ers", ""),
    ("er", ""),
    ("ed", ""),
    ("es", ""),
    ("s", ""),
    ("y", ""),
];

fn has_vowel(s: &str) -> bool {
    s.bytes().any(|b| b"aeiouy".contains(&b))
}

/// Strips one suffix. On a second round plurals are left alone: "releases" → "releas"
/// must not go on to "relea", since "release" (no suffix) only loses its final e.
fn strip_once(word: &str, second: bool) -> Option<String> {
    for &(suffix, replacement) in SUFFIXES {
        if second && matches!(suffix, "s" | "es") {
            continue;
        }
        let Some(stem) = word.strip_suffix(suffix) else {
            continue;
        };
        // "status", "analysis", "class" are not plurals.
        if suffix == "s" && (stem.ends_with('s') || stem.ends_with('u') || stem.ends_with('i')) {
            continue;
        }
        if stem.len() < 3 || !has_vowel(stem) {
            continue;
        }
        let mut out = format!("{stem}{replacement}");
        // "planning" → "plann" → "plan"; f, l, s and z double in the base word ("staff").
        let b = out.as_bytes();
        let n = b.len();
        if matches!(suffix, "ing" | "ings" | "ed" | "er" | "ers")
            && n >= 2
            && b[n - 1] == b[n - 2]
            && !b"aeiouflsz".contains(&b[n - 1])
        {
            out.pop();
        }
        return Some(out);
    }
    None
}

/// A light suffix-stripping stemmer. It is not linguistically exact; what matters is
/// that related forms meet: design/designer/designing, hire/hiring/hired,
/// engineer/engineering, company/companies, recruit/recruiter/recruiting.
pub fn stem(word: &str) -> String {
    if word.len() <= 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut w = word.to_string();
    // Two rounds so that a suffix on a suffix folds too ("engineering" → "engineer" →
    // "engine", like "engineer" → "engine").
    for round in 0..2 {
        match strip_once(&w, round > 0) {
            Some(s) => w = s,
            None => break,
        }
    }
    // A final silent e differs between forms ("hire" / "hiring"), so drop it.
    if w.len() > 3 && w.ends_with('e') {
        w.pop();
    }
    w
}

/// The folded, stop-word-free, stemmed terms of a text, in order.
pub fn terms(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .filter(|w| !is_stop_word(w))
        .map(|w| stem(&w))
        .collect()
}

/// Words that surround a need or an offer without naming it: who is hiring, that someone
/// is open to work, when, how keen. "A UX designer for the mobile app, we're hiring" and
/// "UX designer, open to new work" share their specific words (`ux`, `design`); their
/// context words must not count against the match, nor make one on their own ("new job in
/// marketing" and "new work in accounting" share only `new` and `work`). Folded, unstemmed
/// forms, sorted.
const CONTEXT_WORDS: &[&str] = &[
    "able",
    "also",
    "anything",
    "april",
    "area",
    "asap",
    "august",
    "available",
    "connect",
    "connected",
    "connecting",
    "currently",
    "december",
    "eager",
    "excited",
    "experience",
    "experienced",
    "february",
    "field",
    "free",
    "freelance",
    "friday",
    "full",
    "glad",
    "good",
    "great",
    "happy",
    "hire",
    "hired",
    "hires",
    "hiring",
    "industry",
    "introduce",
    "introduced",
    "introducing",
    "january",
    "job",
    "jobs",
    "july",
    "june",
    "just",
    "know",
    "knows",
    "local",
    "look",
    "lot",
    "love",
    "march",
    "may",
    "meet",
    "monday",
    "month",
    "months",
    "new",
    "next",
    "november",
    "now",
    "october",
    "offer",
    "offering",
    "offers",
    "open",
    "opportunities",
    "opportunity",
    "over",
    "part",
    "people",
    "person",
    "position",
    "positions",
    "really",
    "role",
    "roles",
    "saturday",
    "sector",
    "september",
    "share",
    "soon",
    "start",
    "starting",
    "sunday",
    "team",
    "teams",
    "thursday",
    "time",
    "tuesday",
    "very",
    "wednesday",
    "week",
    "weekend",
    "weekends",
    "weeks",
    "well",
    "willing",
    "work",
    "working",
    "works",
    "year",
    "years",
];

/// The stems of [`CONTEXT_WORDS`], so that every form of one is context ("Tuesdays").
fn context_stems() -> &'static HashSet<String> {
    static STEMS: OnceLock<HashSet<String>> = OnceLock::new();
    STEMS.get_or_init(|| CONTEXT_WORDS.iter().map(|w| stem(w)).collect())
}

/// Is this folded word context around a need or an offer rather than its topic?
pub fn is_context_word(word: &str) -> bool {
    CONTEXT_WORDS.binary_search(&word).is_ok() || context_stems().contains(&stem(word))
}

/// The terms that say what a need or an offer is about: [`terms`] without the context
/// words.
pub fn specific_terms(text: &str) -> Vec<String> {
    let context = context_stems();
    words(text)
        .into_iter()
        .filter(|w| !is_stop_word(w))
        .map(|w| stem(&w))
        .filter(|t| !context.contains(t))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(
            STOP_WORDS.iter().map(|w| w.len()).max(),
            Some(LONGEST_STOP_WORD)
        );
    }

    #[test]
    fn related_forms_share_a_stem() {
        for group in [
            &["design", "designer", "designers", "designing"][..],
            &["hire", "hiring", "hired"],
            &["engineer", "engineering", "engineers"],
            &["company", "companies"],
            &["recruit", "recruiter", "recruiting"],
            &["plan", "planning", "planner"],
            &["staff", "staffing"],
            &["release", "releases", "released"],
            &["phase", "phases"],
        ] {
            let stems: HashSet<String> = group.iter().map(|w| stem(w)).collect();
            assert_eq!(stems.len(), 1, "{group:?} → {stems:?}");
        }
        assert_eq!(stem("status"), "status");
        assert_eq!(stem("ux"), "ux");
        assert_eq!(terms("Hiring a UX Designer!"), vec!["hir", "ux", "design"]);
        assert_eq!(terms("we're hiring"), vec!["hir"]);
    }

    #[test]
    fn context_words_are_sorted_and_left_out_of_specific_terms() {
        assert!(CONTEXT_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(CONTEXT_WORDS.iter().all(|w| !is_stop_word(w)));
        assert_eq!(
            specific_terms("a UX designer for the mobile app, we're hiring"),
            vec!["ux", "design", "mobil", "app"]
        );
        assert_eq!(
            specific_terms("UX designer, open to new work"),
            vec!["ux", "design"]
        );
        assert!(specific_terms("open to new work").is_empty());
        assert!(specific_terms("on Tuesdays, hiring soon").is_empty());
    }
}
