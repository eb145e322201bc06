//! Hosted mode: logging in and out, sessions, throttling, one-time links, the account's
//! own settings, and a bounded set of open databases.

use axum::http::{StatusCode, header};
use warmline_accounts::{recovery, token, totp};

use crate::hosted_support::{PASSWORD, START, Server, session_cookie};
use crate::support::seed;

#[test]
fn a_browser_without_a_session_is_sent_to_the_login() {
    crate::hosted_support::run(async {
        for s in Server::each() {
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
    })
}

#[test]
fn logging_in_opens_today_with_a_safe_cookie() {
    crate::hosted_support::run(async {
        for s in Server::each() {
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
            // The network is on the server, not on the reader's computer.
            for page in ["/", "/people", "/settings"] {
                let body = b.get(page).await.ok().body;
                assert!(!body.contains("stays on this computer"), "{page}");
            }
        }
    })
}

#[test]
fn over_https_the_cookie_is_secure_with_the_host_prefix() {
    crate::hosted_support::run(async {
        for s in Server::each_with(true) {
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
    })
}

#[test]
fn unknown_email_wrong_password_and_disabled_account_get_one_answer() {
    crate::hosted_support::run(async {
        for s in Server::each() {
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
            // Counted per address and per e-mail typed, known or not.
            assert_eq!(s.registry().address_failures("unknown").unwrap().count, 3);
            let _ = dana;
        }
    })
}

#[test]
fn the_login_form_needs_the_csrf_token_like_every_post() {
    crate::hosted_support::run(async {
        for s in Server::each() {
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
    })
}

#[test]
fn a_login_makes_a_new_session_id_and_ends_the_old_one() {
    crate::hosted_support::run(async {
        for s in Server::each() {
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
    })
}

#[test]
fn sessions_end_when_idle_and_after_twelve_hours() {
    crate::hosted_support::run(async {
        for s in Server::each() {
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
    })
}

#[test]
fn logging_out_here_and_everywhere() {
    crate::hosted_support::run(async {
        for s in Server::each() {
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
    })
}

#[test]
fn failed_logins_slow_the_next_without_locking_the_owner_out() {
    crate::hosted_support::run(async {
        for s in Server::each() {
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
    })
}

#[test]
fn a_one_time_link_sets_a_good_password_once() {
    crate::hosted_support::run(async {
        for s in Server::each() {
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
    })
}

#[test]
fn signup_only_when_the_server_allows_it() {
    crate::hosted_support::run(async {
        for s in Server::each() {
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
    })
}

#[test]
fn settings_download_the_backup_of_this_account_only() {
    crate::hosted_support::run(async {
        for s in Server::each() {
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
    })
}

#[test]
fn deleting_ones_account_needs_the_password_and_removes_everything() {
    crate::hosted_support::run(async {
        for s in Server::each() {
            let dana = s.add("dana@example.com");
            let lee = s.add("lee@example.com");
            seed(&s.store(dana));
            seed(&s.store(lee));
            let mut b = s.logged_in("dana@example.com").await;
            let r = b
                .post("/account/delete", &[("password", "not my password")])
                .await;
            assert_eq!(r.location(), "/settings?n=wrong-password");
            assert!(s.rows_of(dana) > 1, "{}", s.backend);
            let r = b.post("/account/delete", &[("password", PASSWORD)]).await;
            assert_eq!(r.location(), "/login?n=deleted");
            assert_eq!(
                s.rows_of(dana),
                0,
                "every row of it is gone ({})",
                s.backend
            );
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
    })
}

#[test]
fn a_second_factor_with_recovery_codes() {
    crate::hosted_support::run(async {
        for s in Server::each() {
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
            // The code that turned the factor on is used up.
            let used = totp::code_at(&secret, now).unwrap();
            let r = b.post("/login/code", &[("code", &used)]).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", s.backend);
            s.advance(30);
            let code = totp::code_at(&secret, now + 30).unwrap();
            assert_eq!(
                b.post("/login/code", &[("code", &code)]).await.location(),
                "/"
            );
            assert_eq!(b.get("/").await.status, StatusCode::OK);
            // Seen over a shoulder, the same code does not log in again within its window.
            let mut thief = s.browser();
            thief.login("dana@example.com", PASSWORD).await;
            s.advance(5);
            let r = thief.post("/login/code", &[("code", &code)]).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "a replayed code");
            assert_eq!(thief.get("/").await.location(), "/login/code");

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
    })
}

#[test]
fn open_databases_stay_within_the_limit() {
    crate::hosted_support::run(async {
        for s in Server::each() {
            for i in 0..6 {
                let email = format!("user{i}@example.com");
                s.add(&email);
                let mut b = s.logged_in(&email).await;
                assert_eq!(b.get("/people").await.status, StatusCode::OK);
            }
            assert_eq!(s.hosted.open_accounts().len(), 4);
        }
    })
}

/// A guesser rotating addresses learns nothing from the throttle: an e-mail without an
/// account slows down exactly as one with an account does.
#[test]
fn an_unknown_email_is_throttled_as_a_known_one() {
    crate::hosted_support::run(async {
        for (known, unknown) in Server::each_behind_proxy()
            .into_iter()
            .zip(Server::each_behind_proxy())
        {
            known.add("dana@example.com");
            let mut answers = Vec::new();
            for s in [&known, &unknown] {
                let mut b = s.browser();
                let mut seen = Vec::new();
                for i in 0..8 {
                    let r = b
                        .post_from(
                            "/login",
                            &[
                                ("email", "dana@example.com"),
                                ("password", "a wrong guess at it"),
                            ],
                            &format!("10.0.0.{i}"),
                        )
                        .await;
                    seen.push((r.status, r.body.contains("Too many attempts")));
                }
                answers.push(seen);
            }
            assert_eq!(answers[0], answers[1], "{}", known.backend);
            assert!(
                answers[0].contains(&(StatusCode::TOO_MANY_REQUESTS, true)),
                "{:?}",
                answers[0]
            );
        }
    })
}

/// A calendar app has no session: the feed's address names the account and carries its
/// token, and nothing else opens it.
#[test]
fn the_calendar_feed_works_without_a_session_with_its_token() {
    crate::hosted_support::run(async {
        for s in Server::each() {
            let dana = s.add("dana@example.com");
            let lee = s.add("lee@example.com");
            seed(&s.store(dana));
            let mut b = s.logged_in("dana@example.com").await;
            b.post("/settings/calendar", &[("action", "new")]).await;
            let settings = b.get("/settings").await.ok().body;
            let prefix = format!("/calendar/{}-", dana.0);
            let at = settings
                .find(&prefix)
                .expect("the feed's address names the account");
            let address: String = settings[at..]
                .chars()
                .take_while(|c| *c != '"' && *c != '<')
                .collect();
            assert!(address.ends_with(".ics"), "{address}");
            let token = address
                .trim_start_matches(&prefix)
                .trim_end_matches(".ics")
                .to_string();

            let mut app = s.browser();
            let feed = app.get(&address).await.ok();
            assert!(feed.body.starts_with("BEGIN:VCALENDAR"), "{}", s.backend);
            assert!(app.session.is_none());
            let wrong = format!("{prefix}{}.ics", "ab".repeat(32));
            assert_eq!(app.get(&wrong).await.status, StatusCode::NOT_FOUND);
            let other = format!("/calendar/{}-{token}.ics", lee.0);
            assert_eq!(app.get(&other).await.status, StatusCode::NOT_FOUND);
            let nobody = format!("/calendar/999-{token}.ics");
            assert_eq!(app.get(&nobody).await.status, StatusCode::NOT_FOUND);
            s.registry().set_disabled(dana, true).unwrap();
            assert_eq!(app.get(&address).await.status, StatusCode::NOT_FOUND);
        }
    })
}

/// `--admin` opens `/admin`, the list of accounts; to anyone else it does not exist.
#[test]
fn only_an_admin_sees_the_accounts() {
    crate::hosted_support::run(async {
        for s in Server::each() {
            let boss = s
                .registry()
                .add_account("boss@example.com", true, START)
                .unwrap();
            let hash = warmline_accounts::password::hash(PASSWORD).unwrap();
            s.registry().set_password_hash(boss.id, &hash).unwrap();
            s.add("lee@example.com");
            let mut lee = s.logged_in("lee@example.com").await;
            assert_eq!(lee.get("/admin").await.status, StatusCode::NOT_FOUND);
            assert!(!lee.get("/settings").await.body.contains("href=\"/admin\""));
            let mut b = s.logged_in("boss@example.com").await;
            assert!(b.get("/settings").await.body.contains("href=\"/admin\""));
            let page = b.get("/admin").await.ok().body;
            assert!(page.contains("lee@example.com") && page.contains("boss@example.com"));
            assert!(page.contains("admin"), "{}", s.backend);
            assert!(page.contains("Open signup is off"));
        }
    })
}
