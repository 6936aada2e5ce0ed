//! The weekly digest's numbers (`okr digest`, SPEC 5): what moved in the
//! last N days of one cycle, the attention list, and who owes a check-in.
//! Renderers format these; they compute nothing.

use chrono::NaiveDate;

use super::{cycle_rollup, AttentionItem, AttentionReason, CycleRollup, Detail, Status};
use crate::model::Workspace;

/// A goalpost that moved in the window, from git (the caller reads it).
#[derive(Debug, Clone, PartialEq)]
pub struct Goalpost {
    /// The short commit id and its day.
    pub commit: String,
    pub date: NaiveDate,
    /// `team/objective/key-result`.
    pub key_result: String,
    /// The field, as the file names it (`target`, `due`, …).
    pub field: &'static str,
    pub before: String,
    pub after: String,
}

/// The digest of one cycle as of a day.
#[derive(Debug, Clone)]
pub struct Digest {
    pub as_of: NaiveDate,
    /// The window is (`since`, `as_of`]: `days` days.
    pub since: NaiveDate,
    pub days: u32,
    pub cycle: String,
    pub cycle_name: String,
    /// Check-ins dated in the window, teams in tree order, each team's in
    /// file order, a key result's oldest first.
    pub checkins: Vec<NewCheckin>,
    /// Progress or status that changed since `since`, in tree order, with
    /// the team and objective above each (`moved: false` when they did not).
    pub movements: Vec<Movement>,
    pub goalposts: Vec<Goalpost>,
    pub attention: Vec<AttentionLine>,
    /// The initiatives under way (`state: active`), by key result in tree
    /// order: the work the meeting asks about.
    pub initiatives: Vec<ActiveInitiative>,
    /// Owners who owe a check-in, by person in okr.yaml's order.
    pub owed: Vec<Owed>,
}

#[derive(Debug, Clone)]
pub struct NewCheckin {
    pub team: String,
    pub objective: String,
    pub key_result: String,
    pub title: String,
    pub owner: String,
    pub date: NaiveDate,
    pub value: Option<f64>,
    pub done: Option<bool>,
    pub unit: Option<String>,
    pub confidence: Option<f64>,
    pub note: Option<String>,
    pub blockers: Option<String>,
    pub next: Option<String>,
}

/// What moved: a team, an objective or a key result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Team,
    Objective,
    KeyResult,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Team => "team",
            Level::Objective => "objective",
            Level::KeyResult => "key_result",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Movement {
    pub level: Level,
    /// `team`, `team/objective` or `team/objective/key-result`.
    pub address: String,
    pub title: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// `after − before`, when both are known.
    pub change: Option<f64>,
    pub status_before: Status,
    pub status_after: Status,
    /// Whether it moved itself; `false` for the team or objective shown
    /// above a key result that moved.
    pub moved: bool,
}

