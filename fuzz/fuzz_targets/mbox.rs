//! mbox headers and the email interactions made of them.
#![no_main]
use warmline_formats::{Me, mbox};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let me = Me::new(["me@example.com"], Vec::<String>::new());
    for _ in mbox::email_interactions(mbox::messages(data), &me, |_| true) {}
});
