//! Guarantees across commands: read-only commands write nothing, and the
//! output does not depend on the number of threads.

use std::process::Output;

use crate::support::{files, manifest_dir, okr, stderr, Repo};

/// examples/acme in a git repository with two commits and a next quarter.
fn repository() -> Repo {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    repo.edit(
        "okr.yaml",
        "    state: active\n",
        "    state: active\n  - id: 2027-Q1\n    start: 2027-01-01\n    end: 2027-03-31\n    state: planning\n",
    );
    repo.git_init().commit("Q4 OKRs", "2026-10-02", "Maria Keller");
    repo.edit("okrs/2026-Q4/platform.yaml", "target: 99.5", "target: 99").commit(
        "Lower the target",
        "2026-11-20",
        "Bob Martens",
    );
    repo
}

fn run_in(repo: &Repo, args: &[&str], threads: &str) -> Output {
    okr()
        .args(args)
        .current_dir(repo.path())
        .env("RAYON_NUM_THREADS", threads)
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap()
}

#[test]
fn read_only_commands_write_nothing_into_the_repository() {
    let repo = repository();
    let out = Repo::empty();
    let site = out.path().join("site");
    let before = files(repo.path());
    let commands: Vec<Vec<&str>> = vec![
        vec!["check"],
        vec!["check", "--format", "json"],
        vec!["check", "--format", "github"],
        vec!["check", "--format", "sarif"],
        vec!["check", "--base", "HEAD~1"],
        vec!["status", "--as-of", "2026-11-25"],
        vec!["export", "--format", "csv"],
        vec!["history", "--format", "json"],
        vec!["diff", "HEAD~1", "--format", "markdown"],
        vec!["log", "deploy-success"],
        vec!["codeowners"],
        vec!["codeowners", "--check"],
        vec!["rules"],
        vec!["schema", "okr"],
        vec!["completions", "bash"],
        vec!["man"],
        vec!["build", "--out", site.to_str().unwrap(), "--as-of", "2026-11-25"],
        vec!["checkin", "deploy-success", "98", "--date", "2026-11-25", "--dry-run"],
        vec!["rollover", "2026-Q4", "2027-Q1", "--dry-run"],
    ];
    for args in commands {
        let output = run_in(&repo, &args, "2");
        assert!(output.status.code().is_some_and(|c| c <= 1), "{args:?}: {}", stderr(&output));
        assert_eq!(files(repo.path()), before, "`okr {}` changed the repository", args.join(" "));
    }
}

#[test]
fn output_does_not_depend_on_the_number_of_threads() {
    let repo = repository();
    let out = Repo::empty();
    for args in [
        &["export", "--as-of", "2026-11-25"][..],
        &["export", "--format", "csv", "--as-of", "2026-11-25"],
        &["history", "--format", "json"],
        &["check", "--format", "json", "--as-of", "2026-11-25"],
        &["diff", "HEAD~1", "--format", "json", "--as-of", "2026-11-25"],
    ] {
        let (one, two) = (run_in(&repo, args, "1"), run_in(&repo, args, "2"));
        assert_eq!(one.stdout, two.stdout, "{args:?}");
    }
    let build = |threads: &str| {
        let site = out.path().join(format!("site-{threads}"));
        let output =
            run_in(&repo, &["build", "--out", site.to_str().unwrap(), "--as-of", "2026-11-25"], threads);
        assert!(output.status.success(), "{}", stderr(&output));
        files(&site)
    };
    assert_eq!(build("1"), build("2"), "the site is byte-identical with 1 and 2 threads");
}
