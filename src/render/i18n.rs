//! UI strings and number and date formats per locale (`site.locale`).

use chrono::{Datelike, NaiveDate};

use crate::config::Locale;
use crate::rollup::{
    bound_words, fixed, mean_formula, num, score_text, weighted_formula, AttentionReason, Explanation,
    MeanOf, Reason, Status, TOLERANCE,
};

/// Declares [`Strings`], one field per UI string, and its English and
/// German values: a string missing from a locale does not compile.
macro_rules! ui_strings {
    ($($key:ident: $en:literal, $de:literal;)*) => {
        /// Every UI string of the site in one locale (for templates: `t.owner`).
        #[derive(Debug, serde::Serialize)]
        pub struct Strings {
            $(pub $key: &'static str,)*
        }

        const EN: Strings = Strings { $($key: $en,)* };
        const DE: Strings = Strings { $($key: $de,)* };
    };
}

ui_strings! {
    overview: "Overview", "Übersicht";
    organisation: "Organisation", "Organisation";
    cycle: "Cycle", "Zyklus";
    cycles: "Cycles", "Zyklen";
    team: "Team", "Team";
    teams: "Teams", "Teams";
    objective: "Objective", "Ziel";
    objectives: "Objectives", "Ziele";
    key_results: "Key results", "Schlüsselergebnisse";
    key_result: "Key result", "Schlüsselergebnis";
    progress: "Progress", "Fortschritt";
    own_progress: "Own objectives", "Eigene Ziele";
    unit_progress: "With teams below", "Mit Teams darunter";
    expected: "Expected by now", "Heute erwartet";
    status: "Status", "Status";
    owner: "Owner", "Verantwortlich";
    contributors: "Contributors", "Mitwirkende";
    confidence: "Confidence", "Zuversicht";
    // A non-breaking hyphen: a narrow column never reads "CHECK-/IN".
    last_checkin: "Last check\u{2011}in", "Letzter Check\u{2011}in";
    no_checkin: "no check-in yet", "noch kein Check-in";
    days_ago_0: "today", "heute";
    days_ago_1: "yesterday", "gestern";
    days_ago_n: "{n} days ago", "vor {n} Tagen";
    status_not_started: "not started", "nicht begonnen";
    status_on_track: "on track", "im Plan";
    status_at_risk: "at risk", "gefährdet";
    status_off_track: "off track", "nicht im Plan";
    status_done: "done", "erreicht";
    status_no_data: "no data", "keine Daten";
    status_achieved: "achieved", "gelungen";
    status_missed: "missed", "verfehlt";
    state_planning: "planning", "in Planung";
    state_active: "active", "aktiv";
    state_closed: "closed", "abgeschlossen";
    score: "Score", "Bewertung";
    missed_commitment: "missed commitment", "Zusage verfehlt";
    committed: "committed", "zugesagt";
    aspirational: "aspirational", "ambitioniert";
    aligned_to: "Contributes to", "Trägt bei zu";
    aligned_children: "Supported by", "Unterstützt von";
    how_computed: "How is this calculated?", "Wie wird das berechnet?";
    current: "Current", "Aktuell";
    start: "Start", "Start";
    target: "Target", "Ziel";
    due: "due", "fällig";
    plan: "Plan", "Plan";
    planning_note: "Being planned: progress is measured from the cycle's start on {date}. Below, each key result's plan.", "In Planung: Fortschritt wird ab dem Beginn des Zyklus am {date} gemessen. Darunter der Plan jedes Schlüsselergebnisses.";
    chart_legend: "Dots: check-ins. Dashed line: where it should be. Grey line: today.", "Punkte: Check-ins. Gestrichelt: wo es stehen sollte. Graue Linie: heute.";
    chart_legend_band: "Shaded: where the bound holds.", "Schattiert: wo die Grenze eingehalten ist.";
    at_least: "at least", "mindestens";
    at_most: "at most", "höchstens";
    chart_of: "Check-ins of {title}", "Check-ins von {title}";
    chart_ideal: "ideal line from start to target", "Ideallinie von Start bis Ziel";
    chart_today: "today", "heute";
    sparkline_of: "Check-ins of {title} over the cycle", "Check-ins von {title} im Zyklus";
    no_objectives: "No objectives in this cycle.", "Keine Ziele in diesem Zyklus.";
    cycle_passed: "{pct} of the cycle has passed", "{pct} des Zyklus sind vergangen";
    status_counts: "Objectives by status", "Ziele nach Status";
    built_from: "Built from", "Erstellt aus";
    as_of: "as of", "Stand";
    data_downloads: "Data", "Daten";
    skip_to_content: "Skip to content", "Zum Inhalt springen";
    breadcrumb: "Breadcrumb", "Brotkrümelnavigation";
    cycle_switcher: "Cycles", "Zyklen";
    retro: "Retrospective", "Rückblick";
    description: "Description", "Beschreibung";
    kind_metric: "metric", "Messgröße";
    kind_milestone: "milestone", "Meilenstein";
    kind_threshold: "threshold", "Schwellenwert";
    people: "People", "Personen";
    lead: "Lead", "Leitung";
    leads_teams: "Leads", "Leitet";
    alignment: "Alignment", "Ausrichtung";
    kpis: "KPIs", "KPIs";
    kpi: "KPI", "KPI";
    scorecard: "Scorecard", "Bewertung";
    roadmap: "Roadmap", "Roadmap";
    all_cycles: "All cycles", "Alle Zyklen";
    sections: "Pages of this cycle", "Seiten dieses Zyklus";
    done: "done", "erledigt";
    not_done: "not done", "nicht erledigt";
    kpi_holds: "holds", "eingehalten";
    kpi_breached: "breached", "verletzt";
    kpi_no_data: "no data", "keine Daten";
    kpi_chart_of: "Values of {title} over the cycle", "Werte von {title} im Zyklus";
    kpi_intro: "Health metrics each team watches. They are not key results and never count towards progress.", "Kennzahlen, die jedes Team beobachtet. Sie sind keine Schlüsselergebnisse und zählen nie zum Fortschritt.";
    bound: "Bound", "Grenze";
    value: "Value", "Wert";
    no_kpis: "No KPIs in this cycle.", "Keine KPIs in diesem Zyklus.";
    owns_objectives: "Accountable for objectives", "Verantwortlich für Ziele";
    owns_key_results: "Accountable for key results", "Verantwortlich für Schlüsselergebnisse";
    contributes: "Contributes to", "Wirkt mit an";
    owns_kpis: "Watches KPIs", "Beobachtet KPIs";
    people_intro: "Who is accountable for what in this cycle: one owner per objective and key result.", "Wer in diesem Zyklus wofür verantwortlich ist: ein Verantwortlicher je Ziel und Schlüsselergebnis.";
    no_people: "Nobody owns anything in this cycle yet.", "In diesem Zyklus ist noch niemand für etwas verantwortlich.";
    alignment_intro: "How objectives support each other: each objective is listed under the objectives it contributes to.", "Wie Ziele einander stützen: jedes Ziel steht unter den Zielen, zu denen es beiträgt.";
    shared_alignment: "also contributes elsewhere", "trägt auch anderswo bei";
    shown_above: "its aligned objectives are shown above", "die ausgerichteten Objectives stehen weiter oben";
    roadmap_intro: "Every team in every cycle, with the teams below it: open cycles show progress in percent, closed cycles the end-of-cycle score from 0.00 to 1.00.", "Jedes Team in jedem Zyklus, mit den Teams darunter: offene Zyklen zeigen den Fortschritt in Prozent, abgeschlossene die Abschlussbewertung von 0,00 bis 1,00.";
    roadmap_progress: "progress", "Fortschritt";
    roadmap_score: "score (0–1)", "Bewertung (0–1)";
    scorecard_intro: "End-of-cycle scores from 0.0 to 1.0: 0.7 and above is green, 0.4 to 0.6 yellow, 0.3 and below red. Committed objectives are expected to score 1.0.", "Abschlussbewertungen von 0,0 bis 1,0: ab 0,7 grün, 0,4 bis 0,6 gelb, bis 0,3 rot. Zugesagte Ziele sollen 1,0 erreichen.";
    band_green: "green", "grün";
    band_yellow: "yellow", "gelb";
    band_red: "red", "rot";
    average_score: "Organisation score", "Bewertung der Organisation";
    missed_commitments: "Missed commitments", "Verfehlte Zusagen";
    objectives_by_band: "Objectives by band", "Ziele nach Band";
    not_in_cycle: "no objectives in this cycle", "keine Ziele in diesem Zyklus";
    trends: "Trends", "Verlauf";
    trends_intro: "Progress after every commit that changed the OKRs, from the git history of this repository ({commits} commits; this site is built from commit {head}). Of several commits on one day, the last counts.", "Fortschritt nach jedem Commit, der die OKRs geändert hat, aus der Git-Historie dieses Repositorys ({commits} Commits; diese Seite ist aus Commit {head} gebaut). Von mehreren Commits eines Tages zählt der letzte.";
    trends_shallow: "This is a shallow clone, so older commits are missing and the trend starts late. Fetch the full history (fetch-depth: 0 on actions/checkout) to see all of it.", "Dies ist ein flacher Klon: ältere Commits fehlen, der Verlauf beginnt zu spät. Die ganze Historie holen (fetch-depth: 0 bei actions/checkout), um alles zu sehen.";
    trend_chart_of: "Progress of {name} per commit over the cycle", "Fortschritt von {name} je Commit im Zyklus";
    trend_by_team: "By team", "Nach Team";
    trend_change_cycle: "Change in the cycle", "Veränderung im Zyklus";
    trend_change_week: "Last 7 days", "Letzte 7 Tage";
    trend_latest: "Latest", "Letzter Stand";
    trend_commits: "Every point", "Alle Punkte";
    no_trend: "No commit has changed this cycle's progress yet.", "Noch kein Commit hat den Fortschritt dieses Zyklus verändert.";
    commit: "Commit", "Commit";
    change: "Change", "Änderung";
    date: "Date", "Datum";
    note: "Note", "Notiz";
    coach: "OKR coach", "OKR-Coach";
    teams_below: "Teams below", "Teams darunter";
    coaches_teams: "OKR coach of", "OKR-Coach von";
    people_index: "Everyone by name", "Alle nach Namen";
    blockers: "In the way", "Hindernisse";
    next_step: "Next", "Als Nächstes";
    digest_title: "OKR digest", "OKR-Wochenbericht";
    digest_checkins: "Check-ins", "Check-ins";
    digest_moved: "What moved", "Was sich bewegt hat";
    digest_goalposts: "Goalposts moved", "Verschobene Ziellinien";
    digest_owed: "Owed check-ins", "Ausstehende Check-ins";
    digest_initiatives: "Initiatives under way", "Laufende Initiativen";
    digest_no_checkins: "No check-ins in these days.", "Keine Check-ins in diesen Tagen.";
    digest_nothing_moved: "Nothing moved.", "Nichts hat sich bewegt.";
    digest_nothing_needs_attention: "Nothing needs attention.", "Nichts braucht Aufmerksamkeit.";
    digest_none_owed: "Everyone has checked in.", "Alle haben eingecheckt.";
    digest_idle: "no check-in for {days} days (last on {date})", "seit {days} Tagen kein Check-in (zuletzt am {date})";
    digest_never: "no check-in since the cycle began ({days} days)", "kein Check-in seit Beginn des Zyklus ({days} Tage)";
    digest_escalated: "asking too", "ebenfalls gefragt";
    digest_lead_of: "lead of {team}", "Leitung von {team}";
    digest_coach_of: "OKR coach of {team}", "OKR-Coach von {team}";
    digest_before: "Before", "Vorher";
    digest_after: "After", "Nachher";
    digest_in_commit: "in {commit} on {date}", "in {commit} am {date}";
    digest_summary: "{checkins} · {moved} · {goalposts} · {attention} · {owed}", "{checkins} · {moved} · {goalposts} · {attention} · {owed}";
    initiatives: "Initiatives: the work meant to move it", "Initiativen: die Arbeit, die ihn bewegen soll";
    initiative_planned: "planned", "geplant";
    initiative_active: "under way", "läuft";
    initiative_done: "done", "erledigt";
    initiative_dropped: "dropped", "verworfen";
    checkin_history: "Check-ins", "Check-ins";
    no_checkins: "No check-ins yet.", "Noch keine Check-ins.";
    change_7d: "change in the last 7 days", "Veränderung in den letzten 7 Tagen";
    attention: "Needs attention", "Braucht Aufmerksamkeit";
    attention_intro: "What this week's meeting should look at, most urgent first.", "Was das Treffen dieser Woche ansehen sollte, das Dringendste zuerst.";
    no_attention: "Nothing needs attention this week.", "Diese Woche braucht nichts Aufmerksamkeit.";
    attention_committed: "committed, not on track", "zugesagt, nicht im Plan";
    attention_off_track: "off track", "nicht im Plan";
    attention_low_confidence: "low confidence", "geringe Zuversicht";
    attention_stale: "no recent check-in", "kein aktueller Check-in";
    attention_no_data: "never checked in", "nie eingecheckt";
    attention_kpi: "KPI breached", "KPI verletzt";
    edit: "Edit", "Bearbeiten";
    table: "table", "Tabelle";
    meta_description: "{title}: objectives and key results of {organisation}, with progress against plan, status and check-ins as of {date}.", "{title}: Ziele und Schlüsselergebnisse von {organisation}, mit Fortschritt gegenüber dem Plan, Status und Check-ins zum {date}.";
    edit_in_repository: "Open in the repository to propose a change", "Im Repository öffnen, um eine Änderung vorzuschlagen";
    recorded_in: "Recorded in", "Erfasst in";
    strategy: "Strategy", "Strategie";
    strategy_intro: "The long-horizon objectives above the cycles, and in each cycle the objectives aligned to them (directly, or through the objectives they align to) with the mean of their progress.", "Die langfristigen Ziele über den Zyklen und in jedem Zyklus die Ziele, die auf sie einzahlen (direkt oder über die Ziele, auf die sie einzahlen), mit dem Mittel ihres Fortschritts.";
    vision: "Vision", "Vision";
    mission: "Mission", "Mission";
    horizon: "Horizon", "Horizont";
    through_alignment: "through alignment", "über Ausrichtung";
    no_aligned_objectives: "No objective aligns to it yet.", "Noch kein Ziel zahlt darauf ein.";
    aligned_objectives: "Aligned objectives", "Ausgerichtete Ziele";
}

/// A bound's verdict in German, as `explain::bound_words` says it in English.
fn bound_de(value: &str, bound: &str, at_least: bool, holds: bool) -> String {
    match (holds, at_least) {
        (true, true) => format!("{value} ≥ {bound} eingehalten"),
        (true, false) => format!("{value} ≤ {bound} eingehalten"),
        (false, true) => format!("{value} liegt unter dem Minimum von {bound}"),
        (false, false) => format!("{value} liegt über der Grenze von {bound}"),
    }
}

/// The UI strings of `locale`.
pub fn strings(locale: Locale) -> &'static Strings {
    match locale {
        Locale::En => &EN,
        Locale::De => &DE,
    }
}

