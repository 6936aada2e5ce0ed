//! `orphan-objective`: an objective below the top team aligns to nothing.

use crate::check::Context;
use crate::diagnostic::Diagnostic;

declare_rule!(OrphanObjective, "orphan-objective", Off, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let config = &cx.workspace.config;
    let parent = |team: &str| config.teams.iter().find(|t| t.id == team).and_then(|t| t.parent.as_deref());
    // A closed cycle's alignment is history.
    for file in cx.open_files() {
        let Some(parent) = parent(&file.data.team) else { continue };
        for (pointer, objective) in file.objectives().filter(|(_, o)| o.aligned_to.is_empty()) {
            let message = format!(
                "objective `{}` of team `{}` aligns to nothing: which objective of `{parent}` or of the strategy does it serve?",
                objective.id, file.data.team
            );
            let help = if config.strategy.is_empty() {
                format!("add `aligned_to: [{parent}/<objective>]`, naming an objective of the team above")
            } else {
                format!("add `aligned_to: [{parent}/<objective>]` or `aligned_to: [strategy/<id>]`")
            };
            out.push(
                Diagnostic::new(RULE.id, &file.path, file.span(pointer.key("id")), message).with_help(help),
            );
        }
    }
}
