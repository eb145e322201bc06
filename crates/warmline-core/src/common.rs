//! What you share with a person (SPEC §1, "Make genuine connections"; `warmline common`).
//!
//! People write the same school, town or employer in many ways: "U of Oregon",
//! "Univ. of Oregon" and "University of Oregon" are one place, "Portland, OR" is
//! "Portland, Oregon", "Acme Inc." is "ACME". Each text is reduced to a key: folded (case,
//! accents, punctuation), abbreviations expanded, filler words ("of", "the", "Inc")
//! dropped. Keys then meet by a rule that fits the category:
//! - schools: the same words, or one name with only generic words added ("Stanford" /
//!   "Stanford University"), or an acronym ("MIT"). "Oregon State University" is *not*
//!   "University of Oregon": "state" is a distinguishing word, not filler;
//! - hometowns: one contains the other ("Portland" / "Portland, Oregon");
//! - employers: the same words, or an acronym;
//! - hobbies and interests (compared with each other): stemmed words, one contained in
//!   the other or most words shared ("hiking" / "hiking and camping").
//!
//! Family details are never "shared": your daughter and theirs are not common ground in
//! the sense that a school is, and a brief should not suggest it.

use serde::Serialize;

use crate::matching::terms;
use crate::paths::PersonRef;
use crate::person::FactCategory;
use crate::text::words;

/// One thing you have in common: `{category, value}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SharedItem {
    pub category: FactCategory,
    pub value: String,
}

/// `common PERSON` output: `{person, shared[{category, value}]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Common {
    pub person: PersonRef,
    pub shared: Vec<SharedItem>,
}

/// The categories in which two people can share something.
pub const SHARED_CATEGORIES: [FactCategory; 5] = [
    FactCategory::Hometown,
    FactCategory::School,
    FactCategory::Hobby,
    FactCategory::Interest,
    FactCategory::WorkHistory,
];

pub fn is_shared_category(c: FactCategory) -> bool {
    SHARED_CATEGORIES.contains(&c)
}

/// Abbreviations people use in names of schools, places and employers.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("acad", "academy"),
    ("cc", "community college"),
    ("centre", "center"),
    ("coll", "college"),
    ("ctr", "center"),
    ("ft", "fort"),
    ("hs", "high school"),
    ("inst", "institute"),
    ("intl", "international"),
    ("mt", "mount"),
    ("natl", "national"),
    ("nyc", "new york city"),
    ("poly", "polytechnic"),
    ("sci", "science"),
    ("tech", "technology"),
    ("u", "university"),
    ("uni", "university"),
    ("univ", "university"),
];

/// US state codes, expanded when they end a place name ("Austin, TX").
const STATES: &[(&str, &str)] = &[
    ("ak", "alaska"),
    ("al", "alabama"),
    ("ar", "arkansas"),
    ("az", "arizona"),
    ("ca", "california"),
    ("co", "colorado"),
    ("ct", "connecticut"),
    ("dc", "district columbia"),
    ("de", "delaware"),
    ("fl", "florida"),
    ("ga", "georgia"),
    ("hi", "hawaii"),
    ("ia", "iowa"),
    ("id", "idaho"),
    ("il", "illinois"),
    ("in", "indiana"),
    ("ks", "kansas"),
    ("ky", "kentucky"),
    ("la", "louisiana"),
    ("ma", "massachusetts"),
    ("md", "maryland"),
    ("me", "maine"),
    ("mi", "michigan"),
    ("mn", "minnesota"),
    ("mo", "missouri"),
    ("ms", "mississippi"),
    ("mt", "montana"),
    ("nc", "north carolina"),
    ("nd", "north dakota"),
    ("ne", "nebraska"),
    ("nh", "new hampshire"),
    ("nj", "new jersey"),
    ("nm", "new mexico"),
    ("nv", "nevada"),
    ("ny", "new york"),
    ("oh", "ohio"),
    ("ok", "oklahoma"),
    ("or", "oregon"),
    ("pa", "pennsylvania"),
    ("ri", "rhode island"),
    ("sc", "south carolina"),
    ("sd", "south dakota"),
    ("tn", "tennessee"),
    ("tx", "texas"),
    ("ut", "utah"),
    ("va", "virginia"),
    ("vt", "vermont"),
    ("wa", "washington"),
    ("wi", "wisconsin"),
    ("wv", "west virginia"),
    ("wy", "wyoming"),
];

