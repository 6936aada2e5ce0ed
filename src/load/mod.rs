//! Discovering and reading OKR files: root discovery, the file walk, size and
//! encoding limits, and YAML parsing with spans.

pub mod discover;
pub mod pointer;
pub mod yaml;

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::Read;
use std::path::Path;

pub use discover::{discover_files, find_root, is_yaml_name, CONFIG_FILE};
pub use pointer::Pointer;
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

/// Why a file's bytes could not be had.
#[derive(Debug, Clone)]
pub enum ReadError {
    /// Larger than [`MAX_FILE_BYTES`]; the size in bytes.
    TooLarge(u64),
    /// Not UTF-8; the position of the first bad byte.
    NotUtf8(Span),
    /// A symbolic link, a folder or a special file where an OKR file was
    /// expected.
    NotAFile(NotAFile),
    /// A folder below the OKR folders that cannot be read (listed by
    /// discovery as `path/`); the error, as text.
    UnreadableFolder(String),
    /// A path with a control character (a newline, a tab, …): such names
    /// break every line-based output (CODEOWNERS, annotations, terminals).
    ControlCharacter,
    /// Any other failure, as text.
    Io(String),
}

/// What stands where [`discover_files`] expected a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAFile {
    /// A symbolic link: okr never follows links, which could point outside
    /// the repository or loop.
    Link,
    /// A folder named like a YAML file.
    Folder,
    /// A named pipe, socket or device named like a YAML file (reading it
    /// could block forever).
    Special,
}

/// Where the files of an OKR repository are read from: the work tree, or a
/// commit's tree in git. Paths are relative to the OKR root, `/`-separated.
pub trait FileSource: Sync {
    /// A file's bytes; larger files than [`MAX_FILE_BYTES`] are refused.
    fn read(&self, relative: &str) -> Result<Vec<u8>, ReadError>;
    /// Every `*.yaml`/`*.yml` file below the configured folders, sorted and
    /// without repeats (see [`discover_files`]).
    fn discover(&self, folders: &[String]) -> Vec<String>;
}

/// The files on disk below an OKR root.
#[derive(Debug, Clone, Copy)]
pub struct WorkTree<'a> {
    pub root: &'a Path,
}

impl FileSource for WorkTree<'_> {
    fn read(&self, relative: &str) -> Result<Vec<u8>, ReadError> {
        let io = |error: std::io::Error| ReadError::Io(error.to_string());
        let path = self.root.join(relative);
        if relative.ends_with('/') {
            let error = std::fs::read_dir(&path)
                .err()
                .map_or_else(|| "it could not be listed".into(), |e| e.to_string());
            return Err(ReadError::UnreadableFolder(error));
        }
        let kind = std::fs::symlink_metadata(&path).map_err(io)?.file_type();
        if kind.is_symlink() {
            return Err(ReadError::NotAFile(NotAFile::Link));
        }
        if kind.is_dir() {
            return Err(ReadError::NotAFile(NotAFile::Folder));
        }
        if !kind.is_file() {
            return Err(ReadError::NotAFile(NotAFile::Special));
        }
        let file = File::open(path).map_err(io)?;
        if let Ok(metadata) = file.metadata() {
            if metadata.len() > MAX_FILE_BYTES {
                return Err(ReadError::TooLarge(metadata.len()));
            }
        }
        let mut bytes = Vec::new();
        file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
        Ok(bytes)
    }

    fn discover(&self, folders: &[String]) -> Vec<String> {
        discover_files(self.root, folders)
    }
}

/// Another source with some files replaced or added in memory: edits are
/// checked this way before anything is written.
pub struct Overlay<'a> {
    pub base: &'a dyn FileSource,
    /// Paths relative to the root, with their new bytes.
    pub files: &'a BTreeMap<String, Vec<u8>>,
}

impl FileSource for Overlay<'_> {
    fn read(&self, relative: &str) -> Result<Vec<u8>, ReadError> {
        match self.files.get(relative) {
            Some(bytes) => Ok(bytes.clone()),
            None => self.base.read(relative),
        }
    }

    fn discover(&self, folders: &[String]) -> Vec<String> {
        let mut found = self.base.discover(folders);
        found.extend(self.files.keys().cloned());
        found.sort();
        found.dedup();
        found
    }
}

/// Reads `relative` from `source` and parses it. Problems become
/// `yaml-syntax` diagnostics on the file; this never fails.
pub fn load_file(source: &dyn FileSource, relative: &str) -> LoadedFile {
    if relative.chars().any(char::is_control) {
        return LoadedFile::failed(read_diagnostic(relative, ReadError::ControlCharacter));
    }
    load_bytes(relative, source.read(relative))
}

