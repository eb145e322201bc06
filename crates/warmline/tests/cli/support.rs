//! Running the binary in a sandbox: its own database, a pinned date, no colour.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub const TODAY: &str = "2026-11-25";

pub struct Sandbox {
    pub dir: tempfile::TempDir,
    pub today: String,
}

pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    /// stdout, stderr and the exit status as one text, for snapshots.
    pub fn transcript(&self) -> String {
        let mut t = format!("exit: {}\n", self.code);
        if !self.stdout.is_empty() {
            t.push_str(&format!("--- stdout\n{}", self.stdout));
        }
        if !self.stderr.is_empty() {
            t.push_str(&format!("--- stderr\n{}", self.stderr));
        }
        t
    }

    pub fn json(&self) -> serde_json::Value {
        assert_eq!(self.code, 0, "{}", self.transcript());
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }

    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "{}", self.transcript());
        self
    }
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
            today: TODAY.into(),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("warmline.db")
    }

    pub fn command(&self) -> Command {
        let mut cmd = Command::cargo_bin("warmline").unwrap();
        cmd.env_clear()
            .env("WARMLINE_DB", self.db())
            .env("WARMLINE_TODAY", &self.today)
            .env("HOME", self.dir.path())
            .env("NO_COLOR", "1")
            .current_dir(self.dir.path());
        cmd
    }

    /// The same as [`Sandbox::command`], as a plain process to spawn and kill.
    pub fn std_command(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("warmline"));
        cmd.env_clear()
            .env("WARMLINE_DB", self.db())
            .env("WARMLINE_TODAY", &self.today)
            .env("HOME", self.dir.path())
            .env("NO_COLOR", "1")
            .current_dir(self.dir.path());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out = self.command().args(args).output().unwrap();
        Run {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            code: out.status.code().unwrap_or(-1),
        }
    }

    /// Replaces the sandbox's path in output so snapshots hold still.
    pub fn redact(&self, text: &str) -> String {
        text.replace(&self.dir.path().display().to_string(), "[TMP]")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

pub fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}

/// `WARMLINE_TEST_PYTHON` when it can import `module` (.ci/run installs what the tests
/// need); without one a test skips on a laptop, and under CI fails.
pub fn python_with(module: &str) -> Option<String> {
    let python = std::env::var("WARMLINE_TEST_PYTHON")
        .ok()
        .filter(|p| !p.is_empty())
        .filter(|p| {
            std::process::Command::new(p)
                .args(["-c", &format!("import {module}")])
                .output()
                .is_ok_and(|o| o.status.success())
        });
    if python.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "WARMLINE_TEST_PYTHON with {module} is missing: .ci/run installs it"
        );
        eprintln!("no Python with {module} (WARMLINE_TEST_PYTHON): skipping");
    }
    python
}
