//! The address book (RFC 6352): everyone in the network, one card each.
//!
//! A card's address is the name the client gave it when it created the card
//! (`Store::set_dav_name`), else one made from the person's UID (the first UID an address
//! book gave them, else warmline's stable `urn:uuid`), so a card never moves. Its ETag is
//! a hash of its vCard 4.0 text: it changes exactly when the card does, whichever version
//! a client reads (3.0 by default, as RFC 6352 says, or 4.0 when asked).
//!
//! Writes go through the importer: a new card is matched as an imported one is (UID,
//! LinkedIn, e-mail, phone, then name), so a card for someone already here becomes that
//! person and never a second one; a changed card replaces the fields it carries and leaves
//! the rest (history, facts, goals, follow-ups) alone; a deleted card puts the person in
//! the trash (`warmline undo` brings them back whole).

use std::sync::Arc;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use warmline_core::person::PersonId;
use warmline_formats::ContactRecord;
use warmline_formats::vcard_out::{self, VcardVersion};
use warmline_store::{ImportOptions, IncomingContact, Outcome};

use super::props::{Member, MemberBody, Wanted, multiget, sync_collection};
use super::xml::{self, CARDDAV, DAV, Element};
use super::{Session, etag_of, multistatus, preconditions_hold, status};
use crate::app::Ctx;
use crate::error::WebError;

const COLLECTION: &str = "contacts";

/// A card's text in `version`.
pub(crate) fn render(r: &ContactRecord, version: VcardVersion) -> Result<String, WebError> {
    let mut out = Vec::new();
    vcard_out::write_vcard_as(&mut out, r, version)
        .map_err(|e| WebError::Internal(format!("cannot write a card: {e}")))?;
    String::from_utf8(out).map_err(|e| WebError::Internal(format!("cannot write a card: {e}")))
}

/// The address name of a card from its UID: the UID itself when it is plain enough to
/// stand in an address, else a hash of it.
fn name_from_uid(uid: &str) -> String {
    let bare = uid.strip_prefix("urn:uuid:").unwrap_or(uid);
    if !bare.is_empty()
        && bare.len() <= 120
        && bare
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'@'))
    {
        format!("{bare}.vcf")
    } else {
        format!("{}.vcf", &warmline_accounts::token::hash_of(uid)[..32])
    }
}

/// Everyone's card, with its name and ETag, and the person behind each. Rendering and
/// hashing every card is most of a listing's cost, so the result is kept until the
/// database changes: a phone's sync with nothing new renders nothing.
fn cards(ctx: &Ctx) -> Result<Arc<Vec<(PersonId, Member)>>, WebError> {
    ctx.memo("dav-cards", all_cards)
}

fn all_cards(store: &warmline_store::Store) -> Result<Vec<(PersonId, Member)>, WebError> {
    let names = store.dav_names()?;
    let mut out = Vec::new();
    for e in store.export_people()? {
        let id = e.person.id;
        let record = ContactRecord {
            uid: Some(e.uid.clone()),
            ..ContactRecord::from(&e.person)
        };
        let text = render(&record, VcardVersion::V4)?;
        let name = names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| name_from_uid(&e.uid));
        out.push((
            id,
            Member {
                name,
                etag: etag_of(&text),
                body: MemberBody::Card(Box::new(record)),
            },
        ));
    }
    Ok(out)
}

/// Every card.
pub(crate) async fn members(s: &Session) -> Result<Vec<Member>, WebError> {
    s.app
        .run(|ctx| Ok(cards(ctx)?.iter().map(|(_, m)| m.clone()).collect()))
        .await
}

/// Brings the address book's sync state up to `cards`; returns the sync point.
fn note(store: &warmline_store::Store, cards: &[(PersonId, Member)]) -> Result<i64, WebError> {
    let list: Vec<(String, String)> = cards
        .iter()
        .map(|(_, m)| (m.name.clone(), m.etag.clone()))
        .collect();
    Ok(store.dav_refresh(COLLECTION, &list)?)
}

