//! Naming a person: any query against a directory with accents, duplicates and e-mails.
#![no_main]
use warmline_core::resolve::{Candidate, resolve};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else { return };
    let people = [
        ("Zoë Park", Some("Bright Comms"), "zoe@bright.example"),
        ("Dana Lee", Some("Acme PR"), "dana@acme.example"),
        ("Dana Smith", None, "dana@initech.example"),
        ("José María García-López", Some("Ñandú S.A."), ""),
        ("李小龍", None, ""),
    ];
    let candidates: Vec<Candidate> = people
        .iter()
        .enumerate()
        .map(|(i, (name, org, email))| Candidate {
            id: i as i64 + 1,
            name: (*name).into(),
            org: org.map(Into::into),
            emails: if email.is_empty() { Vec::new() } else { vec![(*email).into()] },
        })
        .collect();
    let _ = resolve(query, &candidates);
    let _ = warmline_core::text::fold(query);
    let _ = warmline_core::person::validate_name(query);
});
