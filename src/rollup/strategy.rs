//! Strategic objectives (okr.yaml `strategy:`) across the cycles: per cycle,
//! the objectives aligned to each, directly or through their own alignment
//! chain, and the mean of their progress.

use std::collections::HashMap;

use crate::config::{Config, Strategic};

use super::{mean, CycleRollup, Place};

/// A strategic objective's cycles, in okr.yaml order of its `strategy:`.
#[derive(Debug, Clone)]
pub struct StrategyRollup {
    /// As okr.yaml writes it.
    pub strategic: Strategic,
    /// The cycles with at least one objective aligned to it, in okr.yaml
    /// order.
    pub cycles: Vec<StrategyCycle>,
}

/// One cycle of a strategic objective.
#[derive(Debug, Clone)]
pub struct StrategyCycle {
    /// Its index in [`super::Rollup::cycles`].
    pub cycle: usize,
    /// The mean progress of the objectives aligned to it that have one.
    pub progress: Option<f64>,
    /// The mean expected of the same objectives.
    pub expected: Option<f64>,
    /// The objectives aligned to it, in team tree order; `direct` when the
    /// objective names it in `aligned_to` (otherwise it names an objective
    /// that does, or one further up).
    pub objectives: Vec<StrategyMember>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StrategyMember {
    pub place: Place,
    pub direct: bool,
}

/// Every strategic objective of `config` over `cycles`.
///
/// Each strategic objective walks down from the objectives naming it, once
/// per objective: the work is the number of strategic objectives (at most
/// 100, okr.yaml's schema) times the objectives.
pub fn strategy(config: &Config, cycles: &[CycleRollup]) -> Vec<StrategyRollup> {
    let mut out: Vec<StrategyRollup> =
        config.strategy.iter().map(|s| StrategyRollup { strategic: s.clone(), cycles: Vec::new() }).collect();
    let index: HashMap<&str, usize> =
        config.strategy.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).rev().collect();
    for (c, cycle) in cycles.iter().enumerate() {
        // The objectives naming each strategic objective.
        let mut direct: Vec<Vec<Place>> = vec![Vec::new(); out.len()];
        let starts: Vec<usize> = cycle
            .teams
            .iter()
            .map(|t| t.objectives.len())
            .scan(0, |at, n| {
                let start = *at;
                *at += n;
                Some(start)
            })
            .collect();
        let total = starts.last().zip(cycle.teams.last()).map_or(0, |(s, t)| s + t.objectives.len());
        for (t, team) in cycle.teams.iter().enumerate() {
            for (o, objective) in team.objectives.iter().enumerate() {
                for id in objective.objective().aligned_to.iter().filter_map(|r| r.strategy()) {
                    if let Some(&s) = index.get(id) {
                        let place = Place { team: t, objective: o };
                        if direct[s].last() != Some(&place) {
                            direct[s].push(place);
                        }
                    }
                }
            }
        }
        let flat = |p: Place| starts[p.team] + p.objective;
        let mut seen = vec![usize::MAX; total];
        for (s, roots) in direct.into_iter().enumerate() {
            if roots.is_empty() {
                continue;
            }
            let mut members: Vec<StrategyMember> = Vec::new();
            let mut stack: Vec<Place> = Vec::new();
            for &place in &roots {
                if seen[flat(place)] != s {
                    seen[flat(place)] = s;
                    members.push(StrategyMember { place, direct: true });
                    stack.push(place);
                }
            }
            while let Some(place) = stack.pop() {
                let Some((_, objective)) = cycle.at(place) else { continue };
                for &child in &objective.children {
                    if seen[flat(child)] != s {
                        seen[flat(child)] = s;
                        members.push(StrategyMember { place: child, direct: false });
                        stack.push(child);
                    }
                }
            }
            members.sort_by_key(|m| m.place);
            let counted: Vec<_> = members
                .iter()
                .filter_map(|m| cycle.at(m.place))
                .map(|(_, o)| o)
                .filter(|o| o.progress.is_some())
                .collect();
            out[s].cycles.push(StrategyCycle {
                cycle: c,
                progress: mean(counted.iter().filter_map(|o| o.progress)),
                expected: mean(counted.iter().filter_map(|o| o.expected)),
                objectives: members,
            });
        }
    }
    out
}
