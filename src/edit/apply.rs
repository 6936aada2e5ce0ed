//! The transactions that write OKR files, as users run them and as tests
//! and fuzz targets can: under the repository lock, read, edit, check the
//! repository with the edit (through an overlay, nothing written yet),
//! verify, write (`okr::write`).

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use anyhow::{bail, Context as _, Result};
use chrono::NaiveDate;

use crate::check::{self, CheckOptions};
use crate::config::CycleState;
use crate::diagnostic::{Diagnostic, RuleId, Severity};
use crate::edit::checkin::{find, insert, Measured, NewCheckin};
use crate::edit::rollover::{plan, Carried};
use crate::load::{Overlay, WorkTree};
use crate::source::SourceMap;
use crate::write::{create_all, replace, RepositoryLock};

/// What `okr checkin` did.
#[derive(Debug)]
pub enum CheckinOutcome {
    /// The check-in is written.
    Written { address: String, date: NaiveDate, path: String, kpi: bool },
    /// A dry run: the change as a unified diff; nothing written.
    DryRun { diff: String },
    /// Refused with a message (exit 1); nothing written.
    Refused(String),
    /// The edit would add errors to the file (exit 1); nothing written.
    AddsErrors { errors: Vec<Diagnostic>, sources: SourceMap, path: String },
    /// `okr.yaml` has errors, so nothing can be looked up (exit 2).
    ConfigBroken,
}

/// Adds a check-in to the key result `selector` names in the repository at
/// `root`, checked as of `today`. `make` gives the check-in for the key
/// result's kind (or a KPI's), or a message why the arguments do not fit it.
pub fn checkin(
    root: &Path,
    selector: &str,
    today: NaiveDate,
    dry_run: bool,
    make: impl FnOnce(Measured) -> Result<NewCheckin, String>,
) -> Result<CheckinOutcome> {
    // Held until the file is written: a second `okr checkin` waits for this one.
    let _lock = if dry_run { None } else { Some(RepositoryLock::acquire(root)?) };
    let options = CheckOptions { as_of: today, ..Default::default() };
    let before = check::run(root, &options)?;
    let Some(workspace) = &before.workspace else { return Ok(CheckinOutcome::ConfigBroken) };
    let target = match find(workspace, selector) {
        Ok(target) => target,
        Err(error) => return Ok(CheckinOutcome::Refused(error.to_string())),
    };
    let file = &workspace.files[target.file];
    if file.partial.is_some() {
        return Ok(CheckinOutcome::Refused(format!(
            "{} has schema errors that leave parts of it unread: fix them first (`okr check`)",
            file.path
        )));
    }
    if workspace.config.cycle(&target.cycle).is_some_and(|c| c.state == CycleState::Closed) {
        return Ok(CheckinOutcome::Refused(format!(
            "{} is in {}, which is closed: its check-ins are the record of what happened",
            target.address, target.cycle
        )));
    }
    let checkin = match make(target.kind) {
        Ok(checkin) => checkin,
        Err(message) => return Ok(CheckinOutcome::Refused(format!("{}: {message}", target.address))),
    };

    let path = root.join(&file.path);
    let raw = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let bom = raw.starts_with(b"\xEF\xBB\xBF");
    let text = std::str::from_utf8(&raw[if bom { 3 } else { 0 }..])
        .with_context(|| format!("{} is not UTF-8", path.display()))?;
    if before.sources.get(&file.path).is_none_or(|source| *source.text != *text) {
        bail!("{} changed while okr was reading it: nothing was written; run the command again", file.path);
    }
    let Some(edited) = insert(text, &file.spans, target.pointer, &checkin) else {
        bail!("cannot tell where the check-ins of {} end in {}; add it by hand", target.address, file.path)
    };
    let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
    bytes.extend_from_slice(edited.as_bytes());

    // The repository with the edit, checked before anything is written.
    let edited_files = BTreeMap::from([(file.path.clone(), bytes.clone())]);
    let source = Overlay { base: &WorkTree { root }, files: &edited_files };
    let after = check::run_from(root, &source, &options)?;
    let known: HashSet<(RuleId, &str)> =
        errors_in(&before.diagnostics, &file.path).iter().map(|d| (d.rule, d.message.as_str())).collect();
    let added: Vec<Diagnostic> = errors_in(&after.diagnostics, &file.path)
        .into_iter()
        .filter(|d| !known.contains(&(d.rule, d.message.as_str())))
        .cloned()
        .collect();
    if !added.is_empty() {
        return Ok(CheckinOutcome::AddsErrors {
            errors: added,
            sources: after.sources,
            path: file.path.clone(),
        });
    }
    let recorded = after
        .workspace
        .as_ref()
        .and_then(|w| find(w, &target.address).ok())
        .is_some_and(|t| t.checkins == target.checkins + 1);
    if !recorded {
        bail!("the edited {} does not read back with the new check-in; nothing was written", file.path);
    }

    if dry_run {
        let diff = similar::TextDiff::from_lines(text, edited.as_str())
            .unified_diff()
            .context_radius(2)
            .header(&format!("a/{}", file.path), &format!("b/{}", file.path))
            .to_string();
        return Ok(CheckinOutcome::DryRun { diff });
    }
    replace(&path, &raw, &bytes)?;
    let kpi = target.kind == Measured::Kpi;
    Ok(CheckinOutcome::Written { address: target.address, date: checkin.date, path: file.path.clone(), kpi })
}

