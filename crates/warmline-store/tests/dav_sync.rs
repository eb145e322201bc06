//! The CardDAV and CalDAV bookkeeping on both backends: clients' names for cards, and the
//! sync state behind RFC 6578 tokens (changes, removals, unknown points).

mod backends;

use backends::each_backend;
use warmline_store::{DavChange, NewPerson};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn members(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, e)| (n.to_string(), e.to_string()))
        .collect()
}

fn change(name: &str, gone: bool) -> DavChange {
    DavChange {
        name: name.into(),
        gone,
    }
}

#[test]
fn sync_points_name_what_changed_and_what_went() {
    each_backend("dav_sync::points", |s| {
        assert_eq!(s.dav_refresh("contacts", &[]).unwrap(), 0);
        let p1 = s
            .dav_refresh("contacts", &members(&[("a.vcf", "1"), ("b.vcf", "1")]))
            .unwrap();
        assert_eq!(p1, 1);
        // Nothing changed: no new point.
        assert_eq!(
            s.dav_refresh("contacts", &members(&[("a.vcf", "1"), ("b.vcf", "1")]))
                .unwrap(),
            1
        );
        let p2 = s
            .dav_refresh("contacts", &members(&[("a.vcf", "2"), ("c.vcf", "1")]))
            .unwrap();
        assert_eq!(p2, 2);
        assert_eq!(
            s.dav_changes_since("contacts", 1).unwrap(),
            Some(vec![
                change("a.vcf", false),
                change("b.vcf", true),
                change("c.vcf", false)
            ])
        );
        assert_eq!(s.dav_changes_since("contacts", 2).unwrap(), Some(vec![]));
        assert_eq!(s.dav_changes_since("contacts", 3).unwrap(), None);
        assert_eq!(s.dav_changes_since("contacts", -1).unwrap(), None);
        // A name that comes back is a change again; collections are apart.
        let p3 = s
            .dav_refresh(
                "contacts",
                &members(&[("a.vcf", "2"), ("b.vcf", "9"), ("c.vcf", "1")]),
            )
            .unwrap();
        assert_eq!(
            s.dav_changes_since("contacts", p2).unwrap(),
            Some(vec![change("b.vcf", false)])
        );
        assert_eq!(p3, 3);
        assert_eq!(
            s.dav_refresh("calendar", &members(&[("t.ics", "1")]))
                .unwrap(),
            1
        );
        assert_eq!(
            s.dav_changes_since("calendar", 0).unwrap(),
            Some(vec![change("t.ics", false)])
        );
    });
}

#[test]
fn a_card_keeps_the_name_its_client_gave_and_goes_with_its_person() {
    each_backend("dav_sync::names", |s| {
        let add = |name: &str| {
            s.add_person(
                &NewPerson {
                    name: name.into(),
                    ..NewPerson::default()
                },
                today(),
            )
            .unwrap()
        };
        let (dana, sam) = (add("Dana Lee"), add("Sam Ortiz"));
        assert!(s.dav_names().unwrap().is_empty());
        s.set_dav_name(dana, "from-phone.vcf").unwrap();
        s.set_dav_name(sam, "sam.vcf").unwrap();
        assert_eq!(s.dav_person_named("from-phone.vcf").unwrap(), Some(dana));
        // The latest name wins, and a name moves to whom it was last given.
        s.set_dav_name(dana, "dana-2.vcf").unwrap();
        assert_eq!(s.dav_person_named("from-phone.vcf").unwrap(), None);
        s.set_dav_name(sam, "dana-2.vcf").unwrap();
        let names = s.dav_names().unwrap();
        assert_eq!(names.len(), 1);
        assert_eq!(names.get(&sam).map(String::as_str), Some("dana-2.vcf"));
        // Removing the person takes the name; undoing the removal brings it back.
        let trash = s.remove_person(sam).unwrap();
        assert!(s.dav_names().unwrap().is_empty());
        s.undo(trash).unwrap();
        assert_eq!(s.dav_person_named("dana-2.vcf").unwrap(), Some(sam));
    });
}
