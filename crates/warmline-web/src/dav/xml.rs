//! The little XML WebDAV speaks: request bodies read into a tree of namespaced elements
//! (quick-xml resolves the prefixes), answers written as text with every value escaped.
//! A body is at most [`super::BODY_LIMIT`] bytes and its depth is bounded, so no request
//! can make the reader work without end.

use std::fmt::Write as _;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

pub const DAV: &str = "DAV:";
pub const CARDDAV: &str = "urn:ietf:params:xml:ns:carddav";
pub const CALDAV: &str = "urn:ietf:params:xml:ns:caldav";
pub const CS: &str = "http://calendarserver.org/ns/";

/// Deeper than this is refused: no DAV request nests more than a few levels.
const MAX_DEPTH: usize = 32;

/// An element: its namespace, local name, children and text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    pub ns: String,
    pub name: String,
    pub children: Vec<Element>,
    pub text: String,
    /// Attributes without namespace (`name`, `content-type`, `version`), as written.
    pub attributes: Vec<(String, String)>,
}

impl Element {
    pub fn is(&self, ns: &str, name: &str) -> bool {
        self.ns == ns && self.name == name
    }

    /// The first child named so.
    pub fn child(&self, ns: &str, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.is(ns, name))
    }

    /// Every descendant named so, depth first.
    pub fn descendants<'a>(&'a self, ns: &str, name: &str, out: &mut Vec<&'a Element>) {
        for c in &self.children {
            if c.is(ns, name) {
                out.push(c);
            }
            c.descendants(ns, name, out);
        }
    }

    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads a request body. An empty body is `None` (PROPFIND then means allprop).
pub fn parse(body: &[u8]) -> Result<Option<Element>, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let text = std::str::from_utf8(body).map_err(|_| "the XML body is not UTF-8".to_string())?;
    let mut reader = NsReader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let (ns, event) = reader
            .read_resolved_event()
            .map_err(|e| format!("the XML body cannot be read: {e}"))?;
        let ns = match ns {
            ResolveResult::Bound(n) => n.as_ref().to_string(),
            _ => String::new(),
        };
        match event {
            Event::Start(e) | Event::Empty(e) if root.is_some() => {
                let _ = e;
                return Err("the XML body holds more than one root element".into());
            }
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err("the XML body nests too deeply".into());
                }
                stack.push(element(ns, &e));
            }
            Event::Empty(e) => {
                let el = element(ns, &e);
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err("the XML body closes an element it never opened".into());
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => root = Some(done),
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        _ => match r.as_ref() {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            _ => None,
                        },
                    };
                    match resolved {
                        Some(c) => top.text.push(c),
                        None => return Err("the XML body names an unknown entity".into()),
                    }
                }
            }
            Event::DocType(_) => return Err("a DOCTYPE is not accepted".into()),
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err("the XML body ends inside an element".into());
    }
    root.map(Some)
        .ok_or_else(|| "the XML body holds no element".to_string())
}

fn element(ns: String, e: &quick_xml::events::BytesStart<'_>) -> Element {
    let attributes = e
        .attributes()
        .flatten()
        .filter(|a| !a.key.as_ref().contains(':') && a.key.as_ref() != "xmlns")
        .map(|a| (a.key.as_ref().to_string(), a.value.to_string()))
        .collect();
    Element {
        ns,
        name: e.local_name().as_ref().to_string(),
        attributes,
        ..Element::default()
    }
}

/// `text` with `&`, `<`, `>`, `"` and `'` escaped, for element text and attributes.
pub fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// The prefix answers use for a namespace (declared on every multistatus).
pub fn prefix(ns: &str) -> Option<&'static str> {
    match ns {
        DAV => Some("d"),
        CARDDAV => Some("card"),
        CALDAV => Some("cal"),
        CS => Some("cs"),
        _ => None,
    }
}

/// A property's name as an empty element, in its namespace (`<d:getetag/>`, or with its
/// own `xmlns` when the namespace is not one of ours).
pub fn empty_tag(ns: &str, name: &str) -> String {
    match prefix(ns) {
        Some(p) => format!("<{p}:{name}/>"),
        None => format!("<x:{name} xmlns:x=\"{}\"/>", escape(ns)),
    }
}

