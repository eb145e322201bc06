//! Properties (RFC 4918 PROPFIND): what each resource says about itself, the members of a
//! collection, and picking the properties a request asked for.

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use warmline_formats::vcard_out::VcardVersion;

use super::xml::{self, CALDAV, CARDDAV, CS, DAV, Element, escape};
use super::{Session, Target, caldav, carddav, multistatus, status};
use crate::error::WebError;

/// What a PROPFIND or REPORT asks for.
pub(crate) enum Wanted {
    /// Every property (an empty PROPFIND, or `<allprop/>`).
    All,
    /// Names only.
    Names,
    /// These, each with its request element (`address-data` carries a version).
    These(Vec<Element>),
}

impl Wanted {
    /// From the element holding `<prop>`, `<allprop>` or `<propname>`.
    pub fn of(parent: Option<&Element>) -> Wanted {
        let Some(parent) = parent else {
            return Wanted::All;
        };
        if let Some(prop) = parent.child(DAV, "prop") {
            Wanted::These(prop.children.clone())
        } else if parent.child(DAV, "propname").is_some() {
            Wanted::Names
        } else {
            Wanted::All
        }
    }
}

/// A member of a collection, ready to answer with.
#[derive(Clone)]
pub(crate) struct Member {
    pub name: String,
    pub etag: String,
    pub body: MemberBody,
}

#[derive(Clone)]
pub(crate) enum MemberBody {
    Card(Box<warmline_formats::ContactRecord>),
    Calendar(String),
}

impl Member {
    /// The representation in `version` (cards) or as stored (calendar objects).
    pub fn text(&self, version: VcardVersion) -> Result<String, WebError> {
        match &self.body {
            MemberBody::Card(r) => carddav::render(r, version),
            MemberBody::Calendar(t) => Ok(t.clone()),
        }
    }

    fn content_type(&self) -> &'static str {
        match self.body {
            MemberBody::Card(_) => "text/vcard; charset=utf-8",
            MemberBody::Calendar(_) => "text/calendar; charset=utf-8",
        }
    }

    /// Every property of the member as (namespace, name, value as XML), with the data
    /// property written only when asked for (`wanted_data`: its request element).
    fn props(&self, wanted_data: Option<&Element>) -> Result<Vec<Prop>, WebError> {
        let mut out = vec![
            (DAV.into(), "getetag".into(), escape(&self.etag)),
            (
                DAV.into(),
                "getcontenttype".into(),
                self.content_type().into(),
            ),
            (DAV.into(), "resourcetype".into(), String::new()),
        ];
        if let Some(el) = wanted_data {
            match &self.body {
                MemberBody::Card(_) => {
                    let version = match el.attribute("version") {
                        Some("4.0") => VcardVersion::V4,
                        _ => VcardVersion::V3,
                    };
                    out.push((
                        CARDDAV.into(),
                        "address-data".into(),
                        escape(&self.text(version)?),
                    ));
                }
                MemberBody::Calendar(t) => {
                    out.push((CALDAV.into(), "calendar-data".into(), escape(t)));
                }
            }
        }
        Ok(out)
    }

    /// One `<d:response>` for the member at `href`.
    pub fn respond(&self, out: &mut String, href: &str, wanted: &Wanted) -> Result<(), WebError> {
        let data = match wanted {
            Wanted::These(list) => list
                .iter()
                .find(|e| e.is(CARDDAV, "address-data") || e.is(CALDAV, "calendar-data")),
            _ => None,
        };
        let all = self.props(data)?;
        let (found, missing) = pick(all, wanted);
        xml::response(out, href, &found, &missing);
        Ok(())
    }
}

/// A property found: namespace, name, value as XML.
pub(crate) type Prop = (String, String, String);
/// A property asked for and not found: namespace, name.
pub(crate) type PropName = (String, String);

/// The properties asked for, found and missing.
pub(crate) fn pick(all: Vec<Prop>, wanted: &Wanted) -> (Vec<Prop>, Vec<PropName>) {
    match wanted {
        Wanted::All => (all, Vec::new()),
        Wanted::Names => (
            all.into_iter()
                .map(|(ns, name, _)| (ns, name, String::new()))
                .collect(),
            Vec::new(),
        ),
        Wanted::These(list) => {
            let mut found = Vec::new();
            let mut missing = Vec::new();
            for el in list {
                match all.iter().find(|(ns, name, _)| el.is(ns, name)) {
                    Some(p) => found.push(p.clone()),
                    None => missing.push((el.ns.clone(), el.name.clone())),
                }
            }
            (found, missing)
        }
    }
}

fn href(h: &str) -> String {
    format!("<d:href>{}</d:href>", escape(h))
}

fn privileges() -> String {
    [
        "read",
        "write",
        "write-content",
        "write-properties",
        "bind",
        "unbind",
        "read-current-user-privilege-set",
    ]
    .iter()
    .map(|p| format!("<d:privilege><d:{p}/></d:privilege>"))
    .collect()
}

