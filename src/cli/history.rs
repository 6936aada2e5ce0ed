//! `okr history`.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use okr::git::history::{self, Cache, WalkOptions};
use okr::git::{Repo, SHALLOW_HELP};
use okr::render::history as out;

use super::{Cli, RootArgs};

pub(super) const AFTER_HELP: &str = "\
Walks the first-parent history of HEAD and rolls up every commit that changes okr.yaml or an OKR
file, as of the day it was made. Each file version is parsed once, however many commits hold it.
Files with errors in a commit are left out of that commit's rollup (the count is reported).

Examples:
  okr history                                    one line per commit
  okr history --format csv > progress.csv        every number of every commit
  okr history --format json --since 2026-10-01 --max-commits 50";

#[derive(Debug, Args)]
pub(crate) struct HistoryArgs {
    #[command(flatten)]
    root: RootArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = HistoryFormat::Text)]
    format: HistoryFormat,
    /// Only commits made on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    since: Option<NaiveDate>,
    /// Only the newest N commits that change OKR files.
    #[arg(long, value_name = "N")]
    max_commits: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum HistoryFormat {
    /// One line per commit: date, commit, author, organisation progress, subject.
    Text,
    /// One row per commit and organisation, team, objective or key result.
    Csv,
    /// Commits → cycles → teams → objectives → key results (versioned; see docs/formats.md).
    Json,
}

pub(super) fn run(args: &HistoryArgs, cli: &Cli) -> Result<ExitCode> {
    let root = args.root.find()?;
    let repo = Repo::require(&root)?;
    let mut cache = Cache::default();
    let options = WalkOptions { since: args.since, max_commits: args.max_commits };
    let walk = history::walk(&repo, &mut cache, &options)?;
    if walk.truncated && !cli.quiet {
        eprintln!("note: history starts at the oldest commit present: {SHALLOW_HELP}");
    }
    let bar = progress_bar(walk.commits.len() as u64, cli.quiet);
    let stdout = io::stdout();
    let mut writer = io::BufWriter::new(stdout.lock());
    let mut first = true;
    let mut write = |text: &str| -> Result<()> {
        match writer.write_all(text.as_bytes()) {
            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            other => Ok(other?),
        }
    };
    match args.format {
        HistoryFormat::Csv => write(out::CSV_HEADER)?,
        HistoryFormat::Json => write(&out::json_start(repo.is_shallow()))?,
        HistoryFormat::Text => {}
    }
    // Each commit's output is formatted beside its rollup, on every core;
    // only the writing is in order.
    history::rollups_rendered(
        &repo,
        &root,
        &mut cache,
        &walk,
        |point| match args.format {
            HistoryFormat::Text => out::text_line(&point),
            HistoryFormat::Csv => out::csv_rows(&point),
            HistoryFormat::Json => out::json_commit(&point),
        },
        |text| match args.format {
            HistoryFormat::Json => {
                let separator = if std::mem::take(&mut first) { "" } else { "," };
                write(separator)?;
                write("\n")?;
                write(&text)
            }
            HistoryFormat::Text | HistoryFormat::Csv => write(&text),
        },
        &|done| bar.set_position(done as u64),
    )?;
    if args.format == HistoryFormat::Json {
        write(out::JSON_END)?;
    }
    bar.finish_and_clear();
    match writer.flush() {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => {}
        other => other?,
    }
    if args.format == HistoryFormat::Text && walk.commits.is_empty() && !cli.quiet {
        eprintln!("no commit changes okr.yaml or an OKR file");
    }
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on stderr, shown only on a terminal and for long walks.
pub(super) fn progress_bar(total: u64, quiet: bool) -> ProgressBar {
    if quiet || total < 50 || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} commits ({eta} left)") {
        bar.set_style(style);
    }
    bar
}
