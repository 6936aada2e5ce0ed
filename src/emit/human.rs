//! `--format human`: rustc-style snippets with the offending span underlined.

use crate::words::count;
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::diagnostic::{Diagnostic, Severity, Summary};
use crate::inert::escape_control;
use crate::source::{Pos, SourceFile, SourceMap, Span};

/// Findings of one file shown with their source lines; the rest of that
/// file's findings are shown with their position only (every finding is
/// still reported), so a file of 50,000 findings costs linear time.
pub(crate) const SNIPPETS_PER_FILE: usize = 50;

/// Renders every diagnostic and a closing summary line. Text from the
/// files (paths, keys, values quoted in messages, source lines) is shown
/// with control characters escaped, so that it cannot start a line of its
/// own (a `::warning` workflow command) or steer a terminal.
pub fn render_human(
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    summary: Summary,
    color: bool,
) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    // Every file a finding or a label points into, indexed once.
    let mut indexes: HashMap<&str, LineIndex<'_>> = HashMap::new();
    let named =
        diagnostics.iter().flat_map(|d| std::iter::once(&d.file).chain(d.labels.iter().map(|l| &l.file)));
    for file in named {
        if let (false, Some(source)) = (indexes.contains_key(file.as_str()), sources.get(file)) {
            indexes.insert(file.as_str(), LineIndex::new(source));
        }
    }
    let mut shown: HashMap<&str, usize> = HashMap::new();
    for diagnostic in diagnostics {
        let count = shown.entry(diagnostic.file.as_str()).or_default();
        *count += 1;
        let text = Text::of(diagnostic);
        let excerpts = if *count <= SNIPPETS_PER_FILE { excerpts(diagnostic, &indexes) } else { Vec::new() };
        out.push_str(&renderer.render(&[group(diagnostic, &text, &excerpts)]));
        out.push_str("\n\n");
        if *count == SNIPPETS_PER_FILE + 1 {
            out.push_str(&format!(
                "note: {} has more than {SNIPPETS_PER_FILE} findings; the rest are shown without their source lines\n\n",
                escape_control(&diagnostic.file)
            ));
        }
    }
    out.push_str(&summary_line(summary));
    out.push('\n');
    out
}

/// Byte offsets of a file's line starts, built once however many findings
/// point into it.
struct LineIndex<'s> {
    text: &'s str,
    starts: Vec<usize>,
}

impl<'s> LineIndex<'s> {
    fn new(source: &'s SourceFile) -> Self {
        let text = &*source.text;
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { text, starts }
    }

    /// The byte range of lines `first..=last` (1-based), without the last
    /// line break.
    fn lines(&self, first: u32, last: u32) -> Range<usize> {
        let start = self.line_start(first);
        let end = self.starts.get(last as usize).map_or(self.text.len(), |&next| next.saturating_sub(1));
        start..end.max(start)
    }

    fn line_start(&self, line: u32) -> usize {
        let index = (line.max(1) - 1) as usize;
        self.starts.get(index).copied().unwrap_or(self.text.len())
    }

    /// The byte offset of a position; past the end of its line or the text,
    /// the end of that line.
    fn offset(&self, pos: Pos) -> usize {
        let start = self.line_start(pos.line);
        let rest = &self.text[start..];
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let col = pos.col.saturating_sub(1) as usize;
        start + rest[..line_end].char_indices().nth(col).map_or(line_end, |(offset, _)| offset)
    }

    /// The range to underline: the span, or one character where it is
    /// empty, so the caret has something to point at.
    fn visible(&self, span: Span) -> Range<usize> {
        let start = self.offset(span.start);
        let end = self.offset(span.end).max(start);
        if end > start {
            return start..end;
        }
        let width =
            self.text[start..].chars().next().filter(|c| *c != '\n' && *c != '\r').map_or(0, char::len_utf8);
        start..start + width
    }
}

/// The texts of a finding, escaped for display.
struct Text<'d> {
    file: Cow<'d, str>,
    message: Cow<'d, str>,
    help: Option<Cow<'d, str>>,
    labels: Vec<Cow<'d, str>>,
    label_files: Vec<Cow<'d, str>>,
}

