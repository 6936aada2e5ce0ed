//! The semantic difference of two workspaces: what changed in `okr.yaml`,
//! objectives, key results, check-ins and KPIs, and the rollup before →
//! after. Objectives and key results are matched by id, never by file, so a
//! renamed or moved file is no change at all.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{json, Value};

use crate::config::{Config, CycleState};
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::CONFIG_FILE;
use crate::model::{Checkin, Commitment, KeyResult, Kpi, KpiCheckin, KrKind, Objective, Workspace};
use crate::rollup::{self, Rollup, Status};

mod renames;
pub use renames::FUZZY_PAIRS;

/// What a change is about.
/// The fields that set where a key result starts, what counts as done and
/// by when (a milestone's `due`): moving one mid-cycle moves a goalpost.
pub const GOALPOSTS: &[Field] = &[Field::Start, Field::Target, Field::AtLeast, Field::AtMost, Field::Due];

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "subject", rename_all = "kebab-case")]
pub enum Subject {
    Organisation,
    Cycle { cycle: String },
    Team { team: String },
    Person { person: String },
    Objective { cycle: String, team: String, objective: String },
    KeyResult { cycle: String, team: String, objective: String, key_result: String },
    Kpi { cycle: String, team: String, kpi: String },
}

impl Subject {
    /// Report order: by cycle and team; objectives each followed by their
    /// key results, then KPIs.
    fn order(&self) -> (&str, &str, u8, &str, &str) {
        match self {
            Subject::Objective { cycle, team, objective } => (cycle, team, 0, objective, ""),
            Subject::KeyResult { cycle, team, objective, key_result } => {
                (cycle, team, 0, objective, key_result)
            }
            Subject::Kpi { cycle, team, kpi } => (cycle, team, 1, kpi, ""),
            _ => ("", "", 0, "", ""),
        }
    }

    /// `(cycle, team)` of an OKR file's subject.
    pub fn unit(&self) -> Option<(&str, &str)> {
        match self {
            Subject::Objective { cycle, team, .. }
            | Subject::KeyResult { cycle, team, .. }
            | Subject::Kpi { cycle, team, .. } => Some((cycle, team)),
            _ => None,
        }
    }
}

/// What happened to the subject.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum ChangeKind {
    Added {
        title: String,
        /// A new key result's kind, unit, start, target, bounds and weight
        /// (`None` elsewhere): what a reviewer needs to judge it.
        #[serde(skip_serializing_if = "Option::is_none")]
        details: Option<Value>,
    },
    Removed {
        title: String,
    },
    /// A field's value changed; `title` means retitled.
    Changed {
        field: Field,
        before: Value,
        after: Value,
    },
    /// A new check-in, with the value it replaces as the latest.
    Checkin {
        date: NaiveDate,
        value: Option<f64>,
        previous: Option<f64>,
        done: Option<bool>,
        confidence: Option<f64>,
        note: Option<String>,
    },
    /// A check-in of the same date written differently.
    CheckinEdited {
        date: NaiveDate,
        before: Value,
        after: Value,
    },
    CheckinRemoved {
        date: NaiveDate,
    },
    /// The subject had another id, objective or team before (docs/git.md,
    /// "Renames and moves"); what else changed follows as changes of the
    /// new subject.
    Renamed {
        from: Subject,
    },
}

/// A field of okr.yaml or of an OKR file that a change can be to: matched
/// by identity, so that renaming a field cannot silently disable a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Organisation,
    Paths,
    Name,
    Start,
    End,
    State,
    Parent,
    Lead,
    Coach,
    Team,
    Github,
    Email,
    Title,
    Owner,
    Commitment,
    AlignedTo,
    Description,
    Retro,
    Contributors,
    Kind,
    Unit,
    Target,
    AtLeast,
    AtMost,
    Weight,
    Due,
}

