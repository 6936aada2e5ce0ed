//! The whole check (YAML, schema, every rule, the rollup) on one arbitrary
//! OKR file beside a fixed, valid okr.yaml: never a panic, and every finding
//! names a file and a position inside it.
#![no_main]

use std::collections::BTreeMap;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use okr::check::{self, CheckOptions};
use okr::load::{FileSource, ReadError};

const CONFIG: &str = "organisation: Fuzz Corp
paths: [okrs]
cycles:
  - { id: 2026-Q3, start: 2026-07-01, end: 2026-09-30, state: closed }
  - { id: 2026-Q4, start: 2026-10-01, end: 2026-12-31, state: active }
teams:
  - { id: eng, name: Engineering, lead: ada }
  - { id: platform, name: Platform, parent: eng, lead: bob }
people:
  - { id: ada, name: Ada, team: eng }
  - { id: bob, name: Bob, team: platform }
";

const FILE: &str = "okrs/2026-Q4/platform.yaml";

/// okr.yaml and the fuzzed file, in memory.
struct Files(BTreeMap<String, Vec<u8>>);

impl FileSource for Files {
    fn read(&self, relative: &str) -> Result<Vec<u8>, ReadError> {
        self.0.get(relative).cloned().ok_or_else(|| ReadError::Io("not found".to_owned()))
    }

    fn discover(&self, folders: &[String]) -> Vec<String> {
        self.0
            .keys()
            .filter(|path| folders.iter().any(|f| path.starts_with(&format!("{f}/"))))
            .cloned()
            .collect()
    }
}

fuzz_target!(|data: &[u8]| {
    let files = Files(BTreeMap::from([
        ("okr.yaml".to_owned(), CONFIG.as_bytes().to_vec()),
        (FILE.to_owned(), data.to_vec()),
    ]));
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 15).unwrap_or_default();
    let options = CheckOptions { as_of, ..Default::default() };
    let Ok(report) = check::run_from(Path::new("/nonexistent/okr-fuzz"), &files, &options) else { return };
    for diagnostic in &report.diagnostics {
        assert!(diagnostic.file == FILE || diagnostic.file == "okr.yaml", "{diagnostic:?}");
        assert!(diagnostic.span.start.line >= 1 && diagnostic.span.start.col >= 1, "{diagnostic:?}");
    }
});
