//! Sorting an imported network: the sample exports of LinkedIn, Gmail, address books and a
//! calendar into an empty database, `today`'s triage item, `triage` and `tier`.

use insta::assert_snapshot;
use serde_json::Value;

use crate::import::fixture;
use crate::support::Sandbox;

/// Every sample export, imported as a person would on day one, with their own addresses
/// recorded first so that each message's direction is known.
fn imported_network() -> Sandbox {
    let s = Sandbox::new();
    s.run(&["me", "email", "me@example.com"]).ok();
    s.run(&["me", "linkedin", "https://www.linkedin.com/in/sam-example"])
        .ok();
    let files = [
        ("linkedin", "linkedin-Connections.csv"),
        ("linkedin", "linkedin-messages.csv"),
        ("vcard", "apple30.vcf"),
        ("vcard", "google30.vcf"),
        ("vcard", "v40.vcf"),
        ("vcard", "v21.vcf"),
        ("vcard", "outlook-version-late.vcf"),
        ("mbox", "gmail-takeout.mbox"),
        ("ics", "google-calendar.ics"),
    ];
    for (format, file) in files {
        s.run(&["import", format, &fixture(file)]).ok();
    }
    s
}

fn items(plan: &Value) -> Vec<(String, String)> {
    plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let kind = i["kind"].as_str().unwrap().to_string();
            (kind, i["person"]["name"].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn an_imported_network_is_sorted_into_todays_plan() {
    let mut s = imported_network();
    // Before: imported people have no rhythm, and the plan says so instead of nothing.
    let plan = s.run(&["--json", "today"]).json();
    // It is headed by someone in touch last (Jürgen's card came from a phone, and his
    // mail with it).
    assert_eq!(items(&plan), [("triage".into(), "Jürgen Müller".into())]);
    assert_eq!(plan["items"][0]["count"], 3);
    assert_eq!(plan["items"][0]["minutes"], 5);
    assert_snapshot!(s.run(&["today"]).transcript(), @r"
    exit: 0
    --- stdout
    Today, Wed 25 November · 20 minutes · streak 0 days (best 2)

    t5    triage         3 people  5 min
          3 people you have been in touch with have no keep-in-touch rhythm yet, Jürgen Müller among them
          → give them one: warmline triage

    Planned 5 of 20 minutes.
    Check items off with: warmline done t5
    ");

    // Only the three people actually talked to are proposed; the other connections and
    // address-book entries stay out of the plan.
    assert_snapshot!(s.run(&["triage"]).transcript(), @r"
    exit: 0
    --- stdout
    3 people you have been in touch with have no keep-in-touch rhythm yet. Proposed, best first:

    ID  NAME           ORG                       TIER     WHY
    2   Ada Lovelace   Analytical Engines, Ltd.  close    2 touches both ways, the last 13 days ago; met in person
    1   Grace Hopper   US Navy                   regular  3 touches both ways, the last 14 days ago
    5   Jürgen Müller  Firma GmbH                regular  2 touches both ways, the last 13 days ago

    Accept them all:     warmline triage --apply
    Accept some:         warmline triage --apply 2 1
    Choose yourself:     warmline tier close 2 1   (or inner, regular, loose; none for no rhythm)
    ");
    let listed = s.run(&["--json", "triage"]).json();
    let keys: Vec<&str> = listed[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in ["id", "name", "org", "proposed_tier", "reason"] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
    assert_eq!(listed.as_array().unwrap().len(), 3);

    assert_snapshot!(s.run(&["triage", "--apply"]).transcript(), @r"
    exit: 0
    --- stdout
    3 people got a keep-in-touch rhythm: 1 close, 2 regular.
    They come up in warmline today when they fall due.
    ");
    assert_snapshot!(s.run(&["triage"]).transcript(), @r"
    exit: 0
    --- stdout
    Nothing to triage: everyone you have been in touch with has a keep-in-touch rhythm.
    ");
    let plan = s.run(&["--json", "today"]).json();
    assert!(items(&plan).iter().all(|(kind, _)| kind != "triage"));

    // When their cadences come round, the plan speaks of them, within its budget.
    s.today = "2027-03-01".into();
    let plan = s.run(&["--json", "today"]).json();
    let mut keep: Vec<String> = items(&plan)
        .into_iter()
        .filter(|(kind, _)| kind == "keep_in_touch")
        .map(|(_, name)| name)
        .collect();
    keep.sort();
    assert_eq!(keep, ["Ada Lovelace", "Grace Hopper", "Jürgen Müller"]);
    assert!(plan["planned_minutes"].as_u64() <= plan["minutes"].as_u64());
    assert_eq!(plan["minutes"], 20);
}

#[test]
fn some_proposals_are_accepted_and_the_rest_wait() {
    let s = imported_network();
    let listed = s.run(&["--json", "triage"]).json();
    let grace = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Grace Hopper")
        .unwrap()["id"]
        .to_string();
    let applied = s.run(&["--json", "triage", "--apply", &grace]).json();
    assert_eq!(
        (applied["people"].as_u64(), applied["regular"].as_u64()),
        (Some(1), Some(1))
    );
    let left = s.run(&["--json", "triage"]).json();
    let names: Vec<&str> = left
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert_eq!(names, ["Ada Lovelace", "Jürgen Müller"]);
    assert_eq!(
        s.run(&["--json", "show", "grace hopper"]).json()["cadence_days"],
        90
    );
    // --limit with --apply accepts the best N.
    let best = s
        .run(&["--json", "triage", "--apply", "--limit", "1"])
        .json();
    assert_eq!(best["people"], 1);
    assert_eq!(s.run(&["--json", "show", "ada"]).json()["cadence_days"], 30);
    s.run(&["triage", "--apply"]).ok();
    assert_eq!(
        s.run(&["--json", "triage"]).json(),
        Value::Array(Vec::new())
    );
}

#[test]
fn tiers_are_set_in_bulk_and_none_leaves_people_out_on_purpose() {
    let s = imported_network();
    assert_snapshot!(s.run(&["tier", "loose", "--source", "linkedin"]).transcript(), @r"
    exit: 0
    --- stdout
    4 people now loose: keep in touch every 180 days.
    ");
    assert_snapshot!(s.run(&["tier", "close", "ada", "lovelace", "grace"]).transcript(), @r"
    exit: 0
    --- stdout
    2 people now close: keep in touch every 30 days.
    ");
    assert_snapshot!(s.run(&["--json", "tier", "inner", "--tag", "recruiters"]).transcript(), @r#"
    exit: 0
    --- stdout
    {
      "tier": "inner",
      "matched": 1,
      "changed": 1
    }
    "#);
    assert_snapshot!(s.run(&["tier", "inner", "--tag", "recruiters"]).transcript(), @r"
    exit: 0
    --- stdout
    No change: 1 person was inner already.
    ");
    assert_snapshot!(s.run(&["tier", "inner", "ada", "grace"]).transcript(), @r"
    exit: 0
    --- stdout
    1 person now inner: keep in touch every 14 days (1 was inner already).
    ");
    assert_snapshot!(s.run(&["tier", "none", "Grace Hopper", "alan"]).transcript(), @r"
    exit: 0
    --- stdout
    2 people left without a keep-in-touch rhythm: out of today's plan and of triage.
    ");
    // Grace was talked to, but is left without a rhythm on purpose: triage leaves her be.
    let listed = s.run(&["--json", "triage"]).json();
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["name"] != "Grace Hopper")
    );
    let grace = s.run(&["--json", "show", "grace"]).json();
    assert_eq!(grace["cadence_days"], Value::Null);
    // A tier brings her back into the plan.
    s.run(&["tier", "regular", "grace"]).ok();
    assert_eq!(
        s.run(&["--json", "show", "grace"]).json()["cadence_days"],
        90
    );
}

#[test]
fn triage_and_tier_refuse_what_they_cannot_do() {
    let s = imported_network();
    let cases: [&[&str]; 9] = [
        &["tier", "closest", "ada"],
        &["tier", "close", "nobody-here"],
        &["tier", "close"],
        &["tier", "close", "--org", "Initech"],
        &["tier", "close", "--goal", "pr"],
        &["tier", "close", "--tag", "nosuch"],
        &["triage", "--apply", "99"],
        &["triage", "--apply", "ada"],
        &["done", "t5"],
    ];
    let mut all = String::new();
    for args in cases {
        all.push_str(&format!(
            "$ warmline {}\n{}",
            args.join(" "),
            s.run(args).transcript()
        ));
    }
    assert_snapshot!(all, @r"
    $ warmline tier closest ada
    exit: 1
    --- stderr
    error: unknown tier 'closest': expected inner, close, regular, loose or none
    $ warmline tier close nobody-here
    exit: 1
    --- stderr
    error: no one named 'nobody-here'
    $ warmline tier close
    exit: 1
    --- stderr
    error: say whose tier to set: people by id, email or name, or --tag, --org, --goal or --source
    $ warmline tier close --org Initech
    exit: 1
    --- stderr
    error: no one matches organisation 'Initech'
    $ warmline tier close --goal pr
    exit: 1
    --- stderr
    error: no goal 'pr': there are no goals yet (add one with: warmline goal add TITLE)
    $ warmline tier close --tag nosuch
    exit: 1
    --- stderr
    error: no one matches tag 'nosuch'
    $ warmline triage --apply 99
    exit: 1
    --- stderr
    error: no person with id 99
    $ warmline triage --apply ada
    exit: 1
    --- stderr
    error: --apply takes people's ids as triage lists them (like 12), not 'ada'
    $ warmline done t5
    exit: 1
    --- stderr
    error: t5 is done by giving those people a rhythm: run warmline triage to see the proposals, then warmline triage --apply (or open Triage in the browser)
    ");
    // Nothing was written by any of them.
    assert_eq!(
        s.run(&["--json", "triage"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn nothing_to_triage_is_said_plainly() {
    let s = Sandbox::new();
    s.run(&["add", "Dana Lee", "--tier", "close"]).ok();
    s.run(&["log", "dana", "coffee", "--kind", "coffee"]).ok();
    assert_snapshot!(s.run(&["triage"]).transcript(), @r"
    exit: 0
    --- stdout
    Nothing to triage: everyone you have been in touch with has a keep-in-touch rhythm.
    ");
    assert_snapshot!(s.run(&["triage", "--apply"]).transcript(), @r"
    exit: 0
    --- stdout
    Nothing to triage: everyone you have been in touch with has a keep-in-touch rhythm.
    ");
    assert_eq!(
        s.run(&["--json", "triage"]).json(),
        Value::Array(Vec::new())
    );
}
