//! `okr diff`: a semantic diff as a pull request comment (Markdown), text or
//! JSON. Only layout here; the changes and numbers come from `crate::diff`
//! and `crate::rollup`.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use super::{i18n, status_icon};
use crate::config::{Config, Locale};
use crate::diff::{Change, ChangeKind, Diff, DiffSide, Field, Subject, Summary, Unreadable};
use crate::history::{CommitInfo, KrAddress, LogEntry};
use crate::rollup::Status;

/// Version of the JSON format; bumped on any incompatible change.
pub const DIFF_VERSION: u32 = 1;

/// One side of a diff: a commit, or the work tree.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Side {
    Commit(CommitInfo),
    WorkTree { work_tree: bool },
}

impl Side {
    fn label(&self) -> String {
        match self {
            Side::Commit(info) => format!("{} ({})", info.short(), info.subject),
            Side::WorkTree { .. } => "the work tree".to_owned(),
        }
    }
}

#[derive(Serialize)]
struct DiffOut<'a> {
    version: u32,
    base: &'a Side,
    head: &'a Side,
    as_of: String,
    summary: Summary,
    changes: &'a [Change],
    rollup: &'a [crate::diff::CycleMovement],
    unreadable: &'a [Unreadable],
}

/// The diff as one JSON object (pretty-printed, trailing newline).
pub fn to_json(diff: &Diff, base: &Side, head: &Side) -> String {
    let out = DiffOut {
        version: DIFF_VERSION,
        base,
        head,
        as_of: diff.as_of.to_string(),
        summary: diff.summary(),
        changes: &diff.changes,
        rollup: &diff.rollup,
        unreadable: &diff.unreadable,
    };
    // Plain structs of strings, dates and finite numbers always serialise.
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    text
}

/// How people and text are written in one output form.
struct Style<'a> {
    markdown: bool,
    /// For GitHub handles; plain text names people by id.
    config: Option<&'a Config>,
}

impl Style<'_> {
    /// Text as written, escaped for Markdown where needed: in Markdown, no
    /// `@mention` and no bare URL of the text is live (people are mentioned
    /// only from their `github` handles in okr.yaml, on purpose).
    fn text(&self, text: &str) -> String {
        if !self.markdown {
            return text.to_owned();
        }
        crate::inert::markdown_text(text)
    }

    /// An id, as code.
    fn id(&self, id: &str) -> String {
        if self.markdown {
            format!("`{}`", id.replace('`', "'"))
        } else {
            id.to_owned()
        }
    }

    /// A person: their GitHub handle as a mention in Markdown when okr.yaml
    /// gives one, else their id.
    fn person(&self, id: &str) -> String {
        let github = self
            .config
            .into_iter()
            .flat_map(|c| &c.people)
            .find(|p| p.id == id)
            .and_then(|p| p.github.as_deref());
        match github {
            Some(handle) if self.markdown && is_handle(handle) => format!("@{handle}"),
            _ => self.id(id),
        }
    }

    fn value(&self, value: &Value) -> String {
        match value {
            Value::Null => "none".to_owned(),
            Value::String(text) => format!("“{}”", self.text(text)),
            Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), |v| i18n::number(v, Locale::En)),
            Value::Array(items) if items.is_empty() => "none".to_owned(),
            Value::Array(items) => items.iter().map(|v| self.value(v)).collect::<Vec<_>>().join(", "),
            other => self.text(&other.to_string()),
        }
    }
}

/// GitHub user names: letters, digits and single hyphens.
fn is_handle(text: &str) -> bool {
    !text.is_empty() && text.len() <= 39 && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| i18n::percent(v, Locale::En))
}

/// Progress and status of one side: `49.1% ▲ at-risk`, `–` when absent.
fn standing(progress: Option<f64>, status: Option<Status>) -> String {
    match status {
        Some(status) => format!("{} {} {status}", percent(progress), status_icon(status)),
        None => percent(progress),
    }
}

