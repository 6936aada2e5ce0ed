//! Every number users see: key result progress, objective and team rollups,
//! status, scores. Pure functions over the model and an `as_of` date; no I/O.
//!
//! SPEC section 3 is the contract. Choices where it is silent:
//! - an objective with no key results and nothing aligned to it has no
//!   progress (`None`) and is left out of means;
//! - "latest confidence" is the most recent confidence given on or before the
//!   date (check-ins without one do not erase it);
//! - the organisation's progress is the mean over the objectives of every team
//!   in the team tree (with one root team, that root's unit progress).
#![allow(
    clippy::float_cmp,
    reason = "comparisons here are exact by design: a clamped copy against its source, equal weights, progress of exactly 0 or 1"
)]

mod explain;
mod kpi;
mod progress;
mod status;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;

pub use explain::{fixed, mean_formula, num, weighted_formula, Explanation, MeanOf, MAX_TERMS};
pub use kpi::{kpi_rollup, KpiRollup};
pub use progress::{history, key_result_progress, latest_checkin, HistoryPoint, KrProgress};
pub use status::{expected_progress, pace, status, Band, Status, StatusInput};

use crate::config::{Config, Cycle, CycleState, Team};
use crate::load::Pointer;
use crate::model::{Alignment, Commitment, KeyResult, KrKind, Objective, OkrData, Workspace};

/// The rollup of a whole repository as of a date.
#[derive(Debug, Clone)]
pub struct Rollup {
    pub as_of: NaiveDate,
    pub organisation: String,
    /// In okr.yaml order.
    pub cycles: Vec<CycleRollup>,
}

#[derive(Debug, Clone)]
pub struct CycleRollup {
    pub id: String,
    pub name: Option<String>,
    pub state: CycleState,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Share of the cycle passed on `as_of`.
    pub expected: f64,
    /// The organisation's progress in this cycle.
    pub progress: Option<f64>,
    /// The organisation's progress, once the cycle is closed.
    pub score: Option<f64>,
    pub band: Option<Band>,
    pub status: Status,
    pub explanation: Explanation,
    /// Teams whose unit has objectives in this cycle, in tree order.
    /// The objectives of every team, counted.
    pub tally: Tally,
    pub teams: Vec<TeamRollup>,
    /// KPIs of every team in the cycle, teams in tree order, each team's in
    /// file order.
    pub kpis: Vec<KpiRollup>,
}

#[derive(Debug, Clone)]
pub struct TeamRollup {
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
    /// The team's lead (a person id), as okr.yaml gives it.
    pub lead: Option<String>,
    /// 0 for a root team.
    pub depth: usize,
    /// Mean of the team's own objectives; `None` when it has none.
    pub progress: Option<f64>,
    /// Mean over the objectives of the team and all teams below it.
    pub unit_progress: Option<f64>,
    /// The unit progress, for closed cycles (the roadmap's end-of-cycle score).
    pub score: Option<f64>,
    pub band: Option<Band>,
    pub status: Status,
    pub explanation: Explanation,
    pub objectives: Vec<ObjectiveRollup>,
    /// Its own objectives, counted.
    pub tally: Tally,
}

/// Where a rolled-up objective or key result is written: shared with the
/// workspace, so that the rollup holds numbers and these indices, never a
/// copy of a title or a description.
#[derive(Debug, Clone)]
pub struct Source {
    data: Arc<OkrData>,
    objective: usize,
}

impl Source {
    /// The objective as its file writes it.
    pub fn objective(&self) -> &Objective {
        // The index was taken from this very list, which is immutable.
        &self.data.objectives[self.objective]
    }

    /// Key result `index` of the objective.
    fn key_result(&self, index: usize) -> &KeyResult {
        &self.objective().key_results[index]
    }
}

