//! Correcting what was recorded, through the store's public interface: every edit and
//! removal keeps last contacts, the search index, after-event follow-ups and goal stages
//! true, and every removal can be undone whole.

mod backends;

use backends::each_backend;

use chrono::NaiveDate;
use warmline_core::followup::{Origin, Status};
use warmline_core::goal::Stage;
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_core::job::JobRole;
use warmline_core::matching::MatchOptions;
use warmline_core::person::{FactCategory, Met};
use warmline_store::{
    ImportOptions, InteractionEdit, NeedOrOffer, NewGoal, NewPerson, PersonPatch, RemovedKind,
    Store, StoreError,
};

fn d(s: &str) -> NaiveDate {
    warmline_core::date::parse_iso(s).unwrap()
}

const TODAY: &str = "2026-11-25";

fn today() -> NaiveDate {
    d(TODAY)
}

fn add(s: &Store, name: &str) -> i64 {
    let p = NewPerson {
        name: name.into(),
        ..NewPerson::default()
    };
    s.add_person(&p, d("2026-09-01")).unwrap()
}

fn log(s: &Store, people: &[i64], on: &str, kind: Kind, summary: &str) -> i64 {
    let new = NewInteraction {
        on: d(on),
        kind,
        direction: Direction::Outbound,
        summary: summary.into(),
        notes: String::new(),
        source: "manual".into(),
        source_key: None,
        people: people.to_vec(),
    };
    s.log_interaction(&new, today()).unwrap().unwrap()
}

fn found(s: &Store, words: &str) -> Vec<i64> {
    let mut ids: Vec<i64> = s.search(words, 20).unwrap().iter().map(|h| h.id).collect();
    ids.sort_unstable();
    ids
}

/// The whole database as the backup writes it: what "nothing changed" is checked against.
fn state(s: &Store) -> serde_json::Value {
    s.backup_json().unwrap()
}

#[test]
fn editing_an_interaction_moves_last_contacts_and_the_index() {
    each_backend(
        "editing_an_interaction_moves_last_contacts_and_the_index",
        |s| {
            let (dana, sam, zoe) = (add(s, "Dana Lee"), add(s, "Sam Ortiz"), add(s, "Zoe Park"));
            log(s, &[dana], "2026-11-01", Kind::Email, "sent portfolio");
            let coffee = log(
                s,
                &[dana, sam],
                "2026-11-20",
                Kind::Coffee,
                "cofee at Blue Star",
            );
            assert_eq!(s.last_contact(sam).unwrap(), Some(d("2026-11-20")));

            let edit = InteractionEdit {
                summary: Some("coffee at Heart".into()),
                on: Some(d("2026-11-18")),
                kind: Some(Kind::Call),
                direction: Some(Direction::Inbound),
                people: Some(vec![dana, zoe]),
                ..InteractionEdit::default()
            };
            let i = s.edit_interaction(coffee, &edit, today()).unwrap();
            assert_eq!(i.summary, "coffee at Heart");
            assert_eq!(
                (i.on, i.kind, i.direction),
                (d("2026-11-18"), Kind::Call, Direction::Inbound)
            );
            assert_eq!(i.people, vec![dana, zoe]);
            // Sam was taken off: no interaction left, no last contact.
            assert_eq!(s.last_contact(sam).unwrap(), None);
            assert_eq!(s.last_contact(zoe).unwrap(), Some(d("2026-11-18")));
            assert_eq!(s.last_contact(dana).unwrap(), Some(d("2026-11-18")));
            assert_eq!(found(s, "heart"), vec![dana, zoe]);
            assert!(found(s, "cofee").is_empty());
            let history = s.history(zoe).unwrap();
            assert_eq!(history.len(), 1);
            let names: Vec<&str> = history[0].people.iter().map(|p| p.name.as_str()).collect();
            assert_eq!(names, ["Zoe Park", "Dana Lee"]);
        },
    );
}

