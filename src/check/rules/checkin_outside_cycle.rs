//! `checkin-outside-cycle`: check-ins are dated within their cycle.

use chrono::NaiveDate;

use crate::check::Context;
use crate::config::Cycle;
use crate::diagnostic::Diagnostic;

declare_rule!("checkin-outside-cycle", Error, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for file in &cx.workspace.files {
        let Some(cycle) = cx.cycles.get(file.data.cycle.as_str()) else { continue };
        let mut report = |pointer: String, date: NaiveDate| {
            if date < cycle.start || date > cycle.end {
                out.push(outside(&file.path, file.span(&pointer), date, cycle));
            }
        };
        for kr in file.key_results() {
            for (c, checkin) in kr.key_result.checkins.iter().enumerate() {
                report(format!("{}/checkins/{c}/date", kr.pointer), checkin.date);
            }
        }
        for (k, kpi) in file.data.kpis.iter().enumerate() {
            for (c, checkin) in kpi.checkins.iter().enumerate() {
                report(format!("/kpis/{k}/checkins/{c}/date"), checkin.date);
            }
        }
    }
}

fn outside(file: &str, span: crate::source::Span, date: NaiveDate, cycle: &Cycle) -> Diagnostic {
    Diagnostic::new(
        RULE.name,
        file,
        span,
        format!("check-in dated {date} is outside cycle {} ({} to {})", cycle.id, cycle.start, cycle.end),
    )
    .with_help("fix the date, or record the check-in in the file of the cycle it belongs to")
}
