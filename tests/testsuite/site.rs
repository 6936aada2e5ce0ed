//! `okr build`: pages, links, determinism, escaping, locales, themes, and
//! that the output folder is only ever replaced whole.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{files, is_html, manifest_dir, run, stderr, stdout, Repo, ACME_AS_OF};

fn acme() -> PathBuf {
    manifest_dir().join("examples/acme")
}

/// `okr build` without the trends page: examples/acme lives in okr's own
/// repository, whose history grows with every commit. Trends are tested on
/// repositories of their own (`git.rs`).
fn build(root: &Path, out: &Path) -> std::process::Output {
    run(&[
        "build",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        ACME_AS_OF,
        "--no-history",
    ])
}

fn built_acme() -> (Repo, PathBuf) {
    let out_parent = Repo::empty();
    let out = out_parent.path().join("site");
    let output = build(&acme(), &out);
    assert!(output.status.success(), "{}", stderr(&output));
    (out_parent, out)
}

#[test]
fn builds_every_page_and_the_data() {
    let (_keep, out) = built_acme();
    let site = files(&out);
    for page in [
        "index.html",
        "style.css",
        "data.json",
        "data.csv",
        ".okr-build",
        "cycles/2026-Q4/index.html",
        "cycles/2026-Q3/index.html",
        "cycles/2026-Q4/teams/platform.html",
        "cycles/2026-Q4/teams/company.html",
        "cycles/2026-Q4/objectives/platform--boring-deploys.html",
        "cycles/2026-Q3/objectives/platform--sso.html",
        "cycles/2026-Q4/people.html",
        "cycles/2026-Q4/alignment.html",
        "cycles/2026-Q4/kpis.html",
        "cycles/2026-Q3/scorecard.html",
        "roadmap.html",
    ] {
        assert!(site.contains_key(page), "missing {page}");
    }
    assert!(!site.contains_key("cycles/2026-Q4/scorecard.html"), "only closed cycles are scored");
    let export = stdout(&run(&["export", acme().to_str().unwrap(), "--as-of", ACME_AS_OF]));
    assert_eq!(String::from_utf8(site["data.json"].clone()).unwrap(), export);
    let index = String::from_utf8(site["index.html"].clone()).unwrap();
    assert_eq!(index.matches("<h1>").count(), 1);
    assert!(index.contains("<html lang=\"en\">") && index.contains("role=\"progressbar\""));
}

#[test]
fn output_is_byte_identical_for_the_same_input_and_date() {
    let (_a, first) = built_acme();
    let (_b, second) = built_acme();
    assert_eq!(files(&first), files(&second));
}

/// `href` and `src` values of an HTML page, entities decoded.
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for part in html.split(attribute).skip(1) {
            if let Some(end) = part.find('"') {
                found.push(part[..end].replace("&amp;", "&"));
            }
        }
    }
    found
}

#[test]
fn every_internal_link_resolves() {
    let (_keep, out) = built_acme();
    let mut checked = 0;
    for (page, bytes) in files(&out).iter().filter(|(p, _)| is_html(p)) {
        let html = String::from_utf8(bytes.clone()).unwrap();
        let folder = out.join(page).parent().unwrap().to_path_buf();
        for link in links(&html) {
            if link.starts_with("http://") || link.starts_with("https://") || link.starts_with("mailto:") {
                continue;
            }
            // The empty favicon that stops browsers asking for /favicon.ico.
            if link == "data:," {
                continue;
            }
            let target = link.split('#').next().unwrap_or_default();
            if target.is_empty() {
                continue;
            }
            let resolved = folder.join(target);
            assert!(resolved.is_file(), "{page}: broken link {link}");
            if let Some(anchor) = link.split_once('#').map(|(_, a)| a) {
                let html = fs::read_to_string(&resolved).unwrap();
                assert!(html.contains(&format!("id=\"{anchor}\"")), "{page}: no anchor {link}");
            }
            assert!(
                resolved.canonicalize().unwrap().starts_with(out.canonicalize().unwrap()),
                "{page}: {link} leaves the site"
            );
            checked += 1;
        }
    }
    assert!(checked > 300, "only {checked} links checked");
}

#[test]
fn hostile_text_renders_inert_and_verbatim() {
    let repo = Repo::with_base_config();
    let evil = r#"<script>alert(1)</script> {{ 7*7 }} " onerror="alert(2)"#;
    repo.write(
        "okrs/2026-Q4/platform.yaml",
        format!(
            "cycle: 2026-Q4\nteam: platform\nobjectives:\n  - id: a\n    title: '{evil}'\n    owner: bob\n    description: '[click](javascript:alert(3)) <img src=x onerror=alert(4)> {evil}'\n    key_results:\n      - {{ id: k, title: '{evil}', owner: bob, unit: '<b>', start: 0, target: 10, checkins: [{{ date: 2026-11-10, value: 5, note: '{evil}' }}] }}\n      - {{ id: l, title: Safe, owner: bob, kind: milestone }}\nkpis:\n  - {{ id: m, title: '{evil}', owner: bob, unit: '<i>', at_most: 3, checkins: [{{ date: 2026-11-10, value: 5 }}] }}\n"
        ),
    );
    let out = repo.path().join("public");
    let output = run(&["build", repo.path().to_str().unwrap(), "--as-of", "2026-11-15"]);
    assert!(output.status.success(), "{}", stderr(&output));
    for (page, bytes) in files(&out).iter().filter(|(p, _)| is_html(p)) {
        let html = String::from_utf8(bytes.clone()).unwrap();
        assert!(!html.contains("<script"), "{page}: raw script");
        assert!(!html.contains("javascript:"), "{page}: javascript link");
        if let Some(tag) = tags(&html).find(|tag| has_event_handler(tag)) {
            panic!("{page}: event handler in {tag}");
        }
        assert!(!html.contains("<b>") && !html.contains("<i>"), "{page}: raw unit markup");
        assert!(!html.contains(">49<") && !html.contains(" 49 "), "{page}: template code was evaluated");
    }
    let objective =
        String::from_utf8(files(&out)["cycles/2026-Q4/objectives/platform--a.html"].clone()).unwrap();
    assert!(objective.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "title shown verbatim");
    assert!(objective.contains("{{ 7*7 }}"), "template syntax shown verbatim");
}

