//! `app-password add|list|rm` locally and `server user app-password` in hosted mode: the
//! password printed once, only its hash kept, listed with its last use, revoked by name.

use crate::support::Sandbox;

/// The device password in `add`'s output (the line of five groups of four).
fn secret_in(stdout: &str) -> String {
    stdout
        .lines()
        .find(|l| warmline_accounts::device::looks_like(l.trim()))
        .unwrap_or_else(|| panic!("no device password in: {stdout}"))
        .trim()
        .to_string()
}

#[test]
fn device_passwords_are_made_listed_and_revoked() {
    let s = Sandbox::new();
    let none = s.run(&["app-password", "list"]).ok();
    assert_eq!(
        none.stdout,
        "no device passwords: warmline app-password add NAME makes one\n"
    );
    let added = s.run(&["app-password", "add", "phone"]).ok();
    let secret = secret_in(&added.stdout);
    assert!(
        added
            .stdout
            .starts_with("device password for \"phone\" (shown once"),
        "{}",
        added.stdout
    );
    // Only the hash is kept.
    let db = std::fs::read(s.db()).unwrap();
    assert!(!db.windows(secret.len()).any(|w| w == secret.as_bytes()));
    let store = warmline_store::Store::open(&s.db()).unwrap();
    let hashes = store.app_password_hashes().unwrap();
    assert_eq!(hashes.len(), 1);
    assert!(warmline_accounts::password::verify(&hashes[0].1, &secret));
    drop(store);

    let again = s.run(&["app-password", "add", "phone"]);
    assert_eq!(again.code, 1);
    assert_eq!(
        again.stderr,
        "error: there is already a device password named \"phone\": remove it first\n"
    );
    let empty = s.run(&["app-password", "add", "  "]);
    assert_eq!(empty.code, 1, "{}", empty.transcript());
    assert!(
        empty.stderr.starts_with("error: give the device a name"),
        "{}",
        empty.stderr
    );

    let list = s.run(&["app-password", "list"]).ok();
    assert!(list.stdout.starts_with("phone  made "), "{}", list.stdout);
    assert!(list.stdout.ends_with(", never used\n"), "{}", list.stdout);
    let json = s.run(&["--json", "app-password", "list"]).json();
    let rows = json["app_passwords"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["name"], "phone");
    assert!(rows[0]["created_at"].as_i64().unwrap() > 1_700_000_000);
    assert!(rows[0]["last_used"].is_null());

    let rm = s.run(&["app-password", "rm", "phone"]).ok();
    assert_eq!(
        rm.stdout,
        "revoked the device password \"phone\": that device can no longer sync\n"
    );
    let gone = s.run(&["app-password", "rm", "phone"]);
    assert_eq!(gone.code, 1);
    assert_eq!(gone.stderr, "error: no device password named \"phone\"\n");
}

#[test]
fn a_server_account_gets_a_device_password() {
    let s = Sandbox::new();
    let data = s.path("data").display().to_string();
    s.run(&["server", "init", "--data", &data]).ok();
    s.run(&["server", "user", "add", "dana@example.com", "--data", &data])
        .ok();
    let made = s
        .run(&[
            "server",
            "user",
            "app-password",
            "dana@example.com",
            "phone",
            "--data",
            &data,
        ])
        .ok();
    let secret = secret_in(&made.stdout);
    assert!(
        made.stdout
            .contains("sign in at /dav/ with dana@example.com and this password"),
        "{}",
        made.stdout
    );
    let registry =
        warmline_store::accounts::Registry::open_existing(&s.path("data").join("accounts.db"))
            .unwrap();
    let account = registry.require("dana@example.com").unwrap();
    let store = warmline_store::Store::open(&registry.database_of(account.id)).unwrap();
    let hashes = store.app_password_hashes().unwrap();
    assert_eq!(hashes.len(), 1);
    assert!(warmline_accounts::password::verify(&hashes[0].1, &secret));
    let unknown = s.run(&[
        "server",
        "user",
        "app-password",
        "nobody@example.com",
        "phone",
        "--data",
        &data,
    ]);
    assert_eq!(unknown.code, 1, "{}", unknown.transcript());
}
