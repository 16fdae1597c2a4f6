//! Runs the rules, applies configured severities, then waivers.

use crate::config::Config;
use crate::diag::{Deviation, Diagnostic, Label, Severity};
use crate::graph::Graph;
use crate::model::{Artifact, Date, Kind, Relation, Span};

use super::{Check, Rule, RuleMessage, all, find};

/// What a rule may read: the artifacts, the graph, the configuration and the evaluation date.
pub struct RuleCtx<'a> {
    /// Every artifact.
    pub artifacts: &'a [Artifact],
    /// The linked graph.
    pub graph: &'a Graph,
    /// The validated configuration.
    pub config: &'a Config,
    /// The date time-based rules evaluate at.
    pub as_of: Date,
    /// Every file of the dossier, to check that referenced files exist.
    pub inventory: &'a std::collections::BTreeSet<String>,
    /// The SBOMs, as read from the files `sbom` artifacts reference.
    pub sboms: &'a [crate::parse::sbom::LoadedSbom],
    /// The version history, when the dossier was read from Git.
    pub history: Option<&'a crate::source::History>,
    /// The prior release the manifest names, and the delta from it (PRED-001).
    pub prior: Option<&'a crate::prior::PriorRelease>,
    /// The path of every source file, by file ID.
    pub paths: &'a [&'a str],
    /// Artifact files the manifest excludes (names only, never read).
    pub excluded: &'a [String],
    /// CVE IDs in the KEV catalog the manifest names (empty without one).
    pub kev: &'a std::collections::BTreeSet<String>,
    /// Advisories matched against the SBOMs' components (empty without an advisories folder).
    pub advisories: &'a [crate::advisory::AdvisoryMatch],
    /// The allowed-signers file the manifest names (empty without one).
    pub signers: &'a crate::sign::AllowedSigners,
}

impl<'a> RuleCtx<'a> {
    /// The artifact at an index.
    pub fn artifact(&self, index: usize) -> &'a Artifact {
        &self.artifacts[index]
    }

    /// Current (not superseded or obsolete) artifacts of a kind, with their indices.
    pub fn current(&self, kind: Kind) -> impl Iterator<Item = (usize, &'a Artifact)> + '_ {
        self.graph
            .of_kind(kind)
            .iter()
            .map(|&i| (i, &self.artifacts[i]))
            .filter(|(_, a)| !a.envelope.status.value.is_retired())
    }

    /// The device artifact the manifest names, if it exists and is a device.
    pub fn device(&self) -> Option<(usize, &'a crate::model::Device)> {
        let id = self.config.manifest.device.as_ref()?;
        let &index = self.graph.index.get(id.value.trim())?;
        match &self.artifacts[index].body {
            crate::model::Body::Device(device) => Some((index, device)),
            _ => None,
        }
    }

    /// Whether the dossier holds a file at a relative path.
    pub fn has_file(&self, path: &str) -> bool {
        crate::source::normalise(path).is_some_and(|normal| self.inventory.contains(&normal))
    }

    /// Whether an approved N/A justification covers a subject.
    pub fn not_applicable(&self, subject_type: crate::model::NaSubjectType, subject: &str) -> bool {
        self.current(Kind::NaJustification).any(|(_, a)| {
            matches!(&a.body, crate::model::Body::NaJustification(na)
                if na.subject_type.value == subject_type
                    && na.subject.value.trim().eq_ignore_ascii_case(subject)
                    && na.rationale.as_ref().is_some_and(|r| !r.value.trim().is_empty())
                    && a.envelope.status.value == crate::model::Status::Approved)
        })
    }

    /// What the history says about an artifact's file.
    pub fn file_history(&self, artifact: usize) -> Option<&'a crate::source::FileHistory> {
        let a = &self.artifacts[artifact];
        self.history?.artifact(a.id(), self.paths[a.file])
    }

    /// The release being submitted, from the manifest.
    pub fn release(&self) -> Option<&'a str> {
        self.config
            .manifest
            .release
            .as_ref()
            .map(|r| r.value.as_str())
    }

    /// Whether a test counts as verification: it passed, on the release being submitted.
    pub fn passing_on_release(&self, test: usize) -> bool {
        let crate::model::Body::Test(body) = &self.artifacts[test].body else {
            return false;
        };
        if !body.passed() || self.artifacts[test].envelope.status.value.is_retired() {
            return false;
        }
        match (self.release(), &body.sw_version) {
            (Some(release), Some(version)) => version.value.trim() == release.trim(),
            (None, _) => true,
            (Some(_), None) => false,
        }
    }

    /// Tests (by index) that verify an artifact directly.
    pub fn tests_of(&self, target: usize) -> impl Iterator<Item = usize> + '_ {
        self.graph.sources(target, Relation::TestVerifies)
    }

    /// Requirements of a control: its `requirements` and requirements citing it as a source.
    pub fn requirements_of_control(&self, control: usize) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .graph
            .targets(control, Relation::ControlRequirement)
            .chain(self.graph.sources(control, Relation::RequirementSource))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Collects one rule's findings, filling in its code, severity, hint and citation.
