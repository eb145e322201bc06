use super::*;
use crate::date::parse_iso;
use chrono::Duration;
use proptest::prelude::*;

fn today() -> NaiveDate {
    parse_iso("2026-11-25").unwrap()
}

fn days_ago(n: i64) -> Option<NaiveDate> {
    Some(today() - Duration::days(n))
}

/// Touches with a last date `last` days ago, split by direction.
fn talked(from_me: u32, from_them: u32, last: i64) -> Evidence {
    let touches = from_me + from_them;
    Evidence {
        touches,
        touches_past_year: if last <= 365 { touches } else { 0 },
        last: days_ago(last),
        from_me,
        from_them,
        ..Evidence::default()
    }
}

#[test]
fn no_sign_of_a_tie_means_no_proposal() {
    assert_eq!(propose(&Evidence::default(), today()), None);
    // Fitting a goal, or being only identified as a target, is no tie yet.
    let target = Evidence {
        fit: Some(GoalFit {
            title: "Break into PR".into(),
            score: 100,
        }),
        goal: Some(GoalTie {
            title: "Break into PR".into(),
            stage: Stage::Identified,
        }),
        ..Evidence::default()
    };
    assert_eq!(propose(&target, today()), None);
}

#[test]
fn a_recent_conversation_both_ways_is_regular_and_says_so() {
    // Two messages and an email, the last two weeks ago: the LinkedIn sample's Grace.
    let p = propose(&talked(1, 2, 14), today()).unwrap();
    assert_eq!(p.tier, Tier::Regular);
    assert_eq!(p.reason, "3 touches both ways, the last 14 days ago");
}

#[test]
fn meeting_in_person_makes_a_recent_two_way_tie_close() {
    let e = Evidence {
        mutual: 1,
        in_person: 1,
        ..talked(0, 1, 13)
    };
    let e = Evidence {
        touches: 2,
        touches_past_year: 2,
        ..e
    };
    let p = propose(&e, today()).unwrap();
    assert_eq!(p.tier, Tier::Close);
    assert_eq!(
        p.reason,
        "2 touches both ways, the last 13 days ago; met in person"
    );
}

#[test]
fn a_weekly_friend_you_see_is_inner_circle() {
    let e = Evidence {
        in_person: 10,
        ..talked(26, 26, 3)
    };
    assert_eq!(propose(&e, today()).unwrap().tier, Tier::Inner);
}

#[test]
fn one_way_traffic_is_capped() {
    // A newsletter from a contact every week: frequent, recent, and never answered.
    let newsletter = propose(&talked(0, 52, 2), today()).unwrap();
    assert_eq!(newsletter.tier, Tier::Loose, "{newsletter:?}");
    assert!(newsletter.reason.starts_with("52 touches from them"));
    // A note you sent last week, unanswered.
    let unanswered = propose(&talked(1, 0, 7), today()).unwrap();
    assert_eq!(unanswered.tier, Tier::Loose);
    assert_eq!(unanswered.reason, "1 touch from you, 7 days ago");
}

#[test]
fn an_old_single_touch_is_still_a_loose_tie() {
    let p = propose(&talked(0, 1, 800), today()).unwrap();
    assert_eq!(p.tier, Tier::Loose);
    assert_eq!(p.reason, "1 touch from them, 2 years ago");
}

#[test]
fn a_referrer_met_at_an_event_is_inner_circle_without_a_logged_touch() {
    let e = Evidence {
        met: Some(MetIn {
            context: Some("PRSA   mixer".into()),
            on: days_ago(30),
        }),
        job: Some(JobTie {
            role: JobRole::Referrer,
            job: "PR Coordinator at Harbor & Finch".into(),
        }),
        goal: Some(GoalTie {
            title: "Break into PR".into(),
            stage: Stage::Referral,
        }),
        fit: Some(GoalFit {
            title: "Break into PR".into(),
            score: 80,
        }),
        links: 2,
        ..Evidence::default()
    };
    let p = propose(&e, today()).unwrap();
    // met 2, goal stage 2 (and a reply: both ways 2), fit 1, referrer 3, links 1.
    assert_eq!(p.points, 11);
    assert_eq!(p.tier, Tier::Inner);
    assert_eq!(
        p.reason,
        "met: PRSA mixer; referral/advice in “Break into PR”; referrer for PR Coordinator at \
         Harbor & Finch; fits “Break into PR” (80); knows 2 people in your book"
    );
}

#[test]
fn a_link_or_a_booked_meeting_alone_is_a_sign() {
    let linked = Evidence {
        links: 1,
        ..Evidence::default()
    };
    let p = propose(&linked, today()).unwrap();
    assert_eq!(
        (p.tier, p.reason.as_str()),
        (Tier::Loose, "knows 1 person in your book")
    );
    let booked = Evidence {
        upcoming: 1,
        ..Evidence::default()
    };
    let p = propose(&booked, today()).unwrap();
    assert_eq!(
        (p.tier, p.reason.as_str()),
        (Tier::Loose, "a meeting booked")
    );
}