fn errors_in<'d>(diagnostics: &'d [Diagnostic], file: &str) -> Vec<&'d Diagnostic> {
    diagnostics.iter().filter(|d| d.severity == Severity::Error && d.file == file).collect()
}

/// What `okr rollover` did.
#[derive(Debug)]
pub enum RolloverOutcome {
    /// The repository has errors, so nothing is carried (`report` has them;
    /// exit 2 when `okr.yaml` itself is unusable, else 1).
    Invalid(Box<check::Report>),
    /// A cycle that okr.yaml does not have (exit 2).
    NoSuchCycle { cycle: String, is_target: bool },
    /// The new files would have errors (exit 1); nothing written.
    AddsErrors { errors: Vec<Diagnostic>, sources: SourceMap, files: usize, kept: Vec<Carried> },
    /// Every new file written (or, dry run, none); `kept` were not carried
    /// because their file exists.
    Done { carried: Vec<Carried>, kept: Vec<Carried> },
}

/// Carries the unfinished key results of cycle `from` into cycle `to` (see
/// [`plan`]): under the repository lock, the new files are checked with the
/// repository through an overlay and then written all or none; an existing
/// file is never overwritten.
pub fn rollover(
    root: &Path,
    from: &str,
    to: &str,
    today: NaiveDate,
    dry_run: bool,
) -> Result<RolloverOutcome> {
    let _lock = if dry_run { None } else { Some(RepositoryLock::acquire(root)?) };
    let options = CheckOptions { as_of: today, ..Default::default() };
    let report = check::run(root, &options)?;
    let valid = !report.diagnostics.iter().any(|d| d.severity == Severity::Error);
    let workspace = match &report.workspace {
        Some(workspace) if valid => workspace,
        _ => return Ok(RolloverOutcome::Invalid(Box::new(report))),
    };
    let config = &workspace.config;
    let Some(from_cycle) = config.cycle(from) else {
        return Ok(RolloverOutcome::NoSuchCycle { cycle: from.to_owned(), is_target: false });
    };
    if config.cycle(to).is_none() {
        return Ok(RolloverOutcome::NoSuchCycle { cycle: to.to_owned(), is_target: true });
    }
    // Unfinished as of FROM's last day, or today while it still runs.
    let as_of = from_cycle.end.min(today);
    let first_line =
        |path: &str| report.sources.get(path).and_then(|s| s.text.lines().next().map(str::to_owned));
    let (kept, carried): (Vec<Carried>, Vec<Carried>) = plan(workspace, from, to, as_of, first_line)
        .into_iter()
        .partition(|team| root.join(&team.path).exists());
    let new: BTreeMap<String, Vec<u8>> =
        carried.iter().map(|team| (team.path.clone(), team.text.as_bytes().to_vec())).collect();
    // Check the repository with the new files before writing any of them.
    let source = Overlay { base: &WorkTree { root }, files: &new };
    let checked = check::run_from(root, &source, &options)?;
    let errors: Vec<Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && new.contains_key(&d.file))
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Ok(RolloverOutcome::AddsErrors { errors, sources: checked.sources, files: new.len(), kept });
    }
    if !dry_run {
        // All the new files, or none.
        let files: Vec<(String, Vec<u8>)> = new.into_iter().collect();
        create_all(root, &files)?;
    }
    Ok(RolloverOutcome::Done { carried, kept })
}

/// What `okr import` did.
#[derive(Debug)]
pub enum ImportOutcome {
    /// Every check-in is written (`files`: the OKR files changed).
    Written { checkins: usize, files: Vec<String> },
    /// A dry run: the changes as unified diffs; nothing written.
    DryRun { diff: String, checkins: usize },
    /// Rows that cannot be imported (exit 1); nothing written.
    Refused(Vec<crate::edit::import::BadRow>),
    /// The check-ins would add errors to the files (exit 1); nothing written.
    AddsErrors { errors: Vec<Diagnostic>, sources: SourceMap },
    /// `okr.yaml` has errors, so nothing can be looked up (exit 2).
    ConfigBroken,
}

