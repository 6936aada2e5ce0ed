//! A synthetic OKR repository generator for benchmarks: a team tree, cycles,
//! objectives, key results of every kind, check-ins and KPIs, all valid, and
//! optionally a git history.
#![allow(dead_code, reason = "each benchmark uses part of the generator")]

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use git2::{IndexAddOption, Repository, Signature, Time};

/// Size of a synthetic repository.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Size {
    pub(crate) teams: usize,
    /// Children per team in the team tree.
    pub(crate) fan_out: usize,
    pub(crate) cycles: usize,
    pub(crate) objectives_per_team: usize,
    pub(crate) key_results_per_objective: usize,
    pub(crate) checkins_per_key_result: usize,
}

impl Size {
    /// `files` team files (teams × cycles) of 16 key results each.
    pub(crate) fn with_files(files: usize) -> Self {
        let cycles = if files >= 2 { 2 } else { 1 };
        Size {
            teams: files.div_ceil(cycles),
            fan_out: 8,
            cycles,
            objectives_per_team: 4,
            key_results_per_objective: 4,
            checkins_per_key_result: 6,
        }
    }

    pub(crate) fn files(&self) -> usize {
        self.teams * self.cycles
    }

    pub(crate) fn key_results(&self) -> usize {
        self.files() * self.objectives_per_team * self.key_results_per_objective
    }
}

/// Commits the work tree as it is, on day `day` after 2026-07-01.
fn commit(repo: &Repository, message: &str, day: usize) -> Result<(), git2::Error> {
    let mut index = repo.index()?;
    index.add_all(["*"], IndexAddOption::DEFAULT, None)?;
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    // 2026-07-01T10:00:00Z, plus `day` days.
    let seconds = 1_782_900_000 + i64::try_from(day).unwrap_or(0) * 86_400;
    let signature = Signature::new("Bench", "bench@example.com", &Time::new(seconds, 0))?;
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(Some("HEAD"), &signature, &signature, message, &tree, &parents)?;
    Ok(())
}

/// Makes `root` (a generated repository) a git repository of `commits`
/// commits over 90 days: the first adds everything, each later one changes
/// the last check-in value of one team file, round-robin.
pub(crate) fn commit_history(root: &Path, commits: usize) -> Result<(), Box<dyn std::error::Error>> {
    let repo = Repository::init(root)?;
    commit(&repo, "All OKRs", 0)?;
    let files = team_files(root);
    for n in 1..commits {
        let path = &files[n % files.len()];
        let text = fs::read_to_string(path)?;
        let at = text.rfind("value: ").ok_or("no check-in value")? + "value: ".len();
        let end = at + text[at..].find(' ').ok_or("no end of value")?;
        fs::write(path, format!("{}{}{}", &text[..at], n + 1000, &text[end..]))?;
        commit(&repo, &format!("Check-in {n}"), n * 90 / commits)?;
    }
    Ok(())
}

/// The team files of a generated repository, in path order.
pub(crate) fn team_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("okrs"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
}

/// Writes the repository into `root` (which should be empty).
pub(crate) fn generate(root: &Path, size: Size) -> io::Result<()> {
    fs::write(root.join("okr.yaml"), config(size))?;
    for cycle in 0..size.cycles {
        let folder = root.join("okrs").join(cycle_id(cycle));
        fs::create_dir_all(&folder)?;
        for team in 0..size.teams {
            fs::write(folder.join(format!("{}.yaml", team_id(team))), team_file(size, cycle, team))?;
        }
    }
    Ok(())
}

fn cycle_id(cycle: usize) -> String {
    format!("2026-Q{}", cycle + 1)
}

fn team_id(team: usize) -> String {
    format!("team-{team:05}")
}

/// Cycles are quarters of 2026; the last is active, earlier ones closed.
fn cycle_dates(cycle: usize) -> (String, String) {
    let ends = ["03-31", "06-30", "09-30", "12-31"];
    (format!("2026-{:02}-01", cycle * 3 + 1), format!("2026-{}", ends[cycle % 4]))
}

fn config(size: Size) -> String {
    let mut out = String::from("organisation: Synthetic Corp\npaths: [okrs]\ncycles:\n");
    for cycle in 0..size.cycles {
        let (start, end) = cycle_dates(cycle);
        let state = if cycle + 1 == size.cycles { "active" } else { "closed" };
        let _ =
            writeln!(out, "  - {{ id: {}, start: {start}, end: {end}, state: {state} }}", cycle_id(cycle));
    }
    out.push_str("teams:\n");
    for team in 0..size.teams {
        let parent = if team == 0 {
            String::new()
        } else {
            format!(", parent: {}", team_id((team - 1) / size.fan_out))
        };
        let _ = writeln!(out, "  - {{ id: {}, name: Team {team}{parent}, lead: p{team}-0 }}", team_id(team));
    }
    out.push_str("people:\n");
    for team in 0..size.teams {
        for person in 0..3 {
            let _ = writeln!(
                out,
                "  - {{ id: p{team}-{person}, name: Person {team} {person}, team: {} }}",
                team_id(team)
            );
        }
    }
    out
}

fn team_file(size: Size, cycle: usize, team: usize) -> String {
    let (start, _) = cycle_dates(cycle);
    let first_day = chrono::NaiveDate::parse_from_str(&start, "%Y-%m-%d").unwrap_or_default();
    let mut out = format!("cycle: {}\nteam: {}\nobjectives:\n", cycle_id(cycle), team_id(team));
    for objective in 0..size.objectives_per_team {
        let _ = write!(out, "  - id: objective-{objective}\n    title: Objective {objective} of team {team}\n    owner: p{team}-0\n");
        if team > 0 {
            let parent = team_id((team - 1) / size.fan_out);
            let _ = writeln!(out, "    aligned_to: [{parent}/objective-{objective}]");
        }
        out.push_str("    key_results:\n");
        for kr in 0..size.key_results_per_objective {
            let owner = format!("p{team}-{}", kr % 3);
            let _ = write!(out, "      - id: kr-{objective}-{kr}\n        title: Share of customers served well, measure {kr}\n        owner: {owner}\n");
            match kr % 4 {
                3 => out.push_str("        kind: milestone\n"),
                2 => out.push_str("        kind: threshold\n        unit: \"%\"\n        at_least: 99\n"),
                1 => out.push_str("        unit: ms\n        start: 400\n        target: 200\n"),
                _ => out.push_str("        unit: \"%\"\n        start: 10\n        target: 60\n"),
            }
            out.push_str("        checkins:\n");
            // Evenly spread from day 5 to day 85 of the quarter: the last one
            // is recent at the cycle's end.
            let last = size.checkins_per_key_result.saturating_sub(1).max(1) as u64;
            for checkin in 0..size.checkins_per_key_result {
                let date = first_day + chrono::Days::new(4 + 80 * checkin as u64 / last);
                let value = match kr % 4 {
                    3 => format!("done: {}", checkin + 1 == size.checkins_per_key_result),
                    2 => format!("value: {}", 98.5 + (checkin % 3) as f64 * 0.4),
                    1 => format!("value: {}", 400 - checkin * 20),
                    _ => format!("value: {}", 10 + checkin * 5),
                };
                let _ = writeln!(
                    out,
                    "          - {{ date: {date}, {value}, confidence: 0.{} }}",
                    5 + checkin % 5
                );
            }
        }
    }
    let _ = write!(
        out,
        "kpis:\n  - id: incidents\n    title: Incidents per month\n    owner: p{team}-1\n    at_most: 3\n    checkins: [{{ date: {start}, value: 1 }}]\n"
    );
    out
}
