//! `okr init`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use clap::Args;

use super::Cli;

pub(super) const AFTER_HELP: &str = "\
Writes okr.yaml (this quarter as the active cycle, one team, two people), one team file with an
example objective, the JSON Schemas for editor completion (schemas/), a GitHub Actions workflow
(.github/workflows/okr.yml: annotations and the OKR diff on pull requests, the site on GitHub Pages
from the default branch) and a .gitignore. Inside a git repository whose top is elsewhere, the
workflow is written at the repository's top (GitHub runs no other), running in the OKR folder. A
file that already exists is never touched; the rest are written.

Examples:
  okr init                 in the current folder
  okr init okrs-repo && cd okrs-repo && git init && okr build";

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The folder to set up [default: the current folder]; created when missing.
    dir: Option<PathBuf>,
    /// The day whose quarter becomes the active cycle (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    as_of: Option<NaiveDate>,
}

pub(super) fn run(args: &InitArgs, cli: &Cli) -> Result<ExitCode> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let mut files = okr::init::scaffold(args.as_of.unwrap_or_else(super::today));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    // GitHub runs workflows only from the top of a repository: inside one,
    // the workflow goes there, running in this folder and triggered by it.
    let mut top = None;
    if let Some(repo) = okr::git::Repo::open(&dir)? {
        if let (false, Some(workdir)) = (repo.prefix().is_empty(), repo.workdir()) {
            let workflows = okr::init::workflows(repo.prefix());
            files.retain(|(relative, _)| !workflows.iter().any(|(path, _)| path == relative));
            top = Some((workdir.to_path_buf(), repo.prefix().to_owned(), workflows));
        }
    }
    let total = files.len() + top.as_ref().map_or(0, |(_, _, workflows)| workflows.len());
    let new = fresh(&dir, &files);
    // All the new files, or none.
    okr::write::create_all(&dir, &new)?;
    let mut written: Vec<PathBuf> = new.iter().map(|(relative, _)| dir.join(relative)).collect();
    if !new.iter().any(|(relative, _)| relative == ".gitignore") {
        ignore_the_site(&dir.join(".gitignore"), cli)?;
    }
    if let Some((workdir, folder, workflows)) = &top {
        let workflows = fresh(workdir, workflows);
        okr::write::create_all(workdir, &workflows)?;
        if !workflows.is_empty() {
            written.extend(workflows.iter().map(|(relative, _)| workdir.join(relative)));
            if !cli.quiet {
                eprintln!(
                    "note: the workflows are at the repository's top, where GitHub runs workflows; their jobs run in {folder}/ and only changes there start the checks"
                );
            }
        }
    }
    if !cli.quiet {
        for path in &written {
            eprintln!("wrote {}", path.display());
        }
        eprintln!(
            "{} of {total} files written; next: `okr check {}`, then `okr build` and open public/index.html",
            written.len(),
            dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Adds `public/` (the folder `okr build` writes) to a `.gitignore` that
/// exists and does not ignore it yet, so that the built site is never
/// committed by accident.
fn ignore_the_site(path: &std::path::Path, cli: &Cli) -> Result<()> {
    let Ok(metadata) = std::fs::symlink_metadata(path) else { return Ok(()) };
    if !metadata.is_file() {
        return Ok(());
    }
    let old = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = String::from_utf8_lossy(&old);
    let ignored =
        text.lines().map(str::trim).any(|line| matches!(line, "public" | "public/" | "/public" | "/public/"));
    if ignored {
        return Ok(());
    }
    let mut new = old.clone();
    if !new.is_empty() && !new.ends_with(b"\n") {
        new.push(b'\n');
    }
    new.extend_from_slice(b"# The site `okr build` writes.\npublic/\n");
    okr::write::replace(path, &old, &new)?;
    if !cli.quiet {
        eprintln!("added public/ to {}", path.display());
    }
    Ok(())
}

/// The files of `files` that are not in `dir` yet; the others are kept, and
/// said so. A link (even a dangling one) is "there": never written through.
fn fresh(dir: &std::path::Path, files: &[(String, String)]) -> Vec<(String, Vec<u8>)> {
    let mut new = Vec::new();
    for (relative, text) in files {
        let path = dir.join(relative);
        if std::fs::symlink_metadata(&path).is_ok() {
            eprintln!("kept {} (it exists)", path.display());
            continue;
        }
        new.push((relative.clone(), text.as_bytes().to_vec()));
    }
    new
}
