//! `okr status`: the rollup of one cycle as a terminal view (80 columns, or
//! the terminal's width), and the same rows as JSON for scripts.

use std::collections::HashSet;
use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr as _};

use chrono::NaiveDate;

use crate::rollup::{score_text, two, CycleRollup, KrRollup, ObjectiveRollup, Reason, Status, TeamRollup};

/// Width of the name column at 80 columns; it takes what a wider terminal
/// adds.
const NAME: usize = 25;
const BAR: usize = 10;
/// The narrowest and widest view.
pub const MIN_WIDTH: usize = 80;
pub const MAX_WIDTH: usize = 300;

/// What to show and how.
pub struct StatusView<'a> {
    pub organisation: &'a str,
    pub cycle: &'a CycleRollup,
    pub as_of: NaiveDate,
    /// Only these teams (a team and its subteams), when given.
    pub teams: Option<HashSet<String>>,
    /// Only what this person owns, when given.
    pub owner: Option<&'a str>,
    /// Show how each number was computed.
    pub explain: bool,
    pub color: bool,
    /// Terminal columns, from [`MIN_WIDTH`] to [`MAX_WIDTH`]: titles get
    /// what is more than 80.
    pub width: usize,
}

impl StatusView<'_> {
    fn name_width(&self) -> usize {
        NAME + self.width.clamp(MIN_WIDTH, MAX_WIDTH) - MIN_WIDTH
    }

    fn line_width(&self) -> usize {
        self.width.clamp(MIN_WIDTH, MAX_WIDTH)
    }
}

/// Renders the view; every line is at most `view.width` columns wide (long
/// explanations wrap onto indented lines).
pub fn render_status(view: &StatusView<'_>) -> String {
    let cycle = view.cycle;
    let name_width = view.name_width();
    let mut out = String::new();
    out.push_str(&format!(
        "{} · {} ({}) · as of {}\n",
        view.organisation,
        cycle.id,
        cycle.state.as_str(),
        view.as_of
    ));
    out.push_str(&format!(
        "{:.0}% of the cycle has passed; │ in a bar marks where progress should be.\n",
        cycle.elapsed * 100.0
    ));
    out.push('\n');
    push_line(
        &mut out,
        &format!(
            "{} {:<BAR$} {:>4}  {:<11} {:<8} {:>4}  check-in",
            " ".repeat(name_width),
            "progress",
            "%",
            "status",
            "owner",
            "conf"
        ),
    );
    if view.teams.is_none() && view.owner.is_none() {
        let name = pad(&bold("Organisation", view.color), "Organisation", name_width);
        push_line(
            &mut out,
            &format!("{name} {}", columns(view, cycle.progress, cycle.expected, cycle.status)),
        );
        explain(&mut out, view, 2, &cycle.explanation.to_string());
        judged(&mut out, view, 2, cycle.expected, cycle.delta, &cycle.reason);
    }
    let rows = rows(view);
    let mut teams = 0;
    for row in &rows {
        match *row {
            Row::Team(team) => {
                teams += 1;
                if teams > 1 || view.teams.is_none() && view.owner.is_none() {
                    out.push('\n');
                }
                // Teams come in tree order; their names stay flush left so
                // that their objectives (indented) read as theirs.
                let label = truncate(&team.name, name_width);
                let own = team
                    .progress
                    .map_or_else(String::new, |p| format!("  own {}", percent(Some(p)).trim_start()));
                push_line(
                    &mut out,
                    &format!(
                        "{} {}{own}",
                        pad(&bold(&label, view.color), &label, name_width),
                        columns(view, team.unit_progress, team.expected, team.status)
                    ),
                );
                explain(&mut out, view, 2, &team.explanation.to_string());
                judged(&mut out, view, 2, team.expected, team.delta, &team.reason);
            }
            Row::Objective(_, objective) => {
                let label = truncate(&format!("  {}", objective.objective().title), name_width);
                let mut line = format!(
                    "{} {}",
                    pad(&label, &label, name_width),
                    columns(view, objective.progress, objective.expected, objective.status)
                );
                let owner = truncate(&objective.objective().owner, 8);
                line.push_str(&format!(" {} {}", pad(&owner, &owner, 8), confidence(objective.confidence)));
                if let Some(score) = objective.score {
                    line.push_str(&format!("  score {}", score_text(score)));
                }
                push_line(&mut out, &line);
                explain(&mut out, view, 4, &objective.explanation.to_string());
                judged(&mut out, view, 4, objective.expected, objective.delta, &objective.reason);
            }
            Row::KeyResult(_, _, kr) => {
                let label = truncate(&format!("    {}", kr.key_result().title), name_width);
                let date = kr.last_checkin.map_or_else(|| "—".to_owned(), |d| d.to_string());
                let owner = truncate(&kr.key_result().owner, 8);
                let line = format!(
                    "{} {} {} {}  {date}",
                    pad(&label, &label, name_width),
                    columns(view, Some(kr.progress), Some(kr.expected), kr.status),
                    pad(&owner, &owner, 8),
                    confidence(kr.confidence)
                );
                push_line(&mut out, &line);
                explain(&mut out, view, 6, &format!("{}: {}", kr.id, kr.explanation));
                judged(&mut out, view, 6, Some(kr.expected), kr.delta, &kr.reason);
            }
        }
    }
    if teams == 0 && (view.teams.is_some() || view.owner.is_some()) {
        out.push_str("\nnothing matches in this cycle\n");
    }
    out
}

