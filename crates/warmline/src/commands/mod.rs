//! One module per group of commands. Each reads its arguments, calls the store and core,
//! and renders text or JSON.

mod connect;
mod event;
mod facts;
mod followup;
mod give;
mod goal;
mod job;
mod log;
mod org;
mod path;
mod people;
mod show;

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
    let ctx = Ctx::open(cli.db.as_deref(), cli.json)?;
    match cli.command {
        Command::Add(args) => people::add(&ctx, args),
        Command::Edit(args) => people::edit(&ctx, args),
        Command::Rm(args) => people::rm(&ctx, args),
        Command::Show(args) => show::show(&ctx, &args.person),
        Command::List(args) => people::list(&ctx, args),
        Command::Find(args) => people::find(&ctx, args),
        Command::Fact(args) => facts::fact(&ctx, args),
        Command::Me(cmd) => facts::me(&ctx, cmd),
        Command::Log(args) => log::log(&ctx, args),
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
        Command::Demo(_) | Command::Completions { .. } => Ok(()),
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