#[test]
fn a_wrong_edit_changes_nothing() {
    each_backend("a_wrong_edit_changes_nothing", |s| {
        let dana = add(s, "Dana Lee");
        let id = log(s, &[dana], "2026-11-20", Kind::Coffee, "coffee");
        let before = state(s);
        let cases: Vec<(InteractionEdit, i64, &str)> = vec![
            (InteractionEdit::default(), id, "nothing to change"),
            (
                InteractionEdit {
                    summary: Some("  ".into()),
                    ..InteractionEdit::default()
                },
                id,
                "needs a summary",
            ),
            (
                InteractionEdit {
                    on: Some(d("2027-11-27")),
                    ..InteractionEdit::default()
                },
                id,
                "more than a year ahead",
            ),
            (
                InteractionEdit {
                    people: Some(vec![]),
                    ..InteractionEdit::default()
                },
                id,
                "at least one person",
            ),
            (
                InteractionEdit {
                    people: Some(vec![dana, 999]),
                    ..InteractionEdit::default()
                },
                id,
                "no person with id 999",
            ),
            (
                InteractionEdit {
                    summary: Some("x".into()),
                    ..InteractionEdit::default()
                },
                77,
                "no interaction #77",
            ),
        ];
        for (edit, target, message) in cases {
            let err = s.edit_interaction(target, &edit, today()).unwrap_err();
            assert!(err.to_string().contains(message), "{err}");
        }
        assert!(matches!(
            s.remove_interaction(77),
            Err(StoreError::NotFound(_))
        ));
        assert_eq!(state(s), before);
    });
}

#[test]
fn removing_an_interaction_and_undoing_it() {
    each_backend("removing_an_interaction_and_undoing_it", |s| {
        let (dana, sam) = (add(s, "Dana Lee"), add(s, "Sam Ortiz"));
        log(s, &[dana], "2026-11-01", Kind::Email, "sent portfolio");
        let coffee = log(
            s,
            &[dana, sam],
            "2026-11-20",
            Kind::Coffee,
            "coffee at Heart",
        );
        let promise = s
            .add_follow_up(
                dana,
                "send the deck",
                d("2026-11-28"),
                Origin::Promise,
                today(),
            )
            .unwrap();
        let before = state(s);

        let trash = s.remove_interaction(coffee).unwrap();
        assert_eq!(s.last_contact(dana).unwrap(), Some(d("2026-11-01")));
        assert_eq!(s.last_contact(sam).unwrap(), None);
        assert!(found(s, "heart").is_empty());
        assert!(s.interaction(coffee).is_err());
        assert_eq!(s.history(dana).unwrap().len(), 1);
        // What was promised stays to do.
        assert_eq!(s.follow_up(promise).unwrap().status, Status::Open);
        let r = s.removal(trash).unwrap();
        assert_eq!(r.kind, RemovedKind::Interaction);
        assert_eq!(
            r.label,
            "interaction #2: coffee with Dana Lee, Sam Ortiz on 2026-11-20"
        );

        let restored = s.undo(trash).unwrap();
        assert_eq!(restored.id, trash);
        assert_eq!(state(s), before);
        assert_eq!(found(s, "heart"), vec![dana, sam]);
        assert_eq!(s.last_contact(sam).unwrap(), Some(d("2026-11-20")));
        // Undone once: the entry has left the trash.
        let err = s.undo(trash).unwrap_err().to_string();
        assert!(err.contains("nothing to undo"), "{err}");
    });
}

#[test]
fn a_give_goes_with_its_interaction() {
    each_backend("a_give_goes_with_its_interaction", |s| {
        let dana = add(s, "Dana Lee");
        let (_, interaction) = s
            .add_give(
                dana,
                "sent the article",
                Kind::Email,
                d("2026-11-20"),
                today(),
            )
            .unwrap();
        let before = state(s);
        let trash = s.remove_interaction(interaction).unwrap();
        assert!(s.gives_for(dana).unwrap().is_empty());
        assert_eq!(s.give_balance(dana).unwrap().given, 0);
        s.undo(trash).unwrap();
        assert_eq!(state(s), before);
    });
}

