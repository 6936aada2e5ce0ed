//! Chart geometry for the inline SVG charts: where each point, line and label
//! goes. The values plotted come from the rollup; only pixel positions are
//! worked out here.

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::Locale;
use crate::history::TrendPoint;
use crate::model::KrKind;
use crate::render::i18n;
use crate::rollup::{CycleRollup, KpiRollup, KrRollup};

/// A chart: points joined by a line, a reference line, today marked.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// The text alternative.
    pub label: String,
    pub width: u32,
    pub height: u32,
    /// `x,y x,y …` of the line through the check-ins.
    pub points: String,
    pub dots: Vec<Dot>,
    /// The reference line: the ideal path from start to target, or a bound.
    pub ideal: String,
    /// x of today, when today is within the cycle.
    pub today_x: Option<String>,
    /// Axis labels (large charts only).
    pub labels: Vec<AxisLabel>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AxisLabel {
    pub x: String,
    pub y: String,
    /// SVG `text-anchor`: `start`, `middle` or `end`.
    pub anchor: &'static str,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dot {
    pub x: String,
    pub y: String,
    /// What the point is, for its tooltip: `17 Nov 2026: 97.2 %`.
    pub title: String,
}

/// Maps dates and values to pixels.
struct Frame {
    start: NaiveDate,
    days: f64,
    low: f64,
    high: f64,
    left: f64,
    top: f64,
    inner_width: f64,
    inner_height: f64,
}

impl Frame {
    #[allow(clippy::cast_precision_loss, reason = "day counts of a cycle are small")]
    fn new(cycle: &CycleRollup, (low, high): (f64, f64), size: (u32, u32), pads: [f64; 4]) -> Frame {
        let [top, right, bottom, left] = pads;
        Frame {
            start: cycle.start,
            days: (cycle.end - cycle.start).num_days().max(1) as f64,
            low,
            high: if high > low { high } else { low + 1.0 },
            left,
            top,
            inner_width: f64::from(size.0) - left - right,
            inner_height: f64::from(size.1) - top - bottom,
        }
    }

    #[allow(clippy::cast_precision_loss, reason = "day counts of a cycle are small")]
    fn x(&self, date: NaiveDate) -> f64 {
        self.left + ((date - self.start).num_days() as f64 / self.days).clamp(0.0, 1.0) * self.inner_width
    }

    fn y(&self, value: f64) -> f64 {
        let share = ((value - self.low) / (self.high - self.low)).clamp(0.0, 1.0);
        self.top + (1.0 - share) * self.inner_height
    }
}

fn px(value: f64) -> String {
    i18n::one_decimal(value)
}

fn polyline(points: &[(f64, f64)]) -> String {
    let mut out = String::with_capacity(points.len() * 12);
    for (i, &(x, y)) in points.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        i18n::push_one_decimal(&mut out, x);
        out.push(',');
        i18n::push_one_decimal(&mut out, y);
    }
    out
}

/// Plots `(date, value)` points in `frame`, from `first` (the line's start on
/// the cycle's first day, when there is one).
fn plot(
    frame: &Frame,
    cycle: &CycleRollup,
    first: Option<f64>,
    points: &[(NaiveDate, f64, String)],
    ideal: &[(NaiveDate, f64)],
    as_of: NaiveDate,
) -> (String, Vec<Dot>, String, Option<String>) {
    let mut line: Vec<(f64, f64)> = first.map(|v| (frame.x(cycle.start), frame.y(v))).into_iter().collect();
    line.extend(points.iter().map(|(d, v, _)| (frame.x(*d), frame.y(*v))));
    let dots = points
        .iter()
        .map(|(d, v, title)| Dot { x: px(frame.x(*d)), y: px(frame.y(*v)), title: title.clone() })
        .collect();
    let ideal: Vec<(f64, f64)> = ideal.iter().map(|&(d, v)| (frame.x(d), frame.y(v))).collect();
    let ideal = polyline(&ideal);
    let today = (as_of >= cycle.start && as_of <= cycle.end).then(|| px(frame.x(as_of)));
    (polyline(&line), dots, ideal, today)
}

