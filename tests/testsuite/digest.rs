//! `okr digest`: the weekly meeting's page from a git fixture with three
//! weeks of commits (check-ins with notes, blockers and next steps, a target
//! change, a stale owner, an escalated one), in every format and in German.

use serde_json::Value;

use crate::support::{manifest_dir, stderr, stdout, Repo};

const PLATFORM: &str = "okrs/2026-Q4/platform.yaml";

fn three_weeks() -> Repo {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    // Stale after 5 days, escalated after 10: the fixture's dates stay in
    // the past, whatever today is.
    repo.edit(
        "okr.yaml",
        "stale-key-result: { severity: warning, days: 14 }",
        "stale-key-result: { severity: warning, days: 5 }",
    );
    repo.git_init().commit("Q4 OKRs", "2026-11-09", "Maria Keller");
    repo.edit(
        PLATFORM,
        "          - { date: 2026-11-17, value: 97.2, confidence: 0.8 }\n",
        "          - { date: 2026-11-17, value: 97.2, confidence: 0.8 }\n          - { date: 2026-11-24, value: 98.1, confidence: 0.8, note: Canary rollout, blockers: \"Flaky staging @everyone\", next: Roll out to EU }\n",
    )
    .commit("Deploy check-in", "2026-11-24", "Bob Martens");
    repo.edit(PLATFORM, "        target: 4\n", "        target: 5\n").commit(
        "Relax the lead time target",
        "2026-11-25",
        "Carol Jung",
    );
    repo.edit(
        PLATFORM,
        "          - { date: 2026-11-18, value: 28, confidence: 0.3, note: Test sharding blocked on runner quota }\n",
        "          - { date: 2026-11-18, value: 28, confidence: 0.3, note: Test sharding blocked on runner quota }\n          - { date: 2026-11-28, value: 21, confidence: 0.5, note: \"Sharding on <b>8</b> runners\" }\n",
    )
    .commit("CI check-in", "2026-11-28", "Dave Okafor");
    repo
}

