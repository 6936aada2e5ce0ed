//! The static progress site: pages rendered from the rollup with minijinja
//! templates (embedded; a repository's `templates/` overrides them by name).

pub mod chart;
pub mod output;
pub mod sections;
mod templates;
pub mod view;

use std::collections::BTreeMap;

use anyhow::Result;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::config::{CycleState, Locale};
use crate::history::Trends;
use crate::model::Workspace;
use crate::render::{export, i18n};
use crate::rollup::{CycleRollup, Place, Rollup};
use view::{Link, Paths};

/// The file that marks a folder as okr's output, so a later build may replace it.
pub const MARKER: &str = ".okr-build";

/// How to build.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    pub as_of: NaiveDate,
    /// The URL the site is served under (for themes; links are relative).
    pub base_url: String,
    /// Progress over time from git history; `None` outside git (the site
    /// then has no trends page).
    pub trends: Option<Trends>,
    /// The OKR root's folder inside its git repository (`""` at the top, or
    /// outside git): edit links add it before each file's path.
    pub repository_prefix: String,
}

/// Every file of the site by path (`/`-separated, relative to the output).
#[derive(Debug, Default)]
pub struct Site {
    pub files: BTreeMap<String, Vec<u8>>,
}

/// The most cycles the switcher on every page shows (see `cycle_tabs`).
const CYCLE_TABS: usize = 8;

/// What every page receives (docs/themes.md).
#[derive(Serialize)]
struct Common<'a> {
    lang: &'static str,
    /// The locale's UI strings, converted for the templates once per build.
    t: minijinja::Value,
    site_title: &'a str,
    organisation: &'a str,
    title: String,
    /// A sentence on what the page holds (`<meta name="description">`).
    description: String,
    /// Relative path from the page to the site root (`""`, `"../../"`).
    root: &'a str,
    base_url: &'a str,
    breadcrumb: Vec<Link>,
    cycles: Vec<CycleTab>,
    /// The pages of the current cycle (overview, alignment, people, …).
    sections: Vec<CycleTab>,
    as_of: String,
    version: &'static str,
    /// The short id of the commit the site is built from, in git.
    commit: Option<&'a str>,
}

#[derive(Serialize)]
struct CycleTab {
    href: String,
    label: String,
    /// The cycle's state (cycle tabs only).
    state: &'static str,
    current: bool,
}

/// Renders every page of the site.
pub fn render_site(workspace: &Workspace, rollup: &Rollup, options: &SiteOptions) -> Result<Site> {
    let files = std::sync::Mutex::new(BTreeMap::new());
    render_site_to(workspace, rollup, options, &|path: String, bytes: Vec<u8>| {
        files.lock().map_err(|_| anyhow::anyhow!("a page failed to render"))?.insert(path, bytes);
        Ok(())
    })?;
    let files = files.into_inner().map_err(|_| anyhow::anyhow!("a page failed to render"))?;
    Ok(Site { files })
}

/// Where rendered files go, as they are rendered (from several threads).
pub trait PageSink: Sync {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<()>;
}

impl<F: Fn(String, Vec<u8>) -> Result<()> + Sync> PageSink for F {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<()> {
        self(path, bytes)
    }
}