/// One row of the view below the organisation's.
#[derive(Clone, Copy)]
enum Row<'r> {
    Team(&'r TeamRollup),
    Objective(&'r TeamRollup, &'r ObjectiveRollup),
    KeyResult(&'r TeamRollup, &'r ObjectiveRollup, &'r KrRollup),
}

/// The rows `--team` and `--owner` leave, in tree order: a team with
/// what it shows, an objective an owner owns or owns a key result of, a key
/// result of such an objective that the owner owns (all of them for the
/// objective's owner).
fn rows<'r>(view: &StatusView<'r>) -> Vec<Row<'r>> {
    let mut rows = Vec::new();
    for team in &view.cycle.teams {
        if view.teams.as_ref().is_some_and(|teams| !teams.contains(&team.id)) {
            continue;
        }
        let owns = |objective: &ObjectiveRollup, p: &str| {
            objective.objective().owner == p
                || objective.key_results.iter().any(|k| k.key_result().owner == p)
        };
        let objectives: Vec<&ObjectiveRollup> =
            team.objectives.iter().filter(|o| view.owner.is_none_or(|p| owns(o, p))).collect();
        if view.owner.is_some() && objectives.is_empty() {
            continue;
        }
        rows.push(Row::Team(team));
        for objective in objectives {
            rows.push(Row::Objective(team, objective));
            let shown = objective.key_results.iter().filter(|k| {
                view.owner.is_none_or(|p| k.key_result().owner == p || objective.objective().owner == p)
            });
            rows.extend(shown.map(|kr| Row::KeyResult(team, objective, kr)));
        }
    }
    rows
}

