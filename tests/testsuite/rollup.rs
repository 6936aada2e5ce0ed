//! Rollups, status and exports against hand-computed numbers
//! (`tests/fixtures/rollup/`, as of 2026-11-15), and snapshots of
//! `okr status` and both exports on examples/acme.

use serde_json::Value;

use crate::support::{manifest_dir, run, stderr, stdout, Repo, ACME_AS_OF};

const AS_OF: &str = "2026-11-15";

fn export(root: &str, as_of: &str) -> Value {
    let output = run(&["export", root, "--as-of", as_of]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).unwrap()
}

fn fixture() -> String {
    manifest_dir().join("tests/fixtures/rollup").to_str().unwrap().to_owned()
}

fn cycle<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["cycles"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap()
}

fn team<'a>(cycle: &'a Value, id: &str) -> &'a Value {
    cycle["teams"].as_array().unwrap().iter().find(|t| t["id"] == id).unwrap_or_else(|| panic!("team {id}"))
}

fn objective<'a>(team: &'a Value, id: &str) -> &'a Value {
    team["objectives"].as_array().unwrap().iter().find(|o| o["id"] == id).unwrap()
}

fn close(value: &Value, expected: f64) {
    let got = value.as_f64().unwrap_or_else(|| panic!("not a number: {value}"));
    assert!((got - expected).abs() < 1e-12, "{got} != {expected}");
}

#[test]
fn hand_computed_rollup() {
    let json = export(&fixture(), AS_OF);
    assert_eq!((json["version"].as_u64(), json["as_of"].as_str()), (Some(2), Some(AS_OF)));
    let q4 = cycle(&json, "2026-Q4");
    // 45 of 91 days have passed.
    close(&q4["elapsed"], 45.0 / 91.0);

    let platform = team(q4, "platform");
    // (3 × 0.5 + 1 × 1.0) / 4
    close(&objective(platform, "weighted")["progress"], 0.625);
    // (0.5 + 1.0) / 2; the check-in after as_of is ignored.
    close(&objective(platform, "falling")["progress"], 0.75);
    close(&platform["progress"], f64::midpoint(0.625, 0.75));
    // platform's unit: weighted, falling and sub/s (0.1).
    close(&platform["unit_progress"], (0.625 + 0.75 + 0.1) / 3.0);

    let mobile = team(q4, "mobile");
    // raw 1.5 capped at 1.0, and 0.0 for a threshold without check-in.
    close(&objective(mobile, "m")["progress"], 0.5);
    let company = team(q4, "company");
    // aggregate: mean of weighted (0.625) and m (0.5).
    close(&objective(company, "agg")["progress"], 0.5625);
    close(&company["progress"], 0.5625);
    // organisation = root unit: all five objectives.
    let all = (0.5625 + 0.625 + 0.75 + 0.1 + 0.5) / 5.0;
    close(&company["unit_progress"], all);
    close(&q4["progress"], all);
    // a team whose unit has no objectives does not appear.
    assert!(q4["teams"].as_array().unwrap().iter().all(|t| t["id"] != "idle"));
    // tree order: company, platform, sub, mobile.
    let order: Vec<&str> =
        q4["teams"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(order, ["company", "platform", "sub", "mobile"]);

    // Status: low confidence makes an on-pace key result at-risk.
    let a = &objective(platform, "weighted")["key_results"][0];
    assert_eq!((a["status"].as_str(), a["confidence"].as_f64()), (Some("at-risk"), Some(0.3)));
    assert_eq!(objective(platform, "weighted")["status"], "at-risk", "lowest latest confidence");
    assert_eq!(objective(platform, "falling")["status"], "on-track");
    assert_eq!(objective(mobile, "m")["key_results"][1]["current"], Value::Null);
    assert_eq!(objective(mobile, "m")["key_results"][0]["current"].as_f64(), Some(25.0));
    // sub's unit: s (0.1) expected 0.25: e at 0.2 of its line (0.49), f not
    // checked in (expected = its progress 0): a gap of 0.15 is not more than
    // at_risk_gap.
    close(&team(q4, "sub")["expected"], f64::midpoint(45.0 / 91.0, 0.0));
    assert_eq!(team(q4, "sub")["status"], "on-track");
    assert_eq!(
        objective(team(q4, "sub"), "s")["key_results"][1]["status"],
        "no-data",
        "45 days, no check-in"
    );
    assert_eq!(objective(platform, "weighted")["score"], Value::Null, "not scored while active");

    // Closed cycle: score = progress; ties on a date take the last in the file.
    let q3 = cycle(&json, "2026-Q3");
    close(&q3["elapsed"], 1.0);
    assert_eq!(objective(team(q3, "platform"), "closed")["status"], "missed", "committed, scored 0.65");
    let closed = objective(team(q3, "platform"), "closed");
    close(&closed["score"], 0.65);
    close(&closed["progress"], 0.65);

    // Not started: the cycle has not begun, or it is planned.
    let early = cycle(&json, "2027-Q1");
    close(&early["elapsed"], 0.0);
    assert_eq!(objective(team(early, "platform"), "early")["status"], "not-started");
    assert_eq!(cycle(&json, "2027-H1")["teams"][0]["status"], "not-started");

    // Strategy: company/agg names strategy/grow, and weighted and m align
    // to agg; falling names strategy/focus, and sub/s aligns to falling.
    let strategy = |id: &str| json["strategy"].as_array().unwrap().iter().find(|s| s["id"] == id).unwrap();
    let aligned = |row: &Value| -> Vec<(String, bool)> {
        row["objectives"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                (
                    format!("{}/{}", o["team"].as_str().unwrap(), o["objective"].as_str().unwrap()),
                    o["direct"] == true,
                )
            })
            .collect()
    };
    let grow = &strategy("grow")["cycles"];
    assert_eq!(grow.as_array().unwrap().len(), 2, "Q3 and Q4 align to it");
    assert_eq!(grow[0]["id"], "2026-Q3");
    close(&grow[0]["progress"], 0.65);
    assert_eq!(grow[1]["id"], "2026-Q4");
    assert_eq!(
        aligned(&grow[1]),
        [
            ("company/agg".to_owned(), true),
            ("platform/weighted".to_owned(), false),
            ("mobile/m".to_owned(), false)
        ]
    );
    close(&grow[1]["progress"], (0.5625 + 0.625 + 0.5) / 3.0);
    let focus = &strategy("focus")["cycles"][0];
    assert_eq!(aligned(focus), [("platform/falling".to_owned(), true), ("sub/s".to_owned(), false)]);
    close(&focus["progress"], f64::midpoint(0.75, 0.1));
    assert_eq!(strategy("unused")["cycles"], serde_json::json!([]), "nothing aligned in any cycle");
}

