//! `closed-cycle-modified`: a closed cycle's OKRs are a record, not a draft.

use std::collections::{BTreeMap, HashSet};

use crate::check::{BaseFacts, Context};
use crate::diagnostic::Diagnostic;
use crate::diff::{self, ChangeKind, Field, Subject};
use crate::load::Pointer;
use crate::source::Span;

declare_rule!(ClosedCycleModified, "closed-cycle-modified", Warning, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(base) = cx.base else { return };
    // What changed in each subject of a cycle closed at the base; a retro is
    // written after closing and is no change to the record.
    // Each subject is pointed at through its first changed field, else its id.
    let mut by_subject: BTreeMap<&Subject, (&'static str, Vec<String>)> = BTreeMap::new();
    for change in cx.changes_since_base() {
        let Some((cycle, _)) = change.subject.unit() else { continue };
        if !diff::is_closed(&base.workspace.config, cycle) {
            continue;
        }
        let (field, what) = match &change.kind {
            ChangeKind::Changed { field: Field::Retro, .. } => continue,
            ChangeKind::Added { .. } => ("id", "added".to_owned()),
            ChangeKind::Removed { .. } => ("id", "removed".to_owned()),
            ChangeKind::Changed { field, .. } => (field.as_str(), field.words()),
            ChangeKind::Checkin { date, .. } => ("checkins", format!("check-in {date} added")),
            ChangeKind::CheckinEdited { date, .. } => ("checkins", format!("check-in {date} rewritten")),
            ChangeKind::CheckinRemoved { date } => ("checkins", format!("check-in {date} removed")),
            ChangeKind::Renamed { .. } => ("id", "renamed or moved".to_owned()),
        };
        by_subject.entry(&change.subject).or_insert((field, Vec::new())).1.push(what);
    }
    for (subject, (field, what)) in by_subject {
        let (cycle, team) = subject.unit().unwrap_or_default();
        let (name, id) = match subject {
            Subject::Objective { objective, .. } => ("objective", objective),
            Subject::KeyResult { key_result, .. } => ("key result", key_result),
            Subject::Kpi { kpi, .. } => ("KPI", kpi),
            _ => continue,
        };
        // A removed subject is pointed at through its team's file, if any.
        let (file, span) = match cx.locate(subject, Some(field)).or_else(|| cx.locate(subject, Some("id"))) {
            Some((file, span)) => (file.path.clone(), span),
            None => match cx.files_by_unit.get(&(cycle, team)).and_then(|files| files.first()) {
                Some(file) => (file.path.clone(), Span::START),
                None => continue,
            },
        };
        let message =
            format!("{name} `{id}` of closed cycle {cycle} changed since {}: {}", base.name, what.join(", "));
        out.push(Diagnostic::new(RULE.id, &file, span, message).with_help(
            "a closed cycle is the record of what happened: undo the change, or write what you learned in the objective's `retro`",
        ));
    }
    removed_records(cx, base, out);
    // Reopening a cycle rewrites the record too.
    for cycle in &cx.workspace.config.cycles {
        let reopened = diff::is_closed(&base.workspace.config, &cycle.id)
            && !diff::is_closed(&cx.workspace.config, &cycle.id);
        let at = cx
            .workspace
            .config
            .cycles
            .iter()
            .position(|c| c.id == cycle.id)
            .map(|i| Pointer::ROOT.entry("cycles", i).key("state"));
        if reopened {
            let span = at.map_or(Span::START, |pointer| cx.config_span(pointer));
            out.push(
                Diagnostic::new(
                    RULE.id,
                    cx.config_file(),
                    span,
                    format!("cycle `{}` was closed at {} and is reopened", cycle.id, base.name),
                )
                .with_help(
                    "keep the cycle closed; carry unfinished work into the next cycle with `okr rollover`",
                ),
            );
        }
    }
}

/// What of a closed cycle's record is gone altogether: a cycle closed at the
/// base that okr.yaml no longer has (renamed, when a new cycle has its
/// dates), and a closed cycle's file deleted with no other file for its
/// team. Their subjects have no place left in the work tree, so they are
/// reported at okr.yaml.
fn removed_records(cx: &Context<'_>, base: &BaseFacts, out: &mut Vec<Diagnostic>) {
    let config = &cx.workspace.config;
    let cycle_span = |id: &str| {
        config
            .cycles
            .iter()
            .position(|c| c.id == id)
            .map_or(Span::START, |i| cx.config_span(Pointer::ROOT.entry("cycles", i).key("id")))
    };
    let help = "a closed cycle is the record of what happened: restore it as it was at the base";
    for closed in base.workspace.config.cycles.iter().filter(|c| c.state == crate::config::CycleState::Closed)
    {
        if config.cycle(&closed.id).is_some() {
            continue;
        }
        let renamed = config.cycles.iter().find(|c| {
            c.start == closed.start && c.end == closed.end && base.workspace.config.cycle(&c.id).is_none()
        });
        let (span, message) = match renamed {
            Some(new) => (
                cycle_span(&new.id),
                format!("cycle `{}` was closed at {} and is renamed `{}`", closed.id, base.name, new.id),
            ),
            None => (
                cx.config_span(Pointer::ROOT.key("cycles")),
                format!("cycle `{}` was closed at {} and is removed from okr.yaml", closed.id, base.name),
            ),
        };
        out.push(Diagnostic::new(RULE.id, cx.config_file(), span, message).with_help(help));
    }
    let present: HashSet<&str> = cx.workspace.files.iter().map(|f| f.path.as_str()).collect();
    for file in &base.workspace.files {
        let (cycle, team) = (file.data.cycle.as_str(), file.data.team.as_str());
        let still_there =
            present.contains(file.path.as_str()) || cx.files_by_unit.contains_key(&(cycle, team));
        if still_there || !diff::is_closed(&base.workspace.config, cycle) || config.cycle(cycle).is_none() {
            continue;
        }
        let objectives = file.data.objectives.len();
        let key_results: usize = file.data.objectives.iter().map(|o| o.key_results.len()).sum();
        let message = format!(
            "{} of closed cycle {cycle} was deleted since {}: {objectives} objective(s) and {key_results} key result(s) of team `{team}` removed from the record",
            file.path, base.name
        );
        out.push(Diagnostic::new(RULE.id, cx.config_file(), cycle_span(cycle), message).with_help(help));
    }
}
