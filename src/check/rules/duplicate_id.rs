//! `duplicate-id`: ids must be unique where they are looked up.

use std::collections::HashMap;

use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::load::Pointer;
use crate::model::OkrFile;
use crate::source::Span;

declare_rule!(DuplicateId, "duplicate-id", Error, Some(check));

const NAME: crate::diagnostic::RuleId = RULE.id;

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let config = &cx.workspace.config;
    let file = cx.config_file();
    // Compared without case: cycle ids name folders, and `2026-Q4` and
    // `2026-q4` are one folder on macOS and Windows file systems.
    let in_config = |list: &'static str, ids: Vec<&str>, out: &mut Vec<Diagnostic>| {
        let mut first: HashMap<String, (usize, &str)> = HashMap::new();
        for (i, id) in ids.into_iter().enumerate() {
            if let Some(&(j, earlier_id)) = first.get(&id.to_ascii_lowercase()) {
                let span = cx.config_span(Pointer::ROOT.entry(list, i).key("id"));
                let earlier = cx.config_span(Pointer::ROOT.entry(list, j).key("id"));
                let diagnostic = if earlier_id == id {
                    duplicate(file, span, list, id, file, earlier)
                } else {
                    Diagnostic::new(
                        NAME,
                        file,
                        span,
                        format!("`{id}` differs from `{earlier_id}` only by case; their folders would be one on macOS and Windows"),
                    )
                    .with_help(format!("use one spelling, `{earlier_id}`, or another id"))
                    .with_label(file, earlier, "first used here")
                };
                out.push(diagnostic);
            } else {
                first.insert(id.to_ascii_lowercase(), (i, id));
            }
        }
    };
    in_config("cycles", config.cycles.iter().map(|c| c.id.as_str()).collect(), out);
    in_config("teams", config.teams.iter().map(|t| t.id.as_str()).collect(), out);
    in_config("people", config.people.iter().map(|p| p.id.as_str()).collect(), out);
    in_config("strategy", config.strategy.iter().map(|s| s.id.as_str()).collect(), out);

    for ((cycle, team), files) in &cx.files_by_unit {
        let scope = format!("team `{team}` in cycle `{cycle}`");
        let objectives_scope = format!("objectives of {scope}");
        let kpis_scope = format!("KPIs of {scope}");
        let mut objectives: HashMap<&str, (&OkrFile, Pointer)> = HashMap::new();
        let mut kpis: HashMap<&str, (&OkrFile, Pointer)> = HashMap::new();
        for okr_file in files {
            for (pointer, objective) in okr_file.objectives() {
                let id_pointer = pointer.key("id");
                report_repeat(&mut objectives, &objective.id, okr_file, id_pointer, &objectives_scope, out);
                // Key results repeat within their objective (one file): the
                // first's index is enough, and texts are made for a finding only.
                let mut key_results: HashMap<&str, usize> = HashMap::new();
                for (j, key_result) in objective.key_results.iter().enumerate() {
                    let Some(&first) = key_results.get(key_result.id.as_str()) else {
                        key_results.insert(&key_result.id, j);
                        continue;
                    };
                    let what = format!("key results of objective `{}`", objective.id);
                    let span = okr_file.span(pointer.key_result(j).key("id"));
                    let earlier = okr_file.span(pointer.key_result(first).key("id"));
                    out.push(duplicate(&okr_file.path, span, &what, &key_result.id, &okr_file.path, earlier));
                }
            }
            for (k, kpi) in okr_file.data.kpis.iter().enumerate() {
                report_repeat(&mut kpis, &kpi.id, okr_file, Pointer::kpi(k).key("id"), &kpis_scope, out);
            }
        }
    }
}

fn report_repeat<'f>(
    seen: &mut HashMap<&'f str, (&'f OkrFile, Pointer)>,
    id: &'f str,
    file: &'f OkrFile,
    pointer: Pointer,
    scope: &str,
    out: &mut Vec<Diagnostic>,
) {
    match seen.get(id) {
        Some((first_file, first_pointer)) => {
            out.push(duplicate(
                &file.path,
                file.span(pointer),
                scope,
                id,
                &first_file.path,
                first_file.span(*first_pointer),
            ));
        }
        None => {
            seen.insert(id, (file, pointer));
        }
    }
}

fn duplicate(file: &str, span: Span, scope: &str, id: &str, first_file: &str, first: Span) -> Diagnostic {
    Diagnostic::new(NAME, file, span, format!("`{id}` is used twice among the {scope}"))
        .with_help(format!(
            "rename one of them; the first is at {first_file}:{}:{}",
            first.start.line, first.start.col
        ))
        .with_label(first_file, first, "first used here")
}
