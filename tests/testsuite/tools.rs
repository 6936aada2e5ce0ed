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

    // --write replaces okr's block in place and keeps every other line;
    // then --check passes, and a second --write changes nothing.
    let write = run_in(&["codeowners", "--write"]);
    assert!(write.status.success(), "{}", stderr(&write));
    assert!(stderr(&write).contains("updated okr's block in .github/CODEOWNERS"), "{}", stderr(&write));
    let written = fs::read_to_string(repo.path().join(".github/CODEOWNERS")).unwrap();
    assert!(written.starts_with("* @maria-admins\n\n# BEGIN okr codeowners"), "{written}");
    assert!(written.ends_with("# END okr codeowners\n\ndocs/ @writers\n"), "{written}");
    assert!(written.contains("@alice-new") && !written.contains("@alice-gh"), "{written}");
    assert!(check().status.success());
    let again = run_in(&["codeowners", "--write"]);
    assert!(stderr(&again).contains("is up to date"), "{}", stderr(&again));
    assert_eq!(fs::read_to_string(repo.path().join(".github/CODEOWNERS")).unwrap(), written);
}

/// Without a CODEOWNERS file, `--write` creates `.github/CODEOWNERS`; a
/// block begun and never ended is left for a person to sort out.
#[test]
fn codeowners_write_creates_the_file_and_refuses_a_broken_block() {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    let write = okr().args(["codeowners", "--write"]).current_dir(repo.path()).output().unwrap();
    assert!(write.status.success(), "{}", stderr(&write));
    let created = fs::read_to_string(repo.path().join(".github/CODEOWNERS")).unwrap();
    assert!(created.starts_with("# BEGIN okr codeowners") && created.ends_with("# END okr codeowners\n"));
    repo.write(".github/CODEOWNERS", "# BEGIN okr codeowners: by hand\n/x @y\n");
    let refused = okr().args(["codeowners", "--write"]).current_dir(repo.path()).output().unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("without `# END okr codeowners`"), "{}", stderr(&refused));
    assert_eq!(
        fs::read_to_string(repo.path().join(".github/CODEOWNERS")).unwrap(),
        "# BEGIN okr codeowners: by hand\n/x @y\n"
    );
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

