//! Device passwords on both backends: kept by name, hashes only, revoked by name, and the
//! last use remembered (at most one write a minute).

mod backends;

use backends::each_backend;

#[test]
fn device_passwords_are_kept_listed_used_and_revoked() {
    each_backend("app_passwords::lifecycle", |s| {
        assert!(s.app_passwords().unwrap().is_empty());
        s.add_app_password("  phone ", "$argon2id$hash-a", 1_000)
            .unwrap();
        s.add_app_password("laptop", "$argon2id$hash-b", 2_000)
            .unwrap();
        let err = s
            .add_app_password("phone", "$argon2id$other", 3_000)
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("already a device password named \"phone\""),
            "{err}"
        );
        assert!(s.add_app_password("  ", "x", 1).is_err());
        assert!(s.add_app_password("a\u{7}b", "x", 1).is_err());
        assert!(s.add_app_password(&"x".repeat(65), "x", 1).is_err());

        let listed = s.app_passwords().unwrap();
        assert_eq!(
            listed
                .iter()
                .map(|p| (p.name.as_str(), p.created_at, p.last_used))
                .collect::<Vec<_>>(),
            vec![("laptop", 2_000, None), ("phone", 1_000, None)]
        );
        assert_eq!(
            s.app_password_hashes().unwrap(),
            vec![
                ("laptop".to_string(), "$argon2id$hash-b".to_string()),
                ("phone".to_string(), "$argon2id$hash-a".to_string())
            ]
        );

        s.app_password_used("phone", 5_000).unwrap();
        s.app_password_used("phone", 5_030).unwrap(); // within a minute: not written
        let phone = |s: &warmline_store::Store| {
            s.app_passwords()
                .unwrap()
                .into_iter()
                .find(|p| p.name == "phone")
                .unwrap()
        };
        assert_eq!(phone(s).last_used, Some(5_000));
        s.app_password_used("phone", 5_100).unwrap();
        assert_eq!(phone(s).last_used, Some(5_100));

        s.remove_app_password("phone").unwrap();
        let err = s.remove_app_password("phone").unwrap_err();
        assert!(
            err.to_string()
                .contains("no device password named \"phone\""),
            "{err}"
        );
        assert_eq!(s.app_password_hashes().unwrap().len(), 1);
        // The name is free again once revoked.
        s.add_app_password("phone", "$argon2id$hash-c", 6_000)
            .unwrap();
    });
}

#[test]
fn device_passwords_stay_out_of_backups() {
    each_backend("app_passwords::backup", |s| {
        s.add_app_password("phone", "$argon2id$secret-hash", 1_000)
            .unwrap();
        let text = s.backup_json().unwrap().to_string();
        assert!(
            !text.contains("secret-hash") && !text.contains("app_passwords"),
            "{text}"
        );
    });
}
