//! `okr history` on a generated repository of 200 team files (3,200 key
//! results) with 500 commits, each changing one file.
//!
//! `cargo bench --bench history` prints the median wall time of the
//! in-process walk and rollups, and of the release binary end to end in each
//! output format. Target: under 3 s on 2 cores.
#![allow(clippy::expect_used, reason = "a benchmark aborts when its own setup fails")]

#[path = "support/mod.rs"]
mod support;
#[path = "synth/mod.rs"]
mod synth;

use std::fs;
use std::time::Instant;

use okr::git::history::{rollups, walk, Cache, WalkOptions};

const FILES: usize = 200;
const COMMITS: usize = 500;
const RUNS: usize = 3;

fn main() {
    // OKR_BENCH_KEEP=DIR generates the repository into DIR and keeps it, for
    // profiling (`perf record target/release/okr history --root DIR`).
    let kept = std::env::var_os("OKR_BENCH_KEEP").map(std::path::PathBuf::from);
    let temp = tempfile::tempdir().expect("temp dir");
    let root = kept.unwrap_or_else(|| temp.path().to_path_buf());
    fs::create_dir_all(&root).expect("create folder");
    let setup = Instant::now();
    synth::generate(&root, synth::Size::with_files(FILES)).expect("generate");
    synth::commit_history(&root, COMMITS).expect("commit history");
    let size = synth::Size::with_files(FILES);
    println!(
        "okr history: {} files, {} key results, {COMMITS} commits (generated in {:.1} s), median of {RUNS} runs, {} threads",
        size.files(),
        size.key_results(),
        setup.elapsed().as_secs_f64(),
        rayon::current_num_threads()
    );
    let mut samples = Vec::new();
    let mut parsed = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let repo = okr::git::Repo::require(root.as_path()).expect("repository");
        let mut cache = Cache::default();
        let walked = walk(&repo, &mut cache, &WalkOptions::default()).expect("walk");
        let mut commits = 0;
        rollups(
            &repo,
            root.as_path(),
            &mut cache,
            &walked,
            |_| {
                commits += 1;
                Ok(())
            },
            &|_| {},
        )
        .expect("rollups");
        assert_eq!(commits, COMMITS);
        parsed = cache.parsed;
        samples.push(start.elapsed());
    }
    println!(
        "in-process walk + rollups: {:.3} s ({parsed} file versions parsed)",
        support::median(samples).as_secs_f64()
    );
    for format in ["text", "csv", "json"] {
        let args = ["history", "-q", "--format", format].map(std::ffi::OsStr::new);
        let root = ["--root".as_ref(), root.as_path().as_os_str()];
        let timed = support::time_binary(&[&args[..], &root[..]].concat(), RUNS)
            .map_or_else(|| "(build --release first)".to_owned(), |d| format!("{:.3} s", d.as_secs_f64()));
        println!("binary, --format {format:<4}: {timed}");
    }
}
