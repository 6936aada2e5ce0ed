//! Expected progress, status and its reason as of a date (SPEC 3.3), and
//! end-of-cycle score bands (SPEC 3.4). docs/rollup.md is the user's
//! description of every rule, with a worked example each.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::{Cycle, CycleState, StatusThresholds};

/// Where something stands. In an active cycle: `not-started`, `no-data`,
/// `on-track`, `at-risk`, `off-track` or `done`; in a closed one `done`,
/// `achieved` or `missed`; in planning `not-started`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    NotStarted,
    NoData,
    OnTrack,
    AtRisk,
    OffTrack,
    Done,
    Achieved,
    Missed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "not-started",
            Status::NoData => "no-data",
            Status::OnTrack => "on-track",
            Status::AtRisk => "at-risk",
            Status::OffTrack => "off-track",
            Status::Done => "done",
            Status::Achieved => "achieved",
            Status::Missed => "missed",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Gaps and scores are compared with this much tolerance, so that a gap
/// computed as 0.6 − 0.45 = 0.15000000000000002 is not "more than 0.15".
pub const TOLERANCE: f64 = 1e-9;

/// The share of the cycle that has passed on `as_of`, in whole days, in
/// [0, 1]: 0 on the first day, 1 on the last day and after.
pub fn elapsed(cycle: &Cycle, as_of: NaiveDate) -> f64 {
    let length = (cycle.end - cycle.start).num_days();
    let passed = (as_of - cycle.start).num_days();
    if length <= 0 {
        return if passed >= length { 1.0 } else { 0.0 };
    }
    (passed as f64 / length as f64).clamp(0.0, 1.0)
}

/// Why a status is what it is, with its numbers; rendered in English by
/// `Display` (exports, terminal) and in the site's locale by `render::i18n`.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// The cycle is in planning.
    Planning,
    /// Nothing to measure: no key results and nothing aligned.
    NothingToMeasure,
    /// No check-in yet, `days` into the cycle, within `grace` days.
    NoCheckinYet { days: i64, grace: u32 },
    /// No check-in in the `days` since the cycle began.
    NoCheckin { days: i64 },
    /// Active cycle, progress reached 1.
    Reached,
    /// A threshold's latest value breaks its bound.
    Breaks { value: f64, bound: f64, at_least: bool },
    /// A milestone on or after its due date, not done.
    Overdue { due: NaiveDate },
    /// Progress behind the expected by `gap`, more than `limit`.
    Behind { gap: f64, expected: f64, progress: f64, limit: f64 },
    /// The confidence in scope is below the limit.
    LowConfidence { confidence: f64, limit: f64 },
    /// A threshold that holds its bound (on-track: never done before the
    /// cycle closes).
    Holds { value: f64, bound: f64, at_least: bool },
    /// On plan: at or ahead of the expected (`gap` ≤ 0), or behind by no
    /// more than the at-risk gap.
    OnPlan { gap: f64, expected: f64, progress: f64 },
    /// Closed cycle: progress 1.
    ClosedDone,
    /// Closed cycle: at or above the success score of an aspirational goal.
    ClosedAchieved { score: f64, success: f64 },
    /// Closed cycle: below what was needed (`needed` is 1 for committed).
    ClosedMissed { score: f64, needed: f64, committed: bool },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Reason::Planning => f.write_str("the cycle is being planned"),
            Reason::NothingToMeasure => f.write_str("nothing to measure: no key results and nothing aligned"),
            Reason::NoCheckinYet { days, grace } => {
                write!(f, "no check-in yet, {} of {grace} grace days passed", days.max(0))
            }
            Reason::NoCheckin { days } => write!(f, "no check-in in the {days} days since the cycle began"),
            Reason::Reached => f.write_str("progress reached 1.00"),
            Reason::Breaks { value, bound, at_least: true } => {
                write!(f, "{} is below the minimum of {}", plain(value), plain(bound))
            }
            Reason::Breaks { value, bound, at_least: false } => {
                write!(f, "{} is above the limit of {}", plain(value), plain(bound))
            }
            Reason::Overdue { due } => write!(f, "due {}, not done", due.format("%-d %b %Y")),
            Reason::Behind { gap, expected, progress, limit } => write!(
                f,
                "behind plan by {} (expected {}, progress {})",
                gap_text(gap, limit),
                two(expected),
                two(progress)
            ),
            Reason::LowConfidence { confidence, limit } => {
                write!(f, "confidence {} is below {}", plain(confidence), plain(limit))
            }
            Reason::Holds { value, bound, at_least: true } => {
                write!(f, "{} holds the minimum of {}", plain(value), plain(bound))
            }
            Reason::Holds { value, bound, at_least: false } => {
                write!(f, "{} holds the limit of {}", plain(value), plain(bound))
            }
            Reason::OnPlan { gap, expected, progress } if gap <= TOLERANCE => {
                write!(f, "on or ahead of plan (expected {}, progress {})", two(expected), two(progress))
            }
            Reason::OnPlan { gap, expected, progress } => write!(
                f,
                "close to plan, behind by {} (expected {}, progress {})",
                two(gap),
                two(expected),
                two(progress)
            ),
            Reason::ClosedDone => f.write_str("score 1.00: done"),
            Reason::ClosedAchieved { score, success } => {
                write!(
                    f,
                    "score {}, at least the {} an aspirational goal needs",
                    score_text(score),
                    plain(success)
                )
            }
            Reason::ClosedMissed { score, committed: true, .. } => {
                write!(f, "committed, and score {} is below 1.00", score_text(score))
            }
            Reason::ClosedMissed { score, needed, committed: false } => {
                write!(f, "score {} is below {}", score_text(score), plain(needed))
            }
        }
    }
}

