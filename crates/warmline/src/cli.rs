//! The command line: every command, option and help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod corrections;
mod server;
mod strategy;
mod triage;

pub use corrections::*;
pub use server::*;
pub use strategy::*;
pub use triage::*;

const AFTER_HELP: &str = "\
Naming people: by id (12), email, exact name, or an unambiguous part of the name
(\"zoe\" finds Zoë Park). Dates: YYYY-MM-DD, today, yesterday, 3d (three days ago, or
ahead for due dates) or a weekday name. WARMLINE_TODAY=YYYY-MM-DD pins today.

Start with:  warmline demo          a sample network to look around in
             warmline add \"Dana Lee\" --org \"Acme PR\" --met \"PRSA mixer\"";

#[derive(Debug, Parser)]
#[command(
    name = "warmline",
    version,
    about = "A local-first networking system for job seekers: remember people as people, \
             plan the few things worth doing today, and never let a follow-up slip.",
    after_help = AFTER_HELP,
    max_term_width = 100
)]
pub struct Cli {
    /// The database file [default: $XDG_DATA_HOME/warmline/warmline.db]
    #[arg(long, global = true, env = "WARMLINE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Machine-readable output on stdout (stable keys, no colour)
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add a person
    #[command(
        after_help = "Someone who looks like a person already here (same name, e-mail, phone or LinkedIn\nprofile) is named and not added; --anyway adds a second person.\n\nExample:\n  warmline add \"Dana Lee\" --email dana@acme.com --org \"Acme PR\" \\\n      --title \"Account Director\" --met \"PRSA mixer\" --met-on yesterday --tier close"
    )]
    Add(AddArgs),
    /// Change a person's details (lists such as --email and --tag are added to)
    #[command(
        after_help = "Examples:\n  warmline edit dana --org \"Bright Comms\" --title VP --tag austin\n  warmline edit dana lee --remove-email dana@old.com --remove-phone \"555 0100\" --remove-tag boston"
    )]
    Edit(EditArgs),
    /// Remove a person and what is recorded only about them
    #[command(after_help = "Example:\n  warmline rm \"Dana Lee\" --yes")]
    Rm(RmArgs),
    /// Show everything about a person
    #[command(
        after_help = "Example:\n  warmline show dana\n  warmline show dana lee\n  warmline show 12 --json"
    )]
    Show(PersonArg),
    /// Every interaction with a person, newest first, with the ids that log edit and log rm take
    #[command(after_help = "Example:\n  warmline history dana lee\n  warmline history 12 --json")]
    History(PersonArg),
    /// List people, optionally filtered and sorted
    #[command(
        after_help = "Examples:\n  warmline list --due --sort due\n  warmline list --tag pr --sort warmth\n  warmline list --drifting\n  warmline list --limit 50                (the first fifty)\n  warmline list --limit 50 --offset 50    (the next fifty)"
    )]
    List(ListArgs),
    /// Search names, organisations, notes, facts and interactions
    #[command(after_help = "Examples:\n  warmline find climbing\n  warmline find \"acme austin\"")]
    Find(FindArgs),
    /// Record a personal detail about someone; correct or remove one (fact edit|rm)
    #[command(
        args_conflicts_with_subcommands = true,
        subcommand_negates_reqs = true,
        disable_help_subcommand = true,
        after_help = "Categories: family, hometown, school, hobby, interest, work_history, life_event, other.\n\nExample:\n  warmline fact dana family \"daughter Mia plays soccer\"\n  warmline fact dana life_event \"moved to Austin\" --on 2026-06-01\n  warmline fact edit 4 \"daughter Mia plays chess\"\n  warmline fact rm 4\n\nThe first word decides: edit and rm start a correction, anything else names a person."
    )]
    Fact(FactArgs),
    /// My own profile: facts about me, my email addresses, my LinkedIn
    #[command(subcommand)]
    Me(MeCommand),
    /// Record an interaction with one or more people; correct or remove one (log edit|rm)
    #[command(
        args_conflicts_with_subcommands = true,
        subcommand_negates_reqs = true,
        disable_help_subcommand = true,
        after_help = "Examples:\n  warmline log dana \"coffee: talked about the Austin move\" --kind coffee\n  warmline log \"dana,sam\" \"intro call\" --kind call --on yesterday --follow-up 3d\n  warmline log dana \"sent my portfolio\" --kind email --promise \"send the case study\"\n  warmline log edit 12 --on yesterday        warmline log rm 12\n\nThe first word decides: edit and rm start a correction, anything else names a person.\nSomeone whose name is just \"Edit\" is named by more of the name (\"Edit Smith\") or by id."
    )]
    Log(LogArgs),
    /// The few things worth doing today, within a time budget
    #[command(
        after_help = "Examples:\n  warmline today\n  warmline today --minutes 45\n  WARMLINE_TODAY=2026-12-01 warmline today    (plan ahead)"
    )]
    Today {
        /// How many minutes you have [default: the time budget in settings, 20]
        #[arg(long, short, allow_negative_numbers = true)]
        minutes: Option<i64>,
    },
    /// Check off an item of today's plan (f12, k7, ...): closes the follow-up or logs the touch
    #[command(
        after_help = "What happened is logged in your words; without them a plain account of the act\n(\"kept in touch\", \"birthday wishes\") is logged, never the plan's advice.\n\nExamples:\n  warmline done f12\n  warmline done k7 she starts at Acme in March, wants an intro to their PR lead"
    )]
    Done {
        /// The item's id, as `today` shows it
        item: String,
        /// What happened, in your words (several words need no quotes)
        #[arg(value_name = "WHAT HAPPENED")]
        what: Vec<String>,
    },
    /// Meetings and events ahead: booked meetings count from their day on
    #[command(
        after_help = "A meeting dated after today (a calendar import, log --on or log edit --on a later\nday) is scheduled: it shows here and as a prep item on its day (and the day before when\nthere is time), and counts toward nothing until its day. An event added ahead (event add\n--on) shows here and gets a prep item the same way.\n\nExamples:\n  warmline upcoming\n  warmline upcoming --days 30\n  warmline log dana \"coffee at Blue Bottle\" --kind coffee --on 2026-12-09"
    )]
    Upcoming {
        /// How many days ahead
        #[arg(long, default_value_t = 14, allow_negative_numbers = true)]
        days: i64,
    },
    /// Today's digest: the plan and the week's meetings, printed, or sent by e-mail
    #[command(after_help = DIGEST_HELP)]
    Digest(DigestArgs),
    /// Touches, new people and follow-ups per week; streak; follow-up latency; reply rate
    #[command(after_help = "Example:\n  warmline stats --weeks 12")]
    Stats {
        /// How many weeks back
        #[arg(long, default_value_t = 8, allow_negative_numbers = true)]
        weeks: i64,
    },
    /// The weekly review: last week against your targets, who went cold, what falls due
    #[command(after_help = "Example:\n  warmline review\n  warmline review --json")]
    Review,
    /// Write a personal follow-up message to copy (nothing is sent)
    #[command(after_help = "Example:\n  warmline draft dana")]
    Draft(PersonArg),
    /// Show or change settings: targets, cadences, rest days, templates
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Follow-ups: add, list, done, snooze, cancel
    #[command(subcommand)]
    Followup(FollowupCommand),
    /// Organisations
    #[command(subcommand)]
    Org(OrgCommand),
    /// Events where you meet people
    #[command(subcommand)]
    Event(EventCommand),
    /// Goals: a purpose, a target profile, a pipeline of people, a weekly pace
    #[command(
        subcommand,
        after_help = "Examples:\n  warmline goal add \"Break into PR\" --industry \"public relations\" --size boutique \\\n      --role \"coordinator, account executive\" --location Portland --weekly \"3 new, 2 conversations\"\n  warmline goal candidates pr\n  warmline goal stage dana pr identified\n  warmline goal show pr"
    )]
    Goal(GoalCommand),
    /// Job opportunities and the people who led to them
    #[command(
        subcommand,
        after_help = "Examples:\n  warmline job add \"Harbor & Finch\" \"PR Coordinator\" --via dana\n  warmline job stage 1 interview\n  warmline job list"
    )]
    Job(JobCommand),
    /// Record that two people know each other; remove a link (link rm)
    #[command(
        args_conflicts_with_subcommands = true,
        subcommand_negates_reqs = true,
        disable_help_subcommand = true,
        after_help = "Example:\n  warmline link dana zoe --strength 4 --how \"worked together at Acme\"\n  warmline link rm dana zoe\n\nThe first word decides: rm starts a removal, anything else names a person."
    )]
    Link(LinkArgs),
    /// Who can introduce you to a person, or to someone at an organisation
    #[command(
        after_help = "Examples:\n  warmline path \"Harbor & Finch\"\n  warmline path zoe --json"
    )]
    Path(PathArgs),
    /// Record something a person needs (a chance to help); mark one done or remove it
    #[command(
        args_conflicts_with_subcommands = true,
        subcommand_negates_reqs = true,
        disable_help_subcommand = true,
        after_help = "Example:\n  warmline need tom \"hiring a UX designer\"\n  warmline need done 3\n  warmline need rm 3\n\nThe first word decides: done and rm start a correction, anything else names a person."
    )]
    Need(NeedOfferArgs),
    /// Record something a person offers; mark one done or remove it
    #[command(
        args_conflicts_with_subcommands = true,
        subcommand_negates_reqs = true,
        disable_help_subcommand = true,
        after_help = "Example:\n  warmline offer morgan \"portfolio reviews for designers\"\n  warmline offer done 5\n  warmline offer rm 5\n\nThe first word decides: done and rm start a correction, anything else names a person."
    )]
    Offer(NeedOfferArgs),
    /// Record help you gave someone (logged as an interaction too)
    #[command(
        after_help = "Example:\n  warmline gave dana \"sent the article on pitching\" --kind email"
    )]
    Gave(GaveArgs),
    /// Introductions worth making: where one person's need meets another's offer or profile
    #[command(after_help = "Example:\n  warmline matches --limit 10")]
    Matches(MatchesArgs),
    /// What you share with a person, or who shares a school, hometown or hobby with you
    #[command(
        after_help = "Examples:\n  warmline common dana\n  warmline common --category school --value \"U of Oregon\"\n  warmline common"
    )]
    Common(CommonArgs),
    /// A brief before meeting someone: who they are, what is open, what to ask
    #[command(after_help = "Example:\n  warmline prep dana")]
    Prep(PersonArg),
    /// Bring people and interactions in from LinkedIn, Google, vCard, mbox, iCalendar or a backup
    #[command(after_help = IMPORT_HELP)]
    Import(ImportArgs),
    /// Write everyone out as vCard, CSV, a JSON backup, or a calendar of what falls due
    #[command(after_help = EXPORT_HELP)]
    Export(ExportArgs),
    /// Proposed tiers for people you have been in touch with who have no rhythm yet
    #[command(after_help = TRIAGE_HELP)]
    Triage(TriageArgs),
    /// Set a tier for people named, or for everyone with a tag, organisation, goal or source
    #[command(after_help = TIER_HELP)]
    Tier(TierArgs),
    /// List people who are probably the same person twice
    #[command(
        after_help = "Example:\n  warmline dupes\n  warmline merge 12 31     (then fold one into the other)"
    )]
    Dupes,
    /// Fold the second person into the first, with everything attached to them
    #[command(after_help = "Example:\n  warmline merge \"Dana Lee\" \"dana lee (acme)\" --yes")]
    Merge(MergeArgs),
    /// Copy the database to a file, safely even while warmline is running
    #[command(
        after_help = "Without FILE, the copy goes to $XDG_DATA_HOME/warmline/backups/warmline-DATE.db.\n\nExample:\n  warmline backup ~/Dropbox/warmline.db"
    )]
    Backup(BackupArgs),
    /// Replace the database with a backup (the current one is kept beside it)
    #[command(after_help = "Example:\n  warmline restore ~/Dropbox/warmline.db --yes")]
    Restore(RestoreArgs),
    /// Serve the web UI on this computer (http://127.0.0.1:7878 unless told otherwise)
    #[command(
        after_help = "Pages: / (today), /people, /people/new, /people/ID, /insights, /settings, and more.\nIt listens on loopback only (any 127.x.y.z or ::1): there is no login. From another device,\ntunnel to it: ssh -L 7878:127.0.0.1:7878 THIS-COMPUTER.\n\nExample:\n  warmline serve\n  warmline serve --port 8080"
    )]
    Serve(ServeArgs),
    /// Hosted mode: the web UI for many accounts, each with its own database, behind a login
    Server(ServerArgs),
    /// Passwords for devices that sync over CardDAV and CalDAV (a phone, a calendar app)
    #[command(subcommand, name = "app-password")]
    AppPassword(AppPasswordCommand),
    /// Build a realistic sample network in its own database, tour it, and serve it
    #[command(
        after_help = "Example:\n  warmline demo\n  warmline demo --size 1000 --db /tmp/big.db --no-serve"
    )]
    Demo(DemoArgs),
    /// Measure what following `today` does: a synthetic network lived through on a
    /// throwaway database, under one policy or all three compared
    #[command(after_help = SIMULATE_HELP)]
    Simulate(SimulateArgs),
    /// Put back what a removal took (the latest, or the one named); removals are kept a day
    #[command(
        after_help = "Every removal prints its undo, e.g. \"removed interaction #12 ... (undo: warmline undo 7)\".\n\nExamples:\n  warmline undo\n  warmline undo 7\n  warmline undo --list"
    )]
    Undo(UndoArgs),
    /// Check the database file: SQLite's integrity check and what it holds
    #[command(after_help = "Example:\n  warmline check\n  warmline --db backup.db check --json")]
    Check,
    /// Print a shell completion script
    #[command(
        after_help = "Example:\n  warmline completions bash > ~/.local/share/bash-completion/completions/warmline"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args, Default)]
