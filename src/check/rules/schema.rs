//! `schema`: reported by schema validation (`crate::schema`), not checked here.

declare_rule!("schema", Error, None, false);
