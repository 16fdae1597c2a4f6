//! The list of every rule, in catalogue order (`rules.md` §2), then the input checks.

use super::{
    Rule, anom, arch, chg, ctrl, date, doc, input, lbl, met, plan, pred, relsys, req, risk, safe,
    sbom, sbom_eos, scope, sign, testing, tm, trace, vuln,
};

static RULES: &[&Rule] = &[
    &scope::SCOPE_001,
    &scope::SCOPE_002,
    &doc::DOC_001,
    &doc::DOC_002,
    &sign::SIGN_001,
    &tm::TM_001,
    &tm::TM_002,
    &tm::TM_003,
    &risk::RISK_001,
    &risk::RISK_002,
    &risk::RISK_003,
    &risk::RISK_004,
    &risk::RISK_005,
    &risk::RISK_006,
    &safe::SAFE_001,
    &safe::SAFE_002,
    &ctrl::CTRL_001,
    &ctrl::CTRL_002,
    &ctrl::CTRL_003,
    &req::REQ_001,
    &trace::TRACE_001,
    &trace::TRACE_002,
    &trace::TRACE_003,
    &testing::TEST_001,
    &testing::TEST_002,
    &testing::TEST_003,
    &testing::TEST_004,
    &testing::TEST_005,
    &testing::TEST_006,
    &testing::TEST_007,
    &sbom::SBOM_001,
    &sbom::SBOM_002,
    &sbom::SBOM_003,
    &sbom::SBOM_004,
    &sbom::SBOM_005,
    &sbom::SBOM_006,
    &sbom_eos::SBOM_EOS_001,
    &sbom_eos::SBOM_EOS_002,
    &sbom_eos::SBOM_EOS_003,
    &vuln::VULN_001,
    &vuln::VULN_002,
    &vuln::VULN_003,
    &vuln::VULN_004,
    &vuln::VULN_005,
    &vuln::VEX_001,
    &vuln::VEX_002,
    &anom::ANOM_001,
    &anom::ANOM_002,
    &arch::ARCH_001,
    &arch::ARCH_002,
    &arch::ARCH_003,
    &arch::ARCH_004,
    &arch::ARCH_005,
    &relsys::RELSYS_001,
    &lbl::LBL_001,
    &lbl::LBL_002,
    &plan::PLAN_001,
    &plan::PLAN_002,
    &plan::PLAN_003,
    &plan::PLAN_004,
    &plan::PLAN_005,
    &chg::CHG_001,
    &chg::CHG_002,
    &chg::CHG_003,
    &pred::PRED_001,
    &date::DATE_001,
    &met::MET_001,
    &input::PARSE_001,
    &input::PARSE_002,
    &input::CONFIG_001,
    &input::ADVISORY_001,
    &input::WAIVER_001,
    &input::WAIVER_002,
];

/// Every rule, in catalogue order.
pub fn all() -> &'static [&'static Rule] {
    RULES
}

/// The rule with a code (case-insensitive).
pub fn find(code: &str) -> Option<&'static Rule> {
    let code = code.trim();
    RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Codes are unique and follow FAMILY-NNN.
    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for rule in all() {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            let (family, number) = rule.code.rsplit_once('-').expect("code has a dash");
            assert!(
                family.chars().all(|c| c.is_ascii_uppercase() || c == '-'),
                "{}",
                rule.code
            );
            assert!(
                number.len() == 3 && number.chars().all(|c| c.is_ascii_digit()),
                "{}",
                rule.code
            );
        }
    }

    // Each rule file sits in the folder of its family.
    #[test]
    fn rules_live_in_their_family_folder() {
        for rule in all() {
            let expected = rule.code.to_lowercase().replace('-', "_");
            assert!(
                rule.file.ends_with(&format!("{expected}.rs")),
                "{} is declared in {}",
                rule.code,
                rule.file
            );
        }
    }

    // Every explanation has the fixed headings, in order.
    #[test]
    fn explanations_have_all_headings() {
        let headings = [
            "## What it checks",
            "## Why it matters",
            "## Example",
            "## How to fix",
            "## References",
        ];
        for rule in all() {
            let text = rule.explanation_text();
            let mut last = 0;
            for heading in headings {
                let pos = text
                    .find(heading)
                    .unwrap_or_else(|| panic!("{} lacks {heading}", rule.code));
                assert!(pos >= last, "{}: {heading} out of order", rule.code);
                last = pos;
            }
            assert!(!rule.summary().is_empty(), "{} has no summary", rule.code);
        }
    }

    // The full list of codes, so any addition or rename shows up in review.
    #[test]
    fn code_list_snapshot() {
        let codes: Vec<&str> = all().iter().map(|r| r.code).collect();
        assert_eq!(
            codes.join(" "),
            "SCOPE-001 SCOPE-002 DOC-001 DOC-002 SIGN-001 TM-001 TM-002 TM-003 RISK-001 RISK-002 RISK-003 RISK-004 RISK-005 RISK-006 SAFE-001 SAFE-002 CTRL-001 CTRL-002 CTRL-003 REQ-001 TRACE-001 TRACE-002 TRACE-003 TEST-001 TEST-002 TEST-003 TEST-004 TEST-005 TEST-006 TEST-007 SBOM-001 SBOM-002 SBOM-003 SBOM-004 SBOM-005 SBOM-006 SBOM-EOS-001 SBOM-EOS-002 SBOM-EOS-003 VULN-001 VULN-002 VULN-003 VULN-004 VULN-005 VEX-001 VEX-002 ANOM-001 ANOM-002 ARCH-001 ARCH-002 ARCH-003 ARCH-004 ARCH-005 RELSYS-001 LBL-001 LBL-002 PLAN-001 PLAN-002 PLAN-003 PLAN-004 PLAN-005 CHG-001 CHG-002 CHG-003 PRED-001 DATE-001 MET-001 PARSE-001 PARSE-002 CONFIG-001 ADVISORY-001 WAIVER-001 WAIVER-002"
        );
    }
}
