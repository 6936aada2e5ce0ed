//! `okr sync`.

use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;

use okr::diagnostic::Summary;
use okr::edit::apply::{self, ImportOutcome};
use okr::edit::sync::Reading;

use super::{Cli, RootArgs, EXIT_TOOL_FAILURE};

pub(super) const AFTER_HELP: &str = "\
Records a check-in for every key result whose `source` gives a value other than its latest
check-in's: `source: { file: metrics/nps.json, pointer: /admins/nps }` reads a JSON, YAML or CSV
file of the repository (a JSON pointer, or /KEY/COLUMN for CSV: the row whose first cell is KEY,
the column named COLUMN); `source: { command: \"…\" }` runs a shell command in the repository's
root whose output is the number, only with --run-commands: that runs code from the repository, so
use it in scheduled CI of a repository you trust (docs/rhythm.md). A source that fails is reported
and changes nothing for its key result; the others are still recorded, all of them or none.

Exit status: 0 every source read, 1 a source failed (or the check-ins were refused), 2 okr could
not run.

Examples:
  okr sync --dry-run
  okr sync --run-commands --date 2026-11-30";

#[derive(Debug, Args)]
pub(crate) struct SyncArgs {
    #[command(flatten)]
    root: RootArgs,
    /// The day the check-ins are dated (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    date: Option<NaiveDate>,
    /// Print the changes as a diff instead of writing them.
    #[arg(long)]
    dry_run: bool,
    /// Also run `command` sources (code from the repository: trusted repositories only).
    #[arg(long)]
    run_commands: bool,
}

pub(super) fn run(args: &SyncArgs, cli: &Cli) -> Result<ExitCode> {
    let root = args.root.find()?;
    let today = super::today();
    let date = args.date.unwrap_or(today);
    let Some(outcome) = apply::sync(&root, date, today, args.dry_run, args.run_commands)? else {
        eprintln!("error: okr.yaml has errors; fix them first (`okr check`)");
        return Ok(ExitCode::from(EXIT_TOOL_FAILURE));
    };
    let mut failed = false;
    for (address, reading) in &outcome.readings {
        let line = match reading {
            Reading::New { before: Some(before), value } => format!("{address}: {before} → {value}"),
            Reading::New { before: None, value } => format!("{address}: {value} (its first check-in)"),
            Reading::Unchanged(value) => format!("{address}: {value}, unchanged"),
            Reading::Skipped => format!("{address}: skipped: command sources run only with --run-commands"),
            Reading::Failed(why) => {
                failed = true;
                format!("{address}: failed: {why}")
            }
        };
        if !cli.quiet || matches!(reading, Reading::Failed(_)) {
            eprintln!("{}", okr::inert::escape_control(&line));
        }
    }
    let refused = match outcome.written {
        None => false,
        Some(ImportOutcome::DryRun { diff, .. }) => {
            super::print(&diff)?;
            false
        }
        Some(ImportOutcome::Written { checkins, .. }) => {
            if !cli.quiet {
                eprintln!("recorded {}", okr::words::count(checkins, "check-in", "check-ins"));
            }
            false
        }
        Some(ImportOutcome::Refused(bad)) => {
            for row in bad {
                eprintln!("error: {}", okr::inert::escape_control(&row.message));
            }
            true
        }
        Some(ImportOutcome::AddsErrors { errors, sources }) => {
            let summary = Summary::new(1, &errors);
            eprint!("{}", okr::emit::render_human(&errors, &sources, summary, false));
            true
        }
        Some(ImportOutcome::ConfigBroken) => return Ok(ExitCode::from(EXIT_TOOL_FAILURE)),
    };
    if refused {
        eprintln!("error: the new check-ins were refused; nothing was written");
    }
    Ok(if failed || refused { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