#[derive(Debug, Clone)]
pub struct ObjectiveRollup {
    pub id: String,
    pub source: Source,
    pub progress: Option<f64>,
    pub status: Status,
    /// The lowest latest confidence among its key results.
    pub confidence: Option<f64>,
    /// The latest check-in of any of its key results.
    pub last_checkin: Option<NaiveDate>,
    /// The progress, for closed cycles.
    pub score: Option<f64>,
    pub band: Option<Band>,
    /// Committed, in a closed cycle, and scored below 1.0.
    pub missed_commitment: bool,
    pub explanation: Explanation,
    /// Where it is written: file and JSON pointer.
    pub file: String,
    pub pointer: Pointer,
    pub key_results: Vec<KrRollup>,
    /// The objectives of the cycle it names in `aligned_to` (in that
    /// order), and those that name it (in team tree order): resolved once,
    /// through the cycle's [`Alignment`].
    pub parents: Vec<Place>,
    pub children: Vec<Place>,
}

/// Where an objective is in a [`CycleRollup`]: `teams[team].objectives[objective]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub team: usize,
    pub objective: usize,
}

impl CycleRollup {
    /// The team and objective at `place`.
    pub fn at(&self, place: Place) -> Option<(&TeamRollup, &ObjectiveRollup)> {
        let team = self.teams.get(place.team)?;
        Some((team, team.objectives.get(place.objective)?))
    }
}

impl ObjectiveRollup {
    /// The objective as written (title, owner, description, alignment …).
    pub fn objective(&self) -> &Objective {
        self.source.objective()
    }
}

#[derive(Debug, Clone)]
pub struct KrRollup {
    pub id: String,
    source: Source,
    index: usize,
    pub kind: KrKind,
    pub weight: f64,
    pub start: Option<f64>,
    pub target: Option<f64>,
    pub at_least: Option<f64>,
    pub at_most: Option<f64>,
    pub current: Option<f64>,
    pub progress: f64,
    pub raw: Option<f64>,
    pub status: Status,
    pub confidence: Option<f64>,
    pub last_checkin: Option<NaiveDate>,
    pub explanation: Explanation,
    /// Progress after each check-in date, for charts; `None` when not
    /// computed ([`Detail::Numbers`]).
    pub history: Option<Vec<HistoryPoint>>,
}

impl KrRollup {
    /// The key result as written (title, owner, unit, check-ins …).
    pub fn key_result(&self) -> &KeyResult {
        self.source.key_result(self.index)
    }
}

/// Rolls up every cycle of `workspace` as of `as_of`.
pub fn rollup(workspace: &Workspace, as_of: NaiveDate) -> Rollup {
    rollup_with(workspace, as_of, Detail::Full)
}

/// How much a rollup computes besides the numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Everything, including each key result's progress after every
    /// check-in (`KrRollup::history`, for charts).
    Full,
    /// Every number, without the per-check-in histories (`history` is
    /// `None`): for rolling up hundreds of commits. The numbers are the same
    /// as [`Detail::Full`]'s.
    Numbers,
}

/// [`rollup`], computing only what `detail` asks for.
pub fn rollup_with(workspace: &Workspace, as_of: NaiveDate, detail: Detail) -> Rollup {
    let config = &workspace.config;
    let cycles = config.cycles.iter().map(|cycle| cycle_rollup(workspace, cycle, as_of, detail)).collect();
    Rollup { as_of, organisation: config.organisation.clone(), cycles }
}

/// An objective of the cycle with what the walk needs.
struct Node<'a> {
    team: &'a str,
    objective: &'a Objective,
    source: Source,
    file: &'a str,
    pointer: Pointer,
    key_results: Vec<KrRollup>,
}

/// Computed per objective before teams are formed.
#[derive(Clone)]
struct Measured {
    progress: Option<f64>,
    has_checkin: bool,
    explanation: Explanation,
}

