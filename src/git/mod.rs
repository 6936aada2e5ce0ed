//! All git access: the repository holding an OKR root, revisions, commits,
//! the files of a commit, the first-parent walk and shallow clones. Nothing
//! else in okr talks to git; everything else sees [`FileSource`]s and
//! [`CommitInfo`]s.

pub mod history;

pub use crate::history::CommitInfo;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path};

use anyhow::{anyhow, bail, Context as _, Result};
use chrono::{FixedOffset, Offset, TimeZone, Utc};
use git2::{ObjectType, Oid, Repository, TreeWalkMode, TreeWalkResult};

use crate::load::{is_yaml_name, FileSource, ReadError, CONFIG_FILE, MAX_FILE_BYTES};

/// What to do in a shallow clone, said wherever missing history stops okr.
pub const SHALLOW_HELP: &str =
    "this is a shallow clone, so older commits are missing: fetch the full history \
     (`git fetch --unshallow`, or `fetch-depth: 0` on actions/checkout in GitHub Actions)";

/// What to do in a partial clone whose file versions okr needs are missing.
pub const PARTIAL_HELP: &str =
    "this is a partial clone (`--filter=blob:none` or similar), so file versions of older commits \
     are not here, and okr does not fetch over the network: fetch them (`git fetch --refetch \
     --no-filter origin`, or clone without `--filter`; on actions/checkout leave `filter` unset)";

/// A file version in a commit: its path below the OKR root and blob id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileVersion {
    pub path: String,
    pub blob: Oid,
}

/// The files of the OKR root in one commit: `okr.yaml` and every YAML file
/// below the root, sorted by path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub config: Option<FileVersion>,
    pub yaml: Vec<FileVersion>,
}

impl Snapshot {
    /// The YAML files below the configured folders, as
    /// [`crate::load::discover_files`] finds them on disk.
    pub fn in_folders<'s>(&'s self, folders: &[String]) -> Vec<&'s FileVersion> {
        let prefixes: Vec<String> = folders.iter().filter_map(|f| folder_prefix(f)).collect();
        self.yaml
            .iter()
            .filter(|file| prefixes.iter().any(|p| p.is_empty() || file.path.starts_with(p.as_str())))
            .collect()
    }
}

/// Whether a repository is a partial clone: `extensions.partialClone` or a
/// remote with `promisor = true` in its configuration.
fn is_partial(repo: &Repository) -> bool {
    let Ok(config) = repo.config() else { return false };
    if config.get_string("extensions.partialclone").is_ok_and(|remote| !remote.is_empty()) {
        return true;
    }
    let Ok(mut entries) = config.entries(Some(r"remote\..*\.promisor")) else { return false };
    let mut promisor = false;
    while let Some(Ok(entry)) = entries.next() {
        promisor |= entry
            .value()
            .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "yes" | "on" | "1"));
    }
    promisor
}

/// `okrs/./teams` → `okrs/teams/`; `None` for folders outside the root.
fn folder_prefix(folder: &str) -> Option<String> {
    if !crate::load::discover::is_contained(folder) {
        return None;
    }
    let parts: Vec<String> = Path::new(folder)
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    Some(if parts.is_empty() { String::new() } else { format!("{}/", parts.join("/")) })
}

/// Why a git command cannot run here.
#[derive(Debug)]
pub enum GitError {
    /// The OKR root is not inside a git repository.
    NotARepository,
}

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GitError::NotARepository => f.write_str(
                "the OKR root is not in a git repository (run `git init` there to keep its history)",
            ),
        }
    }
}

impl std::error::Error for GitError {}

/// The git repository that holds an OKR root.
pub struct Repo {
    git: Repository,
    /// The OKR root inside the work tree, `/`-separated with a trailing
    /// `/`; empty when the root is the top of the work tree.
    prefix: String,
    /// A partial clone: objects may be missing, to be fetched from a
    /// promisor remote (which libgit2 cannot do).
    partial: bool,
}

