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

pub mod digest;
mod explain;
mod kpi;
mod progress;
mod status;
mod strategy;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;

use chrono::NaiveDate;

pub use explain::{bound_words, fixed, mean_formula, num, weighted_formula, Explanation, MeanOf, MAX_TERMS};
pub use kpi::{kpi_rollup, KpiRollup};
pub use progress::{history, key_result_progress, latest_checkin, HistoryPoint, KrProgress};
pub use status::{
    elapsed, gap_text, plain, score_text, status, two, Band, Reason, Status, StatusInput, Subject, Threshold,
    TOLERANCE,
};
pub use strategy::{strategy, StrategyCycle, StrategyMember, StrategyRollup};

use crate::config::{Config, Cycle, CycleState, Level, RuleSetting, StatusThresholds, Team};
use crate::load::Pointer;
use crate::model::{Alignment, Checkin, Commitment, KeyResult, KrKind, Objective, OkrData, Workspace};

/// The rollup of a whole repository as of a date.
#[derive(Debug, Clone)]
pub struct Rollup {
    pub as_of: NaiveDate,
    pub organisation: String,
    /// In okr.yaml order.
    pub cycles: Vec<CycleRollup>,
    /// okr.yaml's vision and mission.
    pub vision: Option<String>,
    pub mission: Option<String>,
    /// okr.yaml's strategic objectives across the cycles, in its order.
    pub strategy: Vec<StrategyRollup>,
}

#[derive(Debug, Clone)]
pub struct CycleRollup {
    pub id: String,
    pub name: Option<String>,
    pub state: CycleState,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Share of the cycle passed on `as_of` (whole days, 0 to 1).
    pub elapsed: f64,
    /// The organisation's progress in this cycle.
    pub progress: Option<f64>,
    /// Where the organisation's progress should be: the mean expected of
    /// the objectives its progress averages.
    pub expected: Option<f64>,
    /// Progress minus the progress seven days earlier.
    pub delta: Option<f64>,
    /// The organisation's progress, once the cycle is closed.
    pub score: Option<f64>,
    pub band: Option<Band>,
    pub status: Status,
    pub reason: Reason,
    pub explanation: Explanation,
    /// The objectives of every team, counted.
    pub tally: Tally,
    /// Teams whose unit has objectives in this cycle or that have KPIs in
    /// it, in tree order.
    pub teams: Vec<TeamRollup>,
    /// What the weekly meeting should look at (SPEC 3.5); empty unless the
    /// cycle is active.
    pub attention: Vec<Attention>,
    /// KPIs of every team in the cycle, teams in tree order, each team's in
    /// file order.
    pub kpis: Vec<KpiRollup>,
}

#[derive(Debug, Clone)]
pub struct TeamRollup {
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
    /// The team's lead and OKR coach (person ids), as okr.yaml gives them.
    pub lead: Option<String>,
    pub coach: Option<String>,
    /// 0 for a root team.
    pub depth: usize,
    /// Mean of the team's own objectives; `None` when it has none.
    pub progress: Option<f64>,
    /// The mean expected of the same objectives.
    pub own_expected: Option<f64>,
    /// Mean over the objectives of the team and all teams below it.
    pub unit_progress: Option<f64>,
    /// The unit's expected progress, delta, status and reason.
    pub expected: Option<f64>,
    pub delta: Option<f64>,
    /// The unit progress, for closed cycles (the roadmap's end-of-cycle score).
    pub score: Option<f64>,
    pub band: Option<Band>,
    pub status: Status,
    pub reason: Reason,
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
    /// Where its progress should be: the weighted mean of its key results'
    /// expected, or the mean of its aligned children's.
    pub expected: Option<f64>,
    pub delta: Option<f64>,
    pub status: Status,
    pub reason: Reason,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
    /// Where its progress should be by its kind (SPEC 3.3).
    pub expected: f64,
    pub delta: Option<f64>,
    pub status: Status,
    pub reason: Reason,
    pub confidence: Option<f64>,
    pub last_checkin: Option<NaiveDate>,
    pub explanation: Explanation,
    /// Progress after each check-in date, for charts; `None` when not
    /// computed ([`Detail::Numbers`]).
    pub history: Option<Vec<HistoryPoint>>,
    /// Where progress should be over the cycle, as `(date, share)` corners
    /// of a line: the straight line for a metric, a step on the due date for
    /// a milestone, 1 throughout for a threshold (charts draw it); `None`
    /// when not computed ([`Detail::Numbers`]).
    pub expected_path: Option<Vec<(NaiveDate, f64)>>,
    /// Days without a check-in beyond the `stale-key-result` rule's limit
    /// (`None`: not stale, done, or the rule is off).
    pub stale: Option<Stale>,
}

