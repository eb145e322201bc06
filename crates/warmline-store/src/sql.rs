//! Small helpers shared by the query modules.

use chrono::NaiveDate;
use rusqlite::Row;

/// A one-line description of an SQLite error for a person to read.
pub(crate) fn describe(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DatabaseBusy => {
            format!(
                "another warmline (the server, an import) kept the database busy for over {} seconds, so nothing was changed; try again",
                crate::BUSY_WAIT.as_secs()
            )
        }
        rusqlite::Error::SqliteFailure(f, Some(msg)) => format!("{msg} ({:?})", f.code),
        rusqlite::Error::SqliteFailure(f, None) => format!("{:?}", f.code),
        other => other.to_string(),
    }
}

/// Reads an optional ISO date column; a malformed value reads as absent rather than failing
/// the whole query, since dates are only ever written by this crate.
pub(crate) fn opt_date(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(text(row, idx)?.and_then(warmline_core::date::parse_iso))
}

/// Reads a required ISO date column.
pub(crate) fn date(row: &Row<'_>, idx: usize) -> rusqlite::Result<NaiveDate> {
    let s = text(row, idx)?.unwrap_or("");
    warmline_core::date::parse_iso(s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Text,
            format!("'{s}' is not a date").into(),
        )
    })
}

/// A text column borrowed from the row, not copied into a String: lists read two dates
/// for each of everyone. Bytes that are not UTF-8 read as absent.
fn text<'r>(row: &'r Row<'_>, idx: usize) -> rusqlite::Result<Option<&'r str>> {
    let v = row.get_ref(idx)?;
    let bytes = v
        .as_bytes_or_null()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, v.data_type(), Box::new(e)))?;
    Ok(bytes.and_then(|b| std::str::from_utf8(b).ok()))
}

/// Empty or blank text becomes absent.
pub(crate) fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}
