//! Rollup results out: machine-readable exports and the terminal view. Only
//! layout here; every number comes from `crate::rollup`.

pub mod diff;
pub mod export;
pub mod history;
pub mod i18n;
pub mod site;
pub mod terminal;
