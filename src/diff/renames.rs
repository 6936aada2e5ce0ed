//! Renames and moves: a key result or objective whose id, objective or
//! team changed within its cycle is the same one, not a removal and an
//! addition, so that what else changed in the same edit (a lowered target,
//! a new unit) is reported and judged by the goalpost rules.
//!
//! Within one cycle, a key result that is only in the older workspace and
//! one that is only in the newer are the same when, in this order:
//! 1. their check-ins agree: one list starts with the other (check-ins were
//!    added or removed at the end) and neither is empty;
//! 2. they have the same title, owner and kind;
//! 3. they have the same owner and kind and titles at least 80 % alike
//!    (normalised Levenshtein), when there are at most [`FUZZY_PAIRS`]
//!    candidate pairs in the cycle (so that a hostile repository cannot make
//!    the comparison quadratic).
//!
//! An objective is renamed or moved when, in this order, most of its key
//! results went to the same new objective, or it has the same title and
//! owner, or the same owner and a title at least 80 % alike. Each side is
//! paired at most once, first come first served in file order.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::model::{Checkin, KeyResult, KrKind, Objective};

use super::{Index, KrKey, ObjectiveKey};

/// How alike two titles must be for a rename without other evidence.
const ALIKE: f64 = 0.8;

/// Above this many (removed × added) pairs in a cycle titles are only
/// compared exactly.
pub const FUZZY_PAIRS: usize = 10_000;

/// How many key results with the same first check-in are compared with
/// one another at most.
const BUCKET: usize = 16;

/// What was renamed or moved: new key → old key.
#[derive(Debug, Default)]
pub(super) struct Renames {
    pub(super) objectives: BTreeMap<ObjectiveKey, ObjectiveKey>,
    pub(super) key_results: BTreeMap<KrKey, KrKey>,
}

/// The renames and moves from `old` to `new`.
pub(super) fn detect(old: &Index<'_>, new: &Index<'_>) -> Renames {
    let mut renames = Renames::default();
    let (gone, came) =
        (only_in(&old.key_results, &new.key_results), only_in(&new.key_results, &old.key_results));
    if !gone.is_empty() && !came.is_empty() {
        pair_key_results(&gone, &came, &mut renames.key_results);
    }
    let (gone, came) = (only_in(&old.objectives, &new.objectives), only_in(&new.objectives, &old.objectives));
    if !gone.is_empty() && !came.is_empty() {
        pair_objectives(&gone, &came, &renames.key_results, &mut renames.objectives);
    }
    renames
}

/// The entries of `side` whose key `other` does not have, in key order.
fn only_in<'m, 'a, K: Ord, T>(
    side: &'m BTreeMap<K, &'a T>,
    other: &BTreeMap<K, &'a T>,
) -> Vec<(&'m K, &'a T)> {
    side.iter().filter(|(k, _)| !other.contains_key(*k)).map(|(k, v)| (k, *v)).collect()
}

fn pair_key_results(
    gone: &[(&KrKey, &KeyResult)],
    came: &[(&KrKey, &KeyResult)],
    out: &mut BTreeMap<KrKey, KrKey>,
) {
    let mut taken: BTreeSet<&KrKey> = BTreeSet::new();
    // 1. Check-ins: bucketed by cycle and first check-in.
    let mut by_first: HashMap<(&str, String), Vec<(&KrKey, &KeyResult)>> = HashMap::new();
    for &(key, kr) in gone {
        if let Some(first) = kr.checkins.first() {
            by_first.entry((key.0.as_str(), fingerprint(first))).or_default().push((key, kr));
        }
    }
    for &(key, kr) in came {
        let Some(first) = kr.checkins.first() else { continue };
        let Some(bucket) = by_first.get(&(key.0.as_str(), fingerprint(first))) else { continue };
        let found = bucket.iter().take(BUCKET).find(|(old, was)| {
            !taken.contains(old) && was.kind == kr.kind && continues(&was.checkins, &kr.checkins)
        });
        if let Some(&(old, _)) = found {
            pair(out, &mut taken, old, key);
        }
    }
    // 2. Title, owner and kind.
    let mut by_title: HashMap<(&str, &str, &str, KrKind), Vec<&KrKey>> = HashMap::new();
    for &(key, kr) in gone.iter().filter(|(k, _)| !taken.contains(k)) {
        by_title
            .entry((key.0.as_str(), kr.title.as_str(), kr.owner.as_str(), kr.kind))
            .or_default()
            .push(key);
    }
    for &(key, kr) in came {
        if out.contains_key(key) {
            continue;
        }
        let title = (key.0.as_str(), kr.title.as_str(), kr.owner.as_str(), kr.kind);
        let Some(bucket) = by_title.get(&title) else { continue };
        if let Some(&old) = bucket.iter().find(|old| !taken.contains(*old)) {
            pair(out, &mut taken, old, key);
        }
    }
    // 3. Alike titles, when there are few enough pairs to compare.
    let left: Vec<&(&KrKey, &KeyResult)> = gone.iter().filter(|(k, _)| !taken.contains(k)).collect();
    let right: Vec<&(&KrKey, &KeyResult)> = came.iter().filter(|(k, _)| !out.contains_key(*k)).collect();
    if left.len().saturating_mul(right.len()) > FUZZY_PAIRS {
        return;
    }
    for &&(key, kr) in &right {
        let best = left
            .iter()
            .filter(|(old, was)| {
                !taken.contains(old) && old.0 == key.0 && was.kind == kr.kind && was.owner == kr.owner
            })
            .map(|(old, was)| (strsim::normalized_levenshtein(&was.title, &kr.title), *old))
            .filter(|(score, _)| *score >= ALIKE)
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)));
        if let Some((_, old)) = best {
            pair(out, &mut taken, old, key);
        }
    }
}

