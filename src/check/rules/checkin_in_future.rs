//! `checkin-in-future`: check-ins record what has happened, as of `--as-of`.

use crate::check::Context;
use crate::diagnostic::Diagnostic;

declare_rule!("checkin-in-future", Error, Some(check));

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for file in &cx.workspace.files {
        let dated = file
            .key_results()
            .flat_map(|kr| {
                kr.key_result
                    .checkins
                    .iter()
                    .enumerate()
                    .map(move |(c, ch)| (format!("{}/checkins/{c}/date", kr.pointer), ch.date))
            })
            .chain(file.data.kpis.iter().enumerate().flat_map(|(k, kpi)| {
                kpi.checkins
                    .iter()
                    .enumerate()
                    .map(move |(c, ch)| (format!("/kpis/{k}/checkins/{c}/date"), ch.date))
            }));
        for (pointer, date) in dated {
            if date > cx.as_of {
                let message = format!("check-in dated {date} is after {} (today, or --as-of)", cx.as_of);
                out.push(
                    Diagnostic::new(RULE.name, &file.path, file.span(&pointer), message)
                        .with_help("check-ins record values that were measured; fix the date"),
                );
            }
        }
    }
}
