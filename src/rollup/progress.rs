//! Progress of one key result as of a date (SPEC 3.1), with its explanation.

use chrono::NaiveDate;

use super::explain::Explanation;
use crate::model::{Checkin, KeyResult, KrKind};

/// A key result's progress as of a date.
#[derive(Debug, Clone)]
pub struct KrProgress<'a> {
    /// The value that counts: the latest check-in's, else `start` (metrics);
    /// `None` for milestones and for thresholds without a check-in.
    pub current: Option<f64>,
    /// Progress in [0, 1].
    pub progress: f64,
    /// The unclamped ratio of a metric, for showing over- or under-achievement.
    pub raw: Option<f64>,
    /// The latest check-in on or before the date.
    pub latest: Option<&'a Checkin>,
    /// The most recent confidence given on or before the date.
    pub confidence: Option<f64>,
    /// How `progress` was computed, with its numbers.
    pub explanation: Explanation,
}

/// The check-ins that count as of `as_of`, in the order that decides "latest":
/// by date, and for equal dates the later in the file.
fn counted(checkins: &[Checkin], as_of: NaiveDate) -> impl Iterator<Item = &Checkin> {
    checkins.iter().filter(move |c| c.date <= as_of)
}

/// The latest check-in on or before `as_of` (ties: the last in the file).
pub fn latest_checkin(checkins: &[Checkin], as_of: NaiveDate) -> Option<&Checkin> {
    // `max_by_key` returns the last of equal maxima: exactly "last in file".
    counted(checkins, as_of).max_by_key(|c| c.date)
}

/// The most recent confidence on or before `as_of`: the latest check-in that
/// gives one (ties: the last in the file).
pub(super) fn latest_confidence(checkins: &[Checkin], as_of: NaiveDate) -> Option<f64> {
    counted(checkins, as_of)
        .filter(|c| c.confidence.is_some())
        .max_by_key(|c| c.date)
        .and_then(|c| c.confidence)
}

/// A key result's progress right after one of its check-ins.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryPoint {
    pub date: NaiveDate,
    /// The check-in's value (metrics and thresholds).
    pub value: Option<f64>,
    pub progress: f64,
}

/// Progress after each check-in on or before `as_of`, by date (one point per
/// date: the last check-in of a day counts, as for "latest").
pub fn history(kr: &KeyResult, as_of: NaiveDate) -> Vec<HistoryPoint> {
    let mut dates: Vec<NaiveDate> = counted(&kr.checkins, as_of).map(|c| c.date).collect();
    dates.sort_unstable();
    dates.dedup();
    dates
        .into_iter()
        .map(|date| {
            let at = key_result_progress(kr, date);
            HistoryPoint { date, value: at.latest.and_then(|c| c.value), progress: at.progress }
        })
        .collect()
}

/// Progress of `kr` as of `as_of`.
pub fn key_result_progress(kr: &KeyResult, as_of: NaiveDate) -> KrProgress<'_> {
    let latest = latest_checkin(&kr.checkins, as_of);
    let confidence = latest_confidence(&kr.checkins, as_of);
    let Computed { current, progress, raw, explanation } = match kr.kind {
        KrKind::Metric => metric(kr, latest),
        KrKind::Milestone => milestone(latest),
        KrKind::Threshold => threshold(kr, latest),
    };
    KrProgress { current, progress, raw, latest, confidence, explanation }
}

/// What each kind computes: the [`KrProgress`] fields that depend on it.
struct Computed {
    current: Option<f64>,
    progress: f64,
    raw: Option<f64>,
    explanation: Explanation,
}

impl Computed {
    /// Progress without a ratio behind it (milestones, thresholds, metrics
    /// whose target equals their start).
    fn flat(current: Option<f64>, progress: f64, explanation: Explanation) -> Self {
        Computed { current, progress, raw: None, explanation }
    }
}

