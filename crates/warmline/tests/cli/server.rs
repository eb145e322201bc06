//! `warmline server`: the data folder, accounts, importing a backup into one, and the
//! refusal to serve beyond loopback without TLS.

use insta::assert_snapshot;

use crate::support::Sandbox;

/// Links carry 256 random bits: shown as `[TOKEN]` so snapshots hold still.
fn steady(s: &Sandbox, text: &str) -> String {
    let text = s.redact(text);
    let mut out = String::new();
    let mut run = String::new();
    for c in text.chars() {
        if c.is_ascii_hexdigit() && c.is_ascii_lowercase() || c.is_ascii_digit() {
            run.push(c);
            continue;
        }
        out.push_str(if run.len() == 64 { "[TOKEN]" } else { &run });
        run.clear();
        out.push(c);
    }
    out.push_str(if run.len() == 64 { "[TOKEN]" } else { &run });
    out
}

fn server(s: &Sandbox, args: &[&str]) -> String {
    let data = s.path("data");
    let mut all = vec!["server"];
    all.extend_from_slice(args);
    let data = data.display().to_string();
    all.extend(["--data", &data]);
    steady(s, &s.run(&all).transcript())
}

#[test]
fn init_makes_a_private_folder_once() {
    let s = Sandbox::new();
    assert_snapshot!("server_init", server(&s, &["init"]));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&s.path("data")), 0o700);
        assert_eq!(mode(&s.path("data/accounts")), 0o700);
        assert_eq!(mode(&s.path("data/accounts.db")), 0o600);
    }
    assert_snapshot!("server_init_again", server(&s, &["init"]));
    assert_snapshot!(
        "server_without_data",
        steady(&s, &s.run(&["server", "user", "list"]).transcript())
    );
    let other = Sandbox::new();
    assert_snapshot!("server_not_initialised", server(&other, &["user", "list"]));
    assert!(!other.path("data").exists(), "nothing created");
}

#[test]
fn accounts_are_invited_listed_disabled_reset_and_deleted() {
    let s = Sandbox::new();
    server(&s, &["init"]);
    assert_snapshot!(
        "server_user_add",
        server(&s, &["user", "add", "dana@example.com", "--admin"])
    );
    server(
        &s,
        &[
            "user",
            "add",
            "lee@example.com",
            "--url",
            "https://warmline.example.org/",
        ],
    );
    assert_snapshot!(
        "server_user_add_twice",
        server(&s, &["user", "add", "DANA@example.com"])
    );
    assert_snapshot!(
        "server_user_add_bad",
        server(&s, &["user", "add", "not an address"])
    );
    assert_snapshot!(
        "server_user_disable",
        server(&s, &["user", "disable", "lee@example.com"])
    );
    assert_snapshot!("server_user_list", server(&s, &["user", "list"]));
    let data = s.path("data").display().to_string();
    let json = s
        .run(&["--json", "server", "user", "list", "--data", &data])
        .json();
    let accounts = json["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 2);
    assert_eq!(accounts[1]["email"], "lee@example.com");
    assert_eq!(accounts[1]["disabled"], true);
    assert_eq!(accounts[0]["admin"], true);
    assert_eq!(accounts[0]["has_password"], false);
    assert_snapshot!(
        "server_user_reset",
        server(
            &s,
            &[
                "user",
                "reset-password",
                "lee@example.com",
                "--url",
                "https://warmline.example.org"
            ]
        )
    );
    assert_snapshot!(
        "server_user_unknown",
        server(&s, &["user", "disable", "nobody@example.com"])
    );
    assert_snapshot!(
        "server_user_delete",
        server(&s, &["user", "delete", "lee@example.com", "--yes"])
    );
    assert_snapshot!(
        "server_user_delete_unknown",
        server(&s, &["user", "delete", "lee@example.com", "--yes"])
    );
    assert_snapshot!(
        "server_set_signup",
        server(&s, &["set", "open-signup", "on"])
    );
}

#[test]
fn a_local_backup_moves_into_an_account() {
    let s = Sandbox::new();
    s.run(&[
        "add",
        "Dana Lee",
        "--org",
        "Acme PR",
        "--email",
        "dana@acme.example",
    ])
    .ok();
    s.run(&["log", "dana", "coffee at the mixer"]).ok();
    let backup = s.run(&["export", "json"]).ok().stdout;
    std::fs::write(s.path("backup.json"), backup).unwrap();
    std::fs::write(
        s.path("broken.json"),
        "{\"warmline_backup\": 1, \"tables\": ",
    )
    .unwrap();
    server(&s, &["init"]);
    server(&s, &["user", "add", "lee@example.com"]);
    let file = s.path("backup.json").display().to_string();
    assert_snapshot!(
        "server_import_account",
        server(&s, &["import-account", "lee@example.com", &file])
    );
    let db = s.path("data/accounts/1.db");
    let people = |db: &std::path::Path| {
        let c = rusqlite::Connection::open(db).unwrap();
        c.query_row("SELECT count(*) FROM people", [], |r| r.get::<_, i64>(0))
            .unwrap()
    };
    assert_eq!(people(&db), 1);
    let interactions: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM interactions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(interactions, 1);
    let broken = s.path("broken.json").display().to_string();
    assert_snapshot!(
        "server_import_broken",
        server(&s, &["import-account", "lee@example.com", &broken])
    );
    assert_snapshot!(
        "server_import_missing",
        server(&s, &["import-account", "lee@example.com", "nope.json"])
    );
    assert_snapshot!(
        "server_import_unknown",
        server(&s, &["import-account", "nobody@example.com", &file])
    );
    assert_eq!(people(&db), 1, "nothing half-written");
}

#[test]
fn run_refuses_the_network_without_tls() {
    let s = Sandbox::new();
    server(&s, &["init"]);
    assert_snapshot!(
        "server_run_public",
        server(&s, &["run", "--bind", "0.0.0.0"])
    );
    assert_snapshot!(
        "server_run_half_tls",
        server(&s, &["run", "--bind", "0.0.0.0", "--tls-cert", "cert.pem"])
    );
    assert_snapshot!(
        "server_run_missing_cert",
        server(
            &s,
            &["run", "--tls-cert", "cert.pem", "--tls-key", "key.pem"]
        )
    );
}