/// A property with its value (already XML).
pub fn tag(ns: &str, name: &str, inner: &str) -> String {
    match prefix(ns) {
        Some(p) => format!("<{p}:{name}>{inner}</{p}:{name}>"),
        None => format!("<x:{name} xmlns:x=\"{}\">{inner}</x:{name}>", escape(ns)),
    }
}

/// The opening of a multistatus answer, declaring the prefixes of [`prefix`].
pub const MULTISTATUS_OPEN: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:multistatus xmlns:d=\"DAV:\" xmlns:card=\"urn:ietf:params:xml:ns:carddav\" xmlns:cal=\"urn:ietf:params:xml:ns:caldav\" xmlns:cs=\"http://calendarserver.org/ns/\">";
pub const MULTISTATUS_CLOSE: &str = "</d:multistatus>\n";

/// One `<d:response>`: the href, the properties found (name and value as XML), and the
/// ones asked for that the resource does not have (404).
pub fn response(
    out: &mut String,
    href: &str,
    found: &[(String, String, String)],
    missing: &[(String, String)],
) {
    let _ = write!(out, "<d:response><d:href>{}</d:href>", escape(href));
    if !found.is_empty() {
        out.push_str("<d:propstat><d:prop>");
        for (ns, name, value) in found {
            if value.is_empty() {
                out.push_str(&empty_tag(ns, name));
            } else {
                out.push_str(&tag(ns, name, value));
            }
        }
        out.push_str("</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>");
    }
    if !missing.is_empty() {
        out.push_str("<d:propstat><d:prop>");
        for (ns, name) in missing {
            out.push_str(&empty_tag(ns, name));
        }
        out.push_str("</d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>");
    }
    out.push_str("</d:response>");
}

/// A `<d:response>` with a status only (a member that is gone, or was not found).
pub fn status_response(out: &mut String, href: &str, status: &str) {
    let _ = write!(
        out,
        "<d:response><d:href>{}</d:href><d:status>HTTP/1.1 {status}</d:status></d:response>",
        escape(href)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_namespaced_requests() {
        let body = br#"<?xml version="1.0"?>
            <A:propfind xmlns:A="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">
              <A:prop><A:getetag/><C:address-data content-type="text/vcard" version="3.0"/>
              <A:href>/a&amp;b&#46;vcf</A:href></A:prop>
            </A:propfind>"#;
        let root = parse(body).unwrap().unwrap();
        assert!(root.is(DAV, "propfind"));
        let prop = root.child(DAV, "prop").unwrap();
        assert!(prop.child(DAV, "getetag").is_some());
        let data = prop.child(CARDDAV, "address-data").unwrap();
        assert_eq!(data.attribute("version"), Some("3.0"));
        assert_eq!(prop.child(DAV, "href").unwrap().text, "/a&b.vcf");
        assert_eq!(parse(b"  \n").unwrap(), None);
    }

    #[test]
    fn refuses_what_is_not_plain_xml() {
        assert!(parse(b"<a><b></a>").is_err());
        assert!(parse(b"<!DOCTYPE x [<!ENTITY e 'x'>]><a>&e;</a>").is_err());
        assert!(parse(b"<a>&e;</a>").is_err());
        assert!(parse(b"<a/><b/>").is_err());
        let deep = format!("{}{}", "<a>".repeat(40), "</a>".repeat(40));
        assert!(parse(deep.as_bytes()).is_err());
        assert!(parse(&[0xff, 0xfe]).is_err());
    }

    #[test]
    fn writes_escaped_answers() {
        let mut out = String::new();
        response(
            &mut out,
            "/dav/me/contacts/a<b>.vcf",
            &[(DAV.into(), "getetag".into(), escape("\"x&y\""))],
            &[("urn:x".into(), "odd".into())],
        );
        assert!(
            out.contains("<d:href>/dav/me/contacts/a&lt;b&gt;.vcf</d:href>"),
            "{out}"
        );
        assert!(
            out.contains("<d:getetag>&quot;x&amp;y&quot;</d:getetag>"),
            "{out}"
        );
        assert!(out.contains("<x:odd xmlns:x=\"urn:x\"/>"), "{out}");
    }
}
