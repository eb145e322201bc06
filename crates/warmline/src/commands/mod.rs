//! One module per group of commands. Each reads its arguments, calls the store and core,
//! and renders text or JSON.

pub mod app_password;
mod backup;
mod connect;
mod corrections;
mod digest;
mod draft;
mod dupes;
mod event;
mod export;
mod facts;
mod followup;
mod give;
mod goal;
mod history;
mod import;
mod import_report;
mod insights;
mod job;
mod log;
mod org;
mod path;
mod people;
pub mod serve;
mod server;
mod settings;
mod show;
mod simulate;
mod simulate_out;
mod today;
mod triage;
mod undo;
mod upcoming;

use std::io::IsTerminal;

use anyhow::{Result, bail};
use clap::CommandFactory;

use crate::cli::{Cli, Command};
use crate::context::Ctx;

pub fn run(cli: Cli) -> Result<()> {
    if let Command::Completions { shell } = cli.command {
        let mut cmd = Cli::command();
        clap_complete::generate(shell, &mut cmd, "warmline", &mut std::io::stdout());
        return Ok(());
    }
    if let Command::Demo(args) = &cli.command {
        return crate::demo::run(cli.db.as_deref(), args, cli.json);
    }
    if let Command::Simulate(args) = &cli.command {
        return simulate::simulate(args, cli.json);
    }
    if let Command::Serve(args) = &cli.command {
        return serve::serve(cli.db.as_deref(), args);
    }
    if let Command::Server(args) = &cli.command {
        return server::run(args, cli.json);
    }
    if let Command::Restore(args) = &cli.command {
        return backup::restore(cli.db.as_deref(), args, cli.json);
    }
    let ctx = Ctx::open(cli.db.as_deref(), cli.json)?;
    match cli.command {
        Command::Add(args) => people::add(&ctx, args),
        Command::Edit(args) => people::edit(&ctx, args),
        Command::Rm(args) => people::rm(&ctx, args),
        Command::Show(args) => show::show(&ctx, &args.person),
        Command::History(args) => history::history(&ctx, &args.person),
        Command::List(args) => people::list(&ctx, args),
        Command::Find(args) => people::find(&ctx, args),
        Command::Fact(args) => facts::fact(&ctx, args),
        Command::Me(cmd) => facts::me(&ctx, cmd),
        Command::Log(args) => log::log(&ctx, args),
        Command::Today { minutes } => today::today(&ctx, minutes),
        Command::Done { item, what } => today::done(&ctx, &item, &what),
        Command::Upcoming { days } => upcoming::upcoming(&ctx, days),
        Command::Digest(args) => digest::digest(&ctx, &args),
        Command::Stats { weeks } => insights::stats(&ctx, weeks),
        Command::Review => insights::review(&ctx),
        Command::Draft(args) => draft::draft(&ctx, &args.person),
        Command::Settings(cmd) => settings::run(&ctx, cmd),
        Command::AppPassword(cmd) => app_password::run(&ctx, &cmd),
        Command::Followup(cmd) => followup::run(&ctx, cmd),
        Command::Org(cmd) => org::run(&ctx, cmd),
        Command::Event(cmd) => event::run(&ctx, cmd),
        Command::Goal(cmd) => goal::run(&ctx, cmd),
        Command::Job(cmd) => job::run(&ctx, cmd),
        Command::Link(args) => path::link(&ctx, args),
        Command::Path(args) => path::path(&ctx, args),
        Command::Need(args) => give::need_offer(&ctx, args, warmline_store::NeedOrOffer::Need),
        Command::Offer(args) => give::need_offer(&ctx, args, warmline_store::NeedOrOffer::Offer),
        Command::Gave(args) => give::gave(&ctx, args),
        Command::Matches(args) => give::matches(&ctx, args),
        Command::Common(args) => connect::common(&ctx, args),
        Command::Prep(args) => connect::prep_cmd(&ctx, &args.person),
        Command::Import(args) => import::import(&ctx, &args),
        Command::Export(args) => export::export(&ctx, &args),
        Command::Triage(args) => triage::triage(&ctx, args),
        Command::Tier(args) => triage::tier(&ctx, args),
        Command::Dupes => dupes::dupes(&ctx),
        Command::Merge(args) => dupes::merge(&ctx, &args),
        Command::Backup(args) => backup::backup(&ctx, args.file.as_deref()),
        Command::Undo(args) => undo::undo(&ctx, args),
        Command::Check => check(&ctx),
        Command::Demo(_)
        | Command::Simulate(_)
        | Command::Serve(_)
        | Command::Completions { .. }
        | Command::Restore(_)
        | Command::Server(_) => Ok(()),
    }
}

/// Asks a yes/no question on the terminal; without a terminal, refuses unless `yes`.
pub fn confirm(question: &str, yes: bool) -> Result<bool> {
    if yes {
        return Ok(true);
    }
    if !std::io::stdin().is_terminal() {
        bail!("{question} — not asking without a terminal: add --yes");
    }
    eprint!("{question} [y/N] ");
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}

/// A confirmation line on stderr-free stdout, or the JSON given.
pub fn report<T: serde::Serialize>(ctx: &Ctx, text: &str, json: &T) -> Result<()> {
    if ctx.json {
        ctx.print_json(json)
    } else {
        crate::render::out(&format!("{text}\n"))
    }
}

/// Why a file cannot be read, in the words people expect ("no such file or directory").
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// `check`: SQLite's integrity check, and counts of what the file holds.
fn check(ctx: &Ctx) -> Result<()> {
    let integrity = ctx.store.integrity_check()?;
    let people = ctx.store.count_people()?;
    let interactions = ctx.store.count_interactions()?;
    if ctx.json {
        ctx.print_json(&serde_json::json!({
            "integrity": integrity, "people": people, "interactions": interactions,
        }))?;
    } else {
        crate::render::out(&format!(
            "integrity: {integrity}\n{people} people, {interactions} interactions\n"
        ))?;
    }
    if integrity != "ok" {
        bail!("the database is damaged: restore a backup");
    }
    Ok(())
}

/// Commands whose words are a person and then text take exactly as many words as they
/// say; more means a name or a text of several words went unquoted, which cannot be told
/// apart, so the user is asked to quote it.
pub fn no_extra_words(extra: &[String], example: &str) -> Result<()> {
    if extra.is_empty() {
        return Ok(());
    }
    bail!(
        "too many words ('{}' and after): quote a name or a text of several words, as in {example}",
        extra[0]
    )
}

/// The error and its causes on one line, without repeating a cause the message already
/// contains.
pub fn one_line(err: &anyhow::Error) -> String {
    let mut msg = err.to_string();
    for cause in err.chain().skip(1) {
        let c = cause.to_string();
        if !msg.contains(&c) {
            msg.push_str(": ");
            msg.push_str(&c);
        }
    }
    msg.replace('\n', " ")
}

/// A count typed on the command line (`--limit`, `--offset`): a whole number, at least
/// `min`; `what` names what is counted in the error ("people", "follow-ups").
pub fn count_arg(
    option: &str,
    value: Option<&str>,
    min: usize,
    what: &str,
) -> Result<Option<usize>> {
    let Some(value) = value else {
        return Ok(None);
    };
    match value.trim().parse::<usize>() {
        Ok(n) if n >= min => Ok(Some(n)),
        _ => bail!(
            "{option}: '{value}' is not a number of {what}: use a whole number of {min} or more"
        ),
    }
}
