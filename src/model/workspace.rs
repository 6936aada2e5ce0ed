//! The load stage as a whole: `okr.yaml` and every OKR file, parsed, checked
//! against the schemas and turned into typed data.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Result;
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{partial, KeyResult, Objective, OkrData, Partial};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::load::{self, Document, FileSource, LoadedFile, Pointer, SpanMap, WorkTree, CONFIG_FILE};
use crate::schema::{self, SchemaKind};
use crate::source::{SourceFile, SourceMap, Span};

/// An OKR file as typed data: one that loaded cleanly, one whose errors
/// left it readable (an unknown key), or, for the check only, one read in
/// part ([`Partial`]).
#[derive(Debug, Clone)]
pub struct OkrFile {
    pub path: String,
    /// Where each node of the file is, for pointing findings at it.
    pub spans: Arc<SpanMap>,
    /// Shared, so that git history reuses one parse of a file version across
    /// every commit that holds it.
    pub data: Arc<OkrData>,
    /// What was left out of `data`, for a file read in part.
    pub partial: Option<Arc<Partial>>,
}

/// A key result with where it is.
pub struct KeyResultRef<'a> {
    pub objective: &'a Objective,
    pub objective_pointer: Pointer,
    pub key_result: &'a KeyResult,
    pub pointer: Pointer,
}

impl OkrFile {
    /// The span of the value at `pointer` in this file.
    pub fn span(&self, pointer: Pointer) -> Span {
        self.spans.at(pointer)
    }

    /// Whether objective `id` is in `data` with all its key results: not
    /// left out of a file read in part, nor missing some key results.
    pub fn is_whole(&self, id: &str) -> bool {
        self.partial.as_ref().is_none_or(|p| !p.without_key_results.contains(id))
    }

    pub fn objectives(&self) -> impl Iterator<Item = (Pointer, &Objective)> {
        self.data.objectives.iter().enumerate().map(|(i, o)| (Pointer::objective(i), o))
    }

    pub fn key_results(&self) -> impl Iterator<Item = KeyResultRef<'_>> {
        self.objectives().flat_map(|(objective_pointer, objective)| {
            objective.key_results.iter().enumerate().map(move |(j, key_result)| KeyResultRef {
                objective,
                pointer: objective_pointer.key_result(j),
                objective_pointer,
                key_result,
            })
        })
    }
}

/// Everything loaded, for the rules and later stages.
#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub config: Config,
    pub config_spans: Arc<SpanMap>,
    /// Files that loaded cleanly, sorted by path.
    pub files: Vec<OkrFile>,
    /// `(cycle, team)` of files that failed to load (and of files read in
    /// part, unless the workspace is the check's), `None` where even that is
    /// unknown: references into them are not reported, since what they hold
    /// is unknown.
    pub incomplete: BTreeSet<(Option<String>, Option<String>)>,
}

impl Workspace {
    /// Every key result whose full id `cycle/team/objective/id` ends with the
    /// `/`-separated `selector` parts (all of them for no parts), in file
    /// order: its file's index and where it is. `okr checkin` and `okr log`
    /// name key results this way.
    pub fn key_results_ending_with<'w>(&'w self, selector: &[&str]) -> Vec<(usize, KeyResultRef<'w>)> {
        let mut found = Vec::new();
        for (index, file) in self.files.iter().enumerate() {
            for kr in file.key_results() {
                let parts = [file.data.cycle.as_str(), &file.data.team, &kr.objective.id, &kr.key_result.id];
                if parts.ends_with(selector) {
                    found.push((index, kr));
                }
            }
        }
        found
    }

    /// `cycle/team/objective/id` of a key result of file `index`.
    pub fn address(&self, index: usize, kr: &KeyResultRef<'_>) -> [String; 4] {
        let data = &self.files[index].data;
        [data.cycle.clone(), data.team.clone(), kr.objective.id.clone(), kr.key_result.id.clone()]
    }

    /// Whether `(cycle, team)` has a file that could not be loaded.
    pub fn is_incomplete(&self, cycle: &str, team: &str) -> bool {
        self.incomplete
            .iter()
            .any(|(c, t)| c.as_deref().is_none_or(|c| c == cycle) && t.as_deref().is_none_or(|t| t == team))
    }

    /// Whether objective `id` of `(cycle, team)` may exist without being in
    /// the typed data: its file could not be read, or was read in part and
    /// left out an objective with this id (or one whose id is unreadable).
    pub fn may_hold(&self, cycle: &str, team: &str, id: &str) -> bool {
        self.is_incomplete(cycle, team)
            || self.files.iter().any(|f| {
                f.data.cycle == cycle
                    && f.data.team == team
                    && f.partial.as_ref().is_some_and(|p| p.may_hold(id))
            })
    }
}

