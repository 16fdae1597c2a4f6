//! Conformity views: one standard, clause by clause, against the checked dossier.
//!
//! A view is data (each clause's number and short title, the queries over the checked model
//! that find the dossier's evidence for it, the rules that check it, its cross-references)
//! and one computation, [`compute`], that turns the data into rows the PDF and the site
//! print. Why a view rather than a rule: conformity with a process standard is a manufacturer's
//! claim a reviewer judges; the view shows, for each clause, what the dossier holds, what
//! the rules found open, and where the dossier holds nothing, so the claim can be checked.
//!
//! The standard's text is never reproduced: clause numbers and short titles only, each title
//! with the public source that confirms it, or marked unverified.

pub mod iec81001;
pub mod mdcg;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::Checked;
use crate::config::ConformityView;
use crate::diag::{Diagnostic, Severity};
use crate::model::{
    Body, ControlCategory, Kind, LabelingTopic, NaSubjectType, PlanType, Relation, TestType,
    ViewType,
};

/// How many artifacts an evidence group lists; the rest are counted (a dossier of 10,000
/// risks would otherwise print them all in one cell).
pub const ITEMS_PER_GROUP: usize = 25;

/// How many open findings a row lists; the rest are counted and left to the gap report.
pub const GAPS_PER_ROW: usize = 5;

/// A question the checked model answers with artifacts: the dossier's evidence for a clause.
#[derive(Debug, Clone, Copy)]
pub enum Query {
    /// Every current artifact of a kind.
    Kind(Kind),
    /// The manifest's device.
    Device,
    /// Plans of a type.
    Plan(PlanType),
    /// Plans of a type that map an element (`elements:` key) to a section; the section is
    /// shown beside the plan.
    PlanElement(PlanType, &'static str),
    /// Tests of these types.
    Tests(&'static [TestType]),
    /// Test reports that report a test of these types.
    ReportsOf(&'static [TestType]),
    /// N/A justifications of these test types.
    TestsNotApplicable(&'static [TestType]),
    /// Architecture views of a type.
    View(ViewType),
    /// Labeling items on these topics.
    Labeling(&'static [LabelingTopic]),
    /// Security controls of these categories.
    Controls(&'static [ControlCategory]),
    /// Vulnerability assessments that record a communication to customers.
    Communicated,
    /// Vulnerability assessments that record a released fix.
    FixReleased,
}

/// Evidence a clause looks for: what the reader sees it as, and the query that finds it.
#[derive(Debug, Clone, Copy)]
pub struct Evidence {
    /// The group's label in the table, for example "Penetration tests".
    pub label: &'static str,
    /// The query.
    pub query: Query,
}

/// Evidence a clause looks for.
pub const fn ev(label: &'static str, query: Query) -> Evidence {
    Evidence { label, query }
}

/// A public source that confirms clause titles.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Source {
    /// The key clauses name it by.
    pub key: &'static str,
    /// Who published it, and its title.
    pub name: &'static str,
    /// Where it is.
    pub url: &'static str,
}

/// One clause of a standard, as data.
#[derive(Debug, Clone, Copy)]
pub struct Clause {
    /// Its number, for example `5.7.4`.
    pub number: &'static str,
    /// Its short title (never the clause's text).
    pub title: &'static str,
    /// The sources that confirm the title (keys of the standard's `sources`); none: the
    /// title is unverified and shown so.
    pub sources: &'static [&'static str],
    /// A clause that only groups the clauses under it: its row is a heading.
    pub heading: bool,
    /// Records in the dossier that answer it.
    pub records: &'static [Evidence],
    /// Plans that describe the process it asks for, when the dossier holds no records of it
    /// (besides the secure development framework's processes that name the clause).
    pub described_by: &'static [Evidence],
    /// The rules that check it (rules whose citation names the clause are added).
    pub rules: &'static [&'static str],
    /// The MDCG 2019-16 sections it serves (see [`mdcg`]).
    pub mdcg: &'static [&'static str],
}

/// A standard as data: its clauses in order and the sources of their titles.
#[derive(Debug, Clone, Copy)]
pub struct Standard {
    /// Its short name, for example `IEC 81001-5-1:2021`.
    pub name: &'static str,
    /// Its full title (public: it is the title the standard is sold under).
    pub title: &'static str,
    /// The key rules cite it by (`81001` in `81001 5.7.1`).
    pub citation_key: &'static str,
    /// Its clauses, in the standard's order.
    pub clauses: &'static [Clause],
    /// The public sources the clause titles were checked against.
    pub sources: &'static [Source],
}

/// How well the dossier answers a clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Records in the dossier answer it, and none of its rules has an open error.
    Evidenced,
    /// A rule that checks it has an open error-level finding.
    Gaps,
    /// A plan describes the process; the dossier holds no records of it being carried out.
    Described,
    /// Nothing in the dossier answers it.
    Missing,
}

impl Status {
    /// Every status, in the order the summary lists them.
    pub const ALL: &'static [Status] = &[
        Status::Evidenced,
        Status::Gaps,
        Status::Described,
        Status::Missing,
    ];