pub struct PersonOpts {
    /// An email address (repeatable)
    #[arg(long = "email", value_name = "E")]
    pub emails: Vec<String>,
    /// A phone number (repeatable)
    #[arg(long = "phone", value_name = "P")]
    pub phones: Vec<String>,
    /// Current organisation
    #[arg(long, value_name = "ORG")]
    pub org: Option<String>,
    /// Current job title
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// How or where you met ("PRSA mixer", "Sam's wedding")
    #[arg(long, value_name = "CONTEXT")]
    pub met: Option<String>,
    /// When you met
    #[arg(long, value_name = "DATE")]
    pub met_on: Option<String>,
    /// The event where you met (by id or name; sets the meeting date too)
    #[arg(long, value_name = "EVENT")]
    pub event: Option<String>,
    /// A tag (repeatable)
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
    /// Keep in touch every DAYS days
    #[arg(
        long,
        value_name = "DAYS",
        conflicts_with = "tier",
        allow_negative_numbers = true
    )]
    pub every: Option<i64>,
    /// How close the tie is; sets the default cadence (inner 14, close 30, regular 90, loose 180 days)
    #[arg(long, value_enum)]
    pub tier: Option<TierArg>,
    /// LinkedIn profile address
    #[arg(long, value_name = "URL")]
    pub linkedin: Option<String>,
    /// Personal website
    #[arg(long, value_name = "URL")]
    pub website: Option<String>,
    /// Where they live or work
    #[arg(long, value_name = "PLACE")]
    pub location: Option<String>,
    /// Birthday: YYYY-MM-DD, or --MM-DD without the year
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub birthday: Option<String>,
    /// A note (appended on edit)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Given (first) name, as address books keep it; "" clears it on edit
    #[arg(long, value_name = "NAME")]
    pub given: Option<String>,
    /// Family (last) name, as address books keep it; "" clears it on edit
    #[arg(long, value_name = "NAME")]
    pub family: Option<String>,
    /// Middle name(s); "" clears on edit
    #[arg(long, value_name = "NAME")]
    pub middle: Option<String>,
    /// What comes before the name ("Dr.", "Mr."); "" clears on edit
    #[arg(long, value_name = "TEXT")]
    pub prefix: Option<String>,
    /// What comes after the name ("Jr.", "PhD"); "" clears on edit
    #[arg(long, value_name = "TEXT")]
    pub suffix: Option<String>,
}