fn pair_objectives(
    gone: &[(&ObjectiveKey, &Objective)],
    came: &[(&ObjectiveKey, &Objective)],
    key_results: &BTreeMap<KrKey, KrKey>,
    out: &mut BTreeMap<ObjectiveKey, ObjectiveKey>,
) {
    let mut taken: BTreeSet<ObjectiveKey> = BTreeSet::new();
    // 1. Where most of its key results went.
    let objective_of = |k: &KrKey| (k.0.clone(), k.1.clone(), k.2.clone());
    let mut moved: BTreeMap<(ObjectiveKey, ObjectiveKey), usize> = BTreeMap::new();
    for (new, old) in key_results {
        *moved.entry((objective_of(old), objective_of(new))).or_default() += 1;
    }
    let gone_keys: BTreeMap<&ObjectiveKey, &Objective> = gone.iter().map(|(k, o)| (*k, *o)).collect();
    let came_keys: BTreeSet<&ObjectiveKey> = came.iter().map(|(k, _)| *k).collect();
    for ((old, new), count) in &moved {
        let Some(was) = gone_keys.get(old) else { continue };
        if !came_keys.contains(new) || taken.contains(old) || out.contains_key(new) {
            continue;
        }
        if count * 2 > was.key_results.len() {
            out.insert(new.clone(), old.clone());
            taken.insert(old.clone());
        }
    }
    // 2. Same title and owner; 3. alike titles, when few enough.
    let left: Vec<&(&ObjectiveKey, &Objective)> = gone.iter().filter(|(k, _)| !taken.contains(*k)).collect();
    let right: Vec<&(&ObjectiveKey, &Objective)> =
        came.iter().filter(|(k, _)| !out.contains_key(*k)).collect();
    let fuzzy = left.len().saturating_mul(right.len()) <= FUZZY_PAIRS;
    let mut by_title: HashMap<(&str, &str, &str), Vec<&ObjectiveKey>> = HashMap::new();
    for &&(key, o) in &left {
        by_title.entry((key.0.as_str(), o.title.as_str(), o.owner.as_str())).or_default().push(key);
    }
    for &&(key, o) in &right {
        let exact = by_title
            .get(&(key.0.as_str(), o.title.as_str(), o.owner.as_str()))
            .and_then(|bucket| bucket.iter().find(|old| !taken.contains(**old)).copied());
        let alike = || {
            left.iter()
                .filter(|(old, was)| !taken.contains(*old) && old.0 == key.0 && was.owner == o.owner)
                .map(|(old, was)| (strsim::normalized_levenshtein(&was.title, &o.title), *old))
                .filter(|(score, _)| *score >= ALIKE)
                .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
                .map(|(_, old)| old)
        };
        if let Some(old) = exact.or_else(|| if fuzzy { alike() } else { None }) {
            out.insert(key.clone(), old.clone());
            taken.insert(old.clone());
        }
    }
}

fn pair<'k>(out: &mut BTreeMap<KrKey, KrKey>, taken: &mut BTreeSet<&'k KrKey>, old: &'k KrKey, new: &KrKey) {
    out.insert(new.clone(), old.clone());
    taken.insert(old);
}

/// A check-in as text, for matching: its date and value or done.
fn fingerprint(c: &Checkin) -> String {
    format!("{}|{:?}|{:?}", c.date, c.value.map(f64::to_bits), c.done)
}

/// Whether one list of check-ins starts with the other.
fn continues(old: &[Checkin], new: &[Checkin]) -> bool {
    let same = |a: &Checkin, b: &Checkin| fingerprint(a) == fingerprint(b);
    let n = old.len().min(new.len());
    n > 0 && old.iter().zip(new).take(n).all(|(a, b)| same(a, b))
}
