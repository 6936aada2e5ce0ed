//! Regression tests of the security review of okr 0.1.0 (issue "Writes that
//! cannot be hijacked or lost, and hostile input that stays cheap"): each
//! test names the item it pins, and fails on 0.1.0.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use crate::support::{manifest_dir, okr, stderr, Repo};

const KR: &str = "2026-Q4/platform/boring-deploys/deploy-success";
const PLATFORM: &str = "okrs/2026-Q4/platform.yaml";

fn acme() -> Repo {
    Repo::copy_of(&manifest_dir().join("examples/acme"))
}

fn checkin(root: &Path, args: &[&str]) -> Output {
    okr().arg("checkin").args(args).arg("--root").arg(root).output().unwrap()
}

/// The process ids the next few thousand processes are likely to get.
#[cfg(unix)]
fn next_pids() -> std::ops::Range<u32> {
    let probe = Command::new("true").spawn().unwrap();
    let pid = probe.id();
    let _ = { probe }.wait();
    pid..pid + 3_000
}

/// A folder outside the repository with a file an attacker wants
/// overwritten.
fn victim() -> (tempfile::TempDir, std::path::PathBuf) {
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim");
    fs::write(&victim, "precious\n").unwrap();
    (outside, victim)
}

/// Runs the okr binary with `args` as user `nobody` (root reads any
/// folder and any repository); `None` where `setpriv` is missing.
#[cfg(unix)]
fn as_nobody(repo: &Repo, args: &[&str]) -> Option<Output> {
    as_nobody_after(repo, args, || {})
}

/// [`as_nobody`], with `prepare` run after the permissions are opened up.
#[cfg(unix)]
fn as_nobody_after(repo: &Repo, args: &[&str], prepare: impl FnOnce()) -> Option<Output> {
    use std::os::unix::fs::PermissionsExt as _;
    Command::new("setpriv").arg("--version").output().ok()?;
    for entry in walkdir::WalkDir::new(repo.path()) {
        let entry = entry.unwrap();
        let mode = if entry.file_type().is_dir() { 0o755 } else { 0o644 };
        fs::set_permissions(entry.path(), fs::Permissions::from_mode(mode)).unwrap();
    }
    prepare();
    let output = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_okr"))
        .args(args)
        .arg(repo.path())
        .env("HOME", repo.path())
        .output()
        .unwrap();
    Some(output)
}

