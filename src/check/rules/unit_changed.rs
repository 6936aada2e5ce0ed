//! `unit-changed`: a unit change makes earlier check-ins unreadable.

use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::diff::{ChangeKind, Field, Subject};

declare_rule!(UnitChanged, "unit-changed", Warning, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(base) = cx.base else { return };
    // A renamed or moved key result had its check-ins at its old address.
    let renamed: std::collections::BTreeMap<&Subject, &Subject> = cx
        .changes_since_base()
        .iter()
        .filter_map(|c| match &c.kind {
            ChangeKind::Renamed { from } => Some((&c.subject, from)),
            _ => None,
        })
        .collect();
    for change in cx.changes_since_base() {
        let ChangeKind::Changed { field: Field::Unit, before, after } = &change.kind else { continue };
        let was = renamed.get(&change.subject).copied().unwrap_or(&change.subject);
        let Subject::KeyResult { cycle, team, objective, key_result: old_id } = was else { continue };
        let Subject::KeyResult { key_result, .. } = &change.subject else { continue };
        let had_checkins =
            base.workspace.files.iter().filter(|f| &f.data.cycle == cycle && &f.data.team == team).any(|f| {
                f.key_results().any(|k| {
                    &k.objective.id == objective
                        && &k.key_result.id == old_id
                        && !k.key_result.checkins.is_empty()
                })
            });
        if !had_checkins {
            continue;
        }
        let Some((file, span)) = cx.locate(&change.subject, Some("unit")) else { continue };
        let text = |v: &serde_json::Value| v.as_str().map_or_else(|| "none".to_owned(), |s| format!("`{s}`"));
        let message = format!(
            "unit of `{key_result}` changed from {} to {} since {}, but it already has check-ins in the old unit",
            text(before),
            text(after),
            base.name
        );
        out.push(Diagnostic::new(RULE.id, &file.path, span, message).with_help(
            "keep the unit; to measure something else, retire this key result and add a new one with its own start and target",
        ));
    }
}
