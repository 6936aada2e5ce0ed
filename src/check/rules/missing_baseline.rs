//! `missing-baseline`: a metric says what it counts.

use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::model::KrKind;

declare_rule!(MissingBaseline, "missing-baseline", Warning, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for file in &cx.workspace.files {
        for kr in file
            .key_results()
            .filter(|kr| kr.key_result.kind == KrKind::Metric && kr.key_result.unit.is_none())
        {
            let message = format!("metric key result `{}` has no `unit`", kr.key_result.id);
            out.push(Diagnostic::new(RULE.id, &file.path, file.span(kr.pointer), message).with_help(
                "add the unit its start and target are measured in, e.g. `unit: \"%\"` or `unit: ms`",
            ));
        }
    }
}