#[test]
fn init_scaffolds_a_repository_that_checks_and_builds_and_never_overwrites() {
    let dir = Repo::empty();
    let root = dir.path().join("new");
    let init = okr().args(["init", root.to_str().unwrap(), "--as-of", "2026-11-27"]).output().unwrap();
    assert!(init.status.success(), "{}", stderr(&init));
    let mut written: Vec<String> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            ".github/workflows/okr-weekly.yml",
            ".github/workflows/okr.yml",
            ".gitignore",
            "okr.yaml",
            "okrs/2026-Q4/company.yaml",
            "schemas/config.schema.json",
            "schemas/okr.schema.json"
        ]
    );
    insta::assert_snapshot!("init-okr-yaml", fs::read_to_string(root.join("okr.yaml")).unwrap());
    // The editor schemas are the ones okr checks with.
    assert_eq!(fs::read_to_string(root.join("schemas/okr.schema.json")).unwrap(), okr::schema::OKR_SCHEMA);
    assert!(fs::read_to_string(root.join("okrs/2026-Q4/company.yaml"))
        .unwrap()
        .starts_with("# yaml-language-server: $schema=../../schemas/okr.schema.json\n"));

    let workflow = fs::read_to_string(root.join(".github/workflows/okr.yml")).unwrap();
    let parsed = okr::load::yaml::parse("okr.yml", &workflow);
    assert!(parsed.diagnostics.is_empty(), "the workflow is YAML: {:?}", parsed.diagnostics);
    let jobs = &parsed.document.unwrap().value["jobs"];
    assert!(jobs["check"]["steps"].as_array().unwrap().iter().any(|s| s["with"]["fetch-depth"] == 0));
    assert_eq!(jobs["publish"]["needs"], "build");
    assert_eq!(jobs["build"]["permissions"]["contents"], "read", "checkout works on private repositories");
    assert!(workflow.contains("cron:"), "a daily build keeps \"as of\" current");
    assert!(!workflow.contains("branches: [main]"), "the default branch, whatever its name");

    let check = okr()
        .args(["check", root.to_str().unwrap(), "--as-of", "2026-11-27", "--deny", "warnings"])
        .output()
        .unwrap();
    assert!(check.status.success(), "a fresh init passes okr check without a warning:\n{}", stdout(&check));
    let site = dir.path().join("site");
    let build = okr()
        .args(["build", root.to_str().unwrap(), "--as-of", "2026-11-27", "--out", site.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(site.join("cycles/2026-Q4/objectives/company--happy-customers.html").is_file());

    // The CI commands work on it too.
    for format in ["github", "sarif"] {
        let output = okr()
            .args(["check", root.to_str().unwrap(), "--as-of", "2026-11-27", "--format", format])
            .output()
            .unwrap();
        assert!(output.status.success(), "{format}: {}", stderr(&output));
    }
    let owners = okr().args(["codeowners", root.to_str().unwrap()]).output().unwrap();
    assert!(stdout(&owners).contains("/okrs/2026-Q4/company.yaml @alex-example"), "{}", stdout(&owners));

    // Again, with two files changed by hand: nothing is overwritten; the
    // .gitignore keeps its lines and gains the site's folder.
    fs::write(root.join(".gitignore"), "target/\n").unwrap();
    fs::write(root.join("okr.yaml"), "# mine\n").unwrap();
    let again = okr().args(["init", root.to_str().unwrap(), "--as-of", "2026-11-27"]).output().unwrap();
    assert!(again.status.success());
    assert_eq!(
        fs::read_to_string(root.join(".gitignore")).unwrap(),
        "target/\n# The site `okr build` writes.\npublic/\n"
    );
    assert_eq!(fs::read_to_string(root.join("okr.yaml")).unwrap(), "# mine\n");
    assert!(stderr(&again).contains("0 of 7 files written"), "{}", stderr(&again));
    assert!(
        !fs::read_dir(&root).unwrap().any(|e| e.unwrap().file_name().to_string_lossy().contains("okr-init")),
        "no temporary file left"
    );
}

#[test]
fn the_pre_commit_hook_runs_okr_check() {
    let text = fs::read_to_string(manifest_dir().join(".pre-commit-hooks.yaml")).unwrap();
    let parsed = okr::load::yaml::parse(".pre-commit-hooks.yaml", &text);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let hooks = parsed.document.unwrap().value;
    let hook = &hooks[0];
    assert_eq!(hook["id"], "okr-check");
    assert_eq!(hook["entry"], "okr check");
    assert_eq!(hook["language"], "rust");
    assert_eq!(hook["pass_filenames"], false);
}

/// The `run` script of a step of action.yml, by the step's `id` or `name`.
fn action_script(step: &str) -> String {
    let text = fs::read_to_string(manifest_dir().join("action.yml")).unwrap();
    let parsed = okr::load::yaml::parse("action.yml", &text);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let action = parsed.document.unwrap().value;
    assert_eq!(action["runs"]["using"], "composite");
    for input in ["command", "path", "args", "output"] {
        assert!(action["inputs"][input]["description"].is_string(), "input `{input}` is documented");
    }
    let steps = action["runs"]["steps"].as_array().unwrap();
    for s in steps.iter().filter_map(|s| s["run"].as_str()) {
        assert!(!s.contains("${{"), "inputs reach scripts through env, never pasted into them:\n{s}");
    }
    let found = steps.iter().find(|s| s["id"] == step || s["name"] == step).unwrap();
    found["run"].as_str().unwrap().to_owned()
}

#[test]
fn the_action_runs_okr_and_reports_its_exit_code() {
    let script = action_script("run");
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_okr")).parent().unwrap().to_owned();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let run = |command: &str, args: &str, output: &str| {
        let github_output = repo.path().join("github-output");
        let _ = fs::remove_file(&github_output);
        let status = std::process::Command::new("bash")
            .args(["-e", "-c", &script])
            .current_dir(repo.path())
            .env("PATH", &path)
            .env("OKR", env!("CARGO_BIN_EXE_okr"))
            .env("OKR_COMMAND", command)
            .env("OKR_PATH", ".")
            .env("OKR_ARGS", args)
            .env("OKR_OUTPUT", output)
            .env("GITHUB_OUTPUT", &github_output)
            .env_remove("GITHUB_STEP_SUMMARY")
            .status()
            .unwrap();
        (status.code(), fs::read_to_string(&github_output).unwrap_or_default())
    };
    let (code, outputs) = run("check", "--format json --as-of 2026-11-25", "report.json");
    assert_eq!(code, Some(0));
    assert_eq!(outputs, "exit-code=0\n");
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(repo.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(report["summary"]["errors"], 0);
    // A failing check fails the step and says so in the output.
    repo.edit("okrs/2026-Q4/platform.yaml", "    owner: alice\n", "    owner: zed\n");
    let (code, outputs) = run("check", "--as-of 2026-11-25", "");
    assert_eq!(code, Some(1));
    assert_eq!(outputs, "exit-code=1\n");
    // Commands whose arguments are revisions get the root as --root.
    let (code, outputs) = run("diff", "HEAD", "");
    assert_eq!(code, Some(2), "not a git repository: okr could not run");
    assert_eq!(outputs, "exit-code=2\n");
}

#[test]
fn the_gitlab_example_is_yaml_with_both_jobs() {
    let text = fs::read_to_string(manifest_dir().join("examples/workflows/gitlab-ci.yml")).unwrap();
    let parsed = okr::load::yaml::parse("gitlab-ci.yml", &text);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let ci = parsed.document.unwrap().value;
    assert_eq!(ci["variables"]["GIT_DEPTH"], "0");
    assert!(ci["okr"]["script"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s.as_str().unwrap().starts_with("okr check --base")));
    assert!(ci["pages"]["script"].as_array().unwrap().iter().any(|s| s == "okr build --out public"));
}

/// Item 9 of issue 22: `okr init DIR` inside a git repository writes the
/// workflow where GitHub runs it, the repository's top, with the OKR folder
/// as working directory and as the `paths:` filter, and says so.
#[test]
fn init_in_a_folder_of_a_repository_writes_the_workflow_at_its_top() {
    let repo = Repo::empty();
    crate::support::git(repo.path(), &["init", "-q"]);
    let root = repo.path().join("planning/okr");
    let init = okr().args(["init", root.to_str().unwrap(), "--as-of", "2026-11-27"]).output().unwrap();
    assert!(init.status.success(), "{}", stderr(&init));
    assert!(!root.join(".github").exists(), "GitHub never runs a workflow in a subfolder");
    let workflow = fs::read_to_string(repo.path().join(".github/workflows/okr.yml")).unwrap();
    assert!(workflow.contains("paths: [\"planning/okr/**\"]"), "{workflow}");
    assert!(workflow.contains("working-directory: planning/okr"), "{workflow}");
    assert!(workflow.contains("path: planning/okr/public"), "{workflow}");
    assert!(stderr(&init).contains("the workflows are at the repository's top"), "{}", stderr(&init));
    let weekly = fs::read_to_string(repo.path().join(".github/workflows/okr-weekly.yml")).unwrap();
    assert!(weekly.contains("working-directory: planning/okr"), "{weekly}");
    assert!(root.join("okr.yaml").is_file());
    // Run again: nothing is overwritten.
    let again = okr().args(["init", root.to_str().unwrap(), "--as-of", "2026-11-27"]).output().unwrap();
    assert!(stderr(&again).contains("0 of 7 files written"), "{}", stderr(&again));
}

/// Every workflow and action okr ships or writes pins each action by the
/// same commit, with its version in a comment; none uses a template
/// expression inside `run:` (zizmor's template injection) or a retired
/// codeql-action.
#[test]
fn shipped_workflows_pin_the_same_actions() {
    let dir = Repo::empty();
    assert!(okr().args(["init", dir.path().to_str().unwrap(), "-q"]).status().unwrap().success());
    let texts = [
        fs::read_to_string(dir.path().join(".github/workflows/okr.yml")).unwrap(),
        fs::read_to_string(manifest_dir().join("examples/workflows/pull-request.yml")).unwrap(),
        fs::read_to_string(manifest_dir().join("examples/workflows/publish.yml")).unwrap(),
        fs::read_to_string(manifest_dir().join("examples/workflows/weekly.yml")).unwrap(),
        fs::read_to_string(manifest_dir().join("examples/workflows/sync.yml")).unwrap(),
        fs::read_to_string(manifest_dir().join(".github/workflows/release.yml")).unwrap(),
        fs::read_to_string(manifest_dir().join("action.yml")).unwrap(),
    ];
    let mut pins: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    for text in &texts {
        for line in text.lines() {
            let Some(uses) = line.trim().trim_start_matches("- ").strip_prefix("uses: ") else { continue };
            if uses.starts_with("your-org/okr@") {
                continue;
            }
            let (action, rest) = uses.split_once('@').unwrap();
            let (commit, version) = rest.split_once(" # v").unwrap_or_else(|| panic!("no version: {line}"));
            assert!(commit.len() == 40 && commit.chars().all(|c| c.is_ascii_hexdigit()), "{line}");
            if let Some(earlier) = pins.insert(action.to_owned(), format!("{commit} v{version}")) {
                assert_eq!(earlier, format!("{commit} v{version}"), "{action} pinned twice differently");
            }
        }
        let mut in_run = false;
        for line in text.lines() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("run: |") {
                in_run = true;
                continue;
            }
            if in_run && (trimmed.starts_with("- ") || trimmed.ends_with(':')) && !trimmed.starts_with("if ")
            {
                in_run = false;
            }
            if trimmed.starts_with("run: ") || in_run {
                assert!(!line.contains("${{"), "an expression inside run: {line}");
            }
        }
    }
    assert!(pins.contains_key("actions/checkout") && pins.contains_key("github/codeql-action/upload-sarif"));
    assert!(pins["github/codeql-action/upload-sarif"].contains(" v4."), "codeql-action v3 is retired");
}

