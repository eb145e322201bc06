//! Hosted mode: logging in and out, sessions, throttling, one-time links, the account's
//! own settings, and a bounded set of open databases.

use axum::http::{StatusCode, header};
use warmline_accounts::{recovery, token, totp};

use crate::hosted_support::{PASSWORD, START, Server, session_cookie};
use crate::support::seed;

#[tokio::test]
async fn a_browser_without_a_session_is_sent_to_the_login() {
    let s = Server::new();
    let mut b = s.browser();
    let r = b.get("/").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/login");
    let login = b.get("/login").await.ok();
    assert!(login.body.contains("name=\"password\""), "{}", login.body);
    assert!(!login.body.contains("Sign up"), "signup is off by default");
    let health = b.get("/healthz").await.ok();
    assert_eq!(health.body, "ok\n");
}

#[tokio::test]
async fn logging_in_opens_today_with_a_safe_cookie() {
    let s = Server::new();
    s.add("dana@example.com");
    let mut b = s.browser();
    let r = b.login("Dana@Example.com", PASSWORD).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"));
    let cookie = r
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("warmline_session="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        cookie.contains("Path=/") && !cookie.contains("Secure"),
        "{cookie}"
    );
    let value = cookie.split(';').next().unwrap().split('=').nth(1).unwrap();
    assert!(token::looks_like(value), "256 random bits as hex");
    // Only the hash is stored.
    let stored = s.registry().session(&token::hash_of(value)).unwrap();
    assert!(stored.is_some());
    assert!(s.registry().session(value).unwrap().is_none());
    let today = b.get("/").await.ok();
    assert!(today.body.contains("Today"), "{}", today.body);
}

#[tokio::test]
async fn over_https_the_cookie_is_secure_with_the_host_prefix() {
    let s = Server::with(true);
    s.add("dana@example.com");
    let mut b = s.browser();
    let r = b.login("dana@example.com", PASSWORD).await;
    let cookie = r
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.contains("warmline_session="))
        .unwrap();
    assert!(cookie.starts_with("__Host-warmline_session="), "{cookie}");
    assert!(
        cookie.contains("; Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Domain"), "{cookie}");
    assert_eq!(b.get("/").await.status, StatusCode::OK);
}