/// Renders every file of the site into `sink`, each as soon as it is
/// rendered: a team's pages never wait in memory for the whole site.
/// Returns the number of files.
pub fn render_site_to(
    workspace: &Workspace,
    rollup: &Rollup,
    options: &SiteOptions,
    sink: &dyn PageSink,
) -> Result<usize> {
    let config = &workspace.config;
    let locale = config.site.locale;
    let strings = i18n::strings(locale);
    let env = templates::environment(&workspace.root.join("templates"));
    let site_title = config.site.title.clone().unwrap_or_else(|| config.organisation.clone());
    let names: BTreeMap<String, String> =
        config.people.iter().map(|p| (p.id.clone(), p.name.clone())).collect();
    let links = view::RepositoryLinks::new(workspace, &options.repository_prefix);
    let page = Pages {
        links,
        config,
        rollup,
        locale,
        strings,
        strings_value: minijinja::Value::from(minijinja::value::Serde(strings)),
        site_title: &site_title,
        options,
        config_title: &config.organisation,
        unit_paths: rollup
            .cycles
            .iter()
            .flat_map(|c| {
                c.teams.iter().flat_map(move |t| {
                    std::iter::once(Paths::team(&c.id, &t.id))
                        .chain(t.objectives.iter().map(move |o| Paths::objective(&c.id, &t.id, &o.id)))
                })
            })
            .collect(),
    };

    let count = std::sync::atomic::AtomicUsize::new(0);
    let put = |path: String, bytes: Vec<u8>| {
        count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        sink.put(path, bytes)
    };
    let default_cycle = config.default_cycle(options.as_of).map(|c| c.id.as_str());
    for cycle in &rollup.cycles {
        let current = default_cycle.is_some_and(|d| d == cycle.id);
        for (path, root) in [(Paths::cycle(&cycle.id), "../../")]
            .into_iter()
            .chain(current.then_some(("index.html".to_owned(), "")))
        {
            let here = Paths::cycle(&cycle.id);
            let common = page.common(root, cycle, (Section::Overview, &here), cycle_label(cycle), vec![]);
            let html = templates::render(
                &env,
                "overview.html",
                &OverviewContext {
                    page: common,
                    cycle: view::cycle_view(cycle, &names, root, locale),
                    vision: config.vision.as_deref().unwrap_or_default(),
                    mission: config.mission.as_deref().unwrap_or_default(),
                    strategy_href: if config.strategy.is_empty() {
                        String::new()
                    } else {
                        format!("{root}{}", Paths::STRATEGY)
                    },
                },
            )?;
            put(path, html)?;
        }
        // The cycle's own pages beside its team and objective pages, all in
        // parallel; each goes to the sink when done.
        let put_all = |pages: Vec<(String, Vec<u8>)>| pages.into_iter().try_for_each(|(p, b)| put(p, b));
        let (cycle_pages, team_pages) = rayon::join(
            || page.cycle_pages(&env, cycle, &names).and_then(put_all),
            || {
                cycle
                    .teams
                    .par_iter()
                    .try_for_each(|team| page.team_pages(&env, cycle, team, &names).and_then(put_all))
            },
        );
        cycle_pages?;
        team_pages?;
    }
    if let Some(cycle) = default_cycle.and_then(|id| rollup.cycles.iter().find(|c| c.id == id)) {
        for (path, html) in page.top_pages(&env, cycle, &names)? {
            put(path, html)?;
        }
    }
    put("style.css".into(), templates::asset(&workspace.root.join("templates"), "style.css")?.into_bytes())?;
    let everything = export::Filter::default();
    put("data.json".into(), export::to_json(rollup, &everything).into_bytes())?;
    put("data.csv".into(), export::to_csv(rollup, &everything).into_bytes())?;
    put(
        MARKER.into(),
        b"Built by okr. `okr build` replaces this folder; do not keep other files here.\n".to_vec(),
    )?;
    Ok(count.into_inner())
}

struct Pages<'a> {
    links: view::RepositoryLinks<'a>,
    config: &'a crate::config::Config,
    rollup: &'a Rollup,
    locale: Locale,
    strings: &'a i18n::Strings,
    strings_value: minijinja::Value,
    site_title: &'a str,
    config_title: &'a str,
    options: &'a SiteOptions,
    /// Every team and objective page of every cycle, for the cycle
    /// switcher: it keeps the page when the other cycle has it.
    unit_paths: std::collections::HashSet<String>,
}

