//! `target-equals-start`: a metric needs somewhere to go.

use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::model::KrKind;

declare_rule!(TargetEqualsStart, "target-equals-start", Error, Some(check));

#[allow(clippy::float_cmp, reason = "exactly equal is what makes (target - start) zero")]
fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for file in &cx.workspace.files {
        for kr in file.key_results() {
            let key_result = kr.key_result;
            if key_result.kind != KrKind::Metric {
                continue;
            }
            if let (Some(start), Some(target)) = (key_result.start, key_result.target) {
                if start == target {
                    let span = file.span(kr.pointer.key("target"));
                    out.push(
                        Diagnostic::new(RULE.id, &file.path, span, format!("target equals start ({target}): progress is undefined"))
                            .with_help("set the target you want to reach; to hold a value, use `kind: threshold` with `at_least` or `at_most`"),
                    );
                }
            }
        }
    }
}
