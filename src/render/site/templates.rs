//! Templates: embedded in the binary, overridable by a repository's
//! `templates/` folder. `okr/<name>` always names the built-in template, so an
//! override can `{% extends "okr/team.html" %}`.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};
use minijinja::value::{Value, ValueKind};
use minijinja::{AutoEscape, Environment, Output, State, UndefinedBehavior};
use serde::Serialize;

use crate::load::discover::first_link;
use crate::load::MAX_FILE_BYTES;

/// Built-in templates by name.
const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../../templates/base.html")),
    ("macros.html", include_str!("../../../templates/macros.html")),
    ("overview.html", include_str!("../../../templates/overview.html")),
    ("team.html", include_str!("../../../templates/team.html")),
    ("objective.html", include_str!("../../../templates/objective.html")),
    ("objective_card.html", include_str!("../../../templates/objective_card.html")),
    ("people.html", include_str!("../../../templates/people.html")),
    ("alignment.html", include_str!("../../../templates/alignment.html")),
    ("kpis.html", include_str!("../../../templates/kpis.html")),
    ("scorecard.html", include_str!("../../../templates/scorecard.html")),
    ("trends.html", include_str!("../../../templates/trends.html")),
    ("roadmap.html", include_str!("../../../templates/roadmap.html")),
    ("strategy.html", include_str!("../../../templates/strategy.html")),
];

/// Static assets, overridable the same way.
const ASSETS: &[(&str, &str)] = &[("style.css", include_str!("../../../templates/style.css"))];

fn built_in(name: &str) -> Option<&'static str> {
    BUILT_IN.iter().chain(ASSETS).find(|(n, _)| *n == name).map(|(_, text)| *text)
}

/// A template name safe to look up below `templates/`: no parent folders, no
/// absolute paths.
fn safe_path(dir: &Path, name: &str) -> Option<PathBuf> {
    let ok = !name.is_empty()
        && name.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/'));
    ok.then(|| dir.join(name))
}

/// The repository's version of `name`, if it has one. It must be a regular
/// UTF-8 file of at most [`MAX_FILE_BYTES`] reached without symbolic links:
/// a link could publish any file of the machine that builds the site (its
/// environment, credentials) on the site.
fn user_template(dir: &Path, name: &str) -> Result<Option<String>, String> {
    let Some(path) = safe_path(dir, name) else { return Ok(None) };
    let shown = format!("templates/{name}");
    // `templates/` itself is a part of the path too.
    let (Some(root), Some(folder)) = (dir.parent(), dir.file_name()) else { return Ok(None) };
    if let Some(link) = first_link(root, &format!("{}/{name}", folder.to_string_lossy())) {
        let what = if link == shown { String::new() } else { format!(" (for {shown})") };
        return Err(format!(
            "{link}{what} is a symbolic link; okr does not follow links, which could put any file of this machine on the site (put the file itself there)"
        ));
    }
    // No part is a link, so this is the file itself.
    let Ok(metadata) = std::fs::symlink_metadata(&path) else { return Ok(None) };
    if !metadata.is_file() {
        return Ok(None);
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{shown} is {} bytes; templates are at most {MAX_FILE_BYTES} bytes",
            metadata.len()
        ));
    }
    let bytes = std::fs::read(&path).map_err(|e| format!("{shown}: {e}"))?;
    String::from_utf8(bytes).map(Some).map_err(|_| format!("{shown} is not valid UTF-8; save it as UTF-8"))
}

pub(super) fn environment(user_dir: &Path) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // A template that loops for ever (`range(100000)` nested) stops with an
    // error naming it, instead of hanging `okr build` and `okr serve`.
    env.set_fuel(Some(TEMPLATE_FUEL));
    if let Ok(syntax) =
        minijinja::syntax::SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build()
    {
        env.set_syntax(syntax);
    }
    // Escape everything HTML-bound, SVG included; nothing else is templated.
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_formatter(html_formatter);
    let dir = user_dir.to_path_buf();
    env.set_loader(move |name| {
        if let Some(built_in_name) = name.strip_prefix("okr/") {
            return Ok(built_in(built_in_name).map(str::to_owned));
        }
        match user_template(&dir, name) {
            Ok(Some(text)) => Ok(Some(text)),
            Ok(None) => Ok(built_in(name).map(str::to_owned)),
            Err(message) => Err(minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, message)),
        }
    });
    env
}