/// Every start tag `<…>` of a page (text between tags is not a tag).
fn tags(html: &str) -> impl Iterator<Item = &str> {
    html.split('<').skip(1).filter_map(|part| part.split_once('>').map(|(tag, _)| tag))
}

/// The attribute names of a tag, reading quoted values as values (an
/// escaped `onerror=` inside a label is text, not an attribute).
fn attribute_names(tag: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = tag.trim_start_matches(|c: char| !c.is_whitespace());
    loop {
        rest = rest.trim_start();
        let end = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        names.push(rest[..end].to_ascii_lowercase());
        rest = &rest[end..];
        if let Some(value) = rest.strip_prefix('=') {
            let (quote, body) = match value.chars().next() {
                Some(q @ ('"' | '\'')) => (Some(q), &value[1..]),
                _ => (None, value),
            };
            let stop = match quote {
                Some(q) => body.find(q).map_or(body.len(), |at| at + 1),
                None => body.find(char::is_whitespace).unwrap_or(body.len()),
            };
            rest = &body[stop..];
        }
    }
    names
}

/// Whether a tag has an `on…` event-handler attribute.
fn has_event_handler(tag: &str) -> bool {
    attribute_names(tag).iter().any(|name| name.len() > 2 && name.starts_with("on"))
}

#[test]
fn an_unrelated_folder_is_never_replaced() {
    let repo = Repo::empty();
    repo.write("site/precious.txt", "keep me");
    let output = build(&acme(), &repo.path().join("site"));
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("refusing to replace"), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(repo.path().join("site/precious.txt")).unwrap(), "keep me");
    assert_eq!(fs::read_dir(repo.path()).unwrap().count(), 1, "nothing new created");
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let repo = Repo::copy_of(&acme());
    let out = repo.path().join("public");
    assert!(run(&["build", repo.path().to_str().unwrap(), "--as-of", ACME_AS_OF]).status.success());
    let before = files(&out);
    repo.write(
        "okrs/2026-Q4/platform.yaml",
        "cycle: 2026-Q4\nteam: platform\nobjectives:\n  - id: x\n    owner: nobody\n",
    );
    let output = run(&["build", repo.path().to_str().unwrap(), "--as-of", ACME_AS_OF]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("error[schema]"));
    assert_eq!(files(&out), before, "previous site changed");
    let leftovers: Vec<_> = fs::read_dir(repo.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".okr-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary folders left: {leftovers:?}");
    // A rebuild over a marked folder replaces it.
    repo.write(
        "okrs/2026-Q4/platform.yaml",
        fs::read_to_string(acme().join("okrs/2026-Q4/platform.yaml")).unwrap(),
    );
    assert!(run(&["build", repo.path().to_str().unwrap(), "--as-of", ACME_AS_OF]).status.success());
    assert_eq!(files(&out), before);
}

#[test]
fn german_locale() {
    let repo = Repo::copy_of(&acme());
    let config =
        fs::read_to_string(repo.path().join("okr.yaml")).unwrap().replace("locale: en", "locale: de");
    repo.write("okr.yaml", config);
    let out = repo.path().join("public");
    assert!(run(&["build", repo.path().to_str().unwrap(), "--as-of", ACME_AS_OF]).status.success());
    let page = String::from_utf8(files(&out)["cycles/2026-Q4/teams/platform.html"].clone()).unwrap();
    assert!(page.contains("<html lang=\"de\">"));
    assert!(page.contains("63,2\u{a0}%"), "German percent");
    assert!(page.contains("17.11.2026"), "German date");
    assert!(page.contains("im Plan") && page.contains("Verantwortlich"));
    // Explanations too, behind "Wie wird das berechnet?": the rule with its
    // terms named, then the arithmetic in German percentages.
    assert!(page.contains("<summary>Wie wird das berechnet?</summary>"));
    assert!(page.contains("Fortschritt = (aktuell − Start) / (Ziel − Start)"), "German rule");
    assert!(page.contains("= (97,2 − 92) / (99,5 − 92) = 69,3\u{a0}%"), "German formula");
    assert!(page.contains("Fortschritt = Mittel der 2 Ziele des Teams und der Teams darunter"));
    assert!(!page.contains("mean of") && !page.contains("done as of"), "no English explanation left");
    assert!(page.contains(">Bearbeiten</a>"), "edit links in German");
    let site = files(&out);
    let strategy = String::from_utf8(site["strategy.html"].clone()).unwrap();
    assert!(strategy.contains("<h1>Strategie</h1>") && strategy.contains("über Ausrichtung"));
    assert!(strategy.contains("Horizont: 2026–2027") && !strategy.contains("through alignment"));
    let overview = String::from_utf8(site["index.html"].clone()).unwrap();
    assert!(overview.contains("<dt>Vision</dt>") && overview.contains("<dt>Mission</dt>"));
    let kpis = String::from_utf8(site["cycles/2026-Q4/kpis.html"].clone()).unwrap();
    assert!(kpis.contains("3,58 liegt über der Grenze von 3,5"), "a breached bound in words");
}