/// A number as written: its shortest form, never `-0`.
pub fn plain(value: f64) -> String {
    let value = if value == 0.0 { 0.0 } else { value };
    format!("{value}")
}

/// A share with two decimals, rounded; a value below 1 is never shown as
/// 1.00 (0.996 is 0.99), and nothing as `-0.00`.
pub fn two(value: f64) -> String {
    let text = format!("{value:.2}");
    if value < 1.0 && text == "1.00" {
        return "0.99".to_owned();
    }
    match text.strip_prefix('-') {
        Some("0.00") => "0.00".to_owned(),
        _ => text,
    }
}

/// How far behind plan, with two decimals, rounded, but never at or below
/// the `limit` it went beyond: a gap of 0.3044 (more than 0.30: off-track)
/// reads 0.31, not 0.30.
pub fn gap_text(gap: f64, limit: f64) -> String {
    let text = two(gap);
    if text.parse::<f64>().is_ok_and(|shown| shown <= limit + TOLERANCE) {
        return two(limit + 0.01);
    }
    text
}

/// An end-of-cycle score with two decimals, truncated (SPEC 3.4: 0.946 is
/// 0.94, 0.995 is 0.99); the 1e-9 tolerance keeps 0.29 (stored as
/// 0.28999999999999998) at 0.29.
pub fn score_text(value: f64) -> String {
    let hundredths = (value.max(0.0) * 100.0 + TOLERANCE).floor();
    format!("{:.2}", hundredths / 100.0)
}

/// What a key result adds to its status.
#[derive(Debug, Clone, Copy)]
pub enum Subject {
    KeyResult {
        /// A threshold's latest value against its bound.
        threshold: Option<Threshold>,
        /// A milestone's due date (its own, else the cycle's end), and
        /// whether it is done.
        milestone: Option<(NaiveDate, bool)>,
    },
    /// An objective, a team's unit or the organisation: a threshold key
    /// result in scope keeps it from `done` in an active cycle.
    Rollup { has_threshold: bool },
}

#[derive(Debug, Clone, Copy)]
pub struct Threshold {
    pub value: Option<f64>,
    pub bound: f64,
    pub at_least: bool,
}