/// The words of one change, without its subject's place.
fn describe(change: &Change, style: &Style<'_>) -> String {
    let what = match &change.subject {
        Subject::Organisation => "Organisation".to_owned(),
        Subject::Cycle { cycle } => format!("Cycle {}", style.id(cycle)),
        Subject::Team { team } => format!("Team {}", style.id(team)),
        Subject::Person { person } => format!("Person {}", style.id(person)),
        Subject::Objective { objective, .. } => format!("Objective {}", style.id(objective)),
        Subject::KeyResult { objective, key_result, .. } => {
            format!("Key result {} (objective {})", style.id(key_result), style.id(objective))
        }
        Subject::Kpi { kpi, .. } => format!("KPI {}", style.id(kpi)),
    };
    format!("{what}: {}", detail(change, style))
}

/// Where a renamed or moved subject was: `renamed from deploy-rate` (only
/// its id changed), `moved from platform/boring-deploys/deploy-rate`.
fn renamed(from: &Subject, to: &Subject, style: &Style<'_>) -> String {
    match (from, to) {
        (
            Subject::KeyResult { team, objective, key_result, .. },
            Subject::KeyResult { team: new_team, objective: new_objective, .. },
        ) if team == new_team && objective == new_objective => {
            format!("renamed from {}", style.id(key_result))
        }
        (Subject::KeyResult { team, objective, key_result, .. }, _) => {
            format!("moved from {}", style.id(&format!("{team}/{objective}/{key_result}")))
        }
        (Subject::Objective { team, objective, .. }, Subject::Objective { team: new_team, .. })
            if team == new_team =>
        {
            format!("renamed from {}", style.id(objective))
        }
        (Subject::Objective { team, objective, .. }, _) => {
            format!("moved from {}", style.id(&format!("{team}/{objective}")))
        }
        _ => "renamed".to_owned(),
    }
}

/// A new key result in a few words: `metric, 92 → 99 %, weight 2`,
/// `threshold, at least 99.9 %`, `milestone`.
fn new_key_result(details: &Value, style: &Style<'_>) -> String {
    let number = |key: &str| details[key].as_f64().map(|v| i18n::number(v, Locale::En));
    let unit = details["unit"].as_str().map(|u| format!(" {}", style.text(u))).unwrap_or_default();
    let mut words = vec![details["kind"].as_str().unwrap_or("metric").to_owned()];
    match (number("start"), number("target")) {
        (Some(start), Some(target)) => words.push(format!("{start} → {target}{unit}")),
        (None, Some(target)) => words.push(format!("target {target}{unit}")),
        _ => {}
    }
    if let Some(bound) = number("at_least") {
        words.push(format!("at least {bound}{unit}"));
    }
    if let Some(bound) = number("at_most") {
        words.push(format!("at most {bound}{unit}"));
    }
    if let Some(weight) = details["weight"].as_f64().filter(|w| (w - 1.0).abs() > f64::EPSILON) {
        words.push(format!("weight {}", i18n::number(weight, Locale::En)));
    }
    words.join(", ")
}

