//! The JSON Schemas: what `okr schema` prints, and drift between the config
//! schema and the rule registry.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::{manifest_dir, run, stdout};

#[test]
fn schema_command_prints_the_committed_files() {
    for (kind, file) in [("okr", "schemas/okr.schema.json"), ("config", "schemas/config.schema.json")] {
        let output = run(&["schema", kind]);
        assert!(output.status.success());
        let committed = std::fs::read_to_string(manifest_dir().join(file)).unwrap();
        assert_eq!(stdout(&output), committed, "{kind}");
        let schema: Value = serde_json::from_str(&committed).unwrap();
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    }
    assert_eq!(stdout(&run(&["schema"])), stdout(&run(&["schema", "okr"])), "okr is the default");
}

/// `rules:` in okr.yaml accepts exactly the rules whose level may change.
#[test]
fn config_schema_lists_every_configurable_rule() {
    let schema: Value = serde_json::from_str(okr::schema::CONFIG_SCHEMA).unwrap();
    let listed: BTreeSet<&str> =
        schema["properties"]["rules"]["properties"].as_object().unwrap().keys().map(String::as_str).collect();
    let configurable: BTreeSet<&str> =
        okr::check::registry().iter().filter(|r| r.configurable).map(|r| r.name).collect();
    assert_eq!(listed, configurable, "update `rules` in schemas/config.schema.json");
}