#[test]
fn an_after_event_follow_up_follows_the_interaction_that_completed_it() {
    each_backend(
        "an_after_event_follow_up_follows_the_interaction_that_completed_it",
        |s| {
            let met = NewPerson {
                name: "Ana Lima".into(),
                met: Met {
                    on: Some(d("2026-11-10")),
                    ..Met::default()
                },
                ..NewPerson::default()
            };
            let ana = s.add_person(&met, d("2026-11-10")).unwrap();
            let sam = add(s, "Sam Ortiz");
            let f = s
                .add_follow_up(
                    ana,
                    "send a note",
                    d("2026-11-12"),
                    Origin::AfterEvent,
                    d("2026-11-10"),
                )
                .unwrap();
            let note = log(
                s,
                &[ana, sam],
                "2026-11-11",
                Kind::Email,
                "nice to meet you",
            );
            let done = |s: &Store| {
                let f = s.follow_up(f).unwrap();
                (f.status, f.done_on)
            };
            assert_eq!(done(s), (Status::Done, Some(d("2026-11-11"))));

            // Moved later: done on its new day.
            let moved = InteractionEdit {
                on: Some(d("2026-11-13")),
                ..InteractionEdit::default()
            };
            s.edit_interaction(note, &moved, today()).unwrap();
            assert_eq!(done(s), (Status::Done, Some(d("2026-11-13"))));
            // Moved before the meeting: the follow-up is still to do.
            let before_meeting = InteractionEdit {
                on: Some(d("2026-11-09")),
                ..InteractionEdit::default()
            };
            s.edit_interaction(note, &before_meeting, today()).unwrap();
            assert_eq!(done(s), (Status::Open, None));
            s.edit_interaction(note, &moved, today()).unwrap();
            assert_eq!(done(s), (Status::Done, Some(d("2026-11-13"))));
            // Ana taken off it: open again; put back on: done.
            let without = InteractionEdit {
                people: Some(vec![sam]),
                ..InteractionEdit::default()
            };
            s.edit_interaction(note, &without, today()).unwrap();
            assert_eq!(done(s), (Status::Open, None));
            let with = InteractionEdit {
                people: Some(vec![sam, ana]),
                ..InteractionEdit::default()
            };
            s.edit_interaction(note, &with, today()).unwrap();
            assert_eq!(done(s), (Status::Done, Some(d("2026-11-13"))));

            // Removed: open again; a later interaction remains, so a second removal settles on it.
            let call = log(s, &[ana], "2026-11-15", Kind::Call, "call");
            let trash = s.remove_interaction(note).unwrap();
            assert_eq!(done(s), (Status::Done, Some(d("2026-11-15"))));
            let trash2 = s.remove_interaction(call).unwrap();
            assert_eq!(done(s), (Status::Open, None));
            s.undo(trash2).unwrap();
            assert_eq!(done(s), (Status::Done, Some(d("2026-11-15"))));
            s.undo(trash).unwrap();
            assert_eq!(s.follow_up(f).unwrap().status, Status::Done);

            // Marked done by hand on another day: a removal leaves it alone.
            let bo = s
                .add_person(&met_on("Bo Chen", "2026-11-10"), d("2026-11-10"))
                .unwrap();
            let g = s
                .add_follow_up(
                    bo,
                    "send a note",
                    d("2026-11-12"),
                    Origin::AfterEvent,
                    d("2026-11-10"),
                )
                .unwrap();
            s.close_follow_up(g, Status::Done, d("2026-11-12")).unwrap();
            let hello = log(s, &[bo], "2026-11-14", Kind::Email, "hello");
            s.remove_interaction(hello).unwrap();
            assert_eq!(s.follow_up(g).unwrap().done_on, Some(d("2026-11-12")));
        },
    );
}

fn met_on(name: &str, on: &str) -> NewPerson {
    NewPerson {
        name: name.into(),
        met: Met {
            on: Some(d(on)),
            ..Met::default()
        },
        ..NewPerson::default()
    }
}

#[test]
fn goal_moves_an_interaction_made_are_taken_back() {
    each_backend("goal_moves_an_interaction_made_are_taken_back", |s| {
        let dana = add(s, "Dana Lee");
        let goal = s
            .add_goal(
                &NewGoal {
                    title: "Break into PR".into(),
                    ..NewGoal::default()
                },
                d("2026-11-01"),
            )
            .unwrap();
        s.set_goal_stage(goal, dana, Stage::Identified, d("2026-11-01"))
            .unwrap();
        let stage = |s: &Store| s.goal_stage(goal, dana).unwrap();
        let email = log(s, &[dana], "2026-11-10", Kind::Email, "first note");
        assert_eq!(stage(s), Some(Stage::ReachedOut));
        let coffee = log(s, &[dana], "2026-11-20", Kind::Coffee, "coffee");
        assert_eq!(stage(s), Some(Stage::Conversation));
        let before = state(s);

        let trash = s.remove_interaction(coffee).unwrap();
        assert_eq!(stage(s), Some(Stage::ReachedOut));
        assert_eq!(s.goal_funnel(goal).unwrap().conversation, 0);
        s.undo(trash).unwrap();
        assert_eq!(state(s), before);

        // An edit makes the moves its new kind calls for.
        let as_email = InteractionEdit {
            kind: Some(Kind::Email),
            ..InteractionEdit::default()
        };
        s.edit_interaction(coffee, &as_email, today()).unwrap();
        assert_eq!(stage(s), Some(Stage::ReachedOut));
        let as_call = InteractionEdit {
            kind: Some(Kind::Call),
            ..InteractionEdit::default()
        };
        s.edit_interaction(coffee, &as_call, today()).unwrap();
        assert_eq!(stage(s), Some(Stage::Conversation));

        // A move built on since (a referral set by hand) stays: stages never jump forward.
        s.set_goal_stage(goal, dana, Stage::Referral, d("2026-11-21"))
            .unwrap();
        s.remove_interaction(coffee).unwrap();
        assert_eq!(stage(s), Some(Stage::Referral));
        s.remove_interaction(email).unwrap();
        assert_eq!(stage(s), Some(Stage::Referral));
    });
}

