//! Render context: plain serialisable views of the rollup, with every number
//! already formatted for the locale. Templates only lay these out.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::{CycleState, Locale};
use crate::history::CheckinCommits;
use crate::load::Pointer;
use crate::model::{Commitment, KrKind, OkrFile, Workspace};
use crate::render::i18n;
use crate::rollup::{
    Attention, AttentionItem, CycleRollup, KrRollup, ObjectiveRollup, Reason, Status, Tally, TeamRollup,
};

use super::chart::{self, Chart};

/// Links into the repository's web view (`site.repository`): each
/// objective's and key result's file and line, and commits.
pub struct RepositoryLinks<'a> {
    /// `https://github.com/acme/okrs`, without a trailing `/`.
    base: Option<String>,
    gitlab: bool,
    branch: String,
    /// The OKR root inside the repository, `/`-terminated; empty at its top.
    prefix: String,
    files: HashMap<&'a str, &'a OkrFile>,
}

impl<'a> RepositoryLinks<'a> {
    /// The links of `workspace`, whose root is `prefix` inside the
    /// repository; none without `site.repository`.
    pub fn new(workspace: &'a Workspace, prefix: &str) -> Self {
        let site = &workspace.config.site;
        let base = site.repository.as_deref().map(|r| {
            let r = r.trim_end_matches('/');
            r.strip_suffix(".git").unwrap_or(r).to_owned()
        });
        let host = base.as_deref().and_then(|b| b.strip_prefix("https://")).and_then(|b| b.split('/').next());
        RepositoryLinks {
            gitlab: host.is_some_and(|h| h.to_ascii_lowercase().contains("gitlab")),
            base,
            // HEAD is the default branch on GitHub and GitLab alike.
            branch: site.branch.clone().unwrap_or_else(|| "HEAD".to_owned()),
            prefix: match prefix.trim_matches('/') {
                "" => String::new(),
                p => format!("{p}/"),
            },
            files: workspace.files.iter().map(|f| (f.path.as_str(), f)).collect(),
        }
    }

    /// The web view of `file` at the line of `pointer`; empty without
    /// `site.repository`.
    pub fn edit(&self, file: &str, pointer: Pointer) -> String {
        let Some(base) = &self.base else { return String::new() };
        let line = self.files.get(file).map_or(1, |f| f.span(pointer).start.line);
        let blob = if self.gitlab { "-/blob" } else { "blob" };
        let path = crate::inert::url_path(&format!("{}/{}{file}", self.branch, self.prefix));
        format!("{base}/{blob}/{path}#L{line}")
    }

    /// A commit's page; empty without `site.repository`.
    pub fn commit(&self, id: &str) -> String {
        let Some(base) = &self.base else { return String::new() };
        let commit = if self.gitlab { "-/commit" } else { "commit" };
        format!("{base}/{commit}/{id}")
    }
}

/// What the views of a page share: who is who, where the page is, the date,
/// the language, and the links into the repository.
pub struct Frame<'a> {
    pub names: &'a BTreeMap<String, String>,
    /// Relative path from the page to the site root.
    pub root: &'a str,
    pub as_of: NaiveDate,
    pub locale: Locale,
    pub links: &'a RepositoryLinks<'a>,
    /// The commit of each check-in, with git history.
    pub checkins: Option<&'a CheckinCommits>,
}

/// A link to another page, relative to the page it is on.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub href: String,
    pub label: String,
}

/// A progress bar: the value, its text, and where progress should be.
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    /// Whether there is a value (an empty aggregate has none).
    pub has_value: bool,
    /// CSS width of the filled part, e.g. `63.2%`.
    pub width: String,
    /// CSS position of the expected-progress marker.
    pub expected_at: String,
    /// The value as text for people, e.g. `63 %`.
    pub text: String,
    /// `aria-valuenow`, 0–100.
    pub now: String,
    /// Full sentence for assistive technology.
    pub label: String,
}

/// A status pill: icon and word, never colour alone; the reason on hover
/// (and, where there is room, beside it).
#[derive(Debug, Clone, Serialize)]
pub struct Pill {
    /// CSS class suffix: `on-track`, `at-risk`, …
    pub key: &'static str,
    pub icon: &'static str,
    pub text: &'static str,
    /// Why, in the locale; empty for counts.
    pub reason: String,
}

