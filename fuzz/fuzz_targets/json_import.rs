//! warmline's JSON backup imported into an empty database (restore) and into one with
//! people (merge): any document is refused or applied, never a panic.
#![no_main]
use chrono::NaiveDate;
use warmline_store::{ImportOptions, NewPerson, Store, StoreError};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(doc) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default();
    let options = ImportOptions {
        source: "json".into(),
        overwrite: false,
        dry_run: false,
        today,
    };
    for seeded in [false, true] {
        let Ok(store) = Store::open_in_memory() else { return };
        if seeded {
            let p = NewPerson {
                name: "Ada Lovelace".into(),
                emails: vec!["ada@example.com".into()],
                ..NewPerson::default()
            };
            let _ = store.add_person(&p, today);
        }
        let _ = store.import(&options, |imp| -> Result<(), StoreError> { imp.backup(&doc) });
        let _ = store.backup_json();
    }
});
