//! "Did you mean …?" suggestions for misspelt keys, ids and values.

use std::collections::HashMap;
use std::sync::Mutex;

/// The least Jaro–Winkler similarity of a likely typo.
const CLOSE: f64 = 0.8;

/// The candidate closest to `given`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let given_lower = given.to_lowercase();
    closest(&given_lower, candidates.into_iter().map(|c| (c.to_lowercase(), c)))
}

fn closest<'a, S: AsRef<str>>(
    given_lower: &str,
    candidates: impl Iterator<Item = (S, &'a str)>,
) -> Option<&'a str> {
    candidates
        .map(|(lower, candidate)| (strsim::jaro_winkler(given_lower, lower.as_ref()), candidate))
        .filter(|(score, _)| *score >= CLOSE)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, candidate)| candidate)
}

/// Up to this many candidates every one is compared; beyond it, only the
/// [`NEIGHBOURS`] on either side of the given text in sorted order (they
/// share its longest prefixes, and a typo keeps most of its prefix), within
/// three characters of its length.
const COMPARE_ALL: usize = 1_000;
const NEIGHBOURS: usize = 250;

/// Suggestions from one set of names (the people, the teams of okr.yaml),
/// prepared once for a whole check run: 4,000 unknown owners among 4,000
/// people cost linear time, not 16 million comparisons. Each distinct
/// misspelling is looked up once.
pub struct Suggester<'a> {
    /// Sorted, without repeats, with their lowercase forms.
    names: Vec<(String, &'a str)>,
    /// Indices into `names`, in the order of the lowercase forms.
    by_lower: Vec<usize>,
    cache: Mutex<HashMap<String, Option<&'a str>>>,
}

impl<'a> Suggester<'a> {
    pub fn new(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut sorted: Vec<&str> = names.into_iter().collect();
        sorted.sort_unstable();
        sorted.dedup();
        let names: Vec<(String, &str)> = sorted.into_iter().map(|n| (n.to_lowercase(), n)).collect();
        let mut by_lower: Vec<usize> = (0..names.len()).collect();
        by_lower.sort_by(|&a, &b| names[a].0.cmp(&names[b].0));
        Suggester { names, by_lower, cache: Mutex::new(HashMap::new()) }
    }

    /// Every name, sorted.
    pub fn names(&self) -> impl ExactSizeIterator<Item = &'a str> + '_ {
        self.names.iter().map(|(_, n)| *n)
    }

    /// The name closest to `given`, if it is a likely typo of one.
    pub fn closest(&self, given: &str) -> Option<&'a str> {
        if let Some(known) = self.cache.lock().ok().and_then(|cache| cache.get(given).copied()) {
            return known;
        }
        let lower = given.to_lowercase();
        let found = if self.names.len() <= COMPARE_ALL {
            closest(&lower, self.names.iter().map(|(l, n)| (l.as_str(), *n)))
        } else {
            let length = lower.chars().count();
            let at = self.by_lower.partition_point(|&i| self.names[i].0 < lower);
            let near = self.by_lower
                [at.saturating_sub(NEIGHBOURS)..(at + NEIGHBOURS).min(self.by_lower.len())]
                .iter()
                .map(|&i| &self.names[i])
                .filter(|(l, _)| l.chars().count().abs_diff(length) <= 3);
            closest(&lower, near.map(|(l, n)| (l.as_str(), *n)))
        };
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(given.to_owned(), found);
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::{did_you_mean, Suggester};

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["target", "title", "start", "unit"];
        assert_eq!(did_you_mean("tagret", keys), Some("target"));
        assert_eq!(did_you_mean("Titel", keys), Some("title"));
        assert_eq!(did_you_mean("zzz", keys), None);
    }

    #[test]
    fn a_suggester_answers_like_did_you_mean() {
        let people = ["alice", "bob", "carol", "dave"];
        let suggester = Suggester::new(people);
        for given in ["alcie", "bobb", "xyz", "Carol", "dav", "alcie"] {
            assert_eq!(suggester.closest(given), did_you_mean(given, people), "{given}");
        }
    }

    /// Issue 17 item 7: a large set is searched near the given text.
    #[test]
    fn large_sets_still_find_typos() {
        let people: Vec<String> = (0..5_000).map(|n| format!("person-{n}")).collect();
        let suggester = Suggester::new(people.iter().map(String::as_str));
        assert_eq!(suggester.closest("person-4999x"), Some("person-4999"));
        assert_eq!(suggester.closest("person-1243"), Some("person-1243"));
        assert_eq!(suggester.closest("person-2718-"), Some("person-2718"));
        assert_eq!(suggester.closest("zzzz"), None);
    }
}