pub struct Emitter<'a> {
    rule: &'static Rule,
    severity: Severity,
    overridden: bool,
    artifacts: &'a [Artifact],
    device: Option<usize>,
    manifest_span: Span,
    out: Vec<Diagnostic>,
}

impl Emitter<'_> {
    /// Reports a finding about an artifact at a span in its file, in the words `message`
    /// declares (its help, or else the rule's fix hint).
    pub fn report(
        &mut self,
        artifact: usize,
        span: Span,
        message: impl RuleMessage,
    ) -> &mut Diagnostic {
        let a = &self.artifacts[artifact];
        let span = if span.is_known() {
            span
        } else {
            a.envelope.id.span
        };
        let diag = self.finding(
            &message,
            Some(a.id().to_string()),
            Label::new(a.file, span, ""),
        );
        self.out.push(diag);
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    /// The finding `message` words, at `primary`.
    fn finding(
        &self,
        message: &impl RuleMessage,
        artifact: Option<String>,
        primary: Label,
    ) -> Diagnostic {
        debug_assert!(
            self.rule
                .messages
                .iter()
                .any(|table| *table == message.table()),
            "{} gives a message its declaration does not list in `messages:`",
            self.rule.code
        );
        Diagnostic {
            code: self.rule.code,
            severity: self.severity,
            message: message.text(),
            artifact,
            primary: Some(primary),
            related: Vec::new(),
            help: Some(
                message
                    .help()
                    .unwrap_or_else(|| self.rule.fix_hint.to_string()),
            ),
            citation: Some(self.rule.citation),
            deviation: None,
            caused_by: None,
        }
    }

    /// Reports a finding about an artifact at a place in another file (an SBOM component in
    /// the SBOM file the `sbom` artifact references).
    pub fn report_in(
        &mut self,
        artifact: usize,
        file: usize,
        span: Span,
        message: impl RuleMessage,
    ) -> &mut Diagnostic {
        let diag = self.report(artifact, span, message);
        if span.is_known() {
            diag.primary = Some(Label::new(file, span, ""));
        }
        diag
    }

    /// Reports a finding about no artifact, at a place in a file (a problem of a file the
    /// manifest names, at its line there or at the manifest's line that names it).
    pub fn report_at(
        &mut self,
        file: usize,
        span: Span,
        message: impl RuleMessage,
    ) -> &mut Diagnostic {
        let diag = self.finding(&message, None, Label::new(file, span, ""));
        self.out.push(diag);
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    /// Reports a finding about the dossier as a whole (something missing): on the device
    /// artifact the manifest names, or on the manifest when there is none.
    pub fn report_dossier(&mut self, message: impl RuleMessage) -> &mut Diagnostic {
        if let Some(device) = self.device {
            return self.report(device, Span::default(), message);
        }
        let diag = self.finding(&message, None, Label::new(0, self.manifest_span, ""));
        self.out.push(diag);
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    /// Reports a finding about a setting of the manifest, at `span` (the manifest's device
    /// line when unknown).
    pub fn report_manifest(
        &mut self,
        span: Option<Span>,
        message: impl RuleMessage,
    ) -> &mut Diagnostic {
        let span = span.filter(|s| s.is_known()).unwrap_or(self.manifest_span);
        let diag = self.finding(&message, None, Label::new(0, span, ""));
        self.out.push(diag);
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    /// Sets the severity of the last finding, for rules whose severity depends on the case
    /// (VULN-004); a severity configured in the manifest still wins.
    pub fn at_level(&mut self, severity: Severity) {
        if !self.overridden
            && let Some(last) = self.out.last_mut()
        {
            last.severity = severity;
        }
    }
}

impl Diagnostic {
    /// Adds a related place, worded by a declared message (builder-style, on a borrowed
    /// diagnostic).
    pub fn and_related(&mut self, file: usize, span: Span, note: impl RuleMessage) -> &mut Self {
        self.related.push(Label::new(file, span, note.text()));
        self
    }
}

/// Runs every enabled graph rule (or only `only`, when given), then applies the waivers.
pub fn run(ctx: &RuleCtx, only: Option<&[&str]>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in all() {
        if only.is_some_and(|codes| !codes.contains(&rule.code)) {
            continue;
        }
        if !rule.applies_to(ctx.config.profile) {
            continue;
        }
        let Check::Graph(check) = rule.check else {
            continue;
        };
        let Some(severity) = ctx.config.severity_of(rule.code, rule.severity) else {
            continue;
        };
        let mut emitter = Emitter {
            rule,
            severity,
            overridden: ctx.config.overrides.contains_key(rule.code),
            artifacts: ctx.artifacts,
            device: ctx.device().map(|(i, _)| i),
            manifest_span: ctx
                .config
                .manifest
                .device
                .as_ref()
                .map(|d| d.span)
                .unwrap_or_default(),
            out: Vec::new(),
        };
        check(ctx, &mut emitter);
        out.extend(emitter.out);
    }
    out
}

/// Applies the manifest's waivers to `diagnostics`: a live waiver turns each finding it
/// matches into a recorded deviation; an expired one (WAIVER-002) or one that matches
/// nothing (WAIVER-001) is itself a finding.
pub fn apply_waivers(config: &Config, as_of: Date, diagnostics: &mut Vec<Diagnostic>) {
    let unmatched = find("WAIVER-001").expect("WAIVER-001 is registered");
    let expired_rule = find("WAIVER-002").expect("WAIVER-002 is registered");
    let mut extra = Vec::new();
    for waiver in &config.manifest.waivers {
        let Some(rule) = find(&waiver.rule.value) else {
            continue; // reported by the configuration check
        };
        let expired = waiver.expires.as_ref().is_some_and(|e| e.value < as_of);
        let mut matched = 0;
        for diag in diagnostics.iter_mut() {
            if diag.code == rule.code
                && diag.artifact.as_deref() == Some(waiver.artifact.value.as_str())
            {
                matched += 1;
                if !expired {
                    diag.deviation = Some(Deviation {
                        justification: waiver.justification.value.clone(),
                        approved_by: waiver.approved_by.value.clone(),
                        date: waiver.date.value.to_string(),
                        expires: waiver.expires.as_ref().map(|e| e.value.to_string()),
                    });
                }
            }
        }
        if expired {
            if let (Some(severity), Some(expires)) = (
                config.severity_of(expired_rule.code, expired_rule.severity),
                &waiver.expires,
            ) {
                extra.push(stage_finding(
                    expired_rule,
                    severity,
                    expires.span,
                    super::input::WaiverExpired::Expired {
                        rule: rule.code.into(),
                        artifact: waiver.artifact.value.clone(),
                        expires: expires.value.to_string(),
                    },
                    &waiver.artifact.value,
                ));
            }
        } else if matched == 0
            && let Some(severity) = config.severity_of(unmatched.code, unmatched.severity)
        {
            extra.push(stage_finding(
                unmatched,
                severity,
                waiver.artifact.span,
                super::input::WaiverUnmatched::Unmatched {
                    rule: rule.code.into(),
                    artifact: waiver.artifact.value.clone(),
                },
                &waiver.artifact.value,
            ));
        }
    }
    diagnostics.extend(extra);
}

fn stage_finding(
    rule: &'static Rule,
    severity: Severity,
    span: Span,
    message: impl RuleMessage,
    artifact: &str,
) -> Diagnostic {
    debug_assert!(rule.messages.iter().any(|table| *table == message.table()));
    Diagnostic {
        code: rule.code,
        severity,
        message: message.text(),
        artifact: Some(artifact.to_string()),
        primary: Some(Label::new(0, span, "")),
        related: Vec::new(),
        help: Some(message.help().unwrap_or_else(|| rule.fix_hint.to_string())),
        citation: Some(rule.citation),
        deviation: None,
        caused_by: None,
    }
}

impl<'a> RuleCtx<'a> {
    /// The security risk management plan that scores a risk: its `method_ref` when that is a
    /// security risk management plan, else the first current one in the dossier.
    pub fn scoring_plan(&self, risk: usize) -> Option<(usize, &'a crate::model::Plan)> {
        use crate::model::{Body, PlanType};
        let as_srmp = |i: usize| match &self.artifacts[i].body {
            Body::Plan(p) if p.plan_type.value == PlanType::SecurityRiskManagement => Some((i, p)),
            _ => None,
        };
        self.graph
            .targets(risk, Relation::RiskMethod)
            .find_map(as_srmp)
            .or_else(|| self.current(Kind::Plan).find_map(|(i, _)| as_srmp(i)))
    }

    /// Controls of a risk: its `controls` and controls that name it in `mitigates`.
    pub fn controls_of_risk(&self, risk: usize) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .graph
            .targets(risk, Relation::RiskControl)
            .chain(self.graph.sources(risk, Relation::ControlMitigates))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

impl<'a> RuleCtx<'a> {
    /// A test's body, if the artifact is a test.
    pub fn test(&self, index: usize) -> Option<&'a crate::model::Test> {
        match &self.artifacts[index].body {
            crate::model::Body::Test(t) => Some(t),
            _ => None,
        }
    }

    /// Whether a passing test of a type verifies an artifact.
    pub fn passing_test_of_type(&self, target: usize, test_type: crate::model::TestType) -> bool {
        self.tests_of(target).any(|t| {
            self.test(t).is_some_and(|b| b.test_type.value == test_type)
                && self.passing_on_release(t)
        })
    }
}

impl<'a> RuleCtx<'a> {
    /// Current architecture views of a type, with their indices.
    pub fn views(
        &self,
        view_type: crate::model::ViewType,
    ) -> Vec<(usize, &'a crate::model::ArchitectureView)> {
        self.current(Kind::ArchitectureView)
            .filter_map(|(i, a)| match &a.body {
                crate::model::Body::ArchitectureView(v) if v.view_type.value == view_type => {
                    Some((i, v))
                }
                _ => None,
            })
            .collect()
    }

    /// Whether an interface is used and crosses the device boundary.
    pub fn is_used_external(&self, interface: usize) -> bool {
        matches!(&self.artifacts[interface].body, crate::model::Body::Interface(f)
            if f.in_use.as_ref().is_none_or(|u| u.value) && f.external.as_ref().is_some_and(|e| e.value))
    }
}
