//! `sandbagging`: every objective of a team scored 0.9 or more in a closed
//! cycle: the targets were most likely too safe.

use std::collections::HashMap;

use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::model::OkrFile;

declare_rule!(Sandbagging, "sandbagging", Warning, Some(check));

const SAFE: f64 = 0.9;

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let files: HashMap<&str, &OkrFile> = cx.workspace.files.iter().map(|f| (f.path.as_str(), f)).collect();
    for cycle in cx.closed_rollups() {
        for team in &cycle.teams {
            let scores: Vec<f64> = team.objectives.iter().filter_map(|o| o.score).collect();
            if scores.len() < 2 || scores.len() < team.objectives.len() || scores.iter().any(|&s| s < SAFE) {
                continue;
            }
            let Some(first) = team.objectives.first() else { continue };
            let Some(file) = files.get(first.file.as_str()) else { continue };
            if team.objectives.iter().any(|o| !file.is_whole(&o.id)) {
                continue;
            }
            let lowest = scores.iter().copied().fold(f64::INFINITY, f64::min);
            let message = format!(
                "every objective of team `{}` scored {} or more in closed cycle {} ({} objectives, the lowest {})",
                team.id,
                crate::rollup::score_text(SAFE),
                cycle.id,
                scores.len(),
                crate::rollup::score_text(lowest)
            );
            out.push(
                Diagnostic::new(RULE.id, &file.path, file.span(first.pointer.key("id")), message).with_help(
                    "aspirational objectives aim at about 0.7: set stretch targets next cycle, and keep `committed` for promises",
                ),
            );
        }
    }
}
