//! A bulk load's interactions written by a second thread, into a file of their own beside
//! the database, and copied in whole at the end of the load.
//!
//! SQLite writes with one thread per connection, and a large load's interactions and
//! participants are half its rows. Written into a scratch file by a thread of their own
//! while the load goes on with people, facts and the rest, they cost the load only their
//! copy: SQLite moves rows between tables of one shape record by record, without decoding
//! them (its transfer of `INSERT INTO t SELECT * FROM u`), when the table it fills is
//! empty, as it is in a fresh load.
//!
//! The scratch file is private, named after the database and the process
//! (`demo.db-aside-4242`), removed when the load ends either way; a file left by a process
//! that is gone (killed mid-load) is removed by the next such load.

use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use chrono::NaiveDate;
use warmline_core::interaction::NewInteraction;

use crate::db::Connection;
use crate::interactions::{ROWS_A_STATEMENT, check, write_chunk};
use crate::{Result, Store, StoreError, private};

/// What a [`Store`] keeps of its load's scratch files.
#[derive(Default)]
pub(crate) struct Slot {
    /// Interactions are being written aside: the store's own logging would take ids the
    /// scratch file holds.
    open: Cell<bool>,
    /// Scratch files attached for their copy: SQLite detaches a file only once the
    /// transaction that read it has ended.
    attached: RefCell<Vec<PathBuf>>,
}

/// The schema name a scratch file is attached under.
const ATTACHED_AS: &str = "warmline_aside";

/// Batches on their way to the writer: two, so the load runs ahead of it by at most one.
const BATCHES_AHEAD: usize = 2;

type Logged = Vec<(NewInteraction, NaiveDate)>;

/// Ids and rows for the writer.
struct Batch {
    first: i64,
    rows: Logged,
}

/// Interactions and participants the writer wrote.
struct Written {
    interactions: usize,
    participants: usize,
}

/// The handle a load logs its interactions through, inside
/// [`Store::log_interactions_aside`].
pub struct InteractionsAside<'s> {
    store: &'s Store,
    side: Option<Side>,
}

struct Side {
    path: PathBuf,
    to_writer: Option<SyncSender<Batch>>,
    writer: Option<JoinHandle<Result<Written>>>,
    next_id: i64,
    /// Attached for the copy: from then on the end of the transaction removes the file.
    handed_over: bool,
}

impl InteractionsAside<'_> {
    /// Logs interactions as [`Store::log_interactions`] does, with the same ids; in a
    /// fresh load of a database file they are written by the second thread. Returns how
    /// many were logged.
    pub fn log(&mut self, logged: Logged) -> Result<usize> {
        let Some(side) = self.side.as_mut() else {
            return self.store.log_interactions(&logged);
        };
        for (new, _) in &logged {
            check(new)?;
            if new.source_key.is_some() {
                return Err(StoreError::Invalid(
                    "an interaction with a source key is logged by the store itself, not aside"
                        .into(),
                ));
            }
        }
        let count = logged.len();
        let batch = Batch {
            first: side.next_id,
            rows: logged,
        };
        side.next_id += count as i64;
        let sent = side.to_writer.as_ref().map(|to| to.send(batch).is_ok());
        if sent != Some(true) {
            // The writer stopped: its own error says why.
            return Err(side.finish().err().unwrap_or_else(stopped));
        }
        Ok(count)
    }
}

/// `e`, said of the scratch file at `path`.
fn named(path: &Path, e: StoreError) -> StoreError {
    StoreError::Invalid(format!("{}: {e}", path.display()))
}

fn stopped() -> StoreError {
    StoreError::Invalid("the interactions' writer stopped".into())
}

impl Side {
    /// Waits for the writer to write what it was sent and close its file.
    fn finish(&mut self) -> Result<Written> {
        self.to_writer = None;
        let written = match self.writer.take() {
            Some(writer) => writer.join().map_err(|_| stopped())?,
            None => Err(stopped()),
        };
        written.map_err(|e| named(&self.path, e))
    }
}

