//! `messages.csv`: one row per message, turned into one message interaction per
//! conversation per day.
//!
//! Which side is me comes from my LinkedIn URLs when the caller knows them and the file
//! holds one of them. Otherwise it is found in the file: the export is of my inbox, so I
//! am in every conversation; of the participants present in all of them, the ones the
//! caller knows as contacts (the export's own Connections.csv, people already in the
//! book) are not me. One left is me, matched by profile URL, or by name where the file
//! has no URLs; [`Identity::Found`] says who, so the caller can tell the user. More than
//! one left (a single conversation with a stranger) is [`Identity::Unknown`] and nothing
//! is read: a guess could import me as my own contact.
//!
//! Rows are aggregated before anything is yielded (the first message of a day can come last
//! in the file), so memory grows with the number of conversation-days, not with the file.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;

use chrono::{NaiveDate, NaiveDateTime};
use warmline_core::interaction::{Direction, Kind};
use warmline_core::text::{fold, linkedin_key};

use crate::csvrows::{Columns, Rows};
use crate::error::{FormatError, Result};
use crate::record::{InteractionRecord, InteractionSource, Me, Participant};

const MAX_ROWS_BEFORE_HEADER: usize = 20;
const SUMMARY_CHARS: usize = 140;

struct Layout {
    conversation: Option<usize>,
    title: Option<usize>,
    from: Option<usize>,
    sender_url: Option<usize>,
    to: Option<usize>,
    recipient_urls: Option<usize>,
    date: Option<usize>,
    subject: Option<usize>,
    content: Option<usize>,
    draft: Option<usize>,
}

/// One conversation-day being gathered.
struct Day {
    line: u64,
    first_at: NaiveDateTime,
    first_sender: String,
    summary: String,
    people: Vec<(String, Participant)>,
}

/// Who in a `messages.csv` is me, and how that was known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// My recorded LinkedIn profile is in the file (or the file is empty).
    Recorded,
    /// Found in the file: the one participant in every conversation who is not a contact.
    Found(Participant),
    /// Not found; why, in a sentence. No message is read.
    Unknown(String),
}

impl Identity {
    /// What to tell the user when I was found in the file (`file` names it): who the
    /// import took to be me, and how to make that certain next time. Empty otherwise.
    pub fn found_note(&self, file: &str) -> String {
        let Identity::Found(me) = self else {
            return String::new();
        };
        let file = std::path::Path::new(file)
            .file_name()
            .map_or_else(|| file.to_string(), |f| f.to_string_lossy().into_owned());
        let name = me
            .name
            .as_deref()
            .unwrap_or("the participant in every conversation");
        match &me.linkedin {
            Some(url) => format!(
                "you are {name} (from {file}); to be sure of it next time: warmline me linkedin {url}"
            ),
            None => format!(
                "you are {name} (from {file}, by name); record your profile with warmline me linkedin URL"
            ),
        }
    }
}

/// A `messages.csv` read: its interactions, and who is me.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessagesRead {
    pub records: Vec<InteractionRecord>,
    pub me: Identity,
}

/// The key a contact goes by in a `messages.csv` (its normalised profile URL, or its
/// folded name when it has none), for telling contacts from me.
pub fn contact_keys(name: &str, linkedin: Option<&str>) -> Vec<String> {
    let mut keys = vec![person(name, "").0];
    if let Some(url) = linkedin.filter(|u| !u.trim().is_empty()) {
        keys.push(person(name, url).0);
    }
    keys.retain(|k| !k.is_empty());
    keys
}

/// Reads a whole `messages.csv` into interactions, sorted by date. Participants are the
/// people other than me; drafts are skipped. A file where I cannot be told apart is an
/// error that asks for my profile URL.
pub fn messages<R: Read>(input: R, me: &Me) -> Result<Vec<InteractionRecord>> {
    let read = messages_with(input, me, &|_| false)?;
    match read.me {
        Identity::Unknown(why) => Err(FormatError::new(1, why)),
        _ => Ok(read.records),
    }
}

