//! `okr codeowners`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use okr::codeowners::{block, is_current, with_block};
use okr::git::Repo;

use super::{Cli, RootArgs};

pub(super) const AFTER_HELP: &str = "\
Prints okr's block for CODEOWNERS: okr.yaml owned by the leads of the top teams, each OKR file by
its team's lead and its objectives' owners (their `github` handles in okr.yaml). --write puts it
into the CODEOWNERS file GitHub reads (.github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS; a new
.github/CODEOWNERS when there is none), replacing okr's earlier block and keeping every other line.
Then require code owner review on the branch: GitHub asks every listed owner, and any one of them
approving is enough.

Examples:
  okr codeowners --write        create or update okr's block in .github/CODEOWNERS
  okr codeowners --check        in CI: exit 1 when CODEOWNERS is out of date
  okr codeowners                print the block";

#[derive(Debug, Args)]
pub(crate) struct CodeownersArgs {
    #[command(flatten)]
    root: RootArgs,
    /// Exit 1 when the repository's CODEOWNERS does not hold the current block.
    #[arg(long, conflicts_with = "write")]
    check: bool,
    /// Write the block into the repository's CODEOWNERS (created when there is none), replacing
    /// okr's earlier block.
    #[arg(long)]
    write: bool,
}

/// Where GitHub looks for CODEOWNERS, in its order: it reads the first that exists.
const PLACES: [&str; 3] = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

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
    if args.write {
        return write(&workspace.root, &top, &wanted, cli);
    }
    if !args.check {
        super::print(&wanted)?;
        return Ok(ExitCode::SUCCESS);
    }
    let candidates: Vec<PathBuf> = PLACES.iter().map(|p| top.join(p)).collect();
    let Some(path) = candidates.iter().find(|p| p.is_file()) else {
        eprintln!("error: no CODEOWNERS file: run `okr codeowners --write`");
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
            "error: {} is out of date: run `okr codeowners --write` (it replaces okr's block, from `{}` to `{}`)",
            path.display(),
            okr::codeowners::BEGIN.split(':').next().unwrap_or_default(),
            okr::codeowners::END
        );
        Ok(ExitCode::FAILURE)
    }
}

/// Puts `wanted` into the CODEOWNERS file GitHub reads at `top` (the top of
/// the work tree): okr's block replaced, every other line kept; a new
/// `.github/CODEOWNERS` when there is none. Written as every okr write is
/// (a temporary file beside it, read back, renamed; never through a link).
fn write(root: &Path, top: &Path, wanted: &str, cli: &Cli) -> Result<ExitCode> {
    // okr's lock on the OKR repository (`okr.yaml`), as its other writes take.
    let _lock = okr::write::RepositoryLock::acquire(root)?;
    let existing = PLACES.iter().find(|p| top.join(p).symlink_metadata().is_ok());
    let Some(relative) = existing else {
        okr::write::create_all(top, &[(PLACES[0].to_owned(), wanted.as_bytes().to_vec())])?;
        if !cli.quiet {
            eprintln!("wrote {}", PLACES[0]);
        }
        return Ok(ExitCode::SUCCESS);
    };
    let path = top.join(relative);
    let raw = std::fs::read(&path).map_err(|e| anyhow::anyhow!("cannot read {relative}: {e}"))?;
    let Ok(text) = std::str::from_utf8(&raw) else {
        eprintln!("error: {relative} is not UTF-8; nothing was written");
        return Ok(ExitCode::FAILURE);
    };
    let Some(updated) = with_block(text, wanted) else {
        eprintln!(
            "error: {relative} has `{}` without `{}` after it: fix it by hand; nothing was written",
            okr::codeowners::BEGIN.split(':').next().unwrap_or_default(),
            okr::codeowners::END
        );
        return Ok(ExitCode::FAILURE);
    };
    if updated == text {
        if !cli.quiet {
            eprintln!("{relative} is up to date");
        }
        return Ok(ExitCode::SUCCESS);
    }
    okr::write::replace(&path, &raw, updated.as_bytes())?;
    if !cli.quiet {
        eprintln!("updated okr's block in {relative}");
    }
    Ok(ExitCode::SUCCESS)
}