/// The rollup of one cycle (what [`rollup_with`] computes for each).
pub fn cycle_rollup(workspace: &Workspace, cycle: &Cycle, as_of: NaiveDate, detail: Detail) -> CycleRollup {
    let config = &workspace.config;
    let expected = expected_progress(cycle, as_of);
    let alignment = Alignment::of(workspace, &cycle.id);
    let nodes: Vec<Node<'_>> = alignment
        .nodes
        .iter()
        .map(|at| {
            let source = Source { data: Arc::clone(&at.file.data), objective: at.index };
            Node {
                team: at.team(),
                objective: at.objective,
                file: at.file.path.as_str(),
                pointer: Pointer::objective(at.index),
                key_results: at
                    .objective
                    .key_results
                    .iter()
                    .enumerate()
                    .map(|(k, kr)| kr_rollup(kr, (&source, k), cycle, expected, as_of, config, detail))
                    .collect(),
                source,
            }
        })
        .collect();
    let measured = measure_objectives(&nodes, &alignment.children);

    // Each objective counts for its team and every team above it: one walk
    // up per objective instead of a subtree search per team.
    let parents = parent_map(config);
    let mut own: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut unit: HashMap<&str, Vec<usize>> = HashMap::new();
    // A file's objectives come one after another: its team's chain is
    // walked once.
    let mut chain: Vec<&str> = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        own.entry(node.team).or_default().push(i);
        if chain.first() != Some(&node.team) {
            chain = ancestors_and_self(&parents, node.team);
        }
        for &team in &chain {
            unit.entry(team).or_default().push(i);
        }
    }
    // Each objective is moved into its own team's list, never copied.
    let mut objectives: Vec<Option<ObjectiveRollup>> = nodes
        .into_iter()
        .zip(&measured)
        .map(|(node, m)| Some(objective_rollup(node, m, cycle, expected, config)))
        .collect();
    let progress_of: Vec<Option<f64>> = measured.iter().map(|m| m.progress).collect();
    let tree = team_tree(config);
    link_alignment(&mut objectives, &alignment, &tree, &own, &unit);
    let mut teams = Vec::new();
    let mut everything: Vec<usize> = Vec::new();
    for (team, depth) in tree {
        let own_ids = own.get(team.id.as_str()).map_or(&[][..], Vec::as_slice);
        everything.extend_from_slice(own_ids);
        let Some(unit_ids) = unit.get(team.id.as_str()) else { continue };
        let unit_progress = mean(unit_ids.iter().filter_map(|&i| progress_of[i]));
        let input = StatusInput {
            state: cycle.state,
            progress: unit_progress,
            expected,
            has_checkin: unit_ids.iter().any(|&i| measured[i].has_checkin),
            confidence: None,
        };
        let own: Vec<ObjectiveRollup> = own_ids.iter().filter_map(|&i| objectives[i].take()).collect();
        teams.push(TeamRollup {
            id: team.id.clone(),
            name: team.name.clone(),
            parent: team.parent.clone(),
            lead: team.lead.clone(),
            depth,
            progress: mean(own_ids.iter().filter_map(|&i| progress_of[i])),
            unit_progress,
            score: closed_score(cycle, unit_progress),
            band: closed_score(cycle, unit_progress).map(Band::of),
            status: status(input, &config.status),
            explanation: explain_mean(unit_ids.iter().filter_map(|&i| progress_of[i]), MeanOf::Unit),
            tally: Tally::of(&own),
            objectives: own,
        });
    }
    let any_checkin = everything.iter().any(|&i| measured[i].has_checkin);
    let progress = mean(everything.iter().filter_map(|&i| progress_of[i]));
    let input =
        StatusInput { state: cycle.state, progress, expected, has_checkin: any_checkin, confidence: None };
    CycleRollup {
        id: cycle.id.clone(),
        name: cycle.name.clone(),
        state: cycle.state,
        start: cycle.start,
        end: cycle.end,
        expected,
        progress,
        score: closed_score(cycle, progress),
        band: closed_score(cycle, progress).map(Band::of),
        status: status(input, &config.status),
        explanation: explain_mean(everything.iter().filter_map(|&i| progress_of[i]), MeanOf::Organisation),
        tally: Tally::sum(teams.iter().map(|t| &t.tally)),
        teams,
        kpis: cycle_kpis(workspace, cycle, as_of),
    }
}

