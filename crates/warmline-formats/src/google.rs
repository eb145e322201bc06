//! Google Contacts CSV, in both layouts Google has exported.
//!
//! The current layout starts `First Name,Middle Name,Last Name,...` with `E-mail 1 - Value`,
//! `Organization Name`, `Labels`; the legacy ("Google CSV" / Outlook-like) one starts
//! `Name,Given Name,Additional Name,Family Name,...` with `Organization 1 - Name` and
//! `Group Membership`. The layout is told by the header, and every column is taken by
//! name, since Google adds and reorders columns and the N in `E-mail N` depends on the
//! most addresses any one contact has. A cell may hold several values separated by
//! ` ::: `, the primary marked with `* `.

use std::io::Read;

use warmline_core::person::Birthday;

use crate::csvrows::{Columns, Row, Rows};
use crate::error::{FormatError, Result};
use crate::record::ContactRecord;
use crate::text::{join_words, non_empty, split_multi};

/// Which of Google's layouts a file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoogleLayout {
    Current,
    Legacy,
}

struct Layout {
    kind: GoogleLayout,
    name: Option<usize>,
    first: Option<usize>,
    middle: Option<usize>,
    last: Option<usize>,
    nickname: Option<usize>,
    file_as: Option<usize>,
    org: Option<usize>,
    title: Option<usize>,
    birthday: Option<usize>,
    notes: Option<usize>,
    labels: Option<usize>,
    emails: Vec<usize>,
    phones: Vec<usize>,
    websites: Vec<usize>,
    city: Option<usize>,
    region: Option<usize>,
    country: Option<usize>,
    formatted_address: Option<usize>,
    location: Option<usize>,
}

/// Streams the contacts of a Google Contacts CSV export. Rows without any name, e-mail,
/// phone or organisation are skipped; an error ends the stream after it is yielded.
pub fn google_contacts<R: Read>(input: R) -> GoogleContacts<R> {
    GoogleContacts {
        rows: Rows::new(input),
        layout: None,
        failed: false,
    }
}

pub struct GoogleContacts<R> {
    rows: Rows<R>,
    layout: Option<Layout>,
    failed: bool,
}

impl<R: Read> GoogleContacts<R> {
    /// The layout, once the header has been read (after the first `next`).
    pub fn layout(&self) -> Option<GoogleLayout> {
        self.layout.as_ref().map(|l| l.kind)
    }

    fn next_contact(&mut self) -> Result<Option<ContactRecord>> {
        if self.layout.is_none() {
            let header = loop {
                match self.rows.next_row()? {
                    Some(r) if r.is_blank() => continue,
                    Some(r) => break r,
                    None => return Err(FormatError::new(1, "the file is empty")),
                }
            };
            self.layout = Some(layout(&header)?);
        }
        let Some(layout) = self.layout.as_ref() else {
            return Ok(None);
        };
        while let Some(row) = self.rows.next_row()? {
            if row.is_blank() {
                continue;
            }
            if let Some(c) = contact(&row, layout) {
                return Ok(Some(c));
            }
        }
        Ok(None)
    }
}