/// As [`messages`], with `is_contact` telling which participant keys (see
/// [`contact_keys`]) are contacts and so not me; an unknown me is said in the result, not
/// an error.
pub fn messages_with<R: Read>(
    input: R,
    me: &Me,
    is_contact: &dyn Fn(&str) -> bool,
) -> Result<MessagesRead> {
    let mut rows = Rows::new(input);
    let layout = find_header(&mut rows)?;
    let mut days: BTreeMap<(String, NaiveDate), Day> = BTreeMap::new();
    let mut members: HashMap<String, HashSet<String>> = HashMap::new();
    while let Some(row) = rows.next_row()? {
        if row.is_blank() || row.get(layout.draft).eq_ignore_ascii_case("yes") {
            continue;
        }
        let conversation = row.get(layout.conversation).to_string();
        if conversation.is_empty() {
            return Err(FormatError::new(
                row.line,
                "a message without a CONVERSATION ID",
            ));
        }
        let raw_date = row.get(layout.date);
        let at = parse_time(raw_date).ok_or_else(|| {
            FormatError::new(
                row.line,
                format!("'{raw_date}' is not a date like 2024-03-15 18:02:11 UTC"),
            )
        })?;
        let sender = person(row.get(layout.from), row.get(layout.sender_url));
        let recipients = recipients(row.get(layout.to), row.get(layout.recipient_urls));
        let text = match row.get(layout.content) {
            "" => row.get(layout.subject),
            c => c,
        };
        let text = match text {
            "" => row.get(layout.title),
            t => t,
        };
        let seen = members.entry(conversation.clone()).or_default();
        let day = days
            .entry((conversation, at.date()))
            .or_insert_with(|| Day {
                line: row.line,
                first_at: at,
                first_sender: sender.0.clone(),
                summary: String::new(),
                people: Vec::new(),
            });
        if at < day.first_at || day.summary.is_empty() && at == day.first_at {
            day.first_at = at;
            day.first_sender = sender.0.clone();
            day.line = row.line;
            day.summary = crate::text::shorten(text, SUMMARY_CHARS);
        }
        for (key, p) in std::iter::once(sender).chain(recipients) {
            if key.is_empty() {
                continue;
            }
            seen.insert(key.clone());
            if !day.people.iter().any(|(k, _)| *k == key) {
                day.people.push((key, p));
            }
        }
    }
    let (my_keys, identity) = my_keys(me, &members, &days, is_contact);
    if let Identity::Unknown(_) = identity {
        return Ok(MessagesRead {
            records: Vec::new(),
            me: identity,
        });
    }
    let mut out: Vec<InteractionRecord> = days
        .into_iter()
        .filter_map(|((conversation, on), day)| {
            let participants: Vec<Participant> = day
                .people
                .into_iter()
                .filter(|(k, _)| !my_keys.contains(k))
                .map(|(_, p)| p)
                .collect();
            if participants.is_empty() {
                return None;
            }
            let direction = if my_keys.contains(&day.first_sender) {
                Direction::Outbound
            } else {
                Direction::Inbound
            };
            let summary = if day.summary.is_empty() {
                "LinkedIn message".to_string()
            } else {
                day.summary
            };
            Some(InteractionRecord {
                line: day.line,
                on,
                kind: Kind::Message,
                direction,
                summary,
                participants: participants.into(),
                source: InteractionSource::Linkedin,
                source_key: format!("linkedin:{conversation}:{on}"),
                moves_with: None,
            })
        })
        .collect();
    out.sort_by_key(|r| (r.on, r.line));
    Ok(MessagesRead {
        records: out,
        me: identity,
    })
}

fn find_header<R: Read>(rows: &mut Rows<R>) -> Result<Layout> {
    for _ in 0..MAX_ROWS_BEFORE_HEADER {
        let Some(row) = rows.next_row()? else { break };
        if row
            .cells
            .iter()
            .any(|c| c.trim().eq_ignore_ascii_case("CONVERSATION ID"))
        {
            let c = Columns::new(&row);
            return Ok(Layout {
                conversation: c.find("CONVERSATION ID"),
                title: c.find("CONVERSATION TITLE"),
                from: c.find("FROM"),
                sender_url: c.find("SENDER PROFILE URL"),
                to: c.find("TO"),
                recipient_urls: c.find("RECIPIENT PROFILE URLS"),
                date: c.find("DATE"),
                subject: c.find("SUBJECT"),
                content: c.find("CONTENT"),
                draft: c.find("IS MESSAGE DRAFT"),
            });
        }
    }
    Err(FormatError::new(
        1,
        "no header line 'CONVERSATION ID,CONVERSATION TITLE,FROM,...' found: is this LinkedIn's messages.csv?",
    ))
}

