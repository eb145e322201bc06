//! The store's behaviour through its public interface: what any backend must do.

mod backends;

use backends::each_backend;
use chrono::NaiveDate;
use warmline_core::followup::{Origin, Status};
use warmline_core::goal::{GoalStatus, Stage};
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_core::job::JobRole;
use warmline_core::person::{FactCategory, Met, Tier};
use warmline_store::{ListFilter, NeedOrOffer, NewGoal, NewPerson, PersonPatch, SortBy, Store};

fn d(s: &str) -> NaiveDate {
    warmline_core::date::parse_iso(s).unwrap()
}

fn person(name: &str) -> NewPerson {
    NewPerson {
        name: name.into(),
        ..NewPerson::default()
    }
}

fn log(store: &Store, people: Vec<i64>, on: &str, kind: Kind, summary: &str) -> Option<i64> {
    let new = NewInteraction {
        on: d(on),
        kind,
        direction: Direction::Outbound,
        summary: summary.into(),
        notes: String::new(),
        source: "manual".into(),
        source_key: None,
        people,
    };
    store.log_interaction(&new, d(on)).unwrap()
}

#[test]
fn add_read_edit_remove() {
    each_backend("add_read_edit_remove", |s| {
        let today = d("2026-11-01");
        let id = s
            .add_person(
                &NewPerson {
                    name: "  Zoë   Park ".into(),
                    emails: vec!["Zoe@Example.com".into()],
                    phones: vec!["+1 555 0100".into()],
                    org: Some("Acme PR".into()),
                    title: Some("Account Director".into()),
                    tags: vec!["#PR".into(), "mentor".into()],
                    tier: Some(Tier::Close),
                    linkedin: Some("linkedin.com/in/zoe/".into()),
                    ..NewPerson::default()
                },
                today,
            )
            .unwrap();
        let p = s.person(id).unwrap();
        assert_eq!(p.name, "Zoë Park");
        assert_eq!(p.org.as_deref(), Some("Acme PR"));
        assert_eq!(p.tags, vec!["mentor", "pr"]);
        assert_eq!(
            p.linkedin.as_deref(),
            Some("https://www.linkedin.com/in/zoe")
        );
        assert_eq!(s.person_by_email("zoe@example.COM").unwrap(), Some(id));
        assert_eq!(s.person_by_phone("+15550100").unwrap(), Some(id));

        let patch = PersonPatch {
            org: Some("Bright Comms".into()),
            title: Some("VP".into()),
            add_tags: vec!["austin".into()],
            remove_tags: vec!["mentor".into()],
            note: Some("Moving to Austin".into()),
            ..PersonPatch::default()
        };
        s.update_person(id, &patch, d("2026-11-05")).unwrap();
        let p = s.person(id).unwrap();
        assert_eq!(p.org.as_deref(), Some("Bright Comms"));
        assert_eq!(p.tags, vec!["austin", "pr"]);
        assert_eq!(p.notes, "Moving to Austin");
        let history = s.work_history(id).unwrap();
        assert_eq!(history.len(), 2);
        assert!(history[0].current && history[0].org == "Bright Comms");
        assert_eq!(history[1].until, Some(d("2026-11-05")));

        s.remove_person(id).unwrap();
        assert!(s.person(id).is_err());
        assert!(s.search("zoe", 10).unwrap().is_empty());
    });
}

#[test]
fn a_failed_change_writes_nothing() {
    each_backend("a_failed_change_writes_nothing", |s| {
        let bad = NewPerson {
            emails: vec!["not an email".into()],
            ..person("Ann")
        };
        assert!(s.add_person(&bad, d("2026-01-01")).is_err());
        assert_eq!(s.count_people().unwrap(), 0);
        // An organisation created inside the failed transaction is gone too.
        assert!(s.orgs().unwrap().is_empty());
    });
}

#[test]
fn duplicate_linkedin_is_refused() {
    each_backend("duplicate_linkedin_is_refused", |s| {
        let a = NewPerson {
            linkedin: Some("https://www.linkedin.com/in/x".into()),
            ..person("A")
        };
        s.add_person(&a, d("2026-01-01")).unwrap();
        let b = NewPerson {
            linkedin: Some("http://linkedin.com/in/x/".into()),
            ..person("B")
        };
        let err = s.add_person(&b, d("2026-01-01")).unwrap_err().to_string();
        assert!(err.contains("already belongs to #1"), "{err}");
    });
}