/// The `lang` attribute of `<html>`.
pub fn lang(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "en",
        Locale::De => "de",
    }
}

/// A share (0.475) as a percent: `47.5%` (en) or `47,5 %` (de), one decimal
/// only when it is not zero.
pub fn percent(share: f64, locale: Locale) -> String {
    let mut text = String::with_capacity(8);
    push_tenths(&mut text, (share * 1000.0).round() / 10.0, locale);
    text.push_str(match locale {
        Locale::En => "%",
        Locale::De => "\u{a0}%",
    });
    text
}

/// Appends `value`, a whole number of tenths (as [`percent`] rounds), always
/// with its one decimal, so that percentages side by side read alike:
/// `47.5`, `85.0`, `100.0`. Written digit by digit: a large site formats
/// hundreds of thousands of these.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "the range is checked first and the value made positive"
)]
fn push_tenths(out: &mut String, value: f64, locale: Locale) {
    if !value.is_finite() || value.abs() >= 1e12 {
        out.push_str(&number(value, locale));
        return;
    }
    let tenths = (value * 10.0).round().abs() as u64;
    if value.is_sign_negative() {
        out.push('-');
    }
    push_digits(out, tenths / 10);
    out.push(decimal_separator(locale));
    push_digits(out, tenths % 10);
}