/// Fills in each objective's alignment links as [`Place`]s: where its
/// parents and children land in the cycle's `teams` (the teams of `tree`
/// that have a unit, each holding its `own` objectives in order).
fn link_alignment(
    objectives: &mut [Option<ObjectiveRollup>],
    alignment: &Alignment<'_>,
    tree: &[(&Team, usize)],
    own: &HashMap<&str, Vec<usize>>,
    unit: &HashMap<&str, Vec<usize>>,
) {
    let mut places: Vec<Option<Place>> = vec![None; objectives.len()];
    let with_unit = tree.iter().filter(|(team, _)| unit.contains_key(team.id.as_str()));
    for (team, (t, _)) in with_unit.enumerate() {
        for (objective, &i) in own.get(t.id.as_str()).into_iter().flatten().enumerate() {
            places[i] = Some(Place { team, objective });
        }
    }
    let place = |p: &usize| places.get(*p).copied().flatten();
    for (i, slot) in objectives.iter_mut().enumerate() {
        let Some(objective) = slot else { continue };
        objective.parents =
            alignment.parents[i].iter().flatten().filter(|&&p| p != i).filter_map(place).collect();
        objective.children = alignment.children[i].iter().filter_map(place).collect();
        objective.children.sort_unstable();
    }
}

/// How many objectives are in each status, in each band and missed their
/// commitment: counted here, so that no page counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Objectives per status, in [`Status`] order, statuses without any
    /// left out.
    pub statuses: Vec<(Status, usize)>,
    /// Objectives scored green, yellow and red (closed cycles).
    pub green: usize,
    pub yellow: usize,
    pub red: usize,
    /// Committed objectives of a closed cycle scored below 1.0.
    pub missed: usize,
}

impl Tally {
    pub fn of(objectives: &[ObjectiveRollup]) -> Tally {
        let mut by: BTreeMap<Status, usize> = BTreeMap::new();
        let mut tally = Tally::default();
        for objective in objectives {
            *by.entry(objective.status).or_default() += 1;
            match objective.band {
                Some(Band::Green) => tally.green += 1,
                Some(Band::Yellow) => tally.yellow += 1,
                Some(Band::Red) => tally.red += 1,
                None => {}
            }
            tally.missed += usize::from(objective.missed_commitment);
        }
        tally.statuses = by.into_iter().collect();
        tally
    }

    fn sum<'t>(tallies: impl Iterator<Item = &'t Tally>) -> Tally {
        let mut by: BTreeMap<Status, usize> = BTreeMap::new();
        let mut total = Tally::default();
        for tally in tallies {
            for &(status, count) in &tally.statuses {
                *by.entry(status).or_default() += count;
            }
            total.green += tally.green;
            total.yellow += tally.yellow;
            total.red += tally.red;
            total.missed += tally.missed;
        }
        total.statuses = by.into_iter().collect();
        total
    }
}

/// The KPIs of the cycle's files, in team tree order.
fn cycle_kpis(workspace: &Workspace, cycle: &Cycle, as_of: NaiveDate) -> Vec<KpiRollup> {
    let order: HashMap<&str, usize> =
        team_tree(&workspace.config).iter().enumerate().map(|(i, (t, _))| (t.id.as_str(), i)).collect();
    let mut files: Vec<_> = workspace.files.iter().filter(|f| f.data.cycle == cycle.id).collect();
    files.sort_by_key(|f| (order.get(f.data.team.as_str()).copied().unwrap_or(usize::MAX), f.path.as_str()));
    files.iter().flat_map(|f| f.data.kpis.iter().map(|k| kpi_rollup(k, &f.data.team, as_of))).collect()
}

fn kr_rollup(
    kr: &KeyResult,
    (source, index): (&Source, usize),
    cycle: &Cycle,
    expected: f64,
    as_of: NaiveDate,
    config: &Config,
    detail: Detail,
) -> KrRollup {
    let measured = key_result_progress(kr, as_of);
    let input = StatusInput {
        state: cycle.state,
        progress: Some(measured.progress),
        expected,
        has_checkin: measured.latest.is_some(),
        confidence: measured.confidence,
    };
    KrRollup {
        id: kr.id.clone(),
        source: source.clone(),
        index,
        kind: kr.kind,
        weight: kr.weight,
        start: kr.start,
        target: kr.target,
        at_least: kr.at_least,
        at_most: kr.at_most,
        current: measured.current,
        progress: measured.progress,
        raw: measured.raw,
        status: status(input, &config.status),
        confidence: measured.confidence,
        last_checkin: measured.latest.map(|c| c.date),
        explanation: measured.explanation,
        history: (detail == Detail::Full).then(|| history(kr, as_of)),
    }
}

