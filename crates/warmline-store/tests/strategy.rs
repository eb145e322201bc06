//! Goals and their pipelines, jobs, links and paths, gives and matches, common ground and
//! the plan's give and reach-out sources, through the store's public interface.

mod backends;

use backends::each_backend;

use chrono::NaiveDate;
use warmline_core::goal::{Funnel, GoalStatus, Reach, Stage, TargetProfile, WeeklyTargets};
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_core::job::{JobRole, JobStage};
use warmline_core::matching::{ME, MatchOptions};
use warmline_core::person::{FactCategory, Tier};
use warmline_store::{
    ImportOptions, InteractionEdit, LinkChange, NeedOrOffer, NewGoal, NewPerson, OrgFields, Store,
    StoreError, TargetKind,
};

fn d(s: &str) -> NaiveDate {
    warmline_core::date::parse_iso(s).unwrap()
}

const TODAY: &str = "2026-11-25";

fn add(s: &Store, name: &str, org: &str, title: &str) -> i64 {
    let p = NewPerson {
        name: name.into(),
        org: (!org.is_empty()).then(|| org.into()),
        title: (!title.is_empty()).then(|| title.into()),
        tier: Some(Tier::Close),
        ..NewPerson::default()
    };
    s.add_person(&p, d("2026-09-01")).unwrap()
}

fn log(s: &Store, who: i64, on: &str, kind: Kind, direction: Direction) {
    let new = NewInteraction {
        on: d(on),
        kind,
        direction,
        summary: format!("{} {}", kind.as_str(), direction.as_str()),
        notes: String::new(),
        source: "manual".into(),
        source_key: None,
        people: vec![who],
    };
    s.log_interaction(&new, d(on)).unwrap();
}

fn pr_goal(s: &Store) -> i64 {
    s.add_goal(
        &NewGoal {
            title: "Break into PR".into(),
            purpose: Some("find internships or entry-level roles".into()),
            profile: TargetProfile {
                industry: Some("public relations".into()),
                size: Some("boutique".into()),
                role_keywords: TargetProfile::split_keywords("coordinator, account executive"),
                location: Some("Portland".into()),
            },
            weekly: WeeklyTargets::parse("3 new, 2 conversations").unwrap(),
            deadline: Some(d("2027-03-01")),
        },
        d("2026-11-01"),
    )
    .unwrap()
}

fn agencies(s: &Store) {
    for (name, size, location) in [
        ("Harbor & Finch", "boutique", "Portland"),
        ("Bright Comms", "boutique", "Portland"),
        ("Rose City PR", "boutique", "Portland"),
        ("Edelwise Global", "large", "New York"),
    ] {
        let fields = OrgFields {
            industry: Some("public relations".into()),
            size: Some(size.into()),
            location: Some(location.into()),
            website: None,
        };
        s.save_org(name, &fields, d("2026-09-01")).unwrap();
    }
}

#[test]
fn goals_resolve_by_id_or_title_and_say_what_exists() {
    each_backend("goals_resolve_by_id_or_title_and_say_what_exists", |s| {
        let err = s.resolve_goal("pr").unwrap_err().to_string();
        assert!(err.contains("no goals yet"), "{err}");
        let g = pr_goal(s);
        let goal = s.goal(g).unwrap();
        assert_eq!(goal.weekly.new, 3);
        assert_eq!(
            goal.profile.role_keywords,
            vec!["coordinator", "account executive"]
        );
        assert_eq!(s.resolve_goal("#1").unwrap(), g);
        assert_eq!(s.resolve_goal("into pr").unwrap(), g);
        let err = s.resolve_goal("design").unwrap_err().to_string();
        assert_eq!(err, "no goal 'design': the goals are #1 Break into PR");
        s.add_goal(
            &NewGoal {
                title: "PR in Seattle".into(),
                ..NewGoal::default()
            },
            d(TODAY),
        )
        .unwrap();
        let err = s.resolve_goal("pr").unwrap_err().to_string();
        assert!(
            err.contains("could be #1 Break into PR, #2 PR in Seattle"),
            "{err}"
        );
        assert!(s.add_goal(&NewGoal::default(), d(TODAY)).is_err());
    });
}