/// `okr init` in a folder with a `.gitignore` adds `public/` to it, once.
#[test]
fn init_adds_the_site_to_an_existing_gitignore() {
    let dir = Repo::empty();
    fs::write(dir.path().join(".gitignore"), "target/").unwrap();
    let init =
        || okr().args(["init", dir.path().to_str().unwrap(), "--as-of", "2026-11-27"]).output().unwrap();
    let first = init();
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stderr(&first).contains("added public/ to"), "{}", stderr(&first));
    let expected = "target/\n# The site `okr build` writes.\npublic/\n";
    assert_eq!(fs::read_to_string(dir.path().join(".gitignore")).unwrap(), expected);
    let second = init();
    assert!(!stderr(&second).contains("added public/"), "{}", stderr(&second));
    assert_eq!(fs::read_to_string(dir.path().join(".gitignore")).unwrap(), expected, "added once");
}

/// `okr man SUBCOMMAND`: a page per subcommand with its options, and on
/// every page EXIT STATUS and ENVIRONMENT; plain ASCII for groff (the arrow
/// as a glyph escape).
#[test]
fn every_subcommand_has_a_manual_page() {
    for command in ["check", "build", "status", "checkin", "diff", "codeowners"] {
        let output = okr().args(["man", command]).output().unwrap();
        assert!(output.status.success(), "{command}: {}", stderr(&output));
        let page = stdout(&output);
        assert!(page.contains(&format!(".TH okr-{command} 1")), "{page}");
        assert!(page.contains(&format!("\\fBokr {command}\\fR")), "synopsis: {page}");
        for section in
            [".SH OPTIONS", ".SH \"EXIT STATUS\"", ".SH ENVIRONMENT", "GITHUB_STEP_SUMMARY", "NO_COLOR"]
        {
            assert!(page.contains(section), "{command} lacks {section}");
        }
        assert!(page.is_ascii(), "{command}: not ASCII");
    }
    assert!(stdout(&okr().args(["man", "check"]).output().unwrap()).contains("\\-\\-changed\\-only"));
    let main = stdout(&okr().arg("man").output().unwrap());
    assert!(main.is_ascii() && main.contains("before \\[u2192] after"), "{main}");
    assert!(main.contains(".SH \"EXIT STATUS\"") && !main.contains("__complete"));
    let unknown = okr().args(["man", "chek"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("did you mean `check`?"), "{}", stderr(&unknown));
}

/// Fish: `$GITHUB_STEP_SUMMARY` stays literal in descriptions (fish expands
/// `$` in double quotes), and positional values are offered (clap-rs/clap#6295).
#[test]
fn fish_completions_keep_dollars_and_offer_positional_values() {
    let fish = stdout(&okr().args(["completions", "fish"]).output().unwrap());
    assert!(fish.contains("`\\$GITHUB_STEP_SUMMARY`"), "{fish}");
    assert!(!fish.contains(" `$GITHUB_STEP_SUMMARY`"), "an unescaped dollar");
    assert!(
        fish.contains("complete -c okr -n \"__fish_okr_using_subcommand schema\" -f -a \"'okr"),
        "{fish}"
    );
    assert!(
        fish.contains("complete -c okr -n \"__fish_okr_using_subcommand completions\" -f -a \"'bash'"),
        "{fish}"
    );
    assert!(fish.contains("(okr __complete key-results 2>/dev/null)"), "{fish}");
}

/// Bash completes key-result ids for `checkin` and `log`, rule names for
/// `rules`, and `RULE=LEVEL` after `--level`, asking `okr __complete` in
/// the current repository; zsh's script names the same functions.
#[test]
fn bash_and_zsh_complete_ids_and_rule_names() {
    let binary = std::path::Path::new(env!("CARGO_BIN_EXE_okr"));
    let path =
        format!("{}:{}", binary.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    let complete = |words: &str| -> Vec<String> {
        let script = format!(
            "source <(okr completions bash)\nCOMP_WORDS=({words})\nCOMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))\n_okr_dynamic okr \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n"
        );
        let output = std::process::Command::new("bash")
            .args(["-c", &script])
            .env("PATH", &path)
            .current_dir(manifest_dir().join("examples/acme"))
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output).lines().map(str::to_owned).collect()
    };
    assert_eq!(complete("okr checkin deploy"), ["deploy-success"]);
    assert_eq!(complete("okr log p1"), ["p1-incidents"]);
    assert_eq!(complete("okr rules unknown-ow"), ["unknown-owner"]);
    assert_eq!(complete("okr check --level stale-key-result=o"), ["stale-key-result=off"]);
    // Past the key result, clap's own completion: the options.
    assert!(complete("okr checkin deploy-success 98 --conf").contains(&"--confidence".to_owned()));

    let zsh = stdout(&okr().args(["completions", "zsh"]).output().unwrap());
    assert_eq!(zsh.matches(":_okr_dynamic_key_results'").count(), 2, "checkin and log");
    assert!(
        zsh.contains(":RULE=LEVEL:_okr_dynamic_levels'")
            && zsh.contains("`unknown-owner`:_okr_dynamic_rules'")
    );
}