/// Since when a key result has had no check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stale {
    /// Days without a check-in (counted to the cycle's end at most).
    pub idle: i64,
    /// The latest check-in, `None` when there was none.
    pub last: Option<NaiveDate>,
}

/// Why an item is on the attention list, in the list's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttentionReason {
    CommittedNotOnTrack,
    OffTrack,
    LowConfidence,
    Stale,
    NoData,
    KpiBreached,
}

impl AttentionReason {
    pub fn as_str(self) -> &'static str {
        match self {
            AttentionReason::CommittedNotOnTrack => "committed-not-on-track",
            AttentionReason::OffTrack => "off-track",
            AttentionReason::LowConfidence => "low-confidence",
            AttentionReason::Stale => "stale",
            AttentionReason::NoData => "no-data",
            AttentionReason::KpiBreached => "kpi-breached",
        }
    }
}

/// One item of the attention list: an objective (`key_result: None`), a
/// key result, or a KPI, by its place in the cycle rollup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attention {
    pub reason: AttentionReason,
    pub item: AttentionItem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttentionItem {
    Objective(Place),
    KeyResult(Place, usize),
    /// An index into `CycleRollup::kpis`.
    Kpi(usize),
}

impl KrRollup {
    /// The key result as written (title, owner, unit, check-ins …).
    pub fn key_result(&self) -> &KeyResult {
        self.source.key_result(self.index)
    }

    /// The check-in that counts as of the rollup's date: the latest, and of
    /// several that day the last in the file.
    pub fn counted_checkin(&self) -> Option<&Checkin> {
        let date = self.last_checkin?;
        self.key_result().checkins.iter().rev().find(|c| c.date == date)
    }

    /// Every check-in dated on or before `as_of`, the latest first (of one
    /// day, the last in the file first).
    pub fn checkins_until(&self, as_of: NaiveDate) -> Vec<&Checkin> {
        let mut counted: Vec<&Checkin> =
            self.key_result().checkins.iter().filter(|c| c.date <= as_of).collect();
        counted.reverse();
        // Stable: of equal dates, the later in the file stays first.
        counted.sort_by_key(|c| std::cmp::Reverse(c.date));
        counted
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
    let cycles: Vec<CycleRollup> =
        config.cycles.iter().map(|cycle| cycle_rollup(workspace, cycle, as_of, detail)).collect();
    let strategy = strategy(config, &cycles);
    Rollup {
        as_of,
        organisation: config.organisation.clone(),
        vision: config.vision.clone(),
        mission: config.mission.clone(),
        cycles,
        strategy,
    }
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
    /// The mean expected of what `progress` averages.
    expected: Option<f64>,
    has_checkin: bool,
    /// Whether a threshold key result is in scope (never done while active).
    has_threshold: bool,
    explanation: Explanation,
}

impl Measured {
    const NOTHING: Measured = Measured {
        progress: None,
        expected: None,
        has_checkin: false,
        has_threshold: false,
        explanation: Explanation::NothingToMeasure,
    };
}

/// What the rollup of one cycle needs besides the workspace: its dates and
/// the rules of okr.yaml.
struct When<'c> {
    cycle: &'c Cycle,
    as_of: NaiveDate,
    elapsed: f64,
    /// Days from the cycle's start to `as_of`.
    days: i64,
    rules: &'c StatusThresholds,
    /// The `stale-key-result` limit in days, `None` when the rule is off.
    stale_days: Option<i64>,
}

impl When<'_> {
    fn input(&self, measured: &Measured, confidence: Option<f64>, aspirational: bool) -> StatusInput {
        StatusInput {
            state: self.cycle.state,
            progress: measured.progress,
            expected: measured.expected,
            has_checkin: measured.has_checkin,
            confidence,
            aspirational,
            days: self.days,
            subject: Subject::Rollup { has_threshold: measured.has_threshold },
        }
    }
}

