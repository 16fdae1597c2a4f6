//! The OSV schema, as far as matching needs it; everything else is tolerated.

use std::io::Read;
use std::path::Path;

use serde::Deserialize;

use super::version::Scheme;
use super::{AdvisoryProblem, MAX_ADVISORY_BYTES, purl};

/// One OSV record.
#[derive(Debug, Clone, Deserialize)]
pub struct Record {
    /// `GHSA-...`, `CVE-...`, `PYSEC-...`.
    pub id: String,
    /// Other IDs of the same vulnerability.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// One line.
    #[serde(default)]
    pub summary: Option<String>,
    /// When the record was withdrawn (such records never match).
    #[serde(default)]
    pub withdrawn: Option<String>,
    /// What it affects.
    #[serde(default)]
    pub affected: Vec<Affected>,
}

/// One affected package.
#[derive(Debug, Clone, Deserialize)]
pub struct Affected {
    /// The package.
    #[serde(default)]
    pub package: Option<Package>,
    /// Version ranges.
    #[serde(default)]
    pub ranges: Vec<Range>,
    /// Affected versions, listed.
    #[serde(default)]
    pub versions: Vec<String>,
}

/// A package in an ecosystem.
#[derive(Debug, Clone, Deserialize)]
pub struct Package {
    /// `PyPI`, `npm`, `Debian:12`, `crates.io`...
    #[serde(default)]
    pub ecosystem: String,
    /// The ecosystem's name of the package.
    #[serde(default)]
    pub name: String,
    /// Its purl, when the record gives one.
    #[serde(default)]
    pub purl: Option<String>,
}

/// A version range.
#[derive(Debug, Clone, Deserialize)]
pub struct Range {
    /// `SEMVER`, `ECOSYSTEM` or `GIT`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Its events.
    #[serde(default)]
    pub events: Vec<Event>,
}

/// A range event.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// The version from which it is affected (`0`: all earlier).
    Introduced(String),
    /// The first version no longer affected.
    Fixed(String),
    /// The last affected version.
    LastAffected(String),
    /// An upper limit of the range.
    Limit(String),
}

impl Event {
    /// The event's version.
    pub fn version(&self) -> &str {
        match self {
            Event::Introduced(v) | Event::Fixed(v) | Event::LastAffected(v) | Event::Limit(v) => v,
        }
    }
}

impl Affected {
    /// The key the index files this entry under: from the purl when given, else from the
    /// ecosystem and name.
    pub fn package_key(&self) -> Option<String> {
        let package = self.package.as_ref()?;
        if let Some(parsed) = package.purl.as_deref().and_then(|p| purl::parse(p).ok()) {
            return Some(parsed.key);
        }
        if package.ecosystem.is_empty() || package.name.is_empty() {
            return None;
        }
        Some(purl::key(&package.ecosystem, &package.name))
    }

    /// The version ordering of this entry's ecosystem.
    pub fn scheme(&self) -> Scheme {
        Scheme::of_ecosystem(
            self.package
                .as_ref()
                .map(|p| p.ecosystem.as_str())
                .unwrap_or(""),
        )
    }
}

/// Reads one advisory file.
pub fn read_file(path: &Path) -> Result<Vec<Record>, AdvisoryProblem> {
    let problem = |line: u32, column: u32, message: String| AdvisoryProblem {
        path: path.to_path_buf(),
        line,
        column,
        message,
    };
    let file = crate::source::confine::open_regular(path)
        .map_err(|e| problem(0, 0, format!("cannot be read: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_ADVISORY_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| problem(0, 0, format!("cannot be read: {e}")))?;
    if bytes.len() as u64 > MAX_ADVISORY_BYTES {
        return Err(problem(
            0,
            0,
            format!(
                "is larger than {} MiB; split it into one record per file, as the OSV exports do",
                MAX_ADVISORY_BYTES / (1024 * 1024)
            ),
        ));
    }
    read_bytes(path, &bytes)
}

/// Reads the records of one advisory file's bytes (`path` names it in problems).
pub fn read_bytes(path: &Path, bytes: &[u8]) -> Result<Vec<Record>, AdvisoryProblem> {
    let problem = |line: u32, column: u32, message: String| AdvisoryProblem {
        path: path.to_path_buf(),
        line,
        column,
        message,
    };
    // Syntax first, for a precise position; then the shape, typed straight from the bytes
    // so that a wrong field is reported at its line too.
    serde_json::from_slice::<serde::de::IgnoredAny>(bytes).map_err(|e| {
        problem(
            e.line() as u32,
            e.column() as u32,
            format!("is not valid JSON: {e}"),
        )
    })?;
    let many = bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'[');
    let result = if many {
        serde_json::from_slice::<Vec<Record>>(bytes)
    } else {
        serde_json::from_slice::<Record>(bytes).map(|r| vec![r])
    };
    result.map_err(|e| {
        problem(
            e.line() as u32,
            e.column() as u32,
            format!("is not an OSV record: {e}"),
        )
    })
}