impl Field {
    /// The key as the files write it, e.g. `at_least`.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Organisation => "organisation",
            Field::Paths => "paths",
            Field::Name => "name",
            Field::Start => "start",
            Field::End => "end",
            Field::State => "state",
            Field::Parent => "parent",
            Field::Lead => "lead",
            Field::Coach => "coach",
            Field::Team => "team",
            Field::Github => "github",
            Field::Email => "email",
            Field::Title => "title",
            Field::Owner => "owner",
            Field::Commitment => "commitment",
            Field::AlignedTo => "aligned_to",
            Field::Description => "description",
            Field::Retro => "retro",
            Field::Contributors => "contributors",
            Field::Kind => "kind",
            Field::Unit => "unit",
            Field::Target => "target",
            Field::AtLeast => "at_least",
            Field::AtMost => "at_most",
            Field::Weight => "weight",
            Field::Due => "due",
        }
    }

    /// The key as words, e.g. `at least`.
    pub fn words(self) -> String {
        self.as_str().replace('_', " ")
    }
}

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    #[serde(flatten)]
    pub subject: Subject,
    #[serde(flatten)]
    pub kind: ChangeKind,
    /// Who owns the subject (after the change, else before): a person id.
    pub owner: Option<String>,
}

/// Progress and status before and after, for a cycle's organisation or a
/// team (`None`: not in the cycle on that side).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Movement {
    pub id: String,
    pub name: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub status_before: Option<Status>,
    pub status_after: Option<Status>,
}

/// The rollup of one cycle before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CycleMovement {
    pub cycle: String,
    pub organisation: Movement,
    /// Teams whose unit progress or status moved, in tree order.
    pub teams: Vec<Movement>,
}

/// Everything that differs between two workspaces.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub as_of: NaiveDate,
    pub changes: Vec<Change>,
    pub rollup: Vec<CycleMovement>,
    /// Files that could not be read on one side ([`stand_in`]).
    pub unreadable: Vec<Unreadable>,
    /// What the git-aware rules found over the same range (`okr check
    /// --base`), for the pull request comment.
    #[serde(skip)]
    pub findings: Vec<Diagnostic>,
}

/// Which side of a diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiffSide {
    Base,
    Head,
}

/// A file that could not be read on one side of a diff (YAML or schema
/// errors), with its first error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unreadable {
    pub side: DiffSide,
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// How many errors the file has.
    pub errors: usize,
}

/// Files with errors are left out of a workspace; compared with the other
/// side, everything in them would read as removed (or added), and the team
/// as dropping to no progress. Instead, a file that cannot be read on one
/// side stands in with its version from the other side, so that it reads
/// as unchanged, and is reported as unreadable. `diagnostics` are each
/// side's load diagnostics.
pub fn stand_in(
    before: &mut Workspace,
    before_diagnostics: &[Diagnostic],
    after: &mut Workspace,
    after_diagnostics: &[Diagnostic],
) -> Vec<Unreadable> {
    let mut unreadable = unreadable_files(DiffSide::Base, before, before_diagnostics);
    unreadable.extend(unreadable_files(DiffSide::Head, after, after_diagnostics));
    for file in &unreadable {
        let (to, from) = match file.side {
            DiffSide::Base => (&mut *before, &*after),
            DiffSide::Head => (&mut *after, &*before),
        };
        if let Some(other) = from.files.iter().find(|f| f.path == file.path) {
            let at = to.files.partition_point(|f| f.path < file.path);
            to.files.insert(at, other.clone());
        }
    }
    unreadable
}

/// The files of `workspace`'s side that have errors and were left out, with
/// their first error, by path.
fn unreadable_files(side: DiffSide, workspace: &Workspace, diagnostics: &[Diagnostic]) -> Vec<Unreadable> {
    let loaded: BTreeSet<&str> = workspace.files.iter().map(|f| f.path.as_str()).collect();
    let mut by_path: BTreeMap<&str, Unreadable> = BTreeMap::new();
    for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        if d.file == CONFIG_FILE || loaded.contains(d.file.as_str()) {
            continue;
        }
        by_path
            .entry(d.file.as_str())
            .or_insert_with(|| Unreadable {
                side,
                path: d.file.clone(),
                line: d.span.start.line,
                column: d.span.start.col,
                message: d.message.clone(),
                errors: 0,
            })
            .errors += 1;
    }
    by_path.into_values().collect()
}

