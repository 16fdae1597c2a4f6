//! Reports for CI: SARIF 2.1.0 for code-scanning tools and JUnit XML for test dashboards.
//!
//! These sit after the check stage because they describe the rule catalogue as well as the
//! findings (SARIF lists every rule with its help; JUnit has one test case per rule).

mod junit;
mod sarif;

pub use junit::junit;
pub use sarif::sarif;

use std::path::Path;

use crate::Checked;
use crate::diag;
use crate::rules::{self, Check, Rule};

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Annotated source snippets, for people.
    Human,
    /// One line per finding, `path:line:col: severity[RULE]: message`.
    Short,
    /// Machine-readable JSON.
    Json,
    /// SARIF 2.1.0, for code-scanning tools (GitHub shows findings inline).
    Sarif,
    /// JUnit XML, one test case per rule.
    Junit,
}

/// Renders a checked dossier in a format; `dossier_dir` locates the repository root for
/// SARIF's repository-relative paths.
pub fn render(format: Format, checked: &Checked, dossier_dir: &Path, color: bool) -> String {
    let (sources, diags, artifacts) = (
        &checked.sources,
        &checked.diagnostics,
        checked.artifacts.len(),
    );
    match format {
        Format::Human => diag::human(sources, diags, artifacts, color),
        Format::Short => diag::short(sources, diags),
        Format::Json => {
            let mut value = diag::json_value(sources, diags, artifacts);
            value["profile"] = serde_json::json!(checked.config.profile.as_str());
            value["overrides"] = overrides(checked);
            value["provenance"] =
                serde_json::to_value(&checked.sources.provenance).unwrap_or_default();
            let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
            text.push('\n');
            text
        }
        Format::Sarif => sarif(checked, &repository_prefix(dossier_dir)),
        Format::Junit => junit(checked),
    }
}

/// The manifest's severity overrides, as recorded deviations from the catalogue.
pub fn overrides(checked: &Checked) -> serde_json::Value {
    let list: Vec<serde_json::Value> = checked
        .config
        .overrides
        .iter()
        .map(|(code, o)| {
            serde_json::json!({
                "rule": code,
                "severity": o.severity.map(|s| s.as_str()).unwrap_or("off"),
                "justification": o.justification,
                "approved_by": o.approved_by,
            })
        })
        .collect();
    serde_json::json!(list)
}

/// The rules that ran for this check: applicable to the profile and not switched off.
pub fn rules_run(checked: &Checked) -> Vec<&'static Rule> {
    rules::all()
        .iter()
        .copied()
        .filter(|r| r.applies_to(checked.config.profile))
        .filter(|r| {
            matches!(r.check, Check::Stage)
                || checked.config.severity_of(r.code, r.severity).is_some()
        })
        .collect()
}

/// The dossier folder's path relative to the root of the Git repository that holds it (with a
/// trailing `/`), so that locations are repository-relative; empty outside a repository.
pub fn repository_prefix(dossier: &Path) -> String {
    let Ok(dir) = dossier.canonicalize() else {
        return String::new();
    };
    let mut probe = dir.as_path();
    loop {
        if probe.join(".git").exists() {
            let rel = dir.strip_prefix(probe).unwrap_or(Path::new(""));
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            return if parts.is_empty() {
                String::new()
            } else {
                format!("{}/", parts.join("/"))
            };
        }
        match probe.parent() {
            Some(parent) => probe = parent,
            None => return String::new(),
        }
    }
}