impl PersonOpts {
    /// The name parts given, each with its value ("" to clear).
    pub fn name_parts(&self) -> Vec<(warmline_core::name_parts::Part, String)> {
        use warmline_core::name_parts::Part;
        [
            (Part::Family, &self.family),
            (Part::Given, &self.given),
            (Part::Middle, &self.middle),
            (Part::Prefix, &self.prefix),
            (Part::Suffix, &self.suffix),
        ]
        .into_iter()
        .filter_map(|(part, v)| v.clone().map(|v| (part, v)))
        .collect()
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TierArg {
    Inner,
    Close,
    Regular,
    Loose,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Full name
    pub name: String,
    /// Add them even if they look like someone already here (same name, e-mail, phone or
    /// LinkedIn profile)
    #[arg(long)]
    pub anyway: bool,
    #[command(flatten)]
    pub opts: PersonOpts,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// Who (id, email or name; several words need no quotes)
    #[arg(required = true, num_args = 1.., value_name = "PERSON")]
    pub person: Vec<String>,
    /// A new name
    #[arg(long)]
    pub name: Option<String>,
    /// Remove a tag (repeatable)
    #[arg(long = "remove-tag", value_name = "T")]
    pub remove_tags: Vec<String>,
    /// Remove an email address (repeatable)
    #[arg(long = "remove-email", value_name = "E")]
    pub remove_emails: Vec<String>,
    /// Remove a phone number (repeatable)
    #[arg(long = "remove-phone", value_name = "P")]
    pub remove_phones: Vec<String>,
    /// Forget their birthday
    #[arg(long = "clear-birthday", conflicts_with = "birthday")]
    pub clear_birthday: bool,
    /// Forget the day you met
    #[arg(long = "clear-met-on", conflicts_with = "met_on")]
    pub clear_met_on: bool,
    #[command(flatten)]
    pub opts: PersonOpts,
}

#[derive(Debug, Args)]
pub struct RmArgs {
    /// Who (id, email or name; several words need no quotes)
    #[arg(required = true, num_args = 1.., value_name = "PERSON")]
    pub person: Vec<String>,
    /// Do not ask for confirmation
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct PersonArg {
    /// Who (id, email or name; several words need no quotes: dana lee)
    #[arg(required = true, num_args = 1.., value_name = "PERSON")]
    pub person: Vec<String>,
}

/// A person named in several words (`warmline show dana lee`), as one name.
pub fn joined(words: &[String]) -> String {
    words.join(" ")
}

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum SortArg {
    #[default]
    Name,
    Warmth,
    Due,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only people with this tag
    #[arg(long)]
    pub tag: Option<String>,
    /// Only people at an organisation whose name contains this
    #[arg(long)]
    pub org: Option<String>,
    /// Only people due for keeping in touch
    #[arg(long)]
    pub due: bool,
    /// Only ties that were warm in the past year and are cooling now
    #[arg(long)]
    pub drifting: bool,
    /// Order of the list
    #[arg(long, value_enum, default_value_t = SortArg::Name)]
    pub sort: SortArg,
    /// Show at most N people [default: everyone]
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub limit: Option<String>,
    /// Skip the first N people of the list
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub offset: Option<String>,
}

#[derive(Debug, Args)]
pub struct FindArgs {
    /// Words to search for (each may be the start of a word)
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// At most this many results
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct FactArgs {
    #[command(subcommand)]
    pub fix: Option<FactFix>,
    /// Who (id, email or name)
    #[arg(required = true)]
    pub person: Option<String>,
    /// family, hometown, school, hobby, interest, work_history, life_event or other
    #[arg(required = true)]
    pub category: Option<String>,
    /// The detail
    #[arg(required = true)]
    pub text: Option<String>,
    /// Words past the last one this command takes (a name of several words typed
    /// without quotes): refused with a message that says to quote it.
    #[arg(hide = true, trailing_var_arg = false)]
    pub extra: Vec<String>,
    /// When it happened or was true
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum MeCommand {
    /// Record a fact about me (what `common` compares)
    #[command(after_help = "Example:\n  warmline me fact school \"University of Oregon\"")]
    Fact {
        category: String,
        text: String,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Add one of my email addresses (mail from it counts as mine)
    #[command(after_help = "Example:\n  warmline me email sam@example.com")]
    Email { address: String },
    /// Set my LinkedIn profile address
    #[command(
        after_help = "Example:\n  warmline me linkedin https://www.linkedin.com/in/sam-rivera"
    )]
    Linkedin { url: String },
    /// Set my name
    #[command(after_help = "Example:\n  warmline me name \"Sam Rivera\"")]
    Name { name: String },
    /// Something I can offer others (the matchmaker proposes who needs it)
    #[command(after_help = "Example:\n  warmline me offer \"happy to proofread press releases\"")]
    Offer { text: String },
    /// Something I need (the matchmaker proposes who could help)
    #[command(
        after_help = "Example:\n  warmline me need \"an entry-level role at a boutique PR firm\""
    )]
    Need { text: String },
    /// Show my profile
    #[command(after_help = "Example:\n  warmline me show")]
    Show,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    #[command(subcommand)]
    pub fix: Option<LogFix>,
    /// Who: one person, or several separated by commas
    #[arg(required = true)]
    pub people: Option<String>,
    /// What happened, in a line
    #[arg(required = true)]
    pub summary: Option<String>,
    /// Words past the last one this command takes (a name of several words typed
    /// without quotes): refused with a message that says to quote it.
    #[arg(hide = true, trailing_var_arg = false)]
    pub extra: Vec<String>,
    /// coffee, call, video, email, message, meeting, event, intro or other
    #[arg(long, default_value = "other")]
    pub kind: String,
    /// When it happened [default: today]
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    /// Longer notes
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,
    /// Add a follow-up due in DAYS days or on DATE
    #[arg(long, value_name = "DAYS|DATE")]
    pub follow_up: Option<String>,
    /// Something you promised (becomes a follow-up, due with --follow-up or in 3 days)
    #[arg(long, value_name = "TEXT")]
    pub promise: Option<String>,
    /// They started it (an inbound touch)
    #[arg(long, conflicts_with = "mutual")]
    pub they_reached_out: bool,
    /// Neither side started it (a meeting arranged together)
    #[arg(long)]
    pub mutual: bool,
}

#[derive(Debug, Subcommand)]
pub enum FollowupCommand {
    /// Add a follow-up
    #[command(
        after_help = "Example:\n  warmline followup add dana \"send the case study\" --due 3d"
    )]
    Add {
        person: String,
        text: String,
        /// When it is due: DAYS ahead or a DATE
        #[arg(long, value_name = "DATE|DAYS")]
        due: String,
    },
    /// List follow-ups still to do (or all with --all, or only the overdue with --overdue)
    #[command(
        after_help = "Examples:\n  warmline followup list                        (the first fifty still to do)\n  warmline followup list --overdue              (due today or earlier, promises first)\n  warmline followup list --limit 50 --offset 50 (the next fifty)\n  warmline followup list --all --json           (every follow-up; --json lists all unless --limit)"
    )]
    List {
        /// Every follow-up, done and cancelled too
        #[arg(long, conflicts_with = "overdue")]
        all: bool,
        /// Only those due today or earlier, promises first, the oldest first
        #[arg(long)]
        overdue: bool,
        /// Show at most N [default: 50, or all with --json]
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        limit: Option<String>,
        /// Skip the first N of the list
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        offset: Option<String>,
    },
    /// Mark a follow-up done
    #[command(after_help = "Example:\n  warmline followup done 12")]
    Done { id: i64 },
    /// Push a follow-up DAYS days past today, or every overdue one with --overdue DAYS
    #[command(
        after_help = "Examples:\n  warmline followup snooze 12 3\n  warmline followup snooze --overdue 7    (every follow-up due today or earlier moves to a week from today)"
    )]
    Snooze {
        #[arg(required_unless_present = "overdue")]
        id: Option<i64>,
        #[arg(required_unless_present = "overdue", allow_hyphen_values = true)]
        days: Option<i64>,
        /// Snooze every follow-up due today or earlier DAYS days past today
        #[arg(long, value_name = "DAYS", conflicts_with_all = ["id", "days"], allow_hyphen_values = true)]
        overdue: Option<i64>,
    },
    /// Cancel a follow-up, or with --overdue --older-than DAYS every one overdue that long
    #[command(
        after_help = "Examples:\n  warmline followup cancel 12\n  warmline followup cancel --overdue --older-than 90    (give up the ones due over 90 days ago)\n\nCancelled follow-ups stay in the record: warmline followup list --all shows them."
    )]
    Cancel {
        #[arg(required_unless_present = "overdue")]
        id: Option<i64>,
        /// Cancel every pending follow-up overdue by more than --older-than DAYS
        #[arg(long, requires = "older_than", conflicts_with = "id")]
        overdue: bool,
        /// With --overdue: how many days overdue a follow-up must be to be cancelled
        #[arg(
            long,
            value_name = "DAYS",
            requires = "overdue",
            allow_hyphen_values = true
        )]
        older_than: Option<i64>,
    },
    /// Correct a follow-up's text or due date
    #[command(
        after_help = "Example:\n  warmline followup edit 12 --text \"send the case study\" --due friday"
    )]
    Edit {
        /// The follow-up's id (followup list shows them)
        id: String,
        /// What to do
        #[arg(long, value_name = "T")]
        text: Option<String>,
        /// When it is due: DAYS ahead or a DATE
        #[arg(long, value_name = "DATE|DAYS")]
        due: Option<String>,
    },
    /// Remove a follow-up (cancel keeps it in the record; undo brings it back)
    #[command(after_help = "Example:\n  warmline followup rm 12")]
    Rm {
        /// The follow-up's id (followup list --all shows them)
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AppPasswordCommand {
    /// Make a password for a device and print it, once
    #[command(
        after_help = "The device signs in to http://127.0.0.1:7878/dav/ (warmline serve) with any user name\nand this password. It is stored hashed: write it down now or make another.\n\nExample:\n  warmline app-password add phone"
    )]
    Add {
        /// The device's name, to recognise and revoke it later
        name: String,
    },
    /// List the devices' passwords: name, when made, when last used
    #[command(after_help = "Example:\n  warmline app-password list --json")]
    List,
    /// Revoke a device's password: the device can no longer sync
    #[command(after_help = "Example:\n  warmline app-password rm phone")]
    Rm {
        /// The device's name
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Show every setting
    #[command(after_help = "Example:\n  warmline settings show")]
    Show,
    /// Change a setting
    #[command(after_help = SETTINGS_HELP)]
    Set {
        /// The setting's name
        key: String,
        /// The new value
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
}

const SETTINGS_HELP: &str = "\
Settings:
  time_budget_minutes N        minutes `today` plans for (20)
  after_event_days N           days after meeting someone new that the follow-up falls due (2)
  birthday_days_ahead N        days before a birthday that `today` lists it, 0 to 30 (0: on the day)
  daily_touches N              touches a day to aim for (3)
  weekly_new_people N          new people a week to aim for (2)
  weekly_follow_ups N          follow-ups a week to aim for (3)
  rest_days DAYS               days that neither extend nor break a streak, e.g. sat,sun (none)
  cadence.TIER N               default cadence of a tier: inner 14, close 30, regular 90, loose 180
  default_tier TIER|none       the tier a person added by hand gets (regular)
  template.SITUATION[.subject] a draft template: just_met, open_promise, long_silence, check_in
                               (use `default` as the value to go back to the built-in one)

Example:
  warmline settings set cadence.close 21
  warmline settings set template.check_in \"Hi {first_name}, {question}\"";

#[derive(Debug, Args, Default)]
pub struct OrgOpts {
    #[arg(long)]
    pub industry: Option<String>,
    /// Size class: solo, boutique, startup, mid, large (or your own word)
    #[arg(long)]
    pub size: Option<String>,
    #[arg(long)]
    pub location: Option<String>,
    #[arg(long)]
    pub website: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Add an organisation
    #[command(
        after_help = "Example:\n  warmline org add \"Bright Comms\" --industry \"public relations\" --size boutique --location Portland"
    )]
    Add {
        name: String,
        #[command(flatten)]
        opts: OrgOpts,
    },
    /// Change an organisation's details, or rename it
    #[command(
        after_help = "A new name must be the organisation's own: renaming onto another's name is refused.\n\nExample:\n  warmline org edit \"Bright Comms\" --size boutique\n  warmline org edit \"Acme Pr\" --name \"Acme PR\""
    )]
    Edit {
        /// The organisation (id or name)
        org: String,
        /// A new name
        #[arg(long = "name", value_name = "NEW")]
        new_name: Option<String>,
        #[command(flatten)]
        opts: OrgOpts,
    },
    /// Remove an organisation: the people there stay, without it (undo brings it back)
    #[command(
        after_help = "People keep their title; their work history there goes with it. An organisation\nwith jobs is refused until the jobs are moved (job edit ID --org) or removed.\n\nExample:\n  warmline org rm \"Acme Cloud\""
    )]
    Rm {
        /// The organisation (id or name)
        org: String,
    },
    /// Show an organisation and the people there
    #[command(after_help = "Example:\n  warmline org show bright")]
    Show { name: String },
    /// List organisations
    #[command(after_help = "Example:\n  warmline org list")]
    List,
}

