//! Findings as data: one `Diagnostic` type that every output format renders.

use std::fmt;

use serde::Serialize;

use crate::source::Span;

/// How bad a finding is once the configured rule level has been applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary location that explains a finding, e.g. the first of two
/// duplicate ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub file: String,
    pub span: Span,
    pub message: String,
}

/// One finding of one rule at one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's kebab-case name, e.g. `unknown-owner`.
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Path relative to the OKR root, `/`-separated.
    pub file: String,
    pub span: Span,
    pub help: Option<String>,
    pub labels: Vec<Label>,
}

impl Diagnostic {
    /// A finding of `rule`; its severity is set from the rule's level when the
    /// check run finishes.
    pub fn new(rule: &'static str, file: &str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: Severity::Error,
            message: message.into(),
            file: file.to_owned(),
            span,
            help: None,
            labels: Vec::new(),
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_label(mut self, file: &str, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label { file: file.to_owned(), span, message: message.into() });
        self
    }

    /// The order diagnostics are printed in: by file, then position, then rule.
    pub fn sort_key(&self) -> (&str, u32, u32, &str, &str) {
        (&self.file, self.span.start.line, self.span.start.col, self.rule, &self.message)
    }
}

/// Sorts diagnostics into their stable output order and drops exact repeats.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup_by(|a, b| a.sort_key() == b.sort_key());
}

/// Counts of findings by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    pub fn new(files: usize, diagnostics: &[Diagnostic]) -> Self {
        let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        Summary { files, errors, warnings: diagnostics.len() - errors }
    }
}
