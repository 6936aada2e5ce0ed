//! `unknown-owner`: owners, contributors, leads, coaches and
//! strategic objectives' owners must be people.

use crate::check::{Context, Names};
use crate::diagnostic::Diagnostic;
use crate::load::Pointer;

declare_rule!(UnknownOwner, "unknown-owner", Error, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let config_file = cx.config_file();
    for (i, team) in cx.workspace.config.teams.iter().enumerate() {
        for (role, person) in [("lead", &team.lead), ("coach", &team.coach)] {
            if let Some(person) = person.as_deref().filter(|p| !cx.people.contains(p)) {
                let span = cx.config_span(Pointer::ROOT.entry("teams", i).key(role));
                out.push(unknown(cx, config_file, span, role, person));
            }
        }
    }
    for (i, strategic) in cx.workspace.config.strategy.iter().enumerate() {
        if let Some(person) = strategic.owner.as_deref().filter(|p| !cx.people.contains(p)) {
            let span = cx.config_span(Pointer::ROOT.entry("strategy", i).key("owner"));
            out.push(unknown(cx, config_file, span, "owner", person));
        }
    }
    for file in &cx.workspace.files {
        // A team as owner is `team-owned-key-result`'s finding, not this one's.
        let owner_known = |id: &str| cx.people.contains(id) || cx.teams.contains(id);
        for (pointer, objective) in file.objectives() {
            if !owner_known(&objective.owner) {
                out.push(unknown(cx, &file.path, file.span(pointer.key("owner")), "owner", &objective.owner));
            }
        }
        for kr in file.key_results() {
            if !owner_known(&kr.key_result.owner) {
                let span = file.span(kr.pointer.key("owner"));
                out.push(unknown(cx, &file.path, span, "owner", &kr.key_result.owner));
            }
            for (c, contributor) in kr.key_result.contributors.iter().enumerate() {
                if !cx.people.contains(contributor.as_str()) {
                    let span = file.span(kr.pointer.entry("contributors", c));
                    out.push(unknown(cx, &file.path, span, "contributor", contributor));
                }
            }
        }
        for (k, kpi) in file.data.kpis.iter().enumerate() {
            if !owner_known(&kpi.owner) {
                out.push(unknown(
                    cx,
                    &file.path,
                    file.span(Pointer::kpi(k).key("owner")),
                    "owner",
                    &kpi.owner,
                ));
            }
        }
    }
}

fn unknown(cx: &Context<'_>, file: &str, span: crate::source::Span, role: &str, person: &str) -> Diagnostic {
    let help = cx.suggestion(person, Names::People);
    Diagnostic::new(RULE.id, file, span, format!("{role} `{person}` is not in okr.yaml people"))
        .with_help(help)
}
