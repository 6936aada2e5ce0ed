//! `unknown-alignment`: `aligned_to` must name an objective of the same
//! cycle, or a strategic objective of okr.yaml (`strategy/<id>`).

use crate::check::{Context, Names};
use crate::diagnostic::Diagnostic;
use crate::load::Pointer;

declare_rule!(UnknownAlignment, "unknown-alignment", Error, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // A team with a file in a cycle okr.yaml does not know (a misspelt
    // `cycle:`) may have the objective in it.
    let lost: std::collections::HashSet<&str> = cx
        .workspace
        .files
        .iter()
        .filter(|f| !cx.cycles.contains_key(f.data.cycle.as_str()))
        .map(|f| f.data.team.as_str())
        .collect();
    // In a cycle okr.yaml does not know (reported by `unknown-cycle`) no
    // objective can be found.
    for (&cycle, alignment) in cx.alignments().iter().filter(|(c, _)| cx.cycles.contains_key(*c)) {
        for (node, parents) in alignment.nodes.iter().zip(&alignment.parents) {
            let file = node.file;
            let unknown = parents.iter().enumerate().filter(|(_, p)| p.is_none()).map(|(a, _)| a);
            for a in unknown {
                let Some(reference) = node.objective.aligned_to.get(a) else { continue };
                let (team, target) = (reference.team.as_str(), reference.objective.as_str());
                let span = || file.span(Pointer::objective(node.index).entry("aligned_to", a));
                if let Some(id) = reference.strategy() {
                    if cx.workspace.config.strategic(id).is_none() {
                        out.push(unknown_strategy(cx, &file.path, span(), id));
                    }
                    continue;
                }
                if !cx.teams.contains(team) {
                    let help = cx.suggestion(team, Names::Teams);
                    let message =
                        format!("`{reference}` names team `{team}`, which is not in okr.yaml teams");
                    out.push(Diagnostic::new(RULE.id, &file.path, span(), message).with_help(help));
                    continue;
                }
                if lost.contains(team) || cx.workspace.may_hold(cycle, team, target) {
                    continue;
                }
                let candidates: Vec<&str> = cx
                    .objectives
                    .keys()
                    .filter(|(c, t, _)| *c == cycle && *t == team)
                    .map(|(_, _, id)| *id)
                    .collect();
                let help = match crate::suggest::did_you_mean(target, candidates.iter().copied()) {
                    Some(close) => format!("did you mean `{team}/{close}`?"),
                    None if candidates.is_empty() => format!("team `{team}` has no objectives in {cycle}"),
                    None => format!("objectives of `{team}` in {cycle}: {}", candidates.join(", ")),
                };
                let message =
                    format!("`{reference}`: team `{team}` has no objective `{target}` in cycle {cycle}");
                out.push(Diagnostic::new(RULE.id, &file.path, span(), message).with_help(help));
            }
        }
    }
}

fn unknown_strategy(cx: &Context<'_>, file: &str, span: crate::source::Span, id: &str) -> Diagnostic {
    let strategy = &cx.workspace.config.strategy;
    let ids = strategy.iter().map(|s| s.id.as_str());
    let help = match crate::suggest::did_you_mean(id, ids.clone()) {
        Some(close) => format!("did you mean `strategy/{close}`?"),
        None if strategy.is_empty() => {
            "okr.yaml has no `strategy:`; add the strategic objective there, or align to an objective"
                .to_owned()
        }
        None => format!("strategic objectives in okr.yaml: {}", ids.collect::<Vec<_>>().join(", ")),
    };
    let message = format!("`strategy/{id}` names no strategic objective of okr.yaml");
    Diagnostic::new(RULE.id, file, span, message).with_help(help)
}
