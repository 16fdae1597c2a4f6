//! JUnit XML: one test case per rule, failing when the rule has open findings.

use super::rules_run;
use crate::Checked;
use crate::diag::view::{Finding, Findings};
use crate::rules::{Rule, all};

/// Escapes text for XML content and attributes.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Renders the check as JUnit XML, from the one finding view (`diag::view`) that every
/// output shares: one test case per rule, failed by its open findings.
pub fn junit(checked: &Checked) -> String {
    let ran = rules_run(checked);
    let view = Findings::of(
        &checked.sources,
        &checked.diagnostics,
        checked.artifacts.len(),
    );
    // Each rule's findings, grouped once (n log n), in the view's order.
    let mut by_rule: std::collections::BTreeMap<&str, Vec<&Finding>> = Default::default();
    for finding in &view.findings {
        by_rule.entry(finding.code).or_default().push(finding);
    }
    let mut cases = String::new();
    let (mut failures, mut skipped) = (0, 0);
    for rule in all() {
        let of_rule = by_rule.get(rule.code).map_or(&[][..], Vec::as_slice);
        let findings: Vec<String> = of_rule
            .iter()
            .filter(|f| f.deviation.is_none())
            .map(|f| f.short_line())
            .collect();
        cases.push_str(&format!(
            "    <testcase classname=\"dossier.{}\" name=\"{} {}\">\n",
            xml(rule.family()),
            xml(rule.code),
            xml(rule.name)
        ));
        if !ran.iter().any(|r: &&Rule| r.code == rule.code) {
            skipped += 1;
            cases.push_str("      <skipped message=\"not in this profile, or switched off in dossier.yaml\"/>\n");
        } else if !findings.is_empty() {
            failures += 1;
            let severity = checked
                .config
                .severity_of(rule.code, rule.severity)
                .unwrap_or(rule.severity);
            cases.push_str(&format!(
                "      <failure type=\"{}\" message=\"{} open finding{}\">{}\n</failure>\n",
                severity,
                findings.len(),
                if findings.len() == 1 { "" } else { "s" },
                xml(&findings.join("\n"))
            ));
        }
        let waived: Vec<String> = of_rule
            .iter()
            .filter_map(|f| {
                f.deviation.map(|dev| {
                    format!(
                        "{} (waived: {}; approved by {} on {})",
                        f.short_line(),
                        dev.justification,
                        dev.approved_by,
                        dev.date
                    )
                })
            })
            .collect();
        if !waived.is_empty() {
            cases.push_str(&format!(
                "      <system-out>{}\n</system-out>\n",
                xml(&waived.join("\n"))
            ));
        }
        cases.push_str("    </testcase>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"dossier\" tests=\"{n}\" failures=\"{failures}\" skipped=\"{skipped}\">\n  <testsuite name=\"dossier rules\" tests=\"{n}\" failures=\"{failures}\" skipped=\"{skipped}\" errors=\"0\">\n{cases}  </testsuite>\n</testsuites>\n",
        n = all().len()
    )
}