fn decimal_separator(locale: Locale) -> char {
    match locale {
        Locale::En => '.',
        Locale::De => ',',
    }
}

/// Appends the decimal digits of `n`.
fn push_digits(out: &mut String, n: u64) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// A value as written (shortest form), with the locale's decimal separator.
pub fn number(value: f64, locale: Locale) -> String {
    let text = format!("{value}");
    match locale {
        Locale::En => text,
        Locale::De => text.replace('.', ","),
    }
}

/// A confidence or ratio with one decimal: `0.6` / `0,6`.
/// An end-of-cycle score: two decimals, truncated (0.995 is 0.99, never
/// rounded up to 1.00; SPEC 3.4).
pub fn score(value: f64, locale: Locale) -> String {
    let text = score_text(value);
    match locale {
        Locale::En => text,
        Locale::De => text.replace('.', ","),
    }
}

pub fn decimal1(value: f64, locale: Locale) -> String {
    let text = one_decimal(value);
    match locale {
        Locale::En => text,
        Locale::De => text.replace('.', ","),
    }
}

/// `value` with exactly one decimal, halves rounded away from zero: `0.6`,
/// `-3.0`, `63.2`.
pub fn one_decimal(value: f64) -> String {
    let mut text = String::with_capacity(8);
    push_one_decimal(&mut text, value);
    text
}