/// The difference from `before` to `after`, rollups as of `as_of`.
pub fn diff(before: &Workspace, after: &Workspace, as_of: NaiveDate) -> Diff {
    let changes = changes(before, after);
    let rollup = movements(&rollup::rollup(before, as_of), &rollup::rollup(after, as_of));
    Diff { as_of, changes, rollup, unreadable: Vec::new(), findings: Vec::new() }
}

/// The changes from `before` to `after`, without rollups.
pub fn changes(before: &Workspace, after: &Workspace) -> Vec<Change> {
    let mut changes = config_changes(&before.config, &after.config);
    changes.extend(okr_changes(before, after));
    changes
}

/// Compares two lists of named fields, pushing a change per difference.
fn compare(
    out: &mut Vec<Change>,
    subject: &Subject,
    owner: Option<&str>,
    before: &[(Field, Value)],
    after: &[(Field, Value)],
) {
    for ((field, old), (_, new)) in before.iter().zip(after) {
        if old != new {
            out.push(Change {
                subject: subject.clone(),
                kind: ChangeKind::Changed { field: *field, before: old.clone(), after: new.clone() },
                owner: owner.map(str::to_owned),
            });
        }
    }
}

/// Added, removed and changed entries of two id-keyed maps.
fn entries<'a, K: Ord + Clone, T>(
    out: &mut Vec<Change>,
    before: &BTreeMap<K, &'a T>,
    after: &BTreeMap<K, &'a T>,
    subject: impl Fn(&K) -> Subject,
    describe: impl Fn(&T) -> (String, Option<String>),
    mut changed: impl FnMut(&mut Vec<Change>, &Subject, &T, &T),
) {
    let keys: BTreeSet<&K> = before.keys().chain(after.keys()).collect();
    for key in keys {
        let subject = subject(key);
        match (before.get(key), after.get(key)) {
            (None, Some(new)) => {
                let (title, owner) = describe(new);
                out.push(Change { subject, kind: ChangeKind::Added { title, details: None }, owner });
            }
            (Some(old), None) => {
                let (title, owner) = describe(old);
                out.push(Change { subject, kind: ChangeKind::Removed { title }, owner });
            }
            (Some(old), Some(new)) => changed(out, &subject, old, new),
            (None, None) => {}
        }
    }
}

/// Items by key; the last of duplicates wins.
fn keyed<K: Ord, T>(items: &[T], key: impl Fn(&T) -> K) -> BTreeMap<K, &T> {
    items.iter().map(|item| (key(item), item)).collect()
}

/// Added, removed and changed entries of a list in okr.yaml (cycles, teams,
/// people), by id. `describe` gives the title and the person a change
/// concerns; `fields` what is compared.
fn config_list<T, const N: usize>(
    out: &mut Vec<Change>,
    (before, after): (&[T], &[T]),
    id: impl Fn(&T) -> &str,
    subject: impl Fn(&str) -> Subject,
    describe: impl Fn(&T) -> (String, Option<String>),
    fields: impl Fn(&T) -> [(Field, Value); N],
) {
    entries(
        out,
        &keyed(before, |item| id(item).to_owned()),
        &keyed(after, |item| id(item).to_owned()),
        |key| subject(key),
        &describe,
        |out, subject, old, new| {
            let owner = describe(new).1;
            compare(out, subject, owner.as_deref(), &fields(old), &fields(new));
        },
    );
}

