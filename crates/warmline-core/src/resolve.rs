//! Naming a person the way people do: by id, email, exact name, or an unambiguous part of
//! the name, ignoring case and accents ("zoe" finds "Zoë").

use std::fmt;

use crate::person::PersonId;
use crate::text::fold;

/// What resolution needs to know of each person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: PersonId,
    pub name: String,
    pub org: Option<String>,
    pub emails: Vec<String>,
}

/// Why a name did not lead to exactly one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    NotFound {
        query: String,
        suggestions: Vec<Candidate>,
    },
    Ambiguous {
        query: String,
        candidates: Vec<Candidate>,
    },
}

fn describe(c: &Candidate) -> String {
    match &c.org {
        Some(org) if !org.is_empty() => format!("{} ({}, #{})", c.name, org, c.id),
        _ => format!("{} (#{})", c.name, c.id),
    }
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::NotFound { query, suggestions } if suggestions.is_empty() => {
                write!(f, "no one named '{query}'")
            }
            ResolveError::NotFound { query, suggestions } => {
                let names: Vec<String> = suggestions.iter().map(describe).collect();
                write!(
                    f,
                    "no one named '{query}' — did you mean {}?",
                    join_or(&names)
                )
            }
            ResolveError::Ambiguous { query, candidates } => {
                const SHOWN: usize = 8;
                let mut names: Vec<String> = candidates.iter().take(SHOWN).map(describe).collect();
                if candidates.len() > SHOWN {
                    names.push(format!("{} more", candidates.len() - SHOWN));
                }
                write!(
                    f,
                    "'{query}' could be {}: say more of the name, or use the id",
                    join_or(&names)
                )
            }
        }
    }
}

impl std::error::Error for ResolveError {}

/// Finds the one person `query` names among `candidates`.
pub fn resolve(query: &str, candidates: &[Candidate]) -> Result<PersonId, ResolveError> {
    let q = query.trim().trim_start_matches('#');
    if let Ok(id) = q.parse::<PersonId>()
        && candidates.iter().any(|c| c.id == id)
    {
        return Ok(id);
    }
    if q.contains('@') {
        let hits: Vec<&Candidate> = candidates
            .iter()
            .filter(|c| c.emails.iter().any(|e| e.eq_ignore_ascii_case(q)))
            .collect();
        return pick(query, hits, Vec::new());
    }
    let fq = fold(q);
    if fq.is_empty() {
        return Err(ResolveError::NotFound {
            query: query.to_string(),
            suggestions: Vec::new(),
        });
    }
    let folded: Vec<(String, &Candidate)> = candidates.iter().map(|c| (fold(&c.name), c)).collect();

    let exact: Vec<&Candidate> = folded
        .iter()
        .filter(|(n, _)| *n == fq)
        .map(|(_, c)| *c)
        .collect();
    if !exact.is_empty() {
        return pick(query, exact, Vec::new());
    }

    let qwords: Vec<&str> = fq.split(' ').collect();
    let by_word_prefix: Vec<&Candidate> = folded
        .iter()
        .filter(|(n, _)| {
            let nwords: Vec<&str> = n.split(' ').collect();
            qwords
                .iter()
                .all(|q| nwords.iter().any(|w| w.starts_with(q)))
        })
        .map(|(_, c)| *c)
        .collect();
    if !by_word_prefix.is_empty() {
        return pick(query, by_word_prefix, Vec::new());
    }

    let by_substring: Vec<&Candidate> = folded
        .iter()
        .filter(|(n, _)| n.contains(&fq))
        .map(|(_, c)| *c)
        .collect();
    if !by_substring.is_empty() {
        return pick(query, by_substring, Vec::new());
    }
    pick(query, Vec::new(), suggestions(&fq, &folded))
}

fn pick(
    query: &str,
    mut hits: Vec<&Candidate>,
    suggestions: Vec<Candidate>,
) -> Result<PersonId, ResolveError> {
    match hits.len() {
        1 => Ok(hits[0].id),
        0 => Err(ResolveError::NotFound {
            query: query.to_string(),
            suggestions,
        }),
        _ => {
            hits.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
            Err(ResolveError::Ambiguous {
                query: query.to_string(),
                candidates: hits.into_iter().cloned().collect(),
            })
        }
    }
}

/// The closest few names by string similarity, whole name or any single word.
fn suggestions(fq: &str, folded: &[(String, &Candidate)]) -> Vec<Candidate> {
    let mut scored: Vec<(f64, &Candidate)> = folded
        .iter()
        .map(|(n, c)| {
            let whole = strsim::jaro_winkler(fq, n);
            let best_word = n
                .split(' ')
                .map(|w| strsim::jaro_winkler(fq, w))
                .fold(0.0_f64, f64::max);
            (whole.max(best_word), *c)
        })
        .filter(|(s, _)| *s >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.name.cmp(&b.1.name)));
    scored.into_iter().take(3).map(|(_, c)| c.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> Vec<Candidate> {
        let mk = |id, name: &str, org: Option<&str>, email: &str| Candidate {
            id,
            name: name.into(),
            org: org.map(Into::into),
            emails: if email.is_empty() {
                vec![]
            } else {
                vec![email.into()]
            },
        };
        vec![
            mk(1, "Dana Lee", Some("Acme"), "dana@acme.com"),
            mk(2, "Dana Smith", Some("Initech"), ""),
            mk(3, "Zoë Kravitz", None, ""),
            mk(4, "Tom Dana", None, ""),
            mk(5, "Ada", None, ""),
            mk(6, "Ada Lovelace", None, "ada@example.com"),
        ]
    }

    #[test]
    fn by_id_email_and_exact_name() {
        let p = people();
        assert_eq!(resolve("2", &p), Ok(2));
        assert_eq!(resolve("#2", &p), Ok(2));
        assert_eq!(resolve("DANA@ACME.COM", &p), Ok(1));
        // "Ada" is exactly one person even though it is also part of "Ada Lovelace".
        assert_eq!(resolve("ada", &p), Ok(5));
    }

    #[test]
    fn accents_and_fragments() {
        let p = people();
        assert_eq!(resolve("zoe", &p), Ok(3));
        assert_eq!(resolve("kravi", &p), Ok(3));
        assert_eq!(resolve("dana s", &p), Ok(2));
        assert_eq!(resolve("lovel", &p), Ok(6));
    }

    #[test]
    fn ambiguous_lists_candidates_with_orgs() {
        let p = people();
        let err = resolve("dana", &p).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("Dana Lee (Acme, #1)"), "{msg}");
        assert!(msg.contains("Dana Smith (Initech, #2)"), "{msg}");
        assert!(msg.contains("Tom Dana (#4)"), "{msg}");
    }

    #[test]
    fn unknown_suggests_closest() {
        let p = people();
        let msg = resolve("Krawitz", &p).unwrap_err().to_string();
        assert!(msg.starts_with("no one named 'Krawitz'"), "{msg}");
        assert!(msg.contains("Zoë Kravitz"), "{msg}");
        let msg = resolve("nobody@example.com", &p).unwrap_err().to_string();
        assert_eq!(msg, "no one named 'nobody@example.com'");
        assert!(resolve("  ", &p).is_err());
        // An id that names no one is not silently taken as a name.
        assert!(resolve("99", &p).is_err());
    }
}
