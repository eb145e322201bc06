//! `warmline digest`: the digest printed, and sent through a real SMTP server on loopback
//! (Python's aiosmtpd, `tests/fixtures/smtp_sink.py`): the message read back, a refusal
//! for now retried, a refusal for good reported with a non-zero exit.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::support::Sandbox;

/// The sink, stopped when dropped.
pub(crate) struct Sink {
    child: Child,
    pub port: u16,
    pub out: PathBuf,
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The Python with aiosmtpd, if the tests have one (CI must).
pub(crate) fn python() -> Option<String> {
    crate::support::python_with("aiosmtpd")
}

impl Sink {
    /// A sink refusing the first `refuse` messages (-1: all) with `code`.
    pub(crate) fn start(python: &str, dir: &Path, refuse: i32, code: &str) -> Sink {
        let out = dir.join(format!("sink-{}", fastrand::u32(..)));
        std::fs::create_dir(&out).unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/smtp_sink.py");
        let mut child = Command::new(python)
            .arg(script)
            .args(["--out", &out.display().to_string()])
            .args(["--refuse", &refuse.to_string(), "--code", code])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("sink said {line:?}"));
        Sink { child, port, out }
    }

    pub(crate) fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The messages accepted so far.
    pub(crate) fn mails(&self) -> Vec<serde_json::Value> {
        (1..)
            .map(|n| self.out.join(format!("mail-{n}.json")))
            .take_while(|p| p.exists())
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect()
    }