#[test]
fn resolve_by_fragment_and_ambiguity() {
    each_backend("resolve_by_fragment_and_ambiguity", |s| {
        let t = d("2026-01-01");
        let lee = s
            .add_person(
                &NewPerson {
                    org: Some("Acme".into()),
                    ..person("Dana Lee")
                },
                t,
            )
            .unwrap();
        s.add_person(&person("Dana Smith"), t).unwrap();
        assert_eq!(s.resolve_person("dana lee").unwrap(), lee);
        assert_eq!(s.resolve_person("lee").unwrap(), lee);
        let err = s.resolve_person("dana").unwrap_err().to_string();
        assert!(
            err.contains("Dana Lee (Acme, #1)") && err.contains("Dana Smith (#2)"),
            "{err}"
        );
    });
}

#[test]
fn search_is_ranked_accent_insensitive_and_prefix() {
    each_backend("search_is_ranked_accent_insensitive_and_prefix", |s| {
        let t = d("2026-01-01");
        let jm = s.add_person(&person("Jürgen Müller"), t).unwrap();
        let ann = s
            .add_person(
                &NewPerson {
                    notes: "mentions muller once".into(),
                    ..person("Ann")
                },
                t,
            )
            .unwrap();
        let bo = s.add_person(&person("Bo"), t).unwrap();
        s.add_fact(Some(bo), FactCategory::Hobby, "rock climbing", None, t)
            .unwrap();
        log(
            s,
            vec![ann],
            "2026-01-02",
            Kind::Coffee,
            "talked about sourdough",
        );

        let hits = s.search("muller", 10).unwrap();
        assert_eq!(hits.iter().map(|h| h.id).collect::<Vec<_>>(), vec![jm, ann]);
        assert_eq!(s.search("climb", 10).unwrap()[0].id, bo);
        assert_eq!(s.search("sourdo", 10).unwrap()[0].id, ann);
        assert!(
            s.search("\"; DROP TABLE people; --", 10)
                .unwrap()
                .is_empty()
        );
        assert_eq!(s.count_people().unwrap(), 3);

        // The ranked list and the snippets asked for separately agree with the whole search.
        let ranked = s.search_ranked("muller", 10).unwrap();
        assert_eq!(
            ranked.iter().map(|h| h.0).collect::<Vec<_>>(),
            vec![jm, ann]
        );
        let snippets = s.search_snippets("muller", &[ann, bo]).unwrap();
        assert_eq!(snippets.len(), 1, "{snippets:?}");
        assert!(snippets[&ann].contains("[muller]"), "{snippets:?}");
        assert_eq!(hits[1].snippet, snippets[&ann]);
    });
}

#[test]
fn a_one_or_two_letter_search_answers_from_names() {
    each_backend("a_one_or_two_letter_search_answers_from_names", |s| {
        let t = d("2026-01-01");
        let alvarez = s.add_person(&person("Óscar Álvarez"), t).unwrap();
        let ana = s.add_person(&person("Ana Lee"), t).unwrap();
        let abel = s.add_person(&person("Ábel Kiss"), t).unwrap();
        let noted = s
            .add_person(
                &NewPerson {
                    notes: "a keen angler at Acme".into(),
                    org: Some("Acme".into()),
                    ..person("Bo Smith")
                },
                t,
            )
            .unwrap();
        s.add_fact(Some(noted), FactCategory::Hobby, "archery", None, t)
            .unwrap();

        // Names starting with the letter first, by name; then a later word of a name.
        let ids = |q: &str| -> Vec<i64> { s.search(q, 10).unwrap().iter().map(|h| h.id).collect() };
        assert_eq!(ids("a"), vec![abel, ana, alvarez]);
        assert_eq!(ids("Á"), vec![abel, ana, alvarez]);
        assert_eq!(ids("al"), vec![alvarez]);
        assert!(!ids("a").contains(&noted));
        assert_eq!(ids("a").len(), 3);
        assert_eq!(s.search("a", 2).unwrap().len(), 2);
        assert!(ids("zz").is_empty());
        // Three letters and more still search everything.
        assert_eq!(ids("arch"), vec![noted]);

        let hits = s.search("a", 10).unwrap();
        assert_eq!(hits[2].snippet, "Óscar [Álvarez]");
        let ranked = s.search_ranked("a", 10).unwrap();
        assert_eq!(
            ranked.iter().map(|h| h.0).collect::<Vec<_>>(),
            vec![abel, ana, alvarez]
        );
        let snippets = s.search_snippets("a", &[ana, alvarez]).unwrap();
        assert_eq!(snippets[&ana], "[Ana] Lee");
        assert_eq!(snippets[&alvarez], hits[2].snippet);

        // Counted with the hits: all of them when the list is full, the hits otherwise,
        // short queries and words alike.
        let counted = |q: &str, limit: usize| {
            let (hits, n) = s.search_counted(q, limit).unwrap();
            let (ranked, m) = s.search_ranked_counted(q, limit).unwrap();
            assert_eq!(n, m, "{q}");
            assert_eq!(
                hits.iter().map(|h| h.id).collect::<Vec<_>>(),
                ranked.iter().map(|h| h.0).collect::<Vec<_>>()
            );
            (hits.len(), n)
        };
        assert_eq!(counted("a", 2), (2, 3));
        assert_eq!(counted("a", 10), (3, 3));
        assert_eq!(counted("acme", 1), (1, 1));
        assert_eq!(counted("zz", 5), (0, 0));
        for name in ["Cy Acme", "Di Acme"] {
            s.add_person(&person(name), t).unwrap();
        }
        assert_eq!(counted("acme", 1), (1, 3));
        assert_eq!(counted("acme", 3), (3, 3));
    });
}