#[test]
fn logged_interactions_move_people_forward_never_back() {
    each_backend("logged_interactions_move_people_forward_never_back", |s| {
        let g = pr_goal(s);
        let ana = add(s, "Ana Lima", "Harbor & Finch", "Account Executive");
        let bo = add(s, "Bo Chen", "Harbor & Finch", "PR Coordinator");
        let outsider = add(s, "Cy Doe", "", "");
        assert_eq!(
            s.set_goal_stage(g, ana, Stage::Identified, d("2026-11-20"))
                .unwrap(),
            None
        );
        s.set_goal_stage(g, bo, Stage::Identified, d("2026-11-20"))
            .unwrap();

        log(s, ana, "2026-11-21", Kind::Email, Direction::Outbound);
        assert_eq!(s.goal_stage(g, ana).unwrap(), Some(Stage::ReachedOut));
        log(s, ana, "2026-11-23", Kind::Email, Direction::Inbound);
        assert_eq!(s.goal_stage(g, ana).unwrap(), Some(Stage::Replied));
        log(s, ana, "2026-11-24", Kind::Coffee, Direction::Mutual);
        assert_eq!(s.goal_stage(g, ana).unwrap(), Some(Stage::Conversation));
        // A later note does not undo the conversation.
        log(s, ana, "2026-11-25", Kind::Email, Direction::Outbound);
        assert_eq!(s.goal_stage(g, ana).unwrap(), Some(Stage::Conversation));
        // A thread from long before Bo joined the goal does not count; one from the days just
        // before does (goals are often set up after the first note).
        log(s, bo, "2026-06-01", Kind::Email, Direction::Inbound);
        assert_eq!(s.goal_stage(g, bo).unwrap(), Some(Stage::Identified));
        log(s, bo, "2026-11-16", Kind::Email, Direction::Outbound);
        assert_eq!(s.goal_stage(g, bo).unwrap(), Some(Stage::ReachedOut));
        // People outside the goal are not added to it.
        log(s, outsider, "2026-11-24", Kind::Coffee, Direction::Mutual);
        assert_eq!(s.goal_stage(g, outsider).unwrap(), None);

        let history = s.goal_history(g).unwrap();
        let ana_moves: Vec<Stage> = history
            .iter()
            .filter(|c| c.person_id == ana)
            .map(|c| c.stage)
            .collect();
        use Stage::*;
        assert_eq!(
            ana_moves,
            vec![Identified, ReachedOut, Replied, Conversation]
        );

        // Moving back by hand is allowed and recorded; the funnel keeps the furthest stage.
        assert_eq!(
            s.set_goal_stage(g, ana, Replied, d(TODAY)).unwrap(),
            Some(Conversation)
        );
        let current: Vec<(i64, Stage)> = s
            .pipeline(g)
            .unwrap()
            .iter()
            .map(|p| (p.id, p.stage))
            .collect();
        let funnel = Funnel::from_history(&current, &s.goal_history(g).unwrap());
        assert_eq!(
            (
                funnel.identified,
                funnel.reached_out,
                funnel.replied,
                funnel.conversation
            ),
            (2, 2, 1, 1)
        );

        // This week (from Monday 23 November): Ana replied and talked; nobody new.
        let week = s.goal_week(g, d(TODAY)).unwrap();
        assert_eq!(week.start, d("2026-11-23"));
        assert_eq!((week.actuals.replied, week.actuals.conversations), (1, 1));
        assert_eq!(week.actuals.new, 0);
        assert_eq!(week.actuals.touches, 3);
        assert_eq!(week.targets.conversations, 2);
    });
}

#[test]
fn a_person_added_at_a_later_stage_is_new_this_week_and_done_goals_stand_still() {
    each_backend(
        "a_person_added_at_a_later_stage_is_new_this_week_and_done_goals_stand_still",
        |s| {
            let g = pr_goal(s);
            let ana = add(s, "Ana Lima", "", "");
            s.set_goal_stage(g, ana, Stage::Conversation, d(TODAY))
                .unwrap();
            let week = s.goal_week(g, d(TODAY)).unwrap();
            assert_eq!((week.actuals.new, week.actuals.conversations), (1, 1));
            assert!(s.set_goal_stage(g, 999, Stage::Replied, d(TODAY)).is_err());
            assert!(s.set_goal_stage(77, ana, Stage::Replied, d(TODAY)).is_err());
            assert_eq!(s.goals_of(ana).unwrap()[0].stage, Stage::Conversation);
            // A goal that is done no longer moves, and no longer asks for outreach.
            let bo = add(s, "Bo Chen", "", "");
            s.set_goal_stage(g, bo, Stage::Identified, d(TODAY))
                .unwrap();
            assert!(s.reach_out_candidate(d(TODAY)).unwrap().is_some());
            assert_eq!(
                s.set_goal_status(g, GoalStatus::Done).unwrap(),
                GoalStatus::Active
            );
            log(s, bo, TODAY, Kind::Email, Direction::Outbound);
            assert_eq!(s.goal_stage(g, bo).unwrap(), Some(Stage::Identified));
            assert_eq!(s.reach_out_candidate(d(TODAY)).unwrap(), None);
            assert!(s.active_goals().unwrap().is_empty());
        },
    );
}