impl Repo {
    /// The repository holding `root`; `None` when `root` is in none.
    ///
    /// Only "no repository here" is `None`: a repository okr cannot open (one
    /// owned by another user that git's `safe.directory` does not allow, a
    /// corrupt `.git`) is an error with its cause, never taken for "not in
    /// git" (which would give wrong annotation paths, no trends, and a diff
    /// that reports everything as added).
    pub fn open(root: &Path) -> Result<Option<Repo>> {
        let repo = match Repository::discover(root) {
            Ok(repo) => repo,
            Err(error) if error.code() == git2::ErrorCode::NotFound => return Ok(None),
            Err(error) if error.code() == git2::ErrorCode::Owner => bail!(
                "cannot open the git repository holding {}: {}; if you trust it, allow it with                  `git config --global --add safe.directory <its folder>`",
                root.display(),
                error.message()
            ),
            Err(error) => {
                bail!("cannot open the git repository holding {}: {}", root.display(), error.message())
            }
        };
        let Some(workdir) = repo.workdir() else {
            bail!("{} is inside a bare git repository; okr needs a work tree", root.display())
        };
        let canonical =
            |path: &Path| path.canonicalize().with_context(|| format!("cannot resolve {}", path.display()));
        let root = canonical(root)?;
        let workdir = canonical(workdir)?;
        let relative = root
            .strip_prefix(&workdir)
            .map_err(|_| anyhow!("{} is not inside the work tree {}", root.display(), workdir.display()))?;
        let prefix = folder_prefix(&relative.to_string_lossy()).unwrap_or_default();
        let partial = is_partial(&repo);
        Ok(Some(Repo { git: repo, prefix, partial }))
    }

    /// [`Repo::open`], with an error outside a repository.
    pub fn require(root: &Path) -> Result<Repo> {
        Repo::open(root)?.ok_or_else(|| GitError::NotARepository.into())
    }

    /// Whether this is a shallow clone.
    pub fn is_shallow(&self) -> bool {
        self.git.is_shallow()
    }

    /// The top of the work tree.
    pub fn workdir(&self) -> Option<&Path> {
        self.git.workdir()
    }

    /// The OKR root's folder inside the work tree (`""` at the top).
    pub fn prefix(&self) -> &str {
        self.prefix.trim_end_matches('/')
    }

    /// The commit `rev` names (`main`, `HEAD~3`, an id, ...).
    pub fn resolve(&self, rev: &str) -> Result<Oid> {
        match self.git.revparse_single(rev).and_then(|object| object.peel_to_commit()) {
            Ok(commit) => Ok(commit.id()),
            Err(_) if self.is_shallow() => bail!("cannot find revision `{rev}`: {SHALLOW_HELP}"),
            Err(error) => bail!("cannot find revision `{rev}`: {}", error.message()),
        }
    }

    /// The current commit; `None` in a repository without commits.
    /// The commit HEAD names; `None` before the first commit. A HEAD that
    /// names a missing or corrupt commit is an error, not "no commits".
    pub fn head(&self) -> Result<Option<Oid>> {
        let head = match self.git.head() {
            Ok(head) => head,
            Err(error)
                if matches!(error.code(), git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound) =>
            {
                return Ok(None)
            }
            Err(error) => bail!("cannot read HEAD: {}", error.message()),
        };
        let commit = head
            .peel_to_commit()
            .map_err(|e| anyhow!("cannot read the commit HEAD names: {}", e.message()))?;
        Ok(Some(commit.id()))
    }

    /// What a pull request is compared with: the merge base of HEAD and
    /// `origin/main` (or `main`, `origin/master`, `master`).
    pub fn default_base(&self) -> Result<Oid> {
        let head = self.head()?.ok_or_else(|| anyhow!("the repository has no commits yet"))?;
        let candidates = ["origin/main", "main", "origin/master", "master"];
        let Some(branch) = candidates.iter().find_map(|name| self.resolve(name).ok()) else {
            bail!("no BASE given and neither origin/main nor main exists: name one, e.g. `okr diff HEAD~1`")
        };
        match self.git.merge_base(head, branch) {
            Ok(base) => Ok(base),
            Err(_) if self.is_shallow() => bail!("cannot find where HEAD branched off main: {SHALLOW_HELP}"),
            Err(error) => bail!("HEAD and main have no common commit: {}", error.message()),
        }
    }

