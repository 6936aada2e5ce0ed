//! Expected progress, status as of a date (SPEC 3.3), and end-of-cycle score
//! bands (SPEC 3.4).

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::{Cycle, CycleState, StatusThresholds};

/// Where something stands against the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    NotStarted,
    OnTrack,
    AtRisk,
    OffTrack,
    Done,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "not-started",
            Status::OnTrack => "on-track",
            Status::AtRisk => "at-risk",
            Status::OffTrack => "off-track",
            Status::Done => "done",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The share of the cycle that has passed on `as_of`, in whole days, in
/// [0, 1]: 0 on the first day, 1 on the last day and after.
pub fn expected_progress(cycle: &Cycle, as_of: NaiveDate) -> f64 {
    let length = (cycle.end - cycle.start).num_days();
    let elapsed = (as_of - cycle.start).num_days();
    if length <= 0 {
        return if elapsed >= length { 1.0 } else { 0.0 };
    }
    (elapsed as f64 / length as f64).clamp(0.0, 1.0)
}

/// What status is decided from.
#[derive(Debug, Clone, Copy)]
pub struct StatusInput {
    pub state: CycleState,
    /// `None` when there is nothing to measure (an empty aggregate).
    pub progress: Option<f64>,
    pub expected: f64,
    /// Whether anything counted has a check-in on or before the date.
    pub has_checkin: bool,
    /// The lowest latest confidence in scope; `None` when none was given (and
    /// always for teams, whose status ignores confidence).
    pub confidence: Option<f64>,
}

/// Status per SPEC 3.3. Not started: the cycle is planned, or nothing has
/// been checked in and no time has passed (or there is nothing to measure).
/// Otherwise done, off-track, at-risk (ratio or low confidence), on-track.
pub fn status(input: StatusInput, thresholds: &StatusThresholds) -> Status {
    let Some(progress) = input.progress else { return Status::NotStarted };
    if input.state == CycleState::Planning || (!input.has_checkin && input.expected == 0.0) {
        return Status::NotStarted;
    }
    if progress >= 1.0 {
        return Status::Done;
    }
    let ratio = pace(progress, input.expected);
    if ratio < thresholds.off_track_below {
        Status::OffTrack
    } else if ratio < thresholds.at_risk_below
        || input.confidence.is_some_and(|c| c < thresholds.low_confidence)
    {
        Status::AtRisk
    } else {
        Status::OnTrack
    }
}

/// progress / expected, 1 when nothing is expected yet.
pub fn pace(progress: f64, expected: f64) -> f64 {
    if expected == 0.0 {
        1.0
    } else {
        progress / expected
    }
}

/// The colour band of an end-of-cycle score (Google's grading): the score
/// rounded to one decimal is red up to 0.3, yellow 0.4 to 0.6, green from 0.7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    Red,
    Yellow,
    Green,
}

impl Band {
    pub fn of(score: f64) -> Band {
        let tenths = (score * 10.0).round();
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
    fn expected_counts_whole_days_and_clamps() {
        let cycle = q4(CycleState::Active);
        assert_eq!(expected_progress(&cycle, date("2026-09-15")), 0.0, "before the start");
        assert_eq!(expected_progress(&cycle, date("2026-10-01")), 0.0, "first day");
        assert_eq!(expected_progress(&cycle, date("2026-12-31")), 1.0, "last day");
        assert_eq!(expected_progress(&cycle, date("2027-02-01")), 1.0, "after the end");
        assert!((expected_progress(&cycle, date("2026-11-15")) - 45.0 / 91.0).abs() < 1e-12);
        let one_day = Cycle { end: date("2026-10-01"), ..cycle };
        assert_eq!(expected_progress(&one_day, date("2026-09-30")), 0.0);
        assert_eq!(expected_progress(&one_day, date("2026-10-01")), 1.0);
    }

    fn decide(progress: f64, expected: f64, confidence: Option<f64>) -> Status {
        let input = StatusInput {
            state: CycleState::Active,
            progress: Some(progress),
            expected,
            has_checkin: true,
            confidence,
        };
        status(input, &StatusThresholds::default())
    }

    #[test]
    fn status_table() {
        assert_eq!(decide(1.0, 0.5, None), Status::Done);
        assert_eq!(decide(1.0, 0.5, Some(0.1)), Status::Done, "done beats low confidence");
        assert_eq!(decide(0.24, 0.5, None), Status::OffTrack, "ratio 0.48");
        assert_eq!(decide(0.25, 0.5, None), Status::AtRisk, "ratio exactly 0.5 is not off-track");
        assert_eq!(decide(0.39, 0.5, None), Status::AtRisk, "ratio 0.78");
        assert_eq!(decide(0.40, 0.5, None), Status::OnTrack, "ratio exactly 0.8");
        assert_eq!(decide(0.45, 0.5, Some(0.39)), Status::AtRisk, "low confidence");
        assert_eq!(decide(0.45, 0.5, Some(0.4)), Status::OnTrack, "confidence exactly at the bound");
        assert_eq!(decide(0.0, 0.0, None), Status::OnTrack, "ratio 1 when nothing is expected yet");
    }

    #[test]
    fn not_started() {
        let t = StatusThresholds::default();
        let planned = StatusInput {
            state: CycleState::Planning,
            progress: Some(0.5),
            expected: 0.5,
            has_checkin: true,
            confidence: None,
        };
        assert_eq!(status(planned, &t), Status::NotStarted);
        let early = StatusInput {
            state: CycleState::Active,
            progress: Some(0.0),
            expected: 0.0,
            has_checkin: false,
            confidence: None,
        };
        assert_eq!(status(early, &t), Status::NotStarted);
        let later = StatusInput { expected: 0.1, ..early };
        assert_eq!(status(later, &t), Status::OffTrack, "no check-in once time has passed");
        let empty = StatusInput { progress: None, ..later };
        assert_eq!(status(empty, &t), Status::NotStarted);
    }

    #[test]
    fn bands_round_to_one_decimal() {
        for (score, band) in [
            (0.0, Band::Red),
            (0.34, Band::Red),
            (0.35, Band::Yellow),
            (0.6, Band::Yellow),
            (0.64, Band::Yellow),
            (0.65, Band::Green),
            (1.0, Band::Green),
        ] {
            assert_eq!(Band::of(score), band, "{score}");
        }
    }
}
