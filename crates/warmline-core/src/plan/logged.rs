//! What `warmline done ITEM [WHAT HAPPENED]` records, and how a text tells the plan's
//! wording from the user's.
//!
//! An item's action is advice to the user ("send Grace birthday wishes on Wed 9 Dec"), not
//! an account of a conversation. Stored as one, it came back in drafts as "Our
//! conversation (send Grace birthday wishes on Wed 9 Dec) stayed with me". So `done`
//! records the user's own words when they give some, and otherwise a neutral summary of
//! the act ("birthday wishes") under the source [`PLAN_SOURCE`], which drafts and briefs
//! never quote.
//!
//! Databases written before this rule hold the advice itself, with the source `manual`.
//! Such an interaction is recognised by two marks together: an item of the plan checked
//! off that day for one of its people (the store reads that), and a summary worded as that
//! item's advice ([`reads_as_advice`]). Either alone could be a conversation typed the
//! same day; both together are what `done` wrote.

use super::{GiveCandidate, ItemKind};
use crate::draft::clip;

/// The source of an interaction `done` logged without the user's words.
pub const PLAN_SOURCE: &str = "plan";

/// The neutral summary of the touch an item asked for; `None` for an item that logs
/// nothing (prep, and triage, which is done by giving people a rhythm). `introduction`
/// says whether a give item introduced two people.
pub fn done_summary(kind: ItemKind, introduction: bool) -> Option<&'static str> {
    Some(match kind {
        ItemKind::FollowUp => "followed up",
        ItemKind::KeepInTouch => "kept in touch",
        ItemKind::Give if introduction => "made an introduction",
        ItemKind::Give => "offered help",
        ItemKind::Congratulate => "congratulated on the new role",
        ItemKind::ReachOut => "reached out",
        ItemKind::Birthday => "birthday wishes",
        ItemKind::Prep | ItemKind::Triage | ItemKind::Event => return None,
    })
}

/// What a give item checked off records as given (the `gives` row that makes
/// `GIVE_REST_DAYS` apply and counts in the give/ask balance): the user's words when they
/// gave some, else what the item proposed, with the need it answered.
pub fn give_text(give: &GiveCandidate, what_happened: Option<&str>) -> String {
    if let Some(words) = what_happened.map(str::trim).filter(|w| !w.is_empty()) {
        return words.to_string();
    }
    let need = clip(give.need.trim(), 80);
    match (&give.yours, &give.introduce) {
        (Some(offer), _) => format!("offered {} for “{need}”", clip(offer.trim(), 60)),
        (None, Some(x)) => format!("introduced to {} for “{need}”", x.name),
        (None, None) => format!("help with “{need}”"),
    }
}

/// The user's account of what happened, from the words after the item id (a shell splits
/// them; they are joined back with single spaces). `None` when there are none.
pub fn what_happened<S: AsRef<str>>(words: &[S]) -> Option<String> {
    let text = words
        .iter()
        .flat_map(|w| w.as_ref().split_whitespace())
        .collect::<Vec<_>>()
        .join(" ");
    (!text.is_empty()).then_some(text)
}

