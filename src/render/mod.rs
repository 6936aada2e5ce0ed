//! Rollup results out: machine-readable exports and the terminal view. Only
//! layout here; every number comes from `crate::rollup`.

pub mod diff;
pub mod digest;
pub mod export;
pub mod history;
pub mod i18n;
pub mod site;
pub mod terminal;
pub mod xlsx;

use crate::rollup::Status;

/// The icon of a status: a shape of its own for each, so that status never
/// rests on colour alone (site, terminal, pull-request comments).
pub fn status_icon(status: Status) -> &'static str {
    match status {
        Status::NotStarted => "○",
        Status::NoData => "◌",
        Status::OnTrack => "●",
        Status::AtRisk => "▲",
        Status::OffTrack => "■",
        Status::Done => "✓",
        Status::Achieved => "★",
        Status::Missed => "✕",
    }
}