#[test]
fn jobs_record_people_and_every_stage_including_moves_back() {
    each_backend(
        "jobs_record_people_and_every_stage_including_moves_back",
        |s| {
            let g = pr_goal(s);
            let ana = add(s, "Ana Lima", "Harbor & Finch", "Account Executive");
            let bo = add(s, "Bo Chen", "Harbor & Finch", "PR Coordinator");
            s.set_goal_stage(g, ana, Stage::Conversation, d("2026-11-10"))
                .unwrap();
            let job = s
                .add_job("Harbor & Finch", "PR Coordinator", &[ana], d("2026-11-12"))
                .unwrap();
            // The referrer opened the door: in the goal, they led to an opportunity.
            assert_eq!(s.goal_stage(g, ana).unwrap(), Some(Stage::Opportunity));
            assert!(
                s.add_job_person(job, bo, JobRole::Interviewer, d("2026-11-20"))
                    .unwrap()
            );
            assert!(
                !s.add_job_person(job, bo, JobRole::Interviewer, d("2026-11-20"))
                    .unwrap()
            );
            assert_eq!(
                s.set_job_stage(job, JobStage::Interview, d("2026-11-20"))
                    .unwrap(),
                JobStage::Lead
            );
            assert_eq!(
                s.set_job_stage(job, JobStage::Applied, d("2026-11-21"))
                    .unwrap(),
                JobStage::Interview
            );
            let stages: Vec<JobStage> = s
                .job_history(job)
                .unwrap()
                .iter()
                .map(|c| c.stage)
                .collect();
            assert_eq!(
                stages,
                vec![JobStage::Lead, JobStage::Interview, JobStage::Applied]
            );
            let listing = s.job(job).unwrap();
            assert_eq!(listing.org, "Harbor & Finch");
            let roles: Vec<(i64, JobRole)> =
                listing.people.iter().map(|p| (p.id, p.role)).collect();
            assert_eq!(
                roles,
                vec![(ana, JobRole::Referrer), (bo, JobRole::Interviewer)]
            );

            let cold = s
                .add_job("Edelwise Global", "Junior AE", &[], d("2026-11-01"))
                .unwrap();
            s.set_job_stage(cold, JobStage::Closed, d("2026-11-15"))
                .unwrap();
            let sources = s.job_sources().unwrap();
            assert_eq!(sources.through_people.interviews, 1);
            assert_eq!(sources.cold.opportunities, 1);
            assert_eq!(sources.cold.interviews, 0);

            let err = s
                .set_job_stage(42, JobStage::Offer, d(TODAY))
                .unwrap_err()
                .to_string();
            assert_eq!(err, "no job #42 (see warmline job list)");
            assert!(s.add_job("Acme", "  ", &[], d(TODAY)).is_err());
        },
    );
}

#[test]
fn links_refuse_a_person_with_themselves_and_bad_strengths() {
    each_backend(
        "links_refuse_a_person_with_themselves_and_bad_strengths",
        |s| {
            let ana = add(s, "Ana Lima", "", "");
            let bo = add(s, "Bo Chen", "", "");
            let err = s.link(ana, ana, Some(3), None).unwrap_err().to_string();
            assert_eq!(
                err,
                "Ana Lima cannot be linked to themselves: name two different people"
            );
            let err = s.link(ana, bo, Some(7), None).unwrap_err();
            assert!(matches!(err, StoreError::Invalid(_)), "{err}");
            assert!(err.to_string().contains("not 7"), "{err}");
            assert_eq!(s.count_links().unwrap(), 0);
            assert_eq!(
                s.link(bo, ana, None, Some("college roommates")).unwrap(),
                LinkChange::Added
            );
            // Updating keeps what is not given.
            assert_eq!(s.link(ana, bo, Some(5), None).unwrap(), LinkChange::Updated);
            assert_eq!(
                s.link_between(ana, bo).unwrap(),
                Some((5, Some("college roommates".into())))
            );
            assert_eq!(s.links_of(bo).unwrap()[0].person.name, "Ana Lima");
            assert!(s.link(ana, 99, None, None).is_err());
        },
    );
}

