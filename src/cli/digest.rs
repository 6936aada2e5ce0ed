//! `okr digest`.

use std::process::ExitCode;

use anyhow::{bail, Result};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use okr::render::digest::{render, render_json};
use okr::rollup::digest::digest;

use super::{Cli, RootArgs};

pub(super) const AFTER_HELP: &str = "\
The weekly meeting's page for the active cycle (or --cycle): the check-ins of the last --days days
with their notes, blockers and next steps; what moved (progress and status, teams, objectives, key
results); goalposts moved by commits in those days (in git); the attention list; and who owes a
check-in, by owner with their GitHub handle. An owner past twice the stale days (the
stale-key-result rule's `days`, 14) also names their team's lead and OKR coach. In the site's
language (site.locale). docs/rhythm.md shows the weekly loop.

Examples:
  okr digest                               the last 7 days, Markdown (an issue, a chat message)
  okr digest --days 14 --format text
  okr digest --format json --as-of 2026-11-25";

#[derive(Debug, Args)]
pub(crate) struct DigestArgs {
    #[command(flatten)]
    root: RootArgs,
    /// How many days back the digest looks.
    #[arg(long, value_name = "N", default_value_t = 7, value_parser = clap::value_parser!(u32).range(1..=366))]
    days: u32,
    /// The cycle [default: the active cycle].
    #[arg(long, value_name = "ID")]
    cycle: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// The digest's day (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    as_of: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// GitHub-flavoured Markdown, starting with the hidden marker `<!-- okr digest -->`.
    Markdown,
    /// Plain text, for a terminal or an e-mail.
    Text,
    /// One JSON object (versioned; see docs/formats.md).
    Json,
}

pub(super) fn run(args: &DigestArgs, cli: &Cli) -> Result<ExitCode> {
    let as_of = args.as_of.unwrap_or_else(super::today);
    let root = args.root.find()?;
    let workspace = match super::valid_workspace_at(&root, cli.color)? {
        Ok(workspace) => workspace,
        Err(code) => return Ok(code),
    };
    let config = &workspace.config;
    let cycle = match &args.cycle {
        Some(id) if config.cycle(id).is_none() => {
            let known: Vec<&str> = config.cycles.iter().map(|c| c.id.as_str()).collect();
            return Err(super::unknown("cycle", id, &known));
        }
        Some(id) => id.clone(),
        None => match config.default_cycle(as_of) {
            Some(cycle) => cycle.id.clone(),
            None => bail!("okr.yaml has no cycles"),
        },
    };
    let since = as_of.checked_sub_days(chrono::Days::new(u64::from(args.days))).unwrap_or(as_of);
    // Goalposts from git; outside git (or when the history cannot be read,
    // said on stderr) the digest has none.
    let goalposts = match okr::git::Repo::open(&root) {
        Ok(Some(repo)) => okr::git::history::goalposts_moved(&repo, &root, &cycle, since, as_of)
            .unwrap_or_else(|error| {
                eprintln!("warning: no goalposts in the digest: cannot read the git history: {error:#}");
                Vec::new()
            }),
        _ => Vec::new(),
    };
    let stale_days = config.rule_options("stale-key-result").and_then(|o| o.days).map_or(14, i64::from);
    let Some(digest) = digest(&workspace, &cycle, as_of, args.days, stale_days, goalposts) else {
        bail!("cycle `{cycle}` has no rollup");
    };
    super::print(&match args.format {
        Format::Markdown => render(&digest, config, true),
        Format::Text => render(&digest, config, false),
        Format::Json => render_json(&digest),
    })?;
    Ok(ExitCode::SUCCESS)
}
