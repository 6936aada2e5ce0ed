//! Command-line definitions and dispatch. Parses arguments, calls the library
//! and maps outcomes to exit codes; no OKR logic lives here.

mod build;
mod check;
mod checkin;
mod codeowners;
mod completions;
mod diff;
mod digest;
mod export;
mod history;
mod import;
mod init;
mod log;
mod rollover;
mod rules;
mod schema;
mod serve;
mod status;
mod sync;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Exit code: the tool could not run (bad arguments, unreadable root, unusable okr.yaml).
pub(crate) const EXIT_TOOL_FAILURE: u8 = 2;

/// Objectives and key results as YAML in git: validate, roll up, diff, publish.
#[derive(Debug, Parser)]
#[command(name = "okr", version, about, propagate_version = true, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    /// When to colour output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) color: ColorChoice,
    /// Print only findings, no summary line.
    #[arg(short, long, global = true)]
    pub(crate) quiet: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Validate okr.yaml and every OKR file: YAML, schema and rules.
    #[command(after_help = check::AFTER_HELP)]
    Check(check::CheckArgs),
    /// Check, then render the static progress site.
    #[command(after_help = build::AFTER_HELP)]
    Build(build::BuildArgs),
    /// Build the site and serve it on 127.0.0.1, rebuilding on every change.
    #[command(after_help = serve::AFTER_HELP)]
    Serve(serve::ServeArgs),
    /// The weekly meeting's page: check-ins, what moved, attention, who owes a check-in.
    #[command(after_help = digest::AFTER_HELP)]
    Digest(digest::DigestArgs),
    /// Show progress and status of a cycle in the terminal.
    #[command(after_help = status::AFTER_HELP)]
    Status(status::StatusArgs),
    /// Print the computed rollup as JSON or CSV.
    Export(export::ExportArgs),
    /// Compare the OKRs of two revisions: what changed, and progress before → after.
    #[command(after_help = diff::AFTER_HELP)]
    Diff(diff::DiffArgs),
    /// The audit trail of one key result: every commit that changed it, who, what.
    #[command(after_help = log::AFTER_HELP)]
    Log(log::LogArgs),
    /// Roll up every commit that changed the OKRs: progress over time from git.
    #[command(after_help = history::AFTER_HELP)]
    History(history::HistoryArgs),
    /// List every rule with its default level, or explain one.
    Rules(rules::RulesArgs),
    /// Print a JSON Schema (for editors and other tools).
    Schema(schema::SchemaArgs),
    /// Add a check-in to a key result, in place: comments and layout kept.
    #[command(after_help = checkin::AFTER_HELP)]
    Checkin(checkin::CheckinArgs),
    /// Record a check-in for each key result whose `source` (a file, or a command) has a new value.
    #[command(after_help = sync::AFTER_HELP)]
    Sync(sync::SyncArgs),
    /// Add many check-ins at once from CSV or JSON: all of them or none.
    #[command(after_help = import::AFTER_HELP)]
    Import(import::ImportArgs),
    /// Start the next cycle: unfinished key results carried forward from the last.
    #[command(after_help = rollover::AFTER_HELP)]
    Rollover(rollover::RolloverArgs),
    /// Set up a new OKR repository: okr.yaml, a team file, schemas, a CI workflow.
    #[command(after_help = init::AFTER_HELP)]
    Init(init::InitArgs),
    /// Print CODEOWNERS lines so each OKR file needs review by its lead and owners.
    #[command(after_help = codeowners::AFTER_HELP)]
    Codeowners(codeowners::CodeownersArgs),
    /// Print shell completions (bash, zsh, fish, powershell, elvish).
    #[command(after_help = completions::COMPLETIONS_HELP)]
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff): okr's, or a subcommand's with its options.
    #[command(after_help = completions::MAN_HELP)]
    Man(completions::ManArgs),
    /// What the shell completions ask for: key-result ids, rule names.
    #[command(name = "__complete", hide = true)]
    Complete(completions::CompleteArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is not set.
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour what goes to stdout.
    pub(crate) fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
            }
        }
    }
}

/// Where the OKR repository is.
#[derive(Debug, Args)]
pub(crate) struct RootArgs {
    /// The OKR repository: its root or any folder inside it [default: the current folder].
    pub(crate) path: Option<PathBuf>,
    /// The OKR repository's root (the folder holding okr.yaml).
    #[arg(long, value_name = "DIR", conflicts_with = "path")]
    pub(crate) root: Option<PathBuf>,
}

impl RootArgs {
    pub(crate) fn find(&self) -> Result<PathBuf> {
        let start = self.path.as_deref().unwrap_or(Path::new("."));
        okr::load::find_root(start, self.root.as_deref())
    }
}

/// "unknown team `x`" with the closest known name, or a list of them.
pub(crate) fn unknown(what: &str, given: &str, known: &[&str]) -> anyhow::Error {
    match okr::suggest::did_you_mean(given, known.iter().copied()) {
        Some(close) => anyhow::anyhow!("unknown {what} `{given}`; did you mean `{close}`?"),
        None if known.len() <= 12 => anyhow::anyhow!("unknown {what} `{given}`; known: {}", known.join(", ")),
        None => anyhow::anyhow!(
            "unknown {what} `{given}`; known: {}, … ({} more, see okr.yaml)",
            known[..10].join(", "),
            known.len() - 10
        ),
    }
}

