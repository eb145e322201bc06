//! The network at the start: people imported from a LinkedIn export, sorted into
//! layers, some with a birthday, a history of past contact, one goal and two offers of
//! yours. Everything is written through the store, as a user starting out would.

use chrono::{Duration, NaiveDate};
use warmline_core::goal::{Stage, TargetProfile, WeeklyTargets};
use warmline_core::incoming::IncomingContact;
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_core::person::{Birthday, PersonId, Tier};
use warmline_store::{
    ImportOptions, NeedOrOffer, NewGoal, Outcome, PersonPatch, Store, StoreError, TierTarget,
};

use crate::world::{self, GOAL_FIT_SHARE, TIER_SHARES};
use crate::{Member, SimError};

const FIRST: [&str; 40] = [
    "Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonah", "Kira",
    "Luca", "Maya", "Nils", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tess", "Umar", "Vera",
    "Wen", "Xavi", "Yara", "Zoe", "Aiko", "Bruno", "Cleo", "Dario", "Esme", "Felix", "Gia", "Hana",
    "Ivan", "Jade", "Kofi", "Lena", "Milo", "Nora",
];
const LAST: [&str; 40] = [
    "Abbott",
    "Bauer",
    "Costa",
    "Diaz",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Khan",
    "Laine",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quint",
    "Rossi",
    "Silva",
    "Tanaka",
    "Usman",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zimmer",
    "Alvarez",
    "Brandt",
    "Chen",
    "Dubois",
    "Engel",
    "Ferreira",
    "Gupta",
    "Horvat",
    "Iqbal",
    "Jovanovic",
    "Kowalski",
    "Lund",
    "Meyer",
    "Nakamura",
];
pub(crate) const ORGS: [&str; 12] = [
    "Northwind",
    "Bluefin Labs",
    "Cobalt Health",
    "Dunmore Bank",
    "Elm Studio",
    "Fernway",
    "Granite Systems",
    "Harbour Media",
    "Ironleaf",
    "Juniper Retail",
    "Kestrel Energy",
    "Lumen Works",
];
const TITLES: [&str; 8] = [
    "Software Engineer",
    "Product Manager",
    "Data Analyst",
    "Recruiter",
    "Marketing Lead",
    "Engineering Manager",
    "Founder",
    "Researcher",
];
const DESIGN_TITLES: [&str; 3] = ["Product Designer", "UX Designer", "Design Lead"];

/// The goal every simulated job seeker has.
pub const GOAL_TITLE: &str = "Product design roles";

/// The n-th synthetic person's name.
pub(crate) fn name(n: usize) -> String {
    format!(
        "{} {}",
        FIRST[n % FIRST.len()],
        LAST[(n / FIRST.len() + n) % LAST.len()]
    )
}

/// A job for a new or changing person: a design title for those who fit the goal.
pub(crate) fn job(rng: &mut fastrand::Rng, fits_goal: bool) -> (String, String) {
    let org = ORGS[rng.usize(..ORGS.len())].to_string();
    let title = if fits_goal {
        DESIGN_TITLES[rng.usize(..DESIGN_TITLES.len())]
    } else {
        TITLES[rng.usize(..TITLES.len())]
    };
    (org, title.to_string())
}

/// The LinkedIn record of a member as an export lists them.
pub(crate) fn linkedin_record(m: &Member) -> IncomingContact {
    IncomingContact {
        name: m.name.clone(),
        org: Some(m.org.clone()),
        title: Some(m.title.clone()),
        linkedin: Some(m.linkedin.clone()),
        ..IncomingContact::default()
    }
}

/// Imports LinkedIn records, returning each one's person id in order.
pub(crate) fn import_linkedin(
    store: &Store,
    records: &[IncomingContact],
    today: NaiveDate,
) -> Result<Vec<PersonId>, SimError> {
    let options = ImportOptions {
        source: "linkedin".into(),
        overwrite: false,
        dry_run: false,
        today,
    };
    let mut ids = Vec::with_capacity(records.len());
    store.import(&options, |imp| {
        for r in records {
            ids.push(match imp.contact(r)? {
                Outcome::Added(id) | Outcome::Updated(id) | Outcome::Unchanged(id) => id,
            });
        }
        Ok::<(), StoreError>(())
    })?;
    Ok(ids)
}

