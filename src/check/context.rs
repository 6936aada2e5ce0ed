//! What rules look things up in: ids of people, teams and cycles, and every
//! objective by `(cycle, team, id)`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::check::BaseFacts;
use crate::config::{Cycle, CycleState, RuleOptions};
use crate::diff::{self, Change, Subject};
use crate::load::Pointer;
use crate::model::{Alignment, Objective, OkrFile, Workspace};
use crate::rollup::{cycle_rollup, CycleRollup, Detail};
use crate::source::Span;
use crate::suggest::Suggester;

/// `(cycle, team, objective id)`: how objectives are addressed.
pub type ObjectiveKey<'a> = (&'a str, &'a str, &'a str);

/// An objective and where it is written.
pub struct ObjectiveAt<'a> {
    pub file: &'a OkrFile,
    pub pointer: Pointer,
    pub objective: &'a Objective,
}

/// Shared, read-only lookups for one check run.
pub struct Context<'a> {
    pub workspace: &'a Workspace,
    pub as_of: NaiveDate,
    pub people: HashSet<&'a str>,
    pub teams: HashSet<&'a str>,
    pub cycles: HashMap<&'a str, &'a Cycle>,
    /// Objectives by `(cycle, team, objective id)`; the first one wins.
    pub objectives: BTreeMap<ObjectiveKey<'a>, ObjectiveAt<'a>>,
    /// Files by `(cycle, team)`, in path order.
    pub files_by_unit: BTreeMap<(&'a str, &'a str), Vec<&'a OkrFile>>,
    /// What git knows, with `--base REV`; the git-aware rules need it.
    pub base: Option<&'a BaseFacts>,
    /// The changes from the base to the work tree, computed once for every
    /// rule that asks.
    since_base: OnceLock<Vec<Change>>,
    /// Suggestions for unknown people, teams and cycles, prepared once.
    suggesters: [OnceLock<Suggester<'a>>; 3],
    /// The rollups of the closed cycles, computed once for the rules that
    /// read them: rules read results, they do not compute.
    closed_rollups: OnceLock<Vec<CycleRollup>>,
    /// The alignment graph of every cycle that has files, made once.
    alignments: OnceLock<BTreeMap<&'a str, Alignment<'a>>>,
    /// With files read in part: the workspace compared with the base, each
    /// such file as it was at HEAD (made once).
    compared: OnceLock<Option<Workspace>>,
}

/// The names of okr.yaml that an unknown id is compared with.
#[derive(Clone, Copy, Debug)]
pub enum Names {
    People,
    Teams,
    Cycles,
}

impl<'a> Context<'a> {
    pub fn new(workspace: &'a Workspace, as_of: NaiveDate) -> Self {
        let config = &workspace.config;
        let mut objectives = BTreeMap::new();
        let mut files_by_unit: BTreeMap<(&str, &str), Vec<&OkrFile>> = BTreeMap::new();
        for file in &workspace.files {
            let unit = (file.data.cycle.as_str(), file.data.team.as_str());
            files_by_unit.entry(unit).or_default().push(file);
            for (pointer, objective) in file.objectives() {
                objectives.entry((unit.0, unit.1, objective.id.as_str())).or_insert(ObjectiveAt {
                    file,
                    pointer,
                    objective,
                });
            }
        }
        Context {
            workspace,
            as_of,
            people: config.people.iter().map(|p| p.id.as_str()).collect(),
            teams: config.teams.iter().map(|t| t.id.as_str()).collect(),
            cycles: config.cycles.iter().map(|c| (c.id.as_str(), c)).collect(),
            objectives,
            files_by_unit,
            base: None,
            since_base: OnceLock::new(),
            suggesters: [OnceLock::new(), OnceLock::new(), OnceLock::new()],
            closed_rollups: OnceLock::new(),
            alignments: OnceLock::new(),
            compared: OnceLock::new(),
        }
    }

    /// With `--base`: every step since the base, oldest first, as
    /// `(commit, date, changes)`; the work tree's uncommitted changes last,
    /// dated `as_of` with no commit.
    pub fn steps(&self) -> Vec<(Option<&'a str>, NaiveDate, Vec<Change>)> {
        let Some(base) = self.base else { return Vec::new() };
        let mut steps: Vec<_> =
            base.commits.iter().map(|c| (Some(c.commit.as_str()), c.date, c.changes.clone())).collect();
        let head = base.head.as_ref().unwrap_or(&base.workspace);
        let uncommitted = diff::changes(head, self.compared());
        if !uncommitted.is_empty() {
            steps.push((None, self.as_of, uncommitted));
        }
        steps
    }

    /// The files of cycles okr.yaml knows and has not closed: what can
    /// still change (a closed cycle's files are history).
    pub fn open_files(&self) -> impl Iterator<Item = &'a OkrFile> + '_ {
        let open = |cycle: &str| self.cycles.get(cycle).is_some_and(|c| c.state != CycleState::Closed);
        self.workspace.files.iter().filter(move |f| open(&f.data.cycle))
    }