#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// Add an event (one ahead gets a prep item on its day, and the day before)
    #[command(
        after_help = "Example:\n  warmline event add \"PRSA mixer\" --on 2026-11-20 --location Portland"
    )]
    Add {
        name: String,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        #[arg(long)]
        location: Option<String>,
    },
    /// Show an event and the people met there
    #[command(after_help = "Example:\n  warmline event show \"PRSA mixer\"")]
    Show { event: String },
    /// List events
    #[command(after_help = "Example:\n  warmline event list")]
    List,
    /// Remove an event: the people met there stay, without it (undo brings it back)
    #[command(after_help = "Example:\n  warmline event rm \"PRSA mixer\"")]
    Rm {
        /// The event (id or name)
        event: String,
    },
}

const IMPORT_HELP: &str = "\
Formats:
  linkedin  Connections.csv, messages.csv, or the whole export (its folder or .zip)
  google    a contacts CSV: Google's (either layout), Outlook's, or warmline's own export csv
  vcard     a .vcf file (vCard 2.1, 3.0 or 4.0; several cards a file)
  mbox      a mail archive (Gmail Takeout): an email interaction per thread and day with
            each contact on it; `warmline me email ADDRESS` tells which side is yours
  ics       a calendar: meetings with contacts on them, series expanded from 1970 to 90
            days ahead, at most 10,000 meetings a file; cancelled events are not meetings;
            imported again, the file's meetings ahead that it no longer holds are cancelled
  json      a backup written by `warmline export json`

