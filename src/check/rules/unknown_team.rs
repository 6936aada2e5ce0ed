//! `unknown-team`: team references must name a team from okr.yaml.

use crate::check::{Context, Names};
use crate::diagnostic::Diagnostic;
use crate::load::Pointer;
use crate::source::Span;

declare_rule!(UnknownTeam, "unknown-team", Error, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let config = &cx.workspace.config;
    let config_file = cx.config_file();
    for (i, team) in config.teams.iter().enumerate() {
        if let Some(parent) = team.parent.as_deref().filter(|p| !cx.teams.contains(p)) {
            out.push(unknown(
                cx,
                config_file,
                cx.config_span(Pointer::ROOT.entry("teams", i).key("parent")),
                "parent team",
                parent,
            ));
        }
    }
    for (i, person) in config.people.iter().enumerate() {
        if let Some(team) = person.team.as_deref().filter(|t| !cx.teams.contains(t)) {
            out.push(unknown(
                cx,
                config_file,
                cx.config_span(Pointer::ROOT.entry("people", i).key("team")),
                "team",
                team,
            ));
        }
    }
    for file in &cx.workspace.files {
        if !cx.teams.contains(file.data.team.as_str()) {
            out.push(unknown(cx, &file.path, file.span(Pointer::ROOT.key("team")), "team", &file.data.team));
        }
    }
}

fn unknown(cx: &Context<'_>, file: &str, span: Span, what: &str, team: &str) -> Diagnostic {
    let help = cx.suggestion(team, Names::Teams);
    Diagnostic::new(RULE.id, file, span, format!("{what} `{team}` is not in okr.yaml teams")).with_help(help)
}
