//! `okr check`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use okr::check::{self, CheckOptions};
use okr::config::Level;
use okr::diagnostic::{Severity, Summary};
use okr::emit;
use okr::git::history::base_facts;
use okr::git::Repo;

use super::{Cli, EXIT_TOOL_FAILURE};

pub(super) const AFTER_HELP: &str = "\
Exit status: 0 no errors (warnings allowed), 1 errors found (or warnings with --deny warnings), \
2 okr could not run (bad arguments, no okr.yaml, unusable okr.yaml).

Examples:
  okr check                          check the repository around the current folder
  okr check examples/acme --format json
  okr check okrs/2026-Q4/platform.yaml   the repository, reporting this file only (editors, pre-commit)
  okr check --deny warnings --level stale-key-result=off
  okr check --base origin/main       also flag moved goalposts and edits to closed cycles
  okr check --base origin/main --changed-only   warnings only for the files changed since
  okr check --format github          annotations on a pull request (GitHub Actions)
  okr check --format sarif > okr.sarif";

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The OKR repository (its root or any folder inside it) [default: the current folder]; or
    /// OKR files: the whole repository is checked, and only what concerns these files is reported
    /// (for editors and pre-commit hooks).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The OKR repository's root (the folder holding okr.yaml).
    #[arg(long, value_name = "DIR", conflicts_with = "paths")]
    root: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Treat warnings as errors for the exit status.
    #[arg(long, value_enum, value_name = "warnings")]
    deny: Option<Deny>,
    /// Evaluate time-dependent rules as of this date (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    as_of: Option<NaiveDate>,
    /// Also run the git-aware rules on what changed since this revision (e.g. origin/main).
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// With --base: report warnings only for the files changed since the base (errors always), so
    /// that a pull request is not shown other teams' warnings.
    #[arg(long, requires = "base")]
    changed_only: bool,
    /// Set a rule's level, overriding okr.yaml: RULE=error|warning|off (repeatable).
    #[arg(long = "level", value_name = "RULE=LEVEL", value_parser = parse_level)]
    levels: Vec<(String, Level)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Source snippets with the offending value underlined.
    Human,
    /// One JSON object (versioned; see docs/formats.md).
    Json,
    /// GitHub Actions annotations, plus a summary of every finding in `$GITHUB_STEP_SUMMARY`.
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Deny {
    Warnings,
}

fn parse_level(text: &str) -> Result<(String, Level), String> {
    let (rule, level) = text.split_once('=').ok_or("expected RULE=LEVEL, e.g. stale-key-result=off")?;
    let level = Level::from_str(level, true)
        .map_err(|_| format!("unknown level `{level}`: use error, warning or off"))?;
    Ok((rule.to_owned(), level))
}

pub(super) fn run(args: &CheckArgs, cli: &Cli) -> Result<ExitCode> {
    match check(args, cli) {
        // Machine-readable formats stay machine-readable when okr cannot
        // run: a JSON error object, a SARIF log that says the run failed.
        Err(error) if matches!(args.format, Format::Json | Format::Sarif) => {
            let reason = format!("{error:#}");
            let text = match args.format {
                Format::Sarif => emit::render_sarif_failure(&[], "", &reason),
                _ => emit::render_json_error(&reason),
            };
            super::print(&text)?;
            eprintln!("error: {reason}");
            Ok(ExitCode::from(EXIT_TOOL_FAILURE))
        }
        outcome => outcome,
    }
}