fn config_changes(before: &Config, after: &Config) -> Vec<Change> {
    let mut out = Vec::new();
    compare(
        &mut out,
        &Subject::Organisation,
        None,
        &[(Field::Organisation, json!(before.organisation)), (Field::Paths, json!(before.paths))],
        &[(Field::Organisation, json!(after.organisation)), (Field::Paths, json!(after.paths))],
    );
    config_list(
        &mut out,
        (&before.cycles, &after.cycles),
        |c| &c.id,
        |id| Subject::Cycle { cycle: id.to_owned() },
        |c| (c.name.clone().unwrap_or_else(|| c.id.clone()), None),
        |c| {
            [
                (Field::Name, json!(c.name)),
                (Field::Start, json!(c.start)),
                (Field::End, json!(c.end)),
                (Field::State, json!(c.state.as_str())),
            ]
        },
    );
    config_list(
        &mut out,
        (&before.teams, &after.teams),
        |t| &t.id,
        |id| Subject::Team { team: id.to_owned() },
        |t| (t.name.clone(), t.lead.clone()),
        |t| {
            [
                (Field::Name, json!(t.name)),
                (Field::Parent, json!(t.parent)),
                (Field::Lead, json!(t.lead)),
                (Field::Coach, json!(t.coach)),
            ]
        },
    );
    config_list(
        &mut out,
        (&before.people, &after.people),
        |p| &p.id,
        |id| Subject::Person { person: id.to_owned() },
        |p| (p.name.clone(), Some(p.id.clone())),
        |p| {
            [
                (Field::Name, json!(p.name)),
                (Field::Team, json!(p.team)),
                (Field::Github, json!(p.github)),
                (Field::Email, json!(p.email)),
            ]
        },
    );
    out
}

pub type ObjectiveKey = (String, String, String);
/// `(cycle, team, objective, key result)`.
pub type KrKey = (String, String, String, String);

/// Objectives, key results and KPIs of a workspace by id; the first of
/// duplicates wins, as in the rules.
#[derive(Default)]
pub(crate) struct Index<'a> {
    pub(crate) objectives: BTreeMap<ObjectiveKey, &'a Objective>,
    pub(crate) key_results: BTreeMap<KrKey, &'a KeyResult>,
    kpis: BTreeMap<ObjectiveKey, &'a Kpi>,
}

fn index(workspace: &Workspace) -> Index<'_> {
    let mut index = Index::default();
    for file in &workspace.files {
        let (cycle, team) = (&file.data.cycle, &file.data.team);
        for objective in &file.data.objectives {
            let key = (cycle.clone(), team.clone(), objective.id.clone());
            index.objectives.entry(key).or_insert(objective);
            for kr in &objective.key_results {
                let key = (cycle.clone(), team.clone(), objective.id.clone(), kr.id.clone());
                index.key_results.entry(key).or_insert(kr);
            }
        }
        for kpi in &file.data.kpis {
            index.kpis.entry((cycle.clone(), team.clone(), kpi.id.clone())).or_insert(kpi);
        }
    }
    index
}

fn commitment(c: Commitment) -> &'static str {
    match c {
        Commitment::Aspirational => "aspirational",
        Commitment::Committed => "committed",
    }
}

fn kind(k: KrKind) -> &'static str {
    match k {
        KrKind::Metric => "metric",
        KrKind::Milestone => "milestone",
        KrKind::Threshold => "threshold",
    }
}

fn objective_fields(o: &Objective) -> [(Field, Value); 6] {
    [
        (Field::Title, json!(o.title)),
        (Field::Owner, json!(o.owner)),
        (Field::Commitment, json!(commitment(o.commitment))),
        (Field::AlignedTo, json!(o.aligned_to)),
        (Field::Description, json!(o.description)),
        (Field::Retro, json!(o.retro)),
    ]
}

/// The fields of a key result that a diff reports, in report order.
pub fn key_result_fields(k: &KeyResult) -> [(Field, Value); 12] {
    [
        (Field::Title, json!(k.title)),
        (Field::Owner, json!(k.owner)),
        (Field::Contributors, json!(k.contributors)),
        (Field::Kind, json!(kind(k.kind))),
        (Field::Unit, json!(k.unit)),
        (Field::Start, json!(k.start)),
        (Field::Target, json!(k.target)),
        (Field::AtLeast, json!(k.at_least)),
        (Field::AtMost, json!(k.at_most)),
        (Field::Weight, json!(k.weight)),
        (Field::Due, json!(k.due)),
        (Field::Description, json!(k.description)),
    ]
}

fn kpi_fields(k: &Kpi) -> [(Field, Value); 6] {
    [
        (Field::Title, json!(k.title)),
        (Field::Owner, json!(k.owner)),
        (Field::Unit, json!(k.unit)),
        (Field::AtLeast, json!(k.at_least)),
        (Field::AtMost, json!(k.at_most)),
        (Field::Description, json!(k.description)),
    ]
}