fn metric(kr: &KeyResult, latest: Option<&Checkin>) -> Computed {
    let start = kr.start.unwrap_or(0.0);
    let target = kr.target.unwrap_or(0.0);
    let current = latest.and_then(|c| c.value).unwrap_or(start);
    let distance = target - start;
    if distance == 0.0 || !distance.is_finite() {
        return Computed::flat(Some(current), 0.0, Explanation::TargetEqualsStart { target });
    }
    let raw = (current - start) / distance + 0.0;
    let progress = clamp01(raw);
    let capped = (raw != progress).then_some(progress);
    let explanation = Explanation::Metric { current, start, target, raw, capped };
    Computed { current: Some(current), progress, raw: Some(raw), explanation }
}

fn milestone(latest: Option<&Checkin>) -> Computed {
    match latest {
        Some(c) if c.done == Some(true) => {
            Computed::flat(None, 1.0, Explanation::Milestone { done: true, date: c.date })
        }
        Some(c) => Computed::flat(None, 0.0, Explanation::Milestone { done: false, date: c.date }),
        None => Computed::flat(None, 0.0, Explanation::NoCheckin),
    }
}

fn threshold(kr: &KeyResult, latest: Option<&Checkin>) -> Computed {
    let Some(value) = latest.and_then(|c| c.value) else {
        return Computed::flat(None, 0.0, Explanation::NoCheckin);
    };
    let (bound, at_least) = match (kr.at_least, kr.at_most) {
        (Some(bound), _) => (bound, true),
        (None, Some(bound)) => (bound, false),
        (None, None) => return Computed::flat(Some(value), 0.0, Explanation::NoBound),
    };
    let holds = if at_least { value >= bound } else { value <= bound };
    let progress = if holds { 1.0 } else { 0.0 };
    Computed::flat(Some(value), progress, Explanation::Threshold { value, bound, at_least, holds })
}