/// What happened, without the subject: `target 99.5 → 99`.
fn detail(change: &Change, style: &Style<'_>) -> String {
    let owner = |text: String| match (&change.owner, &change.subject) {
        (Some(owner), Subject::Objective { .. } | Subject::KeyResult { .. } | Subject::Kpi { .. }) => {
            format!("{text} (owner {})", style.person(owner))
        }
        _ => text,
    };
    match &change.kind {
        ChangeKind::Added { title, details } => {
            let what = owner(format!("added “{}”", style.text(title)));
            match details {
                Some(details) => format!("{what}: {}", new_key_result(details, style)),
                None => what,
            }
        }
        ChangeKind::Removed { title } => format!("removed “{}”", style.text(title)),
        ChangeKind::Changed { field: Field::Title, before, after } => {
            format!("retitled {} → {}", style.value(before), style.value(after))
        }
        ChangeKind::Changed { field: field @ (Field::Description | Field::Retro), .. } => {
            format!("{} changed", field.as_str())
        }
        ChangeKind::Changed { field: field @ (Field::Owner | Field::Lead | Field::Coach), before, after } => {
            let who = |v: &Value| v.as_str().map_or_else(|| "none".to_owned(), |id| style.person(id));
            format!("{} {} → {}", field.as_str(), who(before), who(after))
        }
        ChangeKind::Changed { field, before, after } => {
            format!("{} {} → {}", field.words(), style.value(before), style.value(after))
        }
        ChangeKind::Checkin { date, value, previous, done, confidence, note } => {
            let mut text = format!("check-in {date}");
            match (value, done) {
                (Some(value), _) => match previous {
                    Some(previous) => {
                        let (was, now) =
                            (i18n::number(*previous, Locale::En), i18n::number(*value, Locale::En));
                        let _ = write!(text, ": {was} → {now}");
                    }
                    None => {
                        let _ = write!(text, ": {}", i18n::number(*value, Locale::En));
                    }
                },
                (None, Some(true)) => text.push_str(": done"),
                (None, _) => text.push_str(": not done"),
            }
            if let Some(confidence) = confidence {
                let _ = write!(text, ", confidence {}", i18n::number(*confidence, Locale::En));
            }
            if let Some(note) = note {
                let _ = write!(text, " — “{}”", style.text(note));
            }
            text
        }
        ChangeKind::CheckinEdited { date, before, after } => {
            // Only the fields that differ: `value 98.1 → 98.4`.
            let fields: Vec<String> = match (before, after) {
                (Value::Object(old), Value::Object(new)) => old
                    .iter()
                    .filter(|(key, value)| new.get(key.as_str()) != Some(value))
                    .map(|(key, value)| {
                        let now = new.get(key.as_str()).unwrap_or(&Value::Null);
                        format!("{key} {} → {}", style.value(value), style.value(now))
                    })
                    .collect(),
                _ => vec![format!("{} → {}", style.value(before), style.value(after))],
            };
            format!("check-in {date} rewritten: {}", fields.join(", "))
        }
        ChangeKind::CheckinRemoved { date } => format!("check-in {date} removed"),
        ChangeKind::Renamed { from } => renamed(from, &change.subject, style),
    }
}

/// Where a change is listed: `okr.yaml`, or its cycle and team.
fn group(change: &Change, config: &Config) -> String {
    match change.subject.unit() {
        None => "okr.yaml".to_owned(),
        Some((cycle, team)) => {
            let name = config.teams.iter().find(|t| t.id == team).map_or(team, |t| t.name.as_str());
            format!("{cycle} · {name}")
        }
    }
}

/// The summary's words: "2 objectives added, 3 check-ins".
fn summary_words(summary: &Summary) -> String {
    let parts = [
        (summary.objectives_added, "objective added", "objectives added"),
        (summary.objectives_removed, "objective removed", "objectives removed"),
        (summary.objectives_changed, "objective changed", "objectives changed"),
        (summary.key_results_added, "key result added", "key results added"),
        (summary.key_results_removed, "key result removed", "key results removed"),
        (summary.key_results_changed, "key result changed", "key results changed"),
        (summary.checkins, "check-in", "check-ins"),
        (summary.kpis_changed, "KPI changed", "KPIs changed"),
        (summary.config, "change to okr.yaml", "changes to okr.yaml"),
    ];
    let words: Vec<String> = parts
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
        .collect();
    if words.is_empty() {
        "no OKR changes".to_owned()
    } else {
        words.join(", ")
    }
}

/// The line above the git-aware rules' findings.
fn findings_heading(count: usize) -> String {
    let what = if count == 1 { "1 finding".to_owned() } else { format!("{count} findings") };
    format!("**{what} of the git-aware rules** (moved goalposts, unit changes, edits to closed cycles; `okr check --base`):")
}

/// Each git-aware finding: severity, rule, where, and what.
fn finding_lines(findings: &[crate::diagnostic::Diagnostic], style: &Style<'_>) -> Vec<String> {
    findings
        .iter()
        .map(|d| {
            format!(
                "{} {} {}:{}:{}: {}",
                d.severity.as_str(),
                style.id(d.rule.as_str()),
                style.text(&d.file),
                d.span.start.line,
                d.span.start.col,
                style.text(&d.message.replace(['\n', '\r'], " "))
            )
        })
        .collect()
}

