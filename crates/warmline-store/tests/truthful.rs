//! What the store records and proposes says what happened: `done` logs the user's words or
//! a neutral account (never the plan's advice), a newcomer who is probably someone already
//! here is named, and the give item offers your own help first.

mod backends;

use backends::each_backend;
use chrono::NaiveDate;
use warmline_core::interaction::{Direction, Kind, NewInteraction};
use warmline_core::person::Tier;
use warmline_core::plan::logged::PLAN_SOURCE;
use warmline_store::{NeedOrOffer, NewPerson, Store};

fn d(s: &str) -> NaiveDate {
    warmline_core::date::parse_iso(s).unwrap()
}

fn add(s: &Store, new: NewPerson) -> i64 {
    s.add_person(&new, d("2026-11-01")).unwrap()
}

fn named(name: &str) -> NewPerson {
    NewPerson {
        name: name.into(),
        tier: Some(Tier::Inner),
        ..NewPerson::default()
    }
}

fn log(s: &Store, person: i64, on: &str, summary: &str) {
    let new = NewInteraction {
        on: d(on),
        kind: Kind::Coffee,
        direction: Direction::Mutual,
        summary: summary.into(),
        notes: String::new(),
        source: "manual".into(),
        source_key: None,
        people: vec![person],
    };
    s.log_interaction(&new, d(on)).unwrap();
}

#[test]
fn done_logs_the_users_words_or_a_neutral_account_never_the_advice() {
    each_backend(
        "done_logs_the_users_words_or_a_neutral_account_never_the_advice",
        |s| {
            let lucas = add(s, named("Lucas Sato"));
            let ana = add(s, named("Ana Lima"));
            log(s, lucas, "2026-10-01", "call about the Austin move");
            log(s, ana, "2026-10-01", "coffee");
            let today = d("2026-12-07");
            let plan = s.today_plan(today, 60).unwrap();
            let advice = plan
                .items
                .iter()
                .find(|i| i.id == format!("k{lucas}"))
                .unwrap();
            assert!(advice.action.starts_with("send Lucas"), "{}", advice.action);

            let done = s
                .complete_plan_item_with(today, &format!("k{lucas}"), Some("  she got the job  "))
                .unwrap();
            assert_eq!(done.summary.as_deref(), Some("she got the job"));
            let logged = &s.interactions_for(lucas, 1).unwrap()[0];
            assert_eq!(
                (logged.summary.as_str(), logged.source.as_str()),
                ("she got the job", "manual")
            );

            let done = s.complete_plan_item(today, &format!("k{ana}")).unwrap();
            assert_eq!(done.summary.as_deref(), Some("kept in touch"));
            let logged = &s.interactions_for(ana, 1).unwrap()[0];
            assert_eq!(
                (logged.summary.as_str(), logged.source.as_str(), logged.on),
                ("kept in touch", PLAN_SOURCE, today)
            );
            // It is a touch all the same: the item leaves the plan.
            let left: Vec<String> = s
                .today_plan(today, 60)
                .unwrap()
                .items
                .into_iter()
                .map(|i| i.id)
                .collect();
            assert!(!left.contains(&format!("k{ana}")), "{left:?}");
            // Blank words are no words.
            let bo = add(s, named("Bo Chen"));
            log(s, bo, "2026-10-01", "coffee");
            let done = s
                .complete_plan_item_with(today, &format!("k{bo}"), Some("   "))
                .unwrap();
            assert_eq!(done.summary.as_deref(), Some("kept in touch"));
        },
    );
}

#[test]
fn a_newcomer_who_is_already_here_is_named() {
    each_backend("a_newcomer_who_is_already_here_is_named", |s| {
        let priya = add(
            s,
            NewPerson {
                org: Some("Acme PR".into()),
                emails: vec!["priya@acme.example".into()],
                phones: vec!["+1 555 010 0199".into()],
                linkedin: Some("https://www.linkedin.com/in/priya-nair".into()),
                ..named("Priya Nair")
            },
        );
        let check = |new: NewPerson| s.likely_duplicate(&new).unwrap().map(|d| (d.id, d.reason));
        assert_eq!(
            check(NewPerson {
                org: Some("acme pr".into()),
                ..named("priya NAIR")
            }),
            Some((priya, "same name and organisation".into()))
        );
        assert_eq!(
            check(named("Priya Nair")),
            Some((priya, "same name".into()))
        );
        assert_eq!(
            check(NewPerson {
                emails: vec!["Priya@Acme.example".into()],
                ..named("P. Nair")
            }),
            Some((priya, "same e-mail address priya@acme.example".into()))
        );
        assert_eq!(
            check(NewPerson {
                phones: vec!["+1 (555) 010-0199".into()],
                ..named("Someone")
            }),
            Some((priya, "same phone number".into()))
        );
        assert_eq!(
            check(NewPerson {
                linkedin: Some("linkedin.com/in/priya-nair/".into()),
                ..named("Someone")
            }),
            Some((priya, "same LinkedIn profile".into()))
        );
        assert_eq!(check(named("Grace Hopper")), None);
        let found = s.likely_duplicate(&named("Priya Nair")).unwrap().unwrap();
        assert_eq!(
            (found.name.as_str(), found.org.as_deref()),
            ("Priya Nair", Some("Acme PR"))
        );
    });
}

