//! vCard 2.1 / 3.0 / 4.0, and writing back what was read.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let records: Vec<_> = warmline_formats::vcard::vcards(data)
        .filter_map(Result::ok)
        .collect();
    let mut out = Vec::new();
    let _ = warmline_formats::vcard_out::write_vcards(&mut out, &records);
});