#[test]
fn facts_are_corrected_and_removed() {
    each_backend("facts_are_corrected_and_removed", |s| {
        let dana = add(s, "Dana Lee");
        let fact = s
            .add_fact(
                Some(dana),
                FactCategory::Hobby,
                "rock climbng",
                None,
                today(),
            )
            .unwrap();
        let mine = s
            .add_fact(None, FactCategory::School, "U of Oregon", None, today())
            .unwrap();
        let f = s
            .edit_fact(
                fact,
                Some("rock climbing"),
                Some(FactCategory::Interest),
                today(),
            )
            .unwrap();
        assert_eq!(
            (f.text.as_str(), f.category),
            ("rock climbing", FactCategory::Interest)
        );
        assert_eq!(found(s, "climbing"), vec![dana]);
        assert!(found(s, "climbng").is_empty());
        assert!(s.edit_fact(fact, Some(" "), None, today()).is_err());
        assert!(s.edit_fact(fact, None, None, today()).is_err());
        assert!(matches!(
            s.edit_fact(99, Some("x"), None, today()),
            Err(StoreError::NotFound(_))
        ));

        let before = state(s);
        let trash = s.remove_fact(fact).unwrap();
        assert!(s.facts(Some(dana)).unwrap().is_empty());
        assert!(found(s, "climbing").is_empty());
        assert_eq!(
            s.removal(trash).unwrap().label,
            "fact #1 about Dana Lee: rock climbing"
        );
        s.undo(trash).unwrap();
        assert_eq!(state(s), before);
        assert_eq!(found(s, "climbing"), vec![dana]);

        let trash = s.remove_fact(mine).unwrap();
        assert!(s.facts(None).unwrap().is_empty());
        s.undo(trash).unwrap();
        assert_eq!(s.facts(None).unwrap()[0].text, "U of Oregon");
    });
}

#[test]
fn a_done_need_leaves_the_matchmaker_but_stays_in_the_history() {
    each_backend(
        "a_done_need_leaves_the_matchmaker_but_stays_in_the_history",
        |s| {
            let (tom, morgan) = (add(s, "Tom Okafor"), add(s, "Morgan Yu"));
            let need = s
                .add_need_offer(Some(tom), NeedOrOffer::Need, "a UX designer", today())
                .unwrap();
            let offer = s
                .add_need_offer(
                    Some(morgan),
                    NeedOrOffer::Offer,
                    "UX designer reviews",
                    today(),
                )
                .unwrap();
            let mine = s
                .add_need_offer(None, NeedOrOffer::Need, "an intro to a UX lead", today())
                .unwrap();
            assert!(!s.matches(&MatchOptions::default()).unwrap().is_empty());

            let n = s
                .mark_need_offer_done(need, NeedOrOffer::Need, today())
                .unwrap();
            assert_eq!((n.status.as_str(), n.closed_on), ("done", Some(today())));
            let needs: Vec<String> = s
                .matches(&MatchOptions::default())
                .unwrap()
                .iter()
                .map(|m| m.need.text.clone())
                .collect();
            assert!(!needs.contains(&"a UX designer".to_string()), "{needs:?}");
            assert!(
                s.needs_offers(Some(tom), NeedOrOffer::Need)
                    .unwrap()
                    .is_empty()
            );
            assert!(
                s.open_needs_offers(NeedOrOffer::Need, 10)
                    .unwrap()
                    .is_empty()
            );
            let history = s
                .needs_offers_history(Some(tom), NeedOrOffer::Need)
                .unwrap();
            assert_eq!(history.len(), 1);
            assert_eq!(history[0].status, "done");
            let err = s
                .mark_need_offer_done(need, NeedOrOffer::Need, today())
                .unwrap_err();
            assert_eq!(err.to_string(), "need #1 is already done");
            let err = s
                .mark_need_offer_done(offer, NeedOrOffer::Need, today())
                .unwrap_err();
            assert_eq!(err.to_string(), "#2 is an offer, not a need");

            s.mark_need_offer_done(offer, NeedOrOffer::Offer, today())
                .unwrap();
            assert!(s.matches(&MatchOptions::default()).unwrap().is_empty());

            let before = state(s);
            let trash = s.remove_need_offer(mine, NeedOrOffer::Need).unwrap();
            assert!(s.needs_offers(None, NeedOrOffer::Need).unwrap().is_empty());
            assert_eq!(s.removal(trash).unwrap().kind, RemovedKind::Need);
            s.undo(trash).unwrap();
            assert_eq!(state(s), before);
            assert!(matches!(
                s.remove_need_offer(42, NeedOrOffer::Offer),
                Err(StoreError::NotFound(_))
            ));
        },
    );
}