/// Appends [`one_decimal`]`(value)`. Integer arithmetic, digit by digit:
/// `format!("{:.1}")` takes an exact (and, for some values, bignum) path,
/// and every chart point of a large site is formatted twice.
#[allow(clippy::cast_possible_truncation, reason = "clamped to the i64 range first")]
pub fn push_one_decimal(out: &mut String, value: f64) {
    if !value.is_finite() || value.abs() >= 1e15 {
        out.push_str(&format!("{value:.1}"));
        return;
    }
    let tenths = (value * 10.0).round() as i64;
    if tenths < 0 {
        out.push('-');
    }
    let tenths = tenths.unsigned_abs();
    push_digits(out, tenths / 10);
    out.push('.');
    push_digits(out, tenths % 10);
}

const MONTHS_EN: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A date: `15 Nov 2026` (en) or `15.11.2026` (de).
pub fn date(value: NaiveDate, locale: Locale) -> String {
    let mut text = String::with_capacity(12);
    let (day, month, year) = (u64::from(value.day()), value.month(), value.year());
    let two = |text: &mut String, n: u64| {
        if n < 10 {
            text.push('0');
        }
        push_digits(text, n);
    };
    match locale {
        Locale::En => {
            push_digits(&mut text, day);
            text.push(' ');
            text.push_str(MONTHS_EN[value.month0() as usize]);
            text.push(' ');
        }
        Locale::De => {
            two(&mut text, day);
            text.push('.');
            two(&mut text, u64::from(month));
            text.push('.');
        }
    }
    if year < 0 {
        text.push('-');
    }
    push_digits(&mut text, u64::from(year.unsigned_abs()));
    text
}

/// How long ago `then` was on `today`: `today`, `yesterday`, `3 days ago`.
pub fn days_ago(then: NaiveDate, today: NaiveDate, locale: Locale) -> String {
    let strings = strings(locale);
    match (today - then).num_days() {
        0 => strings.days_ago_0.to_owned(),
        1 => strings.days_ago_1.to_owned(),
        n => strings.days_ago_n.replace("{n}", &n.to_string()),
    }
}

/// How a number was computed, in the locale's words and number format.
/// English is the terminal's text (ISO dates, as `okr status --explain`).
pub fn explanation(explanation: &Explanation, locale: Locale) -> String {
    match (locale, explanation) {
        // The site writes dates as it does everywhere else (`2 Nov 2026`);
        // the terminal's ISO date is for `okr status --explain`.
        (Locale::En, Explanation::Milestone { done, date: d }) => {
            let (word, progress) = if *done { ("done", "1.00") } else { ("not done", "0.00") };
            format!("{word} as of {} = {progress}", date(*d, Locale::En))
        }
        (Locale::En, _) => explanation.to_string(),
        (Locale::De, _) => german_explanation(explanation),
    }
}

