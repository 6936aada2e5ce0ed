//! Status version 2 (SPEC 3.3–3.5, docs/rollup.md) through `okr export` on
//! `tests/fixtures/status/`: each status of each kind, the grace period, due
//! dates, closed cycles as results, the attention order, the 7-day delta,
//! and the second day of a cycle. The same fixture is compared with the
//! independent reference in `reference.rs`.

use serde_json::Value;

use crate::support::{manifest_dir, run, stderr, stdout};

fn export(as_of: &str, extra: &[&str]) -> Value {
    let root = manifest_dir().join("tests/fixtures/status");
    let mut args = vec!["export", root.to_str().unwrap(), "--as-of", as_of];
    args.extend_from_slice(extra);
    let output = run(&args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).unwrap()
}

fn cycle<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["cycles"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap()
}

/// `team/objective` or `team/objective/key_result` of a cycle.
fn at<'a>(cycle: &'a Value, path: &str) -> &'a Value {
    let parts: Vec<&str> = path.split('/').collect();
    let team = cycle["teams"].as_array().unwrap().iter().find(|t| t["id"] == parts[0]).unwrap();
    if parts.len() == 1 {
        return team;
    }
    let objective = team["objectives"].as_array().unwrap().iter().find(|o| o["id"] == parts[1]).unwrap();
    if parts.len() == 2 {
        return objective;
    }
    objective["key_results"].as_array().unwrap().iter().find(|k| k["id"] == parts[2]).unwrap()
}

fn status(cycle: &Value, path: &str) -> (String, String) {
    let item = at(cycle, path);
    (item["status"].as_str().unwrap().to_owned(), item["status_reason"].as_str().unwrap().to_owned())
}

/// Asserts the status and reason at `path`.
fn expect_status(cycle: &Value, path: &str, status_word: &str, reason: &str) {
    assert_eq!(status(cycle, path), (status_word.to_owned(), reason.to_owned()), "{path}");
}

/// Every status of every key result, objective, team and the organisation.
fn all_statuses(cycle: &Value) -> Vec<String> {
    let mut out = vec![cycle["status"].as_str().unwrap().to_owned()];
    for team in cycle["teams"].as_array().unwrap() {
        out.push(team["status"].as_str().unwrap().to_owned());
        for objective in team["objectives"].as_array().unwrap() {
            out.push(objective["status"].as_str().unwrap().to_owned());
            for kr in objective["key_results"].as_array().unwrap() {
                out.push(kr["status"].as_str().unwrap().to_owned());
            }
        }
    }
    out
}

#[test]
fn the_second_day_of_a_cycle_is_not_off_track() {
    let json = export("2026-10-02", &[]);
    let q4 = cycle(&json, "2026-Q4");
    let statuses = all_statuses(q4);
    assert!(statuses.iter().all(|s| s != "off-track" && s != "at-risk"), "{statuses:?}");
    // Checked in on day 3: nothing counts yet, so nothing is judged.
    assert_eq!(status(q4, "alpha/reached/met").0, "not-started");
    assert_eq!(
        status(q4, "alpha/quiet/silent"),
        ("not-started".to_owned(), "no check-in yet, 1 of 14 grace days passed".to_owned())
    );
    // A decreasing metric at its start is progress 0, never -0.
    let cost = at(q4, "gamma/falling/cost");
    assert_eq!(cost["progress"].to_string(), "0.0");
    assert_eq!(status(q4, "gamma/falling/cost").0, "on-track", "1 day behind the line is no gap to speak of");
}

#[test]
fn grace_days_then_no_data() {
    let within = export("2026-10-14", &[]);
    assert_eq!(status(cycle(&within, "2026-Q4"), "alpha/quiet/silent").0, "not-started", "13 days in");
    let after = export("2026-10-15", &[]);
    let q4 = cycle(&after, "2026-Q4");
    assert_eq!(
        status(q4, "alpha/quiet/silent"),
        ("no-data".to_owned(), "no check-in in the 14 days since the cycle began".to_owned())
    );
    assert_eq!(status(q4, "alpha/quiet").0, "no-data", "no key result of it has a check-in");
    // Without a check-in, nothing is expected: no gap for the objective.
    let silent = at(q4, "alpha/quiet/silent");
    assert_eq!(silent["expected"], silent["progress"]);
}