impl<'a> Pages<'a> {
    /// The page of `team` and the pages of its objectives.
    fn team_pages(
        &self,
        env: &minijinja::Environment<'_>,
        cycle: &CycleRollup,
        team: &crate::rollup::TeamRollup,
        names: &BTreeMap<String, String>,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        let (locale, strings, as_of) = (self.locale, self.strings, self.options.as_of);
        let root = "../../../";
        let mut out = Vec::new();
        let cycle_link =
            Link { href: format!("{root}{}", Paths::cycle(&cycle.id)), label: cycle_label(cycle) };
        // The breadcrumb goes through the team tree: the cycle, then every
        // team above this one, root first.
        let link = |t: &crate::rollup::TeamRollup| Link {
            href: format!("{root}{}", Paths::team(&cycle.id, &t.id)),
            label: t.name.clone(),
        };
        let mut crumbs = vec![cycle_link.clone()];
        let mut above = Vec::new();
        let mut parent = team.parent.as_deref();
        while let Some(p) = parent.filter(|p| above.len() < cycle.teams.len() && *p != team.id) {
            let Some(t) = cycle.teams.iter().find(|t| t.id == p) else { break };
            above.push(link(t));
            parent = t.parent.as_deref();
        }
        crumbs.extend(above.into_iter().rev());
        let here = Paths::team(&cycle.id, &team.id);
        let common = self.common(root, cycle, (Section::Team, &here), team.name.clone(), crumbs.clone());
        let below = cycle
            .teams
            .iter()
            .filter(|t| t.parent.as_deref() == Some(team.id.as_str()))
            .map(|t| view::team_row(cycle, t, names, root, locale))
            .collect();
        let kpis = cycle
            .kpis
            .iter()
            .filter(|k| k.team == team.id)
            .map(|k| sections::kpi_view(cycle, k, names, root, as_of, locale))
            .collect();
        // The team's view becomes a template value once: each objective's
        // page takes its card from it instead of converting it again.
        let frame = view::Frame {
            names,
            root,
            as_of,
            locale,
            links: &self.links,
            checkins: self.options.trends.as_ref().map(|t| &t.checkins),
        };
        let team_view = minijinja::Value::from(minijinja::value::Serde(view::team_view(cycle, team, &frame)));
        let html = templates::render(
            env,
            "team.html",
            &TeamContext { page: common, cycle_id: &cycle.id, team: team_view.clone(), below, kpis },
        )?;
        out.push((Paths::team(&cycle.id, &team.id), html));
        let cards = team_view.get_attr("objectives").unwrap_or_default();
        for (index, objective) in team.objectives.iter().enumerate() {
            let card = cards.get_item_by_index(index).unwrap_or_default();
            let mut crumbs = crumbs.clone();
            crumbs.push(link(team));
            let here = Paths::objective(&cycle.id, &team.id, &objective.id);
            let title = objective.objective().title.clone();
            let common = self.common(root, cycle, (Section::Team, &here), title, crumbs);
            let charts = objective
                .key_results
                .iter()
                .map(|kr| {
                    chart::kr_chart(
                        cycle,
                        kr,
                        &strings.chart_of.replace("{title}", &kr.key_result().title),
                        as_of,
                        locale,
                    )
                })
                .collect();
            let context = ObjectiveContext {
                closed: cycle.state == CycleState::Closed,
                page: common,
                parents: alignment_links(cycle, &objective.parents, root)
                    .into_iter()
                    .chain(self.strategy_links(objective, root))
                    .collect(),
                children: alignment_links(cycle, &objective.children, root),
                description_html: objective
                    .objective()
                    .description
                    .as_deref()
                    .map(markdown)
                    .unwrap_or_default(),
                retro_html: objective.objective().retro.as_deref().map(markdown).unwrap_or_default(),
                charts,
                objective: card,
            };
            let html = templates::render(env, "objective.html", &context)?;
            out.push((Paths::objective(&cycle.id, &team.id, &objective.id), html));
        }
        Ok(out)
    }

    /// The pages above the cycles, their switcher on `current`: the roadmap,
    /// and the strategy when okr.yaml has one.
    fn top_pages(
        &self,
        env: &minijinja::Environment<'_>,
        current: &CycleRollup,
        names: &BTreeMap<String, String>,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        let (rollup, strings) = (self.rollup, self.strings);
        let common =
            self.common("", current, (Section::Roadmap, Paths::ROADMAP), strings.roadmap.to_owned(), vec![]);
        let roadmap = sections::roadmap(rollup, self.config, self.locale);
        let mut out = vec![(
            Paths::ROADMAP.to_owned(),
            templates::render(env, "roadmap.html", &RoadmapContext { page: common, roadmap })?,
        )];
        if !rollup.strategy.is_empty() {
            let here = (Section::Strategy, Paths::STRATEGY);
            let common = self.common("", current, here, strings.strategy.to_owned(), vec![]);
            let strategy = sections::strategy(rollup, names, &current.id, self.locale);
            out.push((
                Paths::STRATEGY.to_owned(),
                templates::render(env, "strategy.html", &StrategyContext { page: common, strategy })?,
            ));
        }
        Ok(out)
    }

