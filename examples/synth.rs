//! Writes a synthetic OKR repository for benchmarks and profiling.
//!
//! `cargo run --release --example synth -- DIR [FILES]` writes FILES team
//! files (default 1,000) of 16 key results each into DIR.

#[path = "../benches/synth/mod.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: synth DIR [FILES]");
        return ExitCode::from(2);
    };
    let files = args.next().and_then(|n| n.parse().ok()).unwrap_or(1_000);
    let size = synth::Size::with_files(files);
    if let Err(error) = std::fs::create_dir_all(&dir).and_then(|()| synth::generate(&dir, size)) {
        eprintln!("error: {error}");
        return ExitCode::FAILURE;
    }
    println!("wrote {} files, {} key results to {}", size.files(), size.key_results(), dir.display());
    ExitCode::SUCCESS
}