#[test]
fn a_repository_template_overrides_and_extends_the_built_in_one() {
    let repo = Repo::copy_of(&acme());
    repo.write(
        "templates/team.html",
        "{% extends \"okr/team.html\" %}{% block content %}<p class=\"custom\">Custom team page</p>{{ super() }}{% endblock %}",
    );
    let out = repo.path().join("public");
    let output = run(&["build", repo.path().to_str().unwrap(), "--as-of", ACME_AS_OF]);
    assert!(output.status.success(), "{}", stderr(&output));
    let page = String::from_utf8(files(&out)["cycles/2026-Q4/teams/platform.html"].clone()).unwrap();
    assert!(page.contains("Custom team page") && page.contains("Deployments are boring"));
    // A broken override names its template and line.
    repo.write(
        "templates/team.html",
        "{% extends \"okr/team.html\" %}\n{% block content %}{{ nope.nothing }}{% endblock %}",
    );
    let output = run(&["build", repo.path().to_str().unwrap(), "--as-of", ACME_AS_OF]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("team.html:2"), "{}", stderr(&output));
}

#[test]
fn page_snapshots() {
    let (_keep, out) = built_acme();
    let site = files(&out);
    for page in [
        "cycles/2026-Q4/teams/platform.html",
        "cycles/2026-Q3/objectives/platform--sso.html",
        "cycles/2026-Q4/objectives/platform--boring-deploys.html",
        "index.html",
        "cycles/2026-Q4/people.html",
        "cycles/2026-Q4/alignment.html",
        "cycles/2026-Q4/kpis.html",
        "cycles/2026-Q3/scorecard.html",
        "roadmap.html",
        "strategy.html",
    ] {
        let name = format!("site-{}", page.replace('/', "_"));
        insta::assert_snapshot!(name, String::from_utf8(site[page].clone()).unwrap());
    }
}

#[test]
fn the_event_handler_check_finds_handlers_and_only_handlers() {
    assert!(has_event_handler("img src=x onerror=alert(1)"));
    assert!(has_event_handler("a href=\"#\" ONCLICK='x()'"));
    assert!(!has_event_handler("span aria-label=\"x &quot; onerror=&quot;y\" class=on"));
    assert!(!has_event_handler("option selected"));
}

fn page(site: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(site[path].clone()).unwrap()
}

/// The text of the table row with `id="{id}"`.
fn row<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no row {id}"));
    let end = html[start..].find("</tr>").unwrap();
    &html[start..start + end]
}

#[test]
fn kpis_show_their_bound_value_and_whether_they_hold() {
    let (_keep, out) = built_acme();
    let kpis = page(&files(&out), "cycles/2026-Q4/kpis.html");
    // examples/acme: P1 incidents at most 2, latest 1; cloud cost at most 3.5 €, latest 3.58 €.
    let incidents = row(&kpis, "kpi-platform-p1-incidents");
    assert!(incidents.contains("at most 2") && incidents.contains("1 ≤ 2 holds"), "{incidents}");
    assert!(incidents.contains("pill-on-track") && incidents.contains("holds"));
    let cost = row(&kpis, "kpi-platform-cloud-cost");
    assert!(cost.contains("3.58\u{a0}€") && cost.contains("3.58 is above the limit of 3.5"), "{cost}");
    assert!(cost.contains("pill-off-track") && cost.contains("breached"));
    assert!(cost.contains("role=\"img\""), "every KPI has a chart with a text alternative");
}

#[test]
fn alignment_tree_nests_children_under_their_parents() {
    let (_keep, out) = built_acme();
    let tree = page(&files(&out), "cycles/2026-Q4/alignment.html");
    // The child comes after its parent and inside a nested list.
    let engineering = tree.find("engineering--reliable-platform.html").unwrap();
    let platform = tree.find("platform--boring-deploys.html").unwrap();
    assert!(engineering < platform);
    assert!(tree[engineering..platform].contains("<ul>"), "nested below its parent");
}

#[test]
fn scorecard_lists_scores_bands_and_missed_commitments() {
    let (_keep, out) = built_acme();
    let card = page(&files(&out), "cycles/2026-Q3/scorecard.html");
    // Two committed Q3 objectives fell short (the `missed-commitment` warnings of okr check).
    assert_eq!(card.matches("■ missed commitment").count(), 2, "{card}");
    assert!(card.contains("Missed commitments: <strong class=\"missed\">2</strong>"));
    assert!(card.contains("band band-green"));
}

