//! Parser throughput on generated data, without the database (bench/import.sh measures
//! whole imports): `cargo run -p warmline-formats --release --example parse_throughput`.

use std::time::Instant;

use warmline_formats::{Me, linkedin, mbox, vcard};

fn report(what: &str, bytes: usize, items: usize, started: Instant) {
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{what}: {items} in {secs:.3} s, {:.0} MB/s",
        bytes as f64 / 1e6 / secs
    );
}

fn mbox() {
    let mut data = Vec::new();
    let body = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n"
        .repeat(200);
    let mut i = 0;
    while data.len() < 300 << 20 {
        data.extend_from_slice(format!(
            "From {i}@xxx Mon Jan 05 09:00:00 +0000 2026\nX-GM-THRID: {}\nFrom: \"Person {i}\" <p{i}@example.com>\nTo: me@example.com, other{i}@example.org\nDate: Mon, 5 Jan 2026 09:00:00 +0000\nSubject: =?UTF-8?Q?Caf=C3=A9_{i}?=\nMessage-ID: <{i}@example.com>\n\n{body}\n",
            i / 3
        ).as_bytes());
        i += 1;
    }
    let me = Me::new(["me@example.com"], Vec::<String>::new());
    let started = Instant::now();
    let n =
        mbox::email_interactions(mbox::messages(&data[..]), &me, |e| e.starts_with('p')).count();
    report("mbox", data.len(), n, started);
}

fn vcard() {
    let mut data = String::new();
    for i in 0..100_000 {
        data.push_str(&format!("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Person{i};Given;;;\r\nFN:Given Person{i}\r\nEMAIL;TYPE=INTERNET:p{i}@example.com\r\nTEL;TYPE=CELL:+1 555 {i:07}\r\nORG:Org {i};\r\nTITLE:Engineer\r\nBDAY:1980-01-02\r\nCATEGORIES:a,b\r\nNOTE:Met at the mixer\\, talked about things\r\nEND:VCARD\r\n"));
    }
    let started = Instant::now();
    let n = vcard::vcards(data.as_bytes()).filter(Result::is_ok).count();
    report("vcard", data.len(), n, started);
}

fn linkedin() {
    let mut data = String::from(
        "Notes:\n\"x\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    );
    for i in 0..100_000 {
        data.push_str(&format!("Given{i},Family,https://www.linkedin.com/in/p{i},,\"Company, Inc.\",Engineer,05 Mar 2024\n"));
    }
    let started = Instant::now();
    let n = linkedin::connections(data.as_bytes())
        .filter(Result::is_ok)
        .count();
    report("linkedin", data.len(), n, started);
}

fn main() {
    linkedin();
    vcard();
    mbox();
}
