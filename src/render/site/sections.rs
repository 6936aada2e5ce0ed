//! Views of the cross-cutting pages: people, alignment tree, roadmap, KPIs and
//! the closed-cycle scorecard. Like `view`, plain data with every number
//! already formatted; the numbers themselves come from the rollup.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use super::chart::{self, Chart};
use super::view::{bar, bound_text, counts, judged, person_name, pill, Bar, Count, Paths, Pill};
use crate::config::{Config, CycleState, Locale};
use crate::history::{CycleTrend, TrendPoint, Trends};
use crate::render::i18n;
use crate::rollup::{team_tree, CycleRollup, KpiRollup, ObjectiveRollup, Place, Rollup};

/// One thing a person owns or contributes to.
#[derive(Debug, Clone, Serialize)]
pub struct Owned {
    pub title: String,
    pub href: String,
    /// The team and, for key results, the objective it belongs to.
    pub context: String,
    pub bar: Option<Bar>,
    pub pill: Pill,
    /// Key results and KPIs: the current value and the last check-in, e.g.
    /// `97.2 % · 17 Nov 2026`; empty otherwise.
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    pub id: String,
    pub name: String,
    pub team: String,
    pub github: String,
    /// Teams the person leads.
    pub leads: Vec<Owned>,
    /// Teams the person is the OKR coach of.
    pub coaches: Vec<Owned>,
    pub objectives: Vec<Owned>,
    pub key_results: Vec<Owned>,
    pub contributes: Vec<Owned>,
    pub kpis: Vec<Owned>,
}

/// A current value and the last check-in in words: `97.2 % · 17 Nov 2026`,
/// `no check-in yet`.
fn detail(current: Option<f64>, unit: Option<&str>, last: Option<NaiveDate>, locale: Locale) -> String {
    let strings = i18n::strings(locale);
    let date = last.map_or_else(|| strings.no_checkin.to_owned(), |d| i18n::date(d, locale));
    match current {
        Some(value) => format!("{} · {date}", chart::with_unit(value, unit, locale)),
        None => date,
    }
}

/// Each team's name by id, as okr.yaml gives them.
fn team_names(config: &Config) -> HashMap<&str, &str> {
    config.teams.iter().map(|t| (t.id.as_str(), t.name.as_str())).collect()
}