#[test]
fn a_strong_two_hop_path_beats_a_weak_direct_tie_and_orgs_are_targets() {
    each_backend(
        "a_strong_two_hop_path_beats_a_weak_direct_tie_and_orgs_are_targets",
        |s| {
            let friend = add(s, "Dana Lee", "Acme Cloud", "UX Designer");
            let target = add(s, "Bo Chen", "Harbor & Finch", "PR Coordinator");
            let stranger = add(s, "Eve Park", "", "");
            for day in ["2026-11-01", "2026-11-10", "2026-11-20"] {
                log(s, friend, day, Kind::Coffee, Direction::Mutual);
            }
            s.link(friend, target, Some(5), Some("college roommates"))
                .unwrap();
            s.link(stranger, target, Some(5), None).unwrap();
            let (paths, stats) = s.warm_paths(&[target], 3, d(TODAY)).unwrap();
            assert!(!stats.whole_network);
            let chains: Vec<String> = paths.iter().map(|p| p.chain()).collect();
            // Through a warm friend first; writing cold last; never through a cold stranger, which
            // is weaker than writing cold.
            assert_eq!(chains, vec!["you → Dana Lee → Bo Chen", "you → Bo Chen"]);
            assert!(paths[0].strength > paths[1].strength);
            assert_eq!(paths[0].why[1], "Dana Lee knows Bo Chen: college roommates");
            assert_eq!(
                paths[1].why[0],
                "Bo Chen is in your book, but you have not been in touch"
            );

            let org = s.resolve_path_target("harbor & finch").unwrap();
            assert_eq!(org.kind, TargetKind::Organisation);
            assert_eq!(org.people.len(), 1);
            let person = s.resolve_path_target("bo").unwrap();
            assert_eq!((person.kind, person.id), (TargetKind::Person, target));
            assert!(s.resolve_path_target("nobody at all").is_err());
        },
    );
}

#[test]
fn coworkers_of_mine_are_a_way_in() {
    each_backend("coworkers_of_mine_are_a_way_in", |s| {
        let old_colleague = add(s, "Fay Ode", "Riverbend Foundation", "Director");
        let target = add(s, "Gus Wu", "Bright Comms", "Account Executive");
        s.link(old_colleague, target, Some(4), None).unwrap();
        s.add_fact(
            None,
            FactCategory::WorkHistory,
            "worked at Riverbend Foundation",
            None,
            d(TODAY),
        )
        .unwrap();
        let (paths, _) = s.warm_paths(&[target], 1, d(TODAY)).unwrap();
        assert_eq!(paths[0].chain(), "you → Fay Ode → Gus Wu");
        assert_eq!(
            paths[0].why[0],
            "you and Fay Ode worked together at Riverbend Foundation"
        );
    });
}