    /// What a change is compared with when `base` is named: `base` itself
    /// when it is an ancestor of `head`, else where the two diverged (their
    /// merge base). A pull request re-run after main moved on, or with main
    /// merged into it, then shows only its own changes, never the goalposts
    /// other people moved on main since.
    pub fn compare_base(&self, base: Oid, head: Oid) -> Result<Oid> {
        if base == head || self.git.graph_descendant_of(head, base).unwrap_or(false) {
            return Ok(base);
        }
        match self.git.merge_base(base, head) {
            Ok(merge_base) => Ok(merge_base),
            Err(_) if self.is_shallow() => {
                bail!("cannot find where this branch and the base diverged: {SHALLOW_HELP}")
            }
            Err(error) => bail!("the base and HEAD have no common commit: {}", error.message()),
        }
    }

    /// A revision range as git writes it: `A...B` (what B did since it left
    /// A) and `A..B` (the same here: okr compares B with where it diverged
    /// from A) give `(A, Some(B))`; `A...` and `A..` mean `A` against HEAD;
    /// a single revision gives `(rev, None)`.
    pub fn split_range(spec: &str) -> (&str, Option<&str>) {
        fn or_head(side: &str) -> &str {
            if side.is_empty() {
                "HEAD"
            } else {
                side
            }
        }
        match spec.split_once("...").or_else(|| spec.split_once("..")) {
            Some((base, head)) => (or_head(base), Some(or_head(head))),
            None => (spec, None),
        }
    }

    /// Id, date, author and subject of a commit.
    pub fn info(&self, id: Oid) -> Result<CommitInfo> {
        let commit = self.git.find_commit(id)?;
        let committed = commit.committer().when();
        let offset =
            FixedOffset::east_opt(committed.offset_minutes().saturating_mul(60)).unwrap_or_else(|| Utc.fix());
        let time = offset
            .timestamp_opt(committed.seconds(), 0)
            .single()
            .ok_or_else(|| anyhow!("commit {id} has an impossible date"))?;
        let author = commit.author();
        Ok(CommitInfo {
            id: id.to_string(),
            time,
            author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
            email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
            subject: commit
                .summary_bytes()
                .map(|s| String::from_utf8_lossy(s).into_owned())
                .unwrap_or_default(),
        })
    }

    /// The first-parent chain from `from` back to the root commit, newest
    /// first, and whether it stopped early at a shallow clone's boundary.
    pub fn first_parents(&self, from: Oid) -> Result<(Vec<Oid>, bool)> {
        let mut chain = Vec::new();
        let mut current = Some(self.git.find_commit(from)?);
        while let Some(commit) = current {
            chain.push(commit.id());
            current = match commit.parent_id(0) {
                Err(_) => None,
                Ok(parent) => match self.git.find_commit(parent) {
                    Ok(parent) => Some(parent),
                    Err(_) => return Ok((chain, true)),
                },
            };
        }
        let truncated = self.is_shallow() && chain.last().is_some_and(|&root| self.is_shallow_boundary(root));
        Ok((chain, truncated))
    }

    /// Whether a commit's parents were cut off by a shallow clone.
    fn is_shallow_boundary(&self, id: Oid) -> bool {
        let shallow = self.git.path().join("shallow");
        std::fs::read_to_string(shallow)
            .is_ok_and(|text| text.lines().any(|line| line.trim() == id.to_string()))
    }

