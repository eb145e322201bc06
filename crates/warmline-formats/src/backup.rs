//! Reading warmline's JSON backup as a document. What its tables mean is the store's
//! business (it restores them); here the file becomes JSON or a problem with its line.

use std::io::Read;

use crate::error::{FormatError, Result};

/// Reads the whole backup (it is one JSON document, so it cannot stream) and parses it.
pub fn read(mut reader: impl Read) -> Result<serde_json::Value> {
    let mut text = String::new();
    if let Err(e) = reader.read_to_string(&mut text) {
        return Err(if e.kind() == std::io::ErrorKind::InvalidData {
            FormatError::new(0, "not a warmline backup: the file is not UTF-8 text")
        } else {
            FormatError::io(0, &e)
        });
    }
    let mut doc: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        // serde_json says "... at line L column C"; the line goes in front instead.
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m);
        FormatError::new(e.line() as u64, format!("not valid JSON: {message}"))
    })?;
    clean_strings(&mut doc);
    Ok(doc)
}

/// Every text of a backup without control characters, as every other importer's: a
/// hand-edited or foreign backup is a file like any other.
fn clean_strings(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) => warmline_core::text::clean_in_place(s),
        serde_json::Value::Array(a) => a.iter_mut().for_each(clean_strings),
        serde_json::Value::Object(o) => o.values_mut().for_each(clean_strings),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::read;

    #[test]
    fn problems_name_their_line() {
        assert!(read(&b"{\"people\": []}"[..]).is_ok());
        let doc = read(&br#"{"people": [{"name": "Eve\u001b]0;x\u0007 S", "n": 1}]}"#[..]).unwrap();
        assert_eq!(doc["people"][0]["name"], "Eve]0;x S");
        let e = read(&b"{\n  \"people\": [,]\n}"[..]).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.starts_with("not valid JSON: "), "{e}");
        assert!(!e.message.contains("at line"), "{e}");
        let e = read(&[0xff, 0xfe, 0x00][..]).unwrap_err();
        assert_eq!(e.line, 0);
        assert!(e.message.contains("not UTF-8"), "{e}");
    }
}
