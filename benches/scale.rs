//! okr at scale, side by side with its peers.
//!
//! `cargo bench --bench scale` generates repositories of 10, 100, 1,000 and
//! 6,250 team files (160 to 100,000 key results, each with a git history of
//! 20 commits) and runs `okr check`, `export`, `build`, `history` and `diff`
//! on each through the release binary, recording the median wall time and
//! the peak memory (maximum resident set size) of every command. On the same
//! team files it runs `check-jsonschema` against `schemas/okr.schema.json`
//! and Python's C-accelerated YAML loader alone, when they are installed
//! (`benches/peers.sh` installs them and runs this in one command).
//!
//! It prints a Markdown table and writes `target/bench/scale.csv` and the
//! time-against-size curve `target/bench/scale.svg`.
//!
//! `OKR_BENCH_SIZES=10,100` limits the sizes; `OKR_BENCH_KEEP=DIR` keeps the
//! generated repositories in DIR; `OKR_BENCH_PEERS_ALL=1` runs
//! check-jsonschema above 1,000 files too (about 10 minutes at 6,250).
#![allow(clippy::expect_used, reason = "a benchmark aborts when its own setup fails")]

#[path = "synth/mod.rs"]
mod synth;

use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// The first argument that makes this binary measure one command (run as a
/// child of its own, so that the peak memory of its children is that
/// command's alone).
const MEASURE: &str = "--measure-one-command";
const SIZES: [usize; 4] = [10, 100, 1_000, 6_250];
const COMMITS: usize = 20;
const AS_OF: &str = "2026-11-15";
/// The C loader on every file named on the command line, nothing else.
const CLOADER: &str = "import sys, yaml\nfor path in sys.argv[1:]:\n    with open(path, 'rb') as f:\n        yaml.load(f, Loader=yaml.CSafeLoader)\n";

/// One command's figures at one size.
struct Measured {
    wall: Duration,
    peak_mb: f64,
}

/// Seconds, and peak megabytes, from the targets on 2 cores.
type Target = (f64, Option<f64>);

struct Row {
    files: usize,
    key_results: usize,
    tool: &'static str,
    figures: Option<Measured>,
    target: Option<Target>,
}

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    if args.next().as_deref() == Some(OsStr::new(MEASURE)) {
        return measure_child(&args.collect::<Vec<_>>());
    }
    let release = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/okr");
    if !release.exists() {
        eprintln!("build the release binary first: cargo build --release");
        return ExitCode::FAILURE;
    }
    let sizes = sizes();
    let peers = Peers::find();
    println!(
        "okr at scale: median wall time and peak memory, through the release binary, {} cores",
        std::thread::available_parallelism().map_or(1, usize::from)
    );
    println!(
        "check-jsonschema: {}",
        peers.check_jsonschema.as_deref().unwrap_or("not installed (benches/peers.sh)")
    );
    println!(
        "Python yaml.CSafeLoader: {}\n",
        if peers.cloader { "yes" } else { "not installed (benches/peers.sh)" }
    );
    println!("| team files | key results | command | median | peak memory | per 1,000 KRs | target |");
    println!("|---:|---:|---|---:|---:|---:|---:|");
    let mut rows = Vec::new();
    // Every size's folders are deleted at the end only: on ext4 without a
    // journal (this machine), files created within seconds of deleting many
    // others are several times slower to create (docs/performance.md), which
    // would time the disk rather than okr in the next size's builds.
    let mut folders = Vec::new();
    for files in sizes {
        let (measured, folder) = measure_size(&release, files, &peers);
        rows.extend(measured);
        folders.push(folder);
    }
    write_outputs(&rows);
    drop(folders);
    ExitCode::SUCCESS
}

fn sizes() -> Vec<usize> {
    std::env::var("OKR_BENCH_SIZES")
        .ok()
        .map(|list| list.split(',').filter_map(|n| n.trim().parse().ok()).collect::<Vec<usize>>())
        .filter(|list| !list.is_empty())
        .unwrap_or_else(|| SIZES.to_vec())
}

/// The peers found on this machine.
struct Peers {
    /// `check-jsonschema --version`'s answer.
    check_jsonschema: Option<String>,
    cloader: bool,
}

