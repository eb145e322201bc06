//! Read models that combine stored data with core rules: a person's warmth, cadence and
//! next due date, as lists and person cards need them.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use warmline_core::interaction::Touch;
use warmline_core::person::{PersonId, Tier};
use warmline_core::settings::Settings;
use warmline_core::text::fold;
use warmline_core::warmth::{self, Warmth};

use crate::sql::{date, opt_date};
use crate::{Result, Store};

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
    tier: Option<String>,
    cadence: Option<u32>,
    created_on: NaiveDate,
}

impl Store {
    fn summary_rows(&self, only: Option<&[PersonId]>) -> Result<Vec<Row>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.id, p.name, o.name, p.title,
                    (SELECT group_concat(tag, char(31)) FROM person_tags t WHERE t.person_id = p.id),
                    p.tier, p.cadence_days, p.created_on
             FROM people p LEFT JOIN organisations o ON o.id = p.org_id
             ORDER BY p.name_key, p.id",
        )?;
        let wanted: Option<std::collections::HashSet<PersonId>> =
            only.map(|ids| ids.iter().copied().collect());
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: PersonId = r.get(0)?;
            if wanted.as_ref().is_some_and(|w| !w.contains(&id)) {
                continue;
            }
            out.push(Row {
                id,
                name: r.get(1)?,
                org: r.get(2)?,
                title: r.get(3)?,
                tags: r.get(4)?,
                tier: r.get(5)?,
                cadence: r.get(6)?,
                created_on: date(r, 7)?,
            });
        }
        Ok(out)
    }

    fn summarise(
        row: Row,
        touches: &[Touch],
        settings: &Settings,
        today: NaiveDate,
    ) -> PersonSummary {
        let tier = row.tier.as_deref().and_then(|t| Tier::parse(t).ok());
        let cadence = warmth::cadence_days(row.cadence, tier, &settings.tier_cadences);
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
            tier,
            drifting: warmth::is_drifting(touches, cadence, today),
        }
    }

    /// Summaries of the given people, in the order given (unknown ids are skipped).
    pub fn summaries(&self, ids: &[PersonId], today: NaiveDate) -> Result<Vec<PersonSummary>> {
        let settings = self.settings()?;
        let mut by_id: HashMap<PersonId, PersonSummary> = HashMap::new();
        for row in self.summary_rows(Some(ids))? {
            let touches = self.touches_for(row.id)?;
            let id = row.id;
            by_id.insert(id, Self::summarise(row, &touches, &settings, today));
        }
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    /// One person's summary.
    pub fn summary(&self, id: PersonId, today: NaiveDate) -> Result<PersonSummary> {
        self.summaries(&[id], today)?
            .pop()
            .ok_or_else(|| crate::StoreError::NotFound(format!("no person with id {id}")))
    }

    /// Everyone matching the filter, sorted.
    pub fn list_people(&self, filter: &ListFilter, today: NaiveDate) -> Result<Vec<PersonSummary>> {
        let settings = self.settings()?;
        let mut touches = self.all_touches()?;
        let tag = filter
            .tag
            .as_deref()
            .map(|t| t.trim().trim_start_matches('#').to_lowercase());
        let org = filter.org.as_deref().map(fold);
        let mut out: Vec<PersonSummary> = self
            .summary_rows(None)?
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
            .map(|r| {
                let t = touches.remove(&r.id).unwrap_or_default();
                Self::summarise(r, &t, &settings, today)
            })
            .filter(|s| !filter.due || s.next_due.is_some_and(|d| d <= today))
            .filter(|s| !filter.drifting || s.drifting)
            .collect();
        out.sort_by(|a, b| filter.sort.compare(a, b));
        Ok(out)
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
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
