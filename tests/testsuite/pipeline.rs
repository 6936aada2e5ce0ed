//! The pipeline points one way: no module of the library imports a module
//! of a later stage (CONTRIBUTING.md, "Layout"). Read from the `crate::`
//! paths of every source file, so a new back-edge fails here.

use std::collections::BTreeMap;
use std::fs;

use crate::support::manifest_dir;

/// Each top-level module and its stage: a module may use modules of
/// earlier stages only.
const STAGES: &[(&str, u8)] = &[
    ("source", 0),
    ("inert", 0),
    ("suggest", 0),
    ("words", 0),
    ("diagnostic", 1),
    ("load", 2),
    ("schema", 3),
    ("config", 3),
    ("model", 4),
    ("rollup", 5),
    ("diff", 6),
    ("history", 7),
    ("git", 8),
    ("check", 9),
    ("write", 9),
    ("emit", 10),
    ("render", 10),
    ("edit", 10),
    ("codeowners", 10),
    ("init", 10),
    ("serve", 11),
];

#[test]
fn no_module_imports_a_later_stage() {
    let stages: BTreeMap<&str, u8> = STAGES.iter().copied().collect();
    let src = manifest_dir().join("src");
    let mut back_edges = Vec::new();
    for entry in walkdir::WalkDir::new(&src)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
    {
        let relative = entry.path().strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        let module = relative.split(['/', '.']).next().unwrap().to_owned();
        if ["main", "lib", "cli"].contains(&module.as_str()) {
            continue;
        }
        let Some(&stage) = stages.get(module.as_str()) else {
            panic!("src/{relative}: module `{module}` has no stage in STAGES; add it where it belongs");
        };
        let text = fs::read_to_string(entry.path()).unwrap();
        for (n, line) in text.lines().enumerate() {
            for (i, _) in line.match_indices("crate::") {
                let used: String =
                    line[i + 7..].chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                if let Some(&other) = stages.get(used.as_str()) {
                    if used != module && other >= stage {
                        back_edges.push(format!(
                            "src/{relative}:{}: `{module}` (stage {stage}) uses `{used}` (stage {other})",
                            n + 1
                        ));
                    }
                }
            }
        }
    }
    assert!(back_edges.is_empty(), "imports against the pipeline:\n{}", back_edges.join("\n"));
}
