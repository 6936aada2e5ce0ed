//! The workspace at each commit, and the rollup of each, along first-parent
//! history. File versions are parsed once per blob id, so the cost grows with
//! the number of distinct file versions, not with commits × files.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Result};
use chrono::NaiveDate;
use git2::Oid;
use rayon::prelude::*;

use super::{CommitInfo, FileVersion, Repo, Snapshot};
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::diff::{self, Change, ChangeKind, Subject};
pub use crate::history::{
    BaseFacts, CheckinCommits, CommitRollup, CommitStep, CycleTrend, KrAddress, LogEntry, TrendPoint, Trends,
};
use crate::load::{self, SpanMap};
use crate::model::{self, KeyResult, LoadedOkr, Workspace};
use crate::rollup;

/// Which commits a walk covers.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Only commits made on or after this day.
    pub since: Option<NaiveDate>,
    /// Only the newest this many commits that change OKR files.
    pub max_commits: Option<usize>,
}

/// A parsed file version and how many errors loading it found.
#[derive(Clone)]
struct CachedOkr {
    loaded: LoadedOkr,
    errors: usize,
}

/// Parsed `okr.yaml` and OKR file versions by blob id.
#[derive(Default)]
pub struct Cache {
    configs: HashMap<Oid, Option<(Config, Arc<SpanMap>)>>,
    okr: HashMap<Oid, CachedOkr>,
    /// How many file versions were parsed: each distinct blob once.
    pub parsed: usize,
}

/// The workspace of one commit.
pub struct CommitWorkspace {
    pub commit: CommitInfo,
    /// `None` when the commit's `okr.yaml` is missing or unusable.
    pub workspace: Option<Workspace>,
    /// Errors found loading the commit's files (YAML and schema only).
    pub errors: usize,
}

/// The commits a walk visits, oldest first, with the files each holds.
pub struct Walk {
    pub commits: Vec<(Oid, Snapshot)>,
    /// The history stopped at a shallow clone's boundary.
    pub truncated: bool,
}

impl Cache {
    fn config(&mut self, repo: &Repo, file: &FileVersion) -> Result<Option<(Config, Arc<SpanMap>)>> {
        if let Some(config) = self.configs.get(&file.blob) {
            return Ok(config.clone());
        }
        self.parsed += 1;
        repo.require_blobs([file])?;
        let loaded = model::load_config(load::load_bytes(&file.path, repo.read(file)))?;
        self.configs.insert(file.blob, loaded.config.clone());
        Ok(loaded.config)
    }

    /// Takes the files of a workspace checked without errors as parsed, by
    /// the blob id of their bytes on disk now. (A file edited since it was
    /// checked gets the id of its new bytes, which no commit holds yet.)
    fn reuse(&mut self, workspace: &Workspace) {
        let reused: Vec<(Oid, CachedOkr)> = workspace
            .files
            .par_iter()
            .filter_map(|file| {
                let bytes = std::fs::read(workspace.root.join(&file.path)).ok()?;
                let blob = Oid::hash_object(git2::ObjectType::Blob, &bytes).ok()?;
                let loaded = LoadedOkr::Typed(Arc::clone(&file.data), Arc::clone(&file.spans));
                Some((blob, CachedOkr { loaded, errors: 0 }))
            })
            .collect();
        self.okr.extend(reused);
    }

    /// The configured folders of a snapshot's `okr.yaml`.
    fn folders(&mut self, repo: &Repo, snapshot: &Snapshot) -> Result<Option<Vec<String>>> {
        let Some(file) = &snapshot.config else { return Ok(None) };
        Ok(self.config(repo, file)?.map(|(config, _)| config.paths))
    }

