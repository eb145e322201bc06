//! Options of the commands that sort a network: `triage` (proposed tiers for people with
//! real ties and no rhythm) and `tier` (a tier for many people at once).

use clap::{Args, ValueEnum};

pub const TRIAGE_HELP: &str = "\
Someone with signs of a real tie (an interaction either way, having met, a goal stage, a
part on a job, a link) and no tier or cadence is proposed a tier from the evidence: how
recent and how often you were in touch, both ways or one, met in person, a goal they fit,
a part on a job. Someone you never exchanged a word with gets no proposal. People wait
here, and `today` says how many, until they get a rhythm or `warmline tier none` leaves
them without one.

Examples:
  warmline triage                  the proposals, best first
  warmline triage --apply          accept every proposal
  warmline triage --apply 12 31    accept those of people #12 and #31
  warmline triage --json --limit 100";

pub const TIER_HELP: &str = "\
Tiers set the keep-in-touch cadence: inner 14, close 30, regular 90, loose 180 days (see
`warmline settings`); an explicit cadence (--every) is replaced by the tier's. `none` leaves
people without a rhythm on purpose: they leave `today` and are not proposed by triage again.
Filters can be combined; people are named by id, email or name, as elsewhere.

Examples:
  warmline tier close dana \"Zoë Park\" 12
  warmline tier regular --tag pr
  warmline tier loose --source linkedin
  warmline tier close --goal \"Break into PR\" --org \"Harbor\"
  warmline tier none 31";

#[derive(Debug, Args)]
pub struct TriageArgs {
    /// List (or with --apply and no ids, accept) at most this many, best first [default: list 50, accept all]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: Option<u32>,
    /// Accept the proposals: all of them, or those of the people whose ids follow
    #[arg(long, num_args = 0.., value_name = "ID")]
    pub apply: Option<Vec<String>>,
}

/// Where people came from, for `tier --source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SourceArg {
    Linkedin,
    Google,
    Vcard,
    Mbox,
    Ics,
}

impl SourceArg {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceArg::Linkedin => "linkedin",
            SourceArg::Google => "google",
            SourceArg::Vcard => "vcard",
            SourceArg::Mbox => "mbox",
            SourceArg::Ics => "ics",
        }
    }
}

#[derive(Debug, Args)]
pub struct TierArgs {
    /// inner, close, regular, loose, or none
    pub tier: String,
    /// Who: ids, emails or names (a name may take several words)
    #[arg(value_name = "PERSON", conflicts_with_all = ["tag", "org", "goal", "source"])]
    pub people: Vec<String>,
    /// Everyone with this tag
    #[arg(long, value_name = "T")]
    pub tag: Option<String>,
    /// Everyone at an organisation whose name contains this
    #[arg(long, value_name = "O")]
    pub org: Option<String>,
    /// Everyone in a goal's pipeline (id or part of the title)
    #[arg(long, value_name = "G")]
    pub goal: Option<String>,
    /// Everyone an import brought in, or with interactions it brought
    #[arg(long, value_enum, value_name = "SOURCE")]
    pub source: Option<SourceArg>,
}
