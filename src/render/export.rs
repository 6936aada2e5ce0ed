//! `okr export --format json|csv`: the computed rollup as data (SPEC 8,
//! format version 2; docs/formats.md).

use std::collections::HashSet;

use serde::Serialize;

use crate::inert::spreadsheet_safe;
use crate::model::{Checkin, InitiativeState};
use crate::rollup::{
    subtree, Attention, AttentionItem, CycleRollup, KpiRollup, KrRollup, ObjectiveRollup, Rollup, Status,
    StrategyRollup, TeamRollup,
};

/// Version of the export formats; bumped on any incompatible change.
pub const EXPORT_VERSION: u32 = 2;

/// What `--cycle` and `--team` keep: they filter what is printed, never
/// what is computed.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this cycle.
    pub cycle: Option<String>,
    /// Only this team and the teams below it (its unit).
    pub teams: Option<HashSet<String>>,
}

impl Filter {
    /// The filter of `--cycle CYCLE --team TEAM` in `config`.
    pub fn new(config: &crate::config::Config, cycle: Option<&str>, team: Option<&str>) -> Self {
        Filter {
            cycle: cycle.map(str::to_owned),
            teams: team.map(|t| subtree(config, t).into_iter().map(str::to_owned).collect()),
        }
    }

    fn cycle(&self, cycle: &CycleRollup) -> bool {
        self.cycle.as_ref().is_none_or(|c| *c == cycle.id)
    }

    fn team(&self, team: &str) -> bool {
        self.teams.as_ref().is_none_or(|t| t.contains(team))
    }

    /// Every team the filter keeps, with its cycle, in export order.
    pub(crate) fn teams_of<'a>(
        &'a self,
        rollup: &'a Rollup,
    ) -> impl Iterator<Item = (&'a CycleRollup, &'a TeamRollup)> {
        rollup
            .cycles
            .iter()
            .filter(|c| self.cycle(c))
            .flat_map(move |c| c.teams.iter().filter(|t| self.team(&t.id)).map(move |t| (c, t)))
    }
}

#[derive(Serialize)]
struct Export<'a> {
    version: u32,
    as_of: String,
    organisation: &'a str,
    vision: Option<&'a str>,
    mission: Option<&'a str>,
    cycles: Vec<CycleOut<'a>>,
    strategy: Vec<StrategyOut<'a>>,
}

#[derive(Serialize)]
struct StrategyOut<'a> {
    id: &'a str,
    title: &'a str,
    owner: Option<&'a str>,
    horizon: Option<&'a str>,
    cycles: Vec<StrategyCycleOut<'a>>,
}

#[derive(Serialize)]
struct StrategyCycleOut<'a> {
    id: &'a str,
    progress: Option<f64>,
    expected: Option<f64>,
    objectives: Vec<AlignedOut<'a>>,
}

#[derive(Serialize)]
struct AlignedOut<'a> {
    team: &'a str,
    objective: &'a str,
    direct: bool,
}

#[derive(Serialize)]
struct CycleOut<'a> {
    id: &'a str,
    state: &'static str,
    start: String,
    end: String,
    elapsed: f64,
    expected: Option<f64>,
    progress: Option<f64>,
    delta: Option<f64>,
    status: Status,
    status_reason: String,
    attention: Vec<AttentionOut<'a>>,
    teams: Vec<TeamOut<'a>>,
}

#[derive(Serialize)]
struct AttentionOut<'a> {
    reason: &'static str,
    team: &'a str,
    objective: Option<&'a str>,
    key_result: Option<&'a str>,
    kpi: Option<&'a str>,
}

#[derive(Serialize)]
struct TeamOut<'a> {
    id: &'a str,
    name: &'a str,
    parent: Option<&'a str>,
    lead: Option<&'a str>,
    coach: Option<&'a str>,
    progress: Option<f64>,
    unit_progress: Option<f64>,
    expected: Option<f64>,
    delta: Option<f64>,
    status: Status,
    status_reason: String,
    objectives: Vec<ObjectiveOut<'a>>,
    kpis: Vec<KpiOut<'a>>,
}

#[derive(Serialize)]
struct ObjectiveOut<'a> {
    id: &'a str,
    title: &'a str,
    owner: &'a str,
    commitment: &'static str,
    aligned_to: Vec<String>,
    progress: Option<f64>,
    expected: Option<f64>,
    delta: Option<f64>,
    status: Status,
    status_reason: String,
    score: Option<f64>,
    retro: Option<&'a str>,
    key_results: Vec<KeyResultOut<'a>>,
}

