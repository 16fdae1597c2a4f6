//! `dossier rules` and `dossier explain`: the catalogue, from the rules' own metadata.

use serde_json::json;

use crate::Fatal;
use crate::config::Profile;
use crate::parse::suggest;
use crate::rules::{Rule, all, find};

use super::EXIT_OK;

/// Output format of the catalogue commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CatalogFormat {
    /// Plain text.
    Text,
    /// JSON.
    Json,
    /// A Markdown table (`rules` only; `explain` prints Markdown already).
    Markdown,
}

/// Arguments of `rules`.
#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = CatalogFormat::Text)]
    pub format: CatalogFormat,
    /// Show only the rules that apply to a submission profile.
    #[arg(long, value_enum)]
    pub profile: Option<Profile>,
}

/// Arguments of `explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The rule code, for example TRACE-001.
    #[arg(required_unless_present = "all")]
    pub code: Option<String>,
    /// Explain every rule.
    #[arg(long)]
    pub all: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CatalogFormat::Text)]
    pub format: CatalogFormat,
}

/// The JSON description of a rule.
pub fn rule_json(rule: &Rule) -> serde_json::Value {
    json!({
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity,
        "citation": rule.citation,
        "fix_hint": rule.fix_hint,
        "summary": rule.summary(),
        "profiles": rule.profiles.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
        "explanation": rule.explanation_text(),
    })
}

/// The text table of some rules.
pub fn rules_table(rules: &[&Rule]) -> String {
    let mut out = String::new();
    let row = |code: &str, sev: &str, name: &str, profiles: &str, citation: &str| {
        format!("{code:<13} {sev:<8} {name:<30} {profiles:<24} {citation}\n")
    };
    out.push_str(&row("CODE", "SEVERITY", "NAME", "PROFILES", "CITATION"));
    for rule in rules {
        let profiles: Vec<&str> = rule.profiles.iter().map(|p| p.as_str()).collect();
        out.push_str(&row(
            rule.code,
            rule.severity.as_str(),
            rule.name,
            &profiles.join(","),
            rule.citation,
        ));
    }
    out.push_str("\n`dossier explain CODE` says what a rule checks, why, and how to fix it.\n");
    out
}

/// The text explanation of a rule.
pub fn explanation(rule: &Rule) -> String {
    format!(
        "{} {} ({})\ncites: {}\nfix: {}\n\n{}",
        rule.code,
        rule.name,
        rule.severity,
        rule.citation,
        rule.fix_hint,
        rule.explanation_text()
    )
}

/// Runs `rules`.
pub fn run_rules(args: RulesArgs) -> Result<u8, Fatal> {
    let rules: Vec<&Rule> = all()
        .iter()
        .copied()
        .filter(|r| args.profile.is_none_or(|p| r.applies_to(p)))
        .collect();
    match args.format {
        CatalogFormat::Text => print!("{}", rules_table(&rules)),
        CatalogFormat::Markdown => print!("{}", crate::rules::markdown_table()),
        CatalogFormat::Json => {
            let list: Vec<_> = rules.iter().map(|r| rule_json(r)).collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            );
        }
    }
    Ok(EXIT_OK)
}

/// Runs `explain`.
pub fn run_explain(args: ExplainArgs) -> Result<u8, Fatal> {
    let rules: Vec<&Rule> = if args.all {
        all().to_vec()
    } else {
        let code = args.code.unwrap_or_default();
        match find(&code) {
            Some(rule) => vec![rule],
            None => {
                let codes = all().iter().map(|r| r.code);
                let hint = match suggest(&code, codes) {
                    Some(best) => format!("; did you mean {best}?"),
                    None => String::new(),
                };
                return Err(Fatal::new(format!(
                    "no rule {code}{hint} (`dossier rules` lists them all)"
                )));
            }
        }
    };
    match args.format {
        CatalogFormat::Text | CatalogFormat::Markdown => {
            let texts: Vec<String> = rules.iter().map(|r| explanation(r)).collect();
            print!("{}", texts.join("\n"));
        }
        CatalogFormat::Json => {
            let list: Vec<_> = rules.iter().map(|r| rule_json(r)).collect();
            let value = if list.len() == 1 && !args.all {
                list[0].clone()
            } else {
                json!(list)
            };
            println!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
        }
    }
    Ok(EXIT_OK)
}
