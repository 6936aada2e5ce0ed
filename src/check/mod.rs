//! The rule engine: the registry of every rule, rule levels, and a check run
//! over a loaded workspace.

pub(crate) mod activity;
mod context;
pub mod rules;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Result};
use chrono::NaiveDate;
use rayon::prelude::*;

pub use crate::history::{BaseFacts, CommitStep};
pub use context::{Context, Names, ObjectiveKey};

use crate::config::{Level, RuleSetting};
use crate::diagnostic::{self, Diagnostic, RuleId, Severity};
use crate::load::{FileSource, WorkTree};
use crate::model::Workspace;
use crate::source::SourceMap;

/// A rule's check: reads the workspace, pushes findings.
pub type CheckFn = fn(&Context<'_>, &mut Vec<Diagnostic>);

/// One rule: its name, default level, documentation and check.
#[derive(Clone, Copy)]
pub struct Rule {
    pub id: RuleId,
    /// Kebab-case name naming the bad pattern, e.g. `unknown-owner`
    /// (`id.as_str()`; here too so that the docs can be included by name).
    pub name: &'static str,
    pub default_level: Level,
    /// Markdown documentation (`docs/rules/<name>.md`): what it checks, why,
    /// an example, how to fix.
    pub doc: &'static str,
    /// `None` for findings made by the load stage (`yaml-syntax`, `schema`).
    pub check: Option<CheckFn>,
    /// Whether `okr.yaml` and `--level` may change the level.
    pub configurable: bool,
}

impl Rule {
    /// The first sentence paragraph under "What it checks".
    pub fn summary(&self) -> String {
        let section = self.doc.split("## What it checks").nth(1).unwrap_or(self.doc);
        section
            .lines()
            .map(str::trim)
            .skip_while(|line| line.is_empty())
            .take_while(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Every rule, in the order `okr rules` lists them.
pub fn registry() -> &'static [Rule] {
    rules::ALL
}

/// The rules that need `--base`: what changed in git, not what the files
/// say now. `okr diff` puts their findings in the pull request comment.
pub const GIT_AWARE: &[&str] = &["target-changed-mid-cycle", "unit-changed", "closed-cycle-modified"];

/// The rule called `name`.
pub fn find_rule(name: &str) -> Option<&'static Rule> {
    registry().iter().find(|rule| rule.name == name)
}

/// Inputs of a check run besides the repository.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The date time-dependent rules are evaluated at.
    pub as_of: NaiveDate,
    /// Level overrides from the command line; they win over `okr.yaml`.
    pub levels: Vec<(String, Level)>,
    /// What git knows since `--base REV`, for the git-aware rules.
    pub base: Option<Arc<BaseFacts>>,
}

/// What a check run found.
#[derive(Debug)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: SourceMap,
    /// Files read, `okr.yaml` included.
    pub files: usize,
    /// `None` when `okr.yaml` could not be used, so nothing else was checked.
    pub workspace: Option<Workspace>,
}

/// Loads the repository at `root` and runs every enabled rule.
pub fn run(root: &Path, options: &CheckOptions) -> Result<Report> {
    run_from(root, &WorkTree { root }, options)
}

/// [`run`] on files read from `source` (e.g. the work tree with one file
/// edited in memory, to check an edit before it is written).
pub fn run_from(root: &Path, source: &dyn FileSource, options: &CheckOptions) -> Result<Report> {
    for (name, _) in &options.levels {
        match find_rule(name) {
            Some(rule) if rule.configurable => {}
            Some(_) => {
                bail!("the level of `{name}` cannot be changed: its findings make the file unreadable")
            }
            None => match crate::suggest::did_you_mean(name, registry().iter().map(|r| r.name)) {
                Some(close) => bail!("unknown rule `{name}`; did you mean `{close}`? (see `okr rules`)"),
                None => bail!("unknown rule `{name}` (see `okr rules`)"),
            },
        }
    }
    let loaded = crate::model::load_workspace_for_check(root, source)?;
    let mut diagnostics = loaded.diagnostics;
    if let Some(workspace) = &loaded.workspace {
        let levels = resolve_levels(workspace, options);
        let mut context = Context::new(workspace, options.as_of);
        context.base = options.base.as_deref();
        let findings: Vec<Diagnostic> = registry()
            .par_iter()
            .filter(|rule| levels.get(&rule.id).is_some_and(|level| *level != Level::Off))
            .flat_map_iter(|rule| {
                let mut out = Vec::new();
                if let Some(check) = rule.check {
                    check(&context, &mut out);
                }
                out
            })
            .collect();
        // One mistake, one finding: what load or schema reported at a place is
        // not reported again by a rule.
        let reported: HashSet<(&str, u32, u32)> =
            diagnostics.iter().map(|d| (d.file.as_str(), d.span.start.line, d.span.start.col)).collect();
        let findings: Vec<Diagnostic> = findings
            .into_iter()
            .filter(|d| !reported.contains(&(d.file.as_str(), d.span.start.line, d.span.start.col)))
            .collect();
        diagnostics.extend(findings);
        apply_levels(&mut diagnostics, &levels);
    }
    diagnostic::sort(&mut diagnostics);
    Ok(Report { diagnostics, sources: loaded.sources, files: loaded.file_count, workspace: loaded.workspace })
}

/// Each rule's level: command line over `okr.yaml` over the default.
fn resolve_levels(workspace: &Workspace, options: &CheckOptions) -> BTreeMap<RuleId, Level> {
    registry()
        .iter()
        .map(|rule| {
            let from_config = rule
                .configurable
                .then(|| workspace.config.rules.get(rule.name).and_then(RuleSetting::level))
                .flatten();
            let from_cli =
                options.levels.iter().rev().find(|(name, _)| name == rule.name).map(|(_, level)| *level);
            (rule.id, from_cli.or(from_config).unwrap_or(rule.default_level))
        })
        .collect()
}

/// Every rule has a level (`resolve_levels` covers the registry, and a test
/// that the registry covers [`RuleId::ALL`]).
fn apply_levels(diagnostics: &mut Vec<Diagnostic>, levels: &BTreeMap<RuleId, Level>) {
    diagnostics.retain_mut(|d| match levels.get(&d.rule).copied().unwrap_or(Level::Error) {
        Level::Off => false,
        Level::Warning => {
            d.severity = Severity::Warning;
            true
        }
        Level::Error => {
            d.severity = Severity::Error;
            true
        }
    });
}
