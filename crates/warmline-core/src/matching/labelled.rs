//! How well needs meet offers, measured: a table of need/offer pairs written as job seekers
//! and their contacts phrase them, each labelled a true or a false match by hand, and the
//! matchmaker's precision and recall over it.
//!
//! The false pairs are hard ones: they share generic words ("help", "new", "work", "role",
//! "hiring", a weekday) or one word that means something else on each side ("pitch",
//! "moving", "design"), and nothing that says one could help the other. The true pairs
//! include needs whose context words outnumber their topic ("a UX designer for the mobile
//! app, we're hiring") and short offers named inside long needs.
//!
//! Every offer becomes one person's profile, so the index weighs each word by how common it
//! is across all the offers, as it does across a network; a pair is predicted a match when
//! the need's candidates include its offer's person.

use super::*;

/// need | offer | whether the offer meets the need (y/n)
const PAIRS: &str = "
a UX designer for the mobile app, we're hiring | UX designer, open to new work | y
proofreading for a press release | proofreading press releases | y
portfolio review before I apply | happy to review portfolios | y
an intro to someone at Acme Cloud | can introduce people at Acme Cloud | y
mock interviews for product manager roles | product manager, happy to run mock interviews | y
advice on moving to Austin | moved to Austin last year, glad to share tips | y
a React developer for a three-month contract | freelance React developer | y
someone to look over my resume | resume reviews for career changers | y
salary negotiation tips for my first offer | coaching on salary negotiation | y
a referral at Stripe | engineer at Stripe, can refer people | y
learning SQL for data analysis | teaching SQL and data analysis basics | y
a grant writer for our nonprofit | grant writing for nonprofits | y
practice for a case interview in consulting | former consultant, runs case interview practice | y
an accountant for my freelance taxes | CPA, does taxes for freelancers | y
a warm intro to recruiters in healthcare | healthcare recruiter, happy to connect | y
copy editing for a grant application | copy editor | y
advice on breaking into UX research | UX researcher at a fintech | y
a mentor in data science | data scientist, mentors juniors | y
translation of my CV into Spanish | native Spanish speaker, translates documents | y
feedback on our pitch deck before the seed round | reviews pitch decks for founders | y
preparing for a product manager interview at Google | PM at Google, glad to do mock interviews | y
someone who knows Figma well | Figma workshops for beginners | y
a lawyer to look at a job offer contract | employment lawyer, free first consult | y
event photos for our product launch next month | event and product photography | y
Python tutoring for a bootcamp grad | tutoring in Python and statistics | y
an intro to the hiring manager at Nike | recruiter at Nike | y
help setting up Google Analytics for my shop | Google Analytics setup for small shops | y
a LinkedIn headline that gets noticed | LinkedIn profile makeovers | y
a Spanish tutor for my daughter | teaches Spanish online | y
someone to build a website for our bakery | builds websites for small businesses | y
help finding a new job in marketing | help with new work in accounting | n
looking for work as a nurse | hiring engineers, open roles on my team | n
a new laptop recommendation | new to the city, happy to grab coffee | n
help moving apartments next month | career coaching for people moving into tech | n
someone to review my cover letter | code review for Rust projects | n
a designer for our logo | interior designer, available for projects | n
work visa advice for Germany | remote work tips | n
help with a new website for my shop | new grad, happy to help with anything | n
an intro to a hiring manager at Nike | hiring a junior accountant | n
feedback on my pitch to investors | baseball pitching lessons | n
help with my resume | help with moving boxes this weekend | n
a new role in product marketing | new product launch photography | n
a data analyst job | can help with data entry | n
work from home tips with a toddler | works at a bank, open to a chat | n
a mentor for first-time managers | first aid training | n
a babysitter on Tuesdays | teaches kids coding on Tuesdays | n
job leads in renewable energy | energy drinks sales rep | n
help with a career change into teaching | career coaching for executives | n
an introduction to people in the film industry | industry reports on retail | n
someone hiring in Denver | hiring in Seattle, happy to chat | n
a part-time role this summer | part-time bookkeeping help | n
";

struct Pair<'a> {
    need: &'a str,
    offer: &'a str,
    matches: bool,
}

fn pairs() -> Vec<Pair<'static>> {
    PAIRS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(" | ").collect();
            assert_eq!(f.len(), 3, "{l}");
            Pair {
                need: f[0],
                offer: f[1],
                matches: f[2] == "y",
            }
        })
        .collect()
}

/// (predicted, labelled) for every pair.
fn predictions() -> Vec<(bool, bool, &'static str, &'static str)> {
    let pairs = pairs();
    // Person 2i offers pair i's offer; person 2i+1 has its need.
    let profiles: Vec<Profile> = pairs
        .iter()
        .enumerate()
        .map(|(i, p)| Profile {
            id: 2 * i as PersonId,
            name: format!("Offer {i}"),
            offers: vec![p.offer.to_string()],
            ..Profile::default()
        })
        .collect();
    let index = Index::build(&profiles);
    let opts = MatchOptions {
        per_need: usize::MAX,
        ..MatchOptions::default()
    };
    pairs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let need = Need {
                person_id: 2 * i as PersonId + 1,
                person: format!("Need {i}"),
                text: p.need.to_string(),
            };
            let found = index
                .candidates(&need, &opts)
                .iter()
                .any(|m| m.candidate.id == 2 * i as PersonId);
            (found, p.matches, p.need, p.offer)
        })
        .collect()
}

#[test]
fn the_table_is_large_enough_and_balanced() {
    let pairs = pairs();
    assert!(pairs.len() >= 40, "{}", pairs.len());
    let yes = pairs.iter().filter(|p| p.matches).count();
    assert!(
        yes >= 20 && pairs.len() - yes >= 20,
        "{yes} of {}",
        pairs.len()
    );
}

#[test]
fn precision_and_recall_on_labelled_pairs() {
    let got = predictions();
    let tp = got.iter().filter(|(p, l, ..)| *p && *l).count();
    let fp = got.iter().filter(|(p, l, ..)| *p && !*l).count();
    let fn_ = got.iter().filter(|(p, l, ..)| !*p && *l).count();
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let wrong: Vec<String> = got
        .iter()
        .filter(|(p, l, ..)| p != l)
        .map(|(p, _, n, o)| {
            let what = if *p { "false match" } else { "missed" };
            format!("{what}: '{n}' / '{o}'")
        })
        .collect();
    println!(
        "precision {precision:.2} ({tp} of {}), recall {recall:.2} ({tp} of {})\n{}",
        tp + fp,
        tp + fn_,
        wrong.join("\n")
    );
    assert!(recall >= 0.9, "recall {recall:.2}\n{}", wrong.join("\n"));
    assert!(
        precision >= 0.8,
        "precision {precision:.2}\n{}",
        wrong.join("\n")
    );
}