/// Every card, with the address book's sync state brought up to them.
pub(crate) async fn refresh(s: &Session) -> Result<(i64, Vec<Member>), WebError> {
    s.app
        .run(|ctx| {
            let all = cards(ctx)?;
            let point = note(&ctx.store, &all)?;
            Ok((point, all.iter().map(|(_, m)| m.clone()).collect()))
        })
        .await
}

/// The version a GET asks for in `Accept`: 4.0 only when it says so.
fn accepted_version(headers: &HeaderMap) -> VcardVersion {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let asks_4 = accept
        .split(',')
        .any(|t| t.contains("text/vcard") && t.replace(' ', "").contains("version=4.0"));
    let asks_3 = accept
        .split(',')
        .any(|t| t.contains("text/vcard") && t.replace(' ', "").contains("version=3.0"));
    if asks_4 && !asks_3 {
        VcardVersion::V4
    } else {
        VcardVersion::V3
    }
}

fn with_etag(mut resp: Response, etag: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(etag) {
        resp.headers_mut().insert(header::ETAG, v);
    }
    resp
}

/// `GET` a card, in the version `Accept` asks for.
pub(crate) async fn get(
    s: &Session,
    name: &str,
    headers: &HeaderMap,
) -> Result<Response, WebError> {
    let members = members(s).await?;
    let Some(m) = members.iter().find(|m| m.name == name) else {
        return Ok(status(StatusCode::NOT_FOUND, "no such card"));
    };
    let version = accepted_version(headers);
    let content_type = match version {
        VcardVersion::V3 => "text/vcard; charset=utf-8; version=3.0",
        VcardVersion::V4 => "text/vcard; charset=utf-8; version=4.0",
    };
    let resp = ([(header::CONTENT_TYPE, content_type)], m.text(version)?).into_response();
    Ok(with_etag(resp, &m.etag))
}

/// The one card of a PUT body.
fn one_card(body: &[u8]) -> Result<ContactRecord, String> {
    let mut cards = warmline_formats::vcard::vcards(body);
    let first = cards
        .next()
        .ok_or_else(|| "the body holds no vCard".to_string())?
        .map_err(|e| format!("the vCard cannot be read (line {}): {}", e.line, e.message))?;
    if cards.next().is_some() {
        return Err("a card resource holds one vCard".into());
    }
    Ok(first)
}