    /// The strategic objectives `objective` names in `aligned_to`, linked to
    /// their entries on the strategy page.
    fn strategy_links(&self, objective: &crate::rollup::ObjectiveRollup, root: &str) -> Vec<Link> {
        objective
            .objective()
            .aligned_to
            .iter()
            .filter_map(|r| self.config.strategic(r.strategy()?))
            .map(|s| Link {
                href: format!("{root}{}#strategy-{}", Paths::STRATEGY, s.id),
                label: format!("{}: {}", self.strings.strategy, s.title),
            })
            .collect()
    }

    /// The people, alignment, KPI and (closed cycles) scorecard pages.
    fn cycle_pages(
        &self,
        env: &minijinja::Environment<'_>,
        cycle: &CycleRollup,
        names: &BTreeMap<String, String>,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        let (locale, strings, as_of) = (self.locale, self.strings, self.options.as_of);
        let root = "../../";
        let crumbs =
            || vec![Link { href: format!("{root}{}", Paths::cycle(&cycle.id)), label: cycle_label(cycle) }];
        let mut out = Vec::new();
        let common = self.common(
            root,
            cycle,
            (Section::People, &Paths::people(&cycle.id)),
            strings.people.to_owned(),
            crumbs(),
        );
        let people = sections::people(cycle, self.config, root, locale);
        // An index by name: a phone reader jumps to a person instead of
        // scrolling past everyone.
        let mut index: Vec<Link> = people
            .iter()
            .map(|p| Link { href: format!("#person-{}", p.id), label: p.name.clone() })
            .collect();
        index.sort_by_cached_key(|l| (l.label.to_lowercase(), l.href.clone()));
        out.push((
            Paths::people(&cycle.id),
            templates::render(env, "people.html", &PeopleContext { page: common, people, index })?,
        ));
        let common = self.common(
            root,
            cycle,
            (Section::Alignment, &Paths::alignment(&cycle.id)),
            strings.alignment.to_owned(),
            crumbs(),
        );
        let tree = sections::alignment_tree(cycle, root, locale);
        out.push((
            Paths::alignment(&cycle.id),
            templates::render(env, "alignment.html", &AlignmentContext { page: common, tree })?,
        ));
        let common = self.common(
            root,
            cycle,
            (Section::Kpis, &Paths::kpis(&cycle.id)),
            strings.kpis.to_owned(),
            crumbs(),
        );
        let groups = sections::kpis(cycle, self.config, names, root, as_of, locale);
        out.push((
            Paths::kpis(&cycle.id),
            templates::render(env, "kpis.html", &KpisContext { page: common, groups })?,
        ));
        if cycle.state == CycleState::Closed {
            let common = self.common(
                root,
                cycle,
                (Section::Scorecard, &Paths::scorecard(&cycle.id)),
                strings.scorecard.to_owned(),
                crumbs(),
            );
            let scorecard = sections::scorecard(cycle, names, root, locale);
            out.push((
                Paths::scorecard(&cycle.id),
                templates::render(env, "scorecard.html", &ScorecardContext { page: common, scorecard })?,
            ));
        }
        if let Some(history) = &self.options.trends {
            let common = self.common(
                root,
                cycle,
                (Section::Trends, &Paths::trends(&cycle.id)),
                strings.trends.to_owned(),
                crumbs(),
            );
            let trends = sections::trends(cycle, history, self.config, root, as_of, locale);
            out.push((
                Paths::trends(&cycle.id),
                templates::render(env, "trends.html", &TrendsContext { page: common, trends })?,
            ));
        }
        Ok(out)
    }