/// Parses a file's bytes as read (see [`load_file`]).
pub fn load_bytes(relative: &str, bytes: Result<Vec<u8>, ReadError>) -> LoadedFile {
    let text = match bytes.and_then(decode) {
        Ok(text) => text,
        Err(error) => return LoadedFile::failed(read_diagnostic(relative, error)),
    };
    let text: std::sync::Arc<str> = lone_carriage_returns_as_line_feeds(text).into();
    let parsed = yaml::parse_deferred(relative, &text);
    LoadedFile { source: Some(SourceFile { path: relative.to_owned(), text }), parsed }
}

/// YAML also ends a line at a carriage return alone (old Mac files); the
/// rest of okr counts lines by line feeds. Replacing each lone `\r` with
/// `\n` keeps every byte offset and makes both count the same lines.
fn lone_carriage_returns_as_line_feeds(text: String) -> String {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    // `contains` on bytes is a memchr: most files have no carriage return.
    if !bytes.contains(&b'\r') || !(0..bytes.len()).any(lone) {
        return text;
    }
    let mut out = text.clone().into_bytes();
    for (i, byte) in out.iter_mut().enumerate() {
        if lone(i) {
            *byte = b'\n';
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes: still UTF-8.
    String::from_utf8(out).unwrap_or(text)
}

fn read_diagnostic(relative: &str, error: ReadError) -> Diagnostic {
    match error {
        ReadError::TooLarge(size) => Diagnostic::new(
            crate::diagnostic::RuleId::YamlSyntax,
            relative,
            Span::START,
            format!("file is {size} bytes; okr reads files of at most {MAX_FILE_BYTES} bytes (1 MiB)"),
        )
        .with_help("split the file, e.g. one file per team and cycle"),
        ReadError::NotUtf8(span) => Diagnostic::new(crate::diagnostic::RuleId::YamlSyntax, relative, span, "file is not valid UTF-8")
            .with_help("save the file as UTF-8"),
        ReadError::NotAFile(NotAFile::Link) => Diagnostic::new(
            crate::diagnostic::RuleId::YamlSyntax,
            relative,
            Span::START,
            "this is a symbolic link; okr does not follow links, which could point outside the repository or loop",
        )
        .with_help("put the file itself here, or remove the link"),
        ReadError::NotAFile(NotAFile::Folder) => Diagnostic::new(
            crate::diagnostic::RuleId::YamlSyntax,
            relative,
            Span::START,
            "this is a folder named like a YAML file; every *.yaml and *.yml below the OKR folders is read as an OKR file",
        )
        .with_help("rename the folder so its name does not end in .yaml or .yml"),
        ReadError::NotAFile(NotAFile::Special) => Diagnostic::new(
            crate::diagnostic::RuleId::YamlSyntax,
            relative,
            Span::START,
            "this is not a regular file (a pipe, socket or device); okr reads only regular files",
        )
        .with_help("replace it with a regular file, or remove it"),
        ReadError::UnreadableFolder(error) => Diagnostic::new(
            crate::diagnostic::RuleId::YamlSyntax,
            relative,
            Span::START,
            format!("cannot read this folder ({error}); the OKR files in it are not checked"),
        )
        .with_help("make the folder readable (e.g. `chmod u+rx`), or move it out of the OKR folders"),
        ReadError::ControlCharacter => Diagnostic::new(
            crate::diagnostic::RuleId::YamlSyntax,
            relative,
            Span::START,
            "this path holds a control character (a line break, a tab, …), which would break CODEOWNERS, annotations and terminals",
        )
        .with_help("rename the file or folder to printable characters (OKR files are named `<cycle>/<team>.yaml`)"),
        ReadError::Io(error) => {
            Diagnostic::new(crate::diagnostic::RuleId::YamlSyntax, relative, Span::START, format!("cannot read file: {error}"))
                .with_help("check the file's permissions")
        }
    }
}

/// Bytes as UTF-8 text within the size limit, without a byte-order mark.
/// A file that is not UTF-8 is reported at its first bad byte.
fn decode(bytes: Vec<u8>) -> Result<String, ReadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    let text = String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        ReadError::NotUtf8(position_after(valid))
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
    fn a_lone_carriage_return_ends_a_line_as_it_does_in_yaml() {
        assert_eq!(lone_carriage_returns_as_line_feeds("a: 1\rb: 2\r\nc: 3".into()), "a: 1\nb: 2\r\nc: 3");
        assert_eq!(lone_carriage_returns_as_line_feeds("x\r".into()), "x\n");
    }

    #[test]
    fn invalid_utf8_points_at_the_first_bad_byte() {
        let span = position_after(b"a: 1\nb: x");
        assert_eq!((span.start.line, span.start.col), (2, 5));
    }
}