/// The outcome of loading: the workspace, unless `okr.yaml` itself is unusable.
#[derive(Debug)]
pub struct LoadOutcome {
    pub workspace: Option<Workspace>,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: SourceMap,
    /// OKR files found (loaded or not), plus `okr.yaml`.
    pub file_count: usize,
}

/// Loads `okr.yaml` and every OKR file below `root`.
pub fn load_workspace(root: &Path) -> Result<LoadOutcome> {
    load_workspace_from(root, &WorkTree { root })
}

/// Loads `okr.yaml` and every OKR file from `source` (the work tree, or a
/// commit in git); `root` is recorded as the workspace's root.
pub fn load_workspace_from(root: &Path, source: &dyn FileSource) -> Result<LoadOutcome> {
    load(root, source, false)
}

/// [`load_workspace_from`] for the check: files with schema errors are read
/// in part ([`Partial`]), so that the rules report their other mistakes.
/// Numbers are never computed from such a workspace: commands that compute
/// refuse a repository with errors.
pub fn load_workspace_for_check(root: &Path, source: &dyn FileSource) -> Result<LoadOutcome> {
    load(root, source, true)
}

fn load(root: &Path, source: &dyn FileSource, keep_partial: bool) -> Result<LoadOutcome> {
    let mut sources = SourceMap::default();
    let mut diagnostics = Vec::new();
    let config = load_config(load::load_file(source, CONFIG_FILE))?;
    sources.extend(config.source);
    diagnostics.extend(config.diagnostics);
    let Some((config, config_spans)) = config.config else {
        return Ok(LoadOutcome { workspace: None, diagnostics, sources, file_count: 1 });
    };
    diagnostics.extend(config.validate(CONFIG_FILE, &config_spans));

    let paths = source.discover(&config.paths);
    // Parse, schema-check and type every file in parallel; merge in path order.
    let checked: Vec<FileOutcome> = paths
        .par_iter()
        .map(|path| load_okr_file(path, load::load_file(source, path)))
        .collect::<Result<_>>()?;
    let mut outcomes = Vec::with_capacity(paths.len());
    for (path, checked) in paths.iter().zip(checked) {
        sources.extend(checked.source);
        diagnostics.extend(checked.diagnostics);
        outcomes.push((path.clone(), checked.loaded));
    }
    let workspace = assemble(root, config, config_spans, outcomes, keep_partial);
    Ok(LoadOutcome { workspace: Some(workspace), diagnostics, sources, file_count: paths.len() + 1 })
}

/// `okr.yaml` after the load stage.
pub struct ConfigOutcome {
    pub source: Option<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
    /// `None` when the file is unusable, so nothing else can be checked.
    pub config: Option<(Config, Arc<SpanMap>)>,
}

/// Schema-checks and types a loaded `okr.yaml`.
pub fn load_config(file: LoadedFile) -> Result<ConfigOutcome> {
    let checked = typed::<Config>(SchemaKind::Config, CONFIG_FILE, file)?;
    let config = match checked.loaded {
        Loaded::Typed(config, spans) => Some((config, Arc::new(spans))),
        Loaded::Broken(_) => None,
    };
    Ok(ConfigOutcome { source: checked.source, diagnostics: checked.diagnostics, config })
}

/// An OKR file after the load stage.
pub struct FileOutcome {
    pub source: Option<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
    pub loaded: LoadedOkr,
}

/// An OKR file's data, or what is known of a file that failed to load.
#[derive(Debug, Clone)]
pub enum LoadedOkr {
    Typed(Arc<OkrData>, Arc<SpanMap>),
    /// The file had schema errors that left parts of it unreadable: the rest.
    Partial(Arc<OkrData>, Arc<SpanMap>, Arc<Partial>),
    /// The file had errors; its raw value, if it parsed at all.
    Broken(Option<Arc<Value>>),
}