    /// How a reader sees it.
    pub fn label(self) -> &'static str {
        match self {
            Status::Evidenced => "Evidenced",
            Status::Gaps => "Open gaps",
            Status::Described => "Process described",
            Status::Missing => "No evidence",
        }
    }
}

/// An artifact named as evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Its ID.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its kind.
    pub kind: Kind,
    /// What of it answers the clause, when not the whole artifact (a plan's section, a
    /// framework process and its procedure, a communication's reference).
    pub note: Option<String>,
    /// Its index in the checked dossier (for links).
    #[serde(skip)]
    pub index: usize,
}

/// The artifacts one query found.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// What they are, for example "Penetration tests".
    pub label: String,
    /// The first [`ITEMS_PER_GROUP`], by ID.
    pub items: Vec<Item>,
    /// How many more there are.
    pub more: usize,
    /// Whether they describe the process rather than record it being done.
    pub describes: bool,
}

/// A rule that checks a clause, and what it found in this dossier.
#[derive(Debug, Clone, Serialize)]
pub struct RuleRef {
    /// Its code.
    pub code: &'static str,
    /// Its name.
    pub name: &'static str,
    /// Its severity as configured (`None`: turned off in the manifest).
    pub severity: Option<Severity>,
    /// Whether it applies to the dossier's profile.
    pub applies: bool,
    /// Its open findings by severity.
    pub errors: usize,
    /// Open warnings.
    pub warnings: usize,
    /// Open notes.
    pub notes: usize,
    /// Its findings waived by the manifest.
    pub waived: usize,
}

/// An open finding of a clause's rules.
#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    /// The rule.
    pub code: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// The artifact it is about.
    pub artifact: Option<String>,
    /// Where: `file:line`.
    pub location: Option<String>,
}

/// One clause against the dossier.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Its number.
    pub number: &'static str,
    /// Its short title.
    pub title: &'static str,
    /// Whether a public source confirms the title.
    pub verified: bool,
    /// The sources that do.
    pub sources: &'static [&'static str],
    /// A heading row: the clauses under it answer it.
    pub heading: bool,
    /// How deep it is (`4` is 1, `4.1.5` is 3).
    pub depth: usize,
    /// Its link target in the PDF and on the page (`c-5-7-4`).
    pub anchor: String,
    /// How well the dossier answers it (`None` for a heading).
    pub status: Option<Status>,
    /// The status as a reader sees it.
    pub status_label: Option<&'static str>,
    /// What the dossier holds for it.
    pub evidence: Vec<Group>,
    /// The rules that check it.
    pub rules: Vec<RuleRef>,
    /// Their open findings (the first [`GAPS_PER_ROW`]).
    pub gaps: Vec<Gap>,
    /// How many more open findings there are.
    pub gaps_more: usize,
    /// The MDCG 2019-16 sections it serves.
    pub mdcg: &'static [&'static str],
    /// What to add, when nothing answers it.
    pub missing: Option<String>,
}

/// Rows by status.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Clauses that are not headings.
    pub clauses: usize,
    /// Per status: its key, label and count, in [`Status::ALL`] order.
    pub statuses: Vec<StatusCount>,
    /// Titles no public source confirmed.
    pub unverified: usize,
}

/// How many rows have a status.
#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    /// The status.
    pub status: Status,
    /// As a reader sees it.
    pub label: &'static str,
    /// How many rows.
    pub count: usize,
}

