//! `okr rollover FROM TO`: the next cycle's files, with the unfinished key
//! results of FROM carried forward.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::checkin::scalar;
use crate::model::{Alignment, KeyResult, Kpi, KrKind, Objective, ObjectiveRef, OkrFile, Workspace};
use crate::rollup::key_result_progress;

/// What one team carries into the new cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carried {
    pub team: String,
    /// Where the new file goes, relative to the root.
    pub path: String,
    pub objectives: usize,
    pub key_results: usize,
    /// Key results left behind because they are done.
    pub done: usize,
    /// `objective → team/objective` alignments dropped because the parent
    /// objective is not carried over.
    pub dropped_alignment: Vec<String>,
    /// The new file's text.
    pub text: String,
}

/// Progress at the end of FROM (or today, while it runs) decides what is
/// unfinished.
fn unfinished(kr: &KeyResult, as_of: NaiveDate) -> bool {
    key_result_progress(kr, as_of).progress < 1.0
}

/// Where a team's file in `to` goes: FROM's path with the cycle folder
/// replaced, else `<first configured folder>/<to>/<team>.yaml`.
fn path_for(file: &OkrFile, from: &str, to: &str, folders: &[String]) -> String {
    let parts: Vec<&str> = file.path.split('/').collect();
    if let Some(i) = parts.iter().rposition(|p| *p == from) {
        let mut moved: Vec<&str> = parts.clone();
        moved[i] = to;
        return moved.join("/");
    }
    let folder = folders.first().map_or("okrs", String::as_str).trim_end_matches('/');
    format!("{folder}/{to}/{}.yaml", file.data.team)
}

/// Every team of `from` with unfinished key results, and the file it gets in
/// `to`. `as_of` is the day progress is measured on.
/// `first_line` gives a file's first line (from its text as read), so that
/// an editor's schema modeline (`# yaml-language-server: $schema=…`) is
/// kept in the new file.
pub fn plan(
    workspace: &Workspace,
    from: &str,
    to: &str,
    as_of: NaiveDate,
    first_line: impl Fn(&str) -> Option<String>,
) -> Vec<Carried> {
    let files: Vec<&OkrFile> = workspace.files.iter().filter(|f| f.data.cycle == from).collect();
    // Objectives carried over: those with unfinished key results, then every
    // objective without key results (measured by the objectives aligned to
    // it) that one of them aligns to, transitively.
    let alignment = Alignment::of(workspace, from);
    let mut carried: Vec<bool> = alignment
        .nodes
        .iter()
        .map(|n| n.objective.key_results.iter().any(|k| unfinished(k, as_of)))
        .collect();
    let mut pending: Vec<usize> = (0..carried.len()).filter(|&i| carried[i]).collect();
    while let Some(i) = pending.pop() {
        for &p in alignment.parents[i].iter().flatten() {
            if !carried[p] && alignment.nodes[p].objective.key_results.is_empty() {
                carried[p] = true;
                pending.push(p);
            }
        }
    }
    // The graph's nodes are `files`' objectives in this same order.
    let mut node = 0;
    let mut out = Vec::new();
    for file in files {
        let path = path_for(file, from, to, &workspace.config.paths);
        // The modeline's relative path holds where the new file is as deep
        // as the old one (cycle folders side by side).
        let depth = |p: &str| p.matches('/').count();
        let modeline = first_line(&file.path)
            .filter(|line| line.starts_with("# yaml-language-server:") && depth(&path) == depth(&file.path))
            .map(|line| format!("{line}\n"))
            .unwrap_or_default();
        let mut text = format!(
            "{modeline}# Carried over from {from} by `okr rollover {from} {to}`: the unfinished key results,\n# starting where they ended. Review the targets before the cycle starts.\ncycle: {to}\nteam: {}\nobjectives:\n",
            file.data.team
        );
        let (mut objectives, mut key_results, mut done) = (0, 0, 0);
        let mut dropped = Vec::new();
        for objective in &file.data.objectives {
            let this = node;
            node += 1;
            let open: Vec<&KeyResult> =
                objective.key_results.iter().filter(|k| unfinished(k, as_of)).collect();
            done += objective.key_results.len() - open.len();
            if !carried[this] {
                continue;
            }
            objectives += 1;
            key_results += open.len();
            let (kept, lost): (Vec<(&ObjectiveRef, _)>, Vec<_>) = objective
                .aligned_to
                .iter()
                .zip(&alignment.parents[this])
                .partition(|(r, parent)| r.strategy().is_some() || parent.is_some_and(|p| carried[p]));
            let kept: Vec<&ObjectiveRef> = kept.into_iter().map(|(r, _)| r).collect();
            let lost = lost.into_iter().map(|(r, _)| r);
            dropped.extend(lost.map(|parent| format!("{}/{} → {parent}", file.data.team, objective.id)));
            write_objective(&mut text, objective, &kept, &open, as_of);
        }
        if objectives == 0 {
            continue;
        }
        write_kpis(&mut text, &file.data.kpis);
        out.push(Carried {
            team: file.data.team.clone(),
            path,
            objectives,
            key_results,
            done,
            dropped_alignment: dropped,
            text,
        });
    }
    out
}