#[test]
fn people_page_lists_what_each_person_owns_and_owner_links_resolve_to_it() {
    let (_keep, out) = built_acme();
    let site = files(&out);
    let people = page(&site, "cycles/2026-Q4/people.html");
    let team = page(&site, "cycles/2026-Q4/teams/platform.html");
    assert!(team.contains("people.html#person-alice"), "owners link to the people page");
    let alice = &people[people.find("id=\"person-alice\"").unwrap()..];
    let alice = &alice[..alice.find("</section>").unwrap()];
    assert!(alice.contains("Deployments are boring"), "{alice}");
    assert!(alice.contains("Cloud cost per active technician"), "KPIs are listed too");
}

#[test]
fn roadmap_shows_progress_for_open_and_scores_for_closed_cycles() {
    let (_keep, out) = built_acme();
    let roadmap = page(&files(&out), "roadmap.html");
    let export: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["export", acme().to_str().unwrap(), "--as-of", ACME_AS_OF])))
            .unwrap();
    let q4 = export["cycles"].as_array().unwrap().iter().find(|c| c["id"] == "2026-Q4").unwrap();
    let percent = format!("{:.1}%", q4["progress"].as_f64().unwrap() * 100.0);
    assert!(roadmap.contains(&percent), "organisation progress {percent} shown");
    let q3 = export["cycles"].as_array().unwrap().iter().find(|c| c["id"] == "2026-Q3").unwrap();
    // Two decimals, truncated (SPEC 3.4).
    let score = format!("{:.2}", (q3["progress"].as_f64().unwrap() * 100.0 + 1e-9).floor() / 100.0);
    assert!(roadmap.contains(&format!(">{score}</span>")), "Q3 score {score} shown");
    // Each column says what its cells measure, in the header and, on a
    // phone, beside every value.
    assert!(roadmap.contains("Q4 2026</a><span class=\"sub\">progress</span>"));
    assert!(roadmap.contains("Q3 2026</a><span class=\"sub\">score (0–1)</span>"));
    assert!(roadmap.contains("data-label=\"Q3 2026 · score (0–1)\""));
}

/// HTML-escaped as the templates write text.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

/// Every latest note on its team and objective pages, every check-in in its
/// objective page's history, every attention item linked on the overview.
#[test]
fn notes_checkins_and_attention_are_on_the_pages() {
    let (_keep, out) = built_acme();
    let site = files(&out);
    let export: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["export", acme().to_str().unwrap(), "--as-of", ACME_AS_OF])))
            .unwrap();
    let q4 = export["cycles"].as_array().unwrap().iter().find(|c| c["id"] == "2026-Q4").unwrap();
    let (mut notes, mut checkins) = (0, 0);
    let workspace = okr::model::load_workspace(&acme()).unwrap().workspace.unwrap();
    let as_of = chrono::NaiveDate::parse_from_str(ACME_AS_OF, "%Y-%m-%d").unwrap();
    for team in q4["teams"].as_array().unwrap() {
        let team_id = team["id"].as_str().unwrap();
        let team_page = page(&site, &format!("cycles/2026-Q4/teams/{team_id}.html"));
        for objective in team["objectives"].as_array().unwrap() {
            let objective_id = objective["id"].as_str().unwrap();
            let objective_page =
                page(&site, &format!("cycles/2026-Q4/objectives/{team_id}--{objective_id}.html"));
            for kr in objective["key_results"].as_array().unwrap() {
                let kr_id = kr["id"].as_str().unwrap();
                if let Some(note) = kr["last_checkin"]["note"].as_str() {
                    notes += 1;
                    assert!(
                        row(&team_page, &format!("kr-{kr_id}")).contains(&escaped(note)),
                        "{team_id}: {note}"
                    );
                    assert!(row(&objective_page, &format!("kr-{kr_id}")).contains(&escaped(note)), "{note}");
                }
                let written = workspace
                    .files
                    .iter()
                    .filter(|f| f.data.cycle == "2026-Q4" && f.data.team == team_id)
                    .flat_map(|f| f.data.objectives.iter())
                    .filter(|o| o.id == objective_id)
                    .flat_map(|o| o.key_results.iter())
                    .find(|k| k.id == kr_id)
                    .unwrap();
                let history_start = objective_page.find(&format!("id=\"checkins-{kr_id}\"")).unwrap();
                let history = &objective_page[history_start..];
                let history = &history[..history.find("</table>").unwrap_or(history.len())];
                for checkin in written.checkins.iter().filter(|c| c.date <= as_of) {
                    checkins += 1;
                    let day = okr::render::i18n::date(checkin.date, okr::config::Locale::En);
                    assert!(history.contains(&format!("<th scope=\"row\">{day}</th>")), "{kr_id} {day}");
                    if let Some(note) = &checkin.note {
                        assert!(history.contains(&escaped(note)), "{kr_id}: {note}");
                    }
                }
            }
        }
    }
    assert_eq!((notes, checkins), (11, 77), "every latest note and check-in of examples/acme was looked for");
    let overview = page(&site, "cycles/2026-Q4/index.html");
    let attention = q4["attention"].as_array().unwrap();
    assert!(!attention.is_empty());
    for item in attention {
        let team = item["team"].as_str().unwrap();
        let href = match (item["objective"].as_str(), item["key_result"].as_str(), item["kpi"].as_str()) {
            (Some(o), None, _) => format!("objectives/{team}--{o}.html\""),
            (Some(o), Some(k), _) => format!("objectives/{team}--{o}.html#kr-{k}\""),
            (_, _, Some(kpi)) => format!("kpis.html#kpi-{team}-{kpi}\""),
            _ => unreachable!("{item}"),
        };
        assert!(overview.contains(&href), "attention item {item} links {href}");
    }
    // Closed cycles have no attention list and no live status.
    assert!(!page(&site, "cycles/2026-Q3/index.html").contains("id=\"attention\""));
}