#[derive(Serialize)]
struct KeyResultOut<'a> {
    id: &'a str,
    title: &'a str,
    owner: &'a str,
    contributors: &'a [String],
    kind: &'static str,
    unit: Option<&'a str>,
    start: Option<f64>,
    target: Option<f64>,
    at_least: Option<f64>,
    at_most: Option<f64>,
    due: Option<String>,
    weight: f64,
    current: Option<f64>,
    progress: f64,
    expected: f64,
    delta: Option<f64>,
    status: Status,
    status_reason: String,
    confidence: Option<f64>,
    last_checkin: Option<CheckinOut<'a>>,
    initiatives: Vec<InitiativeOut<'a>>,
}

#[derive(Serialize)]
struct CheckinOut<'a> {
    date: String,
    value: Option<f64>,
    done: Option<bool>,
    confidence: Option<f64>,
    note: Option<&'a str>,
    blockers: Option<&'a str>,
    next: Option<&'a str>,
}

#[derive(Serialize)]
struct InitiativeOut<'a> {
    title: &'a str,
    url: Option<&'a str>,
    state: InitiativeState,
}

#[derive(Serialize)]
struct KpiOut<'a> {
    id: &'a str,
    title: &'a str,
    owner: &'a str,
    unit: Option<&'a str>,
    at_least: Option<f64>,
    at_most: Option<f64>,
    current: Option<f64>,
    holds: Option<bool>,
    last_checkin: Option<KpiCheckinOut>,
}

#[derive(Serialize)]
struct KpiCheckinOut {
    date: String,
    value: f64,
}

fn checkin_out(c: &Checkin) -> CheckinOut<'_> {
    CheckinOut {
        date: c.date.to_string(),
        value: c.value,
        done: c.done,
        confidence: c.confidence,
        note: c.note.as_deref(),
        blockers: c.blockers.as_deref(),
        next: c.next.as_deref(),
    }
}

fn key_result_out(kr: &KrRollup) -> KeyResultOut<'_> {
    let source = kr.key_result();
    KeyResultOut {
        id: &kr.id,
        title: &source.title,
        owner: &source.owner,
        contributors: &source.contributors,
        kind: kind_name(kr),
        unit: source.unit.as_deref(),
        start: kr.start,
        target: kr.target,
        at_least: kr.at_least,
        at_most: kr.at_most,
        due: source.due.map(|d| d.to_string()),
        weight: kr.weight,
        current: kr.current,
        progress: kr.progress,
        expected: kr.expected,
        delta: kr.delta,
        status: kr.status,
        status_reason: kr.reason.to_string(),
        confidence: kr.confidence,
        last_checkin: kr.counted_checkin().map(checkin_out),
        initiatives: source
            .initiatives
            .iter()
            .map(|i| InitiativeOut { title: &i.title, url: i.url.as_deref(), state: i.state })
            .collect(),
    }
}

fn kind_name(kr: &KrRollup) -> &'static str {
    match kr.kind {
        crate::model::KrKind::Metric => "metric",
        crate::model::KrKind::Milestone => "milestone",
        crate::model::KrKind::Threshold => "threshold",
    }
}

fn objective_out(objective: &ObjectiveRollup) -> ObjectiveOut<'_> {
    let source = objective.objective();
    ObjectiveOut {
        id: &objective.id,
        title: &source.title,
        owner: &source.owner,
        commitment: commitment_name(source.commitment),
        aligned_to: source.aligned_to.iter().map(ToString::to_string).collect(),
        progress: objective.progress,
        expected: objective.expected,
        delta: objective.delta,
        status: objective.status,
        status_reason: objective.reason.to_string(),
        score: objective.score,
        retro: source.retro.as_deref(),
        key_results: objective.key_results.iter().map(key_result_out).collect(),
    }
}

fn kpi_out(kpi: &KpiRollup) -> KpiOut<'_> {
    KpiOut {
        id: &kpi.id,
        title: &kpi.title,
        owner: &kpi.owner,
        unit: kpi.unit.as_deref(),
        at_least: kpi.at_least,
        at_most: kpi.at_most,
        current: kpi.current,
        holds: kpi.holds,
        last_checkin: kpi
            .last_checkin
            .zip(kpi.current)
            .map(|(date, value)| KpiCheckinOut { date: date.to_string(), value }),
    }
}

fn team_out<'a>(cycle: &'a CycleRollup, team: &'a TeamRollup) -> TeamOut<'a> {
    TeamOut {
        id: &team.id,
        name: &team.name,
        parent: team.parent.as_deref(),
        lead: team.lead.as_deref(),
        coach: team.coach.as_deref(),
        progress: team.progress,
        unit_progress: team.unit_progress,
        expected: team.expected,
        delta: team.delta,
        status: team.status,
        status_reason: team.reason.to_string(),
        objectives: team.objectives.iter().map(objective_out).collect(),
        kpis: cycle.kpis.iter().filter(|k| k.team == team.id).map(kpi_out).collect(),
    }
}

