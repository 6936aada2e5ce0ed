//! `schema`: reported by schema validation (`crate::schema`), not checked here.

declare_rule!(Schema, "schema", Error, None, false);
