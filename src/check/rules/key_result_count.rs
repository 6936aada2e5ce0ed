//! `key-result-count`: each objective is measured by a few key results.

use std::collections::HashSet;

use crate::check::Context;
use crate::diagnostic::Diagnostic;

declare_rule!(KeyResultCount, "key-result-count", Warning, Some(check));

const DEFAULT_MIN: usize = 2;
const DEFAULT_MAX: usize = 5;

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let options = cx.options(RULE.id);
    let min = options.and_then(|o| o.min).map_or(DEFAULT_MIN, |m| m as usize);
    let max = options.and_then(|o| o.max).map_or(DEFAULT_MAX, |m| m as usize);
    // Objectives others align to: with no key results of their own, they are
    // aggregates of their children, which is fine.
    let parents: HashSet<(&str, &str, &str)> = cx
        .alignments()
        .iter()
        .flat_map(|(&cycle, alignment)| {
            alignment
                .nodes
                .iter()
                .enumerate()
                .filter(|&(i, _)| alignment.is_named(i))
                .map(move |(_, node)| (cycle, node.team(), node.objective.id.as_str()))
        })
        .collect();
    for file in &cx.workspace.files {
        // An objective that lost key results to schema errors has an unknown number of them.
        for (pointer, objective) in file.objectives().filter(|(_, o)| file.is_whole(&o.id)) {
            let count = objective.key_results.len();
            let id = objective.id.as_str();
            let message = if count == 0 {
                // In a cycle okr.yaml does not know, nothing can align to it.
                let unknown_cycle = !cx.cycles.contains_key(file.data.cycle.as_str());
                if unknown_cycle || parents.contains(&(file.data.cycle.as_str(), file.data.team.as_str(), id))
                {
                    continue;
                }
                format!("objective `{id}` has no key results and nothing aligned to it")
            } else if count < min {
                format!(
                    "objective `{id}` has {count} key result{}; use at least {min}",
                    if count == 1 { "" } else { "s" }
                )
            } else if count > max {
                format!("objective `{id}` has {count} key results; at most {max} keep it measurable")
            } else {
                continue;
            };
            out.push(
                Diagnostic::new(RULE.id, &file.path, file.span(pointer.key("id")), message)
                    .with_help(format!("{min} to {max} key results that together show the objective is met")),
            );
        }
    }
}