/// A row of the MDCG 2019-16 cross-reference.
#[derive(Debug, Clone, Serialize)]
pub struct MdcgRow {
    /// The MDCG 2019-16 section.
    pub section: &'static str,
    /// Its title.
    pub title: &'static str,
    /// The MDR provisions it is about.
    pub mdr: &'static str,
    /// Where the content goes in the technical documentation (MDR Annex II/III).
    pub technical_documentation: &'static str,
    /// The clauses of the view that serve it, with their status and anchor.
    pub clauses: Vec<ClauseRef>,
    /// Its clauses by status, in [`Status::ALL`] order (statuses with none left out).
    pub statuses: Vec<StatusCount>,
}

/// A clause, named from elsewhere in the view.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseRef {
    /// Its number.
    pub number: &'static str,
    /// Its anchor.
    pub anchor: String,
    /// Its status.
    pub status: Option<Status>,
}

/// A conformity view of one dossier: the template's and the page's contract.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// How the manifest names it (also its file names).
    pub key: &'static str,
    /// The standard's short name.
    pub standard: &'static str,
    /// The standard's full title.
    pub standard_title: &'static str,
    /// Every clause, in order.
    pub rows: Vec<Row>,
    /// Rows by status.
    pub summary: Summary,
    /// The MDCG 2019-16 technical-documentation cross-reference.
    pub mdcg: Vec<MdcgRow>,
    /// The sources of the clause titles.
    pub sources: &'static [Source],
    /// The MDCG 2019-16 document the cross-reference follows.
    pub mdcg_source: Source,
}

/// The standard a view shows.
pub fn standard(view: ConformityView) -> &'static Standard {
    match view {
        ConformityView::Iec81001_5_1 => &iec81001::STANDARD,
    }
}

/// The anchor of a clause: `5.7.4` to `c-5-7-4`.
pub fn anchor(number: &str) -> String {
    format!("c-{}", number.replace('.', "-"))
}

/// Whether a clause number is `within` another (`5.7.4` is within `5.7` and `5`, not `5.1`).
fn within(number: &str, scope: &str) -> bool {
    number == scope
        || number
            .strip_prefix(scope)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// The clause numbers a framework process names for this standard: `IEC 81001-5-1 5.2,
/// 5.3` gives `5.2` and `5.3`. The numbers run from the standard's name (and its year, if
/// written) to the next `;`, so another standard named after it (`; IEC 62443-4-1 SVV-4`)
/// lends it none.
fn named_clauses<'a>(clause: &'a str, standard: &str) -> Vec<&'a str> {
    let Some(at) = clause.find(standard) else {
        return Vec::new();
    };
    let mut rest = &clause[at + standard.len()..];
    if let Some(after) = rest.strip_prefix(':') {
        rest = after.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let rest = rest.split(';').next().unwrap_or("");
    rest.split(|c: char| c == ',' || c.is_whitespace())
        .map(|part| part.trim_matches(|c: char| matches!(c, '.' | '(' | ')' | '[' | ']')))
        .filter(|part| {
            part.starts_with(|c: char| c.is_ascii_digit())
                && part
                    .split('.')
                    .all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        })
        .collect()
}

/// Whether a citation cites a clause under a key: `81001 5.7.1` in `PMC §V.C; 81001 5.7.1`,
/// not followed by more of a longer number (`5.7.1` is not cited by `5.7.10` or `5.7.1.2`).
fn cites(citation: &str, key: &str, number: &str) -> bool {
    let needle = format!("{key} {number}");
    citation.match_indices(&needle).any(|(at, _)| {
        let mut after = citation[at + needle.len()..].chars();
        match after.next() {
            None => true,
            Some('.') => !after.next().is_some_and(|c| c.is_ascii_digit()),
            Some(c) => !c.is_ascii_alphanumeric(),
        }
    })
}

