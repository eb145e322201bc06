//! Small helpers shared by the query modules.

use crate::db::Row;
use chrono::NaiveDate;

/// What a failure to open or use the database file says about it.
pub(crate) fn classify(path: &std::path::Path, e: &rusqlite::Error) -> crate::StoreError {
    use rusqlite::ErrorCode as C;
    let code = match e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    };
    let path = path.to_path_buf();
    match code {
        Some(C::NotADatabase | C::DatabaseCorrupt) | None => crate::StoreError::NotADatabase {
            path,
            reason: describe(e),
        },
        Some(_) => crate::StoreError::Unusable {
            reason: plain(&path, e),
            path,
        },
    }
}

/// The files SQLite keeps beside a database, which must be as writable as it is.
fn companions(path: &std::path::Path) -> [std::path::PathBuf; 3] {
    [
        path.to_path_buf(),
        crate::private::companion(path, "-wal"),
        crate::private::companion(path, "-shm"),
    ]
}

/// Says what went wrong in a person's words, and what to do, for the conditions a person
/// can fix; anything else in SQLite's words.
fn plain(path: &std::path::Path, e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    let rusqlite::Error::SqliteFailure(f, _) = e else {
        return e.to_string();
    };
    match f.code {
        C::DiskFull => "the disk is full: free some space and run the command again; nothing was changed".into(),
        C::ReadOnly => {
            let locked: Vec<String> = companions(path)
                .iter()
                .filter(|p| {
                    std::fs::metadata(p).is_ok_and(|m| m.permissions().readonly())
                })
                .map(|p| p.display().to_string())
                .collect();
            if locked.is_empty() {
                "cannot be written: the disk or its folder is read-only (mounted read-only, or not yours); nothing was changed".into()
            } else {
                format!(
                    "cannot be written: {} {} read-only; make {} writable (chmod u+w) and run the command again; nothing was changed",
                    locked.join(" and "),
                    if locked.len() == 1 { "is" } else { "are" },
                    if locked.len() == 1 { "it" } else { "them" },
                )
            }
        }
        C::CannotOpen => {
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .map_or_else(|| ".".to_string(), |d| d.display().to_string());
            format!(
                "cannot be opened: check that {dir} exists and is yours, and that the disk is not full or read-only"
            )
        }
        C::SystemIoFailure => match probe(path) {
            Some(std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded) => {
                "the disk is full: free some space and run the command again; nothing was changed".into()
            }
            Some(std::io::ErrorKind::ReadOnlyFilesystem) => {
                "cannot be written: the disk is mounted read-only; nothing was changed".into()
            }
            _ => "the disk could not be read or written (an I/O error, not damage to the database): check that it is not full, read-only or failing; nothing was changed".into(),
        },
        C::DatabaseBusy | C::DatabaseLocked => describe(e),
        C::PermissionDenied => format!(
            "permission denied: {} must belong to you",
            path.display()
        ),
        _ => describe(e),
    }
}

/// SQLite reports a full or read-only disk under a WAL database as a bare I/O error; a
/// small write beside the database tells which it is.
fn probe(path: &std::path::Path) -> Option<std::io::ErrorKind> {
    use std::io::Write;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty())?;
    let probe = dir.join(format!(".warmline-probe-{}", std::process::id()));
    let result = std::fs::File::create(&probe)
        .and_then(|mut f| f.write_all(&[0u8; 64 * 1024]).and_then(|()| f.sync_all()));
    let _ = std::fs::remove_file(&probe);
    result.err().map(|e| e.kind())
}

/// A one-line description of an SQLite error for a person to read.
pub(crate) fn describe(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DiskFull => {
            "the disk is full: free some space and try again; nothing was changed".into()
        }
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::SystemIoFailure => {
            "the disk could not be read or written (an I/O error, not damage to the database): check that it is not full, read-only or failing".into()
        }
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ReadOnly => {
            "the database cannot be written (it, its -wal or -shm file, or its disk is read-only); nothing was changed".into()
        }
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
pub(crate) fn opt_date(row: &Row<'_>, idx: usize) -> crate::db::Result<Option<NaiveDate>> {
    Ok(text(row, idx)?.and_then(warmline_core::date::parse_iso))
}

/// Reads a required ISO date column.
pub(crate) fn date(row: &Row<'_>, idx: usize) -> crate::db::Result<NaiveDate> {
    let s = text(row, idx)?.unwrap_or("");
    warmline_core::date::parse_iso(s).ok_or_else(|| {
        crate::db::Error::Sql(rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Text,
            format!("'{s}' is not a date").into(),
        ))
    })
}

/// A date bound as its ISO text. rusqlite binds a `NaiveDate` through chrono's
/// format-string parser on every call, which was a sixth of the time a bulk load spent
/// writing interactions; the write paths a load repeats bind this instead.
#[derive(Clone, Copy)]
pub(crate) struct Day(pub NaiveDate);

impl rusqlite::ToSql for Day {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::Owned(
            rusqlite::types::Value::Text(iso(self.0)),
        ))
    }
}