People already known (same LinkedIn profile, e-mail, phone or vCard UID) are updated, not
duplicated: new e-mails, phones, tags and notes are added and empty fields filled; what is
there stays unless --overwrite. A shared e-mail or phone alone never joins two plainly
different names (the report says who shares what). Importing the same file twice changes
nothing. A file with an error imports nothing and the error names the line; --skip-bad
imports the rest and lists each record left out. Dates before 1970 or more than a year
ahead are reported and left out. With --json the answer is JSON, errors included.

Examples:
  warmline import linkedin ~/Downloads/Basic_LinkedInDataExport.zip --dry-run
  warmline import vcard contacts.vcf
  warmline import vcard contacts.vcf --skip-bad
  warmline import ics ~/Downloads/calendar.ics
  warmline import mbox ~/Takeout/Mail/All\\ mail.mbox";

const EXPORT_HELP: &str = "\
Formats:
  vcard  vCard 4.0, a stable UID on every card (address books update instead of duplicating)
  csv    a row per person; cells that a spreadsheet would run as a formula are neutralised
  json   everything, losslessly: `warmline import json` restores it
  ics    pending follow-ups and keep-in-touch dates as all-day events (or --todos)

Examples:
  warmline export vcard -o contacts.vcf
  warmline export json -o warmline-backup.json
  warmline export ics --todos > warmline.ics";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    Linkedin,
    Google,
    Vcard,
    Mbox,
    Ics,
    Json,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What kind of file
    #[arg(value_enum)]
    pub format: ImportFormat,
    /// The file (for linkedin also the export's folder or .zip)
    pub path: PathBuf,
    /// Show what would be added and updated; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Let imported values replace what is stored (names, jobs, places, links)
    #[arg(long)]
    pub overwrite: bool,
    /// Import the readable records and list each bad one with its line (without it, a
    /// file with a bad record is refused whole)
    #[arg(long)]
    pub skip_bad: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Vcard,
    Csv,
    Json,
    Ics,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to write
    #[arg(value_enum)]
    pub format: ExportFormat,
    /// The file to write (replaced whole, never half-written) [default: stdout]
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// ics: write to-dos instead of all-day events
    #[arg(long)]
    pub todos: bool,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Who stays (id, email or name)
    pub keep: String,
    /// Who is folded into them and removed
    pub other: String,
    /// Do not ask for confirmation
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy
    pub file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to restore (a file written by `warmline backup`)
    pub file: PathBuf,
    /// Do not ask for confirmation
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many people the sample network holds
    #[arg(long, default_value_t = 120)]
    pub size: usize,
    /// Build the database and print the tour without serving it
    #[arg(long)]
    pub no_serve: bool,
    /// The port to serve on; when it is taken, any free port is used instead
    #[arg(long, default_value_t = 7878)]
    pub port: u16,
}