fn objective_rollup(
    node: Node<'_>,
    measured: &Measured,
    cycle: &Cycle,
    expected: f64,
    config: &Config,
) -> ObjectiveRollup {
    let objective = node.objective;
    let confidence = node.key_results.iter().filter_map(|k| k.confidence).min_by(f64::total_cmp);
    let input = StatusInput {
        state: cycle.state,
        progress: measured.progress,
        expected,
        has_checkin: measured.has_checkin,
        confidence,
    };
    let score = closed_score(cycle, measured.progress);
    ObjectiveRollup {
        id: objective.id.clone(),
        source: node.source,
        progress: measured.progress,
        status: status(input, &config.status),
        confidence,
        last_checkin: node.key_results.iter().filter_map(|k| k.last_checkin).max(),
        score,
        band: score.map(Band::of),
        missed_commitment: objective.commitment == Commitment::Committed && score.is_some_and(|s| s < 1.0),
        explanation: measured.explanation.clone(),
        file: node.file.to_owned(),
        pointer: node.pointer,
        key_results: node.key_results,
        parents: Vec::new(),
        children: Vec::new(),
    }
}

/// The end-of-cycle score: the progress, once the cycle is closed.
fn closed_score(cycle: &Cycle, progress: Option<f64>) -> Option<f64> {
    (cycle.state == CycleState::Closed).then_some(progress).flatten()
}

/// Where the walk over aligned objectives stands with one objective.
#[derive(Clone, Copy, PartialEq)]
enum Mark {
    New,
    Open,
    Done,
}

/// Progress of every objective: the weighted mean of its key results, or, for
/// an objective without key results, the mean of the objectives aligned to
/// it. The walk over aligned children is iterative (no recursion on input)
/// and treats a child on an alignment loop as unmeasured.
fn measure_objectives(nodes: &[Node<'_>], children: &[Vec<usize>]) -> Vec<Measured> {
    let mut marks = vec![Mark::New; nodes.len()];
    let mut out: Vec<Option<Measured>> = vec![None; nodes.len()];
    for root in 0..nodes.len() {
        let mut stack = vec![(root, false)];
        while let Some((i, expanded)) = stack.pop() {
            if marks[i] == Mark::Done || (!expanded && marks[i] == Mark::Open) {
                continue;
            }
            let node = &nodes[i];
            if !node.key_results.is_empty() {
                out[i] = Some(weighted(&node.key_results));
                marks[i] = Mark::Done;
            } else if !expanded {
                marks[i] = Mark::Open;
                stack.push((i, true));
                stack.extend(children[i].iter().filter(|&&c| marks[c] == Mark::New).map(|&c| (c, false)));
            } else {
                let done: Vec<&Measured> = children[i].iter().filter_map(|&c| out[c].as_ref()).collect();
                let values = done.iter().filter_map(|m| m.progress);
                out[i] = Some(Measured {
                    progress: mean(values.clone()),
                    has_checkin: done.iter().any(|m| m.has_checkin),
                    explanation: explain_mean(values, MeanOf::Aligned),
                });
                marks[i] = Mark::Done;
            }
        }
    }
    out.into_iter()
        .map(|m| {
            m.unwrap_or(Measured {
                progress: None,
                has_checkin: false,
                explanation: Explanation::NothingToMeasure,
            })
        })
        .collect()
}

/// Weighted mean of key results; weights that are not positive and finite
/// (the schema forbids them) are left out.
fn weighted(key_results: &[KrRollup]) -> Measured {
    let counted: Vec<&KrRollup> =
        key_results.iter().filter(|k| k.weight.is_finite() && k.weight > 0.0).collect();
    let total: f64 = counted.iter().map(|k| k.weight).sum();
    let has_checkin = key_results.iter().any(|k| k.last_checkin.is_some());
    if counted.is_empty() {
        return Measured { progress: None, has_checkin, explanation: Explanation::NoPositiveWeight };
    }
    let progress = counted.iter().map(|k| k.weight * k.progress).sum::<f64>() / total;
    let terms = counted.iter().map(|k| (k.weight, k.progress)).collect();
    let explanation = Explanation::Weighted { terms, result: progress };
    Measured { progress: Some(progress), has_checkin, explanation }
}

/// The arithmetic mean; `None` for no values.
pub fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (count > 0).then(|| sum / count as f64)
}

