//! Diagnostics out: one renderer per format, all over the same list.

mod github;
mod human;
mod json;
mod sarif;

pub use github::{render_github, render_step_summary};
pub use human::render_human;
pub use json::{render_json, render_json_error};
pub use sarif::{render_sarif, render_sarif_failure};