#[test]
fn a_load_into_an_empty_file_lands_whole_and_leaves_wal_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fresh.db");
    let t = d("2026-01-01");
    let s = Store::open(&path).unwrap();
    let failed: warmline_store::Result<()> = s.bulk_fresh(|s| {
        s.add_person(&person("Ada"), t)?;
        Err(warmline_store::StoreError::Invalid("stop".into()))
    });
    assert!(failed.is_err());
    assert_eq!(s.count_people().unwrap(), 0);
    s.bulk_fresh(|s| {
        for n in 0..50 {
            s.add_person(&person(&format!("Person {n}")), t)?;
        }
        Ok(())
    })
    .unwrap();
    drop(s);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.count_people().unwrap(), 50);
    assert_eq!(s.search("person", 100).unwrap().len(), 50);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    // The participants' date index, dropped for the load, is there again (after the
    // failed load too, rolled back with it).
    let index: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'interaction_people_on'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(index, 1);
}

#[test]
fn interactions_idempotent_by_source_key() {
    each_backend("interactions_idempotent_by_source_key", |s| {
        let a = s.add_person(&person("A"), d("2026-01-01")).unwrap();
        let new = NewInteraction {
            on: d("2026-01-02"),
            kind: Kind::Email,
            direction: Direction::Inbound,
            summary: "hello".into(),
            notes: String::new(),
            source: "mbox".into(),
            source_key: Some("thread-1/2026-01-02".into()),
            people: vec![a],
        };
        assert!(s.log_interaction(&new, d("2026-01-03")).unwrap().is_some());
        assert!(s.log_interaction(&new, d("2026-01-03")).unwrap().is_none());
        assert_eq!(s.count_interactions().unwrap(), 1);
    });
}

#[test]
fn after_event_follow_up_completes_on_next_interaction() {
    each_backend("after_event_follow_up_completes_on_next_interaction", |s| {
        let t = d("2026-03-01");
        let met = Met {
            context: Some("PRSA mixer".into()),
            on: Some(t),
            event_id: None,
        };
        let id = s
            .add_person(
                &NewPerson {
                    met,
                    ..person("Mia")
                },
                t,
            )
            .unwrap();
        let f = s
            .add_follow_up(id, "send a note", d("2026-03-03"), Origin::AfterEvent, t)
            .unwrap();
        let manual = s
            .add_follow_up(id, "send portfolio", d("2026-03-10"), Origin::Manual, t)
            .unwrap();
        log(s, vec![id], "2026-03-02", Kind::Email, "nice to meet you");
        assert_eq!(s.follow_up(f).unwrap().status, Status::Done);
        assert_eq!(s.follow_up(f).unwrap().done_on, Some(d("2026-03-02")));
        assert_eq!(s.follow_up(manual).unwrap().status, Status::Open);
    });
}

