//! `okr checkin`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;

use okr::diagnostic::Summary;
use okr::edit::apply::{self, CheckinOutcome};
use okr::edit::checkin::{Measured, NewCheckin};
use okr::model::KrKind;

use super::{Cli, EXIT_TOOL_FAILURE};

pub(super) const AFTER_HELP: &str = "\
Adds the check-in as new lines after the key result's last one, written like it (flow or block
style, key order, indentation, line endings); nothing else in the file changes. The file is checked
with the edit before it is written: if the edit would add an error, nothing is written. Closed
cycles are refused.

Examples:
  okr checkin deploy-success 98.1 --confidence 0.8 --note \"canary rollout\"
  okr checkin ci-p90 27 --note \"sharding on 4 runners\" --blockers \"runner quota\" --next \"ask for 8\"
  okr checkin platform/boring-deploys/runbook --done
  okr checkin lead-time 7 --date 2026-11-20 --dry-run
  okr checkin p1-incidents 0 --note \"quiet month\"   a KPI's check-in";

#[derive(Debug, Args)]
#[allow(clippy::struct_excessive_bools, reason = "each flag is one independent command-line switch")]
pub(crate) struct CheckinArgs {
    /// The key result: any unambiguous end of `cycle/team/objective/id`, or `CYCLE/ID`; of several,
    /// the one in the active cycle. A KPI (`cycle/team/id`) takes a value and a note.
    key_result: String,
    /// The cycle of the key result (the same as writing `CYCLE/KEY_RESULT`).
    #[arg(long, value_name = "CYCLE")]
    cycle: Option<String>,
    /// The measured value (metrics and thresholds); negative values are values (`-3`).
    #[arg(allow_negative_numbers = true)]
    value: Option<String>,
    /// A milestone is done.
    #[arg(long, conflicts_with_all = ["not_done", "value"])]
    done: bool,
    /// A milestone is not done yet.
    #[arg(long, conflicts_with = "value")]
    not_done: bool,
    /// How likely the target is reached, 0.0–1.0.
    #[arg(long, value_name = "C")]
    confidence: Option<f64>,
    /// What changed, in a few words (it may start with `-`).
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    note: Option<String>,
    /// What is in the way (key results).
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    blockers: Option<String>,
    /// What happens before the next check-in (key results).
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    next: Option<String>,
    /// The day measured (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    date: Option<NaiveDate>,
    /// Print the change as a diff instead of writing it.
    #[arg(long)]
    dry_run: bool,
    /// The OKR repository's root [default: the folder holding okr.yaml, from the current folder up].
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
}

/// Refuses with a message: exit 1, nothing written.
fn refuse(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::FAILURE
}

pub(super) fn run(args: &CheckinArgs, cli: &Cli) -> Result<ExitCode> {
    let root = okr::load::find_root(Path::new("."), args.root.as_deref())?;
    let today = super::today();
    let selector = match &args.cycle {
        Some(cycle) => format!("{cycle}/{}", args.key_result),
        None => args.key_result.clone(),
    };
    let outcome =
        apply::checkin(&root, &selector, today, args.dry_run, |kind| new_checkin(args, kind, today))?;
    Ok(match outcome {
        CheckinOutcome::Written { address, date, path, kpi } => {
            if !cli.quiet {
                let what = if kpi { "the KPI " } else { "" };
                eprintln!("added a check-in of {what}{address} on {date} to {path}");
            }
            ExitCode::SUCCESS
        }
        CheckinOutcome::DryRun { diff } => {
            super::print(&diff)?;
            ExitCode::SUCCESS
        }
        CheckinOutcome::Refused(message) => refuse(message),
        CheckinOutcome::AddsErrors { errors, sources, path } => {
            let summary = Summary::new(1, &errors);
            eprint!("{}", okr::emit::render_human(&errors, &sources, summary, false));
            refuse(format!(
                "the check-in would add {} to {path}; nothing was written",
                okr::words::count(errors.len(), "error", "errors")
            ))
        }
        CheckinOutcome::ConfigBroken => {
            eprintln!("error: okr.yaml has errors; fix them first (`okr check`)");
            ExitCode::from(EXIT_TOOL_FAILURE)
        }
    })
}

/// The check-in the arguments describe, valid for the key result's kind
/// (or a KPI: a value and a note).
fn new_checkin(args: &CheckinArgs, kind: Measured, today: NaiveDate) -> Result<NewCheckin, String> {
    if kind == Measured::Kpi && (args.confidence.is_some() || args.blockers.is_some() || args.next.is_some())
    {
        return Err("this is a KPI, watched rather than aimed at: its check-ins have a value and a note, no --confidence, --blockers or --next".into());
    }
    let kind = match kind {
        Measured::KeyResult(kind) => kind,
        // A value, as a threshold's.
        Measured::Kpi => KrKind::Threshold,
    };
    let (value, done) = match kind {
        KrKind::Milestone => {
            if args.value.is_some() {
                return Err("a milestone takes --done or --not-done, not a value".into());
            }
            match (args.done, args.not_done) {
                (true, _) => (None, Some(true)),
                (_, true) => (None, Some(false)),
                _ => return Err("a milestone needs --done or --not-done".into()),
            }
        }
        KrKind::Metric | KrKind::Threshold => {
            if args.done || args.not_done {
                return Err("--done and --not-done are for milestones; give the measured value".into());
            }
            let Some(text) = &args.value else {
                return Err("give the measured value, e.g. `okr checkin KR 42`".into());
            };
            match text.parse::<f64>() {
                Ok(value) if value.is_finite() => (Some(value), None),
                _ => return Err(format!("`{text}` is not a number")),
            }
        }
    };
    if let Some(c) = args.confidence {
        if !(0.0..=1.0).contains(&c) {
            return Err(format!("confidence {c} is not between 0.0 and 1.0"));
        }
    }
    Ok(NewCheckin {
        date: args.date.unwrap_or(today),
        value,
        done,
        confidence: args.confidence,
        note: args.note.clone(),
        blockers: args.blockers.clone(),
        next: args.next.clone(),
    })
}
