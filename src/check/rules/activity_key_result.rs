//! `activity-key-result`: key results measure outcomes, not activities.

use crate::check::Context;
use crate::diagnostic::Diagnostic;

declare_rule!("activity-key-result", Warning, Some(check));

/// Words and phrases that mark an activity or output, English and German,
/// matched case-insensitively as whole words. Extend with `words:` in okr.yaml.
const ACTIVITY_WORDS: &[&str] = &[
    // English
    "launch",
    "launched",
    "launches",
    "ship",
    "shipped",
    "implement",
    "implemented",
    "build",
    "built",
    "create",
    "created",
    "hold",
    "held",
    "conduct",
    "conducted",
    "organise",
    "organised",
    "organize",
    "organized",
    "host",
    "hosted",
    "write",
    "written",
    "publish",
    "published",
    "introduce",
    "introduced",
    "roll out",
    "rolled out",
    "attend",
    "attended",
    "workshop",
    "workshops",
    "meeting",
    "meetings",
    "webinar",
    "webinars",
    "training sessions",
    "blog posts",
    "calls made",
    "emails sent",
    // German
    "durchgeführt",
    "durchgeführte",
    "durchgeführter",
    "durchgeführten",
    "durchführen",
    "veranstalten",
    "veranstaltet",
    "abhalten",
    "abgehalten",
    "einführen",
    "eingeführt",
    "launchen",
    "gelauncht",
    "implementieren",
    "implementiert",
    "erstellen",
    "erstellt",
    "veröffentlichen",
    "veröffentlicht",
    "schulungen",
    "webinare",
    "besprechungen",
    "termine",
];

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let extra = cx.options(RULE.name).map(|o| o.words.as_slice()).unwrap_or_default();
    let phrases: Vec<Vec<String>> = ACTIVITY_WORDS
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str))
        .map(words)
        .filter(|p| !p.is_empty())
        .collect();
    for file in &cx.workspace.files {
        for kr in file.key_results() {
            let title = words(&kr.key_result.title);
            let Some(phrase) = phrases.iter().find(|p| title.windows(p.len()).any(|w| w == p.as_slice()))
            else {
                continue;
            };
            let message = format!(
                "key result `{}` measures an activity (\"{}\"), not an outcome",
                kr.key_result.id,
                phrase.join(" ")
            );
            out.push(
                Diagnostic::new(RULE.name, &file.path, file.span(&format!("{}/title", kr.pointer)), message)
                    .with_help("measure the change the activity should cause: not \"hold 10 workshops\" but \"80 % of teams deploy without help\""),
            );
        }
    }
}

/// Lowercase words of `text` (letters and digits, Unicode-aware).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn words_are_unicode_aware_and_lowercase() {
        assert_eq!(words("Anzahl durchgeführter Workshops!"), ["anzahl", "durchgeführter", "workshops"]);
    }
}
