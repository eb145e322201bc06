//! Where an uploaded file waits between its preview and Confirm.
//!
//! An upload is someone's address book. It waits in a folder made for this server process
//! alone: created in one step under a random name (so nobody can make it first and read or
//! swap the file before Confirm), readable by this user only, and removed with the process.
//! A file leaves when it is imported, when the preview is cancelled, or after
//! [`KEEP_UPLOADS`]; folders left behind by a server that crashed are removed when the next
//! one starts.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use warmline_store::private;

/// Uploads not confirmed within this time are removed.
pub const KEEP_UPLOADS: Duration = Duration::from_secs(10 * 60);

const PREFIX: &str = "warmline-uploads-";

/// This process's upload folder; removed when dropped.
#[derive(Debug)]
pub struct Uploads {
    dir: tempfile::TempDir,
}

impl Uploads {
    /// Makes a fresh folder in `$XDG_RUNTIME_DIR` (a folder of this user's own that the
    /// system empties at logout) or else beside the database, after removing what a
    /// crashed server left there.
    pub fn create(db: &Path) -> std::io::Result<Uploads> {
        let base = runtime_dir().unwrap_or_else(|| match db.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        });
        Uploads::create_in(&base)
    }

    fn create_in(base: &Path) -> std::io::Result<Uploads> {
        private::create_dir(base)?;
        remove_leftovers(base);
        let dir = tempfile::Builder::new()
            .prefix(&format!("{PREFIX}{}-", std::process::id()))
            .tempdir_in(base)?;
        private::restrict(dir.path(), private::DIR_MODE)?;
        Ok(Uploads { dir })
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// A new private file for an upload named `id`.
    pub fn create_file(&self, id: &str) -> std::io::Result<std::fs::File> {
        private::create_new(&self.path(id))
    }

    pub fn path(&self, id: &str) -> PathBuf {
        self.dir.path().join(format!("{id}.upload"))
    }

    /// Removes uploads older than [`KEEP_UPLOADS`].
    pub fn sweep(&self) {
        let Ok(entries) = std::fs::read_dir(self.dir.path()) else {
            return;
        };
        for e in entries.flatten() {
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| SystemTime::now().duration_since(t).ok())
                .is_some_and(|age| age > KEEP_UPLOADS);
            if old {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

fn runtime_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("XDG_RUNTIME_DIR")?);
    (dir.is_absolute() && dir.is_dir()).then_some(dir)
}

/// Removes upload folders of servers that are no longer running: ours by name and owner,
/// and either named after a process that has gone or older than [`KEEP_UPLOADS`] where
/// processes cannot be looked up.
fn remove_leftovers(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(PREFIX)) else {
            continue;
        };
        let Ok(meta) = std::fs::symlink_metadata(e.path()) else {
            continue;
        };
        if !meta.is_dir() || !owned_by_me(&meta) {
            continue;
        }
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let gone = match pid {
            Some(pid) if Path::new("/proc/self").exists() => {
                pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists()
            }
            _ => meta
                .modified()
                .ok()
                .and_then(|t| SystemTime::now().duration_since(t).ok())
                .is_some_and(|age| age > KEEP_UPLOADS),
        };
        if gone {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(unix)]
fn owned_by_me(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.uid() == current_uid()
}

#[cfg(unix)]
fn current_uid() -> u32 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self")
        .map(|m| m.uid())
        .unwrap_or(u32::MAX)
}

#[cfg(not(unix))]
fn owned_by_me(_: &std::fs::Metadata) -> bool {
    true
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn the_folder_is_private_fresh_and_gone_with_the_process() {
        let base = tempfile::tempdir().unwrap();
        let a = Uploads::create_in(base.path()).unwrap();
        let b = Uploads::create_in(base.path()).unwrap();
        assert_ne!(a.dir(), b.dir(), "each server gets a folder of its own");
        let mode = std::fs::metadata(a.dir()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        a.create_file("x").unwrap();
        let fmode = std::fs::metadata(a.path("x")).unwrap().permissions().mode() & 0o777;
        assert_eq!(fmode, 0o600);
        assert!(
            a.create_file("x").is_err(),
            "an upload is never written twice"
        );
        let dir = a.dir().to_path_buf();
        drop(a);
        assert!(!dir.exists(), "removed with the server");
    }

    #[test]
    fn leftovers_of_a_crashed_server_are_removed_at_start() {
        let base = tempfile::tempdir().unwrap();
        // No process has this id: the kernel's limit is far below it.
        let dead = base.path().join(format!("{PREFIX}4000000000-abc"));
        std::fs::create_dir(&dead).unwrap();
        std::fs::write(dead.join("x.upload"), b"contacts").unwrap();
        let alive = base
            .path()
            .join(format!("{PREFIX}{}-live", std::process::id()));
        std::fs::create_dir(&alive).unwrap();
        let other = base.path().join("someone-elses");
        std::fs::create_dir(&other).unwrap();
        let _u = Uploads::create_in(base.path()).unwrap();
        assert!(!dead.exists());
        assert!(alive.exists(), "a running server's folder stays");
        assert!(other.exists(), "only warmline's folders are touched");
    }
}