#[tokio::test]
async fn unknown_email_wrong_password_and_disabled_account_get_one_answer() {
    let s = Server::new();
    let dana = s.add("dana@example.com");
    s.add("off@example.com");
    let off = s.registry().require("off@example.com").unwrap().id;
    s.registry().set_disabled(off, true).unwrap();
    let mut answers = Vec::new();
    for (email, pw) in [
        ("nobody@example.com", PASSWORD),
        ("dana@example.com", "not the password at all"),
        ("off@example.com", PASSWORD),
    ] {
        let mut b = s.browser();
        let r = b.login(email, pw).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(session_cookie(&r).is_none());
        let message = r
            .body
            .lines()
            .find(|l| l.contains("role=\"alert\""))
            .unwrap()
            .to_string();
        answers.push(message);
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
    assert_eq!(s.registry().account_failures(dana).unwrap().count, 1);
}

#[tokio::test]
async fn the_login_form_needs_the_csrf_token_like_every_post() {
    let s = Server::new();
    s.add("dana@example.com");
    let r = s
        .send(
            axum::http::Request::post("/login")
                .header(header::HOST, crate::support::HOST)
                .header(header::ORIGIN, "http://evil.example")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(axum::body::Body::from(format!(
                    "email=dana%40example.com&password={}",
                    PASSWORD.replace(' ', "+")
                )))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(session_cookie(&r).is_none());
}

#[tokio::test]
async fn a_login_makes_a_new_session_id_and_ends_the_old_one() {
    let s = Server::new();
    s.add("dana@example.com");
    let mut b = s.logged_in("dana@example.com").await;
    let first = b.session.clone().unwrap();
    b.login("dana@example.com", PASSWORD).await;
    let second = b.session.clone().unwrap();
    assert_ne!(first, second);
    let old = first.split('=').nth(1).unwrap();
    assert!(
        s.registry()
            .session(&token::hash_of(old))
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn sessions_end_when_idle_and_after_twelve_hours() {
    let s = Server::new();
    s.add("dana@example.com");
    let mut b = s.logged_in("dana@example.com").await;
    s.advance(29 * 60);
    assert_eq!(
        b.get("/").await.status,
        StatusCode::OK,
        "29 minutes idle is fine"
    );
    s.advance(31 * 60);
    assert_eq!(
        b.get("/").await.location(),
        "/login",
        "31 minutes idle is not"
    );

    let mut b = s.logged_in("dana@example.com").await;
    for _ in 0..40 {
        s.advance(20 * 60);
        if b.get("/").await.status != StatusCode::OK {
            break;
        }
    }
    let elapsed = s.clock.load(std::sync::atomic::Ordering::Relaxed) - START - 60 * 60;
    assert!(elapsed <= 12 * 60 * 60 + 20 * 60, "{elapsed}");
    assert_eq!(b.get("/").await.location(), "/login");
}

#[tokio::test]
async fn logging_out_here_and_everywhere() {
    let s = Server::new();
    s.add("dana@example.com");
    let mut laptop = s.logged_in("dana@example.com").await;
    let mut phone = s.logged_in("dana@example.com").await;
    let r = laptop.post("/account/logout-everywhere", &[]).await;
    assert_eq!(r.location(), "/settings?n=everywhere");
    assert_eq!(phone.get("/").await.location(), "/login");
    assert_eq!(
        laptop.get("/").await.status,
        StatusCode::OK,
        "this browser stays in"
    );
    let r = laptop.post("/logout", &[]).await;
    assert_eq!(r.location(), "/login?n=logged-out");
    assert!(laptop.session.is_none(), "the cookie is cleared");
    assert_eq!(laptop.get("/").await.location(), "/login");
}

#[tokio::test]
async fn failed_logins_slow_the_next_without_locking_the_owner_out() {
    let s = Server::new();
    s.add("dana@example.com");
    let mut b = s.browser();
    for _ in 0..3 {
        assert_eq!(
            b.login("dana@example.com", "wrong guess here").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    // Three failures earn a wait; even the right password waits it out.
    let r = b.login("dana@example.com", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert!(r.body.contains("Too many attempts"), "{}", r.body);
    // Many failures from many addresses: the account's own wait stops at 30 seconds.
    let reg = s.registry();
    let id = reg.require("dana@example.com").unwrap().id;
    for i in 0..50 {
        reg.record_failure(Some(id), &format!("10.0.0.{i}"), START)
            .unwrap();
    }
    s.advance(31);
    let r = b.login("dana@example.com", PASSWORD).await;
    assert_eq!(r.location(), "/", "{}", r.body);
}

#[tokio::test]
async fn a_one_time_link_sets_a_good_password_once() {
    let s = Server::new();
    let reg = s.registry();
    let a = reg.add_account("lee@example.com", false, START).unwrap();
    let t = token::new().unwrap();
    reg.add_link(a.id, &t.hash, START + 3600).unwrap();
    let path = format!("/set-password/{}", t.secret);
    let mut b = s.browser();
    let page = b.get(&path).await.ok();
    assert!(page.body.contains("lee@example.com"));
    for (pw, why) in [("short one", "at least 12"), ("password1234", "too common")] {
        let r = b.post(&path, &[("password", pw), ("confirm", pw)]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains(why), "{}", r.body);
    }
    let r = b
        .post(&path, &[("password", PASSWORD), ("confirm", "other")])
        .await;
    assert!(r.body.contains("differ"));
    let r = b
        .post(&path, &[("password", PASSWORD), ("confirm", PASSWORD)])
        .await;
    assert_eq!(r.location(), "/login?n=password-set");
    assert_eq!(b.get(&path).await.status, StatusCode::NOT_FOUND, "used up");
    assert_eq!(b.login("lee@example.com", PASSWORD).await.location(), "/");
    // An expired link shows nothing.
    let t2 = token::new().unwrap();
    reg.add_link(a.id, &t2.hash, START + 10).unwrap();
    s.advance(11);
    let r = b.get(&format!("/set-password/{}", t2.secret)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn signup_only_when_the_server_allows_it() {
    let s = Server::new();
    let mut b = s.browser();
    assert_eq!(b.get("/signup").await.status, StatusCode::NOT_FOUND);
    let r = b
        .post(
            "/signup",
            &[
                ("email", "new@example.com"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(
        s.registry()
            .account_by_email("new@example.com")
            .unwrap()
            .is_none()
    );
    s.registry().set_open_signup(true).unwrap();
    assert!(b.get("/login").await.body.contains("Sign up"));
    let r = b
        .post(
            "/signup",
            &[
                ("email", "new@example.com"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.location(), "/login?n=signed-up", "{}", r.body);
    assert_eq!(b.login("new@example.com", PASSWORD).await.location(), "/");
}

#[tokio::test]
async fn settings_download_the_backup_of_this_account_only() {
    let s = Server::new();
    let dana = s.add("dana@example.com");
    s.add("lee@example.com");
    seed(&s.store(dana));
    let mut b = s.logged_in("lee@example.com").await;
    let r = b.get("/settings/backup").await.ok();
    let disposition = r
        .headers
        .get(header::CONTENT_DISPOSITION)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"warmline-"),
        "{disposition}"
    );
    let doc: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(doc["warmline_backup"], 1);
    assert_eq!(
        doc["tables"]["people"].as_array().unwrap().len(),
        0,
        "Lee's own, empty"
    );
    let mut b = s.logged_in("dana@example.com").await;
    let doc: serde_json::Value =
        serde_json::from_str(&b.get("/settings/backup").await.body).unwrap();
    assert_eq!(doc["tables"]["people"].as_array().unwrap().len(), 2);
    let settings = b.get("/settings").await.ok();
    assert!(settings.body.contains("Logged in as dana@example.com"));
}

#[tokio::test]
async fn deleting_ones_account_needs_the_password_and_removes_everything() {
    let s = Server::new();
    let dana = s.add("dana@example.com");
    let lee = s.add("lee@example.com");
    seed(&s.store(dana));
    seed(&s.store(lee));
    let db = s.registry().database_of(dana);
    let mut b = s.logged_in("dana@example.com").await;
    let r = b
        .post("/account/delete", &[("password", "not my password")])
        .await;
    assert_eq!(r.location(), "/settings?n=wrong-password");
    assert!(db.exists());
    let r = b.post("/account/delete", &[("password", PASSWORD)]).await;
    assert_eq!(r.location(), "/login?n=deleted");
    assert!(!db.exists());
    assert!(s.registry().account(dana).unwrap().is_none());
    assert_eq!(b.get("/").await.location(), "/login");
    assert_eq!(
        b.login("dana@example.com", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        s.store(lee).count_people().unwrap(),
        2,
        "the other account is untouched"
    );
}

#[tokio::test]
async fn a_second_factor_with_recovery_codes() {
    let s = Server::new();
    let id = s.add("dana@example.com");
    let mut b = s.logged_in("dana@example.com").await;
    let setup = b.get("/account/totp").await.ok();
    assert!(
        setup
            .body
            .contains("otpauth://totp/warmline:dana%40example.com"),
        "{}",
        setup.body
    );
    let secret = s.registry().totp(id).unwrap().pending.unwrap();
    assert!(setup.body.contains(&secret));
    let r = b
        .post("/account/totp", &[("action", "on"), ("code", "000000")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    b.get("/account/totp").await.ok();
    let secret = s.registry().totp(id).unwrap().pending.unwrap();
    let now = u64::try_from(START).unwrap();
    let before = b.session.clone();
    let code = totp::code_at(&secret, now).unwrap();
    let r = b
        .post("/account/totp", &[("action", "on"), ("code", &code)])
        .await
        .ok();
    assert_ne!(
        b.session, before,
        "a new session id at the change of privilege"
    );
    let codes: Vec<String> = r
        .body
        .lines()
        .filter_map(|l| l.trim().strip_prefix("<li><code>"))
        .map(|l| l.trim_end_matches("</code></li>").to_string())
        .collect();
    assert_eq!(codes.len(), recovery::COUNT, "{}", r.body);
    assert_eq!(b.get("/").await.status, StatusCode::OK);

    // Next login: the password alone leads to the code page, not to the network.
    let mut b = s.browser();
    assert_eq!(
        b.login("dana@example.com", PASSWORD).await.location(),
        "/login/code"
    );
    assert_eq!(b.get("/").await.location(), "/login/code");
    assert_eq!(b.get("/settings/backup").await.location(), "/login/code");
    let r = b.post("/login/code", &[("code", "123456")]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let code = totp::code_at(&secret, now).unwrap();
    assert_eq!(
        b.post("/login/code", &[("code", &code)]).await.location(),
        "/"
    );
    assert_eq!(b.get("/").await.status, StatusCode::OK);

    // A recovery code works once.
    for expected in ["/", "/login/code"] {
        let mut b = s.browser();
        b.login("dana@example.com", PASSWORD).await;
        s.advance(5);
        let r = b
            .post("/login/code", &[("code", &codes[0].to_uppercase())])
            .await;
        if expected == "/" {
            assert_eq!(r.location(), "/");
        } else {
            assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        }
    }
}

#[tokio::test]
async fn open_databases_stay_within_the_limit() {
    let s = Server::new();
    for i in 0..6 {
        let email = format!("user{i}@example.com");
        s.add(&email);
        let mut b = s.logged_in(&email).await;
        assert_eq!(b.get("/people").await.status, StatusCode::OK);
    }
    assert_eq!(s.hosted.open_accounts().len(), 4);
}
