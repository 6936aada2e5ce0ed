//! `okr history`: the rollup of every commit as CSV, JSON or text. Only
//! layout here; every number comes from `crate::rollup`.

use serde::Serialize;

use super::export::{csv_text, csv_writer};
use super::i18n;
use crate::config::Locale;
use crate::history::{CommitInfo, CommitRollup};
use crate::inert::{escape_control, spreadsheet_safe};

/// Version of the history formats; bumped on any incompatible change.
pub const HISTORY_VERSION: u32 = 1;

/// The CSV header: one row per commit and organisation, team, objective or
/// key result.
pub const CSV_HEADER: &str =
    "commit,date,author,subject,cycle,level,team,objective,key_result,progress,unit_progress,current\n";

/// The CSV rows of one commit.
pub fn csv_rows(point: &CommitRollup) -> String {
    let Some(rollup) = &point.rollup else { return String::new() };
    let commit = &point.commit;
    let time = commit.time.to_rfc3339();
    // Author and subject are anyone's text: never a spreadsheet formula.
    let author = spreadsheet_safe(&commit.author);
    let subject = spreadsheet_safe(&commit.subject);
    let mut out = csv_writer();
    let mut row = |cycle: &str,
                   level: &str,
                   ids: [&str; 3],
                   progress: Option<f64>,
                   unit: Option<f64>,
                   current: Option<f64>| {
        let number = |value: Option<f64>| value.map(|v| v.to_string()).unwrap_or_default();
        let _ = out.write_record([
            commit.id.as_str(),
            &time,
            &author,
            &subject,
            cycle,
            level,
            ids[0],
            ids[1],
            ids[2],
            &number(progress),
            &number(unit),
            &number(current),
        ]);
    };
    for cycle in &rollup.cycles {
        row(&cycle.id, "organisation", ["", "", ""], cycle.progress, None, None);
        for team in &cycle.teams {
            row(&cycle.id, "team", [&team.id, "", ""], team.progress, team.unit_progress, None);
            for objective in &team.objectives {
                row(&cycle.id, "objective", [&team.id, &objective.id, ""], objective.progress, None, None);
                for kr in &objective.key_results {
                    row(
                        &cycle.id,
                        "key_result",
                        [&team.id, &objective.id, &kr.id],
                        Some(kr.progress),
                        None,
                        kr.current,
                    );
                }
            }
        }
    }
    csv_text(out)
}

#[derive(Serialize)]
struct CommitOut<'a> {
    #[serde(flatten)]
    commit: &'a CommitInfo,
    /// Errors loading the commit's files; its rollup leaves those files out.
    errors: usize,
    cycles: Vec<CycleOut<'a>>,
}

#[derive(Serialize)]
struct CycleOut<'a> {
    id: &'a str,
    progress: Option<f64>,
    teams: Vec<TeamOut<'a>>,
}

#[derive(Serialize)]
struct TeamOut<'a> {
    id: &'a str,
    progress: Option<f64>,
    unit_progress: Option<f64>,
    objectives: Vec<ObjectiveOut<'a>>,
}

#[derive(Serialize)]
struct ObjectiveOut<'a> {
    id: &'a str,
    progress: Option<f64>,
    key_results: Vec<KeyResultOut<'a>>,
}

#[derive(Serialize)]
struct KeyResultOut<'a> {
    id: &'a str,
    current: Option<f64>,
    progress: f64,
}

/// The start of the JSON document, up to the commits array.
pub fn json_start(shallow: bool) -> String {
    format!("{{\"version\":{HISTORY_VERSION},\"shallow\":{shallow},\"commits\":[")
}

/// The end of the JSON document.
pub const JSON_END: &str = "]}\n";

/// One commit as a JSON object (one line).
pub fn json_commit(point: &CommitRollup) -> String {
    let cycles = point.rollup.as_ref().map_or_else(Vec::new, |rollup| {
        rollup
            .cycles
            .iter()
            .map(|cycle| CycleOut {
                id: &cycle.id,
                progress: cycle.progress,
                teams: cycle
                    .teams
                    .iter()
                    .map(|team| TeamOut {
                        id: &team.id,
                        progress: team.progress,
                        unit_progress: team.unit_progress,
                        objectives: team
                            .objectives
                            .iter()
                            .map(|objective| ObjectiveOut {
                                id: &objective.id,
                                progress: objective.progress,
                                key_results: objective
                                    .key_results
                                    .iter()
                                    .map(|kr| KeyResultOut {
                                        id: &kr.id,
                                        current: kr.current,
                                        progress: kr.progress,
                                    })
                                    .collect(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect()
    });
    let out = CommitOut { commit: &point.commit, errors: point.errors, cycles };
    // Plain structs of strings and finite numbers always serialise.
    serde_json::to_string(&out).unwrap_or_default()
}

/// One line per commit: date, short id, author, the organisation's progress
/// in each cycle that has any, and the subject.
pub fn text_line(point: &CommitRollup) -> String {
    let commit = &point.commit;
    let progress: Vec<String> = point.rollup.as_ref().map_or_else(Vec::new, |rollup| {
        rollup
            .cycles
            .iter()
            .filter_map(|c| c.progress.map(|p| format!("{} {}", c.id, i18n::percent(p, Locale::En))))
            .collect()
    });
    let progress = if progress.is_empty() { "–".to_owned() } else { progress.join(", ") };
    let errors = match point.errors {
        0 => String::new(),
        1 => " (1 file with errors left out)".to_owned(),
        n => format!(" ({n} files with errors left out)"),
    };
    let author = super::terminal::truncate(&commit.author, 16);
    format!(
        "{}  {}  {}  {progress}{errors}  {}\n",
        commit.date(),
        commit.short(),
        super::terminal::pad(&author, &author, 16),
        escape_control(&commit.subject)
    )
}
