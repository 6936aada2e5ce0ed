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
    /// Axis labels, the last value and the target (large charts only).
    pub labels: Vec<AxisLabel>,
    /// A grid line at each value tick (large charts only).
    pub grid: Vec<GridLine>,
    /// Where a threshold holds: the band between its bound and the chart's
    /// edge.
    pub band: Option<Rect>,
}

impl Chart {
    /// A chart without axis labels or grid (sparklines, KPI charts).
    fn small(
        label: &str,
        (width, height): (u32, u32),
        (points, dots, ideal, today_x): (String, Vec<Dot>, String, Option<String>),
        band: Option<Rect>,
    ) -> Chart {
        Chart {
            label: label.to_owned(),
            width,
            height,
            points,
            dots,
            ideal,
            today_x,
            labels: Vec::new(),
            grid: Vec::new(),
            band,
        }
    }
}

/// A horizontal line across the plot.
#[derive(Debug, Clone, Serialize)]
pub struct GridLine {
    pub x1: String,
    pub x2: String,
    pub y: String,
}

/// A rectangle in the chart's pixels.
#[derive(Debug, Clone, Serialize)]
pub struct Rect {
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
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
    steps: bool,
) -> (String, Vec<Dot>, String, Option<String>) {
    let mut line: Vec<(f64, f64)> = first.map(|v| (frame.x(cycle.start), frame.y(v))).into_iter().collect();
    for (d, v, _) in points {
        let (x, y) = (frame.x(*d), frame.y(*v));
        // A milestone stays where it was until the day it changed.
        if let Some(&(_, before)) = line.last().filter(|_| steps) {
            line.push((x, before));
        }
        line.push((x, y));
    }
    let dots = points
        .iter()
        .map(|(d, v, title)| Dot { x: px(frame.x(*d)), y: px(frame.y(*v)), title: title.clone() })
        .collect();
    let ideal: Vec<(f64, f64)> = ideal.iter().map(|&(d, v)| (frame.x(d), frame.y(v))).collect();
    let ideal = polyline(&ideal);
    let today = (as_of >= cycle.start && as_of <= cycle.end).then(|| px(frame.x(as_of)));
    (polyline(&line), dots, ideal, today)
}

/// What a key result's charts draw, in its own units: the check-ins, where
/// they should be, the value ticks, the target or bound.
struct Series {
    range: (f64, f64),
    /// The line's start on the cycle's first day (a metric's start).
    first: Option<f64>,
    points: Vec<(NaiveDate, f64, String)>,
    ideal: Vec<(NaiveDate, f64)>,
    ticks: Vec<(f64, String)>,
    /// The target or bound and its words (`Target: 99.5 %`).
    target: Option<(f64, String)>,
    /// Where a threshold holds, as a value range.
    band: Option<(f64, f64)>,
    /// A milestone's due day.
    due: Option<NaiveDate>,
    steps: bool,
}

fn kr_series(cycle: &CycleRollup, kr: &KrRollup, locale: Locale) -> Series {
    let strings = i18n::strings(locale);
    let unit = kr.key_result().unit.as_deref();
    let value = |v: f64| with_unit(v, unit, locale);
    let dated = |d: NaiveDate, v: String| format!("{}: {v}", i18n::date(d, locale));
    let values = || -> Vec<(NaiveDate, f64, String)> {
        kr.history
            .iter()
            .flatten()
            .filter_map(|p| p.value.map(|v| (p.date, v, dated(p.date, value(v)))))
            .collect()
    };
    let ticks_of = |range: (f64, f64)| -> Vec<(f64, String)> {
        nice_ticks(range.0, range.1, 4).into_iter().map(|t| (t, value(t))).collect()
    };
    match kr.kind {
        KrKind::Metric => {
            let (start, target) = (kr.start.unwrap_or(0.0), kr.target.unwrap_or(0.0));
            let points = values();
            let range = padded(points.iter().map(|p| p.1).chain([start, target]));
            let ideal = kr
                .expected_path
                .iter()
                .flatten()
                .map(|&(d, share)| (d, start + share * (target - start)))
                .collect();
            Series {
                ticks: ticks_of(range),
                range,
                first: Some(start),
                points,
                ideal,
                target: Some((target, format!("{}: {}", strings.target, value(target)))),
                band: None,
                due: None,
                steps: false,
            }
        }
        KrKind::Threshold => {
            let bound = kr.at_least.or(kr.at_most).unwrap_or(0.0);
            let points = values();
            let range = padded(points.iter().map(|p| p.1).chain([bound]));
            let band = holding(kr.at_least.is_some(), bound, range);
            Series {
                ticks: ticks_of(range),
                range,
                first: None,
                points,
                ideal: vec![(cycle.start, bound), (cycle.end, bound)],
                target: Some((bound, super::view::bound_text(kr.at_least, kr.at_most, unit, locale))),
                band: Some(band),
                due: None,
                steps: false,
            }
        }
        KrKind::Milestone => {
            let points = kr
                .history
                .iter()
                .flatten()
                .map(|p| {
                    let word = if p.progress >= 1.0 { strings.done } else { strings.not_done };
                    (p.date, p.progress, dated(p.date, word.to_owned()))
                })
                .collect();
            Series {
                range: (0.0, 1.0),
                first: Some(0.0),
                points,
                ideal: kr.expected_path.clone().unwrap_or_default(),
                ticks: vec![(0.0, strings.not_done.to_owned()), (1.0, strings.done.to_owned())],
                target: None,
                band: None,
                due: Some(kr.key_result().due.unwrap_or(cycle.end).clamp(cycle.start, cycle.end)),
                steps: true,
            }
        }
    }
}

