//! `okr export --format json|csv`: the computed rollup as data (SPEC 8).

use serde::Serialize;

use crate::rollup::{Rollup, Status};

/// Version of the export formats; bumped on any incompatible change.
pub const EXPORT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Export<'a> {
    version: u32,
    as_of: String,
    organisation: &'a str,
    cycles: Vec<CycleOut<'a>>,
}

#[derive(Serialize)]
struct CycleOut<'a> {
    id: &'a str,
    state: &'static str,
    expected: f64,
    progress: Option<f64>,
    teams: Vec<TeamOut<'a>>,
}

#[derive(Serialize)]
struct TeamOut<'a> {
    id: &'a str,
    progress: Option<f64>,
    unit_progress: Option<f64>,
    status: Status,
    objectives: Vec<ObjectiveOut<'a>>,
}

#[derive(Serialize)]
struct ObjectiveOut<'a> {
    id: &'a str,
    progress: Option<f64>,
    status: Status,
    score: Option<f64>,
    key_results: Vec<KeyResultOut<'a>>,
}

#[derive(Serialize)]
struct KeyResultOut<'a> {
    id: &'a str,
    owner: &'a str,
    current: Option<f64>,
    progress: f64,
    status: Status,
    confidence: Option<f64>,
}

/// The rollup as one JSON object (pretty-printed, trailing newline).
pub fn to_json(rollup: &Rollup) -> String {
    let export = Export {
        version: EXPORT_VERSION,
        as_of: rollup.as_of.to_string(),
        organisation: &rollup.organisation,
        cycles: rollup
            .cycles
            .iter()
            .map(|cycle| CycleOut {
                id: &cycle.id,
                state: cycle.state.as_str(),
                expected: cycle.expected,
                progress: cycle.progress,
                teams: cycle
                    .teams
                    .iter()
                    .map(|team| TeamOut {
                        id: &team.id,
                        progress: team.progress,
                        unit_progress: team.unit_progress,
                        status: team.status,
                        objectives: team
                            .objectives
                            .iter()
                            .map(|objective| ObjectiveOut {
                                id: &objective.id,
                                progress: objective.progress,
                                status: objective.status,
                                score: objective.score,
                                key_results: objective
                                    .key_results
                                    .iter()
                                    .map(|kr| KeyResultOut {
                                        id: &kr.id,
                                        owner: &kr.key_result().owner,
                                        current: kr.current,
                                        progress: kr.progress,
                                        status: kr.status,
                                        confidence: kr.confidence,
                                    })
                                    .collect(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    };
    // Plain structs of strings and finite numbers always serialise.
    let mut text = serde_json::to_string_pretty(&export).unwrap_or_default();
    text.push('\n');
    text
}

/// One row per key result: `cycle,team,objective,id,owner,current,progress,status,confidence`.
pub fn to_csv(rollup: &Rollup) -> String {
    let mut out = csv_writer();
    let _ = out.write_record([
        "cycle",
        "team",
        "objective",
        "id",
        "owner",
        "current",
        "progress",
        "status",
        "confidence",
    ]);
    for cycle in &rollup.cycles {
        for team in &cycle.teams {
            for objective in &team.objectives {
                for kr in &objective.key_results {
                    let _ = out.write_record([
                        cycle.id.as_str(),
                        &team.id,
                        &objective.id,
                        &kr.id,
                        &kr.key_result().owner,
                        &number(kr.current),
                        &number(Some(kr.progress)),
                        kr.status.as_str(),
                        &number(kr.confidence),
                    ]);
                }
            }
        }
    }
    csv_text(out)
}

/// A CSV writer into memory: fields quoted only when they must be (a comma,
/// a quote or a line break, RFC 4180), lines ended by `\n`.
pub(crate) fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new())
}

/// What a [`csv_writer`] wrote. Writing to memory cannot fail, and every
/// field is a `&str`, so the bytes are UTF-8.
pub(crate) fn csv_text(writer: csv::Writer<Vec<u8>>) -> String {
    writer.into_inner().ok().and_then(|bytes| String::from_utf8(bytes).ok()).unwrap_or_default()
}

/// A number unrounded (shortest form that round-trips), empty for none.
fn number(value: Option<f64>) -> String {
    value.map(|v| format!("{v}")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{csv_text, csv_writer};

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        let mut out = csv_writer();
        let _ = out.write_record(["plain", "a,b", "say \"hi\"", "two\nlines", ""]);
        assert_eq!(csv_text(out), "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\n");
    }
}