/// The current artifacts a query finds, each with what of it answers, sorted by ID.
fn run(checked: &Checked, query: Query) -> Vec<(usize, Option<String>)> {
    let graph = &checked.graph;
    let current = |i: &usize| !checked.artifacts[*i].envelope.status.value.is_retired();
    let of = |kind: Kind| graph.of_kind(kind).iter().copied().filter(current);
    let found: Vec<(usize, Option<String>)> = match query {
        Query::Kind(kind) => of(kind).map(|i| (i, None)).collect(),
        Query::Device => checked
            .config
            .manifest
            .device
            .as_ref()
            .and_then(|d| graph.index.get(d.value.trim()).copied())
            .filter(|&i| checked.artifacts[i].kind() == Kind::Device)
            .map(|i| (i, None))
            .into_iter()
            .collect(),
        Query::Plan(plan_type) => of(Kind::Plan)
            .filter(|&i| {
                matches!(&checked.artifacts[i].body, Body::Plan(p) if p.plan_type.value == plan_type)
            })
            .map(|i| (i, None))
            .collect(),
        Query::PlanElement(plan_type, element) => of(Kind::Plan)
            .filter_map(|i| match &checked.artifacts[i].body {
                Body::Plan(p) if p.plan_type.value == plan_type => p
                    .elements
                    .get(element)
                    .map(|section| (i, Some(section.value.trim().to_string()))),
                _ => None,
            })
            .collect(),
        Query::Tests(types) => of(Kind::Test)
            .filter(|&i| {
                matches!(&checked.artifacts[i].body, Body::Test(t) if types.contains(&t.test_type.value))
            })
            .map(|i| (i, None))
            .collect(),
        Query::ReportsOf(types) => {
            let is_of = |t: usize| {
                current(&t)
                    && matches!(&checked.artifacts[t].body, Body::Test(b) if types.contains(&b.test_type.value))
            };
            of(Kind::TestReport)
                .filter(|&r| {
                    graph.targets(r, Relation::ReportTest).any(is_of)
                        || graph.sources(r, Relation::TestReport).any(is_of)
                })
                .map(|i| (i, None))
                .collect()
        }
        Query::TestsNotApplicable(types) => of(Kind::NaJustification)
            .filter(|&i| match &checked.artifacts[i].body {
                Body::NaJustification(n) => {
                    n.subject_type.value == NaSubjectType::TestType
                        && types.iter().any(|t| t.as_str() == n.subject.value.trim())
                }
                _ => false,
            })
            .map(|i| (i, None))
            .collect(),
        Query::View(view_type) => of(Kind::ArchitectureView)
            .filter(|&i| {
                matches!(&checked.artifacts[i].body, Body::ArchitectureView(v) if v.view_type.value == view_type)
            })
            .map(|i| (i, None))
            .collect(),
        Query::Labeling(topics) => of(Kind::LabelingItem)
            .filter(|&i| {
                matches!(&checked.artifacts[i].body, Body::LabelingItem(l) if topics.contains(&l.topic.value))
            })
            .map(|i| (i, None))
            .collect(),
        Query::Controls(categories) => of(Kind::SecurityControl)
            .filter(|&i| {
                matches!(&checked.artifacts[i].body, Body::SecurityControl(c) if categories.contains(&c.category.value))
            })
            .map(|i| (i, None))
            .collect(),
        Query::Communicated => of(Kind::VulnAssessment)
            .filter_map(|i| match &checked.artifacts[i].body {
                Body::VulnAssessment(a) => a.communicated_on.as_ref().map(|on| {
                    let reference = a
                        .communication_ref
                        .as_ref()
                        .map(|r| format!(" ({})", r.value.trim()))
                        .unwrap_or_default();
                    (i, Some(format!("communicated {}{reference}", on.value)))
                }),
                _ => None,
            })
            .collect(),
        Query::FixReleased => of(Kind::VulnAssessment)
            .filter_map(|i| match &checked.artifacts[i].body {
                Body::VulnAssessment(a) => a
                    .fix_released_on
                    .as_ref()
                    .map(|on| (i, Some(format!("fix released {}", on.value)))),
                _ => None,
            })
            .collect(),
    };
    by_id(checked, found)
}

/// The processes of the secure development framework (current `spdf` plans) that name a
/// clause of the standard, or a clause it is within (a process for `5.7` covers `5.7.4`):
/// each plan once, with its processes and their procedures.
fn framework_processes(
    checked: &Checked,
    standard: &Standard,
    number: &str,
) -> Vec<(usize, Option<String>)> {
    let short = standard.name.split(':').next().unwrap_or(standard.name);
    let mut found = Vec::new();
    for &i in checked.graph.of_kind(Kind::Plan) {
        let artifact = &checked.artifacts[i];
        let Body::Plan(plan) = &artifact.body else {
            continue;
        };
        if artifact.envelope.status.value.is_retired() || plan.plan_type.value != PlanType::Spdf {
            continue;
        }
        let processes: Vec<String> = plan
            .processes
            .iter()
            .filter(|p| {
                p.clause.as_ref().is_some_and(|c| {
                    named_clauses(&c.value, short)
                        .iter()
                        .any(|scope| within(number, scope))
                })
            })
            .map(|p| format!("{}, {}", p.process.value.trim(), p.procedure.value.trim()))
            .collect();
        if !processes.is_empty() {
            found.push((i, Some(processes.join("; "))));
        }
    }
    by_id(checked, found)
}

