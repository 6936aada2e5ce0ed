//! The embedded JSON Schemas and schema validation as diagnostics.
//!
//! The schemas in `schemas/` are the single source of truth for the shape of
//! OKR files and `okr.yaml`. Each schema error becomes a `schema` diagnostic at
//! the offending node, with a message written for people rather than for
//! schema authors.

use std::collections::HashSet;
use std::sync::OnceLock;

use anyhow::{anyhow, Result};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Draft, ValidationError, Validator};
use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::load::yaml::push_pointer;
use crate::load::Document;
use crate::suggest::did_you_mean;

/// `schemas/okr.schema.json`, as embedded in the binary.
pub const OKR_SCHEMA: &str = include_str!("../schemas/okr.schema.json");
/// `schemas/config.schema.json`, as embedded in the binary.
pub const CONFIG_SCHEMA: &str = include_str!("../schemas/config.schema.json");

const RULE: crate::diagnostic::RuleId = crate::diagnostic::RuleId::Schema;
const ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]{0,63}$";
const CYCLE_ID_PATTERN: &str = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

/// Whether `text` is a valid id (`^[a-z0-9][a-z0-9-]{0,63}$`), as the
/// schemas require of every id.
pub fn is_id(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && text.len() <= 64
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether `text` is a valid cycle id (`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`).
pub fn is_cycle_id(text: &str) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric();
    let mut bytes = text.bytes();
    bytes.next().is_some_and(word) && text.len() <= 64 && bytes.all(|b| word(b) || b"._-".contains(&b))
}

/// Which of the two schemas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaKind {
    /// An OKR file (`okrs/<cycle>/<team>.yaml`).
    Okr,
    /// `okr.yaml`.
    Config,
}

impl SchemaKind {
    pub fn text(self) -> &'static str {
        match self {
            SchemaKind::Okr => OKR_SCHEMA,
            SchemaKind::Config => CONFIG_SCHEMA,
        }
    }
}

struct Compiled {
    schema: Value,
    validator: Validator,
}

fn compiled(kind: SchemaKind) -> Result<&'static Compiled> {
    static OKR: OnceLock<Result<Compiled, String>> = OnceLock::new();
    static CONFIG: OnceLock<Result<Compiled, String>> = OnceLock::new();
    let cell = match kind {
        SchemaKind::Okr => &OKR,
        SchemaKind::Config => &CONFIG,
    };
    cell.get_or_init(|| compile(kind.text()))
        .as_ref()
        .map_err(|message| anyhow!("the embedded {kind:?} schema is invalid: {message}"))
}

fn compile(text: &str) -> Result<Compiled, String> {
    let schema: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let validator = jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .map_err(|e| e.to_string())?;
    Ok(Compiled { schema, validator })
}

/// Validates `document` (the content of `file`) against the schema. Errors at
/// `poisoned` pointers are skipped: the loader already reported them.
pub fn validate(
    kind: SchemaKind,
    file: &str,
    document: &Document,
    poisoned: &HashSet<String>,
) -> Result<Vec<Diagnostic>> {
    let compiled = compiled(kind)?;
    // Most files are valid: a short-circuiting pass avoids building errors.
    if compiled.validator.is_valid(&document.value) {
        return Ok(Vec::new());
    }
    let mut findings: Vec<Finding> = Vec::new();
    for error in compiled.validator.iter_errors(&document.value) {
        let pointer = error.instance_path().as_str().to_owned();
        if poisoned.contains(&pointer) {
            continue;
        }
        let conditional = error.schema_path().as_str().contains("/then/");
        findings.extend(describe(&compiled.schema, &document.value, &pointer, &error).into_iter().map(
            |mut f| {
                f.conditional = conditional;
                f
            },
        ));
    }
    drop_explained_required(&mut findings);
    drop_consequences_of_kind(&mut findings);
    Ok(findings
        .into_iter()
        .map(|f| {
            let span =
                if f.at_key { document.spans.key(&f.pointer) } else { document.spans.value(&f.pointer) };
            let diagnostic = Diagnostic::new(RULE, file, span, f.message);
            match f.help {
                Some(help) => diagnostic.with_help(help),
                None => diagnostic,
            }
        })
        .collect())
}

