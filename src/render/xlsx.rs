//! `okr export --format xlsx`: the export as a workbook for the teams who
//! live in spreadsheets. Sheets Key results, Objectives, Teams, KPIs and
//! Check-ins, with real numbers, dates and percentages (docs/formats.md).
//! Text is written as text cells, never as formulas.

use anyhow::{Context, Result};
use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet, XlsxError};

use super::export::{key_result_rows, Cell, Filter, KEY_RESULT_COLUMNS};
use crate::rollup::Rollup;

/// The most rows a sheet holds (Excel's limit), the header included.
const MAX_ROWS: usize = 1_048_576;

/// The cell formats of the workbook.
struct Formats {
    header: Format,
    share: Format,
    date: Format,
}

/// The rollup as an xlsx workbook. Byte-identical for the same input and
/// `as_of`: the document's creation time is `as_of`, and zip entries carry
/// no time.
pub fn to_xlsx(rollup: &Rollup, filter: &Filter) -> Result<Vec<u8>> {
    let formats = Formats {
        header: Format::new().set_bold(),
        share: Format::new().set_num_format("0.0%"),
        date: Format::new().set_num_format("yyyy-mm-dd"),
    };
    let mut workbook = Workbook::new();
    let created = rollup.as_of.and_time(chrono::NaiveTime::MIN);
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} OKRs", rollup.organisation))
            .set_creation_datetime(&created),
    );
    let key_results = key_result_rows(rollup, filter);
    sheet(&mut workbook, &formats, "Key results", &KEY_RESULT_COLUMNS, &key_results)?;
    sheet(&mut workbook, &formats, "Objectives", &OBJECTIVE_COLUMNS, &objective_rows(rollup, filter))?;
    sheet(&mut workbook, &formats, "Teams", &TEAM_COLUMNS, &team_rows(rollup, filter))?;
    sheet(&mut workbook, &formats, "KPIs", &KPI_COLUMNS, &kpi_rows(rollup, filter))?;
    sheet(&mut workbook, &formats, "Check-ins", &CHECKIN_COLUMNS, &checkin_rows(rollup, filter))?;
    workbook.save_to_buffer().context("cannot write the workbook")
}