#[test]
fn candidates_rank_by_fit_then_reach_and_list_organisations_to_find_people_at() {
    each_backend(
        "candidates_rank_by_fit_then_reach_and_list_organisations_to_find_people_at",
        |s| {
            agencies(s);
            let g = pr_goal(s);
            let friend = add(s, "Dana Lee", "Acme Cloud", "UX Designer");
            let known = add(s, "Ana Lima", "Harbor & Finch", "Account Executive");
            let via = add(s, "Bo Chen", "Bright Comms", "PR Coordinator");
            let cold = add(s, "Cy Moss", "Bright Comms", "Account Executive");
            let big = add(s, "Di Roe", "Edelwise Global", "Account Executive");
            for p in [friend, known] {
                log(s, p, "2026-11-20", Kind::Coffee, Direction::Mutual);
            }
            s.link(friend, via, Some(4), None).unwrap();
            let found = s.goal_candidates(g, 50, 20, d(TODAY)).unwrap();
            assert_eq!((found.people_total, found.organisations_total), (4, 1));
            let top = s.goal_candidates(g, 50, 1, d(TODAY)).unwrap();
            assert_eq!(top.people.len(), 1);
            assert_eq!(top.people[0].candidate.id, known);
            let order: Vec<(i64, Reach)> = found
                .people
                .iter()
                .map(|c| (c.candidate.id, c.candidate.reach))
                .collect();
            // Fit first (the large New York agency fits less), then reach.
            assert_eq!(
                order,
                vec![
                    (known, Reach::Known),
                    (via, Reach::WarmPath),
                    (cold, Reach::Cold),
                    (big, Reach::Cold)
                ]
            );
            assert!(found.people[2].candidate.fit > found.people[3].candidate.fit);
            assert!(found.people.iter().all(|c| c.candidate.id != friend));
            assert_eq!(found.people[1].via.as_ref().map(|v| v.id), Some(friend));
            assert!(found.people[0].candidate.reasons[0].contains("account executive"));
            let orgs: Vec<&str> = found
                .organisations
                .iter()
                .map(|o| o.name.as_str())
                .collect();
            assert_eq!(orgs, vec!["Rose City PR"]);

            s.set_goal_stage(g, cold, Stage::Identified, d(TODAY))
                .unwrap();
            s.set_goal_stage(g, via, Stage::Identified, d(TODAY))
                .unwrap();
            let next = s.goal_next_actions(g, d(TODAY), 5).unwrap();
            assert_eq!(next[0].action, "Ask Dana Lee to introduce you to Bo Chen");
            assert_eq!(
                next[1].action,
                "Reach out to Cy Moss with a short, specific note"
            );
            // today's reach-out: a warm path beats a cold note.
            let r = s.reach_out_candidate(d(TODAY)).unwrap().unwrap();
            assert_eq!(r.person_id, via);
            assert_eq!(r.goal_title, "Break into PR");
            assert_eq!(
                r.reason,
                "PR Coordinator at Bright Comms; Dana Lee can introduce you"
            );
        },
    );
}

#[test]
fn gives_are_interactions_and_balance_against_favours() {
    each_backend("gives_are_interactions_and_balance_against_favours", |s| {
        let g = pr_goal(s);
        let ana = add(s, "Ana Lima", "", "");
        let (_, interaction) = s
            .add_give(
                ana,
                "sent the article on pitching",
                Kind::Email,
                d("2026-11-20"),
                d(TODAY),
            )
            .unwrap();
        let timeline = s.interactions_for(ana, 5).unwrap();
        assert_eq!(timeline[0].id, interaction);
        assert_eq!(timeline[0].summary, "gave: sent the article on pitching");
        s.set_goal_stage(g, ana, Stage::Referral, d(TODAY)).unwrap();
        let job = s
            .add_job("Acme", "PR Coordinator", &[ana], d(TODAY))
            .unwrap();
        s.add_job_person(job, ana, JobRole::Reference, d(TODAY))
            .unwrap();
        let b = s.give_balance(ana).unwrap();
        assert_eq!((b.given, b.asked), (1, 1));
        assert_eq!(
            s.gives_for(ana).unwrap()[0].text,
            "sent the article on pitching"
        );
        assert!(
            s.add_give(ana, "  ", Kind::Other, d(TODAY), d(TODAY))
                .is_err()
        );
    });
}