    /// Parses the file versions not seen before, in parallel.
    fn parse_new(&mut self, repo: &Repo, files: &[&FileVersion]) -> Result<()> {
        let mut new: Vec<(&FileVersion, _)> = Vec::new();
        let mut seen: HashSet<Oid> = HashSet::new();
        for &file in files {
            if !self.okr.contains_key(&file.blob) && seen.insert(file.blob) {
                repo.require_blobs([file])?;
                new.push((file, repo.read(file)));
            }
        }
        self.parsed += new.len();
        let parsed: Vec<(Oid, CachedOkr)> = new
            .into_par_iter()
            .map(|(file, bytes)| {
                let outcome = model::load_okr_file(&file.path, load::load_bytes(&file.path, bytes))?;
                let errors = outcome.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
                Ok((file.blob, CachedOkr { loaded: outcome.loaded, errors }))
            })
            .collect::<Result<_>>()?;
        self.okr.extend(parsed);
        Ok(())
    }

    /// The workspace of a snapshot, from cached parses.
    pub fn workspace(
        &mut self,
        repo: &Repo,
        root: &Path,
        snapshot: &Snapshot,
    ) -> Result<(Option<Workspace>, usize)> {
        let Some(config_file) = &snapshot.config else { return Ok((None, 0)) };
        let Some((config, spans)) = self.config(repo, config_file)? else { return Ok((None, 1)) };
        let files = snapshot.in_folders(&config.paths);
        self.parse_new(repo, &files)?;
        let mut errors = 0;
        let mut outcomes = Vec::with_capacity(files.len());
        for file in files {
            if let Some(cached) = self.okr.get(&file.blob) {
                errors += cached.errors;
                outcomes.push((file.path.clone(), cached.loaded.clone()));
            }
        }
        Ok((Some(model::assemble(root, config, spans, outcomes, false)), errors))
    }
}

/// What a snapshot holds that matters to okr: `okr.yaml` and the OKR files
/// below its folders.
fn relevant<'s>(cache: &mut Cache, repo: &Repo, snapshot: &'s Snapshot) -> Result<Vec<&'s FileVersion>> {
    let mut files: Vec<&FileVersion> = snapshot.config.iter().collect();
    if let Some(folders) = cache.folders(repo, snapshot)? {
        files.extend(snapshot.in_folders(&folders));
    }
    Ok(files)
}

/// The first-parent commits from HEAD that change `okr.yaml` or an OKR file,
/// oldest first, within `options`.
pub fn walk(repo: &Repo, cache: &mut Cache, options: &WalkOptions) -> Result<Walk> {
    let Some(head) = repo.head()? else { return Ok(Walk { commits: Vec::new(), truncated: false }) };
    let (mut chain, truncated) = repo.first_parents(head)?;
    if let Some(since) = options.since {
        // Newest first: keep the commits up to the first one before `since`.
        let keep =
            chain.iter().take_while(|&&id| repo.info(id).is_ok_and(|info| info.date() >= since)).count();
        chain.truncate(keep);
    }
    chain.reverse();
    // What each snapshot holds that okr reads, computed once per commit.
    let mut previous: Option<Vec<FileVersion>> = match chain.first().and_then(|&first| repo.parent(first)) {
        Some(parent) => Some(relevant(cache, repo, &repo.snapshot(parent)?)?.into_iter().cloned().collect()),
        None => None,
    };
    let mut commits = Vec::new();
    for id in chain {
        let snapshot = repo.snapshot(id)?;
        let current: Vec<FileVersion> = relevant(cache, repo, &snapshot)?.into_iter().cloned().collect();
        if previous.as_ref() != Some(&current) && snapshot.config.is_some() {
            commits.push((id, snapshot));
        }
        previous = Some(current);
    }
    if let Some(max) = options.max_commits {
        let skip = commits.len().saturating_sub(max);
        commits.drain(..skip);
    }
    Ok(Walk { commits, truncated })
}

/// Commits rolled up together, in parallel: two per thread. Each rollup
/// holds every key result of its commit, so a larger batch only costs
/// memory (with 32, a 100,000-key-result history peaked at 1.45 GB).
fn batch_size() -> usize {
    2 * rayon::current_num_threads().max(1)
}

/// Rolls up every commit of `walk` as of the day it was made, calling `each`
/// in order, oldest first, and `progress` with the number done.
pub fn rollups(
    repo: &Repo,
    root: &Path,
    cache: &mut Cache,
    walk: &Walk,
    each: impl FnMut(CommitRollup) -> Result<()>,
    progress: &dyn Fn(usize),
) -> Result<()> {
    rollups_rendered(repo, root, cache, walk, |commit| commit, each, progress)
}