/// One schema finding before it is placed in the file.
struct Finding {
    pointer: String,
    /// Point at the key rather than the value (unknown keys).
    at_key: bool,
    message: String,
    help: Option<String>,
    /// For unknown keys: the known key it most likely misspells.
    suggestion: Option<String>,
    /// For missing keys: the key that is missing.
    missing: Option<String>,
    /// Found by a branch that applies to one kind of key result (`then`).
    conditional: bool,
    /// An unknown `kind` of key result.
    unknown_kind: bool,
}

impl Finding {
    fn at(pointer: &str, message: String, help: Option<String>) -> Self {
        Finding {
            pointer: pointer.to_owned(),
            at_key: false,
            message,
            help,
            suggestion: None,
            missing: None,
            conditional: false,
            unknown_kind: false,
        }
    }
}

/// An unknown `kind` (`milestones`) is one mistake: what the branches of
/// the kind the key result falls back to require of it (`start`, check-in
/// values) follows from it and is not reported.
fn drop_consequences_of_kind(findings: &mut Vec<Finding>) {
    let key_results: Vec<String> = findings
        .iter()
        .filter(|f| f.unknown_kind)
        .filter_map(|f| f.pointer.strip_suffix("/kind").map(|p| format!("{p}/")))
        .collect();
    if key_results.is_empty() {
        return;
    }
    findings.retain(|f| {
        !f.conditional
            || !key_results.iter().any(|kr| f.pointer.starts_with(kr) || format!("{}/", f.pointer) == *kr)
    });
}

/// A misspelt key is reported once, as unknown with a suggestion, not also as
/// the required key that it was meant to be.
fn drop_explained_required(findings: &mut Vec<Finding>) {
    let explained: HashSet<(String, String)> = findings
        .iter()
        .filter_map(|f| {
            let suggestion = f.suggestion.clone()?;
            let object = f.pointer.rsplit_once('/').map_or("", |(parent, _)| parent).to_owned();
            Some((object, suggestion))
        })
        .collect();
    findings.retain(|f| {
        f.missing.as_ref().is_none_or(|key| !explained.contains(&(f.pointer.clone(), key.clone())))
    });
}

fn describe(schema: &Value, instance: &Value, pointer: &str, error: &ValidationError<'_>) -> Vec<Finding> {
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let known = known_keys(schema, error.schema_path().as_str());
            // The number a decimal comma split (`value: 4,5` is `value: 4`).
            let whole = instance
                .pointer(pointer)
                .and_then(|o| o.get("value"))
                .and_then(Value::as_i64)
                .map(|n| n.to_string());
            unexpected.iter().map(|key| unknown_key(pointer, key, &known, whole.as_deref())).collect()
        }
        ValidationErrorKind::Required { property } => {
            let key = property.as_str().unwrap_or_default().to_owned();
            let mut finding = Finding::at(
                pointer,
                format!("missing required key `{key}`"),
                Some(format!("add `{key}:` here")),
            );
            finding.missing = Some(key);
            vec![finding]
        }
        ValidationErrorKind::FalseSchema => vec![key_not_for_kind(instance, pointer)],
        _ => vec![describe_value_error(schema, instance, pointer, error)],
    }
}

/// A key the schema forbids for this kind of key result (`start` on a milestone).
fn key_not_for_kind(instance: &Value, pointer: &str) -> Finding {
    let key = last_token(pointer);
    let parent = pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
    let in_checkin = parent.contains("/checkins/");
    let key_result = if in_checkin { parent.split("/checkins/").next().unwrap_or_default() } else { parent };
    let kind =
        instance.pointer(key_result).and_then(|p| p.get("kind")).and_then(Value::as_str).unwrap_or("metric");
    let message = if in_checkin {
        format!("`{key}` does not apply to a check-in of a {kind} key result")
    } else {
        format!("`{key}` does not apply to a {kind} key result")
    };
    let help = if key == "due" && !in_checkin {
        "only a milestone has a due date (a metric's expected progress is the straight line, a threshold's 1); remove `due`, or set `kind: milestone`"
    } else {
        kind_help(kind)
    };
    let mut finding = Finding::at(pointer, message, Some(help.to_owned()));
    finding.at_key = true;
    finding
}

/// The keys whose values are measures (`$defs/measure` in the schema).
const MEASURES: [&str; 5] = ["start", "target", "at_least", "at_most", "value"];