/// Adds the check-ins of `rows` (see [`crate::edit::import`]) to the
/// repository at `root`, checked as of `today`: all of them or none. Under
/// the repository lock, each file is edited as `okr checkin` edits it, the
/// repository is checked with every edit in memory, each key result is
/// verified to read back with its new check-ins, and only then are the files
/// written; if writing one fails, those written before are put back.
pub fn import(
    root: &Path,
    rows: &[crate::edit::import::Row],
    today: NaiveDate,
    dry_run: bool,
) -> Result<ImportOutcome> {
    let _lock = if dry_run { None } else { Some(RepositoryLock::acquire(root)?) };
    let options = CheckOptions { as_of: today, ..Default::default() };
    let before = check::run(root, &options)?;
    let Some(workspace) = &before.workspace else { return Ok(ImportOutcome::ConfigBroken) };
    let planned = match plan_import(workspace, rows, today) {
        Ok(planned) => planned,
        Err(bad) => return Ok(ImportOutcome::Refused(bad)),
    };
    let mut edited: Edited = BTreeMap::new();
    for (&index, checkins) in &planned {
        let file = &workspace.files[index];
        let path = root.join(&file.path);
        let raw = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let bom = raw.starts_with(b"\xEF\xBB\xBF");
        let original = std::str::from_utf8(&raw[if bom { 3 } else { 0 }..])
            .with_context(|| format!("{} is not UTF-8", path.display()))?
            .to_owned();
        if before.sources.get(&file.path).is_none_or(|source| *source.text != *original) {
            bail!(
                "{} changed while okr was reading it: nothing was written; run the command again",
                file.path
            );
        }
        let mut text = original.clone();
        for (pointer, checkin, address, _) in checkins {
            // The spans of the text as edited so far.
            let parsed = crate::load::yaml::parse(&file.path, &text);
            let spans = parsed.document.map(|d| d.spans).unwrap_or_default();
            let Some(next) = insert(&text, &spans, *pointer, checkin) else {
                bail!(
                    "cannot tell where the check-ins of {address} end in {}; nothing was written",
                    file.path
                )
            };
            text = next;
        }
        let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
        bytes.extend_from_slice(text.as_bytes());
        edited.insert(file.path.clone(), (raw, bytes, original, text));
    }
    let overlay: BTreeMap<String, Vec<u8>> =
        edited.iter().map(|(p, (_, bytes, _, _))| (p.clone(), bytes.clone())).collect();
    let source = Overlay { base: &WorkTree { root }, files: &overlay };
    let after = check::run_from(root, &source, &options)?;
    let known: HashSet<(RuleId, &str, &str)> = before
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.rule, d.file.as_str(), d.message.as_str()))
        .collect();
    let added: Vec<Diagnostic> = after
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && overlay.contains_key(&d.file))
        .filter(|d| !known.contains(&(d.rule, d.file.as_str(), d.message.as_str())))
        .cloned()
        .collect();
    if !added.is_empty() {
        return Ok(ImportOutcome::AddsErrors { errors: added, sources: after.sources });
    }
    // Each key result reads back with as many more check-ins as were added.
    let Some(checked) = &after.workspace else {
        bail!("the edited repository cannot be read; nothing was written")
    };
    let mut added_to: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (address, was) in planned.values().flatten().map(|(_, _, address, was)| (address.as_str(), *was)) {
        added_to.entry(address).or_insert((was, 0)).1 += 1;
    }
    for (address, (was, more)) in &added_to {
        if find(checked, address).map(|t| t.checkins).ok() != Some(was + more) {
            bail!("{address} does not read back with its {more} new check-ins; nothing was written");
        }
    }
    let count = rows.len();
    if dry_run {
        let mut diff = String::new();
        for (path, (_, _, original, text)) in &edited {
            diff.push_str(
                &similar::TextDiff::from_lines(original.as_str(), text.as_str())
                    .unified_diff()
                    .context_radius(2)
                    .header(&format!("a/{path}"), &format!("b/{path}"))
                    .to_string(),
            );
        }
        return Ok(ImportOutcome::DryRun { diff, checkins: count });
    }
    write_all(root, &edited)?;
    Ok(ImportOutcome::Written { checkins: count, files: edited.into_keys().collect() })
}

/// Where each check-in of `rows` goes, per file in the order the rows come:
/// `(pointer, check-in, address, check-ins before)`; or every row that
/// cannot be imported.
type Planned = BTreeMap<usize, Vec<(crate::load::Pointer, NewCheckin, String, usize)>>;

/// The files an import edits: path → (bytes read, bytes to write, text
/// read, text to write).
type Edited = BTreeMap<String, (Vec<u8>, Vec<u8>, String, String)>;

