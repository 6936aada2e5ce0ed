//! `missing-retro`: a closed cycle's objective that fell short has no retro.

use std::collections::HashMap;

use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::model::OkrFile;

declare_rule!(MissingRetro, "missing-retro", Warning, Some(check));

/// Below this score an aspirational objective's retro is asked for too.
const LOW_SCORE: f64 = 0.4;

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let files: HashMap<&str, &OkrFile> = cx.workspace.files.iter().map(|f| (f.path.as_str(), f)).collect();
    for cycle in cx.closed_rollups() {
        for objective in cycle.teams.iter().flat_map(|t| &t.objectives) {
            let Some(score) = objective.score else { continue };
            let written = objective.objective();
            let has_retro = written.retro.as_deref().is_some_and(|r| !r.trim().is_empty());
            if has_retro || !(objective.missed_commitment || score < LOW_SCORE) {
                continue;
            }
            let Some(file) = files.get(objective.file.as_str()) else { continue };
            // A file read in part has unknown scores (`missed-commitment` says the same).
            if !file.is_whole(&objective.id) {
                continue;
            }
            let why = if objective.missed_commitment {
                format!("missed its commitment (scored {})", crate::rollup::score_text(score))
            } else {
                format!("scored {}", crate::rollup::score_text(score))
            };
            let message =
                format!("objective `{}` of closed cycle {} {why} and has no `retro`", objective.id, cycle.id);
            out.push(
                Diagnostic::new(RULE.id, &file.path, file.span(objective.pointer.key("id")), message)
                    .with_help(
                        "add `retro:` with what happened, what you learned and what changes next cycle",
                    ),
            );
        }
    }
}
