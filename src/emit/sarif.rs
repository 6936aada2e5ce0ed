//! `--format sarif`: SARIF 2.1.0 for code scanning (GitHub and others), with
//! every rule's metadata from its documentation.

use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, Message, MultiformatMessageString, Notification,
    PhysicalLocation, Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult,
    ResultLevel, Run, Sarif, Tool, ToolComponent,
};

use crate::check::{registry, Rule};
use crate::config::Level;
use crate::diagnostic::{Diagnostic, Severity};

/// The base every result's path is relative to: the repository's root.
const SRCROOT: &str = "%SRCROOT%";

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Off => "none",
    }
}

/// A rule as SARIF describes it: id, the first sentence of "What it checks"
/// as the short description, its documentation as the full description and
/// help, its default level.
fn descriptor(rule: &Rule) -> ReportingDescriptor {
    let what = rule.summary();
    ReportingDescriptor::builder()
        .id(rule.name)
        .name(rule.name)
        .short_description(MultiformatMessageString::builder().text(what.clone()).build())
        .full_description(MultiformatMessageString::builder().text(what).build())
        .help(MultiformatMessageString::builder().text(rule.doc).markdown(rule.doc).build())
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::json!(level_name(rule.default_level)))
                .build(),
        )
        .build()
}

fn result(diagnostic: &Diagnostic, rules: &[Rule], prefix: &str) -> SarifResult {
    let span = diagnostic.span;
    let region = if span.end > span.start {
        Region::builder()
            .start_line(i64::from(span.start.line))
            .start_column(i64::from(span.start.col))
            .end_line(i64::from(span.end.line))
            .end_column(i64::from(span.end.col))
            .build()
    } else {
        Region::builder()
            .start_line(i64::from(span.start.line))
            .start_column(i64::from(span.start.col))
            .build()
    };
    let location = Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(
                    ArtifactLocation::builder()
                        .uri(uri(&format!("{prefix}{}", diagnostic.file)))
                        .uri_base_id(SRCROOT)
                        .build(),
                )
                .region(region)
                .build(),
        )
        .build();
    let text = match &diagnostic.help {
        Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
        None => diagnostic.message.clone(),
    };
    let level = match diagnostic.severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
    };
    let builder = SarifResult::builder()
        .message(Message::builder().text(text).build())
        .rule_id(diagnostic.rule.as_str());
    let index = rules.iter().position(|r| r.id == diagnostic.rule).and_then(|i| i64::try_from(i).ok());
    match index {
        Some(index) => builder.rule_index(index).level(level).locations(vec![location]).build(),
        None => builder.level(level).locations(vec![location]).build(),
    }
}

/// The report as one SARIF log. Paths are relative to the repository's root:
/// `prefix` is where the OKR root is inside it (`""` or `planning/okr/`).
pub fn render_sarif(diagnostics: &[Diagnostic], prefix: &str) -> String {
    sarif_log(diagnostics, prefix, None)
}

/// A SARIF log for a run that could not finish (exit 2): the findings it
/// has, if any, and one invocation with `executionSuccessful: false` and the
/// reason as an error notification, so that code scanning shows why rather
/// than an empty or unparsable upload.
pub fn render_sarif_failure(diagnostics: &[Diagnostic], prefix: &str, reason: &str) -> String {
    sarif_log(diagnostics, prefix, Some(reason))
}

fn sarif_log(diagnostics: &[Diagnostic], prefix: &str, failure: Option<&str>) -> String {
    let rules = registry();
    let driver = ToolComponent::builder()
        .name("okr")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(rules.iter().map(descriptor).collect::<Vec<_>>())
        .build();
    let results: Vec<SarifResult> = diagnostics.iter().map(|d| result(d, rules, prefix)).collect();
    let tool = Tool::builder().driver(driver).build();
    let column_kind = serde_json::json!("unicodeCodePoints");
    let run = match failure {
        None => Run::builder().tool(tool).results(results).column_kind(column_kind).build(),
        Some(reason) => {
            let notification = Notification::builder()
                .message(Message::builder().text(reason).build())
                .level(serde_json::json!("error"))
                .build();
            let invocation = Invocation::builder()
                .execution_successful(false)
                .tool_execution_notifications(vec![notification])
                .build();
            Run::builder()
                .tool(tool)
                .results(results)
                .column_kind(column_kind)
                .invocations(vec![invocation])
                .build()
        }
    };
    let log = Sarif::builder()
        .schema("https://json.schemastore.org/sarif-2.1.0.json")
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build();
    // Plain structs of strings and numbers always serialise.
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

/// A file's path as the `uri` of a SARIF artifact location: percent-encoded,
/// so that GitHub links the right file and the log is valid SARIF.
fn uri(path: &str) -> String {
    crate::inert::url_path(path)
}

#[cfg(test)]
mod tests {
    use super::uri;

    /// Issue 17 item 16: 0.1.0 wrote paths as they were.
    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("okrs/2026-Q4/platform.yaml"), "okrs/2026-Q4/platform.yaml");
        assert_eq!(uri("okrs/a b/100% #1?[x].yaml"), "okrs/a%20b/100%25%20%231%3F%5Bx%5D.yaml");
        assert_eq!(uri("okrs/Qualität/ü.yaml"), "okrs/Qualit%C3%A4t/%C3%BC.yaml");
    }
}
