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
    let mut files = vec![
        ("okr.yaml".to_owned(), config),
        (format!("okrs/{cycle}/company.yaml"), team),
        ("schemas/okr.schema.json".to_owned(), OKR_SCHEMA.to_owned()),
        ("schemas/config.schema.json".to_owned(), CONFIG_SCHEMA.to_owned()),
        (".gitignore".to_owned(), "# The site `okr build` writes.\npublic/\n".to_owned()),
    ];
    files.extend(workflows(""));
    files
}

/// Where the workflow goes, from the top of the repository.
pub const WORKFLOW_PATH: &str = ".github/workflows/okr.yml";

/// The actions okr's workflows use, pinned by commit (zizmor's
/// `unpinned-uses`: a tag can be moved to other code), with the version in
/// a comment for Dependabot and for readers. examples/workflows and
/// action.yml use the same pins (`tools::shipped_workflows_pin_the_same_actions`).
pub const CHECKOUT: &str = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1";
pub const UPLOAD_PAGES_ARTIFACT: &str =
    "actions/upload-pages-artifact@fc324d3547104276b827a68afc52ff2a11cc49c9 # v5.0.0";
pub const DEPLOY_PAGES: &str = "actions/deploy-pages@cd2ce8fcbc39b97be8ca5fce6e763baed58fa128 # v5.0.0";

/// The workflow `okr init` writes at the git repository's top: check every
/// pull request (annotations, the OKR diff as a comment that is updated,
/// never duplicated) and publish the site to GitHub Pages from the default
/// branch on every push and once a day. `folder` is the OKR root inside the
/// repository (`""` at its top): the jobs run there and only changes below
/// it trigger them.
pub fn workflow(folder: &str) -> String {
    let (paths, defaults, public) = if folder.is_empty() {
        (String::new(), String::new(), "public".to_owned())
    } else {
        (
            format!("\n    paths: [\"{folder}/**\"]"),
            format!("\n    defaults:\n      run:\n        working-directory: {folder}"),
            format!("{folder}/public"),
        )
    };
    format!(
        r#"# okr: check OKR changes on pull requests, publish the progress site from the
# default branch. Written by `okr init`; see docs/ci.md of okr for each choice.
name: okr
on:
  pull_request:{paths}
  push:{paths}
  schedule:
    - cron: "17 5 * * *" # daily, so "as of" and statuses move between pushes
  workflow_dispatch:

permissions: {{}} # each job asks for what it needs

# One run per pull request (a new push cancels the old run) and per branch.
concurrency:
  group: okr-${{{{ github.event.pull_request.number || github.ref }}}}
  cancel-in-progress: ${{{{ github.event_name == 'pull_request' }}}}

{ENV}
jobs:
  check:
    name: Check the pull request's OKRs
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    permissions:
      contents: read # the checkout
      pull-requests: write # the OKR diff comment{defaults}
    steps:
      - uses: {CHECKOUT}
        with:
          # The pull request's own commit, not GitHub's merge into the base:
          # annotations match its lines, and every re-run compares the same.
          ref: ${{{{ github.event.pull_request.head.sha }}}}
          fetch-depth: 0 # okr diff and --base need the history
          persist-credentials: false
{INSTALL}
      - name: Check
        env:
          BASE: ${{{{ github.event.pull_request.base.sha }}}}
        run: okr check --format github --base "$BASE" --changed-only
      - name: OKR diff
        if: ${{{{ !cancelled() }}}}
        env:
          BASE: ${{{{ github.event.pull_request.base.sha }}}}
        run: |
          okr diff "$BASE" --format markdown > okr-diff.md
          okr diff "$BASE" --format markdown --max-chars 0 >> "$GITHUB_STEP_SUMMARY"
      - name: Comment the OKR diff
        # A fork's pull request has a read-only token: the diff is in the job summary.
        if: ${{{{ !cancelled() && github.event.pull_request.head.repo.full_name == github.repository }}}}
        continue-on-error: true
        env:
          GH_TOKEN: ${{{{ github.token }}}}
          PR: ${{{{ github.event.pull_request.number }}}}
          REPO: ${{{{ github.repository }}}}
        run: |
          # okr's own comment carries a hidden marker: update it, never another workflow's.
          id=$(gh api "repos/$REPO/issues/$PR/comments" --paginate \
            --jq '[.[] | select(.body | startswith("<!-- okr diff -->"))][0].id // empty')
          if [ -n "$id" ]; then
            gh api --method PATCH "repos/$REPO/issues/comments/$id" -F body=@okr-diff.md > /dev/null
          else
            gh pr comment "$PR" --repo "$REPO" --body-file okr-diff.md
          fi

  build:
    name: Build the progress site
    # Scheduled runs are on the default branch; pushes only count there.
    if: github.event_name == 'schedule' || (github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch)
    runs-on: ubuntu-latest
    permissions:
      contents: read # the checkout (private repositories too){defaults}
    steps:
      - uses: {CHECKOUT}
        with:
          fetch-depth: 0 # the trends page reads the history
          persist-credentials: false
{INSTALL}
      - run: okr build --out public
      - uses: {UPLOAD_PAGES_ARTIFACT}
        with:
          path: {public}

  publish:
    name: Publish the site on GitHub Pages
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write # deploy to GitHub Pages
      id-token: write # prove to Pages where the deployment comes from
    concurrency:
      group: pages
      cancel-in-progress: false
    environment:
      name: github-pages
      url: ${{{{ steps.deploy.outputs.page_url }}}}
    steps:
      - id: deploy
        uses: {DEPLOY_PAGES}
"#,
        ENV = release_env(),
    )
}

