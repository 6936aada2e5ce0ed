//! `okr serve`.

use std::path::Path;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;

use okr::git::history::Trends;
use okr::render::site::{render_site, Site, SiteOptions};
use okr::rollup::rollup;
use okr::serve::Serving;

use super::{Cli, ColorChoice, RootArgs};

pub(super) const AFTER_HELP: &str = "\
Serves from memory on 127.0.0.1 only and writes nothing. Every change to a file under the root
rebuilds the site; a build with errors prints them and keeps the last good site up.

Examples:
  okr serve                            http://127.0.0.1:8000/
  okr serve examples/acme --port 0     any free port (printed)";

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    root: RootArgs,
    /// The port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8000)]
    port: u16,
    /// Compute as of this date (YYYY-MM-DD) [default: today, at each rebuild].
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    as_of: Option<NaiveDate>,
}

pub(super) fn run(args: &ServeArgs, cli: &Cli) -> Result<ExitCode> {
    let root = args.root.find()?;
    let as_of = args.as_of;
    let color = cli.color;
    let trends = Arc::new(TrendsCache::default());
    // The files as they are before the first build: a change made while it
    // runs is rebuilt, not missed.
    let skip = vec!["public".to_owned()];
    let before = okr::serve::fingerprint(&root, &skip);
    let Some(site) = build(&root, as_of, color, &trends)? else {
        return Ok(ExitCode::from(1));
    };
    let serving = Serving::bind(args.port, site)?;
    eprintln!("serving {} at {} (Ctrl-C stops)", root.display(), serving.url());
    let quiet = cli.quiet;
    let watched = root.clone();
    serving.watch(&root, skip, before, move || match build(&watched, as_of, color, &trends) {
        Ok(Some(site)) => {
            if !quiet {
                eprintln!("rebuilt ({})", okr::words::count(site.files.len(), "file", "files"));
            }
            Some(site)
        }
        Ok(None) => None,
        Err(error) => {
            eprintln!("error: {error:#}");
            None
        }
    });
    serving.run()?;
    Ok(ExitCode::SUCCESS)
}

/// Checks and renders the site in memory; `None` when the check found errors
/// (they are printed).
fn build(
    root: &Path,
    as_of: Option<NaiveDate>,
    color: ColorChoice,
    trends: &TrendsCache,
) -> Result<Option<Site>> {
    let Ok(workspace) = super::valid_workspace_at(root, color)? else {
        return Ok(None);
    };
    let as_of = as_of.unwrap_or_else(super::today);
    let options = SiteOptions {
        as_of,
        base_url: workspace.config.site.base_url.clone(),
        trends: trends.get(&workspace.root),
        repository_prefix: super::repository_prefix(&workspace.root),
    };
    Ok(Some(render_site(&workspace, &rollup(&workspace, as_of), &options)?))
}

/// The trends of the last HEAD seen: the history is read again only when
/// HEAD moves, not on every edit of a file.
#[derive(Default)]
struct TrendsCache(Mutex<Option<(Option<String>, Option<Trends>)>>);

impl TrendsCache {
    fn get(&self, root: &Path) -> Option<Trends> {
        let head = okr::git::Repo::open(root)
            .ok()
            .flatten()
            .and_then(|repo| repo.head().ok().flatten())
            .map(|id| id.to_string());
        let mut cached = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((seen, trends)) = cached.as_ref() {
            if *seen == head {
                return trends.clone();
            }
        }
        let trends = super::trends(root, None, true).ok().flatten();
        *cached = Some((head, trends.clone()));
        trends
    }
}