fn german_explanation(explanation: &Explanation) -> String {
    let n = |v: f64| num(v).replace('.', ",");
    let f = |v: f64| fixed(v).replace('.', ",");
    match explanation {
        Explanation::Metric { current, start, target, raw, capped } => {
            let formula =
                format!("({} − {}) / ({} − {}) = {}", n(*current), n(*start), n(*target), n(*start), f(*raw));
            match capped {
                Some(p) => format!("{formula}, begrenzt auf {}", f(*p)),
                None => formula,
            }
        }
        Explanation::TargetEqualsStart { target } => {
            format!("Ziel gleich Start ({}): kein Fortschritt messbar", n(*target))
        }
        Explanation::Milestone { done: true, date: d } => {
            format!("erledigt am {} = 1,00", date(*d, Locale::De))
        }
        Explanation::Milestone { done: false, date: d } => {
            format!("nicht erledigt am {} = 0,00", date(*d, Locale::De))
        }
        Explanation::NoCheckin => "noch kein Check-in = 0,00".to_owned(),
        Explanation::Threshold { value, bound, at_least, holds } => {
            format!(
                "{} = {}",
                bound_de(&n(*value), &n(*bound), *at_least, *holds),
                if *holds { "1,00" } else { "0,00" }
            )
        }
        Explanation::NoBound => "keine Grenze gesetzt = 0,00".to_owned(),
        Explanation::Kpi { value, bound, at_least, holds } => {
            bound_de(&n(*value), &n(*bound), *at_least, *holds)
        }
        Explanation::KpiNoCheckin => "noch kein Check-in".to_owned(),
        Explanation::KpiNoBound => "keine Grenze gesetzt".to_owned(),
        Explanation::Weighted { terms, result } => weighted_formula(terms, *result, n, f),
        Explanation::NoPositiveWeight => "kein Schlüsselergebnis mit positivem Gewicht".to_owned(),
        Explanation::Mean { of, values } => {
            let one = values.len() == 1;
            let what = match (of, one) {
                (MeanOf::Unit, false) => "Zielen des Teams und der Teams darunter",
                (MeanOf::Unit, true) => "Ziel des Teams und der Teams darunter",
                (MeanOf::Organisation, false) => "Zielen der Organisation",
                (MeanOf::Organisation, true) => "Ziel der Organisation",
                (MeanOf::Aligned, false) => "ausgerichteten Zielen",
                (MeanOf::Aligned, true) => "ausgerichteten Ziel",
            };
            if values.is_empty() {
                return format!("kein Fortschritt aus {what}");
            }
            format!("Mittel aus {} {what}: {}", values.len(), mean_formula(values, f, ""))
        }
        Explanation::NothingToMeasure => "nichts zu messen".to_owned(),
    }
}

/// The status word of the locale.
pub fn status(status: Status, locale: Locale) -> &'static str {
    let t = strings(locale);
    match status {
        Status::NotStarted => t.status_not_started,
        Status::OnTrack => t.status_on_track,
        Status::AtRisk => t.status_at_risk,
        Status::OffTrack => t.status_off_track,
        Status::Done => t.status_done,
        Status::NoData => t.status_no_data,
        Status::Achieved => t.status_achieved,
        Status::Missed => t.status_missed,
    }
}

/// A 7-day change of a progress in percentage points, with its sign:
/// `+5.0%`, `−2.3%`, `±0%` (a change that rounds to zero, never `-0`).
pub fn delta(change: f64, locale: Locale) -> String {
    let text = percent(change.abs(), locale);
    if text.starts_with('0') && !text.contains(|c: char| c.is_ascii_digit() && c != '0') {
        return format!("±{text}");
    }
    let sign = if change < 0.0 { "−" } else { "+" };
    format!("{sign}{text}")
}

/// The words of an attention reason.
pub fn attention(reason: AttentionReason, locale: Locale) -> &'static str {
    let t = strings(locale);
    match reason {
        AttentionReason::CommittedNotOnTrack => t.attention_committed,
        AttentionReason::OffTrack => t.attention_off_track,
        AttentionReason::LowConfidence => t.attention_low_confidence,
        AttentionReason::Stale => t.attention_stale,
        AttentionReason::NoData => t.attention_no_data,
        AttentionReason::KpiBreached => t.attention_kpi,
    }
}

/// A gap in percentage points with one decimal (`21.0`), never shown at or
/// below `limit`, the gap it exceeds: a gap of 0.1500001 over a limit of
/// 0.15 reads `15.1`, not a `15.0` that would not be "more than 15".
fn gap_points(gap: f64, limit: f64, locale: Locale) -> String {
    let shown = (gap * 1000.0).round() / 10.0;
    let points = if shown <= limit * 100.0 + TOLERANCE { limit * 100.0 + 0.1 } else { shown };
    let mut text = String::with_capacity(6);
    push_tenths(&mut text, points, locale);
    text
}

