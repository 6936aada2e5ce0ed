//! Diagnostics out: one renderer per format, all over the same list.

mod human;
mod json;

pub use human::render_human;
pub use json::render_json;