/// The small chart of a key result's progress over the cycle (team pages):
/// progress from 0 to 1 against where it should be (its expected path).
pub fn sparkline(cycle: &CycleRollup, kr: &KrRollup, label: &str, as_of: NaiveDate) -> Chart {
    let (width, height) = (120, 28);
    let frame = Frame::new(cycle, (0.0, 1.0), (width, height), [2.0; 4]);
    let history = kr.history.as_deref().unwrap_or_default();
    let points: Vec<(NaiveDate, f64, String)> =
        history.iter().map(|p| (p.date, p.progress, String::new())).collect();
    let path = kr.expected_path.as_deref().unwrap_or_default();
    let (points, dots, ideal, today_x) = plot(&frame, cycle, Some(0.0), &points, path, as_of);
    Chart { label: label.to_owned(), width, height, points, dots, ideal, today_x, labels: Vec::new() }
}

const LARGE: (u32, u32) = (600, 220);
/// Top, right, bottom, left: room for the value labels on the left and the
/// dates below.
const LARGE_PADS: [f64; 4] = [16.0, 16.0, 28.0, 72.0];

/// The chart of a key result on its objective page, in the key result's own
/// units: check-ins against the ideal line from start to target (metrics),
/// against the bound (thresholds), or done / not done (milestones).
pub fn kr_chart(cycle: &CycleRollup, kr: &KrRollup, label: &str, as_of: NaiveDate, locale: Locale) -> Chart {
    let value = |v: f64| with_unit(v, kr.key_result().unit.as_deref(), locale);
    let dated = |d: NaiveDate, v: String| format!("{}: {v}", i18n::date(d, locale));
    let (range, first, points, ideal, marks): (_, _, Vec<_>, _, Vec<(f64, String)>) = match kr.kind {
        KrKind::Metric => {
            let (start, target) = (kr.start.unwrap_or(0.0), kr.target.unwrap_or(0.0));
            let points: Vec<_> = kr
                .history
                .iter()
                .flatten()
                .filter_map(|p| p.value.map(|v| (p.date, v, dated(p.date, value(v)))))
                .collect();
            let range = padded(points.iter().map(|p| p.1).chain([start, target]));
            let marks = vec![(start, value(start)), (target, value(target))];
            let ideal = kr
                .expected_path
                .iter()
                .flatten()
                .map(|&(d, share)| (d, start + share * (target - start)))
                .collect();
            (range, Some(start), points, ideal, marks)
        }
        KrKind::Threshold => {
            let bound = kr.at_least.or(kr.at_most).unwrap_or(0.0);
            let points: Vec<_> = kr
                .history
                .iter()
                .flatten()
                .filter_map(|p| p.value.map(|v| (p.date, v, dated(p.date, value(v)))))
                .collect();
            let range = padded(points.iter().map(|p| p.1).chain([bound]));
            let ideal = vec![(cycle.start, bound), (cycle.end, bound)];
            (range, None, points, ideal, vec![(bound, value(bound))])
        }
        KrKind::Milestone => {
            let strings = i18n::strings(locale);
            let points: Vec<_> = kr
                .history
                .iter()
                .flatten()
                .map(|p| {
                    let word = if p.progress >= 1.0 { strings.done } else { strings.not_done };
                    (p.date, p.progress, dated(p.date, word.to_owned()))
                })
                .collect();
            let marks = vec![(0.0, strings.not_done.to_owned()), (1.0, strings.done.to_owned())];
            ((0.0, 1.0), Some(0.0), points, kr.expected_path.clone().unwrap_or_default(), marks)
        }
    };
    let frame = Frame::new(cycle, range, LARGE, LARGE_PADS);
    let (points, dots, ideal, today_x) = plot(&frame, cycle, first, &points, &ideal, as_of);
    let labels = axis_labels(&frame, cycle, &marks, locale);
    Chart { label: label.to_owned(), width: LARGE.0, height: LARGE.1, points, dots, ideal, today_x, labels }
}