/// The tier of the n-th of `people`, following [`TIER_SHARES`] in order: the first few
/// are the inner circle.
fn tier_of(n: usize, people: usize) -> Tier {
    let at = (n as f64 + 0.5) / people.max(1) as f64;
    let mut upto = 0.0;
    for (tier, share) in TIER_SHARES {
        upto += share;
        if at < upto {
            return tier;
        }
    }
    Tier::Loose
}

/// Builds the starting network of `people` in `store`; returns its members and the goal.
pub(crate) fn build(
    store: &Store,
    people: usize,
    start: NaiveDate,
    rng: &mut fastrand::Rng,
) -> Result<(Vec<Member>, i64), SimError> {
    let cadences = store.settings()?.tier_cadences;
    let mut members: Vec<Member> = (0..people)
        .map(|n| {
            let tier = tier_of(n, people);
            let cadence = cadences.for_tier(tier);
            let fits_goal = rng.f64() < GOAL_FIT_SHARE;
            let (org, title) = job(rng, fits_goal);
            // Last in touch anywhere from a day to one and a half cadences ago.
            let days_ago = rng.i64(1..=(i64::from(cadence) * 3 / 2).max(2));
            Member {
                id: 0,
                name: name(n),
                tier,
                cadence,
                bond: world::starting_bond(tier, days_ago),
                half_life: world::half_life_days(tier),
                last_contact: start - Duration::days(days_ago),
                met_on: None,
                followed_up: None,
                org,
                title,
                linkedin: format!("https://www.linkedin.com/in/sim-{n}"),
                fits_goal,
                need: None,
                job_changed: false,
            }
        })
        .collect();
    let records: Vec<IncomingContact> = members.iter().map(linkedin_record).collect();
    let ids = import_linkedin(store, &records, start)?;
    for (m, id) in members.iter_mut().zip(ids) {
        m.id = id;
    }
    for (tier, _) in TIER_SHARES {
        let ids: Vec<PersonId> = (members.iter())
            .filter(|m| m.tier == tier)
            .map(|m| m.id)
            .collect();
        if !ids.is_empty() {
            store.set_tier(&TierTarget::People(ids), Some(tier), start)?;
        }
    }
    for m in &members {
        if rng.f64() < world::BIRTHDAY_KNOWN {
            let birthday = Birthday {
                year: None,
                month: rng.u32(1..=12),
                day: rng.u32(1..=28),
            };
            let patch = PersonPatch {
                birthday: Some(birthday),
                ..PersonPatch::default()
            };
            store.update_person(m.id, &patch, start)?;
        }
        let kind = match m.tier {
            Tier::Inner | Tier::Close => Kind::Coffee,
            Tier::Regular | Tier::Loose => Kind::Message,
        };
        let past = NewInteraction {
            on: m.last_contact,
            kind,
            direction: Direction::Mutual,
            summary: "caught up".into(),
            notes: String::new(),
            source: "manual".into(),
            source_key: None,
            people: vec![m.id],
        };
        store.log_interaction(&past, start)?;
    }
    let goal = store.add_goal(
        &NewGoal {
            title: GOAL_TITLE.into(),
            purpose: None,
            profile: TargetProfile {
                role_keywords: vec!["designer".into()],
                ..TargetProfile::default()
            },
            weekly: WeeklyTargets::default(),
            deadline: None,
        },
        start,
    )?;
    for m in members.iter().filter(|m| m.fits_goal) {
        store.set_goal_stage(goal, m.id, Stage::Identified, start)?;
    }
    for offer in ["portfolio feedback", "accessibility audit advice"] {
        store.add_need_offer(None, NeedOrOffer::Offer, offer, start)?;
    }
    Ok((members, goal))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_follow_the_shares() {
        let count = |t: Tier| (0..1000).filter(|n| tier_of(*n, 1000) == t).count();
        assert_eq!(count(Tier::Inner), 20);
        assert_eq!(count(Tier::Close), 50);
        assert_eq!(count(Tier::Regular), 180);
        assert_eq!(count(Tier::Loose), 750);
        // A small network still has an inner circle.
        assert_eq!(tier_of(0, 40), Tier::Inner);
    }

    #[test]
    fn names_differ_for_the_first_thousands() {
        let names: std::collections::HashSet<String> = (0..1600).map(name).collect();
        assert_eq!(names.len(), 1600);
    }
}
