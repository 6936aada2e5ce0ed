//! `okr rollover FROM TO`.

use std::fs;

use crate::support::{manifest_dir, okr, stderr, Repo};

fn acme_with_next_quarter() -> Repo {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    repo.edit(
        "okr.yaml",
        "    state: active\n",
        "    state: active\n  - id: 2027-Q1\n    name: Q1 2027\n    start: 2027-01-01\n    end: 2027-03-31\n    state: planning\n",
    );
    repo
}

fn rollover(repo: &Repo, args: &[&str]) -> std::process::Output {
    okr().arg("rollover").args(args).args(["--root", repo.path().to_str().unwrap()]).output().unwrap()
}

#[test]
fn acme_rolls_over_into_a_new_quarter_that_passes_check() {
    let repo = acme_with_next_quarter();
    let output = rollover(&repo, &["2026-Q4", "2027-Q1"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "wrote okrs/2027-Q1/platform.yaml: 2 objectives, 4 key results carried; 1 done left behind"
        ),
        "{}",
        stderr(&output)
    );
    let check =
        okr().args(["check", repo.path().to_str().unwrap(), "--as-of", "2026-11-27"]).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    let platform = fs::read_to_string(repo.path().join("okrs/2027-Q1/platform.yaml")).unwrap();
    insta::assert_snapshot!("rollover-platform", platform);
    // Started where it ended; done key results stay behind; no check-ins.
    assert!(platform.contains("      - id: deploy-success\n") && platform.contains("        start: 97.2\n"));
    assert!(!platform.contains("id: runbook"), "the done milestone stays behind");
    assert!(!platform.contains("date:"), "no check-ins are carried");
    // The editor's schema modeline stays (the folders are side by side).
    assert!(
        platform.starts_with("# yaml-language-server: $schema=../../schemas/okr.schema.json\n"),
        "{platform}"
    );
    // Strategic objectives outlive the cycle: alignment to them is kept.
    let company = fs::read_to_string(repo.path().join("okrs/2027-Q1/company.yaml")).unwrap();
    assert!(company.contains("    aligned_to: [strategy/mid-market]\n"), "{company}");

    // Again: nothing is overwritten.
    let before = fs::read(repo.path().join("okrs/2027-Q1/platform.yaml")).unwrap();
    fs::write(
        repo.path().join("okrs/2027-Q1/growth.yaml"),
        fs::read_to_string(repo.path().join("okrs/2027-Q1/growth.yaml")).unwrap() + "# edited by hand\n",
    )
    .unwrap();
    let again = rollover(&repo, &["2026-Q4", "2027-Q1"]);
    assert!(again.status.success());
    assert!(stderr(&again).contains("kept okrs/2027-Q1/platform.yaml (it exists)"), "{}", stderr(&again));
    assert_eq!(fs::read(repo.path().join("okrs/2027-Q1/platform.yaml")).unwrap(), before);
    assert!(fs::read_to_string(repo.path().join("okrs/2027-Q1/growth.yaml"))
        .unwrap()
        .ends_with("# edited by hand\n"));
}

#[test]
fn an_unknown_cycle_writes_nothing() {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    let output = rollover(&repo, &["2026-Q4", "2027-Q1"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no cycle `2027-Q1` in okr.yaml"), "{}", stderr(&output));
    assert!(!repo.path().join("okrs/2027-Q1").exists());
}

#[test]
fn alignment_to_an_objective_left_behind_is_dropped_and_reported() {
    let repo = Repo::with_base_config();
    repo.edit(
        "okr.yaml",
        "state: active }\n",
        "state: active }\n  - { id: 2027-Q1, start: 2027-01-01, end: 2027-03-31, state: planning }\n",
    );
    repo.write(
        "okrs/2026-Q4/company.yaml",
        "cycle: 2026-Q4\nteam: company\nobjectives:\n  - id: parent\n    title: Finished parent\n    owner: ann\n    key_results:\n      - { id: p-1, title: Share of done, owner: ann, unit: \"%\", start: 0, target: 10, checkins: [{ date: 2026-11-10, value: 10 }] }\n      - { id: p-2, title: Share of done too, owner: ann, unit: \"%\", start: 0, target: 10, checkins: [{ date: 2026-11-10, value: 12 }] }\n",
    );
    repo.write(
        "okrs/2026-Q4/platform.yaml",
        "cycle: 2026-Q4\nteam: platform\nobjectives:\n  - id: child\n    title: Unfinished child\n    owner: bob\n    aligned_to: [company/parent]\n    key_results:\n      - { id: c-1, title: Share of open, owner: bob, unit: \"%\", start: 0, target: 10, checkins: [{ date: 2026-11-10, value: 4 }] }\n      - { id: c-2, title: Share of open too, owner: bob, unit: \"%\", start: 0, target: 10 }\n",
    );
    let output = rollover(&repo, &["2026-Q4", "2027-Q1"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output)
            .contains("alignment dropped (parent not carried over): platform/child → company/parent"),
        "{}",
        stderr(&output)
    );
    assert!(!repo.path().join("okrs/2027-Q1/company.yaml").exists(), "a finished team carries nothing");
    let child = fs::read_to_string(repo.path().join("okrs/2027-Q1/platform.yaml")).unwrap();
    assert!(!child.contains("aligned_to"), "{child}");
    assert!(child.contains("        start: 4\n"), "{child}");
    assert!(
        child.contains("      - id: c-2\n") && child.contains("        start: 0\n"),
        "never checked in: its start stays"
    );
}

/// The rollover transaction is the library's (`okr::edit::apply`): a dry
/// run plans the same files and writes none; an unknown target cycle is
/// named.
#[test]
fn the_rollover_transaction_runs_from_the_library() {
    use okr::edit::apply::{rollover, RolloverOutcome};
    let repo = acme_with_next_quarter();
    let before = crate::support::files(repo.path());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let outcome = rollover(repo.path(), "2026-Q4", "2027-Q1", today, true).unwrap();
    let RolloverOutcome::Done { carried, kept } = outcome else { panic!("{outcome:?}") };
    assert!(kept.is_empty());
    assert!(
        carried.iter().any(|t| t.path == "okrs/2027-Q1/platform.yaml" && t.key_results == 4),
        "{carried:?}"
    );
    assert_eq!(crate::support::files(repo.path()), before, "a dry run writes nothing");
    let outcome = rollover(repo.path(), "2026-Q4", "2027-Q2", today, true).unwrap();
    assert!(
        matches!(&outcome, RolloverOutcome::NoSuchCycle { cycle, is_target: true } if cycle == "2027-Q2"),
        "{outcome:?}"
    );
}
