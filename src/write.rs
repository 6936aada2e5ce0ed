//! Every write okr makes into an OKR repository (`checkin`, `rollover`,
//! `init`, and `import`/`sync` when they exist) and the site's folders:
//! temporary files with random names opened with `O_EXCL` (never through a
//! link), an advisory lock on the repository, a verification before the
//! rename, all-or-nothing sets of new files, and the clean-up of what a
//! killed run left behind.

use std::fs::{self, File, TryLockError};
use std::io::{self, Read as _, Write as _};
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use tempfile::{Builder, NamedTempFile};

/// The part of every temporary name okr makes: `.NAME.okr-tmp-RANDOM`.
const TEMPORARY: &str = ".okr-tmp-";

/// How long a writer waits for another okr writing to the same repository.
const LOCK_WAIT: Duration = Duration::from_secs(20);

/// An advisory lock on a repository, held while a command reads, edits,
/// verifies and writes its files: two `okr checkin` at once run one after
/// the other instead of losing one's edit. The lock is taken on `okr.yaml`,
/// which every OKR repository has and no okr command replaces; it is
/// released when this value is dropped (or the process ends, however).
#[derive(Debug)]
pub struct RepositoryLock {
    _file: File,
}

impl RepositoryLock {
    /// Waits up to 20 s for the lock on `root/okr.yaml`; then refuses,
    /// naming the cause.
    pub fn acquire(root: &Path) -> Result<Self> {
        Self::acquire_within(root, LOCK_WAIT)
    }

    fn acquire_within(root: &Path, wait: Duration) -> Result<Self> {
        let path = root.join("okr.yaml");
        let file =
            open_no_follow(&path).with_context(|| format!("cannot open {} to lock it", path.display()))?;
        let started = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(RepositoryLock { _file: file }),
                Err(TryLockError::WouldBlock) if started.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(25));
                }
                Err(TryLockError::WouldBlock) => bail!(
                    "another okr command has been writing to this repository for {} s (it holds the lock on {}); \
                     try again when it has finished",
                    wait.as_secs(),
                    path.display()
                ),
                Err(TryLockError::Error(error)) => {
                    return Err(error).with_context(|| format!("cannot lock {}", path.display()))
                }
            }
        }
    }
}

/// Opens `path` for reading, refusing a symbolic link (on Unix, with
/// `O_NOFOLLOW`, so a link planted after a check is refused too).
fn open_no_follow(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let file = options.open(path)?;
    if fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(io::Error::other("it is a symbolic link"));
    }
    Ok(file)
}

/// Replaces the file at `path`, which held `expected` when the edit was made,
/// with `bytes`: written to a temporary file beside it (random name,
/// `O_EXCL`), given the file's permissions and owner through the open file,
/// read back, and renamed over `path` only if `path` still holds `expected`.
/// Readers see the old file or the new one, never half of one. Refuses a
/// file that is a link, read-only, or has other hard links (the rename would
/// break them), with a message that says what to do.
pub fn replace(path: &Path, expected: &[u8], bytes: &[u8]) -> Result<()> {
    let shown = path.display();
    let metadata = fs::symlink_metadata(path).with_context(|| format!("cannot read {shown}"))?;
    if metadata.file_type().is_symlink() {
        bail!("{shown} is a symbolic link; okr writes only regular files: nothing was written");
    }
    if !metadata.is_file() {
        bail!("{shown} is not a regular file: nothing was written");
    }
    if metadata.permissions().readonly() {
        bail!("{shown} is read-only: nothing was written (make it writable, e.g. `chmod u+w`, to record the change)");
    }
    refuse_hard_links(path, &metadata)?;
    let folder = parent_of(path);
    clean_leftovers(folder);
    let mut temporary = temporary_in(folder, path)?;
    let context = || format!("cannot write {shown}");
    temporary.as_file().set_permissions(metadata.permissions()).with_context(context)?;
    keep_owner(temporary.as_file(), &metadata)
        .with_context(|| format!("cannot keep the owner of {shown}: nothing was written"))?;
    temporary.write_all(bytes).and_then(|()| temporary.as_file().sync_all()).with_context(context)?;
    verify_written(temporary.path(), bytes).with_context(context)?;
    let current = read_no_follow(path).with_context(|| format!("cannot read {shown} again"))?;
    if current != expected {
        bail!("{shown} changed while okr was editing it: nothing was written; run the command again");
    }
    temporary.persist(path).map_err(|e| e.error).with_context(context)?;
    sync_folder(folder);
    Ok(())
}