#[test]
fn contact_details_are_removed_together_or_not_at_all() {
    each_backend("contact_details_are_removed_together_or_not_at_all", |s| {
        let p = NewPerson {
            name: "Dana Lee".into(),
            emails: vec!["dana@acme.com".into(), "dana@old.com".into()],
            phones: vec!["+1 555 0100".into()],
            tags: vec!["pr".into(), "austin".into()],
            ..NewPerson::default()
        };
        let dana = s.add_person(&p, today()).unwrap();
        let before = state(s);
        let wrong = PersonPatch {
            remove_emails: vec!["dana@old.com".into()],
            remove_tags: vec!["boston".into()],
            ..PersonPatch::default()
        };
        let err = s.edit_person(dana, &wrong, today()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Dana Lee has no tag boston (theirs: austin, pr)"
        );
        assert_eq!(state(s), before);

        let patch = PersonPatch {
            remove_emails: vec!["DANA@old.com".into()],
            remove_phones: vec!["(555) 0100".into(), "+1 555 0100".into()],
            remove_tags: vec!["#Austin".into()],
            title: Some("VP".into()),
            ..PersonPatch::default()
        };
        // "(555) 0100" is not her number; the correct one is.
        assert!(s.edit_person(dana, &patch, today()).is_err());
        let patch = PersonPatch {
            remove_phones: vec!["+1 (555) 0100".into()],
            ..patch
        };
        let trash = s.edit_person(dana, &patch, today()).unwrap().unwrap();
        let p = s.person(dana).unwrap();
        assert_eq!(p.emails, ["dana@acme.com"]);
        assert!(p.phones.is_empty());
        assert_eq!(p.tags, ["pr"]);
        assert_eq!(p.title.as_deref(), Some("VP"));
        assert!(found(s, "austin").is_empty());
        assert_eq!(
            s.removal(trash).unwrap().label,
            "e-mail DANA@old.com, phone +1 (555) 0100, tag #Austin of Dana Lee"
        );
        s.undo(trash).unwrap();
        let p = s.person(dana).unwrap();
        assert_eq!(p.emails, ["dana@acme.com", "dana@old.com"]);
        assert_eq!(p.phones, ["+1 555 0100"]);
        assert_eq!(p.tags, ["austin", "pr"]);
        assert_eq!(found(s, "austin"), vec![dana]);
        // An edit that removes nothing has nothing to undo.
        let title = PersonPatch {
            title: Some("SVP".into()),
            ..PersonPatch::default()
        };
        assert_eq!(s.edit_person(dana, &title, today()).unwrap(), None);
    });
}

#[test]
fn follow_ups_are_corrected_and_removed() {
    each_backend("follow_ups_are_corrected_and_removed", |s| {
        let dana = add(s, "Dana Lee");
        let f = s
            .add_follow_up(
                dana,
                "send teh deck",
                d("2026-11-28"),
                Origin::Manual,
                today(),
            )
            .unwrap();
        let e = s
            .edit_follow_up(f, Some("send the deck"), Some(d("2026-12-01")))
            .unwrap();
        assert_eq!((e.text.as_str(), e.due), ("send the deck", d("2026-12-01")));
        let e = s.edit_follow_up(f, None, Some(d("2026-12-02"))).unwrap();
        assert_eq!((e.text.as_str(), e.due), ("send the deck", d("2026-12-02")));
        assert!(s.edit_follow_up(f, None, None).is_err());
        assert!(s.edit_follow_up(f, Some(""), None).is_err());
        assert!(s.edit_follow_up(99, Some("x"), None).is_err());
        let before = state(s);
        let trash = s.remove_follow_up(f).unwrap();
        assert!(s.follow_ups_for(dana).unwrap().is_empty());
        s.undo(trash).unwrap();
        assert_eq!(state(s), before);
    });
}