/// Item 1: 0.1.0 wrote its temporary file `.NAME.okr-PID` with
/// `File::create`, through any link planted there.
#[cfg(unix)]
#[test]
fn item_1_checkin_never_writes_through_a_planted_temporary_link() {
    let repo = acme();
    let (_outside, victim) = victim();
    let folder = repo.path().join("okrs/2026-Q4");
    for pid in next_pids() {
        std::os::unix::fs::symlink(&victim, folder.join(format!(".platform.yaml.okr-{pid}"))).unwrap();
    }
    let output = checkin(repo.path(), &[KR, "98", "--date", "2026-11-25"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious\n", "the file outside is untouched");
    let metadata = fs::symlink_metadata(repo.path().join(PLATFORM)).unwrap();
    assert!(metadata.is_file(), "the OKR file is still a regular file, not a link");
    assert!(fs::read_to_string(repo.path().join(PLATFORM)).unwrap().contains("value: 98"));
}

/// Item 1: rollover's and init's `.NAME.okr-init-PID`, the same.
#[cfg(unix)]
#[test]
fn item_1_rollover_and_init_never_write_through_planted_links() {
    let repo = acme();
    let (outside, victim) = victim();
    let config = fs::read_to_string(repo.path().join("okr.yaml")).unwrap();
    let config = config.replacen(
        "cycles:\n",
        "cycles:\n  - id: 2027-Q1\n    start: 2027-01-01\n    end: 2027-03-31\n    state: planning\n",
        1,
    );
    fs::write(repo.path().join("okr.yaml"), config).unwrap();
    let folder = repo.path().join("okrs/2027-Q1");
    fs::create_dir_all(&folder).unwrap();
    for pid in next_pids() {
        std::os::unix::fs::symlink(&victim, folder.join(format!(".platform.yaml.okr-init-{pid}"))).unwrap();
    }
    let output = okr().args(["rollover", "2026-Q4", "2027-Q1", "--root"]).arg(repo.path()).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious\n");
    assert!(fs::symlink_metadata(folder.join("platform.yaml")).unwrap().is_file());

    let fresh = tempfile::tempdir().unwrap();
    for pid in next_pids() {
        std::os::unix::fs::symlink(&victim, fresh.path().join(format!(".okr.yaml.okr-init-{pid}"))).unwrap();
    }
    // A folder on the way that is a link is refused, not written through.
    std::os::unix::fs::symlink(outside.path(), fresh.path().join(".github")).unwrap();
    let output =
        okr().args(["init", "-q"]).arg(fresh.path()).args(["--as-of", "2026-11-27"]).output().unwrap();
    assert!(!output.status.success(), "init refuses to write through .github");
    assert!(stderr(&output).contains("symbolic link"), "{}", stderr(&output));
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 1, "nothing was written outside");
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious\n");
    assert!(!fresh.path().join("okr.yaml").exists(), "all or nothing: no file was written");
}

/// Item 2: two check-ins at once lost one of them in 0.1.0 (38 of 93).
#[test]
fn item_2_concurrent_check_ins_are_never_lost() {
    let repo = acme();
    let binary = env!("CARGO_BIN_EXE_okr");
    let mut children = Vec::new();
    for n in 0..12 {
        let value = format!("{}.5", 93 + n % 6);
        let date = format!("2026-11-{}", 10 + n);
        let child = Command::new(binary)
            .args(["checkin", KR, &value, "--note", &format!("parallel {n}"), "--date", &date, "--root"])
            .arg(repo.path())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        children.push(child);
    }
    let mut succeeded = Vec::new();
    for (n, child) in children.into_iter().enumerate() {
        let output = child.wait_with_output().unwrap();
        if output.status.success() {
            succeeded.push(n);
        } else {
            let message = stderr(&output);
            assert!(
                message.contains("run the command again") || message.contains("another okr"),
                "{message}"
            );
        }
    }
    let text = fs::read_to_string(repo.path().join(PLATFORM)).unwrap();
    for n in &succeeded {
        assert!(
            text.contains(&format!("parallel {n}")),
            "check-in {n} was reported written and is lost:\n{text}"
        );
    }
    assert_eq!(succeeded.len(), 12, "with the lock every one of them is written");
}

/// Item 18: 0.1.0 left `.NAME.okr-PID` files behind when it was killed;
/// the next write removes okr's own leftovers, and nothing else.
#[test]
fn item_18_leftovers_of_a_killed_run_are_cleaned_up() {
    let repo = acme();
    let folder = repo.path().join("okrs/2026-Q4");
    for name in [".platform.yaml.okr-4242", ".platform.yaml.okr-init-4243", ".platform.yaml.okr-tmp-AbC123"] {
        fs::write(folder.join(name), "half a file").unwrap();
    }
    fs::write(folder.join(".notes.okr-mine"), "a user's file").unwrap();
    let output = checkin(repo.path(), &[KR, "98", "--date", "2026-11-25"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut left: Vec<String> = fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert!(left.contains(&".notes.okr-mine".to_string()), "{left:?}");
    assert!(left.iter().all(|n| !n.starts_with(".platform.yaml.okr")), "{left:?}");
}

/// Item 18: a site build killed half-way left `.site.okr-new-PID`; the next
/// build removes it (when it is older than an hour) and never follows a link.
#[cfg(unix)]
#[test]
fn item_18_site_leftovers_are_removed_and_links_left_alone() {
    let repo = acme();
    let work = tempfile::tempdir().unwrap();
    let stale = work.path().join(".site.okr-new-4242");
    fs::create_dir_all(stale.join("cycles")).unwrap();
    fs::write(stale.join("cycles/index.html"), "old").unwrap();
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    fs::File::open(&stale).unwrap().set_modified(two_hours_ago).unwrap();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("keep"), "mine").unwrap();
    std::os::unix::fs::symlink(outside.path(), work.path().join(".site.okr-old-4243")).unwrap();
    let out = work.path().join("site");
    for _ in 0..2 {
        let output = crate::support::okr_build(repo.path(), &out, "2026-11-25").output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
    }
    assert!(!stale.exists(), "the stale folder is removed");
    assert_eq!(fs::read_to_string(outside.path().join("keep")).unwrap(), "mine");
    let mut left: Vec<String> = fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, [".site.okr-old-4243", "site"]);
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&fs::metadata(&out).unwrap().permissions()) & 0o777,
        0o755,
        "the site is readable"
    );
}

