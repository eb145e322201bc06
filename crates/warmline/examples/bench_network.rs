//! Generates a large network for the `path` and `matches` benchmarks (bench/path.sh,
//! bench/matches.sh), through the store's ordinary methods in one bulk transaction.
//!
//!   cargo run --release --example bench_network -- DB [--people N] [--links N]
//!       [--orgs N] [--needs N] [--offers N]
//!
//! The same arguments give the same network: a fixed seed drives every choice. People
//! work at organisations of a few dozen, one in ten has a few interactions (so most of the
//! network is cold, as in a large imported address book), and links join random pairs,
//! most of them of the default strength 3 or near it.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use chrono::{Duration, NaiveDate};
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_core::person::{FactCategory, Tier};
use warmline_store::{NeedOrOffer, NewPerson, OrgFields, Store};

const FIRST: &[&str] = &[
    "Ana", "Bo", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jae", "Kai", "Lena", "Milo",
    "Nia", "Omar", "Pia", "Quin", "Rae", "Sol", "Tess", "Uma", "Vik", "Wren", "Xia", "Yuri", "Zed",
];
const LAST: &[&str] = &[
    "Lima", "Chen", "Okafor", "Patel", "Rossi", "Silva", "Tanaka", "Novak", "Walsh", "Iyer",
    "Costa", "Haddad", "Larsen", "Mensah", "Quinn", "Moreno",
];
const INDUSTRIES: &[&str] = &[
    "public relations",
    "software",
    "design",
    "healthcare",
    "finance",
    "education",
    "retail",
    "media",
];
const SIZES: &[&str] = &["solo", "boutique", "startup", "mid", "large"];
const TITLES: &[&str] = &[
    "Account Executive",
    "PR Coordinator",
    "Software Engineer",
    "UX Designer",
    "Product Manager",
    "Data Analyst",
    "Recruiter",
    "Marketing Manager",
    "Nurse Practitioner",
    "Teacher",
    "Financial Analyst",
    "Editor",
];
const SKILLS: &[&str] = &[
    "media relations",
    "crisis communications",
    "rust programming",
    "ux research",
    "portfolio reviews",
    "salary negotiation",
    "grant writing",
    "pitch decks",
    "data visualisation",
    "copy editing",
    "podcast production",
    "event planning",
    "investor introductions",
    "hiring engineers",
    "resume feedback",
    "mock interviews",
    "spanish tutoring",
    "photography",
    "seo audits",
    "public speaking",
];
const NEED_FORMS: &[&str] = &[
    "looking for help with {}",
    "needs someone for {}",
    "hiring for {}",
    "wants advice on {}",
];
const OFFER_FORMS: &[&str] = &["happy to help with {}", "offers {}", "can do {}", "{}"];
const HOBBIES: &[&str] = &[
    "rock climbing",
    "sourdough baking",
    "trail running",
    "chess",
    "birding",
    "jazz piano",
];

struct Options {
    db: PathBuf,
    people: usize,
    links: usize,
    orgs: usize,
    needs: usize,
    offers: usize,
}

fn options() -> Result<Options> {
    let mut args = std::env::args().skip(1);
    let Some(db) = args.next() else {
        bail!(
            "usage: bench_network DB [--people N] [--links N] [--orgs N] [--needs N] [--offers N]"
        );
    };
    let mut o = Options {
        db: db.into(),
        people: 100_000,
        links: 1_000_000,
        orgs: 2_000,
        needs: 0,
        offers: 0,
    };
    while let Some(flag) = args.next() {
        let value: usize = args
            .next()
            .with_context(|| format!("{flag} needs a number"))?
            .parse()
            .with_context(|| format!("{flag} needs a number"))?;
        match flag.as_str() {
            "--people" => o.people = value,
            "--links" => o.links = value,
            "--orgs" => o.orgs = value.max(1),
            "--needs" => o.needs = value,
            "--offers" => o.offers = value,
            other => bail!("unknown option {other}"),
        }
    }
    if o.people < 2 {
        bail!("--people must be at least 2");
    }
    Ok(o)
}

fn pick<'a>(rng: &mut fastrand::Rng, items: &'a [&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

fn main() -> Result<()> {
    let o = options()?;
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).context("date")?;
    let store = Store::open(&o.db)?;
    if store.count_people()? > 0 {
        bail!("{} already holds people: use a new file", o.db.display());
    }
    let mut rng = fastrand::Rng::with_seed(0xbe_4c_40_a7);
    let started = std::time::Instant::now();
    store.bulk(|s| {
        s.add_fact(
            None,
            FactCategory::School,
            "University of Oregon",
            None,
            today,
        )?;
        s.add_fact(None, FactCategory::Hometown, "Portland", None, today)?;
        let org_names: Vec<String> = (0..o.orgs).map(|i| format!("Org {i:05}")).collect();
        for name in &org_names {
            let fields = OrgFields {
                industry: Some(pick(&mut rng, INDUSTRIES).into()),
                size: Some(pick(&mut rng, SIZES).into()),
                location: Some("Portland".into()),
                website: None,
            };
            s.save_org(name, &fields, today)?;
        }
        for n in 0..o.people {
            // The number is the person's id, so a benchmark can name anyone.
            let name = format!(
                "{} {} {}",
                pick(&mut rng, FIRST),
                pick(&mut rng, LAST),
                n + 1
            );
            let new = NewPerson {
                name,
                org: Some(org_names[rng.usize(..org_names.len())].clone()),
                title: Some(pick(&mut rng, TITLES).into()),
                tier: Some(Tier::Regular),
                source: "bench".into(),
                ..NewPerson::default()
            };
            let id = s.add_person(&new, today - Duration::days(400))?;
            if rng.u8(..100) < 20 {
                s.add_fact(
                    Some(id),
                    FactCategory::Hobby,
                    pick(&mut rng, HOBBIES),
                    None,
                    today,
                )?;
            }
            if rng.u8(..100) < 10 {
                for _ in 0..rng.usize(1..=5) {
                    let on = today - Duration::days(rng.i64(0..365));
                    let new = NewInteraction {
                        on,
                        kind: [Kind::Email, Kind::Coffee, Kind::Call, Kind::Message]
                            [rng.usize(..4)],
                        direction: Direction::Outbound,
                        summary: "caught up".into(),
                        notes: String::new(),
                        source: "bench".into(),
                        source_key: None,
                        people: vec![id],
                    };
                    s.log_interaction(&new, on)?;
                }
            }
        }
        let people = o.people as i64;
        for _ in 0..o.links {
            let a = rng.i64(1..=people);
            let b = rng.i64(1..=people);
            if a != b {
                // Most links are the default 3 or near it; "very close" is rare.
                let strength = match rng.u8(..100) {
                    0..15 => 1,
                    15..40 => 2,
                    40..75 => 3,
                    75..92 => 4,
                    _ => 5,
                };
                s.link(a, b, Some(strength), None)?;
            }
        }
        for (count, kind, forms) in [
            (o.needs, NeedOrOffer::Need, NEED_FORMS),
            (o.offers, NeedOrOffer::Offer, OFFER_FORMS),
        ] {
            for _ in 0..count {
                let text = pick(&mut rng, forms).replace("{}", pick(&mut rng, SKILLS));
                s.add_need_offer(Some(rng.i64(1..=people)), kind, &text, today)?;
            }
        }
        Ok(())
    })?;
    println!(
        "{}: {} people, {} links, {} organisations in {:.1} s",
        o.db.display(),
        store.count_people()?,
        store.count_links()?,
        o.orgs,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
