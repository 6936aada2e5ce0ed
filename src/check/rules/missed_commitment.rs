//! `missed-commitment`: a committed objective of a closed cycle scored below 1.0.

use std::collections::HashMap;

use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::model::OkrFile;

declare_rule!(MissedCommitment, "missed-commitment", Warning, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // The files by path: a closed cycle may hold thousands of missed
    // commitments.
    let files: HashMap<&str, &OkrFile> = cx.workspace.files.iter().map(|f| (f.path.as_str(), f)).collect();
    for cycle in cx.closed_rollups() {
        for objective in cycle.teams.iter().flat_map(|t| &t.objectives).filter(|o| o.missed_commitment) {
            let Some(file) = files.get(objective.file.as_str()) else { continue };
            let score = objective.score.unwrap_or_default();
            let message = format!(
                "committed objective `{}` scored {score:.2} in closed cycle {}",
                objective.id, cycle.id
            );
            out.push(
                Diagnostic::new(RULE.id, &file.path, file.span(objective.pointer.key("commitment")), message)
                    .with_help(
                        "a commitment is met in full: write in `retro` what happened and what changes",
                    ),
            );
        }
    }
}