/// The small chart of a key result (team pages): the same values, line and
/// reference as its large chart on the objective page, without labels.
pub fn sparkline(cycle: &CycleRollup, kr: &KrRollup, label: &str, as_of: NaiveDate, locale: Locale) -> Chart {
    let (width, height) = SMALL;
    let series = kr_series(cycle, kr, locale);
    let frame = Frame::new(cycle, series.range, SMALL, [2.0; 4]);
    let untitled: Vec<(NaiveDate, f64, String)> =
        series.points.iter().map(|(d, v, _)| (*d, *v, String::new())).collect();
    let (points, dots, ideal, today_x) =
        plot(&frame, cycle, series.first, &untitled, &series.ideal, as_of, series.steps);
    Chart::small(
        label,
        (width, height),
        (points, dots, ideal, today_x),
        series.band.map(|b| band_rect(&frame, b)),
    )
}

const SMALL: (u32, u32) = (120, 28);
const LARGE: (u32, u32) = (720, 240);
/// Top, right, bottom, left: room for the value labels on the left and the
/// dates below.
const LARGE_PADS: [f64; 4] = [22.0, 24.0, 28.0, 84.0];

/// The chart of a key result on its objective page, in the key result's own
/// units: check-ins against the ideal line from start to target (metrics),
/// against the band where the bound holds (thresholds), or done / not done
/// as steps with the due day (milestones); value ticks, the last value and
/// the target in text.
pub fn kr_chart(cycle: &CycleRollup, kr: &KrRollup, label: &str, as_of: NaiveDate, locale: Locale) -> Chart {
    let series = kr_series(cycle, kr, locale);
    let frame = Frame::new(cycle, series.range, LARGE, LARGE_PADS);
    let (points, dots, ideal, today_x) =
        plot(&frame, cycle, series.first, &series.points, &series.ideal, as_of, series.steps);
    let mut labels = axis_labels(&frame, cycle, &series.ticks, locale);
    if let Some((date, v, title)) = series.points.last() {
        let text = title.split_once(": ").map_or(title.as_str(), |(_, t)| t).to_owned();
        labels.push(point_label(&frame, frame.x(*date), frame.y(*v), text));
    }
    if let Some((v, text)) = &series.target {
        // Above the reference line where it comes up from below, below it
        // where it comes down from above: never across it.
        let falling = series.first.is_some_and(|start| start > *v);
        let y = if falling { frame.y(*v) + 16.0 } else { frame.y(*v) - 6.0 };
        labels.push(AxisLabel {
            x: px(frame.left + frame.inner_width),
            y: px(y.min(frame.top + frame.inner_height - 2.0)),
            anchor: "end",
            text: text.clone(),
        });
    }
    if let Some(due) = series.due {
        let strings = i18n::strings(locale);
        labels.push(AxisLabel {
            x: px(frame.x(due) - 4.0),
            y: px(frame.top - 8.0),
            anchor: "end",
            text: format!("{} {}", strings.due, i18n::date(due, locale)),
        });
    }
    Chart {
        label: label.to_owned(),
        width: LARGE.0,
        height: LARGE.1,
        points,
        dots,
        ideal,
        today_x,
        grid: grid_lines(&frame, &series.ticks),
        band: series.band.map(|b| band_rect(&frame, b)),
        labels,
    }
}

/// The text of a chart's last point, beside it on the side with room.
fn point_label(frame: &Frame, x: f64, y: f64, text: String) -> AxisLabel {
    let right_half = x > frame.left + frame.inner_width * 0.75;
    AxisLabel {
        x: px(if right_half { x - 8.0 } else { x + 8.0 }),
        y: px((y - 8.0).max(frame.top + 4.0)),
        anchor: if right_half { "end" } else { "start" },
        text,
    }
}

