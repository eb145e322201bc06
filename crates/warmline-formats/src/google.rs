//! Contacts CSV: both layouts Google has exported, Outlook's, and warmline's own export.
//!
//! Google's current layout starts `First Name,Middle Name,Last Name,...` with
//! `E-mail 1 - Value`, `Organization Name`, `Labels`; the legacy ("Google CSV") one starts
//! `Name,Given Name,Additional Name,Family Name,...` with `Organization 1 - Name` and
//! `Group Membership`. Outlook writes `E-mail Address`, `Mobile Phone`, `Company`,
//! `Job Title` (and `Title` for "Mr."); warmline's `export --format csv` writes one
//! `E-mail` and one `Phone` column with a `UID`. The layout is told by the header, and every
//! column is taken by name, since Google adds and reorders columns and the N in `E-mail N`
//! depends on the most addresses any one contact has. A cell may hold several values
//! separated by ` ::: `, the primary marked with `* `.
//!
//! A header none of these is refused with what the file looks like, so that a LinkedIn
//! export or a spreadsheet of something else is never imported as people without e-mails.

use std::io::Read;

use warmline_core::name_parts::NameParts;
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
    Outlook,
    /// warmline's own `export --format csv`.
    Warmline,
}

struct Layout {
    kind: GoogleLayout,
    name: Option<usize>,
    first: Option<usize>,
    middle: Option<usize>,
    last: Option<usize>,
    prefix: Option<usize>,
    suffix: Option<usize>,
    linkedin: Option<usize>,
    uid: Option<usize>,
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
    // LinkedIn's Connections.csv opens with a "Notes:" paragraph before its header.
    let linkedin_notes = header.cells.first().is_some_and(|c| c.trim() == "Notes:");
    let kind = if linkedin_notes {
        Err(LINKEDIN_CONNECTIONS.to_string())
    } else {
        layout_kind(&c)
    }
    .map_err(|what| FormatError::new(header.line, what))?;
    let first_numbered = |p: &str, s: &str| c.numbered(p, s).first().copied();
    let mut l = Layout {
        kind,
        name: c.find("Name"),
        first: c.any(&["First Name", "Given Name"]),
        middle: c.any(&["Middle Name", "Additional Name"]),
        last: c.any(&["Last Name", "Family Name"]),
        prefix: c.any(&["Name Prefix"]),
        suffix: c.any(&["Name Suffix"]),
        linkedin: None,
        uid: None,
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
    };
    match kind {
        GoogleLayout::Current | GoogleLayout::Legacy => {}
        GoogleLayout::Outlook => {
            // Outlook's "Title" is the one before the name; the job is "Job Title".
            l.prefix = c.find("Title");
            l.suffix = c.find("Suffix");
            l.org = c.find("Company");
            l.title = c.find("Job Title");
            l.labels = c.find("Categories");
            l.emails = ["E-mail Address", "E-mail 2 Address", "E-mail 3 Address"]
                .iter()
                .filter_map(|n| c.find(n))
                .collect();
            l.phones = OUTLOOK_PHONES.iter().filter_map(|n| c.find(n)).collect();
            l.websites = ["Web Page", "Personal Web Page"]
                .iter()
                .filter_map(|n| c.find(n))
                .collect();
            l.city = c.any(&["Business City", "Home City", "Other City"]);
            l.region = c.any(&["Business State", "Home State", "Other State"]);
            l.country = c.any(&[
                "Business Country/Region",
                "Home Country/Region",
                "Other Country/Region",
            ]);
        }
        GoogleLayout::Warmline => {
            l.first = c.find("Given Name");
            l.last = c.find("Family Name");
            l.org = c.find("Organization");
            l.title = c.find("Title");
            l.labels = c.find("Tags");
            l.emails = c.find("E-mail").into_iter().collect();
            l.phones = c.find("Phone").into_iter().collect();
            l.websites = c.find("Website").into_iter().collect();
            l.linkedin = c.find("LinkedIn");
            l.uid = c.find("UID");
        }
    }
    Ok(l)
}

/// Outlook's phone columns, the ones that reach a person first; fax, pager and telex are
/// left out.
const OUTLOOK_PHONES: [&str; 9] = [
    "Primary Phone",
    "Mobile Phone",
    "Business Phone",
    "Business Phone 2",
    "Home Phone",
    "Home Phone 2",
    "Company Main Phone",
    "Car Phone",
    "Other Phone",
];

const LINKEDIN_CONNECTIONS: &str = "this is LinkedIn's Connections.csv, not a contacts CSV: \
                                    import it with `warmline import linkedin`";