/// `d` as `YYYY-MM-DD`, as chrono's `%F` writes it.
pub(crate) fn iso(d: NaiveDate) -> String {
    use chrono::Datelike;
    let year = d.year();
    if !(0..=9999).contains(&year) {
        return d.format("%F").to_string();
    }
    let digits = |n: u32, width: usize, out: &mut String| {
        let mut buf = [b'0'; 4];
        let mut n = n;
        for slot in buf[..width].iter_mut().rev() {
            *slot = b'0' + (n % 10) as u8;
            n /= 10;
        }
        out.extend(buf[..width].iter().map(|b| *b as char));
    };
    let mut out = String::with_capacity(10);
    digits(year as u32, 4, &mut out);
    out.push('-');
    digits(d.month(), 2, &mut out);
    out.push('-');
    digits(d.day(), 2, &mut out);
    out
}

/// A JSON array of strings built by `json_group_array` (on PostgreSQL `json_agg`, which
/// gives NULL over no rows): the strings, in the array's order.
pub(crate) fn json_strings(row: &Row<'_>, idx: usize) -> crate::db::Result<Vec<String>> {
    let Some(json) = text(row, idx)? else {
        return Ok(Vec::new());
    };
    serde_json::from_str::<Vec<Option<String>>>(json)
        .map(|list| list.into_iter().flatten().collect())
        .map_err(|e| {
            crate::db::Error::Sql(rusqlite::Error::FromSqlConversionFailure(
                idx,
                rusqlite::types::Type::Text,
                Box::new(e),
            ))
        })
}

/// A text column borrowed from the row, not copied into a String: lists read two dates
/// for each of everyone. Bytes that are not UTF-8 read as absent.
pub(crate) fn text<'r>(row: &'r Row<'_>, idx: usize) -> crate::db::Result<Option<&'r str>> {
    let v = row.get_ref(idx)?;
    let bytes = v.as_bytes_or_null().map_err(|e| {
        crate::db::Error::Sql(rusqlite::Error::FromSqlConversionFailure(
            idx,
            v.data_type(),
            Box::new(e),
        ))
    })?;
    Ok(bytes.and_then(|b| std::str::from_utf8(b).ok()))
}

/// Empty or blank text becomes absent.
pub(crate) fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Reads the five name-part columns (family, given, middle, prefix, suffix) from `first` on.
pub(crate) fn name_parts(
    row: &Row<'_>,
    first: usize,
) -> crate::db::Result<warmline_core::name_parts::NameParts> {
    Ok(warmline_core::name_parts::NameParts {
        family: row.get(first)?,
        given: row.get(first + 1)?,
        middle: row.get(first + 2)?,
        prefix: row.get(first + 3)?,
        suffix: row.get(first + 4)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_day_is_written_as_chrono_writes_it(days in -800_000i64..4_000_000) {
            let d = NaiveDate::from_ymd_opt(1, 1, 1).unwrap() + chrono::Duration::days(days);
            prop_assert_eq!(iso(d), d.format("%F").to_string());
        }
    }

    #[test]
    fn the_edges_of_four_digit_years() {
        for (y, m, day) in [
            (0, 1, 1),
            (9999, 12, 31),
            (10000, 1, 1),
            (-1, 12, 31),
            (2026, 2, 9),
        ] {
            let d = NaiveDate::from_ymd_opt(y, m, day).unwrap();
            assert_eq!(iso(d), d.format("%F").to_string());
        }
    }

    fn failure(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None)
    }

    #[test]
    fn a_read_only_companion_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("w.db");
        std::fs::write(&db, b"").unwrap();
        let shm = crate::private::companion(&db, "-shm");
        std::fs::write(&shm, b"").unwrap();
        let mut perms = std::fs::metadata(&shm).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&shm, perms).unwrap();
        let e = classify(&db, &failure(rusqlite::ffi::SQLITE_READONLY));
        let text = e.to_string();
        assert!(text.contains("w.db-shm is read-only"), "{text}");
        assert!(text.contains("chmod u+w"), "{text}");
        assert!(!text.contains("not a warmline database"), "{text}");
    }

    #[test]
    fn damage_and_trouble_with_the_disk_are_told_apart() {
        let db = std::path::Path::new("/nowhere/w.db");
        let damaged = classify(db, &failure(rusqlite::ffi::SQLITE_NOTADB)).to_string();
        assert!(damaged.contains("not a warmline database"), "{damaged}");
        let corrupt = classify(db, &failure(rusqlite::ffi::SQLITE_CORRUPT)).to_string();
        assert!(corrupt.contains("not a warmline database"), "{corrupt}");
        let full = classify(db, &failure(rusqlite::ffi::SQLITE_FULL)).to_string();
        assert!(full.contains("the disk is full"), "{full}");
        let io = classify(db, &failure(rusqlite::ffi::SQLITE_IOERR)).to_string();
        assert!(io.contains("not damage"), "{io}");
        let open = classify(db, &failure(rusqlite::ffi::SQLITE_CANTOPEN)).to_string();
        assert!(open.contains("check that /nowhere exists"), "{open}");
    }
}