/// A pill without a reason (counts of objectives by status).
pub fn pill(status: Status, locale: Locale) -> Pill {
    Pill {
        key: status.as_str(),
        icon: crate::render::status_icon(status),
        text: i18n::status(status, locale),
        reason: String::new(),
    }
}

/// The pill of one status with its reason.
pub fn judged(status: Status, reason: &Reason, locale: Locale) -> Pill {
    Pill { reason: i18n::reason(reason, locale), ..pill(status, locale) }
}

/// A progress bar whose marker is at `expected` (where progress should be
/// today; none without a progress).
pub fn bar(progress: Option<f64>, expected: Option<f64>, what: &str, locale: Locale) -> Bar {
    let expected = expected.unwrap_or(0.0);
    let strings = i18n::strings(locale);
    let expected_text = i18n::percent(expected, locale);
    match progress {
        Some(p) => {
            let text = i18n::percent(p, locale);
            Bar {
                has_value: true,
                width: css_percent(p),
                expected_at: css_percent(expected),
                now: format!("{:.0}", (p * 100.0).round()),
                label: format!("{what}: {} {text}, {} {expected_text}", strings.progress, strings.expected),
                text,
            }
        }
        None => Bar {
            has_value: false,
            width: "0%".into(),
            expected_at: css_percent(expected),
            text: "–".into(),
            now: "0".into(),
            label: format!("{what}: –"),
        },
    }
}

fn css_percent(share: f64) -> String {
    let mut text = String::with_capacity(7);
    i18n::push_one_decimal(&mut text, share.clamp(0.0, 1.0) * 100.0);
    text.push('%');
    text
}

/// How many objectives are in each status, in a fixed order, zeros left out.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub pill: Pill,
    pub count: usize,
}

pub fn counts(tally: &Tally, locale: Locale) -> Vec<Count> {
    tally.statuses.iter().map(|&(status, count)| Count { pill: pill(status, locale), count }).collect()
}

/// A row of the team tree on the overview.
#[derive(Debug, Clone, Serialize)]
pub struct TeamRow {
    pub id: String,
    pub name: String,
    pub href: String,
    /// The team lead's name and people-page link; empty without a lead.
    pub lead: String,
    pub lead_href: String,
    pub depth: usize,
    pub bar: Bar,
    /// The change of its unit progress in 7 days (`+5.0%`); empty when unknown.
    pub delta: String,
    pub pill: Pill,
    pub counts: Vec<Count>,
}

/// One item of the overview's attention list.
#[derive(Debug, Clone, Serialize)]
pub struct AttentionRow {
    /// Why it is listed, in the locale.
    pub reason: &'static str,
    /// `committed-not-on-track`, `stale`, …: for styling.
    pub key: &'static str,
    pub title: String,
    pub href: String,
    /// Its team, and its objective for a key result.
    pub context: String,
    pub pill: Option<Pill>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CycleView {
    pub id: String,
    pub name: String,
    pub state: &'static str,
    pub closed: bool,
    pub dates: String,
    pub passed: String,
    pub bar: Bar,
    pub pill: Pill,
    pub how: i18n::How,
    /// The organisation's change in 7 days; empty when unknown.
    pub delta: String,
    pub counts: Vec<Count>,
    pub teams: Vec<TeamRow>,
    /// What the weekly meeting should look at (active cycles).
    pub attention: Vec<AttentionRow>,
}

/// Where pages live, relative to the site root.
pub struct Paths;

impl Paths {
    pub fn cycle(cycle: &str) -> String {
        format!("cycles/{cycle}/index.html")
    }
    pub fn team(cycle: &str, team: &str) -> String {
        format!("cycles/{cycle}/teams/{team}.html")
    }
    pub fn objective(cycle: &str, team: &str, objective: &str) -> String {
        format!("cycles/{cycle}/objectives/{team}--{objective}.html")
    }
    pub fn people(cycle: &str) -> String {
        format!("cycles/{cycle}/people.html")
    }
    /// A person's entry on the people page, from a page `root` deep.
    pub fn person(root: &str, cycle: &str, person: &str) -> String {
        format!("{root}{}#person-{person}", Paths::people(cycle))
    }
    pub fn alignment(cycle: &str) -> String {
        format!("cycles/{cycle}/alignment.html")
    }
    pub fn kpis(cycle: &str) -> String {
        format!("cycles/{cycle}/kpis.html")
    }
    pub fn scorecard(cycle: &str) -> String {
        format!("cycles/{cycle}/scorecard.html")
    }
    pub fn trends(cycle: &str) -> String {
        format!("cycles/{cycle}/trends.html")
    }
    pub const ROADMAP: &'static str = "roadmap.html";
    pub const STRATEGY: &'static str = "strategy.html";
}

pub fn state_text(state: CycleState, locale: Locale) -> &'static str {
    let t = i18n::strings(locale);
    match state {
        CycleState::Planning => t.state_planning,
        CycleState::Active => t.state_active,
        CycleState::Closed => t.state_closed,
    }
}