fn okr_changes(before: &Workspace, after: &Workspace) -> Vec<Change> {
    let (old, new) = (index(before), index(after));
    let mut out = Vec::new();
    entries(
        &mut out,
        &old.objectives,
        &new.objectives,
        |(cycle, team, id)| Subject::Objective {
            cycle: cycle.clone(),
            team: team.clone(),
            objective: id.clone(),
        },
        |o| (o.title.clone(), Some(o.owner.clone())),
        |out, subject, a, b| {
            compare(out, subject, Some(&b.owner), &objective_fields(a), &objective_fields(b));
        },
    );
    entries(
        &mut out,
        &old.key_results,
        &new.key_results,
        |(cycle, team, objective, id)| Subject::KeyResult {
            cycle: cycle.clone(),
            team: team.clone(),
            objective: objective.clone(),
            key_result: id.clone(),
        },
        |k| (k.title.clone(), Some(k.owner.clone())),
        key_result_changes,
    );
    entries(
        &mut out,
        &old.kpis,
        &new.kpis,
        |(cycle, team, id)| Subject::Kpi { cycle: cycle.clone(), team: team.clone(), kpi: id.clone() },
        |k| (k.title.clone(), Some(k.owner.clone())),
        |out, subject, a, b| {
            compare(out, subject, Some(&b.owner), &kpi_fields(a), &kpi_fields(b));
            let points = |k: &Kpi| k.checkins.iter().map(Point::from).collect::<Vec<_>>();
            checkin_changes(out, subject, Some(&b.owner), &points(a), &points(b));
        },
    );
    apply_renames(&mut out, &old, &new);
    describe_new_key_results(&mut out, &new);
    // In the order a reader meets them: cycles, teams in the tree, then
    // objectives and key results as their files list them (removed ones where
    // they were); within a subject, the order found (fields, then check-ins).
    let order = Positions::of(after, before);
    out.sort_by_cached_key(|change| order.place(&change.subject));
    out
}

fn objective_subject((cycle, team, objective): &ObjectiveKey) -> Subject {
    Subject::Objective { cycle: cycle.clone(), team: team.clone(), objective: objective.clone() }
}

fn kr_subject((cycle, team, objective, key_result): &KrKey) -> Subject {
    Subject::KeyResult {
        cycle: cycle.clone(),
        team: team.clone(),
        objective: objective.clone(),
        key_result: key_result.clone(),
    }
}

/// The key results renamed or moved from `before` to `after`: new address
/// → old address (for `okr log`, which follows a key result across them).
pub fn key_result_renames(before: &Workspace, after: &Workspace) -> BTreeMap<KrKey, KrKey> {
    renames::detect(&index(before), &index(after)).key_results
}

/// What a new key result is: kind, unit, start, target, bounds, weight.
pub fn key_result_details(kr: &KeyResult) -> Value {
    json!({
        "kind": kind(kr.kind), "unit": kr.unit, "start": kr.start, "target": kr.target,
        "at_least": kr.at_least, "at_most": kr.at_most, "weight": kr.weight,
    })
}

