//! The check stage: rules read the graph and the configuration and emit findings.
//!
//! Each rule lives in its own file, in a folder per family, declared with [`declare_rule!`]:
//! its doc comment is the explanation `dossier explain` prints. The registry in
//! [`registry`] lists every code in order. Rules do no IO and never panic on a partial
//! model: a missing field is something to report, not to assume.

mod anom;
mod arch;
mod chg;
mod ctrl;
mod date;
mod doc;
mod engine;
mod input;
mod lbl;
mod manifest;
pub(crate) mod message;
mod met;
mod plan;
mod pred;
mod registry;
mod relsys;
mod req;
mod risk;
mod safe;
mod sbom;
mod sbom_eos;
mod scope;
mod sign;
mod testing;
mod tm;
mod trace;
mod vuln;

pub use engine::{Emitter, RuleCtx, apply_waivers, run};
pub use manifest::resolve_manifest_codes;
pub(crate) use message::messages;
pub use message::{MessageTemplate, RuleMessage};
pub use registry::{all, find};

use crate::config::Profile;
use crate::diag::Severity;

/// Every profile: rules that apply to any submission.
pub const ALL_PROFILES: &[Profile] = &[Profile::Full, Profile::Modification, Profile::Ide];
/// Only the full premarket submission.
pub const FULL: &[Profile] = &[Profile::Full];
/// The full submission and a low-impact modification (PMC §VII.D.2).
pub const FULL_AND_MODIFICATION: &[Profile] = &[Profile::Full, Profile::Modification];
/// The full submission and an IDE (PMC App. 3).
pub const FULL_AND_IDE: &[Profile] = &[Profile::Full, Profile::Ide];

/// How a rule produces its findings.
#[derive(Clone, Copy)]
pub enum Check {
    /// A check over the graph.
    Graph(fn(&RuleCtx, &mut Emitter)),
    /// Findings produced by a pipeline stage (parsing, configuration, waivers); the rule
    /// exists so that its code can be explained, listed and configured.
    Stage,
}

/// A rule: its metadata, its explanation and its check.
pub struct Rule {
    /// Stable code, for example `TRACE-001`.
    pub code: &'static str,
    /// Kebab-case name of the defect.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Citation keys and clauses (`rules.md` §0).
    pub citation: &'static str,
    /// One line: what to do.
    pub fix_hint: &'static str,
    /// The rule's doc comment, in Markdown.
    pub explanation: &'static str,
    /// The check.
    pub check: Check,
    /// The submission profiles the rule applies to.
    pub profiles: &'static [Profile],
    /// Where the rule is in its life: stable, or preview (its wording and edge cases may
    /// still change; it runs and reports like any other).
    pub status: RuleStatus,
    /// The `dossier` version the rule was added in.
    pub since: &'static str,
    /// The tables of messages the rule gives (its own, and a family's shared check's).
    pub messages: &'static [&'static [MessageTemplate]],
    /// Source file of the declaration.
    pub file: &'static str,
    /// Source line of the declaration.
    pub line: u32,
}

impl Rule {
    /// Whether the rule applies to a profile.
    pub fn applies_to(&self, profile: Profile) -> bool {
        self.profiles.contains(&profile)
    }

    /// The family prefix: everything before the last `-`.
    pub fn family(&self) -> &'static str {
        crate::diag::view::family(self.code)
    }

    /// The first paragraph of "What it checks", for tables.
    pub fn summary(&self) -> String {
        let text = self.explanation_text();
        let mut lines = text
            .lines()
            .skip_while(|l| !l.starts_with("## What it checks"))
            .skip(1);
        let mut summary = String::new();
        for line in lines.by_ref() {
            let line = line.trim();
            if line.is_empty() && !summary.is_empty() {
                break;
            }
            if line.starts_with("##") {
                break;
            }
            if !line.is_empty() {
                if !summary.is_empty() {
                    summary.push(' ');
                }
                summary.push_str(line);
            }
        }
        summary
    }

    /// Every message the rule can give, in declaration order.
    pub fn message_templates(&self) -> impl Iterator<Item = &'static MessageTemplate> {
        self.messages.iter().flat_map(|table| table.iter())
    }

    /// The "Messages" section of the rule's page: each finding's text as declared, fields in
    /// braces, with its help; empty for a rule whose findings come from a pipeline stage.
    pub fn messages_markdown(&self) -> String {
        let (notes, findings): (Vec<&MessageTemplate>, Vec<&MessageTemplate>) =
            self.message_templates().partition(|t| t.note);
        if findings.is_empty() {
            return String::new();
        }
        let mut out = String::from(
            "## Messages\nThe findings it gives, word for word (a name in braces is filled in):\n\n",
        );
        for template in findings {
            out.push_str(&format!("- {}", code_span(&unescape(template.text))));
            if let Some(help) = template.help {
                out.push_str(&format!("  \n  help: {}", unescape(help)));
            }
            out.push('\n');
        }
        if !notes.is_empty() {
            out.push_str("\nNotes it adds at related places:\n\n");
            for template in notes {
                out.push_str(&format!("- {}\n", code_span(&unescape(template.text))));
            }
        }
        out
    }

    /// The explanation with the doc comment's leading space removed from each line.
    pub fn explanation_text(&self) -> String {
        let mut out = String::new();
        for line in self.explanation.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_string() + "\n"
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("code", &self.code).finish()
    }
}