/// `2024-03-15 18:02:11 UTC`; the day is taken in UTC, as the export writes it.
fn parse_time(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    let s = s.strip_suffix("UTC").unwrap_or(s).trim();
    [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S%.fZ",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    })
}

/// A participant and the key that identifies them within this file: the normalised
/// profile URL, or the folded name when there is none.
fn person(name: &str, url: &str) -> (String, Participant) {
    let url = url.trim();
    let key = if !url.is_empty() {
        linkedin_key(url)
    } else if !name.trim().is_empty() {
        format!("name:{}", fold(name))
    } else {
        String::new()
    };
    let p = Participant {
        name: crate::text::non_empty(name),
        email: None,
        linkedin: crate::text::non_empty(url),
    };
    (key, p)
}

/// The TO and RECIPIENT PROFILE URLS cells list several people separated by commas; names
/// can hold commas themselves, so names are paired with URLs only when the counts agree.
fn recipients(names: &str, urls: &str) -> Vec<(String, Participant)> {
    let urls: Vec<&str> = urls
        .split([',', ' '])
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .collect();
    if urls.is_empty() {
        return if names.trim().is_empty() {
            Vec::new()
        } else {
            vec![person(names, "")]
        };
    }
    let split: Vec<&str> = names.split(',').map(str::trim).collect();
    if urls.len() == 1 {
        return vec![person(names, urls.first().copied().unwrap_or(""))];
    }
    urls.iter()
        .enumerate()
        .map(|(i, u)| {
            let name = if split.len() == urls.len() {
                split.get(i).copied().unwrap_or("")
            } else {
                ""
            };
            person(name, u)
        })
        .collect()
}

/// My keys in the file, and how they were known (see the module documentation).
fn my_keys(
    me: &Me,
    members: &HashMap<String, HashSet<String>>,
    days: &BTreeMap<(String, NaiveDate), Day>,
    is_contact: &dyn Fn(&str) -> bool,
) -> (HashSet<String>, Identity) {
    let recorded: HashSet<String> = members
        .values()
        .flatten()
        .filter(|k| !k.starts_with("name:") && me.is_my_linkedin(k))
        .cloned()
        .collect();
    if !recorded.is_empty() || members.is_empty() {
        return (recorded, Identity::Recorded);
    }
    let mut common: Option<HashSet<String>> = None;
    for m in members.values() {
        common = Some(match common {
            None => m.clone(),
            Some(c) => c.intersection(m).cloned().collect(),
        });
    }
    let common = common.unwrap_or_default();
    let left: Vec<&String> = if common.len() == 1 && members.len() > 1 {
        common.iter().collect()
    } else {
        common.iter().filter(|k| !is_contact(k)).collect()
    };
    if let [key] = left.as_slice() {
        let found = days
            .values()
            .flat_map(|d| &d.people)
            .find(|(k, _)| k == *key)
            .map(|(_, p)| p.clone())
            .unwrap_or_default();
        let keys = HashSet::from([(*key).clone()]);
        return (keys, Identity::Found(found));
    }
    let conversations = members.len();
    let why = if common.is_empty() {
        format!(
            "cannot tell which participant is you: no one is in all {conversations} conversations"
        )
    } else {
        let some = if conversations == 1 {
            "the only conversation".to_string()
        } else {
            format!("all {conversations} conversations")
        };
        format!(
            "cannot tell which participant is you: {} people are in {some}",
            common.len()
        )
    };
    (
        HashSet::new(),
        Identity::Unknown(format!(
            "{why}; record your LinkedIn profile with warmline me linkedin URL and import again"
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT\n";

    fn row(conv: &str, from: &str, to: &str, date: &str, content: &str) -> String {
        let url = |n: &str| format!("https://www.linkedin.com/in/{}", n.to_lowercase());
        format!(
            "{conv},,{from},{},{to},{},{date},,\"{content}\",INBOX,No\n",
            url(from),
            url(to)
        )
    }

    #[test]
    fn infers_me_and_groups_by_day() {
        let data = [
            HEADER.to_string(),
            row("c1", "Sam", "Grace", "2026-11-02 15:04:05 UTC", "later"),
            row(
                "c1",
                "Grace",
                "Sam",
                "2026-11-02 09:00:00 UTC",
                "Good to meet you, Sam.",
            ),
            row("c1", "Sam", "Grace", "2026-11-03 08:00:00 UTC", "Thanks"),
            row("c2", "Sam", "Alan", "2026-11-04 08:00:00 UTC", "Hello Alan"),
        ]
        .concat();
        let got = messages(data.as_bytes(), &Me::default()).unwrap();
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].summary, "Good to meet you, Sam.");
        assert_eq!(got[0].direction, Direction::Inbound);
        assert_eq!(got[0].source_key, "linkedin:c1:2026-11-02");
        assert_eq!(got[0].participants.len(), 1);
        assert_eq!(got[0].participants[0].name.as_deref(), Some("Grace"));
        assert_eq!(got[1].direction, Direction::Outbound);
        assert_eq!(got[2].participants[0].name.as_deref(), Some("Alan"));
    }

    #[test]
    fn one_conversation_needs_my_url() {
        let data = [
            HEADER.to_string(),
            row("c1", "Sam", "Grace", "2026-11-02 15:04:05 UTC", "x"),
        ]
        .concat();
        let err = messages(data.as_bytes(), &Me::default()).unwrap_err();
        assert!(err.message.contains("me linkedin"), "{err}");
        assert!(
            err.message
                .contains("2 people are in the only conversation"),
            "{err}"
        );
        let me = Me::new(Vec::<String>::new(), ["linkedin.com/in/sam"]);
        let got = messages(data.as_bytes(), &me).unwrap();
        assert_eq!(got[0].direction, Direction::Outbound);
    }

    #[test]
    fn a_contact_is_not_me() {
        let data = [
            HEADER.to_string(),
            row("c1", "Sam", "Grace", "2026-11-02 15:04:05 UTC", "x"),
        ]
        .concat();
        let grace = contact_keys("Grace", Some("https://www.linkedin.com/in/grace"));
        let read = messages_with(data.as_bytes(), &Me::default(), &|k| {
            grace.iter().any(|g| g == k)
        })
        .unwrap();
        let Identity::Found(me) = &read.me else {
            panic!("{:?}", read.me)
        };
        assert_eq!(me.name.as_deref(), Some("Sam"));
        assert_eq!(
            read.me.found_note("export/messages.csv"),
            "you are Sam (from messages.csv); to be sure of it next time: \
             warmline me linkedin https://www.linkedin.com/in/sam"
        );
        assert_eq!(read.records.len(), 1);
        assert_eq!(read.records[0].direction, Direction::Outbound);
        assert_eq!(
            read.records[0].participants[0].name.as_deref(),
            Some("Grace")
        );
    }

    #[test]
    fn without_urls_i_am_found_by_name() {
        let data = format!(
            "{HEADER}c1,,Sam Rivera,,Ada,,2026-11-02 10:00:00 UTC,,hi,INBOX,No\n\
             c2,,Bo,,Sam Rivera,,2026-11-03 10:00:00 UTC,,hello,INBOX,No\n"
        );
        let read = messages_with(data.as_bytes(), &Me::default(), &|_| false).unwrap();
        let Identity::Found(me) = &read.me else {
            panic!("{:?}", read.me)
        };
        assert_eq!(me.name.as_deref(), Some("Sam Rivera"));
        assert_eq!(me.linkedin, None);
        assert_eq!(read.records[1].direction, Direction::Inbound);
    }

    #[test]
    fn a_recorded_profile_absent_from_the_file_is_not_trusted() {
        let data = [
            HEADER.to_string(),
            row("c1", "Sam", "Grace", "2026-11-02 15:04:05 UTC", "x"),
            row("c2", "Alan", "Sam", "2026-11-03 15:04:05 UTC", "y"),
        ]
        .concat();
        let other = Me::new(Vec::<String>::new(), ["linkedin.com/in/someone-else"]);
        let read = messages_with(data.as_bytes(), &other, &|_| false).unwrap();
        assert!(matches!(&read.me, Identity::Found(p) if p.name.as_deref() == Some("Sam")));
        assert!(read.records.iter().all(|r| r.participants.len() == 1));
    }

    #[test]
    fn bad_date_names_the_line() {
        let data = [
            HEADER.to_string(),
            row("c1", "Sam", "Grace", "yesterday", "x"),
        ]
        .concat();
        let err = messages(data.as_bytes(), &Me::default()).unwrap_err();
        assert_eq!(err.line, 2);
    }
}
