//! `file-location`: a file in a cycle folder holds that cycle's OKRs of the
//! team it is named after.

use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::load::Pointer;

declare_rule!(FileLocation, "file-location", Error, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for file in &cx.workspace.files {
        let mut parts = file.path.rsplit('/');
        let (Some(name), Some(folder)) = (parts.next(), parts.next()) else { continue };
        if !cx.cycles.contains_key(folder) {
            continue;
        }
        let data = &file.data;
        // A cycle or team okr.yaml does not know is reported as unknown,
        // with the name it most likely misspells: one mistake, one finding.
        if data.cycle != folder && cx.cycles.contains_key(data.cycle.as_str()) {
            out.push(
                Diagnostic::new(
                    RULE.id,
                    &file.path,
                    file.span(Pointer::ROOT.key("cycle")),
                    format!("file is in folder `{folder}` but says `cycle: {}`", data.cycle),
                )
                .with_help(format!("set `cycle: {folder}`, or move the file to the folder `{}`", data.cycle)),
            );
        }
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        if data.team != stem && cx.teams.contains(data.team.as_str()) {
            out.push(
                Diagnostic::new(
                    RULE.id,
                    &file.path,
                    file.span(Pointer::ROOT.key("team")),
                    format!("file is named `{name}` but says `team: {}`", data.team),
                )
                .with_help(if crate::schema::is_id(stem) {
                    format!("rename the file to `{}.yaml`, or set `team: {stem}`", data.team)
                } else {
                    format!(
                        "rename the file to `{}.yaml`: file names are team ids (lowercase letters, digits and `-`)",
                        data.team
                    )
                }),
            );
        }
    }
}
