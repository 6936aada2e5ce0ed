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

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one() {
    let repo = Repo::empty();
    crate::synth::generate(repo.path(), crate::synth::Size::with_files(120)).unwrap();
    let out = Repo::empty();
    let build = |site: &std::path::Path, as_of: &str| {
        crate::support::okr_build(repo.path(), site, as_of).arg("-q").spawn().unwrap()
    };
    // The site before, and the complete site the killed builds would write.
    let (old_dir, new_dir) = (out.path().join("old"), out.path().join("new"));
    assert!(build(&old_dir, "2026-11-01").wait().unwrap().success());
    assert!(build(&new_dir, "2026-11-15").wait().unwrap().success());
    let (old, new) = (files(&old_dir), files(&new_dir));
    assert_ne!(old, new);
    let site = out.path().join("site");
    let mut seen_old = false;
    for delay in [0, 30, 100, 250, 500, 900, 1500, 3000] {
        let _ = std::fs::remove_dir_all(&site);
        crate::support::copy_dir(&old_dir, &site);
        let mut child = build(&site, "2026-11-15");
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let now = files(&site);
        assert!(
            now == old || now == new,
            "killed after {delay} ms: the site is neither the old nor the new one"
        );
        seen_old |= now == old;
    }
    assert!(seen_old, "at least one kill landed before the new site was in place");
}

/// Every id that names an output file (cycles, teams, people, objectives)
/// must be a plain id: one that tries to climb out of the site is refused
/// before anything is written, and nothing appears outside `--out`.
#[test]
fn ids_that_would_leave_the_output_folder_are_refused_before_writing() {
    for (file, from, to) in [
        ("okr.yaml", "  - id: 2026-Q4\n", "  - id: \"../../escaped\"\n"),
        ("okr.yaml", "  - id: platform\n", "  - id: \"../escaped\"\n"),
        ("okr.yaml", "{ id: maria,", "{ id: \"/tmp/escaped\","),
        ("okrs/2026-Q4/platform.yaml", "  - id: boring-deploys\n", "  - id: \"..%2fescaped\"\n"),
    ] {
        let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
        repo.edit(file, from, to);
        let out = Repo::empty();
        let site = out.path().join("deep/site");
        let output = crate::support::okr_build(repo.path(), &site, "2026-11-25").output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{to}: {}", stderr(&output));
        assert!(stderr(&output).contains("error[schema]"), "{to}: {}", stderr(&output));
        assert!(files(out.path()).is_empty(), "{to}: nothing is written anywhere");
        assert!(!std::path::Path::new("/tmp/escaped").exists());
    }
}
