//! `okr codeowners`, `okr completions` and `okr man`.

use std::fs;

use crate::support::{manifest_dir, okr, stderr, stdout, Repo};

#[test]
fn codeowners_names_each_file_s_lead_and_objective_owners() {
    let repo = Repo::empty();
    crate::support::copy_dir(&manifest_dir().join("examples/acme"), &repo.path().join("planning/okr"));
    repo.git_init().commit("OKRs", "2026-10-02", "Maria Keller");
    let root = repo.path().join("planning/okr");
    let run_in = |args: &[&str]| okr().args(args).current_dir(&root).output().unwrap();
    let printed = run_in(&["codeowners"]);
    assert!(printed.status.success(), "{}", stderr(&printed));
    let block = stdout(&printed);
    insta::assert_snapshot!("codeowners-acme", block);
    // Platform's lead (alice) and the owner of its Q3 objective `sso` (bob).
    assert!(block.contains("\n/planning/okr/okrs/2026-Q3/platform.yaml @alice-gh @bmartens\n"), "{block}");

    // --check: missing, current, out of date.
    let check = || run_in(&["codeowners", "--check"]);
    assert_eq!(check().status.code(), Some(1), "no CODEOWNERS yet");
    repo.write(".github/CODEOWNERS", format!("* @maria-admins\n\n{block}\ndocs/ @writers\n"));
    let current = check();
    assert!(current.status.success(), "{}", stderr(&current));
    repo.edit("planning/okr/okr.yaml", "github: alice-gh", "github: alice-new");
    let stale = check();
    assert_eq!(stale.status.code(), Some(1));
    assert!(stderr(&stale).contains("out of date"), "{}", stderr(&stale));
}

#[test]
fn people_without_a_handle_leave_a_visible_gap() {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    let config = fs::read_to_string(repo.path().join("okr.yaml")).unwrap();
    let without: String = config
        .lines()
        .map(|l| {
            l.split(", github:").next().unwrap_or(l).to_owned()
                + if l.contains(", github:") { " }" } else { "" }
                + "\n"
        })
        .collect();
    fs::write(repo.path().join("okr.yaml"), without).unwrap();
    let output = okr().args(["codeowners", repo.path().to_str().unwrap()]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("# /okrs/2026-Q4/platform.yaml: no owner has a `github` handle in okr.yaml"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn completions_and_the_manual_cover_every_command() {
    let commands = [
        "check",
        "build",
        "serve",
        "status",
        "export",
        "diff",
        "log",
        "history",
        "codeowners",
        "rules",
        "schema",
    ];
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let output = okr().args(["completions", shell]).output().unwrap();
        assert!(output.status.success(), "{shell}");
        let text = stdout(&output);
        for command in commands {
            assert!(text.contains(command), "{shell} completions lack `{command}`");
        }
    }
    let man = stdout(&okr().arg("man").output().unwrap());
    assert!(man.contains(".TH okr 1"), "{man}");
    for command in commands {
        assert!(
            man.contains(&format!("okr\\-{command}")) || man.contains(command),
            "the manual lacks `{command}`"
        );
    }
}
