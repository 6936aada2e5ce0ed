//! An OKR file with schema errors, read as far as it can be.
//!
//! A mistake in one key result does not hide the rest of its file: the key
//! results, objectives and KPIs that cannot be read as typed data are left
//! out, and the file takes part in the rules with what is left, so that its
//! other mistakes (an unknown owner, an alignment typo) and the references
//! into it are reported in the same run. What was left out is recorded, so
//! that the rules do not report what follows from it (an objective that
//! seems to have too few key results, a reference to an objective that is
//! there but unreadable).

use std::collections::BTreeSet;

use serde::Deserialize;
use serde_json::Value;

use super::{KeyResult, Kpi, Objective, OkrData};
use crate::load::SpanMap;

/// What a partly read file left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Partial {
    /// Objectives left out, with their id where it could be read.
    pub objectives: Vec<Option<String>>,
    /// Objectives kept without some of their key results, by id: their
    /// progress and their number of key results are unknown.
    pub without_key_results: BTreeSet<String>,
    /// How many KPIs were left out.
    pub kpis: usize,
}

impl Partial {
    /// Whether an objective `id` may be in the file without being read.
    pub fn may_hold(&self, id: &str) -> bool {
        self.objectives.iter().any(|o| o.as_deref().is_none_or(|o| o == id))
    }
}

/// Reads `value` as an OKR file, leaving out each key result, objective and
/// KPI that cannot be read on its own; `spans` learns which entries were
/// kept. `None` when even the rest cannot be read (a bad `cycle` or `team`,
/// `objectives` that is not a list).
pub(super) fn read(value: &Value, spans: &mut SpanMap) -> Option<(OkrData, Partial)> {
    let mut value = value.clone();
    let mut partial = Partial::default();
    let root = value.as_object_mut()?;
    if let Some(Value::Array(objectives)) = root.get_mut("objectives") {
        for (i, objective) in objectives.iter_mut().enumerate() {
            let Some(Value::Array(key_results)) = objective.get_mut("key_results") else { continue };
            let before = key_results.len();
            let kept = retain_readable::<KeyResult>(key_results);
            if kept.len() < before {
                spans.renumber(&format!("/objectives/{i}/key_results"), kept);
                if let Some(id) = objective.get("id").and_then(Value::as_str) {
                    partial.without_key_results.insert(id.to_owned());
                }
            }
        }
        let ids: Vec<Option<String>> =
            objectives.iter().map(|o| o.get("id").and_then(Value::as_str).map(str::to_owned)).collect();
        let before = objectives.len();
        let kept = retain_readable::<Objective>(objectives);
        if kept.len() < before {
            partial.objectives =
                ids.into_iter().enumerate().filter(|(i, _)| !kept.contains(i)).map(|(_, id)| id).collect();
            spans.renumber("/objectives", kept);
        }
    }
    if let Some(Value::Array(kpis)) = root.get_mut("kpis") {
        let before = kpis.len();
        let kept = retain_readable::<Kpi>(kpis);
        partial.kpis = before - kept.len();
        if partial.kpis > 0 {
            spans.renumber("/kpis", kept);
        }
    }
    let data = OkrData::deserialize(&value).ok()?;
    Some((data, partial))
}

/// Keeps the entries of `list` that read as a `T`; returns the original
/// indexes of those kept.
fn retain_readable<T: for<'de> Deserialize<'de>>(list: &mut Vec<Value>) -> Vec<usize> {
    let readable: Vec<bool> = list.iter().map(|entry| T::deserialize(entry).is_ok()).collect();
    let kept: Vec<usize> = readable.iter().enumerate().filter(|(_, &ok)| ok).map(|(i, _)| i).collect();
    let mut flags = readable.into_iter();
    list.retain(|_| flags.next().unwrap_or(false));
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Pointer;

    const FILE: &str = "cycle: 2026-Q4
team: platform
objectives:
  - id: broken
    title: Owner is a list
    owner: [alice]
  - id: kept
    title: One of two key results is readable
    owner: alice
    key_results:
      - { id: bad, title: Bad, owner: bob, start: 1, target: 2, weight: hoch }
      - { id: good, title: Good, owner: bob, start: 1, target: 2 }
kpis:
  - { id: k, title: K, owner: bob, at_most: many }
";

    #[test]
    fn unreadable_entries_are_left_out_and_pointers_still_find_the_rest() {
        let text: std::sync::Arc<str> = FILE.into();
        let parsed = crate::load::yaml::parse_deferred("p.yaml", &text);
        let Some(mut document) = parsed.document else { panic!("parses") };
        let read = read(&document.value, &mut document.spans);
        let Some((data, partial)) = read else { panic!("reads in part") };
        assert_eq!(data.objectives.len(), 1);
        assert_eq!(data.objectives[0].key_results.len(), 1);
        assert_eq!(data.objectives[0].key_results[0].id, "good");
        assert!(data.kpis.is_empty());
        let expected = Partial {
            objectives: vec![Some("broken".into())],
            without_key_results: ["kept".to_owned()].into(),
            kpis: 1,
        };
        assert_eq!(partial, expected);
        assert!(partial.may_hold("broken") && !partial.may_hold("kept"));
        // Objective 0 of the data is objective 1 of the file; its key result
        // 0 is the file's key result 1.
        assert_eq!(document.spans.at(Pointer::objective(0).key("id")).start.line, 7);
        assert_eq!(document.spans.at(Pointer::objective(0).key_result(0).key("id")).start.line, 12);
    }

    #[test]
    fn a_file_whose_cycle_cannot_be_read_is_not_read_in_part() {
        let text: std::sync::Arc<str> = "cycle: [2026]\nteam: platform\n".into();
        let parsed = crate::load::yaml::parse_deferred("p.yaml", &text);
        let Some(mut document) = parsed.document else { panic!("parses") };
        assert!(read(&document.value, &mut document.spans).is_none());
    }
}
