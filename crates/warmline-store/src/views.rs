//! Read models that combine stored data with core rules: a person's warmth, cadence and
//! next due date, as lists and person cards need them.

use crate::db::OptionalExtension;
use chrono::NaiveDate;
use serde::Serialize;
use warmline_core::interaction::Touch;
use warmline_core::person::{Person, PersonId, Tier};
use warmline_core::settings::Settings;
use warmline_core::text::fold;
use warmline_core::warmth::{self, Warmth};

use crate::sql::{date, opt_date};
use crate::{Result, Store};

fn sort_summaries(people: &mut [PersonSummary], sort: SortBy) {
    if sort != SortBy::Name {
        people.sort_by(|a, b| sort.compare(a, b));
    }
}

/// A person as lists show them (SPEC §3 `list` keys plus a few more).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonSummary {
    pub id: PersonId,
    pub name: String,
    pub org: Option<String>,
    pub title: Option<String>,
    pub tags: Vec<String>,
    pub last_contact: Option<NaiveDate>,
    pub next_due: Option<NaiveDate>,
    pub warmth: Warmth,
    pub cadence_days: Option<u32>,
    pub tier: Option<Tier>,
    pub drifting: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    Name,
    Warmth,
    Due,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub tag: Option<String>,
    pub org: Option<String>,
    /// Only people whose keep-in-touch date has come.
    pub due: bool,
    pub drifting: bool,
    pub sort: SortBy,
}

impl ListFilter {
    /// Whether a person's summary passes the filter (the sort is not applied). Callers that
    /// keep everyone's summaries in memory (the web server) filter with this instead of
    /// reading everyone again.
    pub fn matches(&self, s: &PersonSummary, today: NaiveDate) -> bool {
        let tag_ok = match self.tag.as_deref() {
            Some(t) => {
                let t = t.trim().trim_start_matches('#').to_lowercase();
                s.tags.contains(&t)
            }
            None => true,
        };
        let org_ok = match self.org.as_deref() {
            Some(o) => {
                let o = fold(o);
                s.org
                    .as_deref()
                    .is_some_and(|name| fold(name).contains(o.as_str()))
            }
            None => true,
        };
        tag_ok
            && org_ok
            && (!self.due || s.next_due.is_some_and(|d| d <= today))
            && (!self.drifting || s.drifting)
    }
}

impl SortBy {
    /// Orders two summaries. `Name` leaves them equal, because summaries are read in name
    /// order already and a stable sort keeps it.
    pub fn compare(self, a: &PersonSummary, b: &PersonSummary) -> std::cmp::Ordering {
        match self {
            SortBy::Name => std::cmp::Ordering::Equal,
            SortBy::Warmth => b.warmth.score.cmp(&a.warmth.score).then(a.id.cmp(&b.id)),
            // Undated last; then the most overdue first.
            SortBy::Due => (a.next_due.is_none(), a.next_due, a.id).cmp(&(
                b.next_due.is_none(),
                b.next_due,
                b.id,
            )),
        }
    }
}

struct Row {
    id: PersonId,
    name: String,
    org: Option<String>,
    title: Option<String>,
    tags: Option<String>,
    tier: Option<Tier>,
    cadence: Option<u32>,
    created_on: NaiveDate,
    last_contact: Option<NaiveDate>,
}

/// One page of a list, and how many people matched in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    pub people: Vec<PersonSummary>,
    pub total: usize,
}

const ROW_COLUMNS: &str = "SELECT p.id, p.name, o.name, p.title,
        (SELECT group_concat(tag, char(31)) FROM person_tags t WHERE t.person_id = p.id),
        p.tier, p.cadence_days, p.created_on, p.last_contact
     FROM people p LEFT JOIN organisations o ON o.id = p.org_id";

fn read_row(r: &crate::db::Row<'_>) -> crate::db::Result<Row> {
    let tier: Option<String> = r.get(5)?;
    Ok(Row {
        id: r.get(0)?,
        name: r.get(1)?,
        org: r.get(2)?,
        title: r.get(3)?,
        tags: r.get(4)?,
        tier: tier.as_deref().and_then(|t| Tier::parse(t).ok()),
        cadence: r.get(6)?,
        created_on: date(r, 7)?,
        last_contact: opt_date(r, 8)?,
    })
}