/// Writes a value into a page: strings escaped by [`escape_html`], safe
/// strings (`|safe`, `|e`) as they are, and everything else (numbers,
/// `none`, sequences) as minijinja's own escaping writes it.
fn html_formatter(out: &mut Output, state: &mut State, value: &Value) -> Result<(), minijinja::Error> {
    match value.as_str() {
        Some(text) if value.kind() == ValueKind::String && !value.is_safe() => {
            escape_html(text, |part| out.write_str(part)).map_err(minijinja::Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// Passes `text` to `write` with `&`, `<`, `>`, `"` and `'` replaced by
/// entities: all that is special in HTML text and in quoted attribute values
/// (every attribute in the templates is quoted). Unlike minijinja's default,
/// `/` is left as it is, so paths read `../../index.html` in the page source
/// instead of `..&#x2f;..&#x2f;index.html`, and pages are smaller.
fn escape_html<E>(text: &str, mut write: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#x27;",
            _ => continue,
        };
        // Every byte matched is ASCII, so `start..i` never splits a character.
        write(&text[start..i])?;
        write(entity)?;
        start = i + 1;
    }
    write(&text[start..])
}

/// Renders `name` with `context`; errors keep the template's name and line.
pub(super) fn render(env: &Environment<'_>, name: &str, context: &impl Serialize) -> Result<Vec<u8>> {
    let template = env.get_template(name).map_err(|e| template_error(name, &e))?;
    // Room for a typical page from the start: growing the buffer from the
    // template's own size copied every large page several times.
    let mut page = Vec::with_capacity(PAGE_BYTES);
    template
        .render_captured_to(minijinja::Value::from(minijinja::value::Serde(context)), &mut page)
        .map_err(|e| template_error(name, &e))?;
    Ok(page)
}

/// The work one page may take (minijinja's fuel: about one unit per
/// instruction and per 64 bytes of data). The largest built-in page of the
/// 100,000-key-result benchmark (the people page, 45 MB) took 6.6 million
/// on 2026-12-01; ten times that leaves room for themes that do more, and
/// stops a runaway template within seconds.
pub(super) const TEMPLATE_FUEL: u64 = 64_000_000;

/// The buffer a page is rendered into starts this large (team pages of the
/// synthetic benchmark repositories are 34 KB).
const PAGE_BYTES: usize = 64 * 1024;

fn template_error(name: &str, error: &minijinja::Error) -> anyhow::Error {
    let place = match (error.name(), error.line()) {
        (Some(file), Some(line)) => format!("{file}:{line}"),
        _ => name.to_owned(),
    };
    if error.kind() == minijinja::ErrorKind::OutOfFuel {
        return anyhow!(
            "template {place}: the page takes more work than a page may ({TEMPLATE_FUEL} steps): does a loop run for ever, or over far more items than the site has?"
        );
    }
    anyhow!("template {place}: {error}")
}

/// A static asset: the repository's version, else the built-in one.
pub(super) fn asset(user_dir: &Path, name: &str) -> Result<String> {
    match user_template(user_dir, name) {
        Ok(Some(text)) => Ok(text),
        Ok(None) => Ok(built_in(name).unwrap_or_default().to_owned()),
        Err(message) => Err(anyhow!(message)),
    }
}

#[cfg(test)]
mod tests {
    use super::{escape_html, ASSETS, BUILT_IN};
    use proptest::prelude::*;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        let _ = escape_html::<()>(text, |part| {
            out.push_str(part);
            Ok(())
        });
        out
    }

    #[test]
    fn html_specials_become_entities() {
        assert_eq!(
            escaped(r#"<a href="x">Tom & 'Jerry'</a> ../x"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#x27;Jerry&#x27;&lt;/a&gt; ../x"
        );
        assert_eq!(escaped("Ünïcödé ✓"), "Ünïcödé ✓");
        assert_eq!(escaped(""), "");
    }

    proptest! {
        /// What a browser reads back is the text itself, and nothing in the
        /// output can open a tag or end a quoted attribute.
        #[test]
        fn escaping_round_trips_and_leaves_no_specials(text in any::<String>()) {
            let out = escaped(&text);
            prop_assert!(!out.contains(['<', '>', '"', '\'']));
            let back = out
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#x27;", "'")
                .replace("&amp;", "&");
            prop_assert_eq!(back, text);
        }
    }

    /// docs/themes.md documents every template a repository can override.
    #[test]
    fn every_template_is_documented() {
        let docs = include_str!("../../../docs/themes.md");
        for (name, _) in BUILT_IN.iter().chain(ASSETS) {
            assert!(docs.contains(&format!("| `{name}` |")), "docs/themes.md lacks {name}");
        }
    }
}