/// Renames and moves ([`renames`]) are one subject, compared across the
/// rename: their removal and addition give way to `renamed` and the
/// changes between the two.
fn apply_renames(out: &mut Vec<Change>, old: &Index<'_>, new: &Index<'_>) {
    let renames = renames::detect(old, new);
    if !renames.objectives.is_empty() || !renames.key_results.is_empty() {
        let gone: BTreeSet<Subject> = renames
            .objectives
            .values()
            .map(objective_subject)
            .chain(renames.key_results.values().map(kr_subject))
            .collect();
        let came: BTreeSet<Subject> = renames
            .objectives
            .keys()
            .map(objective_subject)
            .chain(renames.key_results.keys().map(kr_subject))
            .collect();
        out.retain(|c| match c.kind {
            ChangeKind::Removed { .. } => !gone.contains(&c.subject),
            ChangeKind::Added { .. } => !came.contains(&c.subject),
            _ => true,
        });
        for (to, from) in &renames.objectives {
            let (Some(a), Some(b)) = (old.objectives.get(from), new.objectives.get(to)) else { continue };
            let subject = objective_subject(to);
            let owner = Some(b.owner.clone());
            out.push(Change {
                subject: subject.clone(),
                kind: ChangeKind::Renamed { from: objective_subject(from) },
                owner,
            });
            compare(out, &subject, Some(&b.owner), &objective_fields(a), &objective_fields(b));
        }
        for (to, from) in &renames.key_results {
            let (Some(a), Some(b)) = (old.key_results.get(from), new.key_results.get(to)) else { continue };
            let subject = kr_subject(to);
            // A key result that only went along with its objective's rename
            // is not renamed itself: the objective's rename says it.
            let objective = (to.0.clone(), to.1.clone(), to.2.clone());
            let along = to.3 == from.3
                && renames.objectives.get(&objective)
                    == Some(&(from.0.clone(), from.1.clone(), from.2.clone()));
            if !along {
                let owner = Some(b.owner.clone());
                let kind = ChangeKind::Renamed { from: kr_subject(from) };
                out.push(Change { subject: subject.clone(), kind, owner });
            }
            key_result_changes(out, &subject, a, b);
        }
    }
}

/// A new key result: what it is, and the check-ins it comes with (a
/// back-dated "done" is a change a reviewer must see).
fn describe_new_key_results(out: &mut Vec<Change>, new: &Index<'_>) {
    let mut added_checkins = Vec::new();
    for change in out.iter_mut() {
        let (Subject::KeyResult { cycle, team, objective, key_result }, ChangeKind::Added { details, .. }) =
            (&change.subject, &mut change.kind)
        else {
            continue;
        };
        let key = (cycle.clone(), team.clone(), objective.clone(), key_result.clone());
        let Some(kr) = new.key_results.get(&key) else { continue };
        *details = Some(key_result_details(kr));
        let points: Vec<Point> = kr.checkins.iter().map(Point::from).collect();
        checkin_changes(&mut added_checkins, &change.subject, Some(&kr.owner), &[], &points);
    }
    out.extend(added_checkins);
}

/// Where each subject stands in the report: `(cycle, team rank in the
/// tree, objective position, key result position)`, taken from the newer
/// workspace and, for what it no longer has, the older one.
struct Positions {
    teams: BTreeMap<String, usize>,
    subjects: BTreeMap<(String, String, String, String), (usize, usize)>,
}

impl Positions {
    fn of(after: &Workspace, before: &Workspace) -> Self {
        let teams = rollup::team_tree(&after.config)
            .into_iter()
            .enumerate()
            .map(|(rank, (team, _))| (team.id.clone(), rank))
            .collect();
        let mut subjects = BTreeMap::new();
        for workspace in [after, before] {
            let mut next: BTreeMap<(String, String), usize> = BTreeMap::new();
            for file in &workspace.files {
                let unit = (file.data.cycle.clone(), file.data.team.clone());
                for objective in &file.data.objectives {
                    let at = next.entry(unit.clone()).or_default();
                    let o = *at;
                    *at += 1;
                    let key =
                        |kr: &str| (unit.0.clone(), unit.1.clone(), objective.id.clone(), kr.to_owned());
                    subjects.entry(key("")).or_insert((o, 0));
                    for (k, kr) in objective.key_results.iter().enumerate() {
                        subjects.entry(key(&kr.id)).or_insert((o, k + 1));
                    }
                }
            }
        }
        Positions { teams, subjects }
    }

    fn place(&self, subject: &Subject) -> (String, usize, u8, (usize, usize), String) {
        let (cycle, team, group, objective, kr) = subject.order();
        let rank = self.teams.get(team).copied().unwrap_or(usize::MAX);
        let place = self
            .subjects
            .get(&(cycle.to_owned(), team.to_owned(), objective.to_owned(), kr.to_owned()))
            .copied()
            .unwrap_or((usize::MAX, usize::MAX));
        // Ids break ties: KPIs, and subjects neither side places.
        (cycle.to_owned(), rank, group, place, format!("{objective}/{kr}"))
    }
}