/// The view as JSON for scripts (`okr status --format json`, docs/formats.md):
/// the cycle, then each row shown, with the numbers of the rollup.
pub fn render_status_json(view: &StatusView<'_>) -> String {
    use serde_json::{json, Value};
    let cycle = view.cycle;
    let judged = |progress: Option<f64>,
                  expected: Option<f64>,
                  delta: Option<f64>,
                  status: Status,
                  reason: &Reason| {
        json!({
            "progress": progress,
            "expected": expected,
            "delta_7d": delta,
            "status": status.as_str(),
            "reason": reason.to_string(),
        })
    };
    let merge = |mut base: Value, more: Value| {
        if let (Some(base), Value::Object(more)) = (base.as_object_mut(), more) {
            base.extend(more);
        }
        base
    };
    let mut out: Vec<Value> = Vec::new();
    if view.teams.is_none() && view.owner.is_none() {
        let numbers = judged(cycle.progress, cycle.expected, cycle.delta, cycle.status, &cycle.reason);
        out.push(merge(json!({ "level": "organisation", "name": view.organisation }), numbers));
    }
    for row in rows(view) {
        out.push(match row {
            Row::Team(team) => merge(
                json!({ "level": "team", "team": team.id, "name": team.name, "own_progress": team.progress }),
                judged(team.unit_progress, team.expected, team.delta, team.status, &team.reason),
            ),
            Row::Objective(team, o) => merge(
                json!({
                    "level": "objective",
                    "team": team.id,
                    "objective": o.id,
                    "title": o.objective().title,
                    "owner": o.objective().owner,
                    "confidence": o.confidence,
                    "score": o.score,
                    "last_checkin": o.last_checkin.map(|d| d.to_string()),
                }),
                judged(o.progress, o.expected, o.delta, o.status, &o.reason),
            ),
            Row::KeyResult(team, o, kr) => merge(
                json!({
                    "level": "key_result",
                    "team": team.id,
                    "objective": o.id,
                    "key_result": kr.id,
                    "title": kr.key_result().title,
                    "owner": kr.key_result().owner,
                    "confidence": kr.confidence,
                    "last_checkin": kr.last_checkin.map(|d| d.to_string()),
                }),
                judged(Some(kr.progress), Some(kr.expected), kr.delta, kr.status, &kr.reason),
            ),
        });
    }
    let document = json!({
        "version": 1,
        "as_of": view.as_of.to_string(),
        "cycle": { "id": cycle.id, "state": cycle.state.as_str(), "elapsed": cycle.elapsed },
        "rows": out,
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// With `--explain`: where progress should be, its change in 7 days, and
/// why the status is what it is.
fn judged(
    out: &mut String,
    view: &StatusView<'_>,
    indent: usize,
    expected: Option<f64>,
    delta: Option<f64>,
    reason: &Reason,
) {
    if view.explain {
        let expected = expected.map_or_else(|| "–".to_owned(), two);
        let delta = delta.map_or_else(|| "–".to_owned(), signed);
        let text = format!("expected {expected} · 7-day change {delta} · {reason}");
        wrap_into(out, view.line_width(), indent, "", &text);
    }
}

/// A change with its sign: `+0.05`, `-0.12`, `±0.00` (never `-0.00`).
fn signed(change: f64) -> String {
    let text = two(change);
    match text.strip_prefix('-') {
        Some(_) => text,
        None if text == "0.00" => "±0.00".to_owned(),
        None => format!("+{text}"),
    }
}

/// Bar, percent and status: the columns every row shares.
fn columns(view: &StatusView<'_>, progress: Option<f64>, expected: Option<f64>, status: Status) -> String {
    format!("{} {}  {}", bar(progress, expected), percent(progress), status_label(status, view.color))
}

/// A 10-cell bar: filled to `progress`, with `│` where progress should be.
fn bar(progress: Option<f64>, expected: Option<f64>) -> String {
    let Some(progress) = progress else { return " ".repeat(BAR) };
    let expected = expected.unwrap_or(progress);
    let filled = cells(progress);
    let marker = cells(expected).min(BAR - 1);
    (0..BAR)
        .map(|i| {
            if i == marker {
                '│'
            } else if i < filled {
                '█'
            } else {
                '░'
            }
        })
        .collect()
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "clamped to 0..=BAR first")]
fn cells(share: f64) -> usize {
    (share.clamp(0.0, 1.0) * BAR as f64).round() as usize
}

fn percent(progress: Option<f64>) -> String {
    progress.map_or_else(|| "   –".to_owned(), |p| format!("{:>3.0}%", p * 100.0))
}

fn confidence(value: Option<f64>) -> String {
    value.map_or_else(|| "    ".to_owned(), |c| format!("{c:>4.1}"))
}

/// Icon and word (never colour alone), padded to 11 columns.
fn status_label(status: Status, color: bool) -> String {
    let code = match status {
        Status::OnTrack | Status::Achieved => "32",
        Status::AtRisk => "33",
        Status::OffTrack | Status::Missed => "31",
        Status::Done => "34",
        Status::NotStarted | Status::NoData => "2",
    };
    let icon = crate::render::status_icon(status);
    let plain = format!("{icon} {status}");
    let shown = if color { format!("\u{1b}[{code}m{plain}\u{1b}[0m") } else { plain.clone() };
    pad(&shown, &plain, 11)
}

fn bold(text: &str, color: bool) -> String {
    if color {
        format!("\u{1b}[1m{text}\u{1b}[0m")
    } else {
        text.to_owned()
    }
}

/// Pads `shown` (which may hold colour codes) to `width` columns of `plain`.
pub(crate) fn pad(shown: &str, plain: &str, width: usize) -> String {
    let used = plain.width();
    format!("{shown}{}", " ".repeat(width.saturating_sub(used)))
}

/// At most `width` terminal columns (a CJK character or an emoji takes
/// two), with `…` when cut; control characters from the files are shown as
/// escapes, so no title can steer the terminal.
pub(crate) fn truncate(text: &str, width: usize) -> String {
    let text = crate::inert::escape_control(text);
    if text.width() <= width {
        return text.into_owned();
    }
    let mut cut = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        cut.push(c);
        used += w;
    }
    cut.push('…');
    cut
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line.trim_end());
    out.push('\n');
}

