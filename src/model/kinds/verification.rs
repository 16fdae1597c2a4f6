//! Tests, test reports, their findings and deferred-fix plans.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::links::push_all;
use crate::model::{
    Date, Disposition, Evidence, FindingSeverity, Id, Independence, Link, Relation, Spanned,
    TestResult, TestType, artifact,
};

/// The tool a test ran with.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    /// Tool name.
    pub name: Spanned<String>,
    /// Tool version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<Spanned<String>>,
    /// Configuration or profile used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<Spanned<String>>,
}

/// A tester named in a report.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tester {
    /// Name.
    pub name: Spanned<String>,
    /// Relevant expertise or certification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expertise: Option<Spanned<String>>,
}

artifact! {
    /// A verification test and its result.
    pub struct Test / TestDoc {
        /// Test type.
        #[serde(rename = "type")]
        pub test_type: Spanned<TestType>,
        /// What it verifies (requirements, controls, threats, interfaces, vulnerabilities).
        #[serde(default)]
        pub verifies: Vec<Id>,
        /// Software version tested.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sw_version: Option<Spanned<String>>,
        /// When it was executed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub executed_on: Option<Spanned<Date>>,
        /// Who executed it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub performed_by: Option<Spanned<String>>,
        /// Independence of the tester from the developers.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub independence: Option<Spanned<Independence>>,
        /// Result.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub result: Option<Spanned<TestResult>>,
        /// Evidence files.
        #[serde(default)]
        pub evidence: Vec<Evidence>,
        /// Tool used.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub tool: Option<Tool>,
        /// The report it belongs to.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub report: Option<Id>,
        /// Rationale (for a boundary analysis: why the boundaries are where they are).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub rationale: Option<Spanned<String>>,
    }
}

impl Test {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, out: &mut Vec<Link<'a>>) {
        push_all(out, Relation::TestVerifies, "verifies", &self.verifies);
        if let Some(report) = &self.report {
            out.push(Link::new(Relation::TestReport, "report", report));
        }
    }

    /// Whether the test passed.
    pub fn passed(&self) -> bool {
        self.result.as_ref().map(|r| r.value) == Some(TestResult::Pass)
    }
}

artifact! {
    /// A test report, including penetration-test reports.
    pub struct TestReport / TestReportDoc {
        /// Tests it reports.
        #[serde(default)]
        pub tests: Vec<Id>,
        /// Scope.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub scope: Option<Spanned<String>>,
        /// First day of testing.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub start_date: Option<Spanned<Date>>,
        /// Last day of testing.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub end_date: Option<Spanned<Date>>,
        /// Methods used.
        #[serde(default)]
        pub methods: Vec<Spanned<String>>,
        /// Testers and their expertise.
        #[serde(default)]
        pub testers: Vec<Tester>,
        /// Testing organization.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub organization: Option<Spanned<String>>,
        /// Independence of the testers.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub independence: Option<Spanned<Independence>>,
        /// Statement of independence.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub independence_statement: Option<Spanned<String>>,
        /// Findings.
        #[serde(default)]
        pub findings: Vec<Id>,
        /// Path of the original (third-party) report inside the dossier.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub original_report: Option<Evidence>,
    }
}

impl TestReport {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, out: &mut Vec<Link<'a>>) {
        push_all(out, Relation::ReportTest, "tests", &self.tests);
        push_all(out, Relation::ReportFinding, "findings", &self.findings);
    }
}

artifact! {
    /// A finding from testing, with its disposition.
    pub struct Finding / FindingDoc {
        /// Where it came from (test, tool, report).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub source: Option<Spanned<String>>,
        /// Severity.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub severity: Option<Spanned<FindingSeverity>>,
        /// What was done about it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub disposition: Option<Spanned<Disposition>>,
        /// Why that disposition is acceptable.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub rationale: Option<Spanned<String>>,
        /// CWE IDs.
        #[serde(default)]
        pub cwe: Vec<Spanned<String>>,
        /// Version that fixes it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub fixed_in: Option<Spanned<String>>,
        /// The plan for a deferred fix.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub deferred_plan: Option<Id>,
        /// Vulnerabilities, anomalies or risks it relates to.
        #[serde(default)]
        pub related: Vec<Id>,
    }
}

impl Finding {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, out: &mut Vec<Link<'a>>) {
        push_all(out, Relation::FindingRelated, "related", &self.related);
        if let Some(plan) = &self.deferred_plan {
            out.push(Link::new(
                Relation::FindingDeferredPlan,
                "deferred_plan",
                plan,
            ));
        }
    }
}

artifact! {
    /// The plan for fixes deferred to a later release (PMC §V.C).
    pub struct DeferredPlan / DeferredPlanDoc {
        /// Vulnerabilities or findings it covers.
        #[serde(default)]
        pub covers: Vec<Id>,
        /// Target release.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub target_release: Option<Spanned<String>>,
        /// Target date.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub target_date: Option<Spanned<Date>>,
        /// Whether devices distributed in the meantime receive the fix, and how.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub interim_devices_receive: Option<Spanned<String>>,
        /// How long the fix takes to reach the field.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub time_to_field: Option<Spanned<String>>,
    }
}

impl DeferredPlan {
    /// Appends the typed links of this artifact.
    pub fn links<'a>(&'a self, out: &mut Vec<Link<'a>>) {
        push_all(out, Relation::DeferredCovers, "covers", &self.covers);
    }
}
