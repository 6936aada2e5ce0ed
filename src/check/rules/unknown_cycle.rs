//! `unknown-cycle`: an OKR file's cycle must be a cycle from okr.yaml.

use crate::check::{Context, Names};
use crate::diagnostic::Diagnostic;
use crate::load::Pointer;

declare_rule!(UnknownCycle, "unknown-cycle", Error, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for file in &cx.workspace.files {
        let cycle = file.data.cycle.as_str();
        if !cx.cycles.contains_key(cycle) {
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
