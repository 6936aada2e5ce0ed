//! The official YAML test suite (`../shared/yaml-test-suite`): every invalid
//! case is refused with `yaml-syntax`, every valid case loads, equal to the
//! suite's expected JSON, or is refused for a documented reason.

use std::fs;
use std::path::PathBuf;

use serde_json::Value;

use okr::load::yaml::parse;

/// What okr refuses on purpose (docs/guarantees.md); each is a diagnostic.
const DOCUMENTED_REFUSALS: &[&str] = &[
    "a second YAML document in one file",
    "duplicate key",
    "YAML tags are not supported",
    "is not a finite number",
    "a sequence or mapping used as a mapping key",
];

fn suite() -> Option<PathBuf> {
    let dir = crate::support::manifest_dir().join("../shared/yaml-test-suite");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("OKR_REQUIRE_YAML_SUITE").is_none(),
        "OKR_REQUIRE_YAML_SUITE is set but ../shared/yaml-test-suite is not beside the project"
    );
    eprintln!("skipped: ../shared/yaml-test-suite is not beside the project");
    None
}

pub(crate) fn cases(kind: &str) -> Vec<(String, String)> {
    let Some(dir) = suite() else { return Vec::new() };
    let mut cases: Vec<(String, String)> = fs::read_dir(dir.join(kind))
        .expect("read suite")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            // Some cases are not valid UTF-8 on purpose; the loader sees them as text.
            (id, String::from_utf8_lossy(&fs::read(&p).unwrap()).into_owned())
        })
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_error_case_is_a_yaml_syntax_diagnostic() {
    let cases = cases("error");
    let mut accepted = Vec::new();
    for (id, text) in &cases {
        let parsed = parse("case.yaml", text.strip_prefix('\u{feff}').unwrap_or(text));
        if parsed.diagnostics.is_empty() {
            accepted.push(id.clone());
        }
        assert!(parsed.diagnostics.iter().all(|d| d.rule == okr::diagnostic::RuleId::YamlSyntax), "{id}");
    }
    assert!(accepted.is_empty(), "invalid YAML accepted: {accepted:?}");
    if suite().is_some() {
        assert_eq!(cases.len(), 94, "the suite has 94 error cases");
    }
}

#[test]
fn every_valid_case_loads_or_is_refused_for_a_documented_reason() {
    let cases = cases("valid");
    let dir = suite();
    let (mut loaded, mut compared, mut refused) = (0, 0, 0);
    for (id, text) in &cases {
        let parsed = parse("case.yaml", text.strip_prefix('\u{feff}').unwrap_or(text));
        if parsed.diagnostics.is_empty() {
            loaded += 1;
            let document = parsed.document.expect("a document when there are no diagnostics");
            let expected = dir.as_ref().map(|d| d.join("valid").join(format!("{id}.json")));
            let expected = expected.and_then(|p| fs::read_to_string(p).ok());
            // The suite's JSON is a stream; compare where it holds one value.
            if let Some(Ok(expected)) = expected.map(|t| serde_json::from_str::<Value>(&t)) {
                compared += 1;
                assert!(
                    same(&document.value, &expected),
                    "{id}: loaded {} but the suite expects {expected}",
                    document.value
                );
            }
            continue;
        }
        refused += 1;
        for d in &parsed.diagnostics {
            assert!(
                DOCUMENTED_REFUSALS.iter().any(|reason| d.message.contains(reason)),
                "{id}: refused for an undocumented reason: {}",
                d.message
            );
        }
    }
    eprintln!("valid cases: {loaded} loaded ({compared} compared with the suite's JSON), {refused} refused");
    if dir.is_some() {
        assert_eq!(cases.len(), 308);
        assert!(loaded >= 200, "only {loaded} valid cases loaded");
    }
}

/// Equality where numbers compare by value (`1` and `1.0` are the same).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}