    /// What the sink answered each message: "refused" or "accepted".
    pub(crate) fn answers(&self) -> Vec<String> {
        std::fs::read_to_string(self.out.join("attempts.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }
}

/// A network with a follow-up due today (2026-11-25) and a coffee two days ahead.
pub(crate) fn seed(s: &Sandbox) {
    s.run(&["add", "Dana Lee", "--email", "dana@example.com"])
        .ok();
    s.run(&["add", "Sam Ortiz"]).ok();
    s.run(&[
        "followup",
        "add",
        "dana",
        "send the case study",
        "--due",
        "0",
    ])
    .ok();
    s.run(&[
        "log",
        "sam",
        "coffee at Tartine",
        "--kind",
        "coffee",
        "--on",
        "2026-11-27",
    ])
    .ok();
}

#[test]
fn prints_todays_plan_and_the_weeks_meetings_with_links() {
    let s = Sandbox::new();
    seed(&s);
    let out = s
        .run(&["digest", "--url", "https://w.example/"])
        .ok()
        .stdout;
    assert!(out.starts_with("Today, Wednesday 25 November\n"), "{out}");
    assert!(out.contains("* follow up: Dana Lee\n"), "{out}");
    assert!(out.contains("send the case study"), "{out}");
    assert!(out.contains("  https://w.example/people/1\n"), "{out}");
    assert!(
        out.contains(
            "* Fri 27 Nov coffee with Sam Ortiz: coffee at Tartine\n  https://w.example/people/2\n"
        ),
        "{out}"
    );
    let json = s.run(&["--json", "digest"]).json();
    assert_eq!(
        json["subject"],
        "warmline: 2 things for Wednesday 25 November"
    );
    assert_eq!(json["items"][0]["link"], "/people/1");
    assert_eq!(json["items"][0]["kind"], "follow up");
    assert_eq!(json["meetings"][0]["with"][0], "Sam Ortiz");
    assert_eq!(json["url"], "http://127.0.0.1:7878");
    // An empty network still has a digest.
    let empty = Sandbox::new();
    let out = empty.run(&["digest"]).ok().stdout;
    assert!(out.contains("Nothing is due today"), "{out}");
    assert!(out.contains("No meetings ahead this week."), "{out}");
}

#[test]
fn sends_the_digest_through_smtp() {
    let Some(python) = python() else { return };
    let s = Sandbox::new();
    seed(&s);
    let sink = Sink::start(&python, s.dir.path(), 0, "451");
    let run = s
        .run(&[
            "digest",
            "--to",
            "dana@example.com",
            "--smtp",
            &sink.url(),
            "--from",
            "warmline@example.org",
            "--url",
            "https://w.example",
        ])
        .ok();
    assert!(
        run.stdout
            .starts_with("sent “warmline: 2 things for Wednesday 25 November” to dana@example.com"),
        "{}",
        run.transcript()
    );
    assert_eq!(run.stderr, "");
    let mails = sink.mails();
    assert_eq!(mails.len(), 1);
    let m = &mails[0];
    assert_eq!(m["subject"], "warmline: 2 things for Wednesday 25 November");
    assert_eq!(m["to"], "dana@example.com");
    assert_eq!(m["rcpt_tos"][0], "dana@example.com");
    assert_eq!(m["from"], "warmline@example.org");
    assert_eq!(m["content_type"], "multipart/alternative");
    let text = m["text"].as_str().unwrap().replace("\r\n", "\n");
    assert!(text.contains("* follow up: Dana Lee\n"), "{text}");
    assert!(text.contains("send the case study"), "{text}");
    assert!(text.contains("https://w.example/people/1\n"), "{text}");
    let html = m["html"].as_str().unwrap();
    assert!(
        html.contains("<a href=\"https://w.example/people/1\">Dana Lee</a>"),
        "{html}"
    );
    assert!(html.contains("coffee at Tartine"), "{html}");
}

#[test]
fn a_refusal_for_now_is_retried() {
    let Some(python) = python() else { return };
    let s = Sandbox::new();
    seed(&s);
    let sink = Sink::start(&python, s.dir.path(), 1, "451");
    let run = s.run(&[
        "--json",
        "digest",
        "--to",
        "dana@example.com",
        "--smtp",
        &sink.url(),
    ]);
    let json = run.json();
    assert_eq!(json["attempts"], 2, "{}", run.transcript());
    assert_eq!(json["sent_to"], "dana@example.com");
    assert!(
        run.stderr.starts_with("warmline: attempt 1 failed at 20")
            && run.stderr.contains(" UTC: smtp://127.0.0.1:")
            && run.stderr.contains("451")
            && run.stderr.trim_end().ends_with("; trying again"),
        "{}",
        run.stderr
    );
    assert_eq!(sink.answers(), ["refused", "accepted"]);
    assert_eq!(sink.mails().len(), 1);
    // Sent to yourself unless told otherwise.
    assert_eq!(sink.mails()[0]["from"], "dana@example.com");
}

#[test]
fn a_refusal_for_good_fails_loudly() {
    let Some(python) = python() else { return };
    let s = Sandbox::new();
    seed(&s);
    let sink = Sink::start(&python, s.dir.path(), -1, "550");
    let run = s.run(&["digest", "--to", "dana@example.com", "--smtp", &sink.url()]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(run.stdout, "");
    let last = run.stderr.lines().last().unwrap();
    assert!(
        last.starts_with("error: the digest was not sent after 1 attempt: smtp://127.0.0.1:")
            && last.contains("550"),
        "{}",
        run.stderr
    );
    assert_eq!(
        sink.answers(),
        ["refused"],
        "a permanent refusal is not retried"
    );
    assert!(sink.mails().is_empty());
}

#[test]
fn bad_addresses_are_named_before_anything_is_sent() {
    let s = Sandbox::new();
    let run = s.run(&[
        "digest",
        "--to",
        "dana@example.com",
        "--smtp",
        "ftp://mail.example",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("error: 'ftp://mail.example' is not an SMTP address"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    let run = s.run(&[
        "digest",
        "--to",
        "not an address",
        "--smtp",
        "smtp://127.0.0.1:1",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: the recipient 'not an address' is not an e-mail address\n"
    );
    let run = s.run(&["digest", "--to", "dana@example.com"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("--smtp"), "{}", run.stderr);
}

/// `warmline server run` on `data` until dropped, with `env` added.
struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn server_run(s: &Sandbox, data: &str, extra: &[&str]) -> Served {
    let mut child = s
        .std_command()
        .env("WARMLINE_NOW", "2026-11-25 07:31")
        .args(["server", "run", "--port", "0", "--data", data])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.contains("is serving"), "{line}");
    Served(child)
}

/// Waits up to 30 seconds for `done`.
fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !done() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "waited for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

#[test]
fn the_server_sends_due_digests_and_reports_the_failed_ones() {
    let Some(python) = python() else { return };
    for (backend, postgres) in crate::server::backends() {
        let s = Sandbox::new();
        seed(&s);
        std::fs::write(
            s.path("backup.json"),
            s.run(&["export", "json"]).ok().stdout,
        )
        .unwrap();
        let data = s.path("data").display().to_string();
        let cmd = |args: &[&str]| {
            let mut all = vec!["--json", "server"];
            all.extend_from_slice(args);
            all.extend(["--data", &data]);
            s.run(&all)
        };
        match &postgres {
            Some(url) => cmd(&["init", "--postgres", url]).json(),
            None => cmd(&["init"]).json(),
        };
        let file = s.path("backup.json").display().to_string();
        let mut ids = Vec::new();
        for email in ["dana@example.com", "lee@example.com"] {
            let added = cmd(&["user", "add", email]).json();
            cmd(&["import-account", email, &file]).json();
            ids.push(warmline_store::accounts::AccountId(
                added["account"]["id"].as_i64().unwrap(),
            ));
        }
        // Passwords set and digests chosen as the pages would.
        let registry =
            warmline_store::accounts::Registry::open(&s.path("data/accounts.db")).unwrap();
        let hash = warmline_accounts::password::hash("copper kettles sing at dawn").unwrap();
        let prefs = warmline_core::digest::Prefs {
            enabled: true,
            time: warmline_core::digest::parse_time("07:30").unwrap(),
            days: warmline_core::digest::Days::WEEKDAYS,
        };
        for id in &ids {
            registry.set_password_hash(*id, &hash).unwrap();
        }
        registry.set_digest_prefs(ids[0], &prefs).unwrap();

        // Dana's digest goes as soon as the server runs (07:31 on a Wednesday).
        let sink = Sink::start(&python, s.dir.path(), 0, "451");
        let served = server_run(
            &s,
            &data,
            &[
                "--smtp",
                &sink.url(),
                "--smtp-from",
                "warmline@example.org",
                "--public-url",
                "https://w.example/",
            ],
        );
        wait_for("the digest", || !sink.mails().is_empty());
        // The server records the sending once the mail server has taken it: wait for
        // that before stopping it.
        wait_for("the sending recorded", || {
            registry.digest(ids[0]).unwrap().sent.last_sent.is_some()
        });
        drop(served);
        let mails = sink.mails();
        assert_eq!(mails.len(), 1, "{backend}");
        assert_eq!(mails[0]["to"], "dana@example.com");
        assert_eq!(mails[0]["from"], "warmline@example.org");
        assert_eq!(
            mails[0]["subject"],
            "warmline: 2 things for Wednesday 25 November"
        );
        let text = mails[0]["text"].as_str().unwrap();
        assert!(text.contains("send the case study"), "{text}");
        assert!(text.contains("https://w.example/people/1"), "{text}");
        let status = cmd(&["status"]).json();
        assert_eq!(
            status["digest"]["failures"].as_array().unwrap().len(),
            0,
            "{status}"
        );
        assert_eq!(
            registry
                .digest(ids[0])
                .unwrap()
                .sent
                .last_sent
                .unwrap()
                .to_string(),
            "2026-11-25"
        );

        // Lee's goes through a server that refuses it for good: recorded and reported.
        registry.set_digest_prefs(ids[1], &prefs).unwrap();
        let refusing = Sink::start(&python, s.dir.path(), -1, "550");
        cmd(&["set", "smtp", &refusing.url()]).json();
        cmd(&["set", "smtp-from", "warmline@example.org"]).json();
        let served = server_run(&s, &data, &[]);
        wait_for("the failure", || {
            !cmd(&["status"]).json()["digest"]["failures"]
                .as_array()
                .unwrap()
                .is_empty()
        });
        drop(served);
        let status = cmd(&["status"]).json();
        let failures = status["digest"]["failures"].as_array().unwrap();
        assert_eq!(failures.len(), 1, "{backend}: {status}");
        assert_eq!(failures[0]["email"], "lee@example.com");
        assert!(
            failures[0]["error"].as_str().unwrap().contains("550"),
            "{status}"
        );
        assert_eq!(status["digest"]["smtp"], refusing.url());
        assert_eq!(refusing.answers(), ["refused"], "Dana's went already today");
        let text = s.run(&["server", "status", "--data", &data]).ok().stdout;
        assert!(
            text.contains("digest failures in the last 7 days:"),
            "{text}"
        );
        assert!(
            text.contains("lee@example.com (id 2)  attempt 1: "),
            "{text}"
        );
    }
}

#[test]
fn server_digest_settings_are_checked_and_kept() {
    let s = Sandbox::new();
    let data = s.path("data").display().to_string();
    let cmd = |args: &[&str]| {
        let mut all = vec!["server"];
        all.extend_from_slice(args);
        all.extend(["--data", &data]);
        s.run(&all)
    };
    cmd(&["init"]).ok();
    let bad = cmd(&["set", "smtp", "ftp://mail.example"]);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr
            .starts_with("error: 'ftp://mail.example' is not an SMTP address"),
        "{}",
        bad.stderr
    );
    let bad = cmd(&["set", "public-url", "warmline.example.org"]);
    assert_eq!(
        bad.stderr,
        "error: 'warmline.example.org' is not a web address: use https://HOST (or http://)\n"
    );
    let bad = cmd(&["set", "smtp-from", "nobody"]);
    assert_eq!(
        bad.stderr,
        "error: the sender 'nobody' is not an e-mail address\n"
    );
    let bad = cmd(&["set", "open-signup", "maybe"]);
    assert_eq!(bad.stderr, "error: open-signup is on or off, not 'maybe'\n");
    // A password in the address is stored, never printed back.
    let set = cmd(&["set", "smtp", "smtps://me:secret@mail.example.org"]).ok();
    assert_eq!(set.stdout, "smtp is smtps://me:***@mail.example.org\n");
    let status = cmd(&["--json", "status"]).json();
    assert_eq!(status["digest"]["smtp"], "smtps://me:***@mail.example.org");
    assert_eq!(status["digest"]["accounts"], 0);
    let text = cmd(&["status"]).ok().stdout;
    assert!(
        text.contains("no digest failed in the last 7 days"),
        "{text}"
    );
    // Without a sender, `run` says what is missing instead of sending nothing.
    let run = cmd(&["run", "--port", "0"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: the digest needs a sender: give --smtp-from ADDRESS (or warmline server set smtp-from ADDRESS)\n"
    );
    assert_eq!(cmd(&["set", "smtp", ""]).ok().stdout, "smtp is forgotten\n");
    assert_eq!(
        cmd(&["--json", "status"]).json()["digest"]["smtp"],
        serde_json::Value::Null
    );
}
