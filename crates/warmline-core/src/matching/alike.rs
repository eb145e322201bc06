//! `find_matches` ranks needs worded alike once and explains each candidate once per
//! wording. These tests hold it to the plain way: every need ranked and explained on its
//! own, on networks where the same few asks are made by many people, in different case
//! and punctuation, by me and by people who are themselves the best candidates.

use proptest::prelude::*;

use super::*;

const ASKS: [&str; 8] = [
    "hiring a UX designer",
    "Hiring a UX designer!",
    "a UX designer, hiring",
    "a good photographer for an event",
    "an introduction to someone at Acme Cloud",
    "people to meet in Austin before the move",
    "looking for someone",
    "  ",
];

const OFFERS: [&str; 6] = [
    "UX designer open to freelance work",
    "event photographer on weekends",
    "can introduce people at Acme Cloud",
    "knows the Austin media scene well",
    "happy to review portfolios",
    "freelance copywriter and editor",
];

const TITLES: [&str; 5] = [
    "UX Designer",
    "Photographer",
    "Marketing Manager",
    "Designer",
    "Reporter",
];

const ORGS: [&str; 3] = ["Acme Cloud", "Harbor & Finch", "Northwind Design"];

const FACTS: [&str; 4] = [
    "moving to Austin this spring",
    "sourdough baking",
    "event photography on weekends",
    "grew up in Portland",
];

/// Every need ranked alone through [`Index::candidates`], sorted as `find_matches` sorts.
fn one_by_one(profiles: &[Profile], needs: &[Need], opts: &MatchOptions) -> Vec<Match> {
    let index = Index::build(profiles);
    let mut out: Vec<Match> = needs
        .iter()
        .filter(|n| !fold(&n.text).is_empty())
        .flat_map(|n| index.candidates(n, opts))
        .collect();
    crate::matching::rank(&mut out);
    out
}

/// One person's offer, title, organisation and fact, each an index into the lists above.
type Choices = (Option<usize>, Option<usize>, Option<usize>, Option<usize>);

/// A network from choices: (offer, title, org, fact) per person, each possibly absent,
/// and (person, ask) per need; person 0 is me.
fn network(people: &[Choices], asks: &[(usize, usize)]) -> (Vec<Profile>, Vec<Need>) {
    let profiles: Vec<Profile> = people
        .iter()
        .enumerate()
        .map(|(i, &(offer, title, org, fact))| Profile {
            id: i as PersonId,
            // Few distinct names, so ties fall to the candidate's id.
            name: if i == 0 {
                "You".into()
            } else {
                format!("P{}", i % 7)
            },
            offers: offer.map(|o| OFFERS[o].to_string()).into_iter().collect(),
            title: title.map(|t| TITLES[t].to_string()),
            org: org.map(|o| ORGS[o].to_string()),
            facts: fact.map(|f| FACTS[f].to_string()).into_iter().collect(),
        })
        .collect();
    let needs = asks
        .iter()
        .map(|&(who, ask)| {
            let who = who % profiles.len();
            Need {
                person_id: who as PersonId,
                person: if who == 0 {
                    "you".into()
                } else {
                    format!("P{}", who % 7)
                },
                text: ASKS[ask].to_string(),
            }
        })
        .collect();
    (profiles, needs)
}

/// Up to sixty people, each with or without an offer, a title, an organisation and a fact.
fn people() -> impl Strategy<Value = Vec<Choices>> {
    prop::collection::vec(
        (
            prop::option::of(0..OFFERS.len()),
            prop::option::of(0..TITLES.len()),
            prop::option::of(0..ORGS.len()),
            prop::option::of(0..FACTS.len()),
        ),
        1..60,
    )
}

proptest! {
    #[test]
    fn alike_needs_ranked_once_match_every_need_ranked_alone(
        people in people(),
        asks in prop::collection::vec((0..60usize, 0..ASKS.len()), 0..40),
        per_need in 1..5usize,
    ) {
        let (profiles, needs) = network(&people, &asks);
        let opts = MatchOptions { per_need, ..MatchOptions::default() };
        prop_assert_eq!(
            find_matches(&profiles, &needs, &opts),
            one_by_one(&profiles, &needs, &opts)
        );
    }

    #[test]
    fn the_first_few_are_the_first_few_of_all(
        people in people(),
        asks in prop::collection::vec((0..60usize, 0..ASKS.len()), 0..40),
        limit in 0..20usize,
    ) {
        let (profiles, needs) = network(&people, &asks);
        let opts = MatchOptions::default();
        let all = one_by_one(&profiles, &needs, &opts);
        let (first, total) = Index::build(&profiles).matches(&needs, &opts, limit);
        prop_assert_eq!(total, all.len());
        prop_assert_eq!(&first[..], &all[..limit.min(all.len())]);
    }

    #[test]
    fn texts_added_field_by_field_index_as_whole_profiles(
        people in people(),
        asks in prop::collection::vec((0..60usize, 0..ASKS.len()), 1..40),
    ) {
        let (profiles, needs) = network(&people, &asks);
        let opts = MatchOptions::default();
        // As the store reads them: everyone, then every fact, then every offer, then
        // titles and organisations, the reverse of a profile's order.
        let mut b = IndexBuilder::new();
        for p in &profiles {
            b.person(p.id, p.name.clone());
        }
        for p in &profiles {
            p.facts.iter().for_each(|t| b.fact(p.id, t));
        }
        for p in &profiles {
            p.offers.iter().for_each(|t| b.offer(p.id, t));
        }
        for p in profiles.iter().rev() {
            p.org.iter().for_each(|t| b.org(p.id, t));
            p.title.iter().for_each(|t| b.title(p.id, t));
        }
        // Someone the index does not hold is ignored.
        b.offer(10_000, "UX design");
        prop_assert_eq!(
            b.finish().matches(&needs, &opts, usize::MAX).0,
            find_matches(&profiles, &needs, &opts)
        );
    }
}

#[test]
fn a_thousand_people_asking_the_same_things() {
    let people: Vec<_> = (0..1_000usize)
        .map(|i| {
            (
                (i % 3 == 0).then_some(i % OFFERS.len()),
                (i % 2 == 0).then_some(i % TITLES.len()),
                Some(i % ORGS.len()),
                (i % 5 != 0).then_some(i % FACTS.len()),
            )
        })
        .collect();
    let asks: Vec<(usize, usize)> = (0..600usize).map(|i| (i * 7 + 1, i % ASKS.len())).collect();
    let (profiles, needs) = network(&people, &asks);
    let opts = MatchOptions::default();
    let fast = find_matches(&profiles, &needs, &opts);
    assert!(fast.len() > 1_000, "{}", fast.len());
    assert_eq!(fast, one_by_one(&profiles, &needs, &opts));
}
