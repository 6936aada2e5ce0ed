//! `activity-key-result`: key results measure outcomes, not activities.

use crate::check::activity::{self, Configured, Title};
use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::model::KrKind;

declare_rule!(ActivityKeyResult, "activity-key-result", Warning, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let words = cx.options(RULE.id).map(|o| o.words.as_slice()).unwrap_or_default();
    let configured = Configured::new(words);
    for file in &cx.workspace.files {
        for kr in file.key_results() {
            let title = &kr.key_result.title;
            let what =
                if kr.key_result.kind == KrKind::Milestone { Title::Milestone } else { Title::KeyResult };
            let Some(finding) = configured
                .find(title)
                .or_else(|| activity::judge(title, what, kr.key_result.unit.as_deref()))
            else {
                continue;
            };
            let message =
                format!("key result `{}` reads as an activity: its title {finding}", kr.key_result.id);
            out.push(
                Diagnostic::new(RULE.id, &file.path, file.span(kr.pointer.key("title")), message)
                    .with_help("measure the change the activity should cause: not \"hold 10 workshops\" but \"80 % of teams deploy without help\"; the activity itself becomes an initiative of that key result (`initiatives: [{ title: Hold 10 workshops, state: planned }]`)"),
            );
        }
    }
}
