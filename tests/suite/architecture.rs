//! The module graph has no circle: at every level, a module's siblings are either above it or
//! below it, never both (issue "One pass, rendered many ways": arrows point down).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::root;

/// Module path of a source file (`render::site::pages` for src/render/site/pages.rs).
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file
        .strip_prefix(src)
        .expect("inside src")
        .with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The module paths a file's code (tests and comments left out) refers to.
fn references(text: &str, module: &[String], is_mod_file: bool) -> BTreeSet<Vec<String>> {
    let code: String = text
        .split("#[cfg(test)]")
        .next()
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    // `super` of a file is its parent module; of a mod.rs, the module's parent.
    let parent: Vec<String> = if is_mod_file || !module.is_empty() {
        module[..module.len().saturating_sub(1)].to_vec()
    } else {
        Vec::new()
    };
    let mut out = BTreeSet::new();
    for (prefix, base) in [("crate::", Vec::new()), ("super::", parent)] {
        let mut rest = code.as_str();
        while let Some(at) = rest.find(prefix) {
            let before = rest[..at].chars().last();
            rest = &rest[at + prefix.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let mut path = Vec::new();
            let mut tail = rest;
            loop {
                let name: String = tail
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                if name.is_empty() {
                    break;
                }
                path.push(name.clone());
                tail = &tail[name.len()..];
                match tail.strip_prefix("::") {
                    Some(t) => tail = t,
                    None => break,
                }
            }
            // `use crate::{a, b::c}`: each item of the group.
            let group: Vec<Vec<String>> = match tail.strip_prefix('{') {
                Some(t) => t
                    .split('}')
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .map(|item| {
                        item.trim()
                            .split("::")
                            .map(|p| p.trim().to_string())
                            .take_while(|p| {
                                p.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                                    && !p.is_empty()
                            })
                            .collect()
                    })
                    .collect(),
                None => vec![Vec::new()],
            };
            for item in group {
                let mut full = base.clone();
                full.extend(path.iter().cloned());
                full.extend(item);
                out.insert(full);
            }
        }
    }
    out
}

#[test]
fn the_module_graph_has_no_circle() {
    let src = root().join("src");
    let mut modules: BTreeMap<Vec<String>, String> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if path.extension().is_none_or(|e| e != "rs")
            || (path.parent() == Some(src.as_path()) && (name == "lib.rs" || name == "main.rs"))
        {
            continue;
        }
        modules.insert(
            module_of(&src, path),
            std::fs::read_to_string(path).expect("source"),
        );
    }
    // Edges between siblings: the longest known module a reference names, cut to the
    // level of the module that makes it.
    let mut edges: BTreeSet<(Vec<String>, Vec<String>)> = BTreeSet::new();
    for (module, text) in &modules {
        let is_mod = modules
            .keys()
            .any(|m| m.len() > module.len() && m.starts_with(module));
        for reference in references(text, module, is_mod) {
            let Some(target) = (1..=reference.len())
                .rev()
                .map(|k| reference[..k].to_vec())
                .find(|m| modules.contains_key(m))
            else {
                continue;
            };
            // Compare at each depth where the two share a parent.
            let shared = module
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            if shared < module.len() && shared < target.len() {
                edges.insert((module[..=shared].to_vec(), target[..=shared].to_vec()));
            }
        }
    }
    let mut graph = petgraph::graph::DiGraph::<Vec<String>, ()>::new();
    let mut index = BTreeMap::new();
    for (a, b) in &edges {
        for m in [a, b] {
            if !index.contains_key(m) {
                index.insert(m.clone(), graph.add_node(m.clone()));
            }
        }
        graph.add_edge(index[a], index[b], ());
    }
    assert!(
        edges.len() > 40,
        "the scan found the module references ({})",
        edges.len()
    );
    let circles: Vec<Vec<String>> = petgraph::algo::tarjan_scc(&graph)
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|c| {
            let mut names: Vec<String> = c.iter().map(|n| graph[*n].join("::")).collect();
            names.sort();
            names
        })
        .collect();
    assert!(
        circles.is_empty(),
        "modules that call each other: {circles:?}"
    );
}
