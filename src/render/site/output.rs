//! Writing the site: into a temporary folder beside the target, then renamed
//! into place, so a failed build never leaves half a site. An existing output
//! folder is replaced only when an earlier okr build marked it.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use rayon::prelude::*;

use super::{PageSink, Site, MARKER};

/// Writes `site` to `out`, replacing an earlier build there.
pub fn write_site(site: &Site, out: &Path) -> Result<()> {
    write_with(out, |dir| {
        site.files.par_iter().try_for_each(|(relative, bytes)| write_one(dir, relative, bytes))
    })
}

/// Renders the site straight into a temporary folder beside `out` (each file
/// written as soon as it is rendered, so the site is never held in memory
/// whole), then moves it into place. Returns the number of files.
pub fn render_and_write(out: &Path, render: impl FnOnce(&dyn PageSink) -> Result<usize>) -> Result<usize> {
    let mut count = 0;
    write_with(out, |dir| {
        let sink = |relative: String, bytes: Vec<u8>| write_one(dir, &relative, &bytes);
        count = render(&sink)?;
        Ok(())
    })?;
    Ok(count)
}

/// Writes into a temporary folder with `write`, then swaps it into `out`.
fn write_with(out: &Path, write: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    if out.exists() && (!out.is_dir() || !out.join(MARKER).is_file()) {
        bail!(
            "refusing to replace {}: it was not written by okr build (no {MARKER} in it); choose another --out or remove it",
            out.display()
        );
    }
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let name = out.file_name().map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    let temporary = parent.join(format!(".{name}.okr-new-{}", std::process::id()));
    let previous = parent.join(format!(".{name}.okr-old-{}", std::process::id()));
    if temporary.exists() {
        fs::remove_dir_all(&temporary).with_context(|| format!("cannot remove {}", temporary.display()))?;
    }
    if let Err(error) = fs::create_dir_all(&temporary)
        .with_context(|| format!("cannot create {}", temporary.display()))
        .and_then(|()| write(&temporary))
    {
        let _ = fs::remove_dir_all(&temporary);
        return Err(error);
    }
    swap_into_place(&temporary, &previous, out)
}

/// Writes one file of the site at `dir/relative`, with its folders.
fn write_one(dir: &Path, relative: &str, bytes: &[u8]) -> Result<()> {
    let path = contained(dir, relative)?;
    // The folder exists for all but its first file: create it only when the
    // write finds it missing (two system calls less per file).
    let written = match fs::write(&path, bytes) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            if let Some(folder) = path.parent() {
                fs::create_dir_all(folder).with_context(|| format!("cannot create {}", folder.display()))?;
            }
            fs::write(&path, bytes)
        }
        written => written,
    };
    written.with_context(|| format!("cannot write {}", path.display()))
}

/// `dir/relative`, refusing any path that would leave `dir`.
fn contained(dir: &Path, relative: &str) -> Result<PathBuf> {
    let path = Path::new(relative);
    if relative.is_empty() || !path.components().all(|c| matches!(c, Component::Normal(_))) {
        bail!("refusing to write `{relative}`: outside the output folder");
    }
    Ok(dir.join(path))
}

fn swap_into_place(temporary: &Path, previous: &Path, out: &Path) -> Result<()> {
    if !out.exists() {
        return fs::rename(temporary, out)
            .with_context(|| format!("cannot move the site to {}", out.display()));
    }
    fs::rename(out, previous)
        .with_context(|| format!("cannot move the old site at {} aside", out.display()))?;
    if let Err(error) = fs::rename(temporary, out) {
        // Put the old site back; the new one stays in the temporary folder.
        let _ = fs::rename(previous, out);
        return Err(error).with_context(|| format!("cannot move the site to {}", out.display()));
    }
    fs::remove_dir_all(previous)
        .with_context(|| format!("cannot remove the old site at {}", previous.display()))
}

#[cfg(test)]
mod tests {
    use super::contained;
    use std::path::Path;

    #[test]
    fn paths_never_leave_the_output() {
        let dir = Path::new("/out");
        assert!(contained(dir, "cycles/2026-Q4/index.html").is_ok());
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "./x"] {
            assert!(contained(dir, bad).is_err(), "{bad}");
        }
    }
}
