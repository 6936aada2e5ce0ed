//! A proptest smoke fuzzer that runs with `cargo test`: arbitrary bytes and
//! mutated OKR files go through the loader, every rule and the rollup, in
//! memory. Nothing may panic, and every finding must point into its file.

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;

use okr::check::{run_from, CheckOptions};
use okr::load::{FileSource, ReadError};

/// An OKR repository in memory: okr.yaml and one OKR file.
struct Memory(BTreeMap<String, Vec<u8>>);

impl FileSource for Memory {
    fn read(&self, relative: &str) -> Result<Vec<u8>, ReadError> {
        self.0.get(relative).cloned().ok_or_else(|| ReadError::Io("no such file".into()))
    }

    fn discover(&self, _folders: &[String]) -> Vec<String> {
        self.0.keys().filter(|p| p.starts_with("okrs/")).cloned().collect()
    }
}

const CONFIG: &str = include_str!("../fixtures/rules/okr.yaml");
const FILE: &str = include_str!("../fixtures/checkin/okrs/2026-Q4/platform.yaml");

/// Pieces of YAML and OKR structure to splice into a valid file.
const TOKENS: &[&str] = &[
    ":",
    ": ",
    "-",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\n",
    "\r\n",
    "  ",
    "\t",
    "&a ",
    "*a",
    "!!str ",
    "'",
    "\"",
    "#",
    "|",
    ">",
    "---\n",
    "...\n",
    "? ",
    "%YAML 1.2\n",
    "\u{feff}",
    "\u{0}",
    "1e400",
    "-.inf",
    "0x1F",
    "2026-02-30",
    "objectives:",
    "key_results:",
    "checkins:",
    "aligned_to: [a/b]",
    "id: x",
    "owner: zed",
    "kind: milestone",
    "weight: -1",
    "target: 0",
    "value: NaN",
    "done: yes",
    "é",
    "👍",
];

fn check(file: &[u8]) {
    let memory = Memory(BTreeMap::from([
        ("okr.yaml".to_owned(), CONFIG.as_bytes().to_vec()),
        ("okrs/2026-Q4/platform.yaml".to_owned(), file.to_vec()),
    ]));
    let options = CheckOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 15).unwrap_or_default(),
        ..Default::default()
    };
    let report =
        run_from(Path::new("."), &memory, &options).expect("a check run never fails on file content");
    let lines = u32::try_from(file.split(|b| *b == b'\n').count() + 1).unwrap_or(u32::MAX);
    for d in &report.diagnostics {
        assert!(d.span.start.line >= 1 && d.span.start.col >= 1, "{d:?}");
        if d.file == "okrs/2026-Q4/platform.yaml" {
            assert!(d.span.start.line <= lines, "{d:?} is past the end of a {lines}-line file");
        }
    }
    if let Some(workspace) = &report.workspace {
        let rollup = okr::rollup::rollup(workspace, options.as_of);
        for cycle in &rollup.cycles {
            assert!(cycle.progress.is_none_or(|p| (0.0..=1.0).contains(&p)), "{:?}", cycle.progress);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes);
    }

    #[test]
    fn mutated_okr_files_never_panic(
        edits in prop::collection::vec((0usize..FILE.len(), 0usize..TOKENS.len(), 0usize..12), 1..8)
    ) {
        let mut text = FILE.to_owned();
        for (at, token, cut) in edits {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + cut).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(at..end, TOKENS[token]);
        }
        check(text.as_bytes());
    }
}