/// Every change of one key result: its fields, then its check-ins.
pub fn key_result_changes(out: &mut Vec<Change>, subject: &Subject, before: &KeyResult, after: &KeyResult) {
    compare(out, subject, Some(&after.owner), &key_result_fields(before), &key_result_fields(after));
    let points = |k: &KeyResult| k.checkins.iter().map(Point::from).collect::<Vec<_>>();
    checkin_changes(out, subject, Some(&after.owner), &points(before), &points(after));
}

/// A check-in of a key result or KPI, as the diff compares them.
struct Point {
    date: NaiveDate,
    value: Option<f64>,
    done: Option<bool>,
    confidence: Option<f64>,
    note: Option<String>,
}

impl From<&Checkin> for Point {
    fn from(c: &Checkin) -> Self {
        Point { date: c.date, value: c.value, done: c.done, confidence: c.confidence, note: c.note.clone() }
    }
}

impl From<&KpiCheckin> for Point {
    fn from(c: &KpiCheckin) -> Self {
        Point { date: c.date, value: Some(c.value), done: None, confidence: None, note: c.note.clone() }
    }
}

impl Point {
    fn as_value(&self) -> Value {
        json!({"value": self.value, "done": self.done, "confidence": self.confidence, "note": self.note})
    }
}

fn checkin_changes(
    out: &mut Vec<Change>,
    subject: &Subject,
    owner: Option<&str>,
    before: &[Point],
    after: &[Point],
) {
    // By date and, for several check-ins on one day, their order on that
    // day: a second check-in of the same day is new, not a rewrite.
    let (old, new) = (by_day(before), by_day(after));
    let mut push =
        |kind| out.push(Change { subject: subject.clone(), kind, owner: owner.map(str::to_owned) });
    for (key, point) in &new {
        match old.get(key) {
            None => {
                // The value it replaces as the latest: the check-in before it
                // as the repository now stands (itself perhaps new).
                let previous = new.range(..key).rev().find_map(|(_, p)| p.value);
                push(ChangeKind::Checkin {
                    date: key.0,
                    value: point.value,
                    previous,
                    done: point.done,
                    confidence: point.confidence,
                    note: point.note.clone(),
                });
            }
            Some(was) if was.as_value() != point.as_value() => {
                push(ChangeKind::CheckinEdited {
                    date: key.0,
                    before: was.as_value(),
                    after: point.as_value(),
                });
            }
            Some(_) => {}
        }
    }
    for key in old.keys().filter(|key| !new.contains_key(key)) {
        push(ChangeKind::CheckinRemoved { date: key.0 });
    }
}

/// Check-ins by date and, for several on one day, their order on that day.
fn by_day(points: &[Point]) -> BTreeMap<(NaiveDate, usize), &Point> {
    let mut seen: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    let mut keyed = BTreeMap::new();
    for point in points {
        let n = seen.entry(point.date).or_default();
        keyed.insert((point.date, *n), point);
        *n += 1;
    }
    keyed
}