/// Filler in names: "University *of* Oregon", "*The* Ohio State University".
const FILLER: &[&str] = &["a", "an", "and", "at", "de", "for", "in", "of", "the"];
/// Legal forms and lead-ins that do not tell employers apart ("Acme Inc", "worked at Acme").
const ORG_FILLER: &[&str] = &[
    "ag",
    "co",
    "company",
    "corp",
    "corporation",
    "ex",
    "formerly",
    "gmbh",
    "inc",
    "incorporated",
    "limited",
    "llc",
    "llp",
    "ltd",
    "plc",
    "previously",
    "was",
    "work",
    "worked",
    "works",
];
/// Words any school name may add without becoming another school.
const SCHOOL_GENERIC: &[&str] = &["college", "institute", "school", "university"];

/// A text reduced for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    /// Distinct words, in order of first appearance.
    words: Vec<String>,
    /// The first letters of the words, for acronyms ("mit").
    initials: String,
}

fn expand(category: FactCategory, text: &str) -> Vec<String> {
    let mut raw = words(text);
    if category == FactCategory::Hometown {
        // "Austin, TX, USA": the country adds nothing, the state code should read as the
        // state it names.
        while raw.len() > 1 && matches!(raw.last().map(String::as_str), Some("usa" | "us")) {
            raw.pop();
        }
    }
    let last = raw.len().saturating_sub(1);
    let mut out = Vec::new();
    for (i, w) in raw.iter().enumerate() {
        let state = STATES.iter().find(|(code, _)| code == w);
        let long = match (w.as_str(), state) {
            (_, Some((_, name))) if category == FactCategory::Hometown && i == last && i > 0 => {
                *name
            }
            // "St. Olaf", "St Louis" — but "Ohio St" is Ohio State.
            ("st", _) if i == 0 => "saint",
            ("st", _) if category == FactCategory::School => "state",
            _ => ABBREVIATIONS
                .iter()
                .find(|(short, _)| short == w)
                .map_or(w.as_str(), |(_, long)| *long),
        };
        out.extend(long.split(' ').map(str::to_string));
    }
    out
}

fn key(category: FactCategory, text: &str) -> Key {
    let raw: Vec<String> = match category {
        // Activities are compared by stem: "hiking" meets "hike".
        FactCategory::Hobby | FactCategory::Interest => terms(text),
        _ => expand(category, text),
    };
    let mut words: Vec<String> = Vec::new();
    for w in raw {
        let filler = FILLER.contains(&w.as_str())
            || (category == FactCategory::WorkHistory && ORG_FILLER.contains(&w.as_str()));
        if !filler && !words.contains(&w) {
            words.push(w);
        }
    }
    let initials = words.iter().filter_map(|w| w.chars().next()).collect();
    Key { words, initials }
}

/// The comparable words of a text in a category (exposed for search and tests).
pub fn normalise(category: FactCategory, text: &str) -> Vec<String> {
    key(category, text).words
}

/// `small`'s words all in `big`, and what `big` adds.
fn contained<'k>(small: &Key, big: &'k Key) -> Option<Vec<&'k str>> {
    if small.words.is_empty() || !small.words.iter().all(|w| big.words.contains(w)) {
        return None;
    }
    Some(
        big.words
            .iter()
            .filter(|w| !small.words.contains(w))
            .map(String::as_str)
            .collect(),
    )
}

fn jaccard(a: &Key, b: &Key) -> f64 {
    let both = a.words.iter().filter(|w| b.words.contains(w)).count();
    let either = a.words.len() + b.words.len() - both;
    if either == 0 {
        0.0
    } else {
        both as f64 / either as f64
    }
}