/// Schema-checks and types a loaded OKR file.
pub fn load_okr_file(path: &str, file: LoadedFile) -> Result<FileOutcome> {
    let checked = typed::<OkrData>(SchemaKind::Okr, path, file)?;
    let loaded = match checked.loaded {
        Loaded::Typed(data, spans) => LoadedOkr::Typed(Arc::new(data), Arc::new(spans)),
        Loaded::Broken(Some(Document { value, mut spans })) => match partial::read(&value, &mut spans) {
            Some((data, partial)) => LoadedOkr::Partial(Arc::new(data), Arc::new(spans), Arc::new(partial)),
            None => LoadedOkr::Broken(Some(Arc::new(value))),
        },
        Loaded::Broken(None) => LoadedOkr::Broken(None),
    };
    Ok(FileOutcome { source: checked.source, diagnostics: checked.diagnostics, loaded })
}

/// The workspace of a config and the OKR files loaded under it, in path
/// order; files read in part are in it with `keep_partial` (the check's),
/// else left out as files that failed to load.
pub fn assemble(
    root: &Path,
    config: Config,
    config_spans: Arc<SpanMap>,
    outcomes: Vec<(String, LoadedOkr)>,
    keep_partial: bool,
) -> Workspace {
    let mut files = Vec::new();
    let mut incomplete = BTreeSet::new();
    for (path, loaded) in outcomes {
        match loaded {
            LoadedOkr::Typed(data, spans) => files.push(OkrFile { path, spans, data, partial: None }),
            LoadedOkr::Partial(data, spans, partial) if keep_partial => {
                files.push(OkrFile { path, spans, data, partial: Some(partial) });
            }
            LoadedOkr::Partial(data, ..) => {
                incomplete.insert((Some(data.cycle.clone()), Some(data.team.clone())));
            }
            LoadedOkr::Broken(value) => {
                incomplete.insert(identity_of_broken(&config, &path, value.as_deref()));
            }
        }
    }
    Workspace { root: root.to_path_buf(), config, config_spans, files, incomplete }
}

enum Loaded<T> {
    Typed(T, SpanMap),
    /// The file had errors; what it parsed as, if it parsed at all.
    Broken(Option<Document>),
}

/// A file after the load stage: its source, its findings, its data.
struct Checked<T> {
    source: Option<SourceFile>,
    diagnostics: Vec<Diagnostic>,
    loaded: Loaded<T>,
}

/// Schema-checks a loaded file and deserialises it.
fn typed<T: DeserializeOwned>(kind: SchemaKind, path: &str, file: LoadedFile) -> Result<Checked<T>> {
    let parsed = file.parsed;
    let mut diagnostics = parsed.diagnostics;
    let had_load_errors = !diagnostics.is_empty();
    let Some(document) = parsed.document else {
        return Ok(Checked { source: file.source, diagnostics, loaded: Loaded::Broken(None) });
    };
    let schema_errors = schema::validate(kind, path, &document, &parsed.poisoned)?;
    let clean = !had_load_errors && schema_errors.is_empty();
    diagnostics.extend(schema_errors);
    // A file with schema errors still takes part in the rules when it can be
    // read as typed data (unknown keys, bad patterns, long titles): its other
    // mistakes are worth reporting now. Findings at a position the schema
    // already reported are dropped by the check run.
    let loaded = if clean {
        // The typed data replaces the generic value (moved in, strings and
        // all); only the spans are kept.
        match T::deserialize(document.value) {
            Ok(data) => Loaded::Typed(data, document.spans),
            Err(error) => {
                // The schema should have caught this; report rather than guess.
                diagnostics.push(Diagnostic::new(
                    crate::diagnostic::RuleId::Schema,
                    path,
                    Span::START,
                    format!("cannot read file: {error}"),
                ));
                Loaded::Broken(None)
            }
        }
    } else {
        match T::deserialize(&document.value) {
            Ok(data) => Loaded::Typed(data, document.spans),
            Err(_) => Loaded::Broken(Some(document)),
        }
    };
    Ok(Checked { source: file.source, diagnostics, loaded })
}

/// What a file that failed to load was about: its `cycle` and `team` as far
/// as they can be read, else as its location says (`<cycle>/<team>.yaml`).
fn identity_of_broken(
    config: &Config,
    path: &str,
    value: Option<&Value>,
) -> (Option<String>, Option<String>) {
    let field = |name: &str| value.and_then(|v| v.get(name)).and_then(Value::as_str).map(str::to_owned);
    let mut parts = path.rsplit('/');
    let stem = parts.next().and_then(|name| name.rsplit_once('.')).map(|(stem, _)| stem);
    let folder = parts.next();
    let cycle = field("cycle").or_else(|| folder.filter(|f| config.cycle(f).is_some()).map(str::to_owned));
    let team =
        field("team").or_else(|| stem.filter(|s| config.teams.iter().any(|t| t.id == *s)).map(str::to_owned));
    (cycle, team)
}
