//! Offline advisory matching: the SBOMs' components against a local directory of OSV records.
//!
//! A team downloads the OSV database's per-ecosystem exports (or keeps its own records in the
//! OSV format) and points `--advisories DIR` (or `parameters.advisories`) at them; dossier
//! matches every component with a purl and a version, without a network. Records are indexed
//! by package (ecosystem and normalised name), so each component looks only at the records of
//! its own package: never all pairs.

pub mod osv;
// Package URLs are read by the SBOM readers too: they live on a lower floor.
pub use crate::purl;
pub mod stage;
pub mod version;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use osv::{Affected, Event, Range, Record};
use version::Scheme;

/// Code of problems with the advisory input (files, ranges, purls).
pub const ADVISORY_CODE: &str = "ADVISORY-001";

/// Largest advisory file read (the OSV exports hold one record per file).
pub const MAX_ADVISORY_BYTES: u64 = 32 * 1024 * 1024;

/// A problem with an advisory file: which file, where, what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdvisoryProblem {
    /// The file.
    pub path: PathBuf,
    /// 1-based line and column, when known.
    pub line: u32,
    /// Column.
    pub column: u32,
    /// What is wrong.
    pub message: String,
}

/// Every record read, indexed by package.
#[derive(Debug, Default)]
pub struct Advisories {
    /// The records.
    pub records: Vec<Record>,
    /// Where each record came from.
    pub files: Vec<PathBuf>,
    /// Package key to (record, affected entry) pairs.
    index: HashMap<String, Vec<(u32, u32)>>,
}

/// One advisory that affects one component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdvisoryMatch {
    /// Index of the SBOM (in `Checked::sboms`).
    pub sbom: usize,
    /// Index of the component in that SBOM.
    pub component: usize,
    /// The record's ID (`GHSA-...`, `CVE-...`, `OSV-...`).
    pub id: String,
    /// Its aliases (often the CVE ID).
    pub aliases: Vec<String>,
    /// Its summary.
    pub summary: Option<String>,
    /// The first fixed version after the matched one, if the record names one.
    pub fixed: Option<String>,
}