/// [`rollups`], with each commit's rollup turned into `R` by `render` in
/// parallel (as the rollups are made), and `each` called with those in
/// order: a long history's output is formatted on every core.
pub fn rollups_rendered<R: Send>(
    repo: &Repo,
    root: &Path,
    cache: &mut Cache,
    walk: &Walk,
    render: impl Fn(CommitRollup) -> R + Sync,
    mut each: impl FnMut(R) -> Result<()>,
    progress: &dyn Fn(usize),
) -> Result<()> {
    let mut done = 0;
    for batch in walk.commits.chunks(batch_size()) {
        let mut workspaces = Vec::with_capacity(batch.len());
        for (id, snapshot) in batch {
            let (workspace, errors) = cache.workspace(repo, root, snapshot)?;
            workspaces.push(CommitWorkspace { commit: repo.info(*id)?, workspace, errors });
        }
        let rolled: Vec<R> = workspaces
            .into_par_iter()
            .map(|c| {
                render(CommitRollup {
                    rollup: c
                        .workspace
                        .as_ref()
                        .map(|w| rollup::rollup_with(w, c.commit.date(), rollup::Detail::Numbers)),
                    commit: c.commit,
                    errors: c.errors,
                })
            })
            .collect();
        for commit in rolled {
            each(commit)?;
            done += 1;
        }
        progress(done);
    }
    Ok(())
}

/// The key results a selector names: `id`, `objective/id`,
/// `team/objective/id` or `cycle/team/objective/id`.
fn matching(workspace: &Workspace, selector: &[&str]) -> Vec<(KrAddress, KeyResult)> {
    workspace
        .key_results_ending_with(selector)
        .into_iter()
        .map(|(index, kr)| {
            let [cycle, team, objective, id] = workspace.address(index, &kr);
            ((cycle, team, objective, id), kr.key_result.clone())
        })
        .collect()
}

/// The entries of the commits a merge brought in that changed the key
/// result at `address`, each against its own parent; empty for a commit
/// that is no merge, or when none of them touched it.
fn merged_side(
    repo: &Repo,
    root: &Path,
    cache: &mut Cache,
    merge: Oid,
    address: &KrAddress,
) -> Result<Vec<LogEntry>> {
    let mut entries = Vec::new();
    for id in repo.merged_commits(merge)? {
        let Some(parent) = repo.parent(id) else { continue };
        let load = |cache: &mut Cache, id: Oid| -> Result<Option<KeyResult>> {
            let workspace = cache.workspace(repo, root, &repo.snapshot(id)?)?.0;
            Ok(workspace.and_then(|w| find(&w, address)))
        };
        let (before, after) = (load(cache, parent)?, load(cache, id)?);
        let subject = Subject::KeyResult {
            cycle: address.0.clone(),
            team: address.1.clone(),
            objective: address.2.clone(),
            key_result: address.3.clone(),
        };
        let changes = key_result_step(&subject, before.as_ref(), after.as_ref());
        if !changes.is_empty() {
            entries.push(LogEntry { commit: Some(repo.info(id)?), changes });
        }
    }
    Ok(entries)
}

/// The key result at `address` in a workspace.
fn find(workspace: &Workspace, address: &KrAddress) -> Option<KeyResult> {
    let selector = [address.0.as_str(), &address.1, &address.2, &address.3];
    matching(workspace, &selector).into_iter().next().map(|(_, kr)| kr)
}