/// Item 21: 0.1.0 replaced a read-only file and broke its hard links.
#[cfg(unix)]
#[test]
fn item_21_read_only_and_hard_linked_files_are_refused_and_the_mode_kept() {
    use std::os::unix::fs::PermissionsExt as _;
    let repo = acme();
    let path = repo.path().join(PLATFORM);
    let before = fs::read(&path).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let output = checkin(repo.path(), &[KR, "98", "--date", "2026-11-25"]);
    // Root may write a read-only file; okr refuses it all the same.
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("read-only"), "{}", stderr(&output));
    assert_eq!(fs::read(&path).unwrap(), before);

    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let twin = repo.path().join("twin.yaml.bak");
    fs::hard_link(&path, &twin).unwrap();
    let output = checkin(repo.path(), &[KR, "98", "--date", "2026-11-25"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("hard links"), "{}", stderr(&output));
    assert_eq!(fs::read(&path).unwrap(), before);

    fs::remove_file(&twin).unwrap();
    let output = checkin(repo.path(), &[KR, "98", "--date", "2026-11-25"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640, "the mode is kept");
}

const HEAD: &str = "cycle: 2026-Q4\nteam: platform\n";

fn base_repo() -> Repo {
    Repo::with_base_config()
}

fn check_human(repo: &Repo) -> Output {
    okr().args(["check", "--as-of", "2026-11-15"]).arg(repo.path()).output().unwrap()
}

/// Item 3: one 500 KB anchored scalar aliased 4,000 times (a 2 GB
/// expansion) is refused naming the file, under a 1 GiB address-space cap.
#[test]
fn item_3_a_large_scalar_aliased_thousands_of_times_is_refused() {
    let repo = base_repo();
    let mut text = format!("{HEAD}big: &b {}\nmany:\n", "x".repeat(500_000));
    for _ in 0..4_000 {
        text.push_str("  - *b\n");
    }
    repo.write(PLATFORM, &text);
    let output = Command::new("sh")
        .args(["-c", "ulimit -v 1048576 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_okr"))
        .args(["check", "--format", "json", "--as-of", "2026-11-15"])
        .arg(repo.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let hit = json["diagnostics"].as_array().unwrap().iter().any(|d| {
        d["file"] == PLATFORM
            && d["rule"] == "yaml-syntax"
            && d["message"].as_str().unwrap().contains("MiB of text")
    });
    assert!(hit, "{json}");
}

/// Item 5: a folder name with a newline, a tab, `*` and `@attacker` put
/// `*<TAB>@attacker` lines into `okr codeowners`. Such a path is refused
/// with a diagnostic at its path; codeowners refuses to run on it.
#[test]
fn item_5_paths_with_control_characters_are_refused() {
    let repo = base_repo();
    let text = format!("{HEAD}objectives:\n  - id: a\n    title: A\n    owner: bob\n");
    repo.write(PLATFORM, &text);
    let evil = "okrs/2026-Q4/x\n*\t@attacker/platform.yaml";
    repo.write(evil, &text);
    let (code, json) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let finding = json["diagnostics"].as_array().unwrap().iter().find(|d| d["file"] == evil).cloned();
    let finding = finding.unwrap_or_else(|| panic!("{json}"));
    assert_eq!(finding["rule"], "yaml-syntax");
    assert!(finding["message"].as_str().unwrap().contains("control character"), "{finding}");
    let output = okr().args(["codeowners", "--root"]).arg(repo.path()).output().unwrap();
    assert!(!output.status.success());
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(printed.lines().all(|l| !l.starts_with('*')), "{printed}");
}

/// Item 9: a file name with a newline and `::warning` was printed as a
/// line a GitHub runner obeys, by `okr check` and `okr build`.
#[test]
fn item_9_file_names_and_keys_cannot_inject_workflow_commands() {
    let repo = base_repo();
    let text = format!("{HEAD}objectives:\n  - id: a\n    title: A\n    owner: bob\n    \"x\\n::warning file=a::pwned\": 1\n");
    repo.write(PLATFORM, &text);
    repo.write("okrs/2026-Q4/y\n::error::owned.yaml", &text);
    let output = check_human(&repo);
    assert_eq!(output.status.code(), Some(1));
    let out = format!("{}{}", String::from_utf8_lossy(&output.stdout), stderr(&output));
    assert!(out.contains("\\n::warning"), "the newline is shown as an escape:\n{out}");
    assert!(out.lines().all(|l| !l.trim_start().starts_with("::")), "{out}");
    let site = tempfile::tempdir().unwrap();
    let output =
        crate::support::okr_build(repo.path(), &site.path().join("s"), "2026-11-15").output().unwrap();
    let out = format!("{}{}", String::from_utf8_lossy(&output.stdout), stderr(&output));
    assert!(out.lines().all(|l| !l.trim_start().starts_with("::")), "{out}");
}

/// Item 9: a title with terminal escapes is shown escaped by `okr status`.
#[test]
fn item_9_terminal_escapes_in_titles_are_shown_escaped() {
    let repo = base_repo();
    let text = format!(
        "{HEAD}objectives:\n  - id: a\n    title: \"\\e[2J\\e]8;;http://x\\aA\"\n    owner: bob\n    key_results:\n      - id: k\n        title: K\n        owner: bob\n        start: 0\n        target: 10\n"
    );
    repo.write(PLATFORM, &text);
    let output = okr().args(["status", "--as-of", "2026-11-15", "--root"]).arg(repo.path()).output().unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("\\u{1b}[2J"), "{out}");
}

/// Item 6: a 1 MiB file of unknown owners took 56 s to print; every
/// finding is still listed, the first 50 with their source lines.
#[test]
fn item_6_human_output_of_many_findings_is_linear_and_complete() {
    let repo = base_repo();
    let mut text = format!("{HEAD}objectives:\n");
    let mut n = 0;
    while text.len() < 1_000_000 {
        text.push_str(&format!("  - {{ id: o{n}, title: Objective {n}, owner: nobody-{n} }}\n"));
        n += 1;
    }
    repo.write(PLATFORM, &text);
    let output = check_human(&repo);
    let out = String::from_utf8_lossy(&output.stdout);
    assert_eq!(out.matches("error[unknown-owner]").count(), n, "every finding is listed");
    assert!(out.contains("has more than 50 findings"), "{}", &out[..2000]);
    // Snippets show the source line; past the cap only `--> file:line:col`.
    assert_eq!(out.matches("owner: nobody-").count(), 50, "source lines for the first 50 only");
}

/// Item 7: 4,000 people and 4,000 unknown owners; each still gets its
/// suggestion.
#[test]
fn item_7_suggestions_among_thousands_of_people() {
    let repo = Repo::empty();
    let mut config = String::from(
        "organisation: Big\ncycles:\n  - { id: 2026-Q4, start: 2026-10-01, end: 2026-12-31, state: active }\nteams:\n  - { id: platform, name: Platform }\npeople:\n",
    );
    for n in 0..4_000 {
        config.push_str(&format!("  - {{ id: person-{n}, name: Person {n} }}\n"));
    }
    repo.write("okr.yaml", &config);
    let mut text = format!("{HEAD}objectives:\n");
    for n in 0..4_000 {
        text.push_str(&format!("  - {{ id: o{n}, title: Objective {n}, owner: person-{n}x }}\n"));
    }
    repo.write(PLATFORM, &text);
    let (code, json) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let helps: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "unknown-owner")
        .map(|d| d["help"].as_str().unwrap())
        .collect();
    assert_eq!(helps.len(), 4_000);
    assert_eq!(helps[1234], "did you mean `person-1234`?");
}