impl AdvisoryMatch {
    /// The record's ID and aliases.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.id.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// Reads every `*.json` file under a directory (one record, or an array of records, per
/// file), in parallel. Unreadable files are reported and skipped.
pub fn load_dir(dir: &Path) -> (Advisories, Vec<AdvisoryProblem>) {
    let mut problems = Vec::new();
    if !dir.is_dir() {
        problems.push(AdvisoryProblem {
            path: dir.to_path_buf(),
            line: 0,
            column: 0,
            message: "is not a directory of OSV records".to_string(),
        });
        return (Advisories::default(), problems);
    }
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| e.into_path())
        .collect();
    paths.sort();
    let read: Vec<(PathBuf, Result<Vec<Record>, AdvisoryProblem>)> = paths
        .into_par_iter()
        .map(|path| {
            let result = osv::read_file(&path);
            (path, result)
        })
        .collect();
    let mut advisories = Advisories::default();
    for (path, result) in read {
        match result {
            Ok(records) => {
                for record in records {
                    advisories.records.push(record);
                    advisories.files.push(path.clone());
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    for (r, record) in advisories.records.iter().enumerate() {
        if record.withdrawn.is_some() {
            continue;
        }
        for (a, affected) in record.affected.iter().enumerate() {
            if let Some(key) = affected.package_key() {
                advisories
                    .index
                    .entry(key)
                    .or_default()
                    .push((r as u32, a as u32));
            }
        }
    }
    (advisories, problems)
}

/// Whether `version` is affected according to one `affected` entry.
pub fn affects(affected: &Affected, version: &str) -> Result<Option<Option<String>>, String> {
    let scheme = affected.scheme();
    if affected.versions.iter().any(|v| v == version) {
        return Ok(Some(first_fixed(affected, version, scheme)));
    }
    for range in &affected.ranges {
        let range_scheme = match range.kind.as_str() {
            "SEMVER" => Scheme::Semver,
            "ECOSYSTEM" => scheme,
            _ => continue, // GIT ranges name commits, not versions
        };
        if !range_scheme.parses(version) {
            continue;
        }
        if range_affects(range, version, range_scheme)? {
            return Ok(Some(first_fixed(affected, version, scheme)));
        }
    }
    Ok(None)
}

/// OSV's evaluation of one range: walk the events in version order; `introduced` opens,
/// `fixed` (inclusive) and `last_affected` (exclusive) close.
fn range_affects(range: &Range, version: &str, scheme: Scheme) -> Result<bool, String> {
    let mut events: Vec<(&str, &Event)> = Vec::new();
    for event in &range.events {
        let v = event.version();
        if v != "0" && !scheme.parses(v) {
            return Err(format!(
                "version `{v}` in a {} range does not parse",
                range.kind
            ));
        }
        events.push((v, event));
    }
    let cmp = |a: &str, b: &str| -> std::cmp::Ordering {
        match (a, b) {
            ("0", "0") => std::cmp::Ordering::Equal,
            ("0", _) => std::cmp::Ordering::Less,
            (_, "0") => std::cmp::Ordering::Greater,
            _ => scheme.compare(a, b).unwrap_or(std::cmp::Ordering::Equal),
        }
    };
    events.sort_by(|x, y| cmp(x.0, y.0));
    let mut affected = false;
    for (v, event) in events {
        let ord = cmp(version, v);
        match event {
            Event::Introduced(_) if ord != std::cmp::Ordering::Less => affected = true,
            Event::Fixed(_) if ord != std::cmp::Ordering::Less => affected = false,
            Event::LastAffected(_) if ord == std::cmp::Ordering::Greater => affected = false,
            _ => {}
        }
    }
    Ok(affected)
}

/// The lowest `fixed` version above `version`.
fn first_fixed(affected: &Affected, version: &str, scheme: Scheme) -> Option<String> {
    affected
        .ranges
        .iter()
        .flat_map(|r| r.events.iter())
        .filter_map(|e| match e {
            Event::Fixed(v) => Some(v.as_str()),
            _ => None,
        })
        .filter(|v| scheme.compare(v, version) == Some(std::cmp::Ordering::Greater))
        .min_by(|a, b| scheme.compare(a, b).unwrap_or(std::cmp::Ordering::Equal))
        .map(str::to_string)
}

/// A component that could not be matched, and why (its purl or a record's range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchProblem {
    /// Index of the SBOM.
    pub sbom: usize,
    /// Index of the component.
    pub component: usize,
    /// What is wrong.
    pub message: String,
}

impl Advisories {
    /// How many records are loaded.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether no records are loaded.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The records that affect a package at a version: `(record, first fixed version)`.
    pub fn lookup(&self, key: &str, version: &str) -> (Vec<(usize, Option<String>)>, Vec<String>) {
        let mut hits: Vec<(usize, Option<String>)> = Vec::new();
        let mut problems = Vec::new();
        for &(r, a) in self.index.get(key).into_iter().flatten() {
            let record = &self.records[r as usize];
            match affects(&record.affected[a as usize], version) {
                Ok(Some(fixed)) => {
                    if !hits.iter().any(|(x, _)| *x == r as usize) {
                        hits.push((r as usize, fixed));
                    }
                }
                Ok(None) => {}
                Err(problem) => problems.push(format!("{}: {problem}", record.id)),
            }
        }
        (hits, problems)
    }

    /// Matches every component with a purl and a version in the SBOMs.
    pub fn match_sboms(
        &self,
        sboms: &[crate::parse::sbom::LoadedSbom],
    ) -> (Vec<AdvisoryMatch>, Vec<MatchProblem>) {
        let mut matches = Vec::new();
        let mut problems = Vec::new();
        for (s, sbom) in sboms.iter().enumerate() {
            for (c, component) in sbom.components.iter().enumerate() {
                let Some(purl) = &component.purl else {
                    continue;
                };
                let parsed = match purl::parse(&purl.value) {
                    Ok(p) => p,
                    Err(err) => {
                        problems.push(MatchProblem {
                            sbom: s,
                            component: c,
                            message: format!("purl `{}` does not parse: {err}", purl.value),
                        });
                        continue;
                    }
                };
                let Some(version) = parsed
                    .version
                    .clone()
                    .or_else(|| component.version.as_ref().map(|v| v.value.clone()))
                else {
                    continue;
                };
                let (hits, range_problems) = self.lookup(&parsed.key, &version);
                for problem in range_problems {
                    problems.push(MatchProblem {
                        sbom: s,
                        component: c,
                        message: problem,
                    });
                }
                for (r, fixed) in hits {
                    let record = &self.records[r];
                    matches.push(AdvisoryMatch {
                        sbom: s,
                        component: c,
                        id: record.id.clone(),
                        aliases: record.aliases.clone(),
                        summary: record.summary.clone(),
                        fixed,
                    });
                }
            }
        }
        (matches, problems)
    }
}
