//! The YAML subset reader (`okr::load::subset`) against the full loader:
//! whatever the subset reads, it reads to the full loader's value, and the
//! files people and okr write are in the subset.

use std::fs;
use std::path::Path;

use serde_json::Value;

use okr::load::subset;
use okr::load::yaml::parse;

use crate::support::{manifest_dir, okr, Repo};

/// Whether the subset reads `text`; when it does, the full loader must
/// read the same value without a diagnostic.
fn agrees(origin: &str, text: &str) -> bool {
    let Some(value) = subset::read(text) else { return false };
    let full = parse("case.yaml", text);
    assert!(full.diagnostics.is_empty(), "{origin}: the subset reads what the full loader refuses: {text:?}");
    assert_eq!(full.document.map(|d| d.value), Some(value), "{origin}: the subset misreads {text:?}");
    true
}

#[test]
fn the_subset_refuses_every_error_case_of_the_yaml_test_suite() {
    for (id, text) in crate::yaml_suite::cases("error") {
        assert!(subset::read(text.strip_prefix('\u{feff}').unwrap_or(&text)).is_none(), "error case {id}");
    }
}

#[test]
fn the_subset_reads_valid_cases_of_the_yaml_test_suite_as_the_full_loader_does() {
    let cases = crate::yaml_suite::cases("valid");
    let read =
        cases.iter().filter(|(id, text)| agrees(id, text.strip_prefix('\u{feff}').unwrap_or(text))).count();
    eprintln!("the subset reads {read} of {} valid cases", cases.len());
}

#[test]
fn the_subset_reads_the_fuzz_corpora_as_the_full_loader_does() {
    let mut inputs = 0;
    let mut read = 0;
    for target in ["yaml_loader", "check_file", "checkin_edit", "yaml_subset"] {
        let dir = manifest_dir().join("fuzz/corpus").join(target);
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let bytes = fs::read(&path).unwrap();
            inputs += 1;
            // The loader's own preparation: UTF-8 without a BOM.
            let Ok(text) = std::str::from_utf8(&bytes) else { continue };
            if agrees(&path.display().to_string(), text.strip_prefix('\u{feff}').unwrap_or(text)) {
                read += 1;
            }
        }
    }
    eprintln!("the subset reads {read} of {inputs} corpus inputs");
    assert!(inputs > 10_000, "the corpora are in fuzz/corpus");
    assert!(read > 1_000, "the corpora hold over a thousand texts in the subset, but it read only {read}");
}

/// Every YAML file below `root`, read by the subset.
fn assert_all_in_the_subset(root: &Path) -> usize {
    let mut files = 0;
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "yaml")
            && !path.components().any(|c| c.as_os_str() == ".github")
        {
            let text = fs::read_to_string(path).unwrap();
            assert!(agrees(&path.display().to_string(), &text), "{} is not in the subset", path.display());
            files += 1;
        }
    }
    files
}

#[test]
fn the_files_people_and_okr_write_are_in_the_subset() {
    // The shipped example, written by hand.
    assert_eq!(assert_all_in_the_subset(&manifest_dir().join("examples/acme")), 13);

    // A repository from `okr init`, then edited by `okr checkin`.
    let repo = Repo::empty();
    let root = repo.path().join("okrs-repo");
    let init = okr().args(["init", "-q", root.to_str().unwrap(), "--as-of", "2026-11-27"]).output().unwrap();
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    assert!(assert_all_in_the_subset(&root) >= 2);
    let report = okr::check::run(&root, &okr::check::CheckOptions::default()).unwrap();
    let workspace = report.workspace.unwrap();
    let file = &workspace.files[0];
    let kr = file.key_results().next().unwrap();
    let address = format!("{}/{}/{}/{}", file.data.cycle, file.data.team, kr.objective.id, kr.key_result.id);
    let args: Vec<&str> = match kr.key_result.kind {
        okr::model::KrKind::Milestone => vec![&address, "--done"],
        _ => vec![&address, "1", "--confidence", "0.7"],
    };
    let checkin = okr()
        .arg("checkin")
        .args(&args)
        .args(["--date", "2026-11-27", "--root", root.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(checkin.status.success(), "{}", String::from_utf8_lossy(&checkin.stderr));
    assert_all_in_the_subset(&root);

    // The benchmarks' synthetic repositories.
    let synthetic = Repo::empty();
    crate::synth::generate(synthetic.path(), crate::synth::Size::with_files(12)).unwrap();
    assert!(assert_all_in_the_subset(synthetic.path()) > 12);
}

#[test]
fn a_file_in_the_subset_has_the_spans_of_the_full_loader() {
    let text = "cycle: 2026-Q4\nteam: platform\nobjectives:\n  - id: a\n    key_results:\n      - { id: k, target: 3 }\n";
    assert!(subset::read(text).is_some());
    let shared: std::sync::Arc<str> = std::sync::Arc::from(text);
    let deferred = okr::load::yaml::parse_deferred("x.yaml", &shared).document.unwrap();
    let recorded = parse("x.yaml", text).document.unwrap();
    assert_eq!(deferred.value, recorded.value);
    for pointer in ["", "/team", "/objectives/0/key_results/0/target"] {
        assert_eq!(deferred.spans.get(pointer), recorded.spans.get(pointer), "{pointer}");
    }
    assert_eq!(deferred.spans.value("/objectives/0/key_results/0/target").start.line, 6);
    assert_eq!(Value::Null, subset::read("a:\n").unwrap()["a"]);
}