/// Item 11: a folder okr cannot read was skipped silently (13 files → 9,
/// exit 0). Run as an unprivileged user, since root reads any folder.
#[cfg(unix)]
#[test]
fn item_11_an_unreadable_folder_is_reported_at_its_path() {
    use std::os::unix::fs::PermissionsExt as _;
    let repo = acme();
    let secret = repo.path().join("okrs/2026-Q4/secret");
    fs::create_dir_all(&secret).unwrap();
    fs::write(secret.join("x.yaml"), "cycle: 2026-Q4\nteam: platform\n").unwrap();
    // Made unreadable once `as_nobody` has made everything readable.
    let unreadable = {
        let secret = secret.clone();
        move || fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap()
    };
    let Some(output) =
        as_nobody_after(&repo, &["check", "--format", "json", "--as-of", "2026-11-25"], unreadable)
    else {
        eprintln!("skipped: setpriv is not installed");
        return;
    };
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let finding = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == "okrs/2026-Q4/secret/")
        .cloned()
        .unwrap_or_else(|| panic!("{json}"));
    assert!(finding["message"].as_str().unwrap().contains("cannot read this folder"), "{finding}");
}

/// Item 20: `2026-Q4` and `2026-q4` are one folder on macOS and Windows.
#[test]
fn item_20_cycle_ids_that_differ_only_by_case_are_refused() {
    let repo = base_repo();
    let config = fs::read_to_string(repo.path().join("okr.yaml")).unwrap();
    let config = config.replace(
        "teams:\n",
        "  - { id: 2026-q4, start: 2026-10-01, end: 2026-12-31, state: active }\nteams:\n",
    );
    repo.write("okr.yaml", config);
    let (code, json) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let finding =
        json["diagnostics"].as_array().unwrap().iter().find(|d| d["rule"] == "duplicate-id").cloned();
    let finding = finding.unwrap_or_else(|| panic!("{json}"));
    assert_eq!(
        finding["message"],
        "`2026-q4` differs from `2026-Q4` only by case; their folders would be one on macOS and Windows"
    );
}

