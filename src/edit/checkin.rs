//! `okr checkin`: one check-in added to a key result's `checkins`, as text
//! inserted where the parser's spans say the list ends.

use crate::config::CycleState;
use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::load::Pointer;
use crate::load::SpanMap;
use crate::model::{KrKind, Workspace};

/// The check-in to add.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewCheckin {
    pub date: NaiveDate,
    /// Metrics and thresholds.
    pub value: Option<f64>,
    /// Milestones.
    pub done: Option<bool>,
    pub confidence: Option<f64>,
    /// What happened.
    pub note: Option<String>,
    /// What is in the way.
    pub blockers: Option<String>,
    /// What happens before the next check-in.
    pub next: Option<String>,
}

/// What a check-in is added to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measured {
    KeyResult(KrKind),
    /// A KPI: its check-ins have a value and a note.
    Kpi,
}

/// A key result (or KPI) found by a selector.
#[derive(Debug, Clone)]
pub struct Target {
    /// `cycle/team/objective/id` (a KPI's: `cycle/team/id`).
    pub address: String,
    /// Index into `workspace.files`.
    pub file: usize,
    /// Where the key result is in its file.
    pub pointer: Pointer,
    pub kind: Measured,
    pub cycle: String,
    pub checkins: usize,
}

/// Why a selector names no single key result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectError {
    Unknown { selector: String, close: Vec<String> },
    Ambiguous { selector: String, candidates: Vec<String> },
}

impl std::fmt::Display for SelectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SelectError::Unknown { selector, close } if close.is_empty() => {
                write!(f, "no key result `{selector}`")
            }
            SelectError::Unknown { selector, close } => {
                write!(f, "no key result `{selector}`; did you mean {}?", close.join(", "))
            }
            SelectError::Ambiguous { selector, candidates } => {
                write!(
                    f,
                    "`{selector}` names {} key results; name one of: {}",
                    candidates.len(),
                    candidates.join(", ")
                )
            }
        }
    }
}

impl std::error::Error for SelectError {}

/// The key result whose full id (`cycle/team/objective/id`) ends with
/// `selector` at a `/` boundary.
pub fn find(workspace: &Workspace, selector: &str) -> Result<Target, SelectError> {
    let wanted: Vec<&str> = selector.split('/').collect();
    let target = |(index, kr): (usize, crate::model::KeyResultRef<'_>)| Target {
        address: workspace.address(index, &kr).join("/"),
        file: index,
        pointer: kr.pointer,
        kind: Measured::KeyResult(kr.key_result.kind),
        cycle: workspace.files[index].data.cycle.clone(),
        checkins: kr.key_result.checkins.len(),
    };
    let mut found: Vec<Target> = workspace.key_results_ending_with(&wanted).into_iter().map(target).collect();
    // `2027-Q1/deploy-success`: a cycle, then any end of the rest.
    if let [cycle, rest @ ..] = wanted.as_slice() {
        if found.is_empty() && !rest.is_empty() && workspace.config.cycle(cycle).is_some() {
            found = workspace
                .key_results_ending_with(rest)
                .into_iter()
                .map(target)
                .filter(|t| t.cycle == *cycle)
                .collect();
        }
    }
    // No key result: a KPI (`cycle/team/id`), which has check-ins too.
    if found.is_empty() {
        found = kpis_ending_with(workspace, &wanted);
    }
    // After a rollover every id is in two cycles: of several, the one in
    // the only cycle that takes check-ins (the active one) is meant.
    if found.len() > 1 {
        let active =
            |t: &Target| workspace.config.cycle(&t.cycle).is_some_and(|c| c.state == CycleState::Active);
        if found.iter().filter(|t| active(t)).count() == 1 {
            found.retain(active);
        }
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => {
            let all: Vec<String> = workspace
                .key_results_ending_with(&[])
                .iter()
                .map(|(i, kr)| workspace.address(*i, kr).join("/"))
                .collect();
            let last = wanted.last().copied().unwrap_or_default();
            let ids = all.iter().filter_map(|a| a.rsplit('/').next());
            let close = crate::suggest::did_you_mean(last, ids)
                .map(|id| all.iter().filter(|a| a.ends_with(&format!("/{id}"))).cloned().collect())
                .unwrap_or_default();
            Err(SelectError::Unknown { selector: selector.to_owned(), close })
        }
        _ => Err(SelectError::Ambiguous {
            selector: selector.to_owned(),
            candidates: found.into_iter().map(|t| t.address).collect(),
        }),
    }
}