/// The days of the `stale-key-result` rule, `None` when okr.yaml turns it off.
fn stale_days(config: &Config) -> Option<i64> {
    const DEFAULT_DAYS: i64 = 14;
    let setting = config.rules.get("stale-key-result");
    if setting.and_then(RuleSetting::level) == Some(Level::Off) {
        return None;
    }
    Some(setting.and_then(RuleSetting::options).and_then(|o| o.days).map_or(DEFAULT_DAYS, i64::from))
}

/// The rollup of one cycle (what [`rollup_with`] computes for each). With
/// [`Detail::Full`], every `delta` too: the same rollup seven days earlier.
pub fn cycle_rollup(workspace: &Workspace, cycle: &Cycle, as_of: NaiveDate, detail: Detail) -> CycleRollup {
    let alignment = Alignment::of(workspace, &cycle.id);
    let mut rolled = compute(workspace, &alignment, cycle, as_of, detail);
    if detail == Detail::Full {
        let week_ago = as_of.checked_sub_days(chrono::Days::new(7)).unwrap_or(as_of);
        let before = compute(workspace, &alignment, cycle, week_ago, Detail::Numbers);
        fill_deltas(&mut rolled, &before);
    }
    rolled
}

/// A progress minus the same progress earlier, when both are known.
fn change(now: Option<f64>, before: Option<f64>) -> Option<f64> {
    Some(now? - before?)
}

/// The deltas of `now` from `before`: the same workspace and cycle, so the
/// same teams, objectives and key results in the same order.
fn fill_deltas(now: &mut CycleRollup, before: &CycleRollup) {
    now.delta = change(now.progress, before.progress);
    for (team, old) in now.teams.iter_mut().zip(&before.teams) {
        team.delta = change(team.unit_progress, old.unit_progress);
        for (objective, old) in team.objectives.iter_mut().zip(&old.objectives) {
            objective.delta = change(objective.progress, old.progress);
            for (kr, old) in objective.key_results.iter_mut().zip(&old.key_results) {
                kr.delta = Some(kr.progress - old.progress);
            }
        }
    }
}

fn compute(
    workspace: &Workspace,
    alignment: &Alignment<'_>,
    cycle: &Cycle,
    as_of: NaiveDate,
    detail: Detail,
) -> CycleRollup {
    let config = &workspace.config;
    let when = When {
        cycle,
        as_of,
        elapsed: elapsed(cycle, as_of),
        days: (as_of - cycle.start).num_days(),
        rules: &config.status,
        stale_days: stale_days(config),
    };
    let nodes = nodes(alignment, &when, detail);
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
    let kpis = cycle_kpis(workspace, cycle, as_of);
    let with_kpis: HashSet<&str> = kpis.iter().map(|k| k.team.as_str()).collect();
    // Each objective is moved into its own team's list, never copied.
    let mut objectives: Vec<Option<ObjectiveRollup>> =
        nodes.into_iter().zip(&measured).map(|(node, m)| Some(objective_rollup(node, m, &when))).collect();
    let listed: Vec<(&Team, usize)> = team_tree(config)
        .into_iter()
        .filter(|(t, _)| unit.contains_key(t.id.as_str()) || with_kpis.contains(t.id.as_str()))
        .collect();
    link_alignment(&mut objectives, alignment, &listed, &own);
    let mut teams = Vec::new();
    let mut everything: Vec<usize> = Vec::new();
    for &(team, depth) in &listed {
        let own_ids = own.get(team.id.as_str()).map_or(&[][..], Vec::as_slice);
        everything.extend_from_slice(own_ids);
        let unit_ids = unit.get(team.id.as_str()).map_or(&[][..], Vec::as_slice);
        let rolled = mean_of(unit_ids, &measured);
        let (status, reason) = status(&when.input(&rolled, None, true), when.rules);
        let own: Vec<ObjectiveRollup> = own_ids.iter().filter_map(|&i| objectives[i].take()).collect();
        let score = closed_score(cycle, rolled.progress);
        teams.push(TeamRollup {
            id: team.id.clone(),
            name: team.name.clone(),
            parent: team.parent.clone(),
            lead: team.lead.clone(),
            coach: team.coach.clone(),
            depth,
            progress: mean_of(own_ids, &measured).progress,
            own_expected: mean_of(own_ids, &measured).expected,
            unit_progress: rolled.progress,
            expected: rolled.expected,
            delta: None,
            score,
            band: score.map(Band::of),
            status,
            reason,
            explanation: explain_mean(unit_ids.iter().filter_map(|&i| measured[i].progress), MeanOf::Unit),
            tally: Tally::of(&own),
            objectives: own,
        });
    }
    let organisation = mean_of(&everything, &measured);
    let (status, reason) = status(&when.input(&organisation, None, true), when.rules);
    let score = closed_score(cycle, organisation.progress);
    let mut rolled = CycleRollup {
        id: cycle.id.clone(),
        name: cycle.name.clone(),
        state: cycle.state,
        start: cycle.start,
        end: cycle.end,
        elapsed: when.elapsed,
        progress: organisation.progress,
        expected: organisation.expected,
        delta: None,
        score,
        band: score.map(Band::of),
        status,
        reason,
        explanation: explain_mean(
            everything.iter().filter_map(|&i| measured[i].progress),
            MeanOf::Organisation,
        ),
        tally: Tally::sum(teams.iter().map(|t| &t.tally)),
        teams,
        attention: Vec::new(),
        kpis,
    };
    if cycle.state == CycleState::Active {
        rolled.attention = attention(&rolled, when.rules);
    }
    rolled
}