/// A team page names its lead and coach, lists the teams below it with
/// their progress and status and its own KPIs, and its breadcrumb goes
/// through the team tree.
#[test]
fn team_pages_show_lead_coach_teams_below_and_kpis() {
    let (_keep, out) = built_acme();
    let site = files(&out);
    let engineering = page(&site, "cycles/2026-Q4/teams/engineering.html");
    assert!(engineering
        .contains("OKR coach: <a href=\"../../../cycles/2026-Q4/people.html#person-erin\">Erin Walsh</a>"));
    let below = &engineering
        [engineering.find("id=\"below\"").unwrap()..engineering.find("id=\"objectives\"").unwrap()];
    for team in ["platform", "data"] {
        assert!(below.contains(&format!("teams/{team}.html\"")), "{team} below engineering");
    }
    assert!(!below.contains("teams/product.html"), "only the teams below");
    let platform = page(&site, "cycles/2026-Q4/teams/platform.html");
    let crumbs = &platform[platform.find("aria-label=\"Breadcrumb\"").unwrap()..];
    let crumbs = &crumbs[..crumbs.find("</nav>").unwrap()];
    let company = crumbs.find("teams/company.html").expect("the root team in the breadcrumb");
    let parent = crumbs.find("teams/engineering.html").expect("the parent team in the breadcrumb");
    assert!(company < parent, "root first: {crumbs}");
    assert!(platform.contains("id=\"team-kpis\""), "platform's KPIs on its page");
    assert!(platform.contains("id=\"kpi-platform-"), "{platform}");
}

/// The cycle switcher keeps the page: a team's page links the same team in
/// the other cycle when it is there, else that cycle's overview.
#[test]
fn the_cycle_switcher_keeps_the_page() {
    let (_keep, out) = built_acme();
    let site = files(&out);
    let switcher = |html: &str| -> String {
        let start = html.find("aria-label=\"Cycles\"").unwrap();
        html[start..start + html[start..].find("</nav>").unwrap()].to_owned()
    };
    let platform = switcher(&page(&site, "cycles/2026-Q4/teams/platform.html"));
    assert!(platform.contains("href=\"../../../cycles/2026-Q3/teams/platform.html\""), "{platform}");
    let growth = switcher(&page(&site, "cycles/2026-Q4/teams/growth.html"));
    assert!(growth.contains("href=\"../../../cycles/2026-Q3/index.html\""), "no growth in Q3: {growth}");
    let people = switcher(&page(&site, "cycles/2026-Q4/people.html"));
    assert!(people.contains("href=\"../../cycles/2026-Q3/people.html\""), "{people}");
    let scorecard = switcher(&page(&site, "cycles/2026-Q3/scorecard.html"));
    assert!(
        scorecard.contains("href=\"../../cycles/2026-Q4/index.html\""),
        "no scorecard while active: {scorecard}"
    );
}

/// The people page has an index by name, and each key result a person owns
/// shows its current value and last check-in.
#[test]
fn people_page_has_an_index_and_current_values() {
    let (_keep, out) = built_acme();
    let people = page(&files(&out), "cycles/2026-Q4/people.html");
    let index = &people[people.find("class=\"index\"").unwrap()..];
    let index = &index[..index.find("</nav>").unwrap()];
    let names: Vec<&str> = index.split("\">").skip(1).filter_map(|s| s.split("</a>").next()).collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted, "by name");
    assert!(names.contains(&"Carol Jung") && index.contains("href=\"#person-carol\""), "{index}");
    let bob = &people[people.find("id=\"person-bob\"").unwrap()..];
    let bob = &bob[..bob.find("</section>").unwrap()];
    assert!(bob.contains("97.2\u{a0}% · 17 Nov 2026"), "Deploy success rate's value and check-in: {bob}");
}

/// A closed cycle shows results: the retrospective first on the objective
/// page, and on the scorecard each objective's result with its retro.
#[test]
fn closed_cycles_show_results_and_retros_first() {
    let (_keep, out) = built_acme();
    let site = files(&out);
    let sso = page(&site, "cycles/2026-Q3/objectives/platform--sso.html");
    let retro = sso.find("id=\"retro\"").expect("the retrospective");
    assert!(retro < sso.find("class=\"objective\"").unwrap(), "retro before the objective card");
    assert!(!sso.contains("on track") && !sso.contains("at risk"), "no live status in a closed cycle");
    let scorecard = page(&site, "cycles/2026-Q3/scorecard.html");
    assert!(scorecard.contains("Google Workspace slipped to Q4"), "the retro on the scorecard");
    assert!(
        scorecard.contains("title=\"committed, and score 0.83 is below 1.00\""),
        "the result with its reason"
    );
}