/// Every KPI whose `cycle/team/id` ends with `wanted`, or whose id and
/// cycle are `wanted` (`CYCLE/ID`).
fn kpis_ending_with(workspace: &Workspace, wanted: &[&str]) -> Vec<Target> {
    let mut found = Vec::new();
    for (index, file) in workspace.files.iter().enumerate() {
        for (i, kpi) in file.data.kpis.iter().enumerate() {
            let parts = [file.data.cycle.as_str(), &file.data.team, &kpi.id];
            let cycle_and_id = matches!(wanted, [cycle, id] if *cycle == parts[0] && *id == parts[2]);
            if parts.ends_with(wanted) || cycle_and_id {
                found.push(Target {
                    address: parts.join("/"),
                    file: index,
                    pointer: Pointer::kpi(i),
                    kind: Measured::Kpi,
                    cycle: file.data.cycle.clone(),
                    checkins: kpi.checkins.len(),
                });
            }
        }
    }
    found
}

/// Keys of a check-in in the order okr writes them.
const KEYS: [&str; 7] = ["date", "value", "done", "confidence", "note", "blockers", "next"];

/// A string as a YAML scalar: plain when that reads back as the same string
/// in any context, double-quoted otherwise.
pub fn scalar(text: &str) -> String {
    let plain = text.chars().next().is_some_and(char::is_alphabetic)
        && !text.ends_with(' ')
        && text.chars().all(|c| c.is_alphanumeric() || " .-_/()+".contains(c))
        && !["true", "false", "null", "yes", "no", "on", "off"].contains(&text.to_lowercase().as_str());
    if plain {
        return text.to_owned();
    }
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn number(value: f64) -> String {
    format!("{value}")
}

/// The check-in's fields as `key: value` texts, in `order` (keys the file
/// already uses, in its order), then okr's order.
fn fields(checkin: &NewCheckin, order: &[String]) -> Vec<String> {
    let value_of = |key: &str| -> Option<String> {
        match key {
            "date" => Some(checkin.date.to_string()),
            "value" => checkin.value.map(number),
            "done" => checkin.done.map(|d| d.to_string()),
            "confidence" => checkin.confidence.map(number),
            "note" => checkin.note.as_deref().map(scalar),
            "blockers" => checkin.blockers.as_deref().map(scalar),
            "next" => checkin.next.as_deref().map(scalar),
            _ => None,
        }
    };
    let mut keys: Vec<&str> = order.iter().map(String::as_str).filter(|k| KEYS.contains(k)).collect();
    let rest: Vec<&str> = KEYS.iter().copied().filter(|k| !keys.contains(k)).collect();
    keys.extend(rest);
    keys.into_iter().filter_map(|k| value_of(k).map(|v| format!("{k}: {v}"))).collect()
}

fn flow(fields: &[String]) -> String {
    format!("{{ {} }}", fields.join(", "))
}

/// The file's lines, each with its line ending.
/// The lines of `text`, each with its line ending. A line ends where YAML
/// ends one, so that line numbers agree with the spans: at `\n`, `\r\n` or a
/// lone `\r`.
fn lines(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        let ends = byte == b'\n' || (byte == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if ends {
            // Both are ASCII: `i + 1` is a character boundary.
            out.push(&text[start..=i]);
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The text of 1-based `line` without its line ending.
fn line_text<'t>(lines: &[&'t str], line: u32) -> &'t str {
    lines.get(line as usize - 1).map_or("", |l| l.trim_end_matches(['\n', '\r']))
}

/// The first `chars` characters of a line.
fn prefix(line: &str, chars: u32) -> &str {
    let end = line.char_indices().nth(chars as usize).map_or(line.len(), |(i, _)| i);
    &line[..end]
}

/// Byte offset of 1-based (line, col).
fn offset(lines: &[&str], line: u32, col: u32) -> usize {
    let before: usize = lines.iter().take(line as usize - 1).map(|l| l.len()).sum();
    let within = lines.get(line as usize - 1).map_or(0, |l| prefix(l, col - 1).len());
    before + within
}

/// The last line holding content of the node at `pointer`: its own span for
/// flow collections and scalars, else its children's.
fn last_line(spans: &SpanMap, text_lines: &[&str], pointer: &str, children: &[String]) -> u32 {
    let Some(node) = spans.get(pointer) else { return 1 };
    let start_char = line_text(text_lines, node.value.start.line)
        .chars()
        .nth(node.value.start.col as usize - 1)
        .unwrap_or(' ');
    if start_char == '{' || start_char == '[' {
        return node.value.end.line;
    }
    let mut last = node.value.start.line;
    for child in children {
        if let Some(spans_of) = spans.get(&format!("{pointer}/{child}")) {
            let end = spans_of.value.end;
            // The value's lines start at its key: an empty block scalar or
            // an empty value is placed at the next token, which can be a
            // line of an outer mapping.
            let first = spans_of
                .key
                .map_or(spans_of.value.start.line, |key| key.start.line.min(spans_of.value.start.line));
            // A block value's span runs to the next token: count the lines
            // before it that hold something other than blanks and comments.
            let mut line = if end.col == 1 && end.line > first { end.line - 1 } else { end.line };
            if end == node.value.end {
                line = end.line.saturating_sub(1).max(first);
                while line > first {
                    let text = line_text(text_lines, line).trim_start();
                    if text.is_empty() || text.starts_with('#') {
                        line -= 1;
                    } else {
                        break;
                    }
                }
            }
            last = last.max(line);
        }
    }
    last
}

/// Inserts `text` (whole lines) after 1-based `line`.
fn insert_after(source: &str, lines: &[&str], line: u32, text: &str) -> String {
    let at: usize = lines.iter().take(line as usize).map(|l| l.len()).sum();
    let mut out = String::with_capacity(source.len() + text.len() + 2);
    out.push_str(&source[..at]);
    if !out.is_empty() && !out.ends_with(['\n', '\r']) {
        out.push_str(line_ending(source));
    }
    out.push_str(text);
    out.push_str(&source[at..]);
    out
}

fn line_ending(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// The keys present in the mapping at `pointer`, in document order.
fn keys_in_order(spans: &SpanMap, pointer: &str) -> Vec<String> {
    let mut keys: Vec<(crate::source::Pos, String)> = KEYS
        .iter()
        .filter_map(|k| {
            spans.get(&format!("{pointer}/{k}")).and_then(|s| s.key).map(|key| (key.start, (*k).to_owned()))
        })
        .collect();
    keys.sort();
    keys.into_iter().map(|(_, k)| k).collect()
}

/// `text` with `checkin` appended to the `checkins` of the key result at
/// `pointer`, written like the check-ins before it. `text` is the file
/// without a byte-order mark; `spans` are its parse.
pub fn insert(text: &str, spans: &SpanMap, pointer: Pointer, checkin: &NewCheckin) -> Option<String> {
    let pointer = pointer.to_string();
    let pointer = pointer.as_str();
    let text_lines = lines(text);
    let nl = line_ending(text);
    let checkins = format!("{pointer}/checkins");
    let Some(node) = spans.get(&checkins) else {
        let kr = spans.get(pointer)?.value;
        if line_text(&text_lines, kr.start.line).chars().nth(kr.start.col as usize - 1) == Some('{') {
            // A key result written as a flow mapping: the new key goes
            // before its closing brace.
            let end = offset(&text_lines, kr.end.line, kr.end.col);
            let close = text[..end].rfind('}')?;
            let item = flow(&fields(checkin, &[]));
            return Some(format!("{}, checkins: [{item}]{}", text[..close].trim_end(), &text[close..]));
        }
        // No `checkins` yet: a new key after the key result's last line, at
        // the indentation of its keys.
        let id_key = spans.get(&format!("{pointer}/id"))?.key?;
        let indent = " ".repeat(id_key.start.col as usize - 1);
        let keys: &[&str] =
            if pointer.starts_with("/kpis/") { &crate::model::KPI_KEYS } else { &crate::model::KR_KEYS };
        let children: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
        let end = last_line(spans, &text_lines, pointer, &children);
        let added = format!("{indent}checkins:{nl}{indent}  - {}{nl}", flow(&fields(checkin, &[])));
        return Some(insert_after(text, &text_lines, end, &added));
    };
    // Check-ins are few; a file of 1 MiB cannot hold more than this many.
    let count = (0..1_000_000).take_while(|i| spans.get(&format!("{checkins}/{i}")).is_some()).count();
    let open = line_text(&text_lines, node.value.start.line).chars().nth(node.value.start.col as usize - 1);
    if open == Some('[') {
        // A flow sequence: the new item goes before its closing bracket.
        let end = offset(&text_lines, node.value.end.line, node.value.end.col);
        let close = text[..end].rfind(']')?;
        let order =
            if count > 0 { keys_in_order(spans, &format!("{checkins}/{}", count - 1)) } else { Vec::new() };
        let separator = if count > 0 { ", " } else { "" };
        let item = flow(&fields(checkin, &order));
        return Some(format!("{}{separator}{item}{}", &text[..close], &text[close..]));
    }
    // A block sequence: a new item after the last one, in its style.
    let last_item = format!("{checkins}/{}", count.checked_sub(1)?);
    let item_span = spans.get(&last_item)?.value;
    let order = keys_in_order(spans, &last_item);
    let children: Vec<String> = KEYS.iter().map(|k| (*k).to_owned()).collect();
    let end = last_line(spans, &text_lines, &last_item, &children);
    let item_line = line_text(&text_lines, item_span.start.line);
    let lead = prefix(item_line, item_span.start.col - 1);
    let style_flow = item_line.chars().nth(item_span.start.col as usize - 1) == Some('{');
    let fields = fields(checkin, &order);
    let added = if style_flow {
        format!("{lead}{}{nl}", flow(&fields))
    } else {
        let indent = " ".repeat(lead.chars().count());
        let mut out = String::new();
        for (i, field) in fields.iter().enumerate() {
            let _ = write!(out, "{}{field}{nl}", if i == 0 { lead.to_owned() } else { indent.clone() });
        }
        out
    };
    Some(insert_after(text, &text_lines, end, &added))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::load::yaml::parse;
    use crate::model::OkrData;

    const FILE: &str = include_str!("../../tests/fixtures/checkin/okrs/2026-Q4/platform.yaml");

    /// The fixture's key results (every layout) by pointer.
    /// `(objective, key result)` of each key result of `FILE`.
    const KEY_RESULTS: [(usize, usize); 6] = [(0, 0), (0, 1), (0, 2), (0, 3), (1, 0), (1, 1)];

    /// `text` with a check-in of value 2 on 2026-11-20 added to its first
    /// key result.
    fn insert_value_2(text: &str) -> String {
        let spans = parse("p.yaml", text).document.map(|d| d.spans).unwrap_or_default();
        let checkin = NewCheckin {
            date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default(),
            value: Some(2.0),
            done: None,
            confidence: None,
            note: None,
            ..NewCheckin::default()
        };
        insert(text, &spans, Pointer::objective(0).key_result(0), &checkin).expect("a place to insert")
    }

    /// Found by the `checkin_edit` fuzz target: a lone carriage return (a
    /// line break to YAML) in a comment put the check-in on the wrong line.
    #[test]
    fn a_lone_carriage_return_counts_as_a_line_break() {
        let text = "# a comment\r# after a lone CR\ncycle: 2026-Q4\nteam: platform\nobjectives:\n  - id: o\n    title: T\n    owner: ada\n    key_results:\n      - id: k\n        title: K\n        owner: ada\n        start: 0\n        target: 10\n        checkins:\n          - { date: 2026-10-06, value: 1 }\n      - id: l\n        title: L\n        owner: ada\n        kind: milestone\n";
        let edited = insert_value_2(text);
        let after = data(&edited);
        assert_eq!(after.objectives[0].key_results[0].checkins.len(), 2);
        assert!(edited.starts_with("# a comment\r# after a lone CR\n"), "{edited:?}");
    }

    /// Found by the `checkin_edit` fuzz target: an empty block scalar (or an
    /// empty value) as a key result's last value is placed at the next
    /// token, here a key of the top-level mapping; the check-in went after
    /// that key, outside the key result, and the edit was not valid YAML.
    #[test]
    fn an_empty_last_value_before_a_dedented_key_keeps_the_checkin_inside() {
        for last in ["unit:\n            |\n", "unit: |\n", "unit:\n", "unit:\n\n  # a comment\n"] {
            let text = format!(
                "cycle: 2026-Q4\nteam: platform\nobjectives:\n  - id: o\n    title: T\n    key_results:\n      - id: k\n        title: K\n        {last}later: x\n"
            );
            let edited = insert_value_2(&text);
            let parsed = parse("p.yaml", &edited);
            assert!(parsed.diagnostics.is_empty(), "{:?}\n{edited}", parsed.diagnostics);
            let value = parsed.document.map(|d| d.value).unwrap_or_default();
            let kr = &value["objectives"][0]["key_results"][0];
            assert_eq!(kr["checkins"][0]["date"], "2026-11-20", "{edited}");
            assert_eq!(value["later"], "x", "{edited}");
        }
    }

    fn data(text: &str) -> OkrData {
        let parsed = parse("p.yaml", text);
        assert!(parsed.diagnostics.is_empty(), "{:?}\n{text}", parsed.diagnostics);
        serde_json::from_value(parsed.document.map(|d| d.value).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any note, value and confidence: the edited file parses, holds
        /// exactly the new check-in with those values, and keeps every other
        /// check-in.
        #[test]
        fn any_check_in_reads_back_exactly(
            which in 0usize..6,
            value in prop::num::f64::NORMAL | prop::num::f64::ZERO,
            confidence in prop::option::of(0.0f64..=1.0),
            note in prop::option::of("(\\PC|[\\x00-\\x1f\\x7f\\u{85}\\u{2028}\\u{feff}]){0,40}"),
            day in 1u32..28,
        ) {
            let text = FILE.trim_start_matches('\u{feff}');
            let spans = parse("p.yaml", text).document.map(|d| d.spans).unwrap_or_default();
            let (o, k) = KEY_RESULTS[which];
            let milestone = which == 5;
            let checkin = NewCheckin {
                date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap_or_default(),
                value: (!milestone).then_some(value),
                done: milestone.then_some(true),
                confidence,
                note: note.clone(), ..NewCheckin::default()
            };
            let pointer = Pointer::objective(o).key_result(k);
            let edited = insert(text, &spans, pointer, &checkin).expect("a place to insert");
            let (before, after) = (data(text), data(&edited));
            let old = &before.objectives[o].key_results[k].checkins;
            let new = &after.objectives[o].key_results[k].checkins;
            prop_assert_eq!(new.len(), old.len() + 1);
            let added = &new[new.len() - 1];
            prop_assert_eq!(added.date, checkin.date);
            prop_assert_eq!(added.value, checkin.value);
            prop_assert_eq!(added.done, checkin.done);
            prop_assert_eq!(added.confidence, checkin.confidence);
            prop_assert_eq!(&added.note, &note);
            for (a, b) in old.iter().zip(new.iter()) {
                prop_assert_eq!(a.date, b.date);
                prop_assert_eq!(a.value, b.value);
            }
            // Every other key result is untouched.
            for (i, objective) in before.objectives.iter().enumerate() {
                for (j, kr) in objective.key_results.iter().enumerate() {
                    if (i, j) != (o, k) {
                        prop_assert_eq!(kr.checkins.len(), after.objectives[i].key_results[j].checkins.len());
                    }
                }
            }
        }
    }

    /// Found by the `checkin_edit` fuzz target: a key result written as a
    /// flow mapping without `checkins` got a block key after its line.
    #[test]
    fn a_flow_mapping_key_result_gets_its_checkins_inside_the_braces() {
        let text = "cycle: 2026-Q4\nteam: platform\nobjectives:\n  - id: o\n    title: T\n    owner: bob\n    key_results:\n      - {id: k, title: K, owner: bob, start: 0, target: 5, checkisn: []}\n";
        let spans = parse("p.yaml", text).document.map(|d| d.spans).unwrap_or_default();
        let checkin = NewCheckin {
            date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default(),
            value: Some(3.0),
            done: None,
            confidence: None,
            note: None,
            ..NewCheckin::default()
        };
        let edited =
            insert(text, &spans, Pointer::objective(0).key_result(0), &checkin).expect("a place to insert");
        assert!(edited.contains("checkisn: [], checkins: [{ date: 2026-11-20, value: 3 }]}"), "{edited}");
        let after = data(&edited);
        assert_eq!(after.objectives[0].key_results[0].checkins.len(), 1);
    }

    #[test]
    fn plain_scalars_only_where_they_read_back_as_the_same_string() {
        assert_eq!(scalar("week 48"), "week 48");
        assert_eq!(scalar("canary: rollout"), "\"canary: rollout\"");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("12"), "\"12\"");
        assert_eq!(scalar("say \"hi\"\n"), "\"say \\\"hi\\\"\\n\"");
        assert_eq!(scalar(""), "\"\"");
    }
}
