//! History facts: what the git history tells about the OKRs, as domain
//! types. `git` fills them; `check` and `render` read them, so neither
//! depends on git.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::diff::Change;
use crate::model::Workspace;
use crate::rollup::Rollup;

/// A commit as okr reports it.
#[derive(Debug, Clone, Serialize)]
pub struct CommitInfo {
    /// The full hexadecimal id.
    pub id: String,
    /// The committer's time, in the committer's time zone.
    pub time: DateTime<FixedOffset>,
    pub author: String,
    pub email: String,
    /// The first line of the message.
    pub subject: String,
}

impl CommitInfo {
    /// The first 7 characters of the id, as `git log --oneline` shows it.
    pub fn short(&self) -> &str {
        self.id.get(..7).unwrap_or(&self.id)
    }

    /// The day the commit was made, in the committer's time zone: the date
    /// okr rolls a commit up as of.
    pub fn date(&self) -> NaiveDate {
        self.time.date_naive()
    }
}

/// The rollup of one commit, as of the day it was made.
pub struct CommitRollup {
    pub commit: CommitInfo,
    pub rollup: Option<Rollup>,
    pub errors: usize,
}

/// A key result's address: `(cycle, team, objective, id)`.
pub type KrAddress = (String, String, String, String);

/// One step of a key result's audit trail.
pub struct LogEntry {
    /// `None` for changes in the work tree not yet committed.
    pub commit: Option<CommitInfo>,
    pub changes: Vec<Change>,
}

/// One point of a trend: a commit's rollup.
#[derive(Debug, Clone, Serialize)]
pub struct TrendPoint {
    /// The short commit id.
    pub commit: String,
    pub date: NaiveDate,
    pub subject: String,
    pub progress: f64,
}

/// A cycle's progress over its commits: the organisation and each team's
/// unit. Of several commits on one day, the last counts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CycleTrend {
    pub organisation: Vec<TrendPoint>,
    /// By team id.
    pub teams: BTreeMap<String, Vec<TrendPoint>>,
}

/// Progress over time from git history, for the site.
#[derive(Debug, Clone, Serialize)]
pub struct Trends {
    /// HEAD, the commit the site is built from.
    pub head: CommitInfo,
    /// Commits that changed the OKRs.
    pub commits: usize,
    /// Older history is missing (a shallow clone).
    pub shallow: bool,
    /// By cycle id.
    pub cycles: BTreeMap<String, CycleTrend>,
    /// The commit that recorded each check-in.
    #[serde(skip)]
    pub checkins: CheckinCommits,
}

/// The commit that first held each check-in: the one that recorded it
/// (`okr checkin`, or an edit by hand), along first-parent history.
#[derive(Debug, Clone, Default)]
pub struct CheckinCommits {
    /// The commits named, each once.
    pub commits: Vec<CommitInfo>,
    /// By `cycle/team/objective/key result`, then check-in date: the
    /// commit (an index into `commits`).
    pub by_key_result: HashMap<String, HashMap<NaiveDate, usize>>,
}

impl CheckinCommits {
    /// The key of a key result in `by_key_result`.
    pub fn key(cycle: &str, team: &str, objective: &str, key_result: &str) -> String {
        format!("{cycle}/{team}/{objective}/{key_result}")
    }

    /// The commit that recorded the check-in of `date` of the key result
    /// `key` (of several on one day, the first).
    pub fn of(&self, key: &str, date: NaiveDate) -> Option<&CommitInfo> {
        self.commits.get(*self.by_key_result.get(key)?.get(&date)?)
    }
}

/// What `okr check --base REV` learns from git: the repository at the base,
/// and what each commit since changed.
#[derive(Debug)]
pub struct BaseFacts {
    /// The base revision as given, for messages.
    pub name: String,
    /// The workspace at the base commit.
    pub workspace: Workspace,
    /// Each commit since the base along first parents, oldest first.
    pub commits: Vec<CommitStep>,
    /// The workspace at HEAD: the work tree's changes since are one more
    /// step, dated `as_of`. `None` when HEAD is the base.
    pub head: Option<Workspace>,
}

/// One commit and what it changed against its parent.
#[derive(Debug)]
pub struct CommitStep {
    /// The short commit id.
    pub commit: String,
    /// The day it was committed.
    pub date: NaiveDate,
    pub changes: Vec<Change>,
}