/// A template as printed: `{{` and `}}` are literal braces.
fn unescape(template: &str) -> String {
    template.replace("{{", "{").replace("}}", "}")
}

/// Markdown inline code for a text that may itself hold backticks: fenced with two
/// backticks (and spaces) when it does.
fn code_span(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// Declares a rule; the doc comment becomes its explanation.
/// Where a rule is in its life. A rule that is retired is no longer a [`Rule`]: it is in
/// [`RETIRED`], with the rules that took its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleStatus {
    /// Settled: its code, name, severity and meaning change only with a new rule.
    Stable,
    /// New: it runs and reports like any other, but its wording and edge cases may still
    /// change in the next versions.
    Preview,
}

impl RuleStatus {
    /// The word shown in catalogues.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleStatus::Stable => "stable",
            RuleStatus::Preview => "preview",
        }
    }
}

/// A rule that no longer runs. Its code is never given to another rule (rules.md §0);
/// `explain` and the manifest's waivers and overrides that name it point to its successors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retired {
    /// The code it had.
    pub code: &'static str,
    /// The name it had.
    pub name: &'static str,
    /// The version it was added in.
    pub since: &'static str,
    /// The version it was retired in.
    pub retired_in: &'static str,
    /// The rules that check what it checked, if any.
    pub redirect: &'static [&'static str],
    /// Why it was retired.
    pub reason: &'static str,
}

/// The retired rules. None yet: every rule shipped so far still runs.
pub static RETIRED: &[Retired] = &[];

/// A retired rule by code or name, in a table of retired rules.
pub fn find_retired<'a>(table: &'a [Retired], code: &str) -> Option<&'a Retired> {
    let code = code.trim();
    table
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code) || r.name.eq_ignore_ascii_case(code))
}

impl Retired {
    /// What to tell someone who names this rule.
    pub fn notice(&self) -> String {
        let instead = if self.redirect.is_empty() {
            "no rule replaces it".to_string()
        } else {
            format!("use {} instead", self.redirect.join(", "))
        };
        format!(
            "{} ({}) was retired in dossier {} (added in {}): {}; {instead}",
            self.code, self.name, self.retired_in, self.since, self.reason
        )
    }
}

macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub static $name:ident = {
            code: $code:literal,
            name: $rname:literal,
            severity: $sev:ident,
            citation: $cit:literal,
            fix_hint: $fix:literal,
            check: $check:expr,
            profiles: $profiles:expr,
            status: $status:ident,
            since: $since:literal,
            messages: [$($messages:path),* $(,)?] $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub static $name: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            name: $rname,
            severity: $crate::diag::Severity::$sev,
            citation: $cit,
            fix_hint: $fix,
            explanation: concat!($($doc, "\n"),*),
            check: $check,
            profiles: $profiles,
            status: $crate::rules::RuleStatus::$status,
            since: $since,
            messages: &[$($messages),*],
            file: file!(),
            line: line!(),
        };
    };
}
pub(crate) use declare_rule;

/// The Markdown table of every rule, as `dossier rules --format markdown` prints it.
pub fn markdown_table() -> String {
    markdown_table_with(|rule| rule.code.to_string())
}

/// The Markdown table of every rule, with the code cell written by `code` (the book links
/// each code to the rule's page).
pub fn markdown_table_with(code: impl Fn(&Rule) -> String) -> String {
    let mut out = String::from(
        "| Code | Name | Severity | Status | Citation | What it checks |\n|---|---|---|---|---|---|\n",
    );
    for rule in all() {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} | {} |\n",
            code(rule),
            rule.name,
            rule.severity,
            rule.status.as_str(),
            rule.citation.replace('|', "\\|"),
            rule.summary().replace('|', "\\|")
        ));
    }
    out
}