impl<'d> Text<'d> {
    fn of(diagnostic: &'d Diagnostic) -> Self {
        Text {
            file: escape_control(&diagnostic.file),
            message: escape_control(&diagnostic.message),
            help: diagnostic.help.as_deref().map(escape_control),
            labels: diagnostic.labels.iter().map(|l| escape_control(&l.message)).collect(),
            label_files: diagnostic.labels.iter().map(|l| escape_control(&l.file)).collect(),
        }
    }
}

/// The lines one snippet shows: the finding's own (with its labels in the
/// same file), or a label's in another file.
struct Excerpt {
    /// The lines, control characters replaced (byte lengths kept).
    text: String,
    first_line: usize,
    /// The label (`None`: the primary span) and the range in `text`.
    annotations: Vec<(Option<usize>, Range<usize>)>,
    /// The label whose file this is, for a snippet of another file.
    other_file: Option<usize>,
}

fn excerpts(diagnostic: &Diagnostic, indexes: &HashMap<&str, LineIndex<'_>>) -> Vec<Excerpt> {
    let mut out = Vec::new();
    if let Some(index) = indexes.get(diagnostic.file.as_str()) {
        let spans: Vec<(Option<usize>, Span)> = std::iter::once((None, diagnostic.span))
            .chain(
                diagnostic
                    .labels
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.file == diagnostic.file)
                    .map(|(i, l)| (Some(i), l.span)),
            )
            .collect();
        out.push(excerpt(index, &spans, None));
    }
    for (i, label) in diagnostic.labels.iter().enumerate().filter(|(_, l)| l.file != diagnostic.file) {
        if let Some(index) = indexes.get(label.file.as_str()) {
            out.push(excerpt(index, &[(Some(i), label.span)], Some(i)));
        }
    }
    out
}

fn excerpt(index: &LineIndex<'_>, spans: &[(Option<usize>, Span)], other_file: Option<usize>) -> Excerpt {
    let first = spans.iter().map(|(_, s)| s.start.line).min().unwrap_or(1).max(1);
    let last = spans.iter().map(|(_, s)| s.end.line.max(s.start.line)).max().unwrap_or(first);
    let lines = index.lines(first, last);
    let annotations = spans
        .iter()
        .map(|(label, span)| {
            let range = index.visible(*span);
            let start = range.start.clamp(lines.start, lines.end) - lines.start;
            let end = range.end.clamp(lines.start, lines.end) - lines.start;
            (*label, start..end.max(start))
        })
        .collect();
    Excerpt {
        text: same_length_printable(&index.text[lines]),
        first_line: first as usize,
        annotations,
        other_file,
    }
}

fn group<'a>(diagnostic: &'a Diagnostic, text: &'a Text<'a>, excerpts: &'a [Excerpt]) -> Group<'a> {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(&*text.message).id(diagnostic.rule.as_str());
    let mut group = if excerpts.first().is_some_and(|e| e.other_file.is_none()) {
        Group::with_title(title)
    } else {
        title.element(
            Origin::path(&*text.file)
                .line(diagnostic.span.start.line as usize)
                .char_column(diagnostic.span.start.col as usize),
        )
    };
    for excerpt in excerpts {
        let path = excerpt.other_file.map_or(&*text.file, |i| &*text.label_files[i]);
        let mut snippet =
            Snippet::source(excerpt.text.as_str()).path(path).line_start(excerpt.first_line).fold(true);
        for (label, range) in &excerpt.annotations {
            snippet = snippet.annotation(match label {
                None => AnnotationKind::Primary.span(range.clone()),
                Some(i) => AnnotationKind::Context.span(range.clone()).label(&*text.labels[*i]),
            });
        }
        group = group.element(snippet);
    }
    if let Some(help) = &text.help {
        group = group.element(Level::HELP.message(&**help));
    }
    group
}

/// `text` with each control character but tab and line breaks replaced by
/// `?` bytes, one per byte, so that every byte offset stays where it was.
fn same_length_printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && !matches!(c, '\n' | '\r' | '\t') {
                "?".repeat(c.len_utf8())
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn summary_line(summary: Summary) -> String {
    let files = count(summary.files, "file", "files");
    match (summary.errors, summary.warnings) {
        (0, 0) => format!("checked {files}: no problems"),
        (errors, warnings) => {
            format!(
                "checked {files}: {}, {}",
                count(errors, "error", "errors"),
                count(warnings, "warning", "warnings")
            )
        }
    }
}
