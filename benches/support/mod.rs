//! What the benchmarks share: the median of samples and timing the release
//! binary.
#![allow(clippy::expect_used, reason = "a benchmark aborts when its own setup fails")]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// `target/release/okr`, when it has been built.
fn release_binary() -> Option<PathBuf> {
    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/okr");
    binary.exists().then_some(binary)
}

/// The median wall time of `runs` runs of the release binary with `args`
/// (standard output discarded), each of which must succeed; `None` before `cargo build --release`.
pub(crate) fn time_binary(args: &[&std::ffi::OsStr], runs: usize) -> Option<Duration> {
    let binary = release_binary()?;
    let samples = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let status =
                Command::new(&binary).args(args).stdout(Stdio::null()).status().expect("binary runs");
            assert!(status.success(), "okr {args:?} must succeed on a generated repository");
            start.elapsed()
        })
        .collect();
    Some(median(samples))
}
