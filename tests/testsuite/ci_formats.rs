//! `okr check --format github` and `--format sarif`: annotations, the step
//! summary, and SARIF validated against the official 2.1.0 schema.

use std::fs;

use serde_json::Value;

use crate::support::{manifest_dir, okr, stdout, Repo, ACME_AS_OF};

/// examples/acme with two planted errors and the two warnings it ships with.
fn faulty_acme() -> Repo {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    repo.edit("okrs/2026-Q4/platform.yaml", "    owner: alice\n", "    owner: zed\n");
    repo.edit("okrs/2026-Q4/data.yaml", "start: 4\n", "start: 20\n");
    repo
}

fn check(repo: &Repo, format: &str) -> (i32, String) {
    let output = okr()
        .args(["check", repo.path().to_str().unwrap(), "--as-of", ACME_AS_OF, "--format", format])
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap();
    (output.status.code().unwrap(), stdout(&output))
}

fn fix_language_patterns(value: &mut Value) -> usize {
    match value {
        Value::Object(map) => {
            let mut replaced = 0;
            if map.get("pattern").and_then(Value::as_str) == Some("^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$")
            {
                map.insert("pattern".into(), "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into());
                replaced += 1;
            }
            replaced + map.values_mut().map(fix_language_patterns).sum::<usize>()
        }
        Value::Array(items) => items.iter_mut().map(fix_language_patterns).sum(),
        _ => 0,
    }
}

#[test]
fn sarif_validates_against_the_official_schema_and_names_every_rule() {
    let schema_path = manifest_dir().join("../shared/schemas/sarif-schema-2.1.0.json");
    let Ok(schema) = fs::read_to_string(&schema_path) else {
        assert!(
            std::env::var_os("OKR_REQUIRE_YAML_SUITE").is_none(),
            "../shared/schemas/sarif-schema-2.1.0.json is not beside the project"
        );
        eprintln!("skipped: ../shared is not beside the project");
        return;
    };
    let mut schema: Value = serde_json::from_str(&schema).unwrap();
    // The official schema's pattern for `language` (of a run and of a tool
    // component), `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`, has a stray `]`
    // that ECMAScript reads as a literal and Rust's regex engines reject;
    // what it means (a language tag like `en` or `en-US`) is written out
    // here. okr's SARIF has no `language`, so nothing it produces is judged
    // by it.
    let replaced = fix_language_patterns(&mut schema);
    assert_eq!(replaced, 2, "the official schema changed: look at its `language` patterns again");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let repo = faulty_acme();
    let (code, text) = check(&repo, "sarif");
    assert_eq!(code, 1, "errors still fail the run");
    let sarif: Value = serde_json::from_str(&text).unwrap();
    let problems: Vec<String> =
        validator.iter_errors(&sarif).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(problems.is_empty(), "SARIF does not validate:\n{}", problems.join("\n"));
    // The validator does judge: a wrong version or a result without a message fails.
    let mut broken = sarif.clone();
    broken["version"] = "2.0.0".into();
    assert!(!validator.is_valid(&broken));
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0].as_object_mut().unwrap().remove("message");
    assert!(!validator.is_valid(&broken));

    // When okr cannot run (exit 2), the log is still valid SARIF and says so.
    let nowhere = Repo::empty();
    let failed = okr().args(["check", "--format", "sarif"]).current_dir(nowhere.path()).output().unwrap();
    assert_eq!(failed.status.code(), Some(2));
    let failed: Value = serde_json::from_slice(&failed.stdout).unwrap();
    let problems: Vec<String> =
        validator.iter_errors(&failed).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(problems.is_empty(), "the failure log does not validate:\n{}", problems.join("\n"));
    let invocation = &failed["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let said = invocation["toolExecutionNotifications"][0]["message"]["text"].as_str().unwrap();
    assert!(said.starts_with("no okr.yaml in"), "{said}");

    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), okr::check::registry().len());
    let unknown_owner = rules.iter().find(|r| r["id"] == "unknown-owner").unwrap();
    assert_eq!(unknown_owner["defaultConfiguration"]["level"], "error");
    assert!(unknown_owner["help"]["markdown"].as_str().unwrap().starts_with("# unknown-owner"));
    let results = run["results"].as_array().unwrap();
    let (json_code, json) = check(&repo, "json");
    assert_eq!(json_code, code);
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(results.len(), json["diagnostics"].as_array().unwrap().len(), "one result per finding");
    for (result, finding) in results.iter().zip(json["diagnostics"].as_array().unwrap()) {
        assert_eq!(result["ruleId"], finding["rule"]);
        assert_eq!(
            rules[usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap()]["id"],
            finding["rule"]
        );
        assert_eq!(result["level"], finding["severity"]);
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], finding["file"]);
        assert_eq!(location["region"]["startLine"], finding["line"]);
        assert_eq!(location["region"]["startColumn"], finding["column"]);
    }
}

#[test]
fn github_annotations_and_the_step_summary_list_every_finding() {
    let repo = faulty_acme();
    let (code, annotations) = check(&repo, "github");
    assert_eq!(code, 1);
    insta::assert_snapshot!("github-annotations", annotations);

    let summary_file = Repo::empty();
    let summary_path = summary_file.path().join("summary.md");
    fs::write(&summary_path, "earlier step\n").unwrap();
    let output = okr()
        .args(["check", repo.path().to_str().unwrap(), "--as-of", ACME_AS_OF, "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary_path)
        .output()
        .unwrap();
    assert_eq!(stdout(&output), annotations);
    let summary = fs::read_to_string(&summary_path).unwrap();
    assert!(summary.starts_with("earlier step\n### okr check"), "appended, not replaced:\n{summary}");
    assert_eq!(summary.matches("| ❌ error |").count(), 2, "{summary}");
    assert_eq!(summary.matches("| ⚠️ warning |").count(), 2, "{summary}");
}

#[test]
fn paths_are_relative_to_the_repository_root() {
    let repo = Repo::empty();
    crate::support::copy_dir(&manifest_dir().join("examples/acme"), &repo.path().join("planning/okr"));
    repo.edit("planning/okr/okrs/2026-Q4/platform.yaml", "    owner: alice\n", "    owner: zed\n");
    repo.git_init().commit("OKRs", "2026-10-02", "Maria Keller");
    let output = okr()
        .args(["check", "okr", "--as-of", ACME_AS_OF, "--format", "github"])
        .current_dir(repo.path().join("planning"))
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(text.contains("::error file=planning/okr/okrs/2026-Q4/platform.yaml,line=10,col=12"), "{text}");
    let output = okr()
        .args(["check", "--as-of", ACME_AS_OF, "--format", "sarif"])
        .current_dir(repo.path().join("planning/okr/okrs"))
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap())
        .collect();
    assert!(uris.contains(&"planning/okr/okrs/2026-Q4/platform.yaml"), "{uris:?}");
}
