//! `stale-key-result`: active key results get a check-in every few days.

use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::rollup::{key_result_progress, stale, Stale};

declare_rule!(StaleKeyResult, "stale-key-result", Warning, Some(check));

const DEFAULT_DAYS: i64 = 14;

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let days = cx.options(RULE.id).and_then(|o| o.days).map_or(DEFAULT_DAYS, i64::from);
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
            out.push(
                Diagnostic::new(RULE.id, &file.path, file.span(kr.pointer.key("id")), message)
                    .with_help(format!("record progress weekly: `okr checkin {} VALUE`", kr.key_result.id)),
            );
        }
    }
}
