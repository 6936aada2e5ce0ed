//! `target-changed-mid-cycle`: visible moving of goalposts.

use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::diff::{ChangeKind, Subject};

declare_rule!(TargetChangedMidCycle, "target-changed-mid-cycle", Warning, Some(check));

use crate::diff::GOALPOSTS;

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (commit, date, changes) in cx.steps() {
        for change in changes {
            let ChangeKind::Changed { field, before, after } = &change.kind else { continue };
            if !GOALPOSTS.contains(field) {
                continue;
            }
            let Subject::KeyResult { cycle, key_result, .. } = &change.subject else { continue };
            let Some(began) = cx.cycles.get(cycle.as_str()).map(|c| c.start) else { continue };
            if date < began {
                continue;
            }
            let Some((file, span)) = cx.locate(&change.subject, Some(field.as_str())) else { continue };
            let when = match commit {
                Some(commit) => format!("in {commit} on {date}"),
                None => "in the work tree".to_owned(),
            };
            let value = |v: &serde_json::Value| match (v.as_f64(), v.as_str()) {
                (Some(n), _) => format!("{n}"),
                (None, Some(text)) => text.to_owned(),
                (None, None) => "none".to_owned(),
            };
            let message = format!(
                "{} of `{key_result}` changed from {} to {} {when}, after {cycle} began on {began}",
                field.words(),
                value(before),
                value(after),
            );
            out.push(Diagnostic::new(RULE.id, &file.path, span, message).with_help(
                "keep the goalposts and explain in a check-in note why the target no longer fits; if the change was agreed, say so in the pull request and set this rule to off for it",
            ));
        }
    }
}