/// Items 13 and 15: `okr diff --format markdown` passed `@everyone` and
/// bare URLs into PR comments; `okr history --format csv` wrote a
/// formula-shaped author as is.
#[test]
fn item_13_and_15_mentions_links_and_formulas_stay_text() {
    let repo = acme();
    repo.git_init().commit("start", "2026-10-01", "Ann Arbor");
    repo.edit(
        PLATFORM,
        "title: Deployments are boring",
        "title: Boring deploys @everyone see https://evil.example",
    );
    repo.commit("=HYPERLINK(\"https://evil.example\") @org/team", "2026-10-02", "=cmd|'/c calc'!A1");
    let output = repo.okr(&["diff", "HEAD~1", "--format", "markdown", "--as-of", "2026-11-25"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let markdown = String::from_utf8_lossy(&output.stdout);
    assert!(markdown.contains("Boring deploys"), "{markdown}");
    assert!(!markdown.contains("@everyone") && !markdown.contains("https://evil"), "{markdown}");
    assert!(!markdown.contains("@org/team"), "{markdown}");
    let output = repo.okr(&["history", "--format", "csv"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let csv = String::from_utf8_lossy(&output.stdout);
    for line in csv.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        assert!(
            !fields[2].starts_with('=') && !fields[3].starts_with('=') && !fields[3].starts_with("\"="),
            "{line}"
        );
    }
    assert!(csv.contains("'=cmd|'/c calc'!A1") || csv.contains("\"'=cmd"), "{csv}");
}

/// Item 17: `$GITHUB_STEP_SUMMARY` received raw HTML from YAML keys.
#[test]
fn item_17_the_step_summary_holds_no_html_from_the_files() {
    let repo = base_repo();
    let text = format!("{HEAD}objectives:\n  - id: a\n    title: A\n    owner: bob\n    \"<img src=x onerror=alert(1)>`|\": 1\n");
    repo.write(PLATFORM, &text);
    let summary = tempfile::NamedTempFile::new().unwrap();
    let output = okr()
        .args(["check", "--format", "github", "--as-of", "2026-11-15"])
        .arg(repo.path())
        .env("GITHUB_STEP_SUMMARY", summary.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let written = fs::read_to_string(summary.path()).unwrap();
    assert!(written.contains("&lt;img"), "{written}");
    assert!(!written.contains("<img"), "{written}");
    let rows: Vec<&str> = written.lines().filter(|l| l.starts_with("| ❌")).collect();
    assert!(!rows.is_empty());
    for row in rows {
        assert_eq!(row.matches(" | ").count(), 3, "no cell is broken: {row}");
    }
}

/// Item 16: SARIF `artifactLocation.uri` is percent-encoded.
#[test]
fn item_16_sarif_uris_are_percent_encoded() {
    let repo = base_repo();
    repo.write("okrs/2026-Q4/a b#1.yaml", format!("{HEAD}objectives: 3\n"));
    let output = okr()
        .args(["check", "--format", "sarif", "--as-of", "2026-11-15"])
        .arg(repo.path())
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let uris: Vec<String> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap().to_owned()
        })
        .collect();
    assert!(uris.contains(&"okrs/2026-Q4/a%20b%231.yaml".to_owned()), "{uris:?}");
}

/// Item 22: a template loop (`range(100000)` nested) hung `okr build`.
#[test]
fn item_22_a_runaway_template_stops_with_its_name_and_line() {
    let repo = acme();
    repo.write(
        "templates/overview.html",
        "{% extends \"okr/base.html\" %}\n{% block content %}\n{% for a in range(100000) %}{% for b in range(100000) %}{{ a }}{% endfor %}{% endfor %}\n{% endblock %}\n",
    );
    let site = tempfile::tempdir().unwrap();
    let output =
        crate::support::okr_build(repo.path(), &site.path().join("s"), "2026-11-25").output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("template overview.html:3: the page takes more work"),
        "{}",
        stderr(&output)
    );
    assert!(!site.path().join("s").exists(), "nothing was written");
}

/// Item 4: 18 levels of 2 objectives, each aligned to both above, aborted
/// `okr build`; 16 levels wrote an 84 MB alignment page.
#[test]
fn item_4_an_alignment_dag_draws_each_objective_once() {
    let repo = base_repo();
    let mut text = format!("{HEAD}objectives:\n");
    for level in 0..18 {
        for side in ["a", "b"] {
            text.push_str(&format!(
                "  - id: l{level}{side}\n    title: Level {level} {side}\n    owner: bob\n"
            ));
            if level > 0 {
                text.push_str(&format!(
                    "    aligned_to: [platform/l{}a, platform/l{}b]\n",
                    level - 1,
                    level - 1
                ));
            }
        }
    }
    repo.write(PLATFORM, &text);
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("s");
    let output = crate::support::okr_build(repo.path(), &out, "2026-11-15").output().unwrap();
    assert!(output.status.code().is_some_and(|c| c < 2), "{}", stderr(&output));
    let page = fs::read_to_string(out.join("cycles/2026-Q4/alignment.html")).unwrap();
    assert!(page.len() < 200_000, "the page has {} bytes", page.len());
    for level in 0..18 {
        assert!(page.contains(&format!("Level {level} a")), "level {level} is drawn");
    }
    assert!(page.contains("href=\"#alignment-"), "later appearances refer to the first");
}

/// Item 8: every page listed every cycle, so 800 cycles made a 321 MB site.
#[test]
fn item_8_the_cycle_switcher_is_bounded() {
    let repo = Repo::empty();
    let mut config = String::from("organisation: Long\ncycles:\n");
    for n in 0..300 {
        let year = 2000 + n / 4;
        let (start, end) =
            [("01-01", "03-31"), ("04-01", "06-30"), ("07-01", "09-30"), ("10-01", "12-31")][n % 4];
        config.push_str(&format!(
            "  - {{ id: {year}-Q{}, start: {year}-{start}, end: {year}-{end}, state: closed }}\n",
            n % 4 + 1
        ));
    }
    config.push_str("teams:\n  - { id: platform, name: Platform }\npeople:\n  - { id: bob, name: Bob }\n");
    repo.write("okr.yaml", config);
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("s");
    let output = crate::support::okr_build(repo.path(), &out, "2026-11-15").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let page = fs::read_to_string(out.join("cycles/2040-Q1/index.html")).unwrap();
    let switcher = &page[page.find("class=\"cycles\"").unwrap()..page.find("class=\"sections\"").unwrap()];
    assert_eq!(switcher.matches("<li>").count(), 8, "{switcher}");
    assert!(switcher.contains("All cycles (300)") && switcher.contains("roadmap.html"), "{switcher}");
    assert!(switcher.contains("aria-current=\"page\""), "the current cycle is among them");
    let bytes: u64 = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    assert!(bytes < 40_000_000, "the site has {bytes} bytes");
}

/// Item 14: `closed-cycle-modified` missed a deleted closed-cycle file, a
/// deleted cycle and a renamed cycle.
#[test]
fn item_14_deleting_or_renaming_a_closed_cycle_is_reported() {
    let findings = |repo: &Repo| -> Vec<String> {
        let (_, json) = repo.check_json_at("2026-11-25", &["--base", "HEAD"]);
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "closed-cycle-modified")
            .map(|d| format!("{}: {}", d["file"].as_str().unwrap(), d["message"].as_str().unwrap()))
            .collect()
    };
    let repo = acme();
    repo.git_init().commit("start", "2026-10-01", "Ann Arbor");
    fs::remove_file(repo.path().join("okrs/2026-Q3/mobile.yaml")).unwrap();
    let found = findings(&repo);
    assert!(
        found.iter().any(|f| f.starts_with(
            "okr.yaml: okrs/2026-Q3/mobile.yaml of closed cycle 2026-Q3 was deleted since HEAD"
        )),
        "{found:?}"
    );
    crate::support::git(repo.path(), &["checkout", "--", "."]);
    repo.edit("okr.yaml", "  - id: 2026-Q3\n", "  - id: 2026-Q3-old\n");
    let found = findings(&repo);
    assert!(
        found.contains(
            &"okr.yaml: cycle `2026-Q3` was closed at HEAD and is renamed `2026-Q3-old`".to_owned()
        ),
        "{found:?}"
    );
    crate::support::git(repo.path(), &["checkout", "--", "."]);
    repo.edit(
        "okr.yaml",
        "  - id: 2026-Q3\n    name: Q3 2026\n    start: 2026-07-01\n    end: 2026-09-30\n    state: closed\n",
        "",
    );
    let found = findings(&repo);
    assert!(
        found.contains(
            &"okr.yaml: cycle `2026-Q3` was closed at HEAD and is removed from okr.yaml".to_owned()
        ),
        "{found:?}"
    );
}