#[test]
fn as_of_reproduces_a_past_day() {
    // Before any Q4 check-in, progress is at the starts.
    let json = export(&fixture(), "2026-10-05");
    let q4 = cycle(&json, "2026-Q4");
    close(&objective(team(q4, "platform"), "falling")["progress"], 0.0);
    close(&q4["elapsed"], 4.0 / 91.0);
    // After the end, the check-in of 2026-11-20 counts: 200 → 100 reached.
    let json = export(&fixture(), "2027-01-10");
    close(&objective(team(cycle(&json, "2026-Q4"), "platform"), "falling")["progress"], 1.0);
}

#[test]
fn csv_has_one_row_per_key_result() {
    let output = run(&["export", &fixture(), "--as-of", AS_OF, "--format", "csv"]);
    assert!(output.status.success());
    insta::assert_snapshot!("export-fixture-csv", stdout(&output));
}

#[test]
fn exports_refuse_a_repository_with_errors() {
    let repo = crate::support::Repo::copy_of(&manifest_dir().join("tests/fixtures/rules/unknown-owner"));
    let output = run(&["export", repo.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).is_empty());
    assert!(stderr(&output).contains("error[unknown-owner]"));
    let output = run(&["status", repo.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
}

fn acme() -> String {
    manifest_dir().join("examples/acme").to_str().unwrap().to_owned()
}

#[test]
fn acme_exports() {
    let json = run(&["export", &acme(), "--as-of", ACME_AS_OF]);
    assert!(json.status.success());
    insta::assert_snapshot!("export-acme-json", stdout(&json));
    let csv = run(&["export", &acme(), "--as-of", ACME_AS_OF, "--format", "csv"]);
    assert!(csv.status.success());
    insta::assert_snapshot!("export-acme-csv", stdout(&csv));
}

#[test]
fn acme_status_fits_80_columns() {
    let output = run(&["status", &acme(), "--as-of", ACME_AS_OF, "--color", "never"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "wider than 80 columns: {line}");
    }
    insta::assert_snapshot!("status-acme", text);
}

#[test]
fn status_filters_and_explains() {
    let root = acme();
    let args = |extra: &[&str]| {
        let mut all = vec!["status", root.as_str(), "--as-of", ACME_AS_OF, "--color", "never"];
        all.extend_from_slice(extra);
        let output = run(&all);
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
    };
    insta::assert_snapshot!(
        "status-acme-team-engineering-explain",
        args(&["--team", "engineering", "--explain"])
    );
    insta::assert_snapshot!("status-acme-owner-carol", args(&["--owner", "carol"]));
    insta::assert_snapshot!("status-acme-closed-cycle", args(&["--cycle", "2026-Q3"]));
    assert_eq!(run(&["status", &root, "--cycle", "2031-Q9"]).status.code(), Some(2));
    assert_eq!(run(&["status", &root, "--team", "nope"]).status.code(), Some(2));
    for (flag, given, hint) in [
        ("--team", "platfrm", "unknown team `platfrm`; did you mean `platform`?"),
        ("--owner", "carl", "unknown person `carl`; did you mean `carol`?"),
        ("--cycle", "2026-q4", "unknown cycle `2026-q4`; did you mean `2026-Q4`?"),
    ] {
        let output = run(&["status", &root, flag, given]);
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).contains(hint), "{}", stderr(&output));
    }
}

