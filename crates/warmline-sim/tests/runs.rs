//! Whole runs, small: deterministic for a seed, figures in range, and the policies
//! telling apart as they should.

use warmline_sim::{Config, Policy, Report, compare, simulate};

fn small(policy: Policy, seed: u64) -> Config {
    Config {
        people: 40,
        days: 60,
        minutes: 20,
        policy,
        seed,
    }
}

fn in_range(r: &Report) {
    for share in [r.within_cadence, r.followed_up_2d] {
        assert!(
            (0.0..=1.0).contains(&share),
            "{share} out of range in {r:?}"
        );
    }
    for p in &r.series {
        assert!((0.0..=1.0).contains(&p.within_cadence));
        assert!(p.warm_ties as usize <= r.people + r.new_people as usize);
    }
    let w = r.warmth;
    assert_eq!(
        (w.hot + w.warm + w.cooling + w.cold) as usize,
        r.people + r.new_people as usize
    );
    assert_eq!(r.warm_ties, w.hot + w.warm);
    assert!(r.minutes_spent <= r.minutes * r.days + 10, "{r:?}");
    assert!(r.median_follow_up_days.is_none_or(|d| d >= 1.0));
    assert!(r.funnel.identified >= r.funnel.reached_out);
}

#[test]
fn a_seed_gives_the_same_run() {
    let a = simulate(&small(Policy::Warmline, 7)).expect("run");
    let b = simulate(&small(Policy::Warmline, 7)).expect("run");
    assert_eq!(a, b);
    let c = simulate(&small(Policy::Warmline, 8)).expect("run");
    assert_ne!(a, c);
}

#[test]
fn the_policies_differ_as_expected() {
    let runs = compare(&small(Policy::Warmline, 3)).expect("runs");
    for r in &runs {
        in_range(r);
    }
    let [warmline, overdue, bursts] = [&runs[0], &runs[1], &runs[2]];
    assert_eq!(warmline.policy, Policy::Warmline);
    // The plan follows up new people while the meeting is fresh; a reminder on the
    // keep-in-touch date cannot, and a sitting every three weeks rarely does.
    assert_eq!(warmline.followed_up_2d, 1.0);
    assert_eq!(overdue.followed_up_2d, 0.0);
    assert!(bursts.followed_up_2d < warmline.followed_up_2d);
    // Only the plan proposes reaching out toward the goal.
    assert!(warmline.asks > 0);
    assert_eq!(overdue.asks + bursts.asks, 0);
    assert!(warmline.gives >= overdue.gives);
    // The same world: the same people met.
    assert_eq!(warmline.new_people, overdue.new_people);
    assert_eq!(warmline.new_people, bursts.new_people);
}