#[test]
fn follow_up_lifecycle_errors() {
    each_backend("follow_up_lifecycle_errors", |s| {
        let t = d("2026-03-01");
        let id = s.add_person(&person("Mia"), t).unwrap();
        let f = s.add_follow_up(id, "x", t, Origin::Manual, t).unwrap();
        assert_eq!(s.snooze_follow_up(f, 3, t).unwrap().due, d("2026-03-04"));
        assert!(s.snooze_follow_up(f, 0, t).is_err());
        s.close_follow_up(f, Status::Done, t).unwrap();
        assert!(
            s.snooze_follow_up(f, 3, t)
                .unwrap_err()
                .to_string()
                .contains("is done")
        );
        assert!(s.close_follow_up(f, Status::Cancelled, t).is_err());
        assert!(s.close_follow_up(999, Status::Done, t).is_err());
    });
}

#[test]
fn list_filters_and_sorts() {
    each_backend("list_filters_and_sorts", |s| {
        let t = d("2026-01-01");
        let a = s
            .add_person(
                &NewPerson {
                    tier: Some(Tier::Inner),
                    tags: vec!["pr".into()],
                    ..person("A")
                },
                t,
            )
            .unwrap();
        let b = s
            .add_person(
                &NewPerson {
                    tier: Some(Tier::Loose),
                    ..person("B")
                },
                t,
            )
            .unwrap();
        log(s, vec![a], "2026-01-01", Kind::Coffee, "coffee");
        log(s, vec![b], "2026-01-10", Kind::Coffee, "coffee");
        let today = d("2026-01-20");
        let due = s
            .list_people(
                &ListFilter {
                    due: true,
                    ..ListFilter::default()
                },
                today,
            )
            .unwrap();
        assert_eq!(due.iter().map(|p| p.id).collect::<Vec<_>>(), vec![a]);
        assert_eq!(due[0].next_due, Some(d("2026-01-15")));
        let warm = s
            .list_people(
                &ListFilter {
                    sort: SortBy::Warmth,
                    ..ListFilter::default()
                },
                today,
            )
            .unwrap();
        assert_eq!(warm[0].id, b);
        let tagged = s
            .list_people(
                &ListFilter {
                    tag: Some("#PR".into()),
                    ..ListFilter::default()
                },
                today,
            )
            .unwrap();
        assert_eq!(tagged.len(), 1);
    });
}

#[test]
fn backup_and_integrity() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(&dir.path().join("a.db")).unwrap();
    s.add_person(&person("A"), d("2026-01-01")).unwrap();
    s.backup_to(&dir.path().join("b.db")).unwrap();
    let b = Store::open(&dir.path().join("b.db")).unwrap();
    assert_eq!(b.count_people().unwrap(), 1);
    assert_eq!(b.integrity_check().unwrap(), "ok");
}

#[test]
fn last_contact_follows_the_latest_interaction() {
    each_backend("last_contact_follows_the_latest_interaction", |s| {
        let a = s
            .add_person(
                &NewPerson {
                    tier: Some(Tier::Close),
                    ..person("A")
                },
                d("2026-01-01"),
            )
            .unwrap();
        let b = s.add_person(&person("B"), d("2026-01-01")).unwrap();
        log(s, vec![a], "2026-01-10", Kind::Call, "call");
        log(s, vec![a, b], "2026-01-05", Kind::Coffee, "earlier coffee");
        assert_eq!(
            s.summary(a, d("2026-01-20")).unwrap().last_contact,
            Some(d("2026-01-10"))
        );
        let plan = s.today_plan(d("2026-02-09"), 60).unwrap();
        assert!(
            plan.items.iter().any(|i| i.id == format!("k{a}")),
            "{plan:?}"
        );
        let plan = s.today_plan(d("2026-02-08"), 60).unwrap();
        assert!(
            !plan.items.iter().any(|i| i.id == format!("k{a}")),
            "{plan:?}"
        );
        s.remove_person(b).unwrap();
        s.refresh_last_contact(a).unwrap();
        assert_eq!(
            s.summary(a, d("2026-01-20")).unwrap().last_contact,
            Some(d("2026-01-10"))
        );
    });
}

