//! `due-outside-cycle`: a milestone's `due` date is within its cycle.

use crate::check::Context;
use crate::diagnostic::Diagnostic;

declare_rule!(DueOutsideCycle, "due-outside-cycle", Error, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for file in &cx.workspace.files {
        let Some(cycle) = cx.cycles.get(file.data.cycle.as_str()) else { continue };
        for kr in file.key_results() {
            let Some(due) = kr.key_result.due.filter(|d| *d < cycle.start || *d > cycle.end) else {
                continue;
            };
            let message = format!(
                "`{}` is due {due}, outside cycle {} ({} to {})",
                kr.key_result.id, cycle.id, cycle.start, cycle.end
            );
            out.push(
                Diagnostic::new(RULE.id, &file.path, file.span(kr.pointer.key("due")), message).with_help(
                    format!(
                        "give a date from {} to {}, or leave `due` out to mean the cycle's end",
                        cycle.start, cycle.end
                    ),
                ),
            );
        }
    }
}
