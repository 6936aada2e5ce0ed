//! `checkin-in-future`: check-ins record what has happened, as of `--as-of`.

use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::load::Pointer;

declare_rule!(CheckinInFuture, "checkin-in-future", Error, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for file in &cx.workspace.files {
        let mut report = |pointer: Pointer, date: chrono::NaiveDate| {
            let message = format!("check-in dated {date} is after {} (today, or --as-of)", cx.as_of);
            out.push(
                Diagnostic::new(RULE.id, &file.path, file.span(pointer), message)
                    .with_help("check-ins record values that were measured; fix the date"),
            );
        };
        for kr in file.key_results() {
            for (c, checkin) in kr.key_result.checkins.iter().enumerate().filter(|(_, c)| c.date > cx.as_of) {
                report(kr.pointer.checkin(c).key("date"), checkin.date);
            }
        }
        for (k, kpi) in file.data.kpis.iter().enumerate() {
            for (c, checkin) in kpi.checkins.iter().enumerate().filter(|(_, c)| c.date > cx.as_of) {
                report(Pointer::kpi(k).checkin(c).key("date"), checkin.date);
            }
        }
    }
}