/// One side is a single word spelling the other's initials ("MIT", "UCLA").
fn acronym(a: &Key, b: &Key) -> bool {
    let is =
        |x: &Key, y: &Key| x.words.len() == 1 && y.words.len() >= 2 && x.words[0] == y.initials;
    is(a, b) || is(b, a)
}

/// Whether two keys of one category name the same thing.
fn keys_meet(category: FactCategory, a: &Key, b: &Key) -> bool {
    if a.words.is_empty() || b.words.is_empty() {
        return false;
    }
    let (small, big) = if a.words.len() <= b.words.len() {
        (a, b)
    } else {
        (b, a)
    };
    match category {
        FactCategory::School => {
            let only_generic = contained(small, big)
                .is_some_and(|extra| extra.iter().all(|w| SCHOOL_GENERIC.contains(w)));
            let small_is_generic = small
                .words
                .iter()
                .all(|w| SCHOOL_GENERIC.contains(&w.as_str()));
            (only_generic && !small_is_generic) || jaccard(a, b) >= 0.8 || acronym(a, b)
        }
        FactCategory::Hometown => contained(small, big).is_some(),
        FactCategory::WorkHistory => jaccard(a, b) >= 0.8 || acronym(a, b),
        FactCategory::Hobby | FactCategory::Interest => {
            contained(small, big).is_some() || jaccard(a, b) >= 0.5
        }
        _ => false,
    }
}

/// Whether two texts of one category name the same school, town, employer or pastime.
pub fn same(category: FactCategory, a: &str, b: &str) -> bool {
    keys_meet(category, &key(category, a), &key(category, b))
}

#[derive(Debug, Clone)]
struct Item {
    category: FactCategory,
    text: String,
    key: Key,
}

/// One side's comparable details, reduced once so one profile (mine) can be compared
/// with thousands of others cheaply.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    items: Vec<Item>,
}

impl Profile {
    /// From facts (category, text) and the organisations of a work history. Facts of
    /// categories that are never shared are left out.
    pub fn new<'a>(
        facts: impl IntoIterator<Item = (FactCategory, &'a str)>,
        orgs: impl IntoIterator<Item = &'a str>,
    ) -> Profile {
        let all = facts
            .into_iter()
            .chain(orgs.into_iter().map(|o| (FactCategory::WorkHistory, o)));
        let items = all
            .filter(|(c, _)| is_shared_category(*c))
            .map(|(category, text)| Item {
                category,
                text: text.trim().to_string(),
                key: key(category, text),
            })
            .filter(|i| !i.key.words.is_empty())
            .collect();
        Profile { items }
    }
}

/// Hobbies and interests are compared with each other; other categories only with
/// themselves.
fn comparable(a: FactCategory, b: FactCategory) -> bool {
    let pastime = |c| matches!(c, FactCategory::Hobby | FactCategory::Interest);
    a == b || (pastime(a) && pastime(b))
}

/// Which of the two texts to show: the fuller name for places and employers ("University
/// of Oregon" over "U of O"), the common part for pastimes ("hiking", not "hiking and
/// camping").
fn shown<'i>(a: &'i Item, b: &'i Item) -> &'i Item {
    let pastime = matches!(a.category, FactCategory::Hobby | FactCategory::Interest);
    let a_first = if pastime {
        a.key.words.len() <= b.key.words.len()
    } else {
        (a.key.words.len(), a.text.len()) >= (b.key.words.len(), b.text.len())
    };
    if a_first { a } else { b }
}

fn push_unique(out: &mut Vec<SharedItem>, item: &Item) {
    let new = SharedItem {
        category: item.category,
        value: item.text.clone(),
    };
    let dup = out
        .iter()
        .any(|s| comparable(s.category, new.category) && same(s.category, &s.value, &new.value));
    if !dup {
        out.push(new);
    }
}