/// Query results in ID order (the artifact's index breaks ties between duplicate IDs).
fn by_id(
    checked: &Checked,
    mut found: Vec<(usize, Option<String>)>,
) -> Vec<(usize, Option<String>)> {
    found.sort_by(|a, b| {
        checked.artifacts[a.0]
            .id()
            .cmp(checked.artifacts[b.0].id())
            .then(a.0.cmp(&b.0))
    });
    found
}

/// Turns query results into a group.
fn group(
    checked: &Checked,
    label: String,
    found: Vec<(usize, Option<String>)>,
    describes: bool,
) -> Group {
    let more = found.len().saturating_sub(ITEMS_PER_GROUP);
    let items = found
        .into_iter()
        .take(ITEMS_PER_GROUP)
        .map(|(index, note)| {
            let a = &checked.artifacts[index];
            Item {
                id: a.id().to_string(),
                title: a.envelope.title.value.clone(),
                kind: a.kind(),
                note,
                index,
            }
        })
        .collect();
    Group {
        label,
        items,
        more,
        describes,
    }
}

/// The rules that check a clause: those it lists, then those whose citation names it
/// (each once, in the registry's order after the listed ones).
fn rules_of(standard: &Standard, clause: &Clause) -> Vec<&'static crate::rules::Rule> {
    let mut rules: Vec<&'static crate::rules::Rule> = clause
        .rules
        .iter()
        .filter_map(|code| crate::rules::find(code))
        .collect();
    if !clause.heading {
        for rule in crate::rules::all() {
            if cites(rule.citation, standard.citation_key, clause.number)
                && !rules.iter().any(|r| r.code == rule.code)
            {
                rules.push(rule);
            }
        }
    }
    rules
}

/// Where a finding is, as `file:line`.
fn location(checked: &Checked, d: &Diagnostic) -> Option<String> {
    let label = d.primary.as_ref()?;
    let file = checked.sources.files.get(label.file)?;
    Some(format!(
        "{}:{}",
        crate::diag::printable(&file.path),
        label.span.line
    ))
}