const SIMULATE_HELP: &str = "\
Policies: warmline (does today's items in order, within the minutes), overdue (a reminder
when a keep-in-touch date passes, oldest first, nothing else) and bursts (no tool: the same
minutes saved up for a sitting every three weeks). Without --policy, all three run on the
same seed and a table compares them. Nothing touches your own database.

Examples:
  warmline simulate --people 300 --days 180 --minutes 20
  warmline simulate --policy warmline --people 40 --days 30 --seed 7 --json
  warmline simulate --people 300 --out sim-300";

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// People in the network at the start (events bring more)
    #[arg(long, default_value_t = 300)]
    pub people: usize,
    /// Days to simulate
    #[arg(long, default_value_t = 180)]
    pub days: u32,
    /// Minutes a day the simulated user has
    #[arg(long, default_value_t = 20)]
    pub minutes: u32,
    /// One policy: warmline, overdue or bursts [default: all three, compared]
    #[arg(long, value_name = "POLICY")]
    pub policy: Option<String>,
    /// Run all three policies and compare them (the default without --policy)
    #[arg(long, conflicts_with = "policy")]
    pub compare: bool,
    /// The seed: the same seed gives the same run
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write the table (Markdown and CSV) and SVG charts to this folder
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    pub bind: std::net::IpAddr,
    /// The port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 7878)]
    pub port: u16,
    /// No longer accepted: without a login, serving beyond this computer would hand your
    /// network to anyone who can reach it (the command says what to do instead)
    #[arg(long)]
    pub allow_remote: bool,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    /// Every command a person can run shows an example in its --help.
    #[test]
    fn every_command_has_an_example() {
        fn walk(cmd: &clap::Command, path: String, missing: &mut Vec<String>) {
            let subs: Vec<&clap::Command> = cmd
                .get_subcommands()
                .filter(|c| c.get_name() != "help")
                .collect();
            if subs.is_empty() {
                let help = cmd
                    .get_after_help()
                    .map(|h| h.to_string())
                    .unwrap_or_default();
                if !help.contains("Example") {
                    missing.push(path);
                }
                return;
            }
            for sub in subs {
                walk(sub, format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "warmline".into(), &mut missing);
        assert!(
            missing.is_empty(),
            "commands without an example in --help: {missing:?}"
        );
        Cli::command().debug_assert();
    }
}

const DIGEST_HELP: &str = "Without --to it prints the digest. With --to and --smtp it sends it (plain text with an\nHTML alternative), trying up to three times when the server refuses for now; if it\ncannot, it says why on one line and exits with status 1.\n\nSMTP addresses: smtp://HOST:PORT (no TLS: a relay on this host), smtp+starttls://HOST:PORT,\nsmtps://HOST:PORT; a user and password go before the host (smtps://USER:PASS@HOST).\n\nExamples:\n  warmline digest\n  warmline digest --to me@example.org --smtp smtp+starttls://mail.example.org:587\n  crontab: 30 7 * * 1-5  warmline digest --to me@example.org --smtp smtp://127.0.0.1:25";

#[derive(Debug, Args)]
pub struct DigestArgs {
    /// Send it to this address (needs --smtp)
    #[arg(long, value_name = "ADDRESS", requires = "smtp")]
    pub to: Option<String>,
    /// The SMTP server to send through
    #[arg(long, env = "WARMLINE_SMTP", value_name = "URL")]
    pub smtp: Option<String>,
    /// The sender's address (the recipient's unless told)
    #[arg(long, value_name = "ADDRESS")]
    pub from: Option<String>,
    /// Where `warmline serve` is reached, for the links
    #[arg(
        long,
        env = "WARMLINE_URL",
        default_value = "http://127.0.0.1:7878",
        value_name = "BASE"
    )]
    pub url: String,
}
