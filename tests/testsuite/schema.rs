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

/// `examples/acme` carries its own copy of the schemas, so that a copy of
/// the example keeps editor validation; its modelines point at that copy.
#[test]
fn the_example_carries_the_schemas_it_names() {
    let acme = manifest_dir().join("examples/acme");
    for file in ["okr.schema.json", "config.schema.json"] {
        let copy = std::fs::read_to_string(acme.join("schemas").join(file)).unwrap();
        let committed = std::fs::read_to_string(manifest_dir().join("schemas").join(file)).unwrap();
        assert_eq!(copy, committed, "examples/acme/schemas/{file} differs: copy schemas/{file} there");
    }
    let mut files = vec![acme.join("okr.yaml")];
    for cycle in std::fs::read_dir(acme.join("okrs")).unwrap() {
        files.extend(std::fs::read_dir(cycle.unwrap().path()).unwrap().map(|f| f.unwrap().path()));
    }
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let first = text.lines().next().unwrap_or_default();
        let target = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{}", path.display()));
        let named = path.parent().unwrap().join(target);
        assert!(
            named.canonicalize().unwrap().starts_with(acme.canonicalize().unwrap()),
            "{}",
            path.display()
        );
        assert!(named.is_file(), "{} names {target}", path.display());
    }
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

/// Every property of both schemas has a `description` (an editor shows it
/// on hover and completion), and the keys that have a default say it.
#[test]
fn every_property_is_documented_for_editors() {
    fn walk(node: &Value, path: &str, conditional: bool, missing: &mut Vec<String>) {
        match node {
            Value::Object(map) => {
                if let (Some(Value::Object(properties)), false) = (map.get("properties"), conditional) {
                    for (key, property) in properties {
                        if property.is_object() && property.get("description").is_none() {
                            missing.push(format!("{path}/properties/{key}"));
                        }
                    }
                }
                for (key, child) in map {
                    let branch = ["then", "else", "if", "oneOf", "anyOf", "allOf"].contains(&key.as_str());
                    walk(child, &format!("{path}/{key}"), conditional || branch, missing);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, &format!("{path}/{i}"), conditional, missing);
                }
            }
            _ => {}
        }
    }
    for text in [okr::schema::OKR_SCHEMA, okr::schema::CONFIG_SCHEMA] {
        let schema: Value = serde_json::from_str(text).unwrap();
        let mut missing = Vec::new();
        walk(&schema, "#", false, &mut missing);
        assert!(missing.is_empty(), "no description: {missing:?}");
    }
    let okr: Value = serde_json::from_str(okr::schema::OKR_SCHEMA).unwrap();
    let key_result = &okr["$defs"]["keyResult"]["properties"];
    assert_eq!(key_result["kind"]["default"], "metric");
    assert_eq!(key_result["weight"]["default"], 1);
    assert_eq!(okr["$defs"]["objective"]["properties"]["commitment"]["default"], "aspirational");
}