/// The cycle's objectives with their key results rolled up, in the
/// alignment graph's order.
fn nodes<'w>(alignment: &'w Alignment<'w>, when: &When<'_>, detail: Detail) -> Vec<Node<'w>> {
    alignment
        .nodes
        .iter()
        .map(|at| {
            let source = Source { data: Arc::clone(&at.file.data), objective: at.index };
            let aspirational = at.objective.commitment == Commitment::Aspirational;
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
                    .map(|(k, kr)| kr_rollup(kr, (&source, k), aspirational, when, detail))
                    .collect(),
                source,
            }
        })
        .collect()
}

/// Progress and expected of a set of objectives (a unit, the organisation):
/// the mean of each over the objectives that have a progress.
fn mean_of(ids: &[usize], measured: &[Measured]) -> Measured {
    let counted: Vec<&Measured> =
        ids.iter().map(|&i| &measured[i]).filter(|m| m.progress.is_some()).collect();
    Measured {
        progress: mean(counted.iter().filter_map(|m| m.progress)),
        expected: mean(counted.iter().filter_map(|m| m.expected)),
        has_checkin: ids.iter().any(|&i| measured[i].has_checkin),
        has_threshold: ids.iter().any(|&i| measured[i].has_threshold),
        explanation: Explanation::NothingToMeasure,
    }
}

/// The attention list of an active cycle (SPEC 3.5): each item once, under
/// its first reason; by reason, then team tree, file and position.
fn attention(cycle: &CycleRollup, rules: &StatusThresholds) -> Vec<Attention> {
    let mut out = Vec::new();
    let objectives = || {
        cycle.teams.iter().enumerate().flat_map(|(t, team)| {
            team.objectives
                .iter()
                .enumerate()
                .map(move |(o, objective)| (Place { team: t, objective: o }, objective))
        })
    };
    let key_results = || {
        objectives().flat_map(|(place, objective)| {
            objective.key_results.iter().enumerate().map(move |(k, kr)| (place, k, kr))
        })
    };
    let mut listed: HashSet<AttentionItem> = HashSet::new();
    let mut push = |reason, item| {
        if listed.insert(item) {
            out.push(Attention { reason, item });
        }
    };
    for (place, objective) in objectives() {
        let committed = objective.objective().commitment == Commitment::Committed;
        if committed && matches!(objective.status, Status::AtRisk | Status::OffTrack | Status::NoData) {
            push(AttentionReason::CommittedNotOnTrack, AttentionItem::Objective(place));
        }
    }
    for (place, objective) in objectives() {
        if objective.status == Status::OffTrack {
            push(AttentionReason::OffTrack, AttentionItem::Objective(place));
        }
    }
    for (place, k, kr) in key_results() {
        if kr.confidence.is_some_and(|c| c < rules.low_confidence) {
            push(AttentionReason::LowConfidence, AttentionItem::KeyResult(place, k));
        }
    }
    for (place, k, kr) in key_results() {
        if kr.stale.is_some_and(|s| s.last.is_some()) {
            push(AttentionReason::Stale, AttentionItem::KeyResult(place, k));
        } else if kr.last_checkin.is_none() && kr.status == Status::NoData {
            push(AttentionReason::NoData, AttentionItem::KeyResult(place, k));
        }
    }
    for (i, kpi) in cycle.kpis.iter().enumerate() {
        if kpi.holds == Some(false) {
            push(AttentionReason::KpiBreached, AttentionItem::Kpi(i));
        }
    }
    out
}