fn reports(names: &[(&str, &str)]) -> String {
    names
        .iter()
        .map(|(ns, n)| {
            format!(
                "<d:supported-report><d:report>{}</d:report></d:supported-report>",
                xml::empty_tag(ns, n)
            )
        })
        .collect()
}

/// The properties of a collection or of the principal.
fn collection_props(s: &Session, target: &Target, token: Option<i64>) -> Vec<Prop> {
    let mut out = vec![
        (
            DAV.into(),
            "current-user-principal".into(),
            href(&s.principal_href()),
        ),
        (DAV.into(), "owner".into(), href(&s.principal_href())),
        (
            DAV.into(),
            "current-user-privilege-set".into(),
            privileges(),
        ),
    ];
    match target {
        Target::Root => {
            out.push((DAV.into(), "resourcetype".into(), "<d:collection/>".into()));
        }
        Target::Principal => {
            out.push((
                DAV.into(),
                "resourcetype".into(),
                "<d:collection/><d:principal/>".into(),
            ));
            out.push((DAV.into(), "displayname".into(), "warmline".into()));
            out.push((
                DAV.into(),
                "principal-URL".into(),
                href(&s.principal_href()),
            ));
            out.push((
                CARDDAV.into(),
                "addressbook-home-set".into(),
                href(&s.principal_href()),
            ));
            out.push((
                CALDAV.into(),
                "calendar-home-set".into(),
                href(&s.principal_href()),
            ));
        }
        Target::AddressBook => {
            out.push((
                DAV.into(),
                "resourcetype".into(),
                "<d:collection/><card:addressbook/>".into(),
            ));
            out.push((DAV.into(), "displayname".into(), "warmline".into()));
            out.push((
                CARDDAV.into(),
                "addressbook-description".into(),
                "Everyone in your warmline network".into(),
            ));
            out.push((
                CARDDAV.into(),
                "supported-address-data".into(),
                "<card:address-data-type content-type=\"text/vcard\" version=\"3.0\"/><card:address-data-type content-type=\"text/vcard\" version=\"4.0\"/>".into(),
            ));
            out.push((
                DAV.into(),
                "supported-report-set".into(),
                reports(&[
                    (CARDDAV, "addressbook-multiget"),
                    (CARDDAV, "addressbook-query"),
                    (DAV, "sync-collection"),
                ]),
            ));
            out.push((
                CARDDAV.into(),
                "max-resource-size".into(),
                super::BODY_LIMIT.to_string(),
            ));
        }
        Target::Calendar => {
            out.push((
                DAV.into(),
                "resourcetype".into(),
                "<d:collection/><cal:calendar/>".into(),
            ));
            out.push((
                DAV.into(),
                "displayname".into(),
                "warmline follow-ups".into(),
            ));
            out.push((
                CALDAV.into(),
                "supported-calendar-component-set".into(),
                "<cal:comp name=\"VTODO\"/><cal:comp name=\"VEVENT\"/>".into(),
            ));
            out.push((
                DAV.into(),
                "supported-report-set".into(),
                reports(&[
                    (CALDAV, "calendar-multiget"),
                    (CALDAV, "calendar-query"),
                    (DAV, "sync-collection"),
                ]),
            ));
        }
        Target::Card(_) | Target::CalendarItem(_) => {}
    }
    if let Some(t) = token {
        let collection = if *target == Target::Calendar {
            "calendar"
        } else {
            "contacts"
        };
        let token = sync_token(collection, t);
        out.push((DAV.into(), "sync-token".into(), escape(&token)));
        out.push((CS.into(), "getctag".into(), escape(&token)));
    }
    out
}

/// The sync token of a point of a collection's sync state.
pub(crate) fn sync_token(collection: &str, point: i64) -> String {
    format!("http://warmline.invalid/sync/{collection}/{point}")
}

/// The point a token names, if it is one of this collection's.
pub(crate) fn sync_point(collection: &str, token: &str) -> Option<i64> {
    token
        .trim()
        .strip_prefix(&format!("http://warmline.invalid/sync/{collection}/"))?
        .parse()
        .ok()
}

