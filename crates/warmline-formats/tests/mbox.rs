//! mbox import: Gmail Takeout messages, multipart bodies skipped, interactions per thread.

use std::fs::File;
use std::path::PathBuf;

use chrono::NaiveDate;
use warmline_core::interaction::{Direction, Kind};
use warmline_formats::mbox::{MailMessage, email_interactions, messages};
use warmline_formats::{InteractionRecord, InteractionSource, Me};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn read(name: &str) -> Vec<MailMessage> {
    messages(File::open(data(name)).unwrap())
        .map(|m| m.unwrap())
        .collect()
}

#[test]
fn gmail_takeout_sample() {
    let got = read("gmail-takeout.mbox");
    assert_eq!(got.len(), 2);
    let first = &got[0];
    assert_eq!(first.line, 1);
    assert_eq!(first.thread, "gm:1789012345678901234");
    let from = first.from.as_ref().unwrap();
    assert_eq!(
        (from.name.as_deref(), from.email.as_str()),
        (Some("Jürgen Müller"), "juergen@example.de")
    );
    let to: Vec<&str> = first.to.iter().map(|a| a.email.as_str()).collect();
    assert_eq!(to, ["me@example.com", "ada@example.com"]);
    assert_eq!(first.cc[0].email, "grace@example.org");
    assert_eq!(first.subject, "Re: Intro – Acme");
    assert_eq!(first.date, NaiveDate::from_ymd_opt(2026, 11, 11));
    // The body line ">From the team" does not split the message.
    assert_eq!(got[1].line, 16);
    assert_eq!(got[1].thread, "id:def@example.com");
}

#[test]
fn sample_interactions() {
    let me = Me::new(["me@example.com"], Vec::<String>::new());
    let known = ["juergen@example.de", "ada@example.com"];
    let file = File::open(data("gmail-takeout.mbox")).unwrap();
    let mut it = email_interactions(messages(file), &me, |e| known.contains(&e));
    let got: Vec<InteractionRecord> = it.by_ref().map(|r| r.unwrap()).collect();
    let keys: Vec<(&str, Direction)> = got
        .iter()
        .map(|r| (r.source_key.as_str(), r.direction))
        .collect();
    assert_eq!(
        keys,
        [
            (
                "mbox:gm:1789012345678901234:2026-11-11:juergen@example.de",
                Direction::Inbound
            ),
            (
                "mbox:gm:1789012345678901234:2026-11-11:ada@example.com",
                Direction::Inbound
            ),
            (
                "mbox:id:def@example.com:2026-11-12:juergen@example.de",
                Direction::Outbound
            ),
        ]
    );
    assert!(
        got.iter()
            .all(|r| r.kind == Kind::Email && r.source == InteractionSource::Mbox)
    );
    assert_eq!(got[0].summary, "Re: Intro – Acme");
    assert_eq!(it.stats().unknown_addresses, 1, "grace is not a contact");
}

#[test]
fn multipart_and_one_interaction_per_thread_day() {
    let got = read("multipart.mbox");
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].subject, "Café next week");
    assert_eq!(got[0].to[0].name.as_deref(), Some("Jürgen"));
    assert_eq!(got[0].to[1].name.as_deref(), Some("Hopper, Grace"));
    assert_eq!(
        got[1].subject, "Re: Café next week",
        "raw UTF-8 headers are read"
    );
    assert_eq!(got[2].thread, "subject:offer");
    let me = Me::new(["me@example.com"], Vec::<String>::new());
    let file = File::open(data("multipart.mbox")).unwrap();
    let recs: Vec<InteractionRecord> =
        email_interactions(messages(file), &me, |e| e != "stranger@spam.example")
            .map(|r| r.unwrap())
            .collect();
    // Jürgen's reply on the same day and thread adds nothing; Grace gets her own.
    assert_eq!(recs.len(), 2);
    assert!(recs.iter().all(|r| r.direction == Direction::Outbound));
}

#[test]
fn truncated_and_garbage_files() {
    let got = read("truncated.mbox");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].from.as_ref().unwrap().email, "ada@example.com");
    let garbage: Vec<_> = messages(File::open(data("garbage.bin")).unwrap()).collect();
    assert_eq!(garbage.len(), 1);
    assert!(garbage[0].is_err());
}

#[test]
fn large_bodies_stream_in_constant_memory() {
    // 50 messages with 1 MB single-line bodies: lines are peeked at, not buffered.
    let mut data = Vec::new();
    for i in 0..50 {
        data.extend_from_slice(format!("From {i}@x Mon Jan 05 09:00:00 +0000 2026\nFrom: a{i}@example.com\nSubject: s{i}\n\n").as_bytes());
        data.extend(std::iter::repeat_n(b'x', 1 << 20));
        data.extend_from_slice(b"\n\n");
    }
    let got: Vec<MailMessage> = messages(&data[..]).map(|m| m.unwrap()).collect();
    assert_eq!(got.len(), 50);
    assert_eq!(got[49].subject, "s49");
}
