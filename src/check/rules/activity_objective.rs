//! `activity-objective`: objectives describe a state worth reaching, not a
//! task.

use crate::check::activity::{self, Configured, Title};
use crate::check::Context;
use crate::diagnostic::Diagnostic;

declare_rule!(ActivityObjective, "activity-objective", Warning, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let words = cx.options(RULE.id).map(|o| o.words.as_slice()).unwrap_or_default();
    let configured = Configured::new(words);
    for file in &cx.workspace.files {
        for (pointer, objective) in file.objectives() {
            let title = &objective.title;
            let Some(finding) =
                configured.find(title).or_else(|| activity::judge(title, Title::Objective, None))
            else {
                continue;
            };
            let message = format!("objective `{}` reads as a task: its title {finding}", objective.id);
            out.push(
                Diagnostic::new(RULE.id, &file.path, file.span(pointer.key("title")), message).with_help(
                    "say what is different once it is done, for whom: not \"Migrate to Kubernetes\" but \"Teams ship without waiting for servers\"; the task becomes an initiative of one of its key results",
                ),
            );
        }
    }
}
