//! `okr diff`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Result};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use okr::diagnostic::{Diagnostic, Severity};
use okr::git::Repo;
use okr::model::{load_workspace, load_workspace_from, LoadOutcome, Workspace};
use okr::render::diff::{self as out, Side};

use super::Cli;

pub(super) const AFTER_HELP: &str = "\
Compares OKRs by id, not by file: moved and renamed files are no change, and renamed or moved key
results and objectives are found and compared across the rename (docs/git.md). A BASE that is not an
ancestor of HEAD is replaced by the merge base, so a pull request shows only its own changes. Rollups on both sides are
computed as of the same day, so the numbers move only because the OKRs did. Files with errors on
either side count as unchanged and are named in the output (run `okr check`).

Examples:
  okr diff                                 this branch's changes against where it left main
  okr diff main HEAD --format markdown     a pull request comment
  okr diff origin/main...HEAD              the same, as a range
  okr diff HEAD~5 HEAD --format json";

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The revision to compare from, or a range `BASE...HEAD` [default: the merge base of HEAD and
    /// origin/main, or main]. When BASE is not an ancestor of HEAD (main moved on, or was merged
    /// into the branch), the comparison starts where the two diverged.
    base: Option<String>,
    /// The revision to compare to [default: the work tree].
    head: Option<String>,
    /// The OKR repository's root [default: the folder holding okr.yaml, from the current folder up].
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// With --format markdown: the longest comment in characters; changes past it are counted,
    /// not listed (0: no limit) [default: 60000, under GitHub's 65,536].
    #[arg(long, value_name = "N")]
    max_chars: Option<usize>,
    /// Compute both rollups as of this date (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    as_of: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    /// For a terminal.
    Text,
    /// A pull request comment: summary table, details collapsed, owners mentioned.
    Markdown,
    /// Every change and the rollup before → after (versioned; see docs/formats.md).
    Json,
}

pub(super) fn run(args: &DiffArgs, cli: &Cli) -> Result<ExitCode> {
    let root = okr::load::find_root(Path::new("."), args.root.as_deref())?;
    let repo = Repo::require(&root)?;
    // `okr diff main...feature` is `okr diff main feature`.
    let (base, head) = match (args.base.as_deref(), args.head.as_deref()) {
        (Some(base), None) => Repo::split_range(base),
        (base, head) => (base.unwrap_or_default(), head),
    };
    // The commit the base is compared with: the head's, or HEAD's for the work tree.
    let head_id = match head {
        Some(rev) => Some(repo.resolve(rev)?),
        None => None,
    };
    let base_id = if base.is_empty() {
        repo.default_base()?
    } else {
        let named = repo.resolve(base)?;
        match head_id.map_or_else(|| repo.head(), |id| Ok(Some(id)))? {
            Some(tip) => repo.compare_base(named, tip)?,
            None => named,
        }
    };
    let (head_commit, clean) = (repo.head()?, repo.is_clean());
    let base_side = Side::Commit(repo.info(base_id)?);
    let before = side(load_workspace_from(&root, &repo.tree_source(base_id)?)?, &base_side, cli)?;
    let (head_side, after) = if let Some(id) = head_id {
        let head = Side::Commit(repo.info(id)?);
        let workspace = side(load_workspace_from(&root, &repo.tree_source(id)?)?, &head, cli)?;
        (head, workspace)
    } else {
        // A clean work tree (as in CI) is HEAD: say which commit it is.
        let head = match head_commit {
            Some(id) if clean => Side::Commit(repo.info(id)?),
            _ => Side::WorkTree { work_tree: true },
        };
        let workspace = side(load_workspace(&root)?, &head, cli)?;
        (head, workspace)
    };
    // The git-aware rules' findings (moved goalposts, unit changes, edits to
    // closed cycles) belong in the comment, naming the branch's own commits:
    // run them when the head is what `okr check --base` checks (the work
    // tree or HEAD).
    let findings = match head_id {
        Some(id) if Some(id) != head_commit || !clean => Vec::new(),
        _ => git_findings(&repo, &root, base, base_id, args.as_of.unwrap_or_else(super::today))?,
    };
    let ((mut before, before_errors), (mut after, after_errors)) = (before, after);
    let unreadable = okr::diff::stand_in(&mut before, &before_errors, &mut after, &after_errors);
    let mut diff = okr::diff::diff(&before, &after, args.as_of.unwrap_or_else(super::today));
    diff.unreadable = unreadable;
    diff.findings = findings;
    let text = match args.format {
        DiffFormat::Text => out::to_text(&diff, &after.config, &base_side, &head_side),
        DiffFormat::Markdown => {
            let max = args.max_chars.unwrap_or(out::COMMENT_MAX_CHARS);
            out::to_markdown(&diff, &after.config, &base_side, &head_side, (max > 0).then_some(max))
        }
        DiffFormat::Json => out::to_json(&diff, &base_side, &head_side),
    };
    super::print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The findings of the git-aware rules since `base_id`, as `okr check
/// --base` gives them.
fn git_findings(
    repo: &Repo,
    root: &Path,
    name: &str,
    base_id: git2::Oid,
    as_of: NaiveDate,
) -> Result<Vec<Diagnostic>> {
    let name = if name.is_empty() { base_id.to_string()[..7].to_owned() } else { name.to_owned() };
    let facts = okr::git::history::base_facts(repo, root, &name, base_id)?;
    let options =
        okr::check::CheckOptions { as_of, levels: Vec::new(), base: Some(std::sync::Arc::new(facts)) };
    let report = okr::check::run(root, &options)?;
    Ok(report.diagnostics.into_iter().filter(|d| okr::check::GIT_AWARE.contains(&d.rule.as_str())).collect())
}

/// The workspace of one side and its load diagnostics; files with errors
/// are left out, and said so.
fn side(outcome: LoadOutcome, label: &Side, cli: &Cli) -> Result<(Workspace, Vec<Diagnostic>)> {
    let errors = outcome.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let name = match label {
        Side::Commit(info) => format!("commit {}", info.short()),
        Side::WorkTree { .. } => "the work tree".to_owned(),
    };
    let Some(workspace) = outcome.workspace else {
        bail!("okr.yaml in {name} cannot be read (run `okr check` there)")
    };
    if errors > 0 && !cli.quiet {
        let errors = okr::words::count(errors, "error", "errors");
        eprintln!(
            "warning: {name} has {errors}; files that cannot be read count as unchanged (run `okr check`)"
        );
    }
    Ok((workspace, outcome.diagnostics))
}