/// Errors about a value itself: type, enum, pattern, format, length, bounds.
fn describe_value_error(
    schema: &Value,
    instance: &Value,
    pointer: &str,
    error: &ValidationError<'_>,
) -> Finding {
    let value = instance.pointer(pointer).unwrap_or(&Value::Null);
    let (message, help) = match error.kind() {
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => article(&t.to_string()),
                TypeKind::Multiple(set) => {
                    set.iter().map(|t| article(&t.to_string())).collect::<Vec<_>>().join(" or ")
                }
            };
            let help = type_help(&expected, value);
            (format!("expected {expected}, found {}", describe_value(value)), help)
        }
        ValidationErrorKind::Enum { options } => {
            let options: Vec<&str> = options.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
            let help = did_you_mean(value.as_str().unwrap_or_default(), options.iter().copied())
                .map_or_else(|| format!("use one of: {}", options.join(", ")), |s| format!("did you mean `{s}`?"));
            let message = format!("{} is not one of: {}", describe_value(value), options.join(", "));
            let mut finding = Finding::at(pointer, message, Some(help));
            finding.unknown_kind = last_token(pointer) == "kind";
            return finding;
        }
        ValidationErrorKind::Pattern { .. } | ValidationErrorKind::Format { .. } => describe_form(error.kind(), value, pointer),
        ValidationErrorKind::MaxLength { limit } => {
            let length = value.as_str().map_or(0, |s| s.chars().count());
            (
                format!("`{}` is {length} characters long; the limit is {limit}", last_token(pointer)),
                Some("shorten it; put longer text in `description`".into()),
            )
        }
        ValidationErrorKind::Maximum { .. } | ValidationErrorKind::Minimum { .. }
            if MEASURES.contains(&last_token(pointer).as_ref()) =>
        {
            (
                format!("`{}` is {}; okr takes values from -10^15 to 10^15", last_token(pointer), describe_value(value)),
                Some("count in a larger unit (thousands, millions) so that the number stays within 10^15".into()),
            )
        }
        ValidationErrorKind::Maximum { .. } if last_token(pointer) == "confidence" => (
            format!("`confidence` is {}; it is a likelihood from 0.0 to 1.0", describe_value(value)),
            Some(confidence_help(value)),
        ),
        ValidationErrorKind::ExclusiveMinimum { limit } | ValidationErrorKind::Minimum { limit }
            if last_token(pointer) == "weight" =>
        {
            (
                format!("`weight` is {}; it must be more than {limit}", describe_value(value)),
                Some("a weight of 0 would leave the key result out of its objective's progress: give it a weight such as 1, or remove the key result".into()),
            )
        }
        ValidationErrorKind::ExclusiveMinimum { limit } => (
            format!("`{}` is {}; it must be more than {limit}", last_token(pointer), describe_value(value)),
            None,
        ),
        ValidationErrorKind::Minimum { limit } => (
            format!("`{}` is {}; the least is {limit}", last_token(pointer), describe_value(value)),
            None,
        ),
        ValidationErrorKind::Maximum { limit } if last_token(pointer) != "weight" => (
            format!("`{}` is {}; the most is {limit}", last_token(pointer), describe_value(value)),
            None,
        ),
        ValidationErrorKind::Maximum { limit } if last_token(pointer) == "weight" => (
            format!("`weight` is {}; the most is {limit}", describe_value(value)),
            Some("weights compare the key results of one objective: use small numbers such as 1, 2 or 3".into()),
        ),
        ValidationErrorKind::MinLength { .. } => (format!("`{}` must not be empty", last_token(pointer)), None),
        ValidationErrorKind::MinItems { limit } => (
            format!("`{}` needs at least {limit} entr{}", last_token(pointer), if *limit == 1 { "y" } else { "ies" }),
            None,
        ),
        ValidationErrorKind::UniqueItems => (format!("`{}` lists the same entry twice", last_token(pointer)), None),
        ValidationErrorKind::OneOfNotValid { .. } | ValidationErrorKind::OneOfMultipleValid { .. } => {
            let keys = one_of_required(schema, error.schema_path().as_str());
            if keys.is_empty() {
                (error.to_string(), None)
            } else {
                let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
                (
                    format!("needs exactly one of {}", keys.join(" or ")),
                    Some("`at_least: N` means stay at or above N; `at_most: N` means stay at or below N".into()),
                )
            }
        }
        _ => (error.to_string(), None),
    };
    Finding::at(pointer, message, help)
}

