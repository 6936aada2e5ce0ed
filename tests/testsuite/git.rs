//! Git: `okr history`, `okr diff`, `okr log`, the trends page and the git-aware
//! rules, on temporary repositories with fixed dates and authors.

use std::collections::HashSet;
use std::fs;

use serde_json::Value;

use crate::support::{git, manifest_dir, stderr, stdout, Repo};

const PLATFORM: &str = "okrs/2026-Q4/platform.yaml";

/// examples/acme with a short history:
/// 1. 2026-10-02 Maria Keller: the Q4 OKRs as shipped;
/// 2. 2026-11-24 Bob Martens: a new deploy-success check-in;
/// 3. 2026-11-25 Alice Schmidt: deploy-success target 99.5 → 99;
/// 4. 2026-11-26 Alice Schmidt: a README (no OKR change).
fn acme_history() -> Repo {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    repo.git_init().commit("Q4 OKRs", "2026-10-02", "Maria Keller");
    repo.edit(
        PLATFORM,
        "          - { date: 2026-11-17, value: 97.2, confidence: 0.8 }\n",
        "          - { date: 2026-11-17, value: 97.2, confidence: 0.8 }\n          - { date: 2026-11-24, value: 98.1, confidence: 0.8, note: Canary rollout }\n",
    )
    .commit("Deploy check-in", "2026-11-24", "Bob Martens");
    repo.edit(PLATFORM, "target: 99.5", "target: 99").commit(
        "Lower the deploy target",
        "2026-11-25",
        "Alice Schmidt",
    );
    repo.write("README.md", "Our OKRs.\n").commit("Add a README", "2026-11-26", "Alice Schmidt");
    repo
}

fn ok(output: &std::process::Output) -> String {
    assert!(output.status.success(), "okr failed ({:?}):\n{}", output.status, stderr(output));
    stdout(output)
}

fn json(output: &std::process::Output) -> Value {
    serde_json::from_str(&ok(output)).unwrap_or_else(|e| panic!("not JSON: {e}\n{}", stdout(output)))
}

#[test]
fn history_rolls_up_every_commit_that_changes_okrs() {
    let repo = acme_history();
    let text = ok(&repo.okr(&["history"]));
    insta::assert_snapshot!("history-text", text);

    let history = json(&repo.okr(&["history", "--format", "json"]));
    let commits = history["commits"].as_array().unwrap();
    let subjects: Vec<&str> = commits.iter().map(|c| c["subject"].as_str().unwrap()).collect();
    assert_eq!(
        subjects,
        ["Q4 OKRs", "Deploy check-in", "Lower the deploy target"],
        "the README commit is no OKR change"
    );
    assert_eq!(commits[1]["author"], "Bob Martens");
    assert_eq!(commits[1]["time"], "2026-11-24T10:00:00+01:00");

    // Each commit is rolled up as of its own day: HEAD's numbers are the
    // export's of the work tree on that day.
    let export = json(&repo.okr(&["export", "--as-of", "2026-11-25"]));
    let q4 =
        |v: &Value| v["cycles"].as_array().unwrap().iter().find(|c| c["id"] == "2026-Q4").cloned().unwrap();
    let (last, exported) = (q4(&commits[2]), q4(&export));
    assert_eq!(last["progress"], exported["progress"]);
    for (team, exported_team) in
        last["teams"].as_array().unwrap().iter().zip(exported["teams"].as_array().unwrap())
    {
        assert_eq!(team["id"], exported_team["id"]);
        assert_eq!(team["unit_progress"], exported_team["unit_progress"]);
    }
    // On 2026-10-02 no Q4 check-in had happened yet.
    assert_eq!(q4(&commits[0])["progress"], 0.0);

    let csv = ok(&repo.okr(&["history", "--format", "csv"]));
    let header = csv.lines().next().unwrap();
    assert_eq!(
        header,
        "commit,date,author,subject,cycle,level,team,objective,key_result,progress,unit_progress,current"
    );
    let deploy_rows: Vec<&str> =
        csv.lines().filter(|l| l.contains(",key_result,platform,boring-deploys,deploy-success,")).collect();
    assert_eq!(deploy_rows.len(), 3, "one deploy-success row per commit for Q4");
    assert!(deploy_rows[2].ends_with(",98.1"), "latest value at HEAD: {}", deploy_rows[2]);

    let limited =
        json(&repo.okr(&["history", "--format", "json", "--since", "2026-11-01", "--max-commits", "1"]));
    let limited: Vec<&str> =
        limited["commits"].as_array().unwrap().iter().map(|c| c["subject"].as_str().unwrap()).collect();
    assert_eq!(limited, ["Lower the deploy target"]);
}

#[test]
fn history_parses_each_file_version_once() {
    use okr::git::history::{rollups, walk, Cache, WalkOptions};
    let repo = acme_history();
    let git_repo = okr::git::Repo::require(repo.path()).unwrap();
    let mut cache = Cache::default();
    let walked = walk(&git_repo, &mut cache, &WalkOptions::default()).unwrap();
    let mut seen = 0;
    rollups(
        &git_repo,
        repo.path(),
        &mut cache,
        &walked,
        |_| {
            seen += 1;
            Ok(())
        },
        &|_| {},
    )
    .unwrap();
    assert_eq!(seen, 3);
    // Distinct blobs of okr.yaml and the OKR files across all commits: the
    // 13 files of the first commit, plus the two new versions of platform.yaml.
    let distinct: HashSet<String> =
        git(repo.path(), &["log", "--format=", "--raw", "--no-abbrev", "--", "okr.yaml", "okrs"])
            .lines()
            .filter_map(|line| line.split_whitespace().nth(3).map(str::to_owned))
            .collect();
    assert_eq!(distinct.len(), 15);
    assert_eq!(cache.parsed, distinct.len(), "every blob parsed exactly once");
}

