//! `okr.yaml`: the typed configuration, rule levels and status thresholds.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::load::Pointer;
use crate::load::{discover, SpanMap};

/// The team part of `aligned_to: [strategy/<id>]`, which names a strategic
/// objective: no team may have this id.
pub const STRATEGY: &str = "strategy";

/// The organisation's configuration, as written in `okr.yaml`.
#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    pub organisation: String,
    #[serde(default = "default_paths")]
    pub paths: Vec<String>,
    pub cycles: Vec<Cycle>,
    pub teams: Vec<Team>,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub rules: BTreeMap<String, RuleSetting>,
    #[serde(default)]
    pub status: StatusThresholds,
    #[serde(default)]
    pub site: Site,
    /// The organisation's vision and mission, one sentence each.
    pub vision: Option<String>,
    pub mission: Option<String>,
    /// Long-horizon objectives above the cycles, in okr.yaml order.
    #[serde(default)]
    pub strategy: Vec<Strategic>,
}

/// A strategic objective: objectives of any cycle align to it with
/// `aligned_to: [strategy/<id>]`.
#[derive(Debug, Clone, Deserialize)]
pub struct Strategic {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub owner: Option<String>,
    /// Free text, e.g. `2026–2027`.
    pub horizon: Option<String>,
}

fn default_paths() -> Vec<String> {
    vec!["okrs".to_owned()]
}

#[derive(Debug, Clone, Deserialize)]
pub struct Cycle {
    pub id: String,
    pub name: Option<String>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub state: CycleState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CycleState {
    Planning,
    Active,
    Closed,
}

impl CycleState {
    /// The state as okr.yaml and the exports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            CycleState::Planning => "planning",
            CycleState::Active => "active",
            CycleState::Closed => "closed",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Team {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub parent: Option<String>,
    pub lead: Option<String>,
    pub coach: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub team: Option<String>,
    pub github: Option<String>,
    pub email: Option<String>,
}

/// How severe a rule's findings are; `off` disables the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Warning,
    Error,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Off => "off",
            Level::Warning => "warning",
            Level::Error => "error",
        })
    }
}

/// A rule's entry under `rules:`: a bare level, or a level with options.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RuleSetting {
    Level(Level),
    Detailed(RuleOptions),
}

/// Options a rule may take in `okr.yaml`; each rule reads only its own.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RuleOptions {
    pub severity: Option<Level>,
    #[serde(default, deserialize_with = "whole::optional")]
    pub days: Option<u32>,
    #[serde(default, deserialize_with = "whole::optional")]
    pub min: Option<u32>,
    #[serde(default, deserialize_with = "whole::optional")]
    pub max: Option<u32>,
    #[serde(default)]
    pub words: Vec<String>,
}

impl RuleSetting {
    pub fn level(&self) -> Option<Level> {
        match self {
            RuleSetting::Level(level) => Some(*level),
            RuleSetting::Detailed(options) => options.severity,
        }
    }

    pub fn options(&self) -> Option<&RuleOptions> {
        match self {
            RuleSetting::Level(_) => None,
            RuleSetting::Detailed(options) => Some(options),
        }
    }
}

/// How status is judged (SPEC 3.3, `status:` in okr.yaml).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(default)]
pub struct StatusThresholds {
    /// expected − progress above this is at-risk.
    pub at_risk_gap: f64,
    /// expected − progress above this is off-track.
    pub off_track_gap: f64,
    /// A latest confidence below this is at-risk.
    pub low_confidence: f64,
    /// Days from a cycle's start in which no check-in is `not-started`;
    /// after them it is `no-data`.
    #[serde(deserialize_with = "whole::required")]
    pub grace_days: u32,
    /// Closed cycles: aspirational objectives at or above this are achieved.
    pub aspirational_success: f64,
}