/// Why a status is what it is, as the site says it: in the locale, and with
/// progress in percent as the bars beside it show it (`behind plan by 21.0
/// points (expected 60.0%, progress 39.0%)`). The rollup's own `Display` is
/// the terminal's and the export's text (SPEC 3.2: ratios).
pub fn reason(reason: &Reason, locale: Locale) -> String {
    let p = |v: f64| percent(v, locale);
    match (reason, locale) {
        (Reason::Reached, Locale::En) => return format!("progress reached {}", p(1.0)),
        (&Reason::Behind { gap, expected, progress, limit }, Locale::En) => {
            return format!(
                "behind plan by {} points (expected {}, progress {})",
                gap_points(gap, limit, locale),
                p(expected),
                p(progress)
            )
        }
        (&Reason::OnPlan { gap, expected, progress }, Locale::En) if gap <= TOLERANCE => {
            return format!("on or ahead of plan (expected {}, progress {})", p(expected), p(progress))
        }
        (&Reason::OnPlan { gap, expected, progress }, Locale::En) => {
            return format!(
                "close to plan, behind by {} points (expected {}, progress {})",
                gap_points(gap, f64::NEG_INFINITY, locale),
                p(expected),
                p(progress)
            )
        }
        (_, Locale::En) => return reason.to_string(),
        (_, Locale::De) => {}
    }
    let n = |v: f64| number(if v == 0.0 { 0.0 } else { v }, locale);
    match *reason {
        Reason::Planning => "der Zyklus wird geplant".to_owned(),
        Reason::NothingToMeasure => {
            "nichts zu messen: keine Schlüsselergebnisse und nichts ausgerichtet".to_owned()
        }
        Reason::NoCheckinYet { days, grace } => {
            format!("noch kein Check-in, {} von {grace} Karenztagen vergangen", days.max(0))
        }
        Reason::NoCheckin { days } => format!("kein Check-in in den {days} Tagen seit Beginn des Zyklus"),
        Reason::Reached => format!("Fortschritt {} erreicht", p(1.0)),
        Reason::Breaks { value, bound, at_least: true } => {
            format!("{} liegt unter dem Minimum von {}", n(value), n(bound))
        }
        Reason::Breaks { value, bound, at_least: false } => {
            format!("{} liegt über der Grenze von {}", n(value), n(bound))
        }
        Reason::Overdue { due } => format!("fällig am {}, nicht erledigt", date(due, locale)),
        Reason::Behind { gap, expected, progress, limit } => format!(
            "{} Prozentpunkte hinter Plan (erwartet {}, Fortschritt {})",
            gap_points(gap, limit, locale),
            p(expected),
            p(progress)
        ),
        Reason::LowConfidence { confidence, limit } => {
            format!("Zuversicht {} liegt unter {}", n(confidence), n(limit))
        }
        Reason::Holds { value, bound, at_least: true } => {
            format!("{} hält das Minimum von {}", n(value), n(bound))
        }
        Reason::Holds { value, bound, at_least: false } => {
            format!("{} hält die Grenze von {}", n(value), n(bound))
        }
        Reason::OnPlan { gap, expected, progress } if gap <= TOLERANCE => {
            format!("im oder vor Plan (erwartet {}, Fortschritt {})", p(expected), p(progress))
        }
        Reason::OnPlan { gap, expected, progress } => format!(
            "nahe am Plan, {} Prozentpunkte dahinter (erwartet {}, Fortschritt {})",
            gap_points(gap, f64::NEG_INFINITY, locale),
            p(expected),
            p(progress)
        ),
        Reason::ClosedDone => "Bewertung 1,00: erreicht".to_owned(),
        Reason::ClosedAchieved { score, success } => {
            format!(
                "Bewertung {}, mindestens die {} eines ambitionierten Ziels",
                score_text(score).replace('.', ","),
                n(success)
            )
        }
        Reason::ClosedMissed { score, committed: true, .. } => {
            format!("zugesagt, und Bewertung {} liegt unter 1,00", score_text(score).replace('.', ","))
        }
        Reason::ClosedMissed { score, needed, committed: false } => {
            format!("Bewertung {} liegt unter {}", score_text(score).replace('.', ","), n(needed))
        }
    }
}

/// How a progress on the site was computed: the rule in words with its terms
/// named, then the arithmetic with this number's values, in percentages as
/// the bars show them (`progress = (current − start) / (target − start)`,
/// `(10 − 0) / (12 − 0) = 83.3%`). The terminal's `okr status --explain`
/// keeps [`Explanation`]'s own ratios.
#[derive(Debug, Clone, serde::Serialize)]
pub struct How {
    /// The rule with its terms labelled; empty when there is no arithmetic.
    pub rule: String,
    /// The arithmetic with this number's values, or why there is none.
    pub here: String,
}

