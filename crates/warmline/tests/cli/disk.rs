//! When the disk, not the database, is the problem, warmline says so and what to do:
//! a full disk, a read-only disk. Each test mounts a small tmpfs of its own, which needs
//! root (as CI runs); elsewhere it says it is skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::Sandbox;

/// A tmpfs mounted for one test, unmounted when dropped.
struct Mounted(PathBuf);

impl Mounted {
    fn new(dir: &Path, size: &str) -> Option<Mounted> {
        std::fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            // CI runs as root, where a tmpfs always mounts: there a skip would hide a
            // broken test, so it fails instead.
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but a tmpfs could not be mounted for the disk tests"
            );
            eprintln!("skipped: mounting a tmpfs needs root");
        }
        ok.then(|| Mounted(dir.to_path_buf()))
    }

    fn remount(&self, opts: &str) {
        let out = Command::new("mount")
            .args(["-o", &format!("remount,{opts}")])
            .arg(&self.0)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn on(sb: &Sandbox, db: &Path, args: &[&str]) -> crate::support::Run {
    let mut all = vec!["--db", db.to_str().unwrap()];
    all.extend_from_slice(args);
    sb.run(&all)
}

/// Fills the disk with a file until a write fails.
fn fill(dir: &Path) -> PathBuf {
    use std::io::Write;
    let path = dir.join("filler");
    let mut f = std::fs::File::create(&path).unwrap();
    let block = vec![0u8; 4096];
    while f.write_all(&block).and_then(|()| f.flush()).is_ok() {}
    let _ = f.sync_all();
    path
}

#[test]
fn a_full_disk_is_named_as_such_and_loses_nothing() {
    let sb = Sandbox::new();
    let Some(m) = Mounted::new(&sb.path("small"), "2m") else {
        return;
    };
    let db = m.0.join("full.db");
    on(&sb, &db, &["add", "Dana Lee"]).ok();
    let filler = fill(&m.0);
    // Bulk writes need new pages, which a full disk cannot give.
    let mut last = None;
    for n in 0..200 {
        let r = on(
            &sb,
            &db,
            &["add", &format!("Person {n}"), "--note", &"x".repeat(4000)],
        );
        if r.code != 0 {
            last = Some(r);
            break;
        }
    }
    let r = last.expect("a write fails once the disk is full");
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("the disk is full"), "{}", r.stderr);
    assert!(
        !r.stderr.contains("not a warmline database"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    let fresh = on(&sb, &m.0.join("new.db"), &["list"]);
    assert_eq!(fresh.code, 1);
    assert!(
        !fresh.stderr.contains("not a warmline database"),
        "a new database on a full disk: {}",
        fresh.stderr
    );
    std::fs::remove_file(filler).unwrap();
    let check = on(&sb, &db, &["check"]).ok();
    assert!(check.stdout.contains("integrity: ok"), "{}", check.stdout);
    assert!(
        on(&sb, &db, &["show", "Dana Lee"])
            .ok()
            .stdout
            .contains("Dana Lee")
    );
}

#[test]
fn a_read_only_disk_is_named_as_such() {
    let sb = Sandbox::new();
    let Some(m) = Mounted::new(&sb.path("ro"), "4m") else {
        return;
    };
    let db = m.0.join("w.db");
    on(&sb, &db, &["add", "Dana Lee"]).ok();
    m.remount("ro");
    let r = on(&sb, &db, &["add", "Sam Park"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("read-only"), "{}", r.stderr);
    assert!(
        !r.stderr.contains("not a warmline database"),
        "{}",
        r.stderr
    );
    let check = on(&sb, &db, &["check"]);
    assert!(
        !check.stderr.contains("not a warmline database") && !check.stderr.contains("damaged"),
        "a read-only disk is not damage: {}",
        check.stderr
    );
    m.remount("rw");
    on(&sb, &db, &["add", "Sam Park"]).ok();
}
