//! The PDF's gap report: the open findings grouped by rule, with each rule's count, and each
//! rule's findings listed up to a limit.
//!
//! A dossier imported from spreadsheets starts with thousands of open findings. Nobody reads
//! 2,000 pages of them in a PDF, and laying them out took most of such a build's time and
//! memory; the site's gap report and `dossier.json` list every finding, so the PDF lists the
//! first few of each rule, says how many more there are and where they are. A dossier with
//! few findings is unaffected: below the limit every finding is listed.

use serde::Serialize;
use serde_json::Value;

/// How many findings of one rule the PDF lists when the manifest does not say
/// (`document.findings_per_rule`).
pub const DEFAULT_PER_RULE: usize = 25;

fn severity_rank(severity: &str) -> u8 {
    match severity {
        "error" => 0,
        "warning" => 1,
        _ => 2,
    }
}

/// The gap report as the template reads it (`data.gap_report`): a typed context, so the
/// template's contract is this struct.
#[derive(Debug, Serialize)]
pub struct GapReport {
    /// How many findings of each rule are listed.
    pub per_rule: usize,
    /// Open (not waived) findings in all.
    pub open: usize,
    /// How many of them are listed.
    pub listed: usize,
    /// The rules with open findings: errors first, then by code.
    pub rules: Vec<RuleGaps>,
    /// The waived findings, as the finding view writes them (each with its deviation).
    pub waived: Vec<Value>,
}

/// One rule's open findings.
#[derive(Debug, Serialize)]
pub struct RuleGaps {
    /// Its code.
    pub code: String,
    /// Its name, when the code is a rule's.
    pub name: Option<&'static str>,
    /// Its severity, as the findings have it (an override may have changed the rule's).
    pub severity: Value,
    /// The clauses it cites.
    pub citation: Value,
    /// What to do, in the rule's words.
    pub fix: Option<String>,
    /// How many are open.
    pub count: usize,
    /// How many are not listed.
    pub more: usize,
    /// The first `per_rule`, in the view's order.
    pub findings: Vec<Listed>,
}

/// One listed finding: what and where.
#[derive(Debug, Serialize)]
pub struct Listed {
    /// What is wrong.
    pub message: Value,
    /// The artifact it is about.
    pub artifact: Value,
    /// File and line, when known.
    pub location: Option<Where>,
}

/// A finding's file and line.
#[derive(Debug, Serialize)]
pub struct Where {
    /// The file, relative to the dossier.
    pub file: Value,
    /// Its line.
    pub line: Value,
}

/// The gap report of the typeset model, from the findings of the one finding view (as JSON,
/// as the model carries them). Rules are ordered by severity, then code; each rule's
/// findings keep the view's order (root causes first, then by file and line).
pub fn report(findings: &[Value], per_rule: usize) -> GapReport {
    // Group by code in one pass, in a map keyed by (severity rank, code): n log n in the
    // number of findings.
    let mut groups: std::collections::BTreeMap<(u8, &str), Vec<&Value>> = Default::default();
    let mut waived = Vec::new();
    for finding in findings {
        if !finding["deviation"].is_null() {
            waived.push(finding.clone());
            continue;
        }
        let code = finding["code"].as_str().unwrap_or_default();
        let severity = finding["severity"].as_str().unwrap_or_default();
        groups
            .entry((severity_rank(severity), code))
            .or_default()
            .push(finding);
    }
    let mut open = 0;
    let mut listed = 0;
    let rules: Vec<RuleGaps> = groups
        .into_iter()
        .map(|((_, code), list)| {
            open += list.len();
            let shown: Vec<Listed> = list
                .iter()
                .take(per_rule)
                .map(|f| Listed {
                    message: f["message"].clone(),
                    artifact: f["artifact"].clone(),
                    location: f["location"].as_object().map(|l| Where {
                        file: l.get("file").cloned().unwrap_or_default(),
                        line: l.get("line").cloned().unwrap_or_default(),
                    }),
                })
                .collect();
            listed += shown.len();
            let first = list.first().copied().unwrap_or(&Value::Null);
            let rule = crate::rules::find(code);
            RuleGaps {
                code: code.to_string(),
                name: rule.map(|r| r.name),
                severity: first["severity"].clone(),
                citation: first["citation"].clone(),
                fix: rule
                    .map(|r| r.fix_hint.to_string())
                    .or_else(|| first["help"].as_str().map(str::to_string)),
                count: list.len(),
                more: list.len() - shown.len(),
                findings: shown,
            }
        })
        .collect();
    GapReport {
        per_rule,
        open,
        listed,
        rules,
        waived,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn finding(code: &str, severity: &str, n: usize) -> Value {
        json!({
            "code": code, "severity": severity, "message": format!("{code} number {n}"),
            "artifact": format!("THR-{n}"), "help": "Fix it", "citation": "PMC",
            "location": {"file": "a.yaml", "line": n, "column": 1}, "deviation": null,
        })
    }

    #[test]
    fn findings_are_grouped_by_rule_and_bounded() {
        let mut findings: Vec<Value> = (0..40).map(|n| finding("RISK-001", "error", n)).collect();
        findings.extend((0..3).map(|n| finding("TM-003", "warning", n)));
        findings.extend((0..2).map(|n| finding("DOC-001", "error", n)));
        let mut waived = finding("RISK-001", "error", 99);
        waived["deviation"] = json!({"justification": "legacy"});
        findings.push(waived);
        let report = serde_json::to_value(report(&findings, 25)).expect("JSON");
        assert_eq!(report["open"], 45);
        assert_eq!(report["listed"], 25 + 3 + 2);
        let codes: Vec<&str> = report["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .map(|r| r["code"].as_str().expect("code"))
            .collect();
        // Errors before warnings, then by code.
        assert_eq!(codes, ["DOC-001", "RISK-001", "TM-003"]);
        let risk = &report["rules"][1];
        assert_eq!(risk["count"], 40);
        assert_eq!(risk["more"], 15);
        assert_eq!(risk["findings"].as_array().map(Vec::len), Some(25));
        assert_eq!(risk["findings"][0]["message"], "RISK-001 number 0");
        assert_eq!(risk["name"], "unassessed-threat");
        assert_eq!(report["waived"].as_array().map(Vec::len), Some(1));
    }

    #[test]
    fn few_findings_are_all_listed_and_zero_lists_only_counts() {
        let findings: Vec<Value> = (0..3).map(|n| finding("RISK-001", "error", n)).collect();
        let all = serde_json::to_value(report(&findings, DEFAULT_PER_RULE)).expect("JSON");
        assert_eq!(all["rules"][0]["more"], 0);
        assert_eq!(all["listed"], 3);
        let counts = serde_json::to_value(report(&findings, 0)).expect("JSON");
        assert_eq!(counts["rules"][0]["count"], 3);
        assert_eq!(counts["rules"][0]["more"], 3);
        assert_eq!(counts["listed"], 0);
    }
}