    /// The cycle switcher: every cycle while there are few; past
    /// [`CYCLE_TABS`], the current one with its neighbours and a tab to the
    /// roadmap, which lists them all. Repeating every cycle on every page
    /// made the site grow with the square of the cycles (800 cycles: 321 MB).
    /// This page (`here`, in `current`) in cycle `c`, when `c` has it; else
    /// `c`'s overview.
    fn same_page(&self, current: &CycleRollup, here: &str, c: &CycleRollup) -> String {
        let prefix = format!("cycles/{}/", current.id);
        let Some(rest) = here.strip_prefix(&prefix) else { return Paths::cycle(&c.id) };
        let there = format!("cycles/{}/{rest}", c.id);
        let kept = match rest {
            "index.html" | "people.html" | "alignment.html" | "kpis.html" => true,
            "scorecard.html" => c.state == CycleState::Closed,
            "trends.html" => self.options.trends.is_some(),
            _ => self.unit_paths.contains(&there),
        };
        if kept {
            there
        } else {
            Paths::cycle(&c.id)
        }
    }

    fn cycle_tabs(&self, root: &str, current: &CycleRollup, here: &str) -> Vec<CycleTab> {
        let cycles = &self.rollup.cycles;
        let at = cycles.iter().position(|c| c.id == current.id).unwrap_or(0);
        let shown = if cycles.len() <= CYCLE_TABS {
            0..cycles.len()
        } else {
            let start = at.saturating_sub(CYCLE_TABS / 2).min(cycles.len() - (CYCLE_TABS - 1));
            start..start + CYCLE_TABS - 1
        };
        let mut tabs: Vec<CycleTab> = cycles[shown.clone()]
            .iter()
            .map(|c| CycleTab {
                href: format!("{root}{}", self.same_page(current, here, c)),
                label: cycle_label(c),
                state: view::state_text(c.state, self.locale),
                current: c.id == current.id,
            })
            .collect();
        if shown.len() < cycles.len() {
            tabs.push(CycleTab {
                href: format!("{root}{}", Paths::ROADMAP),
                label: format!("{} ({})", self.strings.all_cycles, cycles.len()),
                state: "",
                current: false,
            });
        }
        tabs
    }

    fn common(
        &self,
        root: &'a str,
        current: &CycleRollup,
        (section, here): (Section, &str),
        title: String,
        mut crumbs: Vec<Link>,
    ) -> Common<'a> {
        crumbs.insert(0, Link { href: format!("{root}index.html"), label: self.config_title.to_owned() });
        let strings = self.strings;
        let tab = |href: String, label: &str, this: Section| CycleTab {
            href: format!("{root}{href}"),
            label: label.to_owned(),
            state: "",
            current: section == this,
        };
        let mut sections = vec![
            tab(Paths::cycle(&current.id), strings.overview, Section::Overview),
            tab(Paths::alignment(&current.id), strings.alignment, Section::Alignment),
            tab(Paths::people(&current.id), strings.people, Section::People),
            tab(Paths::kpis(&current.id), strings.kpis, Section::Kpis),
        ];
        if current.state == CycleState::Closed {
            sections.push(tab(Paths::scorecard(&current.id), strings.scorecard, Section::Scorecard));
        }
        if self.options.trends.is_some() {
            sections.push(tab(Paths::trends(&current.id), strings.trends, Section::Trends));
        }
        sections.push(tab(Paths::ROADMAP.to_owned(), strings.roadmap, Section::Roadmap));
        if !self.rollup.strategy.is_empty() {
            sections.push(tab(Paths::STRATEGY.to_owned(), strings.strategy, Section::Strategy));
        }
        let as_of = i18n::date(self.options.as_of, self.locale);
        let description = strings
            .meta_description
            .replace("{title}", &title)
            .replace("{organisation}", self.config_title)
            .replace("{date}", &as_of);
        Common {
            description,
            lang: i18n::lang(self.locale),
            t: self.strings_value.clone(),
            site_title: self.site_title,
            organisation: self.config_title,
            title,
            root,
            base_url: &self.options.base_url,
            breadcrumb: crumbs,
            cycles: {
                let mut tabs = self.cycle_tabs(root, current, here);
                // The pages above the cycles belong to none of them.
                if matches!(section, Section::Roadmap | Section::Strategy) {
                    for tab in &mut tabs {
                        tab.current = false;
                    }
                }
                tabs
            },
            sections,
            as_of,
            version: env!("CARGO_PKG_VERSION"),
            commit: self.options.trends.as_ref().map(|t| t.head.short()),
        }
    }
}

