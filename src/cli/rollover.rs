//! `okr rollover`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use okr::check::{self, CheckOptions};
use okr::diagnostic::{Severity, Summary};
use okr::edit::rollover::plan;
use okr::load::{Overlay, WorkTree};

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
    let _lock = if args.dry_run { None } else { Some(okr::write::RepositoryLock::acquire(&root)?) };
    let Ok(workspace) = super::valid_workspace_at(&root, cli.color)? else {
        return Ok(ExitCode::from(EXIT_TOOL_FAILURE));
    };
    let config = &workspace.config;
    let Some(from) = config.cycle(&args.from) else {
        eprintln!("error: no cycle `{}` in okr.yaml", args.from);
        return Ok(ExitCode::from(EXIT_TOOL_FAILURE));
    };
    if config.cycle(&args.to).is_none() {
        eprintln!("error: no cycle `{}` in okr.yaml: add it under `cycles` first", args.to);
        return Ok(ExitCode::from(EXIT_TOOL_FAILURE));
    }
    // Unfinished as of FROM's last day, or today while it still runs.
    let as_of = from.end.min(super::today());
    let carried = plan(&workspace, &args.from, &args.to, as_of);
    let mut new = BTreeMap::new();
    for team in &carried {
        if root.join(&team.path).exists() {
            eprintln!("kept {} (it exists): {} not carried", team.path, team.team);
        } else {
            new.insert(team.path.clone(), team.text.as_bytes().to_vec());
        }
    }
    // Check the repository with the new files before writing any of them.
    let source = Overlay { base: &WorkTree { root: &root }, files: &new };
    let options = CheckOptions { as_of: super::today(), ..Default::default() };
    let report = check::run_from(&root, &source, &options)?;
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && new.contains_key(&d.file))
        .cloned()
        .collect();
    if !errors.is_empty() {
        eprint!(
            "{}",
            okr::emit::render_human(&errors, &report.sources, Summary::new(new.len(), &errors), false)
        );
        eprintln!("error: the new files would have errors; nothing was written");
        return Ok(ExitCode::FAILURE);
    }
    if !args.dry_run {
        // All the new files, or none.
        let files: Vec<(String, Vec<u8>)> =
            new.iter().map(|(path, bytes)| (path.clone(), bytes.clone())).collect();
        okr::write::create_all(&root, &files)?;
    }
    for team in carried.iter().filter(|t| new.contains_key(&t.path)) {
        if args.dry_run {
            super::print(&format!("# {}\n{}\n", team.path, team.text))?;
        }
        if !cli.quiet {
            eprintln!(
                "{} {}: {} objectives, {} key results carried; {} done left behind",
                if args.dry_run { "would write" } else { "wrote" },
                team.path,
                team.objectives,
                team.key_results,
                team.done
            );
            for dropped in &team.dropped_alignment {
                eprintln!("  alignment dropped (parent not carried over): {dropped}");
            }
        }
    }
    if carried.is_empty() && !cli.quiet {
        eprintln!("nothing to carry: every key result of {} is done", args.from);
    }
    Ok(ExitCode::SUCCESS)
}
