//! `unknown-alignment`: `aligned_to` must name an objective of the same cycle.

use crate::check::{Context, Names};
use crate::diagnostic::Diagnostic;

declare_rule!(UnknownAlignment, "unknown-alignment", Error, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for file in &cx.workspace.files {
        let cycle = file.data.cycle.as_str();
        for (pointer, objective) in file.objectives() {
            for (a, reference) in objective.aligned_to.iter().enumerate() {
                let Some((team, target)) = reference.split_once('/') else { continue };
                let span = || file.span(pointer.entry("aligned_to", a));
                if !cx.teams.contains(team) {
                    let help = cx.suggestion(team, Names::Teams);
                    let message =
                        format!("`{reference}` names team `{team}`, which is not in okr.yaml teams");
                    out.push(Diagnostic::new(RULE.id, &file.path, span(), message).with_help(help));
                    continue;
                }
                if cx.objectives.contains_key(&(cycle, team, target))
                    || cx.workspace.is_incomplete(cycle, team)
                {
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
