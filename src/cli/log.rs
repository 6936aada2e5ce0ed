//! `okr log`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};

use okr::git::history::key_result_log;
use okr::git::Repo;
use okr::model::load_workspace;
use okr::render::diff as out;

use super::Cli;

pub(super) const AFTER_HELP: &str = "\
Follows the first-parent history of HEAD, then the work tree. The key result is found by id in
any file, so moving it to another file is no change.

Examples:
  okr log deploy-success
  okr log platform/boring-deploys/deploy-success --format json";

#[derive(Debug, Args)]
pub(crate) struct LogArgs {
    /// The key result: `id`, `objective/id`, `team/objective/id` or `cycle/team/objective/id`.
    key_result: String,
    /// The OKR repository's root [default: the folder holding okr.yaml, from the current folder up].
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LogFormat {
    /// For a terminal.
    Text,
    /// Every commit and its changes (versioned; see docs/formats.md).
    Json,
}

pub(super) fn run(args: &LogArgs, cli: &Cli) -> Result<ExitCode> {
    let root = okr::load::find_root(Path::new("."), args.root.as_deref())?;
    let repo = Repo::require(&root)?;
    if repo.is_shallow() && !cli.quiet {
        eprintln!("note: the trail starts at the oldest commit present: {}", okr::git::SHALLOW_HELP);
    }
    let work_tree = load_workspace(&root)?.workspace;
    let (address, entries) = key_result_log(&repo, &root, &args.key_result, work_tree.as_ref())?;
    let text = match args.format {
        LogFormat::Json => out::log_to_json(&address, &entries),
        LogFormat::Text => out::log_to_text(&address, &entries),
    };
    super::print(&text)?;
    Ok(ExitCode::SUCCESS)
}
