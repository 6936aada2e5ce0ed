//! `objective-count`: a team focuses on a few objectives per cycle.

use crate::check::Context;
use crate::diagnostic::Diagnostic;

declare_rule!(ObjectiveCount, "objective-count", Warning, Some(check));

const DEFAULT_MAX: usize = 5;

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let max = cx.options(RULE.id).and_then(|o| o.max).map_or(DEFAULT_MAX, |m| m as usize);
    for ((cycle, team), files) in &cx.files_by_unit {
        let objectives: Vec<_> =
            files.iter().flat_map(|f| f.objectives().map(move |(p, _)| (*f, p))).collect();
        // Objectives a schema error left unread count too.
        let unread: usize = files.iter().filter_map(|f| f.partial.as_ref()).map(|p| p.objectives.len()).sum();
        let count = objectives.len() + unread;
        if count > max {
            let Some((file, pointer)) = objectives.get(max).or(objectives.last()) else { continue };
            let message =
                format!("team `{team}` has {count} objectives in {cycle}; at most {max} keep a team focused");
            out.push(
                Diagnostic::new(RULE.id, &file.path, file.span(pointer.key("id")), message)
                    .with_help("merge related objectives, or move the least important to a later cycle"),
            );
        }
    }
}