    /// The commits a branch made since `base`: reachable from `head` and
    /// not from `base`, oldest first (parents before children), merge
    /// commits left out: a merge brings in changes other commits made,
    /// which are either in this list already (a branch merged into the line)
    /// or someone else's (main merged into the branch), and are never its
    /// own. With `base` the merge base this is `git log --no-merges
    /// base..head`.
    pub fn own_commits(&self, base: Oid, head: Oid) -> Result<Vec<Oid>> {
        let mut walk = self.git.revwalk()?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)?;
        walk.push(head)?;
        walk.hide(base)?;
        let mut own = Vec::new();
        for id in walk {
            let id = match id {
                Ok(id) => id,
                Err(_) if self.is_shallow() => {
                    bail!("cannot walk the commits since the base: {SHALLOW_HELP}")
                }
                Err(error) => bail!("cannot walk the commits since the base: {}", error.message()),
            };
            if self.git.find_commit(id)?.parent_count() <= 1 {
                own.push(id);
            }
        }
        Ok(own)
    }

    /// The commits a merge brought in: reachable from its other parents and
    /// not from its first, oldest first, merges left out; empty for a
    /// commit that is no merge.
    pub fn merged_commits(&self, merge: Oid) -> Result<Vec<Oid>> {
        let commit = self.git.find_commit(merge)?;
        if commit.parent_count() < 2 {
            return Ok(Vec::new());
        }
        let mut walk = self.git.revwalk()?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)?;
        for parent in commit.parent_ids().skip(1) {
            walk.push(parent)?;
        }
        walk.hide(commit.parent_id(0)?)?;
        let mut merged = Vec::new();
        for id in walk {
            let Ok(id) = id else { break };
            if self.git.find_commit(id).is_ok_and(|c| c.parent_count() <= 1) {
                merged.push(id);
            }
        }
        Ok(merged)
    }

    /// The first parent of a commit, if it is there.
    pub fn parent(&self, id: Oid) -> Option<Oid> {
        let commit = self.git.find_commit(id).ok()?;
        let parent = commit.parent_id(0).ok()?;
        self.git.find_commit(parent).ok().map(|c| c.id())
    }

    /// Of `paths` (files below the OKR root, `/`-separated), those whose
    /// bytes in the work tree at `root` differ from their version in commit
    /// `base`, or that it does not hold: what a pull request changed, with
    /// `base` its merge base.
    pub fn changed_since<'p>(
        &self,
        base: Oid,
        root: &Path,
        paths: impl IntoIterator<Item = &'p str>,
    ) -> Result<std::collections::BTreeSet<String>> {
        let snapshot = self.snapshot(base)?;
        let blobs: std::collections::HashMap<&str, Oid> =
            snapshot.config.iter().chain(&snapshot.yaml).map(|f| (f.path.as_str(), f.blob)).collect();
        let mut changed = std::collections::BTreeSet::new();
        for path in paths {
            let now = std::fs::read(root.join(path))
                .ok()
                .and_then(|bytes| Oid::hash_object(ObjectType::Blob, &bytes).ok());
            if now.is_none() || blobs.get(path).copied() != now {
                changed.insert(path.to_owned());
            }
        }
        Ok(changed)
    }

    /// The OKR root's files in a commit.
    pub fn snapshot(&self, id: Oid) -> Result<Snapshot> {
        let commit = self.git.find_commit(id)?;
        let mut tree = commit.tree()?;
        if !self.prefix.is_empty() {
            match tree.get_path(Path::new(self.prefix())) {
                Ok(entry) if entry.kind() == Some(ObjectType::Tree) => {
                    tree = self.git.find_tree(entry.id())?;
                }
                _ => return Ok(Snapshot::default()),
            }
        }
        let mut snapshot = Snapshot::default();
        tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
            let name = entry.name().unwrap_or_default();
            // Regular files only: no symbolic links or submodules.
            let regular = matches!(entry.filemode(), 0o100_644 | 0o100_755);
            if entry.kind() == Some(ObjectType::Blob) && regular && is_yaml_name(name) {
                let file = FileVersion { path: format!("{dir}{name}"), blob: entry.id() };
                if file.path == CONFIG_FILE {
                    snapshot.config = Some(file);
                } else {
                    snapshot.yaml.push(file);
                }
            }
            TreeWalkResult::Ok
        })?;
        snapshot.yaml.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(snapshot)
    }

    /// Whether every file version in `files` is in the object database. A
    /// missing one is an error, never a file left out: in a partial clone it
    /// would turn into a key result "added" on the day of its last check-in
    /// or a whole team "added" (issue 22).
    pub fn require_blobs<'f>(&self, files: impl IntoIterator<Item = &'f FileVersion>) -> Result<()> {
        let odb = self.git.odb()?;
        for file in files {
            if !odb.exists(file.blob) {
                let path = format!("{}{}", self.prefix, file.path);
                if self.partial {
                    bail!("the version of {path} in an older commit is missing: {PARTIAL_HELP}");
                }
                bail!("the git repository is missing the object {} of {path} (run `git fsck`)", file.blob);
            }
        }
        Ok(())
    }

    /// Whether the work tree below the OKR root is exactly HEAD's: no
    /// modified, staged, deleted or untracked file there. (A CI checkout is;
    /// its diff is then labelled with the commit, not "the work tree".)
    pub fn is_clean(&self) -> bool {
        let mut options = git2::StatusOptions::new();
        options.include_untracked(true).recurse_untracked_dirs(true).include_ignored(false);
        if !self.prefix.is_empty() {
            options.pathspec(self.prefix());
        }
        self.git.statuses(Some(&mut options)).is_ok_and(|statuses| statuses.is_empty())
    }

    /// Whether this is a partial clone.
    pub fn is_partial(&self) -> bool {
        self.partial
    }

    /// A blob's bytes, refused above the size limit.
    pub fn read(&self, file: &FileVersion) -> Result<Vec<u8>, ReadError> {
        let io = |error: git2::Error| ReadError::Io(error.message().to_owned());
        // The size from the object's header, before inflating a huge blob.
        let (size, _) = self.git.odb().and_then(|odb| odb.read_header(file.blob)).map_err(io)?;
        if size as u64 > MAX_FILE_BYTES {
            return Err(ReadError::TooLarge(size as u64));
        }
        let blob = self.git.find_blob(file.blob).map_err(io)?;
        Ok(blob.content().to_vec())
    }

    /// The OKR root's files in a commit, read into memory, to load as a
    /// workspace.
    pub fn tree_source(&self, id: Oid) -> Result<TreeSource> {
        let snapshot = self.snapshot(id)?;
        self.require_blobs(snapshot.config.iter().chain(&snapshot.yaml))?;
        let mut files = BTreeMap::new();
        for file in snapshot.config.iter().chain(&snapshot.yaml) {
            files.insert(file.path.clone(), self.read(file));
        }
        Ok(TreeSource { snapshot, files })
    }
}