/// The audit trail of the key result `selector` names: every commit along
/// first-parent history that changed it, oldest first, then uncommitted
/// changes in `work_tree`. Fails when the selector names no key result or
/// more than one.
pub fn key_result_log(
    repo: &Repo,
    root: &Path,
    selector: &str,
    work_tree: Option<&Workspace>,
) -> Result<(KrAddress, Vec<LogEntry>)> {
    let parts: Vec<&str> = selector.split('/').collect();
    if parts.len() > 4 || parts.iter().any(|p| p.is_empty()) {
        bail!("`{selector}` is not a key result: give `id`, `objective/id`, `team/objective/id` or `cycle/team/objective/id`");
    }
    let mut cache = Cache::default();
    let walk = walk(repo, &mut cache, &WalkOptions::default())?;
    let mut states: Vec<(CommitInfo, Workspace)> = Vec::new();
    let mut ids: Vec<Oid> = Vec::new();
    let mut addresses = std::collections::BTreeSet::new();
    for (id, snapshot) in &walk.commits {
        if let (Some(workspace), _) = cache.workspace(repo, root, snapshot)? {
            addresses.extend(matching(&workspace, &parts).into_iter().map(|(address, _)| address));
            states.push((repo.info(*id)?, workspace));
            ids.push(*id);
        }
    }
    if let Some(workspace) = work_tree {
        addresses.extend(matching(workspace, &parts).into_iter().map(|(address, _)| address));
    }
    // The key result as it is named now: in the newest state, if it is there.
    let newest = work_tree.or_else(|| states.last().map(|(_, w)| w));
    let now: std::collections::BTreeSet<KrAddress> = newest
        .map(|w| matching(w, &parts).into_iter().map(|(address, _)| address).collect())
        .unwrap_or_default();
    let addresses = if now.len() == 1 { now } else { addresses };
    let address = match addresses.len() {
        0 => {
            // The ids of now (or of the latest commit), for a did-you-mean.
            let ids: Vec<String> = newest
                .map(|w| matching(w, &[]).into_iter().map(|(address, _)| address.3).collect())
                .unwrap_or_default();
            let last = parts.last().copied().unwrap_or_default();
            match crate::suggest::did_you_mean(last, ids.iter().map(String::as_str)) {
                Some(close) => {
                    bail!(
                        "no key result `{selector}` in any commit or the work tree; did you mean `{close}`?"
                    )
                }
                None => bail!("no key result `{selector}` in any commit or the work tree"),
            }
        }
        1 => addresses.into_iter().next().unwrap_or_default(),
        _ => {
            let names: Vec<String> =
                addresses.iter().map(|(c, t, o, k)| format!("{c}/{t}/{o}/{k}")).collect();
            bail!("`{selector}` names {} key results; name one of: {}", names.len(), names.join(", "))
        }
    };
    // Every state, oldest first, with the address the key result had there:
    // walking back, a rename or move (diff::key_result_renames) switches to
    // its earlier address.
    let mut all: Vec<(Option<CommitInfo>, &Workspace)> =
        states.iter().map(|(c, w)| (Some(c.clone()), w)).collect();
    if let Some(workspace) = work_tree {
        all.push((None, workspace));
    }
    let mut at: Vec<KrAddress> = vec![address.clone(); all.len()];
    let mut current = address.clone();
    for i in (0..all.len()).rev() {
        if i + 1 < all.len() && find(all[i].1, &current).is_none() && find(all[i + 1].1, &current).is_some() {
            if let Some(old) = diff::key_result_renames(all[i].1, all[i + 1].1).get(&current) {
                current = old.clone();
            }
        }
        at[i] = current.clone();
    }
    let subject_of = |a: &KrAddress| Subject::KeyResult {
        cycle: a.0.clone(),
        team: a.1.clone(),
        objective: a.2.clone(),
        key_result: a.3.clone(),
    };
    let mut entries = Vec::new();
    let mut previous: Option<KeyResult> = None;
    for (i, (commit, workspace)) in all.iter().enumerate() {
        let current = find(workspace, &at[i]);
        let subject = subject_of(&at[i]);
        let mut changes = Vec::new();
        if i > 0 && at[i] != at[i - 1] && previous.is_some() && current.is_some() {
            changes.push(Change {
                subject: subject.clone(),
                kind: ChangeKind::Renamed { from: subject_of(&at[i - 1]) },
                owner: current.as_ref().map(|kr| kr.owner.clone()),
            });
        }
        changes.extend(key_result_step(&subject, previous.as_ref(), current.as_ref()));
        if changes.is_empty() {
            previous = current;
            continue;
        }
        // A merge on the first-parent line: the changes were made by the
        // commits it brought in; name those (and their authors), not the
        // person who merged. The merge itself is listed when none of them
        // touched the key result (a change made while merging).
        let merged = match ids.get(i) {
            Some(&id) => merged_side(repo, root, &mut cache, id, &at[i])?,
            None => Vec::new(),
        };
        if merged.is_empty() {
            entries.push(LogEntry { commit: commit.clone(), changes });
        } else {
            entries.extend(merged);
        }
        previous = current;
    }
    Ok((address, entries))
}