impl Drop for Side {
    fn drop(&mut self) {
        // A load that failed (or panicked) before the copy: the rows go with the file.
        if !self.handed_over {
            if self.writer.is_some() {
                let _ = self.finish();
            }
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

impl Drop for InteractionsAside<'_> {
    fn drop(&mut self) {
        // Also when the load panicked: the store logs interactions again.
        self.store.aside.open.set(false);
    }
}

impl Store {
    /// Runs `f`, which logs interactions through the handle it is given. In a bulk load
    /// into a database file whose interactions table is empty, and with nobody in a goal
    /// (whose progress each interaction would move), a second thread writes them into a
    /// scratch file while `f` goes on, and they are copied in when `f` returns; the rows
    /// and ids are those [`Store::log_interactions`] would write. Until then they are not
    /// in the database: `f` must not read interactions, and the store refuses to log any
    /// itself. Anywhere else the handle logs through the store at once.
    pub fn log_interactions_aside<T>(
        &self,
        f: impl FnOnce(&mut InteractionsAside<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut handle = InteractionsAside {
            store: self,
            side: self.open_side()?,
        };
        self.aside.open.set(handle.side.is_some());
        let result = f(&mut handle);
        self.aside.open.set(false);
        let value = result?;
        if let Some(mut side) = handle.side.take() {
            let written = side.finish()?;
            side.handed_over = true;
            self.copy_in(&side.path, &written)
                .map_err(|e| named(&side.path, e))?;
        }
        Ok(value)
    }

    /// Refuses to log an interaction while a load writes them aside.
    pub(crate) fn refuse_while_aside(&self) -> Result<()> {
        if self.aside.open.get() {
            return Err(StoreError::Invalid(
                "interactions are being written aside in this load: log them through its handle"
                    .into(),
            ));
        }
        Ok(())
    }

    /// The scratch file and its writer, when this load can use them.
    fn open_side(&self) -> Result<Option<Side>> {
        // SQLite attaches a file by its name as text; a path that is not is written here.
        let Some(path) = self.path.as_deref().filter(|p| p.to_str().is_some()) else {
            return Ok(None);
        };
        if !self.in_bulk.get() || self.conn.sqlite().is_none() {
            return Ok(None);
        }
        let empty: bool = self.conn().query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM interactions) AND NOT EXISTS (SELECT 1 FROM goal_people)",
            [],
            |r| r.get(0),
        )?;
        if !empty {
            return Ok(None);
        }
        remove_leftovers(path);
        let side_path = private::companion(path, &format!("-aside-{}", std::process::id()));
        let fail = |e: std::io::Error| StoreError::Invalid(format!("{}: {e}", side_path.display()));
        match std::fs::remove_file(&side_path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(fail(e)),
            _ => {}
        }
        private::create_new(&side_path).map_err(fail)?;
        // The tables as they are now, with the indexes the load keeps (the unique ones and
        // the participants' by person): the copy moves records without reading them only
        // between tables of the same shape and indexes.
        let mut schema = self.schema_of(
            "tbl_name IN ('interactions', 'interaction_people') AND type IN ('table', 'index')",
        )?;
        // Each table before its indexes.
        schema.sort_by_key(|(_, sql)| !sql.starts_with("CREATE TABLE"));
        let schema: Vec<String> = schema.into_iter().map(|(_, sql)| sql).collect();
        let (to_writer, batches) = sync_channel(BATCHES_AHEAD);
        let writer_path = side_path.clone();
        let writer = std::thread::Builder::new()
            .name("warmline-aside".into())
            .spawn(move || write_aside(&writer_path, &schema, batches))
            .map_err(fail)?;
        Ok(Some(Side {
            path: side_path,
            to_writer: Some(to_writer),
            writer: Some(writer),
            next_id: 1,
            handed_over: false,
        }))
    }

    /// Copies the scratch file's rows in, and checks that every row the writer wrote
    /// arrived.
    fn copy_in(&self, side: &Path, written: &Written) -> Result<()> {
        let remove = || {
            let _ = std::fs::remove_file(side);
        };
        let Some(name) = side.to_str() else {
            remove();
            return Err(StoreError::Invalid("not a name SQLite can attach".into()));
        };
        if let Err(e) = self.exec(&format!("ATTACH DATABASE ?1 AS {ATTACHED_AS}"), [name]) {
            remove();
            return Err(e);
        }
        self.aside.attached.borrow_mut().push(side.to_path_buf());
        let interactions = self.exec(
            &format!("INSERT INTO main.interactions SELECT * FROM {ATTACHED_AS}.interactions"),
            [],
        )?;
        let participants = self.exec(
            &format!(
                "INSERT INTO main.interaction_people SELECT * FROM {ATTACHED_AS}.interaction_people"
            ),
            [],
        )?;
        if interactions != written.interactions || participants != written.participants {
            return Err(StoreError::Invalid(format!(
                "{interactions} interactions and {participants} participants arrived of {} and {}",
                written.interactions, written.participants
            )));
        }
        Ok(())
    }

    /// Detaches and removes the scratch files a transaction that has just ended read.
    pub(crate) fn detach_asides(&self) {
        let attached = std::mem::take(&mut *self.aside.attached.borrow_mut());
        for path in attached {
            // A file that cannot be detached now is detached when the connection closes.
            let _ = self
                .conn
                .execute_batch(&format!("DETACH DATABASE {ATTACHED_AS}"));
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// The writer's thread: its own connection to the scratch file, which nothing else
/// reads until it is done, so it is written without a journal.
fn write_aside(path: &Path, schema: &[String], batches: Receiver<Batch>) -> Result<Written> {
    let conn = Connection::open_scratch(path)?;
    conn.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;
         PRAGMA cache_size = -32768; BEGIN",
    )?;
    for sql in schema {
        conn.execute_batch(sql)?;
    }
    let mut written = Written {
        interactions: 0,
        participants: 0,
    };
    for batch in batches {
        let mut first = batch.first;
        for chunk in batch.rows.chunks(ROWS_A_STATEMENT) {
            written.participants += write_chunk(&conn, first, chunk)?;
            written.interactions += chunk.len();
            first += chunk.len() as i64;
        }
    }
    conn.execute_batch("COMMIT")?;
    Ok(written)
}

/// Removes scratch files of `db` whose process has gone: a load killed before its end.
/// Where there is no `/proc` to ask, they stay.
fn remove_leftovers(db: &Path) {
    let (Some(dir), Some(name)) = (db.parent(), db.file_name()) else {
        return;
    };
    let proc = Path::new("/proc");
    if !proc.is_dir() {
        return;
    }
    let prefix = format!("{}-aside-", name.to_string_lossy());
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        let Some(pid) = file.strip_prefix(&prefix) else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !proc.join(pid).exists() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_that_does_not_bring_every_row_fails_the_load() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(&dir.path().join("w.db")).unwrap();
        let side = dir.path().join("w.db-aside-1");
        // A scratch file of the right shape that holds fewer rows than were written to it
        // (another file put in its place).
        let schema = s
            .schema_of("type = 'table' AND name IN ('interactions', 'interaction_people')")
            .unwrap();
        private::create_new(&side).unwrap();
        let other = Connection::open_scratch(&side).unwrap();
        for (_, sql) in &schema {
            other.execute_batch(sql).unwrap();
        }
        drop(other);
        let short = s.atomic(|s| {
            s.copy_in(
                &side,
                &Written {
                    interactions: 1,
                    participants: 0,
                },
            )
        });
        let message = short.unwrap_err().to_string();
        assert!(
            message.contains("0 interactions and 0 participants arrived of 1 and 0"),
            "{message}"
        );
        assert!(!side.exists());
    }
}
