//! `okr checkin`.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};
use chrono::NaiveDate;
use clap::Args;

use okr::check::{self, CheckOptions};
use okr::config::CycleState;
use okr::diagnostic::{Diagnostic, Severity, Summary};
use okr::edit::checkin::{find, insert, NewCheckin};
use okr::load::{Overlay, WorkTree};
use okr::model::KrKind;

use super::{Cli, EXIT_TOOL_FAILURE};

pub(super) const AFTER_HELP: &str = "\
Adds the check-in as new lines after the key result's last one, written like it (flow or block
style, key order, indentation, line endings); nothing else in the file changes. The file is checked
with the edit before it is written: if the edit would add an error, nothing is written. Closed
cycles are refused.

Examples:
  okr checkin deploy-success 98.1 --confidence 0.8 --note \"canary rollout\"
  okr checkin platform/boring-deploys/runbook --done
  okr checkin lead-time 7 --date 2026-11-20 --dry-run";

#[derive(Debug, Args)]
#[allow(clippy::struct_excessive_bools, reason = "each flag is one independent command-line switch")]
pub(crate) struct CheckinArgs {
    /// The key result: any unambiguous end of `cycle/team/objective/id`.
    key_result: String,
    /// The measured value (metrics and thresholds).
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
    /// What changed, in a few words.
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
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

fn errors_in<'d>(diagnostics: &'d [Diagnostic], file: &str) -> Vec<&'d Diagnostic> {
    diagnostics.iter().filter(|d| d.severity == Severity::Error && d.file == file).collect()
}

pub(super) fn run(args: &CheckinArgs, cli: &Cli) -> Result<ExitCode> {
    let root = okr::load::find_root(Path::new("."), args.root.as_deref())?;
    // Held until the file is written: a second `okr checkin` waits for this one.
    let _lock = if args.dry_run { None } else { Some(okr::write::RepositoryLock::acquire(&root)?) };
    let today = super::today();
    let options = CheckOptions { as_of: today, ..Default::default() };
    let before = check::run(&root, &options)?;
    let Some(workspace) = &before.workspace else {
        eprintln!("error: okr.yaml has errors; fix them first (`okr check`)");
        return Ok(ExitCode::from(EXIT_TOOL_FAILURE));
    };
    let target = match find(workspace, &args.key_result) {
        Ok(target) => target,
        Err(error) => return Ok(refuse(error)),
    };
    let file = &workspace.files[target.file];
    if workspace.config.cycle(&target.cycle).is_some_and(|c| c.state == CycleState::Closed) {
        return Ok(refuse(format!(
            "{} is in {}, which is closed: its check-ins are the record of what happened",
            target.address, target.cycle
        )));
    }
    let checkin = match new_checkin(args, target.kind, today) {
        Ok(checkin) => checkin,
        Err(message) => return Ok(refuse(format!("{}: {message}", target.address))),
    };

    let path = root.join(&file.path);
    let raw = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let bom = raw.starts_with(b"\xEF\xBB\xBF");
    let text = std::str::from_utf8(&raw[if bom { 3 } else { 0 }..])
        .with_context(|| format!("{} is not UTF-8", path.display()))?;
    if before.sources.get(&file.path).is_none_or(|source| *source.text != *text) {
        bail!("{} changed while okr was reading it: nothing was written; run the command again", file.path);
    }
    let Some(edited) = insert(text, &file.spans, &target.pointer, &checkin) else {
        bail!("cannot tell where the check-ins of {} end in {}; add it by hand", target.address, file.path)
    };
    let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
    bytes.extend_from_slice(edited.as_bytes());

    // The repository with the edit, checked before anything is written.
    let edited_files = BTreeMap::from([(file.path.clone(), bytes.clone())]);
    let source = Overlay { base: &WorkTree { root: &root }, files: &edited_files };
    let after = check::run_from(&root, &source, &options)?;
    let known: HashSet<(okr::diagnostic::RuleId, &str)> =
        errors_in(&before.diagnostics, &file.path).iter().map(|d| (d.rule, d.message.as_str())).collect();
    let added: Vec<Diagnostic> = errors_in(&after.diagnostics, &file.path)
        .into_iter()
        .filter(|d| !known.contains(&(d.rule, d.message.as_str())))
        .cloned()
        .collect();
    if !added.is_empty() {
        let summary = Summary::new(1, &added);
        eprint!("{}", okr::emit::render_human(&added, &after.sources, summary, false));
        return Ok(refuse(format!(
            "the check-in would add {} error(s) to {}; nothing was written",
            added.len(),
            file.path
        )));
    }
    let recorded = after
        .workspace
        .as_ref()
        .and_then(|w| find(w, &target.address).ok())
        .is_some_and(|t| t.checkins == target.checkins + 1);
    if !recorded {
        bail!("the edited {} does not read back with the new check-in; nothing was written", file.path);
    }

    if args.dry_run {
        let diff = similar::TextDiff::from_lines(text, edited.as_str());
        let unified = diff
            .unified_diff()
            .context_radius(2)
            .header(&format!("a/{}", file.path), &format!("b/{}", file.path))
            .to_string();
        super::print(&unified)?;
        return Ok(ExitCode::SUCCESS);
    }
    okr::write::replace(&path, &raw, &bytes)?;
    if !cli.quiet {
        eprintln!("added a check-in of {} on {} to {}", target.address, checkin.date, file.path);
    }
    Ok(ExitCode::SUCCESS)
}

/// The check-in the arguments describe, valid for the key result's kind.
fn new_checkin(args: &CheckinArgs, kind: KrKind, today: NaiveDate) -> Result<NewCheckin, String> {
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
    })
}