fn plan_import(
    workspace: &crate::model::Workspace,
    rows: &[crate::edit::import::Row],
    today: NaiveDate,
) -> Result<Planned, Vec<crate::edit::import::BadRow>> {
    use crate::edit::import::{checkin_of, BadRow};
    // Per file, in the order the rows come: where each check-in goes.
    let mut planned: BTreeMap<usize, Vec<(crate::load::Pointer, NewCheckin, String, usize)>> =
        BTreeMap::new();
    let mut bad = Vec::new();
    for row in rows {
        let refuse = |message: String| BadRow { line: row.line, message };
        let target = match find(workspace, row.kr.trim()) {
            Ok(target) => target,
            Err(error) => {
                bad.push(refuse(error.to_string()));
                continue;
            }
        };
        let file = &workspace.files[target.file];
        if workspace.config.cycle(&target.cycle).is_some_and(|c| c.state == CycleState::Closed) {
            bad.push(refuse(format!("{} is in {}, which is closed", target.address, target.cycle)));
            continue;
        }
        if file.partial.is_some() {
            bad.push(refuse(format!("{} has schema errors: fix them first (`okr check`)", file.path)));
            continue;
        }
        match checkin_of(row, target.kind) {
            Ok(checkin) if checkin.date > today => bad.push(refuse(format!(
                "{}: the check-in is dated {}, after today ({today})",
                target.address, checkin.date
            ))),
            Ok(checkin) => planned.entry(target.file).or_default().push((
                target.pointer,
                checkin,
                target.address,
                target.checkins,
            )),
            Err(message) => bad.push(refuse(format!("{}: {message}", target.address))),
        }
    }
    if bad.is_empty() {
        Ok(planned)
    } else {
        Err(bad)
    }
}

/// Replaces every edited file (`path → (old bytes, new bytes, …)`); if one
/// cannot be written, those written before it are put back.
fn write_all(root: &Path, edited: &Edited) -> Result<()> {
    let mut written: Vec<(&String, &Vec<u8>, &Vec<u8>)> = Vec::new();
    for (path, (raw, bytes, _, _)) in edited {
        if let Err(error) = replace(&root.join(path), raw, bytes) {
            for (done, old, new) in written.iter().rev() {
                let _ = replace(&root.join(done), new, old);
            }
            return Err(error.context("nothing was written (the files written before were put back)"));
        }
        written.push((path, raw, bytes));
    }
    Ok(())
}

/// What `okr sync` did: each key result with a `source`, by address, and
/// the import of the new values (`None` when there was nothing to record).
#[derive(Debug)]
pub struct SyncOutcome {
    pub readings: Vec<(String, crate::edit::sync::Reading)>,
    pub written: Option<ImportOutcome>,
}

/// Reads every `source` of the key results of the cycles that take
/// check-ins and records, dated `date`, a check-in for each value that
/// differs from the latest: through [`import`], so all of them or none,
/// checked first. A source that fails changes nothing for its key result.
pub fn sync(
    root: &Path,
    date: NaiveDate,
    today: NaiveDate,
    dry_run: bool,
    run_commands: bool,
) -> Result<Option<SyncOutcome>> {
    use crate::edit::sync::{read, Reading};
    let options = CheckOptions { as_of: today, ..Default::default() };
    let report = check::run(root, &options)?;
    let Some(workspace) = &report.workspace else { return Ok(None) };
    let mut readings = Vec::new();
    let mut rows = Vec::new();
    for (index, file) in workspace.files.iter().enumerate() {
        let closed = workspace.config.cycle(&file.data.cycle).is_none_or(|c| c.state == CycleState::Closed);
        for kr in file.key_results().filter(|_| !closed) {
            let Some(source) = &kr.key_result.source else { continue };
            let address = workspace.address(index, &kr).join("/");
            let latest = crate::rollup::latest_checkin(&kr.key_result.checkins, date).and_then(|c| c.value);
            let reading = match (kr.key_result.kind, read(root, source, run_commands)) {
                (crate::model::KrKind::Milestone, _) => {
                    Reading::Failed("a milestone has no value to sync; check it in with --done".into())
                }
                (_, Err(why)) => Reading::Failed(why),
                (_, Ok(None)) => Reading::Skipped,
                (_, Ok(Some(value))) if latest == Some(value) => Reading::Unchanged(value),
                (_, Ok(Some(value))) => {
                    rows.push(crate::edit::import::Row {
                        line: u32::try_from(rows.len() + 1).unwrap_or(u32::MAX),
                        kr: address.clone(),
                        date: date.to_string(),
                        value: format!("{value}"),
                        ..Default::default()
                    });
                    Reading::New { before: latest, value }
                }
            };
            readings.push((address, reading));
        }
    }
    let written = if rows.is_empty() { None } else { Some(import(root, &rows, today, dry_run)?) };
    Ok(Some(SyncOutcome { readings, written }))
}