/// `  key: value` lines of optional texts; multi-line texts as literal blocks.
fn text_field(out: &mut String, indent: &str, key: &str, value: Option<&str>) {
    let Some(value) = value else { return };
    if value.contains('\n') {
        let _ = writeln!(out, "{indent}{key}: |");
        for line in value.trim_end_matches('\n').lines() {
            let _ = writeln!(out, "{indent}  {line}");
        }
    } else {
        let _ = writeln!(out, "{indent}{key}: {}", scalar(value));
    }
}

fn number_field(out: &mut String, indent: &str, key: &str, value: Option<f64>) {
    if let Some(value) = value {
        let _ = writeln!(out, "{indent}{key}: {value}");
    }
}

fn list<T: std::fmt::Display>(items: &[&T]) -> String {
    let items: Vec<String> = items.iter().map(|i| scalar(&i.to_string())).collect();
    format!("[{}]", items.join(", "))
}

fn write_objective(
    out: &mut String,
    objective: &Objective,
    aligned: &[&ObjectiveRef],
    open: &[&KeyResult],
    as_of: NaiveDate,
) {
    let _ = writeln!(out, "  - id: {}", scalar(&objective.id));
    let _ = writeln!(out, "    title: {}", scalar(&objective.title));
    text_field(out, "    ", "description", objective.description.as_deref());
    let _ = writeln!(out, "    owner: {}", scalar(&objective.owner));
    if objective.commitment == crate::model::Commitment::Committed {
        out.push_str("    commitment: committed\n");
    }
    if !aligned.is_empty() {
        let _ = writeln!(out, "    aligned_to: {}", list(aligned));
    }
    if open.is_empty() {
        // Measured by the objectives aligned to it.
        return;
    }
    out.push_str("    key_results:\n");
    for kr in open {
        write_key_result(out, kr, as_of);
    }
}

fn write_key_result(out: &mut String, kr: &KeyResult, as_of: NaiveDate) {
    let indent = "        ";
    let _ = writeln!(out, "      - id: {}", scalar(&kr.id));
    let _ = writeln!(out, "{indent}title: {}", scalar(&kr.title));
    text_field(out, indent, "description", kr.description.as_deref());
    let _ = writeln!(out, "{indent}owner: {}", scalar(&kr.owner));
    if !kr.contributors.is_empty() {
        let contributors: Vec<&String> = kr.contributors.iter().collect();
        let _ = writeln!(out, "{indent}contributors: {}", list(&contributors));
    }
    match kr.kind {
        KrKind::Metric => {}
        KrKind::Milestone => {
            let _ = writeln!(out, "{indent}kind: milestone");
        }
        KrKind::Threshold => {
            let _ = writeln!(out, "{indent}kind: threshold");
        }
    }
    text_field(out, indent, "unit", kr.unit.as_deref());
    if kr.kind == KrKind::Metric {
        // The new start is where the key result ended: its last value.
        let start = key_result_progress(kr, as_of).current.or(kr.start);
        number_field(out, indent, "start", start);
        number_field(out, indent, "target", kr.target);
    }
    number_field(out, indent, "at_least", kr.at_least);
    number_field(out, indent, "at_most", kr.at_most);
    if (kr.weight - 1.0).abs() > f64::EPSILON {
        number_field(out, indent, "weight", Some(kr.weight));
    }
    let _ = writeln!(out, "{indent}checkins: []");
}

fn write_kpis(out: &mut String, kpis: &[Kpi]) {
    if kpis.is_empty() {
        return;
    }
    out.push_str("kpis:\n");
    for kpi in kpis {
        let _ = writeln!(out, "  - id: {}", scalar(&kpi.id));
        let _ = writeln!(out, "    title: {}", scalar(&kpi.title));
        text_field(out, "    ", "description", kpi.description.as_deref());
        let _ = writeln!(out, "    owner: {}", scalar(&kpi.owner));
        text_field(out, "    ", "unit", kpi.unit.as_deref());
        number_field(out, "    ", "at_least", kpi.at_least);
        number_field(out, "    ", "at_most", kpi.at_most);
        out.push_str("    checkins: []\n");
    }
}