/// Everyone with something to own or contribute to in `cycle`, in okr.yaml
/// order; owners not listed in okr.yaml (when `unknown-owner` is off) last.
pub fn people(cycle: &CycleRollup, config: &Config, root: &str, locale: Locale) -> Vec<PersonView> {
    let team_names = team_names(config);
    let team_name = |id: &str| team_names.get(id).copied().unwrap_or(id).to_owned();
    let mut by: BTreeMap<String, PersonView> = BTreeMap::new();
    let new_person = |id: &str| {
        let person = config.people.iter().find(|p| p.id == id);
        PersonView {
            id: id.to_owned(),
            name: person.map_or_else(|| id.to_owned(), |p| p.name.clone()),
            team: person.and_then(|p| p.team.as_deref()).map(&team_name).unwrap_or_default(),
            github: person.and_then(|p| p.github.clone()).unwrap_or_default(),
            leads: Vec::new(),
            coaches: Vec::new(),
            objectives: Vec::new(),
            key_results: Vec::new(),
            contributes: Vec::new(),
            kpis: Vec::new(),
        }
    };
    for team in &cycle.teams {
        let owned = || Owned {
            title: team.name.clone(),
            href: format!("{root}{}", Paths::team(&cycle.id, &team.id)),
            context: String::new(),
            bar: Some(bar(team.unit_progress, team.expected, &team.name, locale)),
            pill: judged(team.status, &team.reason, locale),
            detail: String::new(),
        };
        if let Some(lead) = &team.lead {
            person_entry(&mut by, lead, &new_person).leads.push(owned());
        }
        if let Some(coach) = &team.coach {
            person_entry(&mut by, coach, &new_person).coaches.push(owned());
        }
        for objective in &team.objectives {
            let href = format!("{root}{}", Paths::objective(&cycle.id, &team.id, &objective.id));
            person_entry(&mut by, &objective.objective().owner, &new_person).objectives.push(Owned {
                title: objective.objective().title.clone(),
                href: href.clone(),
                context: team.name.clone(),
                bar: Some(bar(objective.progress, objective.expected, &objective.objective().title, locale)),
                pill: judged(objective.status, &objective.reason, locale),
                detail: String::new(),
            });
            for kr in &objective.key_results {
                let owned = Owned {
                    title: kr.key_result().title.clone(),
                    href: href.clone(),
                    context: format!("{} › {}", team.name, objective.objective().title),
                    bar: Some(bar(Some(kr.progress), Some(kr.expected), &kr.key_result().title, locale)),
                    pill: judged(kr.status, &kr.reason, locale),
                    detail: detail(
                        kr.current.filter(|_| kr.last_checkin.is_some()),
                        kr.key_result().unit.as_deref(),
                        kr.last_checkin,
                        locale,
                    ),
                };
                for contributor in
                    kr.key_result().contributors.iter().filter(|c| **c != kr.key_result().owner)
                {
                    person_entry(&mut by, contributor, &new_person).contributes.push(owned.clone());
                }
                person_entry(&mut by, &kr.key_result().owner, &new_person).key_results.push(owned);
            }
        }
    }
    for kpi in &cycle.kpis {
        person_entry(&mut by, &kpi.owner, &new_person).kpis.push(Owned {
            title: kpi.title.clone(),
            href: format!("{root}{}#kpi-{}-{}", Paths::kpis(&cycle.id), kpi.team, kpi.id),
            context: team_name(&kpi.team),
            bar: None,
            pill: kpi_pill(kpi, locale),
            detail: detail(kpi.current, kpi.unit.as_deref(), kpi.last_checkin, locale),
        });
    }
    let order: HashMap<&str, usize> =
        config.people.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    let mut people: Vec<PersonView> = by.into_values().collect();
    people.sort_by_key(|p| (order.get(p.id.as_str()).copied().unwrap_or(usize::MAX), p.id.clone()));
    people
}

/// The people page's entry for `id`, made by `new` on first use.
fn person_entry<'m>(
    by: &'m mut BTreeMap<String, PersonView>,
    id: &str,
    new: &dyn Fn(&str) -> PersonView,
) -> &'m mut PersonView {
    by.entry(id.to_owned()).or_insert_with(|| new(id))
}

/// A KPI's state as a pill: holds ● , breached ■, no data ○.
pub fn kpi_pill(kpi: &KpiRollup, locale: Locale) -> Pill {
    let strings = i18n::strings(locale);
    match kpi.holds {
        Some(true) => Pill { key: "on-track", icon: "●", text: strings.kpi_holds, reason: String::new() },
        Some(false) => {
            Pill { key: "off-track", icon: "■", text: strings.kpi_breached, reason: String::new() }
        }
        None => Pill { key: "not-started", icon: "○", text: strings.kpi_no_data, reason: String::new() },
    }
}

/// A node of the alignment tree.
#[derive(Debug, Clone, Serialize)]
pub struct AlignmentNode {
    pub title: String,
    pub href: String,
    pub team: String,
    pub bar: Bar,
    pub pill: Pill,
    /// Also aligned to other objectives (it appears under each).
    pub shared: bool,
    /// The fragment id of the node's first appearance (shared nodes only).
    pub anchor: Option<String>,
    /// `#anchor` when the node already appeared with its children above:
    /// they are not drawn again, so a graph in which every objective aligns
    /// to several others stays as large as the graph, not exponential.
    pub shown_above: Option<String>,
    pub children: Vec<AlignmentNode>,
}

/// How deep the tree is drawn; deeper alignment chains are cut (they are a
/// smell of their own) so that rendering stays bounded on any input.
const MAX_ALIGNMENT_DEPTH: usize = 24;

