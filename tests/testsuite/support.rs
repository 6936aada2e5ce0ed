//! Helpers: running the binary, temporary repositories, compact diagnostics.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

/// The date the rule fixtures are evaluated at.
pub(crate) const AS_OF: &str = "2026-11-15";
/// The date examples/acme is evaluated at (its last check-ins are 2026-11-20).
pub(crate) const ACME_AS_OF: &str = "2026-11-25";

pub(crate) fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn okr() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_okr"));
    command.env_remove("NO_COLOR").env("RAYON_NUM_THREADS", "2");
    command
}

/// Runs `okr` with `args` and returns its output.
pub(crate) fn run(args: &[&str]) -> Output {
    okr().args(args).output().expect("okr runs")
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// A temporary OKR repository.
pub(crate) struct Repo {
    pub(crate) dir: TempDir,
}

impl Repo {
    /// An empty folder.
    pub(crate) fn empty() -> Self {
        Repo { dir: tempfile::tempdir().expect("temp dir") }
    }

    /// A copy of `source`, with the shared rule-fixture okr.yaml when `source`
    /// has none of its own.
    pub(crate) fn copy_of(source: &Path) -> Self {
        let repo = Repo::empty();
        copy_dir(source, repo.path());
        if !repo.path().join("okr.yaml").exists() {
            fs::copy(manifest_dir().join("tests/fixtures/rules/okr.yaml"), repo.path().join("okr.yaml"))
                .expect("copy okr.yaml");
        }
        repo
    }

    /// The shared rule-fixture okr.yaml and nothing else.
    pub(crate) fn with_base_config() -> Self {
        let repo = Repo::empty();
        fs::copy(manifest_dir().join("tests/fixtures/rules/okr.yaml"), repo.path().join("okr.yaml"))
            .expect("copy okr.yaml");
        repo
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn write(&self, relative: &str, content: impl AsRef<[u8]>) -> &Self {
        let path = self.path().join(relative);
        fs::create_dir_all(path.parent().expect("has a parent")).expect("create folders");
        fs::write(path, content).expect("write file");
        self
    }

    /// `okr check --format json --as-of AS_OF` on this repository.
    pub(crate) fn check_json(&self, extra: &[&str]) -> (i32, Value) {
        self.check_json_at(AS_OF, extra)
    }

    /// `okr check --format json --as-of DATE` on this repository.
    pub(crate) fn check_json_at(&self, as_of: &str, extra: &[&str]) -> (i32, Value) {
        let root = self.path().to_str().expect("UTF-8 temp path");
        let mut args = vec!["check", root, "--format", "json", "--as-of", as_of];
        args.extend_from_slice(extra);
        let output = run(&args);
        let json = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", stdout(&output), stderr(&output)));
        (output.status.code().expect("exit code"), json)
    }
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("create folder");
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Diagnostics as one line each: `file:line:col severity[rule] message`.
pub(crate) fn compact(json: &Value) -> String {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| {
            let help = d["help"].as_str().map(|h| format!("\n    help: {h}")).unwrap_or_default();
            format!(
                "{}:{}:{} {}[{}] {}{help}",
                d["file"].as_str().unwrap_or_default(),
                d["line"],
                d["column"],
                d["severity"].as_str().unwrap_or_default(),
                d["rule"].as_str().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default(),
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The rules that reported something.
pub(crate) fn rules_of(json: &Value) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .filter_map(|d| d["rule"].as_str().map(str::to_owned))
        .collect()
}

/// Runs `git` in `dir` with a fixed identity and no user or system config.
pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    git_at(dir, args, "2026-10-01T09:00:00+02:00", "Ann Arbor", "ann@example.com")
}

/// Runs `git` in `dir` as `author`, with author and committer date `date`.
pub(crate) fn git_at(dir: &Path, args: &[&str], date: &str, author: &str, email: &str) -> String {
    let output = Command::new("git")
        .args(["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", author)
        .env("GIT_AUTHOR_EMAIL", email)
        .env("GIT_COMMITTER_NAME", author)
        .env("GIT_COMMITTER_EMAIL", email)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

impl Repo {
    /// `git init` here.
    pub(crate) fn git_init(&self) -> &Self {
        git(self.path(), &["init", "-q"]);
        self
    }

    /// Commits everything as `author` on `date` (`YYYY-MM-DD`, 10:00 UTC+1).
    pub(crate) fn commit(&self, message: &str, date: &str, author: &str) -> &Self {
        git(self.path(), &["add", "-A"]);
        let email = format!("{}@example.com", author.to_lowercase().replace(' ', "."));
        let when = format!("{date}T10:00:00+01:00");
        git_at(self.path(), &["commit", "-q", "--allow-empty", "-m", message], &when, author, &email);
        self
    }

    /// Replaces `from` by `to` in a file, which must contain it.
    pub(crate) fn edit(&self, relative: &str, from: &str, to: &str) -> &Self {
        let path = self.path().join(relative);
        let text = fs::read_to_string(&path).expect("read file");
        assert!(text.contains(from), "{relative} does not contain {from:?}");
        fs::write(path, text.replacen(from, to, 1)).expect("write file");
        self
    }

    /// Runs `okr` with `args` in this repository's folder.
    pub(crate) fn okr(&self, args: &[&str]) -> Output {
        okr().args(args).current_dir(self.path()).output().expect("okr runs")
    }
}

/// Every file below `dir`, by `/`-separated relative path.
pub(crate) fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (relative, fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Whether a path names an HTML page.
pub(crate) fn is_html(path: &str) -> bool {
    Path::new(path).extension().is_some_and(|e| e.eq_ignore_ascii_case("html"))
}

/// `okr build ROOT --out OUT --as-of DATE`, ready to add arguments to and run.
pub(crate) fn okr_build(root: &Path, out: &Path, as_of: &str) -> Command {
    let mut command = okr();
    command.args([
        "build",
        root.to_str().expect("UTF-8 path"),
        "--out",
        out.to_str().expect("UTF-8 path"),
        "--as-of",
        as_of,
    ]);
    command
}
