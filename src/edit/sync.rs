//! `okr sync`: a key result's value read from its `source` (SPEC 5): a file
//! of the repository (JSON, YAML or CSV) or, only when asked, a command.

use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::load::{FileSource, WorkTree};
use crate::model::Source;

/// How long a source command may run before it is stopped.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);

/// What reading one key result's source gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    /// A value other than the latest check-in's: a check-in is recorded.
    New { before: Option<f64>, value: f64 },
    /// The latest check-in already has this value: nothing is added.
    Unchanged(f64),
    /// A command source without `--run-commands`.
    Skipped,
    /// The source gave no number; why.
    Failed(String),
}

/// The number `source` gives, read in the repository at `root`; commands
/// run only with `run_commands` (`Ok(None)` otherwise).
pub fn read(root: &Path, source: &Source, run_commands: bool) -> Result<Option<f64>, String> {
    match source {
        Source::File { file, pointer } => read_file(root, file, pointer).map(Some),
        Source::Command { .. } if !run_commands => Ok(None),
        Source::Command { command } => run(root, command).map(Some),
    }
}

fn read_file(root: &Path, file: &str, pointer: &str) -> Result<f64, String> {
    let inside = Path::new(file).components().all(|c| matches!(c, std::path::Component::Normal(_)));
    if file.is_empty() || !inside {
        return Err(format!("`{file}` is not a path inside the repository"));
    }
    if let Some(link) = crate::load::discover::first_link(root, file) {
        return Err(format!("`{link}` is a symbolic link; okr reads only the repository's own files"));
    }
    // Read as OKR files are: no links followed, at most 1 MiB.
    let bytes = WorkTree { root }.read(file).map_err(|e| match e {
        crate::load::ReadError::TooLarge(size) => {
            format!("`{file}` is {size} bytes; okr reads at most 1 MiB")
        }
        crate::load::ReadError::Io(error) => format!("cannot read `{file}`: {error}"),
        _ => format!("`{file}` is not a regular file of the repository"),
    })?;
    let text = String::from_utf8(bytes).map_err(|_| format!("`{file}` is not UTF-8"))?;
    if Path::new(file).extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) {
        return csv_cell(&text, file, pointer);
    }
    let parsed = crate::load::yaml::parse(file, &text);
    if let Some(first) = parsed.diagnostics.first() {
        return Err(format!("`{file}` line {}: {}", first.span.start.line, first.message));
    }
    let value = parsed.document.map_or(Value::Null, |d| d.value);
    let found = value.pointer(pointer).ok_or_else(|| format!("`{file}` has nothing at `{pointer}`"))?;
    number(found).ok_or_else(|| format!("`{file}` at `{pointer}` is not a number: {found}"))
}

/// `/KEY/COLUMN` of a CSV: the row whose first cell is KEY, the column
/// named COLUMN in the header.
fn csv_cell(text: &str, file: &str, pointer: &str) -> Result<f64, String> {
    let mut parts = pointer.strip_prefix('/').unwrap_or(pointer).splitn(2, '/');
    let (Some(key), Some(column)) = (parts.next(), parts.next()) else {
        return Err(format!("a CSV source's pointer is `/KEY/COLUMN`, not `{pointer}`"));
    };
    let mut reader =
        csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| format!("`{file}`: {e}"))?.clone();
    let at = header
        .iter()
        .position(|h| h == column)
        .ok_or_else(|| format!("`{file}` has no column `{column}`"))?;
    for record in reader.records() {
        let record = record.map_err(|e| format!("`{file}`: {e}"))?;
        if record.get(0) == Some(key) {
            let cell = record.get(at).unwrap_or_default();
            return cell
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| format!("`{file}` row `{key}`, column `{column}` is not a number: `{cell}`"));
        }
    }
    Err(format!("`{file}` has no row `{key}`"))
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|v| v.is_finite())
}

/// Runs `command` with `sh -c` in `root`; its standard output, trimmed, is
/// the number. Stopped after [`COMMAND_TIMEOUT`].
fn run(root: &Path, command: &str) -> Result<f64, String> {
    let mut child = Command::new("sh")
        .args(["-c", command])
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run `sh`: {e}"))?;
    let mut stdout = child.stdout.take().ok_or("no standard output")?;
    // Read in a thread, so a command that prints much cannot block on a full pipe.
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = (&mut stdout).take(64 * 1024).read_to_end(&mut out);
        out
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > COMMAND_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("the command did not finish within {} s", COMMAND_TIMEOUT.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(format!("cannot wait for the command: {e}")),
        }
    };
    let out = reader.join().unwrap_or_default();
    if !status.success() {
        return Err(format!("the command failed ({status})"));
    }
    let text = String::from_utf8_lossy(&out);
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| {
        let shown: String = text.trim().chars().take(60).collect();
        format!("the command printed `{}`, not a number", crate::inert::escape_control(&shown))
    })
}