pub fn cycle_view(
    cycle: &CycleRollup,
    names: &BTreeMap<String, String>,
    root: &str,
    locale: Locale,
) -> CycleView {
    let strings = i18n::strings(locale);
    let teams = cycle.teams.iter().map(|team| team_row(cycle, team, names, root, locale)).collect();
    CycleView {
        id: cycle.id.clone(),
        name: cycle.name.clone().unwrap_or_else(|| cycle.id.clone()),
        state: state_text(cycle.state, locale),
        closed: cycle.state == CycleState::Closed,
        dates: format!("{} – {}", i18n::date(cycle.start, locale), i18n::date(cycle.end, locale)),
        passed: strings.cycle_passed.replace("{pct}", &i18n::percent(cycle.elapsed, locale)),
        bar: bar(cycle.progress, cycle.expected, strings.organisation, locale),
        pill: judged(cycle.status, &cycle.reason, locale),
        how: i18n::how(&cycle.explanation, locale),
        delta: delta(cycle.delta, locale),
        counts: counts(&cycle.tally, locale),
        teams,
        attention: attention_rows(cycle, root, locale),
    }
}

/// A person's name from okr.yaml, or their id when okr.yaml has none.
pub fn person_name(names: &BTreeMap<String, String>, id: &str) -> String {
    names.get(id).cloned().unwrap_or_else(|| id.to_owned())
}

/// A person's name and people-page link; empty without one.
fn person(
    id: Option<&String>,
    cycle: &CycleRollup,
    names: &BTreeMap<String, String>,
    root: &str,
) -> (String, String) {
    id.map(|p| (person_name(names, p), Paths::person(root, &cycle.id, p))).unwrap_or_default()
}

/// A team's row in a table of teams (overview, teams below on a team page).
pub fn team_row(
    cycle: &CycleRollup,
    team: &TeamRollup,
    names: &BTreeMap<String, String>,
    root: &str,
    locale: Locale,
) -> TeamRow {
    let (lead, lead_href) = person(team.lead.as_ref(), cycle, names, root);
    TeamRow {
        id: team.id.clone(),
        name: team.name.clone(),
        href: format!("{root}{}", Paths::team(&cycle.id, &team.id)),
        lead,
        lead_href,
        depth: team.depth,
        bar: bar(team.unit_progress, team.expected, &team.name, locale),
        delta: delta(team.delta, locale),
        pill: judged(team.status, &team.reason, locale),
        counts: counts(&team.tally, locale),
    }
}

/// A 7-day change as the pages show it; empty when there is none to show.
pub fn delta(change: Option<f64>, locale: Locale) -> String {
    change.map(|d| i18n::delta(d, locale)).unwrap_or_default()
}