#[test]
fn diff_reports_every_kind_of_change() {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    repo.git_init().commit("Q4 OKRs", "2026-10-02", "Maria Keller");
    // okr.yaml: a cycle and a team added, a person's handle changed.
    repo.edit("okr.yaml", "    state: active\n", "    state: active\n  - id: 2027-Q1\n    start: 2027-01-01\n    end: 2027-03-31\n    state: planning\n")
        .edit("okr.yaml", "  - id: customer\n", "  - id: security\n    name: Security\n    parent: engineering\n  - id: customer\n")
        .edit("okr.yaml", "github: mkeller", "github: maria-k");
    // An objective retitled, its commitment and alignment changed; KR
    // start, target, unit, weight and owner changed; a check-in added.
    repo.edit(PLATFORM, "title: Deployments are boring", "title: Deploys are boring")
        .edit(PLATFORM, "    commitment: committed\n", "")
        .edit(PLATFORM, "aligned_to: [engineering/reliable-platform]", "aligned_to: []")
        .edit(PLATFORM, "start: 92", "start: 90")
        .edit(PLATFORM, "target: 99.5", "target: 99")
        .edit(PLATFORM, "weight: 2", "weight: 3")
        .edit(PLATFORM, "unit: h\n", "unit: hours\n")
        .edit(PLATFORM, "owner: dave\n        unit: min", "owner: bob\n        unit: min")
        .edit(
            PLATFORM,
            "          - { date: 2026-11-17, value: 97.2, confidence: 0.8 }\n",
            "          - { date: 2026-11-17, value: 97.2, confidence: 0.8 }\n          - { date: 2026-11-24, value: 98.1, confidence: 0.8 }\n",
        )
        // A KR removed and one added; a KPI bound changed and a check-in rewritten.
        .edit(PLATFORM, "      - id: flaky-tests\n        title: Builds failed by a flaky test\n        owner: bob\n        unit: \"%\"\n        start: 9\n        target: 1\n        checkins:\n          - { date: 2026-10-14, value: 8 }\n          - { date: 2026-11-18, value: 4.5, confidence: 0.6 }\n",
              "      - id: merge-queue\n        title: Merges wait less than 10 minutes in the queue\n        owner: dave\n        kind: milestone\n")
        .edit(PLATFORM, "at_most: 2\n", "at_most: 1\n")
        .edit(PLATFORM, "- { date: 2026-11-16, value: 1 }", "- { date: 2026-11-16, value: 2 }");
    // A whole file (a team's objectives) moved to another path: no change.
    fs::create_dir_all(repo.path().join("okrs/2026-Q4/eng")).unwrap();
    fs::rename(repo.path().join("okrs/2026-Q4/data.yaml"), repo.path().join("okrs/2026-Q4/eng/data.yaml"))
        .unwrap();
    // An objective removed.
    let growth = repo.path().join("okrs/2026-Q4/growth.yaml");
    let text = fs::read_to_string(&growth).unwrap();
    let second = text.match_indices("\n  - id: ").nth(1).map(|(i, _)| i).unwrap();
    let kpis = text.find("\nkpis:").unwrap_or(text.len());
    fs::write(&growth, format!("{}{}", &text[..second], &text[kpis..])).unwrap();

    let check = repo.okr(&["check", "--as-of", "2026-11-25"]);
    assert!(check.status.success(), "the edited repository is valid:\n{}", stdout(&check));

    let diff = json(&repo.okr(&["diff", "HEAD", "--format", "json", "--as-of", "2026-11-25"]));
    let kinds: HashSet<String> = diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let field = c["field"].as_str().map(|f| format!(":{f}")).unwrap_or_default();
            format!("{}:{}{field}", c["subject"].as_str().unwrap(), c["change"].as_str().unwrap())
        })
        .collect();
    for expected in [
        "cycle:added",
        "team:added",
        "person:changed:github",
        "objective:changed:title",
        "objective:changed:commitment",
        "objective:changed:aligned_to",
        "objective:removed",
        "key-result:changed:start",
        "key-result:changed:target",
        "key-result:changed:unit",
        "key-result:changed:weight",
        "key-result:changed:owner",
        "key-result:checkin",
        "key-result:added",
        "key-result:removed",
        "kpi:changed:at_most",
        "kpi:checkin-edited",
    ] {
        assert!(kinds.contains(expected), "no `{expected}` in {kinds:?}");
    }
    assert!(
        !diff["changes"].as_array().unwrap().iter().any(|c| c["team"] == "data"),
        "a moved file is no change"
    );
    let summary = &diff["summary"];
    assert_eq!(summary["checkins"], 1);
    assert_eq!(summary["config"], 3);
    // The rollup moves for the organisation and the teams above platform.
    let q4 = diff["rollup"].as_array().unwrap().iter().find(|c| c["cycle"] == "2026-Q4").unwrap();
    let teams: Vec<&str> =
        q4["teams"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert!(
        teams.contains(&"platform") && teams.contains(&"engineering") && teams.contains(&"growth"),
        "{teams:?}"
    );
    assert_ne!(q4["organisation"]["before"], q4["organisation"]["after"]);

    insta::assert_snapshot!(
        "diff-markdown",
        ok(&repo.okr(&["diff", "HEAD", "--format", "markdown", "--as-of", "2026-11-25"]))
    );
    insta::assert_snapshot!("diff-text", ok(&repo.okr(&["diff", "HEAD", "--as-of", "2026-11-25"])));
}

#[test]
fn diff_defaults_to_the_merge_base_with_main_and_the_work_tree() {
    let repo = acme_history();
    git(repo.path(), &["checkout", "-q", "-b", "feature"]);
    repo.edit(PLATFORM, "target: 99\n", "target: 98\n").commit("Lower it again", "2026-11-27", "Bob Martens");
    repo.edit(PLATFORM, "value: 98.1", "value: 98.3");
    let diff = json(&repo.okr(&["diff", "--format", "json", "--as-of", "2026-11-27"]));
    assert_eq!(diff["base"]["subject"], "Add a README", "base: where feature left main");
    assert_eq!(diff["head"]["work_tree"], true);
    let changes: Vec<String> = diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("{}:{}", c["change"], c["field"]))
        .collect();
    assert_eq!(changes, ["\"changed\":\"target\"", "\"checkin-edited\":null"]);
    // Two revisions.
    let between = json(&repo.okr(&["diff", "HEAD~4", "HEAD~3", "--format", "json", "--as-of", "2026-11-27"]));
    assert_eq!(between["head"]["subject"], "Deploy check-in");
    assert_eq!(between["summary"]["checkins"], 1);
    // A revision that does not exist is exit 2 with the revision named.
    let missing = repo.okr(&["diff", "no-such-branch"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("cannot find revision `no-such-branch`"), "{}", stderr(&missing));
}