/// The [`How`] of `explanation` in `locale`.
pub fn how(computed: &Explanation, locale: Locale) -> How {
    let de = locale == Locale::De;
    let n = |v: f64| if de { num(v).replace('.', ",") } else { num(v) };
    let p = |v: f64| percent(v, locale);
    let pick = |en: &str, german: &str| if de { german.to_owned() } else { en.to_owned() };
    let (rule, here) = match computed {
        Explanation::Metric { current, start, target, raw, capped } => {
            let mut here =
                format!("({} − {}) / ({} − {}) = {}", n(*current), n(*start), n(*target), n(*start), p(*raw));
            if let Some(capped) = capped {
                here.push_str(&if de {
                    format!(", begrenzt auf {}", p(*capped))
                } else {
                    format!(", capped at {}", p(*capped))
                });
            }
            (
                pick(
                    "progress = (current − start) / (target − start)",
                    "Fortschritt = (aktuell − Start) / (Ziel − Start)",
                ),
                here,
            )
        }
        Explanation::Milestone { done, date: d } => {
            let here = match (done, de) {
                (true, false) => format!("done as of {} = {}", date(*d, locale), p(1.0)),
                (false, false) => format!("not done as of {} = {}", date(*d, locale), p(0.0)),
                (true, true) => format!("erledigt am {} = {}", date(*d, locale), p(1.0)),
                (false, true) => format!("nicht erledigt am {} = {}", date(*d, locale), p(0.0)),
            };
            (pick("progress = 100% once done, else 0%", "Fortschritt = 100 % wenn erledigt, sonst 0 %"), here)
        }
        Explanation::NoCheckin => (
            pick("progress = 0% until the first check-in", "Fortschritt = 0 % bis zum ersten Check-in"),
            pick("no check-in yet = 0.0%", "noch kein Check-in = 0,0 %"),
        ),
        Explanation::Threshold { value, bound, at_least, holds } => {
            let verdict = if de {
                bound_de(&n(*value), &n(*bound), *at_least, *holds)
            } else {
                bound_words(*value, *bound, *at_least, *holds)
            };
            (
                pick(
                    "progress = 100% while the latest value keeps the bound, else 0%",
                    "Fortschritt = 100 % solange der letzte Wert die Grenze einhält, sonst 0 %",
                ),
                format!("{verdict} = {}", p(if *holds { 1.0 } else { 0.0 })),
            )
        }
        Explanation::Weighted { terms, result } => {
            let rule = if Explanation::uniform(terms) {
                pick(
                    "progress = mean of the key results' progress",
                    "Fortschritt = Mittel der Schlüsselergebnisse",
                )
            } else {
                pick(
                    "progress = Σ (weight × key result's progress) / Σ weight",
                    "Fortschritt = Σ (Gewicht × Fortschritt des Schlüsselergebnisses) / Σ Gewicht",
                )
            };
            (rule, weighted_formula(terms, *result, n, p))
        }
        Explanation::Mean { of, values } if !values.is_empty() => {
            let count = values.len();
            let rule = mean_rule(*of, count, de);
            let sum = if de { " (Summe)" } else { " (sum)" };
            (rule, mean_formula(values, p, sum))
        }
        // No arithmetic: the words say why (`nothing to measure`).
        other => (String::new(), explanation(other, locale)),
    };
    How { rule, here }
}