/// What changed in one key result between two states.
fn key_result_step(subject: &Subject, before: Option<&KeyResult>, after: Option<&KeyResult>) -> Vec<Change> {
    let mut changes = Vec::new();
    match (before, after) {
        (None, Some(new)) => {
            changes.push(Change {
                subject: subject.clone(),
                kind: ChangeKind::Added {
                    title: new.title.clone(),
                    details: Some(diff::key_result_details(new)),
                },
                owner: Some(new.owner.clone()),
            });
            let mut empty = new.clone();
            empty.checkins.clear();
            diff::key_result_changes(&mut changes, subject, &empty, new);
        }
        (Some(old), None) => changes.push(Change {
            subject: subject.clone(),
            kind: ChangeKind::Removed { title: old.title.clone() },
            owner: Some(old.owner.clone()),
        }),
        (Some(old), Some(new)) => diff::key_result_changes(&mut changes, subject, old, new),
        (None, None) => {}
    }
    changes
}

/// What `okr check --base REV` needs from git: the workspace where HEAD
/// left `base` ([`Repo::compare_base`]), at HEAD, and what each of the
/// branch's own commits ([`Repo::own_commits`]) changed against its parent.
pub fn base_facts(repo: &Repo, root: &Path, name: &str, base: Oid) -> Result<BaseFacts> {
    let mut cache = Cache::default();
    let load = |cache: &mut Cache, id: Oid| -> Result<Option<Workspace>> {
        Ok(cache.workspace(repo, root, &repo.snapshot(id)?)?.0)
    };
    let head = repo.head()?.ok_or_else(|| anyhow::anyhow!("the repository has no commits yet"))?;
    let base = repo.compare_base(base, head)?;
    let Some(base_workspace) = load(&mut cache, base)? else {
        bail!("okr.yaml at `{name}` is missing or cannot be read, so there is nothing to compare with")
    };
    let mut commits = Vec::new();
    for id in repo.own_commits(base, head)? {
        let Some(current) = load(&mut cache, id)? else { continue };
        let parent = match repo.parent(id) {
            Some(parent) if parent != base => load(&mut cache, parent)?,
            _ => None,
        };
        let info = repo.info(id)?;
        commits.push(CommitStep {
            commit: info.short().to_owned(),
            date: info.date(),
            changes: diff::changes(parent.as_ref().unwrap_or(&base_workspace), &current),
        });
    }
    let head = if head == base { None } else { load(&mut cache, head)? };
    Ok(BaseFacts { name: name.to_owned(), workspace: base_workspace, commits, head })
}

/// One commit's points of one cycle.
struct CyclePoints {
    cycle: String,
    organisation: Option<TrendPoint>,
    teams: Vec<(String, TrendPoint)>,
}

/// Adds a point to a series, replacing an earlier point of the same day.
fn push_point(series: &mut Vec<TrendPoint>, point: TrendPoint) {
    if series.last().is_some_and(|last| last.date == point.date) {
        series.pop();
    }
    series.push(point);
}

