//! Behaviour of the `okr` binary, one module per feature.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failed unwrap is a failed test")]

mod check;
mod checkin;
mod ci_formats;
mod digest;
mod git;
mod guarantees;
mod hostile;
mod install;
mod pipeline;
mod reference;
mod rollover;
mod rollup;
mod rules;
mod schema;
mod security;
mod serve;
mod site;
mod smoke_fuzz;
mod status;
mod support;
#[path = "../../benches/synth/mod.rs"]
mod synth;
mod tools;
mod yaml_suite;