/// What status is decided from.
#[derive(Debug, Clone, Copy)]
pub struct StatusInput {
    pub state: CycleState,
    /// `None` when there is nothing to measure (an empty aggregate).
    pub progress: Option<f64>,
    pub expected: Option<f64>,
    /// Whether anything in scope has a check-in on or before the date.
    pub has_checkin: bool,
    /// The lowest latest confidence in scope (key results, objectives).
    pub confidence: Option<f64>,
    /// Closed cycles: whether success is the aspirational score (`false`
    /// for committed objectives and their key results: they need 1.0).
    pub aspirational: bool,
    /// Days from the cycle's start to the date.
    pub days: i64,
    pub subject: Subject,
}

/// Status and reason per SPEC 3.3: the first rule that matches wins.
pub fn status(input: &StatusInput, rules: &StatusThresholds) -> (Status, Reason) {
    match input.state {
        CycleState::Planning => (Status::NotStarted, Reason::Planning),
        CycleState::Closed => closed(input, rules),
        CycleState::Active => active(input, rules),
    }
}

fn closed(input: &StatusInput, rules: &StatusThresholds) -> (Status, Reason) {
    let Some(score) = input.progress else { return (Status::NoData, Reason::NothingToMeasure) };
    if score >= 1.0 {
        return (Status::Done, Reason::ClosedDone);
    }
    let success = rules.aspirational_success;
    if input.aspirational && score + TOLERANCE >= success {
        return (Status::Achieved, Reason::ClosedAchieved { score, success });
    }
    let needed = if input.aspirational { success } else { 1.0 };
    (Status::Missed, Reason::ClosedMissed { score, needed, committed: !input.aspirational })
}

fn active(input: &StatusInput, rules: &StatusThresholds) -> (Status, Reason) {
    let progress = input.progress;
    let is_threshold = match input.subject {
        Subject::KeyResult { threshold, .. } => threshold.is_some(),
        Subject::Rollup { has_threshold } => has_threshold,
    };
    // 1. done (a threshold is never done before its cycle closes)
    if progress.is_some_and(|p| p >= 1.0) && !is_threshold {
        return (Status::Done, Reason::Reached);
    }
    // 2. nothing checked in (or nothing to measure): not judged
    let Some(progress) = progress.filter(|_| input.has_checkin) else {
        let early = input.days < i64::from(rules.grace_days);
        let status = if early { Status::NotStarted } else { Status::NoData };
        let reason = match progress {
            // A team with KPIs only, an aggregate with nothing aligned.
            None => Reason::NothingToMeasure,
            Some(_) if early => Reason::NoCheckinYet { days: input.days, grace: rules.grace_days },
            Some(_) => Reason::NoCheckin { days: input.days },
        };
        return (status, reason);
    };
    let expected = input.expected.unwrap_or(progress);
    let gap = expected - progress;
    // 3. off-track
    if let Subject::KeyResult { threshold, milestone } = input.subject {
        if let Some(Threshold { value: Some(value), bound, at_least }) = threshold {
            let holds = if at_least { value >= bound } else { value <= bound };
            if !holds {
                return (Status::OffTrack, Reason::Breaks { value, bound, at_least });
            }
        }
        if let Some((due, false)) = milestone {
            if input.days >= 0 && expected >= 1.0 {
                return (Status::OffTrack, Reason::Overdue { due });
            }
        }
    }
    if gap > rules.off_track_gap + TOLERANCE {
        return (Status::OffTrack, Reason::Behind { gap, expected, progress, limit: rules.off_track_gap });
    }
    // 4. at-risk
    if gap > rules.at_risk_gap + TOLERANCE {
        return (Status::AtRisk, Reason::Behind { gap, expected, progress, limit: rules.at_risk_gap });
    }
    if let Some(confidence) = input.confidence.filter(|c| *c < rules.low_confidence) {
        return (Status::AtRisk, Reason::LowConfidence { confidence, limit: rules.low_confidence });
    }
    // 5. on-track
    if let Subject::KeyResult { threshold: Some(Threshold { value: Some(value), bound, at_least }), .. } =
        input.subject
    {
        return (Status::OnTrack, Reason::Holds { value, bound, at_least });
    }
    (Status::OnTrack, Reason::OnPlan { gap, expected, progress })
}

