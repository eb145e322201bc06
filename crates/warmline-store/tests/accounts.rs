//! The account registry of the hosted mode: accounts, sessions, links, throttling, second
//! factor, and that deleting an account leaves none of its rows.

mod backends;

use warmline_store::StoreError;
use warmline_store::accounts::{AccountId, Backend, Registry};

fn registry() -> (tempfile::TempDir, Registry) {
    let dir = tempfile::tempdir().unwrap();
    let r = Registry::open(&dir.path().join("accounts.db")).unwrap();
    (dir, r)
}

/// A registry on each backend: an SQLite file, and a PostgreSQL schema of its own.
fn registries() -> Vec<(tempfile::TempDir, Registry)> {
    let mut all = vec![registry()];
    if let Some((app, _owner)) = backends::fresh_schema() {
        let dir = tempfile::tempdir().unwrap();
        let r = Registry::init_postgres(dir.path(), &app).unwrap();
        all.push((dir, r));
    }
    all
}

#[test]
fn accounts_are_unique_by_address_whatever_the_case() {
    for (_d, r) in registries() {
        let a = r.add_account("Dana@Example.com", true, 100).unwrap();
        assert!(a.admin && !a.disabled && !a.has_password && !a.totp);
        assert_eq!(a.email, "Dana@Example.com");
        let again = r.add_account("dana@example.COM", false, 101).unwrap_err();
        assert_eq!(
            again.to_string(),
            "an account for dana@example.COM already exists"
        );
        assert!(matches!(
            r.add_account("not an address", false, 1),
            Err(StoreError::Invalid(_))
        ));
        assert_eq!(r.require(" DANA@example.com").unwrap().id, a.id);
        assert_eq!(
            r.require("nobody@example.com").unwrap_err().to_string(),
            "no account for nobody@example.com"
        );
        r.add_account("lee@example.com", false, 102).unwrap();
        let emails: Vec<String> = r.accounts().unwrap().into_iter().map(|a| a.email).collect();
        assert_eq!(emails, ["Dana@Example.com", "lee@example.com"]);
    }
}

#[test]
fn links_set_a_password_once_and_expire() {
    for (_d, r) in registries() {
        let a = r.add_account("dana@example.com", false, 0).unwrap();
        r.add_link(a.id, "h1", 1000).unwrap();
        assert_eq!(r.link_account("h1", 999).unwrap(), Some(a.id));
        assert_eq!(r.link_account("h1", 1000).unwrap(), None, "expired");
        assert_eq!(r.link_account("nope", 0).unwrap(), None);
        // A newer link replaces the older one.
        r.add_link(a.id, "h2", 1000).unwrap();
        assert_eq!(r.link_account("h1", 0).unwrap(), None);
        assert_eq!(r.use_link("h2", "$argon2id$x", 10).unwrap(), Some(a.id));
        assert_eq!(
            r.use_link("h2", "$argon2id$y", 10).unwrap(),
            None,
            "used up"
        );
        assert_eq!(
            r.password_hash(a.id).unwrap().as_deref(),
            Some("$argon2id$x")
        );
        assert!(r.account(a.id).unwrap().unwrap().has_password);
    }
}