fn check(args: &CheckArgs, cli: &Cli) -> Result<ExitCode> {
    let (root, only) = where_to_check(args)?;
    let repo = args.base.as_ref().map(|_| Repo::require(&root)).transpose()?;
    // With --changed-only: the merge base, that the changed files are found from.
    let mut merge_base = None;
    let base = match (&args.base, &repo) {
        (Some(rev), Some(repo)) => {
            let id = repo.resolve(rev)?;
            if args.changed_only {
                merge_base = Some(repo.compare_base(id, repo.head()?.unwrap_or(id))?);
            }
            Some(Arc::new(base_facts(repo, &root, rev, id)?))
        }
        _ => None,
    };
    let options =
        CheckOptions { as_of: args.as_of.unwrap_or_else(super::today), levels: args.levels.clone(), base };
    let mut report = check::run(&root, &options)?;
    let mut files = report.files;
    if let Some(only) = &only {
        // An unusable okr.yaml stops everything: its findings always show.
        let config_unusable = report.workspace.is_none();
        report
            .diagnostics
            .retain(|d| only.contains(&d.file) || (config_unusable && d.file == okr::load::CONFIG_FILE));
        files = only.len();
    }
    if let (Some(repo), Some(merge_base)) = (&repo, merge_base) {
        // Errors always count: a pull request must not leave the repository
        // broken, wherever its change breaks it (a person removed from
        // okr.yaml is an unknown owner in every file naming them).
        let files =
            report.diagnostics.iter().filter(|d| d.severity != Severity::Error).map(|d| d.file.as_str());
        let changed = repo.changed_since(merge_base, &root, files)?;
        report.diagnostics.retain(|d| d.severity == Severity::Error || changed.contains(&d.file));
    }
    let summary = Summary::new(files, &report.diagnostics);
    let text = match args.format {
        Format::Json => emit::render_json(&report.diagnostics, summary),
        // okr.yaml unusable: its findings, and a run that did not succeed.
        Format::Sarif if report.workspace.is_none() => emit::render_sarif_failure(
            &report.diagnostics,
            &repository_prefix(&root)?,
            "okr.yaml has errors; fix them first, the OKR files were not checked",
        ),
        Format::Sarif => emit::render_sarif(&report.diagnostics, &repository_prefix(&root)?),
        Format::Github => {
            let prefix = repository_prefix(&root)?;
            if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
                append(Path::new(&path), &emit::render_step_summary(&report.diagnostics, summary, &prefix))?;
            }
            emit::render_github(&report.diagnostics, &prefix)
        }
        Format::Human => {
            let mut text =
                emit::render_human(&report.diagnostics, &report.sources, summary, cli.color.enabled());
            if cli.quiet {
                // Drop the summary line; keep the findings.
                text.truncate(text.trim_end_matches('\n').rfind('\n').map_or(0, |at| at + 1));
            }
            text
        }
    };
    super::print(&text)?;
    let config_unusable = report.workspace.is_none();
    let errors = report.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = report.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
    let failing = errors > 0 || (args.deny.is_some() && warnings > 0);
    if errors == 0 && failing {
        // Only --deny turns these into a failure: say so, or "0 errors" and
        // exit 1 read as a bug.
        eprintln!(
            "error: {} and --deny warnings treats warnings as errors, so the check fails (exit 1)",
            okr::words::count(warnings, "warning", "warnings")
        );
    }
    // The process ends now: freeing every parsed file first would only cost
    // time (a tenth of a check on large repositories).
    std::mem::forget(report);
    if config_unusable {
        eprintln!("error: okr.yaml has errors; fix them first, the OKR files were not checked");
        return Ok(ExitCode::from(EXIT_TOOL_FAILURE));
    }
    Ok(if failing { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// The OKR root to check and, when files were named, the ones to report
/// (paths relative to the root, `/`-separated).
fn where_to_check(args: &CheckArgs) -> Result<(PathBuf, Option<std::collections::BTreeSet<String>>)> {
    let named_folder = match args.paths.as_slice() {
        [] => Some(Path::new(".")),
        // A path that is not there gets find_root's "does not exist".
        [one] if one.is_dir() || !one.exists() => Some(one.as_path()),
        _ => None,
    };
    if let Some(folder) = named_folder {
        return Ok((okr::load::find_root(folder, args.root.as_deref())?, None));
    }
    let first = &args.paths[0];
    let start = first.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let root = okr::load::find_root(start, None)?;
    let canonical_root = root.canonicalize().with_context(|| format!("cannot resolve {}", root.display()))?;
    let mut only = std::collections::BTreeSet::new();
    for path in &args.paths {
        if path.is_dir() {
            anyhow::bail!(
                "{} is a folder: name one folder to check a repository, or OKR files",
                path.display()
            );
        }
        let canonical = path.canonicalize().with_context(|| format!("cannot read {}", path.display()))?;
        let Ok(relative) = canonical.strip_prefix(&canonical_root) else {
            anyhow::bail!("{} is not inside the OKR repository at {}", path.display(), root.display());
        };
        let parts: Vec<String> =
            relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        only.insert(parts.join("/"));
    }
    Ok((root, Some(only)))
}

/// Where the OKR root is inside the repository, as a path prefix (`""` or
/// `planning/okr/`): GitHub and SARIF name files from the repository's root.
/// Outside git, relative to the current folder.
fn repository_prefix(root: &Path) -> Result<String> {
    let relative = match Repo::open(root)? {
        Some(repo) => repo.prefix().to_owned(),
        None => std::env::current_dir()
            .ok()
            .and_then(|cwd| std::path::absolute(root).ok()?.strip_prefix(cwd).ok().map(Path::to_path_buf))
            .map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .unwrap_or_default(),
    };
    Ok(if relative.is_empty() { relative } else { format!("{relative}/") })
}

/// Appends to a file such as `$GITHUB_STEP_SUMMARY`.
fn append(path: &Path, text: &str) -> Result<()> {
    use std::io::Write as _;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("cannot write the step summary to {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write the step summary to {}", path.display()))?;
    Ok(())
}