/// Objectives as a forest: roots are objectives aligned to nothing in the
/// cycle; each objective appears under every objective it is aligned to.
pub fn alignment_tree(cycle: &CycleRollup, root: &str, locale: Locale) -> Vec<AlignmentNode> {
    let all: Vec<(&str, &str, &ObjectiveRollup)> = cycle
        .teams
        .iter()
        .flat_map(|t| t.objectives.iter().map(move |o| (t.id.as_str(), t.name.as_str(), o)))
        .collect();
    // The rollup's places, numbered in the order of `all`.
    let mut first = Vec::with_capacity(cycle.teams.len());
    let mut count = 0;
    for team in &cycle.teams {
        first.push(count);
        count += team.objectives.len();
    }
    let flat = |p: &Place| first.get(p.team).map(|f| f + p.objective);
    let children: Vec<Vec<usize>> =
        all.iter().map(|(_, _, o)| o.children.iter().filter_map(flat).collect()).collect();
    let node = |i: usize| -> AlignmentNode {
        let (team, team_name, objective) = all[i];
        AlignmentNode {
            title: objective.objective().title.clone(),
            href: format!("{root}{}", Paths::objective(&cycle.id, team, &objective.id)),
            team: team_name.to_owned(),
            bar: bar(objective.progress, objective.expected, &objective.objective().title, locale),
            pill: judged(objective.status, &objective.reason, locale),
            shared: objective.parents.len() > 1,
            anchor: None,
            shown_above: None,
            children: Vec::new(),
        }
    };
    let mut tree =
        Grower { children: &children, node: &node, drawn: vec![false; all.len()], path: Vec::new() };
    (0..all.len()).filter(|&i| all[i].2.parents.is_empty()).map(|i| tree.grow(i)).collect()
}

/// Walks the alignment graph depth first, each objective's children drawn
/// once: a later appearance refers to the first. Depth-limited, with the
/// path carried so a loop (an error of its own) is never followed.
struct Grower<'g> {
    children: &'g [Vec<usize>],
    node: &'g dyn Fn(usize) -> AlignmentNode,
    drawn: Vec<bool>,
    path: Vec<usize>,
}

impl Grower<'_> {
    fn grow(&mut self, i: usize) -> AlignmentNode {
        let mut current = (self.node)(i);
        let anchor = format!("alignment-{i}");
        if current.shared {
            current.anchor = Some(anchor.clone());
        }
        if self.drawn[i] {
            if !self.children[i].is_empty() {
                current.anchor = None;
                current.shown_above = Some(format!("#{anchor}"));
            }
            return current;
        }
        self.drawn[i] = true;
        if self.path.len() < MAX_ALIGNMENT_DEPTH {
            self.path.push(i);
            let next: Vec<usize> =
                self.children[i].iter().copied().filter(|c| !self.path.contains(c)).collect();
            current.children = next.into_iter().map(|c| self.grow(c)).collect();
            self.path.pop();
        }
        current
    }
}