#[test]
fn sessions_end_on_password_change_disable_and_everywhere() {
    for (_d, r) in registries() {
        let a = r.add_account("dana@example.com", false, 0).unwrap();
        let b = r.add_account("lee@example.com", false, 0).unwrap();
        r.add_session("s1", a.id, false, 10).unwrap();
        r.add_session("s2", a.id, false, 10).unwrap();
        r.add_session("t1", b.id, false, 10).unwrap();
        let s = r.session("s1").unwrap().unwrap();
        assert_eq!(
            (s.account, s.created_at, s.seen_at, s.pending_totp),
            (a.id, 10, 10, false)
        );
        // The session with its account, in one read.
        let (both, account) = r.signed_in("s1").unwrap().unwrap();
        assert_eq!(both, s);
        assert_eq!(account, r.account(a.id).unwrap().unwrap());
        assert_eq!(r.signed_in("nobody").unwrap(), None);
        r.touch_session("s1", 20).unwrap();
        assert_eq!(r.session("s1").unwrap().unwrap().seen_at, 20);

        assert!(r.rotate_session("s1", "s1b", true, 30).unwrap());
        assert_eq!(r.session("s1").unwrap(), None);
        let rotated = r.session("s1b").unwrap().unwrap();
        assert_eq!(
            (rotated.created_at, rotated.seen_at, rotated.pending_totp),
            (10, 30, true)
        );
        assert!(!r.rotate_session("gone", "x", false, 30).unwrap());

        r.end_sessions(a.id).unwrap();
        assert_eq!(r.count_sessions(a.id).unwrap(), 0);
        assert_eq!(
            r.count_sessions(b.id).unwrap(),
            1,
            "another account's sessions stay"
        );

        r.set_disabled(b.id, true).unwrap();
        assert_eq!(r.session("t1").unwrap(), None);
        assert_eq!(
            r.signed_in("t1").unwrap(),
            None,
            "a disabled account signs no one in"
        );
        r.set_disabled(b.id, false).unwrap();
        r.add_session("t2", b.id, false, 40).unwrap();
        r.set_password_hash(b.id, "$argon2id$new").unwrap();
        assert_eq!(
            r.session("t2").unwrap(),
            None,
            "a new password ends old sessions"
        );
        r.add_session("t3", b.id, false, 40).unwrap();
        r.clear_password(b.id).unwrap();
        assert_eq!(r.session("t3").unwrap(), None, "a reset ends old sessions");
        assert_eq!(r.password_hash(b.id).unwrap(), None);
    }
}

#[test]
fn idle_and_old_sessions_are_pruned() {
    for (_d, r) in registries() {
        let a = r.add_account("dana@example.com", false, 0).unwrap();
        r.add_session("old", a.id, false, 0).unwrap();
        r.add_session("idle", a.id, false, 50).unwrap();
        r.add_session("fresh", a.id, false, 50).unwrap();
        r.touch_session("fresh", 100).unwrap();
        assert_eq!(r.prune_sessions(90, 10).unwrap(), 2);
        assert!(r.session("fresh").unwrap().is_some());
    }
}

#[test]
fn failures_count_per_account_and_address() {
    for (_d, r) in registries() {
        let a = r.add_account("dana@example.com", false, 0).unwrap();
        r.record_failure(Some(a.id), "10.0.0.1", 5).unwrap();
        r.record_failure(None, "10.0.0.1", 6).unwrap();
        r.record_failure(Some(a.id), "10.0.0.2", 7).unwrap();
        assert_eq!(r.account_failures(a.id).unwrap().count, 2);
        assert_eq!(r.account_failures(a.id).unwrap().last_at, 7);
        assert_eq!(r.address_failures("10.0.0.1").unwrap().count, 2);
        assert_eq!(r.address_failures("10.9.9.9").unwrap().count, 0);
        r.clear_failures(a.id, "10.0.0.1").unwrap();
        assert_eq!(r.account_failures(a.id).unwrap().count, 0);
        assert_eq!(r.address_failures("10.0.0.1").unwrap().count, 0);
        assert_eq!(r.address_failures("10.0.0.2").unwrap().count, 1);
    }
}

#[test]
fn second_factor_and_recovery_codes() {
    for (_d, r) in registries() {
        let a = r.add_account("dana@example.com", false, 0).unwrap();
        r.set_totp_pending(a.id, "SECRET").unwrap();
        assert_eq!(r.totp(a.id).unwrap().secret, None, "not on until confirmed");
        r.enable_totp(a.id, &["c1".into(), "c2".into()]).unwrap();
        let t = r.totp(a.id).unwrap();
        assert_eq!((t.secret.as_deref(), t.pending), (Some("SECRET"), None));
        assert!(r.account(a.id).unwrap().unwrap().totp);
        assert!(r.use_recovery_code(a.id, "c1").unwrap());
        assert!(!r.use_recovery_code(a.id, "c1").unwrap(), "once only");
        assert_eq!(r.count_recovery_codes(a.id).unwrap(), 1);
        r.disable_totp(a.id).unwrap();
        assert_eq!(r.count_recovery_codes(a.id).unwrap(), 0);
        assert!(!r.account(a.id).unwrap().unwrap().totp);
    }
}

