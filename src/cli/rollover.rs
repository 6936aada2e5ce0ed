//! `okr rollover`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use okr::diagnostic::Summary;
use okr::edit::apply::{self, RolloverOutcome};

use super::{Cli, EXIT_TOOL_FAILURE};

pub(super) const AFTER_HELP: &str = "\
For each team with unfinished key results in FROM, writes its file for TO (FROM's path with the
cycle folder renamed): the objectives with unfinished key results, those key results starting at
their last value and without check-ins, and the team's KPIs. Done key results stay behind.
Alignment is kept where the parent objective is carried over too, and dropped (and reported)
otherwise. An existing file is never overwritten. The new files are checked before any is written.

Examples:
  okr rollover 2026-Q4 2027-Q1
  okr rollover 2026-Q4 2027-Q1 --dry-run      print what would be written";

#[derive(Debug, Args)]
pub(crate) struct RolloverArgs {
    /// The cycle to carry unfinished key results from.
    from: String,
    /// The cycle to carry them into (it must be in okr.yaml).
    to: String,
    /// Print the new files instead of writing them.
    #[arg(long)]
    dry_run: bool,
    /// The OKR repository's root [default: the folder holding okr.yaml, from the current folder up].
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
}

pub(super) fn run(args: &RolloverArgs, cli: &Cli) -> Result<ExitCode> {
    let root = okr::load::find_root(Path::new("."), args.root.as_deref())?;
    let (carried, kept) = match apply::rollover(&root, &args.from, &args.to, super::today(), args.dry_run)? {
        RolloverOutcome::Invalid(report) => return Ok(super::refuse_invalid(&report, cli.color)),
        RolloverOutcome::NoSuchCycle { cycle, is_target } => {
            let hint = if is_target { ": add it under `cycles` first" } else { "" };
            eprintln!("error: no cycle `{cycle}` in okr.yaml{hint}");
            return Ok(ExitCode::from(EXIT_TOOL_FAILURE));
        }
        RolloverOutcome::AddsErrors { errors, sources, files, kept } => {
            print_kept(&kept);
            eprint!("{}", okr::emit::render_human(&errors, &sources, Summary::new(files, &errors), false));
            eprintln!("error: the new files would have errors; nothing was written");
            return Ok(ExitCode::FAILURE);
        }
        RolloverOutcome::Done { carried, kept } => (carried, kept),
    };
    print_kept(&kept);
    for team in &carried {
        if args.dry_run {
            super::print(&format!("# {}\n{}\n", team.path, team.text))?;
        }
        if !cli.quiet {
            eprintln!(
                "{} {}: {}, {} carried; {} done left behind",
                if args.dry_run { "would write" } else { "wrote" },
                team.path,
                okr::words::count(team.objectives, "objective", "objectives"),
                okr::words::count(team.key_results, "key result", "key results"),
                team.done
            );
            for dropped in &team.dropped_alignment {
                eprintln!("  alignment dropped (parent not carried over): {dropped}");
            }
        }
    }
    if carried.is_empty() && kept.is_empty() && !cli.quiet {
        eprintln!("nothing to carry: every key result of {} is done", args.from);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_kept(kept: &[okr::edit::rollover::Carried]) {
    for team in kept {
        eprintln!("kept {} (it exists): {} not carried", team.path, team.team);
    }
}
