//! `missed-commitment`: a committed objective of a closed cycle scored below 1.0.

use std::collections::{HashMap, HashSet};

use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::model::OkrFile;
use crate::rollup::{CycleRollup, Place};

declare_rule!(MissedCommitment, "missed-commitment", Warning, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // The files by path: a closed cycle may hold thousands of missed
    // commitments.
    let files: HashMap<&str, &OkrFile> = cx.workspace.files.iter().map(|f| (f.path.as_str(), f)).collect();
    for cycle in cx.closed_rollups() {
        let unknown = unknown_scores(cycle, &files);
        let places = cycle.teams.iter().enumerate().flat_map(|(t, team)| {
            team.objectives
                .iter()
                .enumerate()
                .map(move |(o, objective)| (Place { team: t, objective: o }, objective))
        });
        for (_, objective) in places.filter(|(place, o)| o.missed_commitment && !unknown.contains(place)) {
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

/// The objectives whose score is unknown because a schema error left part
/// of a file unread: those that lost key results, and the objectives
/// without key results of their own above them (their score is the mean of
/// their children's), or above an objective left out.
fn unknown_scores(cycle: &CycleRollup, files: &HashMap<&str, &OkrFile>) -> HashSet<Place> {
    let partial = |path: &str| files.get(path).and_then(|f| f.partial.as_deref());
    let mut unknown = HashSet::new();
    let mut queue = Vec::new();
    let dropped = cycle
        .teams
        .iter()
        .flat_map(|t| &t.objectives)
        .any(|o| partial(&o.file).is_some_and(|p| !p.objectives.is_empty()));
    for (t, team) in cycle.teams.iter().enumerate() {
        for (o, objective) in team.objectives.iter().enumerate() {
            let lost =
                partial(&objective.file).is_some_and(|p| p.without_key_results.contains(&objective.id));
            if lost || (dropped && objective.key_results.is_empty()) {
                let place = Place { team: t, objective: o };
                unknown.insert(place);
                queue.push(place);
            }
        }
    }
    while let Some(place) = queue.pop() {
        let Some((_, objective)) = cycle.at(place) else { continue };
        for &parent in &objective.parents {
            let aggregate = cycle.at(parent).is_some_and(|(_, p)| p.key_results.is_empty());
            if aggregate && unknown.insert(parent) {
                queue.push(parent);
            }
        }
    }
    unknown
}
