//! Options of the strategy, give-first and genuine-connection commands: goals, jobs,
//! links and paths, needs and offers, gives and matches, what you share, and prep.

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum GoalCommand {
    /// Add a goal: a purpose, a target profile and a weekly pace
    #[command(
        after_help = "Each profile field may list alternatives separated by commas.\n\nExample:\n  warmline goal add \"Break into PR\" --purpose \"find internships or entry-level roles\" \\\n      --industry \"public relations\" --size boutique --role \"coordinator, assistant, intern\" \\\n      --location Portland --weekly \"3 new, 2 conversations\" --deadline 2027-03-01"
    )]
    Add(GoalAddArgs),
    /// List goals with their funnels
    #[command(after_help = "Example:\n  warmline goal list")]
    List,
    /// A goal's funnel, this week's progress, its pipeline and the next best actions
    #[command(
        after_help = "Example:\n  warmline goal show \"Break into PR\"\n  warmline goal show 1 --json"
    )]
    Show {
        /// The goal (id or part of the title)
        goal: String,
    },
    /// Put a person at a stage of a goal's pipeline (adding them to it if needed)
    #[command(
        after_help = "Stages: identified, reached_out, replied, conversation, referral (or advice), opportunity.\nLogged interactions move people forward by themselves: an outreach to reached_out, a reply\nto replied, a coffee, call or meeting to conversation.\n\nExample:\n  warmline goal stage dana \"Break into PR\" identified\n  warmline goal stage dana pr referral"
    )]
    Stage {
        /// Who (id, email or name)
        person: String,
        /// The goal (id or part of the title)
        goal: String,
        /// identified, reached_out, replied, conversation, referral or opportunity
        stage: String,
    },
    /// Take a person out of a goal's pipeline, with their stage history in it (undo brings it back)
    #[command(after_help = "Example:\n  warmline goal remove dana \"Break into PR\"")]
    Remove {
        /// Who (id, email or name)
        person: String,
        /// The goal (id or part of the title)
        goal: String,
    },
    /// Mark a goal done or archived (or active again); only active goals move and plan
    #[command(after_help = "Example:\n  warmline goal status \"Break into PR\" done")]
    Status {
        /// The goal (id or part of the title)
        goal: String,
        /// active, done or archived
        status: String,
    },
    /// People and organisations that fit a goal, by fit and then by how reachable they are
    #[command(after_help = "Example:\n  warmline goal candidates \"Break into PR\" --limit 10")]
    Candidates {
        /// The goal (id or part of the title)
        goal: String,
        /// At most this many people, and this many organisations
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// The lowest fit (0–100) to list
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u8).range(1..=100))]
        min_fit: u8,
    },
}