#[derive(Debug, Clone)]
pub struct ActiveInitiative {
    /// The key result it is meant to move, `team/objective/key-result`.
    pub key_result: String,
    pub key_result_title: String,
    pub title: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct AttentionLine {
    pub reason: AttentionReason,
    pub address: String,
    pub title: String,
    pub owner: String,
    pub status: Status,
    pub why: super::Reason,
}

#[derive(Debug, Clone)]
pub struct Owed {
    pub person: String,
    pub name: String,
    pub github: Option<String>,
    pub key_results: Vec<OwedKeyResult>,
    /// Past twice the stale days: the leads and coaches of the teams of
    /// those key results, named with the owner.
    pub escalate_to: Vec<Escalation>,
}

#[derive(Debug, Clone)]
pub struct OwedKeyResult {
    pub address: String,
    pub title: String,
    /// Days without a check-in, and the last one.
    pub idle: i64,
    pub last: Option<NaiveDate>,
    /// Past twice the stale days.
    pub escalated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalation {
    pub person: String,
    pub name: String,
    pub github: Option<String>,
    /// `lead` or `coach`, and of which team.
    pub role: &'static str,
    pub team: String,
}

/// Below this a change of progress is no change (it shows as 0.0 %).
const UNCHANGED: f64 = 0.0005;

/// The digest of `cycle_id` as of `as_of` over the last `days` days;
/// `stale_days` is the `stale-key-result` rule's limit (its `days`, 14 by
/// default), `goalposts` what git says moved in the window.
pub fn digest(
    workspace: &Workspace,
    cycle_id: &str,
    as_of: NaiveDate,
    days: u32,
    stale_days: i64,
    goalposts: Vec<Goalpost>,
) -> Option<Digest> {
    let config = &workspace.config;
    let cycle = config.cycle(cycle_id)?;
    let since = as_of.checked_sub_days(chrono::Days::new(u64::from(days))).unwrap_or(as_of);
    let now = cycle_rollup(workspace, cycle, as_of, Detail::Numbers);
    let then = cycle_rollup(workspace, cycle, since, Detail::Numbers);
    let owed = owed(&now, workspace, as_of, stale_days);
    Some(Digest {
        as_of,
        since,
        days,
        cycle: cycle.id.clone(),
        cycle_name: cycle.name.clone().unwrap_or_else(|| cycle.id.clone()),
        checkins: checkins(&now, since, as_of),
        movements: movements(&then, &now),
        goalposts,
        attention: attention(&now),
        initiatives: active_initiatives(&now),
        owed,
    })
}

fn checkins(now: &CycleRollup, since: NaiveDate, as_of: NaiveDate) -> Vec<NewCheckin> {
    let mut out = Vec::new();
    for team in &now.teams {
        for objective in &team.objectives {
            for kr in &objective.key_results {
                let written = kr.key_result();
                for c in written.checkins.iter().filter(|c| c.date > since && c.date <= as_of) {
                    out.push(NewCheckin {
                        team: team.id.clone(),
                        objective: objective.id.clone(),
                        key_result: kr.id.clone(),
                        title: written.title.clone(),
                        owner: written.owner.clone(),
                        date: c.date,
                        value: c.value,
                        done: c.done,
                        unit: written.unit.clone(),
                        confidence: c.confidence,
                        note: c.note.clone(),
                        blockers: c.blockers.clone(),
                        next: c.next.clone(),
                    });
                }
            }
        }
    }
    out
}

fn movements(then: &CycleRollup, now: &CycleRollup) -> Vec<Movement> {
    let row = |level,
               address: String,
               title: &str,
               before: Option<f64>,
               after: Option<f64>,
               status_before,
               status_after| {
        let change: Option<f64> = match (before, after) {
            (Some(b), Some(a)) => Some(a - b),
            _ => None,
        };
        let progressed = match change {
            Some(c) => c.abs() >= UNCHANGED,
            None => before.is_some() != after.is_some(),
        };
        Movement {
            level,
            address,
            title: title.to_owned(),
            before,
            after,
            change,
            status_before,
            status_after,
            moved: progressed || status_before != status_after,
        }
    };
    let mut out = Vec::new();
    for team in &now.teams {
        let old_team = then.teams.iter().find(|t| t.id == team.id);
        let (before, status) = old_team.map_or((None, Status::NotStarted), |t| (t.unit_progress, t.status));
        let team_row =
            row(Level::Team, team.id.clone(), &team.name, before, team.unit_progress, status, team.status);
        let mut below = Vec::new();
        for objective in &team.objectives {
            let old = old_team.and_then(|t| t.objectives.iter().find(|o| o.id == objective.id));
            let (before, status) = old.map_or((None, Status::NotStarted), |o| (o.progress, o.status));
            let address = format!("{}/{}", team.id, objective.id);
            let title = &objective.objective().title;
            let objective_row = row(
                Level::Objective,
                address.clone(),
                title,
                before,
                objective.progress,
                status,
                objective.status,
            );
            let key_results: Vec<Movement> = objective
                .key_results
                .iter()
                .map(|kr| {
                    let old_kr = old.and_then(|o| o.key_results.iter().find(|k| k.id == kr.id));
                    let (before, status) =
                        old_kr.map_or((None, Status::NotStarted), |k| (Some(k.progress), k.status));
                    let address = format!("{address}/{}", kr.id);
                    row(
                        Level::KeyResult,
                        address,
                        &kr.key_result().title,
                        before,
                        Some(kr.progress),
                        status,
                        kr.status,
                    )
                })
                .filter(|m| m.moved)
                .collect();
            // A row that did not move is shown above one that did, so that
            // every key result is read under its own objective and team.
            if objective_row.moved || !key_results.is_empty() {
                below.push(objective_row);
                below.extend(key_results);
            }
        }
        if team_row.moved || !below.is_empty() {
            out.push(team_row);
            out.extend(below);
        }
    }
    out
}

fn active_initiatives(now: &CycleRollup) -> Vec<ActiveInitiative> {
    let mut out = Vec::new();
    for team in &now.teams {
        for objective in &team.objectives {
            for kr in &objective.key_results {
                let written = kr.key_result();
                let active =
                    written.initiatives.iter().filter(|i| i.state == crate::model::InitiativeState::Active);
                out.extend(active.map(|i| ActiveInitiative {
                    key_result: format!("{}/{}/{}", team.id, objective.id, kr.id),
                    key_result_title: written.title.clone(),
                    title: i.title.clone(),
                    url: i.url.clone(),
                }));
            }
        }
    }
    out
}

fn attention(now: &CycleRollup) -> Vec<AttentionLine> {
    now.attention
        .iter()
        .filter_map(|item| match item.item {
            AttentionItem::Objective(place) => {
                let (team, o) = now.at(place)?;
                Some(AttentionLine {
                    reason: item.reason,
                    address: format!("{}/{}", team.id, o.id),
                    title: o.objective().title.clone(),
                    owner: o.objective().owner.clone(),
                    status: o.status,
                    why: o.reason.clone(),
                })
            }
            AttentionItem::KeyResult(place, k) => {
                let (team, o) = now.at(place)?;
                let kr = o.key_results.get(k)?;
                Some(AttentionLine {
                    reason: item.reason,
                    address: format!("{}/{}/{}", team.id, o.id, kr.id),
                    title: kr.key_result().title.clone(),
                    owner: kr.key_result().owner.clone(),
                    status: kr.status,
                    why: kr.reason.clone(),
                })
            }
            AttentionItem::Kpi(i) => {
                let kpi = now.kpis.get(i)?;
                let (bound, at_least) = match (kpi.at_least, kpi.at_most) {
                    (Some(b), _) => (b, true),
                    (None, Some(b)) => (b, false),
                    (None, None) => return None,
                };
                Some(AttentionLine {
                    reason: item.reason,
                    address: format!("{}/{}", kpi.team, kpi.id),
                    title: kpi.title.clone(),
                    owner: kpi.owner.clone(),
                    status: Status::OffTrack,
                    why: super::Reason::Breaks { value: kpi.current?, bound, at_least },
                })
            }
        })
        .collect()
}

/// Key results the `stale-key-result` rule flags, or without data: by
/// owner, in okr.yaml's order of people (then owners it does not list).
fn owed(now: &CycleRollup, workspace: &Workspace, as_of: NaiveDate, stale_days: i64) -> Vec<Owed> {
    let config = &workspace.config;
    let mut by_owner: Vec<(String, Vec<(OwedKeyResult, String)>)> = Vec::new();
    for team in &now.teams {
        for objective in &team.objectives {
            for kr in &objective.key_results {
                let no_data = kr.status == Status::NoData;
                let (idle, last) = match (kr.stale, no_data) {
                    (Some(stale), _) => (stale.idle, stale.last),
                    (None, true) => ((as_of.min(now.end) - now.start).num_days(), None),
                    (None, false) => continue,
                };
                let owner = kr.key_result().owner.clone();
                let item = OwedKeyResult {
                    address: format!("{}/{}/{}", team.id, objective.id, kr.id),
                    title: kr.key_result().title.clone(),
                    idle,
                    last,
                    escalated: idle > 2 * stale_days,
                };
                match by_owner.iter_mut().find(|(o, _)| *o == owner) {
                    Some((_, items)) => items.push((item, team.id.clone())),
                    None => by_owner.push((owner, vec![(item, team.id.clone())])),
                }
            }
        }
    }
    let order = |person: &str| config.people.iter().position(|p| p.id == person).unwrap_or(usize::MAX);
    by_owner.sort_by_key(|(owner, _)| order(owner));
    by_owner
        .into_iter()
        .map(|(owner, items)| {
            let person = config.people.iter().find(|p| p.id == owner);
            let mut escalate_to: Vec<Escalation> = Vec::new();
            for (_, team_id) in items.iter().filter(|(item, _)| item.escalated) {
                let Some(team) = config.teams.iter().find(|t| &t.id == team_id) else { continue };
                for (role, who) in [("lead", &team.lead), ("coach", &team.coach)] {
                    let Some(who) = who.as_deref().filter(|w| *w != owner) else { continue };
                    let known = config.people.iter().find(|p| p.id == who);
                    let escalation = Escalation {
                        person: who.to_owned(),
                        name: known.map_or_else(|| who.to_owned(), |p| p.name.clone()),
                        github: known.and_then(|p| p.github.clone()),
                        role,
                        team: team.id.clone(),
                    };
                    if !escalate_to.contains(&escalation) {
                        escalate_to.push(escalation);
                    }
                }
            }
            Owed {
                name: person.map_or_else(|| owner.clone(), |p| p.name.clone()),
                github: person.and_then(|p| p.github.clone()),
                person: owner,
                key_results: items.into_iter().map(|(item, _)| item).collect(),
                escalate_to,
            }
        })
        .collect()
}