/// The colour band of an end-of-cycle score (Google's grading), by the
/// score truncated to one decimal: red up to 0.3, yellow 0.4 to 0.6, green
/// from 0.7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    Red,
    Yellow,
    Green,
}

impl Band {
    pub fn of(score: f64) -> Band {
        let tenths = (score * 10.0 + TOLERANCE).floor();
        if tenths <= 3.0 {
            Band::Red
        } else if tenths <= 6.0 {
            Band::Yellow
        } else {
            Band::Green
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Band::Red => "red",
            Band::Yellow => "yellow",
            Band::Green => "green",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn q4(state: CycleState) -> Cycle {
        Cycle { id: "2026-Q4".into(), name: None, start: date("2026-10-01"), end: date("2026-12-31"), state }
    }

    #[test]
    fn elapsed_counts_whole_days_and_clamps() {
        let cycle = q4(CycleState::Active);
        assert_eq!(elapsed(&cycle, date("2026-09-15")), 0.0, "before the start");
        assert_eq!(elapsed(&cycle, date("2026-10-01")), 0.0, "first day");
        assert_eq!(elapsed(&cycle, date("2026-12-31")), 1.0, "last day");
        assert_eq!(elapsed(&cycle, date("2027-02-01")), 1.0, "after the end");
        assert!((elapsed(&cycle, date("2026-11-15")) - 45.0 / 91.0).abs() < 1e-12);
        let one_day = Cycle { end: date("2026-10-01"), ..cycle };
        assert_eq!(elapsed(&one_day, date("2026-09-30")), 0.0);
        assert_eq!(elapsed(&one_day, date("2026-10-01")), 1.0);
    }

    fn input(progress: f64, expected: f64, confidence: Option<f64>) -> StatusInput {
        StatusInput {
            state: CycleState::Active,
            progress: Some(progress),
            expected: Some(expected),
            has_checkin: true,
            confidence,
            aspirational: true,
            days: 40,
            subject: Subject::Rollup { has_threshold: false },
        }
    }

    fn decide(progress: f64, expected: f64, confidence: Option<f64>) -> Status {
        status(&input(progress, expected, confidence), &StatusThresholds::default()).0
    }

    #[test]
    fn status_by_the_gap() {
        assert_eq!(decide(1.0, 0.5, None), Status::Done);
        assert_eq!(decide(1.0, 0.5, Some(0.1)), Status::Done, "done beats low confidence");
        assert_eq!(decide(0.29, 0.6, None), Status::OffTrack, "gap 0.31");
        assert_eq!(decide(0.3, 0.6, None), Status::AtRisk, "gap exactly 0.30 is not off-track");
        assert_eq!(decide(0.44, 0.6, None), Status::AtRisk, "gap 0.16");
        assert_eq!(decide(0.45, 0.6, None), Status::OnTrack, "gap 0.15 (computed 0.15000000000000002)");
        assert_eq!(decide(0.5, 0.6, Some(0.39)), Status::AtRisk, "low confidence");
        assert_eq!(decide(0.5, 0.6, Some(0.4)), Status::OnTrack, "confidence exactly at the limit");
        assert_eq!(decide(0.0, 0.011, None), Status::OnTrack, "day 2 of a cycle");
    }

    #[test]
    fn no_checkin_is_not_judged() {
        let t = StatusThresholds::default();
        let quiet = StatusInput { has_checkin: false, days: 13, ..input(0.0, 0.0, None) };
        assert_eq!(status(&quiet, &t), (Status::NotStarted, Reason::NoCheckinYet { days: 13, grace: 14 }));
        let later = StatusInput { days: 14, ..quiet };
        assert_eq!(status(&later, &t), (Status::NoData, Reason::NoCheckin { days: 14 }));
        let planned = StatusInput { state: CycleState::Planning, ..input(0.5, 0.5, None) };
        assert_eq!(status(&planned, &t).0, Status::NotStarted);
    }

    #[test]
    fn thresholds_and_milestones() {
        let t = StatusThresholds::default();
        let holds = Threshold { value: Some(99.9), bound: 99.5, at_least: true };
        let kr = StatusInput {
            subject: Subject::KeyResult { threshold: Some(holds), milestone: None },
            ..input(1.0, 1.0, None)
        };
        assert_eq!(status(&kr, &t).0, Status::OnTrack, "a threshold is never done in an active cycle");
        let broken =
            Threshold { value: Some(3.58), ..Threshold { value: None, bound: 3.5, at_least: false } };
        let kr = StatusInput {
            subject: Subject::KeyResult { threshold: Some(broken), milestone: None },
            ..input(0.0, 1.0, None)
        };
        let (s, reason) = status(&kr, &t);
        assert_eq!((s, reason.to_string().as_str()), (Status::OffTrack, "3.58 is above the limit of 3.5"));
        let due = date("2026-11-30");
        let late = StatusInput {
            subject: Subject::KeyResult { threshold: None, milestone: Some((due, false)) },
            ..input(0.0, 1.0, Some(0.8))
        };
        let (s, reason) = status(&late, &t);
        assert_eq!((s, reason.to_string().as_str()), (Status::OffTrack, "due 30 Nov 2026, not done"));
        let early = StatusInput { expected: Some(0.0), ..late };
        assert_eq!(status(&early, &t).0, Status::OnTrack, "nothing expected before the due date");
    }

    #[test]
    fn closed_cycles_are_results() {
        let t = StatusThresholds::default();
        let closed = |progress, aspirational| StatusInput {
            state: CycleState::Closed,
            aspirational,
            ..input(progress, 1.0, None)
        };
        assert_eq!(status(&closed(1.0, false), &t).0, Status::Done);
        assert_eq!(status(&closed(0.7, true), &t).0, Status::Achieved);
        assert_eq!(status(&closed(0.95, false), &t).0, Status::Missed, "committed needs 1.0");
        assert_eq!(status(&closed(0.69, true), &t).0, Status::Missed);
        assert_eq!(status(&closed(0.95, false), &t).1.to_string(), "committed, and score 0.95 is below 1.00");
    }

    #[test]
    fn numbers_are_never_rounded_up_to_one_nor_negative_zero() {
        assert_eq!(two(0.416), "0.42");
        assert_eq!(two(0.996), "0.99", "below 1 is never 1.00");
        assert_eq!(two(1.0), "1.00");
        assert_eq!(two(-0.001), "0.00");
        assert_eq!(two(-0.25), "-0.25");
        assert_eq!(score_text(0.995), "0.99");
        assert_eq!(score_text(0.946), "0.94");
        assert_eq!(score_text(0.29), "0.29", "0.29 × 100 is 28.999999999999996");
        assert_eq!(plain(-0.0), "0");
        assert_eq!(gap_text(0.3044, 0.3), "0.31", "beyond 0.30 never reads 0.30");
        assert_eq!(gap_text(0.1945, 0.15), "0.19");
        assert_eq!(gap_text(0.1501, 0.15), "0.16");
    }

    #[test]
    fn bands_truncate_to_one_decimal() {
        for (score, band) in [
            (0.0, Band::Red),
            (0.39, Band::Red),
            (0.4, Band::Yellow),
            (0.69, Band::Yellow),
            (0.7, Band::Green),
            (0.699_999_999_999_999_9, Band::Green),
            (1.0, Band::Green),
        ] {
            assert_eq!(Band::of(score), band, "{score}");
        }
    }
}