fn explain_mean(values: impl Iterator<Item = f64>, of: MeanOf) -> Explanation {
    Explanation::Mean { of, values: values.collect() }
}

/// Teams in tree order (depth first, okr.yaml order among siblings) with
/// their depth. Teams on a parent loop come last, as roots, so every team
/// appears exactly once.
pub fn team_tree(config: &Config) -> Vec<(&Team, usize)> {
    let known: HashSet<&str> = config.teams.iter().map(|t| t.id.as_str()).collect();
    let mut children: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut roots = Vec::new();
    for (i, team) in config.teams.iter().enumerate() {
        match team.parent.as_deref().filter(|p| known.contains(p) && *p != team.id) {
            Some(parent) => children.entry(parent).or_default().push(i),
            None => roots.push(i),
        }
    }
    let mut order = Vec::new();
    let mut seen = vec![false; config.teams.len()];
    for start in roots.into_iter().chain(0..config.teams.len()) {
        let mut stack = vec![(start, 0usize)];
        while let Some((i, depth)) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            order.push((&config.teams[i], depth));
            if let Some(kids) = children.get(config.teams[i].id.as_str()) {
                stack.extend(kids.iter().rev().map(|&k| (k, depth + 1)));
            }
        }
    }
    order
}

/// Each known team's parent, when the parent is a known team.
fn parent_map(config: &Config) -> HashMap<&str, &str> {
    let known: HashSet<&str> = config.teams.iter().map(|t| t.id.as_str()).collect();
    config
        .teams
        .iter()
        .filter_map(|t| t.parent.as_deref().filter(|p| known.contains(p)).map(|p| (t.id.as_str(), p)))
        .collect()
}

/// `team`, its parent, its parent's parent… up to the root, each once (a
/// parent loop, an error of its own, ends the walk).
fn ancestors_and_self<'a>(parents: &HashMap<&'a str, &'a str>, team: &'a str) -> Vec<&'a str> {
    let mut chain = vec![team];
    let mut current = team;
    while let Some(&parent) = parents.get(current) {
        if chain.contains(&parent) {
            break;
        }
        chain.push(parent);
        current = parent;
    }
    chain
}