#[test]
fn matches_meet_needs_with_offers_titles_and_my_own_offers() {
    each_backend(
        "matches_meet_needs_with_offers_titles_and_my_own_offers",
        |s| {
            let tom = add(s, "Tom Okafor", "Acme Cloud", "Head of Product");
            let morgan = add(s, "Morgan Park", "", "");
            let lee = add(s, "Lee Novak", "Globex", "Backend Engineer");
            s.add_need_offer(
                Some(tom),
                NeedOrOffer::Need,
                "hiring a UX designer",
                d(TODAY),
            )
            .unwrap();
            s.add_need_offer(
                Some(morgan),
                NeedOrOffer::Offer,
                "UX designer open to freelance work",
                d(TODAY),
            )
            .unwrap();
            s.add_need_offer(
                Some(lee),
                NeedOrOffer::Need,
                "proofreading for a press release",
                d(TODAY),
            )
            .unwrap();
            s.add_need_offer(
                None,
                NeedOrOffer::Offer,
                "happy to proofread press releases",
                d(TODAY),
            )
            .unwrap();
            s.add_need_offer(
                None,
                NeedOrOffer::Need,
                "a backend engineer to talk to",
                d(TODAY),
            )
            .unwrap();
            let found = s.matches(&MatchOptions::default()).unwrap();
            let pairs: Vec<(i64, i64)> = found
                .iter()
                .map(|m| (m.need.person_id, m.candidate.id))
                .collect();
            assert!(pairs.contains(&(tom, morgan)), "{pairs:?}");
            assert!(pairs.contains(&(lee, ME)), "{pairs:?}");
            assert!(pairs.contains(&(ME, lee)), "{pairs:?}");
            let ux = found.iter().find(|m| m.need.person_id == tom).unwrap();
            assert_eq!(
                ux.reason,
                "Morgan Park offers 'UX designer open to freelance work'; Tom Okafor needs 'hiring a UX designer' (matched: ux, designer)"
            );
            let mine = found.iter().find(|m| m.need.person_id == ME).unwrap();
            assert!(
                mine.reason
                    .contains("you need 'a backend engineer to talk to'"),
                "{}",
                mine.reason
            );
            // The first two shown are the first two of all, and the count is of all.
            let (first, total) = s.matches_first(&MatchOptions::default(), 2).unwrap();
            assert_eq!(total, found.len());
            assert!(total > 2, "{found:?}");
            assert_eq!(first, found[..2]);
        },
    );
}

#[test]
fn give_candidate_prefers_an_offer_then_a_need_and_rests_after_a_give() {
    each_backend(
        "give_candidate_prefers_an_offer_then_a_need_and_rests_after_a_give",
        |s| {
            assert_eq!(s.give_candidate(d(TODAY)).unwrap(), None);
            let tom = add(s, "Tom Okafor", "", "");
            let morgan = add(s, "Morgan Park", "", "");
            let zed = add(s, "Zed Quinn", "", "");
            for p in [tom, morgan, zed] {
                log(s, p, "2026-11-01", Kind::Coffee, Direction::Mutual);
            }
            s.add_need_offer(
                Some(zed),
                NeedOrOffer::Need,
                "a dog sitter in March",
                d(TODAY),
            )
            .unwrap();
            // Only a need: offer help with it.
            let g = s.give_candidate(d(TODAY)).unwrap().unwrap();
            assert_eq!((g.person_id, g.introduce.is_none()), (zed, true));
            s.add_need_offer(
                Some(tom),
                NeedOrOffer::Need,
                "hiring a UX designer",
                d(TODAY),
            )
            .unwrap();
            s.add_need_offer(
                Some(morgan),
                NeedOrOffer::Offer,
                "UX designer open to freelance work",
                d(TODAY),
            )
            .unwrap();
            let g = s.give_candidate(d(TODAY)).unwrap().unwrap();
            assert_eq!(g.person_id, tom);
            let intro = g.introduce.unwrap();
            assert_eq!(
                (intro.person_id, intro.offer.as_str()),
                (morgan, "UX designer open to freelance work")
            );
            // After giving to Tom, someone else's turn.
            s.add_give(tom, "introduced Morgan", Kind::Intro, d(TODAY), d(TODAY))
                .unwrap();
            assert_eq!(s.give_candidate(d(TODAY)).unwrap().unwrap().person_id, zed);
        },
    );
}

