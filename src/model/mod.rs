//! Domain types of OKR files, and the loaded workspace they live in.

mod alignment;
mod partial;
mod workspace;

use chrono::NaiveDate;
use serde::Deserialize;

pub use alignment::{Aligned, Alignment, ObjectiveRef};
pub use partial::Partial;
pub use workspace::{
    assemble, load_config, load_okr_file, load_workspace, load_workspace_for_check, load_workspace_from,
    ConfigOutcome, FileOutcome, KeyResultRef, LoadOutcome, LoadedOkr, OkrFile, Workspace,
};

/// One OKR file: one team's OKRs for one cycle.
#[derive(Debug, Clone, Deserialize)]
pub struct OkrData {
    pub cycle: String,
    pub team: String,
    #[serde(default)]
    pub objectives: Vec<Objective>,
    #[serde(default)]
    pub kpis: Vec<Kpi>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Commitment {
    #[default]
    Aspirational,
    Committed,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Objective {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub owner: String,
    #[serde(default)]
    pub commitment: Commitment,
    #[serde(default)]
    pub aligned_to: Vec<ObjectiveRef>,
    pub retro: Option<String>,
    #[serde(default)]
    pub key_results: Vec<KeyResult>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KrKind {
    #[default]
    Metric,
    Milestone,
    Threshold,
}

/// Every key a key result may have, as the schema names them.
pub const KR_KEYS: [&str; 16] = [
    "id",
    "title",
    "description",
    "owner",
    "contributors",
    "kind",
    "unit",
    "start",
    "target",
    "at_least",
    "at_most",
    "weight",
    "due",
    "checkins",
    "initiatives",
    "source",
];

#[derive(Debug, Clone, Deserialize)]
pub struct KeyResult {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub owner: String,
    #[serde(default)]
    pub contributors: Vec<String>,
    #[serde(default)]
    pub kind: KrKind,
    pub unit: Option<String>,
    pub start: Option<f64>,
    pub target: Option<f64>,
    pub at_least: Option<f64>,
    pub at_most: Option<f64>,
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// Milestones: expected done by this day (`None`: the cycle's end).
    pub due: Option<NaiveDate>,
    #[serde(default)]
    pub checkins: Vec<Checkin>,
    #[serde(default)]
    pub initiatives: Vec<Initiative>,
    /// Where `okr sync` reads its current value.
    pub source: Option<Source>,
}

/// Where `okr sync` reads a key result's value.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Source {
    /// A JSON, YAML or CSV file of the repository and where in it.
    File { file: String, pointer: String },
    /// A shell command whose standard output is the number.
    Command { command: String },
}

/// Work meant to move a key result (an output, not a result).
#[derive(Debug, Clone, Deserialize)]
pub struct Initiative {
    pub title: String,
    pub url: Option<String>,
    #[serde(default)]
    pub state: InitiativeState,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InitiativeState {
    #[default]
    Planned,
    Active,
    Done,
    Dropped,
}

fn default_weight() -> f64 {
    1.0
}

#[derive(Debug, Clone, Deserialize)]
pub struct Checkin {
    pub date: NaiveDate,
    pub value: Option<f64>,
    pub done: Option<bool>,
    pub confidence: Option<f64>,
    /// What happened.
    pub note: Option<String>,
    /// What is in the way.
    pub blockers: Option<String>,
    /// What happens before the next check-in.
    pub next: Option<String>,
}

/// Every key a KPI may have, as the schema names them.
pub const KPI_KEYS: [&str; 8] =
    ["id", "title", "description", "owner", "unit", "at_least", "at_most", "checkins"];

/// A health metric that is watched, not a key result.
#[derive(Debug, Clone, Deserialize)]
pub struct Kpi {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub owner: String,
    pub unit: Option<String>,
    pub at_least: Option<f64>,
    pub at_most: Option<f64>,
    #[serde(default)]
    pub checkins: Vec<KpiCheckin>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct KpiCheckin {
    pub date: NaiveDate,
    pub value: f64,
    pub note: Option<String>,
}
