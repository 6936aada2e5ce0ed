//! KPIs: health metrics watched beside the OKRs. Not key results — they never
//! count towards progress — but whether each holds its bound is a number users
//! see, so it is computed here like every other.

use chrono::NaiveDate;

use super::explain::Explanation;
use crate::model::{Kpi, KpiCheckin};

/// A KPI as of a date.
#[derive(Debug, Clone)]
pub struct KpiRollup {
    pub id: String,
    pub title: String,
    pub team: String,
    pub owner: String,
    pub unit: Option<String>,
    pub at_least: Option<f64>,
    pub at_most: Option<f64>,
    /// The latest value on or before the date.
    pub current: Option<f64>,
    /// Whether the latest value meets the bound (inclusive); `None` without a
    /// check-in or a bound.
    pub holds: Option<bool>,
    pub last_checkin: Option<NaiveDate>,
    pub explanation: Explanation,
    /// Every value on or before the date, by date (one per day: the last).
    pub history: Vec<(NaiveDate, f64)>,
}

/// The KPI `kpi` of `team` as of `as_of`.
pub fn kpi_rollup(kpi: &Kpi, team: &str, as_of: NaiveDate) -> KpiRollup {
    let counted: Vec<&KpiCheckin> = kpi.checkins.iter().filter(|c| c.date <= as_of).collect();
    // `max_by_key` keeps the last of equal maxima: "ties: last in file".
    let latest = counted.iter().copied().max_by_key(|c| c.date);
    let current = latest.map(|c| c.value);
    let (holds, explanation) = match (current, kpi.at_least, kpi.at_most) {
        (None, _, _) => (None, Explanation::KpiNoCheckin),
        (Some(value), Some(bound), _) => {
            let holds = value >= bound;
            (Some(holds), Explanation::Kpi { value, bound, at_least: true, holds })
        }
        (Some(value), None, Some(bound)) => {
            let holds = value <= bound;
            (Some(holds), Explanation::Kpi { value, bound, at_least: false, holds })
        }
        (Some(_), None, None) => (None, Explanation::KpiNoBound),
    };
    let mut history: Vec<(NaiveDate, f64)> = Vec::new();
    let mut sorted = counted;
    // Stable: equal dates keep file order, so the last of a day wins below.
    sorted.sort_by_key(|c| c.date);
    for checkin in sorted {
        match history.last_mut() {
            Some(last) if last.0 == checkin.date => last.1 = checkin.value,
            _ => history.push((checkin.date, checkin.value)),
        }
    }
    KpiRollup {
        id: kpi.id.clone(),
        title: kpi.title.clone(),
        team: team.to_owned(),
        owner: kpi.owner.clone(),
        unit: kpi.unit.clone(),
        at_least: kpi.at_least,
        at_most: kpi.at_most,
        current,
        holds,
        last_checkin: latest.map(|c| c.date),
        explanation,
        history,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap_or_default()
    }

    fn kpi(at_least: Option<f64>, at_most: Option<f64>, checkins: &[(u32, f64)]) -> Kpi {
        Kpi {
            id: "k".into(),
            title: "K".into(),
            description: None,
            owner: "o".into(),
            unit: None,
            at_least,
            at_most,
            checkins: checkins
                .iter()
                .map(|&(day, value)| KpiCheckin { date: date(day), value, note: None })
                .collect(),
        }
    }

    #[test]
    fn bounds_are_inclusive() {
        assert_eq!(kpi_rollup(&kpi(None, Some(2.0), &[(1, 2.0)]), "t", date(20)).holds, Some(true));
        assert_eq!(kpi_rollup(&kpi(None, Some(2.0), &[(1, 2.5)]), "t", date(20)).holds, Some(false));
        assert_eq!(kpi_rollup(&kpi(Some(99.9), None, &[(1, 99.9)]), "t", date(20)).holds, Some(true));
        assert_eq!(kpi_rollup(&kpi(Some(99.9), None, &[(1, 99.8)]), "t", date(20)).holds, Some(false));
    }

    #[test]
    fn latest_on_or_before_the_date_counts_and_ties_take_the_last() {
        let k = kpi(None, Some(2.0), &[(1, 1.0), (10, 5.0), (10, 2.0), (15, 9.0)]);
        let rolled = kpi_rollup(&k, "t", date(12));
        assert_eq!(rolled.current, Some(2.0));
        assert_eq!(rolled.holds, Some(true));
        assert_eq!(rolled.last_checkin, Some(date(10)));
        assert_eq!(rolled.history, vec![(date(1), 1.0), (date(10), 2.0)]);
        assert_eq!(rolled.explanation.to_string(), "2 ≤ 2 holds");
    }

    #[test]
    fn without_a_checkin_nothing_is_claimed() {
        let rolled = kpi_rollup(&kpi(None, Some(2.0), &[(20, 1.0)]), "t", date(12));
        assert_eq!((rolled.current, rolled.holds), (None, None));
    }
}
