//! `okr build`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;

use okr::render::site::{output, render_site_to, SiteOptions};
use okr::rollup::rollup;

use super::{Cli, RootArgs};

pub(super) const AFTER_HELP: &str = "\
Checks the repository first: on errors it prints them, exits 1 and writes nothing. The site is
written to a temporary folder beside --out and moved into place; an existing --out is replaced only
if an earlier okr build wrote it. In a git repository the site gets a trends page per cycle:
progress after every commit that changed the OKRs (--no-history leaves it out).

Examples:
  okr build                          writes public/ under the OKR root
  okr build examples/acme --out /tmp/site --as-of 2026-11-25";

#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    root: RootArgs,
    /// Where to write the site [default: public/ under the OKR root].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Compute as of this date (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    as_of: Option<NaiveDate>,
    /// The URL the site is served under [default: `site.base_url` in okr.yaml, else /].
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Leave out the trends page, which reads the git history.
    #[arg(long)]
    no_history: bool,
}

pub(super) fn run(args: &BuildArgs, cli: &Cli) -> Result<ExitCode> {
    let as_of = args.as_of.unwrap_or_else(super::today);
    let workspace = match super::valid_workspace(&args.root, cli)? {
        Ok(workspace) => workspace,
        Err(code) => return Ok(code),
    };
    let out = args.out.clone().unwrap_or_else(|| workspace.root.join("public"));
    let options = SiteOptions {
        as_of,
        base_url: args.base_url.clone().unwrap_or_else(|| workspace.config.site.base_url.clone()),
        trends: if args.no_history {
            None
        } else {
            super::trends(&workspace.root, Some(&workspace), cli.quiet)?
        },
        repository_prefix: super::repository_prefix(&workspace.root),
    };
    let computed = rollup(&workspace, as_of);
    let files = output::render_and_write(&out, |sink| render_site_to(&workspace, &computed, &options, sink))?;
    if !cli.quiet {
        eprintln!("wrote {files} files to {} (open {})", out.display(), out.join("index.html").display());
    }
    Ok(ExitCode::SUCCESS)
}
