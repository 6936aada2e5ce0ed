//! Source files as loaded from disk, and positions inside them.
//!
//! Positions come from the YAML parser as character indexes with a line and a
//! column; this module owns the conversion to what users see (1-based line and
//! column) and to byte ranges for snippet rendering.

use std::collections::BTreeMap;
use std::ops::Range;

/// A position in a source file: 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// A range of source text, start inclusive, end exclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    /// The empty span at the very start of a file.
    pub const START: Span = Span { start: Pos { line: 1, col: 1 }, end: Pos { line: 1, col: 1 } };

    /// Converts a span of `saphyr-parser`, whose columns count from 0.
    pub(crate) fn from_marker_span(span: &saphyr_parser::Span) -> Span {
        Span { start: pos_from_marker(&span.start), end: pos_from_marker(&span.end) }
    }

    /// An empty span at a parser marker (used for scan errors).
    pub(crate) fn at_marker(marker: &saphyr_parser::Marker) -> Span {
        let pos = pos_from_marker(marker);
        Span { start: pos, end: pos }
    }
}

fn pos_from_marker(marker: &saphyr_parser::Marker) -> Pos {
    Pos { line: clamp_u32(marker.line().max(1)), col: clamp_u32(marker.col().saturating_add(1)) }
}

fn clamp_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// One source file: its path relative to the OKR root (with `/` separators)
/// and its text (without a byte-order mark).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    /// Shared with the file's span map, which may parse it again.
    pub text: std::sync::Arc<str>,
}

impl SourceFile {
    /// The byte range of `span` in the text, for snippet rendering. Spans that
    /// fall outside the text (they never should) are clamped to it.
    pub fn byte_range(&self, span: Span) -> Range<usize> {
        let start = self.byte_offset(span.start);
        let end = self.byte_offset(span.end).max(start);
        start..end
    }

    fn byte_offset(&self, pos: Pos) -> usize {
        let line_start = self.line_start(pos.line);
        let rest = &self.text[line_start..];
        let col = pos.col.saturating_sub(1) as usize;
        let within_line = rest
            .char_indices()
            .take_while(|(_, c)| *c != '\n')
            .nth(col)
            .map_or_else(|| rest.find('\n').unwrap_or(rest.len()), |(offset, _)| offset);
        line_start + within_line
    }

    /// Byte offset where 1-based `line` starts; the end of the text if there is
    /// no such line.
    fn line_start(&self, line: u32) -> usize {
        if line <= 1 {
            return 0;
        }
        self.text.match_indices('\n').nth(line as usize - 2).map_or(self.text.len(), |(offset, _)| offset + 1)
    }
}

/// Every file that diagnostics may point into, by relative path.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: BTreeMap<String, SourceFile>,
}

impl Extend<SourceFile> for SourceMap {
    fn extend<I: IntoIterator<Item = SourceFile>>(&mut self, files: I) {
        for file in files {
            self.insert(file);
        }
    }
}

impl SourceMap {
    pub fn insert(&mut self, file: SourceFile) {
        self.files.insert(file.path.clone(), file);
    }

    pub fn get(&self, path: &str) -> Option<&SourceFile> {
        self.files.get(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile { path: "f.yaml".into(), text: text.into() }
    }

    fn pos(line: u32, col: u32) -> Pos {
        Pos { line, col }
    }

    #[test]
    fn byte_range_counts_characters_not_bytes() {
        let f = file("a: b\ntitle: Größe über\n");
        let span = Span { start: pos(2, 8), end: pos(2, 13) };
        assert_eq!(&f.text[f.byte_range(span)], "Größe");
    }

    #[test]
    fn byte_range_past_the_end_is_clamped() {
        let f = file("a: b");
        let span = Span { start: pos(9, 9), end: pos(9, 12) };
        assert_eq!(f.byte_range(span), 4..4);
        let span = Span { start: pos(1, 4), end: pos(1, 90) };
        assert_eq!(&f.text[f.byte_range(span)], "b");
    }
}
