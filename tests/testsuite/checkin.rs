//! `okr checkin`: in-place edits that keep every byte they do not add.

use std::fs;

use serde_json::Value;

use crate::support::{files, manifest_dir, okr, stderr, stdout, Repo};

const DATE: &str = "2026-11-25";

fn checkin(repo: &Repo, args: &[&str]) -> std::process::Output {
    okr().arg("checkin").args(args).args(["--root", repo.path().to_str().unwrap()]).output().unwrap()
}

/// Whether `new` is `old` with one run of lines inserted and nothing else.
fn only_lines_added(old: &str, new: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) =
        (old.split_inclusive('\n').collect(), new.split_inclusive('\n').collect());
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..].iter().rev().zip(b[head..].iter().rev()).take_while(|(x, y)| x == y).count();
    head + tail == a.len() && b.len() > a.len()
}

#[test]
fn every_key_result_of_acme_takes_a_check_in_as_added_lines_only() {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    let report = okr::check::run(repo.path(), &okr::check::CheckOptions::default()).unwrap();
    let workspace = report.workspace.unwrap();
    let mut expected: Vec<(String, Option<f64>)> = Vec::new();
    let mut refused = 0;
    for (n, file) in workspace.files.iter().enumerate() {
        for kr in file.key_results() {
            let address =
                format!("{}/{}/{}/{}", file.data.cycle, file.data.team, kr.objective.id, kr.key_result.id);
            let path = repo.path().join(&file.path);
            let before = fs::read_to_string(&path).unwrap();
            let value = format!("{}", 40.0 + n as f64 + 0.5);
            let args: Vec<&str> = match kr.key_result.kind {
                okr::model::KrKind::Milestone => vec![&address, "--done", "--date", DATE],
                _ => vec![&address, &value, "--confidence", "0.7", "--date", DATE],
            };
            let output = checkin(&repo, &args);
            if file.data.cycle == "2026-Q3" {
                assert_eq!(output.status.code(), Some(1), "{address}: closed cycle");
                assert_eq!(fs::read_to_string(&path).unwrap(), before, "{address}: untouched");
                refused += 1;
                continue;
            }
            assert!(output.status.success(), "{address}: {}", stderr(&output));
            let after = fs::read_to_string(&path).unwrap();
            assert!(only_lines_added(&before, &after), "{address}: not only added lines:\n{after}");
            let parsed =
                value.parse::<f64>().ok().filter(|_| kr.key_result.kind != okr::model::KrKind::Milestone);
            expected.push((address, parsed));
        }
    }
    assert_eq!(refused, 11, "the key results of the closed Q3");
    assert_eq!(expected.len(), 46 - 11);
    let check = okr().args(["check", repo.path().to_str().unwrap(), "--as-of", DATE]).output().unwrap();
    assert!(check.status.success(), "{}", stdout(&check));
    let export: Value = serde_json::from_slice(
        &okr().args(["export", repo.path().to_str().unwrap(), "--as-of", DATE]).output().unwrap().stdout,
    )
    .unwrap();
    for (address, value) in expected {
        let parts: Vec<&str> = address.split('/').collect();
        let cycle = export["cycles"].as_array().unwrap().iter().find(|c| c["id"] == parts[0]).unwrap();
        let team = cycle["teams"].as_array().unwrap().iter().find(|t| t["id"] == parts[1]).unwrap();
        let objective = team["objectives"].as_array().unwrap().iter().find(|o| o["id"] == parts[2]).unwrap();
        let kr = objective["key_results"].as_array().unwrap().iter().find(|k| k["id"] == parts[3]).unwrap();
        match value {
            Some(value) => {
                assert_eq!(kr["current"].as_f64(), Some(value), "{address}");
                assert_eq!(kr["confidence"].as_f64(), Some(0.7), "{address}");
            }
            None => assert_eq!(kr["progress"], 1.0, "{address}: done"),
        }
    }
}

#[test]
fn every_layout_keeps_its_style_comments_crlf_and_bom() {
    let repo = Repo::copy_of(&manifest_dir().join("tests/fixtures/checkin"));
    let path = repo.path().join("okrs/2026-Q4/platform.yaml");
    for kr in ["flow-items", "block-items", "no-checkins", "empty-checkins", "flow-list"] {
        let output = checkin(&repo, &[kr, "5", "--date", DATE, "--note", "week 48: on plan"]);
        assert!(output.status.success(), "{kr}: {}", stderr(&output));
    }
    let output = checkin(&repo, &["b/milestone", "--done", "--date", DATE]);
    assert!(output.status.success(), "{}", stderr(&output));
    let bytes = fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "the byte-order mark stays");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count(), "every line ends in CRLF");
    insta::assert_snapshot!("checkin-layouts", text.replace("\r\n", "\n"));
    let check = okr().args(["check", repo.path().to_str().unwrap(), "--as-of", DATE]).output().unwrap();
    assert!(check.status.success(), "{}", stdout(&check));
}