#[test]
fn best_first_orders_by_points_then_the_latest_touch() {
    let p = |points, last: Option<NaiveDate>| Proposal {
        tier: tier_for(points),
        points,
        reason: String::new(),
        last,
    };
    let mut all = [
        p(3, days_ago(5)),
        p(8, None),
        p(3, None),
        p(3, days_ago(1)),
        p(8, days_ago(40)),
    ];
    all.sort_by(best_first);
    let order: Vec<(u8, Option<NaiveDate>)> = all.iter().map(|p| (p.points, p.last)).collect();
    assert_eq!(
        order,
        vec![
            (8, days_ago(40)),
            (8, None),
            (3, days_ago(1)),
            (3, days_ago(5)),
            (3, None)
        ]
    );
}

#[test]
fn tiers_follow_the_thresholds() {
    assert_eq!(tier_for(0), Tier::Loose);
    assert_eq!(tier_for(REGULAR_FROM - 1), Tier::Loose);
    assert_eq!(tier_for(REGULAR_FROM), Tier::Regular);
    assert_eq!(tier_for(CLOSE_FROM), Tier::Close);
    assert_eq!(tier_for(INNER_FROM), Tier::Inner);
    assert_eq!(tier_for(u8::MAX), Tier::Inner);
}

fn arb_stage() -> impl Strategy<Value = Stage> {
    proptest::sample::select(Stage::ALL.to_vec())
}

fn arb_role() -> impl Strategy<Value = JobRole> {
    proptest::sample::select(JobRole::ALL.to_vec())
}

prop_compose! {
    fn arb_evidence()(
        counts in proptest::collection::vec(0u32..20, 8),
        last in proptest::option::of(0i64..1500),
        met in proptest::option::of((proptest::option::of("[a-z <>&]{0,30}"), proptest::option::of(0i64..900))),
        goal in proptest::option::of(arb_stage()),
        fit in proptest::option::of(0u8..=100),
        job in proptest::option::of(arb_role()),
        links in 0u32..4,
    ) -> Evidence {
        Evidence {
            touches: counts[0],
            touches_past_year: counts[1],
            last: last.and_then(days_ago),
            from_me: counts[2],
            from_them: counts[3],
            mutual: counts[4],
            in_person: counts[5],
            live: counts[6],
            upcoming: counts[7],
            met: met.map(|(context, on)| MetIn { context, on: on.and_then(days_ago) }),
            goal: goal.map(|stage| GoalTie { title: "Goal <b>".into(), stage }),
            fit: fit.map(|score| GoalFit { title: "Goal".into(), score }),
            job: job.map(|role| JobTie { role, job: "Role at Org".into() }),
            links,
        }
    }
}

prop_compose! {
    /// Evidence and the same evidence with more of it: counts up, a later last touch,
    /// having met, a further stage, a better fit, a weightier part on a job.
    fn arb_more()(
        e in arb_evidence(),
        extra in proptest::collection::vec(0u32..5, 8),
        later in 0i64..400,
        met in any::<bool>(),
        stage in arb_stage(),
        fit in 0u8..=100,
        role in arb_role(),
        links in 0u32..3,
    ) -> (Evidence, Evidence) {
        let mut m = e.clone();
        m.touches += extra[0];
        m.touches_past_year += extra[1];
        m.from_me += extra[2];
        m.from_them += extra[3];
        m.mutual += extra[4];
        m.in_person += extra[5];
        m.live += extra[6];
        m.upcoming += extra[7];
        m.last = match e.last {
            Some(d) => Some((d + Duration::days(later)).min(today())),
            None if later % 2 == 0 => days_ago(later),
            None => None,
        };
        if met && m.met.is_none() {
            m.met = Some(MetIn::default());
        }
        let better_stage = e.goal.as_ref().map_or(stage, |g| g.stage.max(stage));
        m.goal = Some(GoalTie { title: "Goal".into(), stage: better_stage });
        let better_fit = e.fit.as_ref().map_or(fit, |f| f.score.max(fit));
        m.fit = Some(GoalFit { title: "Goal".into(), score: better_fit });
        m.job = match &e.job {
            Some(j) if role_points(role) < role_points(j.role) => Some(j.clone()),
            _ => Some(JobTie { role, job: "Role at Org".into() }),
        };
        m.links += links;
        (e, m)
    }
}

proptest! {
    #[test]
    fn more_evidence_never_proposes_a_looser_tier((less, more) in arb_more()) {
        let t = today();
        prop_assert!(points(&more, t) >= points(&less, t));
        if let Some(p) = propose(&less, t) {
            let q = propose(&more, t);
            prop_assert!(q.is_some());
            // Tiers are declared closest first: a looser tier compares greater.
            prop_assert!(q.map(|q| q.tier) <= Some(p.tier), "{less:?} → {more:?}");
        }
    }

    #[test]
    fn a_proposal_exactly_when_there_is_a_sign(e in arb_evidence()) {
        let p = propose(&e, today());
        prop_assert_eq!(p.is_some(), e.has_sign());
        if let Some(p) = p {
            prop_assert!(!p.reason.is_empty());
            prop_assert!(!p.reason.contains('\n'));
            prop_assert_eq!(p.tier, tier_for(p.points));
        }
    }

    #[test]
    fn evidence_without_a_sign_never_gets_a_proposal(
        e in arb_evidence(),
        stage in proptest::option::of(Just(Stage::Identified)),
    ) {
        let silent = Evidence {
            touches: 0,
            upcoming: 0,
            met: None,
            goal: stage.map(|stage| GoalTie { title: "Goal".into(), stage }),
            job: None,
            links: 0,
            ..e
        };
        prop_assert_eq!(propose(&silent, today()), None);
    }
}
