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

/// The data folder for a server on each backend the tests reach: `--postgres` names a
/// fresh schema of the test database (migrated by its owner first, then used by the
/// application's role, as a deployment does).
pub(crate) fn backends() -> Vec<(&'static str, Option<String>)> {
    let mut all = vec![("sqlite", None)];
    let app = match std::env::var("WARMLINE_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => url,
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI runs the server's tests on PostgreSQL too: set WARMLINE_TEST_POSTGRES"
            );
            return all;
        }
    };
    let owner = std::env::var("WARMLINE_TEST_POSTGRES_OWNER").unwrap_or(app.clone());
    let schema = format!("t{:016x}", fastrand::u64(..));
    postgres::Client::connect(&owner, postgres::NoTls)
        .unwrap()
        .batch_execute(&format!(
            "CREATE SCHEMA {schema}; GRANT USAGE ON SCHEMA {schema} TO warmline_app"
        ))
        .unwrap();
    let with_schema = |c: &str| format!("{c} options='-c search_path={schema}'");
    warmline_store::Store::migrate_postgres(&with_schema(&owner)).unwrap();
    all.push(("postgres", Some(with_schema(&app))));
    all
}

/// A running `warmline server run`, stopped when dropped.
struct Running(std::process::Child, String);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn http_get(addr: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn every_server_command_works_on_both_backends() {
    for (backend, postgres) in backends() {
        let s = Sandbox::new();
        s.run(&["add", "Dana Lee", "--org", "Acme PR"]).ok();
        s.run(&["log", "dana", "coffee at the mixer"]).ok();
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
        let init = match &postgres {
            Some(url) => cmd(&["init", "--postgres", url]).json(),
            None => cmd(&["init"]).json(),
        };
        assert_eq!(init["backend"], backend);
        assert_eq!(
            s.path("data/server.json").exists(),
            postgres.is_some(),
            "{backend}: the folder remembers the backend"
        );
        let again = cmd(&["init"]);
        assert_eq!(again.code, 1, "{backend}: {}", again.transcript());
        let dana = cmd(&["user", "add", "dana@example.com", "--admin"]).json();
        assert!(dana["link"].as_str().unwrap().contains("/set-password/"));
        cmd(&["user", "add", "lee@example.com"]).json();
        let list = cmd(&["user", "list"]).json();
        assert_eq!(list["accounts"].as_array().unwrap().len(), 2, "{backend}");
        assert_eq!(list["accounts"][0]["admin"], true);
        cmd(&["user", "disable", "lee@example.com"]).json();
        cmd(&["user", "enable", "lee@example.com"]).json();
        cmd(&["user", "reset-password", "lee@example.com"]).json();
        cmd(&["set", "open-signup", "on"]).json();
        let file = s.path("backup.json").display().to_string();
        let imported = cmd(&["import-account", "lee@example.com", &file]).json();
        assert_eq!(imported["people"], 1, "{backend}: {imported}");

        // `server run` on the folder, whatever its backend.
        let mut child = s
            .std_command()
            .args(["server", "run", "--port", "0", "--data", &data])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take().unwrap()),
            &mut line,
        )
        .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or_else(|| panic!("{backend}: no address in {line:?}"))
            .to_string();
        let running = Running(child, addr);
        let health = http_get(&running.1, "/healthz");
        assert!(health.ends_with("ok\n"), "{backend}: {health}");
        assert!(http_get(&running.1, "/").contains("location: /login"));
        drop(running);

        let deleted = cmd(&["user", "delete", "lee@example.com", "--yes"]).json();
        assert_eq!(deleted["deleted"], true);
        let list = cmd(&["user", "list"]).json();
        assert_eq!(list["accounts"].as_array().unwrap().len(), 1, "{backend}");
        // A new account never finds the deleted one's network.
        let back = cmd(&["user", "add", "lee@example.com"]).json();
        let imported = cmd(&["import-account", "lee@example.com", &file]).json();
        assert_eq!(imported["people"], 1, "{backend}: {back}");
    }
}

#[test]
fn behind_a_proxy_the_server_stays_on_loopback() {
    let s = Sandbox::new();
    server(&s, &["init"]);
    let r = server(&s, &["run", "--bind", "0.0.0.0", "--behind-proxy"]);
    assert!(r.contains("exit: 1"), "{r}");
    assert!(
        r.contains("--behind-proxy trusts the client address in X-Forwarded-For"),
        "{r}"
    );
}
