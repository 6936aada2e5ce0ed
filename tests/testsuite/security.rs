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

/// Item 1: 0.1.0 wrote its temporary file `.NAME.okr-PID` with
/// `File::create`, through any link planted there.
#[cfg(unix)]
#[test]
fn item_1_checkin_never_writes_through_a_planted_temporary_link() {
    let repo = acme();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim");
    fs::write(&victim, "precious\n").unwrap();
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
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim");
    fs::write(&victim, "precious\n").unwrap();
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
