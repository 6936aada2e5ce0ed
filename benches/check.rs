//! `okr check` on generated repositories of 10 to 1,000 team files.
//!
//! `cargo bench --bench check` prints, per size, the median wall time of a
//! full check (load, schema, rules) in-process and of the release binary.
//! Target: 1,000 files / 16,000 key results under 0.3 s on 2 cores.
#![allow(clippy::expect_used, reason = "a benchmark aborts when its own setup fails")]

#[path = "support/mod.rs"]
mod support;
#[path = "synth/mod.rs"]
mod synth;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use okr::check::{self, CheckOptions};

const RUNS: usize = 9;

fn time_in_process(root: &Path, options: &CheckOptions) -> (Duration, usize) {
    let mut findings = 0;
    let samples = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let report = check::run(root, options).expect("check runs");
            findings = report.diagnostics.len();
            start.elapsed()
        })
        .collect();
    (support::median(samples), findings)
}

fn main() {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 15).expect("valid date");
    let options = CheckOptions { as_of, ..Default::default() };
    println!("okr check, median of {RUNS} runs, {} threads", rayon::current_num_threads());
    println!("{:>6} {:>8} {:>12} {:>12} {:>9}", "files", "KRs", "in-process", "binary", "findings");
    for files in [10, 100, 1_000] {
        let size = synth::Size::with_files(files);
        let dir = tempfile::tempdir().expect("temp dir");
        synth::generate(dir.path(), size).expect("generate");
        let (in_process, findings) = time_in_process(dir.path(), &options);
        let args = ["check", "-q", "--as-of", "2026-11-15"].map(std::ffi::OsStr::new);
        let binary = support::time_binary(&[&args[..], &[dir.path().as_os_str()]].concat(), RUNS)
            .map_or_else(|| "(build --release)".to_owned(), |d| format!("{:.3} s", d.as_secs_f64()));
        println!(
            "{:>6} {:>8} {:>10.3} s {:>12} {:>9}",
            size.files(),
            size.key_results(),
            in_process.as_secs_f64(),
            binary,
            findings
        );
    }
}