/// A cell of the roadmap: one team in one cycle.
#[derive(Debug, Clone, Serialize)]
pub struct RoadmapCell {
    pub href: String,
    /// Unit progress (open cycles) or score (closed cycles), as text.
    pub text: String,
    pub band: &'static str,
    pub pill: Option<Pill>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoadmapRow {
    pub name: String,
    pub depth: usize,
    /// One per cycle, newest first; `None` where the team has no objectives.
    pub cells: Vec<Option<RoadmapCell>>,
}

/// A cycle's column of the roadmap, with what its cells measure: open
/// cycles show progress in percent, closed ones the end-of-cycle score
/// (0.00–1.00, SPEC 3.4), and the header says which.
#[derive(Debug, Clone, Serialize)]
pub struct RoadmapColumn {
    pub href: String,
    pub label: String,
    pub measure: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoadmapView {
    pub cycles: Vec<RoadmapColumn>,
    /// The organisation's row.
    pub organisation: Vec<Option<RoadmapCell>>,
    pub rows: Vec<RoadmapRow>,
}

/// Teams × cycles: unit progress of open cycles, scores of closed ones.
pub fn roadmap(rollup: &Rollup, config: &Config, locale: Locale) -> RoadmapView {
    let t = i18n::strings(locale);
    let cell =
        |cycle: &CycleRollup, progress: Option<f64>, status, score: Option<f64>, band: Option<_>, href| {
            let text = match (score, progress) {
                (Some(s), _) => i18n::score(s, locale),
                (None, Some(p)) => i18n::percent(p, locale),
                (None, None) => "–".to_owned(),
            };
            RoadmapCell {
                href,
                text,
                band: band.map_or("", |b: crate::rollup::Band| b.as_str()),
                pill: (cycle.state != CycleState::Closed).then(|| pill(status, locale)),
            }
        };
    let organisation = rollup
        .cycles
        .iter()
        .map(|c| Some(cell(c, c.progress, c.status, c.score, c.band, Paths::cycle(&c.id))))
        .collect();
    // Per cycle, its teams by id: one lookup per cell instead of a scan.
    let by_cycle: Vec<HashMap<&str, &crate::rollup::TeamRollup>> =
        rollup.cycles.iter().map(|c| c.teams.iter().map(|t| (t.id.as_str(), t)).collect()).collect();
    let rows: Vec<RoadmapRow> = team_tree(config)
        .into_iter()
        .map(|(team, depth)| RoadmapRow {
            name: team.name.clone(),
            depth,
            cells: rollup
                .cycles
                .iter()
                .zip(&by_cycle)
                .map(|(c, teams)| {
                    let t = teams.get(team.id.as_str())?;
                    Some(cell(c, t.unit_progress, t.status, t.score, t.band, Paths::team(&c.id, &t.id)))
                })
                .collect(),
        })
        .filter(|row| row.cells.iter().any(Option::is_some))
        .collect();
    // Newest cycle first: the column a reader looks for, and on a phone,
    // where each team's cells stack, the first line of its card.
    let mut organisation: Vec<Option<RoadmapCell>> = organisation;
    organisation.reverse();
    let rows = rows
        .into_iter()
        .map(|mut row: RoadmapRow| {
            row.cells.reverse();
            row
        })
        .collect();
    RoadmapView {
        cycles: rollup
            .cycles
            .iter()
            .rev()
            .map(|c| RoadmapColumn {
                href: Paths::cycle(&c.id),
                label: c.name.clone().unwrap_or_else(|| c.id.clone()),
                measure: if c.state == CycleState::Closed { t.roadmap_score } else { t.roadmap_progress },
            })
            .collect(),
        organisation,
        rows,
    }
}

/// An objective aligned to a strategic objective, on the strategy page.
#[derive(Debug, Clone, Serialize)]
pub struct AlignedRow {
    pub title: String,
    pub href: String,
    pub team: String,
    pub team_href: String,
    pub bar: Bar,
    pub pill: Pill,
    /// It aligns to an objective that aligns to the strategic one (or
    /// further up), not to it directly.
    pub through: bool,
}

/// One cycle of a strategic objective.
#[derive(Debug, Clone, Serialize)]
pub struct StrategyCycleView {
    pub label: String,
    pub href: String,
    pub state: &'static str,
    /// The mean progress of its aligned objectives, against their mean
    /// expected.
    pub bar: Bar,
    pub objectives: Vec<AlignedRow>,
}

/// A strategic objective of okr.yaml across the cycles.
#[derive(Debug, Clone, Serialize)]
pub struct StrategicView {
    pub id: String,
    pub title: String,
    /// The owner's name and people-page link (in the current cycle); empty
    /// without an owner.
    pub owner: String,
    pub owner_href: String,
    pub horizon: String,
    /// Sanitised HTML of its Markdown description.
    pub description_html: String,
    /// Newest cycle first.
    pub cycles: Vec<StrategyCycleView>,
}

/// The strategy page: okr.yaml's vision, mission and strategic objectives.
#[derive(Debug, Clone, Serialize)]
pub struct StrategyView {
    pub vision: String,
    pub mission: String,
    pub entries: Vec<StrategicView>,
}

/// The strategy page's view (a page at the site root); people link to the
/// people page of `current`.
pub fn strategy(
    rollup: &Rollup,
    names: &BTreeMap<String, String>,
    current: &str,
    locale: Locale,
) -> StrategyView {
    let entries = rollup
        .strategy
        .iter()
        .map(|s| {
            let strategic = &s.strategic;
            let (owner, owner_href) = strategic
                .owner
                .as_deref()
                .map(|p| (person_name(names, p), Paths::person("", current, p)))
                .unwrap_or_default();
            let cycles = s
                .cycles
                .iter()
                .rev()
                .filter_map(|sc| {
                    let cycle = rollup.cycles.get(sc.cycle)?;
                    let label = cycle.name.clone().unwrap_or_else(|| cycle.id.clone());
                    let objectives = sc
                        .objectives
                        .iter()
                        .filter_map(|m| {
                            let (team, objective) = cycle.at(m.place)?;
                            let title = objective.objective().title.clone();
                            Some(AlignedRow {
                                bar: bar(objective.progress, objective.expected, &title, locale),
                                pill: judged(objective.status, &objective.reason, locale),
                                href: Paths::objective(&cycle.id, &team.id, &objective.id),
                                title,
                                team: team.name.clone(),
                                team_href: Paths::team(&cycle.id, &team.id),
                                through: !m.direct,
                            })
                        })
                        .collect();
                    Some(StrategyCycleView {
                        bar: bar(sc.progress, sc.expected, &format!("{} · {label}", strategic.title), locale),
                        href: Paths::cycle(&cycle.id),
                        state: super::view::state_text(cycle.state, locale),
                        label,
                        objectives,
                    })
                })
                .collect();
            StrategicView {
                id: strategic.id.clone(),
                title: strategic.title.clone(),
                owner,
                owner_href,
                horizon: strategic.horizon.clone().unwrap_or_default(),
                description_html: strategic.description.as_deref().map(super::markdown).unwrap_or_default(),
                cycles,
            }
        })
        .collect();
    StrategyView {
        vision: rollup.vision.clone().unwrap_or_default(),
        mission: rollup.mission.clone().unwrap_or_default(),
        entries,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct KpiView {
    /// The anchor: `kpi-<team>-<id>`.
    pub anchor: String,
    pub title: String,
    pub owner: String,
    pub owner_href: String,
    pub bound: String,
    pub current: String,
    pub pill: Pill,
    pub explanation: String,
    pub last_checkin: String,
    pub days_ago: String,
    pub chart: Chart,
}

#[derive(Debug, Clone, Serialize)]
pub struct KpiGroup {
    pub team: String,
    pub kpis: Vec<KpiView>,
}

/// One KPI as the KPI and team pages show it.
pub fn kpi_view(
    cycle: &CycleRollup,
    kpi: &KpiRollup,
    names: &BTreeMap<String, String>,
    root: &str,
    as_of: NaiveDate,
    locale: Locale,
) -> KpiView {
    let strings = i18n::strings(locale);
    let unit = kpi.unit.as_deref();
    KpiView {
        anchor: format!("kpi-{}-{}", kpi.team, kpi.id),
        title: kpi.title.clone(),
        owner: person_name(names, &kpi.owner),
        owner_href: Paths::person(root, &cycle.id, &kpi.owner),
        bound: bound_text(kpi.at_least, kpi.at_most, unit, locale),
        current: kpi.current.map_or_else(|| "–".into(), |v| chart::with_unit(v, unit, locale)),
        pill: kpi_pill(kpi, locale),
        explanation: i18n::explanation(&kpi.explanation, locale),
        last_checkin: kpi
            .last_checkin
            .map_or_else(|| strings.no_checkin.to_owned(), |d| i18n::date(d, locale)),
        days_ago: kpi.last_checkin.map(|d| i18n::days_ago(d, as_of, locale)).unwrap_or_default(),
        chart: chart::kpi_chart(
            cycle,
            kpi,
            &strings.kpi_chart_of.replace("{title}", &kpi.title),
            as_of,
            locale,
        ),
    }
}

/// The cycle's KPIs grouped by team (tree order).
pub fn kpis(
    cycle: &CycleRollup,
    config: &Config,
    names: &BTreeMap<String, String>,
    root: &str,
    as_of: NaiveDate,
    locale: Locale,
) -> Vec<KpiGroup> {
    let team_names = team_names(config);
    let mut groups: Vec<KpiGroup> = Vec::new();
    for kpi in &cycle.kpis {
        let team = team_names.get(kpi.team.as_str()).copied().unwrap_or(kpi.team.as_str());
        if groups.last().is_none_or(|g| g.team != team) {
            groups.push(KpiGroup { team: team.to_owned(), kpis: Vec::new() });
        }
        let view = kpi_view(cycle, kpi, names, root, as_of, locale);
        if let Some(group) = groups.last_mut() {
            group.kpis.push(view);
        }
    }
    groups
}

/// A scored objective on the scorecard.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreRow {
    pub title: String,
    pub href: String,
    pub owner: String,
    pub commitment: &'static str,
    pub score: String,
    pub band: &'static str,
    pub missed: bool,
    /// The result: done, achieved or missed, with why.
    pub pill: Pill,
    /// The objective's retrospective as sanitised HTML; empty without one.
    pub retro_html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoreGroup {
    pub team: String,
    pub href: String,
    pub score: String,
    pub band: &'static str,
    pub objectives: Vec<ScoreRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Scorecard {
    pub score: String,
    pub band: &'static str,
    /// Objectives per band: green, yellow, red.
    pub bands: Vec<BandCount>,
    pub missed: usize,
    pub groups: Vec<ScoreGroup>,
    pub counts: Vec<Count>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BandCount {
    pub band: &'static str,
    pub label: &'static str,
    pub count: usize,
}

/// The end-of-cycle scorecard of a closed cycle.
pub fn scorecard(
    cycle: &CycleRollup,
    names: &BTreeMap<String, String>,
    root: &str,
    locale: Locale,
) -> Scorecard {
    let strings = i18n::strings(locale);
    let score_text = |s: Option<f64>| s.map_or_else(|| "–".to_owned(), |s| i18n::score(s, locale));
    let tally = &cycle.tally;
    let band_count = |band: &'static str, label: &'static str, count: usize| BandCount { band, label, count };
    Scorecard {
        score: score_text(cycle.score),
        band: cycle.band.map_or("", |b| b.as_str()),
        bands: vec![
            band_count("green", strings.band_green, tally.green),
            band_count("yellow", strings.band_yellow, tally.yellow),
            band_count("red", strings.band_red, tally.red),
        ],
        missed: tally.missed,
        counts: counts(tally, locale),
        groups: cycle
            .teams
            .iter()
            .filter(|t| !t.objectives.is_empty())
            .map(|t| ScoreGroup {
                team: t.name.clone(),
                href: format!("{root}{}", Paths::team(&cycle.id, &t.id)),
                score: score_text(t.score),
                band: t.band.map_or("", |b| b.as_str()),
                objectives: t
                    .objectives
                    .iter()
                    .map(|o| ScoreRow {
                        title: o.objective().title.clone(),
                        href: format!("{root}{}", Paths::objective(&cycle.id, &t.id, &o.id)),
                        owner: person_name(names, &o.objective().owner),
                        commitment: match o.objective().commitment {
                            crate::model::Commitment::Committed => strings.committed,
                            crate::model::Commitment::Aspirational => strings.aspirational,
                        },
                        score: score_text(o.score),
                        band: o.band.map_or("", |b| b.as_str()),
                        missed: o.missed_commitment,
                        pill: judged(o.status, &o.reason, locale),
                        retro_html: o.objective().retro.as_deref().map(super::markdown).unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// A team's trend on the trends page.
#[derive(Debug, Clone, Serialize)]
pub struct TrendRow {
    pub team: String,
    pub href: String,
    /// 0 for a root team.
    pub depth: usize,
    pub chart: Chart,
    pub latest: String,
    /// The change since the cycle's first point and in the last 7 days
    /// (`+12.5%`), from the commits' progress.
    pub change_cycle: String,
    pub change_week: String,
}

/// One point of the organisation's trend, for the data table.
#[derive(Debug, Clone, Serialize)]
pub struct TrendPointView {
    pub date: String,
    pub commit: String,
    pub subject: String,
    pub progress: String,
}

/// The trends page of a cycle: where the data comes from, the
/// organisation's chart and data, each team's sparkline.
#[derive(Debug, Clone, Serialize)]
pub struct TrendsView {
    pub intro: String,
    pub shallow: bool,
    /// `None` when no commit moved the cycle's progress.
    pub chart: Option<Chart>,
    pub points: Vec<TrendPointView>,
    pub teams: Vec<TrendRow>,
}

/// The trends of `cycle` from git history.
pub fn trends(
    cycle: &CycleRollup,
    trends: &Trends,
    config: &Config,
    root: &str,
    as_of: NaiveDate,
    locale: Locale,
) -> TrendsView {
    let strings = i18n::strings(locale);
    let empty = CycleTrend::default();
    let trend = trends.cycles.get(&cycle.id).unwrap_or(&empty);
    let in_cycle = |p: &&TrendPoint| p.date >= cycle.start && p.date <= cycle.end;
    let percent =
        |p: Option<&TrendPoint>| p.map_or_else(|| "–".to_owned(), |p| i18n::percent(p.progress, locale));
    let organisation: Vec<&TrendPoint> = trend.organisation.iter().filter(in_cycle).collect();
    let chart = (!organisation.is_empty()).then(|| {
        let label = strings.trend_chart_of.replace("{name}", &config.organisation);
        chart::trend_chart(cycle, &trend.organisation, &label, as_of, locale, true)
    });
    let teams = team_tree(config)
        .into_iter()
        .filter_map(|(team, depth)| {
            let series = trend.teams.get(&team.id)?;
            let points: Vec<&TrendPoint> = series.iter().filter(in_cycle).collect();
            if points.is_empty() {
                return None;
            }
            let label = strings.trend_chart_of.replace("{name}", &team.name);
            let dated: Vec<(NaiveDate, f64)> = points.iter().map(|p| (p.date, p.progress)).collect();
            let week_ago = as_of.checked_sub_days(chrono::Days::new(7)).unwrap_or(as_of);
            let change = |since| super::view::delta(crate::rollup::change_since(&dated, since), locale);
            Some(TrendRow {
                team: team.name.clone(),
                href: format!("{root}{}", Paths::team(&cycle.id, &team.id)),
                depth,
                chart: chart::trend_chart(cycle, series, &label, as_of, locale, false),
                latest: percent(points.last().copied()),
                change_cycle: change(cycle.start.pred_opt().unwrap_or(cycle.start)),
                change_week: change(week_ago),
            })
        })
        .collect();
    TrendsView {
        intro: strings
            .trends_intro
            .replace("{commits}", &trends.commits.to_string())
            .replace("{head}", trends.head.short()),
        shallow: trends.shallow,
        chart,
        points: organisation
            .iter()
            .map(|p| TrendPointView {
                date: i18n::date(p.date, locale),
                commit: p.commit.clone(),
                subject: p.subject.clone(),
                progress: i18n::percent(p.progress, locale),
            })
            .collect(),
        teams,
    }
}