fn attention_out<'a>(cycle: &'a CycleRollup, item: &Attention) -> Option<AttentionOut<'a>> {
    let reason = item.reason.as_str();
    Some(match item.item {
        AttentionItem::Objective(place) => {
            let (team, objective) = cycle.at(place)?;
            AttentionOut {
                reason,
                team: &team.id,
                objective: Some(&objective.id),
                key_result: None,
                kpi: None,
            }
        }
        AttentionItem::KeyResult(place, k) => {
            let (team, objective) = cycle.at(place)?;
            let kr = objective.key_results.get(k)?;
            AttentionOut {
                reason,
                team: &team.id,
                objective: Some(&objective.id),
                key_result: Some(&kr.id),
                kpi: None,
            }
        }
        AttentionItem::Kpi(i) => {
            let kpi = cycle.kpis.get(i)?;
            AttentionOut { reason, team: &kpi.team, objective: None, key_result: None, kpi: Some(&kpi.id) }
        }
    })
}

fn strategy_out<'a>(rollup: &'a Rollup, strategic: &'a StrategyRollup, filter: &Filter) -> StrategyOut<'a> {
    let s = &strategic.strategic;
    StrategyOut {
        id: &s.id,
        title: &s.title,
        owner: s.owner.as_deref(),
        horizon: s.horizon.as_deref(),
        cycles: strategic
            .cycles
            .iter()
            .filter_map(|sc| Some((rollup.cycles.get(sc.cycle)?, sc)))
            .filter(|(cycle, _)| filter.cycle(cycle))
            .map(|(cycle, sc)| StrategyCycleOut {
                id: &cycle.id,
                progress: sc.progress,
                expected: sc.expected,
                objectives: sc
                    .objectives
                    .iter()
                    .filter_map(|m| {
                        let (team, objective) = cycle.at(m.place)?;
                        Some(AlignedOut { team: &team.id, objective: &objective.id, direct: m.direct })
                    })
                    .filter(|a| filter.team(a.team))
                    .collect(),
            })
            .collect(),
    }
}

/// The rollup as one JSON object (pretty-printed, trailing newline).
pub fn to_json(rollup: &Rollup, filter: &Filter) -> String {
    let export = Export {
        version: EXPORT_VERSION,
        as_of: rollup.as_of.to_string(),
        organisation: &rollup.organisation,
        vision: rollup.vision.as_deref(),
        mission: rollup.mission.as_deref(),
        strategy: rollup.strategy.iter().map(|s| strategy_out(rollup, s, filter)).collect(),
        cycles: rollup
            .cycles
            .iter()
            .filter(|c| filter.cycle(c))
            .map(|cycle| CycleOut {
                id: &cycle.id,
                state: cycle.state.as_str(),
                start: cycle.start.to_string(),
                end: cycle.end.to_string(),
                elapsed: cycle.elapsed,
                expected: cycle.expected,
                progress: cycle.progress,
                delta: cycle.delta,
                status: cycle.status,
                status_reason: cycle.reason.to_string(),
                attention: cycle
                    .attention
                    .iter()
                    .filter_map(|a| attention_out(cycle, a))
                    .filter(|a| filter.team(a.team))
                    .collect(),
                teams: cycle
                    .teams
                    .iter()
                    .filter(|t| filter.team(&t.id))
                    .map(|team| team_out(cycle, team))
                    .collect(),
            })
            .collect(),
    };
    // Plain structs of strings and finite numbers always serialise.
    let mut text = serde_json::to_string_pretty(&export).unwrap_or_default();
    text.push('\n');
    text
}

/// A cell of a table export: typed, so that the CSV writes text and the
/// workbook real numbers, dates and percentages.
#[derive(Debug, Clone)]
pub(crate) enum Cell<'a> {
    /// Text from the files (made formula-safe in the CSV).
    Text(std::borrow::Cow<'a, str>),
    /// A word of okr's own (`metric`, `on-track`).
    Word(&'static str),
    Number(Option<f64>),
    /// A share of 1 (progress, expected, change): a percentage in the workbook.
    Share(Option<f64>),
    Date(Option<chrono::NaiveDate>),
    Bool(Option<bool>),
}

impl Cell<'_> {
    pub(crate) fn text(text: Option<&str>) -> Cell<'_> {
        Cell::Text(std::borrow::Cow::Borrowed(text.unwrap_or_default()))
    }

    /// The cell as CSV text.
    fn csv(&self) -> String {
        match self {
            Cell::Text(t) => spreadsheet_safe(t).into_owned(),
            Cell::Word(w) => (*w).to_owned(),
            Cell::Number(v) | Cell::Share(v) => number(*v),
            Cell::Date(d) => d.map(|d| d.to_string()).unwrap_or_default(),
            Cell::Bool(b) => b.map(|b| b.to_string()).unwrap_or_default(),
        }
    }
}

