//! `team-owned-key-result`: one person is accountable, not a team.

use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::load::Pointer;

declare_rule!(TeamOwnedKeyResult, "team-owned-key-result", Warning, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let is_team = |owner: &str| cx.teams.contains(owner) && !cx.people.contains(owner);
    let lead =
        |team: &str| cx.workspace.config.teams.iter().find(|t| t.id == team).and_then(|t| t.lead.as_deref());
    for file in &cx.workspace.files {
        let owners = file
            .objectives()
            .map(|(p, o)| (p.key("owner"), o.owner.as_str()))
            .chain(file.key_results().map(|kr| (kr.pointer.key("owner"), kr.key_result.owner.as_str())))
            .chain(
                file.data
                    .kpis
                    .iter()
                    .enumerate()
                    .map(|(k, kpi)| (Pointer::kpi(k).key("owner"), kpi.owner.as_str())),
            );
        for (pointer, owner) in owners.filter(|(_, owner)| is_team(owner)) {
            let help = match lead(owner) {
                Some(lead) => format!(
                    "name one accountable person, e.g. the team lead `{lead}`; list others as `contributors`"
                ),
                None => "name one accountable person; list others as `contributors`".to_owned(),
            };
            out.push(
                Diagnostic::new(
                    RULE.id,
                    &file.path,
                    file.span(pointer),
                    format!("owner `{owner}` is a team, not a person"),
                )
                .with_help(help),
            );
        }
    }
}