#[test]
fn links_goal_members_and_jobs_are_removed_and_put_back() {
    each_backend(
        "links_goal_members_and_jobs_are_removed_and_put_back",
        |s| {
            let (dana, sam) = (add(s, "Dana Lee"), add(s, "Sam Ortiz"));
            s.link(sam, dana, Some(4), Some("worked together")).unwrap();
            let goal = s
                .add_goal(
                    &NewGoal {
                        title: "Break into PR".into(),
                        ..NewGoal::default()
                    },
                    today(),
                )
                .unwrap();
            s.set_goal_stage(goal, dana, Stage::Replied, today())
                .unwrap();
            let job = s
                .add_job("Harbor & Finch", "PR Coordinator", &[dana], today())
                .unwrap();
            s.add_job_person(job, sam, JobRole::Interviewer, today())
                .unwrap();
            let before = state(s);

            let t1 = s.unlink(dana, sam).unwrap();
            assert_eq!(s.link_between(dana, sam).unwrap(), None);
            let err = s.unlink(dana, sam).unwrap_err().to_string();
            assert_eq!(err, "Dana Lee and Sam Ortiz are not linked");
            let t2 = s.remove_from_goal(goal, dana).unwrap();
            assert_eq!(s.goal_stage(goal, dana).unwrap(), None);
            assert_eq!(s.goal_funnel(goal).unwrap().identified, 0);
            assert!(s.remove_from_goal(goal, dana).is_err());
            let t3 = s.remove_job(job).unwrap();
            assert!(s.jobs().unwrap().is_empty());
            assert_eq!(
                s.removal(t3).unwrap().label,
                "job #1: PR Coordinator at Harbor & Finch"
            );
            let listed: Vec<i64> = s.removals(10).unwrap().iter().map(|r| r.id).collect();
            assert_eq!(listed, [t3, t2, t1]);
            assert_eq!(s.undo_latest().unwrap().id, t3);
            s.undo(t1).unwrap();
            s.undo(t2).unwrap();
            assert_eq!(state(s), before);
        },
    );
}

#[test]
fn a_job_moves_to_another_organisation_or_role() {
    each_backend("a_job_moves_to_another_organisation_or_role", |s| {
        let job = s.add_job("Acme", "PR Coordinatr", &[], today()).unwrap();
        let j = s
            .edit_job(job, Some("Harbor & Finch"), Some("PR Coordinator"), today())
            .unwrap();
        assert_eq!(
            (j.org.as_str(), j.role.as_str()),
            ("Harbor & Finch", "PR Coordinator")
        );
        let j = s
            .edit_job(job, None, Some("Account Coordinator"), today())
            .unwrap();
        assert_eq!(
            (j.org.as_str(), j.role.as_str()),
            ("Harbor & Finch", "Account Coordinator")
        );
        assert!(s.edit_job(job, None, None, today()).is_err());
        assert!(s.edit_job(job, None, Some(" "), today()).is_err());
        assert!(matches!(
            s.edit_job(9, Some("X"), None, today()),
            Err(StoreError::NotFound(_))
        ));
    });
}