/// The organisation and teams of every cycle before → after: the teams
/// whose unit progress or status moved.
fn movements(before: &Rollup, after: &Rollup) -> Vec<CycleMovement> {
    let mut out = Vec::new();
    for cycle in &after.cycles {
        let old = before.cycles.iter().find(|c| c.id == cycle.id);
        let mut teams = Vec::new();
        for team in &cycle.teams {
            let old_team = old.and_then(|c| c.teams.iter().find(|t| t.id == team.id));
            let was = old_team.and_then(|t| t.unit_progress);
            let status_was = old_team.map(|t| t.status);
            // Only rows that moved: a team whose numbers and status stayed
            // is no news, whatever changed in it (the details list that).
            let moved = was != team.unit_progress || status_was != Some(team.status);
            if moved {
                teams.push(Movement {
                    id: team.id.clone(),
                    name: team.name.clone(),
                    before: was,
                    after: team.unit_progress,
                    status_before: status_was,
                    status_after: Some(team.status),
                });
            }
        }
        // Teams that lost every objective of the cycle.
        if let Some(old) = old {
            for team in old.teams.iter().filter(|t| !cycle.teams.iter().any(|n| n.id == t.id)) {
                teams.push(Movement {
                    id: team.id.clone(),
                    name: team.name.clone(),
                    before: team.unit_progress,
                    after: None,
                    status_before: Some(team.status),
                    status_after: None,
                });
            }
        }
        let was = old.and_then(|c| c.progress);
        let status_was = old.map(|c| c.status);
        if teams.is_empty() && was == cycle.progress && status_was == Some(cycle.status) {
            continue;
        }
        let name = cycle.name.clone().unwrap_or_else(|| cycle.id.clone());
        let organisation = Movement {
            id: cycle.id.clone(),
            name,
            before: was,
            after: cycle.progress,
            status_before: status_was,
            status_after: Some(cycle.status),
        };
        out.push(CycleMovement { cycle: cycle.id.clone(), organisation, teams });
    }
    out
}

/// Whether a cycle is closed in `config`.
pub fn is_closed(config: &Config, cycle: &str) -> bool {
    config.cycle(cycle).is_some_and(|c| c.state == CycleState::Closed)
}

/// How many changes of each kind: the first line of a pull request comment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub config: usize,
    pub objectives_added: usize,
    pub objectives_removed: usize,
    pub objectives_changed: usize,
    pub key_results_added: usize,
    pub key_results_removed: usize,
    pub key_results_changed: usize,
    pub checkins: usize,
    pub kpis_changed: usize,
}

impl Diff {
    pub fn summary(&self) -> Summary {
        let mut summary = Summary::default();
        let mut changed_objectives = BTreeSet::new();
        let mut changed_krs = BTreeSet::new();
        let mut changed_kpis = BTreeSet::new();
        // A new key result's check-ins come with it: not "changed", not counted.
        let new: BTreeSet<&Subject> = self
            .changes
            .iter()
            .filter(|c| matches!(c.kind, ChangeKind::Added { .. }))
            .map(|c| &c.subject)
            .collect();
        for change in &self.changes {
            let added = matches!(change.kind, ChangeKind::Added { .. });
            let removed = matches!(change.kind, ChangeKind::Removed { .. });
            match &change.subject {
                Subject::Objective { .. } if added => summary.objectives_added += 1,
                Subject::Objective { .. } if removed => summary.objectives_removed += 1,
                Subject::Objective { .. } => {
                    changed_objectives.insert(&change.subject);
                }
                Subject::KeyResult { .. } if added => summary.key_results_added += 1,
                Subject::KeyResult { .. } if removed => summary.key_results_removed += 1,
                Subject::KeyResult { .. } if new.contains(&change.subject) => {}
                // Every key result touched is "changed", check-ins included,
                // so the count is of the same set the details list.
                Subject::KeyResult { .. } if matches!(change.kind, ChangeKind::Checkin { .. }) => {
                    summary.checkins += 1;
                    changed_krs.insert(&change.subject);
                }
                Subject::KeyResult { .. } => {
                    changed_krs.insert(&change.subject);
                }
                Subject::Kpi { .. } => {
                    changed_kpis.insert(&change.subject);
                }
                Subject::Organisation
                | Subject::Cycle { .. }
                | Subject::Team { .. }
                | Subject::Person { .. } => {
                    summary.config += 1;
                }
            }
        }
        summary.objectives_changed = changed_objectives.len();
        summary.key_results_changed = changed_krs.len();
        summary.kpis_changed = changed_kpis.len();
        summary
    }
}

#[cfg(test)]
mod tests {
    use super::Field;

    /// Fields print as the files write them: the diff's JSON and messages
    /// are unchanged by the enum.
    #[test]
    fn fields_print_as_the_files_write_them() {
        assert_eq!(serde_json::to_string(&Field::AlignedTo).ok().as_deref(), Some("\"aligned_to\""));
        assert_eq!(Field::AtLeast.words(), "at least");
        assert_eq!(Field::Title.as_str(), "title");
    }
}