/// The give item walks needs by each person's latest contact, which migration 021 keeps
/// beside every need: the person you were in touch with last comes first through logging,
/// correcting the day, removing and undoing, merging and a backup read into a new file.
#[test]
fn the_give_item_follows_latest_contact_through_every_change() {
    each_backend(
        "the_give_item_follows_latest_contact_through_every_change",
        |s| {
            let first = |s: &Store| s.give_candidate(d(TODAY)).unwrap().map(|g| g.person_id);
            let ana = add(s, "Ana Lima", "", "");
            let bo = add(s, "Bo Chen", "", "");
            for (who, need) in [(ana, "a dog sitter in March"), (bo, "a ride to Portland")] {
                s.add_need_offer(Some(who), NeedOrOffer::Need, need, d(TODAY))
                    .unwrap();
            }
            assert_eq!(first(s), None, "no one was contacted yet");
            log(s, ana, "2026-11-01", Kind::Coffee, Direction::Mutual);
            assert_eq!(first(s), Some(ana));
            log(s, bo, "2026-11-10", Kind::Call, Direction::Mutual);
            assert_eq!(first(s), Some(bo));
            let later = NewInteraction {
                on: d("2026-11-20"),
                kind: Kind::Email,
                direction: Direction::Outbound,
                summary: "sent the article".into(),
                notes: String::new(),
                source: "manual".into(),
                source_key: None,
                people: vec![ana],
            };
            let mail = s.log_interaction(&later, d(TODAY)).unwrap().unwrap();
            assert_eq!(first(s), Some(ana));
            let back = InteractionEdit {
                on: Some(d("2026-11-02")),
                ..InteractionEdit::default()
            };
            s.edit_interaction(mail, &back, d(TODAY)).unwrap();
            assert_eq!(first(s), Some(bo), "the edit moved Ana back");
            s.edit_interaction(
                mail,
                &InteractionEdit {
                    on: Some(d("2026-11-20")),
                    ..InteractionEdit::default()
                },
                d(TODAY),
            )
            .unwrap();
            let trash = s.remove_interaction(mail).unwrap();
            assert_eq!(first(s), Some(bo));
            s.undo(trash).unwrap();
            assert_eq!(first(s), Some(ana));

            // A need moved by a merge takes the kept person's latest contact.
            let cy = add(s, "Cy Park", "", "");
            s.add_need_offer(Some(cy), NeedOrOffer::Need, "a pair of skis", d(TODAY))
                .unwrap();
            log(s, cy, "2026-11-24", Kind::Call, Direction::Mutual);
            assert_eq!(first(s), Some(cy));
            s.merge_people(bo, cy, d(TODAY)).unwrap();
            assert_eq!(first(s), Some(bo));

            let doc = s.backup_json().unwrap();
            let copy = Store::open_in_memory().unwrap();
            let options = ImportOptions {
                source: "json".into(),
                overwrite: false,
                dry_run: false,
                today: d(TODAY),
            };
            copy.import(&options, |imp| imp.backup(&doc)).unwrap();
            let read = copy.give_candidate(d(TODAY)).unwrap().unwrap();
            assert_eq!(read.name, "Bo Chen");
        },
    );
}

#[test]
fn common_ground_folds_school_names_and_finds_who_shares_a_value() {
    each_backend(
        "common_ground_folds_school_names_and_finds_who_shares_a_value",
        |s| {
            let ana = add(s, "Ana Lima", "Acme Inc", "");
            let bo = add(s, "Bo Chen", "", "");
            s.add_fact(
                None,
                FactCategory::School,
                "University of Oregon",
                None,
                d(TODAY),
            )
            .unwrap();
            s.add_fact(None, FactCategory::Hobby, "climbing", None, d(TODAY))
                .unwrap();
            s.add_fact(None, FactCategory::WorkHistory, "ACME", None, d(TODAY))
                .unwrap();
            s.add_fact(
                Some(ana),
                FactCategory::School,
                "U of Oregon",
                None,
                d(TODAY),
            )
            .unwrap();
            s.add_fact(
                Some(ana),
                FactCategory::Hobby,
                "rock climbing",
                None,
                d(TODAY),
            )
            .unwrap();
            s.add_fact(
                Some(bo),
                FactCategory::School,
                "Univ. of Oregon",
                None,
                d(TODAY),
            )
            .unwrap();
            s.add_fact(
                Some(bo),
                FactCategory::Family,
                "daughter Mia",
                None,
                d(TODAY),
            )
            .unwrap();
            let c = s.common_with(ana).unwrap();
            let shared: Vec<(FactCategory, &str)> = c
                .shared
                .iter()
                .map(|x| (x.category, x.value.as_str()))
                .collect();
            assert_eq!(
                shared,
                vec![
                    (FactCategory::School, "University of Oregon"),
                    (FactCategory::Hobby, "climbing"),
                    (FactCategory::WorkHistory, "Acme Inc"),
                ]
            );
            let oregon = s
                .people_sharing(FactCategory::School, "University of Oregon")
                .unwrap();
            let names: Vec<&str> = oregon.iter().map(|c| c.person.name.as_str()).collect();
            assert_eq!(names, vec!["Ana Lima", "Bo Chen"]);
            assert!(s.people_sharing(FactCategory::Family, "Mia").is_err());
            let everyone = s.common_with_everyone().unwrap();
            assert_eq!(everyone[0].person.id, ana);
            assert_eq!(everyone[0].shared.len(), 3);
        },
    );
}