/// Writes every file of `files` (paths and texts), none of which may exist:
/// all of them, or none. Each is written to a temporary file in its folder
/// first (a full disk fails here, before any is in place), then moved into
/// place without replacing anything; if one cannot be placed, those placed
/// before it are removed again. A folder on the way that is a symbolic link
/// is refused, so nothing is written outside `root`.
pub fn create_all(root: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    let mut staged = Vec::with_capacity(files.len());
    let mut cleaned = std::collections::HashSet::new();
    for (relative, bytes) in files {
        let path = contained(root, relative, "the repository")?;
        refuse_links(root, relative)?;
        let folder = parent_of(&path);
        fs::create_dir_all(folder).with_context(|| format!("cannot create {}", folder.display()))?;
        // The folder was created by a path without links, but a link could
        // have been put in its place since: check again.
        refuse_links(root, relative)?;
        // Once per folder, before this run's own temporary files are there.
        if cleaned.insert(folder.to_path_buf()) {
            clean_leftovers(folder);
        }
        let mut temporary = temporary_in(folder, &path)?;
        let context = || format!("cannot write {}", path.display());
        temporary.write_all(bytes).and_then(|()| temporary.as_file().sync_all()).with_context(context)?;
        verify_written(temporary.path(), bytes).with_context(context)?;
        staged.push((path, temporary));
    }
    let mut placed: Vec<PathBuf> = Vec::with_capacity(staged.len());
    for (path, temporary) in staged {
        if let Err(error) = temporary.persist_noclobber(&path) {
            for done in &placed {
                let _ = fs::remove_file(done);
            }
            let why = if error.error.kind() == io::ErrorKind::AlreadyExists {
                format!("{} appeared while okr was writing", path.display())
            } else {
                format!("cannot write {}: {}", path.display(), error.error)
            };
            bail!("{why}; nothing was written");
        }
        sync_folder(parent_of(&path));
        placed.push(path);
    }
    Ok(())
}

/// `root/relative`, for a relative path without `..`, `.`, a root or a
/// prefix; `place` names `root` in the refusal ("the repository", "the
/// output folder").
pub fn contained(root: &Path, relative: &str, place: &str) -> Result<PathBuf> {
    let path = Path::new(relative);
    if relative.is_empty() || !path.components().all(|c| matches!(c, Component::Normal(_))) {
        bail!("refusing to write `{relative}`: outside {place}");
    }
    Ok(root.join(path))
}

/// Refuses a path below `root` that passes through a symbolic link.
fn refuse_links(root: &Path, relative: &str) -> Result<()> {
    match crate::load::discover::first_link(root, relative) {
        Some(link) => bail!(
            "{} is a symbolic link; okr writes only inside the repository: nothing was written",
            root.join(link).display()
        ),
        None => Ok(()),
    }
}

fn parent_of(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// A new temporary file in `folder`, named after `path` so a person who
/// finds one knows what it was for.
fn temporary_in(folder: &Path, path: &Path) -> Result<NamedTempFile> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!(".{name}{TEMPORARY}");
    Builder::new()
        .prefix(&prefix)
        .tempfile_in(folder)
        .with_context(|| format!("cannot create a temporary file in {}", folder.display()))
}

/// A file whose other hard links a rename would silently detach.
fn refuse_hard_links(path: &Path, metadata: &fs::Metadata) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if metadata.nlink() > 1 {
            bail!(
                "{} has {} hard links, which replacing it would break: nothing was written \
                 (make it a file of its own, e.g. `cp --remove-destination` it onto itself, then try again)",
                path.display(),
                metadata.nlink()
            );
        }
    }
    #[cfg(not(unix))]
    let _ = (path, metadata);
    Ok(())
}

/// Gives the new file the owner and group of the one it replaces, where they
/// differ (a root check-in into a user's repository).
fn keep_owner(file: &File, metadata: &fs::Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let mine = file.metadata()?;
        if mine.uid() != metadata.uid() || mine.gid() != metadata.gid() {
            std::os::unix::fs::fchown(file, Some(metadata.uid()), Some(metadata.gid()))?;
        }
    }
    #[cfg(not(unix))]
    let _ = (file, metadata);
    Ok(())
}

