//! Importing through the web: upload, a dry-run preview that writes nothing, confirm.

use axum::http::StatusCode;

use crate::support::{Harness, ORIGIN, Part, TOKEN, fingerprint, seed};

const CARDS: &str = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@engine.example\r\nORG:Analytical Engines\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:Dana Lee\r\nEMAIL:dana@acme.example\r\nTITLE:VP Communications\r\nTEL:+1 555 0199\r\nEND:VCARD\r\n";

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../warmline-formats/tests/data")
        .join(name);
    std::fs::read(path).unwrap()
}

/// The upload id a preview page carries in its confirmation form.
pub fn upload_id(body: &str) -> String {
    let at = body
        .find("name=\"upload\" value=\"")
        .expect("a confirm form")
        + 21;
    body[at..at + 64].to_string()
}

#[tokio::test]
async fn a_file_is_previewed_then_imported() {
    let h = Harness::new();
    let (dana, _) = seed(&h.store());
    let page = h.get("/import").await.ok();
    assert!(page.body.contains("enctype=\"multipart/form-data\""));

    let before = fingerprint(&h.store());
    let r = h
        .upload(
            "/import",
            &[
                ("csrf", None, TOKEN.as_bytes()),
                ("format", None, b"auto"),
                ("file", Some("contacts.vcf"), CARDS.as_bytes()),
            ],
            ORIGIN,
        )
        .await
        .ok();
    assert!(r.body.contains("What this file would change"), "{}", r.body);
    assert!(r.body.contains("add Ada Lovelace"));
    assert!(
        r.body.contains("update Dana Lee"),
        "matched by email: {}",
        r.body
    );
    assert_eq!(fingerprint(&h.store()), before, "a preview writes nothing");

    let id = upload_id(&r.body);
    let done = h
        .post(
            "/import/confirm",
            &[
                ("upload", &id),
                ("format", "vcard"),
                ("name", "contacts.vcf"),
            ],
        )
        .await
        .ok();
    assert!(done.body.contains("Imported"));
    let s = h.store();
    assert_eq!(s.count_people().unwrap(), 3, "Ada added, Dana merged");
    assert_eq!(
        s.person(dana).unwrap().title.as_deref(),
        Some("Account Director"),
        "without overwrite, typed details stay"
    );
    // The upload is gone: confirming twice cannot import twice.
    let again = h
        .post("/import/confirm", &[("upload", &id), ("format", "vcard")])
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("expired"));
    // Importing the same file again changes nothing.
    let r = h
        .upload(
            "/import",
            &[
                ("csrf", None, TOKEN.as_bytes()),
                ("file", Some("contacts.vcf"), CARDS.as_bytes()),
            ],
            ORIGIN,
        )
        .await
        .ok();
    assert!(r.body.contains("is here already"), "{}", r.body);
}

#[tokio::test]
async fn a_shared_number_with_another_name_is_kept_apart_and_shown() {
    let h = Harness::new();
    let cards = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nTEL:+1 206 555 0100\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:Front Desk\r\nTEL:+1 206 555 0100\r\nEND:VCARD\r\n";
    let r = h
        .upload(
            "/import",
            &[
                ("csrf", None, TOKEN.as_bytes()),
                ("format", None, b"vcard"),
                ("file", Some("office.vcf"), cards.as_bytes()),
            ],
            ORIGIN,
        )
        .await
        .ok();
    assert!(r.body.contains("add Front Desk"), "{}", r.body);
    assert!(
        r.body.contains(
            "Front Desk (line 6) shares the phone number +1 206 555 0100 with Ada Lovelace"
        ),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn a_hostile_calendar_previews_within_its_budget() {
    let h = Harness::new();
    let r = h
        .upload(
            "/import",
            &[
                ("csrf", None, TOKEN.as_bytes()),
                ("format", None, b"ics"),
                (
                    "file",
                    Some("hostile.ics"),
                    &fixture("hostile-recurrence.ics"),
                ),
            ],
            ORIGIN,
        )
        .await
        .ok();
    assert!(r.body.contains("Cut short"), "{}", r.body);
    assert!(r.body.contains("Since the year 1"), "{}", r.body);
}

#[tokio::test]
async fn every_format_previews() {
    let h = Harness::new();
    for (file, format) in [
        ("linkedin-Connections.csv", "auto"),
        ("linkedin-messages.csv", "linkedin"),
        ("google-current.csv", "google"),
        ("v21.vcf", "auto"),
        ("gmail-takeout.mbox", "mbox"),
        ("google-calendar.ics", "auto"),
    ] {
        let content = fixture(file);
        let r = h
            .upload(
                "/import",
                &[
                    ("csrf", None, TOKEN.as_bytes()),
                    ("format", None, format.as_bytes()),
                    ("file", Some(file), &content),
                ],
                ORIGIN,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{file}: {}", r.body);
        assert!(r.body.contains("would change"), "{file}");
    }
    assert_eq!(h.store().count_people().unwrap(), 0);
}

#[tokio::test]
async fn a_broken_file_lists_its_problems_and_offers_no_import() {
    let h = Harness::new();
    let r = h
        .upload(
            "/import",
            &[
                ("csrf", None, TOKEN.as_bytes()),
                ("format", None, b"vcard"),
                ("file", Some("broken.vcf"), &fixture("truncated.vcf")),
            ],
            ORIGIN,
        )
        .await
        .ok();
    assert!(r.body.contains("Problems"), "{}", r.body);
    assert!(!r.body.contains("/import/confirm"));
    let r = h
        .upload(
            "/import",
            &[
                ("csrf", None, TOKEN.as_bytes()),
                ("file", Some("empty.vcf"), b""),
            ],
            ORIGIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Choose a file"));
    let r = h
        .post(
            "/import/confirm",
            &[("upload", "../../etc/passwd"), ("format", "vcard")],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn forged_uploads_are_refused_before_anything_is_stored() {
    let h = Harness::new();
    let wrong = "e".repeat(64);
    let cases: [(&str, Vec<Part<'_>>, &str); 4] = [
        (
            "a wrong token",
            vec![
                ("csrf", None, wrong.as_bytes()),
                ("file", Some("c.vcf"), CARDS.as_bytes()),
            ],
            ORIGIN,
        ),
        (
            "no token",
            vec![("file", Some("c.vcf"), CARDS.as_bytes())],
            ORIGIN,
        ),
        (
            "the token after the file",
            vec![
                ("file", Some("c.vcf"), CARDS.as_bytes()),
                ("csrf", None, TOKEN.as_bytes()),
            ],
            ORIGIN,
        ),
        (
            "a foreign origin",
            vec![
                ("csrf", None, TOKEN.as_bytes()),
                ("file", Some("c.vcf"), CARDS.as_bytes()),
            ],
            "http://evil.example",
        ),
    ];
    let uploads = std::env::temp_dir().join("warmline-uploads");
    let count = || std::fs::read_dir(&uploads).map(|d| d.count()).unwrap_or(0);
    for (what, parts, origin) in cases {
        let before = count();
        let r = h.upload("/import", &parts, origin).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{what}: {}", r.body);
        assert!(count() <= before, "{what}: nothing stored");
    }
    // Multipart anywhere else is not accepted at all.
    let r = h
        .upload(
            "/people",
            &[("csrf", None, TOKEN.as_bytes()), ("name", None, b"Mallory")],
            ORIGIN,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(h.store().count_people().unwrap(), 0);
}