/// Computes a view of a checked dossier.
pub fn compute(checked: &Checked, view: ConformityView) -> View {
    let standard = standard(view);
    let mut by_code: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in &checked.diagnostics {
        by_code.entry(d.code).or_default().push(d);
    }
    let short = standard.name.split(':').next().unwrap_or(standard.name);
    let rows: Vec<Row> = standard
        .clauses
        .iter()
        .map(|clause| {
            let depth = clause.number.split('.').count();
            if clause.heading {
                return Row {
                    number: clause.number,
                    title: clause.title,
                    verified: !clause.sources.is_empty(),
                    sources: clause.sources,
                    heading: true,
                    depth,
                    anchor: anchor(clause.number),
                    status: None,
                    status_label: None,
                    evidence: Vec::new(),
                    rules: Vec::new(),
                    gaps: Vec::new(),
                    gaps_more: 0,
                    mdcg: clause.mdcg,
                    missing: None,
                };
            }
            let mut evidence = Vec::new();
            let mut recorded = false;
            for e in clause.records {
                let found = run(checked, e.query);
                if !found.is_empty() {
                    recorded = true;
                    evidence.push(group(checked, e.label.to_string(), found, false));
                }
            }
            let mut described = false;
            for e in clause.described_by {
                let found = run(checked, e.query);
                if !found.is_empty() {
                    described = true;
                    evidence.push(group(checked, e.label.to_string(), found, true));
                }
            }
            let processes = framework_processes(checked, standard, clause.number);
            if !processes.is_empty() {
                described = true;
                evidence.push(group(
                    checked,
                    "Framework process".to_string(),
                    processes,
                    true,
                ));
            }
            let rules = rules_of(standard, clause);
            let mut refs = Vec::new();
            let mut open: Vec<&Diagnostic> = Vec::new();
            for rule in &rules {
                let findings = by_code.get(rule.code).map(Vec::as_slice).unwrap_or(&[]);
                let count = |s: Severity| {
                    findings
                        .iter()
                        .filter(|d| d.deviation.is_none() && d.severity == s)
                        .count()
                };
                refs.push(RuleRef {
                    code: rule.code,
                    name: rule.name,
                    severity: checked.config.severity_of(rule.code, rule.severity),
                    applies: rule.applies_to(checked.config.profile),
                    errors: count(Severity::Error),
                    warnings: count(Severity::Warning),
                    notes: count(Severity::Info),
                    waived: findings.iter().filter(|d| d.deviation.is_some()).count(),
                });
                open.extend(findings.iter().filter(|d| d.deviation.is_none()));
            }
            // Errors first, then warnings, then notes; in the check's stable order within.
            open.sort_by_key(|d| std::cmp::Reverse(d.severity));
            let errors = open.iter().any(|d| d.severity == Severity::Error);
            let status = if errors {
                Status::Gaps
            } else if recorded {
                Status::Evidenced
            } else if described {
                Status::Described
            } else {
                Status::Missing
            };
            let missing = (!recorded && !described).then(|| {
                let mut wanted: Vec<&str> = clause
                    .records
                    .iter()
                    .chain(clause.described_by)
                    .map(|e| e.label)
                    .collect();
                wanted.dedup();
                let framework = format!(
                    "name {short} {} in the clause of a process of the secure product development framework (plan type spdf)",
                    clause.number
                );
                if wanted.is_empty() {
                    format!("Not evidenced by the dossier: a process the dossier can only describe; {framework}.")
                } else {
                    format!("No evidence. Add: {}; or {framework}.", wanted.join(", "))
                }
            });
            let gaps_more = open.len().saturating_sub(GAPS_PER_ROW);
            let gaps = open
                .iter()
                .take(GAPS_PER_ROW)
                .map(|d| Gap {
                    code: d.code,
                    severity: d.severity,
                    message: d.message.clone(),
                    artifact: d.artifact.clone(),
                    location: location(checked, d),
                })
                .collect();
            Row {
                number: clause.number,
                title: clause.title,
                verified: !clause.sources.is_empty(),
                sources: clause.sources,
                heading: false,
                depth,
                anchor: anchor(clause.number),
                status: Some(status),
                status_label: Some(status.label()),
                evidence,
                rules: refs,
                gaps,
                gaps_more,
                mdcg: clause.mdcg,
                missing,
            }
        })
        .collect();
    let counts = |statuses: &mut dyn Iterator<Item = Status>, keep_empty: bool| {
        let mut n: BTreeMap<Status, usize> = BTreeMap::new();
        for s in statuses {
            *n.entry(s).or_default() += 1;
        }
        Status::ALL
            .iter()
            .map(|&status| StatusCount {
                status,
                label: status.label(),
                count: n.get(&status).copied().unwrap_or(0),
            })
            .filter(|c| keep_empty || c.count > 0)
            .collect::<Vec<_>>()
    };
    let summary = Summary {
        clauses: rows.iter().filter(|r| !r.heading).count(),
        statuses: counts(&mut rows.iter().filter_map(|r| r.status), true),
        unverified: rows.iter().filter(|r| !r.verified).count(),
    };
    let mdcg = mdcg::SECTIONS
        .iter()
        .map(|s| {
            let clauses: Vec<ClauseRef> = rows
                .iter()
                .filter(|r| r.mdcg.contains(&s.section))
                .map(|r| ClauseRef {
                    number: r.number,
                    anchor: r.anchor.clone(),
                    status: r.status,
                })
                .collect();
            MdcgRow {
                section: s.section,
                title: s.title,
                mdr: s.mdr,
                technical_documentation: s.technical_documentation,
                statuses: counts(&mut clauses.iter().filter_map(|c| c.status), false),
                clauses,
            }
        })
        .collect();
    View {
        key: view.as_str(),
        standard: standard.name,
        standard_title: standard.title,
        rows,
        summary,
        mdcg,
        sources: standard.sources,
        mdcg_source: mdcg::SOURCE,
    }
}

