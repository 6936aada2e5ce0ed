//! `okr` keeps a company's objectives and key results (OKRs) as YAML in a git
//! repository and checks them.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! load (discover, YAML + spans) → schema, config → model → rollup
//!   → diff → history (facts that git fills) → check (rules) → render, emit
//! ```
//!
//! No module uses a later stage (`tests/testsuite/pipeline.rs` checks it;
//! CONTRIBUTING.md has the table).
//!
//! [`check::run`] is the entry point: it loads a repository and returns every
//! finding as a [`diagnostic::Diagnostic`]; [`emit`] renders them.

pub mod check;
pub mod codeowners;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod edit;
pub mod emit;
pub mod git;
pub mod history;
pub mod inert;
pub mod init;
pub mod load;
pub mod model;
pub mod render;
pub mod rollup;
pub mod schema;
pub mod serve;
pub mod source;
pub mod suggest;
pub mod words;
pub mod write;
