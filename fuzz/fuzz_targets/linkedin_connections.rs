//! LinkedIn's Connections.csv: any bytes, no panic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    for _ in warmline_formats::linkedin::connections(data) {}
});
