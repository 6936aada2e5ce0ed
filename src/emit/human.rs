//! `--format human`: rustc-style snippets with the offending span underlined.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::diagnostic::{Diagnostic, Severity, Summary};
use crate::source::{SourceFile, SourceMap, Span};

/// Renders every diagnostic and a closing summary line.
pub fn render_human(
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    summary: Summary,
    color: bool,
) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&renderer.render(&[group(diagnostic, sources)]));
        out.push_str("\n\n");
    }
    out.push_str(&summary_line(summary));
    out.push('\n');
    out
}

fn group<'a>(diagnostic: &'a Diagnostic, sources: &'a SourceMap) -> Group<'a> {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(diagnostic.message.as_str()).id(diagnostic.rule);
    let mut group = match sources.get(&diagnostic.file) {
        Some(source) => {
            let mut snippet = Snippet::source(&*source.text)
                .path(diagnostic.file.as_str())
                .fold(true)
                .annotation(AnnotationKind::Primary.span(visible_range(source, diagnostic.span)));
            for label in diagnostic.labels.iter().filter(|l| l.file == diagnostic.file) {
                snippet = snippet.annotation(
                    AnnotationKind::Context
                        .span(visible_range(source, label.span))
                        .label(label.message.as_str()),
                );
            }
            title.element(snippet)
        }
        None => title.element(
            Origin::path(diagnostic.file.as_str())
                .line(diagnostic.span.start.line as usize)
                .char_column(diagnostic.span.start.col as usize),
        ),
    };
    for label in diagnostic.labels.iter().filter(|l| l.file != diagnostic.file) {
        if let Some(source) = sources.get(&label.file) {
            group = group.element(
                Snippet::source(&*source.text).path(label.file.as_str()).fold(true).annotation(
                    AnnotationKind::Context
                        .span(visible_range(source, label.span))
                        .label(label.message.as_str()),
                ),
            );
        }
    }
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    group
}

/// The byte range to underline: the span, or one character where the span is
/// empty so the caret has something to point at.
fn visible_range(source: &SourceFile, span: Span) -> Range<usize> {
    let range = source.byte_range(span);
    if !range.is_empty() {
        return range;
    }
    let width = source.text[range.start..]
        .chars()
        .next()
        .filter(|c| *c != '\n' && *c != '\r')
        .map_or(0, char::len_utf8);
    range.start..range.start + width
}

fn summary_line(summary: Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let files = plural(summary.files, "file");
    match (summary.errors, summary.warnings) {
        (0, 0) => format!("checked {files}: no problems"),
        (errors, warnings) => {
            format!("checked {files}: {}, {}", plural(errors, "error"), plural(warnings, "warning"))
        }
    }
}
