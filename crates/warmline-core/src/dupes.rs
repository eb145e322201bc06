//! Likely duplicates: two records of one person, as imports and quick adds leave behind.
//!
//! A pair is reported when the two share an e-mail address or a phone number, have the
//! same name and organisation (or one of them has none), or have similar names and an
//! e-mail domain in common — a work domain: sharing gmail.com says nothing.
//!
//! Adding someone by hand asks a stricter question first ([`likely_same_person`]): is this
//! newcomer someone already here? There the same name alone is enough to ask, since the
//! user can say `--anyway` in a second.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::person::PersonId;
use crate::text::{fold, linkedin_key, phone_key};

/// Similar enough to be the same name written twice ("Jon Smith" / "John Smith").
const SIMILAR: f64 = 0.9;
/// A domain shared by more people than this is compared no further (cost grows with the
/// square of it, and so many colleagues are not what this check is for).
const MAX_DOMAIN_GROUP: usize = 2_000;

/// Where anyone can have an address: sharing one of these is no evidence.
const PUBLIC_DOMAINS: [&str; 16] = [
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.com",
    "gmx.de",
    "fastmail.com",
];

/// What the check needs of a person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DupeCandidate {
    pub id: PersonId,
    pub name: String,
    pub org: Option<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
}

/// Two people who are probably one, the lower id first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DupePair {
    pub a: PersonId,
    pub b: PersonId,
    pub reason: String,
}

fn domain(email: &str) -> Option<String> {
    let d = email.rsplit_once('@')?.1.trim().to_lowercase();
    (!d.is_empty() && !PUBLIC_DOMAINS.contains(&d.as_str())).then_some(d)
}

/// Same words but one, or strings close enough by Jaro-Winkler.
fn similar(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if strsim::jaro_winkler(a, b) >= SIMILAR {
        return true;
    }
    // "Ada Lovelace" and "Ada King Lovelace", or an initial: "A. Lovelace".
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let (Some(la), Some(lb)) = (wa.last(), wb.last()) else {
        return false;
    };
    let (Some(fa), Some(fb)) = (wa.first(), wb.first()) else {
        return false;
    };
    la == lb && wa.len() > 1 && wb.len() > 1 && (fa.starts_with(fb) || fb.starts_with(fa))
}

/// Whether two names are plainly two people: both are names (not an address or a
/// number standing in for one), not similar, and without a word in common. "Ada Lovelace"
/// and "A. Lovelace" or "Lovelace, Ada" may be one person; "Front Desk" and "Ada
/// Lovelace" are not. What shares a phone or an e-mail address is then kept apart.
pub fn names_clearly_differ(a: &str, b: &str) -> bool {
    let is_name = |s: &str| !s.contains('@') && s.chars().any(char::is_alphabetic);
    if !is_name(a) || !is_name(b) {
        return false;
    }
    let (fa, fb) = (fold(a), fold(b));
    if fa.is_empty() || fb.is_empty() || similar(&fa, &fb) {
        return false;
    }
    let words: Vec<&str> = fa.split(' ').filter(|w| w.chars().count() > 1).collect();
    !fb.split(' ')
        .filter(|w| w.chars().count() > 1)
        .any(|w| words.contains(&w))
}