impl Row {
    fn next_due(&self, settings: &Settings, today: NaiveDate) -> Option<NaiveDate> {
        let cadence = warmth::cadence_days(self.cadence, self.tier, &settings.tier_cadences);
        let last = self.last_contact.filter(|d| *d <= today);
        warmth::next_due(cadence, last, self.created_on)
    }
}

impl Store {
    fn all_summary_rows(&self) -> Result<Vec<Row>> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("{ROW_COLUMNS} ORDER BY p.name_key, p.id"))?;
        Ok(stmt
            .query_map([], read_row)?
            .collect::<crate::db::Result<_>>()?)
    }

    fn summary_row(&self, id: PersonId) -> Result<Option<Row>> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("{ROW_COLUMNS} WHERE p.id = ?1"))?;
        Ok(stmt.query_row([id], read_row).optional()?)
    }

    fn summarise(
        row: Row,
        touches: &[Touch],
        settings: &Settings,
        today: NaiveDate,
    ) -> PersonSummary {
        let cadence = warmth::cadence_days(row.cadence, row.tier, &settings.tier_cadences);
        let last_contact = touches.iter().map(|t| t.on).filter(|d| *d <= today).max();
        let mut tags: Vec<String> = row
            .tags
            .map(|t| t.split('\u{1f}').map(str::to_string).collect())
            .unwrap_or_default();
        tags.sort();
        PersonSummary {
            id: row.id,
            name: row.name,
            org: row.org,
            title: row.title,
            tags,
            last_contact,
            next_due: warmth::next_due(cadence, last_contact, row.created_on),
            warmth: warmth::warmth(touches, cadence, today),
            cadence_days: cadence,
            tier: row.tier,
            drifting: warmth::is_drifting(touches, cadence, today),
        }
    }

    /// Summaries of the given people, in the order given (unknown ids are skipped).
    pub fn summaries(&self, ids: &[PersonId], today: NaiveDate) -> Result<Vec<PersonSummary>> {
        let settings = self.settings()?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(row) = self.summary_row(*id)? {
                let touches = self.touches_for(row.id)?;
                out.push(Self::summarise(row, &touches, &settings, today));
            }
        }
        Ok(out)
    }

    /// One person's summary from what a page has read already (the person, their
    /// touches, the settings), with no read of its own: the same as [`Store::summary`].
    pub fn summary_of(
        person: &Person,
        touches: &[Touch],
        settings: &Settings,
        today: NaiveDate,
    ) -> PersonSummary {
        let row = Row {
            id: person.id,
            name: person.name.clone(),
            org: person.org.clone(),
            title: person.title.clone(),
            tags: (!person.tags.is_empty()).then(|| person.tags.join("\u{1f}")),
            tier: person.tier,
            cadence: person.cadence_days,
            created_on: person.created_on,
            last_contact: touches.iter().map(|t| t.on).filter(|d| *d <= today).max(),
        };
        Self::summarise(row, touches, settings, today)
    }

    /// One person's summary.
    pub fn summary(&self, id: PersonId, today: NaiveDate) -> Result<PersonSummary> {
        self.summaries(&[id], today)?
            .pop()
            .ok_or_else(|| crate::StoreError::NotFound(format!("no person with id {id}")))
    }

    /// Everyone matching the filter, sorted.
    pub fn list_people(&self, filter: &ListFilter, today: NaiveDate) -> Result<Vec<PersonSummary>> {
        Ok(self.list_people_page(filter, today, 0, None)?.people)
    }

    /// One page of the people matching the filter, sorted, with the number matching.
    ///
    /// Warmth needs every interaction of a person, so it is computed only for the page
    /// shown, unless the list is sorted by warmth or filtered to drifting ties, which
    /// need it for everyone.
    pub fn list_people_page(
        &self,
        filter: &ListFilter,
        today: NaiveDate,
        offset: usize,
        limit: Option<usize>,
    ) -> Result<Page> {
        let settings = self.settings()?;
        let unfiltered = filter.tag.is_none()
            && filter.org.is_none()
            && !filter.due
            && !filter.drifting
            && filter.sort == SortBy::Name;
        if unfiltered && let Some(limit) = limit {
            // A page of everyone by name is a range of the name index: reading and
            // sorting all ten thousand rows for fifty of them was most of `list --limit`.
            let total = usize::try_from(self.count_people()?).unwrap_or(0);
            let mut stmt = self.conn().prepare_cached(&format!(
                "{ROW_COLUMNS} ORDER BY p.name_key, p.id LIMIT ?1 OFFSET ?2"
            ))?;
            let rows: Vec<Row> = stmt
                .query_map(
                    [
                        i64::try_from(limit).unwrap_or(i64::MAX),
                        i64::try_from(offset).unwrap_or(i64::MAX),
                    ],
                    read_row,
                )?
                .collect::<crate::db::Result<_>>()?;
            let mut people = Vec::with_capacity(rows.len());
            for row in rows {
                let touches = self.touches_for(row.id)?;
                people.push(Self::summarise(row, &touches, &settings, today));
            }
            return Ok(Page { people, total });
        }
        let tag = filter
            .tag
            .as_deref()
            .map(|t| t.trim().trim_start_matches('#').to_lowercase());
        let org = filter.org.as_deref().map(fold);
        let mut rows: Vec<Row> = self
            .all_summary_rows()?
            .into_iter()
            .filter(|r| match &tag {
                Some(t) => r
                    .tags
                    .as_deref()
                    .is_some_and(|all| all.split('\u{1f}').any(|x| x == t)),
                None => true,
            })
            .filter(|r| match &org {
                Some(o) => r
                    .org
                    .as_deref()
                    .is_some_and(|name| fold(name).contains(o.as_str())),
                None => true,
            })
            .filter(|r| !filter.due || r.next_due(&settings, today).is_some_and(|d| d <= today))
            .collect();
        let page =
            |len: usize| offset.min(len)..limit.map_or(len, |l| offset.saturating_add(l).min(len));

        if filter.drifting || filter.sort == SortBy::Warmth {
            let mut touches = self.all_touches()?;
            let mut all: Vec<PersonSummary> = rows
                .into_iter()
                .map(|r| {
                    let t = touches.remove(&r.id).unwrap_or_default();
                    Self::summarise(r, &t, &settings, today)
                })
                .filter(|s| !filter.drifting || s.drifting)
                .collect();
            sort_summaries(&mut all, filter.sort);
            let total = all.len();
            let range = page(total);
            return Ok(Page {
                people: all.drain(range).collect(),
                total,
            });
        }

        if filter.sort == SortBy::Due {
            // Undated last; then the most overdue first.
            rows.sort_by_cached_key(|r| {
                let due = r.next_due(&settings, today);
                (due.is_none(), due, r.id)
            });
        }
        let total = rows.len();
        let range = page(total);
        // A long page reads everyone's interactions in one pass; a short one, person by
        // person.
        let mut all_touches = if range.len() > 200 {
            Some(self.all_touches()?)
        } else {
            None
        };
        let mut people = Vec::with_capacity(range.len());
        for row in rows.drain(range) {
            let touches = match all_touches.as_mut() {
                Some(all) => all.remove(&row.id).unwrap_or_default(),
                None => self.touches_for(row.id)?,
            };
            people.push(Self::summarise(row, &touches, &settings, today));
        }
        Ok(Page { people, total })
    }

    /// Past jobs of a person, most recent first.
    pub fn work_history(&self, id: PersonId) -> Result<Vec<warmline_core::person::Job>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT o.name, w.title, w.from_date, w.until_date, w.current FROM work_history w
             JOIN organisations o ON o.id = w.org_id WHERE w.person_id = ?1
             ORDER BY w.current DESC, w.until_date DESC, w.id DESC",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(warmline_core::person::Job {
                org: r.get(0)?,
                title: r.get(1)?,
                from: opt_date(r, 2)?,
                until: opt_date(r, 3)?,
                current: r.get::<_, i64>(4)? != 0,
            })
        })?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }
}