/// The files of one commit, read ahead so that they can be parsed in
/// parallel (a git repository handle is not shared between threads).
pub struct TreeSource {
    snapshot: Snapshot,
    files: BTreeMap<String, Result<Vec<u8>, ReadError>>,
}

impl FileSource for TreeSource {
    fn read(&self, relative: &str) -> Result<Vec<u8>, ReadError> {
        self.files
            .get(relative)
            .cloned()
            .unwrap_or_else(|| Err(ReadError::Io("no such file in this commit".into())))
    }

    fn discover(&self, folders: &[String]) -> Vec<String> {
        self.snapshot.in_folders(folders).into_iter().map(|f| f.path.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(path: &str) -> FileVersion {
        FileVersion { path: path.to_owned(), blob: Oid::zero() }
    }

    #[test]
    fn snapshots_find_files_as_the_work_tree_walk_does() {
        let snapshot = Snapshot {
            config: Some(version("okr.yaml")),
            yaml: ["okrs/2026-Q4/a.yaml", "okrs-old/b.yaml", "teams/x/c.yml", "other/d.yaml"]
                .map(version)
                .to_vec(),
        };
        let found = |folders: &[&str]| -> Vec<String> {
            let folders: Vec<String> = folders.iter().map(|f| (*f).to_owned()).collect();
            snapshot.in_folders(&folders).into_iter().map(|f| f.path.clone()).collect()
        };
        assert_eq!(found(&["okrs"]), ["okrs/2026-Q4/a.yaml"], "a folder is matched whole, not as a prefix");
        assert_eq!(found(&["./teams/x"]), ["teams/x/c.yml"]);
        assert!(found(&["../okrs", "/etc"]).is_empty(), "folders outside the root find nothing");
        assert_eq!(found(&["."]).len(), 4);
    }
}
