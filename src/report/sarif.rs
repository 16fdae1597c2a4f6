//! SARIF 2.1.0: what GitHub code scanning and other tools read to show findings inline.

use serde_json::{Value, json};

use super::rules_run;
use crate::Checked;
use crate::diag::Severity;
use crate::diag::view::{Findings, Place};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A SARIF location of a place of the finding view.
fn location(prefix: &str, place: &Place) -> Value {
    let path = format!("{prefix}{}", place.file);
    let mut physical = json!({ "artifactLocation": { "uri": path, "uriBaseId": "%SRCROOT%" } });
    if place.line > 0 {
        physical["region"] = json!({
            "startLine": place.line,
            "startColumn": place.column,
            "endLine": place.end_line,
            "endColumn": place.end_column,
        });
    }
    let mut loc = json!({ "physicalLocation": physical });
    if !place.message.is_empty() {
        loc["message"] = json!({ "text": place.message });
    }
    loc
}

/// Renders the check as a SARIF 2.1.0 log; `prefix` makes paths repository-relative.
pub fn sarif(checked: &Checked, prefix: &str) -> String {
    let rules = rules_run(checked);
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary() },
                "fullDescription": { "text": r.summary() },
                "help": { "text": r.explanation_text(), "markdown": r.explanation_text() },
                "defaultConfiguration": { "level": level(checked.config.severity_of(r.code, r.severity).unwrap_or(r.severity)) },
                "properties": { "citation": r.citation, "fixHint": r.fix_hint, "tags": ["medical-device", "cybersecurity", r.family()] },
            })
        })
        .collect();
    // The findings as every output sees them (diag::view).
    let view = Findings::of(
        &checked.sources,
        &checked.diagnostics,
        checked.artifacts.len(),
    );
    let results: Vec<Value> = view
        .findings
        .iter()
        .map(|d| {
            let mut text = d.message.to_string();
            if let Some(help) = d.help {
                text.push_str(&format!(". Fix: {help}"));
            }
            if let Some(citation) = d.citation {
                text.push_str(&format!(" ({citation})"));
            }
            let mut result = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": { "text": text },
                "locations": d.location.iter().map(|l| location(prefix, l)).collect::<Vec<_>>(),
            });
            if let Some(index) = rules.iter().position(|r| r.code == d.code) {
                result["ruleIndex"] = json!(index);
            }
            let mut related: Vec<serde_json::Value> =
                d.related.iter().map(|l| location(prefix, l)).collect();
            // The root cause, as a related place that says so.
            if let Some(cause) = &d.caused_by {
                let mut loc = location(prefix, &cause.at);
                loc["message"] = json!({ "text": format!("the cause: {}", cause.code) });
                related.push(loc);
            }
            if !related.is_empty() {
                for (i, loc) in related.iter_mut().enumerate() {
                    loc["id"] = json!(i);
                }
                result["relatedLocations"] = json!(related);
            }
            if let Some(artifact) = d.artifact {
                result["partialFingerprints"] = json!({ "dossierFinding/v1": format!("{}:{}:{}", d.code, artifact, d.message) });
            }
            if let Some(dev) = d.deviation {
                result["suppressions"] = json!([{
                    "kind": "external",
                    "status": "accepted",
                    "justification": format!("{} (approved by {} on {})", dev.justification, dev.approved_by, dev.date),
                }]);
            }
            result
        })
        .collect();
    let mut run_extra = serde_json::Map::new();
    if let Some(commit) = &checked.sources.provenance.commit {
        // SARIF's place for "which revision was analysed"; the repository URI is not known
        // offline, so the local root stands for it.
        run_extra.insert(
            "versionControlProvenance".into(),
            json!([{ "repositoryUri": "file:///", "revisionId": commit, "mappedTo": { "uriBaseId": "%SRCROOT%" } }]),
        );
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "dossier",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            } },
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "The root of the repository holding the dossier." } } },
            "results": results,
        }],
    });
    let mut log = log;
    if let Some(run) = log["runs"][0].as_object_mut() {
        run.extend(run_extra);
    }
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}