#[test]
fn open_signup_is_off_until_turned_on() {
    for (_d, r) in registries() {
        assert!(!r.open_signup().unwrap());
        r.set_open_signup(true).unwrap();
        assert!(r.open_signup().unwrap());
        r.set_open_signup(false).unwrap();
        assert!(!r.open_signup().unwrap());
    }
}

#[test]
fn deleting_an_account_leaves_none_of_its_rows_or_files() {
    let (dir, r) = registry();
    let a = r.add_account("dana@example.com", false, 0).unwrap();
    let b = r.add_account("lee@example.com", false, 0).unwrap();
    for id in [a.id, b.id] {
        r.add_session(&format!("s{id}"), id, false, 0).unwrap();
        r.add_link(id, &format!("l{id}"), 100).unwrap();
        r.record_failure(Some(id), "10.0.0.1", 1).unwrap();
        r.set_totp_pending(id, "S").unwrap();
        r.enable_totp(id, &[format!("c{id}")]).unwrap();
        let db = r.database_of(id);
        std::fs::create_dir_all(db.parent().unwrap()).unwrap();
        for suffix in ["", "-wal", "-shm", ".bak-v3"] {
            std::fs::write(format!("{}{suffix}", db.display()), b"x").unwrap();
        }
    }
    // An account numbered 10 shares a prefix with 1 in file names, not in ownership.
    let ten = r.database_of(AccountId(10));
    std::fs::write(&ten, b"x").unwrap();

    r.delete_account(a.id).unwrap();
    r.remove_database_of(a.id).unwrap();
    assert_eq!(r.account(a.id).unwrap(), None);
    assert_eq!(r.session(&format!("s{}", a.id)).unwrap(), None);
    assert_eq!(r.link_account(&format!("l{}", a.id), 0).unwrap(), None);
    assert_eq!(r.account_failures(a.id).unwrap().count, 0);
    assert_eq!(r.count_recovery_codes(a.id).unwrap(), 0);
    let left: Vec<String> = std::fs::read_dir(dir.path().join("accounts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        left.iter()
            .all(|n| !n.starts_with(&format!("{}.db", a.id)) || n.starts_with("10.")),
        "{left:?}"
    );
    assert!(ten.exists());
    // The other account is untouched.
    assert!(r.session(&format!("s{}", b.id)).unwrap().is_some());
    assert_eq!(r.count_recovery_codes(b.id).unwrap(), 1);
    assert!(r.database_of(b.id).exists());
    assert!(matches!(
        r.delete_account(a.id),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn commands_other_than_init_need_an_existing_registry() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accounts.db");
    assert!(Registry::open_existing(&path).is_err());
    assert!(!path.exists(), "nothing created");
    Registry::open(&path).unwrap();
    Registry::open_existing(&path).unwrap();
}

#[test]
fn on_postgres_deleting_an_account_removes_every_row_of_its_network() {
    let Some((app, _)) = backends::fresh_schema() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let r = Registry::init_postgres(dir.path(), &app).unwrap();
    assert!(matches!(r.backend(), Backend::Postgres { .. }));
    let a = r.add_account("dana@example.com", false, 0).unwrap();
    let b = r.add_account("lee@example.com", false, 0).unwrap();
    for id in [a.id, b.id] {
        let store = r.open_store(id).unwrap();
        let sam = warmline_store::NewPerson {
            name: "Sam Park".into(),
            tags: vec!["friend".into()],
            ..Default::default()
        };
        let today = warmline_core::date::parse_iso("2026-11-01").unwrap();
        store.add_person(&sam, today).unwrap();
        assert_eq!(store.count_people().unwrap(), 1);
    }
    r.remove_database_of(a.id).unwrap();
    r.delete_account(a.id).unwrap();
    assert_eq!(
        r.open_store(a.id).unwrap().backup_json().unwrap()["tables"]
            .as_object()
            .unwrap()
            .values()
            .map(|rows| rows.as_array().unwrap().len())
            .sum::<usize>(),
        0
    );
    assert_eq!(r.open_store(b.id).unwrap().count_people().unwrap(), 1);
    // The folder remembers the database: opening it by its registry path finds it.
    let again = Registry::open_existing(&dir.path().join("accounts.db")).unwrap();
    assert_eq!(again.accounts().unwrap().len(), 1);
    assert!(!dir.path().join("accounts.db").exists());
}

#[test]
fn digest_preferences_and_every_attempt_are_kept_per_account() {
    use chrono::{NaiveDate, NaiveDateTime};
    use warmline_core::digest::{Days, Prefs, parse_time};
    for (_d, r) in registries() {
        let dana = r.add_account("dana@example.com", false, 0).unwrap();
        let lee = r.add_account("lee@example.com", false, 0).unwrap();
        // Until chosen: off, 07:30 on weekdays, never sent.
        let s = r.digest(dana.id).unwrap();
        assert!(!s.prefs.enabled);
        assert_eq!(s.prefs.days, Days::WEEKDAYS);
        assert_eq!(s.sent.last_sent, None);
        let prefs = Prefs {
            enabled: true,
            time: parse_time("06:45").unwrap(),
            days: Days::parse("mon,sat").unwrap(),
        };
        r.set_digest_prefs(dana.id, &prefs).unwrap();
        r.set_digest_prefs(lee.id, &prefs).unwrap();
        assert_eq!(r.digest(dana.id).unwrap().prefs, prefs);
        // Only accounts that can log in get one: Lee has no password yet.
        r.set_password_hash(dana.id, "$argon2id$x").unwrap();
        let due: Vec<String> = r
            .digest_accounts()
            .unwrap()
            .into_iter()
            .map(|(a, s)| {
                assert_eq!(s.prefs, prefs);
                a.email
            })
            .collect();
        assert_eq!(due, ["dana@example.com"]);

        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let at = NaiveDateTime::parse_from_str("2026-12-03 06:46", "%Y-%m-%d %H:%M").unwrap();
        r.record_digest_attempt(dana.id, 1000, 1, Some("451 try later"))
            .unwrap();
        r.record_digest_attempt(dana.id, 1002, 2, None).unwrap();
        r.digest_failed(dana.id, at).unwrap();
        r.digest_sent(dana.id, day).unwrap();
        let s = r.digest(dana.id).unwrap();
        assert_eq!(s.sent.last_sent, Some(day));
        assert_eq!(s.sent.last_failed, Some(at));
        assert_eq!(s.prefs, prefs, "where it stands leaves the choice alone");
        let tried = r.digest_attempts(dana.id, 10).unwrap();
        assert_eq!(
            tried
                .iter()
                .map(|a| (a.at, a.attempt, a.ok, a.error.as_deref()))
                .collect::<Vec<_>>(),
            [
                (1002, 2, true, None),
                (1000, 1, false, Some("451 try later"))
            ]
        );
        assert!(r.digest_attempts(lee.id, 10).unwrap().is_empty());
        let failures = r.digest_failures(0).unwrap();
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].email, "dana@example.com");
        assert!(r.digest_failures(1001).unwrap().is_empty());
        // Turning it off keeps where it stood; deleting the account takes every row.
        r.set_digest_prefs(
            dana.id,
            &Prefs {
                enabled: false,
                ..prefs
            },
        )
        .unwrap();
        assert!(r.digest_accounts().unwrap().is_empty());
        r.delete_account(dana.id).unwrap();
        assert!(r.digest_failures(0).unwrap().is_empty());
    }
}

#[test]
fn server_settings_hold_text_and_open_signup_still_works() {
    use warmline_store::accounts::server_settings::{PUBLIC_URL, SMTP};
    for (_d, r) in registries() {
        assert_eq!(r.server_setting(SMTP).unwrap(), None);
        r.set_server_setting(SMTP, "smtp://127.0.0.1:2525").unwrap();
        r.set_server_setting(SMTP, "smtp://127.0.0.1:2526").unwrap();
        r.set_server_setting(PUBLIC_URL, "https://w.example")
            .unwrap();
        assert_eq!(
            r.server_setting(SMTP).unwrap().as_deref(),
            Some("smtp://127.0.0.1:2526")
        );
        r.set_open_signup(true).unwrap();
        assert!(r.open_signup().unwrap());
        r.set_server_setting(SMTP, "").unwrap();
        assert_eq!(r.server_setting(SMTP).unwrap(), None);
        assert_eq!(
            r.server_setting(PUBLIC_URL).unwrap().as_deref(),
            Some("https://w.example")
        );
    }
}
