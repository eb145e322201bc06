//! Finding `Connections.csv` and `messages.csv` in what the user points at: the export's
//! folder, its `.zip`, or one of the CSV files itself.
//!
//! LinkedIn has changed the archive's layout over the years (nested folders, case of the
//! names), so members are matched by file name, case-insensitively, at any depth. Files are
//! handed to the caller as readers inside a callback, which lets a zip member be streamed
//! without unpacking it.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{FormatError, Result};

/// How deep to look for the CSV files in a folder.
const MAX_DEPTH: usize = 4;

/// Where the two files of a LinkedIn export are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkedInExport {
    Files {
        connections: Option<PathBuf>,
        messages: Option<PathBuf>,
    },
    Zip {
        archive: PathBuf,
        connections: Option<String>,
        messages: Option<String>,
    },
}

/// Opens a LinkedIn export given as a folder, a `.zip`, or a single CSV file (recognised by
/// its header). It is an error when neither file is found.
pub fn open_export(path: &Path) -> Result<LinkedInExport> {
    let found = if path.is_dir() {
        let mut found = (None, None);
        walk(path, 0, &mut found);
        LinkedInExport::Files {
            connections: found.0,
            messages: found.1,
        }
    } else if is_zip(path)? {
        zip_members(path)?
    } else {
        let head = read_head(path)?;
        if head.contains("conversation id") {
            LinkedInExport::Files {
                connections: None,
                messages: Some(path.to_path_buf()),
            }
        } else {
            LinkedInExport::Files {
                connections: Some(path.to_path_buf()),
                messages: None,
            }
        }
    };
    if !found.has_connections() && !found.has_messages() {
        return Err(FormatError::new(
            0,
            "no Connections.csv or messages.csv found in this LinkedIn export",
        ));
    }
    Ok(found)
}

impl LinkedInExport {
    pub fn has_connections(&self) -> bool {
        match self {
            LinkedInExport::Files { connections, .. } => connections.is_some(),
            LinkedInExport::Zip { connections, .. } => connections.is_some(),
        }
    }

    pub fn has_messages(&self) -> bool {
        match self {
            LinkedInExport::Files { messages, .. } => messages.is_some(),
            LinkedInExport::Zip { messages, .. } => messages.is_some(),
        }
    }

    /// Runs `f` over `Connections.csv`; `Ok(None)` when the export has none.
    pub fn read_connections<T>(&self, f: impl FnOnce(&mut dyn Read) -> T) -> Result<Option<T>> {
        match self {
            LinkedInExport::Files { connections, .. } => with_file(connections.as_deref(), f),
            LinkedInExport::Zip {
                archive,
                connections,
                ..
            } => with_member(archive, connections.as_deref(), f),
        }
    }

    /// Runs `f` over `messages.csv`; `Ok(None)` when the export has none.
    pub fn read_messages<T>(&self, f: impl FnOnce(&mut dyn Read) -> T) -> Result<Option<T>> {
        match self {
            LinkedInExport::Files { messages, .. } => with_file(messages.as_deref(), f),
            LinkedInExport::Zip {
                archive, messages, ..
            } => with_member(archive, messages.as_deref(), f),
        }
    }
}

fn file_kind(name: &str) -> Option<bool> {
    match name.to_lowercase().as_str() {
        "connections.csv" => Some(true),
        "messages.csv" => Some(false),
        _ => None,
    }
}

fn walk(dir: &Path, depth: usize, found: &mut (Option<PathBuf>, Option<PathBuf>)) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    // Sorted, so that the same folder always yields the same files.
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if depth < MAX_DEPTH {
                walk(&p, depth + 1, found);
            }
            continue;
        }
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
        match name.as_deref().and_then(file_kind) {
            Some(true) if found.0.is_none() => found.0 = Some(p),
            Some(false) if found.1.is_none() => found.1 = Some(p),
            _ => {}
        }
    }
}

fn is_zip(path: &Path) -> Result<bool> {
    let mut magic = [0u8; 4];
    let mut f = File::open(path).map_err(|e| FormatError::new(0, format!("cannot open: {e}")))?;
    let n = f.read(&mut magic).map_err(|e| FormatError::io(0, &e))?;
    Ok(n == 4 && magic == *b"PK\x03\x04")
}