#[derive(Debug, Args)]
pub struct GoalAddArgs {
    /// What you are after, in a few words
    pub title: String,
    /// Why: what the goal is for
    #[arg(long, value_name = "P")]
    pub purpose: Option<String>,
    /// The industry to aim at ("public relations")
    #[arg(long, value_name = "I")]
    pub industry: Option<String>,
    /// Organisation size: solo, boutique, startup, mid, large
    #[arg(long, value_name = "S")]
    pub size: Option<String>,
    /// Role keywords, comma-separated ("coordinator, account executive")
    #[arg(long, value_name = "KEYWORDS")]
    pub role: Option<String>,
    /// Where ("Portland")
    #[arg(long, value_name = "L")]
    pub location: Option<String>,
    /// Weekly targets ("3 new, 2 conversations"; also reached_out, replied, referrals,
    /// opportunities, touches, follow_ups)
    #[arg(long, value_name = "SPEC")]
    pub weekly: Option<String>,
    /// When you mean to get there
    #[arg(long, value_name = "DATE")]
    pub deadline: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum JobCommand {
    /// Track a job opportunity, with the people it came through
    #[command(
        after_help = "Example:\n  warmline job add \"Harbor & Finch\" \"PR Coordinator\" --via \"Ana Lima\""
    )]
    Add {
        /// The organisation
        org: String,
        /// The role ("PR Coordinator")
        role: String,
        /// Someone who referred you (repeatable)
        #[arg(long = "via", value_name = "PERSON")]
        via: Vec<String>,
    },
    /// Record the part a person played: referrer, recruiter, hiring_manager, interviewer, reference
    #[command(after_help = "Example:\n  warmline job person 3 \"Bo Chen\" interviewer")]
    Person {
        /// The job's id (from job list)
        id: String,
        /// Who (id, email or name)
        person: String,
        /// referrer, recruiter, hiring_manager, interviewer or reference
        role: String,
    },
    /// Move a job to a stage: lead, applied, interview, offer, accepted, closed (backwards too)
    #[command(after_help = "Example:\n  warmline job stage 3 interview")]
    Stage {
        /// The job's id (from job list)
        id: String,
        /// lead, applied, interview, offer, accepted or closed
        stage: String,
    },
    /// List job opportunities and what came through people
    #[command(after_help = "Example:\n  warmline job list --json")]
    List,
    /// Correct a job's organisation or role
    #[command(
        after_help = "Example:\n  warmline job edit 3 --org \"Harbor & Finch\" --role \"PR Coordinator\""
    )]
    Edit {
        /// The job's id (from job list)
        id: String,
        /// The organisation (created if new)
        #[arg(long, value_name = "O")]
        org: Option<String>,
        /// The role
        #[arg(long, value_name = "R")]
        role: Option<String>,
    },
    /// Remove a job with its people and stages (undo brings it back)
    #[command(after_help = "Example:\n  warmline job rm 3")]
    Rm {
        /// The job's id (from job list)
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct LinkArgs {
    #[command(subcommand)]
    pub fix: Option<super::LinkFix>,
    /// One person (id, email or name)
    #[arg(required = true)]
    pub person: Option<String>,
    /// The other person
    #[arg(required = true)]
    pub other: Option<String>,
    /// Words past the last one this command takes (a name of several words typed
    /// without quotes): refused with a message that says to quote it.
    #[arg(hide = true, trailing_var_arg = false)]
    pub extra: Vec<String>,
    /// How well they know each other: 1 (have met) to 5 (very close) [default: 3 when new]
    #[arg(long, allow_negative_numbers = true)]
    pub strength: Option<i64>,
    /// How they know each other ("college roommates")
    #[arg(long, value_name = "TEXT")]
    pub how: Option<String>,
}

#[derive(Debug, Args)]
pub struct PathArgs {
    /// A person, or an organisation (several words need no quotes)
    #[arg(required = true, num_args = 1.., value_name = "TARGET")]
    pub target: Vec<String>,
    /// At most this many paths
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=20))]
    pub limit: u16,
}

#[derive(Debug, Args)]
pub struct NeedOfferArgs {
    #[command(subcommand)]
    pub fix: Option<super::NeedOfferFix>,
    /// Who (id, email or name)
    #[arg(required = true)]
    pub person: Option<String>,
    /// What, in a few words
    #[arg(required = true)]
    pub text: Option<String>,
    /// Words past the last one this command takes (a name of several words typed
    /// without quotes): refused with a message that says to quote it.
    #[arg(hide = true, trailing_var_arg = false)]
    pub extra: Vec<String>,
}

#[derive(Debug, Args)]
pub struct GaveArgs {
    /// Who you helped (id, email or name)
    pub person: String,
    /// What you gave ("sent the article on pitching")
    pub text: String,
    /// When [default: today]
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    /// The interaction it was: email, message, coffee, call, video, meeting, intro, other
    #[arg(long, default_value = "other")]
    pub kind: String,
}

#[derive(Debug, Args)]
pub struct MatchesArgs {
    /// At most this many proposals
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Who to compare with (id, email or name; several words need no quotes); leave out to
    /// list everyone you share with
    #[arg(conflicts_with_all = ["category", "value"], num_args = 0.., value_name = "PERSON")]
    pub person: Vec<String>,
    /// hometown, school, hobby, interest or work_history
    #[arg(long, requires = "value", value_name = "C")]
    pub category: Option<String>,
    /// The school, town, employer or pastime to look for ("U of Oregon")
    #[arg(long, requires = "category", value_name = "V")]
    pub value: Option<String>,
}