/// examples/acme in a repository of its own, one folder down (`acme/`),
/// with `site.repository` set to `repository` (left out when empty),
/// committed by Maria on 2026-10-02, then a check-in recorded with `okr checkin`
/// and committed by Bob on 2026-11-24; built with its history as of 2026-11-25.
fn acme_with_history(repository: &str) -> (Repo, PathBuf, BTreeMap<String, Vec<u8>>) {
    let repo = Repo::empty();
    let root = repo.path().join("acme");
    crate::support::copy_dir(&acme(), &root);
    let config = root.join("okr.yaml");
    let text = fs::read_to_string(&config).unwrap();
    let text = if repository.is_empty() {
        text.replace("  repository: https://github.com/acme/okrs\n", "")
    } else {
        text.replace("https://github.com/acme/okrs", repository)
    };
    fs::write(&config, text).unwrap();
    repo.git_init().commit("Q4 OKRs", "2026-10-02", "Maria Keller");
    let recorded = repo.okr(&[
        "checkin",
        "--root",
        "acme",
        "deploy-success",
        "98.1",
        "--date",
        "2026-11-24",
        "--note",
        "Canary rollout <everywhere>",
    ]);
    assert!(recorded.status.success(), "{}", stderr(&recorded));
    repo.commit("Deploy check-in", "2026-11-24", "Bob Martens");
    let out = repo.path().join("site");
    let output = crate::support::okr_build(&root, &out, ACME_AS_OF).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let site = files(&out);
    (repo, root, site)
}

/// The commit that recorded each check-in is on the objective page, with
/// its author and a link to it; a check-in never committed has none.
#[test]
fn checkins_show_the_commit_and_author_that_recorded_them() {
    let (repo, _root, site) = acme_with_history("https://github.com/acme/okrs");
    let log = crate::support::git(repo.path(), &["log", "--format=%H %an", "--reverse"]);
    let commits: Vec<(&str, &str)> = log.lines().map(|l| l.split_once(' ').unwrap()).collect();
    let [(first, maria), (second, bob)] = commits[..] else { panic!("two commits: {log}") };
    assert_eq!((maria, bob), ("Maria Keller", "Bob Martens"));
    let objective = page(&site, "cycles/2026-Q4/objectives/platform--boring-deploys.html");
    let history = &objective[objective.find("id=\"checkins-deploy-success\"").unwrap()..];
    let history = &history[..history.find("</table>").unwrap()];
    let rows: Vec<&str> = history.split("<tr>").skip(2).collect();
    assert!(rows[0].contains("24 Nov 2026") && rows[0].contains(&escaped("Canary rollout <everywhere>")));
    let link = |id: &str| format!("<a href=\"https://github.com/acme/okrs/commit/{id}\"");
    assert!(
        rows[0].contains(&link(second)) && rows[0].contains(&second[..7]) && rows[0].contains(bob),
        "{}",
        rows[0]
    );
    assert!(rows.len() > 2);
    for older in &rows[1..] {
        assert!(older.contains(&link(first)) && older.contains(maria), "{older}");
    }
    // Every check-in row of every objective page names a commit.
    let pages = site.keys().filter(|p| p.starts_with("cycles/2026-Q4/objectives/"));
    for path in pages {
        let html = page(&site, path);
        let cells = html.matches("<td data-label=\"Recorded in\">").count();
        let named = html
            .matches("<td data-label=\"Recorded in\"><a href=\"https://github.com/acme/okrs/commit/")
            .count();
        assert_eq!(cells, named, "{path}");
    }
    // Outside git, no column.
    let (_keep, out) = built_acme();
    assert!(!page(&files(&out), "cycles/2026-Q4/objectives/platform--boring-deploys.html")
        .contains("Recorded in"));
}

/// `site.repository` links every objective and key result to its file and
/// line, in GitHub's URL form or GitLab's, with the OKR root's folder in
/// the repository.
#[test]
fn edit_links_open_the_file_at_the_line() {
    for (repository, blob) in [
        ("https://github.com/acme/okrs", "https://github.com/acme/okrs/blob/HEAD/"),
        ("https://gitlab.example.com/acme/okrs.git", "https://gitlab.example.com/acme/okrs/-/blob/HEAD/"),
    ] {
        let (_repo, root, site) = acme_with_history(repository);
        let file = "okrs/2026-Q4/platform.yaml";
        let text = fs::read_to_string(root.join(file)).unwrap();
        let line_of = |needle: &str| text.lines().position(|l| l.trim_start() == needle).unwrap() + 1;
        let team = page(&site, "cycles/2026-Q4/teams/platform.html");
        let objective = format!("href=\"{blob}acme/{file}#L{}\"", line_of("- id: boring-deploys"));
        let kr = format!("href=\"{blob}acme/{file}#L{}\"", line_of("- id: deploy-success"));
        assert!(team.contains(&objective), "{repository}: {objective}");
        assert!(row(&team, "kr-deploy-success").contains(&kr), "{repository}: {kr}");
        let page_of = page(&site, "cycles/2026-Q4/objectives/platform--boring-deploys.html");
        assert!(page_of.contains(&objective) && page_of.contains(&kr));
        // Every objective and key result of the cycle has one.
        let krs = team.matches("<tr id=\"kr-").count();
        let objectives = team.matches("<article class=\"objective\">").count();
        assert_eq!((objectives, krs), (2, 5));
        assert_eq!(
            team.matches(&format!("<span class=\"edit\"> · <a href=\"{blob}")).count(),
            objectives + krs
        );
    }
    // Without `site.repository`, none.
    let (_repo, _root, site) = acme_with_history("");
    assert!(!page(&site, "cycles/2026-Q4/teams/platform.html").contains("class=\"edit\""));
}