/// What the reader is told about files that could not be read: which side,
/// each file with its first error, and that it counts as unchanged.
fn unreadable_lines(files: &[Unreadable], base: &Side, head: &Side, style: &Style<'_>) -> Vec<String> {
    let mut lines = Vec::with_capacity(files.len() + 1);
    let count = files.len();
    lines.push(if count == 1 {
        "1 file could not be read; it counts as unchanged, so any change in it is not shown. Fix it and run `okr check`:"
            .to_owned()
    } else {
        format!("{count} files could not be read; they count as unchanged, so any change in them is not shown. Fix them and run `okr check`:")
    });
    for file in files {
        let side = match file.side {
            DiffSide::Base => base.label(),
            DiffSide::Head => head.label(),
        };
        let more = match file.errors {
            0 | 1 => String::new(),
            n => format!(" ({n} errors)"),
        };
        let bullet = if style.markdown { "- " } else { "  " };
        lines.push(format!(
            "{bullet}{}:{}:{} in {}: {}{more}",
            style.text(&file.path),
            file.line,
            file.column,
            style.text(&side),
            style.text(&file.message.replace(['\n', '\r'], " ")),
        ));
    }
    lines
}

/// The diff as a pull request comment: a summary and the rollup before →
/// after first, every change in a collapsed section, owners mentioned.
/// With `max_chars`, the changes that do not fit are counted, not listed.
pub fn to_markdown(
    diff: &Diff,
    config: &Config,
    base: &Side,
    head: &Side,
    max_chars: Option<usize>,
) -> String {
    let style = Style { markdown: true, config: Some(config) };
    let mut out = format!("{COMMENT_MARKER}\n### OKR changes\n\n");
    let _ = writeln!(
        out,
        "**{}** — {} → {}\n",
        summary_words(&diff.summary()),
        style.text(&base.label()),
        style.text(&head.label())
    );
    if !diff.unreadable.is_empty() {
        out.push_str("> [!WARNING]\n");
        for line in unreadable_lines(&diff.unreadable, base, head, &style) {
            let _ = writeln!(out, "> {line}");
        }
        out.push('\n');
    }
    if !diff.rollup.is_empty() {
        let _ = writeln!(out, "| Progress as of {} | before | after |\n|---|---:|---:|", diff.as_of);
        for cycle in &diff.rollup {
            let o = &cycle.organisation;
            let _ = writeln!(
                out,
                "| **{} ({})** | {} | {} |",
                style.text(&config.organisation),
                style.text(&cycle.cycle),
                standing(o.before, o.status_before),
                standing(o.after, o.status_after)
            );
            for team in &cycle.teams {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    style.text(&team.name),
                    standing(team.before, team.status_before),
                    standing(team.after, team.status_after)
                );
            }
        }
        out.push('\n');
    }
    if !diff.findings.is_empty() {
        let _ = writeln!(out, "{}\n", findings_heading(diff.findings.len()));
        for line in finding_lines(&diff.findings, &style) {
            let _ = writeln!(out, "- {line}");
        }
        out.push('\n');
    }
    let owners: BTreeSet<&str> = diff.changes.iter().filter_map(|c| c.owner.as_deref()).collect();
    if !owners.is_empty() {
        let names: Vec<String> = owners.iter().map(|id| style.person(id)).collect();
        let _ = writeln!(out, "Owners: {}\n", names.join(", "));
    }
    if diff.changes.is_empty() {
        return out;
    }
    // Every change, grouped, in a collapsed section; past `max_chars` the
    // rest is counted instead (GitHub refuses comments over 65,536
    // characters, and an outdated comment would stay up).
    let mut details = String::new();
    let mut current = None;
    let (mut shown, mut used) = (0, 0);
    let room = max_chars.map(|max| max.saturating_sub(out.chars().count() + DETAILS_FRAME));
    for change in &diff.changes {
        let mut lines = String::new();
        let heading = group(change, config);
        if current.as_ref() != Some(&heading) {
            let _ = writeln!(lines, "\n#### {}\n", style.text(&heading));
            current = Some(heading);
        }
        let _ = writeln!(lines, "- {}", describe(change, &style));
        let length = lines.chars().count();
        if room.is_some_and(|room| used + length > room) {
            break;
        }
        details.push_str(&lines);
        (shown, used) = (shown + 1, used + length);
    }
    let total = diff.changes.len();
    let summary = match (shown == total, total) {
        (true, 1) => "The 1 change".to_owned(),
        (true, _) => format!("All {total} changes"),
        (false, _) => format!("{shown} of {total} changes"),
    };
    let _ = write!(out, "<details>\n<summary>{summary}</summary>\n{details}");
    if shown < total {
        let _ = writeln!(
            out,
            "\n*{} more changes are left out to keep this comment under GitHub's size limit: the full diff is in the job summary and the workflow's artifacts (`okr diff --format markdown --max-chars 0`).*",
            total - shown
        );
    }
    out.push_str("\n</details>\n");
    out
}