/// Errors about the form of a text (`pattern`, `format`), as sentences.
fn describe_form(kind: &ValidationErrorKind, value: &Value, pointer: &str) -> (String, Option<String>) {
    match kind {
        ValidationErrorKind::Pattern { pattern } if pattern == ID_PATTERN => (
            format!("{} is not a valid id", describe_value(value)),
            Some("ids use lowercase letters, digits and `-`, start with a letter or digit, and have at most 64 characters".into()),
        ),
        ValidationErrorKind::Pattern { pattern } if pattern == "^https?://" => (
            format!("{} is not a web address", describe_value(value)),
            Some("give an `https://` (or `http://`) link to where the work is tracked".into()),
        ),
        ValidationErrorKind::Pattern { pattern } if pattern.starts_with("^https://[") => (
            format!("{} is not the web address of a repository", describe_value(value)),
            Some("write it as the browser shows it, e.g. `https://github.com/acme/okrs`".into()),
        ),
        ValidationErrorKind::Pattern { pattern } if pattern.contains('/') => (
            format!("{} is not an alignment reference", describe_value(value)),
            Some("write `<team>/<objective-id>`, e.g. `company/customer-trust`".into()),
        ),
        ValidationErrorKind::Pattern { pattern } if pattern == CYCLE_ID_PATTERN => (
            format!("{} is not a valid cycle id", describe_value(value)),
            Some(format!(
                "cycle ids use letters, digits, `-`, `_` and `.`, without spaces, e.g. `{}`",
                cycle_id_like(value.as_str().unwrap_or_default())
            )),
        ),
        ValidationErrorKind::Pattern { pattern } if pattern.starts_with("^[A-Za-z0-9](?:") => (
            format!("{} is not a GitHub user name", describe_value(value)),
            Some("write the name alone, without `@` or a web address: letters, digits and `-`, at most 39".into()),
        ),
        ValidationErrorKind::Pattern { pattern } if pattern == "^[^\\s]+$" => (
            format!("{} has a space in it", describe_value(value)),
            Some("branch names have no spaces, e.g. `main`".into()),
        ),
        ValidationErrorKind::Pattern { .. } => (
            format!("{} is not a valid `{}`", describe_value(value), last_token(pointer)),
            Some("see docs/format.md for what this key takes".into()),
        ),
        ValidationErrorKind::Format { format } if format == "email" => (
            format!("{} is not an email address", describe_value(value)),
            Some("write the address alone, e.g. `alice@example.com`, or leave `email` out".into()),
        ),
        ValidationErrorKind::Format { format } if format == "date" => (
            format!("{} is not a real calendar date", describe_value(value)),
            Some(date_help(value.as_str().unwrap_or_default())),
        ),
        _ => (format!("{} is not a valid `{}`", describe_value(value), last_token(pointer)), None),
    }
}

/// The help for a value of the wrong type: what the user meant, written so
/// that it reads (`"95%"` → `95`, `4,5` → `4.5`, a scalar → a list).
fn type_help(expected: &str, value: &Value) -> Option<String> {
    let yaml11_bool = ["yes", "no", "on", "off", "y", "n"];
    if expected == "a string" && value.is_number() {
        Some(format!("quote it: `'{value}'`"))
    } else if expected.contains("a number")
        && value.as_str().is_some_and(|s| {
            s.trim_end().ends_with('%') && s.trim_end_matches(['%', ' ']).parse::<f64>().is_ok()
        })
    {
        let number = value.as_str().unwrap_or_default().trim_end_matches(['%', ' ']);
        Some(format!("write the number alone, `{number}`: the unit goes in the key result's `unit: \"%\"`"))
    } else if expected.contains("a number")
        && value.as_str().is_some_and(|s| s.contains(',') && s.replace(',', ".").parse::<f64>().is_ok())
    {
        let number = value.as_str().unwrap_or_default().replace(',', ".");
        Some(format!("write the decimal with a point: `{number}`"))
    } else if (expected.contains("a list") || expected.contains("an array")) && value.is_string() {
        Some(format!("write a list, even of one: `[{}]`", value.as_str().unwrap_or_default()))
    } else if expected == "a boolean"
        && value.as_str().is_some_and(|s| yaml11_bool.contains(&s.to_lowercase().as_str()))
    {
        Some("write `true` or `false` (in YAML 1.2, `yes`, `no`, `on` and `off` are strings)".to_owned())
    } else {
        None
    }
}