/// Which layout a header is, or what the file looks like instead.
fn layout_kind(c: &Columns) -> std::result::Result<GoogleLayout, String> {
    let has = |n: &str| c.find(n).is_some();
    if has("Connected On") || (has("URL") && has("Position")) {
        return Err(LINKEDIN_CONNECTIONS.into());
    }
    if has("CONVERSATION ID") || (has("FROM") && has("CONTENT")) {
        return Err("this is LinkedIn's messages.csv, not a contacts CSV: \
                    import the LinkedIn folder with `warmline import linkedin`"
            .into());
    }
    if has("UID") && has("E-mail") && has("Phone") && has("Name") {
        return Ok(GoogleLayout::Warmline);
    }
    if has("E-mail Address") || has("Job Title") || has("Mobile Phone") || has("Business Phone") {
        return Ok(GoogleLayout::Outlook);
    }
    if has("First Name") || has("Organization Name") {
        return Ok(GoogleLayout::Current);
    }
    if has("Given Name") || has("Family Name") {
        return Ok(GoogleLayout::Legacy);
    }
    Err(
        "not a contacts CSV that warmline knows (Google, Outlook or warmline's own export): \
         the header has neither 'First Name' nor 'Given Name'"
            .into(),
    )
}

/// The first of several values, without its primary marker.
fn first_value(cell: &str) -> Option<String> {
    split_multi(cell)
        .map(|v| v.strip_prefix("* ").unwrap_or(v))
        .find_map(non_empty)
}