#[test]
fn a_page_of_the_list_is_the_same_slice_of_everyone() {
    each_backend("a_page_of_the_list_is_the_same_slice_of_everyone", |s| {
        let t = d("2026-01-01");
        for name in ["Cy", "Ábel", "Bo", "Dee", "Al"] {
            s.add_person(&person(name), t).unwrap();
        }
        let bo = s.search("bo", 1).unwrap()[0].id;
        log(s, vec![bo], "2026-01-05", Kind::Coffee, "coffee");
        let today = d("2026-02-01");
        for filter in [
            ListFilter::default(),
            ListFilter {
                sort: SortBy::Warmth,
                ..ListFilter::default()
            },
            ListFilter {
                due: true,
                ..ListFilter::default()
            },
        ] {
            let everyone = s.list_people(&filter, today).unwrap();
            for (offset, limit) in [(0, 2), (1, 3), (4, 9), (5, 1), (99, 1)] {
                let page = s
                    .list_people_page(&filter, today, offset, Some(limit))
                    .unwrap();
                assert_eq!(page.total, everyone.len());
                let want: Vec<_> = everyone.iter().skip(offset).take(limit).cloned().collect();
                assert_eq!(page.people, want, "{filter:?} {offset} {limit}");
            }
        }
        let names: Vec<String> = s
            .list_people_page(&ListFilter::default(), today, 0, Some(3))
            .unwrap()
            .people
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(names, ["Ábel", "Al", "Bo"]);
    });
}