/// The clause table as the book prints it (generated, so the book cannot drift from the
/// data): each clause with its title (marked when unverified), the evidence it looks for,
/// the rules that check it and the MDCG 2019-16 sections it serves.
pub fn markdown_table(
    standard: &Standard,
    rule_link: impl Fn(&crate::rules::Rule) -> String,
) -> String {
    let cell = |text: String| text.replace('|', "\\|");
    let mut out = String::from(
        "| Clause | Short title | Evidence looked for | Rules | MDCG 2019-16 |\n|---|---|---|---|---|\n",
    );
    for clause in standard.clauses {
        let unverified = if clause.sources.is_empty() {
            " (**unverified**)"
        } else {
            ""
        };
        if clause.heading {
            out.push_str(&format!(
                "| **{}** | **{}**{unverified} | | | |\n",
                clause.number,
                cell(clause.title.to_string())
            ));
            continue;
        }
        let title = format!("{}{unverified}", clause.title);
        let mut evidence: Vec<String> =
            clause.records.iter().map(|e| e.label.to_string()).collect();
        evidence.extend(
            clause
                .described_by
                .iter()
                .map(|e| format!("describes: {}", e.label)),
        );
        if evidence.is_empty() {
            // Every clause also takes the framework's processes that name it; for these,
            // that is all the dossier can hold.
            evidence.push("describes: framework processes naming it".to_string());
        }
        let rules: Vec<String> = rules_of(standard, clause)
            .iter()
            .map(|r| rule_link(r))
            .collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            clause.number,
            cell(title),
            cell(evidence.join("; ")),
            if rules.is_empty() {
                "—".to_string()
            } else {
                rules.join(", ")
            },
            clause.mdcg.join(", ")
        ));
    }
    out
}

/// The MDCG 2019-16 cross-reference as the book prints it.
pub fn mdcg_markdown_table(standard: &Standard) -> String {
    let mut out = String::from(
        "| Section | MDCG 2019-16 title | MDR | Technical documentation | Clauses |\n|---|---|---|---|---|\n",
    );
    for s in mdcg::SECTIONS {
        let clauses: Vec<&str> = standard
            .clauses
            .iter()
            .filter(|c| c.mdcg.contains(&s.section))
            .map(|c| c.number)
            .collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            s.section,
            s.title,
            s.mdr,
            s.technical_documentation,
            clauses.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_numbers_nest_on_dots() {
        assert!(within("5.7.4", "5.7"));
        assert!(within("5.7.4", "5"));
        assert!(within("5.7", "5.7"));
        assert!(!within("5.7.4", "5.1"));
        assert!(!within("5.10", "5.1"));
    }

    #[test]
    fn framework_clauses_are_read_from_the_standard_named() {
        assert_eq!(
            named_clauses("IEC 81001-5-1 5.2, 5.3", "IEC 81001-5-1"),
            ["5.2", "5.3"]
        );
        assert_eq!(
            named_clauses("IEC 81001-5-1 6, 9", "IEC 81001-5-1"),
            ["6", "9"]
        );
        assert_eq!(named_clauses("IEC 81001-5-1 7", "IEC 81001-5-1"), ["7"]);
        assert!(named_clauses("IEC 62443-4-1 SVV-1", "IEC 81001-5-1").is_empty());
        assert_eq!(
            named_clauses("IEC 81001-5-1 clause 5.7.4.", "IEC 81001-5-1"),
            ["5.7.4"]
        );
        assert_eq!(
            named_clauses(
                "IEC 81001-5-1:2021 5.7; IEC 62443-4-1 SVV-4",
                "IEC 81001-5-1"
            ),
            ["5.7"]
        );
    }

    #[test]
    fn citations_name_whole_clause_numbers() {
        assert!(cites(
            "PMC §V.C; 81001 5.7.1; 62443 SVV-1",
            "81001",
            "5.7.1"
        ));
        assert!(!cites("PMC §V.C; 81001 5.7.10", "81001", "5.7.1"));
        assert!(!cites("PMC §V.C; 81001 5.7.1", "81001", "5.7"));
        assert!(cites("81001 5.7", "81001", "5.7"));
        assert!(!cites("IEC 81001-5-1", "81001", "5"));
        assert!(cites("81001 5.7.1.", "81001", "5.7.1"));
        assert!(!cites("81001 5.7.1.2", "81001", "5.7.1"));
    }
}