/// What the details section adds around its changes, at most: the
/// `<details>` lines and the note on what was left out.
const DETAILS_FRAME: usize = 400;

/// The first line of every comment `okr diff --format markdown` writes,
/// hidden when rendered: a workflow finds okr's own comment by it, to
/// update that one and never another bot's.
pub const COMMENT_MARKER: &str = "<!-- okr diff -->";

/// The longest pull request comment `okr diff --format markdown` writes by
/// default, in characters: GitHub refuses comments over 65,536, and the
/// workflow adds a marker line.
pub const COMMENT_MAX_CHARS: usize = 60_000;

/// The diff for a terminal: the rollup before → after, then every change
/// under its cycle and team.
pub fn to_text(diff: &Diff, config: &Config, base: &Side, head: &Side) -> String {
    let style = Style { markdown: false, config: None };
    let mut out = format!("{} → {}: {}\n", base.label(), head.label(), summary_words(&diff.summary()));
    if !diff.unreadable.is_empty() {
        out.push('\n');
        for line in unreadable_lines(&diff.unreadable, base, head, &style) {
            let _ = writeln!(out, "{line}");
        }
    }
    for cycle in &diff.rollup {
        let o = &cycle.organisation;
        let _ = writeln!(
            out,
            "\n{} {}: {} → {}",
            config.organisation,
            cycle.cycle,
            standing(o.before, o.status_before),
            standing(o.after, o.status_after)
        );
        for team in &cycle.teams {
            let before = standing(team.before, team.status_before);
            let _ = writeln!(out, "  {} {before} → {}", team.name, standing(team.after, team.status_after));
        }
    }
    if !diff.findings.is_empty() {
        let _ = writeln!(out, "\n{}", findings_heading(diff.findings.len()).replace("**", ""));
        for line in finding_lines(&diff.findings, &style) {
            let _ = writeln!(out, "  {line}");
        }
    }
    let mut current = None;
    for change in &diff.changes {
        let heading = group(change, config);
        if current.as_ref() != Some(&heading) {
            let _ = writeln!(out, "\n{heading}");
            current = Some(heading);
        }
        let _ = writeln!(out, "  {}", describe(change, &style));
    }
    crate::inert::escape_control_lines(&out).into_owned()
}

#[derive(Serialize)]
struct LogOut<'a> {
    version: u32,
    cycle: &'a str,
    team: &'a str,
    objective: &'a str,
    key_result: &'a str,
    entries: Vec<LogEntryOut<'a>>,
}

#[derive(Serialize)]
struct LogEntryOut<'a> {
    /// `null` for uncommitted changes in the work tree.
    commit: Option<&'a CommitInfo>,
    changes: &'a [Change],
}

/// A key result's audit trail as JSON.
pub fn log_to_json(address: &KrAddress, entries: &[LogEntry]) -> String {
    let out = LogOut {
        version: DIFF_VERSION,
        cycle: &address.0,
        team: &address.1,
        objective: &address.2,
        key_result: &address.3,
        entries: entries
            .iter()
            .map(|e| LogEntryOut { commit: e.commit.as_ref(), changes: &e.changes })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    text
}

/// A key result's audit trail for a terminal: a heading, then each commit
/// with what it changed.
pub fn log_to_text(address: &KrAddress, entries: &[LogEntry]) -> String {
    let style = Style { markdown: false, config: None };
    let (cycle, team, objective, id) = address;
    let mut out = format!("{cycle}/{team}/{objective}/{id}\n");
    for entry in entries {
        match &entry.commit {
            Some(c) => {
                let _ =
                    writeln!(out, "\n{}  {}  {} <{}>  {}", c.date(), c.short(), c.author, c.email, c.subject);
            }
            None => out.push_str("\nnot committed  (changes in the work tree)\n"),
        }
        for change in &entry.changes {
            let _ = writeln!(out, "    {}", detail(change, &style));
        }
    }
    crate::inert::escape_control_lines(&out).into_owned()
}