impl Default for StatusThresholds {
    fn default() -> Self {
        StatusThresholds {
            at_risk_gap: 0.15,
            off_track_gap: 0.30,
            low_confidence: 0.4,
            grace_days: 14,
            aspirational_success: 0.7,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    En,
    De,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Site {
    pub title: Option<String>,
    pub locale: Locale,
    pub base_url: String,
    /// The repository's web address, for "edit" links.
    pub repository: Option<String>,
    /// The branch edit links open.
    pub branch: Option<String>,
}

impl Default for Site {
    fn default() -> Self {
        Site { title: None, locale: Locale::En, base_url: "/".to_owned(), repository: None, branch: None }
    }
}

impl Config {
    /// The strategic objective `id`.
    pub fn strategic(&self, id: &str) -> Option<&Strategic> {
        self.strategy.iter().find(|s| s.id == id)
    }

    pub fn cycle(&self, id: &str) -> Option<&Cycle> {
        self.cycles.iter().find(|c| c.id == id)
    }

    /// The cycle shown when none is asked for (`okr status`, the site's
    /// home page): the first active one, else the latest that has started
    /// by `as_of`, else the first.
    pub fn default_cycle(&self, as_of: NaiveDate) -> Option<&Cycle> {
        self.cycles
            .iter()
            .find(|c| c.state == CycleState::Active)
            .or_else(|| self.cycles.iter().filter(|c| c.start <= as_of).max_by_key(|c| c.start))
            .or_else(|| self.cycles.first())
    }

    /// The options of `rule` from `okr.yaml`, if any were given.
    pub fn rule_options(&self, rule: &str) -> Option<&RuleOptions> {
        self.rules.get(rule).and_then(RuleSetting::options)
    }

    /// Checks what the schema cannot express: cycle date order, the
    /// reserved team id, threshold order, and that `paths` stay inside the
    /// repository.
    pub fn validate(&self, file: &str, spans: &SpanMap) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (i, cycle) in self.cycles.iter().enumerate() {
            if cycle.end < cycle.start {
                let span = spans.at(Pointer::ROOT.entry("cycles", i).key("end"));
                out.push(
                    Diagnostic::new(
                        crate::diagnostic::RuleId::Schema,
                        file,
                        span,
                        format!("cycle `{}` ends before it starts", cycle.id),
                    )
                    .with_help(format!("`end` must be on or after `start` ({})", cycle.start)),
                );
            }
        }
        for (i, team) in self.teams.iter().enumerate() {
            if team.id == STRATEGY {
                let span = spans.at(Pointer::ROOT.entry("teams", i).key("id"));
                out.push(
                    Diagnostic::new(
                        crate::diagnostic::RuleId::Schema,
                        file,
                        span,
                        "team id `strategy` is reserved: `aligned_to: [strategy/<id>]` names a strategic objective",
                    )
                    .with_help("give the team another id, e.g. `strategy-office`"),
                );
            }
        }
        let status = &self.status;
        if status.off_track_gap < status.at_risk_gap {
            let span = spans.at(Pointer::ROOT.key("status").key("off_track_gap"));
            out.push(
                Diagnostic::new(
                    crate::diagnostic::RuleId::Schema,
                    file,
                    span,
                    "`off_track_gap` is below `at_risk_gap`",
                )
                .with_help(
                    "off-track is the larger gap behind plan: e.g. at_risk_gap: 0.15, off_track_gap: 0.30",
                ),
            );
        }
        for (i, path) in self.paths.iter().enumerate() {
            if !discover::is_contained(path) {
                let span = spans.at(Pointer::ROOT.entry("paths", i));
                out.push(
                    Diagnostic::new(
                        crate::diagnostic::RuleId::Schema,
                        file,
                        span,
                        format!("path `{path}` leaves the repository"),
                    )
                    .with_help("use a relative folder below okr.yaml, without `..`"),
                );
            }
        }
        out
    }
}

/// Whole numbers as JSON Schema's `integer` has them: `14` and `14.0` alike
/// (YAML writers and spreadsheets export `14.0`), never `14.5`.
mod whole {
    use serde::{Deserialize, Deserializer};

    fn from_number<E: serde::de::Error>(n: f64) -> Result<u32, E> {
        let valid = n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n);
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "checked whole and in range"
        )]
        let whole = n as u32;
        if valid {
            Ok(whole)
        } else {
            Err(E::custom(format!("{n} is not a whole number of 0 or more")))
        }
    }

    pub(super) fn required<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
        from_number(f64::deserialize(deserializer)?)
    }

    pub(super) fn optional<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
        Option::<f64>::deserialize(deserializer)?.map(from_number).transpose()
    }
}