/// The cycle's attention list as links, in the rollup's order.
fn attention_rows(cycle: &CycleRollup, root: &str, locale: Locale) -> Vec<AttentionRow> {
    let row = |item: &Attention| -> Option<AttentionRow> {
        let reason = i18n::attention(item.reason, locale);
        let key = item.reason.as_str();
        Some(match item.item {
            AttentionItem::Objective(place) => {
                let (team, objective) = cycle.at(place)?;
                AttentionRow {
                    reason,
                    key,
                    title: objective.objective().title.clone(),
                    href: format!("{root}{}", Paths::objective(&cycle.id, &team.id, &objective.id)),
                    context: team.name.clone(),
                    pill: Some(judged(objective.status, &objective.reason, locale)),
                }
            }
            AttentionItem::KeyResult(place, k) => {
                let (team, objective) = cycle.at(place)?;
                let kr = objective.key_results.get(k)?;
                let page = Paths::objective(&cycle.id, &team.id, &objective.id);
                AttentionRow {
                    reason,
                    key,
                    title: kr.key_result().title.clone(),
                    href: format!("{root}{page}#kr-{}", kr.id),
                    context: format!("{} › {}", team.name, objective.objective().title),
                    pill: Some(judged(kr.status, &kr.reason, locale)),
                }
            }
            AttentionItem::Kpi(i) => {
                let kpi = cycle.kpis.get(i)?;
                let team =
                    cycle.teams.iter().find(|t| t.id == kpi.team).map_or(kpi.team.as_str(), |t| &t.name);
                AttentionRow {
                    reason,
                    key,
                    title: kpi.title.clone(),
                    href: format!("{root}{}#kpi-{}-{}", Paths::kpis(&cycle.id), kpi.team, kpi.id),
                    context: team.to_owned(),
                    pill: None,
                }
            }
        })
    };
    cycle.attention.iter().filter_map(row).collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct KrView {
    pub id: String,
    pub title: String,
    pub owner: String,
    /// The owner's entry on the people page.
    pub owner_href: String,
    pub kind: &'static str,
    pub bar: Bar,
    pub pill: Pill,
    pub confidence: String,
    pub last_checkin: String,
    pub days_ago: String,
    /// Current value and what it is measured against, e.g. `97.2 % (92 → 99.5)`.
    pub measure: String,
    pub how: i18n::How,
    pub sparkline: Chart,
    /// The change in 7 days; empty when unknown.
    pub delta: String,
    /// Markdown-free text of the key result's description; empty without.
    pub description: String,
    /// The counted check-in's note, blockers and next step; empty when not
    /// written.
    pub note: String,
    pub blockers: String,
    pub next: String,
    /// Every check-in up to the date, latest first (objective pages).
    pub checkins: Vec<CheckinRow>,
    /// Its file and line in the repository's web view (`site.repository`);
    /// empty without.
    pub edit: String,
    /// What it plans, in words (`92 % → 99.5 %`, `due 31 Dec 2026`,
    /// `at least 99.9 %`): shown instead of progress while the cycle is
    /// being planned.
    pub plan: String,
    /// The work meant to move it, as written.
    pub initiatives: Vec<InitiativeView>,
}

/// An initiative of a key result: the work, its link and its state.
#[derive(Debug, Clone, Default, Serialize)]
pub struct InitiativeView {
    pub title: String,
    /// Its `url` (the schema allows `http(s)://` only); empty without one.
    pub href: String,
    /// The state in the site's language, and its key for styling.
    pub state: &'static str,
    pub state_key: &'static str,
}

/// One check-in of a key result's history.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckinRow {
    pub date: String,
    /// The value with its unit, or done / not done.
    pub value: String,
    pub confidence: String,
    pub note: String,
    pub blockers: String,
    pub next: String,
    /// The commit that recorded it (short id, its page with
    /// `site.repository`, author, subject); empty without git history.
    pub commit: String,
    pub commit_href: String,
    pub author: String,
    pub commit_subject: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveView {
    pub id: String,
    pub team: String,
    pub title: String,
    pub href: String,
    pub owner: String,
    pub owner_href: String,
    pub commitment: &'static str,
    /// `committed` or `aspirational`, for styling.
    pub commitment_key: &'static str,
    pub bar: Bar,
    pub pill: Pill,
    pub confidence: String,
    /// The latest check-in of its key results, and how long ago.
    pub last_checkin: String,
    pub days_ago: String,
    pub score: String,
    pub band: &'static str,
    pub missed: bool,
    pub how: i18n::How,
    /// The change in 7 days; empty when unknown.
    pub delta: String,
    /// Its file and line in the repository's web view; empty without
    /// `site.repository`.
    pub edit: String,
    /// While the cycle is being planned, a sentence saying so (shown
    /// instead of progress); empty otherwise.
    pub planning: String,
    pub key_results: Vec<KrView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TeamView {
    pub id: String,
    pub name: String,
    /// The lead's and the OKR coach's names and people-page links; empty
    /// when okr.yaml names none.
    pub lead: String,
    pub lead_href: String,
    pub coach: String,
    pub coach_href: String,
    /// The change of its unit progress in 7 days.
    pub delta: String,
    pub bar: Bar,
    pub own: Bar,
    pub pill: Pill,
    pub how: i18n::How,
    pub objectives: Vec<ObjectiveView>,
}

pub fn team_view(cycle: &CycleRollup, team: &TeamRollup, frame: &Frame<'_>) -> TeamView {
    let (names, root, locale) = (frame.names, frame.root, frame.locale);
    let strings = i18n::strings(locale);
    let (lead, lead_href) = person(team.lead.as_ref(), cycle, names, root);
    let (coach, coach_href) = person(team.coach.as_ref(), cycle, names, root);
    TeamView {
        id: team.id.clone(),
        name: team.name.clone(),
        lead,
        lead_href,
        coach,
        coach_href,
        delta: delta(team.delta, locale),
        bar: bar(team.unit_progress, team.expected, strings.unit_progress, locale),
        own: bar(team.progress, team.own_expected, strings.own_progress, locale),
        pill: judged(team.status, &team.reason, locale),
        how: i18n::how(&team.explanation, locale),
        objectives: team.objectives.iter().map(|o| objective_view(cycle, &team.id, o, frame)).collect(),
    }
}

pub fn objective_view(
    cycle: &CycleRollup,
    team: &str,
    objective: &ObjectiveRollup,
    frame: &Frame<'_>,
) -> ObjectiveView {
    let (names, root, as_of, locale) = (frame.names, frame.root, frame.as_of, frame.locale);
    let strings = i18n::strings(locale);
    let name = |id: &str| person_name(names, id);
    ObjectiveView {
        id: objective.id.clone(),
        team: team.to_owned(),
        title: objective.objective().title.clone(),
        href: format!("{root}{}", Paths::objective(&cycle.id, team, &objective.id)),
        owner: name(&objective.objective().owner),
        owner_href: Paths::person(root, &cycle.id, &objective.objective().owner),
        commitment: match objective.objective().commitment {
            Commitment::Committed => strings.committed,
            Commitment::Aspirational => strings.aspirational,
        },
        commitment_key: match objective.objective().commitment {
            Commitment::Committed => "committed",
            Commitment::Aspirational => "aspirational",
        },
        bar: bar(objective.progress, objective.expected, &objective.objective().title, locale),
        pill: judged(objective.status, &objective.reason, locale),
        confidence: objective.confidence.map(|c| i18n::decimal1(c, locale)).unwrap_or_default(),
        last_checkin: objective.last_checkin.map(|d| i18n::date(d, locale)).unwrap_or_default(),
        days_ago: objective.last_checkin.map(|d| i18n::days_ago(d, as_of, locale)).unwrap_or_default(),
        score: objective.score.map(|s| i18n::score(s, locale)).unwrap_or_default(),
        band: objective.band.map_or("", |b| b.as_str()),
        missed: objective.missed_commitment,
        how: i18n::how(&objective.explanation, locale),
        delta: delta(objective.delta, locale),
        edit: frame.links.edit(&objective.file, objective.pointer),
        planning: if cycle.state == CycleState::Planning {
            strings.planning_note.replace("{date}", &i18n::date(cycle.start, locale))
        } else {
            String::new()
        },
        key_results: objective
            .key_results
            .iter()
            .enumerate()
            .map(|(k, kr)| {
                let at = KrAt { team, objective, index: k };
                kr_view(cycle, kr, &at, &name(&kr.key_result().owner), frame)
            })
            .collect(),
    }
}

/// Where a key result is: its team, its objective, its index there.
struct KrAt<'a> {
    team: &'a str,
    objective: &'a ObjectiveRollup,
    index: usize,
}

/// A threshold's or KPI's bound in words: `at least 99.9 %`, `höchstens 2`.
pub fn bound_text(at_least: Option<f64>, at_most: Option<f64>, unit: Option<&str>, locale: Locale) -> String {
    let strings = i18n::strings(locale);
    match (at_least, at_most) {
        (Some(b), _) => format!("{} {}", strings.at_least, chart::with_unit(b, unit, locale)),
        (None, Some(b)) => format!("{} {}", strings.at_most, chart::with_unit(b, unit, locale)),
        (None, None) => String::new(),
    }
}

fn initiative_view(initiative: &crate::model::Initiative, strings: &i18n::Strings) -> InitiativeView {
    use crate::model::InitiativeState;
    let (state, state_key) = match initiative.state {
        InitiativeState::Planned => (strings.initiative_planned, "planned"),
        InitiativeState::Active => (strings.initiative_active, "active"),
        InitiativeState::Done => (strings.initiative_done, "done"),
        InitiativeState::Dropped => (strings.initiative_dropped, "dropped"),
    };
    InitiativeView {
        title: initiative.title.clone(),
        href: initiative.url.clone().unwrap_or_default(),
        state,
        state_key,
    }
}

fn kr_view(cycle: &CycleRollup, kr: &KrRollup, at: &KrAt<'_>, owner: &str, frame: &Frame<'_>) -> KrView {
    let (root, as_of, locale) = (frame.root, frame.as_of, frame.locale);
    let strings = i18n::strings(locale);
    let recorded =
        frame.checkins.map(|c| (c, CheckinCommits::key(&cycle.id, at.team, &at.objective.id, &kr.id)));
    let value = |v: f64| chart::with_unit(v, kr.key_result().unit.as_deref(), locale);
    let counted = kr.counted_checkin();
    let measure = match kr.kind {
        KrKind::Metric => format!(
            "{} ({} → {})",
            kr.current.map(value).unwrap_or_default(),
            kr.start.map(value).unwrap_or_default(),
            kr.target.map(value).unwrap_or_default()
        ),
        KrKind::Threshold => {
            let bound = bound_text(kr.at_least, kr.at_most, kr.key_result().unit.as_deref(), locale);
            match kr.current {
                Some(c) => format!("{} ({bound})", value(c)),
                None => bound,
            }
        }
        KrKind::Milestone => String::new(),
    };
    KrView {
        id: kr.id.clone(),
        title: kr.key_result().title.clone(),
        owner: owner.to_owned(),
        owner_href: Paths::person(root, &cycle.id, &kr.key_result().owner),
        kind: match kr.kind {
            KrKind::Metric => strings.kind_metric,
            KrKind::Milestone => strings.kind_milestone,
            KrKind::Threshold => strings.kind_threshold,
        },
        bar: bar(Some(kr.progress), Some(kr.expected), &kr.key_result().title, locale),
        pill: judged(kr.status, &kr.reason, locale),
        confidence: kr.confidence.map(|c| i18n::decimal1(c, locale)).unwrap_or_default(),
        last_checkin: kr
            .last_checkin
            .map_or_else(|| strings.no_checkin.to_owned(), |d| i18n::date(d, locale)),
        days_ago: kr.last_checkin.map(|d| i18n::days_ago(d, as_of, locale)).unwrap_or_default(),
        measure,
        how: i18n::how(&kr.explanation, locale),
        sparkline: chart::sparkline(
            cycle,
            kr,
            &strings.sparkline_of.replace("{title}", &kr.key_result().title),
            as_of,
            locale,
        ),
        delta: delta(kr.delta, locale),
        description: kr.key_result().description.clone().unwrap_or_default(),
        note: counted.and_then(|c| c.note.clone()).unwrap_or_default(),
        blockers: counted.and_then(|c| c.blockers.clone()).unwrap_or_default(),
        next: counted.and_then(|c| c.next.clone()).unwrap_or_default(),
        initiatives: kr.key_result().initiatives.iter().map(|i| initiative_view(i, strings)).collect(),
        checkins: kr
            .checkins_until(as_of)
            .into_iter()
            .map(|c| CheckinRow {
                date: i18n::date(c.date, locale),
                value: match (c.value, c.done) {
                    (Some(v), _) => value(v),
                    (None, Some(true)) => strings.done.to_owned(),
                    (None, _) => strings.not_done.to_owned(),
                },
                confidence: c.confidence.map(|v| i18n::decimal1(v, locale)).unwrap_or_default(),
                note: c.note.clone().unwrap_or_default(),
                blockers: c.blockers.clone().unwrap_or_default(),
                next: c.next.clone().unwrap_or_default(),
                ..commit_of(recorded.as_ref().and_then(|(r, key)| r.of(key, c.date)), frame)
            })
            .collect(),
        edit: frame.links.edit(&at.objective.file, at.objective.pointer.key_result(at.index)),
        plan: match kr.kind {
            KrKind::Metric => format!(
                "{} → {}",
                kr.start.map(value).unwrap_or_default(),
                kr.target.map(value).unwrap_or_default()
            ),
            KrKind::Threshold => bound_text(kr.at_least, kr.at_most, kr.key_result().unit.as_deref(), locale),
            KrKind::Milestone => {
                format!("{} {}", strings.due, i18n::date(kr.key_result().due.unwrap_or(cycle.end), locale))
            }
        },
    }
}

/// A check-in row's commit columns; empty when no commit recorded it.
fn commit_of(commit: Option<&crate::history::CommitInfo>, frame: &Frame<'_>) -> CheckinRow {
    commit.map_or_else(CheckinRow::default, |commit| CheckinRow {
        commit: commit.short().to_owned(),
        commit_href: frame.links.commit(&commit.id),
        author: commit.author.clone(),
        commit_subject: commit.subject.clone(),
        ..CheckinRow::default()
    })
}
