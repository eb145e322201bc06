//! Options of the commands that correct what was recorded: `log edit|rm`, `fact
//! edit|rm`, `need|offer done|rm`, `link rm`, `history` and `undo`. The others
//! (`followup edit|rm`, `goal remove`, `job edit|rm`, `org edit --name|rm`, `event rm`)
//! sit with their command groups.
//!
//! `log`, `fact`, `need`, `offer` and `link` record with positional words and correct
//! with subcommands. The first word decides: `edit`, `rm` or `done` (lowercase, exactly)
//! starts the correction; anything else is a person. Someone whose name is just "Edit"
//! is named by more of their name ("Edit Smith") or by their id.

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum LogFix {
    /// Correct an interaction: what, when, which kind, with whom, who started it
    #[command(
        after_help = "Ids: warmline history PERSON lists every interaction with its id.\n\nExamples:\n  warmline log edit 12 --summary \"coffee at Heart\" --on 2026-11-18\n  warmline log edit 12 --with \"dana,sam\" --they-reached-out"
    )]
    Edit(LogEditArgs),
    /// Remove an interaction (undo brings it back whole)
    #[command(after_help = "Example:\n  warmline log rm 12\n  warmline undo")]
    Rm {
        /// The interaction's id (warmline history PERSON lists them)
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct LogEditArgs {
    /// The interaction's id (warmline history PERSON lists them)
    pub id: String,
    /// What happened, in a line
    #[arg(long, value_name = "TEXT")]
    pub summary: Option<String>,
    /// When it happened; a later day (up to 366 days ahead) books or reschedules it
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    /// coffee, call, video, email, message, meeting, event, intro or other
    #[arg(long, value_name = "K")]
    pub kind: Option<String>,
    /// Everyone who was there, replacing who was recorded: one person, or several separated by commas
    #[arg(long, value_name = "PEOPLE")]
    pub with: Option<String>,
    /// Longer notes, replacing those recorded
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,
    /// They started it (an inbound touch)
    #[arg(long, conflicts_with_all = ["i_reached_out", "mutual"])]
    pub they_reached_out: bool,
    /// You started it (an outreach)
    #[arg(long, conflicts_with = "mutual")]
    pub i_reached_out: bool,
    /// Neither side started it
    #[arg(long)]
    pub mutual: bool,
}

#[derive(Debug, Subcommand)]
pub enum FactFix {
    /// Correct a fact's text, and its category if given
    #[command(
        after_help = "Ids: warmline show PERSON lists facts with their ids.\n\nExample:\n  warmline fact edit 4 \"daughter Mia plays soccer and chess\"\n  warmline fact edit 4 \"plays chess\" --category hobby"
    )]
    Edit {
        /// The fact's id (warmline show PERSON lists them)
        id: String,
        /// The corrected detail
        text: String,
        /// family, hometown, school, hobby, interest, work_history, life_event or other
        #[arg(long, value_name = "C")]
        category: Option<String>,
    },
    /// Remove a fact (undo brings it back)
    #[command(after_help = "Example:\n  warmline fact rm 4")]
    Rm {
        /// The fact's id (warmline show PERSON lists them)
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum NeedOfferFix {
    /// Mark it done (a need met, an offer taken up): it stays in the history and leaves matching
    #[command(
        after_help = "Ids: warmline show PERSON lists them.\n\nExample:\n  warmline need done 3"
    )]
    Done {
        /// Its id (warmline show PERSON lists them)
        id: String,
    },
    /// Remove it (undo brings it back)
    #[command(after_help = "Example:\n  warmline need rm 3\n  warmline offer rm 5")]
    Rm {
        /// Its id (warmline show PERSON lists them)
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum LinkFix {
    /// Remove the link between two people (undo brings it back)
    #[command(after_help = "Example:\n  warmline link rm dana zoe")]
    Rm {
        /// One person (id, email or name)
        person: String,
        /// The other person
        other: String,
    },
}

#[derive(Debug, Args)]
pub struct UndoArgs {
    /// The removal to undo, as the removal printed it [default: the latest]
    #[arg(conflicts_with = "list")]
    pub id: Option<String>,
    /// List what can be undone (removals of the last day), latest first
    #[arg(long)]
    pub list: bool,
}