/// The trends of the repository holding `root` (`None` outside git or
/// before the first commit), reusing the files of `checked` (the work tree's workspace,
/// checked without errors) for every commit that holds the same bytes, so
/// that files unchanged since HEAD are not parsed a second time.
pub fn trends_reusing(root: &Path, checked: Option<&Workspace>) -> Result<Option<Trends>> {
    let Some(repo) = Repo::open(root)? else { return Ok(None) };
    let Some(head) = repo.head()? else { return Ok(None) };
    let mut cache = Cache::default();
    if let Some(workspace) = checked {
        cache.reuse(workspace);
    }
    let walk = walk(&repo, &mut cache, &WalkOptions::default())?;
    let mut cycles: BTreeMap<String, CycleTrend> = BTreeMap::new();
    rollups_rendered(
        &repo,
        root,
        &mut cache,
        &walk,
        // Each commit's points are taken from its rollup on the thread that
        // made it, which then drops the rollup there: at 100,000 key
        // results, dropping 20 rollups one after another took a second.
        |point| {
            let CommitRollup { commit, rollup: Some(rollup), .. } = point else { return None };
            let at = |progress: f64| TrendPoint {
                commit: commit.short().to_owned(),
                date: commit.date(),
                subject: commit.subject.clone(),
                progress,
            };
            let points: Vec<CyclePoints> = rollup
                .cycles
                .into_iter()
                .map(|cycle| CyclePoints {
                    organisation: cycle.progress.map(at),
                    teams: cycle
                        .teams
                        .into_iter()
                        .filter_map(|team| team.unit_progress.map(|progress| (team.id, at(progress))))
                        .collect(),
                    cycle: cycle.id,
                })
                .collect();
            Some(points)
        },
        |points| {
            for cycle in points.into_iter().flatten() {
                let trend = cycles.entry(cycle.cycle).or_default();
                if let Some(point) = cycle.organisation {
                    push_point(&mut trend.organisation, point);
                }
                for (team, point) in cycle.teams {
                    push_point(trend.teams.entry(team).or_default(), point);
                }
            }
            Ok(())
        },
        &|_| {},
    )?;
    let checkins = checkin_commits(&repo, &mut cache, &walk)?;
    Ok(Some(Trends {
        head: repo.info(head)?,
        commits: walk.commits.len(),
        shallow: walk.truncated,
        cycles,
        checkins,
    }))
}

/// The check-ins the commits merged by `merge` recorded: by key result and
/// date, the first merged commit (oldest first) that held it. Empty for a
/// commit that is no merge.
#[derive(Default)]
struct MergedCheckins {
    commits: Vec<Oid>,
    checkins: HashMap<(String, NaiveDate), usize>,
}

fn key_of(cycle: &str, team: &str, objective: &str, key_result: &str) -> String {
    CheckinCommits::key(cycle, team, objective, key_result)
}

fn merged_checkins(repo: &Repo, cache: &mut Cache, merge: Oid) -> Result<MergedCheckins> {
    let mut merged = MergedCheckins { commits: repo.merged_commits(merge)?, checkins: HashMap::new() };
    let mut seen: HashSet<Oid> = HashSet::new();
    for (at, &id) in merged.commits.iter().enumerate() {
        let snapshot = repo.snapshot(id)?;
        let Some(folders) = cache.folders(repo, &snapshot)? else { continue };
        let files: Vec<&FileVersion> =
            snapshot.in_folders(&folders).into_iter().filter(|f| seen.insert(f.blob)).collect();
        cache.parse_new(repo, &files)?;
        for file in files {
            let Some(CachedOkr { loaded: LoadedOkr::Typed(data, _), .. }) = cache.okr.get(&file.blob) else {
                continue;
            };
            for objective in &data.objectives {
                for kr in &objective.key_results {
                    for checkin in &kr.checkins {
                        let key = (key_of(&data.cycle, &data.team, &objective.id, &kr.id), checkin.date);
                        merged.checkins.entry(key).or_insert(at);
                    }
                }
            }
        }
    }
    Ok(merged)
}

