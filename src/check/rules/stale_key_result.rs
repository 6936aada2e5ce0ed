//! `stale-key-result`: active key results get a check-in every few days.

use crate::check::Context;
use crate::config::CycleState;
use crate::diagnostic::Diagnostic;

declare_rule!(StaleKeyResult, "stale-key-result", Warning, Some(check));

const DEFAULT_DAYS: i64 = 14;

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let days = cx.options(RULE.id).and_then(|o| o.days).map_or(DEFAULT_DAYS, i64::from);
    for file in &cx.workspace.files {
        let Some(cycle) = cx.cycles.get(file.data.cycle.as_str()) else { continue };
        if cycle.state != CycleState::Active || cx.as_of < cycle.start {
            continue;
        }
        for kr in file.key_results() {
            let latest = kr.key_result.checkins.iter().filter(|c| c.date <= cx.as_of).max_by_key(|c| c.date);
            if latest.is_some_and(|c| c.done == Some(true)) {
                continue;
            }
            let since = latest.map_or(cycle.start, |c| c.date);
            // A cycle that has ended stops accruing idle days at its end.
            let idle = (cx.as_of.min(cycle.end) - since).num_days();
            if idle <= days {
                continue;
            }
            let message = match latest {
                Some(c) => format!(
                    "key result `{}` has had no check-in for {idle} days (last on {})",
                    kr.key_result.id, c.date
                ),
                None => format!(
                    "key result `{}` has had no check-in since the cycle began on {since} ({idle} days)",
                    kr.key_result.id
                ),
            };
            out.push(
                Diagnostic::new(RULE.id, &file.path, file.span(kr.pointer.key("id")), message)
                    .with_help(format!("record progress weekly: `okr checkin {} VALUE`", kr.key_result.id)),
            );
        }
    }
}