#[test]
fn each_kind_is_judged_by_its_own_expected_progress() {
    let json = export("2026-11-15", &[]);
    let q4 = cycle(&json, "2026-Q4");
    let expect = |path: &str, status_word: &str, reason: &str| expect_status(q4, path, status_word, reason);
    expect("alpha/committed-late/behind", "at-risk", "behind plan by 0.19 (expected 0.49, progress 0.30)");
    expect("alpha/committed-late/overdue", "off-track", "due 10 Nov 2026, not done");
    expect("alpha/committed-late/later", "on-track", "on or ahead of plan (expected 0.00, progress 0.00)");
    expect("alpha/committed-late/holds", "on-track", "96.5 holds the minimum of 95");
    expect("alpha/reached/met", "done", "progress reached 1.00");
    expect("alpha/reached/breaks", "off-track", "3.58 is above the limit of 3.5");
    expect("alpha/doubtful/unsure", "at-risk", "confidence 0.3 is below 0.4");
    expect("alpha/doubtful", "at-risk", "confidence 0.3 is below 0.4");
    expect("gamma/ahead", "on-track", "on or ahead of plan (expected 0.49, progress 0.67)");
    expect("watch", "no-data", "nothing to measure: no key results and nothing aligned");
    // A milestone before its due date expects nothing; a threshold all.
    assert_eq!(at(q4, "alpha/committed-late/later")["expected"], 0.0);
    assert_eq!(at(q4, "alpha/committed-late/holds")["expected"], 1.0);
    assert_eq!(at(q4, "alpha/committed-late/overdue")["due"], "2026-11-10");
    // An objective's expected is the weighted mean of its key results'.
    let ahead = at(q4, "gamma/ahead");
    let elapsed = q4["elapsed"].as_f64().unwrap();
    assert!((ahead["expected"].as_f64().unwrap() - elapsed).abs() < 1e-12);
    // Everything reached but a threshold: an objective with a threshold is
    // never done while its cycle is active.
    assert_ne!(status(q4, "alpha/reached").0, "done");
    // The 7-day delta: progress now minus progress on 2026-11-08.
    let behind = at(q4, "alpha/committed-late/behind");
    assert!((behind["delta"].as_f64().unwrap() - 0.2).abs() < 1e-12, "{behind}");
    assert_eq!(at(q4, "alpha/reached/breaks")["delta"], -1.0, "held a week ago");
}