/// The help for a confidence above 1: a percentage meant as a share.
fn confidence_help(value: &Value) -> String {
    match value.as_f64() {
        Some(n) if n > 1.0 && n <= 100.0 => format!("write {} for {n} %", n / 100.0),
        _ => "write how likely the target is reached, e.g. 0.7".to_owned(),
    }
}

/// The help for a date the schema refuses: for a well-formed day that does
/// not exist (`2026-11-31`), how many days the month has.
fn date_help(text: &str) -> String {
    let parts: Vec<&str> = text.split('-').collect();
    if let [year, month, day] = parts.as_slice() {
        if let (Ok(year), Ok(month), Ok(day)) =
            (year.parse::<i32>(), month.parse::<u32>(), day.parse::<u32>())
        {
            let first = chrono::NaiveDate::from_ymd_opt(year, month, 1);
            let next = if month == 12 {
                chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1)
            } else {
                chrono::NaiveDate::from_ymd_opt(year, month + 1, 1)
            };
            if let (Some(first), Some(next)) = (first, next) {
                let days = (next - first).num_days();
                if day > 28 {
                    return format!("{} {year} has {days} days: {text} does not exist", first.format("%B"));
                }
            }
            if !(1..=12).contains(&month) {
                return format!("there is no month {month}: write dates as YYYY-MM-DD, e.g. 2026-11-02");
            }
        }
    }
    "write dates as YYYY-MM-DD, e.g. 2026-11-02".into()
}

/// A cycle id close to `text`: spaces and other characters as `-`.
pub fn cycle_id_like(text: &str) -> String {
    let replaced: String = text
        .trim()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || "._-".contains(c) { c } else { '-' })
        .collect();
    let trimmed = replaced.trim_start_matches(['-', '.', '_']);
    if trimmed.is_empty() || trimmed.len() > 64 {
        "2026-Q4".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Keys of okr 0.1 that were replaced, where they were, and what to write instead.
const REPLACED: &[(&str, &str, &str)] = &[
    (
        "/status",
        "at_risk_below",
        "okr 0.2 judges status by the gap expected − progress, not by their ratio: write `at_risk_gap: 0.15` (at-risk when progress is more than 0.15 behind the expected) instead",
    ),
    (
        "/status",
        "off_track_below",
        "okr 0.2 judges status by the gap expected − progress, not by their ratio: write `off_track_gap: 0.30` (off-track when progress is more than 0.30 behind the expected) instead",
    ),
];

fn unknown_key(pointer: &str, key: &str, known: &[String], whole: Option<&str>) -> Finding {
    if let Some(&(_, _, help)) = REPLACED.iter().find(|(at, old, _)| *at == pointer && *old == key) {
        return Finding {
            pointer: push_pointer(pointer, key),
            at_key: true,
            message: format!("`{key}` is no longer a key"),
            help: Some(help.to_owned()),
            suggestion: None,
            missing: None,
            conditional: false,
            unknown_kind: false,
        };
    }
    // `{ value: 4,5 }` reads as `value: 4` and a key `5`: a decimal comma.
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_digit()) {
        return Finding {
            pointer: push_pointer(pointer, key),
            at_key: true,
            message: format!(
                "`{key}` looks like the decimals of the number before it, after a decimal comma"
            ),
            help: Some({
                let whole = whole.unwrap_or("N");
                format!("write the decimal with a point (`{whole}.{key}`, not `{whole},{key}`): in YAML a comma separates entries")
            }),
            suggestion: None,
            missing: None,
            conditional: false,
            unknown_kind: false,
        };
    }
    let suggestion = did_you_mean(key, known.iter().map(String::as_str)).map(str::to_owned);
    let help = match &suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None if known.is_empty() => "remove it".to_owned(),
        None => format!("known keys here: {}", known.join(", ")),
    };
    Finding {
        pointer: push_pointer(pointer, key),
        at_key: true,
        message: format!("unknown key `{key}`"),
        help: Some(help),
        suggestion,
        missing: None,
        conditional: false,
        unknown_kind: false,
    }
}

