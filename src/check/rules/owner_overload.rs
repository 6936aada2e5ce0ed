//! `owner-overload`: one person owns more key results in a cycle than they
//! can check in on weekly.

use std::collections::BTreeMap;

use crate::check::Context;
use crate::diagnostic::Diagnostic;

declare_rule!(OwnerOverload, "owner-overload", Warning, Some(check));

const DEFAULT_MAX: usize = 6;

/// A key result of an owner: its file, where it is, its id.
type Owned<'w> = (&'w crate::model::OkrFile, crate::load::Pointer, &'w str);

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let max = cx.options(RULE.id).and_then(|o| o.max).map_or(DEFAULT_MAX, |m| m as usize);
    // (cycle, owner) → the key results, in file order.
    let mut owned: BTreeMap<(&str, &str), Vec<Owned<'_>>> = BTreeMap::new();
    // A closed cycle's ownership is history: only what can still change.
    for file in cx.open_files() {
        for kr in file.key_results() {
            owned.entry((file.data.cycle.as_str(), kr.key_result.owner.as_str())).or_default().push((
                file,
                kr.pointer,
                kr.key_result.id.as_str(),
            ));
        }
    }
    for ((cycle, owner), key_results) in owned {
        // Reported once, at the first key result beyond the limit.
        let Some(&(file, pointer, id)) = key_results.get(max) else { continue };
        let message = format!(
            "`{owner}` owns {} key results in {cycle}; at most {max} can each get a weekly check-in (this is `{id}`)",
            key_results.len()
        );
        out.push(
            Diagnostic::new(RULE.id, &file.path, file.span(pointer.key("owner")), message).with_help(
                "give some to the people doing the work (`owner:`) and keep them as `contributors:`, or drop a key result",
            ),
        );
    }
}
