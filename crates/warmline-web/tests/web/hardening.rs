//! What an attacker on the same machine or in another tab meets: every refusal is as
//! guarded as a page, any loopback address answers to itself, and an upload lives in a
//! folder nobody else can read or replace, gone once it is no longer needed.

use std::os::unix::fs::PermissionsExt;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;
use warmline_web::{App, Today};

use crate::support::{HOST, Harness, ORIGIN, Reply, TOKEN, today};

#[track_caller]
fn guarded(r: &Reply) {
    let h = &r.headers;
    let csp = h
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(
        csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
        "{} without the CSP: {h:?}",
        r.status
    );
    assert_eq!(h.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff");
    assert_eq!(h.get(header::X_FRAME_OPTIONS).unwrap(), "DENY");
    assert_eq!(h.get(header::CACHE_CONTROL).unwrap(), "no-store");
    assert_eq!(h.get(header::REFERRER_POLICY).unwrap(), "same-origin");
}

#[tokio::test]
async fn the_guards_refusals_carry_the_security_headers() {
    let h = Harness::new();

    let foreign_host = h
        .send(
            Request::get("/")
                .header(header::HOST, "evil.example:7878")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(foreign_host.status, StatusCode::FORBIDDEN);
    guarded(&foreign_host);

    let forged = h
        .post_with(
            "/people",
            "name=Mallory",
            Some("http://evil.example"),
            Some(TOKEN),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    guarded(&forged);

    let no_token = h
        .post_with("/people", "name=Mallory", Some(ORIGIN), Some(TOKEN))
        .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    guarded(&no_token);

    let json = h
        .send(
            Request::post("/people")
                .header(header::HOST, HOST)
                .header(header::ORIGIN, ORIGIN)
                .header(header::COOKIE, format!("warmline_csrf={TOKEN}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .unwrap(),
        )
        .await;
    assert_eq!(json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    guarded(&json);

    let huge = format!("csrf={TOKEN}&name={}", "a".repeat(100 * 1024));
    let too_large = h
        .post_with("/people", &huge, Some(ORIGIN), Some(TOKEN))
        .await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    guarded(&too_large);

    let missing = h.get("/no-such-page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    guarded(&missing);
}

#[tokio::test]
async fn any_loopback_address_answers_at_its_own_host() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(dir.path().join("w.db"), Today::Fixed(today())).unwrap();
    let addr: std::net::SocketAddr = "127.0.0.2:7878".parse().unwrap();
    let router = warmline_web::router(app, warmline_web::host_policy(addr));
    let get = |host: &'static str| {
        Request::get("/")
            .header(header::HOST, host)
            .body(Body::empty())
            .unwrap()
    };
    let own = router.clone().oneshot(get("127.0.0.2:7878")).await.unwrap();
    assert_eq!(own.status(), StatusCode::OK, "the address it prints works");
    let other = router.oneshot(get("127.0.0.3:7878")).await.unwrap();
    assert_eq!(other.status(), StatusCode::FORBIDDEN);
}

#[test]
fn remote_serving_without_a_login_is_refused_with_the_reason() {
    let remote = warmline_web::check_bind("192.0.2.1".parse().unwrap(), false).unwrap_err();
    assert!(remote.to_string().contains("no login"), "{remote}");
    let flag = warmline_web::check_bind("127.0.0.1".parse().unwrap(), true).unwrap_err();
    assert!(flag.to_string().contains("--allow-remote"), "{flag}");
    assert!(warmline_web::check_bind("127.0.0.2".parse().unwrap(), false).is_ok());
    assert!(warmline_web::check_bind("::1".parse().unwrap(), false).is_ok());
}

const CARD: &[u8] =
    b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@engine.example\r\nEND:VCARD\r\n";

fn mode(p: &std::path::Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

async fn preview(h: &Harness) -> Reply {
    h.upload(
        "/import",
        &[
            ("csrf", None, TOKEN.as_bytes()),
            ("file", Some("a.vcf"), CARD),
        ],
        ORIGIN,
    )
    .await
    .ok()
}

fn files_in(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect()
}

#[tokio::test]
async fn an_upload_is_private_and_leaves_when_cancelled_or_imported() {
    let h = Harness::new();
    let dir = h.app.uploads().dir().to_path_buf();
    assert_eq!(mode(&dir), 0o700);
    let r = preview(&h).await;
    let waiting = files_in(&dir);
    assert_eq!(waiting.len(), 1, "the previewed file waits for Confirm");
    assert_eq!(mode(&waiting[0]), 0o600);
    assert!(
        r.body.contains("formaction=\"/import/cancel\""),
        "{}",
        r.body
    );
    let id = {
        let at = r.body.find("name=\"upload\" value=\"").unwrap() + 21;
        r.body[at..at + 64].to_string()
    };
    let cancelled = h
        .post("/import/cancel", &[("upload", &id), ("format", "vcard")])
        .await;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);
    assert!(files_in(&dir).is_empty(), "cancelled: gone");
    assert_eq!(h.store().count_people().unwrap(), 0, "and nothing imported");

    let r = preview(&h).await;
    let at = r.body.find("name=\"upload\" value=\"").unwrap() + 21;
    let id = r.body[at..at + 64].to_string();
    h.post("/import/confirm", &[("upload", &id), ("format", "vcard")])
        .await
        .ok();
    assert!(files_in(&dir).is_empty(), "imported: gone");

    drop(h);
    assert!(!dir.exists(), "the folder goes with the server");
}