/// The rule of a mean of `count` objectives, in English or German.
fn mean_rule(of: MeanOf, count: usize, de: bool) -> String {
    let objectives = if count == 1 { "objective" } else { "objectives" };
    match (of, de, count == 1) {
        (MeanOf::Unit, false, _) => {
            format!("progress = mean of the {count} {objectives} of the team and the teams below")
        }
        (MeanOf::Organisation, false, _) => {
            format!("progress = mean of the {count} {objectives} of the organisation")
        }
        (MeanOf::Aligned, false, _) => {
            format!("progress = mean of the {count} {objectives} aligned to this one")
        }
        (MeanOf::Unit, true, false) => {
            format!("Fortschritt = Mittel der {count} Ziele des Teams und der Teams darunter")
        }
        (MeanOf::Unit, true, true) => {
            "Fortschritt = Mittel des 1 Ziels des Teams und der Teams darunter".to_owned()
        }
        (MeanOf::Organisation, true, false) => {
            format!("Fortschritt = Mittel der {count} Ziele der Organisation")
        }
        (MeanOf::Organisation, true, true) => "Fortschritt = Mittel des 1 Ziels der Organisation".to_owned(),
        (MeanOf::Aligned, true, false) => {
            format!("Fortschritt = Mittel der {count} hierauf ausgerichteten Ziele")
        }
        (MeanOf::Aligned, true, true) => "Fortschritt = Mittel des 1 hierauf ausgerichteten Ziels".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_decimal_rounds_halves_away_from_zero() {
        assert_eq!(one_decimal(0.0), "0.0");
        assert_eq!(one_decimal(63.24), "63.2");
        assert_eq!(one_decimal(0.25), "0.3");
        assert_eq!(one_decimal(-0.04), "0.0");
        assert_eq!(one_decimal(-2.35), "-2.4");
        assert_eq!(one_decimal(99.96), "100.0");
        assert_eq!(one_decimal(f64::NAN), "NaN");
    }

    proptest::proptest! {
        /// The digit-by-digit formats write what `format!` writes.
        #[test]
        fn digits_match_format(value in -1e13..1e13f64, share in -2.0..3.0f64, days in 0..800_000i32) {
            // The earlier implementation, through `format!`.
            #[allow(clippy::cast_possible_truncation, reason = "the range is small")]
            let tenths = (value * 10.0).round() as i64;
            let sign = if tenths < 0 { "-" } else { "" };
            let expected = format!("{sign}{}.{}", tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10);
            proptest::prop_assert_eq!(one_decimal(value), expected);
            for share in [share, value / 1e6, (share * 1000.0).round() / 1000.0] {
                let shown = (share * 1000.0).round() / 10.0;
                proptest::prop_assert_eq!(percent(share, Locale::En), format!("{shown:.1}%"));
                proptest::prop_assert_eq!(
                    percent(share, Locale::De),
                    format!("{}\u{a0}%", format!("{shown:.1}").replace('.', ","))
                );
            }
            let day = NaiveDate::from_num_days_from_ce_opt(days).unwrap_or_default();
            let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
            proptest::prop_assert_eq!(
                date(day, Locale::En),
                format!("{} {} {}", day.day(), month[day.month0() as usize], day.year())
            );
            proptest::prop_assert_eq!(
                date(day, Locale::De),
                format!("{:02}.{:02}.{}", day.day(), day.month(), day.year())
            );
        }
    }

    #[test]
    fn explanations_speak_the_locale() {
        let metric =
            Explanation::Metric { current: 97.2, start: 92.0, target: 99.5, raw: 0.6933, capped: None };
        assert_eq!(explanation(&metric, Locale::En), "(97.2 − 92) / (99.5 − 92) = 0.69");
        assert_eq!(explanation(&metric, Locale::De), "(97,2 − 92) / (99,5 − 92) = 0,69");
        let mean = Explanation::Mean { of: MeanOf::Organisation, values: vec![0.5, 0.25] };
        assert_eq!(
            explanation(&mean, Locale::En),
            "mean of 2 objectives of the organisation: (0.50 + 0.25) / 2 = 0.38"
        );
        assert_eq!(
            explanation(&mean, Locale::De),
            "Mittel aus 2 Zielen der Organisation: (0,50 + 0,25) / 2 = 0,38"
        );
        let d = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap_or_default();
        assert_eq!(
            explanation(&Explanation::Milestone { done: true, date: d }, Locale::De),
            "erledigt am 02.11.2026 = 1,00"
        );
    }

    #[test]
    fn german_formats() {
        assert_eq!(percent(0.475, Locale::De), "47,5\u{a0}%");
        assert_eq!(percent(0.47, Locale::En), "47.0%", "one decimal always, as beside 47.5%");
        assert_eq!(percent(1.0, Locale::En), "100.0%");
        let d = NaiveDate::from_ymd_opt(2026, 11, 15).unwrap_or_default();
        assert_eq!(date(d, Locale::De), "15.11.2026");
        assert_eq!(date(d, Locale::En), "15 Nov 2026");
        assert_eq!(number(97.2, Locale::De), "97,2");
    }

    #[test]
    fn every_string_is_translated() {
        // A key missing from a locale, or given twice, does not compile;
        // this checks that none is left empty.
        for locale in [Locale::En, Locale::De] {
            let all = serde_json::to_value(strings(locale)).unwrap_or_default();
            let all = all.as_object().cloned().unwrap_or_default();
            assert!(all.len() > 100, "{}", all.len());
            for (key, text) in all {
                assert!(text.as_str().is_some_and(|t| !t.is_empty()), "{key} is empty in {locale:?}");
            }
        }
    }

    #[test]
    fn reasons_in_german() {
        let behind = Reason::Behind { gap: 0.21, expected: 0.6, progress: 0.39, limit: 0.15 };
        assert_eq!(
            reason(&behind, Locale::De),
            "21,0 Prozentpunkte hinter Plan (erwartet 60,0\u{a0}%, Fortschritt 39,0\u{a0}%)"
        );
        assert_eq!(
            reason(&behind, Locale::En),
            "behind plan by 21.0 points (expected 60.0%, progress 39.0%)"
        );
        // The rollup's own text, for the terminal and the export, keeps ratios.
        assert_eq!(behind.to_string(), "behind plan by 0.21 (expected 0.60, progress 0.39)");
        // A gap just over the limit never reads as the limit itself.
        let just = Reason::Behind { gap: 0.150_01, expected: 0.6, progress: 0.449_99, limit: 0.15 };
        assert!(reason(&just, Locale::En).starts_with("behind plan by 15.1 points"));
        let close = Reason::OnPlan { gap: 0.05, expected: 0.6, progress: 0.55 };
        assert_eq!(
            reason(&close, Locale::En),
            "close to plan, behind by 5.0 points (expected 60.0%, progress 55.0%)"
        );
        assert_eq!(reason(&Reason::Reached, Locale::De), "Fortschritt 100,0\u{a0}% erreicht");
        let due = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default();
        assert_eq!(reason(&Reason::Overdue { due }, Locale::De), "fällig am 30.11.2026, nicht erledigt");
        let breaks = Reason::Breaks { value: 3.58, bound: 3.5, at_least: false };
        assert_eq!(reason(&breaks, Locale::De), "3,58 liegt über der Grenze von 3,5");
        let missed = Reason::ClosedMissed { score: 0.995, needed: 1.0, committed: true };
        assert_eq!(reason(&missed, Locale::De), "zugesagt, und Bewertung 0,99 liegt unter 1,00");
    }

    #[test]
    fn one_objective_is_singular_in_every_explanation() {
        let one = Explanation::Mean { of: MeanOf::Unit, values: vec![0.5] };
        assert_eq!(one.to_string(), "mean of 1 objective of the team and below: (0.50) / 1 = 0.50");
        assert_eq!(
            explanation(&one, Locale::De),
            "Mittel aus 1 Ziel des Teams und der Teams darunter: (0,50) / 1 = 0,50"
        );
        assert_eq!(
            how(&one, Locale::En).rule,
            "progress = mean of the 1 objective of the team and the teams below"
        );
        assert_eq!(
            how(&one, Locale::De).rule,
            "Fortschritt = Mittel des 1 Ziels des Teams und der Teams darunter"
        );
        let two = Explanation::Mean { of: MeanOf::Organisation, values: vec![0.5, 0.25] };
        assert_eq!(how(&two, Locale::En).rule, "progress = mean of the 2 objectives of the organisation");
    }

    #[test]
    fn days_ago_reads_naturally() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default();
        assert_eq!(days_ago(today, today, Locale::En), "today");
        assert_eq!(days_ago(today - chrono::Days::new(3), today, Locale::De), "vor 3 Tagen");
    }
}