fn contact(row: &Row, l: &Layout) -> Option<ContactRecord> {
    let own = l.kind == GoogleLayout::Warmline;
    // warmline's export guards cells a spreadsheet would run as formulas with a leading
    // `'`; reading its own file takes the guard off again.
    let cell = |i: Option<usize>| -> &str {
        let v = row.get(i);
        if own { crate::csv_out::unguarded(v) } else { v }
    };
    let (first, middle, last) = (cell(l.first), cell(l.middle), cell(l.last));
    let birthday = cell(l.birthday).trim();
    // Outlook writes 0/0/00 for "no birthday".
    let birthday = if l.kind == GoogleLayout::Outlook && birthday == "0/0/00" {
        ""
    } else {
        birthday
    };
    let mut c = ContactRecord {
        line: row.line,
        parts: NameParts::new(
            Some(last),
            Some(first),
            Some(middle),
            Some(cell(l.prefix)),
            Some(cell(l.suffix)),
        ),
        org: first_value(cell(l.org)),
        title: first_value(cell(l.title)),
        birthday: if l.kind == GoogleLayout::Outlook {
            outlook_date(birthday)
        } else {
            Birthday::parse(birthday)
        },
        notes: non_empty(&crate::text::normalize_newlines(cell(l.notes))),
        uid: non_empty(cell(l.uid)),
        ..ContactRecord::default()
    };
    if let Some(url) = non_empty(cell(l.linkedin)) {
        c.add_url(&url);
    }
    if c.birthday.is_none() && !birthday.is_empty() {
        c.unreadable_birthday(birthday);
    }
    for &i in &l.emails {
        for v in split_multi(cell(Some(i))) {
            c.add_email(v.strip_prefix("* ").unwrap_or(v));
        }
    }
    for &i in &l.phones {
        for v in split_multi(cell(Some(i))) {
            c.add_phone(v.strip_prefix("* ").unwrap_or(v));
        }
    }
    for &i in &l.websites {
        for v in split_multi(cell(Some(i))) {
            c.add_url(v.strip_prefix("* ").unwrap_or(v));
        }
    }
    if l.kind == GoogleLayout::Outlook {
        // Outlook separates its categories with semicolons.
        for v in row.get(l.labels).split(';') {
            c.add_tag(v);
        }
    } else {
        for v in split_multi(cell(l.labels)) {
            c.add_tag(v);
        }
    }
    let place = join_place([row.get(l.city), row.get(l.region), row.get(l.country)]);
    c.location = non_empty(&place)
        .or_else(|| first_value(cell(l.location)))
        .or_else(|| {
            first_value(row.get(l.formatted_address))
                .and_then(|a| a.lines().last().and_then(non_empty))
        });
    let name = [
        non_empty(cell(l.name))
            .filter(|_| matches!(l.kind, GoogleLayout::Legacy | GoogleLayout::Warmline)),
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

/// Outlook's birthday: `5/14/1980`, month first, as Outlook writes it in every locale's
/// CSV; anything else is read as any birthday is.
fn outlook_date(cell: &str) -> Option<Birthday> {
    let mut it = cell.split('/').map(|p| p.trim().parse::<i32>().ok());
    let (Some(Some(month)), Some(Some(day)), Some(Some(year)), None) =
        (it.next(), it.next(), it.next(), it.next())
    else {
        return Birthday::parse(cell);
    };
    let year = match year {
        0 => None,
        y if y < 100 => Some(if y > 30 { 1900 + y } else { 2000 + y }),
        y => Some(y),
    };
    let b = Birthday {
        year,
        month: u32::try_from(month).ok()?,
        day: u32::try_from(day).ok()?,
    };
    Birthday::parse(&b.to_string())
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
    fn warmlines_own_export_reads_back_whole() {
        let r = ContactRecord {
            name: "Mr. Michael Angstadt Jr.".into(),
            parts: NameParts::new(
                Some("Angstadt"),
                Some("Michael"),
                Some("J."),
                Some("Mr."),
                Some("Jr."),
            ),
            emails: vec!["mike@example.com".into(), "m@home.example".into()],
            phones: vec!["+1 206 555 0110".into(), "-5".into()],
            org: Some("=Acme".into()),
            title: Some("Engineer".into()),
            linkedin: Some("https://www.linkedin.com/in/mike".into()),
            website: Some("https://mike.example".into()),
            location: Some("Seattle".into()),
            birthday: Birthday::parse("--12-09"),
            notes: Some("met at a @meetup".into()),
            tags: vec!["java".into(), "vcard".into()],
            uid: Some("urn:uuid:1234".into()),
            ..ContactRecord::default()
        };
        let mut out = Vec::new();
        crate::csv_out::write_contacts(&mut out, [&r]).unwrap();
        let mut it = google_contacts(&out[..]);
        let back = it.next().unwrap().unwrap();
        assert_eq!(it.layout(), Some(GoogleLayout::Warmline));
        assert_eq!(back, ContactRecord { line: 2, ..r });
    }

    #[test]
    fn outlook_layout() {
        let data = "First Name,Middle Name,Last Name,Title,Suffix,E-mail Address,E-mail 2 Address,Home Phone,Business Phone,Mobile Phone,Business Fax,Job Title,Company,Business City,Business Country/Region,Web Page,Birthday,Categories,Notes\n\
            Michael,J.,Angstadt,Mr.,Jr.,mike@example.com,,555-0100,+1 206 555 0110,,555-0199,Engineer,Acme,Seattle,USA,https://www.linkedin.com/in/mike,5/14/1980,Java;Work,hi\n\
            Ann,,Lee,,,ann@example.com,,,,,,,,,,,0/0/00,,\n";
        let mut it = google_contacts(data.as_bytes());
        let c = it.next().unwrap().unwrap();
        assert_eq!(it.layout(), Some(GoogleLayout::Outlook));
        assert_eq!(c.name, "Michael J. Angstadt");
        assert_eq!(c.parts.prefix.as_deref(), Some("Mr."));
        assert_eq!(c.parts.suffix.as_deref(), Some("Jr."));
        assert_eq!(c.emails, ["mike@example.com"]);
        assert_eq!(c.phones, ["+1 206 555 0110", "555-0100"], "no fax");
        assert_eq!(
            (c.org.as_deref(), c.title.as_deref()),
            (Some("Acme"), Some("Engineer"))
        );
        assert_eq!(c.location.as_deref(), Some("Seattle, USA"));
        assert_eq!(
            c.linkedin.as_deref(),
            Some("https://www.linkedin.com/in/mike")
        );
        assert_eq!(
            c.birthday.map(|b| b.to_string()).as_deref(),
            Some("1980-05-14")
        );
        assert_eq!(c.tags, ["Java", "Work"]);
        let c = it.next().unwrap().unwrap();
        assert_eq!((c.name.as_str(), c.birthday), ("Ann Lee", None));
    }

    #[test]
    fn linkedin_files_are_refused_by_name() {
        let data = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAda,L,,,,,06 Feb 2026\n";
        let err = google_contacts(data.as_bytes())
            .next()
            .unwrap()
            .unwrap_err();
        assert!(
            err.message.contains("LinkedIn's Connections.csv"),
            "{err:?}"
        );
        let data = "CONVERSATION ID,CONVERSATION TITLE,FROM,TO,DATE,CONTENT\n";
        let err = google_contacts(data.as_bytes())
            .next()
            .unwrap()
            .unwrap_err();
        assert!(err.message.contains("messages.csv"), "{err:?}");
    }

    #[test]
    fn other_csv_is_an_error() {
        let mut it = google_contacts(&b"a,b\n1,2\n"[..]);
        assert!(it.next().unwrap().is_err());
        assert!(it.next().is_none());
    }
}