/// Item 12: a repository okr cannot open (another owner, a HEAD that names
/// a missing commit) was taken for "not a repository".
#[cfg(unix)]
#[test]
fn item_12_a_repository_okr_cannot_open_is_an_error_not_no_repository() {
    let repo = acme();
    repo.git_init().commit("start", "2026-10-01", "Ann Arbor");
    // HEAD names a commit that is not there.
    let main = repo.path().join(".git/refs/heads/main");
    let saved = fs::read_to_string(&main).unwrap();
    fs::write(&main, "0123456789abcdef0123456789abcdef01234567\n").unwrap();
    let site = tempfile::tempdir().unwrap();
    let output =
        crate::support::okr_build(repo.path(), &site.path().join("s"), "2026-11-25").output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("HEAD"), "{}", stderr(&output));
    assert!(stderr(&output).contains("--no-history"), "{}", stderr(&output));
    let output = repo.okr(&["diff", "--format", "json"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    fs::write(&main, saved).unwrap();

    // Owned by root, read by another user: git's safe.directory refuses it.
    let Some(output) = as_nobody(&repo, &["check", "--format", "github", "--as-of", "2026-11-25"]) else {
        return;
    };
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("safe.directory"), "{}", stderr(&output));
}

/// Item 19: a weight of 1.7e308 gave a wrong 0 % off-track; weights and
/// values are bounded by the schema, with an explanation.
#[test]
fn item_19_weights_and_values_are_bounded() {
    let repo = base_repo();
    let text = format!(
        "{HEAD}objectives:\n  - id: a\n    title: A\n    owner: bob\n    key_results:\n      - {{ id: k, title: K, owner: bob, start: 0, target: 10, weight: 1.7e308 }}\n      - {{ id: l, title: L, owner: bob, start: 0, target: 1e300 }}\n"
    );
    repo.write(PLATFORM, text);
    let (code, json) = repo.check_json(&[]);
    assert_eq!(code, 1);
    let schema: Vec<(String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "schema")
        .map(|d| {
            (d["message"].as_str().unwrap().to_owned(), d["help"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    assert!(
        schema.iter().any(|(m, h)| m.starts_with("`weight` is")
            && m.ends_with("the most is 1000")
            && h.contains("small numbers")),
        "{schema:?}"
    );
    assert!(
        schema.iter().any(|(m, h)| m.starts_with("`target` is") && h.contains("larger unit")),
        "{schema:?}"
    );
}
