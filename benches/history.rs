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
use std::path::Path;
use std::time::Instant;

use git2::{IndexAddOption, Repository, Signature, Time};
use okr::git::history::{rollups, walk, Cache, WalkOptions};

const FILES: usize = 200;
const COMMITS: usize = 500;
const RUNS: usize = 3;

/// Commits the work tree as it is, on day `day` after 2026-07-01.
fn commit(repo: &Repository, message: &str, day: usize) {
    let mut index = repo.index().expect("index");
    index.add_all(["*"], IndexAddOption::DEFAULT, None).expect("add");
    index.write().expect("write index");
    let tree = repo.find_tree(index.write_tree().expect("tree")).expect("find tree");
    // 2026-07-01T10:00:00Z, plus `day` days.
    let seconds = 1_782_900_000 + i64::try_from(day).expect("small") * 86_400;
    let signature = Signature::new("Bench", "bench@example.com", &Time::new(seconds, 0)).expect("signature");
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(Some("HEAD"), &signature, &signature, message, &tree, &parents).expect("commit");
}

/// A repository of `FILES` files and `COMMITS` commits: the first adds
/// everything, each later one changes one KPI check-in of one file.
fn generate(root: &Path) {
    synth::generate(root, synth::Size::with_files(FILES)).expect("generate");
    let repo = Repository::init(root).expect("init");
    commit(&repo, "All OKRs", 0);
    let mut files: Vec<_> = walkdir::WalkDir::new(root.join("okrs"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    for n in 1..COMMITS {
        let path = &files[n % files.len()];
        let text = fs::read_to_string(path).expect("read");
        let at = text.rfind("value: ").expect("has a check-in") + "value: ".len();
        let end = at + text[at..].find(' ').expect("value ends");
        fs::write(path, format!("{}{}{}", &text[..at], n + 1000, &text[end..])).expect("write");
        commit(&repo, &format!("Check-in {n}"), n * 90 / COMMITS);
    }
}

fn main() {
    // OKR_BENCH_KEEP=DIR generates the repository into DIR and keeps it, for
    // profiling (`perf record target/release/okr history --root DIR`).
    let kept = std::env::var_os("OKR_BENCH_KEEP").map(std::path::PathBuf::from);
    let temp = tempfile::tempdir().expect("temp dir");
    let root = kept.unwrap_or_else(|| temp.path().to_path_buf());
    fs::create_dir_all(&root).expect("create folder");
    let setup = Instant::now();
    generate(&root);
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
