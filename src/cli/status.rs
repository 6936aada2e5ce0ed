//! `okr status`.

use std::collections::HashSet;
use std::process::ExitCode;

use anyhow::{bail, Result};
use chrono::NaiveDate;
use clap::Args;

use okr::render::terminal::{render_status, render_status_json, StatusView, MAX_WIDTH, MIN_WIDTH};
use okr::rollup::{rollup, subtree};

use super::{Cli, RootArgs};

pub(super) const AFTER_HELP: &str = "\
Shows the active cycle (or --cycle) team by team, in tree order: progress bar with a │ where
progress should be by now, percent, status, owner, confidence and last check-in date.

Status (docs/rollup.md): each key result is expected somewhere today: a metric on the straight line
from start to target, a milestone at 0 until its due date and 1 from then on, a threshold at 1.
Objectives, teams and the organisation are expected at the mean of what they average. In an active
cycle the first rule that matches wins:
  done         progress reached 1 (never a threshold before its cycle closes)
  not-started  no check-in yet, within status.grace_days (14) of the cycle's start
  no-data      no check-in, after the grace days
  off-track    more than status.off_track_gap (0.30) behind, a threshold breaking its bound,
               or a milestone not done on or after its due date
  at-risk      more than status.at_risk_gap (0.15) behind, or confidence below status.low_confidence
  on-track     otherwise
A closed cycle shows results: done, achieved (aspirational, at least 0.7) or missed. A planned cycle
is not-started. --explain adds each formula, the expected progress, the change in 7 days and the
reason for each status.

Examples:
  okr status                         the active cycle
  okr status --team engineering      a team and the teams below it
  okr status --owner alice           what one person is accountable for
  okr status --explain --as-of 2026-11-15
  okr status --format json | jq '.rows[] | select(.status == \"off-track\")'

Width: the terminal's (titles get what is more than 80 columns), or --width; 80 when the output is
not a terminal, so that what is piped or saved is the same everywhere.";

#[derive(Debug, Args)]
pub(crate) struct StatusArgs {
    #[command(flatten)]
    root: RootArgs,
    /// The cycle to show [default: the active cycle].
    #[arg(long, value_name = "ID")]
    cycle: Option<String>,
    /// Only this team and the teams below it.
    #[arg(long, value_name = "ID")]
    team: Option<String>,
    /// Only what this person owns.
    #[arg(long, value_name = "PERSON")]
    owner: Option<String>,
    /// Show how every number was computed.
    #[arg(long)]
    explain: bool,
    /// Compute as of this date (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    as_of: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Columns to fill (80 to 300) [default: the terminal's width, 80 when not a terminal].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(80..=300))]
    width: Option<u16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Bars, percentages and status words, team by team.
    Human,
    /// The same rows as one JSON object (docs/formats.md).
    Json,
}

/// The terminal's width when the output is one, clamped to what the view
/// fills; 80 otherwise.
fn width(asked: Option<u16>) -> usize {
    use std::io::IsTerminal as _;
    if let Some(asked) = asked {
        return usize::from(asked);
    }
    if !std::io::stdout().is_terminal() {
        return MIN_WIDTH;
    }
    terminal_size::terminal_size()
        .map_or(MIN_WIDTH, |(terminal_size::Width(w), _)| usize::from(w).clamp(MIN_WIDTH, MAX_WIDTH))
}

pub(super) fn run(args: &StatusArgs, cli: &Cli) -> Result<ExitCode> {
    let as_of = args.as_of.unwrap_or_else(super::today);
    let workspace = match super::valid_workspace(&args.root, cli)? {
        Ok(workspace) => workspace,
        Err(code) => return Ok(code),
    };
    let config = &workspace.config;
    let cycle_id = match &args.cycle {
        Some(id) if config.cycle(id).is_none() => {
            let known: Vec<&str> = config.cycles.iter().map(|c| c.id.as_str()).collect();
            return Err(super::unknown("cycle", id, &known));
        }
        Some(id) => id.clone(),
        None => config.default_cycle(as_of).map(|c| c.id.clone()).unwrap_or_default(),
    };
    if let Some(team) = &args.team {
        if !config.teams.iter().any(|t| &t.id == team) {
            let known: Vec<&str> = config.teams.iter().map(|t| t.id.as_str()).collect();
            return Err(super::unknown("team", team, &known));
        }
    }
    if let Some(owner) = &args.owner {
        if !config.people.iter().any(|p| &p.id == owner) {
            let known: Vec<&str> = config.people.iter().map(|p| p.id.as_str()).collect();
            return Err(super::unknown("person", owner, &known));
        }
    }
    let computed = rollup(&workspace, as_of);
    let Some(cycle) = computed.cycles.iter().find(|c| c.id == cycle_id) else {
        bail!("cycle `{cycle_id}` has no rollup");
    };
    let view = StatusView {
        organisation: &computed.organisation,
        cycle,
        as_of,
        teams: args
            .team
            .as_deref()
            .map(|t| subtree(config, t).into_iter().map(str::to_owned).collect::<HashSet<_>>()),
        owner: args.owner.as_deref(),
        explain: args.explain,
        color: cli.color.enabled() && args.format == Format::Human,
        width: width(args.width),
    };
    super::print(&match args.format {
        Format::Human => render_status(&view),
        Format::Json => render_status_json(&view),
    })?;
    Ok(ExitCode::SUCCESS)
}