/// Parses `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| format!("expected a date as YYYY-MM-DD: {e}"))
}

/// Today's date on this machine.
pub(crate) fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Writes data to stdout. A closed pipe (`okr check | head`) is not an error.
pub(crate) fn print(text: &str) -> Result<()> {
    print_bytes(text.as_bytes())
}

/// [`print`] for bytes that need not be text (an xlsx workbook).
pub(crate) fn print_bytes(bytes: &[u8]) -> Result<()> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Runs the parsed command line.
pub(crate) fn run(cli: &Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Check(args) => check::run(args, cli),
        Command::Build(args) => build::run(args, cli),
        Command::Serve(args) => serve::run(args, cli),
        Command::Status(args) => status::run(args, cli),
        Command::Digest(args) => digest::run(args, cli),
        Command::Export(args) => export::run(args, cli),
        Command::History(args) => history::run(args, cli),
        Command::Diff(args) => diff::run(args, cli),
        Command::Log(args) => log::run(args, cli),
        Command::Rules(args) => rules::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Checkin(args) => checkin::run(args, cli),
        Command::Import(args) => import::run(args, cli),
        Command::Sync(args) => sync::run(args, cli),
        Command::Rollover(args) => rollover::run(args, cli),
        Command::Init(args) => init::run(args, cli),
        Command::Codeowners(args) => codeowners::run(args, cli),
        Command::Completions(args) => completions::completions(args),
        Command::Man(args) => completions::man(args),
        Command::Complete(args) => completions::complete(args),
    }
}

/// Loads and checks the repository for commands that compute from it. On
/// errors they are printed to stderr and the exit code is returned instead:
/// numbers are never computed from files that did not pass `okr check`.
///
/// The check runs as of today, not `--as-of`: a report of a past day ignores
/// the check-ins made since (SPEC 3.1) rather than calling them future ones.
pub(crate) fn valid_workspace(root: &RootArgs, cli: &Cli) -> Result<Result<okr::model::Workspace, ExitCode>> {
    valid_workspace_at(&root.find()?, cli.color)
}

/// [`valid_workspace`] for a root already found.
pub(crate) fn valid_workspace_at(
    root: &Path,
    color: ColorChoice,
) -> Result<Result<okr::model::Workspace, ExitCode>> {
    use okr::diagnostic::Severity;
    let options = okr::check::CheckOptions { as_of: today(), ..Default::default() };
    let report = okr::check::run(root, &options)?;
    let valid = !report.diagnostics.iter().any(|d| d.severity == Severity::Error);
    match report.workspace {
        Some(workspace) if valid => Ok(Ok(workspace)),
        _ => Ok(Err(refuse_invalid(&report, color))),
    }
}

/// Prints the errors of a repository that cannot be worked on and says to
/// fix them; exit 2 when okr.yaml itself is unusable, else 1.
pub(crate) fn refuse_invalid(report: &okr::check::Report, color: ColorChoice) -> ExitCode {
    use okr::diagnostic::{Severity, Summary};
    let errors: Vec<_> =
        report.diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
    let summary = Summary::new(report.files, &errors);
    let color = color.enabled() && io::stderr().is_terminal();
    eprint!("{}", okr::emit::render_human(&errors, &report.sources, summary, color));
    eprintln!("error: fix the errors above first (`okr check` lists everything)");
    ExitCode::from(if report.workspace.is_none() { EXIT_TOOL_FAILURE } else { 1 })
}

/// Progress over time from git for the site; `None` outside git. A history
/// that cannot be read costs the trends page, not the build. `checked` (the
/// work tree's workspace, free of errors) saves parsing its files again.
/// The OKR root's folder inside its git repository, for the site's edit
/// links: `""` at the top of the work tree and outside git (an unreadable
/// repository is reported by [`trends`]).
pub(crate) fn repository_prefix(root: &Path) -> String {
    okr::git::Repo::open(root).ok().flatten().map(|r| r.prefix().to_owned()).unwrap_or_default()
}

pub(crate) fn trends(
    root: &Path,
    checked: Option<&okr::model::Workspace>,
    quiet: bool,
) -> Result<Option<okr::git::history::Trends>> {
    // A repository that cannot be opened, or whose HEAD cannot be read, is
    // an error (exit 2): a site without trends would hide it.
    if let Some(repo) =
        okr::git::Repo::open(root).context("pass --no-history to build without the trends pages")?
    {
        repo.head().context("pass --no-history to build without the trends pages")?;
    }
    // A commit further back that cannot be read costs the trends pages only.
    Ok(match okr::git::history::trends_reusing(root, checked) {
        Ok(trends) => {
            if trends.as_ref().is_some_and(|t| t.shallow) && !quiet {
                eprintln!("note: trends start at the oldest commit present: {}", okr::git::SHALLOW_HELP);
            }
            trends
        }
        Err(error) => {
            if !quiet {
                eprintln!("warning: no trends page: cannot read the git history: {error:#}");
            }
            None
        }
    })
}
