//! Findings as data: one `Diagnostic` type that every output format renders.

use std::fmt;

use serde::Serialize;

use crate::source::Span;

/// How bad a finding is once the configured rule level has been applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every rule, by identity: a finding names its rule with one of these, and
/// a string is made only when something is printed (`okr rules` lists
/// them; `docs/rules/<name>.md` documents each).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    YamlSyntax,
    Schema,
    DuplicateId,
    UnknownOwner,
    UnknownTeam,
    UnknownCycle,
    UnknownAlignment,
    AlignmentCycle,
    TargetEqualsStart,
    CheckinOutsideCycle,
    DueOutsideCycle,
    CheckinInFuture,
    FileLocation,
    ObjectiveCount,
    KeyResultCount,
    TeamOwnedKeyResult,
    ActivityKeyResult,
    ActivityObjective,
    StaleKeyResult,
    MissingBaseline,
    MissedCommitment,
    MissingRetro,
    Sandbagging,
    OwnerOverload,
    OrphanObjective,
    ClosedCycleModified,
    TargetChangedMidCycle,
    UnitChanged,
}

impl RuleId {
    /// Every rule, errors first, in the order `okr rules` lists them.
    pub const ALL: [RuleId; 28] = [
        RuleId::YamlSyntax,
        RuleId::Schema,
        RuleId::DuplicateId,
        RuleId::UnknownOwner,
        RuleId::UnknownTeam,
        RuleId::UnknownCycle,
        RuleId::UnknownAlignment,
        RuleId::AlignmentCycle,
        RuleId::TargetEqualsStart,
        RuleId::CheckinOutsideCycle,
        RuleId::DueOutsideCycle,
        RuleId::CheckinInFuture,
        RuleId::FileLocation,
        RuleId::ObjectiveCount,
        RuleId::KeyResultCount,
        RuleId::TeamOwnedKeyResult,
        RuleId::ActivityKeyResult,
        RuleId::ActivityObjective,
        RuleId::StaleKeyResult,
        RuleId::MissingBaseline,
        RuleId::MissedCommitment,
        RuleId::MissingRetro,
        RuleId::Sandbagging,
        RuleId::OwnerOverload,
        RuleId::OrphanObjective,
        RuleId::ClosedCycleModified,
        RuleId::TargetChangedMidCycle,
        RuleId::UnitChanged,
    ];

    /// The kebab-case name, e.g. `unknown-owner`.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::YamlSyntax => "yaml-syntax",
            RuleId::Schema => "schema",
            RuleId::DuplicateId => "duplicate-id",
            RuleId::UnknownOwner => "unknown-owner",
            RuleId::UnknownTeam => "unknown-team",
            RuleId::UnknownCycle => "unknown-cycle",
            RuleId::UnknownAlignment => "unknown-alignment",
            RuleId::AlignmentCycle => "alignment-cycle",
            RuleId::TargetEqualsStart => "target-equals-start",
            RuleId::CheckinOutsideCycle => "checkin-outside-cycle",
            RuleId::DueOutsideCycle => "due-outside-cycle",
            RuleId::CheckinInFuture => "checkin-in-future",
            RuleId::FileLocation => "file-location",
            RuleId::ObjectiveCount => "objective-count",
            RuleId::KeyResultCount => "key-result-count",
            RuleId::TeamOwnedKeyResult => "team-owned-key-result",
            RuleId::ActivityKeyResult => "activity-key-result",
            RuleId::ActivityObjective => "activity-objective",
            RuleId::StaleKeyResult => "stale-key-result",
            RuleId::MissingBaseline => "missing-baseline",
            RuleId::MissedCommitment => "missed-commitment",
            RuleId::MissingRetro => "missing-retro",
            RuleId::Sandbagging => "sandbagging",
            RuleId::OwnerOverload => "owner-overload",
            RuleId::OrphanObjective => "orphan-objective",
            RuleId::ClosedCycleModified => "closed-cycle-modified",
            RuleId::TargetChangedMidCycle => "target-changed-mid-cycle",
            RuleId::UnitChanged => "unit-changed",
        }
    }

    /// The rule called `name`, if there is one.
    pub fn from_name(name: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|id| id.as_str() == name)
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A secondary location that explains a finding, e.g. the first of two
/// duplicate ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub file: String,
    pub span: Span,
    pub message: String,
}

/// One finding of one rule at one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule that found it.
    pub rule: RuleId,
    pub severity: Severity,
    pub message: String,
    /// Path relative to the OKR root, `/`-separated.
    pub file: String,
    pub span: Span,
    pub help: Option<String>,
    pub labels: Vec<Label>,
}

impl Diagnostic {
    /// A finding of `rule`; its severity is set from the rule's level when the
    /// check run finishes.
    pub fn new(rule: RuleId, file: &str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: Severity::Error,
            message: message.into(),
            file: file.to_owned(),
            span,
            help: None,
            labels: Vec::new(),
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_label(mut self, file: &str, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label { file: file.to_owned(), span, message: message.into() });
        self
    }

    /// The order diagnostics are printed in: by file, then position, then rule.
    pub fn sort_key(&self) -> (&str, u32, u32, &str, &str) {
        (&self.file, self.span.start.line, self.span.start.col, self.rule.as_str(), &self.message)
    }
}

/// Sorts diagnostics into their stable output order and drops exact repeats.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup_by(|a, b| a.sort_key() == b.sort_key());
}

/// Counts of findings by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    pub fn new(files: usize, diagnostics: &[Diagnostic]) -> Self {
        let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        Summary { files, errors, warnings: diagnostics.len() - errors }
    }
}
