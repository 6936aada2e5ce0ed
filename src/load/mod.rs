//! Discovering and reading OKR files: root discovery, the file walk, size and
//! encoding limits, and YAML parsing with spans.

pub mod discover;
pub mod yaml;

use std::collections::HashSet;
use std::fs::File;
use std::io::Read;
use std::path::Path;

pub use discover::{discover_files, find_root, CONFIG_FILE};
pub use yaml::{Document, Parsed, SpanMap};

use crate::diagnostic::Diagnostic;
use crate::source::{Pos, SourceFile, Span};

/// Largest OKR or config file okr reads.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A file read and parsed: its text (when it could be read as UTF-8) and the
/// parse outcome.
#[derive(Debug)]
pub struct LoadedFile {
    pub source: Option<SourceFile>,
    pub parsed: Parsed,
}

impl LoadedFile {
    fn failed(diagnostic: Diagnostic) -> Self {
        let parsed = Parsed { document: None, diagnostics: vec![diagnostic], poisoned: HashSet::default() };
        LoadedFile { source: None, parsed }
    }
}

/// Reads `root/relative` and parses it. Problems become `yaml-syntax`
/// diagnostics on the file; this never fails.
pub fn load_file(root: &Path, relative: &str) -> LoadedFile {
    let text = match read_text(&root.join(relative), relative) {
        Ok(text) => text,
        Err(diagnostic) => return LoadedFile::failed(*diagnostic),
    };
    let parsed = yaml::parse(relative, &text);
    LoadedFile { source: Some(SourceFile { path: relative.to_owned(), text }), parsed }
}

/// Reads a file as UTF-8 text within the size limit, removing a byte-order
/// mark.
fn read_text(path: &Path, relative: &str) -> Result<String, Box<Diagnostic>> {
    let fail = |span: Span, message: String, help: &str| {
        Box::new(Diagnostic::new("yaml-syntax", relative, span, message).with_help(help))
    };
    let too_large = |size: u64| {
        fail(
            Span::START,
            format!("file is {size} bytes; okr reads files of at most {MAX_FILE_BYTES} bytes (1 MiB)"),
            "split the file, e.g. one file per team and cycle",
        )
    };
    let file = File::open(path).map_err(|error| {
        fail(Span::START, format!("cannot read file: {error}"), "check the file's permissions")
    })?;
    if let Ok(metadata) = file.metadata() {
        if metadata.len() > MAX_FILE_BYTES {
            return Err(too_large(metadata.len()));
        }
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|error| {
        fail(Span::START, format!("cannot read file: {error}"), "check the file's permissions")
    })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    let text = String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let span = position_after(valid);
        fail(span, "file is not valid UTF-8".into(), "save the file as UTF-8")
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// The position right after `valid` (a valid UTF-8 prefix).
fn position_after(valid: &[u8]) -> Span {
    let text = String::from_utf8_lossy(valid);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let line = text.matches('\n').count() + 1;
    let col = text.rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
    let pos =
        Pos { line: u32::try_from(line).unwrap_or(u32::MAX), col: u32::try_from(col).unwrap_or(u32::MAX) };
    Span { start: pos, end: pos }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_points_at_the_first_bad_byte() {
        let span = position_after(b"a: 1\nb: x");
        assert_eq!((span.start.line, span.start.col), (2, 5));
    }
}
