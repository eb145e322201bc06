//! Google Contacts CSV (current and legacy layouts).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    for _ in warmline_formats::google::google_contacts(data) {}
});
