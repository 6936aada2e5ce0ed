//! `stale-key-result`: active key results get a check-in every few days.

use crate::check::Context;
use crate::config::CycleState;
use crate::diagnostic::Diagnostic;
use crate::model::KrKind;
use crate::rollup::{key_result_progress, stale, Stale};

declare_rule!(StaleKeyResult, "stale-key-result", Warning, Some(check));

const DEFAULT_DAYS: i64 = 14;

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let days = cx.options(RULE.id).and_then(|o| o.days).map_or(DEFAULT_DAYS, i64::from);
    // How many key results of the active cycles have each id: the help's
    // `okr checkin ID` must name one (`okr checkin` prefers the active
    // cycle, so the closed ones after a rollover do not count).
    let mut ids: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for file in &cx.workspace.files {
        let active = cx.cycles.get(file.data.cycle.as_str()).is_some_and(|c| c.state == CycleState::Active);
        if active {
            for kr in file.key_results() {
                *ids.entry(kr.key_result.id.as_str()).or_default() += 1;
            }
        }
    }
    for file in &cx.workspace.files {
        let Some(cycle) = cx.cycles.get(file.data.cycle.as_str()) else { continue };
        for kr in file.key_results() {
            // Done key results are never stale: the rollup decides.
            let progress = key_result_progress(kr.key_result, cx.as_of).progress;
            let Some(Stale { idle, last }) = stale(kr.key_result, progress, cycle, cx.as_of, days) else {
                continue;
            };
            let message = match last {
                Some(date) => format!(
                    "key result `{}` has had no check-in for {idle} days (last on {date})",
                    kr.key_result.id
                ),
                None => format!(
                    "key result `{}` has had no check-in since the cycle began on {} ({idle} days)",
                    kr.key_result.id, cycle.start
                ),
            };
            let id = &kr.key_result.id;
            let selector = if ids.get(id.as_str()).copied().unwrap_or(0) > 1 {
                format!("{}/{}/{}/{id}", file.data.cycle, file.data.team, kr.objective.id)
            } else {
                id.clone()
            };
            let value = match kr.key_result.kind {
                KrKind::Milestone => "--done (or --not-done)",
                KrKind::Metric | KrKind::Threshold => "VALUE",
            };
            out.push(
                Diagnostic::new(RULE.id, &file.path, file.span(kr.pointer.key("id")), message)
                    .with_help(format!("record progress weekly: `okr checkin {selector} {value}`")),
            );
        }
    }
}