/// Writes one sheet: a bold, frozen header row with filters, then `rows`.
fn sheet<const N: usize>(
    workbook: &mut Workbook,
    formats: &Formats,
    name: &str,
    columns: &[&str; N],
    rows: &[[Cell<'_>; N]],
) -> Result<()> {
    if rows.len() >= MAX_ROWS {
        anyhow::bail!(
            "the {name} sheet would have {} rows, more than a spreadsheet holds ({}); use --format csv, or --cycle and --team",
            rows.len(),
            MAX_ROWS - 1
        );
    }
    let worksheet = workbook.add_worksheet();
    fill(worksheet, formats, name, columns, rows).with_context(|| format!("cannot write the {name} sheet"))
}

fn fill<const N: usize>(
    worksheet: &mut Worksheet,
    formats: &Formats,
    name: &str,
    columns: &[&str; N],
    rows: &[[Cell<'_>; N]],
) -> Result<(), XlsxError> {
    worksheet.set_name(name)?;
    for (c, column) in (0u16..).zip(columns) {
        worksheet.write_string_with_format(0, c, *column, &formats.header)?;
    }
    for (r, row) in (1u32..).zip(rows) {
        for (c, cell) in (0u16..).zip(row) {
            match cell {
                Cell::Text(text) if !text.is_empty() => {
                    worksheet.write_string(r, c, text.as_ref())?;
                }
                Cell::Word(word) => {
                    worksheet.write_string(r, c, *word)?;
                }
                Cell::Number(Some(v)) => {
                    worksheet.write_number(r, c, *v)?;
                }
                Cell::Share(Some(v)) => {
                    worksheet.write_number_with_format(r, c, *v, &formats.share)?;
                }
                Cell::Date(Some(d)) => {
                    worksheet.write_date_with_format(r, c, d, &formats.date)?;
                }
                Cell::Bool(Some(b)) => {
                    worksheet.write_boolean(r, c, *b)?;
                }
                _ => {}
            }
        }
    }
    worksheet.set_freeze_panes(1, 0)?;
    let last_row = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    let last_column = u16::try_from(N.saturating_sub(1)).unwrap_or(u16::MAX);
    worksheet.autofilter(0, 0, last_row, last_column)?;
    worksheet.autofit();
    Ok(())
}

const OBJECTIVE_COLUMNS: [&str; 14] = [
    "cycle",
    "team",
    "id",
    "title",
    "owner",
    "commitment",
    "aligned_to",
    "progress",
    "expected",
    "delta",
    "status",
    "status_reason",
    "score",
    "retro",
];

fn objective_rows<'a>(rollup: &'a Rollup, filter: &'a Filter) -> Vec<[Cell<'a>; 14]> {
    let mut rows = Vec::new();
    for (cycle, team) in filter.teams_of(rollup) {
        for objective in &team.objectives {
            let source = objective.objective();
            let aligned: Vec<String> = source.aligned_to.iter().map(ToString::to_string).collect();
            rows.push([
                Cell::text(Some(&cycle.id)),
                Cell::text(Some(&team.id)),
                Cell::text(Some(&objective.id)),
                Cell::text(Some(&source.title)),
                Cell::text(Some(&source.owner)),
                Cell::Word(super::export::commitment_name(source.commitment)),
                Cell::Text(aligned.join(" ").into()),
                Cell::Share(objective.progress),
                Cell::Share(objective.expected),
                Cell::Share(objective.delta),
                Cell::Word(objective.status.as_str()),
                Cell::Text(objective.reason.to_string().into()),
                Cell::Share(objective.score),
                Cell::text(source.retro.as_deref()),
            ]);
        }
    }
    rows
}

const TEAM_COLUMNS: [&str; 12] = [
    "cycle",
    "id",
    "name",
    "parent",
    "lead",
    "coach",
    "progress",
    "unit_progress",
    "expected",
    "delta",
    "status",
    "status_reason",
];

fn team_rows<'a>(rollup: &'a Rollup, filter: &'a Filter) -> Vec<[Cell<'a>; 12]> {
    filter
        .teams_of(rollup)
        .map(|(cycle, team)| {
            [
                Cell::text(Some(&cycle.id)),
                Cell::text(Some(&team.id)),
                Cell::text(Some(&team.name)),
                Cell::text(team.parent.as_deref()),
                Cell::text(team.lead.as_deref()),
                Cell::text(team.coach.as_deref()),
                Cell::Share(team.progress),
                Cell::Share(team.unit_progress),
                Cell::Share(team.expected),
                Cell::Share(team.delta),
                Cell::Word(team.status.as_str()),
                Cell::Text(team.reason.to_string().into()),
            ]
        })
        .collect()
}

const KPI_COLUMNS: [&str; 11] = [
    "cycle",
    "team",
    "id",
    "title",
    "owner",
    "unit",
    "at_least",
    "at_most",
    "current",
    "holds",
    "last_checkin_date",
];

fn kpi_rows<'a>(rollup: &'a Rollup, filter: &'a Filter) -> Vec<[Cell<'a>; 11]> {
    let mut rows = Vec::new();
    for (cycle, team) in filter.teams_of(rollup) {
        for kpi in cycle.kpis.iter().filter(|k| k.team == team.id) {
            rows.push([
                Cell::text(Some(&cycle.id)),
                Cell::text(Some(&team.id)),
                Cell::text(Some(&kpi.id)),
                Cell::text(Some(&kpi.title)),
                Cell::text(Some(&kpi.owner)),
                Cell::text(kpi.unit.as_deref()),
                Cell::Number(kpi.at_least),
                Cell::Number(kpi.at_most),
                Cell::Number(kpi.current),
                Cell::Bool(kpi.holds),
                Cell::Date(kpi.last_checkin),
            ]);
        }
    }
    rows
}

const CHECKIN_COLUMNS: [&str; 11] = [
    "cycle",
    "team",
    "objective",
    "key_result",
    "date",
    "value",
    "done",
    "confidence",
    "note",
    "blockers",
    "next",
];

/// Every check-in on or before `as_of`, per key result in file order.
fn checkin_rows<'a>(rollup: &'a Rollup, filter: &'a Filter) -> Vec<[Cell<'a>; 11]> {
    let mut rows = Vec::new();
    for (cycle, team) in filter.teams_of(rollup) {
        for objective in &team.objectives {
            for kr in &objective.key_results {
                let mut checkins = kr.checkins_until(rollup.as_of);
                // `checkins_until` is latest first; a sheet reads oldest first.
                checkins.reverse();
                for c in checkins {
                    rows.push([
                        Cell::text(Some(&cycle.id)),
                        Cell::text(Some(&team.id)),
                        Cell::text(Some(&objective.id)),
                        Cell::text(Some(&kr.id)),
                        Cell::Date(Some(c.date)),
                        Cell::Number(c.value),
                        Cell::Bool(c.done),
                        Cell::Number(c.confidence),
                        Cell::text(c.note.as_deref()),
                        Cell::text(c.blockers.as_deref()),
                        Cell::text(c.next.as_deref()),
                    ]);
                }
            }
        }
    }
    rows
}