#[test]
fn candidates_read_by_subject_are_everyone_ranked_the_plain_way() {
    use warmline_core::goal::{CandidateInput, Subject, person_fit, rank_candidates};
    each_backend(
        "candidates_read_by_subject_are_everyone_ranked_the_plain_way",
        |s| {
            agencies(s);
            let g = pr_goal(s);
            let orgs: [(&'static str, Option<OrgFacts>); 6] = [
                (
                    "Harbor & Finch",
                    Some(("public relations", "boutique", "Portland")),
                ),
                (
                    "Bright Comms",
                    Some(("public relations", "boutique", "Portland")),
                ),
                (
                    "Rose City PR",
                    Some(("public relations", "boutique", "Portland")),
                ),
                (
                    "Edelwise Global",
                    Some(("public relations", "large", "New York")),
                ),
                ("Acme Cloud", None),
                ("", None),
            ];
            let titles = [
                "Account Executive",
                "PR Coordinator",
                "Coordinator",
                "UX Designer",
                "",
            ];
            let places = [None, Some("Portland"), Some("Seattle")];
            let mut people: Vec<Someone> = Vec::new();
            for i in 0..150usize {
                let (o, t, l) = (i % 6, (i / 6) % 5, (i / 30) % 3);
                // Few distinct names, so ranking falls to reach and id.
                let name = format!("Person {}", i % 9);
                let p = NewPerson {
                    name: name.clone(),
                    org: (!orgs[o].0.is_empty()).then(|| orgs[o].0.into()),
                    title: (!titles[t].is_empty()).then(|| titles[t].into()),
                    location: places[l].map(str::to_string),
                    ..NewPerson::default()
                };
                let id = s.add_person(&p, d("2026-09-01")).unwrap();
                if i % 7 == 0 {
                    log(s, id, "2026-11-20", Kind::Coffee, Direction::Mutual);
                }
                if i % 11 == 0 && i > 0 {
                    s.link(people[i - 1].0, id, Some(4), None).unwrap();
                }
                people.push((id, name, o, titles[t], places[l]));
            }
            let subject = |&(_, _, o, t, l): &Someone| -> Subject<'static> {
                let (org, fields) = orgs[o];
                Subject {
                    org: (!org.is_empty()).then_some(org),
                    industry: fields.map(|f| f.0),
                    size: fields.map(|f| f.1),
                    title: (!t.is_empty()).then_some(t),
                    location: l.or(fields.map(|f| f.2)),
                }
            };
            for min_fit in [1, 30, 50, 80, 100] {
                let fitting: Vec<_> = people
                    .iter()
                    .filter(|p| person_fit(&g_profile(s, g), &subject(p)).score >= min_fit)
                    .collect();
                let ids: Vec<i64> = fitting.iter().map(|p| p.0).collect();
                let reach = s.reachability(&ids, d(TODAY)).unwrap();
                let inputs: Vec<CandidateInput> = fitting
                    .iter()
                    .map(|p| CandidateInput {
                        id: p.0,
                        name: &p.1,
                        subject: subject(p),
                        reach: reach[&p.0].reach,
                    })
                    .collect();
                let all = rank_candidates(&g_profile(s, g), &inputs, min_fit);
                for limit in [0, 1, 2, 5, 17, 40, 1000] {
                    let found = s.goal_candidates(g, min_fit, limit, d(TODAY)).unwrap();
                    assert_eq!(found.people_total, fitting.len(), "min fit {min_fit}");
                    let got: Vec<_> = found.people.into_iter().map(|c| c.candidate).collect();
                    let want: Vec<_> = all.iter().take(limit).cloned().collect();
                    assert_eq!(got, want, "min fit {min_fit}, limit {limit}");
                }
            }
        },
    );
}

/// An organisation's industry, size and location.
type OrgFacts = (&'static str, &'static str, &'static str);

/// (id, name, organisation index, title, location)
type Someone = (i64, String, usize, &'static str, Option<&'static str>);

fn g_profile(s: &Store, g: i64) -> TargetProfile {
    s.goal(g).unwrap().profile
}