/// `team` and every team below it.
pub fn subtree<'a>(config: &'a Config, team: &'a str) -> HashSet<&'a str> {
    let parents = parent_map(config);
    config
        .teams
        .iter()
        .map(|t| t.id.as_str())
        .filter(|&t| ancestors_and_self(&parents, t).contains(&team))
        .chain(std::iter::once(team))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Checkin, KeyResult};
    use proptest::prelude::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn metric(start: f64, target: f64, value: Option<f64>) -> KeyResult {
        KeyResult {
            id: "k".into(),
            title: "K".into(),
            description: None,
            owner: "o".into(),
            contributors: vec![],
            kind: KrKind::Metric,
            unit: None,
            start: Some(start),
            target: Some(target),
            at_least: None,
            at_most: None,
            weight: 1.0,
            checkins: value
                .map(|v| Checkin {
                    date: date("2026-11-01"),
                    value: Some(v),
                    done: None,
                    confidence: None,
                    note: None,
                })
                .into_iter()
                .collect(),
        }
    }

    fn rolled(progress: f64, weight: f64) -> KrRollup {
        let objective = Objective {
            id: "o".into(),
            title: "O".into(),
            description: None,
            owner: "o".into(),
            commitment: Commitment::Aspirational,
            aligned_to: Vec::new(),
            retro: None,
            key_results: vec![metric(0.0, 1.0, None)],
        };
        let data =
            OkrData { cycle: "c".into(), team: "t".into(), objectives: vec![objective], kpis: Vec::new() };
        KrRollup {
            id: "k".into(),
            source: Source { data: Arc::new(data), objective: 0 },
            index: 0,
            kind: KrKind::Metric,
            weight,
            start: None,
            target: None,
            at_least: None,
            at_most: None,
            current: None,
            progress,
            raw: None,
            status: Status::OnTrack,
            confidence: None,
            last_checkin: None,
            explanation: Explanation::NothingToMeasure,
            history: None,
        }
    }

    fn value() -> impl Strategy<Value = f64> {
        -1.0e6..1.0e6f64
    }

    proptest! {
        #[test]
        fn progress_is_within_zero_and_one(start in value(), target in value(), current in value()) {
            prop_assume!(start != target);
            let p = key_result_progress(&metric(start, target, Some(current)), date("2026-11-15")).progress;
            prop_assert!((0.0..=1.0).contains(&p));
        }

        #[test]
        fn progress_grows_towards_the_target(start in value(), target in value(), a in value(), b in value()) {
            prop_assume!(start != target);
            // `near` is at least as close to the target as `far`, in the target's direction.
            let (far, near) = if (target > start) == (a <= b) { (a, b) } else { (b, a) };
            let as_of = date("2026-11-15");
            let p_far = key_result_progress(&metric(start, target, Some(far)), as_of).progress;
            let p_near = key_result_progress(&metric(start, target, Some(near)), as_of).progress;
            prop_assert!(p_far <= p_near, "{far} → {p_far}, {near} → {p_near}");
        }

        #[test]
        fn scaling_all_weights_changes_nothing(
            krs in proptest::collection::vec((0.0..=1.0f64, 0.01..100.0f64), 1..8),
            factor in 0.01..100.0f64,
        ) {
            let base: Vec<KrRollup> = krs.iter().map(|&(p, w)| rolled(p, w)).collect();
            let scaled: Vec<KrRollup> = krs.iter().map(|&(p, w)| rolled(p, w * factor)).collect();
            let (a, b) = (weighted(&base).progress.unwrap_or(-1.0), weighted(&scaled).progress.unwrap_or(-2.0));
            prop_assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        }

        #[test]
        fn objective_lies_between_its_key_results(krs in proptest::collection::vec((0.0..=1.0f64, 0.01..100.0f64), 1..8)) {
            let rolled_up: Vec<KrRollup> = krs.iter().map(|&(p, w)| rolled(p, w)).collect();
            let p = weighted(&rolled_up).progress.unwrap_or(-1.0);
            let min = krs.iter().map(|k| k.0).fold(f64::INFINITY, f64::min);
            let max = krs.iter().map(|k| k.0).fold(f64::NEG_INFINITY, f64::max);
            prop_assert!(min - 1e-12 <= p && p <= max + 1e-12, "{min} <= {p} <= {max}");
        }
    }

    #[test]
    fn weights_that_are_not_positive_are_left_out() {
        let measured = weighted(&[rolled(1.0, 0.0), rolled(0.5, 1.0), rolled(0.0, f64::NAN)]);
        assert_eq!(measured.progress, Some(0.5));
        assert_eq!(weighted(&[rolled(1.0, 0.0)]).progress, None);
    }

    #[test]
    fn weighted_explanation_names_the_weights() {
        let measured = weighted(&[rolled(0.6, 2.0), rolled(0.3, 1.0)]);
        assert_eq!(measured.explanation.to_string(), "(2 × 0.60 + 1 × 0.30) / 3 = 0.50");
        assert_eq!(
            weighted(&[rolled(0.6, 1.0), rolled(0.3, 1.0)]).explanation.to_string(),
            "(0.60 + 0.30) / 2 = 0.45"
        );
    }

    #[test]
    fn mean_of_nothing_is_none() {
        assert_eq!(mean(std::iter::empty()), None);
        assert_eq!(mean([0.25, 0.75].into_iter()), Some(0.5));
    }
}