/// A wide terminal (`--width`, or the terminal's own) gives titles the
/// room; columns have headers; every line fits the width.
#[test]
fn status_uses_the_width_it_has() {
    let root = acme();
    let at = |width: &str| {
        let output = run(&["status", &root, "--as-of", ACME_AS_OF, "--team", "platform", "--width", width]);
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
    };
    let narrow = at("80");
    assert!(narrow.contains("  Engineers get CI feedb… "), "{narrow}");
    let wide = at("200");
    assert!(wide.contains("  Engineers get CI feedback while they still remember the change "), "{wide}");
    for text in [&narrow, &wide] {
        let header = text.lines().find(|l| l.contains("conf")).unwrap_or_else(|| panic!("no header: {text}"));
        for column in ["progress", "%", "status", "owner", "conf", "check-in"] {
            assert!(header.contains(column), "{header}");
        }
    }
    assert!(wide.lines().all(|l| unicode_width::UnicodeWidthStr::width(l) <= 200), "{wide}");
    assert_eq!(run(&["status", &root, "--width", "40"]).status.code(), Some(2));
}

/// `okr status --format json`: the rows the view shows, with the rollup's
/// numbers and the reason for each status.
#[test]
fn status_as_json_for_scripts() {
    let root = acme();
    let output = run(&["status", &root, "--as-of", ACME_AS_OF, "--team", "platform", "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["cycle"]["id"], "2026-Q4");
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows[0]["level"], "team");
    assert_eq!(rows[0]["team"], "platform");
    let ci = rows.iter().find(|r| r["key_result"] == "ci-p90").unwrap_or_else(|| panic!("{json}"));
    assert_eq!(ci["status"], "at-risk");
    assert_eq!(ci["reason"], "behind plan by 0.22 (expected 0.60, progress 0.38)");
    assert_eq!(ci["owner"], "dave");
    // The same numbers as the export (both from the rollup).
    let export = run(&["export", &root, "--as-of", ACME_AS_OF]);
    let export: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let text = export.to_string();
    let progress = ci["progress"].as_f64().unwrap();
    assert!(text.contains(&format!("{progress}")), "export lacks {progress}");
    // Deterministic.
    let again = run(&["status", &root, "--as-of", ACME_AS_OF, "--team", "platform", "--format", "json"]);
    assert_eq!(again.stdout, output.stdout);
}

/// The rollup counts objectives per status and band (issue 18: no page
/// counts): a cycle's tally is its teams' tallies added up, and each is
/// what its objectives say.
#[test]
fn tallies_count_what_the_objectives_say() {
    let root = manifest_dir().join("examples/acme");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let report = okr::check::run(&root, &okr::check::CheckOptions { as_of, ..Default::default() }).unwrap();
    let rolled = okr::rollup::rollup(&report.workspace.unwrap(), as_of);
    for cycle in &rolled.cycles {
        let all: Vec<okr::rollup::ObjectiveRollup> =
            cycle.teams.iter().flat_map(|t| t.objectives.iter().cloned()).collect();
        assert_eq!(cycle.tally, okr::rollup::Tally::of(&all), "{}", cycle.id);
        let counted: usize = cycle.tally.statuses.iter().map(|(_, n)| n).sum();
        assert_eq!(counted, all.len());
        assert_eq!(cycle.tally.missed, all.iter().filter(|o| o.missed_commitment).count());
        for team in &cycle.teams {
            assert_eq!(team.tally, okr::rollup::Tally::of(&team.objectives));
        }
    }
    let closed = rolled.cycles.iter().find(|c| c.id == "2026-Q3").unwrap();
    assert_eq!(
        closed.tally.green + closed.tally.yellow + closed.tally.red,
        closed.teams.iter().map(|t| t.objectives.len()).sum::<usize>()
    );
}

/// `okr export --format xlsx` opens in a spreadsheet reader: the five
/// sheets, the same key results as the CSV, real numbers, dates and
/// percentages, every check-in, and the same bytes for the same input.
#[test]
fn xlsx_reads_back_with_the_numbers_of_the_export() {
    use calamine::{Data, DataType, Reader, Xlsx};

    let repo = Repo::empty();
    let file = repo.path().join("okrs.xlsx");
    let output = run(&[
        "export",
        &acme(),
        "--as-of",
        ACME_AS_OF,
        "--format",
        "xlsx",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let bytes = std::fs::read(&file).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
    assert_eq!(book.sheet_names(), ["Key results", "Objectives", "Teams", "KPIs", "Check-ins"]);

    let json = export(&acme(), ACME_AS_OF);
    let sheet = book.worksheet_range("Key results").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut expected = Vec::new();
    for cycle in json["cycles"].as_array().unwrap() {
        for team in cycle["teams"].as_array().unwrap() {
            for objective in team["objectives"].as_array().unwrap() {
                for kr in objective["key_results"].as_array().unwrap() {
                    expected.push((cycle["id"].clone(), team["id"].clone(), kr.clone()));
                }
            }
        }
    }
    assert_eq!(rows.len() - 1, expected.len(), "one row per key result");
    let styles = book.worksheet_style("Key results").unwrap();
    for (r, (row, (cycle, team, kr))) in rows[1..].iter().zip(&expected).enumerate() {
        assert_eq!(row[column("cycle")].to_string(), cycle.as_str().unwrap());
        assert_eq!(row[column("team")].to_string(), team.as_str().unwrap());
        assert_eq!(row[column("id")].to_string(), kr["id"].as_str().unwrap());
        // Progress is a real number, formatted as a percentage.
        let Data::Float(progress) = row[column("progress")] else { panic!("{:?}", row[column("progress")]) };
        assert!((progress - kr["progress"].as_f64().unwrap()).abs() < 1e-12);
        let at = (u32::try_from(r + 1).unwrap(), u32::try_from(column("progress")).unwrap());
        let format = styles.get(at).and_then(|s| s.number_format.as_ref()).map(|f| f.format_code.as_str());
        assert_eq!(format, Some("0.0%"));
        match kr["current"].as_f64() {
            Some(current) => assert_eq!(row[column("current")], Data::Float(current)),
            None => assert_eq!(row[column("current")], Data::Empty),
        }
        // The last check-in's date is a date.
        match kr["last_checkin"]["date"].as_str() {
            Some(date) => {
                let cell = &row[column("last_checkin_date")];
                assert!(cell.is_datetime(), "{cell:?}");
                assert_eq!(cell.as_datetime().unwrap().date().to_string(), date);
            }
            None => assert_eq!(row[column("last_checkin_date")], Data::Empty),
        }
        assert_eq!(row[column("status")].to_string(), kr["status"].as_str().unwrap());
    }

    // Every check-in up to the date, and every team of every cycle.
    let workspace = okr::model::load_workspace(std::path::Path::new(&acme())).unwrap().workspace.unwrap();
    let as_of = chrono::NaiveDate::parse_from_str(ACME_AS_OF, "%Y-%m-%d").unwrap();
    let checkins = workspace
        .files
        .iter()
        .flat_map(|f| f.data.objectives.iter())
        .flat_map(|o| o.key_results.iter())
        .flat_map(|k| k.checkins.iter())
        .filter(|c| c.date <= as_of)
        .count();
    assert_eq!(book.worksheet_range("Check-ins").unwrap().rows().count() - 1, checkins);
    let teams: usize =
        json["cycles"].as_array().unwrap().iter().map(|c| c["teams"].as_array().unwrap().len()).sum();
    assert_eq!(book.worksheet_range("Teams").unwrap().rows().count() - 1, teams);
    let kpis: usize = json["cycles"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["teams"].as_array().unwrap())
        .map(|t| t["kpis"].as_array().unwrap().len())
        .sum();
    assert_eq!(book.worksheet_range("KPIs").unwrap().rows().count() - 1, kpis);

    // Deterministic, and binary only where asked for.
    let again = run(&["export", &acme(), "--as-of", ACME_AS_OF, "--format", "xlsx"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(again.stdout == bytes, "the same workbook on standard output and in the file");
}
