//! `okr checkin` on an arbitrary file, twice: the text edit alone
//! (`okr::edit::checkin::insert`) on any YAML with a key result, and the
//! transaction the command runs (`okr::edit::apply::checkin`: lock, read,
//! edit, re-check, verify, write) in a scratch repository. An edit adds no
//! YAML diagnostic and only adds text to the original; when the transaction
//! does not write, the file is byte-identical.
#![no_main]

use libfuzzer_sys::fuzz_target;
use okr::edit::apply::{checkin, CheckinOutcome};
use okr::edit::checkin::{insert, NewCheckin};
use okr::load::yaml::parse;
use okr::load::Pointer;

const CONFIG: &str = "organisation: Fuzz Corp
paths: [okrs]
cycles:
  - { id: 2026-Q4, start: 2026-10-01, end: 2026-12-31, state: active }
teams:
  - { id: platform, name: Platform, lead: bob }
people:
  - { id: bob, name: Bob, team: platform }
";

const FILE: &str = "okrs/2026-Q4/platform.yaml";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parsed = parse("p.yaml", text.trim_start_matches('\u{feff}'));
    let Some(document) = parsed.document else { return };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
    let new = NewCheckin {
        date: today,
        value: Some(42.5),
        done: None,
        confidence: Some(0.7),
        note: Some("fuzz: a note with \"quotes\" and # a hash".to_owned()), ..NewCheckin::default()
    };
    let original = text.trim_start_matches('\u{feff}');
    // As the schema requires: check-ins, when there are any, are a list of
    // mappings. (For other shapes the edit may write invalid YAML, which the
    // transaction's re-check refuses to write.)
    let has_key_result = document.value.pointer("/objectives/0/key_results/0").is_some_and(|v| v.is_object());
    let checkins_are_mappings = document
        .value
        .pointer("/objectives/0/key_results/0/checkins")
        .is_none_or(|c| c.as_array().is_some_and(|items| items.iter().all(serde_json::Value::is_object)));
    if parsed.diagnostics.is_empty() && has_key_result && checkins_are_mappings {
        if let Some(edited) = insert(original, &document.spans, Pointer::objective(0).key_result(0), &new) {
            only_text_added(original, &edited);
        }
    }

    // The selector names the first key result, when the file has one.
    let id = |pointer: &str| document.value.pointer(pointer).and_then(serde_json::Value::as_str);
    let (Some(objective), Some(key_result)) = (id("/objectives/0/id"), id("/objectives/0/key_results/0/id")) else {
        return;
    };
    if objective.contains('/') || key_result.contains('/') {
        return;
    }
    let Ok(scratch) = tempfile::tempdir() else { return };
    let root = scratch.path();
    let path = root.join(FILE);
    let written = std::fs::create_dir_all(root.join("okrs/2026-Q4"))
        .and_then(|()| std::fs::write(root.join("okr.yaml"), CONFIG))
        .and_then(|()| std::fs::write(&path, data));
    if written.is_err() {
        return;
    }
    let outcome = checkin(root, &format!("{objective}/{key_result}"), today, false, |_| Ok(new));
    let after = std::fs::read(&path).unwrap_or_default();
    if !matches!(outcome, Ok(CheckinOutcome::Written { .. })) {
        assert_eq!(after, data, "nothing was to be written: {outcome:?}");
        return;
    }
    let Ok(edited) = std::str::from_utf8(&after) else { panic!("the edit is not UTF-8") };
    only_text_added(original, edited.trim_start_matches('\u{feff}'));
});

/// `edited` parses with no diagnostic `original` did not have, is longer,
/// and holds every character of `original` in order: text was only added
/// (whole lines, or an item inside a flow list). (The transaction may write
/// into a file with errors of its own, as long as it adds none.)
fn only_text_added(original: &str, edited: &str) {
    let messages = |text: &str| -> Vec<String> {
        parse("p.yaml", text).diagnostics.into_iter().map(|d| d.message).collect()
    };
    let before = messages(original);
    let added: Vec<String> = messages(edited).into_iter().filter(|m| !before.contains(m)).collect();
    assert!(added.is_empty(), "the edit broke the file: {added:?}\n{edited}");
    assert!(edited.len() > original.len(), "nothing was added:\n{edited}");
    let mut rest = edited.chars();
    for (at, c) in original.char_indices() {
        assert!(rest.any(|e| e == c), "the original changed at byte {at}:\n{edited}");
    }
}
