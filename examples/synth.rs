//! Writes a synthetic OKR repository, for benchmarks, profiling and trying
//! okr at scale.
//!
//! ```sh
//! cargo run --release --example synth -- /tmp/synth --files 6250
//! cargo run --release --example synth -- /tmp/synth --teams 50 --fan-out 4 \
//!     --cycles 4 --objectives 3 --key-results 5 --checkins 12 --commits 200
//! ```
//!
//! Every file is valid: `okr check` finds no errors in it.

#[path = "../benches/synth/mod.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Size parameters of the generated repository.
#[derive(Parser)]
#[command(about = "Write a synthetic OKR repository")]
struct Args {
    /// The folder to write into (created; should be empty).
    dir: PathBuf,
    /// Team files to write (teams × cycles, 16 key results each); sets
    /// --teams and --cycles, which then refine it.
    #[arg(long, default_value_t = 1_000)]
    files: usize,
    /// Teams in okr.yaml, each with three people.
    #[arg(long)]
    teams: Option<usize>,
    /// Children per team in the team tree.
    #[arg(long)]
    fan_out: Option<usize>,
    /// Quarters of 2026: the last is active, earlier ones closed (at most 4).
    #[arg(long)]
    cycles: Option<usize>,
    /// Objectives per team file.
    #[arg(long)]
    objectives: Option<usize>,
    /// Key results per objective.
    #[arg(long)]
    key_results: Option<usize>,
    /// Check-ins per key result (15 days apart).
    #[arg(long)]
    checkins: Option<usize>,
    /// Make DIR a git repository of this many commits: the first adds every
    /// file, each later one changes one check-in of one file.
    #[arg(long)]
    commits: Option<usize>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let mut size = synth::Size::with_files(args.files);
    size.cycles = args.cycles.unwrap_or(size.cycles).clamp(1, 4);
    size.teams = args.teams.unwrap_or(args.files.div_ceil(size.cycles)).max(1);
    size.fan_out = args.fan_out.unwrap_or(size.fan_out).max(1);
    size.objectives_per_team = args.objectives.unwrap_or(size.objectives_per_team);
    size.key_results_per_objective = args.key_results.unwrap_or(size.key_results_per_objective);
    size.checkins_per_key_result = args.checkins.unwrap_or(size.checkins_per_key_result).max(1);
    let written = std::fs::create_dir_all(&args.dir).and_then(|()| synth::generate(&args.dir, size));
    if let Err(error) = written {
        eprintln!("error: {error}");
        return ExitCode::FAILURE;
    }
    if let Some(commits) = args.commits.filter(|&n| n > 0) {
        if let Err(error) = synth::commit_history(&args.dir, commits) {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    }
    println!(
        "wrote {} files, {} key results to {}{}",
        size.files(),
        size.key_results(),
        args.dir.display(),
        args.commits.map_or_else(String::new, |n| format!(", with {n} commits"))
    );
    ExitCode::SUCCESS
}
