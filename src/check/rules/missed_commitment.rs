//! `missed-commitment`: a committed objective of a closed cycle scored below 1.0.

use crate::check::Context;
use crate::config::CycleState;
use crate::diagnostic::Diagnostic;
use crate::rollup::rollup;

declare_rule!("missed-commitment", Warning, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let closed = cx.workspace.config.cycles.iter().any(|c| c.state == CycleState::Closed);
    if !closed {
        return;
    }
    let computed = rollup(cx.workspace, cx.as_of);
    for cycle in computed.cycles.iter().filter(|c| c.state == CycleState::Closed) {
        for objective in cycle.teams.iter().flat_map(|t| &t.objectives).filter(|o| o.missed_commitment) {
            let Some(file) = cx.workspace.files.iter().find(|f| f.path == objective.file) else { continue };
            let score = objective.score.unwrap_or_default();
            let message = format!(
                "committed objective `{}` scored {score:.2} in closed cycle {}",
                objective.id, cycle.id
            );
            out.push(
                Diagnostic::new(
                    RULE.name,
                    &file.path,
                    file.span(&format!("{}/commitment", objective.pointer)),
                    message,
                )
                .with_help("a commitment is met in full: write in `retro` what happened and what changes"),
            );
        }
    }
}
