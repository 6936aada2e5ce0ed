//! Every rule: its fixture, a snapshot of its findings, and its docs.

use std::collections::HashSet;

use okr::check::registry;

use crate::support::{compact, copy_dir, manifest_dir, rules_of, run, stdout, Repo};

/// Checks `tests/fixtures/rules/<rule>/` and snapshots what it reports; the
/// rule itself must be among the findings.
///
/// A git-aware rule's fixture has `before/` and `after/`: the repository is
/// committed as `before/` on 2026-09-20, then as `after/` on 2026-10-20, and
/// checked with `--base HEAD~1`.
fn assert_rule_fixture(rule: &str) {
    let fixture = manifest_dir().join("tests/fixtures/rules").join(rule);
    let git_aware = fixture.join("before").is_dir();
    let repo = if git_aware {
        let repo = Repo::copy_of(&fixture.join("before"));
        repo.git_init().commit("Before", "2026-09-20", "Ann Arbor");
        std::fs::remove_dir_all(repo.path().join("okrs")).unwrap();
        copy_dir(&fixture.join("after"), repo.path());
        repo.commit("After", "2026-10-20", "Bob Builder");
        repo
    } else {
        Repo::copy_of(&fixture)
    };
    let (code, json) = repo.check_json(if git_aware { &["--base", "HEAD~1"] } else { &[] });
    assert!(
        rules_of(&json).iter().any(|r| r == rule),
        "fixture of `{rule}` does not trigger it:\n{}",
        compact(&json)
    );
    let expected_code = i32::from(json["summary"]["errors"].as_u64() > Some(0));
    assert_eq!(code, expected_code, "{rule}: exit code");
    insta::assert_snapshot!(rule, compact(&json));
}

macro_rules! rule_fixtures {
    ($($test:ident => $rule:literal,)*) => {
        $(#[test] fn $test() { assert_rule_fixture($rule); })*
        /// Every rule in the registry has a fixture test above.
        const FIXTURE_RULES: &[&str] = &[$($rule),*];
    };
}

rule_fixtures! {
    yaml_syntax => "yaml-syntax",
    schema => "schema",
    duplicate_id => "duplicate-id",
    unknown_owner => "unknown-owner",
    unknown_team => "unknown-team",
    unknown_cycle => "unknown-cycle",
    unknown_alignment => "unknown-alignment",
    alignment_cycle => "alignment-cycle",
    target_equals_start => "target-equals-start",
    checkin_outside_cycle => "checkin-outside-cycle",
    due_outside_cycle => "due-outside-cycle",
    checkin_in_future => "checkin-in-future",
    file_location => "file-location",
    objective_count => "objective-count",
    key_result_count => "key-result-count",
    team_owned_key_result => "team-owned-key-result",
    activity_key_result => "activity-key-result",
    activity_objective => "activity-objective",
    stale_key_result => "stale-key-result",
    missing_baseline => "missing-baseline",
    missed_commitment => "missed-commitment",
    missing_retro => "missing-retro",
    sandbagging => "sandbagging",
    owner_overload => "owner-overload",
    orphan_objective => "orphan-objective",
    closed_cycle_modified => "closed-cycle-modified",
    target_changed_mid_cycle => "target-changed-mid-cycle",
    unit_changed => "unit-changed",
}

#[test]
fn registry_names_are_unique_kebab_case_with_fixture_and_docs() {
    let mut seen = HashSet::new();
    for rule in registry() {
        assert!(seen.insert(rule.name), "`{}` registered twice", rule.name);
        assert!(
            rule.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "`{}` is not kebab-case",
            rule.name
        );
        assert!(FIXTURE_RULES.contains(&rule.name), "`{}` has no fixture test", rule.name);
        assert!(
            manifest_dir().join("tests/fixtures/rules").join(rule.name).is_dir(),
            "`{}` has no fixture",
            rule.name
        );
        for section in ["## What it checks", "## Why", "## Example", "## How to fix"] {
            assert!(rule.doc.contains(section), "docs of `{}` lack {section}", rule.name);
        }
        assert!(
            rule.doc.starts_with(&format!("# {}\n", rule.name)),
            "docs of `{}` have the wrong title",
            rule.name
        );
        assert!(!rule.summary().is_empty(), "`{}` has no summary", rule.name);
    }
    assert_eq!(seen.len(), FIXTURE_RULES.len(), "a fixture test names a rule that is not registered");
}

/// Identity is a type: every `RuleId` is registered once, under its own
/// name, in the registry's order, so no finding can name a rule without a
/// level.
#[test]
fn every_rule_id_is_registered_under_its_name() {
    let ids: Vec<okr::diagnostic::RuleId> = registry().iter().map(|rule| rule.id).collect();
    assert_eq!(ids, okr::diagnostic::RuleId::ALL);
    for rule in registry() {
        assert_eq!(rule.id.as_str(), rule.name);
        assert_eq!(okr::diagnostic::RuleId::from_name(rule.name), Some(rule.id));
    }
    assert_eq!(okr::diagnostic::RuleId::from_name("no-such-rule"), None);
}

#[test]
fn rules_lists_every_rule() {
    let output = run(&["rules"]);
    assert!(output.status.success());
    insta::assert_snapshot!("rules-list", stdout(&output));
}

#[test]
fn rules_name_prints_the_rule_docs() {
    let output = run(&["rules", "unknown-owner"]);
    assert!(output.status.success());
    let docs = std::fs::read_to_string(manifest_dir().join("docs/rules/unknown-owner.md")).unwrap();
    assert_eq!(stdout(&output), docs);
}

#[test]
fn rules_unknown_name_suggests_and_exits_2() {
    let output = run(&["rules", "unknown-ownr"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(crate::support::stderr(&output).contains("did you mean `unknown-owner`?"));
}

#[test]
fn levels_from_config_and_command_line() {
    let fixture = manifest_dir().join("tests/fixtures/rules/unknown-owner");
    // okr.yaml turns the rule into a warning: exit 0 …
    let repo = Repo::copy_of(&fixture);
    let config = std::fs::read_to_string(repo.path().join("okr.yaml")).unwrap();
    repo.write("okr.yaml", format!("{config}rules:\n  unknown-owner: warning\n"));
    let (code, json) = repo.check_json(&[]);
    assert_eq!(code, 0, "{}", compact(&json));
    assert!(json["diagnostics"].as_array().unwrap().iter().all(|d| d["severity"] == "warning"));
    // … unless warnings are denied …
    let (code, _) = repo.check_json(&["--deny", "warnings"]);
    assert_eq!(code, 1);
    // … and the command line wins over okr.yaml.
    let (code, json) = repo.check_json(&["--level", "unknown-owner=off"]);
    assert_eq!((code, json["summary"]["warnings"].as_u64()), (0, Some(0)));
    let (code, _) = repo.check_json(&["--level", "unknown-owner=error"]);
    assert_eq!(code, 1);
}

#[test]
fn level_of_load_rules_cannot_be_changed() {
    let repo = Repo::with_base_config();
    let output = run(&["check", repo.path().to_str().unwrap(), "--level", "schema=off"]);
    assert_eq!(output.status.code(), Some(2));
    let output = run(&["check", repo.path().to_str().unwrap(), "--level", "no-such-rule=off"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(crate::support::stderr(&output).contains("unknown rule `no-such-rule`"));
    // A typo gets the rule it was meant to be.
    let output = run(&["check", repo.path().to_str().unwrap(), "--level", "stale-key-results=off"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        crate::support::stderr(&output)
            .contains("unknown rule `stale-key-results`; did you mean `stale-key-result`?"),
        "{}",
        crate::support::stderr(&output)
    );
}