/// Whether a stored summary is worded as the advice of an item of `kind`, as `done`
/// stored it before it recorded the user's words. A follow-up's advice is its own text
/// (which the store compares), or the note asked for when it has none.
pub fn reads_as_advice(kind: ItemKind, summary: &str) -> bool {
    let s = summary.trim();
    let send = s.starts_with("send ");
    match kind {
        ItemKind::FollowUp => send && s.ends_with(" a short follow-up note"),
        ItemKind::KeepInTouch => {
            send && (s.contains(" a short note") || s.contains(" a short hello"))
        }
        ItemKind::Birthday => send && s.contains("birthday"),
        ItemKind::Congratulate => s.starts_with("congratulate ") && s.contains(" on the new role"),
        ItemKind::Give => {
            (s.starts_with("offer ") && s.contains(" help with "))
                || (s.starts_with("introduce ") && s.contains(" first if they are happy to help"))
        }
        ItemKind::ReachOut => send && s.contains(" minutes of advice on "),
        ItemKind::Prep => s.starts_with("read the brief"),
        // Triage and event prep never logged anything.
        ItemKind::Triage | ItemKind::Event => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_that_logs_has_a_neutral_summary() {
        for kind in ItemKind::ALL {
            let s = done_summary(kind, false);
            let logs_nothing = matches!(kind, ItemKind::Prep | ItemKind::Triage | ItemKind::Event);
            assert_eq!(s.is_none(), logs_nothing, "{kind:?}");
            // A neutral summary is never mistaken for advice.
            if let Some(s) = s {
                assert!(!reads_as_advice(kind, s), "{kind:?}: {s}");
            }
        }
        assert_eq!(
            done_summary(ItemKind::Give, true),
            Some("made an introduction")
        );
    }

    #[test]
    fn a_give_records_the_users_words_or_what_the_item_proposed() {
        use crate::plan::Introduction;
        let mut g = GiveCandidate {
            person_id: 7,
            name: "Ed Moss".into(),
            need: " feedback on my portfolio ".into(),
            introduce: None,
            yours: Some("portfolio feedback".into()),
        };
        assert_eq!(
            give_text(&g, None),
            "offered portfolio feedback for “feedback on my portfolio”"
        );
        assert_eq!(
            give_text(&g, Some("  sent notes on his case study ")),
            "sent notes on his case study"
        );
        assert_eq!(
            give_text(&g, Some("   ")),
            "offered portfolio feedback for “feedback on my portfolio”"
        );
        g.yours = None;
        g.introduce = Some(Introduction {
            person_id: 8,
            name: "Flo Diaz".into(),
            offer: "portfolio reviews".into(),
        });
        assert_eq!(
            give_text(&g, None),
            "introduced to Flo Diaz for “feedback on my portfolio”"
        );
        g.introduce = None;
        assert_eq!(give_text(&g, None), "help with “feedback on my portfolio”");
    }

    #[test]
    fn the_words_after_the_item_are_joined() {
        assert_eq!(what_happened::<&str>(&[]), None);
        assert_eq!(what_happened(&["  ", ""]), None);
        assert_eq!(
            what_happened(&["she is moving", "to  Denver "]).as_deref(),
            Some("she is moving to Denver")
        );
    }

    /// What `done` stored before it recorded the user's words: the plan's actions of
    /// that time, one of each wording.
    #[test]
    fn the_advice_older_versions_stored_is_recognised() {
        for (kind, s) in [
            (
                ItemKind::KeepInTouch,
                "send Lucas a short note and ask: “How is Leo doing?”",
            ),
            (
                ItemKind::KeepInTouch,
                "send Yara a short note picking up from last time (“coffee at Stumptown”)",
            ),
            (
                ItemKind::KeepInTouch,
                "send Bo a short hello and ask what they are working on",
            ),
            (
                ItemKind::KeepInTouch,
                "send Bo a short note asking how things are going",
            ),
            (ItemKind::Birthday, "send Grace a happy-birthday message"),
            (
                ItemKind::Birthday,
                "send Grace birthday wishes tomorrow, or schedule them now",
            ),
            (
                ItemKind::Birthday,
                "send Grace birthday wishes on Wed 9 Dec",
            ),
            (
                ItemKind::Congratulate,
                "congratulate Ada on the new role at Analytical",
            ),
            (ItemKind::Congratulate, "congratulate Ada on the new role"),
            (
                ItemKind::Give,
                "offer Jenna help with “help proofreading press releases”, or think of who could help",
            ),
            (
                ItemKind::Give,
                "introduce Jenna to Morgan Hale (ask Morgan first if they are happy to help)",
            ),
            (
                ItemKind::ReachOut,
                "send Bo a short, specific note asking for 15 minutes of advice on Break into PR",
            ),
            (ItemKind::FollowUp, "send Ann a short follow-up note"),
        ] {
            assert!(reads_as_advice(kind, s), "{kind:?}: {s}");
        }
    }

    #[test]
    fn conversations_do_not_read_as_advice() {
        for (kind, s) in [
            (
                ItemKind::KeepInTouch,
                "coffee: talked about her move to Austin",
            ),
            (
                ItemKind::KeepInTouch,
                "sent the article on pitching reporters",
            ),
            (ItemKind::Birthday, "she turned 40, party next week"),
            (ItemKind::Congratulate, "congrats call, she starts Monday"),
            (ItemKind::Give, "offered to review her deck"),
            (ItemKind::FollowUp, "send my portfolio"),
        ] {
            assert!(!reads_as_advice(kind, s), "{kind:?}: {s}");
        }
    }
}
