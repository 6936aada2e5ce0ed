//! `okr import`: many check-ins at once from CSV or JSON (SPEC 5). Every
//! row is read and checked first; one bad row refuses the whole import,
//! and each bad row is reported with its line.

use chrono::NaiveDate;
use serde_json::Value;

use super::checkin::{Measured, NewCheckin};
use crate::model::KrKind;

/// The columns of an import, in the order a CSV names them.
pub const COLUMNS: [&str; 8] = ["kr", "date", "value", "done", "confidence", "note", "blockers", "next"];

/// One row as written: its line in the file and its fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub line: u32,
    pub kr: String,
    pub date: String,
    pub value: String,
    pub done: String,
    pub confidence: String,
    pub note: String,
    pub blockers: String,
    pub next: String,
}

/// A row that cannot be imported: its line and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    pub line: u32,
    pub message: String,
}

/// The rows of a CSV import (a header naming the columns, in any order;
/// `kr` and `date` required). The header is line 1.
pub fn read_csv(text: &str) -> Result<Vec<Row>, Vec<BadRow>> {
    let mut reader =
        csv::ReaderBuilder::new().flexible(false).trim(csv::Trim::All).from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(error) => {
            return Err(vec![BadRow { line: 1, message: format!("cannot read the header: {error}") }])
        }
    };
    let unknown: Vec<&String> = header.iter().filter(|c| !COLUMNS.contains(&c.as_str())).collect();
    let mut bad = Vec::new();
    if !unknown.is_empty() {
        let names: Vec<String> = unknown.iter().map(|c| format!("`{c}`")).collect();
        bad.push(BadRow {
            line: 1,
            message: format!("unknown column {}; columns are {}", names.join(", "), COLUMNS.join(", ")),
        });
    }
    for required in ["kr", "date"] {
        if !header.iter().any(|c| c == required) {
            bad.push(BadRow { line: 1, message: format!("the header has no column `{required}`") });
        }
    }
    if !bad.is_empty() {
        return Err(bad);
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| u32::try_from(p.line()).unwrap_or(u32::MAX));
                let mut row = Row { line, ..Row::default() };
                for (name, field) in header.iter().zip(record.iter()) {
                    field.clone_into(field_of(&mut row, name));
                }
                rows.push(row);
            }
            Err(error) => {
                let line = error.position().map_or(0, |p| u32::try_from(p.line()).unwrap_or(u32::MAX));
                bad.push(BadRow { line, message: format!("cannot read this row: {error}") });
            }
        }
    }
    if bad.is_empty() {
        Ok(rows)
    } else {
        Err(bad)
    }
}

/// The rows of a JSON import: a list of objects with the columns as keys
/// (values as strings, numbers or booleans); lines from the parser's spans.
pub fn read_json(text: &str) -> Result<Vec<Row>, Vec<BadRow>> {
    let parsed = crate::load::yaml::parse("import.json", text);
    if let Some(first) = parsed.diagnostics.first() {
        return Err(vec![BadRow { line: first.span.start.line, message: first.message.clone() }]);
    }
    let Some(document) = parsed.document else {
        return Err(vec![BadRow { line: 1, message: "the file is empty".into() }]);
    };
    let Some(items) = document.value.as_array() else {
        return Err(vec![BadRow {
            line: 1,
            message: "expected a list of check-ins, `[ { \"kr\": …, \"date\": … } ]`".into(),
        }]);
    };
    let mut rows = Vec::new();
    let mut bad = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let line = document.spans.value(&format!("/{i}")).start.line;
        let Some(object) = item.as_object() else {
            bad.push(BadRow { line, message: "expected an object with `kr` and `date`".into() });
            continue;
        };
        let mut row = Row { line, ..Row::default() };
        for (key, value) in object {
            if !COLUMNS.contains(&key.as_str()) {
                bad.push(BadRow {
                    line,
                    message: format!("unknown key `{key}`; keys are {}", COLUMNS.join(", ")),
                });
                continue;
            }
            *field_of(&mut row, key) = match value {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
        }
        rows.push(row);
    }
    if bad.is_empty() {
        Ok(rows)
    } else {
        Err(bad)
    }
}

fn field_of<'r>(row: &'r mut Row, name: &str) -> &'r mut String {
    match name {
        "kr" => &mut row.kr,
        "date" => &mut row.date,
        "value" => &mut row.value,
        "done" => &mut row.done,
        "confidence" => &mut row.confidence,
        "note" => &mut row.note,
        "blockers" => &mut row.blockers,
        _ => &mut row.next,
    }
}

/// The check-in a row describes for a key result (or KPI) of `kind`, or why
/// it does not fit.
pub fn checkin_of(row: &Row, kind: Measured) -> Result<NewCheckin, String> {
    let date = NaiveDate::parse_from_str(row.date.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{}` is not a date; write YYYY-MM-DD", row.date))?;
    let text = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    let number = |s: &str, what: &str| -> Result<Option<f64>, String> {
        match s.trim() {
            "" => Ok(None),
            t => match t.parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(Some(v)),
                _ if t.contains(',') && t.replace(',', ".").parse::<f64>().is_ok() => Err(format!(
                    "`{t}` is not a number: write the decimal with a point, `{}`",
                    t.replace(',', ".")
                )),
                _ => Err(format!("{what} `{t}` is not a number")),
            },
        }
    };
    let value = number(&row.value, "value")?;
    let confidence = number(&row.confidence, "confidence")?;
    if let Some(c) = confidence {
        if !(0.0..=1.0).contains(&c) {
            return Err(format!("confidence {c} is not between 0.0 and 1.0 (write 0.7 for 70 %)"));
        }
    }
    let done = match row.done.trim().to_lowercase().as_str() {
        "" => None,
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" => Some(false),
        other => return Err(format!("done `{other}` is not true or false")),
    };
    let (value, done) = match kind {
        Measured::KeyResult(KrKind::Milestone) => match (value, done) {
            (Some(_), _) => return Err("a milestone takes `done` (true or false), not a value".into()),
            (None, None) => return Err("a milestone needs `done` (true or false)".into()),
            (None, done) => (None, done),
        },
        Measured::KeyResult(_) | Measured::Kpi => match (value, done) {
            (_, Some(_)) => return Err("`done` is for milestones; give the measured value".into()),
            (None, None) => return Err("give the measured value".into()),
            (value, None) => (value, None),
        },
    };
    if kind == Measured::Kpi
        && (confidence.is_some() || !row.blockers.trim().is_empty() || !row.next.trim().is_empty())
    {
        return Err("this is a KPI: its check-ins have a value and a note only".into());
    }
    Ok(NewCheckin {
        date,
        value,
        done,
        confidence,
        note: text(&row.note),
        blockers: text(&row.blockers),
        next: text(&row.next),
    })
}
