//! `--format json`: the versioned machine-readable form (SPEC section 8).

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity, Summary};

/// Version of the JSON format; bumped on any incompatible change.
pub(crate) const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    summary: Summary,
    diagnostics: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    file: &'a str,
    line: u32,
    column: u32,
    help: Option<&'a str>,
}

/// The JSON of a run that could not run at all (exit 2): the version, the
/// reason as `error`, and no findings, so a script reads why instead of
/// failing to parse an empty output.
pub fn render_json_error(reason: &str) -> String {
    #[derive(Serialize)]
    struct Failed<'a> {
        version: u32,
        error: &'a str,
        summary: Option<Summary>,
        diagnostics: [Entry<'a>; 0],
    }
    let failed = Failed { version: FORMAT_VERSION, error: reason, summary: None, diagnostics: [] };
    let mut text = serde_json::to_string_pretty(&failed).unwrap_or_default();
    text.push('\n');
    text
}

/// The whole report as one JSON object, with a trailing newline.
pub fn render_json(diagnostics: &[Diagnostic], summary: Summary) -> String {
    let output = Output {
        version: FORMAT_VERSION,
        summary,
        diagnostics: diagnostics
            .iter()
            .map(|d| Entry {
                rule: d.rule.as_str(),
                severity: d.severity,
                message: &d.message,
                file: &d.file,
                line: d.span.start.line,
                column: d.span.start.col,
                help: d.help.as_deref(),
            })
            .collect(),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&output).unwrap_or_default();
    text.push('\n');
    text
}