fn grid_lines(frame: &Frame, ticks: &[(f64, String)]) -> Vec<GridLine> {
    let (x1, x2) = (px(frame.left), px(frame.left + frame.inner_width));
    ticks.iter().map(|(v, _)| GridLine { x1: x1.clone(), x2: x2.clone(), y: px(frame.y(*v)) }).collect()
}

/// The values where a bound holds, up to the edge of `range`: above a
/// minimum, below a maximum.
fn holding(at_least: bool, bound: f64, (low, high): (f64, f64)) -> (f64, f64) {
    if at_least {
        (bound, high)
    } else {
        (low, bound)
    }
}

fn band_rect(frame: &Frame, (low, high): (f64, f64)) -> Rect {
    let (top, bottom) = (frame.y(high), frame.y(low));
    Rect { x: px(frame.left), y: px(top), width: px(frame.inner_width), height: px((bottom - top).max(0.0)) }
}

/// Up to `count` + 1 round values (steps of 1, 2, 2.5 or 5 × 10ⁿ) within
/// `low..=high`, for a value axis.
fn nice_ticks(low: f64, high: f64, count: u32) -> Vec<f64> {
    let span = high - low;
    if !(span > 0.0 && span.is_finite() && low.is_finite()) {
        return vec![low];
    }
    let raw = span / f64::from(count);
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| span / s <= f64::from(count))
        .unwrap_or(magnitude * 10.0);
    let first = (low / step).ceil();
    // 0.30000000000000004 → 0.3: rounded to one decimal more than the step has.
    let mut scale = 10.0;
    let mut unit = step;
    while unit < 1.0 && scale < 1e12 {
        unit *= 10.0;
        scale *= 10.0;
    }
    (0..=count * 2 + 2)
        .map(|i| (first + f64::from(i)) * step)
        .take_while(|v| *v <= high + step * 1e-9)
        .map(|v| (v * scale).round() / scale)
        .collect()
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
    let (size, pads) = if large { (LARGE, LARGE_PADS) } else { (SMALL, [2.0; 4]) };
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
        plot(&frame, cycle, None, &within, &[(cycle.start, 0.0), (cycle.end, 1.0)], as_of, false);
    let ticks: Vec<(f64, String)> =
        [0.0, 0.25, 0.5, 0.75, 1.0].into_iter().map(|t| (t, i18n::percent(t, locale))).collect();
    let (labels, grid) = if large {
        let mut labels = axis_labels(&frame, cycle, &ticks, locale);
        if let Some((date, v, _)) = within.last() {
            labels.push(point_label(&frame, frame.x(*date), frame.y(*v), i18n::percent(*v, locale)));
        }
        (labels, grid_lines(&frame, &ticks))
    } else {
        (Vec::new(), Vec::new())
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
        grid,
        band: None,
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
        plot(&frame, cycle, None, &points, &[(cycle.start, level), (cycle.end, level)], as_of, false);
    let band = bound.map(|b| band_rect(&frame, holding(kpi.at_least.is_some(), b, range)));
    Chart::small(label, (width, height), (points, dots, ideal, today_x), band)
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
    use super::{nice_ticks, padded};

    #[test]
    fn ticks_are_round_values_inside_the_range() {
        assert_eq!(nice_ticks(91.4, 100.1, 4), [92.5, 95.0, 97.5, 100.0]);
        assert_eq!(nice_ticks(2.6, 96.0, 4), [25.0, 50.0, 75.0]);
        assert_eq!(nice_ticks(0.0, 1.0, 4), [0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(nice_ticks(0.1, 0.35, 4), [0.1, 0.2, 0.3], "0.30000000000000004 is rounded");
        assert_eq!(nice_ticks(-3.0, 3.0, 4), [-2.0, 0.0, 2.0]);
        assert_eq!(nice_ticks(5.0, 5.0, 4), [5.0], "an empty range has its one value");
        assert_eq!(nice_ticks(f64::NAN, 1.0, 4).len(), 1);
        let wide = nice_ticks(0.0, 1e300, 4);
        assert!(!wide.is_empty() && wide.len() <= 10, "{wide:?}");
    }

    #[test]
    fn ranges_have_room_and_never_collapse() {
        assert_eq!(padded([0.0, 100.0].into_iter()), (-8.0, 108.0));
        let (low, high) = padded([5.0].into_iter());
        assert!(low < 5.0 && high > 5.0);
        assert_eq!(padded(std::iter::empty()), (0.0, 1.0));
        assert_eq!(padded([f64::NAN].into_iter()), (0.0, 1.0));
    }
}