/// Which of a cycle's pages a page is, for the section navigation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Overview,
    Team,
    Alignment,
    People,
    Kpis,
    Scorecard,
    Trends,
    Roadmap,
    Strategy,
}

#[derive(Serialize)]
struct TrendsContext<'a> {
    page: Common<'a>,
    trends: sections::TrendsView,
}

#[derive(Serialize)]
struct PeopleContext<'a> {
    page: Common<'a>,
    people: Vec<sections::PersonView>,
    /// Everyone on the page by name (case-insensitive), linked to their entry.
    index: Vec<Link>,
}

#[derive(Serialize)]
struct AlignmentContext<'a> {
    page: Common<'a>,
    tree: Vec<sections::AlignmentNode>,
}

#[derive(Serialize)]
struct KpisContext<'a> {
    page: Common<'a>,
    groups: Vec<sections::KpiGroup>,
}

#[derive(Serialize)]
struct ScorecardContext<'a> {
    page: Common<'a>,
    scorecard: sections::Scorecard,
}

#[derive(Serialize)]
struct RoadmapContext<'a> {
    page: Common<'a>,
    roadmap: sections::RoadmapView,
}

#[derive(Serialize)]
struct StrategyContext<'a> {
    page: Common<'a>,
    strategy: sections::StrategyView,
}

#[derive(Serialize)]
struct OverviewContext<'a> {
    page: Common<'a>,
    cycle: view::CycleView,
    /// okr.yaml's vision and mission; empty when not written.
    vision: &'a str,
    mission: &'a str,
    /// The strategy page, when okr.yaml has a strategy.
    strategy_href: String,
}

#[derive(Serialize)]
struct TeamContext<'a> {
    page: Common<'a>,
    cycle_id: &'a str,
    /// A [`view::TeamView`].
    team: minijinja::Value,
    /// The teams directly below, as on the overview.
    below: Vec<view::TeamRow>,
    /// The team's own KPIs.
    kpis: Vec<sections::KpiView>,
}

#[derive(Serialize)]
struct ObjectiveContext<'a> {
    page: Common<'a>,
    /// A [`view::ObjectiveView`], from the team's view.
    objective: minijinja::Value,
    parents: Vec<Link>,
    children: Vec<Link>,
    /// Sanitised HTML from the objective's Markdown.
    description_html: String,
    retro_html: String,
    charts: Vec<chart::Chart>,
    /// A closed cycle: the result and the retrospective come first.
    closed: bool,
}

fn cycle_label(cycle: &CycleRollup) -> String {
    cycle.name.clone().unwrap_or_else(|| cycle.id.clone())
}

/// Links to the objectives at `places` (the rollup resolved them).
fn alignment_links(cycle: &CycleRollup, places: &[Place], root: &str) -> Vec<Link> {
    places
        .iter()
        .filter_map(|&p| cycle.at(p))
        .map(|(team, o)| Link {
            href: format!("{root}{}", Paths::objective(&cycle.id, &team.id, &o.id)),
            label: o.objective().title.clone(),
        })
        .collect()
}

/// Markdown to sanitised HTML: only safe tags, and links only to http(s) and
/// mail addresses.
pub(super) fn markdown(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(text));
    // No images either: the site loads nothing from elsewhere (no tracking
    // pixels, no mixed content, nothing that fails offline).
    ammonia::Builder::default()
        .rm_tags(["img"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .clean(&html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::markdown;

    #[test]
    fn markdown_is_sanitised() {
        let html = markdown(
            "**bold** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        );
        assert!(html.contains("<strong>bold</strong>"), "{html}");
        assert!(
            !html.contains("<script")
                && !html.contains("javascript:")
                && !html.contains("onerror")
                && !html.contains("<img"),
            "{html}"
        );
    }
}
