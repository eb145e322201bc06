//! Files that hold a person's network are readable by their owner only.
//!
//! The database, its WAL and shared-memory files, backups, copies kept before a migration
//! or a restore, exports and uploads all carry names, addresses and private notes. Under
//! the usual umask (022) every one of them would be readable by anyone on the machine, so
//! whatever warmline creates is made 0600 and its folders 0700 explicitly, whatever the
//! umask says. SQLite creates a database's `-wal` and `-shm` files with the database
//! file's own mode, so a private database keeps its companions private too.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// Mode of every file that holds personal data.
pub const FILE_MODE: u32 = 0o600;
/// Mode of every folder warmline creates for such files.
pub const DIR_MODE: u32 = 0o700;

/// Creates `dir` and any missing parents, each new folder readable by this user only.
/// Folders that already exist are left as they are: they may be the user's own (`/tmp`,
/// a synced folder) and not warmline's to change.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(DIR_MODE);
    }
    builder.create(dir)?;
    // The mode given above is filtered through the umask; say it again so a strict or an
    // odd umask cannot change what the folder ends up as.
    restrict(dir, DIR_MODE)
}

/// Makes `path` readable by its owner only, if it exists.
pub fn restrict(path: &Path, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.file_type().is_symlink() => Ok(()),
            Ok(meta) if meta.permissions().mode() & 0o777 != mode => {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
            }
            Ok(_) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        Ok(())
    }
}

/// Creates a new, empty file at `path` that only its owner can read; fails if something
/// is already there, so nobody else's file (or link) is ever written through.
pub fn create_new(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(FILE_MODE);
    }
    let file = options.open(path)?;
    restrict(path, FILE_MODE)?;
    Ok(file)
}

/// Prepares the database file at `path` before SQLite opens it: a new database starts as
/// an empty private file, and an existing one (with its `-wal`, `-shm` and `-journal`) is
/// made private if an earlier version or another program left it readable to others.
pub fn prepare_database(path: &Path) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        create_dir(dir)?;
    }
    match create_new(path) {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => restrict(path, FILE_MODE)?,
        Err(e) => return Err(e),
    }
    for suffix in ["-wal", "-shm", "-journal"] {
        restrict(&companion(path, suffix), FILE_MODE)?;
    }
    Ok(())
}

/// `path` with `suffix` added to its file name (`w.db` and `-wal` give `w.db-wal`).
pub fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn new_folders_and_files_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        create_dir(&nested).unwrap();
        assert_eq!(mode(&dir.path().join("a")), DIR_MODE);
        assert_eq!(mode(&nested), DIR_MODE);
        let f = nested.join("x.db");
        create_new(&f).unwrap();
        assert_eq!(mode(&f), FILE_MODE);
        assert!(
            create_new(&f).is_err(),
            "never writes through an existing file"
        );
    }

    #[test]
    fn an_open_database_and_its_companions_become_private() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("w.db");
        for p in [db.clone(), companion(&db, "-wal"), companion(&db, "-shm")] {
            std::fs::write(&p, b"").unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        prepare_database(&db).unwrap();
        assert_eq!(mode(&db), FILE_MODE);
        assert_eq!(mode(&companion(&db, "-wal")), FILE_MODE);
        assert_eq!(mode(&companion(&db, "-shm")), FILE_MODE);
    }

    #[test]
    fn a_folder_that_was_there_before_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o755)).unwrap();
        prepare_database(&shared.join("w.db")).unwrap();
        assert_eq!(mode(&shared), 0o755);
        assert_eq!(mode(&shared.join("w.db")), FILE_MODE);
    }
}