    /// The rollup of every closed cycle as of the check's date (numbers
    /// only), in okr.yaml's order.
    pub fn closed_rollups(&self) -> &[CycleRollup] {
        self.closed_rollups.get_or_init(|| {
            let closed = self.workspace.config.cycles.iter().filter(|c| c.state == CycleState::Closed);
            closed.map(|c| cycle_rollup(self.workspace, c, self.as_of, Detail::Numbers)).collect()
        })
    }

    /// The alignment graph of every cycle that has files, by cycle id.
    pub fn alignments(&self) -> &BTreeMap<&'a str, Alignment<'a>> {
        self.alignments.get_or_init(|| {
            let workspace = self.workspace;
            let cycles: std::collections::BTreeSet<&'a str> =
                workspace.files.iter().map(|f| f.data.cycle.as_str()).collect();
            cycles.into_iter().map(|cycle| (cycle, Alignment::of(workspace, cycle))).collect()
        })
    }

    /// With `--base`: what changed from the base to the work tree (commits
    /// and uncommitted changes together); empty without.
    pub fn changes_since_base(&self) -> &[Change] {
        self.since_base.get_or_init(|| {
            self.base.map(|base| diff::changes(&base.workspace, self.compared())).unwrap_or_default()
        })
    }

    /// The workspace to compare with the base. A file read in part would
    /// read as losing what a schema error left unread: it stands in as it
    /// was at HEAD (its schema errors are reported, its changes are not).
    fn compared(&self) -> &Workspace {
        let compared = self.compared.get_or_init(|| {
            let base = self.base?;
            let head = base.head.as_ref().unwrap_or(&base.workspace);
            let workspace = self.workspace;
            workspace.files.iter().any(|f| f.partial.is_some()).then(|| Workspace {
                root: workspace.root.clone(),
                config: workspace.config.clone(),
                config_spans: std::sync::Arc::clone(&workspace.config_spans),
                files: workspace
                    .files
                    .iter()
                    .filter_map(|file| match file.partial {
                        None => Some(file.clone()),
                        Some(_) => head.files.iter().find(|f| f.path == file.path).cloned(),
                    })
                    .collect(),
                incomplete: workspace.incomplete.clone(),
            })
        });
        compared.as_ref().unwrap_or(self.workspace)
    }

    /// Where a subject is written in the work tree: its file and the span of
    /// `field` (or of the subject itself when it has no such field).
    pub fn locate(&self, subject: &Subject, field: Option<&'static str>) -> Option<(&'a OkrFile, Span)> {
        let (cycle, team) = subject.unit()?;
        let files = self.files_by_unit.get(&(cycle, team))?;
        for &file in files {
            let pointer = match subject {
                Subject::Objective { objective, .. } => {
                    file.objectives().find(|(_, o)| &o.id == objective).map(|(p, _)| p)
                }
                Subject::KeyResult { objective, key_result, .. } => file
                    .key_results()
                    .find(|k| &k.objective.id == objective && &k.key_result.id == key_result)
                    .map(|k| k.pointer),
                Subject::Kpi { kpi, .. } => {
                    file.data.kpis.iter().position(|k| &k.id == kpi).map(Pointer::kpi)
                }
                _ => None,
            };
            if let Some(pointer) = pointer {
                let at = field.map(|f| pointer.key(f)).filter(|&p| file.spans.has(p));
                return Some((file, file.span(at.unwrap_or(pointer))));
            }
        }
        None
    }

    pub fn config_file(&self) -> &'static str {
        crate::load::CONFIG_FILE
    }

    /// The span of `pointer` in `okr.yaml`.
    pub fn config_span(&self, pointer: Pointer) -> Span {
        self.workspace.config_spans.at(pointer)
    }

    /// The options of `rule` from `okr.yaml`.
    pub fn options(&self, rule: crate::diagnostic::RuleId) -> Option<&'a RuleOptions> {
        self.workspace.config.rule_options(rule.as_str())
    }

    /// Help for an id that names nothing known: the closest name, or a
    /// short list of the names.
    pub fn suggestion(&self, given: &str, names: Names) -> String {
        let config = &self.workspace.config;
        let suggester = self.suggesters[names as usize].get_or_init(|| match names {
            Names::People => Suggester::new(config.people.iter().map(|p| p.id.as_str())),
            Names::Teams => Suggester::new(config.teams.iter().map(|t| t.id.as_str())),
            Names::Cycles => Suggester::new(config.cycles.iter().map(|c| c.id.as_str())),
        });
        if let Some(close) = suggester.closest(given) {
            return format!("did you mean `{close}`?");
        }
        let what = match names {
            Names::People => "people",
            Names::Teams => "teams",
            Names::Cycles => "cycles",
        };
        let all: Vec<&str> = suggester.names().take(9).collect();
        let count = suggester.names().len();
        match count {
            0 => format!("add `{given}` to {what} in okr.yaml"),
            n if n <= 8 => format!("add `{given}` to {what} in okr.yaml, or use one of: {}", all.join(", ")),
            n => format!(
                "add `{given}` to {what} in okr.yaml, or use one of: {}, … ({} more)",
                all[..8].join(", "),
                n - 8
            ),
        }
    }
}
