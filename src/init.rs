//! `okr init`: the files of a new OKR repository. Only what to write is
//! decided here; the command writes it without overwriting anything.

use chrono::{Datelike, NaiveDate};

use crate::schema::{CONFIG_SCHEMA, OKR_SCHEMA};

/// The quarter holding `day`: its id (`2026-Q4`), name, first and last day.
pub fn quarter(day: NaiveDate) -> (String, String, NaiveDate, NaiveDate) {
    let q = day.month0() / 3;
    let first = NaiveDate::from_ymd_opt(day.year(), q * 3 + 1, 1).unwrap_or(day);
    let next = if q == 3 {
        NaiveDate::from_ymd_opt(day.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(day.year(), q * 3 + 4, 1)
    };
    let last = next.and_then(|n| n.pred_opt()).unwrap_or(day);
    (format!("{}-Q{}", day.year(), q + 1), format!("Q{} {}", q + 1, day.year()), first, last)
}

/// Every file of a new repository, by path: okr.yaml with the quarter of
/// `today` as the active cycle, one team file with an example objective, the
/// JSON Schemas for editors, a GitHub Actions workflow and a `.gitignore`.
pub fn scaffold(today: NaiveDate) -> Vec<(String, String)> {
    let (cycle, name, start, end) = quarter(today);
    let config = format!(
        "# yaml-language-server: $schema=schemas/config.schema.json
# The OKR repository's configuration: cycles, teams and people.
# Reference: `okr schema config`; rules: `okr rules`.
organisation: Example Inc.
paths: [okrs]

cycles:
  - id: {cycle}
    name: {name}
    start: {start}
    end: {end}
    state: active

teams:
  - id: company
    name: Example Inc.
    lead: alex

people:
  # `github` makes `okr codeowners` and `okr diff --format markdown` mention people.
  - {{ id: alex, name: Alex Example, team: company, github: alex-example }}
  - {{ id: sam, name: Sam Example, team: company }}
"
    );
    let team = format!(
        "# yaml-language-server: $schema=../../schemas/okr.schema.json
# One team's OKRs for one cycle. Record progress weekly with a check-in:
#   - {{ date: YYYY-MM-DD, value: 30, confidence: 0.7, note: what changed }}
cycle: {cycle}
team: company
objectives:
  - id: happy-customers
    title: Customers love working with us
    owner: alex
    key_results:
      - id: nps
        title: Net promoter score of active customers
        owner: alex
        unit: points
        start: 20
        target: 40
        checkins:
          - {{ date: {today}, value: 24, confidence: 0.6, note: first survey }}
      - id: onboarding-time
        title: Median days from signup to first invoice sent
        owner: sam
        unit: days
        start: 14
        target: 5
        checkins:
          - {{ date: {today}, value: 12, confidence: 0.5 }}
"
    );
    vec![
        ("okr.yaml".to_owned(), config),
        (format!("okrs/{cycle}/company.yaml"), team),
        ("schemas/okr.schema.json".to_owned(), OKR_SCHEMA.to_owned()),
        ("schemas/config.schema.json".to_owned(), CONFIG_SCHEMA.to_owned()),
        (".github/workflows/okr.yml".to_owned(), WORKFLOW.to_owned()),
        (".gitignore".to_owned(), "# The site `okr build` writes.\npublic/\n".to_owned()),
    ]
}

/// The workflow `okr init` writes: check every pull request with annotations
/// and comment its OKR diff; on main, publish the site to GitHub Pages.
const WORKFLOW: &str = r#"# okr: check OKR changes on pull requests, publish the progress site from main.
name: okr
on:
  pull_request:
  push:
    branches: [main]

env:
  # Where okr is installed from: the git URL of okr (set it before the first run).
  OKR_SOURCE: https://example.invalid/set-the-git-url-of-okr.git

jobs:
  check:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pull-requests: write
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # okr diff and --base need the history
      - name: Install okr
        run: cargo install --locked --git "$OKR_SOURCE" okr
      - name: Check
        run: okr check --format github ${{ github.base_ref && format('--base origin/{0}', github.base_ref) || '' }}
      - name: Comment the OKR diff
        if: github.event_name == 'pull_request'
        env:
          GH_TOKEN: ${{ github.token }}
        run: |
          okr diff "origin/${{ github.base_ref }}" --format markdown > okr-diff.md
          gh pr comment "${{ github.event.number }}" --body-file okr-diff.md --edit-last || gh pr comment "${{ github.event.number }}" --body-file okr-diff.md

  publish:
    if: github.event_name == 'push'
    needs: check
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deploy.outputs.page_url }}
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # the trends page reads the history
      - run: cargo install --locked --git "$OKR_SOURCE" okr
      - run: okr build --out public
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public
      - id: deploy
        uses: actions/deploy-pages@v4
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_start_and_end_on_their_days() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(
            quarter(day(2026, 11, 27)),
            ("2026-Q4".into(), "Q4 2026".into(), day(2026, 10, 1), day(2026, 12, 31))
        );
        assert_eq!(
            quarter(day(2028, 2, 29)),
            ("2028-Q1".into(), "Q1 2028".into(), day(2028, 1, 1), day(2028, 3, 31))
        );
        assert_eq!(quarter(day(2026, 6, 30)).3, day(2026, 6, 30));
        assert_eq!(quarter(day(2026, 7, 1)).2, day(2026, 7, 1));
    }
}