/// Every likely duplicate pair, each once, ordered by the ids.
pub fn likely_duplicates(people: &[DupeCandidate]) -> Vec<DupePair> {
    let mut pairs: BTreeMap<(PersonId, PersonId), String> = BTreeMap::new();
    let mut note = |x: PersonId, y: PersonId, reason: String| {
        if x != y {
            pairs.entry((x.min(y), x.max(y))).or_insert(reason);
        }
    };
    let mut by_email: HashMap<String, Vec<PersonId>> = HashMap::new();
    let mut by_phone: HashMap<String, Vec<PersonId>> = HashMap::new();
    let mut by_name: HashMap<String, Vec<&DupeCandidate>> = HashMap::new();
    let mut by_domain: HashMap<String, Vec<&DupeCandidate>> = HashMap::new();
    for p in people {
        for e in &p.emails {
            by_email
                .entry(e.trim().to_lowercase())
                .or_default()
                .push(p.id);
            if let Some(d) = domain(e) {
                let group = by_domain.entry(d).or_default();
                if !group.iter().any(|q| q.id == p.id) {
                    group.push(p);
                }
            }
        }
        for ph in &p.phones {
            let k = phone_key(ph);
            if k.trim_start_matches('+').len() >= 6 {
                by_phone.entry(k).or_default().push(p.id);
            }
        }
        by_name.entry(fold(&p.name)).or_default().push(p);
    }
    for (email, ids) in &by_email {
        for w in ids.windows(2) {
            note(w[0], w[1], format!("same e-mail address {email}"));
        }
    }
    for ids in by_phone.values() {
        for w in ids.windows(2) {
            note(w[0], w[1], "same phone number".into());
        }
    }
    for group in by_name.values().filter(|g| g.len() > 1) {
        for (i, x) in group.iter().enumerate() {
            for y in &group[i + 1..] {
                let (ox, oy) = (x.org.as_deref().map(fold), y.org.as_deref().map(fold));
                match (ox, oy) {
                    (Some(a), Some(b)) if a == b => {
                        note(x.id, y.id, "same name and organisation".into());
                    }
                    (Some(a), Some(b)) if a != b => {}
                    _ => note(x.id, y.id, "same name".into()),
                }
            }
        }
    }
    for (d, group) in &by_domain {
        if group.len() < 2 || group.len() > MAX_DOMAIN_GROUP {
            continue;
        }
        let names: Vec<String> = group.iter().map(|p| fold(&p.name)).collect();
        for i in 0..group.len() {
            for j in i + 1..group.len() {
                if names[i] != names[j] && similar(&names[i], &names[j]) {
                    note(
                        group[i].id,
                        group[j].id,
                        format!("similar names, both at {d}"),
                    );
                }
            }
        }
    }
    pairs
        .into_iter()
        .map(|((a, b), reason)| DupePair { a, b, reason })
        .collect()
}

