//! LinkedIn's messages.csv, with and without my profile known.
#![no_main]
use warmline_formats::{Me, linkedin};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = linkedin::messages(data, &Me::default());
    let me = Me::new(Vec::<String>::new(), ["https://www.linkedin.com/in/me"]);
    let _ = linkedin::messages(data, &me);
});