fn read_no_follow(path: &Path) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    open_no_follow(path)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Reads the temporary file back: what is renamed into place is what was
/// meant, not what a full disk or a failing device made of it.
fn verify_written(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if read_no_follow(path)? == bytes {
        Ok(())
    } else {
        Err(io::Error::other("the written file does not read back as written"))
    }
}

/// Makes a rename durable (Unix; elsewhere the rename is all there is).
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

/// Whether `name` is one of okr's own temporary names: this version's
/// `.NAME.okr-tmp-RANDOM`, and 0.1's `.NAME.okr-PID` and `.NAME.okr-init-PID`.
pub fn is_leftover_name(name: &str) -> bool {
    if !name.starts_with('.') {
        return false;
    }
    if let Some((_, random)) = name.rsplit_once(TEMPORARY) {
        return !random.is_empty() && random.bytes().all(|b| b.is_ascii_alphanumeric());
    }
    let Some((_, pid)) = name.rsplit_once(".okr-") else { return false };
    let pid = pid.strip_prefix("init-").unwrap_or(pid);
    !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
}

/// Removes what an okr run that was killed (or met a full disk) left in
/// `folder`: regular files with okr's temporary names. Only writers holding
/// the repository lock call it, so no other okr is writing them now.
pub fn clean_leftovers(folder: &Path) {
    let Ok(entries) = fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && name.to_str().is_some_and(is_leftover_name) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> tempfile::TempDir {
        tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn leftover_names_are_okrs_own_only() {
        for name in [".t.yaml.okr-tmp-Ab12xZ", ".t.yaml.okr-4242", ".t.yaml.okr-init-77"] {
            assert!(is_leftover_name(name), "{name}");
        }
        for name in
            ["t.yaml", ".t.yaml", ".t.yaml.okr-", ".t.yaml.okr-12a", "t.yaml.okr-12", ".x.okr-tmp-a/b"]
        {
            assert!(!is_leftover_name(name), "{name}");
        }
    }

    #[test]
    fn replace_refuses_a_file_that_changed_since_it_was_read() {
        let dir = folder();
        let path = dir.path().join("t.yaml");
        fs::write(&path, "changed\n").unwrap_or_else(|e| panic!("{e}"));
        let message =
            format!("{:#}", replace(&path, b"read\n", b"new\n").err().unwrap_or_else(|| panic!("written")));
        assert!(message.contains("changed while okr was editing it"), "{message}");
        assert_eq!(fs::read_to_string(&path).ok().as_deref(), Some("changed\n"));
        assert_eq!(fs::read_dir(dir.path()).map(Iterator::count).ok(), Some(1), "no temporary file is left");
    }

    #[test]
    fn create_all_writes_all_or_nothing() {
        let dir = folder();
        fs::create_dir_all(dir.path().join("b")).unwrap_or_else(|e| panic!("{e}"));
        fs::write(dir.path().join("b/taken.yaml"), "mine\n").unwrap_or_else(|e| panic!("{e}"));
        let files =
            vec![("a/new.yaml".to_string(), b"a\n".to_vec()), ("b/taken.yaml".to_string(), b"b\n".to_vec())];
        assert!(create_all(dir.path(), &files).is_err());
        assert!(!dir.path().join("a/new.yaml").exists(), "the first file was taken back");
        assert_eq!(fs::read_to_string(dir.path().join("b/taken.yaml")).ok().as_deref(), Some("mine\n"));
        let left: Vec<_> = walkdir::WalkDir::new(dir.path())
            .into_iter()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains(".okr-"))
            .map(|e| e.path().to_path_buf())
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn the_lock_is_exclusive_and_waits_are_bounded() {
        let dir = folder();
        fs::write(dir.path().join("okr.yaml"), "version: 1\n").unwrap_or_else(|e| panic!("{e}"));
        let held = RepositoryLock::acquire(dir.path());
        assert!(held.is_ok());
        let second = RepositoryLock::acquire_within(dir.path(), Duration::from_millis(100));
        let message = format!("{:#}", second.err().unwrap_or_else(|| panic!("locked twice")));
        assert!(message.contains("another okr command"), "{message}");
        drop(held);
        assert!(RepositoryLock::acquire_within(dir.path(), Duration::from_millis(100)).is_ok());
    }
}