fn explain(out: &mut String, view: &StatusView<'_>, indent: usize, text: &str) {
    if view.explain {
        wrap_into(out, view.line_width(), indent, "= ", text);
    }
}

/// `= text` at `indent`, wrapped at word boundaries to `width` columns;
/// continuation lines are indented further.
fn wrap_into(out: &mut String, width: usize, indent: usize, lead: &str, text: &str) {
    let mut line = format!("{}{lead}", " ".repeat(indent));
    let mut empty = true;
    for word in text.split(' ') {
        if !empty && line.width() + 1 + word.width() > width {
            out.push_str(&line);
            out.push('\n');
            line = " ".repeat(indent + 4);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
}

#[cfg(test)]
mod tests {

    /// Columns, not characters: a CJK character or an emoji takes two.
    #[test]
    fn truncation_and_padding_count_terminal_columns() {
        assert_eq!(super::truncate("Qualität", 8), "Qualität");
        assert_eq!(super::truncate("品質保証部門の目標", 8), "品質保…");
        assert_eq!(
            unicode_width::UnicodeWidthStr::width(super::truncate("品質保証部門の目標", 8).as_str()),
            7
        );
        assert_eq!(super::pad("品質", "品質", 6), "品質  ");
    }
    use super::*;

    #[test]
    fn long_explanations_wrap_at_80_columns() {
        let mut out = String::new();
        let text = "mean of 6 objectives of the team and the teams below it: (0.36 + 0.30 + 0.77 + 0.25 + 0.57 + 0.31) / 6 = 0.43";
        wrap_into(&mut out, MIN_WIDTH, 2, "= ", text);
        assert!(out.lines().all(|l| l.chars().count() <= MIN_WIDTH), "{out}");
        assert_eq!(out.lines().count(), 2);
        assert!(out.starts_with("  = mean of 6") && out.lines().nth(1).unwrap_or("").starts_with("      "));
    }

    #[test]
    fn bar_marks_expected_progress() {
        assert_eq!(bar(Some(0.5), Some(0.7)), "█████░░│░░");
        assert_eq!(bar(Some(1.0), Some(1.0)), "█████████│");
        assert_eq!(bar(Some(0.0), Some(0.0)), "│░░░░░░░░░");
        assert_eq!(bar(None, Some(0.5)), "          ");
    }

    #[test]
    fn truncation_counts_characters() {
        assert_eq!(truncate("Größenordnung", 6), "Größe…");
        assert_eq!(truncate("short", 6), "short");
    }
}
