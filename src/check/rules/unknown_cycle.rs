//! `unknown-cycle`: an OKR file's cycle must be a cycle from okr.yaml.

use crate::check::{Context, Names};
use crate::diagnostic::Diagnostic;
use crate::load::Pointer;

declare_rule!(UnknownCycle, "unknown-cycle", Error, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for file in &cx.workspace.files {
        let cycle = file.data.cycle.as_str();
        // A cycle of okr.yaml whose id the schema refused (`2026 Q4`) is
        // the one mistake, reported there: the files naming it as it should
        // be written are not reported too.
        let misspelt_in_config =
            crate::suggest::did_you_mean(cycle, cx.cycles.keys().copied()).is_some_and(|close| {
                !crate::schema::is_cycle_id(close) && crate::schema::cycle_id_like(close) == cycle
            });
        if !cx.cycles.contains_key(cycle) && !misspelt_in_config {
            let help = cx.suggestion(cycle, Names::Cycles);
            out.push(
                Diagnostic::new(
                    RULE.id,
                    &file.path,
                    file.span(Pointer::ROOT.key("cycle")),
                    format!("cycle `{cycle}` is not in okr.yaml cycles"),
                )
                .with_help(help),
            );
        }
    }
}
