//! `okr export`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use okr::render::export;
use okr::rollup::rollup;

use super::{Cli, RootArgs};

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    #[command(flatten)]
    root: RootArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    format: ExportFormat,
    /// Compute as of this date (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    as_of: Option<NaiveDate>,
    /// Print only this cycle (everything is still computed).
    #[arg(long, value_name = "ID")]
    cycle: Option<String>,
    /// Print only this team and the teams below it.
    #[arg(long, value_name = "ID")]
    team: Option<String>,
    /// Write to this file instead of standard output (replaced whole; needed
    /// for xlsx when standard output is a terminal).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    /// Cycles → teams → objectives → key results (versioned; see docs/formats.md).
    Json,
    /// One row per key result.
    Csv,
    /// A workbook: Key results, Objectives, Teams, KPIs and Check-ins.
    Xlsx,
}

pub(super) fn run(args: &ExportArgs, cli: &Cli) -> Result<ExitCode> {
    let as_of = args.as_of.unwrap_or_else(super::today);
    let workspace = match super::valid_workspace(&args.root, cli)? {
        Ok(workspace) => workspace,
        Err(code) => return Ok(code),
    };
    let config = &workspace.config;
    if let Some(cycle) = args.cycle.as_deref().filter(|c| config.cycle(c).is_none()) {
        let known: Vec<&str> = config.cycles.iter().map(|c| c.id.as_str()).collect();
        bail!("unknown cycle `{cycle}`; cycles: {}", known.join(", "));
    }
    if let Some(team) = args.team.as_deref().filter(|t| !config.teams.iter().any(|k| k.id == *t)) {
        let known: Vec<&str> = config.teams.iter().map(|t| t.id.as_str()).collect();
        bail!("unknown team `{team}`; teams: {}", known.join(", "));
    }
    let computed = rollup(&workspace, as_of);
    let filter = export::Filter::new(config, args.cycle.as_deref(), args.team.as_deref());
    let bytes = match args.format {
        ExportFormat::Json => export::to_json(&computed, &filter).into_bytes(),
        ExportFormat::Csv => export::to_csv(&computed, &filter).into_bytes(),
        ExportFormat::Xlsx => okr::render::xlsx::to_xlsx(&computed, &filter)?,
    };
    match &args.output {
        Some(path) => write_file(path, &bytes)?,
        None if args.format == ExportFormat::Xlsx && std::io::stdout().is_terminal() => {
            bail!("an xlsx workbook is binary: write it with --output FILE (or redirect standard output)")
        }
        None => super::print_bytes(&bytes)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `bytes` to `path` through a temporary file beside it, moved into
/// place: a reader never sees half a file, and a link at `path` is replaced,
/// not followed.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(folder)
        .with_context(|| format!("cannot write in {}", folder.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.persist(path).map_err(|e| e.error).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