/// What two people share, ordered by category then value, each thing once.
pub fn shared(mine: &Profile, theirs: &Profile) -> Vec<SharedItem> {
    let mut out = Vec::new();
    for a in &mine.items {
        for b in &theirs.items {
            if comparable(a.category, b.category) && keys_meet(a.category, &a.key, &b.key) {
                push_unique(&mut out, shown(a, b));
            }
        }
    }
    out.sort_by(|x, y| (x.category, &x.value).cmp(&(y.category, &y.value)));
    out
}

/// `common --category C --value V` for one person: their details in that category that
/// match the value (empty for categories that are never shared).
pub fn find_value(theirs: &Profile, category: FactCategory, value: &str) -> Vec<SharedItem> {
    let probe = Item {
        category,
        text: value.trim().to_string(),
        key: key(category, value),
    };
    let mut out = Vec::new();
    for b in &theirs.items {
        if comparable(category, b.category) && keys_meet(category, &probe.key, &b.key) {
            push_unique(&mut out, b);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use FactCategory::*;

    #[test]
    fn school_names_normalise_to_one_key() {
        let forms = [
            "U of Oregon",
            "Univ. of Oregon",
            "University of Oregon",
            "UNIVERSITY OF OREGON",
        ];
        for f in forms {
            assert_eq!(normalise(School, f), vec!["university", "oregon"], "{f}");
            assert!(same(School, f, "University of Oregon"), "{f}");
        }
        assert!(!same(
            School,
            "Oregon State University",
            "University of Oregon"
        ));
        assert!(same(School, "Ohio St.", "Ohio State"));
        assert!(same(School, "Stanford", "Stanford University"));
        assert!(!same(School, "University", "Stanford University"));
        assert!(same(School, "MIT", "Massachusetts Institute of Technology"));
        assert!(same(School, "St. Olaf College", "Saint Olaf College"));
    }

    #[test]
    fn hometowns_employers_and_pastimes_meet() {
        assert!(same(Hometown, "Portland, OR", "Portland, Oregon"));
        assert!(same(Hometown, "Portland", "Portland, Oregon"));
        assert!(same(Hometown, "Austin, TX, USA", "austin texas"));
        assert!(!same(Hometown, "Portland, Maine", "Portland, Oregon"));
        assert!(same(WorkHistory, "Acme Inc.", "ACME"));
        assert!(same(WorkHistory, "worked at Globex", "Globex Corporation"));
        assert!(!same(WorkHistory, "Bank of America", "Bank of the West"));
        assert!(same(Hobby, "hiking", "Hiking and camping"));
        assert!(same(Interest, "rock climbing", "climbing"));
        assert!(!same(Family, "daughter Mia", "daughter Mia"));
    }

    #[test]
    fn shared_lists_each_common_thing_once() {
        let me = Profile::new(
            [
                (School, "Univ. of Oregon"),
                (Hometown, "Boise, ID"),
                (Hobby, "hiking"),
                (Family, "two kids"),
            ],
            ["Acme Inc", "Initech"],
        );
        let them = Profile::new(
            [
                (School, "University of Oregon"),
                (School, "U of Oregon"),
                (Hometown, "Seattle"),
                (Interest, "hiking and trail running"),
                (Family, "two kids"),
            ],
            ["ACME"],
        );
        let got = shared(&me, &them);
        let want = [
            (School, "University of Oregon"),
            (Hobby, "hiking"),
            (WorkHistory, "Acme Inc"),
        ];
        let got: Vec<(FactCategory, &str)> =
            got.iter().map(|s| (s.category, s.value.as_str())).collect();
        let mut want = want.to_vec();
        want.sort();
        assert_eq!(got, want);
    }

    #[test]
    fn find_value_tests_one_persons_details() {
        let them = Profile::new(
            [(School, "University of Oregon"), (Hobby, "soccer")],
            ["Nike"],
        );
        assert_eq!(
            find_value(&them, School, "U of Oregon")[0].value,
            "University of Oregon"
        );
        assert_eq!(find_value(&them, WorkHistory, "nike, inc.").len(), 1);
        assert!(find_value(&them, School, "Oregon State").is_empty());
        assert!(find_value(&them, Family, "soccer").is_empty());
    }
}
