//! How each number was computed, as data. `Display` gives the English text
//! of the terminal (`okr status --explain`); the site renders the same data
//! in its own locale (`render::i18n::explanation`).

use std::fmt;

use chrono::NaiveDate;

/// What a mean was taken over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeanOf {
    /// The objectives of a team and the teams below it.
    Unit,
    /// Every objective of the organisation.
    Organisation,
    /// The objectives aligned to an objective without key results.
    Aligned,
}

impl MeanOf {
    /// What is averaged, in English, for `n` of them (`1 objective of …`).
    fn english(self, n: usize) -> &'static str {
        match (self, n == 1) {
            (MeanOf::Unit, false) => "objectives of the team and below",
            (MeanOf::Unit, true) => "objective of the team and below",
            (MeanOf::Organisation, false) => "objectives of the organisation",
            (MeanOf::Organisation, true) => "objective of the organisation",
            (MeanOf::Aligned, false) => "aligned objectives",
            (MeanOf::Aligned, true) => "aligned objective",
        }
    }
}

/// Means over more values than this show the sum instead of every term.
pub const MAX_TERMS: usize = 6;

/// One computation with its numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Explanation {
    /// `(current − start) / (target − start) = raw`, possibly capped.
    Metric { current: f64, start: f64, target: f64, raw: f64, capped: Option<f64> },
    /// A metric whose target equals its start.
    TargetEqualsStart { target: f64 },
    /// A milestone's latest check-in.
    Milestone { done: bool, date: NaiveDate },
    /// A key result without a check-in (progress 0).
    NoCheckin,
    /// A threshold key result: the latest value against its bound.
    Threshold { value: f64, bound: f64, at_least: bool, holds: bool },
    /// A threshold key result without a bound.
    NoBound,
    /// A KPI: the latest value against its bound (no progress).
    Kpi { value: f64, bound: f64, at_least: bool, holds: bool },
    /// A KPI without a check-in.
    KpiNoCheckin,
    /// A KPI without a bound.
    KpiNoBound,
    /// The weighted mean of key results: `(weight, progress)` per key result;
    /// weights are shown only when they differ.
    Weighted { terms: Vec<(f64, f64)>, result: f64 },
    /// No key result has a positive weight.
    NoPositiveWeight,
    /// The mean of objectives' progress (`values` empty: none had any).
    Mean { of: MeanOf, values: Vec<f64> },
    /// An objective with no key results and nothing aligned to it.
    NothingToMeasure,
}

impl Explanation {
    /// Whether a weighted mean's weights are all equal (then they are not shown).
    pub fn uniform(terms: &[(f64, f64)]) -> bool {
        terms.iter().all(|t| t.0.to_bits() == terms[0].0.to_bits())
    }
}

/// The arithmetic of a weighted mean, `(2 × 0.60 + 1 × 0.30) / 3 = 0.50`
/// (weights left out when equal), with the locale's number formats: `num`
/// for weights, `fixed` for ratios. Shared by every language.
pub fn weighted_formula(
    terms: &[(f64, f64)],
    result: f64,
    num: impl Fn(f64) -> String,
    fixed: impl Fn(f64) -> String,
) -> String {
    let uniform = Explanation::uniform(terms);
    let parts: Vec<String> = terms
        .iter()
        .map(|&(w, p)| if uniform { fixed(p) } else { format!("{} × {}", num(w), fixed(p)) })
        .collect();
    let divisor = if uniform { terms.len().to_string() } else { num(terms.iter().map(|t| t.0).sum()) };
    format!("({}) / {divisor} = {}", parts.join(" + "), fixed(result))
}

/// The arithmetic of a mean of `values` (not empty): every term up to
/// [`MAX_TERMS`], else the sum followed by `sum_label`: `(0.50 + 0.25) / 2 =
/// 0.38`, `7.86 / 16 = 0.49`.
#[allow(clippy::cast_precision_loss, reason = "counts of objectives are small")]
pub fn mean_formula(values: &[f64], fixed: impl Fn(f64) -> String, sum_label: &str) -> String {
    let (sum, n) = (values.iter().sum::<f64>(), values.len());
    let mean = fixed(sum / n as f64);
    if n <= MAX_TERMS {
        let terms: Vec<String> = values.iter().map(|v| fixed(*v)).collect();
        format!("({}) / {n} = {mean}", terms.join(" + "))
    } else {
        format!("{}{sum_label} / {n} = {mean}", fixed(sum))
    }
}

/// A number as written: shortest form that round-trips (`96.5`, `3`).
pub fn num(value: f64) -> String {
    format!("{value}")
}

/// A ratio with two decimals, as in explanations (`0.50`).
pub fn fixed(value: f64) -> String {
    format!("{value:.2}")
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Explanation::Metric { current, start, target, raw, capped } => {
                write!(
                    f,
                    "({} − {}) / ({} − {}) = {}",
                    num(*current),
                    num(*start),
                    num(*target),
                    num(*start),
                    fixed(*raw)
                )?;
                match capped {
                    Some(progress) => write!(f, ", capped at {}", fixed(*progress)),
                    None => Ok(()),
                }
            }
            Explanation::TargetEqualsStart { target } => {
                write!(f, "target equals start ({target}): no progress can be measured")
            }
            Explanation::Milestone { done: true, date } => write!(f, "done as of {date} = 1.00"),
            Explanation::Milestone { done: false, date } => write!(f, "not done as of {date} = 0.00"),
            Explanation::NoCheckin => f.write_str("no check-in yet = 0.00"),
            Explanation::Threshold { value, bound, at_least, holds } => {
                write!(
                    f,
                    "{} = {}",
                    bound_words(*value, *bound, *at_least, *holds),
                    if *holds { "1.00" } else { "0.00" }
                )
            }
            Explanation::NoBound => f.write_str("no bound set = 0.00"),
            Explanation::Kpi { value, bound, at_least, holds } => {
                f.write_str(&bound_words(*value, *bound, *at_least, *holds))
            }
            Explanation::KpiNoCheckin => f.write_str("no check-in yet"),
            Explanation::KpiNoBound => f.write_str("no bound set"),
            Explanation::Weighted { terms, result } => {
                f.write_str(&weighted_formula(terms, *result, num, fixed))
            }
            Explanation::NoPositiveWeight => f.write_str("no key result with a positive weight"),
            Explanation::Mean { of, values } if values.is_empty() => {
                write!(f, "no {} with progress", of.english(0))
            }
            Explanation::Mean { of, values } => {
                write!(
                    f,
                    "mean of {} {}: {}",
                    values.len(),
                    of.english(values.len()),
                    mean_formula(values, fixed, "")
                )
            }
            Explanation::NothingToMeasure => f.write_str("nothing to measure"),
        }
    }
}

/// A bound's verdict in words: `99.95 ≥ 99.9 holds` when it holds, else
/// what is wrong (`3.58 is above the limit of 3.5`): a reader never sees a
/// comparison that is false written like a statement.
pub fn bound_words(value: f64, bound: f64, at_least: bool, holds: bool) -> String {
    match (holds, at_least) {
        (true, true) => format!("{} ≥ {} holds", num(value), num(bound)),
        (true, false) => format!("{} ≤ {} holds", num(value), num(bound)),
        (false, true) => format!("{} is below the minimum of {}", num(value), num(bound)),
        (false, false) => format!("{} is above the limit of {}", num(value), num(bound)),
    }
}
