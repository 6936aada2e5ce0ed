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
from main) and a .gitignore. A file that already exists is never touched; the rest are written.

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
    let files = okr::init::scaffold(args.as_of.unwrap_or_else(super::today));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut new = Vec::new();
    for (relative, text) in &files {
        let path = dir.join(relative);
        // A link (even a dangling one) is "there": never written through.
        if std::fs::symlink_metadata(&path).is_ok() {
            eprintln!("kept {} (it exists)", path.display());
            continue;
        }
        new.push((relative.clone(), text.as_bytes().to_vec()));
    }
    // All the new files, or none.
    okr::write::create_all(&dir, &new)?;
    let written = new.len();
    if !cli.quiet {
        for (relative, _) in &new {
            eprintln!("wrote {}", dir.join(relative).display());
        }
    }
    if !cli.quiet {
        eprintln!(
            "{written} of {} files written; next: `okr check {}`, then `okr build` and open public/index.html",
            files.len(),
            dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