/// `PUT` a card: a new one becomes a person (or the person it is about), a known one
/// updates its person. A stale `If-Match` changes nothing (412).
pub(crate) async fn put(
    s: &Session,
    name: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, WebError> {
    let record = match one_card(body) {
        Ok(r) => r,
        Err(e) => return Ok(status(StatusCode::BAD_REQUEST, &e)),
    };
    let headers = headers.clone();
    let name = name.to_string();
    s.app
        .run(move |ctx| {
            let store = &ctx.store;
            let before = cards(ctx)?;
            let existing = before.iter().find(|(_, m)| m.name == name);
            if !preconditions_hold(&headers, existing.map(|(_, m)| m.etag.as_str())) {
                return Ok(status(
                    StatusCode::PRECONDITION_FAILED,
                    "the card changed since it was read: sync again",
                ));
            }
            let incoming = IncomingContact::from(record.clone());
            let options = ImportOptions {
                source: "carddav".into(),
                overwrite: existing.is_some(),
                dry_run: false,
                today: ctx.today,
            };
            let mut outcome = None;
            let target = existing.map(|(id, _)| *id);
            store.import(&options, |imp| -> Result<(), warmline_store::StoreError> {
                outcome = Some(match target {
                    Some(id) => imp.contact_into(id, &incoming)?,
                    None => imp.contact(&incoming)?,
                });
                Ok(())
            })?;
            let person = match outcome {
                Some(Outcome::Added(id) | Outcome::Updated(id) | Outcome::Unchanged(id)) => id,
                None => return Err(WebError::Internal("the card was not stored".into())),
            };
            if existing.is_none() {
                store.set_dav_name(person, &name)?;
            }
            let after = cards(ctx)?;
            // The sync state learns of the card now, so that its removal before the
            // client's next listing is still reported as a removal.
            note(store, &after)?;
            let etag = after
                .iter()
                .find(|(id, _)| *id == person)
                .map(|(_, m)| m.etag.clone())
                .unwrap_or_default();
            let code = if existing.is_some() {
                StatusCode::NO_CONTENT
            } else {
                StatusCode::CREATED
            };
            Ok(with_etag(code.into_response(), &etag))
        })
        .await
}

/// `DELETE` a card: the person goes to the trash, whole and restorable.
pub(crate) async fn delete(
    s: &Session,
    name: &str,
    headers: &HeaderMap,
) -> Result<Response, WebError> {
    let headers = headers.clone();
    let name = name.to_string();
    s.app
        .run(move |ctx| {
            let before = cards(ctx)?;
            let Some((id, m)) = before.iter().find(|(_, m)| m.name == name) else {
                return Ok(status(StatusCode::NOT_FOUND, "no such card"));
            };
            if !preconditions_hold(&headers, Some(&m.etag)) {
                return Ok(status(
                    StatusCode::PRECONDITION_FAILED,
                    "the card changed since it was read: sync again",
                ));
            }
            ctx.store.remove_person(*id)?;
            note(&ctx.store, &cards(ctx)?)?;
            Ok(StatusCode::NO_CONTENT.into_response())
        })
        .await
}

/// `REPORT` on the address book: multiget, query, sync-collection.
pub(crate) async fn report(
    s: &Session,
    _headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, WebError> {
    let root = match xml::parse(body) {
        Ok(Some(r)) => r,
        Ok(None) => return Ok(status(StatusCode::BAD_REQUEST, "a REPORT needs a body")),
        Err(e) => return Ok(status(StatusCode::BAD_REQUEST, &e)),
    };
    let wanted = Wanted::of(Some(&root));
    let base = s.contacts_href();
    if root.is(DAV, "sync-collection") {
        let listed = refresh(s).await?;
        return sync_collection(s, COLLECTION, &base, &root, listed, &wanted).await;
    }
    let members = members(s).await?;
    let mut out = String::from(xml::MULTISTATUS_OPEN);
    if root.is(CARDDAV, "addressbook-multiget") {
        multiget(&mut out, &root, &base, &members, &wanted)?;
    } else if root.is(CARDDAV, "addressbook-query") {
        let filter = root.child(CARDDAV, "filter");
        let limit = root
            .child(CARDDAV, "limit")
            .and_then(|l| l.child(CARDDAV, "nresults"))
            .and_then(|n| n.text.trim().parse::<usize>().ok())
            .unwrap_or(usize::MAX);
        let mut shown = 0;
        for m in &members {
            if shown >= limit {
                break;
            }
            let text = m.text(VcardVersion::V4)?;
            if filter.is_none_or(|f| matches(f, &text)) {
                m.respond(
                    &mut out,
                    &format!("{base}{}", super::percent_encode(&m.name)),
                    &wanted,
                )?;
                shown += 1;
            }
        }
    } else {
        return Ok(status(
            StatusCode::FORBIDDEN,
            "this report is not supported here",
        ));
    }
    out.push_str(xml::MULTISTATUS_CLOSE);
    Ok(multistatus(out))
}

/// Whether a card (its unfolded 4.0 text) passes an addressbook-query filter
/// (RFC 6352 §10.5): prop-filters, each by presence or by text-match, any or all of them.
fn matches(filter: &Element, card: &str) -> bool {
    let unfolded = card.replace("\r\n ", "");
    let props: Vec<&Element> = filter
        .children
        .iter()
        .filter(|c| c.is(CARDDAV, "prop-filter"))
        .collect();
    if props.is_empty() {
        return true;
    }
    let all = filter.attribute("test") == Some("allof");
    let one = |pf: &Element| -> bool {
        let name = pf.attribute("name").unwrap_or("").to_ascii_uppercase();
        let values: Vec<String> = unfolded
            .lines()
            .filter_map(|l| {
                let (head, value) = l.split_once(':')?;
                let prop = head.split(';').next()?.to_ascii_uppercase();
                (prop == name).then(|| value.to_lowercase())
            })
            .collect();
        if pf.child(CARDDAV, "is-not-defined").is_some() {
            return values.is_empty();
        }
        let matches: Vec<&Element> = pf
            .children
            .iter()
            .filter(|c| c.is(CARDDAV, "text-match"))
            .collect();
        if matches.is_empty() {
            return !values.is_empty();
        }
        let pf_all = pf.attribute("test") == Some("allof");
        let test = |tm: &&Element| -> bool {
            let needle = tm.text.trim().to_lowercase();
            let kind = tm.attribute("match-type").unwrap_or("contains");
            let hit = values.iter().any(|v| match kind {
                "equals" => *v == needle,
                "starts-with" => v.starts_with(&needle),
                "ends-with" => v.ends_with(&needle),
                _ => v.contains(&needle),
            });
            hit != (tm.attribute("negate-condition") == Some("yes"))
        };
        if pf_all {
            matches.iter().all(test)
        } else {
            matches.iter().any(test)
        }
    };
    if all {
        props.iter().all(|p| one(p))
    } else {
        props.iter().any(|p| one(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_names_come_from_plain_uids_or_their_hash() {
        assert_eq!(
            name_from_uid("urn:uuid:0b5c7f3e-1d2c-5a4b-9f00-1234567890ab"),
            "0b5c7f3e-1d2c-5a4b-9f00-1234567890ab.vcf"
        );
        let odd = name_from_uid("a/b c");
        assert!(odd.ends_with(".vcf") && odd.len() == 36, "{odd}");
        assert_eq!(odd, name_from_uid("a/b c"));
    }

    #[test]
    fn accept_chooses_the_version() {
        let mut h = HeaderMap::new();
        assert_eq!(accepted_version(&h), VcardVersion::V3);
        h.insert(
            header::ACCEPT,
            HeaderValue::from_static("text/vcard; version=4.0"),
        );
        assert_eq!(accepted_version(&h), VcardVersion::V4);
        h.insert(
            header::ACCEPT,
            HeaderValue::from_static("text/vcard;version=3.0, text/vcard;version=4.0;q=0.5"),
        );
        assert_eq!(accepted_version(&h), VcardVersion::V3);
    }

    #[test]
    fn query_filters_match_as_rfc_6352_says() {
        let card = "BEGIN:VCARD\r\nFN:Dana Lee\r\nEMAIL;PREF=1:dana@acme.example\r\nEND:VCARD\r\n";
        let filter = |body: &str| {
            let xml =
                format!("<C:filter xmlns:C=\"urn:ietf:params:xml:ns:carddav\" {body}</C:filter>");
            xml::parse(xml.as_bytes()).unwrap().unwrap()
        };
        let f = filter(
            r#"><C:prop-filter name="FN"><C:text-match>dana</C:text-match></C:prop-filter>"#,
        );
        assert!(matches(&f, card));
        let f = filter(
            r#"><C:prop-filter name="FN"><C:text-match match-type="equals">dana</C:text-match></C:prop-filter>"#,
        );
        assert!(!matches(&f, card));
        let f = filter(r#"><C:prop-filter name="TEL"><C:is-not-defined/></C:prop-filter>"#);
        assert!(matches(&f, card));
        let f = filter(
            r#"test="allof"><C:prop-filter name="FN"/><C:prop-filter name="EMAIL"><C:text-match negate-condition="yes">acme</C:text-match></C:prop-filter>"#,
        );
        assert!(!matches(&f, card));
    }
}
