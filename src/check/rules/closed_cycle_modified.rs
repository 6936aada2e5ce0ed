//! `closed-cycle-modified`: a closed cycle's OKRs are a record, not a draft.

use std::collections::BTreeMap;

use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::diff::{self, ChangeKind, Subject};
use crate::source::Span;

declare_rule!("closed-cycle-modified", Warning, Some(check));

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
            ChangeKind::Changed { field: "retro", .. } => continue,
            ChangeKind::Added { .. } => ("id", "added".to_owned()),
            ChangeKind::Removed { .. } => ("id", "removed".to_owned()),
            ChangeKind::Changed { field, .. } => (*field, field.replace('_', " ")),
            ChangeKind::Checkin { date, .. } => ("checkins", format!("check-in {date} added")),
            ChangeKind::CheckinEdited { date, .. } => ("checkins", format!("check-in {date} rewritten")),
            ChangeKind::CheckinRemoved { date } => ("checkins", format!("check-in {date} removed")),
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
        out.push(Diagnostic::new(RULE.name, &file, span, message).with_help(
            "a closed cycle is the record of what happened: undo the change, or write what you learned in the objective's `retro`",
        ));
    }
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
            .map(|i| format!("/cycles/{i}/state"));
        if reopened {
            let span = at.map_or(Span::START, |pointer| cx.config_span(&pointer));
            out.push(
                Diagnostic::new(
                    RULE.name,
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