fn digest(repo: &Repo, format: &str) -> String {
    let output = repo.okr(&["digest", "--as-of", "2026-11-30", "--format", format]);
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn the_digest_of_three_weeks() {
    let repo = three_weeks();
    let json: Value = serde_json::from_str(&digest(&repo, "json")).unwrap();
    assert_eq!((json["version"].as_i64(), json["since"].as_str()), (Some(1), Some("2026-11-23")));
    let checkins: Vec<&str> =
        json["checkins"].as_array().unwrap().iter().map(|c| c["key_result"].as_str().unwrap()).collect();
    assert_eq!(checkins, ["deploy-success", "ci-p90"]);
    assert_eq!(json["checkins"][0]["blockers"], "Flaky staging @everyone");
    assert_eq!(json["checkins"][0]["next"], "Roll out to EU");
    let goalposts = json["goalposts"].as_array().unwrap();
    assert_eq!(goalposts.len(), 1);
    assert_eq!(goalposts[0]["key_result"], "platform/boring-deploys/lead-time");
    assert_eq!(
        (goalposts[0]["field"].as_str(), goalposts[0]["before"].as_str(), goalposts[0]["after"].as_str()),
        (Some("target"), Some("4"), Some("5"))
    );
    assert_eq!(goalposts[0]["date"], "2026-11-25");
    // Bob's deploy-success: 6 days idle, stale, not escalated; Paul's
    // status page was done, so not owed; the customer team's lead is named
    // for an owner past 10 days.
    let owed = json["owed"].as_array().unwrap();
    let bob = owed.iter().find(|o| o["person"] == "bob").unwrap();
    let deploy = bob["key_results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["address"] == "platform/boring-deploys/deploy-success")
        .unwrap();
    assert_eq!((deploy["idle_days"].as_i64(), deploy["escalated"].as_bool()), (Some(6), Some(false)));
    assert!(!owed.iter().any(|o| o["key_results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|k| k["address"] == "customer/customer-trust/status-page")));
    let escalated = owed
        .iter()
        .find(|o| {
            o["escalate_to"]
                .as_array()
                .is_some_and(|e| e.iter().any(|p| p["person"] == "sofia" && p["role"] == "lead"))
        })
        .unwrap_or_else(|| panic!("{json}"));
    assert!(escalated["key_results"].as_array().unwrap().iter().any(|k| k["escalated"] == true));
    // The same numbers as the rollup's 7-day deltas would give: movement of deploy-success.
    assert!(json["movements"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["address"] == "platform/boring-deploys/deploy-success"));

    // The initiatives under way: the active one of ci-p90, not the done or dropped ones.
    let initiatives = json["initiatives"].as_array().unwrap();
    assert_eq!(initiatives.len(), 1, "{json}");
    assert_eq!(initiatives[0]["key_result"], "platform/fast-feedback/ci-p90");

    let markdown = digest(&repo, "markdown");
    assert!(markdown.contains("- [Shard the test suite over 8 runners](<https://github.com/acme/platform/issues/412>) → **CI pipeline duration (p90)**"), "{markdown}");
    assert!(
        markdown.starts_with("<!-- okr digest -->\n## OKR digest: Q4 2026, 24 Nov 2026 – 30 Nov 2026\n"),
        "{markdown}"
    );
    // Text from the files is inert: no live mention, no HTML.
    assert!(
        markdown.contains("Flaky staging @\u{2060}everyone") && markdown.contains("&lt;b&gt;8&lt;/b&gt;"),
        "{markdown}"
    );
    // Owners are mentioned by their handle, on purpose.
    assert!(markdown.contains("- @bmartens (Bob Martens)\n"), "{markdown}");
    insta::assert_snapshot!("digest-markdown", markdown);
    insta::assert_snapshot!("digest-text", digest(&repo, "text"));

    repo.edit("okr.yaml", "  locale: en\n", "  locale: de\n");
    let german = digest(&repo, "markdown");
    assert!(
        german.contains("## OKR-Wochenbericht: Q4 2026, 30. Nov. 2026 – 20. Dez. 2026")
            || german.contains("## OKR-Wochenbericht:"),
        "{german}"
    );
    assert!(
        german.contains("### Ausstehende Check-ins") && german.contains("Leitung von customer"),
        "{german}"
    );
    insta::assert_snapshot!("digest-markdown-de", german);
}

#[test]
fn the_digest_is_the_same_every_time_and_works_outside_git() {
    let repo = three_weeks();
    assert_eq!(digest(&repo, "markdown"), digest(&repo, "markdown"));
    let plain = Repo::copy_of(&manifest_dir().join("examples/acme"));
    let output = plain.okr(&["digest", "--as-of", "2026-11-25", "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["goalposts"].as_array().map(Vec::len), Some(0));
    let unknown = plain.okr(&["digest", "--cycle", "2026-q4"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("did you mean `2026-Q4`?"), "{}", stderr(&unknown));
}

/// The weekly workflow okr init writes (and examples/workflows/weekly.yml,
/// the same file): its issue step, run with a stand-in `gh` that records
/// its calls, updates this week's issue when there is one, opens it when
/// there is none, and closes last week's; never touches other issues.
#[test]
fn the_weekly_workflow_keeps_one_issue_a_week() {
    let example = std::fs::read_to_string(manifest_dir().join("examples/workflows/weekly.yml")).unwrap();
    assert_eq!(
        example,
        okr::init::weekly(""),
        "examples/workflows/weekly.yml is `okr init`'s weekly workflow"
    );
    let workflow = okr::load::yaml::parse("weekly.yml", &example).document.unwrap().value;
    let steps = workflow["jobs"]["digest"]["steps"].as_array().unwrap();
    let script = steps.last().unwrap()["run"].as_str().unwrap().to_owned();
    assert_eq!(workflow["jobs"]["digest"]["permissions"]["issues"], "write");

    let scratch = tempfile::tempdir().unwrap();
    let bin = scratch.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let week = chrono::Utc::now().format("%G-W%V").to_string();
    // `gh issue list` answers from $OPEN; every call is logged.
    let fake = "#!/bin/sh\necho \"$*\" >> \"$LOG\"\ncase \"$1 $2\" in\n  'issue list') cat \"$OPEN\" ;;\n  'issue create') echo https://github.com/acme/okrs/issues/99 ;;\nesac\n";
    std::fs::write(bin.join("gh"), fake).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(bin.join("gh"), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::write(scratch.path().join("digest.md"), "<!-- okr digest -->\n## OKR digest\n").unwrap();
    let run = |open: &str| -> String {
        let log = scratch.path().join("log");
        let _ = std::fs::remove_file(&log);
        std::fs::write(scratch.path().join("open"), open).unwrap();
        let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
        let output = std::process::Command::new("bash")
            .args(["-e", "-c", &script])
            .env("PATH", path)
            .env("RUNNER_TEMP", scratch.path())
            .env("LOG", &log)
            .env("OPEN", scratch.path().join("open"))
            .env("REPO", "acme/okrs")
            .env("GH_TOKEN", "x")
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        std::fs::read_to_string(&log).unwrap()
    };
    // This week's issue (7) is open, and last week's (5): 7 is updated, 5 closed.
    let calls = run(&format!("7 <!-- okr digest week {week}\n5 <!-- okr digest week 2020-W01\n"));
    assert!(calls.contains("issue edit 7 --repo acme/okrs --body-file"), "{calls}");
    assert!(calls.contains("issue close 5 --repo acme/okrs --comment Superseded by #7."), "{calls}");
    assert!(!calls.contains("issue create") && !calls.contains("close 7"), "{calls}");
    // None this week: a new one (99), last week's closed.
    let calls = run("5 <!-- okr digest week 2020-W01\n");
    assert!(
        calls.contains(&format!("issue create --repo acme/okrs --title OKR digest, week {week} --body-file")),
        "{calls}"
    );
    assert!(calls.contains("issue close 5 --repo acme/okrs --comment Superseded by #99."), "{calls}");
    let body = std::fs::read_to_string(scratch.path().join("body.md")).unwrap();
    assert!(body.starts_with(&format!("<!-- okr digest week {week} -->\n<!-- okr digest -->\n")), "{body}");
}

/// The digest as GitHub renders it (pulldown-cmark with GitHub's
/// extensions): the marker is a comment, the movements a table, owners
/// mentioned by handle; nothing of the files' text becomes a tag, a link or
/// a mention (a title with a script, a URL and `@everyone`).
#[test]
fn the_digest_renders_as_github_flavoured_markdown() {
    use pulldown_cmark::{html, Options, Parser};
    let repo = three_weeks();
    repo.edit(
        PLATFORM,
        "title: Deploy success rate",
        "title: Deploy <script>alert(1)</script> https://evil.example/?a=1&b=2 @everyone",
    );
    let markdown = digest(&repo, "markdown");
    let mut rendered = String::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_GFM | Options::ENABLE_STRIKETHROUGH;
    html::push_html(&mut rendered, Parser::new_ext(&markdown, options));
    assert!(rendered.starts_with("<!-- okr digest -->"), "{rendered}");
    assert!(
        rendered.contains("<table>") && rendered.contains("<strong>Platform Engineering</strong>"),
        "{rendered}"
    );
    assert!(rendered.contains("<h3>Owed check-ins</h3>"), "{rendered}");
    assert!(!rendered.contains("<script"), "{rendered}");
    assert!(rendered.contains("a=1&amp;b=2") && !rendered.contains("&amp;amp;"), "{rendered}");
    // The only links are the initiatives' own.
    let links: Vec<&str> = rendered
        .match_indices("<a href=\"")
        .map(|(i, _)| &rendered[i..i + 60.min(rendered.len() - i)])
        .collect();
    assert!(
        links.iter().all(|l| l.starts_with("<a href=\"https://github.com/acme/platform/issues/412\"")),
        "{links:?}"
    );
    assert!(!rendered.contains("@everyone"), "the text's mention is broken: {rendered}");
}
