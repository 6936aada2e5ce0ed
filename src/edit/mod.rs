//! Editing OKR files in place: text insertions located by the parser's spans,
//! so comments, key order, quoting, indentation, flow or block style, BOM and
//! line endings stay as they are.

pub mod apply;
pub mod checkin;
pub mod import;
pub mod rollover;
pub mod sync;