/// The strategy page lists each strategic objective with the objectives
/// aligned to it in each cycle (as the export computes them), the overview
/// shows the vision and mission, and an objective links to its strategy.
#[test]
fn strategy_page_lists_the_aligned_objectives_of_every_cycle() {
    let (_keep, out) = built_acme();
    let site = files(&out);
    let export: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["export", acme().to_str().unwrap(), "--as-of", ACME_AS_OF])))
            .unwrap();
    let strategy = page(&site, "strategy.html");
    let mut listed = 0;
    for entry in export["strategy"].as_array().unwrap() {
        let id = entry["id"].as_str().unwrap();
        let start = strategy.find(&format!("<section class=\"strategic\" id=\"strategy-{id}\"")).unwrap();
        let section = &strategy[start..];
        let section = &section[..section.find("</section>").unwrap()];
        assert!(section.contains(&escaped(entry["title"].as_str().unwrap())));
        for cycle in entry["cycles"].as_array().unwrap() {
            let c = cycle["id"].as_str().unwrap();
            assert!(section.contains(&format!("href=\"cycles/{c}/index.html\"")), "{id} {c}");
            for o in cycle["objectives"].as_array().unwrap() {
                let (team, objective) = (o["team"].as_str().unwrap(), o["objective"].as_str().unwrap());
                assert!(section.contains(&format!("href=\"cycles/{c}/objectives/{team}--{objective}.html\"")));
                listed += 1;
            }
        }
    }
    assert_eq!(listed, 5 + 6 + 10, "mid-market in Q3 and Q4, dependable in Q4");
    assert!(strategy.contains("through alignment"));
    let overview = page(&site, "index.html");
    assert!(overview.contains("Every field technician finishes the job on the first visit."));
    assert!(overview.contains("<a href=\"strategy.html\">Strategy →</a>"));
    let objective = page(&site, "cycles/2026-Q4/objectives/company--grow-revenue.html");
    assert!(objective.contains(
        "<a href=\"../../../strategy.html#strategy-mid-market\">Strategy: Become the default for mid-market field service</a>"
    ));
}

/// The `points` of every `<polyline class="line">` in `html`, as numbers.
fn lines(html: &str) -> Vec<Vec<(f64, f64)>> {
    html.split("<polyline class=\"line\" points=\"")
        .skip(1)
        .map(|rest| {
            rest[..rest.find('"').unwrap()]
                .split(' ')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect()
        })
        .collect()
}

/// Charts say what they show in text: value ticks, the last value, the
/// target or bound; milestones are steps, thresholds a band, and a
/// sparkline runs the same way as its large chart.
#[test]
fn charts_label_values_draw_milestones_as_steps_and_thresholds_as_bands() {
    let (_keep, out) = built_acme();
    let site = files(&out);
    let objective = page(&site, "cycles/2026-Q4/objectives/platform--boring-deploys.html");
    let charts = &objective[objective.find("<section class=\"charts\"").unwrap()..];
    let charts = &charts[..charts.find("</section>").unwrap()];
    let figures: Vec<&str> = charts.split("<figure>").skip(1).collect();
    assert_eq!(figures.len(), 3);
    // Deploy success rate: 92 → 99.5, last check-in 97.2.
    assert!(figures[0].contains(">Target: 99.5\u{a0}%</text>"), "{}", figures[0]);
    assert!(figures[0].contains(">97.2\u{a0}%</text>"), "the last value in text");
    assert!(figures[0].matches("<line class=\"grid\"").count() >= 3, "value ticks");
    // Lead time falls from 26 h to 4 h: down in the chart and in the sparkline.
    for line in [
        &lines(figures[1])[0],
        &lines(row(&page(&site, "cycles/2026-Q4/teams/platform.html"), "kr-lead-time"))[0],
    ] {
        assert!(line.last().unwrap().1 > line.first().unwrap().1, "a falling value goes down: {line:?}");
    }
    // The runbook milestone: a step, no diagonal; its due day is labelled.
    let step = &lines(figures[2])[0];
    let same = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(step.windows(2).all(|w| same(w[0].0, w[1].0) || same(w[0].1, w[1].1)), "{step:?}");
    assert!(figures[2].contains(">due 31 Dec 2026</text>"));
    // A threshold: the band where it holds, and its bound in words.
    let reliable = page(&site, "cycles/2026-Q4/objectives/engineering--reliable-platform.html");
    assert!(reliable.contains("<rect class=\"band\""));
    assert!(reliable.contains(">at least 99.9\u{a0}%</text>"));
    assert!(!figures[0].contains("class=\"band\""), "a metric has no band");
}

