//! `okr export`.

use std::process::ExitCode;

use anyhow::Result;
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    /// Cycles → teams → objectives → key results (versioned; see docs/formats.md).
    Json,
    /// One row per key result.
    Csv,
}

pub(super) fn run(args: &ExportArgs, cli: &Cli) -> Result<ExitCode> {
    let as_of = args.as_of.unwrap_or_else(super::today);
    let workspace = match super::valid_workspace(&args.root, cli)? {
        Ok(workspace) => workspace,
        Err(code) => return Ok(code),
    };
    let computed = rollup(&workspace, as_of);
    let text = match args.format {
        ExportFormat::Json => export::to_json(&computed),
        ExportFormat::Csv => export::to_csv(&computed),
    };
    super::print(&text)?;
    Ok(ExitCode::SUCCESS)
}
