//! `activity-key-result`: key results measure outcomes, not activities.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::check::Context;
use crate::diagnostic::Diagnostic;

declare_rule!(ActivityKeyResult, "activity-key-result", Warning, Some(check));

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
    let extra = cx.options(RULE.id).map(|o| o.words.as_slice()).unwrap_or_default();
    let phrases: Vec<Vec<Cow<'_, str>>> = ACTIVITY_WORDS
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str))
        .map(words)
        .filter(|p| !p.is_empty())
        .collect();
    // The phrases by their first word: a title is looked up word by word.
    let mut by_first_word: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, phrase) in phrases.iter().enumerate() {
        by_first_word.entry(phrase[0].as_ref()).or_default().push(index);
    }
    for file in &cx.workspace.files {
        for kr in file.key_results() {
            let title = words(&kr.key_result.title);
            let Some(phrase) = first_phrase(&title, &phrases, &by_first_word).map(|p| &phrases[p]) else {
                continue;
            };
            let message = format!(
                "key result `{}` measures an activity (\"{}\"), not an outcome",
                kr.key_result.id,
                phrase.join(" ")
            );
            out.push(
                Diagnostic::new(RULE.id, &file.path, file.span(kr.pointer.key("title")), message)
                    .with_help("measure the change the activity should cause: not \"hold 10 workshops\" but \"80 % of teams deploy without help\"; the activity itself becomes an initiative of that key result (`initiatives: [{ title: Hold 10 workshops, state: planned }]`)"),
            );
        }
    }
}

/// The index of the first of `phrases` that `title` holds as consecutive
/// words; `by_first_word` lists the phrases by their first word.
fn first_phrase(
    title: &[Cow<'_, str>],
    phrases: &[Vec<Cow<'_, str>>],
    by_first_word: &HashMap<&str, Vec<usize>>,
) -> Option<usize> {
    (0..title.len())
        .flat_map(|start| {
            let candidates = by_first_word.get(title[start].as_ref()).map_or(&[][..], Vec::as_slice);
            candidates.iter().copied().filter(move |&p| title[start..].starts_with(&phrases[p]))
        })
        .min()
}

/// Lowercase words of `text` (letters and digits, Unicode-aware); words
/// already in lowercase ASCII are borrowed.
fn words(text: &str) -> Vec<Cow<'_, str>> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
                Cow::Borrowed(w)
            } else {
                Cow::Owned(w.to_lowercase())
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The word index finds what a search of every phrase at every
        /// position finds.
        #[test]
        fn first_phrase_is_the_first_listed_phrase_anywhere_in_the_title(
            title in proptest::collection::vec(proptest::sample::select(&["roll", "out", "launch", "ship", "users", "blog", "posts", "x"][..]), 0..10)
        ) {
            let title: Vec<Cow<'_, str>> = title.iter().map(|w| Cow::Borrowed(*w)).collect();
            let phrases: Vec<Vec<Cow<'_, str>>> = ACTIVITY_WORDS.iter().copied().chain(["users out"]).map(words).collect();
            let mut by_first_word: HashMap<&str, Vec<usize>> = HashMap::new();
            for (index, phrase) in phrases.iter().enumerate() {
                by_first_word.entry(phrase[0].as_ref()).or_default().push(index);
            }
            let naive = phrases.iter().position(|p| title.windows(p.len()).any(|w| w == p.as_slice()));
            proptest::prop_assert_eq!(first_phrase(&title, &phrases, &by_first_word), naive);
        }
    }

    #[test]
    fn words_are_unicode_aware_and_lowercase() {
        assert_eq!(words("Anzahl durchgeführter Workshops!"), ["anzahl", "durchgeführter", "workshops"]);
    }
}
