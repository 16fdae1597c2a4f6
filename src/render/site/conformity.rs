//! The conformity views' pages (`conformity/<view>.html`): the same rows as the view's PDF,
//! with every evidence ID linked to its artifact page, every rule to its entry in the rule
//! catalogue and every open finding to the gap report.

use serde::Serialize;

use super::names::PageNames;
use crate::Checked;
use crate::config::ConformityView;
use crate::conformity::{self, MdcgRow, RuleRef, Source, StatusCount};

/// Where a view's page is, relative to the site's root.
pub fn page_path(view: ConformityView) -> String {
    format!("conformity/{}.html", view.as_str())
}

/// A view in the site's navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavEntry {
    /// Its page, relative to the site's root.
    pub url: String,
    /// Its name, for example `IEC 81001-5-1`.
    pub title: String,
}

/// The views the manifest asks for, for the navigation and the home page.
pub fn nav(checked: &Checked) -> Vec<NavEntry> {
    checked
        .config
        .conformity
        .iter()
        .map(|&view| NavEntry {
            url: page_path(view),
            title: conformity::standard(view)
                .name
                .split(':')
                .next()
                .unwrap_or_default()
                .to_string(),
        })
        .collect()
}

/// A view's page (`conformity.html`): the template's contract.
#[derive(Serialize)]
pub struct ConformityPage {
    title: String,
    standard: &'static str,
    standard_title: &'static str,
    rows: Vec<PageRow>,
    clauses: usize,
    statuses: Vec<StatusCount>,
    unverified: usize,
    mdcg: Vec<MdcgRow>,
    sources: &'static [Source],
    mdcg_source: Source,
}

/// A clause on the page.
#[derive(Serialize)]
struct PageRow {
    number: &'static str,
    title: &'static str,
    verified: bool,
    heading: bool,
    anchor: String,
    status: Option<conformity::Status>,
    status_label: Option<&'static str>,
    evidence: Vec<PageGroup>,
    rules: Vec<RuleRef>,
    gaps: Vec<PageGap>,
    gaps_more: usize,
    mdcg: &'static [&'static str],
    missing: Option<String>,
}

/// An evidence group, each artifact linked.
#[derive(Serialize)]
struct PageGroup {
    label: String,
    items: Vec<PageItem>,
    more: usize,
    describes: bool,
}

/// An artifact named as evidence.
#[derive(Serialize)]
struct PageItem {
    id: String,
    title: String,
    note: Option<String>,
    url: String,
}

/// An open finding, linked to its artifact's page when there is one.
#[derive(Serialize)]
struct PageGap {
    code: &'static str,
    severity: crate::diag::Severity,
    message: String,
    artifact: Option<String>,
    artifact_url: Option<String>,
    location: Option<String>,
}

/// The context of a view's page; links are relative to `conformity/`.
pub fn page(checked: &Checked, names: &PageNames, view: ConformityView) -> ConformityPage {
    let root = "../";
    let computed = conformity::compute(checked, view);
    let rows = computed
        .rows
        .into_iter()
        .map(|r| PageRow {
            number: r.number,
            title: r.title,
            verified: r.verified,
            heading: r.heading,
            anchor: r.anchor,
            status: r.status,
            status_label: r.status_label,
            evidence: r
                .evidence
                .into_iter()
                .map(|g| PageGroup {
                    label: g.label,
                    items: g
                        .items
                        .into_iter()
                        .map(|i| PageItem {
                            url: format!("{root}{}", names.by_index[i.index]),
                            id: i.id,
                            title: i.title,
                            note: i.note,
                        })
                        .collect(),
                    more: g.more,
                    describes: g.describes,
                })
                .collect(),
            rules: r.rules,
            gaps: r
                .gaps
                .into_iter()
                .map(|g| PageGap {
                    artifact_url: g
                        .artifact
                        .as_deref()
                        .and_then(|id| names.by_id.get(id))
                        .map(|p| format!("{root}{p}")),
                    code: g.code,
                    severity: g.severity,
                    message: g.message,
                    artifact: g.artifact,
                    location: g.location,
                })
                .collect(),
            gaps_more: r.gaps_more,
            mdcg: r.mdcg,
            missing: r.missing,
        })
        .collect();
    ConformityPage {
        title: format!("{} conformity view", computed.standard),
        standard: computed.standard,
        standard_title: computed.standard_title,
        rows,
        clauses: computed.summary.clauses,
        statuses: computed.summary.statuses,
        unverified: computed.summary.unverified,
        mdcg: computed.mdcg,
        sources: computed.sources,
        mdcg_source: computed.mdcg_source,
    }
}