/// The key-result table's columns (the CSV's and the workbook's "Key
/// results" sheet): where the key result is, then its fields as in the JSON
/// export (`last_checkin` flattened, `initiatives` left out).
pub(crate) const KEY_RESULT_COLUMNS: [&str; 32] = [
    "cycle",
    "team",
    "objective",
    "objective_title",
    "id",
    "title",
    "owner",
    "contributors",
    "kind",
    "unit",
    "start",
    "target",
    "at_least",
    "at_most",
    "due",
    "weight",
    "current",
    "progress",
    "expected",
    "delta",
    "status",
    "status_reason",
    "confidence",
    "last_checkin_date",
    "last_checkin_value",
    "last_checkin_done",
    "last_checkin_confidence",
    "last_checkin_note",
    "last_checkin_blockers",
    "last_checkin_next",
    "score",
    "commitment",
];

/// Every key result `filter` keeps, one row each ([`KEY_RESULT_COLUMNS`]).
pub(crate) fn key_result_rows<'a>(rollup: &'a Rollup, filter: &'a Filter) -> Vec<[Cell<'a>; 32]> {
    let mut rows = Vec::new();
    for (cycle, team) in filter.teams_of(rollup) {
        for objective in &team.objectives {
            let source = objective.objective();
            for kr in &objective.key_results {
                let written = kr.key_result();
                let last = kr.counted_checkin();
                rows.push([
                    Cell::text(Some(&cycle.id)),
                    Cell::text(Some(&team.id)),
                    Cell::text(Some(&objective.id)),
                    Cell::text(Some(&source.title)),
                    Cell::text(Some(&kr.id)),
                    Cell::text(Some(&written.title)),
                    Cell::text(Some(&written.owner)),
                    Cell::Text(written.contributors.join(" ").into()),
                    Cell::Word(kind_name(kr)),
                    Cell::text(written.unit.as_deref()),
                    Cell::Number(kr.start),
                    Cell::Number(kr.target),
                    Cell::Number(kr.at_least),
                    Cell::Number(kr.at_most),
                    Cell::Date(written.due),
                    Cell::Number(Some(kr.weight)),
                    Cell::Number(kr.current),
                    Cell::Share(Some(kr.progress)),
                    Cell::Share(Some(kr.expected)),
                    Cell::Share(kr.delta),
                    Cell::Word(kr.status.as_str()),
                    Cell::Text(kr.reason.to_string().into()),
                    Cell::Number(kr.confidence),
                    Cell::Date(last.map(|c| c.date)),
                    Cell::Number(last.and_then(|c| c.value)),
                    Cell::Bool(last.and_then(|c| c.done)),
                    Cell::Number(last.and_then(|c| c.confidence)),
                    Cell::text(last.and_then(|c| c.note.as_deref())),
                    Cell::text(last.and_then(|c| c.blockers.as_deref())),
                    Cell::text(last.and_then(|c| c.next.as_deref())),
                    Cell::Share(objective.score),
                    Cell::Word(commitment_name(source.commitment)),
                ]);
            }
        }
    }
    rows
}

pub(crate) fn commitment_name(commitment: crate::model::Commitment) -> &'static str {
    match commitment {
        crate::model::Commitment::Committed => "committed",
        crate::model::Commitment::Aspirational => "aspirational",
    }
}

/// One row per key result (columns: [`KEY_RESULT_COLUMNS`]). A text cell
/// that a spreadsheet would run as a formula starts with `'`.
pub fn to_csv(rollup: &Rollup, filter: &Filter) -> String {
    let mut out = csv_writer();
    let _ = out.write_record(KEY_RESULT_COLUMNS);
    for row in key_result_rows(rollup, filter) {
        let _ = out.write_record(row.iter().map(Cell::csv));
    }
    csv_text(out)
}

pub(crate) fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new())
}

/// What a [`csv_writer`] wrote. Writing to memory cannot fail, and every
/// field is a `&str`, so the bytes are UTF-8.
pub(crate) fn csv_text(writer: csv::Writer<Vec<u8>>) -> String {
    writer.into_inner().ok().and_then(|bytes| String::from_utf8(bytes).ok()).unwrap_or_default()
}

/// A number unrounded (shortest form that round-trips), empty for none;
/// never `-0`.
fn number(value: Option<f64>) -> String {
    value.map(|v| format!("{}", if v == 0.0 { 0.0 } else { v })).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{csv_text, csv_writer, number};

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        let mut out = csv_writer();
        let _ = out.write_record(["plain", "a,b", "say \"hi\"", "two\nlines", ""]);
        assert_eq!(csv_text(out), "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\n");
    }

    #[test]
    fn numbers_never_show_negative_zero() {
        assert_eq!(number(Some(-0.0)), "0");
        assert_eq!(number(Some(-0.25)), "-0.25");
        assert_eq!(number(None), "");
    }
}
