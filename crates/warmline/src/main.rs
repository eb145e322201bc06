//! The `warmline` command: argument parsing, wiring and terminal rendering only. Rules live
//! in warmline-core, every query in warmline-store.

mod cli;
mod commands;
mod context;
mod demo;
mod progress;
mod render;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // What is typed on the command line enters the store as any imported text does:
    // without control characters (a path that is not UTF-8 is passed as it is).
    let args = std::env::args_os().map(|a| match a.into_string() {
        Ok(s) => warmline_core::text::clean(&s).into_owned().into(),
        Err(raw) => raw,
    });
    let cli = cli::Cli::parse_from(args);
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A closed pipe (`warmline list | head`) is not an error worth reporting.
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            let mut stderr = std::io::stderr().lock();
            let line = commands::one_line(&err);
            let _ = writeln!(
                stderr,
                "error: {}",
                warmline_core::text::terminal_safe(&line)
            );
            ExitCode::FAILURE
        }
    }
}