/// Who a person about to be added most likely already is, among `existing` (each with
/// their LinkedIn profile), and why: the same e-mail address or LinkedIn profile first,
/// then the same phone number, then the same name (and organisation, when both have one).
/// Ties go to the lowest id.
pub fn likely_same_person(
    new: &DupeCandidate,
    new_linkedin: Option<&str>,
    existing: &[(DupeCandidate, Option<String>)],
) -> Option<(PersonId, String)> {
    let emails: Vec<String> = new.emails.iter().map(|e| e.trim().to_lowercase()).collect();
    let phones: Vec<String> = new
        .phones
        .iter()
        .map(|p| phone_key(p))
        .filter(|k| k.trim_start_matches('+').len() >= 6)
        .collect();
    let linkedin = new_linkedin.map(linkedin_key).filter(|k| !k.is_empty());
    let name = fold(&new.name);
    let org = new.org.as_deref().map(fold).filter(|o| !o.is_empty());
    let mut best: Option<(u8, PersonId, String)> = None;
    for (p, their_linkedin) in existing {
        let email = p
            .emails
            .iter()
            .find(|e| emails.contains(&e.trim().to_lowercase()));
        let same_linkedin =
            linkedin.is_some() && their_linkedin.as_deref().map(linkedin_key) == linkedin;
        let found = if let Some(e) = email {
            (0, format!("same e-mail address {}", e.trim()))
        } else if same_linkedin {
            (0, "same LinkedIn profile".to_string())
        } else if p.phones.iter().any(|ph| phones.contains(&phone_key(ph))) {
            (1, "same phone number".to_string())
        } else if !name.is_empty() && fold(&p.name) == name {
            let theirs = p.org.as_deref().map(fold).filter(|o| !o.is_empty());
            match (&org, &theirs) {
                (Some(a), Some(b)) if a == b => (2, "same name and organisation".to_string()),
                _ => (3, "same name".to_string()),
            }
        } else {
            continue;
        };
        if best
            .as_ref()
            .is_none_or(|(rank, id, _)| (found.0, p.id) < (*rank, *id))
        {
            best = Some((found.0, p.id, found.1));
        }
    }
    best.map(|(_, id, reason)| (id, reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(id: PersonId, name: &str, org: Option<&str>, emails: &[&str]) -> DupeCandidate {
        DupeCandidate {
            id,
            name: name.into(),
            org: org.map(Into::into),
            emails: emails.iter().map(|e| e.to_string()).collect(),
            phones: Vec::new(),
        }
    }

    #[test]
    fn finds_the_kinds_of_duplicate() {
        let people = [
            p(1, "Dana Lee", Some("Acme PR"), &[]),
            p(2, "dana lee", Some("ACME PR"), &[]),
            p(3, "Jon Smith", None, &["jon@initech.com"]),
            p(4, "John Smith", None, &["john.smith@initech.com"]),
            p(5, "Sam Roe", None, &["sam@gmail.com"]),
            p(6, "Sam Rowe", None, &["samrowe@gmail.com"]),
            p(7, "Dana Lee", Some("Other Co"), &[]),
            p(8, "Ada", None, &["x@y.org"]),
            p(9, "Grace", None, &["X@y.org"]),
        ];
        let got = likely_duplicates(&people);
        let reasons: Vec<(PersonId, PersonId, &str)> =
            got.iter().map(|d| (d.a, d.b, d.reason.as_str())).collect();
        assert_eq!(
            reasons,
            vec![
                (1, 2, "same name and organisation"),
                (3, 4, "similar names, both at initech.com"),
                (8, 9, "same e-mail address x@y.org"),
            ]
        );
    }

    #[test]
    fn initials_and_middle_names_are_similar() {
        assert!(similar("a lovelace", "ada lovelace"));
        assert!(similar("ada king lovelace", "ada lovelace"));
        assert!(!similar("ada lovelace", "grace hopper"));
    }

    #[test]
    fn a_newcomer_is_checked_against_everyone_who_shares_a_key() {
        let mut with_phone = p(4, "Bo Chen", None, &[]);
        with_phone.phones = vec!["+1 (555) 010-0100".into()];
        let existing = vec![
            (p(1, "Priya Nair", Some("Acme PR"), &[]), None),
            (p(2, "priya nair", None, &["priya@home.org"]), None),
            (
                p(3, "P. Nair", None, &[]),
                Some("https://www.linkedin.com/in/pnair/".to_string()),
            ),
            (with_phone, None),
        ];
        let check = |name: &str, org: Option<&str>, emails: &[&str], li: Option<&str>| {
            likely_same_person(&p(0, name, org, emails), li, &existing)
        };
        assert_eq!(
            check("Priya Nair", Some("ACME PR"), &[], None),
            Some((1, "same name and organisation".into()))
        );
        assert_eq!(
            check("Priya  Nair", None, &[], None),
            Some((1, "same name".into()))
        );
        assert_eq!(
            check("Someone", None, &["Priya@Home.org"], None),
            Some((2, "same e-mail address priya@home.org".into()))
        );
        assert_eq!(
            check("Someone", None, &[], Some("linkedin.com/in/pnair")),
            Some((3, "same LinkedIn profile".into()))
        );
        let mut phone = p(0, "Robert Chen", None, &[]);
        phone.phones = vec!["+1 555 010 0100".into()];
        assert_eq!(
            likely_same_person(&phone, None, &existing),
            Some((4, "same phone number".into()))
        );
        assert_eq!(check("Grace Hopper", None, &[], None), None);
    }

    #[test]
    fn names_that_clearly_differ() {
        assert!(names_clearly_differ("Front Desk", "Ada Lovelace"));
        assert!(names_clearly_differ("Grace Hopper", "Alan Turing"));
        assert!(!names_clearly_differ("Ada Lovelace", "Lovelace, Ada"));
        assert!(!names_clearly_differ("Ada Lovelace", "A. Lovelace"));
        assert!(!names_clearly_differ("Ada", "Ada King"));
        assert!(!names_clearly_differ("Jon Smith", "John Smith"));
        assert!(!names_clearly_differ("ada@example.com", "Ada Lovelace"));
        assert!(!names_clearly_differ("+1 206 555 0100", "Ada Lovelace"));
    }
}
