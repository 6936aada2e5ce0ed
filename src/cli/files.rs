//! Writing into an OKR repository (only `checkin`, `rollover` and `init` do):
//! atomically, and never over a file that must not be replaced.

use std::fs;
use std::io::Write as _;
use std::path::Path;

use anyhow::{Context as _, Result};

/// Writes a file that must not exist yet: to a temporary file beside it,
/// then linked into place, which fails rather than replace a file that
/// appeared meanwhile.
pub(super) fn write_new(path: &Path, text: &str) -> Result<()> {
    let context = || format!("cannot write {}", path.display());
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(context)?;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.okr-init-{}", std::process::id()));
    let mut file = fs::File::create(&temp).with_context(context)?;
    file.write_all(text.as_bytes()).and_then(|()| file.sync_all()).with_context(context)?;
    drop(file);
    let linked = fs::hard_link(&temp, path);
    let _ = fs::remove_file(&temp);
    match linked {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            anyhow::bail!("{} appeared while okr init ran; it was left as it is", path.display())
        }
        // File systems without hard links: create it only if it is not there.
        Err(_) => {
            let mut file =
                fs::OpenOptions::new().write(true).create_new(true).open(path).with_context(context)?;
            file.write_all(text.as_bytes()).with_context(context)
        }
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over
/// `path`: readers see the old file or the new one, never half of one.
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.okr-{}", std::process::id()));
    let context = || format!("cannot write {}", path.display());
    let result = (|| -> std::io::Result<()> {
        let mut file = fs::File::create(&temp)?;
        if let Ok(metadata) = fs::metadata(path) {
            file.set_permissions(metadata.permissions())?;
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.with_context(context)
}
