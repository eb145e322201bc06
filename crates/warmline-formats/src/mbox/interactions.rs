//! From messages to email interactions: one per thread per day per contact.
//!
//! Which addresses are contacts is the caller's knowledge (the database), so it comes in
//! as a predicate. Keys already emitted are remembered as 128-bit digests, sixteen bytes
//! each, so memory grows by little with the number of interactions and not with the
//! file. Direction comes from the first message of that
//! thread, day and contact in file order (Takeout writes messages roughly by date).

use std::collections::{HashSet, VecDeque};
use std::hash::{Hash, Hasher};

use warmline_core::interaction::{Direction, Kind};

use super::{MailAddress, MailMessage};
use crate::error::Result;
use crate::record::{InteractionRecord, InteractionSource, Me, Participant};

const SUMMARY_CHARS: usize = 140;

/// What the conversion saw, for the import report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmailStats {
    pub messages: u64,
    /// Messages without any readable date (skipped).
    pub undated: u64,
    /// Distinct addresses on messages that are neither mine nor a contact's.
    pub unknown_addresses: u64,
}

/// Turns messages into interactions with known contacts.
pub fn email_interactions<'m, I, F>(
    messages: I,
    me: &'m Me,
    is_contact: F,
) -> EmailInteractions<'m, I, F>
where
    I: Iterator<Item = Result<MailMessage>>,
    F: FnMut(&str) -> bool,
{
    EmailInteractions {
        messages,
        me,
        is_contact,
        seen: HashSet::new(),
        unknown: HashSet::new(),
        pending: VecDeque::new(),
        stats: EmailStats::default(),
    }
}

pub struct EmailInteractions<'m, I, F> {
    messages: I,
    me: &'m Me,
    is_contact: F,
    seen: HashSet<u128>,
    unknown: HashSet<u128>,
    pending: VecDeque<InteractionRecord>,
    stats: EmailStats,
}

impl<I, F> EmailInteractions<'_, I, F>
where
    I: Iterator<Item = Result<MailMessage>>,
    F: FnMut(&str) -> bool,
{
    /// Counts so far (complete once the iterator is exhausted).
    pub fn stats(&self) -> EmailStats {
        EmailStats {
            unknown_addresses: self.unknown.len() as u64,
            ..self.stats.clone()
        }
    }

    fn take(&mut self, m: MailMessage) {
        self.stats.messages += 1;
        let Some(on) = m.date else {
            self.stats.undated += 1;
            return;
        };
        let from_me = m
            .from
            .as_ref()
            .is_some_and(|f| self.me.is_my_email(&f.email));
        let direction = if from_me {
            Direction::Outbound
        } else {
            Direction::Inbound
        };
        let summary = if m.subject.is_empty() {
            "(no subject)".to_string()
        } else {
            crate::text::shorten(&m.subject, SUMMARY_CHARS)
        };
        let everyone = m.from.iter().chain(&m.to).chain(&m.cc);
        let mut on_this: Vec<&MailAddress> = Vec::new();
        for a in everyone {
            if !self.me.is_my_email(&a.email) && !on_this.iter().any(|b| b.email == a.email) {
                on_this.push(a);
            }
        }
        for a in on_this {
            if !(self.is_contact)(&a.email) {
                self.unknown.insert(digest(&a.email));
                continue;
            }
            let key = format!("mbox:{}:{on}:{}", m.thread, a.email);
            if !self.seen.insert(digest(&key)) {
                continue;
            }
            self.pending.push_back(InteractionRecord {
                line: m.line,
                on,
                kind: Kind::Email,
                direction,
                summary: summary.clone(),
                participants: vec![Participant {
                    name: a.name.clone(),
                    email: Some(a.email.clone()),
                    linkedin: None,
                }]
                .into(),
                source: InteractionSource::Mbox,
                source_key: key,
                moves_with: None,
            });
        }
    }
}

/// A 128-bit digest of a key: two SipHash runs with different fixed keys. Two distinct
/// keys among a million collide with odds of about one in 10^26, far below any other
/// failure, and a digest takes sixteen bytes where the key took a hundred.
fn digest(key: &str) -> u128 {
    let half = |salt: u8| {
        let mut h = std::hash::DefaultHasher::new();
        salt.hash(&mut h);
        key.hash(&mut h);
        h.finish()
    };
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

impl<I, F> Iterator for EmailInteractions<'_, I, F>
where
    I: Iterator<Item = Result<MailMessage>>,
    F: FnMut(&str) -> bool,
{
    type Item = Result<InteractionRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(r) = self.pending.pop_front() {
                return Some(Ok(r));
            }
            match self.messages.next()? {
                Ok(m) => self.take(m),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn addr(e: &str) -> MailAddress {
        MailAddress {
            name: None,
            email: e.to_string(),
        }
    }

    fn msg(line: u64, day: u32, from: &str, to: &[&str], thread: &str) -> Result<MailMessage> {
        Ok(MailMessage {
            line,
            date: NaiveDate::from_ymd_opt(2026, 11, day),
            from: Some(addr(from)),
            to: to.iter().map(|t| addr(t)).collect(),
            cc: Vec::new(),
            subject: "Hello".into(),
            thread: thread.into(),
        })
    }

    #[test]
    fn one_per_thread_day_and_contact() {
        let me = Me::new(["me@x.com"], Vec::<String>::new());
        let msgs = vec![
            msg(1, 11, "ada@x.com", &["me@x.com", "stranger@y.com"], "gm:1"),
            msg(9, 11, "me@x.com", &["ada@x.com"], "gm:1"),
            msg(20, 12, "me@x.com", &["ada@x.com", "bob@x.com"], "gm:1"),
        ];
        let known = ["ada@x.com", "bob@x.com"];
        let mut it = email_interactions(msgs.into_iter(), &me, |e| known.contains(&e));
        let got: Vec<InteractionRecord> = it.by_ref().map(|r| r.unwrap()).collect();
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].direction, Direction::Inbound);
        assert_eq!(got[0].source_key, "mbox:gm:1:2026-11-11:ada@x.com");
        assert_eq!(got[1].direction, Direction::Outbound);
        assert_eq!(got[2].participants[0].email.as_deref(), Some("bob@x.com"));
        assert_eq!(it.stats().unknown_addresses, 1);
        assert_eq!(it.stats().messages, 3);
    }
}