#[test]
fn the_give_item_offers_your_own_help_before_an_introduction() {
    each_backend(
        "the_give_item_offers_your_own_help_before_an_introduction",
        |s| {
            let today = d("2026-12-07");
            let jenna = add(s, named("Jenna Ortiz"));
            let morgan = add(s, named("Morgan Hale"));
            log(s, jenna, "2026-12-01", "coffee");
            log(s, morgan, "2026-12-02", "coffee");
            s.add_need_offer(
                Some(jenna),
                NeedOrOffer::Need,
                "help proofreading press releases",
                today,
            )
            .unwrap();
            s.add_need_offer(
                Some(morgan),
                NeedOrOffer::Offer,
                "proofreading press releases and copy",
                today,
            )
            .unwrap();
            let give = s.give_candidate(today).unwrap().unwrap();
            assert_eq!(give.person_id, jenna);
            assert!(give.yours.is_none() && give.introduce.is_some(), "{give:?}");

            s.add_need_offer(
                None,
                NeedOrOffer::Offer,
                "proofreading press releases",
                today,
            )
            .unwrap();
            let give = s.give_candidate(today).unwrap().unwrap();
            assert_eq!(give.yours.as_deref(), Some("proofreading press releases"));
            let item = s
                .today_plan(today, 60)
                .unwrap()
                .items
                .into_iter()
                .find(|i| i.id == format!("g{jenna}"))
                .unwrap();
            assert_eq!(
                item.reason,
                "Jenna needs “help proofreading press releases”; you offer “proofreading press releases”"
            );
            assert_eq!(item.action, "write to Jenna and offer it");
        },
    );
}

/// Checking a give item off is help given: it is recorded as `give` records it, so the
/// rest between gives to one person keeps the same person off the plan for
/// `GIVE_REST_DAYS`, and the balance counts it.
#[test]
fn a_give_checked_off_is_recorded_and_rests_the_person() {
    each_backend("a_give_checked_off_is_recorded_and_rests_the_person", |s| {
        use warmline_store::GIVE_REST_DAYS;
        let today = d("2026-12-07");
        let jenna = add(s, named("Jenna Ortiz"));
        log(s, jenna, "2026-12-01", "coffee");
        s.add_need_offer(
            Some(jenna),
            NeedOrOffer::Need,
            "help proofreading press releases",
            today,
        )
        .unwrap();
        s.add_need_offer(
            None,
            NeedOrOffer::Offer,
            "proofreading press releases",
            today,
        )
        .unwrap();
        let give = format!("g{jenna}");
        let done = s.complete_plan_item(today, &give).unwrap();
        let gives = s.gives_for(jenna).unwrap();
        assert_eq!(gives.len(), 1, "{gives:?}");
        assert_eq!(
            gives[0].text,
            "offered proofreading press releases for “help proofreading press releases”"
        );
        assert_eq!(
            (gives[0].on, gives[0].interaction_id),
            (today, done.interaction)
        );
        assert_eq!(s.give_balance(jenna).unwrap().given, 1);
        // The need is still open, but Jenna rests from gives until the rest is over.
        let listed = |on: NaiveDate| {
            let plan = s.today_plan(on, 60).unwrap();
            plan.items.iter().any(|i| i.id == give)
        };
        let rest = chrono::Duration::days(GIVE_REST_DAYS);
        assert!(!listed(today + chrono::Duration::days(1)));
        assert!(!listed(today + rest));
        assert!(listed(today + rest + chrono::Duration::days(1)));
        // In the user's own words, when given.
        let later = today + rest + chrono::Duration::days(1);
        s.complete_plan_item_with(later, &give, Some("sent her my checklist"))
            .unwrap();
        assert_eq!(s.gives_for(jenna).unwrap()[0].text, "sent her my checklist");
        assert_eq!(s.give_balance(jenna).unwrap().given, 2);
    });
}