/// Fills in each objective's alignment links as [`Place`]s: where its
/// parents and children land in the cycle's `teams` (the `listed` teams,
/// each holding its `own` objectives in order).
fn link_alignment(
    objectives: &mut [Option<ObjectiveRollup>],
    alignment: &Alignment<'_>,
    listed: &[(&Team, usize)],
    own: &HashMap<&str, Vec<usize>>,
) {
    let mut places: Vec<Option<Place>> = vec![None; objectives.len()];
    for (team, (t, _)) in listed.iter().enumerate() {
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

/// A key result's expected progress by its kind (SPEC 3.3): the straight
/// line for a metric, 0 before a milestone's due date and 1 from it, 1 for a
/// threshold.
fn kind_expected(kr: &KeyResult, when: &When<'_>) -> f64 {
    match kr.kind {
        KrKind::Metric => when.elapsed,
        KrKind::Milestone => {
            if when.as_of < kr.due.unwrap_or(when.cycle.end) {
                0.0
            } else {
                1.0
            }
        }
        KrKind::Threshold => 1.0,
    }
}

/// The corners of a key result's expected progress over its cycle (see
/// [`KrRollup::expected_path`]).
pub fn expected_path(kr: &KeyResult, cycle: &Cycle) -> Vec<(NaiveDate, f64)> {
    match kr.kind {
        KrKind::Metric => vec![(cycle.start, 0.0), (cycle.end, 1.0)],
        KrKind::Threshold => vec![(cycle.start, 1.0), (cycle.end, 1.0)],
        KrKind::Milestone => {
            let due = kr.due.unwrap_or(cycle.end).clamp(cycle.start, cycle.end);
            vec![(cycle.start, 0.0), (due, 0.0), (due, 1.0), (cycle.end, 1.0)]
        }
    }
}

/// Days without a check-in beyond the limit, for a key result of an active
/// cycle that has begun and is not done.
fn staleness(kr: &KeyResult, progress: f64, when: &When<'_>) -> Option<Stale> {
    stale(kr, progress, when.cycle, when.as_of, when.stale_days?)
}

/// Whether `kr` (at `progress` as of `as_of`) has gone more than `limit`
/// days without a check-in: only in an active cycle that has begun, never
/// when done (a threshold is never done while its cycle is active). Idle
/// days stop at the cycle's end. The `stale-key-result` rule and the
/// attention list both read this.
pub fn stale(kr: &KeyResult, progress: f64, cycle: &Cycle, as_of: NaiveDate, limit: i64) -> Option<Stale> {
    let done = progress >= 1.0 && kr.kind != KrKind::Threshold;
    if cycle.state != CycleState::Active || as_of < cycle.start || done {
        return None;
    }
    let last = latest_checkin(&kr.checkins, as_of).map(|c| c.date);
    let idle = (as_of.min(cycle.end) - last.unwrap_or(cycle.start)).num_days();
    (idle > limit).then_some(Stale { idle, last })
}

fn kr_rollup(
    kr: &KeyResult,
    (source, index): (&Source, usize),
    aspirational: bool,
    when: &When<'_>,
    detail: Detail,
) -> KrRollup {
    let measured = key_result_progress(kr, when.as_of);
    let has_checkin = measured.latest.is_some();
    // Without a check-in (active cycle) nothing is expected of it yet: it
    // adds no gap to what it rolls up into.
    let expected = if !has_checkin && when.cycle.state == CycleState::Active {
        measured.progress
    } else {
        kind_expected(kr, when)
    };
    let subject = Subject::KeyResult {
        threshold: (kr.kind == KrKind::Threshold).then(|| Threshold {
            value: measured.latest.and_then(|c| c.value),
            bound: kr.at_least.or(kr.at_most).unwrap_or(0.0),
            at_least: kr.at_least.is_some(),
        }),
        milestone: (kr.kind == KrKind::Milestone)
            .then(|| (kr.due.unwrap_or(when.cycle.end), measured.progress >= 1.0)),
    };
    let input = StatusInput {
        state: when.cycle.state,
        progress: Some(measured.progress),
        expected: Some(expected),
        has_checkin,
        confidence: measured.confidence,
        aspirational,
        days: when.days,
        subject,
    };
    let (status, reason) = status(&input, when.rules);
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
        expected,
        delta: None,
        status,
        reason,
        confidence: measured.confidence,
        last_checkin: measured.latest.map(|c| c.date),
        explanation: measured.explanation,
        history: (detail == Detail::Full).then(|| history(kr, when.as_of)),
        expected_path: (detail == Detail::Full).then(|| expected_path(kr, when.cycle)),
        stale: staleness(kr, measured.progress, when),
    }
}

fn objective_rollup(node: Node<'_>, measured: &Measured, when: &When<'_>) -> ObjectiveRollup {
    let objective = node.objective;
    let confidence = node.key_results.iter().filter_map(|k| k.confidence).min_by(f64::total_cmp);
    let aspirational = objective.commitment == Commitment::Aspirational;
    let (status, reason) = status(&when.input(measured, confidence, aspirational), when.rules);
    let score = closed_score(when.cycle, measured.progress);
    ObjectiveRollup {
        id: objective.id.clone(),
        source: node.source,
        progress: measured.progress,
        expected: measured.expected,
        delta: None,
        status,
        reason,
        confidence,
        last_checkin: node.key_results.iter().filter_map(|k| k.last_checkin).max(),
        score,
        band: score.map(Band::of),
        missed_commitment: !aspirational && score.is_some_and(|s| s < 1.0),
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
                let counted = done.iter().filter(|m| m.progress.is_some());
                out[i] = Some(Measured {
                    progress: mean(values.clone()),
                    expected: mean(counted.filter_map(|m| m.expected)),
                    has_checkin: done.iter().any(|m| m.has_checkin),
                    has_threshold: done.iter().any(|m| m.has_threshold),
                    explanation: explain_mean(values, MeanOf::Aligned),
                });
                marks[i] = Mark::Done;
            }
        }
    }
    out.into_iter().map(|m| m.unwrap_or(Measured::NOTHING)).collect()
}