/// A person's page reads the record with its e-mails, phones and tags in one statement,
/// and its summary, needs and offers, what you share and the timeline's names from what
/// it read already: each gives what the separate reads give.
#[test]
fn a_person_read_whole_gives_what_the_separate_reads_give() {
    each_backend(
        "a_person_read_whole_gives_what_the_separate_reads_give",
        |s| {
            let today = d("2026-11-01");
            let many = s
                .add_person(
                    &NewPerson {
                        name: "Zoë Park".into(),
                        // Kept in the order given, not sorted.
                        emails: vec![
                            "zoe@work.example".into(),
                            "a.zoe@home.example".into(),
                            "z\"q,o'e@example.com".into(),
                        ],
                        phones: vec!["+1 555 0199".into(), "+1 555 0100".into()],
                        org: Some("Acme PR".into()),
                        tags: vec!["mentor".into(), "austin".into(), "pr".into()],
                        tier: Some(Tier::Close),
                        ..NewPerson::default()
                    },
                    today,
                )
                .unwrap();
            let none = s.add_person(&person("Tom Bare"), today).unwrap();
            let p = s.person(many).unwrap();
            assert_eq!(
                p.emails,
                vec![
                    "zoe@work.example",
                    "a.zoe@home.example",
                    "z\"q,o'e@example.com"
                ]
            );
            assert_eq!(p.phones, vec!["+1 555 0199", "+1 555 0100"]);
            assert_eq!(p.tags, vec!["austin", "mentor", "pr"]);
            let bare = s.person(none).unwrap();
            assert!(bare.emails.is_empty() && bare.phones.is_empty() && bare.tags.is_empty());
            assert!(s.person(none + many + 100).is_err());

            // The summary from the person, their touches and the settings.
            log(s, vec![many, none], "2026-10-20", Kind::Coffee, "coffee");
            log(s, vec![many], "2026-11-20", Kind::Call, "booked call");
            let settings = s.settings().unwrap();
            for id in [many, none] {
                let p = s.person(id).unwrap();
                let touches = s.touches_for(id).unwrap();
                assert_eq!(
                    Store::summary_of(&p, &touches, &settings, today),
                    s.summary(id, today).unwrap()
                );
                assert_eq!(touches.len() as i64, s.interaction_count_for(id).unwrap());
            }

            // Needs and offers read together.
            s.add_need_offer(Some(many), NeedOrOffer::Need, "an intro to a CFO", today)
                .unwrap();
            s.add_need_offer(Some(many), NeedOrOffer::Offer, "reviews CVs", today)
                .unwrap();
            s.add_need_offer(Some(many), NeedOrOffer::Need, "a flat in Austin", today)
                .unwrap();
            s.add_need_offer(None, NeedOrOffer::Need, "my own need", today)
                .unwrap();
            let (needs, offers) = s.open_needs_and_offers(many).unwrap();
            assert_eq!(
                needs,
                s.needs_offers(Some(many), NeedOrOffer::Need).unwrap()
            );
            assert_eq!(
                offers,
                s.needs_offers(Some(many), NeedOrOffer::Offer).unwrap()
            );
            assert_eq!((needs.len(), offers.len()), (2, 1));

            // What you share, from their facts and work history as read.
            s.add_fact(None, FactCategory::Hobby, "climbing", None, today)
                .unwrap();
            s.add_fact(None, FactCategory::WorkHistory, "Acme PR", None, today)
                .unwrap();
            s.add_fact(Some(many), FactCategory::Hobby, "Climbing", None, today)
                .unwrap();
            let (theirs, mine) = s.facts_and_mine(many).unwrap();
            assert_eq!(theirs, s.facts(Some(many)).unwrap());
            assert_eq!(mine, s.facts(None).unwrap());
            assert_eq!((theirs.len(), mine.len()), (1, 2));
            let shared = Store::shared_with(&mine, &theirs, &s.work_history(many).unwrap());
            assert_eq!(shared, s.common_with(many).unwrap().shared);
            assert_eq!(shared.len(), 2, "{shared:?}");

            // Names, in one read.
            let names = s.names_of(&[many, none, none + many + 100]).unwrap();
            assert_eq!(names.len(), 2);
            assert_eq!(names[&none], "Tom Bare");
            assert!(s.names_of(&[]).unwrap().is_empty());

            // The event they were met at, named in the person's read.
            let ev = s.add_event("Spring mixer", None, None, today).unwrap();
            s.update_person(
                none,
                &PersonPatch {
                    met_event_id: Some(ev),
                    ..PersonPatch::default()
                },
                today,
            )
            .unwrap();
            let (p, event) = s.person_and_met_event(none).unwrap();
            assert_eq!(p, s.person(none).unwrap());
            assert_eq!(event.as_deref(), Some("Spring mixer"));
            assert_eq!(s.person_and_met_event(many).unwrap().1, None);

            // Goals they are in and the active ones they are not; opportunities with
            // everyone on them; the give/ask balance from those and their gives.
            let goal = |title: &str| {
                s.add_goal(
                    &NewGoal {
                        title: title.into(),
                        purpose: None,
                        profile: Default::default(),
                        weekly: Default::default(),
                        deadline: None,
                    },
                    today,
                )
                .unwrap()
            };
            let (first, second, paused) = (goal("PR roles"), goal("Austin"), goal("Archived"));
            s.set_goal_stage(second, many, Stage::Referral, today)
                .unwrap();
            s.set_goal_stage(paused, many, Stage::Replied, today)
                .unwrap();
            s.set_goal_status(paused, GoalStatus::Archived).unwrap();
            let other = s.add_job("Bright Comms", "Writer", &[none], today).unwrap();
            let job = s.add_job("Acme PR", "Director", &[many], today).unwrap();
            s.add_job_person(job, none, JobRole::Recruiter, today)
                .unwrap();
            s.add_job_person(job, many, JobRole::Reference, today)
                .unwrap();
            s.add_give(many, "an intro", Kind::Other, today, today)
                .unwrap();
            for id in [many, none] {
                let (member, others) = s.goals_with(id).unwrap();
                assert_eq!(member, s.goals_of(id).unwrap());
                let active: Vec<_> = s
                    .active_goals()
                    .unwrap()
                    .into_iter()
                    .filter(|g| !member.iter().any(|m| m.id == g.id))
                    .collect();
                assert_eq!(others, active);
                let jobs = s.jobs_of(id).unwrap();
                let expected: Vec<_> = s
                    .jobs()
                    .unwrap()
                    .into_iter()
                    .filter_map(|j| {
                        let role = j.people.iter().find(|p| p.id == id)?.role;
                        Some((j, role))
                    })
                    .collect();
                assert_eq!(jobs, expected);
                let gives = s.gives_for(id).unwrap();
                assert_eq!(
                    Store::give_balance_of(id, &gives, &jobs, &member),
                    s.give_balance(id).unwrap()
                );
            }
            let (member, others) = s.goals_with(many).unwrap();
            assert_eq!(
                member.iter().map(|m| m.id).collect::<Vec<_>>(),
                vec![second, paused]
            );
            assert_eq!(others.iter().map(|g| g.id).collect::<Vec<_>>(), vec![first]);
            assert_eq!(s.jobs_of(none).unwrap().len(), 2);
            assert_eq!(s.jobs_of(none).unwrap()[0].0.id, job);
            assert_eq!(s.jobs_of(many).unwrap()[0].0.people.len(), 3);
            assert_eq!(s.jobs_of(none).unwrap()[1].0.id, other);
            assert_eq!(s.give_balance(many).unwrap().asked, 1);
            assert_eq!(s.give_balance(many).unwrap().given, 1);
        },
    );
}