/// `PROPFIND` on any target, depth 0 or 1 (`infinity` is answered as 1).
pub(crate) async fn propfind(
    s: &Session,
    target: &Target,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, WebError> {
    let root = match xml::parse(body) {
        Ok(r) => r,
        Err(e) => return Ok(status(StatusCode::BAD_REQUEST, &e)),
    };
    if let Some(r) = &root
        && !r.is(DAV, "propfind")
    {
        return Ok(status(
            StatusCode::BAD_REQUEST,
            "expected a DAV:propfind body",
        ));
    }
    let wanted = Wanted::of(root.as_ref());
    let depth = headers
        .get("depth")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("1")
        .trim()
        .to_string();
    let deep = depth != "0";
    let mut out = String::from(xml::MULTISTATUS_OPEN);
    match target {
        Target::Root => {
            let (f, m) = pick(collection_props(s, target, None), &wanted);
            xml::response(&mut out, "/dav/", &f, &m);
            if deep {
                let (f, m) = pick(collection_props(s, &Target::Principal, None), &wanted);
                xml::response(&mut out, &s.principal_href(), &f, &m);
            }
        }
        Target::Principal => {
            let (f, m) = pick(collection_props(s, target, None), &wanted);
            xml::response(&mut out, &s.principal_href(), &f, &m);
            if deep {
                let (book, cal) = tokio::try_join!(carddav::refresh(s), caldav::refresh(s))?;
                let (f, m) = pick(
                    collection_props(s, &Target::AddressBook, Some(book.0)),
                    &wanted,
                );
                xml::response(&mut out, &s.contacts_href(), &f, &m);
                let (f, m) = pick(collection_props(s, &Target::Calendar, Some(cal.0)), &wanted);
                xml::response(&mut out, &s.calendar_href(), &f, &m);
            }
        }
        Target::AddressBook | Target::Calendar => {
            let (point, members) = if *target == Target::AddressBook {
                carddav::refresh(s).await?
            } else {
                caldav::refresh(s).await?
            };
            let base = if *target == Target::AddressBook {
                s.contacts_href()
            } else {
                s.calendar_href()
            };
            let (f, m) = pick(collection_props(s, target, Some(point)), &wanted);
            xml::response(&mut out, &base, &f, &m);
            if deep {
                for member in &members {
                    member.respond(
                        &mut out,
                        &format!("{base}{}", super::percent_encode(&member.name)),
                        &wanted,
                    )?;
                }
            }
        }
        Target::Card(name) | Target::CalendarItem(name) => {
            let (members, base) = if matches!(target, Target::Card(_)) {
                (carddav::members(s).await?, s.contacts_href())
            } else {
                (caldav::members(s).await?, s.calendar_href())
            };
            let Some(member) = members.iter().find(|m| &m.name == name) else {
                return Ok(status(StatusCode::NOT_FOUND, "no such card or to-do"));
            };
            member.respond(
                &mut out,
                &format!("{base}{}", super::percent_encode(name)),
                &wanted,
            )?;
        }
    }
    out.push_str(xml::MULTISTATUS_CLOSE);
    Ok(multistatus(out))
}

/// The members a multiget names by address, each answered, or 404 where none is.
pub(crate) fn multiget(
    out: &mut String,
    root: &Element,
    base: &str,
    members: &[Member],
    wanted: &Wanted,
) -> Result<(), WebError> {
    let mut hrefs = Vec::new();
    root.descendants(DAV, "href", &mut hrefs);
    for h in hrefs {
        let path = super::href_path(h.text.trim());
        let found = path
            .strip_prefix(base)
            .and_then(super::percent_decode)
            .and_then(|n| members.iter().find(|m| m.name == n));
        match found {
            Some(m) => m.respond(out, &path, wanted)?,
            None => xml::status_response(out, &path, "404 Not Found"),
        }
    }
    Ok(())
}

/// `REPORT sync-collection` (RFC 6578) over a collection's members: everything when the
/// token is empty, else what changed after its point (gone members as 404); an unknown
/// token is refused with `valid-sync-token`, and the client starts over.
pub(crate) async fn sync_collection(
    s: &Session,
    collection: &'static str,
    base: &str,
    root: &Element,
    (point, members): (i64, Vec<Member>),
    wanted: &Wanted,
) -> Result<Response, WebError> {
    let given = root
        .child(DAV, "sync-token")
        .map(|t| t.text.trim().to_string())
        .unwrap_or_default();
    let changes = match sync_point(collection, &given) {
        Some(p) => {
            s.app
                .run(move |ctx| Ok(ctx.store.dav_changes_since(collection, p)?))
                .await?
        }
        None => None,
    };
    let members = &members;
    let mut out = String::from(xml::MULTISTATUS_OPEN);
    if given.trim().is_empty() {
        for m in members {
            m.respond(
                &mut out,
                &format!("{base}{}", super::percent_encode(&m.name)),
                wanted,
            )?;
        }
    } else {
        let Some(changes) = changes else {
            return Ok((
                StatusCode::FORBIDDEN,
                [(axum::http::header::CONTENT_TYPE, "application/xml; charset=utf-8")],
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:error xmlns:d=\"DAV:\"><d:valid-sync-token/></d:error>\n",
            )
                .into_response());
        };
        for c in changes {
            let href = format!("{base}{}", super::percent_encode(&c.name));
            match members.iter().find(|m| m.name == c.name) {
                Some(m) if !c.gone => m.respond(&mut out, &href, wanted)?,
                _ => xml::status_response(&mut out, &href, "404 Not Found"),
            }
        }
    }
    out.push_str(&format!(
        "<d:sync-token>{}</d:sync-token>",
        escape(&sync_token(collection, point))
    ));
    out.push_str(xml::MULTISTATUS_CLOSE);
    Ok(multistatus(out))
}