#[test]
fn log_is_the_audit_trail_of_one_key_result() {
    let repo = acme_history();
    repo.edit(PLATFORM, "value: 98.1", "value: 98.3");
    insta::assert_snapshot!("log-deploy-success", ok(&repo.okr(&["log", "deploy-success"])));
    let log = json(&repo.okr(&["log", "platform/boring-deploys/deploy-success", "--format", "json"]));
    let entries = log["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 4, "created, check-in, target, uncommitted edit");
    assert_eq!(entries[2]["commit"]["author"], "Alice Schmidt");
    assert_eq!(entries[2]["changes"][0]["field"], "target");
    assert!(entries[3]["commit"].is_null(), "work tree changes come last, without a commit");
    let unknown = repo.okr(&["log", "no-such-kr"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("no key result `no-such-kr`"));
    let typo = repo.okr(&["log", "deploy-sucess"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(stderr(&typo).contains("did you mean `deploy-success`?"), "{}", stderr(&typo));
    // An id used in two cycles must be named fully.
    repo.edit("okrs/2026-Q3/platform.yaml", "id: alert-coverage", "id: deploy-success");
    let ambiguous = repo.okr(&["log", "deploy-success"]);
    assert_eq!(ambiguous.status.code(), Some(2));
    assert!(
        stderr(&ambiguous).contains("name one of: 2026-Q3/platform/observability/deploy-success, 2026-Q4/platform/boring-deploys/deploy-success"),
        "{}",
        stderr(&ambiguous)
    );
    assert!(repo.okr(&["log", "2026-Q4/platform/boring-deploys/deploy-success"]).status.success());
}

#[test]
fn log_follows_a_key_result_across_renamed_files_and_merges() {
    let repo = acme_history();
    git(repo.path(), &["mv", "okrs/2026-Q4/platform.yaml", "okrs/2026-Q4/platform-engineering.yaml"]);
    repo.commit("Rename the platform file", "2026-11-27", "Alice Schmidt");
    git(repo.path(), &["checkout", "-q", "-b", "side"]);
    repo.edit("okrs/2026-Q4/platform-engineering.yaml", "start: 92", "start: 91").commit(
        "Fix the baseline",
        "2026-11-28",
        "Bob Martens",
    );
    git(repo.path(), &["checkout", "-q", "main"]);
    crate::support::git_at(
        repo.path(),
        &["merge", "-q", "--no-ff", "-m", "Merge side", "side"],
        "2026-11-29T10:00:00+01:00",
        "Maria Keller",
        "maria@example.com",
    );

    let log = json(&repo.okr(&["log", "deploy-success", "--format", "json"]));
    let subjects: Vec<&str> =
        log["entries"].as_array().unwrap().iter().map(|e| e["commit"]["subject"].as_str().unwrap()).collect();
    // The rename changes nothing; the side branch's change is the commit
    // that made it, by its author, not the merge by whoever merged it.
    assert_eq!(subjects, ["Q4 OKRs", "Deploy check-in", "Lower the deploy target", "Fix the baseline"]);
    let last = log["entries"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["commit"]["author"], "Bob Martens", "not Maria Keller, who merged");
    assert_eq!(last["changes"][0]["field"], "start");
    let history = json(&repo.okr(&["history", "--format", "json"]));
    let subjects: Vec<&str> =
        history["commits"].as_array().unwrap().iter().map(|c| c["subject"].as_str().unwrap()).collect();
    assert_eq!(subjects.last(), Some(&"Merge side"));
    assert!(!subjects.contains(&"Fix the baseline"), "the rollup timeline keeps first parents: {subjects:?}");
}

#[test]
fn git_aware_rules_see_moved_goalposts_unit_changes_and_closed_cycles() {
    let repo = acme_history();
    repo.edit(PLATFORM, "unit: h\n", "unit: d\n")
        .edit("okrs/2026-Q3/platform.yaml", "        target: 100\n", "        target: 90\n")
        .edit(
            "okrs/2026-Q3/platform.yaml",
            "retro: Alert quality improved a lot;",
            "retro: Alert quality improved;",
        );
    let output = repo.okr(&["check", "--base", "HEAD~3", "--format", "json", "--as-of", "2026-11-27"]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    insta::assert_snapshot!("git-rules", crate::support::compact(&report));
    let rules = crate::support::rules_of(&report);
    for rule in ["closed-cycle-modified", "target-changed-mid-cycle", "unit-changed"] {
        assert!(rules.iter().any(|r| r == rule), "{rule} missing: {rules:?}");
    }
    // Without --base they are silent.
    let plain = repo.okr(&["check", "--format", "json", "--as-of", "2026-11-27"]);
    let plain: Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert!(!crate::support::rules_of(&plain)
        .iter()
        .any(|r| r.contains("changed") || r.contains("modified")));
}

#[test]
fn shallow_clones_say_what_is_missing_and_how_to_fetch_it() {
    let repo = acme_history();
    let clone = Repo::empty();
    let url = format!("file://{}", repo.path().display());
    git(clone.path(), &["clone", "-q", "--depth", "1", &url, "c"]);
    let root = clone.path().join("c");
    let run_in = |args: &[&str]| crate::support::okr().args(args).current_dir(&root).output().unwrap();

    let history = run_in(&["history"]);
    assert!(history.status.success(), "{}", stderr(&history));
    assert!(stderr(&history).contains("fetch-depth: 0"), "{}", stderr(&history));
    assert_eq!(stdout(&history).lines().count(), 1, "only the one commit present");

    let diff = run_in(&["diff", "HEAD~2"]);
    assert_eq!(diff.status.code(), Some(2));
    assert!(
        stderr(&diff).contains("shallow clone") && stderr(&diff).contains("fetch-depth: 0"),
        "{}",
        stderr(&diff)
    );
}

#[test]
fn outside_git_the_git_commands_say_so_and_everything_else_works() {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    for args in [&["history"][..], &["diff"], &["log", "deploy-success"], &["check", "--base", "main"]] {
        let output = repo.okr(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains("not in a git repository"), "{args:?}: {}", stderr(&output));
    }
    let out = Repo::empty();
    let site = out.path().join("site");
    let build = repo.okr(&["build", "--out", site.to_str().unwrap(), "--as-of", "2026-11-25"]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(!site.join("cycles/2026-Q4/trends.html").exists(), "no trends without git");
    let index = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(!index.contains("trends.html"));
}

#[test]
fn the_site_has_trends_from_git_and_stays_byte_identical() {
    let repo = acme_history();
    let out = Repo::empty();
    let build = |name: &str| {
        let site = out.path().join(name);
        let output = repo.okr(&["build", "--out", site.to_str().unwrap(), "--as-of", "2026-11-25"]);
        assert!(output.status.success(), "{}", stderr(&output));
        site
    };
    let (first, second) = (build("a"), build("b"));
    let trends = fs::read_to_string(first.join("cycles/2026-Q4/trends.html")).unwrap();
    assert!(trends.contains("from the git history"), "the page says where the data comes from");
    // Three OKR commits; two of them in Q4 after it began, one per day.
    assert_eq!(trends.matches("<tr><td>").count(), 3, "{trends}");
    // Each team's change in the cycle and in the last 7 days, not a first
    // value that is always 0 %.
    assert!(trends.contains(">Change in the cycle<") && trends.contains(">Last 7 days<"), "{trends}");
    let platform = &trends[trends.find("teams/platform.html").unwrap()..];
    let platform = &platform[..platform.find("</tr>").unwrap()];
    let changes = platform.matches("<td class=\"num\" data-label=").count();
    assert_eq!(changes, 3, "latest, change in the cycle, change in 7 days: {platform}");
    assert!(platform.contains("\">+") || platform.contains("\">−"), "{platform}");
    let head = git(repo.path(), &["rev-parse", "--short=7", "HEAD"]);
    assert!(
        fs::read_to_string(first.join("index.html")).unwrap().contains(head.trim()),
        "footer names the commit"
    );
    assert_eq!(crate::support::files(&first), crate::support::files(&second), "byte-identical builds");
}

#[test]
fn an_okr_root_in_a_subfolder_of_the_repository_has_its_own_history() {
    let repo = Repo::empty();
    crate::support::copy_dir(&manifest_dir().join("examples/acme"), &repo.path().join("planning/okr"));
    repo.write("src/main.rs", "fn main() {}\n");
    repo.git_init().commit("Code and OKRs", "2026-10-02", "Maria Keller");
    repo.write("src/main.rs", "fn main() { println!(); }\n").commit("Code only", "2026-10-03", "Bob Martens");
    repo.edit("planning/okr/okrs/2026-Q4/platform.yaml", "target: 99.5", "target: 99").commit(
        "Lower the deploy target",
        "2026-10-04",
        "Alice Schmidt",
    );
    let root = repo.path().join("planning/okr");
    let in_root = |args: &[&str]| crate::support::okr().args(args).current_dir(&root).output().unwrap();
    let history = json(&in_root(&["history", "--format", "json"]));
    let subjects: Vec<&str> =
        history["commits"].as_array().unwrap().iter().map(|c| c["subject"].as_str().unwrap()).collect();
    assert_eq!(subjects, ["Code and OKRs", "Lower the deploy target"]);
    // From the repository's top, with --root.
    let diff = json(&repo.okr(&[
        "diff",
        "HEAD~1",
        "HEAD",
        "--root",
        "planning/okr",
        "--format",
        "json",
        "--as-of",
        "2026-11-25",
    ]));
    assert_eq!(diff["changes"].as_array().unwrap().len(), 1);
    assert_eq!(diff["changes"][0]["field"], "target");
}

#[test]
fn broken_files_in_history_are_counted_and_left_out() {
    let repo = acme_history();
    // A file over the size limit and one that is not YAML at all, committed.
    repo.write(
        "okrs/2026-Q4/huge.yaml",
        format!("cycle: 2026-Q4\nteam: data\n# {}\n", "x".repeat(1_100_000)),
    );
    repo.write("okrs/2026-Q4/broken.yaml", "cycle: [unclosed\n");
    repo.write("okrs/2026-Q4/latin1.yaml", b"cycle: 2026-Q4\nteam: \xe9\n".as_slice());
    repo.commit("Broken files", "2026-11-27", "Bob Martens");
    let history = json(&repo.okr(&["history", "--format", "json"]));
    let last = history["commits"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["subject"], "Broken files");
    assert_eq!(last["errors"], 3, "one error per broken file");
    let text = ok(&repo.okr(&["history"]));
    assert!(text.lines().last().unwrap().contains("(3 files with errors left out)"), "{text}");
    // The diff names them and says so.
    let diff = repo.okr(&["diff", "HEAD~1", "HEAD", "--as-of", "2026-11-27"]);
    assert!(diff.status.success());
    assert!(
        stderr(&diff).contains("has 3 errors; files that cannot be read count as unchanged"),
        "{}",
        stderr(&diff)
    );
    assert!(stdout(&diff).contains("3 files could not be read"), "{}", stdout(&diff));
}

#[test]
fn trends_reusing_the_checked_work_tree_are_the_trends_from_git_alone() {
    use okr::check::{self, CheckOptions};
    use okr::git::history::trends_reusing;
    let repo = acme_history();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let trends_json = |reuse: bool| {
        let report = check::run(repo.path(), &CheckOptions { as_of, ..Default::default() }).unwrap();
        let workspace = report.workspace.unwrap();
        let computed = if reuse {
            trends_reusing(repo.path(), Some(&workspace))
        } else {
            trends_reusing(repo.path(), None)
        };
        serde_json::to_string(&computed.unwrap().unwrap()).unwrap()
    };
    let from_git = trends_json(false);
    assert!(from_git.contains("deploy"), "{from_git}");
    assert_eq!(trends_json(true), from_git);
    // A work-tree edit not yet committed changes nothing in the history.
    repo.edit(PLATFORM, "target: 99\n", "target: 98\n");
    assert_eq!(trends_json(true), from_git);
}

/// A history that cannot be read (here the tree of HEAD is missing
/// from .git) costs the trends pages and the links to them, nothing else:
/// the site is the one `--no-history` builds.
#[test]
fn an_unreadable_history_gives_the_site_without_trends() {
    let repo = acme_history();
    let old = git(repo.path(), &["rev-parse", "HEAD^{tree}"]);
    let old = old.trim();
    fs::remove_file(repo.path().join(".git/objects").join(&old[..2]).join(&old[2..])).unwrap();
    let out = Repo::empty();
    let build = |name: &str, extra: &[&str]| {
        let site = out.path().join(name);
        let mut args = vec!["build", "--out", site.to_str().unwrap(), "--as-of", "2026-11-25"];
        args.extend_from_slice(extra);
        let output = repo.okr(&args);
        assert!(output.status.success(), "{}", stderr(&output));
        (site, stderr(&output))
    };
    let (broken, said) = build("broken", &[]);
    assert!(said.contains("warning: no trends page: cannot read the git history"), "{said}");
    let (plain, _) = build("plain", &["--no-history"]);
    assert!(!broken.join("cycles/2026-Q4/trends.html").exists());
    assert!(!fs::read_to_string(broken.join("index.html")).unwrap().contains("trends.html"));
    assert_eq!(crate::support::files(&broken), crate::support::files(&plain));
}

/// `acme_history` with a `feature` branch off it that lowers the deploy target
/// once more (2026-11-27, Bob Martens), while main moves on: Carol Jung
/// raises the lead-time target and adds a check-in (2026-11-28).
fn diverged() -> Repo {
    let repo = acme_history();
    git(repo.path(), &["checkout", "-q", "-b", "feature"]);
    repo.edit(PLATFORM, "target: 99\n", "target: 98\n").commit("Lower it again", "2026-11-27", "Bob Martens");
    git(repo.path(), &["checkout", "-q", "main"]);
    repo.edit(PLATFORM, "target: 4\n", "target: 3\n").commit("Tighten lead time", "2026-11-28", "Carol Jung");
    git(repo.path(), &["checkout", "-q", "feature"]);
    repo
}

/// The messages of `target-changed-mid-cycle` from `okr check --base BASE`.
fn goalpost_moves(repo: &Repo, base: &str, as_of: &str) -> Vec<String> {
    let check = repo.okr(&["check", "--base", base, "--format", "json", "--as-of", as_of]);
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "target-changed-mid-cycle")
        .map(|d| d["message"].as_str().unwrap().to_owned())
        .collect()
}

fn change_list(diff: &Value) -> Vec<String> {
    diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("{} {} {}", c["change"].as_str().unwrap(), c["key_result"], c["field"]))
        .collect()
}

/// Item 1 of issue 22: a base that is not an ancestor of HEAD is compared
/// from the merge base, for `okr diff BASE`, `BASE...HEAD`, `BASE..HEAD` and
/// `okr check --base`.
#[test]
fn a_diverged_main_is_compared_from_where_the_branch_left_it() {
    let repo = diverged();
    let own = ["changed \"deploy-success\" \"target\""];
    for args in [
        &["diff", "main", "--format", "json"][..],
        &["diff", "main", "HEAD", "--format", "json"],
        &["diff", "main...HEAD", "--format", "json"],
        &["diff", "main..HEAD", "--format", "json"],
        &["diff", "main...", "--format", "json"],
    ] {
        let args = [args, &["--as-of", "2026-11-28"]].concat();
        let diff = json(&repo.okr(&args));
        assert_eq!(change_list(&diff), own, "{args:?}: only the branch's own change");
        assert_eq!(diff["base"]["subject"], "Add a README", "{args:?}: the merge base");
        // A clean work tree, as in CI, is named by its commit.
        assert_eq!(diff["head"]["subject"], "Lower it again", "{args:?}");
    }
    let moved = goalpost_moves(&repo, "main", "2026-11-28");
    assert_eq!(moved.len(), 1, "Carol's change on main is not this branch's: {moved:?}");
    assert!(moved[0].contains("from 99 to 98"), "{moved:?}");
    // An ancestor stays the base: HEAD~1 is where the branch began.
    let diff = json(&repo.okr(&["diff", "HEAD~1", "--format", "json", "--as-of", "2026-11-28"]));
    assert_eq!(change_list(&diff), own);
}

/// Main merged into the branch (to resolve a conflict or catch up): the
/// merge brings main's changes, which are not the branch's; the merge base
/// is then main's tip, and the branch's own commits are found across the
/// merge.
#[test]
fn main_merged_into_the_branch_is_not_the_branchs_change() {
    let repo = diverged();
    crate::support::git_at(
        repo.path(),
        &["merge", "-q", "--no-ff", "-m", "Merge main into feature", "main"],
        "2026-11-29T10:00:00+01:00",
        "Bob Martens",
        "bob@example.com",
    );
    repo.edit(PLATFORM, "start: 92", "start: 91").commit("Fix the baseline", "2026-11-30", "Bob Martens");
    let diff = json(&repo.okr(&["diff", "main", "--format", "json", "--as-of", "2026-11-30"]));
    assert_eq!(
        change_list(&diff),
        ["changed \"deploy-success\" \"start\"", "changed \"deploy-success\" \"target\""],
        "the branch's two changes, not Carol's lead-time target"
    );
    // Main moves on again after the merge: still only the branch's changes.
    git(repo.path(), &["checkout", "-q", "main"]);
    repo.write("NOTES.md", "x\n").commit("Notes", "2026-11-30", "Carol Jung");
    git(repo.path(), &["checkout", "-q", "feature"]);
    let moved = goalpost_moves(&repo, "main", "2026-11-30");
    assert_eq!(moved.len(), 2, "the branch's two goalpost moves, each in its own commit: {moved:?}");
    assert!(moved.iter().all(|m| !m.contains("from 4 to 3")), "not main's: {moved:?}");
    assert!(moved.iter().any(|m| m.contains("start of `deploy-success` changed from 92 to 91")), "{moved:?}");
}

/// Item 2 of issue 22: in a partial clone (`--filter=blob:none`) the file
/// versions of older commits are missing; every command that needs them
/// exits 2 with the fix instead of reporting wrong changes.
#[test]
fn partial_clones_say_what_is_missing_and_how_to_fetch_it() {
    let repo = acme_history();
    git(repo.path(), &["config", "uploadpack.allowFilter", "true"]);
    let clone = Repo::empty();
    let url = format!("file://{}", repo.path().display());
    git(clone.path(), &["clone", "-q", "--filter=blob:none", &url, "c"]);
    let root = clone.path().join("c");
    let run_in = |args: &[&str]| crate::support::okr().args(args).current_dir(&root).output().unwrap();
    for args in [
        &["diff", "HEAD~2", "--format", "json"][..],
        &["check", "--base", "HEAD~2"],
        &["history"],
        &["log", "deploy-success"],
    ] {
        let output = run_in(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}\n{}", stderr(&output), stdout(&output));
        let said = stderr(&output);
        assert!(said.contains("partial clone") && said.contains("--no-filter"), "{args:?}: {said}");
        assert!(said.contains("okrs/2026-Q4/platform.yaml"), "{args:?} names the file: {said}");
    }
    // What HEAD holds is checked out, so the work tree's check works, and
    // the site is built without its trends page, saying why.
    assert!(run_in(&["check", "--as-of", "2026-11-25"]).status.success());
    let site = clone.path().join("site");
    let build = run_in(&["build", "--out", site.to_str().unwrap(), "--as-of", "2026-11-25"]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(
        stderr(&build).contains("no trends page") && stderr(&build).contains("partial clone"),
        "{}",
        stderr(&build)
    );
    // After fetching what is missing, the diff works.
    git(&root, &["fetch", "-q", "--refetch", "--no-filter", "origin"]);
    let diff = json(&run_in(&["diff", "HEAD~2", "--format", "json", "--as-of", "2026-11-26"]));
    assert_eq!(diff["summary"]["checkins"], 0);
}

/// Item 4 of issue 22: a file the branch broke (a YAML error) is named with
/// its first error and counts as unchanged: no "2 objectives removed", no
/// team dropping to no progress.
#[test]
fn a_broken_file_is_named_and_not_reported_as_removed() {
    let repo = acme_history();
    git(repo.path(), &["checkout", "-q", "-b", "broken"]);
    repo.edit(PLATFORM, "target: 99\n", "target: [99\n");
    repo.edit("okrs/2026-Q4/growth.yaml", "owner: ", "owner: [").commit("Oops", "2026-11-27", "Bob Martens");
    let diff = json(&repo.okr(&["diff", "main", "HEAD", "--format", "json", "--as-of", "2026-11-27"]));
    assert_eq!(diff["changes"].as_array().unwrap().len(), 0, "nothing removed: {:#}", diff["changes"]);
    assert!(diff["rollup"].as_array().unwrap().is_empty(), "no progress moved: {:#}", diff["rollup"]);
    let unreadable = diff["unreadable"].as_array().unwrap();
    let paths: Vec<&str> = unreadable.iter().map(|u| u["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["okrs/2026-Q4/growth.yaml", PLATFORM]);
    assert!(unreadable.iter().all(|u| u["side"] == "head" && u["line"].as_u64().unwrap() > 1));
    let markdown = ok(&repo.okr(&["diff", "main", "HEAD", "--format", "markdown", "--as-of", "2026-11-27"]));
    assert!(
        markdown.contains("> [!WARNING]\n> 2 files could not be read; they count as unchanged"),
        "{markdown}"
    );
    assert!(markdown.contains("> - okrs/2026-Q4/platform.yaml:"), "{markdown}");
    assert!(!markdown.contains("removed"), "{markdown}");
    let text = ok(&repo.okr(&["diff", "main", "HEAD", "--as-of", "2026-11-27"]));
    assert!(text.contains("  okrs/2026-Q4/growth.yaml:"), "{text}");
    // Fixed again on the branch: the branch's real change shows.
    repo.edit(PLATFORM, "target: [99\n", "target: 98\n");
    let diff = json(&repo.okr(&["diff", "main", "--format", "json", "--as-of", "2026-11-27"]));
    assert_eq!(change_list(&diff), ["changed \"deploy-success\" \"target\""]);
    assert_eq!(diff["unreadable"].as_array().unwrap().len(), 1, "growth.yaml is still broken");
}

/// Item 5 of issue 22: an import of 500 key results stays under GitHub's
/// 65,536-character comment limit, says how many changes it left out, and
/// gives every change with `--max-chars 0`.
#[test]
fn a_500_key_result_branch_keeps_the_comment_under_githubs_limit() {
    let repo = acme_history();
    git(repo.path(), &["checkout", "-q", "-b", "import"]);
    let mut file = String::from("cycle: 2026-Q4\nteam: growth\nobjectives:\n");
    for o in 0..50 {
        file.push_str(&format!(
            "  - id: imported-{o}\n    title: Imported objective number {o} with a long and descriptive title\n    owner: omar\n    key_results:\n"
        ));
        for k in 0..10 {
            file.push_str(&format!(
                "      - {{ id: kr-{o}-{k}, title: Imported key result {k} of objective {o} with a title as long as real ones get, owner: nina, unit: \"%\", start: 10, target: 40 }}\n"
            ));
        }
    }
    repo.write("okrs/2026-Q4/import.yaml", file).commit("Import", "2026-11-27", "Omar Haddad");
    let comment = ok(&repo.okr(&["diff", "main", "--format", "markdown", "--as-of", "2026-11-27"]));
    let chars = comment.chars().count();
    assert!(chars <= 60_000, "{chars} characters");
    assert!(comment.contains("**50 objectives added, 500 key results added**"), "{}", &comment[..300]);
    let listed = comment.lines().filter(|l| l.starts_with("- ")).count();
    assert!(listed > 100 && listed < 550, "{listed} changes listed");
    assert!(comment.contains(&format!("<summary>{listed} of 550 changes</summary>")), "the summary says so");
    assert!(comment.contains(&format!("*{} more changes are left out", 550 - listed)), "and the note");
    let full =
        ok(&repo.okr(&["diff", "main", "--format", "markdown", "--max-chars", "0", "--as-of", "2026-11-27"]));
    assert!(full.chars().count() > 65_536, "the full diff is longer than a comment may be");
    assert_eq!(full.lines().filter(|l| l.starts_with("- ")).count(), 550);
    assert!(full.contains("<summary>All 550 changes</summary>"));
}

/// Item 6 of issue 22: a second check-in on the same day is new, not a
/// rewrite; two new check-ins each give the value they replace; a new key
/// result says what it is and shows its back-dated "done"; changes come in
/// the table's order (teams in the tree, key results as the file lists
/// them), and the summary counts every key result touched.
#[test]
fn check_in_details_read_as_the_week_happened() {
    let repo = acme_history();
    git(repo.path(), &["checkout", "-q", "-b", "week"]);
    // Deploy success: a second check-in on 2026-11-24, then one on 11-26.
    repo.edit(
        PLATFORM,
        "          - { date: 2026-11-24, value: 98.1, confidence: 0.8, note: Canary rollout }\n",
        "          - { date: 2026-11-24, value: 98.1, confidence: 0.8, note: Canary rollout }\n          - { date: 2026-11-24, value: 98.4, confidence: 0.8, note: Afternoon fix }\n          - { date: 2026-11-26, value: 98.6 }\n",
    );
    // A new milestone after `runbook`, already done on 2026-11-20.
    repo.edit(
        PLATFORM,
        "  - id: fast-feedback\n",
        "      - { id: zz-rollback-drill, title: Rollback drill held, owner: bob, kind: milestone, checkins: [{ date: 2026-11-20, done: true }] }\n  - id: fast-feedback\n",
    );
    // A check-in in Growth, which comes before Engineering in the tree.
    repo.edit(
        "okrs/2026-Q4/growth.yaml",
        "          - { date: 2026-11-18, value: 29, confidence: 0.5 }\n",
        "          - { date: 2026-11-18, value: 29, confidence: 0.5 }\n          - { date: 2026-11-25, value: 31, confidence: 0.5 }\n",
    );
    repo.commit("The week", "2026-11-26", "Bob Martens");
    let diff = json(&repo.okr(&["diff", "main", "--format", "json", "--as-of", "2026-11-26"]));
    let changes = diff["changes"].as_array().unwrap();
    let line = |c: &Value| {
        format!(
            "{} {} {} {}",
            c["key_result"].as_str().unwrap_or("-"),
            c["change"].as_str().unwrap(),
            c["date"].as_str().unwrap_or("-"),
            c["previous"]
        )
    };
    let lines: Vec<String> = changes.iter().map(line).collect();
    assert_eq!(
        lines,
        [
            "first-session-activation checkin 2026-11-25 29.0",
            "deploy-success checkin 2026-11-24 98.1",
            "deploy-success checkin 2026-11-26 98.4",
            "zz-rollback-drill added - null",
            "zz-rollback-drill checkin 2026-11-20 null",
        ],
        "Growth before Platform (tree order); zz- after runbook (file order); no rewrite"
    );
    assert_eq!(changes[3]["details"]["kind"], "milestone");
    assert_eq!(changes[4]["done"], true, "the back-dated done is shown");
    assert_eq!(diff["summary"]["key_results_changed"], 2, "both key results with new check-ins");
    assert_eq!(diff["summary"]["checkins"], 3, "the new key result's check-in comes with it");
    assert_eq!(diff["summary"]["key_results_added"], 1);
    // No rollup row whose numbers and status stayed.
    for cycle in diff["rollup"].as_array().unwrap() {
        for team in cycle["teams"].as_array().unwrap() {
            assert!(
                team["before"] != team["after"] || team["status_before"] != team["status_after"],
                "{team}"
            );
        }
    }
    let text = ok(&repo.okr(&["diff", "main", "--as-of", "2026-11-26"]));
    assert!(text.contains("added “Rollback drill held” (owner bob): milestone"), "{text}");
    assert!(!text.contains("rewritten"), "{text}");
    // okr log agrees: two check-ins on 2026-11-24, none rewritten.
    let log = ok(&repo.okr(&["log", "deploy-success"]));
    assert!(log.contains("check-in 2026-11-24: 98.1 → 98.4"), "{log}");
    assert!(!log.contains("rewritten"), "{log}");
}

/// Item 3 of issue 22: renaming a key result while lowering its target, or
/// moving one to another objective while changing its unit, is one key
/// result renamed, and the goalpost rules see what else changed; an
/// objective renamed with its key results is a rename; `okr log` follows.
#[test]
fn renames_and_moves_keep_their_history_and_their_goalposts() {
    let repo = acme_history();
    git(repo.path(), &["checkout", "-q", "-b", "renames"]);
    // deploy-success → deploy-rate, target 99 → 97 (its check-ins tell).
    repo.edit(PLATFORM, "      - id: deploy-success\n", "      - id: deploy-rate\n").edit(
        PLATFORM,
        "target: 99\n",
        "target: 97\n",
    );
    // lead-time moves from boring-deploys to fast-feedback, unit h → hours.
    let text = fs::read_to_string(repo.path().join(PLATFORM)).unwrap();
    let start = text.find("      - id: lead-time\n").unwrap();
    let end = text.find("      - id: runbook\n").unwrap();
    let block = text[start..end].replace("unit: h\n", "unit: hours\n");
    let text = format!("{}{}", &text[..start], &text[end..]);
    let text = text.replacen(
        "    key_results:\n      - id: ci-p90\n",
        &format!("    key_results:\n{block}      - id: ci-p90\n"),
        1,
    );
    // fast-feedback → quick-feedback (same title and owner).
    let text = text.replacen("  - id: fast-feedback\n", "  - id: quick-feedback\n", 1);
    fs::write(repo.path().join(PLATFORM), text).unwrap();
    repo.commit("Rename, move and retarget", "2026-11-27", "Bob Martens");

    let diff = json(&repo.okr(&["diff", "main", "--format", "json", "--as-of", "2026-11-27"]));
    let summary = &diff["summary"];
    assert_eq!(summary["key_results_added"], 0, "{:#}", diff["changes"]);
    assert_eq!(summary["key_results_removed"], 0);
    assert_eq!(summary["objectives_added"], 0);
    let lines: Vec<String> = diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let from = &c["from"];
            let from = if from.is_null() {
                String::new()
            } else {
                format!(" from {}/{}", from["objective"], from["key_result"])
            };
            format!(
                "{} {} {}{from}",
                c["key_result"].as_str().or(c["objective"].as_str()).unwrap(),
                c["change"].as_str().unwrap(),
                c["field"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            "deploy-rate renamed  from \"boring-deploys\"/\"deploy-success\"",
            "deploy-rate changed target",
            "quick-feedback renamed  from \"fast-feedback\"/null",
            "lead-time renamed  from \"boring-deploys\"/\"lead-time\"",
            "lead-time changed unit",
        ],
    );
    let text = ok(&repo.okr(&["diff", "main", "--as-of", "2026-11-27"]));
    assert!(
        text.contains("Key result deploy-rate (objective boring-deploys): renamed from deploy-success"),
        "{text}"
    );
    assert!(text.contains("moved from platform/boring-deploys/lead-time"), "{text}");
    // The goalpost rules judge across the rename.
    let check = repo.okr(&["check", "--base", "main", "--format", "json", "--as-of", "2026-11-27"]);
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    let found: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "target-changed-mid-cycle" || d["rule"] == "unit-changed")
        .map(|d| format!("{}: {}", d["rule"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert!(
        found.iter().any(|f| f.starts_with("target-changed-mid-cycle") && f.contains("from 99 to 97")),
        "{found:?}"
    );
    assert!(found.iter().any(|f| f.starts_with("unit-changed")), "{found:?}");
    // okr log follows the rename back to the first commit.
    let log = json(&repo.okr(&["log", "deploy-rate", "--format", "json"]));
    let subjects: Vec<&str> =
        log["entries"].as_array().unwrap().iter().map(|e| e["commit"]["subject"].as_str().unwrap()).collect();
    assert_eq!(
        subjects,
        ["Q4 OKRs", "Deploy check-in", "Lower the deploy target", "Rename, move and retarget"]
    );
    let last = &log["entries"][3]["changes"];
    assert_eq!(last[0]["change"], "renamed");
    assert_eq!(last[1]["field"], "target");
}

/// Item 8 of issue 22: the comment carries the git-aware findings, naming
/// the pull request's own commits even on GitHub's synthetic merge commit
/// (HEAD merges the branch into the base's tip).
#[test]
fn the_comment_carries_the_git_aware_findings_of_the_branchs_own_commits() {
    let repo = diverged();
    let own = git(repo.path(), &["rev-parse", "--short=7", "HEAD"]).trim().to_owned();
    let base = git(repo.path(), &["rev-parse", "main"]).trim().to_owned();
    // What actions/checkout gives a pull request: the merge into the base.
    git(repo.path(), &["checkout", "-q", "--detach", "main"]);
    crate::support::git_at(
        repo.path(),
        &["merge", "-q", "--no-ff", "-m", "Merge feature into main", "feature"],
        "2026-11-29T10:00:00+01:00",
        "GitHub",
        "noreply@github.com",
    );
    let merge = git(repo.path(), &["rev-parse", "--short=7", "HEAD"]).trim().to_owned();
    let comment = ok(&repo.okr(&["diff", &base, "--format", "markdown", "--as-of", "2026-11-29"]));
    assert!(comment.contains("**1 finding of the git-aware rules**"), "{comment}");
    assert!(comment.contains("`target-changed-mid-cycle` okrs/2026-Q4/platform.yaml:"), "{comment}");
    assert!(
        comment.contains(&format!("from 99 to 98 in {own} on 2026-11-27")),
        "the branch's commit: {comment}"
    );
    let findings: String = comment.lines().filter(|l| l.contains("target-changed-mid-cycle")).collect();
    assert!(!findings.contains(&merge), "never the synthetic merge commit: {findings}");
    let text = ok(&repo.okr(&["diff", &base, "--as-of", "2026-11-29"]));
    assert!(text.contains("1 finding of the git-aware rules"), "{text}");
    // Between two other revisions there is no work tree to check: no findings.
    let old = ok(&repo.okr(&["diff", "HEAD~2", "HEAD~1", "--format", "markdown", "--as-of", "2026-11-29"]));
    assert!(!old.contains("git-aware"), "{old}");
}

/// The comment as GitHub renders it (pulldown-cmark with GitHub's
/// extensions): the warning alert, the progress table, the findings list and
/// the collapsed details, and nothing of the files' text as a link or tag.
#[test]
fn the_comment_renders_as_github_flavoured_markdown() {
    use pulldown_cmark::{html, Options, Parser};
    let repo = diverged();
    repo.edit("okrs/2026-Q4/growth.yaml", "owner: ", "owner: [");
    repo.edit(
        PLATFORM,
        "title: Deploy success rate",
        "title: Deploy <script>alert(1)</script> https://evil.example/?a=1&b=2 @everyone",
    );
    let comment = ok(&repo.okr(&["diff", "main", "--format", "markdown", "--as-of", "2026-11-28"]));
    let mut rendered = String::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_GFM | Options::ENABLE_STRIKETHROUGH;
    html::push_html(&mut rendered, Parser::new_ext(&comment, options));
    assert!(rendered.starts_with("<!-- okr diff -->"), "the marker is a comment: {rendered}");
    assert!(rendered.contains("<blockquote class=\"markdown-alert-warning\">"), "{rendered}");
    assert!(rendered.contains("<table>") && rendered.contains("<td>Platform Engineering</td>"), "{rendered}");
    assert!(rendered.contains("<strong>1 finding of the git-aware rules</strong>"), "{rendered}");
    assert!(rendered.contains("<details>"), "{rendered}");
    assert!(!rendered.contains("<script"), "{rendered}");
    assert!(!rendered.contains("<a "), "no link from the files' text: {rendered}");
    assert!(rendered.contains("a=1&amp;b=2"), "an ampersand is escaped once: {rendered}");
    assert!(!rendered.contains("&amp;amp;"), "{rendered}");
}

/// Item 7 of issue 22: a check-in made on a branch is attributed to the
/// commit and author that made it, on the site too, not to whoever merged
/// the branch; the rollup timeline keeps first parents.
#[test]
fn a_check_in_made_on_a_merged_branch_is_its_authors() {
    let repo = acme_history();
    git(repo.path(), &["checkout", "-q", "-b", "checkin"]);
    repo.edit(
        PLATFORM,
        "          - { date: 2026-11-24, value: 98.1, confidence: 0.8, note: Canary rollout }\n",
        "          - { date: 2026-11-24, value: 98.1, confidence: 0.8, note: Canary rollout }\n          - { date: 2026-11-27, value: 98.7, note: Branch check-in }\n",
    )
    .commit("Deploy check-in on a branch", "2026-11-27", "Nina Schulz");
    git(repo.path(), &["checkout", "-q", "main"]);
    crate::support::git_at(
        repo.path(),
        &["merge", "-q", "--no-ff", "-m", "Merge checkin", "checkin"],
        "2026-11-28T10:00:00+01:00",
        "Maria Keller",
        "maria@example.com",
    );
    let branch_commit = git(repo.path(), &["rev-parse", "--short=7", "checkin"]).trim().to_owned();
    let log = json(&repo.okr(&["log", "deploy-success", "--format", "json"]));
    let last = log["entries"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["commit"]["author"], "Nina Schulz");
    assert_eq!(last["commit"]["subject"], "Deploy check-in on a branch");
    let out = Repo::empty();
    let site = out.path().join("site");
    let build = repo.okr(&["build", "--out", site.to_str().unwrap(), "--as-of", "2026-11-28"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let page =
        fs::read_to_string(site.join("cycles/2026-Q4/objectives/platform--boring-deploys.html")).unwrap();
    let row = &page[page.find("<td data-label=\"Note\">Branch check-in</td>").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains(&branch_commit) && row.contains("Nina Schulz"), "{row}");
    assert!(!row.contains("Maria Keller"), "{row}");
}

/// Moving a milestone's due date mid-cycle is a goalpost move too: the diff
/// shows it and `target-changed-mid-cycle` flags it.
#[test]
fn a_moved_due_date_is_a_moved_goalpost() {
    let repo = acme_history();
    repo.edit(PLATFORM, "        kind: milestone\n", "        kind: milestone\n        due: 2026-12-15\n");
    let diff = json(&repo.okr(&["diff", "HEAD", "--format", "json", "--as-of", "2026-11-27"]));
    assert_eq!(change_list(&diff), ["changed \"runbook\" \"due\""]);
    assert_eq!(diff["changes"][0]["after"], "2026-12-15");
    let moved = goalpost_moves(&repo, "HEAD", "2026-11-27");
    assert_eq!(moved, ["due of `runbook` changed from none to 2026-12-15 in the work tree, after 2026-Q4 began on 2026-10-01"]);
}

/// A key result a schema error leaves unread is not compared with the
/// base as removed: the git-aware rules see the file as it was at HEAD
/// until it reads again, and only the schema error is reported.
#[test]
fn an_unread_key_result_is_not_a_removal() {
    let repo = acme_history();
    repo.edit("okrs/2026-Q3/platform.yaml", "        start: 22\n", "        start: twenty-two\n");
    let check = repo.okr(&["check", "--base", "HEAD", "--format", "json", "--as-of", "2026-11-27"]);
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    let found: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] != "missed-commitment")
        .map(|d| format!("{} {}:{}", d["rule"].as_str().unwrap(), d["file"].as_str().unwrap(), d["line"]))
        .collect();
    assert_eq!(found, ["schema okrs/2026-Q3/platform.yaml:25"]);
}

/// `--changed-only` keeps the warnings of the files changed since the base
/// (committed on the branch or not) and every error: a pull request is not
/// shown other teams' stale key results, but cannot leave the repository
/// broken.
#[test]
fn changed_only_reports_warnings_of_changed_files_and_every_error() {
    let repo = acme_history();
    git(repo.path(), &["checkout", "-q", "-b", "feature"]);
    repo.edit(PLATFORM, "target: 99\n", "target: 99.9\n").commit("Raise it", "2026-12-01", "Bob Martens");
    repo.edit("okrs/2026-Q4/growth.yaml", "owner: nina", "owner: ninaa");
    let files_of = |extra: &[&str]| -> Vec<(String, String)> {
        let mut args = vec!["check", "--base", "main", "--format", "json", "--as-of", "2026-12-20"];
        args.extend_from_slice(extra);
        let report: Value = serde_json::from_slice(&repo.okr(&args).stdout).unwrap();
        let mut found: Vec<(String, String)> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["severity"].as_str().unwrap().to_owned(), d["file"].as_str().unwrap().to_owned()))
            .collect();
        found.dedup();
        found
    };
    let all = files_of(&[]);
    assert!(all.iter().any(|(s, f)| s == "warning" && f == "okrs/2026-Q4/customer.yaml"), "{all:?}");
    let changed = files_of(&["--changed-only"]);
    let warned: std::collections::BTreeSet<&str> =
        changed.iter().filter(|(s, _)| s == "warning").map(|(_, f)| f.as_str()).collect();
    assert_eq!(warned, [PLATFORM, "okrs/2026-Q4/growth.yaml"].into(), "{changed:?}");
    assert!(changed.contains(&("error".to_owned(), "okrs/2026-Q4/growth.yaml".to_owned())), "{changed:?}");

    let without_base = repo.okr(&["check", "--changed-only"]);
    assert_eq!(without_base.status.code(), Some(2));
    assert!(stderr(&without_base).contains("--base"), "{}", stderr(&without_base));
}
