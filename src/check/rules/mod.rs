//! One file per rule. Each declares its `RULE` with [`declare_rule!`], whose
//! documentation is `docs/rules/<name>.md`.

use super::Rule;

/// Declares a rule's `RULE` constant, documented by `docs/rules/<name>.md`.
macro_rules! declare_rule {
    ($id:ident, $name:literal, $level:ident, $check:expr) => {
        declare_rule!($id, $name, $level, $check, true);
    };
    ($id:ident, $name:literal, $level:ident, $check:expr, $configurable:expr) => {
        #[doc = include_str!(concat!("../../../docs/rules/", $name, ".md"))]
        pub(crate) const RULE: $crate::check::Rule = $crate::check::Rule {
            id: $crate::diagnostic::RuleId::$id,
            name: $name,
            default_level: $crate::config::Level::$level,
            doc: include_str!(concat!("../../../docs/rules/", $name, ".md")),
            check: $check,
            configurable: $configurable,
        };
    };
}

mod activity_key_result;
mod activity_objective;
mod alignment_cycle;
mod checkin_in_future;
mod checkin_outside_cycle;
mod closed_cycle_modified;
mod due_outside_cycle;
mod duplicate_id;
mod file_location;
mod key_result_count;
mod missed_commitment;
mod missing_baseline;
mod missing_retro;
mod objective_count;
mod orphan_objective;
mod owner_overload;
mod sandbagging;
mod schema;
mod stale_key_result;
mod target_changed_mid_cycle;
mod target_equals_start;
mod team_owned_key_result;
mod unit_changed;
mod unknown_alignment;
mod unknown_cycle;
mod unknown_owner;
mod unknown_team;
mod yaml_syntax;

/// Every rule: errors first, then warnings.
pub(crate) const ALL: &[Rule] = &[
    yaml_syntax::RULE,
    schema::RULE,
    duplicate_id::RULE,
    unknown_owner::RULE,
    unknown_team::RULE,
    unknown_cycle::RULE,
    unknown_alignment::RULE,
    alignment_cycle::RULE,
    target_equals_start::RULE,
    checkin_outside_cycle::RULE,
    due_outside_cycle::RULE,
    checkin_in_future::RULE,
    file_location::RULE,
    objective_count::RULE,
    key_result_count::RULE,
    team_owned_key_result::RULE,
    activity_key_result::RULE,
    activity_objective::RULE,
    stale_key_result::RULE,
    missing_baseline::RULE,
    missed_commitment::RULE,
    missing_retro::RULE,
    sandbagging::RULE,
    owner_overload::RULE,
    orphan_objective::RULE,
    closed_cycle_modified::RULE,
    target_changed_mid_cycle::RULE,
    unit_changed::RULE,
];
