//! Adding someone who is already here: the likely duplicate is named and nothing is added,
//! unless `--anyway` says it is a second person.

use insta::assert_snapshot;

use crate::support::Sandbox;

fn count(s: &Sandbox) -> usize {
    s.run(&["--json", "list"]).json().as_array().unwrap().len()
}

#[test]
fn a_likely_duplicate_is_named_and_nothing_is_added() {
    let s = Sandbox::new();
    s.run(&[
        "add",
        "Priya Nair",
        "--org",
        "Acme PR",
        "--email",
        "priya@acme.example",
        "--phone",
        "+1 555 010 0199",
        "--linkedin",
        "https://www.linkedin.com/in/priya-nair",
    ])
    .ok();
    let again = s.run(&[
        "add",
        "priya nair",
        "--org",
        "ACME PR",
        "--met",
        "PRSA mixer",
    ]);
    assert_snapshot!(again.transcript(), @r"
    exit: 1
    --- stderr
    error: looks like Priya Nair #1 (Acme PR), same name and organisation: nothing added; use --anyway to add a second person, or warmline edit 1 to add to them
    ");
    for (args, reason) in [
        (
            vec!["add", "P. Nair", "--email", "Priya@Acme.example"],
            "same e-mail address priya@acme.example",
        ),
        (
            vec![
                "add",
                "Someone",
                "--phone",
                "(555) 010-0199 ",
                "--phone",
                "+1 555 010 0199",
            ],
            "same phone number",
        ),
        (
            vec![
                "add",
                "Someone",
                "--linkedin",
                "linkedin.com/in/priya-nair/",
            ],
            "same LinkedIn profile",
        ),
        (
            vec!["add", "Priya Nair", "--org", "Bright Comms"],
            "same name",
        ),
    ] {
        let out = s.run(&args);
        assert_eq!(out.code, 1, "{args:?}: {}", out.transcript());
        assert!(out.stdout.is_empty());
        assert!(
            out.stderr.contains(&format!("#1 (Acme PR), {reason}:")),
            "{}",
            out.stderr
        );
        assert_eq!(out.stderr.lines().count(), 1);
    }
    assert_eq!(count(&s), 1, "nothing was added");
    // No after-event follow-up was left behind either.
    let follow_ups = s.run(&["--json", "followup", "list"]).json();
    assert_eq!(follow_ups.as_array().unwrap().len(), 0);

    let second = s.run(&["add", "Priya Nair", "--org", "Bright Comms", "--anyway"]);
    assert_snapshot!(second.transcript(), @r"
    exit: 0
    --- stdout
    added Priya Nair (#2)
    ");
    assert_eq!(count(&s), 2);
    s.run(&["add", "Grace Hopper"]).ok();
    assert_eq!(count(&s), 3);
}
