//! Finding the OKR root and the OKR files below it.

use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use walkdir::WalkDir;

/// The config file that marks an OKR repository's root.
pub const CONFIG_FILE: &str = "okr.yaml";

/// The OKR root: `root` when given (it must hold `okr.yaml`), else the first
/// folder holding `okr.yaml` walking up from `start`.
pub fn find_root(start: &Path, root: Option<&Path>) -> Result<PathBuf> {
    if let Some(root) = root {
        if !root.join(CONFIG_FILE).is_file() {
            bail!("{} has no {CONFIG_FILE}", root.display());
        }
        return Ok(root.to_path_buf());
    }
    if !start.exists() {
        bail!("{} does not exist", start.display());
    }
    let start = std::path::absolute(start).with_context(|| format!("cannot resolve {}", start.display()))?;
    let mut dir = if start.is_file() { start.parent().map(Path::to_path_buf) } else { Some(start.clone()) };
    while let Some(current) = dir {
        if current.join(CONFIG_FILE).is_file() {
            return Ok(current);
        }
        dir = current.parent().map(Path::to_path_buf);
    }
    bail!(
        "no {CONFIG_FILE} in {} or any folder above it (run `okr init` to create one, or pass --root)",
        start.display()
    )
}

/// Whether a configured `paths` entry stays inside the root.
pub fn is_contained(relative: &str) -> bool {
    let path = Path::new(relative);
    !relative.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// Every `*.yaml`/`*.yml` file below the configured folders, as `/`-separated
/// paths relative to the root, sorted and without repeats. Missing folders
/// yield nothing. Symbolic links are not followed, but a link named like a
/// YAML file or pointing at a folder is listed, as is anything else named
/// like a YAML file that is not a file (a folder, a pipe): reading them
/// fails with a diagnostic ([`ReadError::NotAFile`]), so nothing under the
/// OKR folders is skipped silently.
///
/// [`ReadError::NotAFile`]: super::ReadError::NotAFile
pub fn discover_files(root: &Path, folders: &[String]) -> Vec<String> {
    let mut files = Vec::new();
    for folder in folders.iter().filter(|f| is_contained(f)) {
        // A configured folder that is, or lies in, a symbolic link could lead
        // anywhere (`okrs -> /`): it is listed, to be refused, not walked.
        if let Some(link) = first_link(root, folder) {
            files.push(link);
            continue;
        }
        let walk = WalkDir::new(root.join(folder)).follow_links(false).sort_by_file_name();
        for entry in walk {
            let entry = match entry {
                Ok(entry) => entry,
                // A folder that cannot be read could hold OKR files: it is
                // listed as `path/`, so reading it reports why, at its path.
                Err(error) => {
                    let missing = error.io_error().is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound);
                    if let (false, Some(path)) = (missing, error.path()) {
                        if let Ok(relative) = path.strip_prefix(root) {
                            files.push(format!("{}/", to_slash(relative)));
                        }
                    }
                    continue;
                }
            };
            let yaml_name = is_yaml_name(&entry.file_name().to_string_lossy());
            let kind = entry.file_type();
            let listed = if entry.depth() == 0 {
                yaml_name && kind.is_file()
            } else if kind.is_symlink() {
                // A link to a folder could hold OKR files, or loop.
                yaml_name || std::fs::metadata(entry.path()).map_or(true, |target| target.is_dir())
            } else {
                yaml_name
            };
            if !listed {
                continue;
            }
            if let Ok(relative) = entry.path().strip_prefix(root) {
                files.push(to_slash(relative));
            }
        }
    }
    files.sort();
    files.dedup();
    files
}

/// The first part of `relative` (a path below `root`) that is a symbolic
/// link, as a `/`-separated path relative to the root.
pub fn first_link(root: &Path, relative: &str) -> Option<String> {
    let mut path = root.to_path_buf();
    let mut relative_so_far = PathBuf::new();
    for part in Path::new(relative).components() {
        let Component::Normal(part) = part else { continue };
        path.push(part);
        relative_so_far.push(part);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Some(to_slash(&relative_so_far));
        }
    }
    None
}

/// Whether a file name ends in `.yaml` or `.yml` (any case).
pub fn is_yaml_name(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml"))
}

fn to_slash(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_must_stay_inside_the_root() {
        assert!(is_contained("okrs"));
        assert!(is_contained("./okrs/teams"));
        assert!(!is_contained("../elsewhere"));
        assert!(!is_contained("okrs/../../x"));
        assert!(!is_contained("/etc"));
        assert!(!is_contained(""));
    }
}
