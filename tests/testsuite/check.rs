//! `okr check`: exit codes, formats, root discovery, planted faults.

use crate::support::{compact, manifest_dir, okr, rules_of, run, stderr, stdout, Repo, ACME_AS_OF, AS_OF};

fn acme() -> std::path::PathBuf {
    manifest_dir().join("examples/acme")
}

/// The example's only findings: two committed objectives of the closed
/// quarter that were missed (their retros say why).
const ACME_SUMMARY: &str = "checked 13 files: 0 errors, 2 warnings\n";

#[test]
fn example_passes_with_its_two_missed_commitments() {
    let output = run(&["check", acme().to_str().unwrap(), "--as-of", ACME_AS_OF]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(text.ends_with(ACME_SUMMARY), "{text}");
    assert_eq!(text.matches("warning[missed-commitment]").count(), 2, "{text}");
}

/// `--deny warnings` says why it fails when there are only warnings.
#[test]
fn deny_warnings_says_why_it_fails() {
    let output = run(&["check", acme().to_str().unwrap(), "--as-of", ACME_AS_OF, "--deny", "warnings"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).ends_with(ACME_SUMMARY));
    assert!(
        stderr(&output).contains(
            "error: 2 warnings and --deny warnings treats warnings as errors, so the check fails (exit 1)"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn example_passes_today() {
    // Today's date may make key results stale (warnings), never an error.
    let output = run(&["check", acme().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

/// Replaces `from` by `to` in `file` and returns the 1-based line and column
/// of the replacement.
fn plant(repo: &Repo, file: &str, from: &str, to: &str) -> (usize, usize) {
    let path = repo.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find(from).unwrap_or_else(|| panic!("`{from}` not in {file}"));
    let line = text[..at].matches('\n').count() + 1;
    let column = at - text[..at].rfind('\n').map_or(0, |nl| nl + 1) + 1;
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    (line, column)
}

#[test]
fn planted_faults_are_reported_at_their_file_line_and_column() {
    let repo = Repo::copy_of(&acme());
    let owner = plant(
        &repo,
        "okrs/2026-Q4/platform.yaml",
        "owner: carol\n        unit: h",
        "owner: karol\n        unit: h",
    );
    let typo = plant(&repo, "okrs/2026-Q4/data.yaml", "target: 45", "tagret: 45");
    let date = plant(&repo, "okrs/2026-Q4/mobile.yaml", "2026-11-10", "2026-11-31");
    let align =
        plant(&repo, "okrs/2026-Q4/growth.yaml", "product/self-serve-onboarding", "product/self-serve");
    let future = plant(&repo, "okrs/2026-Q4/customer.yaml", "2026-11-16, value: 75", "2026-12-16, value: 75");
    let (code, json) = repo.check_json_at(ACME_AS_OF, &[]);
    assert_eq!(code, 1);
    let expected = [
        ("okrs/2026-Q4/customer.yaml", future, "checkin-in-future"),
        ("okrs/2026-Q4/data.yaml", typo, "schema"),
        ("okrs/2026-Q4/growth.yaml", align, "unknown-alignment"),
        ("okrs/2026-Q4/mobile.yaml", date, "schema"),
    ];
    let found: Vec<(String, (usize, usize), String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let number = |key: &str| usize::try_from(d[key].as_u64().unwrap()).unwrap();
            let at = (number("line"), number("column"));
            (d["file"].as_str().unwrap().to_owned(), at, d["rule"].as_str().unwrap().to_owned())
        })
        .collect();
    for (file, at, rule) in expected {
        assert!(
            found.iter().any(|f| f.0 == file && f.1 == at && f.2 == rule),
            "{rule} at {file}:{at:?} in\n{}",
            compact(&json)
        );
    }
    // The owner is a value: its column is after `owner: `.
    let owner_at = (owner.0, owner.1 + "owner: ".len());
    assert!(found
        .iter()
        .any(|f| f.0 == "okrs/2026-Q4/platform.yaml" && f.1 == owner_at && f.2 == "unknown-owner"));
    assert_eq!(json["summary"]["errors"], 5, "{}", compact(&json));
    assert_eq!(json["version"], 1);

    // The human format names the same places.
    let output = run(&["check", repo.path().to_str().unwrap(), "--as-of", ACME_AS_OF, "--color", "never"]);
    assert_eq!(output.status.code(), Some(1));
    let human = stdout(&output);
    assert!(
        human.contains(&format!("--> okrs/2026-Q4/platform.yaml:{}:{}", owner_at.0, owner_at.1)),
        "{human}"
    );
    assert!(human.contains(&format!("--> okrs/2026-Q4/data.yaml:{}:{}", typo.0, typo.1)), "{human}");
    assert!(human.contains("help: did you mean `target`?"));
    // Moving a check-in into the future leaves `proactive-notice` stale: one
    // warning besides the example's two missed commitments.
    assert_eq!(json["summary"]["warnings"], 3, "{}", compact(&json));
    assert!(human.ends_with("checked 13 files: 5 errors, 3 warnings\n"), "{human}");
}

#[test]
fn human_format_snapshot() {
    let repo = Repo::copy_of(&manifest_dir().join("tests/fixtures/rules/unknown-owner"));
    let output = run(&["check", repo.path().to_str().unwrap(), "--as-of", AS_OF, "--color", "never"]);
    insta::assert_snapshot!("human-unknown-owner", stdout(&output));
}

#[test]
fn color_follows_the_flag() {
    let repo = Repo::copy_of(&manifest_dir().join("tests/fixtures/rules/unknown-owner"));
    let root = repo.path().to_str().unwrap();
    let always = stdout(&run(&["check", root, "--as-of", AS_OF, "--color", "always"]));
    assert!(always.contains("\u{1b}["), "colour codes expected");
    let auto = stdout(&run(&["check", root, "--as-of", AS_OF]));
    assert!(!auto.contains("\u{1b}["), "no colour when stdout is not a terminal");
}

#[test]
fn quiet_drops_the_summary() {
    let output = run(&["check", acme().to_str().unwrap(), "--as-of", ACME_AS_OF, "-q"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.contains("warning[missed-commitment]") && !text.contains("checked 13 files"), "{text}");
    let clean = Repo::copy_of(&manifest_dir().join("tests/fixtures/rules/unknown-cycle"));
    std::fs::remove_dir_all(clean.path().join("okrs")).unwrap();
    let output = run(&["check", clean.path().to_str().unwrap(), "-q"]);
    assert_eq!((output.status.code(), stdout(&output)), (Some(0), String::new()));
}

#[test]
fn missing_root_exits_2_with_a_clear_message() {
    let output = run(&["check", "/definitely/not/here"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("/definitely/not/here does not exist"), "{}", stderr(&output));

    let empty = Repo::empty();
    let output = run(&["check", empty.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no okr.yaml in"), "{}", stderr(&output));

    let output = run(&["check", "--root", empty.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("has no okr.yaml"));
}

#[test]
fn root_is_found_from_a_folder_inside_it_and_from_the_current_folder() {
    let inside = acme().join("okrs/2026-Q4");
    let output = run(&["check", inside.to_str().unwrap(), "--as-of", ACME_AS_OF]);
    assert_eq!(output.status.code(), Some(0));
    let output = okr().current_dir(&inside).args(["check", "--as-of", ACME_AS_OF]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).ends_with(ACME_SUMMARY));
    let output = run(&["check", "--root", acme().to_str().unwrap(), "--as-of", ACME_AS_OF]);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn unusable_config_exits_2_and_says_why() {
    let repo = Repo::empty();
    repo.write("okr.yaml", "organization: Typo GmbH\ncycles: []\nteams: []\n");
    let (code, json) = repo.check_json(&[]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("unusable-config", compact(&json));
}

#[test]
fn config_errors_that_leave_it_usable_exit_1_and_files_are_still_checked() {
    let repo = Repo::copy_of(&manifest_dir().join("tests/fixtures/rules/unknown-owner"));
    let config = std::fs::read_to_string(repo.path().join("okr.yaml")).unwrap();
    repo.write("okr.yaml", format!("{config}rules:\n  stale-key-reslt: off\n"));
    let (code, json) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let rules = rules_of(&json);
    assert!(
        rules.contains(&"schema".to_owned()) && rules.contains(&"unknown-owner".to_owned()),
        "{}",
        compact(&json)
    );
    assert!(compact(&json).contains("did you mean `stale-key-result`?"));
}

#[test]
fn a_broken_file_does_not_cascade_into_its_references() {
    let repo = Repo::with_base_config();
    repo.write(
        "okrs/2026-Q4/company.yaml",
        "cycle: 2026-Q4\nteam: company\nobjectives:\n  - id: trust\n    title: [unclosed\n",
    );
    repo.write(
        "okrs/2026-Q4/platform.yaml",
        "cycle: 2026-Q4\nteam: platform\nobjectives:\n  - id: a\n    title: A\n    owner: bob\n    aligned_to: [company/trust]\n",
    );
    let (code, json) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let rules = rules_of(&json);
    assert!(rules.contains(&"yaml-syntax".to_owned()));
    assert!(!rules.contains(&"unknown-alignment".to_owned()), "{}", compact(&json));
}

#[test]
fn output_is_deterministic_across_thread_counts() {
    let repo = Repo::copy_of(&acme());
    plant(&repo, "okrs/2026-Q4/data.yaml", "target: 45", "tagret: 45");
    plant(&repo, "okrs/2026-Q3/mobile.yaml", "owner: tom", "owner: tim");
    let root = repo.path().to_str().unwrap();
    let outputs: Vec<Vec<u8>> = ["1", "2", "8"]
        .iter()
        .map(|threads| {
            okr()
                .env("RAYON_NUM_THREADS", threads)
                .args(["check", root, "--as-of", ACME_AS_OF])
                .output()
                .unwrap()
                .stdout
        })
        .collect();
    assert!(outputs.windows(2).all(|w| w[0] == w[1]));
    assert!(!outputs[0].is_empty());
}

#[test]
fn bad_arguments_exit_2() {
    assert_eq!(run(&["check", "--as-of", "2026-13-01"]).status.code(), Some(2));
    assert_eq!(run(&["check", "--format", "xml"]).status.code(), Some(2));
    assert_eq!(run(&["check", "--level", "nonsense"]).status.code(), Some(2));
}

/// `strategy` names strategic objectives in `aligned_to`: no team may use it.
#[test]
fn the_team_id_strategy_is_reserved() {
    let repo = Repo::with_base_config();
    repo.edit("okr.yaml", "  - { id: platform, name: Platform, parent: company, lead: bob }\n", "  - { id: platform, name: Platform, parent: company, lead: bob }\n  - { id: strategy, name: Strategy office }\n");
    let (code, json) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let finding = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("reserved"))
        .unwrap();
    assert_eq!((finding["file"].as_str(), finding["line"].as_u64()), (Some("okr.yaml"), Some(9)));
    assert!(finding["help"].as_str().unwrap().contains("another id"));
}

/// When okr cannot run (exit 2), `--format json` still prints JSON: the
/// version and the reason.
#[test]
fn json_says_why_okr_could_not_run() {
    let nowhere = Repo::empty();
    let output = okr().args(["check", "--format", "json"]).current_dir(nowhere.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["version"], 1);
    assert!(report["error"].as_str().unwrap().starts_with("no okr.yaml in"), "{report}");
    assert_eq!(report["diagnostics"], serde_json::json!([]));
    assert!(stderr(&output).starts_with("error: no okr.yaml"), "{}", stderr(&output));
}

/// `okr check FILE…` checks the whole repository (references into other
/// files resolve) and reports, and exits on, the named files only: for
/// editors and pre-commit hooks.
#[test]
fn named_files_are_the_only_ones_reported() {
    let repo = Repo::copy_of(&acme());
    repo.edit("okrs/2026-Q4/platform.yaml", "    owner: alice\n", "    owner: zed\n");
    let growth = repo.path().join("okrs/2026-Q4/growth.yaml");
    let clean = run(&["check", growth.to_str().unwrap(), "--as-of", ACME_AS_OF]);
    assert_eq!(clean.status.code(), Some(0), "growth.yaml is fine: {}", stdout(&clean));
    assert_eq!(stdout(&clean), "checked 1 file: no problems\n");
    let platform = repo.path().join("okrs/2026-Q4/platform.yaml");
    let broken = run(&["check", platform.to_str().unwrap(), growth.to_str().unwrap(), "--as-of", ACME_AS_OF]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(stdout(&broken).contains("owner `zed` is not in okr.yaml people"), "{}", stdout(&broken));
    assert!(stdout(&broken).ends_with("checked 2 files: 1 error, 0 warnings\n"), "{}", stdout(&broken));
    // A file outside the repository is refused.
    let outside = Repo::empty();
    std::fs::write(outside.path().join("x.yaml"), "cycle: 2026-Q4\n").unwrap();
    let refused =
        run(&["check", platform.to_str().unwrap(), outside.path().join("x.yaml").to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("is not inside the OKR repository"), "{}", stderr(&refused));
}

/// Whole numbers written as `14.0` (valid JSON Schema integers) are taken
/// in okr.yaml; `14.5` is a schema error at its place, not a serde message.
#[test]
fn integral_floats_are_whole_numbers_in_okr_yaml() {
    let repo = Repo::copy_of(&acme());
    repo.edit("okr.yaml", "days: 14 }", "days: 14.0 }").edit(
        "okr.yaml",
        "  grace_days: 14\n",
        "  grace_days: 14.0\n",
    );
    let output = run(&["check", repo.path().to_str().unwrap(), "--as-of", ACME_AS_OF]);
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    assert!(stdout(&output).ends_with(ACME_SUMMARY));
    repo.edit("okr.yaml", "days: 14.0 }", "days: 14.5 }");
    let output = run(&["check", repo.path().to_str().unwrap(), "--as-of", ACME_AS_OF]);
    assert_eq!(output.status.code(), Some(2));
    let text = stdout(&output);
    assert!(
        text.contains("error[schema]: expected an integer, found `14.5`") && text.contains("okr.yaml:89:"),
        "{text}"
    );
    assert!(!text.contains("untagged") && !text.contains("did not match"), "{text}");
}

/// A newcomer's typical mistakes each get a sentence about their file and a
/// help that shows the fix (issue 23, "Messages").
#[test]
fn typical_mistakes_get_messages_that_show_the_fix() {
    let repo = Repo::copy_of(&acme());
    let file = "okrs/2026-Q4/growth.yaml";
    repo.edit(file, "        weight: 2\n", "        weight: 0\n")
        .edit(
            file,
            "- { date: 2026-11-04, value: 27, confidence: 0.5 }",
            "- { date: 2026-11-31, value: 27, confidence: 60 }",
        )
        .edit(
            file,
            "- { date: 2026-11-18, value: 29, confidence: 0.5 }",
            "- { date: 2026-11-18, value: 29,5, confidence: 0.5 }",
        )
        .edit(file, "- { date: 2026-11-04, value: 38 }", "- { date: 2026-11-04, value: \"38%\" }")
        .edit(
            file,
            "    aligned_to: [product/self-serve-onboarding]",
            "    aligned_to: product/self-serve-onboarding",
        );
    let output = run(&["check", repo.path().to_str().unwrap(), "--as-of", ACME_AS_OF]);
    let text = stdout(&output);
    assert_messages_with_help(
        &text,
        &[
            ("`weight` is `0`; it must be more than 0", "give it a weight such as 1"),
            (
                "`2026-11-31` is not a real calendar date",
                "November 2026 has 30 days: 2026-11-31 does not exist",
            ),
            ("`confidence` is `60`; it is a likelihood from 0.0 to 1.0", "write 0.6 for 60 %"),
            (
                "`5` looks like the decimals of the number before it, after a decimal comma",
                "(`29.5`, not `29,5`)",
            ),
            ("expected a number, found `38%`", "write the number alone, `38`"),
            (
                "expected a list, found `product/self-serve-onboarding`",
                "write a list, even of one: `[product/self-serve-onboarding]`",
            ),
        ],
    );
    assert!(!text.contains("less than or equal to the minimum"), "{text}");
}

/// The diagnostics of `okr check --format json` on `repo`, as
/// `rule file:line message` lines.
fn findings(repo: &Repo) -> Vec<String> {
    let (_, json) = repo.check_json_at(ACME_AS_OF, &[]);
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] != "missed-commitment")
        .map(|d| {
            let (rule, file, line, message) = (&d["rule"], &d["file"], &d["line"], &d["message"]);
            format!(
                "{} {}:{line} {}",
                rule.as_str().unwrap(),
                file.as_str().unwrap(),
                message.as_str().unwrap()
            )
        })
        .collect()
}

/// Issue 23, "All errors at once": a schema error in one key result leaves
/// the rest of its file in the model, so its other mistakes and the
/// references into it are reported in the same run.
#[test]
fn a_schema_error_hides_nothing_else() {
    let repo = Repo::copy_of(&acme());
    let platform = "okrs/2026-Q4/platform.yaml";
    repo.edit(platform, "        weight: 2\n", "        weight: hoch\n")
        .edit(
            platform,
            "    owner: alice\n    commitment: committed\n",
            "    owner: alicia\n    commitment: committed\n",
        )
        .edit(
            "okrs/2026-Q4/data.yaml",
            "    aligned_to: [product/offline-first]",
            "    aligned_to: [platform/boring-deploy]",
        );
    assert_eq!(
        findings(&repo),
        [
            "unknown-alignment okrs/2026-Q4/data.yaml:40 `platform/boring-deploy`: team `platform` has no objective `boring-deploy` in cycle 2026-Q4",
            "unknown-owner okrs/2026-Q4/platform.yaml:10 owner `alicia` is not in okr.yaml people",
            "schema okrs/2026-Q4/platform.yaml:21 expected a number, found `hoch`",
        ]
    );
}

/// What follows from a part left unread is not reported: an objective
/// that lost a key result has an unknown number of them, an objective left
/// out is still there for those aligned to it, and the rest of the team's
/// objectives are still checked.
#[test]
fn what_follows_from_an_unread_part_is_not_reported() {
    let repo = Repo::copy_of(&acme());
    let platform = "okrs/2026-Q4/platform.yaml";
    // fast-feedback keeps 1 of its 2 key results; boring-deploys is left out.
    repo.edit(platform, "        start: 9\n        target: 1\n", "        start: nine\n        target: 1\n")
        .edit(
            platform,
            "    owner: alice\n    commitment: committed\n",
            "    owner: [alice]\n    commitment: committed\n",
        )
        .edit(
            "okrs/2026-Q4/data.yaml",
            "    aligned_to: [product/offline-first]",
            "    aligned_to: [platform/boring-deploys, platform/fast-feedbak]",
        );
    assert_eq!(
        findings(&repo),
        [
            "unknown-alignment okrs/2026-Q4/data.yaml:40 `platform/fast-feedbak`: team `platform` has no objective `fast-feedbak` in cycle 2026-Q4",
            "schema okrs/2026-Q4/platform.yaml:10 expected a string, found a list",
            "schema okrs/2026-Q4/platform.yaml:68 expected a number, found `nine`",
        ]
    );
    // Its own rules still see what was read: a KPI owned by nobody known.
    repo.edit(platform, "    owner: dave\n    at_most: 2\n", "    owner: dav\n    at_most: 2\n");
    let found = findings(&repo);
    assert!(
        found.contains(
            &"unknown-owner okrs/2026-Q4/platform.yaml:76 owner `dav` is not in okr.yaml people".to_owned()
        ),
        "{found:?}"
    );
}

/// One mistake, one finding: an unknown `kind` is reported with its
/// did-you-mean and not with what the metric branch would require; a
/// misspelt `cycle` is an unknown cycle, not also a misplaced file and
/// alignments into nowhere; a cycle id okr.yaml's schema refuses is not
/// also every file's unknown cycle.
#[test]
fn one_mistake_is_one_finding() {
    let repo = Repo::copy_of(&acme());
    repo.edit("okrs/2026-Q4/platform.yaml", "        kind: milestone\n", "        kind: milestones\n").edit(
        "okrs/2026-Q4/mobile.yaml",
        "cycle: 2026-Q4\n",
        "cycle: 2026-q4\n",
    );
    assert_eq!(
        findings(&repo),
        [
            "unknown-cycle okrs/2026-Q4/mobile.yaml:2 cycle `2026-q4` is not in okr.yaml cycles",
            "schema okrs/2026-Q4/platform.yaml:40 `milestones` is not one of: metric, milestone, threshold",
        ]
    );
    let text = stdout(&repo.okr(&["check", "--as-of", ACME_AS_OF]));
    assert!(text.contains("did you mean `2026-Q4`?") && text.contains("did you mean `milestone`?"), "{text}");

    let repo = Repo::copy_of(&acme());
    repo.edit("okr.yaml", "  - id: 2026-Q4\n", "  - id: 2026 Q4\n");
    assert_eq!(findings(&repo), ["schema okr.yaml:29 `2026 Q4` is not a valid cycle id"]);
}

/// Validator texts (`does not match "^…$"`, `is not a "email"`) are never
/// shown: each pattern and format has a sentence and a fix.
#[test]
fn patterns_and_formats_read_as_sentences() {
    let repo = Repo::copy_of(&acme());
    repo.edit("okr.yaml", "github: mkeller }", "github: \"@mkeller\", email: maria.example.com }")
        .edit("okr.yaml", "  repository: https://github.com/acme/okrs", "  repository: github.com/acme/okrs")
        .edit("okrs/2026-Q4/company.yaml", "cycle: 2026-Q4\n", "cycle: 2026 Q4\n");
    let text = stdout(&repo.okr(&["check", "--as-of", ACME_AS_OF]));
    assert_messages_with_help(
        &text,
        &[
            ("`@mkeller` is not a GitHub user name", "write the name alone, without `@`"),
            ("`maria.example.com` is not an email address", "e.g. `alice@example.com`"),
            ("`2026 Q4` is not a valid cycle id", "without spaces, e.g. `2026-Q4`"),
            (
                "`github.com/acme/okrs` is not the web address of a repository",
                "e.g. `https://github.com/acme/okrs`",
            ),
        ],
    );
    assert!(!text.contains("does not match") && !text.contains("is not a \""), "{text}");
    // The file in a cycle okr.yaml does not know costs nothing else.
    assert!(text.ends_with("checked 13 files: 4 errors, 2 warnings\n"), "{text}");
}

/// A tab is reported where it is (the parser places it at the end of the
/// line before), and a line indented unlike its neighbours says so.
#[test]
fn tabs_and_indentation_are_named() {
    let repo = Repo::copy_of(&acme());
    let platform = "okrs/2026-Q4/platform.yaml";
    repo.edit(platform, "        contributors: [carol]\n", "\tcontributors: [carol]\n");
    let text = stdout(&repo.okr(&["check", "--as-of", ACME_AS_OF]));
    assert!(
        text.contains("a tab here: YAML indents with spaces only\n  --> okrs/2026-Q4/platform.yaml:17:1"),
        "{text}"
    );
    assert!(text.contains("help: replace the tab with spaces"), "{text}");

    let repo = Repo::copy_of(&acme());
    repo.edit(
        platform,
        "        owner: bob\n        contributors",
        "        owner: bob\n          contributors",
    );
    let text = stdout(&repo.okr(&["check", "--as-of", ACME_AS_OF]));
    assert!(text.contains("a `key:` where none can be: this line is indented further"), "{text}");
    assert!(text.contains("help: line the key up with the keys above it"), "{text}");

    let repo = Repo::copy_of(&acme());
    repo.edit(
        "okrs/2026-Q4/data.yaml",
        "      - id: metric-definitions\n",
        "        - id: metric-definitions\n",
    );
    let text = stdout(&repo.okr(&["check", "--as-of", ACME_AS_OF]));
    assert!(text.contains("this line is indented unlike the lines around it"), "{text}");
    assert!(!text.contains("invalid YAML"), "{text}");
}

/// The underline of a key result ends with its last line, not on the line
/// of the next one.
#[test]
fn underlines_end_with_the_item() {
    let repo = Repo::copy_of(&acme());
    repo.edit(
        "okrs/2026-Q4/platform.yaml",
        "        unit: \"%\"\n        start: 92\n",
        "        start: 92\n",
    );
    let text = stdout(&repo.okr(&["check", "--as-of", ACME_AS_OF]));
    let at = text.find("missing-baseline").unwrap_or_else(|| panic!("{text}"));
    let finding = &text[at..text[at..].find("= help").map_or(text.len(), |n| at + n)];
    assert!(finding.contains("25 | |           - { date: 2026-11-17, value: 97.2"), "{finding}");
    assert!(!finding.contains("26 |"), "{finding}");
}

/// The stale help names a key result `okr checkin` takes: its id alone when
/// that is unique in the active cycle, else its full address, which works.
#[test]
fn the_stale_help_names_a_key_result_that_checkin_takes() {
    let repo = Repo::copy_of(&acme());
    repo.edit("okrs/2026-Q4/growth.yaml", "      - id: cost-per-trial\n", "      - id: deploy-success\n");
    let text = stdout(&repo.okr(&["check", "--as-of", "2026-12-10"]));
    let full = "2026-Q4/growth/efficient-acquisition/deploy-success";
    assert!(text.contains(&format!("help: record progress weekly: `okr checkin {full} VALUE`")), "{text}");
    assert!(text.contains("`okr checkin organic-share VALUE`"), "{text}");
    let dry = repo.okr(&["checkin", full, "5", "--date", "2026-11-30", "--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    let short = repo.okr(&["checkin", "deploy-success", "5", "--date", "2026-11-30", "--dry-run"]);
    assert_eq!(short.status.code(), Some(1), "the short id is ambiguous");
}

/// Each `(message, help)`: the message is in `text`, and its finding (up to
/// the next `error[`) has the help.
fn assert_messages_with_help(text: &str, expected: &[(&str, &str)]) {
    for (message, help) in expected {
        let at = text.find(message).unwrap_or_else(|| panic!("no `{message}` in:\n{text}"));
        let rest = &text[at..];
        let next = rest[1..].find("error[").map_or(rest.len(), |n| n + 1);
        assert!(rest[..next].contains(help), "`{message}` has no help `{help}`:\n{}", &rest[..next]);
    }
}
