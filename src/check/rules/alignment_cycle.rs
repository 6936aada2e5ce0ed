//! `alignment-cycle`: alignment (and the team tree) must not loop.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::check::{Context, ObjectiveKey};
use crate::diagnostic::Diagnostic;
use crate::load::Pointer;

declare_rule!(AlignmentCycle, "alignment-cycle", Error, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    objective_cycles(cx, out);
    team_cycles(cx, out);
}

/// Every elementary cycle reachable by depth-first search over `edges`
/// (node → targets), each reported once as the list of its nodes starting at
/// its smallest; the search is iterative and visits nodes in sorted order.
fn find_cycles<K: Ord + Copy>(edges: &BTreeMap<K, Vec<K>>) -> Vec<Vec<K>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut marks: BTreeMap<K, Mark> = BTreeMap::new();
    let mut found = BTreeSet::new();
    for &start in edges.keys() {
        if marks.contains_key(&start) {
            continue;
        }
        // (node, index of the next edge to follow)
        let mut stack: Vec<(K, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Open);
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let targets = edges.get(&node).map_or(&[][..], Vec::as_slice);
            if let Some(&target) = targets.get(*next) {
                *next += 1;
                match marks.get(&target) {
                    None => {
                        marks.insert(target, Mark::Open);
                        stack.push((target, 0));
                    }
                    Some(Mark::Open) => {
                        let from = stack.iter().position(|(n, _)| *n == target).unwrap_or(0);
                        let mut cycle: Vec<K> = stack[from..].iter().map(|(n, _)| *n).collect();
                        let smallest =
                            cycle.iter().enumerate().min_by_key(|(_, n)| **n).map_or(0, |(i, _)| i);
                        cycle.rotate_left(smallest);
                        found.insert(cycle);
                    }
                    Some(Mark::Done) => {}
                }
            } else {
                marks.insert(node, Mark::Done);
                stack.pop();
            }
        }
    }
    found.into_iter().collect()
}

fn objective_cycles(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // The search runs on the objectives' positions in key order (so the
    // smallest position is the smallest key): comparing numbers instead of
    // three strings per step took this rule from 21 to a few milliseconds on
    // 4,000 objectives (the 1,000-file benchmark repository).
    let keys: Vec<ObjectiveKey<'_>> = cx.objectives.keys().copied().collect();
    let position: HashMap<ObjectiveKey<'_>, usize> = keys.iter().enumerate().map(|(i, &k)| (k, i)).collect();
    let mut edges: BTreeMap<usize, Vec<usize>> = (0..keys.len()).map(|i| (i, Vec::new())).collect();
    for (&cycle, alignment) in cx.alignments() {
        for (i, node) in alignment.nodes.iter().enumerate() {
            // The first objective with a key is the one addressed by it.
            if alignment.find(node.team(), &node.objective.id) != Some(i) {
                continue;
            }
            let Some(&from) = position.get(&(cycle, node.team(), node.objective.id.as_str())) else {
                continue;
            };
            let key = |p: usize| {
                let parent = &alignment.nodes[p];
                position.get(&(cycle, parent.team(), parent.objective.id.as_str())).copied()
            };
            edges.insert(from, alignment.parents[i].iter().flatten().filter_map(|&p| key(p)).collect());
        }
    }
    let cycles =
        find_cycles(&edges).into_iter().map(|cycle| cycle.into_iter().map(|i| keys[i]).collect::<Vec<_>>());
    for cycle in cycles {
        let names: Vec<String> = cycle.iter().map(|(_, t, o)| format!("{t}/{o}")).collect();
        let (first, second) = (cycle[0], cycle[1 % cycle.len()]);
        let Some(at) = cx.objectives.get(&first) else { continue };
        let index = at
            .objective
            .aligned_to
            .iter()
            .position(|r| r.team == second.1 && r.objective == second.2)
            .unwrap_or(0);
        let span = at.file.span(at.pointer.entry("aligned_to", index));
        let message = format!("alignment forms a cycle: {} → {}", names.join(" → "), names[0]);
        out.push(Diagnostic::new(RULE.id, &at.file.path, span, message).with_help(
            "alignment points from a child objective up to its parent; remove one link of the cycle",
        ));
    }
}

fn team_cycles(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let teams = &cx.workspace.config.teams;
    let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for team in teams {
        let parent = team.parent.as_deref().filter(|p| cx.teams.contains(p));
        edges.entry(team.id.as_str()).or_default().extend(parent);
    }
    for cycle in find_cycles(&edges) {
        let Some(index) = teams.iter().position(|t| t.id == cycle[0]) else { continue };
        let span = cx.config_span(Pointer::ROOT.entry("teams", index).key("parent"));
        let message = format!("the team tree forms a cycle: {} → {}", cycle.join(" → "), cycle[0]);
        out.push(Diagnostic::new(RULE.id, cx.config_file(), span, message).with_help(
            "each team's `parent` points up towards the root team; remove one `parent` of the cycle",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::find_cycles;
    use std::collections::BTreeMap;

    #[test]
    fn finds_each_cycle_once_from_its_smallest_node() {
        let edges: BTreeMap<u8, Vec<u8>> =
            [(1, vec![2]), (2, vec![3]), (3, vec![1]), (4, vec![4]), (5, vec![1]), (6, vec![])]
                .into_iter()
                .collect();
        assert_eq!(find_cycles(&edges), vec![vec![1, 2, 3], vec![4]]);
    }

    #[test]
    fn a_diamond_is_not_a_cycle() {
        let edges: BTreeMap<u8, Vec<u8>> =
            [(1, vec![2, 3]), (2, vec![4]), (3, vec![4]), (4, vec![])].into_iter().collect();
        assert!(find_cycles(&edges).is_empty());
    }
}