#[test]
fn refusals_leave_every_file_byte_identical() {
    let repo = Repo::copy_of(&manifest_dir().join("tests/fixtures/checkin"));
    // The same id in the closed Q3.
    repo.write(
        "okrs/2026-Q3/platform.yaml",
        "cycle: 2026-Q3\nteam: platform\nobjectives:\n  - id: a\n    title: Objective a\n    owner: bob\n    key_results:\n      - id: flow-items\n        title: Share of flow items\n        owner: bob\n        unit: \"%\"\n        start: 0\n        target: 10\n        checkins: [{ date: 2026-09-01, value: 4 }]\n      - id: other\n        title: Share of others\n        owner: bob\n        unit: \"%\"\n        start: 0\n        target: 10\n",
    );
    let before = files(repo.path());
    let cases: [(&[&str], &str); 8] = [
        (&["nope", "1"], "no key result `nope`"),
        (&["flow-itemz", "1"], "did you mean 2026-Q3/platform/a/flow-items, 2026-Q4/platform/a/flow-items?"),
        (&["2026-Q3/platform/a/flow-items", "1"], "which is closed"),
        (&["2026-Q4/platform/a/flow-items", "lots"], "`lots` is not a number"),
        (&["2026-Q4/platform/a/flow-items", "--done"], "are for milestones"),
        (&["b/milestone", "1"], "takes --done or --not-done"),
        (&["b/milestone", "--done", "--confidence", "2"], "not between 0.0 and 1.0"),
        (&["block-items", "5", "--date", "2099-01-01"], "would add 2 errors"),
    ];
    for (args, message) in cases {
        let output = checkin(&repo, args);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains(message), "{args:?}: {}", stderr(&output));
        assert_eq!(files(repo.path()), before, "{args:?} changed a file");
    }
    // After a rollover the id is in two cycles: the active one is meant, and
    // `CYCLE/ID` or `--cycle` names either.
    for args in [
        &["flow-items", "1", "--dry-run"][..],
        &["2026-Q4/flow-items", "1", "--dry-run"],
        &["flow-items", "1", "--cycle", "2026-Q4", "--dry-run"],
    ] {
        let output = checkin(&repo, args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert!(
            stdout(&output).contains("+++ b/okrs/2026-Q4/platform.yaml"),
            "{args:?}: {}",
            stdout(&output)
        );
    }
    let closed = checkin(&repo, &["2026-Q3/flow-items", "1"]);
    assert!(
        stderr(&closed).contains("2026-Q3/platform/a/flow-items is in 2026-Q3, which is closed"),
        "{}",
        stderr(&closed)
    );
    assert_eq!(files(repo.path()), before, "dry runs and refusals wrote nothing");
    // --dry-run prints the change and writes nothing.
    let dry = checkin(&repo, &["block-items", "6", "--date", DATE, "--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(
        stdout(&dry).contains("+          - date: 2026-11-25\r\n+            value: 6\r\n"),
        "{}",
        stdout(&dry)
    );
    assert_eq!(files(repo.path()), before);
}

/// The transaction is the library's (`okr::edit::apply`), so tests and fuzz
/// targets run what users run: a dry run gives the diff and writes nothing;
/// a closed cycle is refused.
#[test]
fn the_check_in_transaction_runs_from_the_library() {
    use okr::edit::apply::{checkin, CheckinOutcome};
    use okr::edit::checkin::NewCheckin;
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    let before = files(repo.path());
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let make = |_| {
        Ok(NewCheckin {
            date,
            value: Some(98.0),
            done: None,
            confidence: None,
            note: None,
            ..NewCheckin::default()
        })
    };
    let outcome =
        checkin(repo.path(), "2026-Q4/platform/boring-deploys/deploy-success", date, true, make).unwrap();
    let CheckinOutcome::DryRun { diff } = outcome else { panic!("{outcome:?}") };
    assert!(diff.contains("+          - { date: 2026-11-25, value: 98 }"), "{diff}");
    assert_eq!(files(repo.path()), before, "a dry run writes nothing");
    let outcome =
        checkin(repo.path(), "2026-Q3/platform/observability/alert-coverage", date, false, make).unwrap();
    assert!(matches!(&outcome, CheckinOutcome::Refused(m) if m.contains("closed")), "{outcome:?}");
    assert_eq!(files(repo.path()), before);
}

/// A negative value is a value, and a note may start with `-`.
#[test]
fn negative_values_and_notes_starting_with_a_dash_are_taken_as_written() {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    let output = checkin(&repo, &["ci-p90", "-3", "--note", "-5 minutes thanks to caching", "--date", DATE]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = fs::read_to_string(repo.path().join("okrs/2026-Q4/platform.yaml")).unwrap();
    assert!(
        text.contains("- { date: 2026-11-25, value: -3, note: \"-5 minutes thanks to caching\" }"),
        "{text}"
    );
}

/// A KPI takes check-ins too (`cycle/team/id`, or its id alone): a value
/// and a note, added as lines after its last one; `--confidence` is for key
/// results and is refused with the reason.
#[test]
fn a_kpi_takes_a_value_and_a_note() {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    let path = repo.path().join("okrs/2026-Q4/platform.yaml");
    let before = fs::read_to_string(&path).unwrap();
    let refused = checkin(&repo, &["p1-incidents", "0", "--confidence", "0.9", "--date", DATE]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("this is a KPI"), "{}", stderr(&refused));
    assert_eq!(fs::read_to_string(&path).unwrap(), before);

    let done = checkin(&repo, &["p1-incidents", "0", "--note", "quiet month", "--date", DATE]);
    assert!(done.status.success(), "{}", stderr(&done));
    assert!(
        stderr(&done).contains("added a check-in of the KPI 2026-Q4/platform/p1-incidents on 2026-11-25"),
        "{}",
        stderr(&done)
    );
    let after = fs::read_to_string(&path).unwrap();
    assert!(only_lines_added(&before, &after), "{after}");
    assert!(
        after.contains("      - { date: 2026-11-16, value: 1 }\n      - { date: 2026-11-25, value: 0, note: quiet month }\n"),
        "{after}"
    );
    let report = okr::check::run(repo.path(), &okr::check::CheckOptions::default()).unwrap();
    let workspace = report.workspace.unwrap();
    let kpi = workspace.files.iter().flat_map(|f| &f.data.kpis).find(|k| k.id == "p1-incidents").unwrap();
    assert_eq!(kpi.checkins.last().map(|c| (c.value, c.note.as_deref())), Some((0.0, Some("quiet month"))));
}

/// A structured check-in: what happened, what is in the way, what happens
/// next, written as `note`, `blockers` and `next` and read back.
#[test]
fn a_check_in_carries_blockers_and_next_steps() {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    let args = [
        "ci-p90",
        "27",
        "--note",
        "sharding on 4 runners",
        "--blockers",
        "runner quota: 4 of 8",
        "--next",
        "ask infra for 8",
    ];
    let done = checkin(&repo, &[&args[..], &["--date", DATE]].concat());
    assert!(done.status.success(), "{}", stderr(&done));
    let text = fs::read_to_string(repo.path().join("okrs/2026-Q4/platform.yaml")).unwrap();
    assert!(
        text.contains("- { date: 2026-11-25, value: 27, note: sharding on 4 runners, blockers: \"runner quota: 4 of 8\", next: ask infra for 8 }"),
        "{text}"
    );
    let report = okr::check::run(repo.path(), &okr::check::CheckOptions::default()).unwrap();
    let workspace = report.workspace.unwrap();
    let kr = workspace.key_results_ending_with(&["ci-p90"]).pop().unwrap().1.key_result;
    let last = kr.checkins.last().unwrap();
    assert_eq!(
        (last.blockers.as_deref(), last.next.as_deref()),
        (Some("runner quota: 4 of 8"), Some("ask infra for 8"))
    );
}

fn import(repo: &Repo, file: &str, text: &str, extra: &[&str]) -> std::process::Output {
    let path = repo.path().join(file);
    fs::write(&path, text).unwrap();
    okr()
        .arg("import")
        .arg(&path)
        .args(extra)
        .args(["--root", repo.path().to_str().unwrap()])
        .output()
        .unwrap()
}

/// `okr import`: a CSV of check-ins (any column order, a KPI among them)
/// is written as lines added, all in one go; the same rows as JSON too.
#[test]
fn import_writes_every_row_as_added_lines() {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    let before = fs::read_to_string(repo.path().join("okrs/2026-Q4/platform.yaml")).unwrap();
    let csv = "date,kr,value,done,confidence,note,blockers,next\n\
               2026-11-24,deploy-success,98.4,,0.8,Canary everywhere,,EU next\n\
               2026-11-24,runbook,,true,,,,\n\
               2026-11-25,ci-p90,25,,0.5,\"sharding, 8 runners\",runner quota,\n\
               2026-11-25,p1-incidents,0,,,quiet week,,\n";
    let output = import(&repo, "checkins.csv", csv, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("imported 4 check-ins into 1 file"), "{}", stderr(&output));
    let after = fs::read_to_string(repo.path().join("okrs/2026-Q4/platform.yaml")).unwrap();
    assert!(after.lines().count() == before.lines().count() + 4, "{after}");
    assert!(after.contains("- { date: 2026-11-25, value: 25, confidence: 0.5, note: \"sharding, 8 runners\", blockers: runner quota }"), "{after}");
    assert!(after.contains("      - { date: 2026-11-25, value: 0, note: quiet week }\n"), "{after}");

    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    let json = r#"[
  { "kr": "deploy-success", "date": "2026-11-24", "value": 98.4, "confidence": 0.8 },
  { "kr": "2026-Q4/platform/boring-deploys/runbook", "date": "2026-11-24", "done": true }
]"#;
    let output = import(&repo, "checkins.json", json, &["--dry-run"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("+          - { date: 2026-11-24, value: 98.4, confidence: 0.8 }"),
        "{}",
        stdout(&output)
    );
    assert!(stdout(&output).contains("+          - { date: 2026-11-24, done: true }"), "{}", stdout(&output));
    assert_eq!(
        fs::read_to_string(repo.path().join("okrs/2026-Q4/platform.yaml")).unwrap(),
        before,
        "a dry run writes nothing"
    );
}

/// One bad row refuses the whole import: every bad row is reported with its
/// line, and the repository is byte-identical afterwards.
#[test]
fn a_bad_row_refuses_the_whole_import() {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    let csv = "kr,date,value,done,confidence,note\n\
               deploy-success,2026-11-24,98.4,,0.8,fine\n\
               deploy-sucess,2026-11-24,98.4,,,\n\
               ci-p90,2026-11-24,\"4,5\",,,\n\
               runbook,2026-11-24,3,,,\n\
               lead-time,2031-01-01,7,,,\n\
               ci-p90,2026-11-24,30,,70,\n";
    fs::write(repo.path().join("checkins.csv"), csv).unwrap();
    let before = files(repo.path());
    let output = okr()
        .args(["import", "checkins.csv", "--root", repo.path().to_str().unwrap()])
        .current_dir(repo.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    for expected in [
        "checkins.csv:3: no key result `deploy-sucess`",
        "checkins.csv:4: 2026-Q4/platform/fast-feedback/ci-p90: `4,5` is not a number: write the decimal with a point, `4.5`",
        "checkins.csv:5: 2026-Q4/platform/boring-deploys/runbook: a milestone takes `done` (true or false), not a value",
        "checkins.csv:6: 2026-Q4/platform/boring-deploys/lead-time: the check-in is dated 2031-01-01, after today",
        "checkins.csv:7: 2026-Q4/platform/fast-feedback/ci-p90: confidence 70 is not between 0.0 and 1.0",
        "error: 5 rows cannot be imported; nothing was written",
    ] {
        assert!(text.contains(expected), "no `{expected}` in:\n{text}");
    }
    assert_eq!(files(repo.path()), before, "the repository is byte-identical");
    // A header okr does not know is refused at line 1.
    let output = import(&repo, "bad.csv", "kr,when,value\ndeploy-success,2026-11-24,1\n", &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("bad.csv:1: unknown column `when`"), "{}", stderr(&output));
    // JSON rows are reported by their line too.
    let output = import(&repo, "bad.json", "[\n  { \"kr\": \"deploy-success\", \"date\": \"2026-11-24\", \"value\": 1 },\n  { \"kr\": \"nope\", \"date\": \"2026-11-24\", \"value\": 1 }\n]\n", &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("bad.json:3: no key result `nope`"), "{}", stderr(&output));
}

/// `okr sync`: values from files of the repository (JSON, YAML, CSV) and,
/// only with `--run-commands`, from commands; an unchanged value adds
/// nothing; a broken pointer fails for its key result alone (exit 1) and
/// the others are still recorded.
#[test]
fn sync_reads_sources_and_records_new_values() {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    let platform = "okrs/2026-Q4/platform.yaml";
    let add = |kr_line: &str, source: &str| {
        let text = fs::read_to_string(repo.path().join(platform)).unwrap();
        let at = text.find(kr_line).unwrap_or_else(|| panic!("{kr_line}"));
        let end = at + text[at..].find('\n').unwrap() + 1;
        fs::write(
            repo.path().join(platform),
            format!("{}        source: {source}\n{}", &text[..end], &text[end..]),
        )
        .unwrap();
    };
    add("      - id: deploy-success\n", "{ file: metrics/deploys.json, pointer: /success/p50 }");
    add("      - id: lead-time\n", "{ file: metrics/lead.yaml, pointer: /median }");
    add("      - id: ci-p90\n", "{ file: metrics/ci.csv, pointer: /p90/minutes }");
    add("      - id: flaky-tests\n", "{ command: \"echo 4.5\" }");
    fs::create_dir_all(repo.path().join("metrics")).unwrap();
    fs::write(repo.path().join("metrics/deploys.json"), r#"{ "success": { "p50": 98.6 } }"#).unwrap();
    fs::write(repo.path().join("metrics/lead.yaml"), "median: 7.5\n").unwrap();
    fs::write(repo.path().join("metrics/ci.csv"), "name,minutes\np50,12\np90,24\n").unwrap();
    let sync = |extra: &[&str]| {
        okr()
            .arg("sync")
            .args(extra)
            .args(["--date", DATE, "--root", repo.path().to_str().unwrap()])
            .output()
            .unwrap()
    };
    let output = sync(&[]);
    let text = stderr(&output);
    assert!(output.status.success(), "{text}");
    for line in [
        "2026-Q4/platform/boring-deploys/deploy-success: 97.2 → 98.6",
        "2026-Q4/platform/boring-deploys/lead-time: 9 → 7.5",
        "2026-Q4/platform/fast-feedback/ci-p90: 28 → 24",
        "2026-Q4/platform/fast-feedback/flaky-tests: skipped: command sources run only with --run-commands",
        "recorded 3 check-ins",
    ] {
        assert!(text.contains(line), "no `{line}` in:\n{text}");
    }
    let written = fs::read_to_string(repo.path().join(platform)).unwrap();
    assert!(
        written.contains("- { date: 2026-11-25, value: 98.6 }")
            && written.contains("- { date: 2026-11-25, value: 24 }"),
        "{written}"
    );
    // Again: the values are the latest now, so nothing is added; the
    // command runs with --run-commands (4.5 is flaky-tests' latest value).
    let before = files(repo.path());
    let again = sync(&["--run-commands"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("deploy-success: 98.6, unchanged")
            && stderr(&again).contains("flaky-tests: 4.5, unchanged"),
        "{}",
        stderr(&again)
    );
    assert_eq!(files(repo.path()), before);
    // A broken pointer and a failing command fail for their key results;
    // the new JSON value is still recorded.
    fs::write(repo.path().join("metrics/lead.yaml"), "average: 7\n").unwrap();
    fs::write(repo.path().join("metrics/deploys.json"), r#"{ "success": { "p50": 99.0 } }"#).unwrap();
    let text = fs::read_to_string(repo.path().join(platform))
        .unwrap()
        .replace("{ command: \"echo 4.5\" }", "{ command: \"exit 3\" }");
    fs::write(repo.path().join(platform), text).unwrap();
    let broken = sync(&["--run-commands"]);
    assert_eq!(broken.status.code(), Some(1));
    let text = stderr(&broken);
    assert!(text.contains("lead-time: failed: `metrics/lead.yaml` has nothing at `/median`"), "{text}");
    assert!(text.contains("flaky-tests: failed: the command failed"), "{text}");
    assert!(text.contains("deploy-success: 98.6 → 99") && text.contains("recorded 1 check-in"), "{text}");
    // A source outside the repository is refused.
    let text =
        fs::read_to_string(repo.path().join(platform)).unwrap().replace("metrics/ci.csv", "../outside.csv");
    fs::write(repo.path().join(platform), text).unwrap();
    let outside = sync(&["--dry-run"]);
    assert!(
        stderr(&outside).contains("ci-p90: failed: `../outside.csv` is not a path inside the repository"),
        "{}",
        stderr(&outside)
    );
}
