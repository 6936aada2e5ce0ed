//! `okr codeowners`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use okr::codeowners::{block, is_current};
use okr::git::Repo;

use super::{Cli, RootArgs};

pub(super) const AFTER_HELP: &str = "\
Prints okr's block for CODEOWNERS: okr.yaml owned by the leads of the top teams, each OKR file by
its team's lead and its objectives' owners (their `github` handles in okr.yaml). Paste it into
.github/CODEOWNERS (replacing an earlier block) and require code owner review on the branch.

Examples:
  okr codeowners
  okr codeowners --check        in CI: exit 1 when .github/CODEOWNERS is out of date";

#[derive(Debug, Args)]
pub(crate) struct CodeownersArgs {
    #[command(flatten)]
    root: RootArgs,
    /// Exit 1 when the repository's CODEOWNERS does not hold the current block.
    #[arg(long)]
    check: bool,
}

pub(super) fn run(args: &CodeownersArgs, cli: &Cli) -> Result<ExitCode> {
    let workspace = match super::valid_workspace(&args.root, cli)? {
        Ok(workspace) => workspace,
        Err(code) => return Ok(code),
    };
    let (top, prefix) = match Repo::open(&workspace.root)? {
        Some(repo) => (
            repo.workdir().map_or_else(|| workspace.root.clone(), Path::to_path_buf),
            repo.prefix().to_owned(),
        ),
        None => (workspace.root.clone(), String::new()),
    };
    let prefix = if prefix.is_empty() { prefix } else { format!("{prefix}/") };
    let wanted = block(&workspace, &prefix);
    if !args.check {
        super::print(&wanted)?;
        return Ok(ExitCode::SUCCESS);
    }
    // GitHub reads the first of these that exists.
    let candidates: Vec<PathBuf> =
        [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"].iter().map(|p| top.join(p)).collect();
    let Some(path) = candidates.iter().find(|p| p.is_file()) else {
        eprintln!("error: no CODEOWNERS file: run `okr codeowners > .github/CODEOWNERS`");
        return Ok(ExitCode::FAILURE);
    };
    let text = std::fs::read_to_string(path)?;
    if is_current(&text, &wanted) {
        if !cli.quiet {
            eprintln!("{} is up to date", path.display());
        }
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "error: {} is out of date: replace okr's block (from `{}` to `{}`) with the output of `okr codeowners`",
            path.display(),
            okr::codeowners::BEGIN.split(':').next().unwrap_or_default(),
            okr::codeowners::END
        );
        Ok(ExitCode::FAILURE)
    }
}