/// Weighted mean of key results; weights that are not positive and finite
/// (the schema forbids them) are left out.
fn weighted(key_results: &[KrRollup]) -> Measured {
    let counted: Vec<&KrRollup> =
        key_results.iter().filter(|k| k.weight.is_finite() && k.weight > 0.0).collect();
    let total: f64 = counted.iter().map(|k| k.weight).sum();
    let has_checkin = key_results.iter().any(|k| k.last_checkin.is_some());
    let has_threshold = key_results.iter().any(|k| k.kind == KrKind::Threshold);
    if counted.is_empty() {
        let explanation = Explanation::NoPositiveWeight;
        return Measured { has_checkin, has_threshold, explanation, ..Measured::NOTHING };
    }
    let progress = counted.iter().map(|k| k.weight * k.progress).sum::<f64>() / total;
    let expected = counted.iter().map(|k| k.weight * k.expected).sum::<f64>() / total;
    let terms = counted.iter().map(|k| (k.weight, k.progress)).collect();
    let explanation = Explanation::Weighted { terms, result: progress };
    Measured { progress: Some(progress), expected: Some(expected), has_checkin, has_threshold, explanation }
}

/// How much a progress series (`(date, progress)` by date, e.g. one per
/// commit) moved after `since`: its latest value minus its value on `since`
/// (the last point on or before it; the first point when the series starts
/// later). `None` for an empty series.
pub fn change_since(series: &[(NaiveDate, f64)], since: NaiveDate) -> Option<f64> {
    let latest = series.last()?.1;
    let base = series.iter().take_while(|(d, _)| *d <= since).last().or(series.first())?.1;
    Some(latest - base)
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
                    blockers: None,
                    next: None,
                })
                .into_iter()
                .collect(),
            due: None,
            initiatives: Vec::new(),
            source: None,
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
            expected: 0.0,
            delta: None,
            status: Status::OnTrack,
            reason: Reason::Reached,
            confidence: None,
            last_checkin: None,
            explanation: Explanation::NothingToMeasure,
            history: None,
            expected_path: None,
            stale: None,
        }
    }

    #[test]
    fn change_since_takes_the_last_point_on_or_before_the_day() {
        let series = [(date("2026-10-02"), 0.0), (date("2026-11-10"), 0.3), (date("2026-11-24"), 0.5)];
        assert_eq!(change_since(&series, date("2026-11-18")), Some(0.5 - 0.3));
        assert_eq!(change_since(&series, date("2026-09-30")), Some(0.5), "before the first point: from it");
        assert_eq!(change_since(&series, date("2026-11-24")), Some(0.0));
        assert_eq!(change_since(&[], date("2026-11-24")), None);
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