#[test]
fn the_attention_list_in_its_order() {
    let json = export("2026-11-15", &[]);
    let q4 = cycle(&json, "2026-Q4");
    let items: Vec<String> = q4["attention"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let name = [&a["team"], &a["objective"], &a["key_result"], &a["kpi"]]
                .iter()
                .filter_map(|v| v.as_str())
                .collect::<Vec<_>>()
                .join("/");
            format!("{} {name}", a["reason"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        items,
        [
            "committed-not-on-track alpha/committed-late",
            "committed-not-on-track alpha/quiet",
            "off-track beta/stale",
            "low-confidence alpha/doubtful/unsure",
            "stale alpha/committed-late/overdue",
            "stale alpha/committed-late/later",
            "no-data alpha/quiet/silent",
            "no-data alpha/quiet/silent-milestone",
            "stale beta/stale/forgotten",
            "kpi-breached alpha/incidents",
        ]
    );
    // `met` reached its target: done key results are never stale.
    assert!(!items.iter().any(|i| i.ends_with("/met")));
    assert_eq!(cycle(&json, "2026-Q3")["attention"], serde_json::json!([]), "only active cycles");
}

#[test]
fn closed_cycles_are_results_not_live_status() {
    let json = export("2026-11-15", &[]);
    let q3 = cycle(&json, "2026-Q3");
    let expect = |path: &str, status_word: &str, reason: &str| expect_status(q3, path, status_word, reason);
    expect("alpha/almost", "missed", "committed, and score 0.95 is below 1.00");
    expect("alpha/good", "achieved", "score 0.75, at least the 0.7 an aspirational goal needs");
    expect("alpha/full", "done", "score 1.00: done");
    expect("alpha/short", "missed", "score 0.50 is below 0.7");
    let statuses = all_statuses(q3);
    assert!(statuses.iter().all(|s| ["done", "achieved", "missed"].contains(&s.as_str())), "{statuses:?}");
    let planning = cycle(&json, "2027-Q1");
    assert!(all_statuses(planning).iter().all(|s| s == "not-started"));
}

#[test]
fn export_v2_fields_and_filters() {
    let json = export("2026-11-15", &["--cycle", "2026-Q4", "--team", "beta"]);
    assert_eq!(json["version"], 2);
    let cycles = json["cycles"].as_array().unwrap();
    assert_eq!(cycles.len(), 1, "--cycle prints one cycle");
    let teams: Vec<&str> =
        cycles[0]["teams"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(teams, ["beta", "gamma"], "--team prints the team and its unit");
    assert!(cycles[0]["attention"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["team"] == "beta" || a["team"] == "gamma"));
    // Filters never change what is computed: beta's numbers are the same.
    let all = export("2026-11-15", &[]);
    assert_eq!(at(&cycles[0], "beta"), at(cycle(&all, "2026-Q4"), "beta"));

    let q4 = cycle(&all, "2026-Q4");
    let alpha = at(q4, "alpha");
    assert_eq!((alpha["lead"].as_str(), alpha["coach"].as_str()), (Some("ann"), Some("bob")));
    let behind = at(q4, "alpha/committed-late/behind");
    assert_eq!(
        behind["last_checkin"],
        serde_json::json!({"date": "2026-11-10", "value": 30.0, "done": null, "confidence": 0.8,
                           "note": "=SUM(A1)", "blockers": "Vendor contract", "next": "Escalate"})
    );
    let later = at(q4, "alpha/committed-late/later");
    assert_eq!(
        later["initiatives"],
        serde_json::json!([
            {"title": "Draft the plan", "url": "https://example.com/issues/1", "state": "done"},
            {"title": "Run the pilot", "url": null, "state": "active"},
            {"title": "Nice to have", "url": null, "state": "planned"}
        ])
    );
    let kpis = alpha["kpis"].as_array().unwrap();
    assert_eq!(kpis[0]["last_checkin"], serde_json::json!({"date": "2026-11-14", "value": 4.0}));
    assert_eq!(at(q4, "watch")["kpis"][0]["holds"], Value::Null, "a KPI without a check-in");
}

#[test]
fn csv_is_flattened_and_formula_safe() {
    let root = manifest_dir().join("tests/fixtures/status");
    let output = run(&["export", root.to_str().unwrap(), "--as-of", "2026-11-15", "--format", "csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name}"));
    let behind = rows.iter().find(|r| &r[column("id")] == "behind").unwrap();
    assert_eq!(&behind[column("last_checkin_note")], "'=SUM(A1)", "no formula");
    assert_eq!(&behind[column("last_checkin_blockers")], "Vendor contract");
    assert_eq!(&behind[column("status")], "at-risk");
    assert_eq!(&behind[column("objective_title")], "A committed objective behind plan");
    assert!(!text.contains("-0,") && !text.contains(",-0\n"), "no negative zero");
    assert_eq!(rows.len(), 18, "one row per key result of every cycle (13 + 4 + 1)");
}

#[test]
fn old_status_keys_are_refused_with_the_new_ones() {
    let repo = crate::support::Repo::copy_of(&manifest_dir().join("tests/fixtures/status"));
    let config = repo.path().join("okr.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("at_risk_gap: 0.15", "at_risk_below: 0.8")).unwrap();
    let output = run(&["check", repo.path().to_str().unwrap(), "--as-of", "2026-11-15"]);
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(out.contains("`at_risk_below` is no longer a key"), "{out}");
    assert!(out.contains("write `at_risk_gap: 0.15`"), "{out}");
}