impl Peers {
    fn find() -> Self {
        let version =
            Command::new("check-jsonschema").arg("--version").output().ok().filter(|o| o.status.success());
        let cloader = Command::new("python3")
            .args(["-c", "import yaml; yaml.CSafeLoader"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        Peers {
            check_jsonschema: version.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned()),
            cloader,
        }
    }
}

/// Generates one repository and measures every command on it; the rows, and
/// the temporary folder that holds the repository and the sites built.
fn measure_size(okr: &Path, files: usize, peers: &Peers) -> (Vec<Row>, tempfile::TempDir) {
    let size = synth::Size::with_files(files);
    let temp = tempfile::tempdir().expect("temp dir");
    let root = std::env::var_os("OKR_BENCH_KEEP")
        .map_or_else(|| temp.path().join("repo"), |keep| PathBuf::from(keep).join(format!("files-{files}")));
    if root.exists() {
        std::fs::remove_dir_all(&root).expect("remove an earlier kept repository");
    }
    std::fs::create_dir_all(&root).expect("create folder");
    synth::generate(&root, size).expect("generate");
    synth::commit_history(&root, COMMITS).expect("commit history");
    // Each build writes a fresh site, as a CI job does: rebuilding over the
    // last one would also time deleting its 31,000 files, and on ext4
    // without a journal (this machine) creating files right after deleting
    // that many is several times slower (docs/performance.md).
    let out_dir = temp.path().join(format!("site-{RUN}"));
    let runs = if files > 1_000 { 3 } else { 5 };
    let key_results = size.key_results();
    let root_arg = root.as_os_str();
    let base = format!("HEAD~{}", COMMITS - 1);
    let okr_commands: [(&'static str, Vec<&OsStr>, Option<Target>); 5] = [
        (
            "okr check",
            os(&["check", "-q", "--as-of", AS_OF]).chain([root_arg]).collect(),
            check_target(files),
        ),
        ("okr export", os(&["export", "-q", "--as-of", AS_OF]).chain([root_arg]).collect(), None),
        (
            "okr build",
            os(&["build", "-q", "--as-of", AS_OF, "--out"]).chain([out_dir.as_os_str(), root_arg]).collect(),
            build_target(files),
        ),
        ("okr history", os(&["history", "-q", "--root"]).chain([root_arg]).collect(), None),
        (
            "okr diff",
            os(&["diff", "-q", "--root"]).chain([root_arg, OsStr::new(&base), OsStr::new("HEAD")]).collect(),
            None,
        ),
    ];
    let mut rows = Vec::new();
    for (tool, args, target) in okr_commands {
        let figures = measure(okr.as_os_str(), &args, runs);
        rows.push(Row { files: size.files(), key_results, tool, figures, target });
        print_row(rows.last().expect("just pushed"));
    }
    let team_files = synth::team_files(&root);
    // The peers are slow: fewer runs of them at the largest sizes.
    let peer_runs = if files >= 1_000 { 1 } else { runs };
    // check-jsonschema takes about 90 s per 1,000 files: above that size only
    // on request.
    let all_peers = std::env::var_os("OKR_BENCH_PEERS_ALL").is_some();
    if peers.check_jsonschema.is_some() && (files <= 1_000 || all_peers) {
        let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/okr.schema.json");
        let args: Vec<&OsStr> = [OsStr::new("--schemafile"), schema.as_os_str()]
            .into_iter()
            .chain(team_files.iter().map(|p| p.as_os_str()))
            .collect();
        let figures = measure(OsStr::new("check-jsonschema"), &args, peer_runs);
        rows.push(Row { files: size.files(), key_results, tool: "check-jsonschema", figures, target: None });
        print_row(rows.last().expect("just pushed"));
    }
    if peers.cloader {
        let args: Vec<&OsStr> = [OsStr::new("-c"), OsStr::new(CLOADER)]
            .into_iter()
            .chain(team_files.iter().map(|p| p.as_os_str()))
            .collect();
        let figures = measure(OsStr::new("python3"), &args, peer_runs);
        rows.push(Row {
            files: size.files(),
            key_results,
            tool: "Python CSafeLoader",
            figures,
            target: None,
        });
        print_row(rows.last().expect("just pushed"));
    }
    (rows, temp)
}

fn os<'a>(args: &'a [&'a str]) -> impl Iterator<Item = &'a OsStr> {
    args.iter().map(OsStr::new)
}

fn check_target(files: usize) -> Option<Target> {
    match files {
        1_000 => Some((0.3, None)),
        6_250 => Some((2.0, Some(1024.0))),
        _ => None,
    }
}

fn build_target(files: usize) -> Option<Target> {
    match files {
        1_000 => Some((2.0, None)),
        6_250 => Some((10.0, Some(1024.0))),
        _ => None,
    }
}

/// In an argument, replaced by the number of the run.
const RUN: &str = "{run}";

/// The median wall time and the largest peak memory of `runs` runs of
/// `program args` ([`RUN`] in an argument replaced by the run's number),
/// each in a fresh measuring child; `None` if it failed.
fn measure(program: &OsStr, args: &[&OsStr], runs: usize) -> Option<Measured> {
    let this = std::env::current_exe().expect("own path");
    let mut walls = Vec::new();
    let mut peak_kb = 0_u64;
    for run in 0..runs {
        let args = args.iter().map(|arg| match arg.to_str() {
            Some(text) if text.contains(RUN) => OsString::from(text.replace(RUN, &run.to_string())),
            _ => arg.to_os_string(),
        });
        let output =
            Command::new(&this).arg(MEASURE).arg(program).args(args).output().expect("measuring child runs");
        let text = String::from_utf8_lossy(&output.stdout);
        let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().ok());
        let (Some(Some(nanos)), Some(Some(kb))) = (fields.next(), fields.next()) else {
            eprintln!(
                "{} failed: {}",
                program.to_string_lossy(),
                String::from_utf8_lossy(&output.stderr).trim()
            );
            return None;
        };
        walls.push(Duration::from_nanos(nanos));
        peak_kb = peak_kb.max(kb);
    }
    walls.sort();
    Some(Measured { wall: walls[walls.len() / 2], peak_mb: peak_kb as f64 / 1024.0 })
}

/// In the measuring child: runs the command (standard output discarded) and
/// prints its wall time in nanoseconds and its peak memory in kilobytes.
fn measure_child(command: &[OsString]) -> ExitCode {
    let Some((program, args)) = command.split_first() else { return ExitCode::FAILURE };
    let start = Instant::now();
    let output = Command::new(program).args(args).stdout(Stdio::null()).stderr(Stdio::piped()).output();
    let wall = start.elapsed();
    match output {
        Ok(output) if output.status.success() => {}
        Ok(output) => {
            eprintln!("{}: {}", output.status, String::from_utf8_lossy(&output.stderr).trim());
            return ExitCode::FAILURE;
        }
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    }
    let Ok(usage) = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN) else {
        return ExitCode::FAILURE;
    };
    // Linux reports ru_maxrss in kilobytes.
    println!("{} {}", wall.as_nanos(), usage.max_rss());
    ExitCode::SUCCESS
}

fn print_row(row: &Row) {
    let (median, peak, per) = row.figures.as_ref().map_or_else(
        || ("failed".to_owned(), String::new(), String::new()),
        |m| {
            let seconds = m.wall.as_secs_f64();
            (
                format!("{seconds:.3} s"),
                format!("{:.0} MB", m.peak_mb),
                format!("{:.1} ms", seconds * 1_000_000.0 / row.key_results as f64),
            )
        },
    );
    let target = row.target.map_or_else(String::new, |(seconds, memory)| {
        let mut text = format!("{seconds} s");
        if let Some(mb) = memory {
            let _ = write!(text, ", {:.0} GB", mb / 1024.0);
        }
        let met = row
            .figures
            .as_ref()
            .is_some_and(|m| m.wall.as_secs_f64() <= seconds && memory.is_none_or(|mb| m.peak_mb <= mb));
        text.push_str(if met { " ✓" } else { " ✗" });
        text
    });
    println!(
        "| {} | {} | {} | {median} | {peak} | {per} | {target} |",
        thousands(row.files),
        thousands(row.key_results),
        row.tool
    );
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The comparison with the peers, the CSV and the curve.
fn write_outputs(rows: &[Row]) {
    println!("\n| team files | okr check | check-jsonschema | okr is faster by | CSafeLoader alone | okr is faster by |");
    println!("|---:|---:|---:|---:|---:|---:|");
    let mut files: Vec<usize> = rows.iter().map(|r| r.files).collect();
    files.dedup();
    let seconds = |files: usize, tool: &str| {
        rows.iter()
            .find(|r| r.files == files && r.tool == tool)
            .and_then(|r| r.figures.as_ref())
            .map(|m| m.wall.as_secs_f64())
    };
    for &n in &files {
        let Some(okr) = seconds(n, "okr check") else { continue };
        let cell = |peer: Option<f64>| {
            peer.map_or_else(
                || ("–".to_owned(), "–".to_owned()),
                |p| (format!("{p:.3} s"), format!("{:.0}×", p / okr)),
            )
        };
        let (schema, schema_ratio) = cell(seconds(n, "check-jsonschema"));
        let (loader, loader_ratio) = cell(seconds(n, "Python CSafeLoader"));
        println!("| {} | {okr:.3} s | {schema} | {schema_ratio} | {loader} | {loader_ratio} |", thousands(n));
    }
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&out).expect("create target/bench");
    let mut csv = String::from("team_files,key_results,command,median_seconds,peak_mb\n");
    for row in rows {
        if let Some(m) = &row.figures {
            let _ = writeln!(
                csv,
                "{},{},{},{:.4},{:.1}",
                row.files,
                row.key_results,
                row.tool,
                m.wall.as_secs_f64(),
                m.peak_mb
            );
        }
    }
    std::fs::write(out.join("scale.csv"), csv).expect("write scale.csv");
    std::fs::write(out.join("scale.svg"), curve(rows)).expect("write scale.svg");
    println!("\nwrote target/bench/scale.csv and target/bench/scale.svg");
}

/// Wall time against key results, both on log scales, one line per command:
/// a straight line of slope 1 is linear growth.
fn curve(rows: &[Row]) -> String {
    const W: f64 = 640.0;
    const H: f64 = 400.0;
    const LEFT: f64 = 70.0;
    const BOTTOM: f64 = 50.0;
    let points: Vec<(&str, f64, f64)> = rows
        .iter()
        .filter_map(|r| {
            r.figures.as_ref().map(|m| (r.tool, r.key_results as f64, m.wall.as_secs_f64().max(0.001)))
        })
        .collect();
    let (x_min, x_max) = (100.0_f64.log10(), 1_000_000.0_f64.log10());
    let (y_min, y_max) = (0.001_f64.log10(), 1_000.0_f64.log10());
    let x = |v: f64| LEFT + (v.log10() - x_min) / (x_max - x_min) * (W - LEFT - 20.0);
    let y = |v: f64| (H - BOTTOM) - (v.log10() - y_min) / (y_max - y_min) * (H - BOTTOM - 20.0);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"{W}\" height=\"{H}\" fill=\"white\"/>\n"
    );
    for decade in 2..=6 {
        let v = 10f64.powi(decade);
        let label = thousands(10_usize.pow(decade.unsigned_abs()));
        let _ = writeln!(
            svg,
            "<line x1=\"{0:.1}\" y1=\"20\" x2=\"{0:.1}\" y2=\"{1}\" stroke=\"#ddd\"/><text x=\"{0:.1}\" y=\"{2}\" text-anchor=\"middle\">{3}</text>",
            x(v),
            H - BOTTOM,
            H - BOTTOM + 16.0,
            label
        );
    }
    for decade in -3..=3 {
        let v = 10f64.powi(decade);
        let _ = writeln!(
            svg,
            "<line x1=\"{LEFT}\" y1=\"{0:.1}\" x2=\"{1}\" y2=\"{0:.1}\" stroke=\"#ddd\"/><text x=\"{2}\" y=\"{3:.1}\" text-anchor=\"end\">{v} s</text>",
            y(v),
            W - 20.0,
            LEFT - 6.0,
            y(v) + 4.0
        );
    }
    let _ = writeln!(
        svg,
        "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">key results (log scale)</text>",
        f64::midpoint(LEFT, W),
        H - 10.0
    );
    let _ = writeln!(
        svg,
        "<text transform=\"rotate(-90)\" x=\"{:.1}\" y=\"16\" text-anchor=\"middle\">wall time (log scale)</text>",
        -(H - BOTTOM) / 2.0
    );
    let colours = ["#1b6ac9", "#2e8b57", "#b8860b", "#8a2be2", "#444", "#c0392b", "#e67e22"];
    let mut tools: Vec<&str> = points.iter().map(|p| p.0).collect();
    tools.dedup();
    tools.sort_unstable();
    tools.dedup();
    for (i, tool) in tools.iter().enumerate() {
        let colour = colours[i % colours.len()];
        let line: Vec<String> =
            points.iter().filter(|p| p.0 == *tool).map(|p| format!("{:.1},{:.1}", x(p.1), y(p.2))).collect();
        let _ = writeln!(
            svg,
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"/>",
            line.join(" ")
        );
        let _ = writeln!(
            svg,
            "<text x=\"{}\" y=\"{}\" fill=\"{colour}\">{tool}</text>",
            LEFT + 10.0,
            30.0 + 16.0 * i as f64
        );
    }
    svg.push_str("</svg>\n");
    svg
}
