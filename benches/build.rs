//! `okr build` on generated repositories of 10 to 1,000 team files.
//!
//! `cargo bench --bench build` prints, per size, the median wall time of the
//! in-process stages (rollup, render every page, write the site) and of the
//! release binary end to end (check, rollup, render, write).
//! Target: 1,000 files / 16,000 key results under 2 s on 2 cores.
#![allow(clippy::expect_used, reason = "a benchmark aborts when its own setup fails")]

#[path = "support/mod.rs"]
mod support;
#[path = "synth/mod.rs"]
mod synth;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use okr::check::{self, CheckOptions};
use okr::render::site::{output, render_site, SiteOptions};
use okr::rollup::rollup;

const RUNS: usize = 5;

/// Rollup, render and write, from an already checked workspace.
fn time_stages(root: &Path, out: &Path, as_of: NaiveDate) -> (Duration, Duration, Duration, usize) {
    let report = check::run(root, &CheckOptions { as_of, ..Default::default() }).expect("check runs");
    let workspace = report.workspace.expect("generated repository loads");
    let options = SiteOptions { as_of, base_url: "/".into(), trends: None, repository_prefix: String::new() };
    let mut pages = 0;
    let (mut rollups, mut renders, mut writes) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let start = Instant::now();
        let rolled = rollup(&workspace, as_of);
        rollups.push(start.elapsed());
        let start = Instant::now();
        let site = render_site(&workspace, &rolled, &options).expect("renders");
        renders.push(start.elapsed());
        pages = site.files.len();
        let start = Instant::now();
        output::render_and_write(out, |sink| {
            for (path, bytes) in &site.files {
                sink.put(path.clone(), bytes.clone())?;
            }
            Ok(site.files.len())
        })
        .expect("writes");
        writes.push(start.elapsed());
    }
    (support::median(rollups), support::median(renders), support::median(writes), pages)
}

fn main() {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 15).expect("valid date");
    println!("okr build, median of {RUNS} runs, {} threads", rayon::current_num_threads());
    println!(
        "{:>6} {:>8} {:>7} {:>10} {:>10} {:>10} {:>12}",
        "files", "KRs", "pages", "rollup", "render", "write", "binary"
    );
    for files in [10, 100, 1_000] {
        let size = synth::Size::with_files(files);
        let dir = tempfile::tempdir().expect("temp dir");
        synth::generate(dir.path(), size).expect("generate");
        let out = tempfile::tempdir().expect("temp dir");
        let site_dir = out.path().join("site");
        let (rolled, rendered, written, pages) = time_stages(dir.path(), &site_dir, as_of);
        let binary_site = out.path().join("binary-site");
        let args = ["build", "-q", "--as-of", "2026-11-15", "--out"].map(std::ffi::OsStr::new);
        let binary = support::time_binary(
            &[&args[..], &[binary_site.as_os_str(), dir.path().as_os_str()]].concat(),
            RUNS,
        )
        .map_or_else(|| "(build --release)".to_owned(), |d| format!("{:.3} s", d.as_secs_f64()));
        println!(
            "{:>6} {:>8} {:>7} {:>8.3} s {:>8.3} s {:>8.3} s {:>12}",
            size.files(),
            size.key_results(),
            pages,
            rolled.as_secs_f64(),
            rendered.as_secs_f64(),
            written.as_secs_f64(),
            binary
        );
    }
}