fn read_head(path: &Path) -> Result<String> {
    let f = File::open(path).map_err(|e| FormatError::new(0, format!("cannot open: {e}")))?;
    let mut head = Vec::new();
    f.take(4096)
        .read_to_end(&mut head)
        .map_err(|e| FormatError::io(0, &e))?;
    Ok(crate::text::decode(&head).to_lowercase())
}

fn open_zip(path: &Path) -> Result<zip::ZipArchive<BufReader<File>>> {
    let f = File::open(path).map_err(|e| FormatError::new(0, format!("cannot open: {e}")))?;
    zip::ZipArchive::new(BufReader::new(f))
        .map_err(|e| FormatError::new(0, format!("not a readable zip archive: {e}")))
}

fn zip_members(path: &Path) -> Result<LinkedInExport> {
    let archive = open_zip(path)?;
    let (mut connections, mut messages) = (None, None);
    let mut names: Vec<&str> = archive.file_names().collect();
    names.sort_unstable();
    for name in names {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        match file_kind(base) {
            Some(true) if connections.is_none() => connections = Some(name.to_string()),
            Some(false) if messages.is_none() => messages = Some(name.to_string()),
            _ => {}
        }
    }
    Ok(LinkedInExport::Zip {
        archive: path.to_path_buf(),
        connections,
        messages,
    })
}

fn with_file<T>(path: Option<&Path>, f: impl FnOnce(&mut dyn Read) -> T) -> Result<Option<T>> {
    let Some(path) = path else { return Ok(None) };
    let file = File::open(path)
        .map_err(|e| FormatError::new(0, format!("cannot open {}: {e}", path.display())))?;
    let mut reader = BufReader::new(file);
    Ok(Some(f(&mut reader)))
}

fn with_member<T>(
    archive: &Path,
    name: Option<&str>,
    f: impl FnOnce(&mut dyn Read) -> T,
) -> Result<Option<T>> {
    let Some(name) = name else { return Ok(None) };
    let mut zip = open_zip(archive)?;
    let mut member = zip
        .by_name(name)
        .map_err(|e| FormatError::new(0, format!("cannot read {name} in the archive: {e}")))?;
    Ok(Some(f(&mut member)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn finds_files_in_nested_folders_and_zips() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("Basic_LinkedInDataExport").join("x");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(
            nested.join("CONNECTIONS.CSV"),
            "First Name,Last Name\nA,B\n",
        )
        .unwrap();
        let e = open_export(dir.path()).unwrap();
        assert!(e.has_connections() && !e.has_messages());
        let text = e
            .read_connections(|r| {
                let mut s = String::new();
                r.read_to_string(&mut s).map(|_| s)
            })
            .unwrap()
            .unwrap()
            .unwrap();
        assert!(text.starts_with("First Name"));

        let zpath = dir.path().join("export.zip");
        let mut z = zip::ZipWriter::new(File::create(&zpath).unwrap());
        let opts = zip::write::SimpleFileOptions::default();
        z.start_file("Export/messages.csv", opts).unwrap();
        z.write_all(b"CONVERSATION ID,FROM\n").unwrap();
        z.finish().unwrap();
        let e = open_export(&zpath).unwrap();
        assert!(e.has_messages() && !e.has_connections());
        let n = e
            .read_messages(|r| std::io::copy(r, &mut std::io::sink()))
            .unwrap();
        assert_eq!(n.unwrap().unwrap(), 21);
        assert_eq!(e.read_connections(|_| ()).unwrap(), None);
    }

    #[test]
    fn a_single_csv_is_sniffed_and_garbage_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let m = dir.path().join("m.csv");
        std::fs::write(&m, "CONVERSATION ID,FROM\n").unwrap();
        assert!(open_export(&m).unwrap().has_messages());
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(open_export(empty.path()).unwrap_err().line, 0);
        let bad = dir.path().join("bad.zip");
        std::fs::write(&bad, b"PK\x03\x04garbage").unwrap();
        assert!(open_export(&bad).is_err());
    }
}