/// Progress per commit over a cycle (trends page): from 0 to 1 against the
/// expected-progress line; large with axis labels, or a sparkline.
pub fn trend_chart(
    cycle: &CycleRollup,
    points: &[TrendPoint],
    label: &str,
    as_of: NaiveDate,
    locale: Locale,
    large: bool,
) -> Chart {
    let (size, pads) = if large { (LARGE, LARGE_PADS) } else { ((120, 28), [2.0; 4]) };
    let frame = Frame::new(cycle, (0.0, 1.0), size, pads);
    let within: Vec<(NaiveDate, f64, String)> = points
        .iter()
        .filter(|p| p.date >= cycle.start && p.date <= cycle.end)
        .map(|p| {
            let title = format!(
                "{} · {}: {}",
                i18n::date(p.date, locale),
                p.commit,
                i18n::percent(p.progress, locale)
            );
            (p.date, p.progress, if large { title } else { String::new() })
        })
        .collect();
    let (line, dots, ideal, today_x) =
        plot(&frame, cycle, None, &within, &[(cycle.start, 0.0), (cycle.end, 1.0)], as_of);
    let labels = if large {
        let marks = [(0.0, i18n::percent(0.0, locale)), (1.0, i18n::percent(1.0, locale))];
        axis_labels(&frame, cycle, &marks, locale)
    } else {
        Vec::new()
    };
    Chart {
        label: label.to_owned(),
        width: size.0,
        height: size.1,
        points: line,
        dots,
        ideal,
        today_x,
        labels,
    }
}

/// The chart of a KPI: its values against its bound.
pub fn kpi_chart(
    cycle: &CycleRollup,
    kpi: &KpiRollup,
    label: &str,
    as_of: NaiveDate,
    locale: Locale,
) -> Chart {
    let (width, height) = (160, 36);
    let bound = kpi.at_least.or(kpi.at_most);
    let range = padded(kpi.history.iter().map(|p| p.1).chain(bound));
    let frame = Frame::new(cycle, range, (width, height), [3.0; 4]);
    let points: Vec<_> = kpi
        .history
        .iter()
        .map(|&(d, v)| {
            (d, v, format!("{}: {}", i18n::date(d, locale), with_unit(v, kpi.unit.as_deref(), locale)))
        })
        .collect();
    let level = bound.unwrap_or(range.0);
    let (points, dots, ideal, today_x) =
        plot(&frame, cycle, None, &points, &[(cycle.start, level), (cycle.end, level)], as_of);
    Chart { label: label.to_owned(), width, height, points, dots, ideal, today_x, labels: Vec::new() }
}

/// A value with its unit: `97.2 %`, `26 h`, `3,5 €`.
pub fn with_unit(value: f64, unit: Option<&str>, locale: Locale) -> String {
    match unit {
        Some(unit) if !unit.is_empty() => format!("{}\u{a0}{unit}", i18n::number(value, locale)),
        _ => i18n::number(value, locale),
    }
}

/// The range of `values` with a little room above and below.
fn padded(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (low, high) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if low > high {
        return (0.0, 1.0);
    }
    let room = if high > low { (high - low) * 0.08 } else { low.abs().max(1.0) * 0.1 };
    (low - room, high + room)
}

/// Value marks on the left, the cycle's first and last day below.
fn axis_labels(
    frame: &Frame,
    cycle: &CycleRollup,
    marks: &[(f64, String)],
    locale: Locale,
) -> Vec<AxisLabel> {
    let bottom = frame.top + frame.inner_height;
    let mut labels: Vec<AxisLabel> = marks
        .iter()
        .map(|(value, text)| AxisLabel {
            x: px(frame.left - 6.0),
            y: px(frame.y(*value) + 4.0),
            anchor: "end",
            text: text.clone(),
        })
        .collect();
    labels.push(AxisLabel {
        x: px(frame.x(cycle.start)),
        y: px(bottom + 18.0),
        anchor: "start",
        text: i18n::date(cycle.start, locale),
    });
    labels.push(AxisLabel {
        x: px(frame.x(cycle.end)),
        y: px(bottom + 18.0),
        anchor: "end",
        text: i18n::date(cycle.end, locale),
    });
    labels
}

#[cfg(test)]
mod tests {
    use super::padded;

    #[test]
    fn ranges_have_room_and_never_collapse() {
        assert_eq!(padded([0.0, 100.0].into_iter()), (-8.0, 108.0));
        let (low, high) = padded([5.0].into_iter());
        assert!(low < 5.0 && high > 5.0);
        assert_eq!(padded(std::iter::empty()), (0.0, 1.0));
        assert_eq!(padded([f64::NAN].into_iter()), (0.0, 1.0));
    }
}