#[test]
fn an_organisation_is_renamed_or_removed_and_its_people_stay() {
    each_backend(
        "an_organisation_is_renamed_or_removed_and_its_people_stay",
        |s| {
            let at = |name: &str, org: &str| {
                let p = NewPerson {
                    name: name.into(),
                    org: Some(org.into()),
                    title: Some("Director".into()),
                    ..NewPerson::default()
                };
                s.add_person(&p, d("2026-10-01")).unwrap()
            };
            let dana = at("Dana Lee", "Acme Pr");
            let sam = at("Sam Ortiz", "Bright Comms");
            // Sam used to be at Acme.
            s.set_current_job(sam, Some("Acme Pr".into()), None, d("2026-10-02"))
                .unwrap();
            s.set_current_job(sam, Some("Bright Comms".into()), None, d("2026-10-03"))
                .unwrap();
            let acme = s.resolve_org("acme").unwrap();

            let o = s.rename_org(acme, "Acme PR", today()).unwrap();
            assert_eq!(o.name, "Acme PR");
            let err = s.rename_org(acme, "bright comms", today()).unwrap_err();
            assert!(
                err.to_string()
                    .starts_with("there is already an organisation named 'Bright Comms' (#2)"),
                "{err}"
            );
            s.rename_org(acme, "Acme Public Relations", today())
                .unwrap();
            assert_eq!(
                s.person(dana).unwrap().org.as_deref(),
                Some("Acme Public Relations")
            );
            assert_eq!(found(s, "relations"), vec![dana, sam]);

            s.add_job("Acme Public Relations", "Intern", &[], today())
                .unwrap();
            let err = s.remove_org(acme).unwrap_err().to_string();
            assert!(err.contains("has a job (#1 Intern)"), "{err}");
            s.remove_job(1).unwrap();

            let before = state(s);
            let trash = s.remove_org(acme).unwrap();
            let p = s.person(dana).unwrap();
            assert_eq!((p.org, p.title.as_deref()), (None, Some("Director")));
            assert!(
                s.work_history(sam)
                    .unwrap()
                    .iter()
                    .all(|j| j.org != "Acme Public Relations")
            );
            assert!(found(s, "relations").is_empty());
            assert!(s.resolve_org("acme").is_err());
            s.undo(trash).unwrap();
            assert_eq!(state(s), before);
            assert_eq!(found(s, "relations"), vec![dana, sam]);
        },
    );
}

#[test]
fn an_event_is_removed_and_people_met_there_stay() {
    each_backend("an_event_is_removed_and_people_met_there_stay", |s| {
        let ev = s
            .add_event("PRSA mixer", Some(d("2026-11-20")), None, today())
            .unwrap();
        let p = NewPerson {
            name: "Ana Lima".into(),
            met: Met {
                context: Some("PRSA mixer".into()),
                on: Some(d("2026-11-20")),
                event_id: Some(ev),
            },
            ..NewPerson::default()
        };
        let ana = s.add_person(&p, today()).unwrap();
        let before = state(s);
        let trash = s.remove_event(ev).unwrap();
        assert_eq!(s.person(ana).unwrap().met.event_id, None);
        assert_eq!(s.person(ana).unwrap().met.on, Some(d("2026-11-20")));
        assert!(s.events().unwrap().is_empty());
        assert!(matches!(s.remove_event(ev), Err(StoreError::NotFound(_))));
        s.undo(trash).unwrap();
        assert_eq!(state(s), before);
    });
}

#[test]
fn a_removed_person_comes_back_whole_even_when_their_id_was_taken() {
    each_backend(
        "a_removed_person_comes_back_whole_even_when_their_id_was_taken",
        |s| {
            let sam = add(s, "Sam Ortiz");
            let p = NewPerson {
                name: "Dana Lee".into(),
                emails: vec!["dana@acme.com".into()],
                org: Some("Acme".into()),
                ..NewPerson::default()
            };
            let dana = s.add_person(&p, today()).unwrap();
            s.add_fact(Some(dana), FactCategory::Hobby, "climbing", None, today())
                .unwrap();
            log(s, &[dana], "2026-11-10", Kind::Coffee, "coffee alone");
            log(s, &[dana, sam], "2026-11-20", Kind::Call, "call together");
            s.link(dana, sam, Some(2), None).unwrap();
            s.add_follow_up(dana, "send deck", d("2026-12-01"), Origin::Manual, today())
                .unwrap();

            let trash = s.remove_person(dana).unwrap();
            assert!(!s.person_exists(dana).unwrap());
            // The shared call stays for Sam; Dana's own coffee went with her.
            assert_eq!(s.count_interactions().unwrap(), 1);
            assert_eq!(s.last_contact(sam).unwrap(), Some(d("2026-11-20")));
            // Someone new takes Dana's id.
            let bo = add(s, "Bo Chen");
            assert_eq!(bo, dana);

            s.undo(trash).unwrap();
            let back = s.resolve_person("dana@acme.com").unwrap();
            assert_ne!(back, bo);
            let p = s.person(back).unwrap();
            assert_eq!(
                (p.name.as_str(), p.org.as_deref()),
                ("Dana Lee", Some("Acme"))
            );
            assert_eq!(s.facts(Some(back)).unwrap()[0].text, "climbing");
            let summaries: Vec<String> = s
                .history(back)
                .unwrap()
                .iter()
                .map(|h| h.interaction.summary.clone())
                .collect();
            assert_eq!(summaries, ["call together", "coffee alone"]);
            assert_eq!(s.link_between(back, sam).unwrap(), Some((2, None)));
            assert_eq!(s.follow_ups_for(back).unwrap().len(), 1);
            assert_eq!(s.last_contact(back).unwrap(), Some(d("2026-11-20")));
            assert_eq!(found(s, "climbing"), vec![back]);
            // Bo kept his own record.
            assert_eq!(s.person(bo).unwrap().name, "Bo Chen");
            assert!(s.facts(Some(bo)).unwrap().is_empty());
            assert_eq!(s.integrity_check().unwrap(), "ok");
        },
    );
}