/// Where the workflows install okr from (the same in every workflow okr
/// init writes).
fn release_env() -> String {
    format!(
        "env:
  # Where okr's releases are: the GitHub repository of okr (set it before the
  # first run), and the release this workflow was written for. Each job
  # installs the prebuilt okr in seconds with that release's install script,
  # which verifies the archive's SHA-256.
  OKR_REPOSITORY: set-the-owner/okr
  OKR_VERSION: v{}
",
        env!("CARGO_PKG_VERSION")
    )
}

/// The step that installs okr's release (see [`release_env`]).
const INSTALL: &str = r#"      - name: Install okr
        run: |
          if [ "$OKR_REPOSITORY" = set-the-owner/okr ]; then
            echo "::error::set OKR_REPOSITORY at the top of this workflow to the GitHub repository of okr"
            exit 1
          fi
          curl --proto '=https' -fsSL -o "$RUNNER_TEMP/install-okr.sh" \
            "https://github.com/$OKR_REPOSITORY/releases/download/$OKR_VERSION/install.sh"
          sh "$RUNNER_TEMP/install-okr.sh" --repository "$OKR_REPOSITORY" --version "$OKR_VERSION" --to "$RUNNER_TEMP/bin"
          echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH""#;

/// Where `okr init` writes the weekly digest's workflow.
pub const WEEKLY_PATH: &str = ".github/workflows/okr-weekly.yml";

/// The workflows `okr init` writes at the git repository's top, for the OKR
/// root `folder` inside it (`""` at its top).
pub fn workflows(folder: &str) -> Vec<(String, String)> {
    vec![(WORKFLOW_PATH.to_owned(), workflow(folder)), (WEEKLY_PATH.to_owned(), weekly(folder))]
}

/// The weekly digest: every Monday, `okr digest` as this week's issue
/// (found by its hidden marker, updated when run again), mentioning the
/// owners who owe a check-in; last week's issue is closed.
pub fn weekly(folder: &str) -> String {
    let defaults = if folder.is_empty() {
        String::new()
    } else {
        format!("\n    defaults:\n      run:\n        working-directory: {folder}")
    };
    format!(
        r#"# okr: the weekly digest as an issue. Written by `okr init`; see docs/rhythm.md
# of okr. Every Monday it opens this week's issue (or updates it when run
# again), mentioning the owners who owe a check-in, and closes last week's.
name: okr weekly digest
on:
  schedule:
    - cron: "23 6 * * 1" # Mondays, before the weekly meeting
  workflow_dispatch:

permissions: {{}} # the job asks for what it needs

concurrency:
  group: okr-weekly
  cancel-in-progress: false

{ENV}
jobs:
  digest:
    name: This week's OKR digest
    runs-on: ubuntu-latest
    permissions:
      contents: read # the checkout
      issues: write # open this week's issue, close last week's{defaults}
    steps:
      - uses: {CHECKOUT}
        with:
          fetch-depth: 0 # goalposts moved are read from the history
          persist-credentials: false
{INSTALL}
      - name: Digest
        run: okr digest --format markdown > "$RUNNER_TEMP/digest.md"
      - name: Open or update this week's issue, close last week's
        env:
          GH_TOKEN: ${{{{ github.token }}}}
          REPO: ${{{{ github.repository }}}}
        run: |
          week=$(date -u +%G-W%V)
          marker="<!-- okr digest week $week -->"
          {{ echo "$marker"; cat "$RUNNER_TEMP/digest.md"; }} > "$RUNNER_TEMP/body.md"
          # okr's issues start with "<!-- okr digest week ": never another's.
          gh issue list --repo "$REPO" --state open --limit 100 --json number,body \
            --jq '.[] | select(.body | startswith("<!-- okr digest week ")) | "\(.number) \(.body | split(" -->")[0])"' > "$RUNNER_TEMP/open.txt"
          current=$(grep -F -- "${{marker% -->}}" "$RUNNER_TEMP/open.txt" | head -n 1 | cut -d ' ' -f 1)
          if [ -n "$current" ]; then
            gh issue edit "$current" --repo "$REPO" --body-file "$RUNNER_TEMP/body.md" > /dev/null
          else
            current=$(gh issue create --repo "$REPO" --title "OKR digest, week $week" --body-file "$RUNNER_TEMP/body.md" | sed 's|.*/||')
          fi
          awk '{{ print $1 }}' "$RUNNER_TEMP/open.txt" | while read -r old; do
            if [ "$old" != "$current" ]; then
              gh issue close "$old" --repo "$REPO" --comment "Superseded by #$current." > /dev/null
            fi
          done
"#,
        ENV = release_env(),
    )
}

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
