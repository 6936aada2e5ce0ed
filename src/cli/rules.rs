//! `okr rules [NAME]`.

use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Args;

use okr::check::{find_rule, registry};
use okr::suggest::did_you_mean;

#[derive(Debug, Args)]
pub(crate) struct RulesArgs {
    /// A rule to explain, e.g. `unknown-owner`.
    name: Option<String>,
}

pub(super) fn run(args: &RulesArgs) -> Result<ExitCode> {
    let text = match &args.name {
        None => list(),
        Some(name) => {
            let Some(rule) = find_rule(name) else {
                let hint = did_you_mean(name, registry().iter().map(|r| r.name)).map_or_else(
                    || "run `okr rules` for the list".to_owned(),
                    |close| format!("did you mean `{close}`?"),
                );
                bail!("unknown rule `{name}`: {hint}");
            };
            rule.doc.to_owned()
        }
    };
    super::print(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn list() -> String {
    let width = registry().iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for rule in registry() {
        let level = rule.default_level.to_string();
        out.push_str(&format!("{:width$}  {level:7}  {}\n", rule.name, rule.summary()));
    }
    out.push_str("\nChange levels in okr.yaml `rules:` or with `okr check --level RULE=LEVEL`; `okr rules NAME` explains one.\n");
    out
}