impl<R: Read> Iterator for GoogleContacts<R> {
    type Item = Result<ContactRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        match self.next_contact() {
            Ok(c) => c.map(Ok),
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

fn layout(header: &Row) -> Result<Layout> {
    let c = Columns::new(header);
    let kind = if c.find("First Name").is_some() || c.find("Organization Name").is_some() {
        GoogleLayout::Current
    } else if c.find("Given Name").is_some() || c.find("Family Name").is_some() {
        GoogleLayout::Legacy
    } else {
        return Err(FormatError::new(
            header.line,
            "not a Google Contacts CSV: the header has neither 'First Name' nor 'Given Name'",
        ));
    };
    let first_numbered = |p: &str, s: &str| c.numbered(p, s).first().copied();
    Ok(Layout {
        kind,
        name: c.find("Name"),
        first: c.any(&["First Name", "Given Name"]),
        middle: c.any(&["Middle Name", "Additional Name"]),
        last: c.any(&["Last Name", "Family Name"]),
        nickname: c.find("Nickname"),
        file_as: c.find("File As"),
        org: c
            .find("Organization Name")
            .or_else(|| first_numbered("Organization ", " - Name")),
        title: c
            .find("Organization Title")
            .or_else(|| first_numbered("Organization ", " - Title")),
        birthday: c.find("Birthday"),
        notes: c.find("Notes"),
        labels: c.any(&["Labels", "Group Membership"]),
        emails: c.numbered("E-mail ", " - Value"),
        phones: c.numbered("Phone ", " - Value"),
        websites: c.numbered("Website ", " - Value"),
        city: first_numbered("Address ", " - City"),
        region: first_numbered("Address ", " - Region"),
        country: first_numbered("Address ", " - Country"),
        formatted_address: first_numbered("Address ", " - Formatted"),
        location: c.find("Location"),
    })
}

/// The first of several values, without its primary marker.
fn first_value(cell: &str) -> Option<String> {
    split_multi(cell)
        .map(|v| v.strip_prefix("* ").unwrap_or(v))
        .find_map(non_empty)
}

fn contact(row: &Row, l: &Layout) -> Option<ContactRecord> {
    let (first, middle, last) = (row.get(l.first), row.get(l.middle), row.get(l.last));
    let mut c = ContactRecord {
        line: row.line,
        given: non_empty(first),
        family: non_empty(last),
        org: first_value(row.get(l.org)),
        title: first_value(row.get(l.title)),
        birthday: Birthday::parse(row.get(l.birthday)),
        notes: non_empty(&crate::text::normalize_newlines(row.get(l.notes))),
        ..ContactRecord::default()
    };
    let birthday = row.get(l.birthday).trim();
    if c.birthday.is_none() && !birthday.is_empty() {
        c.unreadable_birthday(birthday);
    }
    for &i in &l.emails {
        for v in split_multi(row.get(Some(i))) {
            c.add_email(v.strip_prefix("* ").unwrap_or(v));
        }
    }
    for &i in &l.phones {
        for v in split_multi(row.get(Some(i))) {
            c.add_phone(v.strip_prefix("* ").unwrap_or(v));
        }
    }
    for &i in &l.websites {
        for v in split_multi(row.get(Some(i))) {
            c.add_url(v.strip_prefix("* ").unwrap_or(v));
        }
    }
    for v in split_multi(row.get(l.labels)) {
        c.add_tag(v);
    }
    let place = join_place([row.get(l.city), row.get(l.region), row.get(l.country)]);
    c.location = non_empty(&place)
        .or_else(|| first_value(row.get(l.location)))
        .or_else(|| {
            first_value(row.get(l.formatted_address))
                .and_then(|a| a.lines().last().and_then(non_empty))
        });
    let name = [
        non_empty(row.get(l.name)).filter(|_| l.kind == GoogleLayout::Legacy),
        non_empty(&join_words([first, middle, last])),
        non_empty(row.get(l.name)),
        non_empty(row.get(l.file_as)),
        non_empty(row.get(l.nickname)),
        c.org.clone(),
        c.emails.first().cloned(),
        c.phones.first().cloned(),
    ]
    .into_iter()
    .flatten()
    .next()?;
    c.name = join_words([name.as_str()]);
    Some(c)
}

fn join_place<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birthdays_without_a_year_and_unreadable_ones() {
        let data = "First Name,Birthday,Notes\nAda,--12-09,\nBo,1604-01-02,\nCy,0000-03-04,\nDi,sometime in May,hi\n";
        let got: Vec<ContactRecord> = google_contacts(data.as_bytes())
            .map(|r| r.unwrap())
            .collect();
        let days: Vec<_> = got
            .iter()
            .map(|c| c.birthday.map(|b| (b.year, b.month, b.day)))
            .collect();
        assert_eq!(
            days,
            vec![
                Some((None, 12, 9)),
                Some((None, 1, 2)),
                Some((None, 3, 4)),
                None
            ]
        );
        assert_eq!(
            got[3].notes.as_deref(),
            Some("hi\nBirthday (as written): sometime in May")
        );
        assert_eq!(got[3].warnings.len(), 1);
    }

    #[test]
    fn current_layout() {
        let data = "\u{feff}First Name,Middle Name,Last Name,Organization Name,Organization Title,Birthday,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,Website 1 - Label,Website 1 - Value,Address 1 - City,Address 1 - Country\n\
            Ada,,Lovelace,Engines,Engineer,--12-10,\"line one\nline two\",* myContacts ::: Mentors ::: * starred,* Work,ada@work.example ::: Ada@Home.example,,,Mobile,+1 555,Profile,https://www.linkedin.com/in/ada,London,UK\n\
            ,,,,,,,* myContacts,,,,,,,,,,\n";
        let mut it = google_contacts(data.as_bytes());
        let c = it.next().unwrap().unwrap();
        assert_eq!(it.layout(), Some(GoogleLayout::Current));
        assert_eq!(c.name, "Ada Lovelace");
        assert_eq!(c.emails, vec!["ada@work.example", "ada@home.example"]);
        assert_eq!(c.tags, vec!["Mentors"]);
        assert_eq!(c.notes.as_deref(), Some("line one\nline two"));
        assert_eq!(
            c.birthday.map(|b| (b.year, b.month, b.day)),
            Some((None, 12, 10))
        );
        assert_eq!(
            c.linkedin.as_deref(),
            Some("https://www.linkedin.com/in/ada")
        );
        assert_eq!(c.location.as_deref(), Some("London, UK"));
        assert!(it.next().is_none());
    }

    #[test]
    fn legacy_layout() {
        let data = "Name,Given Name,Additional Name,Family Name,Birthday,Notes,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Organization 1 - Name,Organization 1 - Title\n\
            Grace Hopper,Grace,,Hopper,1906-12-09,,* myContacts ::: Navy,* Home,grace@example.org,US Navy,Rear Admiral\n";
        let mut it = google_contacts(data.as_bytes());
        let c = it.next().unwrap().unwrap();
        assert_eq!(it.layout(), Some(GoogleLayout::Legacy));
        assert_eq!(c.name, "Grace Hopper");
        assert_eq!(c.org.as_deref(), Some("US Navy"));
        assert_eq!(c.title.as_deref(), Some("Rear Admiral"));
        assert_eq!(c.tags, vec!["Navy"]);
        assert_eq!(c.birthday.and_then(|b| b.year), Some(1906));
    }

    #[test]
    fn other_csv_is_an_error() {
        let mut it = google_contacts(&b"a,b\n1,2\n"[..]);
        assert!(it.next().unwrap().is_err());
        assert!(it.next().is_none());
    }
}
