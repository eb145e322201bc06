//! Files that hold the network are readable by their owner only, whatever the umask.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::support::Sandbox;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Runs warmline under the usual permissive umask, as a shell would.
fn under_umask(sb: &Sandbox, args: &[&str]) {
    let bin = assert_cmd::cargo::cargo_bin("warmline");
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg("umask 022; exec \"$WARMLINE_BIN\" \"$@\"")
        .arg("sh")
        .args(args)
        .env_clear()
        .env("WARMLINE_BIN", &bin)
        .env("WARMLINE_DB", sb.db())
        .env("WARMLINE_TODAY", &sb.today)
        .env("HOME", sb.dir.path())
        .env("NO_COLOR", "1")
        .current_dir(sb.dir.path());
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_database_backups_exports_and_restores_are_private() {
    let sb = Sandbox::new();
    under_umask(&sb, &["add", "Dana Lee", "--email", "dana@acme.example"]);
    let db = sb.db();
    assert_eq!(mode(&db), 0o600, "the database");
    for companion in ["warmline.db-wal", "warmline.db-shm"] {
        let p = sb.path(companion);
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{companion}");
        }
    }

    let backup = sb.path("copies/b.db");
    under_umask(&sb, &["backup", backup.to_str().unwrap()]);
    assert_eq!(mode(&backup), 0o600, "a backup");
    assert_eq!(mode(&sb.path("copies")), 0o700, "the folder made for it");

    // Without FILE the backup goes to warmline's own folder under HOME.
    let own = tempfile::tempdir().unwrap();
    let home = Sandbox {
        dir: own,
        today: sb.today.clone(),
    };
    under_umask(&home, &["add", "Sam"]);
    under_umask(&home, &["backup"]);
    assert_eq!(mode(&home.path(".local/share/warmline")), 0o700);
    let backups = home.path(".local/share/warmline/backups");
    assert_eq!(mode(&backups), 0o700);
    for e in std::fs::read_dir(&backups).unwrap() {
        assert_eq!(mode(&e.unwrap().path()), 0o600);
    }

    let export = sb.path("people.vcf");
    under_umask(&sb, &["export", "vcard", "-o", export.to_str().unwrap()]);
    assert_eq!(mode(&export), 0o600, "a new export");
    std::fs::set_permissions(&export, std::fs::Permissions::from_mode(0o600)).unwrap();
    under_umask(&sb, &["export", "json", "-o", export.to_str().unwrap()]);
    assert_eq!(
        mode(&export),
        0o600,
        "an export written over a private file"
    );

    under_umask(&sb, &["restore", backup.to_str().unwrap(), "--yes"]);
    assert_eq!(mode(&db), 0o600, "the restored database");
    let kept: Vec<_> = std::fs::read_dir(sb.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("before-restore"))
        .collect();
    assert!(!kept.is_empty());
    for k in kept {
        assert_eq!(mode(&k), 0o600, "{}", k.display());
    }
}

#[test]
fn a_database_left_readable_by_an_earlier_version_is_made_private() {
    let sb = Sandbox::new();
    under_umask(&sb, &["add", "Dana Lee"]);
    std::fs::set_permissions(sb.db(), std::fs::Permissions::from_mode(0o644)).unwrap();
    under_umask(&sb, &["list"]);
    assert_eq!(mode(&sb.db()), 0o600);
}

#[test]
fn the_demo_leaves_only_its_private_database_behind() {
    let sb = Sandbox::new();
    let db = sb.path("demo.db");
    // A scratch file of a demo killed mid-load goes with the next demo's load.
    let left = sb.path("demo.db-aside-4000000000");
    std::fs::write(&left, b"half a history").unwrap();
    under_umask(
        &sb,
        &[
            "--db",
            db.to_str().unwrap(),
            "demo",
            "--size",
            "300",
            "--no-serve",
        ],
    );
    let mut left_behind: Vec<String> = std::fs::read_dir(sb.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("demo.db"))
        .collect();
    left_behind.sort();
    assert!(
        left_behind
            .iter()
            .all(|n| ["demo.db", "demo.db-wal", "demo.db-shm"].contains(&n.as_str())),
        "{left_behind:?}"
    );
    for name in left_behind {
        assert_eq!(mode(&sb.path(&name)), 0o600, "{name}");
    }
}