/// The commit that first held each check-in of `walk`. Every file version
/// is read once, at the first commit that holds it (already parsed by the
/// walk): a check-in is attributed to the oldest version holding it.
fn checkin_commits(repo: &Repo, cache: &mut Cache, walk: &Walk) -> Result<CheckinCommits> {
    let mut out = CheckinCommits::default();
    let mut seen: HashSet<Oid> = HashSet::new();
    for (id, snapshot) in &walk.commits {
        let Some(folders) = cache.folders(repo, snapshot)? else { continue };
        let mut commit: Option<usize> = None;
        // A merge's check-ins were recorded by the commits it brought in.
        let side = merged_checkins(repo, cache, *id)?;
        let mut side_index: HashMap<usize, usize> = HashMap::new();
        for file in snapshot.in_folders(&folders) {
            if !seen.insert(file.blob) {
                continue;
            }
            let Some(CachedOkr { loaded: LoadedOkr::Typed(data, _), .. }) = cache.okr.get(&file.blob) else {
                continue;
            };
            for objective in &data.objectives {
                for kr in &objective.key_results {
                    if kr.checkins.is_empty() {
                        continue;
                    }
                    let key = CheckinCommits::key(&data.cycle, &data.team, &objective.id, &kr.id);
                    let known = out.by_key_result.entry(key).or_default();
                    for checkin in &kr.checkins {
                        let std::collections::hash_map::Entry::Vacant(entry) = known.entry(checkin.date)
                        else {
                            continue;
                        };
                        let recorded = side
                            .checkins
                            .get(&(key_of(&data.cycle, &data.team, &objective.id, &kr.id), checkin.date));
                        let index = if let Some(&at) = recorded {
                            if let Some(&index) = side_index.get(&at) {
                                index
                            } else {
                                out.commits.push(repo.info(side.commits[at])?);
                                side_index.insert(at, out.commits.len() - 1);
                                out.commits.len() - 1
                            }
                        } else if let Some(index) = commit {
                            index
                        } else {
                            out.commits.push(repo.info(*id)?);
                            *commit.insert(out.commits.len() - 1)
                        };
                        entry.insert(index);
                    }
                }
            }
        }
    }
    Ok(out)
}

/// The goalposts of `cycle`'s key results moved by commits dated in the
/// window (`since`, `until`] on the branch's own history: for the digest.
/// The commit the window starts from is the newest first-parent commit
/// dated on or before `since` (the root commit when all are newer).
pub fn goalposts_moved(
    repo: &Repo,
    root: &Path,
    cycle: &str,
    since: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<crate::rollup::digest::Goalpost>> {
    let Some(head) = repo.head()? else { return Ok(Vec::new()) };
    let (chain, _) = repo.first_parents(head)?;
    // The newest commit on or before `since`; when okr.yaml was not there
    // yet, the oldest commit after it that has one (what that commit wrote
    // was added, not moved).
    let mut base = None;
    for &id in &chain {
        let has_config = repo.snapshot(id)?.config.is_some();
        if has_config {
            base = Some(id);
        }
        if repo.info(id)?.date() <= since || !has_config {
            break;
        }
    }
    let Some(base) = base else { return Ok(Vec::new()) };
    let facts = base_facts(repo, root, "the window's start", base)?;
    let mut out = Vec::new();
    for step in facts.commits.iter().filter(|s| s.date > since && s.date <= until) {
        for change in &step.changes {
            let diff::ChangeKind::Changed { field, before, after } = &change.kind else { continue };
            let diff::Subject::KeyResult { cycle: of, team, objective, key_result } = &change.subject else {
                continue;
            };
            if of != cycle || !diff::GOALPOSTS.contains(field) {
                continue;
            }
            let text = |v: &serde_json::Value| match (v.as_f64(), v.as_str()) {
                (Some(n), _) => format!("{n}"),
                (None, Some(text)) => text.to_owned(),
                (None, None) => "none".to_owned(),
            };
            out.push(crate::rollup::digest::Goalpost {
                commit: step.commit.clone(),
                date: step.date,
                key_result: format!("{team}/{objective}/{key_result}"),
                field: field.as_str(),
                before: text(before),
                after: text(after),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(day: u32, progress: f64) -> TrendPoint {
        let date = NaiveDate::from_ymd_opt(2026, 10, day).unwrap_or_default();
        TrendPoint { commit: format!("c{day}-{progress}"), date, subject: String::new(), progress }
    }

    #[test]
    fn the_last_commit_of_a_day_is_the_day_s_point() {
        let mut series = Vec::new();
        for p in [point(1, 0.1), point(1, 0.2), point(2, 0.3), point(2, 0.25), point(3, 0.4)] {
            push_point(&mut series, p);
        }
        let kept: Vec<f64> = series.iter().map(|p| p.progress).collect();
        assert_eq!(kept, [0.2, 0.25, 0.4]);
    }
}
