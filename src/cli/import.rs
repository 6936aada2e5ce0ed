//! `okr import`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::{Args, ValueEnum};

use okr::diagnostic::Summary;
use okr::edit::apply::{self, ImportOutcome};
use okr::edit::import::{read_csv, read_json};

use super::{Cli, EXIT_TOOL_FAILURE};

pub(super) const AFTER_HELP: &str = "\
Adds many check-ins at once, from a spreadsheet export, a BI query or a script: CSV with a header
naming the columns kr,date,value,done,confidence,note,blockers,next (kr and date required; any
order), or JSON, a list of objects with those keys. `kr` names a key result (or KPI) as okr checkin
does. Every row is checked first, then the repository with every check-in in memory; one bad row
refuses the whole import and nothing is written (each bad row is reported with its line; the CSV
header is line 1). Written as okr checkin writes: only lines added, under the repository lock.

Exit status: 0 imported, 1 refused (nothing written), 2 okr could not run.

Examples:
  okr import checkins.csv --dry-run
  okr import weekly.json";

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The CSV or JSON file of check-ins.
    file: PathBuf,
    /// The file's format [default: from its name: .json is JSON, anything else CSV].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Print the changes as a diff instead of writing them.
    #[arg(long)]
    dry_run: bool,
    /// The OKR repository's root [default: the folder holding okr.yaml, from the current folder up].
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Csv,
    Json,
}

pub(super) fn run(args: &ImportArgs, cli: &Cli) -> Result<ExitCode> {
    let root = okr::load::find_root(Path::new("."), args.root.as_deref())?;
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let json = args.format.map_or_else(
        || args.file.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")),
        |f| f == Format::Json,
    );
    let shown = args.file.display();
    let refuse = |bad: &[okr::edit::import::BadRow]| {
        for row in bad {
            eprintln!("{shown}:{}: {}", row.line, okr::inert::escape_control(&row.message));
        }
        eprintln!(
            "error: {} cannot be imported; nothing was written",
            okr::words::count(bad.len(), "row", "rows")
        );
        ExitCode::FAILURE
    };
    let rows = match if json { read_json(&text) } else { read_csv(&text) } {
        Ok(rows) => rows,
        Err(bad) => return Ok(refuse(&bad)),
    };
    Ok(match apply::import(&root, &rows, super::today(), args.dry_run)? {
        ImportOutcome::Written { checkins, files } => {
            if !cli.quiet {
                eprintln!(
                    "imported {} into {}",
                    okr::words::count(checkins, "check-in", "check-ins"),
                    okr::words::count(files.len(), "file", "files")
                );
            }
            ExitCode::SUCCESS
        }
        ImportOutcome::DryRun { diff, .. } => {
            super::print(&diff)?;
            ExitCode::SUCCESS
        }
        ImportOutcome::Refused(bad) => refuse(&bad),
        ImportOutcome::AddsErrors { errors, sources } => {
            let summary = Summary::new(1, &errors);
            eprint!("{}", okr::emit::render_human(&errors, &sources, summary, false));
            eprintln!("error: the import would add these errors; nothing was written");
            ExitCode::FAILURE
        }
        ImportOutcome::ConfigBroken => {
            eprintln!("error: okr.yaml has errors; fix them first (`okr check`)");
            ExitCode::from(EXIT_TOOL_FAILURE)
        }
    })
}