/// Clamps to [0, 1]; NaN (never produced from finite input) counts as 0,
/// and −0 (a decreasing metric at its start: 0 / −x) is 0.
pub(super) fn clamp01(value: f64) -> f64 {
    if value.is_nan() {
        0.0
    } else {
        value.clamp(0.0, 1.0) + 0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn checkin(d: &str, value: Option<f64>, done: Option<bool>, confidence: Option<f64>) -> Checkin {
        Checkin { date: date(d), value, done, confidence, note: None, blockers: None, next: None }
    }

    fn kr(kind: KrKind, start: Option<f64>, target: Option<f64>, checkins: Vec<Checkin>) -> KeyResult {
        KeyResult {
            id: "k".into(),
            title: "K".into(),
            description: None,
            owner: "o".into(),
            contributors: vec![],
            kind,
            unit: None,
            start,
            target,
            at_least: None,
            at_most: None,
            weight: 1.0,
            due: None,
            checkins,
            initiatives: Vec::new(),
            source: None,
        }
    }

    fn metric(start: f64, target: f64, values: &[(&str, f64)]) -> KeyResult {
        let checkins = values.iter().map(|(d, v)| checkin(d, Some(*v), None, None)).collect();
        kr(KrKind::Metric, Some(start), Some(target), checkins)
    }

    const AS_OF: &str = "2026-11-15";

    #[test]
    fn table_of_hand_computed_progress() {
        // (case, key result, expected progress, expected raw)
        let cases: Vec<(&str, KeyResult, f64, Option<f64>)> = vec![
            ("rising", metric(10.0, 40.0, &[("2026-11-01", 25.0)]), 0.5, Some(0.5)),
            ("falling", metric(26.0, 4.0, &[("2026-11-01", 15.0)]), 0.5, Some(0.5)),
            ("over-achieving", metric(0.0, 10.0, &[("2026-11-01", 12.0)]), 1.0, Some(1.2)),
            ("below start", metric(50.0, 100.0, &[("2026-11-01", 40.0)]), 0.0, Some(-0.2)),
            ("falling, worse", metric(20.0, 10.0, &[("2026-11-01", 25.0)]), 0.0, Some(-0.5)),
            ("no check-in: start", metric(10.0, 40.0, &[]), 0.0, Some(0.0)),
            (
                "after as_of ignored",
                metric(0.0, 100.0, &[("2026-11-01", 30.0), ("2026-11-20", 90.0)]),
                0.3,
                Some(0.3),
            ),
            (
                "same date: last in file",
                metric(0.0, 100.0, &[("2026-11-01", 30.0), ("2026-11-01", 60.0)]),
                0.6,
                Some(0.6),
            ),
            (
                "latest by date, not by order",
                metric(0.0, 100.0, &[("2026-11-10", 70.0), ("2026-11-01", 20.0)]),
                0.7,
                Some(0.7),
            ),
            ("exactly on as_of counts", metric(0.0, 100.0, &[("2026-11-15", 45.0)]), 0.45, Some(0.45)),
        ];
        for (name, kr, progress, raw) in cases {
            let p = key_result_progress(&kr, date(AS_OF));
            assert!((p.progress - progress).abs() < 1e-12, "{name}: {} != {progress}", p.progress);
            assert_eq!(p.raw.map(|r| (r * 1e9).round()), raw.map(|r| (r * 1e9).round()), "{name}");
        }
    }

    #[test]
    fn metric_explains_itself() {
        let kr = metric(10.0, 40.0, &[("2026-11-01", 25.0)]);
        let p = key_result_progress(&kr, date(AS_OF));
        assert_eq!(p.explanation.to_string(), "(25 − 10) / (40 − 10) = 0.50");
        let kr = metric(0.0, 10.0, &[("2026-11-01", 12.0)]);
        let p = key_result_progress(&kr, date(AS_OF));
        assert_eq!(p.explanation.to_string(), "(12 − 0) / (10 − 0) = 1.20, capped at 1.00");
    }

    #[test]
    fn milestone_counts_the_latest_check_in_only() {
        let done_then_undone = vec![
            checkin("2026-11-01", None, Some(true), None),
            checkin("2026-11-10", None, Some(false), None),
        ];
        let m = kr(KrKind::Milestone, None, None, done_then_undone);
        assert_eq!(key_result_progress(&m, date(AS_OF)).progress, 0.0);
        assert_eq!(key_result_progress(&m, date("2026-11-05")).progress, 1.0);
        let m = kr(KrKind::Milestone, None, None, vec![]);
        let p = key_result_progress(&m, date(AS_OF));
        assert_eq!((p.progress, p.current), (0.0, None));
    }

    #[test]
    fn threshold_bounds_are_inclusive() {
        let mut t = kr(KrKind::Threshold, None, None, vec![checkin("2026-11-01", Some(99.9), None, None)]);
        t.at_least = Some(99.9);
        assert_eq!(key_result_progress(&t, date(AS_OF)).progress, 1.0, "exactly on at_least");
        t.checkins[0].value = Some(99.89);
        assert_eq!(key_result_progress(&t, date(AS_OF)).progress, 0.0);
        t.at_least = None;
        t.at_most = Some(99.89);
        assert_eq!(key_result_progress(&t, date(AS_OF)).progress, 1.0, "exactly on at_most");
        t.checkins[0].value = Some(100.0);
        assert_eq!(key_result_progress(&t, date(AS_OF)).progress, 0.0);
        t.checkins.clear();
        let p = key_result_progress(&t, date(AS_OF));
        assert_eq!((p.progress, p.current), (0.0, None), "no check-in");
    }

    #[test]
    fn history_has_one_point_per_check_in_date() {
        let k = metric(
            0.0,
            10.0,
            &[("2026-11-01", 2.0), ("2026-11-01", 4.0), ("2026-11-08", 5.0), ("2026-11-20", 9.0)],
        );
        let points = history(&k, date(AS_OF));
        let seen: Vec<(NaiveDate, f64)> = points.iter().map(|p| (p.date, p.progress)).collect();
        assert_eq!(seen, vec![(date("2026-11-01"), 0.4), (date("2026-11-08"), 0.5)]);
    }

    #[test]
    fn confidence_is_the_most_recent_one_given() {
        let k = kr(
            KrKind::Metric,
            Some(0.0),
            Some(1.0),
            vec![
                checkin("2026-11-01", Some(0.1), None, Some(0.7)),
                checkin("2026-11-08", Some(0.2), None, None),
            ],
        );
        assert_eq!(key_result_progress(&k, date(AS_OF)).confidence, Some(0.7));
        assert_eq!(key_result_progress(&k, date("2026-10-31")).confidence, None);
    }
}