#[test]
fn undo_refuses_when_what_it_belonged_to_is_gone() {
    each_backend("undo_refuses_when_what_it_belonged_to_is_gone", |s| {
        let dana = add(s, "Dana Lee");
        let fact = s
            .add_fact(Some(dana), FactCategory::Hobby, "climbing", None, today())
            .unwrap();
        let fact_trash = s.remove_fact(fact).unwrap();
        let person_trash = s.remove_person(dana).unwrap();
        let before = state(s);
        let err = s.undo(fact_trash).unwrap_err().to_string();
        assert_eq!(
            err,
            "cannot undo: the person #1 it belonged to has been removed since"
        );
        assert_eq!(state(s), before);
        // Bringing the person back first makes the fact's undo possible.
        s.undo(person_trash).unwrap();
        s.undo(fact_trash).unwrap();
        assert_eq!(s.facts(Some(dana)).unwrap().len(), 1);
    });
}

#[test]
fn an_interaction_id_taken_since_gives_the_restored_one_a_new_id() {
    each_backend(
        "an_interaction_id_taken_since_gives_the_restored_one_a_new_id",
        |s| {
            let dana = add(s, "Dana Lee");
            let coffee = log(s, &[dana], "2026-11-20", Kind::Coffee, "coffee");
            let trash = s.remove_interaction(coffee).unwrap();
            let call = log(s, &[dana], "2026-11-10", Kind::Call, "call");
            assert_eq!(call, coffee);
            s.undo(trash).unwrap();
            let h = s.history(dana).unwrap();
            assert_eq!(h.len(), 2);
            assert_eq!(h[0].interaction.summary, "coffee");
            assert_ne!(h[0].interaction.id, call);
            assert_eq!(h[0].interaction.people, vec![dana]);
            assert_eq!(s.last_contact(dana).unwrap(), Some(d("2026-11-20")));
        },
    );
}

#[test]
fn a_backup_leaves_the_trash_out_and_still_round_trips() {
    each_backend("a_backup_leaves_the_trash_out_and_still_round_trips", |s| {
        let dana = add(s, "Dana Lee");
        let goal = s
            .add_goal(
                &NewGoal {
                    title: "PR".into(),
                    ..NewGoal::default()
                },
                today(),
            )
            .unwrap();
        s.set_goal_stage(goal, dana, Stage::Identified, today())
            .unwrap();
        log(s, &[dana], "2026-11-20", Kind::Coffee, "coffee");
        // A note of mine past its reply window: what the reply rate counts.
        log(s, &[dana], "2026-11-04", Kind::Email, "sent the deck");
        let gone = log(s, &[dana], "2026-11-21", Kind::Email, "typo");
        s.remove_interaction(gone).unwrap();
        let doc = s.backup_json().unwrap();
        let tables = doc["tables"].as_object().unwrap();
        assert!(!tables.contains_key("removed"));
        assert_eq!(tables["goal_moves"].as_array().unwrap().len(), 1);

        let copy = Store::open_in_memory().unwrap();
        let options = ImportOptions {
            source: "json".into(),
            overwrite: false,
            dry_run: false,
            today: today(),
        };
        copy.import(&options, |imp| imp.backup(&doc)).unwrap();
        assert_eq!(copy.backup_json().unwrap(), doc);
        // What a backup leaves out is rebuilt: the touches the rates read.
        let stats = s.weekly_stats(today(), 4).unwrap();
        assert_eq!(stats.outbound_counted, 1);
        assert_eq!(copy.weekly_stats(today(), 4).unwrap(), stats);
        assert!(copy.removals(10).unwrap().is_empty());
        // The moves restored with their interaction can still be taken back there.
        copy.remove_interaction(1).unwrap();
        assert_eq!(
            copy.goal_stage(goal, dana).unwrap(),
            Some(Stage::Identified)
        );
    });
}
