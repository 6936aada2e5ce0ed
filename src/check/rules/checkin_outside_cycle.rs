//! `checkin-outside-cycle`: check-ins are dated within their cycle.

use chrono::NaiveDate;

use crate::check::Context;
use crate::config::Cycle;
use crate::diagnostic::Diagnostic;
use crate::load::Pointer;

declare_rule!(CheckinOutsideCycle, "checkin-outside-cycle", Error, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for file in &cx.workspace.files {
        let Some(cycle) = cx.cycles.get(file.data.cycle.as_str()) else { continue };
        let outside_cycle = |date: NaiveDate| date < cycle.start || date > cycle.end;
        for kr in file.key_results() {
            for (c, checkin) in
                kr.key_result.checkins.iter().enumerate().filter(|(_, c)| outside_cycle(c.date))
            {
                let pointer = kr.pointer.checkin(c).key("date");
                out.push(outside(&file.path, file.span(pointer), checkin.date, cycle));
            }
        }
        for (k, kpi) in file.data.kpis.iter().enumerate() {
            for (c, checkin) in kpi.checkins.iter().enumerate().filter(|(_, c)| outside_cycle(c.date)) {
                let pointer = Pointer::kpi(k).checkin(c).key("date");
                out.push(outside(&file.path, file.span(pointer), checkin.date, cycle));
            }
        }
    }
}

fn outside(file: &str, span: crate::source::Span, date: NaiveDate, cycle: &Cycle) -> Diagnostic {
    Diagnostic::new(
        RULE.id,
        file,
        span,
        format!("check-in dated {date} is outside cycle {} ({} to {})", cycle.id, cycle.start, cycle.end),
    )
    .with_help("fix the date, or record the check-in in the file of the cycle it belongs to")
}
