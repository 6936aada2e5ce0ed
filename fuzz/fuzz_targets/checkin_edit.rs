//! `okr checkin` on an arbitrary file: when a check-in is inserted into the
//! first key result, the edited file still parses and differs from the
//! original only by added lines.
#![no_main]

use libfuzzer_sys::fuzz_target;
use okr::edit::checkin::{insert, NewCheckin};
use okr::load::yaml::parse;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let text = text.trim_start_matches('\u{feff}');
    let parsed = parse("p.yaml", text);
    if !parsed.diagnostics.is_empty() {
        return;
    }
    let Some(document) = parsed.document else { return };
    let has_key_result = document.value.pointer("/objectives/0/key_results/0").is_some_and(|v| v.is_object());
    // As the schema requires: check-ins, when there are any, are a list of
    // mappings. (For other shapes okr checkin may write invalid YAML, which
    // its re-check refuses to write.)
    let checkins_are_mappings = document
        .value
        .pointer("/objectives/0/key_results/0/checkins")
        .is_none_or(|c| c.as_array().is_some_and(|items| items.iter().all(serde_json::Value::is_object)));
    if !has_key_result || !checkins_are_mappings {
        return;
    }
    let checkin = NewCheckin {
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default(),
        value: Some(42.5),
        done: None,
        confidence: Some(0.7),
        note: Some("fuzz: a note with \"quotes\" and # a hash".to_owned()),
    };
    let Some(edited) = insert(text, &document.spans, "/objectives/0/key_results/0", &checkin) else { return };
    let reparsed = parse("p.yaml", &edited);
    assert!(reparsed.diagnostics.is_empty(), "the edit broke the file: {:?}\n{edited}", reparsed.diagnostics);
    // Every original line is still there, in order: only lines were added.
    let mut edited_lines = yaml_lines(&edited).into_iter();
    for line in yaml_lines(text) {
        assert!(edited_lines.any(|l| l == line), "line {line:?} changed or went missing:\n{edited}");
    }
    assert!(yaml_lines(&edited).len() > yaml_lines(text).len(), "nothing was added:\n{edited}");
});

/// Lines as YAML counts them: ended by `\n`, `\r\n` or a lone `\r`.
fn yaml_lines(text: &str) -> Vec<&str> {
    text.split('\n').flat_map(|line| line.strip_suffix('\r').unwrap_or(line).split('\r')).collect()
}
