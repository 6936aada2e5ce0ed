//! `--format github`: GitHub Actions workflow commands, one annotation per
//! finding, and a Markdown summary of every finding for the job's page
//! (GitHub shows at most 10 annotations of a kind per step).

use std::fmt::Write as _;

use crate::diagnostic::{Diagnostic, Severity, Summary};
use crate::inert::{markdown_code, markdown_text};

/// Escapes a workflow command's message (`%`, CR, LF).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command's property value (also `:` and `,`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One `::error …::message` or `::warning …::message` line per finding.
/// Paths are relative to the repository's root: `prefix` is where the OKR
/// root is inside it.
pub fn render_github(diagnostics: &[Diagnostic], prefix: &str) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            let _ = write!(message, "\nhelp: {help}");
        }
        let _ = write!(
            out,
            "::{kind} file={},line={},col={}",
            escape_property(&format!("{prefix}{}", d.file)),
            d.span.start.line,
            d.span.start.col
        );
        if d.span.end.line >= d.span.start.line && d.span.end > d.span.start {
            let _ = write!(out, ",endLine={}", d.span.end.line);
            if d.span.end.line == d.span.start.line {
                let _ = write!(out, ",endColumn={}", d.span.end.col);
            }
        }
        let _ = writeln!(out, ",title={}::{}", escape_property(d.rule.as_str()), escape_data(&message));
    }
    out
}

/// Every finding as a Markdown table, for `$GITHUB_STEP_SUMMARY`.
pub fn render_step_summary(diagnostics: &[Diagnostic], summary: Summary, prefix: &str) -> String {
    let mut out = format!(
        "### okr check\n\n{} checked: **{}**, **{}**\n",
        crate::words::count(summary.files, "file", "files"),
        crate::words::count(summary.errors, "error", "errors"),
        crate::words::count(summary.warnings, "warning", "warnings")
    );
    if diagnostics.is_empty() {
        return out;
    }
    out.push_str("\n| | rule | where | finding |\n|---|---|---|---|\n");
    for d in diagnostics {
        let icon = match d.severity {
            Severity::Error => "❌ error",
            Severity::Warning => "⚠️ warning",
        };
        let help = d.help.as_deref().map(|h| format!("<br>help: {}", markdown_text(h))).unwrap_or_default();
        let place = format!("{prefix}{}:{}:{}", d.file, d.span.start.line, d.span.start.col);
        let _ = writeln!(
            out,
            "| {icon} | `{}` | {} | {}{help} |",
            d.rule.as_str(),
            markdown_code(&place),
            markdown_text(&d.message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_values_are_escaped() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
