//! Full-text search on PostgreSQL: the `words` tsvector of `person_search` (see
//! `migrations/postgres/001_schema.sql`) in place of FTS5. Words are folded as FTS5's
//! `unicode61 remove_diacritics 2` folds them, every word of the query is a required
//! prefix, and `ts_rank` with the column weights of the SQLite ranking orders the hits
//! (ties may fall otherwise than under bm25).

use std::collections::HashMap;

use warmline_core::person::PersonId;

use crate::db::params;
use crate::{Result, Store};

/// Weights of the D, C, B and A columns: notes and interactions, facts, organisation
/// and title, the name.
const WEIGHTS: &str = "{0.1, 0.2, 0.45, 1.0}";

impl Store {
    pub(crate) fn postgres_search_count(&self, input: &str) -> Result<usize> {
        let n: i64 = self
            .conn()
            .prepare_cached(
                "SELECT count(*) FROM person_search WHERE words @@ warmline_tsquery(?1, '')",
            )?
            .query_row([input], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// As `rank`; `names_only` keeps the hits in the name, organisation or title.
    pub(crate) fn postgres_rank(
        &self,
        input: &str,
        names_only: bool,
        limit: usize,
        among: usize,
    ) -> Result<Vec<(PersonId, f64)>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT id, rank FROM (
                 SELECT rowid AS id, -ts_rank('{WEIGHTS}', words, q) AS rank
                   FROM person_search, warmline_tsquery(?1, ?4) AS q
                  WHERE words @@ q
                  ORDER BY rowid DESC LIMIT ?3) hits
             ORDER BY rank, id LIMIT ?2"
        ))?;
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        let weights = if names_only { "AB" } else { "" };
        let rows = stmt.query_map(params![input, count(limit), count(among), weights], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }

    pub(crate) fn postgres_snippets(
        &self,
        input: &str,
        ids: &[PersonId],
    ) -> Result<HashMap<PersonId, String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT rowid, ts_headline('simple',
                        concat_ws(' ', name, org, title, facts, notes, interactions), q,
                        'StartSel=[, StopSel=], MaxWords=8, MinWords=3, FragmentDelimiter=…')
               FROM person_search, warmline_tsquery(?1, '') AS q
              WHERE words @@ q AND rowid IN (SELECT value FROM json_each(?2))",
        )?;
        let wanted = serde_json::to_string(ids)
            .map_err(|e| crate::StoreError::Invalid(format!("search: {e}")))?;
        let rows = stmt.query_map(params![input, wanted], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<crate::db::Result<_>>()?)
    }
}