fn kind_help(kind: &str) -> &'static str {
    match kind {
        "milestone" => "a milestone has only check-ins with `done: true|false`; remove this key",
        "threshold" => "a threshold has `at_least` or `at_most` and check-ins with `value`; remove this key",
        _ => "a metric has `start`, `target`, `unit` and check-ins with `value`; remove this key, or set `kind`",
    }
}

/// The keys the object schema holding `keyword_path` (an
/// `additionalProperties` keyword) allows.
fn known_keys(schema: &Value, keyword_path: &str) -> Vec<String> {
    let object_path = keyword_path.rsplit_once('/').map_or("", |(parent, _)| parent);
    let mut keys: Vec<String> = schema_at(schema, object_path)
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    keys
}

/// For a `oneOf` whose alternatives each require one key: those keys.
fn one_of_required(schema: &Value, keyword_path: &str) -> Vec<String> {
    schema_at(schema, keyword_path)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|alt| alt.get("required")?.as_array()?.first()?.as_str().map(str::to_owned))
        .collect()
}

/// Walks a schema location, following local `$ref`s on the way.
fn schema_at<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut node = root;
    for token in path.split('/').filter(|t| !t.is_empty()) {
        let token = token.replace("~1", "/").replace("~0", "~");
        if token == "$ref" {
            let target = node.get("$ref")?.as_str()?.strip_prefix('#')?;
            node = root.pointer(target)?;
            continue;
        }
        node = match node {
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => node.get(&token)?,
        };
    }
    Some(node)
}

fn last_token(pointer: &str) -> String {
    pointer.rsplit('/').next().unwrap_or_default().replace("~1", "/").replace("~0", "~")
}

fn article(type_name: &str) -> String {
    match type_name {
        "array" => "a list".into(),
        "object" => "a mapping".into(),
        "integer" => "an integer".into(),
        "null" => "nothing".into(),
        other => format!("a {other}"),
    }
}

/// How a value reads in a message: strings in backticks, short others as
/// their YAML-ish text, collections by kind.
fn describe_value(value: &Value) -> String {
    match value {
        Value::String(s) if s.chars().count() > 60 => {
            format!("`{}…`", s.chars().take(60).collect::<String>())
        }
        Value::String(s) => format!("`{s}`"),
        Value::Null => "nothing".into(),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
        other => format!("`{other}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// `is_id` agrees with the schemas' own pattern, as jsonschema runs it.
        #[test]
        fn is_id_agrees_with_the_id_pattern(text in "[a-zA-Z0-9_./\\-\u{435}]{0,66}") {
            let pattern = jsonschema::validator_for(&serde_json::json!({ "pattern": ID_PATTERN }));
            let pattern = pattern.map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            proptest::prop_assert_eq!(is_id(&text), pattern.is_valid(&Value::String(text.clone())));
        }
    }

    proptest::proptest! {
        /// `is_cycle_id` agrees with the schemas' cycle id pattern.
        #[test]
        fn is_cycle_id_agrees_with_the_pattern(text in "[a-zA-Z0-9_. /\\-\u{435}]{0,66}") {
            let pattern = jsonschema::validator_for(&serde_json::json!({ "pattern": CYCLE_ID_PATTERN }));
            let pattern = pattern.map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            proptest::prop_assert_eq!(is_cycle_id(&text), pattern.is_valid(&Value::String(text.clone())));
        }
    }

    #[test]
    fn ids_are_lowercase_ascii_words() {
        for good in ["platform", "q4-2026", "0", &"a".repeat(64)] {
            assert!(is_id(good), "{good}");
        }
        for bad in ["", "-a", "Platform", "a/b", "..", "dеploy", "a_b", &"a".repeat(65)] {
            assert!(!is_id(bad), "{bad}");
        }
    }

    #[test]
    fn embedded_schemas_compile() {
        for kind in [SchemaKind::Okr, SchemaKind::Config] {
            assert!(compiled(kind).is_ok(), "{kind:?}");
        }
    }

    #[test]
    fn schema_at_follows_refs() {
        let schema: Value = serde_json::json!({"properties": {"a": {"$ref": "#/$defs/x"}}, "$defs": {"x": {"properties": {"k": {}}}}});
        let found = schema_at(&schema, "/properties/a/$ref/properties")
            .and_then(Value::as_object)
            .map(serde_json::Map::len);
        assert_eq!(found, Some(1));
    }
}