/// A cycle being planned shows the plan (start → target, bound, due day)
/// and who owns it, not progress bars at 0 %.
#[test]
fn a_planning_cycle_shows_the_plan_not_empty_progress() {
    let repo = Repo::copy_of(&acme());
    repo.edit(
        "okr.yaml",
        "    state: active\n",
        "    state: active\n  - id: 2027-Q1\n    name: Q1 2027\n    start: 2027-01-01\n    end: 2027-03-31\n    state: planning\n",
    );
    let rolled = repo.okr(&["rollover", "2026-Q4", "2027-Q1"]);
    assert!(rolled.status.success(), "{}", stderr(&rolled));
    let out = repo.path().join("public");
    let built = run(&["build", repo.path().to_str().unwrap(), "--as-of", ACME_AS_OF, "--no-history"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let team = String::from_utf8(files(&out)["cycles/2027-Q1/teams/platform.html"].clone()).unwrap();
    assert!(
        team.contains(&escaped("Being planned: progress is measured from the cycle's start on 1 Jan 2027."))
    );
    let deploy = row(&team, "kr-deploy-success");
    assert!(deploy.contains("<td data-label=\"Plan\">97.2\u{a0}% → 99.5\u{a0}%</td>"), "{deploy}");
    assert!(!deploy.contains("role=\"progressbar\""), "no bar at 0 %");
    assert!(deploy.contains("Bob Martens"), "the owner");
    assert!(!team.contains("aria-label=\"Deployments are boring: Progress"), "no objective bar at 0 %");
}

/// Every progress on a page explains itself behind "How is this calculated?":
/// the rule with its terms named and the arithmetic in percentages, ending
/// in the very percentage its bar shows (no 0.83 beside 83.3%).
#[test]
fn every_progress_explains_itself_in_the_percentages_it_shows() {
    let (_keep, out) = built_acme();
    let site = files(&out);
    let mut checked = 0;
    for (path, bytes) in &site {
        if !path.starts_with("cycles/2026-Q4/") || !is_html(path) {
            continue;
        }
        let html = String::from_utf8(bytes.clone()).unwrap();
        // Each disclosure explains the bar just before it; on a team page
        // the one under both figures explains the first ("With teams below").
        let pieces: Vec<&str> = html.split("<details class=\"how\">").collect();
        for (before, how) in pieces.iter().zip(&pieces[1..]) {
            let values: Vec<&str> =
                before.split("<span class=\"value\">").skip(1).map(|v| &v[..v.find('<').unwrap()]).collect();
            let own = before.rsplit("<section").next().unwrap().contains("Own objectives</dt>");
            let shown = values[values.len() - if own { 2 } else { 1 }];
            let how = &how[..how.find("</details>").unwrap()];
            assert!(how.contains("<summary>How is this calculated?</summary>"), "{path}: {how}");
            assert!(
                how.contains("<span class=\"rule\">progress = "),
                "{path}: the rule names its terms: {how}"
            );
            let arithmetic = how.rsplit("<span>").next().unwrap();
            let result = arithmetic.trim_end_matches("</span></p>").rsplit(' ').next().unwrap();
            assert_eq!(result, shown, "{path}: the arithmetic ends in the bar's value: {how}");
            for term in arithmetic.split(" = ").skip(1) {
                let value = term.split([' ', ',', '<']).next().unwrap();
                assert!(value.ends_with('%'), "{path}: every result is a percentage: {arithmetic}");
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} progress values checked");
    let objective = page(&site, "cycles/2026-Q4/objectives/platform--boring-deploys.html");
    assert!(objective.contains("progress = (current − start) / (target − start)"));
    let overview = page(&site, "index.html");
    assert!(overview.contains("progress = mean of the 16 objectives of the organisation"));
    assert!(overview.contains("% (sum) / 16 = "), "a long mean shows its sum: {overview}");
}

/// A key result's initiatives are on its objective's page, with their links
/// and states in words (a dropped one struck through, never by colour alone).
#[test]
fn initiatives_are_shown_with_their_links_and_states() {
    let (_keep, out) = built_acme();
    let html = page(&files(&out), "cycles/2026-Q4/objectives/platform--fast-feedback.html");
    let start = html
        .find("<ul class=\"initiatives\" aria-labelledby=\"initiatives-ci-p90\">")
        .unwrap_or_else(|| panic!("{html}"));
    let list = &html[start..start + html[start..].find("</ul>").unwrap()];
    assert!(list.contains("<li class=\"state-active\"><span class=\"state\">under way</span> <span class=\"what\"><a href=\"https://github.com/acme/platform/issues/412\">Shard the test suite over 8 runners</a></span></li>"), "{list}");
    assert!(
        list.contains(
            "<span class=\"state\">done</span> <span class=\"what\">Cache the dependency build in CI</span>"
        ),
        "{list}"
    );
    assert!(list.contains("<li class=\"state-dropped\"><span class=\"state\">dropped</span>"), "{list}");
    // The export has them too.
    let data: serde_json::Value = serde_json::from_slice(&files(&out)["data.json"]).unwrap();
    assert!(data.to_string().contains("\"title\":\"Shard the test suite over 8 runners\""));
}
