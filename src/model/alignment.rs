//! Alignment: `aligned_to: [team/objective]` read once into
//! [`ObjectiveRef`]s, and one graph per cycle that the rules, the rollup,
//! `okr rollover` and the site all resolve references through.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

use super::{Objective, OkrFile, Workspace};

/// `team/objective`: an objective of the same cycle, as `aligned_to` names
/// it; or `strategy/<id>`, a strategic objective of okr.yaml.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct ObjectiveRef {
    pub team: String,
    pub objective: String,
}

impl TryFrom<String> for ObjectiveRef {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        match text.split_once('/') {
            Some((team, objective))
                if !team.is_empty() && !objective.is_empty() && !objective.contains('/') =>
            {
                Ok(ObjectiveRef { team: team.to_owned(), objective: objective.to_owned() })
            }
            _ => Err(format!("`{text}` is not `team/objective`")),
        }
    }
}

impl ObjectiveRef {
    /// The strategic objective it names (`strategy/<id>`), if it names one
    /// rather than an objective of the cycle.
    pub fn strategy(&self) -> Option<&str> {
        (self.team == crate::config::STRATEGY).then_some(self.objective.as_str())
    }
}

impl fmt::Display for ObjectiveRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.team, self.objective)
    }
}

impl Serialize for ObjectiveRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// An objective of the cycle: its file and its place there.
#[derive(Debug, Clone, Copy)]
pub struct Aligned<'w> {
    pub file: &'w OkrFile,
    /// Its index in the file's `objectives`.
    pub index: usize,
    pub objective: &'w Objective,
}

impl Aligned<'_> {
    pub fn team(&self) -> &str {
        &self.file.data.team
    }
}

/// The alignment graph of one cycle.
#[derive(Debug)]
pub struct Alignment<'w> {
    /// The cycle's objectives: its files in path order, each file's
    /// objectives in order.
    pub nodes: Vec<Aligned<'w>>,
    /// `(team, objective id)` → the first node with it.
    by_key: HashMap<(&'w str, &'w str), usize>,
    /// Per node, each `aligned_to` entry resolved, in the file's order:
    /// the node it names, `None` where it names no objective of the cycle
    /// (a strategic objective among them: those are roots, above the cycles).
    pub parents: Vec<Vec<Option<usize>>>,
    /// Per node, the nodes aligned to it, in node order (an objective
    /// aligned to itself is not its own child).
    pub children: Vec<Vec<usize>>,
}

impl<'w> Alignment<'w> {
    /// The graph of `cycle`'s objectives in `workspace`.
    pub fn of(workspace: &'w Workspace, cycle: &str) -> Self {
        let nodes: Vec<Aligned<'w>> = workspace
            .files
            .iter()
            .filter(|f| f.data.cycle == cycle)
            .flat_map(|file| {
                file.data.objectives.iter().enumerate().map(move |(index, objective)| Aligned {
                    file,
                    index,
                    objective,
                })
            })
            .collect();
        let mut by_key = HashMap::with_capacity(nodes.len());
        for (i, node) in nodes.iter().enumerate() {
            by_key.entry((node.file.data.team.as_str(), node.objective.id.as_str())).or_insert(i);
        }
        let mut children = vec![Vec::new(); nodes.len()];
        let parents: Vec<Vec<Option<usize>>> = nodes
            .iter()
            .enumerate()
            .map(|(i, node)| {
                let resolved: Vec<Option<usize>> = node
                    .objective
                    .aligned_to
                    .iter()
                    .map(|r| by_key.get(&(r.team.as_str(), r.objective.as_str())).copied())
                    .collect();
                for &p in resolved.iter().flatten() {
                    if p != i && children[p].last() != Some(&i) {
                        children[p].push(i);
                    }
                }
                resolved
            })
            .collect();
        Alignment { nodes, by_key, parents, children }
    }

    /// The node of objective `id` of `team`.
    pub fn find(&self, team: &str, id: &str) -> Option<usize> {
        self.by_key.get(&(team, id)).copied()
    }

    /// Whether some objective names node `i` in `aligned_to`.
    pub fn is_named(&self, i: usize) -> bool {
        !self.children[i].is_empty() || self.parents[i].contains(&Some(i))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use super::{Alignment, ObjectiveRef};
    use crate::load::{FileSource, ReadError};
    use crate::model::load_workspace_from;

    struct Files(BTreeMap<&'static str, &'static str>);

    impl FileSource for Files {
        fn read(&self, relative: &str) -> Result<Vec<u8>, ReadError> {
            self.0.get(relative).map(|t| t.as_bytes().to_vec()).ok_or_else(|| ReadError::Io("none".into()))
        }

        fn discover(&self, _: &[String]) -> Vec<String> {
            self.0.keys().filter(|p| **p != "okr.yaml").map(|p| (*p).to_owned()).collect()
        }
    }

    const CONFIG: &str = "organisation: A\npaths: [okrs]\ncycles:\n  - { id: q, start: 2026-10-01, end: 2026-12-31, state: active }\nteams:\n  - { id: a, name: A }\n  - { id: b, name: B, parent: a }\npeople:\n  - { id: p, name: P, team: a }\n";

    #[test]
    fn references_resolve_once_through_the_graph() {
        let files = Files(BTreeMap::from([
            ("okr.yaml", CONFIG),
            ("okrs/q/a.yaml", "cycle: q\nteam: a\nobjectives:\n  - { id: top, title: T, owner: p }\n  - { id: self, title: S, owner: p, aligned_to: [a/self] }\n"),
            ("okrs/q/b.yaml", "cycle: q\nteam: b\nobjectives:\n  - { id: one, title: O, owner: p, aligned_to: [a/top, a/gone, b/two] }\n  - { id: two, title: W, owner: p, aligned_to: [a/top] }\n"),
        ]));
        let outcome = load_workspace_from(Path::new("/"), &files);
        let Some(workspace) = outcome.ok().and_then(|o| o.workspace) else { panic!("the workspace loads") };
        let graph = Alignment::of(&workspace, "q");
        let ids: Vec<&str> = graph.nodes.iter().map(|n| n.objective.id.as_str()).collect();
        assert_eq!(ids, ["top", "self", "one", "two"], "files in path order, objectives in file order");
        assert_eq!(graph.parents[2], [Some(0), None, Some(3)], "each entry resolved, unknown ones None");
        assert_eq!(graph.children[0], [2, 3]);
        assert_eq!(graph.children[3], [2]);
        assert!(graph.children[1].is_empty(), "an objective aligned to itself is not its own child");
        assert!(graph.is_named(1) && graph.is_named(0) && !graph.is_named(2));
        assert_eq!(graph.find("b", "two"), Some(3));
        assert_eq!(graph.find("a", "gone"), None);
    }

    #[test]
    fn a_reference_is_team_slash_objective() {
        let parsed = ObjectiveRef::try_from("platform/boring-deploys".to_owned());
        assert_eq!(parsed, Ok(ObjectiveRef { team: "platform".into(), objective: "boring-deploys".into() }));
        assert_eq!(parsed.map(|r| r.to_string()).ok().as_deref(), Some("platform/boring-deploys"));
        for bad in ["platform", "/x", "x/", "a/b/c", ""] {
            assert!(ObjectiveRef::try_from(bad.to_owned()).is_err(), "{bad}");
        }
    }
}
